"""Runs every end-to-end test (`python3 -m e2e [-k PATTERN]`) and closes with one 'e2e: N passed, N failed, N skipped' line."""

import sys
import unittest

from e2e import support


def main(argv):
    loader = unittest.TestLoader()
    if len(argv) >= 2 and argv[0] == "-k":
        loader.testNamePatterns = ["*" + argv[1] + "*"]
    suite = loader.discover(start_dir=support.REPO + "/e2e", top_level_dir=support.REPO)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    # A test counts once, however many of its subtests failed.
    failed = {getattr(test, "test_case", test).id() for test, _ in result.failures + result.errors}
    failed |= {test.id() for test in result.unexpectedSuccesses}
    skipped = {getattr(test, "test_case", test).id() for test, _ in result.skipped} - failed
    passed = result.testsRun - len(failed) - len(skipped)
    if failed:
        support.print_kernel_logs()
    print(f"e2e: {passed} passed, {len(failed)} failed, {len(skipped)} skipped", flush=True)
    if result.testsRun == 0:
        print("e2e: no test ran", file=sys.stderr)
        return 1
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
