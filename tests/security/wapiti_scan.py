#!/usr/bin/env python3
"""wapiti_scan.py REPORT PROXY_URL SECONDS: wapiti 3.0.4 (its default modules, through
wapiti_fixed.py) logged in as the examinee 张三 and as the clerk xiaodian, each for at most
SECONDS, through the proxy (proxy.py), the logout URLs excluded. Its JSON reports go to
REPORT/wapiti/WHO.json, its output to REPORT/wapiti/WHO.log.

Every vulnerability and every anomaly of a report (wapiti's anomalies are the answers 500
and the timeouts) is a finding, except the checks listed in ACCEPTED with their reason
(printed, not counted): what a plain-HTTP test stack lacks by design, and an obsolete header. Prints each finding and, last, "wapiti: N findings".

Trusts: the JSON wapiti writes.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import zkclient as z  # noqa: E402
import targets as tg  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
USERS = (("examinee", "/"), ("xiaodian", "/admin"))
# wapiti's http_headers checks that are not faults of the system, with the reason.
ACCEPTED = {
    "X-XSS-Protection is not set":
        "obsolete header (browsers removed the XSS auditor; \"1\" can itself leak), the strict "
        "Content-Security-Policy of nginx/security-headers.conf is the protection",
    "Strict-Transport-Security is not set":
        "the test stack serves plain HTTP; production's TLS server blocks include "
        "nginx/security-headers-tls.conf (HSTS)",
    "Secure flag is not set in the cookie":
        "the test stack serves plain HTTP (secure_cookies = false); production's configuration "
        "(systemd/install.sh) has secure_cookies = true, which adds Secure to every cookie",
}


def accepted_reason(info):
    for start, reason in ACCEPTED.items():
        if (info or "").startswith(start):
            return reason
    return None


def scan(who, start, report, proxy, seconds):
    client = tg.login(who)
    cookie = "; ".join("%s=%s" % kv for kv in client.cookies.items())
    out = os.path.join(report, "wapiti")
    os.makedirs(out, exist_ok=True)
    base = z.BASE_URL + "/"
    cmd = ["/usr/bin/python3", os.path.join(HERE, "wapiti_fixed.py"), "-u", base, "--scope", "folder",
           "-s", z.BASE_URL + start, "-H", "Cookie: " + cookie, "-H", "X-Scan-Target: wapiti-" + who,
           "-p", proxy, "-x", base + "logout", "-x", base + "admin/logout", "--flush-session",
           "--store-session", os.path.join(out, "session-" + who),
           # 3.0.4's --max-scan-time bounds the crawl only: a quarter for it, the rest shared
           # by the attack modules (8 of the default ones send requests).
           "--max-scan-time", str(seconds // 4), "--max-attack-time", str(seconds * 3 // 4 // 8),
           "-f", "json", "-o", os.path.join(out, who + ".json"), "--no-bugreport", "-v", "1"]
    started = time.monotonic()
    with open(os.path.join(out, who + ".log"), "w", encoding="utf-8") as log:
        status = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL).returncode
    return status, os.path.join(out, who + ".json"), time.monotonic() - started


def findings_of(path):
    """(counted, accepted): lists of "category: method path parameter: info" of a report."""
    counted, accepted = [], []
    data = json.load(open(path, encoding="utf-8"))
    for section in ("vulnerabilities", "anomalies"):
        for category, items in (data.get(section) or {}).items():
            for item in items:
                line = "%s %s: %s %s %s: %s" % ("anomaly" if section == "anomalies" else "vulnerability",
                                                category, item.get("method"), item.get("path"),
                                                item.get("parameter") or "-", item.get("info"))
                reason = accepted_reason(item.get("info")) if section == "vulnerabilities" else None
                if reason:
                    accepted.append("%s (accepted: %s)" % (line, reason))
                else:
                    counted.append(line)
    return counted, accepted


def main():
    report, proxy, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    findings = []
    for who, start in USERS:
        status, path, took = scan(who, start, report, proxy, seconds)
        if status != 0 or not os.path.exists(path):
            findings.append("wapiti as %s failed (status %d, see wapiti/%s.log)" % (who, status, who))
            print("FAIL " + findings[-1])
            continue
        counted, accepted = findings_of(path)
        print("%-4s wapiti as %s: %d findings, %.0f s" % ("FAIL" if counted else "ok", who, len(counted), took),
              flush=True)
        for line in counted:
            print("     " + line)
        for line in accepted:
            print("     " + line)
        findings += ["as %s: %s" % (who, line) for line in counted]
    with open(os.path.join(report, "wapiti-findings.txt"), "w", encoding="utf-8") as f:
        f.write("".join(x + "\n" for x in findings))
    print("wapiti: %d findings" % len(findings))


if __name__ == "__main__":
    main()
