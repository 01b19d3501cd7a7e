#!/usr/bin/env python3
"""regform_load.py: 《毕业生登记表》 PDF (module regform, issue 15) under load, and the memory of
the module's processes (`make bench`; run by tests/bench/run.sh against the bench stack).

  regform_load.py --base URL --var VAR [--seconds 15] [--concurrency 16] [--sequential 50]

1. Setup, each step skipped when already done (the bench stack's data survives between runs).
   The examinee is a dedicated one, 登记表压测 (BENCH_TICKET), never the demo's 张三, whose
   submitted application with a refused photo tests/bench/photo_load.py relies on:
   - loaded with `zikao-ctl load-demo` of a private directory (examinees.csv, and passed.csv
     with 张三's passed courses from sql/demo/passed.csv under its own 准考证号), as the
     integration tests' zkclient.load_demo / test_apply.load_people do;
   - a verified 学信网 专科 record written in SQL, as test_apply.add_chsi does: the dev
     学信网 simulator answers only for the people of sql/demo/chsi_records.csv, and 080901 is a
     本科 major, which /apply/submit refuses without one (the demo's only 专科 major,
     10108 660201, is not met by 张三's transcript);
   - through the pages: /apply step 1, /apply/majors (太原理工大学 080901), /apply/confirm,
     /apply/submit, then a graduation photo that passes (tests/integration/images.py
     graduation()): 系统审核 makes the application prereview_passed by itself;
   - the payment: `UPDATE applications SET status = 'paid'` in SQL. Paying is outside this
     benchmark (test_pay covers it), so no order and no application_events row are written;
   - /regform (毕业登记信息填写) and /regform/resume through the pages: 7 resume rows, 3 family
     members, a typed 自我鉴定 of 600 汉字, 保存并导出PDF (action=export → 303 /regform/saved),
     which renders the PDF once inside the save.
2. Sequential: GET /regform/pdf SEQUENTIAL times one after another on one keep-alive
   connection (after 3 warm-ups): p50 / p99 of the whole request through nginx, the PDF's size.
3. Concurrent: CONCURRENCY clients (each its own connection and loopback address, one
   session) GET /regform/pdf as fast as answers come, for SECONDS.
Memory: every zikao-regform process of this stack (command name zikao-regform, command line
naming VAR) is sampled every 200 ms from /proc/PID/status (VmRSS = RssAnon + RssFile, and
VmHWM) from just before the first PDF of this run is rendered (the export, or the first
warm-up GET when the form was exported by an earlier run) until 1 s after the concurrent
load; the peaks are those of the concurrent load and the second after it. RssFile counts the pages of mapped files: the program, its shared libraries and the
font files the renderer maps.

Output, one fact a line, for run.sh to pick up (kB in regform-rss, MB elsewhere):
  regform-setup: <what was done or found>                        (several lines)
  regform-first-pdf: VIA MS                  (VIA: export or get; ms of that request)
  regform-pdf: BYTES CONTENT_TYPE PDF|NOT-PDF                    (the last sequential answer)
  regform-seq: N requests, p50 MS ms, p99 MS ms
  regform-load: REQUESTS requests in SECONDS s, RATE req/s, CONCURRENCY clients
  regform-load-status: 200=N ...             (every HTTP status seen)
  regform-load-errors: N                     (answers outside 2xx, 200s that are no PDF, failed
                                             connections)
  regform-load-latency: P50_MS P99_MS
  regform-rss: PID before=RSS/ANON/FILE first=RSS/ANON/FILE peak=RSS/ANON/FILE after=RSS/ANON/FILE hwm=KB
                                             (before / after the first PDF, peak of each figure
                                             during the concurrent load, 1 s after it; a
                                             restarted process shows a new PID)
  regform-rss-first: RSS_MB ANON_MB FILE_MB  (the largest of any process after the first PDF)
  regform-rss-peak: RSS_MB ANON_MB FILE_MB   (the largest of any process during the load)
Exits non-zero only when the setup fails (the figures would mean nothing).
Standard library only; the HTTP client of the integration tests (tests/integration/zkclient.py)
drives the setup.
"""
import argparse
import csv
import http.client
import os
import re
import shlex
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEMO_PASSED = os.path.join(ROOT, "sql", "demo", "passed.csv")

# The bench's own examinee: a valid 身份证号 (小店区, born 1988-08-08) and 准考证号 that neither
# the demo data nor the integration tests' generated people use.
BENCH_NAME = "登记表压测"
BENCH_ID = "140105198808089015"
BENCH_TICKET = "960120159001"
BENCH_PASSWORD = "Bench#Regform-2025"
BENCH_PHONE = "13600159001"
ZHANG_TICKET = "010120100001"
INSTITUTION = "10112"   # 太原理工大学
MAJOR_CODE = "080901"   # 计算机科学与技术(本科)
COUNTY = "140105"       # 小店区

PERSONAL = {"ethnicity": "汉族", "occupation": "企业职工", "political_status": "共青团员", "phone": "13912345678",
            "education": "高中", "health": "健康", "work_start": "2010年07月01日", "overseas_relative": "否",
            "native_place": "山西省太原市", "employer": "太原市某某科技有限公司",
            "address": "山西省太原市小店区长风街1号"}
RESUME_ROWS = [("1995年09月01日", "2001年07月01日", "太原市小店区坞城路小学 学习"),
               ("2001年09月01日", "2004年07月01日", "太原市第十中学 学习"),
               ("2004年09月01日", "2007年07月01日", "太原市第五中学 学习"),
               ("2007年09月01日", "2010年07月01日", "山西某某职业技术学院 计算机应用技术专业 学习"),
               ("2010年07月01日", "2014年03月01日", "太原市某某科技有限公司 技术员"),
               ("2014年03月01日", "2019年12月01日", "太原市某某科技有限公司 工程师"),
               ("2020年01月01日", "至今", "太原市某某信息技术有限公司 项目经理")]
FAMILY = [("张大山", "父亲", "太原钢铁（集团）有限公司", "工人"),
          ("李秀英", "母亲", "太原市小店区某某小学", "教师"),
          ("王丽", "配偶", "太原市某某医院", "护士")]
REWARDS = "2018年被评为太原市某某科技有限公司优秀员工"
SENTENCES = ["在自学考试期间我始终坚持理论联系实际", "认真学习每一门课程", "按时完成作业与实践环节",
             "工作中我踏实肯干", "努力把所学知识用于实际工作", "得到了单位领导和同事的认可",
             "我积极参加单位组织的各项培训活动", "不断更新自己的专业知识", "业余时间坚持阅读专业书籍和期刊",
             "遇到难题时主动向老师和同事请教", "学会了合理安排工作和学习的时间", "养成了独立思考和自主学习的习惯"]
SELF_EVALUATION_HAN = 600


def fail(msg):
    print("regform-load: setup failed: " + msg, file=sys.stderr)
    sys.exit(1)


def is_han(ch):
    c = ord(ch)
    return 0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF or 0xF900 <= c <= 0xFAFF or 0x20000 <= c <= 0x3134F


def self_evaluation(han=SELF_EVALUATION_HAN):
    """A typed 自我鉴定 of exactly `han` 汉字 (the form counts only 汉字), in paragraphs of
    sentences ending with punctuation."""
    out, count, i = [], 0, 0
    while count < han:
        s = SENTENCES[i % len(SENTENCES)]
        s = s[:han - count]
        out.append(s)
        count += sum(1 for ch in s if is_han(ch))
        i += 1
        out.append("。\n" if i % 6 == 0 else "，")
    out[-1] = "。"
    return "".join(out)


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def field_errors(page):
    return dict(re.findall(r'<p class="field-error" id="err-([a-z_0-9-]+)"[^>]*>([^<]+)</p>', page))


# ---- the stack's tools ------------------------------------------------------------------

def regform_pids(var):
    """PIDs of this stack's zikao-regform processes (not the supervisor, not another stack's)."""
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/comm" % d) as f:
                if f.read().strip() != "zikao-regform":
                    continue
            with open("/proc/%s/cmdline" % d, "rb") as f:
                if var.encode() not in f.read():
                    continue
        except OSError:
            continue
        pids.append(int(d))
    return pids


def stack_commands(var, pid):
    """ZIKAO_CTL and ZIKAO_PSQL as tests/run.sh sets them, for this stack: zikao-ctl of the
    build the module runs from, as the stack's user when root."""
    bindir = os.path.dirname(os.readlink("/proc/%d/exe" % pid))
    as_user = "setpriv --reuid=zikao --regid=zikao --init-groups -- " if os.geteuid() == 0 else ""
    os.environ.setdefault("ZIKAO_CTL", "%s%s --config %s" % (
        as_user, shlex.quote(os.path.join(bindir, "zikao-ctl")), shlex.quote(os.path.join(var, "zikao.conf"))))
    os.environ.setdefault("ZIKAO_PSQL", "%spsql -h %s -d zikao -v ON_ERROR_STOP=1 -tA" % (
        as_user, shlex.quote(os.path.join(var, "run"))))


# ---- setup --------------------------------------------------------------------------------

def load_examinee(z):
    """The bench examinee with 张三's passed courses: (database id, what was done)."""
    found = z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % BENCH_TICKET)
    if found:
        return int(found), "examinee %s (准考证号 %s) already loaded" % (BENCH_NAME, BENCH_TICKET)
    with open(DEMO_PASSED, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    passed = [",".join([BENCH_TICKET] + r[1:]) for r in rows[1:] if r and r[0] == ZHANG_TICKET]
    if not passed:
        fail("no passed courses of %s in %s" % (ZHANG_TICKET, DEMO_PASSED))
    line = ",".join([BENCH_NAME, BENCH_ID, BENCH_TICKET, BENCH_PASSWORD, COUNTY, "verified", "汉族", "城镇",
                     "大学专科", "企业职工", "群众", BENCH_PHONE, ""])
    try:
        out = z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + line + "\n",
                           "passed.csv": ",".join(rows[0]) + "\n" + "\n".join(passed) + "\n"})
    except RuntimeError as e:
        fail(str(e))
    if "1 examinees and" not in out:
        fail("load-demo did not add the bench examinee: %s" % out.strip())
    db_id = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % BENCH_TICKET))
    return db_id, "examinee %s (准考证号 %s) loaded with %d passed courses of 张三" % (BENCH_NAME, BENCH_TICKET,
                                                                                     len(passed))


def add_chsi(z, db_id):
    """A verified 学信网 专科 record matching the examinee, as a verified callback stores it
    (test_apply.add_chsi)."""
    if z.psql("SELECT count(*) FROM chsi_records WHERE examinee_id = %d" % db_id) != "0":
        return "学信网 record present"
    z.psql("WITH a AS (INSERT INTO chsi_authorizations (examinee_id, state, status, expires_at, completed_at) "
           "VALUES (%d, md5(random()::text || clock_timestamp()::text), 'completed', now() + interval '1 hour', now()) "
           "RETURNING id) "
           "INSERT INTO chsi_records (authorization_id, examinee_id, name, id_number_enc, gender, school, major, level, "
           "study_form, category, entry_year, graduation_year, conclusion) "
           "SELECT a.id, e.id, e.name, e.id_number_enc, e.gender, '山西某某职业技术学院', '计算机应用技术', '专科', "
           "'普通全日制', '普通', 2007, 2010, '毕业' FROM a, examinees e WHERE e.id = %d" % (db_id, db_id))
    return "学信网 专科 record written (SQL)"


def application(z, db_id):
    """(id, status) of the examinee's latest application, or (None, None)."""
    row = z.psql("SELECT id || ':' || status FROM applications WHERE examinee_id = %d ORDER BY attempt DESC LIMIT 1"
                 % db_id)
    if not row:
        return None, None
    app, status = row.split(":")
    return int(app), status


def submit_application(z, c):
    """/apply step 1 → /apply/majors → /apply/confirm → /apply/submit (as photo_load.py)."""
    r = c.get("/apply")
    if r.status != 200:
        fail("GET /apply answered %d (%s)" % (r.status, text_of(r.text)[:300]))
    r = c.post("/apply", [("county_code", COUNTY), ("phone", BENCH_PHONE), ("address", "太原市小店区坞城路92号"),
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


def upload_photo(z, c):
    """A graduation photo that passes every check and the stand-in verifier (a new seed each
    time: the module refuses a picture already used)."""
    import images
    page = c.get("/photo")
    token = c.csrf_token(page.text)
    if page.status != 200 or not token:
        fail("GET /photo answered %d without a form: %s" % (page.status, text_of(page.text)[:300]))
    data = images.graduation("regform-bench-%d" % time.time_ns())
    ctype, body = z.multipart([("csrf_token", token)], files=[("photo", "photo.png", "image/png", data)])
    r = c.post_raw("/photo", body, ctype)
    if r.status != 303:
        fail("the photo upload answered %d: %s" % (r.status, text_of(r.text)[:400]))


def fill_form(z, c):
    """毕业登记信息填写, then 个人简历 with 保存并导出PDF."""
    page = c.get("/regform")
    if page.status != 200:
        fail("GET /regform answered %d: %s" % (page.status, text_of(page.text)[:300]))
    r = c.post("/regform", PERSONAL)
    if r.status != 303 or z.path_of(r.location) != "/regform/resume":
        fail("POST /regform answered %d: %s" % (r.status, field_errors(r.text) or text_of(r.text)[:400]))
    page = c.get("/regform/resume")
    if page.status != 200:
        fail("GET /regform/resume answered %d" % page.status)


def resume_fields():
    fields = []
    for f, t, p in RESUME_ROWS:
        fields += [("resume_from", f), ("resume_to", t), ("resume_place", p)]
    for n, r, e, pos in FAMILY:
        fields += [("member_name", n), ("member_relation", r), ("member_employer", e), ("member_position", pos)]
    return fields + [("rewards", REWARDS), ("self_evaluation", self_evaluation()), ("self_evaluation_mode", "typed"),
                     ("action", "export")]


def export(z, c):
    """保存并导出PDF (the page of fill_form is the client's last): ms of the request."""
    t0 = time.monotonic()
    r = c.post("/regform/resume", resume_fields())
    ms = 1000 * (time.monotonic() - t0)
    if r.status != 303 or z.path_of(r.location) != "/regform/saved":
        fail("保存并导出PDF answered %d: %s" % (r.status, field_errors(r.text) or text_of(r.text)[:400]))
    return ms


def setup(z):
    """Brings the bench examinee to a paid application with its 登记表 filled in. Returns the
    logged-in client and whether the export (the first PDF) is still to be done."""
    db_id, said = load_examinee(z)
    print("regform-setup: " + said)
    print("regform-setup: " + add_chsi(z, db_id))
    c = z.logged_in(BENCH_TICKET, BENCH_PASSWORD)
    app, status = application(z, db_id)
    if status in (None, "draft"):
        submit_application(z, c)
        app, status = application(z, db_id)
        print("regform-setup: application submitted through /apply (太原理工大学 %s)" % MAJOR_CODE)
    if status == "submitted":
        upload_photo(z, c)
        app, status = application(z, db_id)
        print("regform-setup: graduation photo uploaded; 系统审核: %s" % status)
    if status == "prereview_passed":
        # Paying is outside this benchmark (test_pay covers it): the status alone, set in SQL.
        z.psql("UPDATE applications SET status = 'paid', updated_at = now() WHERE id = %d AND status = "
               "'prereview_passed'" % app)
        app, status = application(z, db_id)
        print("regform-setup: application %d set to paid in SQL (payment is outside this benchmark)" % app)
    if status not in ("paid", "regform_filled"):
        fail("application %s is %s, not paid or regform_filled" % (app, status))
    exported = z.psql("SELECT exports FROM registration_forms WHERE application_id = %d" % app)
    if exported and int(exported) > 0:
        print("regform-setup: 登记表 of application %d already exported (%s exports)" % (app, exported))
        return c, False
    fill_form(z, c)
    return c, True


# ---- memory --------------------------------------------------------------------------------

MEMORY_KEYS = ("VmRSS", "RssAnon", "RssFile", "VmHWM")


def status_kb(pid):
    """VmRSS, its parts RssAnon (the process's own memory) and RssFile (pages of mapped
    files: program, shared libraries, fonts), and VmHWM (the kernel's peak VmRSS)."""
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
        self.lock = threading.Lock()
        self.peak = {}     # pid -> {key: largest kB sampled} (VmHWM: the last read)
        self.before = self.snapshot()

    def snapshot(self):
        return {pid: status_kb(pid) for pid in regform_pids(self.var)}

    def reset_peak(self):
        """Peaks from now on (the concurrent phase): VmHWM keeps any earlier one."""
        with self.lock:
            self.peak = {}

    def sample(self):
        for pid, s in self.snapshot().items():
            with self.lock:
                peak = self.peak.setdefault(pid, {})
                for k, v in s.items():
                    peak[k] = v if k == "VmHWM" else max(peak.get(k, 0), v)

    def run(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)
        self.sample()


# ---- requests ------------------------------------------------------------------------------

def pdf_headers(host, port, session):
    return {"Host": "%s:%d" % (host, port), "Cookie": "zk_session=" + session, "User-Agent": "zikao-bench/1.0",
            "Accept": "application/pdf,*/*"}


def get_pdf(conn, headers):
    """(status, content type, body, seconds) of one GET /regform/pdf on `conn`, and whether
    the connection must be closed."""
    t0 = time.monotonic()
    conn.request("GET", "/regform/pdf", headers=headers)
    r = conn.getresponse()
    body = r.read()
    return (r.status, r.getheader("Content-Type", ""), body, time.monotonic() - t0,
            r.getheader("Connection", "").lower() == "close")


def sequential(host, port, session, n, warmups, first_pdf):
    """`warmups` then `n` requests one after another on one keep-alive connection; the first
    warm-up is the run's first PDF when `first_pdf` (callable(seconds) run right after it)."""
    headers = pdf_headers(host, port, session)
    conn, times, last = None, [], None
    for i in range(warmups + n):
        if conn is None:
            conn = http.client.HTTPConnection(host, port, timeout=120, source_address=("127.0.1.251", 0))
        status, ctype, body, seconds, close = get_pdf(conn, headers)
        if i == 0 and first_pdf:
            first_pdf(seconds)
        if status != 200:
            fail("GET /regform/pdf answered %d: %s" % (status, text_of(body.decode("utf-8", "replace"))[:300]))
        if i >= warmups:
            times.append(seconds)
        last = (len(body), ctype, body.startswith(b"%PDF-"))
        if close:
            conn.close()
            conn = None
    if conn is not None:
        conn.close()
    return times, last


def load(host, port, session, seconds, concurrency):
    headers = pdf_headers(host, port, session)
    lock = threading.Lock()
    statuses, latencies, failures = {}, [], [0]
    start = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def client(i):
        source = ("127.0.1.%d" % (1 + i % 250), 0)
        conn = None
        mine, lat, bad = {}, [], 0
        start.wait()
        while time.monotonic() < deadline[0]:
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=120, source_address=source)
                status, _, body, t, close = get_pdf(conn, headers)
                mine[status] = mine.get(status, 0) + 1
                lat.append(t)
                if status == 200 and not body.startswith(b"%PDF-"):
                    bad += 1
                if close:
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
    return statuses, latencies, failures[0], time.monotonic() - t_start


def pct(values, q):
    if not values:
        return 0.0
    v = sorted(values)
    pos = q * (len(v) - 1)
    i = int(pos)
    return v[i] if i + 1 >= len(v) else v[i] * (1 - (pos - i)) + v[i + 1] * (pos - i)


def triple(s):
    return "%d/%d/%d" % (s.get("VmRSS", 0), s.get("RssAnon", 0), s.get("RssFile", 0))


def mb(values, key):
    return max((v.get(key, 0) for v in values), default=0) / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--var", required=True)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--sequential", type=int, default=50)
    args = ap.parse_args()

    var = os.path.realpath(args.var)
    pids = regform_pids(var)
    if not pids:
        fail("no zikao-regform process of %s is running" % var)
    stack_commands(var, pids[0])
    os.environ["ZIKAO_BASE_URL"] = args.base
    os.environ.setdefault("ZIKAO_VAR", var)
    sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
    import zkclient as z  # noqa: E402 (reads ZIKAO_BASE_URL when imported)

    c, to_export = setup(z)
    u = urllib.parse.urlsplit(args.base)
    host, port = u.hostname, u.port or 80

    # From here on the memory is watched: the first PDF of this run is rendered next.
    sampler = Sampler(var)
    sampler.start()
    first = {}

    def after_first(seconds, via):
        first.update(sampler.snapshot())
        print("regform-first-pdf: %s %.0f" % (via, 1000 * seconds))

    if to_export:
        ms = export(z, c)
        after_first(ms / 1000, "export")
        print("regform-setup: 毕业登记信息填写 and 个人简历 saved, 保存并导出PDF done (%d resume rows, %d family "
              "members, 自我鉴定 of %d 汉字)" % (len(RESUME_ROWS), len(FAMILY), SELF_EVALUATION_HAN))
    session = c.session_token
    times, last = sequential(host, port, session, args.sequential, 3,
                             None if to_export else (lambda s: after_first(s, "get")))
    print("regform-pdf: %d %s %s" % (last[0], last[1] or "-", "PDF" if last[2] else "NOT-PDF"))
    print("regform-seq: %d requests, p50 %.1f ms, p99 %.1f ms" % (len(times), 1000 * pct(times, 0.5),
                                                                  1000 * pct(times, 0.99)))

    sampler.reset_peak()
    statuses, latencies, failures, elapsed = load(host, port, session, args.seconds, args.concurrency)
    time.sleep(1.0)
    after = sampler.snapshot()
    sampler.stop.set()
    sampler.join()

    total = sum(statuses.values())
    errors = failures + sum(n for s, n in statuses.items() if not 200 <= s < 300)
    print("regform-load: %d requests in %.1f s, %.1f req/s, %d clients" % (total, elapsed, total / elapsed,
                                                                          args.concurrency))
    print("regform-load-status: " + (" ".join("%d=%d" % kv for kv in sorted(statuses.items())) or "none"))
    print("regform-load-errors: %d" % errors)
    print("regform-load-latency: %.0f %.0f" % (1000 * pct(latencies, 0.5), 1000 * pct(latencies, 0.99)))
    for pid in sorted(set(sampler.before) | set(sampler.peak)):
        p = sampler.peak.get(pid, {})
        print("regform-rss: %d before=%s first=%s peak=%s after=%s hwm=%d" % (
            pid, triple(sampler.before.get(pid, {})), triple(first.get(pid, {})), triple(p),
            triple(after.get(pid, {})), p.get("VmHWM", 0)))
    print("regform-rss-first: %.1f %.1f %.1f" % tuple(mb(first.values(), k) for k in ("VmRSS", "RssAnon", "RssFile")))
    print("regform-rss-peak: %.1f %.1f %.1f" % tuple(mb(sampler.peak.values(), k)
                                                    for k in ("VmRSS", "RssAnon", "RssFile")))


if __name__ == "__main__":
    main()
