#!/usr/bin/env python3
"""peak.py: the peak window of 毕业申请 (issue 18): N examinees, CONCURRENCY browsers at once.

  peak.py --base URL --var VAR --count N [--concurrency 64] [--markdown FILE]
          [--kill-apply-after K] [--restart-pg-after K] [--soak-seconds S] [--test]

Each examinee of tests/bench/peak_seed.py (examinee i uses people(N)[i] and its own loopback
source address, as people come from their own homes: nginx limits login POSTs per address)
goes, as a browser would (cookies, the CSRF token of each page, redirects followed, each answer
checked to be the expected page), through
  GET /login, POST /login → GET / (个人中心) → GET /apply, POST /apply (step 1) →
  GET /apply/majors, POST /apply/majors (step 2: the seeded major, 下一步) →
  GET /apply/confirm, POST /apply/submit (提交, the confirmation ticked) → GET /apply/status
  ("提交成功" seen).
A failed step (no answer, 5xx, 429, an unexpected page) is retried like a person would: after a
pause (1 s, 2 s, …), up to 5 times, from the step's page; while the module is not there at all
(no answer, 502, 504) the person reloads every 1-2 s for up to 2 minutes before such a failure
counts as one of the 5 (a restart under AddressSanitizer on a slow machine takes a while). A
journey that gives up is reported with its last error. A 提交 whose answer was lost is
retried only after looking at /apply/status: if it already says 提交成功, that is the end.

Faults (make bench-faults, and the test stage): --kill-apply-after K sends SIGKILL to the apply
module (zikao-apply of this VAR) once K examinees saw 提交成功; --restart-pg-after K restarts the
stack's PostgreSQL (pg_ctl restart -m fast). After each, the time until 张三's 个人中心 and
/apply/status answer normally again is measured (a probe every 50 ms).

Memory: VmRSS and RssAnon of every module process of VAR and of PostgreSQL (the sum over the
postmaster and its backends, and the largest backend), sampled every 500 ms; start, peak, end.
--soak-seconds S then keeps driving the examinees (login, 10 × (个人中心 + /apply/status), logout) for S
seconds and reports each module's RSS at the start and the end of the soak.

Afterwards, from SQL: the examinees with exactly one submitted application, duplicates, drafts
left, half-written applications, wrong majors, and the examinees who saw 提交成功 without a
submitted application. Every figure is printed; --markdown writes the BENCHMARKS.md section.
--test prints "ok"/"FAIL" per correctness check and, last, "peak: N passed, M failed" (speed is
never checked). Standard library only.
"""
import argparse
import asyncio
import os
import random
import re
import signal
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
import peak_seed  # noqa: E402

PG_BIN = "/usr/lib/postgresql/15/bin"
TIMEOUT = 60
MAX_TRIES = 5
OUTAGE_PATIENCE = 120   # seconds of 502/504/no answer a person sits out, reloading, before giving up
ZHANG_ID = "140105199003070012"
ZHANG_NAME = "张三"
SUCCESS = "提交成功"
SOAK_VIEWS = 10   # 个人中心 + /apply/status per soak login
STEPS = ["GET /login", "POST /login", "GET / (个人中心)", "GET /apply", "POST /apply", "GET /apply/majors",
         "POST /apply/majors", "GET /apply/confirm", "POST /apply/submit", "GET /apply/status", "POST /logout"]


class Failed(Exception):
    """An answer a person would not accept (or none at all): the step is retried. `outage`:
    no answer, or nginx's 502/504 (the module is not there): the person reloads until the
    service is back (OUTAGE_PATIENCE), and only then does the attempt count."""

    def __init__(self, what, outage=False):
        super().__init__(what)
        self.outage = outage


class Busy(Failed):
    """429 or 503 with Retry-After (登录人数较多，请稍后再试): the person comes back after that long."""

    def __init__(self, what, seconds):
        super().__init__(what)
        self.seconds = seconds


# ---- HTTP/1.1 over asyncio streams -------------------------------------------------------

class Browser:
    """One person's browser: its own source address, cookies, one keep-alive connection."""

    def __init__(self, run, address):
        self.run = run
        self.address = address
        self.cookies = {}
        self.reader = self.writer = None
        self.html = ""

    async def close(self):
        if self.writer:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def _exchange(self, method, path, body, ctype):
        if not self.writer:
            self.reader, self.writer = await asyncio.open_connection(
                self.run.host, self.run.port, local_addr=(self.address, 0))
        head = ["%s %s HTTP/1.1" % (method, path), "Host: %s:%d" % (self.run.host, self.run.port),
                "User-Agent: zikao-peak/1.0", "Accept: text/html"]
        if self.cookies:
            head.append("Cookie: " + "; ".join("%s=%s" % kv for kv in self.cookies.items()))
        if body is not None:
            head += ["Content-Type: " + ctype, "Content-Length: %d" % len(body)]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + (body or b""))
        await self.writer.drain()
        line = await self.reader.readline()
        if not line:
            raise ConnectionResetError("connection closed")
        status = int(line.split()[1])
        headers = []
        while True:
            h = await self.reader.readline()
            if h in (b"\r\n", b"\n", b""):
                break
            k, _, v = h.decode("latin-1").partition(":")
            headers.append((k.strip().lower(), v.strip()))
        hd = dict(headers)
        if hd.get("transfer-encoding", "").lower() == "chunked":
            data = bytearray()
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                data += await self.reader.readexactly(size)
                await self.reader.readline()
            data = bytes(data)
        elif "content-length" in hd:
            data = await self.reader.readexactly(int(hd["content-length"]))
        elif method == "HEAD" or status in (204, 304):
            data = b""
        else:
            data = await self.reader.read()
        if hd.get("connection", "").lower() == "close":
            await self.close()
        for k, v in headers:
            if k == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";")[0]
                if re.search(r"(?i)max-age=0\b", v) or not value:
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = value
        return status, hd, data

    async def request(self, step, method, path, fields=None):
        """One request, timed and counted under `step`; returns (status, headers, text).
        A kept-alive connection the server closed meanwhile is reopened once, as browsers do."""
        body = None
        if fields is not None:
            fields = list(fields) + [("csrf_token", self.csrf())]
            body = urllib.parse.urlencode(fields).encode("ascii")
        t0 = time.monotonic()
        try:
            for attempt in (1, 2):
                reused = self.writer is not None
                try:
                    status, hd, data = await asyncio.wait_for(
                        self._exchange(method, path, body, "application/x-www-form-urlencoded"), TIMEOUT)
                    break
                except (ConnectionError, asyncio.IncompleteReadError) as e:
                    await self.close()
                    if not reused or attempt == 2:
                        raise Failed("%s %s: %s" % (method, path, e.__class__.__name__), outage=True)
        except (OSError, asyncio.TimeoutError, ValueError, IndexError) as e:
            await self.close()
            self.run.record(step, time.monotonic() - t0, "no answer (%s)" % e.__class__.__name__)
            raise Failed("%s %s: no answer (%s)" % (method, path, e.__class__.__name__), outage=True)
        except Failed as e:
            self.run.record(step, time.monotonic() - t0, "no answer")
            raise e
        text = data.decode("utf-8", errors="replace")
        if hd.get("content-type", "").startswith("text/html"):
            self.html = text
        self.run.record(step, time.monotonic() - t0, None, status)
        return status, hd, text

    def csrf(self):
        m = re.search(r'name="csrf_token" value="([^"]*)"', self.html)
        return m.group(1) if m else ""

    async def expect(self, step, method, path, fields=None, status=200, location=None, contains=None,
                     or_redirect=None):
        """A request whose answer must be `status` (303: to `location`) and, for pages, contain
        `contains` (or be a 303 to `or_redirect`, when given); anything else is counted as an
        error of the step and raises Failed (Busy for a 429/503 with Retry-After)."""
        got, hd, text = await self.request(step, method, path, fields)
        where = urllib.parse.urlsplit(hd.get("location", "")).path
        if or_redirect is not None and got == 303 and where == or_redirect:
            return got, where, text
        ok = got == status and (location is None or where == location) and (contains is None or contains in text)
        if not ok and got in (429, 503) and hd.get("retry-after", "").isdigit():
            self.run.busy(step)
            raise Busy("%s %s: %d" % (method, path, got), int(hd["retry-after"]))
        if not ok:
            why = "%d%s" % (got, " → " + where if where else "")
            if got == 200 and contains is not None and contains not in text:
                why += " (page without %r)" % contains
            self.run.error(step, why)
            raise Failed("%s %s: %s" % (method, path, why), outage=got in (502, 504))
        return got, where, text


# ---- the run -----------------------------------------------------------------------------

def pct(values, p):
    if not values:
        return 0.0
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p * (len(v) - 1))))] * 1000


class Run:
    def __init__(self, args):
        u = urllib.parse.urlsplit(args.base)
        self.host, self.port = u.hostname, u.port or 80
        self.args = args
        self.var = os.path.abspath(args.var)
        self.people = peak_seed.people(args.count)
        self.times = {s: [] for s in STEPS}
        self.errors = {s: {} for s in STEPS}
        self.busies = {s: 0 for s in STEPS}
        self.pg_processes = 0
        self.phase = "peak"
        self.success = set()      # tickets that saw 提交成功
        self.done = 0             # examinees at the end of their journey
        self.retries = 0
        self.logins = 0           # successful logins of the peak phase
        self.gave_up = []         # (ticket, last error) of journeys that failed MAX_TRIES times in a step
        self.events = []          # (what, seconds to recovery)
        self.mem = {}             # key -> {"start": (rss, anon), "peak": …, "end": …}
        self.soak_mem = {}
        self.soak_requests = 0
        self.soak_errors = 0

    def record(self, step, seconds, error, status=None):
        if self.phase != "peak":
            self.soak_requests += 1
        else:
            self.times[step].append(seconds)
        if error:
            self.error(step, error)

    def busy(self, step):
        if self.phase == "peak":
            self.busies[step] += 1

    def error(self, step, why):
        if self.phase != "peak":
            self.soak_errors += 1
            return
        self.errors[step][why] = self.errors[step].get(why, 0) + 1

    def address(self, i):
        return "127.20.%d.%d" % ((i // 250) % 250 + 1, i % 250 + 1)

    # -- one examinee
    async def step(self, fn, *a):
        attempt = busy = 0
        outage_since = None
        while True:
            try:
                return await fn(*a)
            except Busy as e:
                # Asked to come back later: not a failure of the attempt (up to 10 minutes of it).
                busy += 1
                if busy > 200:
                    raise
                await asyncio.sleep(e.seconds + random.random())
            except Failed as e:
                if e.outage:
                    outage_since = outage_since or time.monotonic()
                    if time.monotonic() - outage_since < OUTAGE_PATIENCE:
                        self.retries += 1
                        await asyncio.sleep(1 + random.random())
                        continue
                outage_since = None
                attempt += 1
                if attempt == MAX_TRIES:
                    raise
                self.retries += 1
                await asyncio.sleep(attempt + random.random())

    async def journey(self, i):
        p = self.people[i]
        b = Browser(self, self.address(i))
        try:
            await self.step(self.login, b, p, "GET / (个人中心)")
            if await self.step(self.fill, b, p):
                if await self.step(self.majors, b, p):
                    await self.step(self.submit, b, p)
        except Failed as e:
            self.gave_up.append((p["ticket"], str(e)))
        finally:
            await b.close()
            self.done += 1

    async def login(self, b, p, center_step):
        # Logged in already (a retry after the login itself went through): on to 个人中心.
        got, _, _ = await b.expect("GET /login", "GET", "/login", contains="csrf_token", or_redirect="/")
        if got != 303:
            # Half log in with the 身份证号, half with the 准考证号.
            name = p["id_number"] if int(p["ticket"][-1]) % 2 else p["ticket"]
            await b.expect("POST /login", "POST", "/login",
                           [("login_name", name), ("password", peak_seed.DEMO_PASSWORD)], status=303, location="/")
            if self.phase == "peak":
                self.logins += 1
        await b.expect(center_step, "GET", "/", contains=p["name"])

    async def status_says_submitted(self, b, p):
        _, _, text = await b.expect("GET /apply/status", "GET", "/apply/status", contains=p["name"])
        if SUCCESS in text:
            self.success.add(p["ticket"])
            return True
        return False

    async def fill(self, b, p):
        """Step 1; False when the application is already submitted (a lost answer earlier)."""
        got, _, _ = await b.expect("GET /apply", "GET", "/apply", contains='name="address"', or_redirect="/apply/status")
        if got == 303:
            return not await self.status_says_submitted(b, p)
        fields = [("county_code", p["county"]), ("phone", p["phone"]), ("address", p["address"]),
                  ("institution", p["institution"])]
        await b.expect("POST /apply", "POST", "/apply", fields, status=303, location="/apply/majors")
        return True

    async def majors(self, b, p):
        _, _, text = await b.expect("GET /apply/majors", "GET", "/apply/majors", contains='name="major_1"')
        m = re.search(r'name="major_1" value="(\d+)"[^>]*>\s*%s' % p["major"], text)
        if not m:
            self.error("GET /apply/majors", "200 (major %s not offered)" % p["major"])
            raise Failed("major %s not offered" % p["major"])
        await b.expect("POST /apply/majors", "POST", "/apply/majors", [("major_1", m.group(1)), ("action", "next")],
                       status=303, location="/apply/confirm")
        return True

    async def submit(self, b, p):
        # Sent to /apply/status: already submitted (a 提交 whose answer was lost went through).
        got, _, _ = await b.expect("GET /apply/confirm", "GET", "/apply/confirm", contains="confirm_submit",
                                   or_redirect="/apply/status")
        if got == 303:
            if await self.status_says_submitted(b, p):
                return
            self.error("GET /apply/status", "200 (no %s)" % SUCCESS)
            raise Failed("sent to /apply/status without " + SUCCESS)
        try:
            await b.expect("POST /apply/submit", "POST", "/apply/submit", [("confirm_submit", "1")],
                           status=303, location="/apply/status")
        except Failed:
            # The answer was lost or an error came back: look before submitting again.
            await asyncio.sleep(1 + random.random())
            if await self.step(self.status_says_submitted, b, p):
                return
            raise
        if not await self.status_says_submitted(b, p):
            self.error("GET /apply/status", "200 (no %s)" % SUCCESS)
            raise Failed("status page without " + SUCCESS)

    # -- the examinees, CONCURRENCY at a time
    async def drive(self, indices):
        queue = asyncio.Queue()
        for i in indices:
            queue.put_nowait(i)

        async def worker():
            while not queue.empty():
                await self.journey(queue.get_nowait())

        await asyncio.gather(*(worker() for _ in range(self.args.concurrency)))

    # -- soak: logged-in examinees keep coming back
    async def soak(self, seconds):
        self.phase = "soak"
        end = time.monotonic() + seconds
        self.soak_cycles = 0

        async def worker(w):
            while time.monotonic() < end:
                i = random.randrange(len(self.people))
                p = self.people[i]
                b = Browser(self, self.address(i))
                try:
                    await self.login(b, p, "GET / (个人中心)")
                    for _ in range(SOAK_VIEWS):
                        await b.expect("GET / (个人中心)", "GET", "/", contains=p["name"])
                        await b.expect("GET /apply/status", "GET", "/apply/status", contains=p["name"])
                    await b.expect("GET /logout", "GET", "/logout", contains="csrf_token")
                    await b.expect("POST /logout", "POST", "/logout", [], status=303)
                    self.soak_cycles += 1
                except Failed:
                    await asyncio.sleep(1)
                finally:
                    await b.close()

        await asyncio.gather(*(worker(w) for w in range(self.args.concurrency)))
        self.phase = "peak"

    # -- memory
    def processes(self):
        """{key: pid}: the modules of VAR (key: module name, e.g. zikao-apply#PID) and PostgreSQL."""
        mods, pg = {}, []
        try:
            with open(os.path.join(self.var, "pg", "data", "postmaster.pid")) as f:
                postmaster = int(f.readline())
        except (OSError, ValueError):
            postmaster = None
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/cmdline" % d, "rb") as f:
                    argv = f.read().split(b"\0")
                with open("/proc/%s/stat" % d) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            exe = os.path.basename(argv[0].decode(errors="replace"))
            if exe.startswith("zikao-") and any(self.var.encode() in a for a in argv):
                mods["%s#%s" % (exe, d)] = int(d)
            elif postmaster and (int(d) == postmaster or ppid == postmaster):
                pg.append(int(d))
        return mods, pg

    @staticmethod
    def rss(pid):
        rss = anon = 0
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
                    elif line.startswith("RssAnon:"):
                        anon = int(line.split()[1])
        except OSError:
            pass
        return rss, anon

    def sample(self, into):
        mods, pg = self.processes()
        now = {k: self.rss(pid) for k, pid in mods.items()}
        backends = [self.rss(pid) for pid in pg]
        self.pg_processes = max(self.pg_processes, len(backends))
        if backends:
            now["postgres (sum of %s)" % "processes"] = (sum(r for r, _ in backends), sum(a for _, a in backends))
            now["postgres (largest process)"] = max(backends)
        for k, v in now.items():
            m = into.setdefault(k, {"start": v, "peak": v, "end": v})
            m["peak"] = (max(m["peak"][0], v[0]), max(m["peak"][1], v[1]))
            m["end"] = v
        return now

    async def progress(self, stop, t0):
        """A line a minute: a run of thousands of logins takes a while."""
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), 60)
            except asyncio.TimeoutError:
                print("peak: %.0f s: %d of %d examinees done, %d saw %s" % (
                    time.monotonic() - t0, self.done, len(self.people), len(self.success), SUCCESS), flush=True)

    async def sampler(self, stop):
        while not stop.is_set():
            self.sample(self.soak_mem if self.phase == "soak" else self.mem)
            try:
                await asyncio.wait_for(stop.wait(), 0.5)
            except asyncio.TimeoutError:
                pass

    # -- faults
    async def probe_login(self):
        """张三's browser (not counted), logged in once: nginx limits login POSTs per address."""
        b = Browser(Probe(self), "127.0.0.1")
        for _ in range(100):
            try:
                await b.expect("probe", "GET", "/login", contains="csrf_token")
                await b.expect("probe", "POST", "/login", [("login_name", ZHANG_ID), ("password", peak_seed.DEMO_PASSWORD)],
                               status=303, location="/")
                return b
            except Busy as e:
                await asyncio.sleep(e.seconds)
        raise SystemExit("peak: the probe could not log in as %s" % ZHANG_NAME)

    async def probe_until_normal(self, b, what, since):
        """Seconds from `since` until 张三's 个人中心 and /apply/status answer normally."""
        while True:
            try:
                await b.expect("probe", "GET", "/", contains=ZHANG_NAME)
                await b.expect("probe", "GET", "/apply/status", contains=ZHANG_NAME)
                self.events.append((what, time.monotonic() - since))
                print("peak: %s: answering normally again after %.2f s" % (what, time.monotonic() - since), flush=True)
                return
            except Failed:
                await b.close()
                await asyncio.sleep(0.05)

    async def faults(self):
        a = self.args
        if a.kill_apply_after is None and a.restart_pg_after is None:
            return
        probe = await self.probe_login()
        if a.kill_apply_after is not None:
            while len(self.success) < a.kill_apply_after and self.done < len(self.people):
                await asyncio.sleep(0.05)
            mods, _ = self.processes()
            pids = [pid for k, pid in mods.items() if k.startswith("zikao-apply#")]
            t0 = time.monotonic()
            for pid in pids:
                os.kill(pid, signal.SIGKILL)
            print("peak: kill -9 of the apply module (pid %s) after %d 提交成功" %
                  (",".join(map(str, pids)) or "none found", len(self.success)), flush=True)
            await self.probe_until_normal(probe, "kill -9 of the apply module", t0)
        if a.restart_pg_after is not None:
            while len(self.success) < a.restart_pg_after and self.done < len(self.people):
                await asyncio.sleep(0.05)
            t0 = time.monotonic()
            cmd = peak_seed.as_user([PG_BIN + "/pg_ctl", "-D", os.path.join(self.var, "pg", "data"), "-l",
                                     os.path.join(self.var, "log", "postgres.log"), "-m", "fast", "-w", "restart"])
            print("peak: PostgreSQL restart (pg_ctl restart -m fast) after %d 提交成功" % len(self.success), flush=True)
            proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.DEVNULL,
                                                        stderr=asyncio.subprocess.PIPE, cwd="/")
            _, err = await proc.communicate()
            if proc.returncode != 0:
                print("peak: pg_ctl restart failed: %s" % err.decode(errors="replace").strip(), flush=True)
            print("peak: PostgreSQL restarted in %.2f s" % (time.monotonic() - t0), flush=True)
            await self.probe_until_normal(probe, "PostgreSQL restart", t0)
        await probe.close()


class Probe:
    """Stands in for the Run of the probe's browser: its requests are not counted."""

    def __init__(self, run):
        self.host, self.port = run.host, run.port

    def record(self, *a, **k):
        pass

    def error(self, *a, **k):
        pass

    def busy(self, *a, **k):
        pass


# ---- SQL checks --------------------------------------------------------------------------

def sql_checks(run):
    """[(what, value, expected)] from the database, for the N examinees of the run."""
    values = ",".join("('%s','%s','%s')" % (p["ticket"], p["institution"], p["major"]) for p in run.people)
    mine = ("CREATE TEMP TABLE peak (ticket text PRIMARY KEY, institution text, major text); "
            "INSERT INTO peak VALUES %s; "
            "CREATE TEMP VIEW apps AS SELECT a.*, p.ticket, p.institution AS want_inst, p.major AS want_major "
            "FROM peak p JOIN examinees e ON e.ticket_no = p.ticket "
            "JOIN applications a ON a.examinee_id = e.id AND a.batch_id = (SELECT id FROM batches WHERE is_current);"
            % values)
    queries = [
        ("examinees with exactly one submitted application",
         "SELECT count(*) FROM (SELECT ticket FROM apps GROUP BY ticket "
         "HAVING count(*) = 1 AND bool_and(status <> 'draft')) x", len(run.people)),
        ("examinees with more than one application (duplicates)",
         "SELECT count(*) FROM (SELECT ticket FROM apps GROUP BY ticket HAVING count(*) > 1) x", 0),
        ("drafts left", "SELECT count(*) FROM apps WHERE status = 'draft'", 0),
        ("half-written: submitted without 申请院校/专业 rows",
         "SELECT count(*) FROM apps a WHERE status <> 'draft' AND NOT EXISTS "
         "(SELECT 1 FROM application_majors m WHERE m.application_id = a.id)", 0),
        ("half-written: 申请专业 rows without major, eligibility or stored audit",
         "SELECT count(*) FROM apps a JOIN application_majors m ON m.application_id = a.id "
         "WHERE a.status <> 'draft' AND (m.major_id IS NULL OR m.eligible IS NOT TRUE OR m.audit_json IS NULL)", 0),
        ("half-written: submitted without 提交时间, 区县, 手机号 or 地址",
         "SELECT count(*) FROM apps WHERE status <> 'draft' AND (submitted_at IS NULL OR county_code IS NULL "
         "OR phone_enc IS NULL OR address IS NULL)", 0),
        ("submitted with another major than the examinee chose",
         "SELECT count(*) FROM apps a JOIN application_majors m ON m.application_id = a.id "
         "JOIN majors j ON j.id = m.major_id WHERE a.status <> 'draft' "
         "AND (j.institution_code, j.code) <> (a.want_inst, a.want_major)", 0),
    ]
    sql = mine + " " + " ".join("SELECT '%d', (%s);" % (n, q) for n, (_, q, _) in enumerate(queries))
    sql += " SELECT 'submitted', ticket FROM apps WHERE status <> 'draft';"
    out = peak_seed.psql(run.var, sql)
    got, submitted = {}, set()
    for line in out.splitlines():
        k, _, v = line.partition("|")
        if k == "submitted":
            submitted.add(v)
        elif k.isdigit():
            got[int(k)] = int(v)
    checks = [(what, got.get(n), want) for n, (what, _, want) in enumerate(queries)]
    lost = sorted(run.success - submitted)
    checks.append(("saw 提交成功 without a submitted application", len(lost), 0))
    return checks, lost


# ---- report ------------------------------------------------------------------------------

def mb(kb):
    return "%.1f" % (kb / 1024.0)


def table(out, heads, rows):
    """A markdown table, after a blank line."""
    out += ["", "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def memory_rows(mem, columns):
    """Rows of (process, VmRSS / RssAnon in MB for each of `columns`) for the memory tables."""
    return [[k] + ["%s / %s" % (mb(mem[k][c][0]), mb(mem[k][c][1])) for c in columns] for k in sorted(mem)]


def report(run, elapsed, checks, lost):
    a = run.args
    out = []
    total = sum(len(v) for v in run.times.values())
    errors = sum(sum(e.values()) for e in run.errors.values())
    busy = sum(run.busies.values())
    out.append("%d examinees, %d browsers at once: %d requests in %.1f s (%.0f req/s), %d errors, %d retries "
               "after an error, %d answers asking to come back later (429/503 with Retry-After), %d saw %s, "
               "%d gave up" % (len(run.people), a.concurrency, total, elapsed, total / elapsed, errors, run.retries,
                               busy, len(run.success), SUCCESS, len(run.gave_up)))
    rows = []
    for s in STEPS:
        t = run.times[s]
        if not t:
            continue
        e = run.errors[s]
        es = "%d" % sum(e.values()) + (" (%s)" % ", ".join("%s: %d" % kv for kv in sorted(e.items())) if e else "")
        rows.append([s, len(t), "%.1f" % pct(t, 0.5), "%.1f" % pct(t, 0.99), es, run.busies[s]])
    table(out, ["step", "requests", "p50 ms", "p99 ms", "errors", "429/503 with Retry-After (came back later)"], rows)
    out.append("")
    out.append("Logins: %d successful in %.1f s, %.1f logins/s, from %d POST /login (each checked one scrypt hash "
               "unless turned away at once with 503 登录人数较多; the whole run is bounded by them)."
               % (run.logins, elapsed, run.logins / elapsed, len(run.times["POST /login"])))
    out.append("")
    out.append("Checks in SQL after the run:")
    table(out, ["check", "count", "expected"], checks)
    if lost:
        out.append("")
        out.append("Saw 提交成功 without a submitted application: " + ", ".join(lost[:20]))
    if run.events:
        table(out, ["fault", "answering normally again after"], [(what, "%.2f s" % s) for what, s in run.events])
    out.append("")
    out.append("Resident memory (/proc/PID/status every 500 ms during the run; MB, VmRSS / RssAnon; "
               "a restarted module shows a new PID; PostgreSQL: up to %d processes, whose VmRSS counts the "
               "shared buffers each one touched):" % run.pg_processes)
    table(out, ["process", "start", "peak", "end"], memory_rows(run.mem, ["start", "peak", "end"]))
    mods = [m for k, m in run.mem.items() if k.startswith("zikao-")]
    if mods:
        out.append("")
        out.append("Largest module process: peak VmRSS %s MB, RssAnon %s MB (target ≤ 30 MB per process)."
                   % (mb(max(m["peak"][0] for m in mods)), mb(max(m["peak"][1] for m in mods))))
    if a.soak_seconds:
        out.append("")
        out.append("Soak: %d s of logged-in examinees (login, %d × (个人中心 + /apply/status), logout) at %d browsers: "
                   "%d cycles, %d requests, %d errors." % (a.soak_seconds, SOAK_VIEWS, a.concurrency, run.soak_cycles,
                                                         run.soak_requests, run.soak_errors))
        rows = memory_rows(run.soak_mem, ["start", "end"])
        for row in rows:
            m = run.soak_mem[row[0]]
            row.append("%+.1f / %+.1f" % ((m["end"][0] - m["start"][0]) / 1024.0, (m["end"][1] - m["start"][1]) / 1024.0))
        table(out, ["process", "soak start", "soak end", "growth"], rows)
    return "\n".join(out)


async def main_async(a):
    run = Run(a)
    stop = asyncio.Event()
    sampler = asyncio.create_task(run.sampler(stop))
    run.sample(run.mem)
    t0 = time.monotonic()
    progress = asyncio.create_task(run.progress(stop, t0))
    faults = asyncio.create_task(run.faults())
    await run.drive(range(len(run.people)))
    elapsed = time.monotonic() - t0
    await faults
    run.sample(run.mem)
    if a.soak_seconds:
        run.phase = "soak"
        run.sample(run.soak_mem)
        await run.soak(a.soak_seconds)
        run.phase = "soak"
        run.sample(run.soak_mem)
        run.phase = "peak"
    stop.set()
    await sampler
    await progress
    return run, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--var", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--kill-apply-after", type=int)
    ap.add_argument("--restart-pg-after", type=int)
    ap.add_argument("--soak-seconds", type=int, default=0)
    ap.add_argument("--markdown")
    ap.add_argument("--test", action="store_true")
    a = ap.parse_args()
    run, elapsed = asyncio.run(main_async(a))
    checks, lost = sql_checks(run)
    text = report(run, elapsed, checks, lost)
    print(text)
    if a.markdown:
        with open(a.markdown, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    if a.test:
        passed = failed = 0
        results = [(what, value == want, "%s (expected %s)" % (value, want)) for what, value, want in checks]
        results.append(("every examinee reached 提交成功 (gave up: %d)" % len(run.gave_up), not run.gave_up,
                        "; ".join("%s: %s" % g for g in run.gave_up[:5])))
        faults = (a.kill_apply_after is not None) + (a.restart_pg_after is not None)
        results.append(("the service answered normally again after each fault", len(run.events) == faults,
                         "%d of %d" % (len(run.events), faults)))
        for what, ok, detail in results:
            print("%s %s %s" % ("ok  " if ok else "FAIL", what, detail))
            passed += ok
            failed += not ok
        print("peak: %d passed, %d failed" % (passed, failed))
        sys.exit(1 if failed else 0)
    if any(value != want for _, value, want in checks):
        sys.exit(1)


if __name__ == "__main__":
    main()
