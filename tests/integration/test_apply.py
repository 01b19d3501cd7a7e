"""test_apply: module `apply` (毕业申请, APP-1 … APP-8) over HTTP through nginx.

Every test uses its own examinees, created with one `zikao-ctl load-demo` of a private
directory (examinees.csv + passed.csv cloned from the demo's 张三 / 李娜 transcripts), so
the demo accounts stay clean for the browser tests. 学信网 records, where a test needs
them, are written in SQL by copying the examinee's own encrypted 身份证号, exactly as a
verified 学信网 callback would store them. The window test moves the demo window into
the past and restores it in `finally`.
"""
import csv
import os
import re
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


def to_confirm(test, c, county="140105"):
    """Step 1 and 2 for 太原理工大学 080901, ending on the confirm page."""
    r = fill(c, ["10112"], county=county)
    test.assertEqual(r.status, 303, text_of(r.text)[:400])
    test.assertEqual(z.path_of(r.location), "/apply/majors")
    r = choose(c, {1: major_id("10112", "080901")}, "next")
    test.assertEqual(r.status, 303, text_of(r.text)[:600])
    test.assertEqual(z.path_of(r.location), "/apply/confirm")
    r = c.get("/apply/confirm")
    test.assertEqual(r.status, 200)
    return r


PEOPLE = {}
_lock = threading.Lock()


def people():
    with _lock:
        if not PEOPLE:
            spec = [("提交", ZHANG_TICKET), ("并发", ZHANG_TICKET), ("三校", None), ("他校", ZHANG_TICKET),
                    ("窗口", ZHANG_TICKET), ("英语", LI_TICKET), ("学信", ZHANG_TICKET), ("甲", ZHANG_TICKET),
                    ("乙", LI_TICKET), ("重报", ZHANG_TICKET), ("顶替", ZHAO_TICKET), ("异名", ZHANG_TICKET)]
            made = {label: Person(label, clone) for label, clone in spec}
            load_people(list(made.values()))
            for label in ("提交", "并发", "窗口", "英语", "甲", "乙", "重报", "顶替"):
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
        self.assertIn("http://www.sxkszx.cn/", r.text)
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
        for s in ("山西省高等教育自学考试毕业申请信息确认页", "长治市潞州区", "139****5678", "太原理工大学",
                  "080901计算机科学与技术(本科)", "上一步", "提交", "返回首页"):
            self.assertIn(s, t)
        r = c.post("/apply/submit", {})
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
        p = self.p["并发"]
        c = login(p)
        to_confirm(self, c)
        token = c.csrf_token()
        results = []

        def submit():
            t = z.Client(c.address)
            t.cookies = dict(c.cookies)
            try:
                results.append(t.post("/apply/submit", {"csrf_token": token}, csrf=False).status)
            except Exception as e:  # noqa: BLE001 - reported below
                results.append(repr(e))

        threads = [threading.Thread(target=submit) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(results), 20)
        for status in results:
            self.assertIn(status, (200, 303), results)
        self.assertEqual(apps(p), ["1:submitted"])
        r = c.get("/apply/status")
        self.assertEqual(r.status, 200)
        self.assertEqual(len(re.findall(r'href="#audit-', r.text)), 1)

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
        r = c.post("/apply/submit", {})
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
            r = c.post("/apply/submit", {"csrf_token": token}, csrf=False)
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
        r = c.post("/apply/submit", {})
        self.assertEqual(r.status, 400)
        self.assertIn("所选专业不符合毕业合格条件", r.text)
        self.assertEqual(apps(p), ["1:draft"])

    def test_bachelor_submit_without_chsi_is_refused(self):
        p = self.p["学信"]
        c = login(p)
        r = to_confirm(self, c)
        self.assertIn("学信网", r.text)
        r = c.post("/apply/submit", {})
        self.assertEqual(r.status, 400)
        self.assertIn("申请自学考试本科学历须先完成学信网学历验证授权", r.text)
        self.assertEqual(apps(p), ["1:draft"])

    def test_bachelor_submit_with_chsi_name_differing_is_refused(self):
        """CHSI-4 / APP-8: a 学信网 record whose 姓名 differs blocks the 本科 submit."""
        p = self.p["异名"]
        c = login(p)
        to_confirm(self, c)
        r = c.post("/apply/submit", {})
        self.assertEqual(r.status, 400)
        self.assertIn("不完全一致", r.text)
        self.assertIn("市（县、区）招办", r.text)
        self.assertEqual(apps(p), ["1:draft"])

    def test_no_access_to_another_examinees_application(self):
        a, b = self.p["甲"], self.p["乙"]
        ca, cb = login(a), login(b)
        to_confirm(self, ca)
        self.assertEqual(ca.post("/apply/submit", {}).status, 303)
        app_a = z.psql("SELECT id FROM applications WHERE examinee_id = %d" % a.db_id)
        before = z.psql("SELECT status, county_code, address, institution_code, major_id FROM applications x "
                        "JOIN application_majors m ON m.application_id = x.id WHERE x.examinee_id = %d" % a.db_id)
        for path in ("/apply/status?id=%s" % app_a, "/apply/confirm?id=%s" % app_a, "/apply?id=%s" % app_a,
                     "/apply/majors?application_id=%s" % app_a):
            r = cb.get(path)
            self.assertNotIn(a.name, r.text, path)
            self.assertNotIn("太原理工大学", r.text if path.startswith("/apply/status") else "", path)
        # B's own forms, with A's ids slipped in, change only B's draft (or are refused).
        self.assertEqual(fill(cb, ["10108"]).status, 303)
        r = cb.get("/apply/majors")
        r = cb.post("/apply/majors", [("major_1", str(major_id("10112", "080901"))), ("application_id", app_a),
                                      ("id", app_a), ("action", "check")])
        self.assertEqual(r.status, 400)
        cb.get("/apply/majors")
        cb.post("/apply/submit", {"application_id": app_a, "id": app_a})
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
        self.assertEqual(c.post("/apply/submit", {}).status, 303)
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
        self.assertEqual(c.post("/apply/submit", {}).status, 303)
        self.assertEqual(apps(p), ["1:prereview_failed", "2:submitted"])
        z.psql("UPDATE applications SET status = 'prereview_failed' WHERE examinee_id = %d AND attempt = 2" % p.db_id)
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
        c = login(p)
        self.assertEqual(fill(c, ["10112"]).status, 303)
        self.assertEqual(choose(c, {1: major_id("10112", "080901")}).status, 303)
        r = c.get("/apply/majors")
        t = text_of(r.text)
        self.assertIn("所选专业不符合毕业合格条件", t)
        self.assertIn("缺少必考课程 02325 计算机系统结构", t)
        app = z.psql("SELECT id FROM applications WHERE examinee_id = %d" % p.db_id)
        # A choice the rule does not allow (04741 is not one of r-13180's old courses).
        z.psql("INSERT INTO application_substitutions (application_id, rule_id, new_code, old_codes) "
               "VALUES (%s, 'r-13180', '13180', '{04741}')" % app)
        r = c.post("/apply/submit", {})
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
        self.assertEqual(c.post("/apply/submit", {}).status, 303)
        self.assertEqual(apps(p), ["1:submitted"])
        self.assertIn("13180", z.psql("SELECT audit_json::text FROM application_majors WHERE application_id = %s" % app))


if __name__ == "__main__":
    unittest.main()
