#!/usr/bin/env python3
"""Runs every tests/integration/test_*.py with unittest against the stack named by the
ZIKAO_* environment variables (see tests/run.sh), prints one line per test and, as the
very last line, "integration: N passed, M failed".

Errors, failures, skips, expected failures and unexpected successes all count as failed:
a test either passes or fails.
"""
import os
import sys
import time
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


class Result(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.passed = 0
        self.failed = 0
        self.reports = []
        self._started = {}
        self._counted_failed = set()  # ids of tests already counted as failed

    def startTest(self, test):
        super().startTest(test)
        self._started[test.id()] = time.monotonic()

    def _elapsed(self, test):
        t0 = self._started.get(test.id())
        return "" if t0 is None else " (%.2fs)" % (time.monotonic() - t0)

    def _fail(self, test, kind, detail, name=None):
        self.reports.append((kind, name or str(test), detail))
        if test.id() in self._counted_failed:
            return  # already counted as failed, by a failing subtest
        self._counted_failed.add(test.id())
        self.failed += 1
        print("%-5s %s%s" % (kind, test.id(), self._elapsed(test)), flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1
        print("ok    %s%s" % (test.id(), self._elapsed(test)), flush=True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, "FAIL", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, "ERROR", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._fail(test, "SKIP", "skipped tests are not allowed: %s" % reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._fail(test, "XFAIL", "expected failures are not allowed\n" + self._exc_info_to_string(err, test))

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._fail(test, "XPASS", "unexpected success")

    def addSubTest(self, test, subtest, err):
        # unittest reports a test with a failing subtest neither as success nor as
        # failure: it counts here, once per test, however many of its subtests fail.
        super().addSubTest(test, subtest, err)
        if err is None:
            return
        kind = "FAIL" if issubclass(err[0], test.failureException) else "ERROR"
        self._fail(test, kind, self._exc_info_to_string(err, test), name=str(subtest))


def main():
    start = time.monotonic()
    result = Result()
    try:
        sys.path.insert(0, HERE)
        suite = unittest.TestLoader().discover(start_dir=HERE, pattern="test_*.py", top_level_dir=HERE)
        suite.run(result)
    except Exception:
        traceback.print_exc()
        result.failed += 1

    if result.reports:
        print()
        print("=" * 70)
        for kind, name, detail in result.reports:
            print("%s: %s" % (kind, name))
            print("-" * 70)
            print(detail.rstrip())
            print("=" * 70)
    print("ran in %.1fs" % (time.monotonic() - start))
    print("integration: %d passed, %d failed" % (result.passed, result.failed), flush=True)
    return 0 if result.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
