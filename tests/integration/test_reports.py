"""统计报表 (REV-4, module `review`): /admin/reports counts a batch's submitted applications
by 毕业申请区县 × 审批进度 within the staff member's scope, and /admin/reports/applications.csv
downloads them (UTF-8 with BOM, CRLF, RFC 4180 quoting, masked 身份证号, formula cells
neutralized) and writes report.export to the staff audit log.

Everything this file reads is its own: staff accounts with the scopes of the demo staff
(小店区, 迎泽区, 潞州区 clerks, 太原市招办, 省审定组, 管理员) and examinees, created with one
`zikao-ctl load-demo` of a private directory (test_review's fixtures), and a batch of
their own (not the current one) holding their applications, written directly in SQL. So the figures are exact
whatever other test files do to the current batch, and the batch and its applications
are removed afterwards."""
import csv
import html.parser
import io
import json
import secrets
import unittest

import zkclient as z
from test_review import Staff, load_demo, staff_client

RUN = secrets.token_hex(3)
EXAMINEE_PASSWORD = "Itest#Reports-9x"
CSV_HEADER = ["准考证号", "姓名", "身份证号", "毕业申请区县", "第几次申请", "申请院校", "申请专业", "审批进度", "提交时间"]
BOM = b"\xef\xbb\xbf"
BAD_FILTER = "筛选条件无效"
BAD_BATCH = "所选批次不存在"
# A name a spreadsheet would evaluate, with a comma and quotes that need RFC 4180 quoting.
FORMULA_NAME = '=1+2,"x"'


class Person:
    def __init__(self, label):
        self.id_number = z.unique_id_number("140107")
        self.ticket = "95" + self.id_number[8:14] + self.id_number[14:17] + "7"
        self.name = "报表%s%s" % (label, RUN)
        self.phone = "137" + self.id_number[8:14] + self.id_number[15:17]
        self.db_id = None

    @property
    def masked_id(self):
        return self.id_number[:4] + "*" * 10 + self.id_number[-4:]

    def csv_line(self):
        return ",".join([self.name, self.id_number, self.ticket, EXAMINEE_PASSWORD, "140107", "verified",
                         "汉族", "城镇", "大学专科", "企业职工", "群众", self.phone, ""])


def add_application(batch, person, county, status, attempt=1, majors=(("10112", "080901"),)):
    """An application of `batch` in `county` with `status` (a draft has no submission time)."""
    submitted = "NULL" if status == "draft" else "now()"
    reason = "'成绩不符：报表测试'" if status == "prereview_failed" else "NULL"
    app_id = int(z.psql(
        "INSERT INTO applications (examinee_id, batch_id, attempt, status, county_code, phone_enc, address, "
        "submitted_at, prereview_reason) SELECT e.id, %d, %d, '%s', '%s', e.phone_enc, '太原市小店区报表路1号', %s, %s "
        "FROM examinees e WHERE e.id = %d RETURNING id"
        % (batch, attempt, status, county, submitted, reason, person.db_id)).split("\n")[0])
    for seq, (institution, major) in enumerate(majors, start=1):
        z.psql("INSERT INTO application_majors (application_id, seq, institution_code, major_id) "
               "SELECT %d, %d, '%s', id FROM majors WHERE institution_code = '%s' AND code = '%s'"
               % (app_id, seq, institution, institution, major))
    return app_id


class _Table(html.parser.HTMLParser):
    """The cells of <table class="data report">: header row, body rows and footer row as text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.part, self.cell = False, None, None
        self.head, self.body, self.foot = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "report" in (a.get("class") or "").split():
            self.inside = True
        elif self.inside and tag in ("thead", "tbody", "tfoot"):
            self.part = tag
        elif self.inside and tag == "tr":
            {"thead": self.head, "tbody": self.body, "tfoot": self.foot}[self.part].append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            {"thead": self.head, "tbody": self.body, "tfoot": self.foot}[self.part][-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def report_table(text):
    """{county: {column: value}} for the body rows and {column: value} for the 合计 row."""
    t = _Table()
    t.feed(text)
    if not t.head:
        return {}, None
    head = t.head[0]
    rows = {r[1]: dict(zip(head, r)) for r in t.body}
    foot = None
    if t.foot:
        # The footer's first cell spans 市 and 区县.
        foot = dict(zip(head[1:], t.foot[0]))
    return rows, foot


class ReportsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # The scopes of the demo staff xiaodian, yingze, luzhou, taiyuan, shending and admin.
        cls.xiaodian = Staff("rpxd", "county", county="140105")
        cls.yingze = Staff("rpyz", "county", county="140106")
        cls.luzhou = Staff("rplz", "county", county="140403")
        cls.taiyuan = Staff("rpty", "city", city="140100")
        cls.shending = Staff("rpsd", "province")
        cls.admin = Staff("rpad", "admin")
        cls.staff = [cls.xiaodian, cls.yingze, cls.luzhou, cls.taiyuan, cls.shending, cls.admin]
        cls.formula = Person("公式")
        cls.again = Person("重申")
        cls.two_majors = Person("双专业")
        cls.changzhi = Person("潞州")
        cls.draft = Person("草稿")
        people = [cls.formula, cls.again, cls.two_majors, cls.changzhi, cls.draft]
        load_demo(cls.staff, people)
        z.psql("UPDATE examinees SET name = '%s' WHERE id = %d" % (FORMULA_NAME.replace("'", "''"), cls.formula.db_id))
        cls.formula.name = FORMULA_NAME

        cls.batch_name = "报表测试%s" % RUN
        cls.batch = int(z.psql("INSERT INTO batches (name) VALUES ('%s') RETURNING id" % cls.batch_name).split("\n")[0])
        cls.addClassCleanup(cls.remove_batch)
        add_application(cls.batch, cls.formula, "140105", "submitted")
        add_application(cls.batch, cls.again, "140105", "prereview_failed", attempt=1)
        add_application(cls.batch, cls.again, "140105", "prereview_passed", attempt=2)
        add_application(cls.batch, cls.two_majors, "140106", "approved",
                        majors=(("10112", "080901"), ("10108", "120402")))
        add_application(cls.batch, cls.changzhi, "140403", "submitted")
        add_application(cls.batch, cls.draft, "140105", "draft")

        for s in cls.staff:
            s.client = staff_client(s)

    @classmethod
    def remove_batch(cls):
        z.psql("DELETE FROM applications WHERE batch_id = %d" % cls.batch)
        z.psql("DELETE FROM batches WHERE id = %d" % cls.batch)

    # ---- helpers

    def report(self, staff, query=None):
        r = staff.client.get("/admin/reports?batch=%d" % self.batch if query is None else "/admin/reports" + query)
        self.assertEqual(r.status, 200, r.text[:500])
        return r

    def download(self, staff, query=""):
        r = staff.client.get("/admin/reports/applications.csv?batch=%d%s" % (self.batch, query))
        self.assertEqual(r.status, 200, r.text[:500])
        return r

    def csv_rows(self, r):
        self.assertTrue(r.body.startswith(BOM), r.body[:20])
        rows = list(csv.reader(io.StringIO(r.body[len(BOM):].decode("utf-8"), newline="")))
        self.assertEqual(rows[0], CSV_HEADER)
        return [dict(zip(CSV_HEADER, row)) for row in rows[1:]]

    def audit_exports(self, staff):
        return int(z.psql("SELECT count(*) FROM staff_audit_log WHERE staff_id = %d AND action = 'report.export'"
                          % staff.db_id))

    # ---- the report

    def test_county_clerk_sees_own_county_with_attempts_counted(self):
        rows, foot = report_table(self.report(self.xiaodian).text)
        self.assertEqual(list(rows), ["小店区"])
        r = rows["小店区"]
        self.assertEqual(r["市"], "太原市")
        # Status columns: only those that occur, in the order of the process; no 未提交.
        self.assertEqual([k for k in r if k not in ("市", "区县", "合计（申请数）", "其中重新申请", "考生人数", "导出")],
                         ["已提交", "预审通过", "预审未通过"])
        self.assertEqual((r["已提交"], r["预审通过"], r["预审未通过"]), ("1", "1", "1"))
        # Both attempts of the examinee who re-applied count; the draft does not.
        self.assertEqual((r["合计（申请数）"], r["其中重新申请"], r["考生人数"]), ("3", "1", "2"))
        self.assertEqual((foot["合计（申请数）"], foot["其中重新申请"], foot["考生人数"]), ("3", "1", "2"))
        self.assertEqual(foot["区县"], "合计")

    def test_city_office_sees_its_city_only(self):
        rows, foot = report_table(self.report(self.taiyuan).text)
        self.assertEqual(sorted(rows), ["小店区", "迎泽区"])
        self.assertEqual(rows["迎泽区"]["审定通过"], "1")
        self.assertEqual(rows["小店区"]["审定通过"], "0")
        self.assertEqual((foot["合计（申请数）"], foot["其中重新申请"], foot["考生人数"]), ("4", "1", "3"))
        self.assertEqual((foot["已提交"], foot["预审通过"], foot["预审未通过"], foot["审定通过"]), ("1", "1", "1", "1"))

    def test_other_county_sees_nothing_of_xiaodian(self):
        text = self.report(self.luzhou).text
        rows, foot = report_table(text)
        self.assertEqual(list(rows), ["潞州区"])
        self.assertEqual(rows["潞州区"]["市"], "长治市")
        self.assertEqual(foot["合计（申请数）"], "1")
        self.assertNotIn("小店区", text)
        rows, _ = report_table(self.report(self.yingze).text)
        self.assertEqual(list(rows), ["迎泽区"])

    def test_province_and_admin_see_all_and_counts_match_sql(self):
        by_sql = {}
        for line in z.psql("SELECT c.name, a.status, count(*) FROM applications a JOIN counties c ON c.code = a.county_code "
                           "WHERE a.batch_id = %d AND a.status <> 'draft' GROUP BY 1, 2" % self.batch).splitlines():
            county, status, n = line.split("|")
            by_sql[(county, status)] = int(n)
        total = int(z.psql("SELECT count(*) FROM applications WHERE batch_id = %d AND status <> 'draft'" % self.batch))
        self.assertEqual(total, 5)
        names = {"submitted": "已提交", "prereview_passed": "预审通过", "prereview_failed": "预审未通过",
                 "approved": "审定通过"}
        for staff in (self.shending, self.admin):
            rows, foot = report_table(self.report(staff).text)
            self.assertEqual(sorted(rows), sorted({county for county, _ in by_sql}))
            for (county, status), n in by_sql.items():
                self.assertEqual(rows[county][names[status]], str(n), (staff.username, county, status))
            self.assertEqual(foot["合计（申请数）"], str(total))
            self.assertEqual(foot["考生人数"], "4")

    def test_page_says_what_it_counts_and_defaults_to_the_current_batch(self):
        text = self.report(self.xiaodian).text
        self.assertIn("不含未提交的草稿", text)
        self.assertIn("其中重新申请", text)
        self.assertIn('<option value="%d" selected>%s</option>' % (self.batch, self.batch_name), text)
        current = z.psql("SELECT id FROM batches WHERE is_current")
        default = self.report(self.shending, "").text
        if current:
            self.assertRegex(default, r'<option value="%s" selected>[^<]*（当前批次）</option>' % current)
        self.assertNotIn('<option value="%d" selected>' % self.batch, default)

    def test_dashboard_links_to_reports_for_every_role(self):
        for staff in self.staff:
            r = staff.client.get("/admin")
            self.assertEqual(r.status, 200)
            self.assertIn('href="/admin/reports"', r.text, staff.username)

    def test_not_for_anonymous_or_examinees(self):
        examinee = z.Client()
        r = examinee.login(self.changzhi.ticket, EXAMINEE_PASSWORD)
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertTrue(examinee.session_token)
        for client in (z.Client(), examinee):
            for path in ("/admin/reports", "/admin/reports/applications.csv?batch=%d" % self.batch):
                r = client.get(path)
                self.assertNotEqual(r.status, 200, path)
                self.assertFalse(r.body.startswith(BOM), path)
                self.assertNotIn(self.changzhi.ticket, r.text)
                self.assertNotIn(self.batch_name, r.text)

    # ---- the download

    def test_csv_format_headers_and_masking(self):
        before = self.audit_exports(self.xiaodian)
        r = self.download(self.xiaodian)
        self.assertEqual(r.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), "private, no-store")
        disposition = r.header("Content-Disposition")
        self.assertTrue(disposition.startswith('attachment; filename="applications-batch%d.csv"; ' % self.batch),
                        disposition)
        self.assertIn("filename*=UTF-8''", disposition)
        self.assertTrue(disposition.isascii())
        body = r.body[len(BOM):]
        # CRLF after every line, never a bare LF.
        self.assertTrue(body.endswith(b"\r\n"))
        self.assertEqual(body.count(b"\n"), body.count(b"\r\n"))
        rows = self.csv_rows(r)
        self.assertEqual(len(rows), 3, rows)
        self.assertEqual({row["毕业申请区县"] for row in rows}, {"太原市小店区"})
        again = [row for row in rows if row["准考证号"] == self.again.ticket]
        self.assertEqual([(row["第几次申请"], row["审批进度"]) for row in again],
                         [("第1次", "预审未通过"), ("第2次", "预审通过")])
        for row in again:
            self.assertEqual(row["身份证号"], self.again.masked_id)
            self.assertEqual(row["姓名"], self.again.name)
            self.assertEqual(row["申请院校"], "太原理工大学")
            self.assertEqual(row["申请专业"], "080901 计算机科学与技术(本科)")
            self.assertRegex(row["提交时间"], r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
        for person in (self.formula, self.again, self.draft, self.two_majors, self.changzhi):
            self.assertNotIn(person.id_number.encode(), r.body)
        self.assertNotIn(self.draft.ticket.encode(), r.body)
        self.assertNotIn(self.two_majors.ticket.encode(), r.body)
        self.assertEqual(self.audit_exports(self.xiaodian), before + 1)

    def test_csv_neutralizes_formulas_and_quotes(self):
        r = self.download(self.xiaodian)
        # The apostrophe goes inside the quotes; the quotes inside are doubled.
        self.assertIn(b'"\'=1+2,""x"""', r.body)
        rows = [row for row in self.csv_rows(r) if row["准考证号"] == self.formula.ticket]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["姓名"], "'" + FORMULA_NAME)

    def test_csv_two_majors_in_one_line(self):
        rows = [row for row in self.csv_rows(self.download(self.yingze)) if row["准考证号"] == self.two_majors.ticket]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["申请院校"], "太原理工大学；山西大学")
        self.assertEqual(rows[0]["申请专业"], "080901 计算机科学与技术(本科)；120402 行政管理(本科)")
        self.assertEqual(rows[0]["审批进度"], "审定通过")

    def test_csv_scope(self):
        def tickets(staff, query=""):
            return sorted(row["准考证号"] for row in self.csv_rows(self.download(staff, query)))
        xd = sorted([self.formula.ticket, self.again.ticket, self.again.ticket])
        self.assertEqual(tickets(self.xiaodian), xd)
        self.assertEqual(tickets(self.taiyuan), sorted(xd + [self.two_majors.ticket]))
        self.assertEqual(tickets(self.luzhou), [self.changzhi.ticket])
        everyone = sorted(xd + [self.two_majors.ticket, self.changzhi.ticket])
        self.assertEqual(tickets(self.shending), everyone)
        self.assertEqual(tickets(self.admin), everyone)
        # A county outside the scope is a valid filter that finds nothing there.
        self.assertEqual(tickets(self.luzhou, "&county=140105"), [])
        self.assertEqual(tickets(self.xiaodian, "&county=140106"), [])

    def test_csv_filters(self):
        rows = self.csv_rows(self.download(self.shending, "&status=prereview_failed"))
        self.assertEqual([(row["准考证号"], row["第几次申请"]) for row in rows], [(self.again.ticket, "第1次")])
        rows = self.csv_rows(self.download(self.shending, "&county=140106"))
        self.assertEqual([row["准考证号"] for row in rows], [self.two_majors.ticket])
        rows = self.csv_rows(self.download(self.taiyuan, "&county=140105&status=submitted"))
        self.assertEqual([row["准考证号"] for row in rows], [self.formula.ticket])
        r = self.download(self.taiyuan, "&county=140105&status=submitted")
        self.assertIn("-140105-submitted.csv\"", r.header("Content-Disposition"))

    def test_csv_default_batch_is_not_the_test_batch(self):
        r = self.shending.client.get("/admin/reports/applications.csv")
        if not z.psql("SELECT id FROM batches WHERE is_current"):
            self.skipTest("no current batch")
        self.assertEqual(r.status, 200)
        tickets = {row["准考证号"] for row in self.csv_rows(r)}
        self.assertFalse(tickets & {self.formula.ticket, self.again.ticket, self.changzhi.ticket})

    def test_unknown_filters_answer_400_and_log_nothing(self):
        before = self.audit_exports(self.shending)
        for query, message in (("&status=draft", BAD_FILTER), ("&status=nonsense", BAD_FILTER),
                               ("&county=999999", BAD_FILTER), ("&county=14010'", BAD_FILTER),
                               ("&county=1401055", BAD_FILTER)):
            r = self.shending.client.get("/admin/reports/applications.csv?batch=%d%s" % (self.batch, query))
            self.assertEqual(r.status, 400, query)
            self.assertTrue(r.header("Content-Type").startswith("text/html"), query)
            self.assertIn(message, r.text, query)
        for query in ("?batch=0", "?batch=abc", "?batch=%d" % (self.batch + 100000)):
            for path in ("/admin/reports", "/admin/reports/applications.csv"):
                r = self.shending.client.get(path + query)
                self.assertEqual(r.status, 400, path + query)
                self.assertIn(BAD_BATCH, r.text)
        self.assertEqual(self.audit_exports(self.shending), before)

    def test_export_is_in_the_audit_log_without_personal_data(self):
        self.download(self.taiyuan, "&status=submitted")
        row = z.psql("SELECT subject, before IS NULL, after::text FROM staff_audit_log WHERE staff_id = %d "
                     "AND action = 'report.export' ORDER BY id DESC LIMIT 1" % self.taiyuan.db_id)
        subject, before_null, after = row.split("|", 2)
        self.assertEqual(subject, "report:applications")
        self.assertEqual(before_null, "t")
        self.assertEqual(json.loads(after), {"batch": self.batch, "status": "submitted", "county": "", "rows": 1})
        for person in (self.formula, self.changzhi):
            for value in (person.id_number, person.masked_id, person.name, person.ticket):
                self.assertNotIn(value, after)


if __name__ == "__main__":
    unittest.main()
