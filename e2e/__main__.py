"""Runs every end-to-end test (`python3 -m e2e [-k PATTERN]`) and closes with one 'e2e: N passed, N failed, N skipped' line."""

import sys
import unittest

from e2e import support


def tests_under(test_ids, stand_in):
    """The ids of the tests under what unittest's stand-in names: `setUpClass (module.Class)`,
    `setUpModule (module)`."""
    name = stand_in[stand_in.find("(") + 1:stand_in.rfind(")")]
    return {test_id for test_id in test_ids if test_id.startswith(name + ".")}


def flatten(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from flatten(test)
        else:
            yield test


def main(argv):
    loader = unittest.TestLoader()
    if len(argv) >= 2 and argv[0] == "-k":
        loader.testNamePatterns = ["*" + argv[1] + "*"]
    suite = loader.discover(start_dir=support.REPO + "/e2e", top_level_dir=support.REPO)
    test_ids = [test.id() for test in flatten(suite)]  # the runner empties the suite as it goes
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    # A failed setUpModule/setUpClass is reported as an error of a stand-in that is no TestCase
    # and ran no test: it is counted apart, so that the tests' figures stay true.
    set_up_failed = [test.id() for test, _ in result.errors if not isinstance(test, unittest.TestCase)]
    # A test counts once, however many of its subtests failed.
    failed = {getattr(test, "test_case", test).id() for test, _ in result.failures + result.errors
              if isinstance(getattr(test, "test_case", test), unittest.TestCase)}
    failed |= {test.id() for test in result.unexpectedSuccesses}
    skipped_run = {getattr(test, "test_case", test).id() for test, _ in result.skipped
                   if isinstance(getattr(test, "test_case", test), unittest.TestCase)} - failed
    passed = result.testsRun - len(failed) - len(skipped_run)
    # A class or module skipped in its set-up ran none of its tests: each of them counts as skipped.
    skipped = skipped_run.union(*(tests_under(test_ids, str(test)) for test, _ in result.skipped
                                  if not isinstance(test, unittest.TestCase)))
    if failed or set_up_failed:
        support.print_kernel_logs()
    summary = f"e2e: {passed} passed, {len(failed)} failed, {len(skipped)} skipped"
    if set_up_failed:
        summary += f"; set-up failed: {', '.join(set_up_failed)}"
    print(summary, flush=True)
    if result.testsRun == 0:
        print("e2e: no test ran", file=sys.stderr)
        return 1
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
