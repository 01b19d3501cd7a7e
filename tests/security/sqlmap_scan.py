#!/usr/bin/env python3
"""sqlmap_scan.py REPORT PROXY_URL PROXY_LOG: runs sqlmap (level 3, risk 2) on every target
of REPORT/targets.json (targets.py), one sqlmap after the other, each on the parameters of
its form or query string, with the session of the user whose page showed the form and the
form's fresh CSRF token (--csrf-token csrf_token --csrf-url the page). Through the proxy
(proxy.py), so the rate limits per address do not refuse most of the scan.

Per target, REPORT/sqlmap/ID/ holds the request file, sqlmap's output and its traffic file
(-t). Prints one line per target and the findings, and as its last line
"sqlmap: N findings". A finding is:
  - an injection point sqlmap reports, or its heuristic test finding a database error;
  - a target whose requests mostly did not reach the handler (the CSRF refusal, the
    login-expired refusal or 429, counted in the stack's answers as the proxy logged them,
    each request tagged with its target's id): the scan proved nothing;
  - an answer 500 or 502 (a handler that failed, a module that died), once per route;
  - sqlmap failing to run (its exit status).
sqlmap refuses --threads with --csrf-url, so the POST targets run in one thread each and
SQLMAP_JOBS (3) sqlmaps run at once; the targets that change the session's credentials
run after all others.
Environment: SQLMAP_THREADS (4, for GET targets), SQLMAP_ONLY (a regular expression: only targets whose
route matches, for a quick run).

Trusts: targets.json and sessions.json written by targets.py for this stack.
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import zkclient as z  # noqa: E402
import targets as tg  # noqa: E402

THREADS = os.environ.get("SQLMAP_THREADS", "4")
JOBS = int(os.environ.get("SQLMAP_JOBS", "3"))
ONLY = re.compile(os.environ.get("SQLMAP_ONLY", ""))
BOUNDARY = "----zksecurityscan"


def body_of(t):
    """(content type, body text) of a POST target; file fields get a small text file."""
    fields = [(n, v) for n, v in t["fields"] if n not in t["file_fields"]]
    if t["enctype"] != "multipart/form-data":
        return "application/x-www-form-urlencoded", urllib.parse.urlencode(fields)
    parts = []
    for n, v in fields:
        parts.append('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (BOUNDARY, n, v))
    for n in t["file_fields"]:
        parts.append('--%s\r\nContent-Disposition: form-data; name="%s"; filename="scan.txt"\r\n'
                     'Content-Type: text/plain\r\n\r\nscan\r\n' % (BOUNDARY, n))
    return "multipart/form-data; boundary=" + BOUNDARY, "".join(parts) + "--%s--\r\n" % BOUNDARY


def request_file(t, cookie):
    """The raw HTTP request sqlmap replays (-r)."""
    target = t["path"] + ("?" + t["query"] if t["method"] == "GET" and t["query"] else "")
    lines = ["%s %s HTTP/1.1" % (t["method"], target), "Host: %s:%d" % (z.HOST, z.PORT),
             "User-Agent: zikao-security-scan", "Accept: text/html", "X-Scan-Target: " + t["id"]]
    if cookie:
        lines.append("Cookie: " + cookie)
    body = ""
    if t["method"] == "POST":
        ctype, body = body_of(t)
        lines.append("Content-Type: " + ctype)
    return "\r\n".join(lines) + "\r\n\r\n" + body


def count_answers(proxy_log, t):
    """(answers, refused) to the target's own requests (not the CSRF page's), from the
    proxy's log: refused are the CSRF refusal, the login-expired refusal and 429."""
    answers = refused = 0
    with open(proxy_log, encoding="utf-8") as f:
        for line in f:
            tag, method, _, _, why = line.split()
            if tag == t["id"] and method == t["method"]:
                answers += 1
                refused += why != "-"
    return answers, refused


def run(t, cookie, report, proxy):
    """Runs sqlmap on one target: (exit status, its output, seconds)."""
    d = os.path.join(report, "sqlmap", t["id"])
    os.makedirs(d, exist_ok=True)
    req = os.path.join(d, "request.txt")
    with open(req, "w", encoding="utf-8", newline="") as f:
        f.write(request_file(t, cookie))
    traffic = os.path.join(d, "traffic.txt")
    if os.path.exists(traffic):
        os.remove(traffic)
    cmd = ["sqlmap", "-r", req, "--batch", "--level=3", "--risk=2", "--dbms=PostgreSQL",
           "-p", ",".join(t["params"]), "--proxy=" + proxy,
           "--output-dir=" + os.path.join(d, "out"), "-t", traffic, "--flush-session",
           "--disable-coloring", "--skip-waf", "--ignore-stdin", "--timeout=60", "--retries=2", "--ignore-redirects"]
    if t["method"] == "POST":   # sqlmap fetches the token before each request, in one thread
        cmd += ["--csrf-token=csrf_token", "--csrf-url=" + z.BASE_URL + t["page"]]
    else:
        cmd += ["--threads=" + THREADS]
    started = time.monotonic()
    with open(os.path.join(d, "sqlmap.log"), "w", encoding="utf-8") as log:
        status = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL).returncode
    output = open(os.path.join(d, "sqlmap.log"), encoding="utf-8", errors="replace").read()
    return status, output, time.monotonic() - started


def main():
    report, proxy, proxy_log = sys.argv[1], sys.argv[2], sys.argv[3]
    targets = json.load(open(os.path.join(report, "targets.json"), encoding="utf-8"))
    sessions = json.load(open(os.path.join(report, "sessions.json"), encoding="utf-8"))
    findings, totals = [], [0, 0]
    started = time.monotonic()

    def scan(t):
        cookie = sessions[t["who"]]
        if t["order"] == 1:   # it changes the session's credentials: a session of its own
            cookie = "; ".join("%s=%s" % kv for kv in tg.login(t["who"]).cookies.items())
        status, output, took = run(t, cookie, report, proxy)
        return t, (status, output, took, count_answers(proxy_log, t))

    def judge(t, status, output, took, answers, refused):
        totals[0] += answers
        totals[1] += refused
        what = "%s %s %s (%s, %s)" % (t["id"], t["method"], t["path"], t["who"], ",".join(t["params"]))
        problems = []
        if "identified the following injection point" in output or re.search(r"parameter '.*' is .* injectable", output):
            points = re.findall(r"(?m)^\[.*\] \[INFO\] (.*parameter '.*' is .* injectable.*)$", output)
            problems.append("sqlmap found an injection: " + ("; ".join(points) or "see sqlmap.log"))
        hints = re.findall(r"(?m)heuristic \(basic\) test shows that (.* might be injectable.*)$", output)
        if hints:   # a database error shown on the page, even when no technique worked
            problems.append("sqlmap's heuristic test: " + "; ".join(hints))
        if status != 0:
            problems.append("sqlmap exited with status %d (see its log)" % status)
        if answers == 0 or refused * 2 > answers:
            problems.append("%d of %d answers were refusals (CSRF, login expired, 429): the handler was not tested"
                            % (refused, answers))
        print("%-4s %s: %d answers, %d refused, %.0f s" % ("FAIL" if problems else "ok", what, answers, refused, took),
              flush=True)
        for p in problems:
            print("     " + p)
            findings.append("%s: %s" % (what, p))

    chosen = [t for t in targets if ONLY.search(t["route"])]
    if not chosen:  # a crawl that found nothing (or a listing it could not read) proves nothing
        print("FAIL no target to scan (targets.json: %d)" % len(targets), flush=True)
        findings.append("no target to scan")
    for order in (0, 1):
        with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
            for done in concurrent.futures.as_completed([pool.submit(scan, t) for t in chosen if t["order"] == order]):
                t, (status, output, took, (answers, refused)) = done.result()
                judge(t, status, output, took, answers, refused)
    total_answers, total_refused = totals
    # Failed handlers, from the proxy's log of every answer: once per route.
    failed = {}
    table = [(m, p, lim, tg.pattern_regex(p)) for m, p, lim in tg.routes(os.environ["ZIKAO_BIN"])]
    if os.path.exists(proxy_log):
        for line in open(proxy_log, encoding="utf-8"):
            _, method, path, status, _ = line.split()
            if status in ("500", "502"):
                route = tg.match(table, method, path)[0] or path
                failed[(method, route, status)] = failed.get((method, route, status), 0) + 1
    for (method, route, status), n in sorted(failed.items()):
        line = "%s %s answered %s %d times during the scan (see the module's log)" % (method, route, status, n)
        print("FAIL " + line)
        findings.append(line)
    print("sqlmap: %d answers, %d refused, %.0f s" % (total_answers, total_refused, time.monotonic() - started))
    with open(os.path.join(report, "sqlmap-findings.txt"), "w", encoding="utf-8") as f:
        f.write("".join(x + "\n" for x in findings))
    print("sqlmap: %d findings" % len(findings))


if __name__ == "__main__":
    main()
