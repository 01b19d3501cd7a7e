"""test_apply: module `apply` (毕业申请, APP-1 … APP-8) over HTTP through nginx.

Every test uses its own examinees, created with one `zikao-ctl load-demo` of a private
directory (examinees.csv + passed.csv cloned from the demo's 张三 / 李娜 transcripts), so
the demo accounts stay clean for the browser tests. 学信网 records, where a test needs
them, are written in SQL by copying the examinee's own encrypted 身份证号, exactly as a
verified 学信网 callback would store them. The window test moves the demo window into
the past and restores it in `finally`. The concurrency test orders its burst with row locks
held from psql sessions (PsqlSession), never with sleeps.
"""
import csv
import os
import re
import shlex
import subprocess
import tempfile
import threading
import time
import unittest

import zkclient as z

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO_PASSED = os.path.join(HERE, "..", "..", "sql", "demo", "passed.csv")
RUN = "%04d" % (int(time.time()) % 10000)

ZHANG_TICKET = "010120100001"   # eligible for 太原理工大学 080901
ZHAO_TICKET = "010120100004"    # needs the 任选一门 13180 → 02325
LI_TICKET = "010120100002"      # lacks 00015 英语(二)

MAX_TWO = "考生毕业申请最多可选择两所主考院校。"
NOT_OF_INSTITUTION = "所选专业不属于该主考院校"
CLOSED = "毕业申请未开放"
CONFIRMED = {"confirm_submit": "1"}  # the 确认页's "我已确认…" box, which 提交 requires


class Person(z.Examinee):
    def __init__(self, label, clone_of=None):
        super().__init__(label + RUN, z.TEST_PASSWORD)
        self.ticket = "97" + self.id_number[8:14] + self.id_number[14:17] + "2"
        self.name = "申请" + label + RUN
        self.clone_of = clone_of


def load_people(people):
    with open(DEMO_PASSED, encoding="utf-8") as f:
        demo = list(csv.reader(f))
    passed = ",".join(demo[0]) + "\n" + "".join(
        ",".join([p.ticket] + row[1:]) + "\n" for p in people for row in demo[1:]
        if p.clone_of and row and row[0] == p.clone_of)
    out = z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + "".join(p.csv_line() + "\n" for p in people),
                       "passed.csv": passed})
    if "%d examinees and" % len(people) not in out:
        raise RuntimeError("load-demo did not add the examinees: %s" % out.strip())
    for p in people:
        p.db_id = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % p.ticket))


def add_chsi(person, level="专科", name_suffix=""):
    """A verified 学信网 record matching the examinee exactly (name, 身份证号, gender), or with
    `name_suffix` appended to the name, as when 学信网 spells it differently."""
    z.psql(
        "WITH a AS (INSERT INTO chsi_authorizations (examinee_id, state, status, expires_at, completed_at) "
        "VALUES (%d, md5(random()::text || clock_timestamp()::text), 'completed', now() + interval '1 hour', now()) "
        "RETURNING id) "
        "INSERT INTO chsi_records (authorization_id, examinee_id, name, id_number_enc, gender, school, major, level, "
        "study_form, category, entry_year, graduation_year, conclusion) "
        "SELECT a.id, e.id, e.name || '%s', e.id_number_enc, e.gender, '太原理工大学', '计算机应用技术', '%s', "
        "'普通全日制', '普通', 2010, 2013, '毕业' FROM a, examinees e WHERE e.id = %d"
        % (person.db_id, name_suffix, level, person.db_id))


def major_id(institution, code):
    return int(z.psql("SELECT id FROM majors WHERE institution_code = '%s' AND code = '%s'" % (institution, code)))


def login(person):
    return z.logged_in(person.ticket, z.TEST_PASSWORD)


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def apps(person):
    out = z.psql("SELECT attempt || ':' || status FROM applications WHERE examinee_id = %d ORDER BY attempt"
                 % person.db_id)
    return out.split("\n") if out else []


def fill(c, institutions, county="140105", phone="13912345678", address="太原市小店区学府街1号"):
    r = c.get("/apply")
    if r.status != 200:
        raise AssertionError("GET /apply answered %d" % r.status)
    fields = [("county_code", county), ("phone", phone), ("address", address)]
    fields += [("institution", i) for i in institutions]
    return c.post("/apply", fields)


def choose(c, picks, action="check"):
    r = c.get("/apply/majors")
    if r.status != 200:
        raise AssertionError("GET /apply/majors answered %d: %s" % (r.status, text_of(r.text)[:300]))
    fields = [("major_%s" % seq, str(v)) for seq, v in picks.items()] + [("action", action)]
    return c.post("/apply/majors", fields)


def to_confirm(test, c, county="140105", **step1):
    """Step 1 and 2 for 太原理工大学 080901, ending on the confirm page (`step1`: phone,
    address for fill)."""
    r = fill(c, ["10112"], county=county, **step1)
    test.assertEqual(r.status, 303, text_of(r.text)[:400])
    test.assertEqual(z.path_of(r.location), "/apply/majors")
    r = choose(c, {1: major_id("10112", "080901")}, "next")
    test.assertEqual(r.status, 303, text_of(r.text)[:600])
    test.assertEqual(z.path_of(r.location), "/apply/confirm")
    r = c.get("/apply/confirm")
    test.assertEqual(r.status, 200)
    return r


def restricted_080901(test, person):
    """Logs in, chooses 太原理工大学 080901 and returns (client, the 限制条件 screen)."""
    c = login(person)
    test.assertEqual(fill(c, ["10112"]).status, 303)
    test.assertEqual(choose(c, {1: major_id("10112", "080901")}).status, 303)
    r = c.get("/apply/majors")
    test.assertIn("所选专业不符合毕业合格条件", text_of(r.text))
    return c, r


def passed_course_sql(person, code):
    """A 合格成绩 imported for the examinee, as from a later exam sitting."""
    return ("INSERT INTO passed_courses (examinee_id, course_code, passed_on, score, source) "
            "VALUES (%d, '%s', '2025-04-13', '71', 'exam');" % (person.db_id, code))


def stored(person):
    """What a repeated 提交 must leave alone, exactly as psql prints it: the application's
    status, submitted_at and updated_at (microseconds included), and its application_majors
    rows with the audit snapshot stored at 提交 (audit_json as text)."""
    app = z.psql("SELECT attempt || '|' || status || '|' || COALESCE(submitted_at::text, '') || '|' || updated_at "
                 "FROM applications WHERE examinee_id = %d" % person.db_id)
    attempt, status, submitted_at, updated_at = app.split("|")
    majors = z.psql("SELECT m.seq, m.institution_code, m.major_id, m.eligible, m.audit_json::text "
                    "FROM application_majors m JOIN applications a ON a.id = m.application_id "
                    "WHERE a.examinee_id = %d ORDER BY m.seq" % person.db_id)
    return {"attempt": attempt, "status": status, "submitted_at": submitted_at, "updated_at": updated_at,
            "application_majors": majors}


def changed(before, after):
    """The keys of stored() whose values differ, for a failure message (the snapshot is too
    long for unittest to show the difference)."""
    return "changed: " + ", ".join(k for k in before if before[k] != after.get(k))


# The snapshot of a 张三-like transcript as stored at 提交: 02331 数据结构 is met by 13003.
# Once 02331 itself is passed (passed_course_sql), a fresh audit meets it directly instead, so
# an audit re-run by a later 提交 would store a different snapshot.
SNAPSHOT_02331_BY_13003 = '[{"code": "02331", "how": "automatic", "by": ["13003"]}]'


def status_line(html):
    """The status line of /apply/status (the 审批进度 sentence under the table)."""
    m = re.search(r'<p class="status-line [a-z]+" role="status">([^<]*)</p>', html)
    return m.group(1) if m else None


class PsqlSession:
    """One psql connection fed line by line through a pipe, so a test can hold a
    transaction (and its row locks) open while HTTP requests run. The session is named
    (application_name) so pg_stat_activity can tell when it holds or waits for a lock."""

    def __init__(self, name):
        self.name = name
        self.proc = subprocess.Popen(shlex.split(os.environ["ZIKAO_PSQL"]), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd="/")
        self.out = self.err = ""
        self.send("SET application_name = '%s';" % name)

    def send(self, sql):
        self.proc.stdin.write(sql + "\n")
        self.proc.stdin.flush()

    def close(self):
        """Ends psql (end of input; a transaction still open rolls back) and returns its exit code."""
        if self.proc.returncode is None:
            self.out, self.err = self.proc.communicate(timeout=120)
        return self.proc.returncode


def wait_for(sql, what):
    """Polls until the query prints t. Only a guard against hanging forever: nothing is
    asserted about how long it took."""
    deadline = time.monotonic() + 120
    while z.psql(sql) != "t":
        if time.monotonic() > deadline:
            raise AssertionError("still waiting after 120 s: " + what)
        time.sleep(0.05)


PEOPLE = {}
_lock = threading.Lock()


def people():
    with _lock:
        if not PEOPLE:
            spec = [("一键", ZHAO_TICKET), ("照片", ZHANG_TICKET), ("提交", ZHANG_TICKET), ("并发", ZHANG_TICKET), ("三校", None), ("他校", ZHANG_TICKET),
                    ("窗口", ZHANG_TICKET), ("英语", LI_TICKET), ("学信", ZHANG_TICKET), ("甲", ZHANG_TICKET),
                    ("乙", LI_TICKET), ("重报", ZHANG_TICKET), ("顶替", ZHAO_TICKET), ("异名", ZHANG_TICKET),
                    ("再交", ZHANG_TICKET)]
            made = {label: Person(label, clone) for label, clone in spec}
            load_people(list(made.values()))
            for label in ("一键", "照片", "提交", "并发", "窗口", "英语", "甲", "乙", "重报", "顶替", "再交"):
                add_chsi(made[label])
            add_chsi(made["异名"], name_suffix="阳")
            PEOPLE.update(made)
        return PEOPLE


class ApplyFlowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.p = people()

    def test_eligible_path_to_submit_and_status(self):
        p = self.p["提交"]
        c = login(p)
        r = c.get("/apply")
        self.assertEqual(r.status, 200)
        t = text_of(r.text)
        for s in ("毕业申请信息填报", "重要提示：个人信息非常重要", "点击查看：山西省各区县自考部门地址及联系方式",
                  p.name, p.ticket, p.id_number[:4] + "*" * 10 + p.id_number[-4:], "太原理工大学", "中央司法警官学院"):
            self.assertIn(s, t)
        self.assertNotIn(p.id_number, r.text)
        self.assertIn('value="%s"' % p.phone, r.text)  # 手机号 defaults to the examinee's own
        self.assertIn('<a href="/contacts" rel="noopener">点击查看：山西省各区县自考部门地址及联系方式</a>', r.text)
        r = fill(c, ["10112"], county="140403")
        self.assertEqual(r.status, 303)
        r = c.get("/apply/majors")
        self.assertEqual(r.status, 200)
        self.assertIn("主考院校：太原理工大学", text_of(r.text))
        self.assertIn("080901计算机科学与技术(本科)", text_of(r.text))
        self.assertIn("专升本", r.text)
        r = choose(c, {1: major_id("10112", "080901")})
        self.assertEqual(r.status, 303)
        r = c.get("/apply/majors")
        self.assertIn("符合毕业合格条件", r.text)
        self.assertNotIn("所选专业不符合毕业合格条件", r.text)
        # 上一步 keeps what was entered.
        r = c.get("/apply")
        self.assertIn('value="140403" selected', r.text)
        self.assertIn("学府街1号", r.text)
        self.assertRegex(r.text, r'value="10112" checked')
        r = to_confirm(self, c, county="140403")
        t = text_of(r.text)
        # The 手机号 in full: the examinee must check it.
        for s in ("山西省高等教育自学考试毕业申请信息确认页", "长治市潞州区", "13912345678", "太原理工大学",
                  "080901计算机科学与技术(本科)", "上一步", "提交", "返回首页", "准考证照片",
                  "我已确认以上信息无误，提交后不可再进行网上毕业申请"):
            self.assertIn(s, t)
        # Imported verified, 提交 has no 证件照 on record to show.
        self.assertIn("系统中没有您的准考证照片", t)
        self.assertNotIn('src="/apply/photo"', r.text)
        self.assertEqual(c.get("/apply/photo").status, 404)
        # 提交 asks once more in the browser (a script file), and the server wants the box ticked.
        self.assertIn('data-confirm="提交后不可再进行网上毕业申请，确认提交？"', r.text)
        self.assertIn('<script src="/static/confirm.js"', r.text)
        r = c.post("/apply/submit", {})
        self.assertEqual(r.status, 400)
        self.assertIn("请先勾选“我已确认以上信息无误，提交后不可再进行网上毕业申请”", text_of(r.text))
        self.assertEqual(apps(p), ["1:draft"])
        r = c.post("/apply/submit", CONFIRMED)
        self.assertEqual(r.status, 303, text_of(r.text)[:500])
        self.assertEqual(z.path_of(r.location), "/apply/status")
        self.assertEqual(apps(p), ["1:submitted"])
        self.assertEqual(z.psql("SELECT eligible, audit_json->>'eligible' FROM application_majors am JOIN applications a "
                                "ON a.id = am.application_id WHERE a.examinee_id = %d" % p.db_id), "t|true")
        r = c.get("/apply/status")
        self.assertEqual(r.status, 200)
        t = text_of(r.text)
        for s in ("山西省高等教育自学考试毕业申请信息详情", "序号", "申请院校", "申请专业", "审批进度", "查看", "备注", "操作",
                  "已提交，请上传毕业照片", "太原理工大学", "已提交"):
            self.assertIn(s, t)
        self.assertIn('href="#audit-1"', r.text)
        self.assertIn('id="audit-1"', r.text)
        # After 提交 nothing can be changed: step 1 goes to the status page, a POST stores nothing.
        r = c.get("/apply")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/apply/status")
        c.get("/apply/status")
        r = c.post("/apply", [("county_code", "140105"), ("phone", "13900000000"), ("address", "别处"),
                              ("institution", "10108")])
        self.assertEqual(r.status, 303)
        self.assertEqual(z.psql("SELECT institution_code FROM application_majors am JOIN applications a "
                                "ON a.id = am.application_id WHERE a.examinee_id = %d" % p.db_id), "10112")
        # Status line of the county's 预审.
        z.psql("UPDATE applications SET status = 'prereview' WHERE examinee_id = %d" % p.db_id)
        r = c.get("/apply/status")
        self.assertIn("长治市潞州区招办预审中", text_of(r.text))
        self.assertIn("预审中", text_of(r.text))

    def test_twenty_concurrent_submits(self):
        """20 concurrent 提交 of one draft submit it once, and the row keeps what the first
        提交 stored: its submitted_at and its audit snapshot; so does a 21st 提交 afterwards.

        A later 提交 that slipped past the guards would rewrite the row with its own
        transaction's now() (submitted_at, updated_at) and a freshly run audit. The burst is
        ordered with row locks held from psql, so that both would certainly differ from the
        first 提交's, however slow the machine: psql locks the draft; the first 提交 starts
        and waits for the row; an importer (psql) queues for the row behind it, to add a
        passed 02331 once the first 提交 is done; then t_mid is read, and only then the
        other 19 提交 start and queue behind the importer. Row lock waiters are served in
        order, so the first 提交 (begun before t_mid, audited before 02331 was passed) is the
        one that submits; each of the 19 begins after t_mid and audits after 02331 was
        passed."""
        p = self.p["并发"]
        c = login(p)
        to_confirm(self, c)
        token = c.csrf_token()
        app = z.psql("SELECT id FROM applications WHERE examinee_id = %d" % p.db_id)
        self.assertEqual(z.psql("SELECT status || '|' || (submitted_at IS NULL) FROM applications WHERE id = %s" % app),
                         "draft|true")
        results = []

        def submit():
            t = z.Client(c.address)
            t.cookies = dict(c.cookies)
            try:
                r = t.post("/apply/submit", {"csrf_token": token, **CONFIRMED}, csrf=False)
                results.append((r.status, z.path_of(r.location)))
            except Exception as e:  # noqa: BLE001 - reported below
                results.append(repr(e))

        lock_row = "BEGIN; SELECT id FROM applications WHERE id = %s FOR UPDATE;" % app
        threads = []
        holder = PsqlSession("itest-hold-%s" % RUN)
        importer = None
        try:
            t0 = z.psql("SELECT now()")
            holder.send(lock_row)
            wait_for("SELECT count(*) = 1 FROM pg_stat_activity WHERE application_name = '%s' "
                     "AND state = 'idle in transaction' AND backend_xid IS NOT NULL" % holder.name,
                     "psql holding the draft's row lock")
            holder_pid = z.psql("SELECT pid FROM pg_stat_activity WHERE application_name = '%s'" % holder.name)
            threads.append(threading.Thread(target=submit))
            threads[-1].start()
            wait_for("SELECT count(*) = 1 FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))" % holder_pid,
                     "the first 提交 waiting for the row")
            importer = PsqlSession("itest-import-%s" % RUN)
            importer.send(lock_row)
            importer.send(passed_course_sql(p, "02331") + " COMMIT;")
            wait_for("SELECT count(*) = 1 FROM pg_stat_activity WHERE application_name = '%s' "
                     "AND wait_event_type = 'Lock'" % importer.name, "the importer queued behind the first 提交")
            t_mid = z.psql("SELECT clock_timestamp()")
            for _ in range(19):
                threads.append(threading.Thread(target=submit))
                threads[-1].start()
            wait_for("SELECT count(*) >= 3 FROM pg_stat_activity WHERE datname = current_database() "
                     "AND wait_event_type = 'Lock'", "later 提交 queued behind the importer")
            holder.send("COMMIT;")
        finally:
            holder.close()
            if importer:
                importer.close()
            for t in threads:
                t.join()
        self.assertEqual(holder.proc.returncode, 0, holder.err)
        self.assertEqual(importer.proc.returncode, 0, importer.err)
        self.assertEqual(results, [(303, "/apply/status")] * 20)
        self.assertEqual(apps(p), ["1:submitted"])
        burst = stored(p)
        # submitted_at is the now() of the first 提交 (begun between t0 and t_mid), not of one
        # of the 19 (begun after t_mid); the snapshot is the first 提交's audit, made before
        # 02331 was passed. Both in one comparison, so a failure shows both.
        self.assertEqual(z.psql("SELECT (a.submitted_at BETWEEN '%s' AND '%s') || '|' || "
                                "(m.audit_json->'required' @> '%s') FROM applications a "
                                "JOIN application_majors m ON m.application_id = a.id WHERE a.id = %s"
                                % (t0, t_mid, SNAPSHOT_02331_BY_13003, app)), "true|true",
                         "t0 %s, submitted_at %s, t_mid %s" % (t0, burst["submitted_at"], t_mid))
        self.assertEqual(burst["updated_at"], burst["submitted_at"])
        r = c.get("/apply/status")
        self.assertEqual(r.status, 200)
        self.assertEqual(len(re.findall(r'href="#audit-', r.text)), 1)
        self.assertIn("(顶替课程-13003数据结构与算法)", text_of(r.text))
        # A 21st 提交, from the status page that carries the token: nothing changes.
        r = c.post("/apply/submit", CONFIRMED)
        self.assertEqual((r.status, z.path_of(r.location)), (303, "/apply/status"), text_of(r.text)[:500])
        after = stored(p)
        self.assertEqual(after, burst, changed(burst, after))

    def test_repeated_submit_after_submitted_and_each_later_state_changes_nothing(self):
        """提交 is final (APP-4): another 提交 once the application is 已提交, or in any state
        the back office sets later, sends the examinee to the status page, which still says
        where the application stands, and changes nothing: status, submitted_at, updated_at,
        the audit snapshot stored at 提交 and the majors. No screen sets the later states
        yet, so they are set in SQL."""
        p = self.p["再交"]
        c = login(p)
        to_confirm(self, c)
        r = c.post("/apply/submit", CONFIRMED)
        self.assertEqual(r.status, 303, text_of(r.text)[:500])
        self.assertEqual(z.path_of(r.location), "/apply/status")
        app = z.psql("SELECT id FROM applications WHERE examinee_id = %d" % p.db_id)
        submitted = stored(p)
        self.assertEqual((submitted["attempt"], submitted["status"]), ("1", "submitted"))
        self.assertEqual(submitted["updated_at"], submitted["submitted_at"])
        self.assertEqual(z.psql("SELECT audit_json->'required' @> '%s' FROM application_majors WHERE application_id = %s"
                                % (SNAPSHOT_02331_BY_13003, app)), "t", submitted["application_majors"])
        shown_at = z.psql("SELECT to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') "
                          "FROM applications WHERE id = %s" % app)
        # Passed after 提交: an audit run again now would store a different snapshot.
        z.psql(passed_course_sql(p, "02331"))
        office = "太原市小店区"  # to_confirm's 毕业申请区县 140105
        for state, progress, line in (
                ("submitted", "已提交", "已提交，请上传毕业照片"),
                ("photo_verified", "照片已认证", "毕业照片已认证，等待系统审核或%s招办预审" % office),
                ("prereview", "预审中", "%s招办预审中，请考生及时关注预审进度" % office),
                ("prereview_passed", "预审通过", "%s招办已预审通过，请进行毕业申请支付" % office),
                ("prereview_failed", "预审未通过", "%s招办预审未通过" % office),
                ("paid", "已支付", "已支付，请填报毕业生登记表"),
                ("regform_filled", "登记表已填", "毕业生登记表已填报，请在规定时间内交回县（市、区）自考部门"),
                ("materials_returned", "材料已交回", "材料已交回，等待毕业审定"),
                ("approved", "审定通过", "毕业审定通过"),
                ("rejected", "审定未通过", "毕业审定未通过")):
            with self.subTest(state=state):
                # The two refused states carry their reason (the schema's CHECK).
                z.psql("UPDATE applications SET status = '%s', prereview_reason = COALESCE(prereview_reason, '成绩不符'), "
                       "final_reason = COALESCE(final_reason, '材料不全') WHERE id = %s" % (state, app))
                before = stored(p)
                r = c.get("/apply/status")  # the page whose CSRF token the POST sends
                self.assertEqual(r.status, 200)
                r = c.post("/apply/submit", CONFIRMED)
                self.assertEqual((r.status, z.path_of(r.location)), (303, "/apply/status"), text_of(r.text)[:500])
                after = stored(p)
                self.assertEqual(after, before, changed(before, after))
                r = c.get("/apply/status")
                self.assertEqual(r.status, 200)
                self.assertEqual(status_line(r.text), line)
                t = text_of(r.text)
                self.assertIn("1 太原理工大学 080901计算机科学与技术(本科) %s 审核详情" % progress, t)
                self.assertIn("提交时间：" + shown_at, t)
                self.assertIn("(顶替课程-13003数据结构与算法)", t)  # the snapshot of 提交
        # Through all ten, the row kept what 提交 stored; only the status was set (in SQL).
        self.assertEqual(apps(p), ["1:rejected"])
        after = stored(p)
        self.assertEqual(after, dict(submitted, status="rejected"), changed(dict(submitted, status="rejected"), after))

    def test_bad_step1_inputs_each_with_its_message(self):
        p = self.p["三校"]
        c = login(p)
        r = fill(c, ["10112", "10108", "10117"], phone="12345", address="x")
        self.assertEqual(r.status, 400)
        self.assertIn(MAX_TWO, r.text)
        self.assertIn("请填写11位手机号码。", r.text)
        self.assertIn("请填写地址（2到200个字）。", r.text)
        self.assertIn('value="10112" checked', r.text)  # input kept
        r = fill(c, [], county="999999")
        self.assertEqual(r.status, 400)
        self.assertIn("请至少选择一所主考院校。", r.text)
        # The checkbox group's error is announced with the group (its fieldset names it).
        self.assertIn('<fieldset aria-describedby="err-institution">', r.text)
        self.assertIn('<p class="field-error" id="err-institution">请至少选择一所主考院校。</p>', r.text)
        self.assertIn("请选择毕业申请区县。", r.text)
        self.assertIn("学府街1号", r.text)
        r = fill(c, ["10112", "00000"])
        self.assertEqual(r.status, 400)
        self.assertIn("所选主考院校不存在", r.text)
        self.assertEqual(apps(p), [])
        # No CSRF token: refused before anything else.
        r = c.post("/apply", [("county_code", "140105"), ("phone", "13912345678"), ("address", "太原"),
                              ("institution", "10112")], csrf=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(apps(p), [])
        # 步骤2 without step 1: back to step 1.
        r = c.get("/apply/majors")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/apply")

    def test_major_of_another_institution_and_tampered_ids(self):
        p = self.p["他校"]
        c = login(p)
        # Seq follows the institutions' order: 1 = 山西大学 (10108), 2 = 太原理工大学 (10112).
        self.assertEqual(fill(c, ["10112", "10108"]).status, 303)
        own = major_id("10112", "080901")
        for bad in ({1: own}, {2: major_id("10108", "120402")}, {2: major_id("10117", "101101")}, {2: 99999999},
                    {2: "abc"}, {3: own}, {2: "-1"}, {1: major_id("10108", "120402"), 2: "1 OR 1=1"}):
            r = choose(c, bad)
            self.assertEqual(r.status, 400, bad)
            self.assertIn(NOT_OF_INSTITUTION, r.text)
            self.assertEqual(z.psql("SELECT count(*) FROM application_majors am JOIN applications a "
                                    "ON a.id = am.application_id WHERE a.examinee_id = %d AND major_id IS NOT NULL"
                                    % p.db_id), "0", bad)
        # 下一步 without a major at each institution is refused at that institution.
        r = choose(c, {2: own}, "next")
        self.assertEqual(r.status, 400)
        self.assertIn("请选择申请专业。", r.text)
        # Submitting anyway is refused on the confirm page.
        r = c.post("/apply/submit", CONFIRMED)
        self.assertIn(r.status, (303, 400))
        self.assertEqual(apps(p), ["1:draft"])

    def test_submit_outside_the_window(self):
        p = self.p["窗口"]
        c = login(p)
        to_confirm(self, c)
        token = c.csrf_token()
        saved = z.psql("SELECT opens_at || '|' || closes_at FROM business_windows w JOIN batches b ON b.id = w.batch_id "
                       "WHERE b.is_current AND w.business_code = 'graduation'")
        opens, closes = saved.split("|")
        try:
            z.psql("UPDATE business_windows w SET opens_at = now() - interval '30 days', "
                   "closes_at = now() - interval '20 days' FROM batches b "
                   "WHERE b.id = w.batch_id AND b.is_current AND w.business_code = 'graduation'")
            r = c.post("/apply/submit", {"csrf_token": token, **CONFIRMED}, csrf=False)
            self.assertEqual(r.status, 403)
            self.assertIn(CLOSED, r.text)
            for path in ("/apply", "/apply/majors", "/apply/confirm"):
                r = c.get(path)
                self.assertEqual(r.status, 403, path)
                self.assertIn(CLOSED, r.text)
            r = c.post("/apply", [("county_code", "140105"), ("phone", "13912345678"), ("address", "别处地址"),
                                  ("institution", "10108"), ("csrf_token", token)], csrf=False)
            self.assertEqual(r.status, 403)
        finally:
            z.psql("UPDATE business_windows w SET opens_at = '%s', closes_at = '%s' FROM batches b "
                   "WHERE b.id = w.batch_id AND b.is_current AND w.business_code = 'graduation'" % (opens, closes))
        self.assertEqual(apps(p), ["1:draft"])
        self.assertEqual(z.psql("SELECT institution_code FROM application_majors am JOIN applications a "
                                "ON a.id = am.application_id WHERE a.examinee_id = %d" % p.db_id), "10112")

    def test_not_eligible_major_shows_restrictions_and_submit_is_refused(self):
        p = self.p["英语"]
        c = login(p)
        self.assertEqual(fill(c, ["10112"]).status, 303)
        self.assertEqual(choose(c, {1: major_id("10112", "080901")}).status, 303)
        r = c.get("/apply/majors")
        self.assertEqual(r.status, 200)
        t = text_of(r.text)
        for s in ("毕业申请专业限制条件", "所选专业不符合毕业合格条件", "00015", "英语(二)", "✗", "✓", "缺少",
                  "添加顶替英语二课程", "添加一门顶多门或任选一门新计划顶替课程", "添加旧计划课程（实践课考核卡）",
                  "按您的合格课程，最接近的专业"):
            self.assertIn(s, t)
        for href in ("/substitute/english", "/substitute/newplan", "/substitute/oldplan",
                     "/substitute/english?suggest=1"):
            self.assertIn('href="%s"' % href, r.text)
        self.assertEqual(z.psql("SELECT eligible FROM application_majors am JOIN applications a "
                                "ON a.id = am.application_id WHERE a.examinee_id = %d" % p.db_id), "f")
        r = choose(c, {1: major_id("10112", "080901")}, "next")
        self.assertEqual(r.status, 400)
        self.assertIn("不符合毕业合格条件", r.text)
        r = c.get("/apply/confirm")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/apply/majors")
        c.get("/apply/majors")
        r = c.post("/apply/submit", CONFIRMED)
        self.assertEqual(r.status, 400)
        self.assertIn("所选专业不符合毕业合格条件", r.text)
        self.assertEqual(apps(p), ["1:draft"])

    def test_bachelor_submit_without_chsi_is_refused(self):
        p = self.p["学信"]
        c = login(p)
        r = to_confirm(self, c)
        self.assertIn("学信网", r.text)
        r = c.post("/apply/submit", CONFIRMED)
        self.assertEqual(r.status, 400)
        self.assertIn("申请自学考试本科学历须先完成学信网学历验证授权", r.text)
        self.assertEqual(apps(p), ["1:draft"])

    def test_bachelor_submit_with_chsi_name_differing_is_refused(self):
        """CHSI-4 / APP-8: a 学信网 record whose 姓名 differs blocks the 本科 submit."""
        p = self.p["异名"]
        c = login(p)
        to_confirm(self, c)
        r = c.post("/apply/submit", CONFIRMED)
        self.assertEqual(r.status, 400)
        self.assertIn("不完全一致", r.text)
        self.assertIn("市（县、区）招办", r.text)
        self.assertEqual(apps(p), ["1:draft"])

    def test_no_access_to_another_examinees_application(self):
        a, b = self.p["甲"], self.p["乙"]
        ca, cb = login(a), login(b)
        a_phone, a_address = "13966660001", "太原市小店区甲方小区7号楼"
        to_confirm(self, ca, phone=a_phone, address=a_address)
        self.assertEqual(ca.post("/apply/submit", CONFIRMED).status, 303)
        app_a = z.psql("SELECT id FROM applications WHERE examinee_id = %d" % a.db_id)
        before = z.psql("SELECT status, county_code, address, institution_code, major_id FROM applications x "
                        "JOIN application_majors m ON m.application_id = x.id WHERE x.examinee_id = %d" % a.db_id)
        # A's application as any of the pages would show it: name, 准考证号, address, phone
        # (plain, and masked as on the confirm page) and major.
        of_a = (a.name, a.ticket, a_address, a_phone, a_phone[:3] + "****" + a_phone[-4:], "计算机科学与技术")
        # B has not started an application yet. Asked for A's by id, each page answers as if
        # no id were given: B's own (empty) page, or B sent to step 1.
        with self.subTest(path="/apply/status?id="):
            r = cb.get("/apply/status?id=%s" % app_a)
            self.assertEqual([s for s in of_a + ("太原理工大学",) if s in r.text], [])
            self.assertNotIn('id="audit-', r.text)
            self.assertEqual(r.status, 200)
            t = text_of(r.text)
            self.assertIn("姓名：%s" % b.name, t)
            self.assertIn("您在本批次尚未进行毕业申请。", t)
        with self.subTest(path="/apply/confirm?id="):
            r = cb.get("/apply/confirm?id=%s" % app_a)
            self.assertEqual([s for s in of_a + ("太原理工大学",) if s in r.text], [])
            self.assertEqual((r.status, z.path_of(r.location)), (303, "/apply"))
        with self.subTest(path="/apply?id="):
            # Step 1 with B's own defaults: B's phone, no address, B's county, no 主考院校
            # checked (太原理工大学 is there only as one of the choices).
            r = cb.get("/apply?id=%s" % app_a)
            self.assertEqual([s for s in of_a if s in r.text], [])
            self.assertNotRegex(r.text, r'name="institution" value="\d+" checked')
            self.assertEqual(r.status, 200)
            self.assertIn(b.name, text_of(r.text))
            self.assertIn('name="phone" type="tel" value="%s"' % b.phone, r.text)
            self.assertIn('name="address" type="text" value=""', r.text)
            self.assertIn('value="140107" selected', r.text)
        with self.subTest(path="/apply/majors?application_id="):
            r = cb.get("/apply/majors?application_id=%s" % app_a)
            self.assertEqual([s for s in of_a + ("太原理工大学",) if s in r.text], [])
            self.assertEqual((r.status, z.path_of(r.location)), (303, "/apply"))
        # B's own forms, with A's ids slipped in, change only B's draft (or are refused).
        self.assertEqual(fill(cb, ["10108"]).status, 303)
        r = cb.get("/apply/majors")
        r = cb.post("/apply/majors", [("major_1", str(major_id("10112", "080901"))), ("application_id", app_a),
                                      ("id", app_a), ("action", "check")])
        self.assertEqual(r.status, 400)
        cb.get("/apply/majors")
        cb.post("/apply/submit", {"application_id": app_a, "id": app_a, **CONFIRMED})
        r = cb.get("/apply/status")
        self.assertNotIn(a.name, r.text)
        cb.get("/apply/status")
        r = cb.post("/apply/reapply", {"id": app_a})
        self.assertEqual(r.status, 400)
        after = z.psql("SELECT status, county_code, address, institution_code, major_id FROM applications x "
                       "JOIN application_majors m ON m.application_id = x.id WHERE x.examinee_id = %d" % a.db_id)
        self.assertEqual(before, after)
        self.assertEqual(apps(a), ["1:submitted"])
        self.assertEqual(apps(b), ["1:draft"])

    def test_reapply_once_after_prereview_failed(self):
        p = self.p["重报"]
        c = login(p)
        to_confirm(self, c)
        self.assertEqual(c.post("/apply/submit", CONFIRMED).status, 303)
        c.get("/apply/status")
        r = c.post("/apply/reapply", {})
        self.assertEqual(r.status, 400)
        self.assertIn("只能在预审未通过后重新申请一次", r.text)
        z.psql("UPDATE applications SET status = 'prereview_failed', prereview_reason = '地址不详' "
               "WHERE examinee_id = %d" % p.db_id)
        r = c.get("/apply/status")
        t = text_of(r.text)
        self.assertIn("预审未通过", t)
        self.assertIn("不通过原因：地址不详", t)
        self.assertIn("重新申请", t)
        self.assertIn('action="/apply/reapply"', r.text)
        r = c.post("/apply/reapply", {})
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/apply")
        self.assertEqual(apps(p), ["1:prereview_failed", "2:draft"])
        self.assertEqual(z.psql("SELECT count(*) FROM application_majors m JOIN applications a ON a.id = m.application_id "
                                "WHERE a.examinee_id = %d AND a.attempt = 2 AND m.major_id IS NOT NULL "
                                "AND m.eligible IS NULL" % p.db_id), "1")
        r = c.get("/apply")
        self.assertEqual(r.status, 200)
        self.assertIn("学府街1号", r.text)
        r = to_confirm(self, c)
        self.assertEqual(c.post("/apply/submit", CONFIRMED).status, 303)
        self.assertEqual(apps(p), ["1:prereview_failed", "2:submitted"])
        z.psql("UPDATE applications SET status = 'prereview_failed', prereview_reason = '成绩不符' "
               "WHERE examinee_id = %d AND attempt = 2" % p.db_id)
        r = c.get("/apply/status")
        self.assertNotIn('action="/apply/reapply"', r.text)
        r = c.post("/apply/reapply", {})
        self.assertEqual(r.status, 400)
        self.assertIn("只能在预审未通过后重新申请一次", r.text)
        z.psql("UPDATE applications SET status = 'prereview_passed' WHERE examinee_id = %d AND attempt = 2" % p.db_id)
        c.get("/apply/status")
        r = c.post("/apply/reapply", {})
        self.assertEqual(r.status, 400)
        self.assertIn("毕业申请已审核通过，不能再修改或重新申请", r.text)
        self.assertEqual(apps(p), ["1:prereview_failed", "2:prereview_passed"])

    def test_substitution_reaudited_on_get_and_rechecked_at_submit(self):
        p = self.p["顶替"]
        c, r = restricted_080901(self, p)
        t = text_of(r.text)
        self.assertIn("缺少必考课程 02325 计算机系统结构", t)
        app = z.psql("SELECT id FROM applications WHERE examinee_id = %d" % p.db_id)
        # A choice the rule does not allow (04741 is not one of r-13180's old courses).
        z.psql("INSERT INTO application_substitutions (application_id, rule_id, new_code, old_codes) "
               "VALUES (%s, 'r-13180', '13180', '{04741}')" % app)
        r = c.post("/apply/submit", CONFIRMED)
        self.assertEqual(r.status, 400)
        self.assertEqual(apps(p), ["1:draft"])
        # What module `substitute` stores for 任选一门: the screen is current on the next GET.
        z.psql("UPDATE application_substitutions SET old_codes = '{02325}' WHERE application_id = %s" % app)
        r = c.get("/apply/majors")
        self.assertIn("符合毕业合格条件", r.text)
        self.assertNotIn("所选专业不符合毕业合格条件", r.text)
        self.assertEqual(z.psql("SELECT eligible FROM application_majors WHERE application_id = %s" % app), "t")
        r = choose(c, {1: major_id("10112", "080901")}, "next")
        self.assertEqual(r.status, 303)
        r = c.get("/apply/confirm")
        self.assertIn("13180 顶替 02325", text_of(r.text))
        self.assertEqual(c.post("/apply/submit", CONFIRMED).status, 303)
        self.assertEqual(apps(p), ["1:submitted"])
        self.assertIn("13180", z.psql("SELECT audit_json::text FROM application_majors WHERE application_id = %s" % app))

    def test_missing_course_offers_the_any_one_of_choice_with_one_button(self):
        p = self.p["一键"]
        c, r = restricted_080901(self, p)
        t = text_of(r.text)
        self.assertIn("缺少 02325 计算机系统结构：可由 13180 操作系统 顶替（任选一门）", t)
        self.assertNotIn("r-13180", r.text)
        # The button's form: outside the step-2 form, posting the pair to /substitute/newplan.
        form = re.search(r'<form id="(fill-1-\d+)" method="post" action="/substitute/newplan"[^>]*>(.*?)</form>',
                         r.text, re.S)
        self.assertIsNotNone(form, "the form of the 添加此顶替 button")
        self.assertIn('form="%s"' % form.group(1), r.text)
        fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', form.group(2)))
        self.assertEqual((fields["action"], fields["new_code"], fields["old_code"]), ("add", "13180", "02325"))
        self.assertEqual(fields["csrf_token"], c.csrf_token())
        self.assertLess(r.text.index("</form>"), r.text.index('<form id="fill-1-'))
        r = c.post("/substitute/newplan", list(fields.items()))
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertEqual(z.path_of(r.location), "/apply/majors")
        r = c.get("/apply/majors")
        t = text_of(r.text)
        self.assertIn("计算机科学与技术(本科)专业：符合毕业合格条件", t)
        self.assertNotIn("所选专业不符合毕业合格条件", t)
        self.assertNotIn("可由 13180", t)  # the choice is made: no button for it any more
        self.assertNotIn("r-13180", r.text)
        for action in ("/substitute/english", "/substitute/newplan", "/substitute/oldplan"):
            self.assertIn('href="%s"' % action, r.text)  # the substitution actions stay reachable
        self.assertEqual(z.psql("SELECT new_code || ':' || array_to_string(old_codes, ',') FROM application_substitutions "
                                "s JOIN applications a ON a.id = s.application_id WHERE a.examinee_id = %d"
                                % p.db_id), "13180:02325")

    def test_confirm_page_shows_the_registration_photo(self):
        import test_photo  # it imports this module: imported here, once both are loaded
        p = self.p["照片"]
        ids = test_photo.add_registration_photos(p)
        c = login(p)
        r = to_confirm(self, c)
        self.assertIn('<img class="ticket-photo" src="/apply/photo"', r.text)
        self.assertNotIn("系统中没有您的准考证照片", text_of(r.text))
        photo = c.get("/apply/photo")
        self.assertEqual((photo.status, photo.header("Content-Type")), (200, "image/jpeg"))
        self.assertEqual(photo.body.hex(), z.psql("SELECT encode(data, 'hex') FROM photos WHERE id = %d" % ids[0]))
        self.assertEqual(z.Client().get("/apply/photo").status, 303)  # not logged in: to /login


if __name__ == "__main__":
    unittest.main()
