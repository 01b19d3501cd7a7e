#!/usr/bin/env python3
"""photo_load.py: the graduation-photo module's resident memory under concurrent uploads
(issue 12, `make bench`; run by tests/bench/run.sh against the bench stack).

  photo_load.py --base URL --var VAR --file PHOTO.jpg [--seconds 15] [--concurrency 64]

1. Brings the demo examinee 张三 to a SUBMITTED application through the real pages, as a
   person would: 学信网 authorisation through the dev simulator (080901 is a 本科 major:
   /apply/submit refuses a 本科 application without a verified 学信网 record), /apply step 1,
   /apply/majors (太原理工大学 080901), /apply/confirm, /apply/submit. Each step is skipped
   when already done (the bench stack's data survives between runs), and nothing is done
   when GET /photo already offers the upload form.
2. Uploads PHOTO.jpg (multipart field "photo", the CSRF token of GET /photo, cookie
   zk_session) from CONCURRENCY clients at once, each as fast as answers come, for SECONDS.
   The file is meant to pass the checks with its centre too dark for the stand-in verifier
   (不通过), so every upload is decoded, re-encoded and stored, and the form stays open.
3. Samples the memory of every zikao-photo process of this stack (command name zikao-photo,
   command line naming VAR) every 200 ms from /proc/PID/status, and reports the peak of each:
   VmRSS, and its two parts RssAnon (the process's own) and RssFile (mapped program and
   shared-library pages), with VmHWM.

Output, one fact a line, for run.sh to pick up:
  photo-load: REQUESTS requests in SECONDS s, RATE req/s, CONCURRENCY clients
  photo-load-status: 303=N 400=N ...        (every HTTP status seen)
  photo-load-errors: N                       (answers outside 2xx/3xx, plus failed connections)
  photo-load-latency: MEDIAN_MS P99_MS
  photo-rss: PID before=RSS/ANON/FILE peak=RSS/ANON/FILE hwm=KB
                                             (kB; one line per process, a restart shows a new PID;
                                             peaks of each figure over the samples)
  photo-rss-peak: RSS_MB ANON_MB             (the largest sampled VmRSS, RssAnon of any of them)
  photo-after: <what GET /photo says afterwards>
Exits non-zero only when the setup fails (the figures would mean nothing).
Standard library only; the HTTP client of the integration tests (tests/integration/zkclient.py)
drives the setup.
"""
import argparse
import http.client
import os
import re
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))

ZHANG_LOGIN = "140105199003070012"
PASSWORD = "Zikao@2025"
INSTITUTION = "10112"   # 太原理工大学
MAJOR_CODE = "080901"   # 计算机科学与技术(本科)
COUNTY = "140105"       # 小店区


def fail(msg):
    print("photo-load: setup failed: " + msg, file=sys.stderr)
    sys.exit(1)


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def has_upload_form(html):
    return re.search(r'<input[^>]*\bname="photo"', html) is not None and 'type="file"' in html


def authorise_chsi(z, c):
    """学信网学历验证 through the dev simulator (the steps of tests/integration/test_chsi.py)."""
    r = c.get("/verify/chsi/records")
    if r.status == 200 and "可以申请本科毕业" in r.text:
        return "already verified"
    r = c.get("/verify/chsi")
    if r.status != 200:
        fail("GET /verify/chsi answered %d" % r.status)
    r = c.post("/verify/chsi", {})
    if r.status != 303:
        fail("获取学信网二维码 answered %d: %s" % (r.status, text_of(r.text)[:300]))
    page = c.get("/verify/chsi")
    m = re.search(r'href="(/chsi-sim/authorize\?state=([0-9a-f]{64}))"', page.text)
    if not m:
        fail("no 学信网 simulator link on /verify/chsi")
    state = m.group(2)
    r = c.get(m.group(1).replace("&amp;", "&"))
    if r.status != 200:
        fail("the 学信网 simulator answered %d" % r.status)
    r = c.post("/chsi-sim/authorize", {"state": state})
    if r.status != 200:
        fail("确认授权 answered %d" % r.status)
    fields = {i.get("name"): i.get("value") for i in c.inputs() if i.get("type") == "hidden"}
    if not (fields.get("payload") and fields.get("signature")):
        fail("the simulator gave no signed callback")
    r = z.Client().post("/verify/chsi/callback", {"state": fields["state"], "payload": fields["payload"],
                                                  "signature": fields["signature"]}, csrf=False)
    if r.status != 200:
        fail("the 学信网 callback answered %d: %s" % (r.status, text_of(r.text)[:300]))
    r = c.get("/verify/chsi/records")
    if "可以申请本科毕业" not in r.text:
        fail("after the 学信网 callback, /verify/chsi/records does not allow 本科")
    return "authorised"


def submit_application(z, c):
    """/apply step 1 → /apply/majors → /apply/confirm → /apply/submit (tests/integration/test_apply.py)."""
    r = c.get("/apply")
    if r.status != 200:
        fail("GET /apply answered %d (%s)" % (r.status, text_of(r.text)[:300]))
    r = c.post("/apply", [("county_code", COUNTY), ("phone", "13812345678"), ("address", "太原市小店区坞城路92号"),
                          ("institution", INSTITUTION)])
    if r.status != 303 or z.path_of(r.location) != "/apply/majors":
        fail("/apply step 1 answered %d: %s" % (r.status, text_of(r.text)[:400]))
    r = c.get("/apply/majors")
    m = re.search(r'name="(major_\d+)" value="(\d+)"[^>]*>\s*' + MAJOR_CODE, r.text)
    if r.status != 200 or not m:
        fail("no %s choice on /apply/majors (%d)" % (MAJOR_CODE, r.status))
    r = c.post("/apply/majors", [(m.group(1), m.group(2)), ("action", "next")])
    if r.status != 303 or z.path_of(r.location) != "/apply/confirm":
        fail("/apply/majors answered %d: %s" % (r.status, text_of(r.text)[:400]))
    r = c.get("/apply/confirm")
    if r.status != 200:
        fail("GET /apply/confirm answered %d" % r.status)
    r = c.post("/apply/submit", {"confirm_submit": "1"})
    if r.status != 303 or z.path_of(r.location) != "/apply/status":
        fail("/apply/submit answered %d: %s" % (r.status, text_of(r.text)[:400]))


def setup(z):
    c = z.logged_in(ZHANG_LOGIN, PASSWORD)
    page = c.get("/photo")
    if page.status != 200:
        fail("GET /photo answered %d" % page.status)
    if not has_upload_form(page.text):
        chsi = authorise_chsi(z, c)
        submit_application(z, c)
        page = c.get("/photo")
        if not has_upload_form(page.text):
            fail("after 提交 GET /photo still offers no upload form: %s" % text_of(page.text)[:400])
        print("photo-setup: 学信网 %s; application submitted through /apply" % chsi)
    else:
        print("photo-setup: the application was already submitted (upload form offered)")
    token = c.csrf_token(page.text)
    if not token:
        fail("no csrf_token on /photo")
    return c.session_token, token


def photo_pids(var):
    """PIDs of this stack's zikao-photo processes (not the supervisor, not another stack's)."""
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/comm" % d) as f:
                if f.read().strip() != "zikao-photo":
                    continue
            with open("/proc/%s/cmdline" % d, "rb") as f:
                if var.encode() not in f.read():
                    continue
        except OSError:
            continue
        pids.append(int(d))
    return pids


MEMORY_KEYS = ("VmRSS", "RssAnon", "RssFile", "VmHWM")


def status_kb(pid):
    """VmRSS (what `ps` calls RSS), its parts RssAnon (the process's own memory: heap,
    stacks, buffers) and RssFile (pages of mapped files: the program and its shared
    libraries, shared with every other process using them), and VmHWM (the peak VmRSS)."""
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                key = line.split(":")[0]
                if key in MEMORY_KEYS:
                    out[key] = int(line.split()[1])
    except OSError:
        pass
    return out


class Sampler(threading.Thread):
    def __init__(self, var, interval=0.2):
        super().__init__(daemon=True)
        self.var = var
        self.interval = interval
        self.stop = threading.Event()
        self.before = {}   # pid -> status_kb() at the start
        self.peak = {}     # pid -> {key: largest kB sampled} (VmHWM: the last read)
        for pid in photo_pids(var):
            self.before[pid] = status_kb(pid)

    def sample(self):
        for pid in photo_pids(self.var):
            s = status_kb(pid)
            peak = self.peak.setdefault(pid, {})
            for k, v in s.items():
                peak[k] = v if k == "VmHWM" else max(peak.get(k, 0), v)

    def run(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)
        self.sample()


def multipart(token, data):
    boundary = "----zkbench7f3a9c2e"
    head = ("--%s\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n%s\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"IMG_0001.jpg\"\r\n"
            "Content-Type: image/jpeg\r\n\r\n" % (boundary, token, boundary)).encode("ascii")
    return "multipart/form-data; boundary=" + boundary, head + data + ("\r\n--%s--\r\n" % boundary).encode("ascii")


def load(host, port, session, token, data, seconds, concurrency):
    ctype, body = multipart(token, data)
    headers = {"Host": "%s:%d" % (host, port), "Cookie": "zk_session=" + session, "Content-Type": ctype,
               "User-Agent": "zikao-bench/1.0", "Accept": "text/html"}
    lock = threading.Lock()
    statuses, latencies, failures = {}, [], [0]
    start = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def client(i):
        # Each client from its own loopback address, like 64 examinees' browsers.
        source = ("127.0.1.%d" % (1 + i % 250), 0)
        conn = None
        mine, lat, bad = {}, [], 0
        start.wait()
        while time.monotonic() < deadline[0]:
            t0 = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=120, source_address=source)
                conn.request("POST", "/photo", body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                mine[r.status] = mine.get(r.status, 0) + 1
                lat.append(time.monotonic() - t0)
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                bad += 1
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.05)
        if conn is not None:
            conn.close()
        with lock:
            for k, v in mine.items():
                statuses[k] = statuses.get(k, 0) + v
            latencies.extend(lat)
            failures[0] += bad

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    t_start = time.monotonic()
    deadline[0] = t_start + seconds
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t_start
    return statuses, latencies, failures[0], elapsed


def pct(values, q):
    if not values:
        return 0.0
    v = sorted(values)
    pos = q * (len(v) - 1)
    i = int(pos)
    return v[i] if i + 1 >= len(v) else v[i] * (1 - (pos - i)) + v[i + 1] * (pos - i)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--var", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--concurrency", type=int, default=64)
    args = ap.parse_args()

    os.environ["ZIKAO_BASE_URL"] = args.base
    sys.path.insert(0, os.path.join(HERE, "..", "integration"))
    import zkclient as z  # noqa: E402 (reads ZIKAO_BASE_URL when imported)

    var = os.path.realpath(args.var)
    if not photo_pids(var):
        fail("no zikao-photo process of %s is running" % var)
    with open(args.file, "rb") as f:
        data = f.read()
    session, token = setup(z)

    sampler = Sampler(var)
    sampler.start()
    u = urllib.parse.urlsplit(args.base)
    statuses, latencies, failures, elapsed = load(u.hostname, u.port or 80, session, token, data, args.seconds,
                                                  args.concurrency)
    sampler.stop.set()
    sampler.join()

    total = sum(statuses.values())
    errors = failures + sum(n for s, n in statuses.items() if not 200 <= s < 400)
    print("photo-load: %d requests in %.1f s, %.1f req/s, %d clients" % (total, elapsed, total / elapsed,
                                                                        args.concurrency))
    print("photo-load-status: " + (" ".join("%d=%d" % kv for kv in sorted(statuses.items())) or "none"))
    print("photo-load-errors: %d" % errors)
    print("photo-load-latency: %.0f %.0f" % (1000 * pct(latencies, 0.5), 1000 * pct(latencies, 0.99)))
    peak = peak_anon = 0
    for pid in sorted(set(sampler.peak) | set(sampler.before)):
        b, p = sampler.before.get(pid, {}), sampler.peak.get(pid, {})
        print("photo-rss: %d before=%d/%d/%d peak=%d/%d/%d hwm=%d" % (
            pid, b.get("VmRSS", 0), b.get("RssAnon", 0), b.get("RssFile", 0),
            p.get("VmRSS", 0), p.get("RssAnon", 0), p.get("RssFile", 0), p.get("VmHWM", 0)))
        peak = max(peak, p.get("VmRSS", 0))
        peak_anon = max(peak_anon, p.get("RssAnon", 0))
    print("photo-rss-peak: %.1f %.1f" % (peak / 1024.0, peak_anon / 1024.0))

    c = z.Client()
    c.cookies["zk_session"] = session
    page = c.get("/photo")
    m = re.search(r'<p class="status-line [a-z]+" role="status">(.*?)</p>', page.text, re.S)
    reason = re.search(r"不通过原因：([^<]*)", page.text)
    print("photo-after: GET /photo %d: \"%s\"%s; upload form %s" % (
        page.status, text_of(m.group(1)) if m else "(no status line)",
        " 不通过原因：" + reason.group(1).strip() if reason else "",
        "offered" if has_upload_form(page.text) else "absent"))


if __name__ == "__main__":
    main()
