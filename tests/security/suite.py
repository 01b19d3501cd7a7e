#!/usr/bin/env python3
"""suite.py MODULE...: runs the named tests/integration modules (e.g. test_fixation) against
the stack named by the ZIKAO_* environment, counted as tests/integration/run.py counts
(every error, skip or unexpected outcome fails), and prints each failure's details and,
last, "integration: N passed, M failed". Trusts: the test modules.
"""
import os
import sys
import time
import unittest

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration")
sys.path.insert(0, HERE)
import run  # noqa: E402  tests/integration/run.py: its Result

started = time.monotonic()
result = run.Result()
try:
    unittest.defaultTestLoader.loadTestsFromNames(sys.argv[1:]).run(result)
except Exception as e:  # a module that does not import is one failure
    print("ERROR loading %s: %s" % (" ".join(sys.argv[1:]), e))
    result.failed += 1
for kind, name, detail in result.reports:
    print("%s: %s\n%s" % (kind, name, detail.rstrip()))
print("ran in %.1fs" % (time.monotonic() - started))
print("integration: %d passed, %d failed" % (result.passed, result.failed), flush=True)
sys.exit(0 if result.failed == 0 else 1)
