"""管理员 系统设置 (module `review`, Access::Admin; public 通知公告 in module `center`):
business windows (CTR-2) and their effect on 个人中心 and /apply, 毕业申请费用 (PAY-1) stored
in 分 with store::settings::fee_for's answer, 通知公告 (CTR-3) visible by publish time and
withdrawal and always escaped, staff accounts (REV-1): create, disable (the account's open
session ends at once), enable, reset password; role refusal for a 县区招办 clerk on every
route; validation errors that change nothing; the audit rows each change writes.

Its administrator, clerk and examinee are created by this file (`zikao-ctl load-demo` of a
private directory, names unique to the run); notices and staff accounts are its own; the
毕业申请 window and the batch's default fee are shared with other test files, so they are
saved first and written back afterwards."""
import re
import secrets
import time
import unittest

import zkclient as z
from test_review import Staff, load_demo, staff_client, staff_login

RUN = secrets.token_hex(3)
NEW_PASSWORD = "Admin#Itest-77q"

ADMIN = Staff("adm" + RUN, "admin", display="测试管理员" + RUN)
CLERK = Staff("clk" + RUN, "county", county="140105")

# Every route of the 系统设置 pages, with the method a clerk must be refused on.
ADMIN_ROUTES = [
    ("GET", "/admin/settings/windows"), ("POST", "/admin/settings/windows/graduation"),
    ("GET", "/admin/settings/fees"), ("POST", "/admin/settings/fees/default"),
    ("POST", "/admin/settings/fees/majors"), ("POST", "/admin/settings/fees/majors/1/delete"),
    ("GET", "/admin/notices"), ("GET", "/admin/notices/new"), ("POST", "/admin/notices/new"),
    ("GET", "/admin/notices/1"), ("POST", "/admin/notices/1"), ("POST", "/admin/notices/1/withdraw"),
    ("GET", "/admin/staff"), ("GET", "/admin/staff/new"), ("POST", "/admin/staff/new"),
    ("GET", "/admin/staff/1"), ("POST", "/admin/staff/1/disable"), ("POST", "/admin/staff/1/enable"),
    ("POST", "/admin/staff/1/password"),
]

CURRENT_BATCH = "(SELECT id FROM batches WHERE is_current)"


def setUpModule():
    load_demo(staff=[ADMIN, CLERK])


def field_errors(text):
    return [m.strip() for m in re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', text, re.S)]


def audit_count(staff_id, action, subject=None):
    sql = "SELECT count(*) FROM staff_audit_log WHERE staff_id = %d AND action = '%s'" % (staff_id, action)
    if subject:
        sql += " AND subject = '%s'" % subject
    return int(z.psql(sql))


def sql_text(s):
    return "'" + s.replace("'", "''") + "'"


class RoleRefusalTest(unittest.TestCase):
    def test_clerk_refused_everywhere(self):
        c = staff_client(CLERK)
        page = c.get("/admin")
        self.assertEqual(page.status, 200)
        self.assertNotIn("系统设置", page.text)  # the block is for administrators only
        before = z.psql("SELECT (SELECT count(*) FROM notices), (SELECT count(*) FROM staff), "
                        "(SELECT count(*) FROM business_windows), (SELECT count(*) FROM fees)")
        token = c.csrf_token()
        for method, path in ADMIN_ROUTES:
            with self.subTest(method=method, path=path):
                if method == "GET":
                    r = c.get(path)
                else:
                    r = c.post(path, [("mode", "closed"), ("default_amount", "1"), ("title", "x"), ("body", "x")],
                               csrf=token)
                self.assertEqual(r.status, 403, r.text[:200])
        after = z.psql("SELECT (SELECT count(*) FROM notices), (SELECT count(*) FROM staff), "
                       "(SELECT count(*) FROM business_windows), (SELECT count(*) FROM fees)")
        self.assertEqual(before, after)
        self.assertEqual(int(z.psql("SELECT count(*) FROM staff_audit_log WHERE staff_id = %d AND action LIKE "
                                    "ANY (ARRAY['settings.%%', 'notice.%%', 'staff.create', 'staff.disable'])"
                                    % CLERK.db_id)), 0)

    def test_admin_sees_settings_block(self):
        c = staff_client(ADMIN)
        page = c.get("/admin")
        self.assertEqual(page.status, 200)
        for href in ("/admin/settings/windows", "/admin/settings/fees", "/admin/notices", "/admin/staff"):
            self.assertIn('href="%s"' % href, page.text)
            self.assertEqual(c.get(href).status, 200, href)


class WindowsTest(unittest.TestCase):
    def setUp(self):
        self.saved = z.psql("SELECT COALESCE(opens_at::text, ''), COALESCE(closes_at::text, ''), always_open "
                            "FROM business_windows WHERE business_code = 'graduation' AND batch_id = " + CURRENT_BATCH)
        self.admin = staff_client(ADMIN)
        self.person = z.Examinee("窗口" + RUN, z.TEST_PASSWORD)
        out = z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + self.person.csv_line() + "\n"})
        self.assertIn("1 examinees and", out)
        self.examinee = z.logged_in(self.person.ticket, z.TEST_PASSWORD)

    def tearDown(self):
        # Other test files need 毕业申请 open exactly as the demo set it.
        delete = "DELETE FROM business_windows WHERE business_code = 'graduation' AND batch_id = " + CURRENT_BATCH
        if not self.saved:
            z.psql(delete)
            return
        opens, closes, always = self.saved.split("|")
        z.psql(delete + "; INSERT INTO business_windows (batch_id, business_code, opens_at, closes_at, always_open) "
               "VALUES (%s, 'graduation', %s, %s, %s)" % (CURRENT_BATCH, sql_text(opens) + "::timestamptz" if opens else "NULL",
                                                          sql_text(closes) + "::timestamptz" if closes else "NULL",
                                                          "true" if always == "t" else "false"))

    def row(self):
        return z.psql("SELECT always_open, to_char(opens_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), "
                      "to_char(closes_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') FROM business_windows "
                      "WHERE business_code = 'graduation' AND batch_id = " + CURRENT_BATCH)

    def set_window(self, fields):
        self.admin.get("/admin/settings/windows")
        return self.admin.post("/admin/settings/windows/graduation", fields)

    def home_tile(self, expected):
        """The 毕业申请 tile of 个人中心 once it shows `expected` (个人中心 caches the windows
        for up to 10 seconds per process, so it is asked again until then, at most 30 s)."""
        deadline = time.time() + 30
        while True:
            r = self.examinee.get("/")
            self.assertEqual(r.status, 200)
            tile = [t for t in re.findall(r'<li class="tile">(.*?)</li>', r.text, re.S) if "毕业申请" in t]
            self.assertEqual(len(tile), 1)
            if expected in tile[0] or time.time() > deadline:
                return tile[0]
            time.sleep(0.5)

    def test_close_and_open_graduation(self):
        before_audit = audit_count(ADMIN.db_id, "settings.window")
        r = self.set_window([("mode", "closed")])
        self.assertEqual(r.status, 303)
        self.assertEqual(self.row(), "")
        r = self.examinee.get("/apply")
        self.assertEqual(r.status, 403)
        self.assertIn("毕业申请未开放", r.text)
        tile = self.home_tile("(未开放)")
        self.assertIn("(未开放)", tile)
        self.assertNotIn('href="/apply"', tile)
        page = self.admin.get("/admin/settings/windows?done=graduation")
        self.assertIn("已保存“毕业申请”的开放设置。", page.text)

        r = self.set_window([("mode", "always_open")])
        self.assertEqual(r.status, 303)
        self.assertEqual(self.row(), "t||")
        r = self.examinee.get("/apply")
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertNotIn("毕业申请未开放", r.text)
        tile = self.home_tile('href="/apply"')
        self.assertIn('href="/apply"', tile)
        self.assertIn("已开放", tile)

        r = self.set_window([("mode", "dated"), ("opens", "2020-01-01T08:00"), ("closes", "2020-02-01T17:30")])
        self.assertEqual(r.status, 303)
        self.assertEqual(self.row(), "f|2020-01-01 08:00|2020-02-01 17:30")
        r = self.examinee.get("/apply")
        self.assertEqual(r.status, 403)
        self.assertIn("2020-01-01 至 2020-02-01", r.text)
        tile = self.home_tile("已结束")
        self.assertIn("已结束", tile)

        self.assertEqual(audit_count(ADMIN.db_id, "settings.window", "business_window:%s:graduation"
                                     % z.psql("SELECT id FROM batches WHERE is_current")), before_audit + 3)
        last = z.psql("SELECT before::text || ' => ' || after::text FROM staff_audit_log WHERE staff_id = %d "
                      "AND action = 'settings.window' ORDER BY id DESC LIMIT 1" % ADMIN.db_id)
        self.assertIn('"mode": "always_open"', last.split(" => ")[0])
        self.assertIn('"opens": "2020-01-01 08:00:00"', last.split(" => ")[1])

    def test_invalid_times_change_nothing(self):
        before = self.row()
        before_audit = audit_count(ADMIN.db_id, "settings.window")
        cases = [
            ([("mode", "dated"), ("opens", ""), ("closes", "")], ["请填写开始时间。", "请填写结束时间。"]),
            ([("mode", "dated"), ("opens", "2025-02-30T08:00"), ("closes", "2025-03-01T08:00")],
             ["开始时间无效，请按“年-月-日 时:分”填写。"]),
            ([("mode", "dated"), ("opens", "2025-03-01T08:00"), ("closes", "2025-03-01T08:00")],
             ["结束时间必须晚于开始时间。"]),
            ([("mode", "dated"), ("opens", "2025-03-02T08:00"), ("closes", "2025-03-01T08:00")],
             ["结束时间必须晚于开始时间。"]),
            ([("mode", "sometimes")], ["请选择开放方式。"]),
        ]
        for fields, messages in cases:
            with self.subTest(fields=fields):
                r = self.set_window(fields)
                self.assertEqual(r.status, 400)
                self.assertEqual(field_errors(r.text), messages)
                opens = dict(fields).get("opens")
                if opens:
                    self.assertIn('value="%s"' % opens, r.text)  # the typed value is kept
        self.assertEqual(self.row(), before)
        self.assertEqual(audit_count(ADMIN.db_id, "settings.window"), before_audit)
        self.assertEqual(self.admin.post("/admin/settings/windows/nosuch", [("mode", "closed")]).status, 404)


class FeesTest(unittest.TestCase):
    def setUp(self):
        self.batch = int(z.psql("SELECT id FROM batches WHERE is_current"))
        self.saved = z.psql("SELECT COALESCE(major_id::text, ''), amount_fen FROM fees WHERE batch_id = %d" % self.batch)
        self.major, self.other = [int(x) for x in z.psql("SELECT id FROM majors ORDER BY id LIMIT 2").split()]
        self.admin = staff_client(ADMIN)

    def tearDown(self):
        z.psql("DELETE FROM fees WHERE batch_id = %d" % self.batch)
        for line in self.saved.splitlines():
            major, amount = line.split("|")
            z.psql("INSERT INTO fees (batch_id, major_id, amount_fen) VALUES (%d, %s, %s)"
                   % (self.batch, major or "NULL", amount))

    def fee(self, major=None):
        cond = "major_id IS NULL" if major is None else "major_id = %d" % major
        return z.psql("SELECT amount_fen FROM fees WHERE batch_id = %d AND %s" % (self.batch, cond))

    def due(self, major):
        page = self.admin.get("/admin/settings/fees?check=%d" % major)
        self.assertEqual(page.status, 200)
        m = re.search(r'<p class="fee-due"[^>]*>(.*?)</p>', page.text, re.S)
        self.assertIsNotNone(m)
        return re.sub(r"<[^>]+>", "", m.group(1))

    def post(self, path, fields):
        self.admin.get("/admin/settings/fees")
        return self.admin.post(path, fields)

    def test_amounts_in_fen_and_fee_for(self):
        z.psql("DELETE FROM fees WHERE batch_id = %d" % self.batch)
        self.assertIn("未设置费用", self.due(self.major))
        before_audit = audit_count(ADMIN.db_id, "settings.fee")
        for typed, fen in (("150", "15000"), ("150.5", "15050"), (" 150.50 ", "15050"), ("0.07", "7")):
            r = self.post("/admin/settings/fees/default", [("default_amount", typed)])
            self.assertEqual(r.status, 303, r.text[:300])
            self.assertEqual(self.fee(), fen)
        r = self.post("/admin/settings/fees/default", [("default_amount", "150.5")])
        self.assertEqual(r.status, 303)
        r = self.post("/admin/settings/fees/majors", [("major_id", str(self.major)), ("amount", "200")])
        self.assertEqual(r.status, 303)
        self.assertEqual(self.fee(self.major), "20000")
        r = self.post("/admin/settings/fees/majors", [("major_id", str(self.major)), ("amount", "210.25")])
        self.assertEqual(r.status, 303)
        self.assertEqual(self.fee(self.major), "21025")
        self.assertEqual(int(z.psql("SELECT count(*) FROM fees WHERE batch_id = %d" % self.batch)), 2)
        # fee_for: the override, else the default.
        self.assertIn("应缴 210.25元", self.due(self.major))
        self.assertIn("应缴 150.50元", self.due(self.other))
        page = self.admin.get("/admin/settings/fees")
        self.assertIn("210.25", page.text)
        r = self.post("/admin/settings/fees/majors/%d/delete" % self.major, [])
        self.assertEqual(r.status, 303)
        self.assertEqual(self.fee(self.major), "")
        self.assertIn("应缴 150.50元", self.due(self.major))
        self.assertEqual(self.post("/admin/settings/fees/majors/%d/delete" % self.major, []).status, 404)
        # 4 changes of the default (150.50 after 150.5 changes nothing and writes no row),
        # 2 of the override, 1 deletion.
        self.assertEqual(audit_count(ADMIN.db_id, "settings.fee"), before_audit + 4 + 2 + 1)
        last = z.psql("SELECT subject || ' ' || before::text FROM staff_audit_log WHERE staff_id = %d "
                      "AND action = 'settings.fee' ORDER BY id DESC LIMIT 1" % ADMIN.db_id)
        self.assertEqual(last, 'fee:%d:major:%d {"amount_fen": 21025}' % (self.batch, self.major))

    def test_invalid_amounts_change_nothing(self):
        before = z.psql("SELECT COALESCE(major_id::text, ''), amount_fen FROM fees WHERE batch_id = %d ORDER BY 1"
                        % self.batch)
        before_audit = audit_count(ADMIN.db_id, "settings.fee")
        for typed, message in (("-5", "金额不能为负数。"), ("abc", None), ("1.234", "金额最多保留两位小数（精确到分）。"),
                               ("100000.01", "金额不能超过100000元。"), ("", "请输入金额。"), ("1,5", None)):
            with self.subTest(typed=typed):
                r = self.post("/admin/settings/fees/default", [("default_amount", typed)])
                self.assertEqual(r.status, 400)
                errors = field_errors(r.text)
                self.assertEqual(len(errors), 1)
                if message:
                    self.assertEqual(errors[0], message)
                self.assertIn('value="%s"' % typed, r.text)
                r = self.post("/admin/settings/fees/majors", [("major_id", str(self.major)), ("amount", typed)])
                self.assertEqual(r.status, 400)
        r = self.post("/admin/settings/fees/majors", [("major_id", "99999999"), ("amount", "100")])
        self.assertEqual(r.status, 400)
        self.assertEqual(field_errors(r.text), ["请选择专业。"])
        after = z.psql("SELECT COALESCE(major_id::text, ''), amount_fen FROM fees WHERE batch_id = %d ORDER BY 1"
                       % self.batch)
        self.assertEqual(before, after)
        self.assertEqual(audit_count(ADMIN.db_id, "settings.fee"), before_audit)


class NoticesTest(unittest.TestCase):
    def setUp(self):
        self.admin = staff_client(ADMIN)
        self.public = z.Client()

    def create(self, title, body, published_at=""):
        self.admin.get("/admin/notices/new")
        r = self.admin.post("/admin/notices/new", [("title", title), ("body", body), ("published_at", published_at)])
        self.assertEqual(r.status, 303, r.text[:300])
        return int(z.psql("SELECT max(id) FROM notices WHERE title = %s" % sql_text(title)))

    def listed(self, notice_id):
        r = self.public.get("/notices")
        self.assertEqual(r.status, 200)
        return 'href="/notices/%d"' % notice_id in r.text

    def test_published_future_and_withdrawn(self):
        title = "<b>考试安排%s</b>" % RUN
        now_id = self.create(title, "第一段<script>alert(1)</script>\r\n\r\n第二段 & 结尾")
        future_id = self.create("明年通知" + RUN, "未来", "2099-01-01T08:00")
        self.assertTrue(self.listed(now_id))
        self.assertFalse(self.listed(future_id))
        r = self.public.get("/notices")
        self.assertIn("&lt;b&gt;考试安排%s&lt;/b&gt;" % RUN, r.text)
        self.assertNotIn("<b>考试安排", r.text)
        # Newest first: this notice comes before any older one.
        ids = [int(x) for x in re.findall(r'href="/notices/(\d+)"', r.text)]
        self.assertEqual(ids, sorted(ids, key=lambda i: -int(z.psql(
            "SELECT extract(epoch FROM published_at)::bigint FROM notices WHERE id = %d" % i))))

        r = self.public.get("/notices/%d" % now_id)
        self.assertEqual(r.status, 200)
        paragraphs = re.findall(r"<p>(.*?)</p>", r.text, re.S)
        self.assertEqual(paragraphs, ["第一段&lt;script&gt;alert(1)&lt;/script&gt;", "第二段 &amp; 结尾"])
        self.assertNotIn("<script>", r.text)
        self.assertEqual(self.public.get("/notices/%d" % future_id).status, 404)
        self.assertEqual(self.public.get("/notices/99999999").status, 404)
        self.assertEqual(self.public.get("/notices/abc").status, 404)

        page = self.admin.get("/admin/notices")
        self.assertIn("待发布", page.text)
        self.admin.post("/admin/notices/%d/withdraw" % now_id, [])
        self.assertEqual(self.admin.last.status, 303)
        self.assertEqual(z.psql("SELECT withdrawn_at IS NOT NULL FROM notices WHERE id = %d" % now_id), "t")
        self.assertFalse(self.listed(now_id))
        self.assertEqual(self.public.get("/notices/%d" % now_id).status, 404)
        self.assertIn("已撤回", self.admin.get("/admin/notices").text)
        self.assertEqual(audit_count(ADMIN.db_id, "notice.create", "notice:%d" % now_id), 1)
        self.assertEqual(audit_count(ADMIN.db_id, "notice.withdraw", "notice:%d" % now_id), 1)

        # Moving the future notice's publish time to the past publishes it.
        self.admin.get("/admin/notices/%d" % future_id)
        self.assertIn('value="2099-01-01T08:00"', self.admin.last.text)
        r = self.admin.post("/admin/notices/%d" % future_id,
                            [("title", "今年通知" + RUN), ("body", "已发布"), ("published_at", "2024-06-01T09:30")])
        self.assertEqual(r.status, 303)
        self.assertTrue(self.listed(future_id))
        self.assertIn("2024-06-01", self.public.get("/notices").text)
        self.assertEqual(audit_count(ADMIN.db_id, "notice.update", "notice:%d" % future_id), 1)
        self.assertIn("发布时间：2024-06-01 09:30", self.public.get("/notices/%d" % future_id).text)

    def test_invalid_notice_changes_nothing(self):
        before = z.psql("SELECT count(*) FROM notices")
        cases = [
            ([("title", ""), ("body", "正文"), ("published_at", "")], ["请填写标题。"]),
            ([("title", "题" * 101), ("body", "正文"), ("published_at", "")], ["标题不能超过100个字。"]),
            ([("title", "标题"), ("body", "  "), ("published_at", "")], ["请填写正文。"]),
            ([("title", "标题"), ("body", "文" * 20001), ("published_at", "")], ["正文不能超过20000个字。"]),
            ([("title", "标题"), ("body", "正文"), ("published_at", "2025-13-01T00:00")],
             ["发布时间无效，请按“年-月-日 时:分”填写，或留空表示立即发布。"]),
        ]
        for fields, messages in cases:
            with self.subTest(fields=[(k, v[:10]) for k, v in fields]):
                self.admin.get("/admin/notices/new")
                r = self.admin.post("/admin/notices/new", fields)
                self.assertEqual(r.status, 400)
                self.assertEqual(field_errors(r.text), messages)
        self.assertEqual(z.psql("SELECT count(*) FROM notices"), before)
        # The public list is public; an administrator's page is not.
        self.assertEqual(z.Client().get("/notices").status, 200)
        self.assertIn(z.Client().get("/admin/notices").status, (302, 303))


class StaffAccountsTest(unittest.TestCase):
    def setUp(self):
        self.admin = staff_client(ADMIN)

    def create(self, fields):
        self.admin.get("/admin/staff/new")
        return self.admin.post("/admin/staff/new", fields)

    def new_clerk_fields(self, username, password=NEW_PASSWORD, confirm=None):
        return [("username", username), ("display_name", "测试新县区" + RUN), ("role", "county"),
                ("county_code", "140106"), ("city_code", ""), ("new_password", password),
                ("confirm_password", password if confirm is None else confirm)]

    def test_create_disable_enable_reset(self):
        username = "nc%s.one" % RUN
        r = self.create(self.new_clerk_fields(username.upper()))  # stored lower-case
        self.assertEqual(r.status, 303, r.text[:300])
        row = z.psql("SELECT id, role, county_code, city_code IS NULL, active, password_hash LIKE 'scrypt$%%' "
                     "FROM staff WHERE username = '%s'" % username)
        sid, role, county, no_city, active, hashed = row.split("|")
        self.assertEqual((role, county, no_city, active, hashed), ("county", "140106", "t", "t", "t"))
        sid = int(sid)
        self.assertEqual(z.path_of(r.location), "/admin/staff/%d" % sid)
        created = z.psql("SELECT after::text FROM staff_audit_log WHERE action = 'staff.create' AND subject = "
                         "'staff:%d' AND staff_id = %d" % (sid, ADMIN.db_id))
        self.assertIn(username, created)
        self.assertNotIn(NEW_PASSWORD, z.psql("SELECT string_agg(COALESCE(before::text, '') || after::text, '') "
                                              "FROM staff_audit_log WHERE subject = 'staff:%d'" % sid))
        self.assertIn(username, self.admin.get("/admin/staff").text)

        # Taken: a clear message, still one account.
        r = self.create(self.new_clerk_fields(username))
        self.assertEqual(r.status, 409)
        self.assertEqual(field_errors(r.text), ["用户名“%s”已被使用，请换一个。" % username])
        self.assertEqual(z.psql("SELECT count(*) FROM staff WHERE username = '%s'" % username), "1")

        # The new clerk logs in; disabling ends that session at its next request.
        clerk = Staff("x", "county")
        clerk.username = username
        c, r = staff_login(clerk, password=NEW_PASSWORD)
        self.assertEqual(r.status, 303)
        self.assertEqual(c.get("/admin").status, 200)
        token = c.session_token
        self.admin.get("/admin/staff/%d" % sid)
        r = self.admin.post("/admin/staff/%d/disable" % sid, [])
        self.assertEqual(r.status, 303)
        self.assertEqual(z.psql("SELECT active FROM staff WHERE id = %d" % sid), "f")
        self.assertEqual(z.session_rows(token), 0)
        r = c.get("/admin")
        self.assertIn(r.status, (302, 303))
        self.assertEqual(z.path_of(r.location), "/admin/login")
        _, r = staff_login(clerk, password=NEW_PASSWORD)
        self.assertNotEqual(r.status, 303)  # a disabled account cannot log in
        self.assertEqual(audit_count(ADMIN.db_id, "staff.disable", "staff:%d" % sid), 1)

        self.admin.get("/admin/staff/%d" % sid)
        self.assertEqual(self.admin.post("/admin/staff/%d/enable" % sid, []).status, 303)
        self.assertEqual(z.psql("SELECT active FROM staff WHERE id = %d" % sid), "t")
        c, r = staff_login(clerk, password=NEW_PASSWORD)
        self.assertEqual(r.status, 303)
        token = c.session_token

        # Reset: refused when mistyped, then the old password stops working and the
        # open session ends.
        self.admin.get("/admin/staff/%d" % sid)
        r = self.admin.post("/admin/staff/%d/password" % sid,
                            [("new_password", "Other#Pass-2025"), ("confirm_password", "Other#Pass-2026")])
        self.assertEqual(r.status, 400)
        self.assertEqual(field_errors(r.text), ["两次输入的密码不一致。"])
        r = self.admin.post("/admin/staff/%d/password" % sid,
                            [("new_password", "password"), ("confirm_password", "password")])
        self.assertEqual(r.status, 400)
        self.assertEqual(z.session_rows(token), 1)
        r = self.admin.post("/admin/staff/%d/password" % sid,
                            [("new_password", "Other#Pass-2025"), ("confirm_password", "Other#Pass-2025")])
        self.assertEqual(r.status, 303)
        self.assertEqual(z.session_rows(token), 0)
        self.assertIn(c.get("/admin").status, (302, 303))
        _, r = staff_login(clerk, password=NEW_PASSWORD)
        self.assertNotEqual(r.status, 303)
        _, r = staff_login(clerk, password="Other#Pass-2025")
        self.assertEqual(r.status, 303)
        self.assertEqual(audit_count(ADMIN.db_id, "staff.password_reset", "staff:%d" % sid), 1)
        self.assertEqual(z.psql("SELECT password_changed_at > now() - interval '1 hour' FROM staff WHERE id = %d"
                                % sid), "t")

    def test_admin_cannot_disable_himself(self):
        self.admin.get("/admin/staff/%d" % ADMIN.db_id)
        r = self.admin.post("/admin/staff/%d/disable" % ADMIN.db_id, [])
        self.assertEqual(r.status, 400)
        self.assertIn("不能停用或启用自己的账号。", r.text)
        self.assertEqual(z.psql("SELECT active FROM staff WHERE id = %d" % ADMIN.db_id), "t")
        self.assertEqual(self.admin.get("/admin").status, 200)

    def test_invalid_accounts_create_nothing(self):
        before = z.psql("SELECT count(*) FROM staff")
        base = self.new_clerk_fields("nc%s.bad" % RUN)
        cases = [
            ({"username": "ab"}, ["用户名须为3至32个字符，只能使用小写字母、数字和 _ . -。"]),
            ({"username": "有中文的名字"}, ["用户名须为3至32个字符，只能使用小写字母、数字和 _ . -。"]),
            ({"display_name": ""}, ["请填写显示名称。"]),
            ({"role": "root"}, ["请选择角色。"]),
            ({"county_code": ""}, ["县区招办须选择所属县区。"]),
            ({"county_code": "999999"}, ["县区招办须选择所属县区。"]),
            ({"role": "city", "city_code": ""}, ["市招办须选择所属市。"]),
            ({"new_password": "short", "confirm_password": "short"}, None),
            ({"confirm_password": "Different#2025"}, ["两次输入的密码不一致。"]),
        ]
        for change, messages in cases:
            with self.subTest(change=change):
                fields = [(k, change.get(k, v)) for k, v in base]
                r = self.create(fields)
                self.assertEqual(r.status, 400)
                errors = field_errors(r.text)
                if messages:
                    self.assertEqual(errors, messages)
                else:
                    self.assertEqual(len(errors), 1)
                if "display_name" not in change:
                    self.assertIn('value="测试新县区%s"' % RUN, r.text)  # typed values are kept
        self.assertEqual(z.psql("SELECT count(*) FROM staff"), before)
        # A city office with its city is accepted, without a county.
        r = self.create([(k, {"username": "nc%s.city" % RUN, "role": "city", "city_code": "140400",
                              "county_code": "140106"}.get(k, v)) for k, v in base])
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(z.psql("SELECT role, county_code IS NULL, city_code FROM staff WHERE username = 'nc%s.city'"
                                % RUN), "city|t|140400")


if __name__ == "__main__":
    unittest.main()
