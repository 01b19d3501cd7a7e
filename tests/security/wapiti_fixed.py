#!/usr/bin/python3
"""wapiti_fixed.py ARGS...: Debian 12's wapiti 3.0.4 with one fix, run exactly as `wapiti ARGS`.
Its crawler compiles each -x pattern with the flags at the end (r"\\Z(?ms)"), which Python
3.11 rejects (re.error: global flags not at the start), so any -x crashes it before the
scan. This puts the flags first; the patterns mean the same.
Trusts: the installed wapitiCore (the Debian package wapiti).
"""
import re
import sys

import wapitiCore.net.crawler as crawler


def wildcard_translate(pattern):
    """A wildcard pattern (only * is special) as a regular expression, matching whole URLs."""
    return re.compile("(?ms)" + ".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")


crawler.wildcard_translate = wildcard_translate

from wapitiCore.main.wapiti import wapiti_main  # noqa: E402  (after the fix)

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
