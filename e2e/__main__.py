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
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print(f"e2e: {passed} passed, {failed} failed, {skipped} skipped", flush=True)
    if result.testsRun == 0:
        print("e2e: no test ran", file=sys.stderr)
        return 1
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
