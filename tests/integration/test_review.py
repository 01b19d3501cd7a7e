"""后台 (module `review`, /admin): staff login with the generic failure message, lockout
and session rotation; who may open which side of the site; the 身份认证人工审核 queue
limited to each staff member's scope (county, city, province), with out-of-scope ids
answering exactly like missing ones; 通过 / 不通过 decisions and what they change; CSRF
on decisions; the append-only, hash-chained staff audit log.

Every staff account and examinee used here is created by this file (through
`zikao-ctl load-demo` of a private directory, with names unique to the run), and pending
submissions are written directly with SQL, so the tests do not depend on the demo data
or on the registration pages."""
import concurrent.futures
import hashlib
import os
import re
import secrets
import subprocess
import tempfile
import threading
import unittest

import images
import zkclient as z

STAFF_FAILURE = "登录失败：用户名或密码不正确。"
STAFF_PASSWORD = "Review#Itest-2025"
EXAMINEE_PASSWORD = "Itest#Review-9x"
NOT_FOUND = "您访问的页面不存在。"
ALREADY_DECIDED = "该认证已处理，请返回列表刷新。"
MISSING_REASON = "请填写不通过原因。"


# The recomputation of the audit chain, the same rule as the trigger in 0003_identity.sql.
CHAIN_BROKEN_AT = (
    "WITH r AS (SELECT id, hash, prev_hash, lag(hash, 1, '\\x'::bytea) OVER (ORDER BY id) AS expected_prev, "
    "sha256(prev_hash || convert_to(concat_ws(E'\\x1f', staff_id::text, action, subject, "
    "COALESCE(before::text, ''), COALESCE(after::text, ''), "
    "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')), 'UTF8')) AS expected_hash "
    "FROM staff_audit_log) "
    "SELECT COALESCE(min(id), 0) FROM r WHERE hash <> expected_hash OR prev_hash <> expected_prev")

RUN = secrets.token_hex(3)  # keeps usernames and names unique in a reused cluster


# ---- fixtures ----------------------------------------------------------------------------

class Staff:
    def __init__(self, key, role, county="", city="", display=None):
        self.username = "rv%s.%s" % (RUN, key)
        self.display_name = display or ("测试%s招办%s" % (key, RUN))
        self.role, self.county, self.city = role, county, city
        self.db_id = None

    def csv_line(self):
        return ",".join([self.username, self.display_name, self.role, self.county, self.city, STAFF_PASSWORD])


class Person:
    """A test examinee with a pending (status 'manual') identity submission."""

    def __init__(self, label, county):
        self.label = label
        self.county = county
        self.id_number = z.unique_id_number(county)
        self.ticket = "98" + self.id_number[8:14] + self.id_number[14:17] + "1"
        self.name = "审核%s%s" % (label, RUN)
        self.phone = "136" + self.id_number[8:14] + self.id_number[15:17]
        self.db_id = None

    @property
    def masked_id(self):
        return self.id_number[:4] + "*" * 10 + self.id_number[-4:]

    def csv_line(self):
        return ",".join([self.name, self.id_number, self.ticket, EXAMINEE_PASSWORD, self.county, "manual",
                         "汉族", "城镇", "大学专科", "企业职工", "群众", self.phone, ""])


def load_demo(staff=(), people=()):
    """Creates staff and examinees with one `zikao-ctl load-demo` of a private directory
    (the tool hashes the passwords and encrypts the ID numbers as the application does)."""
    out = z.load_demo({
        "staff.csv": "username,display_name,role,county_code,city_code,password\n" +
                     "".join(s.csv_line() + "\n" for s in staff),
        "examinees.csv": z.EXAMINEES_CSV_HEADER + "".join(p.csv_line() + "\n" for p in people)})
    expected = "%d examinees and %d staff added" % (len(people), len(staff))
    if expected not in out:
        raise RuntimeError("load-demo: expected '%s', got %s" % (expected, out.strip()))
    for s in staff:
        s.db_id = int(z.psql("SELECT id FROM staff WHERE username = '%s'" % s.username))
    for p in people:
        p.db_id = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % p.ticket))


def submit_pending(person, path="new", minutes_ago=0, reason="系统无法自动比对人像，已转报名点人工审核，请耐心等待。"):
    """Writes the photos and an identity_verifications row in status 'manual', as the
    registration pages do when the verifier hands a submission to a person. Returns
    (verification id, {kind: photo id})."""
    kinds = ["portrait", "id_front", "id_in_hand"] if path == "new" else ["id_front", "id_in_hand"]
    ctes, refs = [], {}
    for i, kind in enumerate(kinds):
        digest = hashlib.sha256(images.TINY_JPEG + ("%s-%d-%s" % (person.ticket, i, secrets.token_hex(4))).encode()).hexdigest()
        ctes.append("p%d AS (INSERT INTO photos (examinee_id, kind, content_type, width, height, sha256, data) "
                    "VALUES (%d, '%s', 'image/jpeg', 8, 8, decode('%s', 'hex'), decode('%s', 'hex')) RETURNING id)"
                    % (i, person.db_id, kind, digest, images.TINY_JPEG.hex()))
        refs[kind] = "(SELECT id FROM p%d)" % i
    sql = ("WITH %s INSERT INTO identity_verifications (examinee_id, path, status, portrait_photo_id, "
           "id_front_photo_id, id_in_hand_photo_id, verifier, verifier_outcome, verifier_reason, created_at) "
           "VALUES (%d, '%s', 'manual', %s, %s, %s, 'local-standin', 'manual', '%s', now() - interval '%d minutes') "
           "RETURNING id" % (", ".join(ctes), person.db_id, path, refs.get("portrait", "NULL"), refs["id_front"],
                             refs["id_in_hand"], reason, minutes_ago))
    vid = int(z.psql(sql).splitlines()[0])
    photos = {}
    for kind in kinds:
        col = {"portrait": "portrait_photo_id", "id_front": "id_front_photo_id", "id_in_hand": "id_in_hand_photo_id"}[kind]
        photos[kind] = int(z.psql("SELECT %s FROM identity_verifications WHERE id = %d" % (col, vid)))
    return vid, photos


def staff_login(staff, password=STAFF_PASSWORD, client=None, next_path=None, username=None):
    """GET /admin/login, then POST the form with its csrf_token. Returns (client, response)."""
    c = client or z.Client()
    page = c.get("/admin/login")
    if page.status != 200:
        raise AssertionError("GET /admin/login answered %d" % page.status)
    fields = [("username", username or staff.username), ("password", password)]
    if next_path is not None:
        fields.append(("next", next_path))
    return c, c.post("/admin/login", fields)


def staff_client(staff):
    c, r = staff_login(staff)
    if r.status != 303 or not c.session_token:
        raise AssertionError("staff login of %s failed: %d %s" % (staff.username, r.status, r.text[:300]))
    return c


def form_error(page):
    m = re.search(r'<p class="form-error"[^>]*>(.*?)</p>', page, re.S)
    return m.group(1).strip() if m else None


def field_error(page):
    m = re.search(r'<p class="field-error"[^>]*>(.*?)</p>', page, re.S)
    return m.group(1).strip() if m else None


def page_core(text):
    """A page without what legitimately differs between two requests (date, CSRF token,
    the username typed into the login form)."""
    text = re.sub(r"今天是：[^<]*", "", text)
    text = re.sub(r'name="username" type="text" value="[^"]*"', "", text)  # the echoed username
    return re.sub(r'name="csrf_token" value="[0-9a-f]*"', "", text)


def verification(vid):
    row = z.psql("SELECT status, COALESCE(decided_by::text, ''), COALESCE(refusal_reason, '') "
                 "FROM identity_verifications WHERE id = %d" % vid)
    return row.split("|")


def identity_status(person):
    return z.psql("SELECT identity_status FROM examinees WHERE id = %d" % person.db_id)


def audit_rows(vid):
    """The decisions on submission `vid` in the staff audit log (its views are view_rows)."""
    return z.psql("SELECT staff_id, action, after::text FROM staff_audit_log "
                  "WHERE subject = 'identity_verification:%d' AND action <> 'identity_verification.view' "
                  "ORDER BY id" % vid).splitlines()


def view_rows(vid):
    """Who opened submission `vid`'s detail (身份证号 and 手机号 in full), oldest first."""
    return z.psql("SELECT staff_id || '|' || (after->>'viewed') FROM staff_audit_log "
                  "WHERE subject = 'identity_verification:%d' AND action = 'identity_verification.view' "
                  "ORDER BY id" % vid).splitlines()


CHECKED = {"checked": "1"}  # the 已核对 box a decision needs
NOT_CHECKED = "请先核对照片与考生信息，并勾选“已核对”。"


def queue_ids(page):
    """Verification ids linked from the queue table, in order."""
    return [int(x) for x in re.findall(r'href="/admin/verifications/(\d+)"', page)]


# ---- the shared cast ---------------------------------------------------------------------

_cast = {}
_cast_lock = threading.Lock()


def cast():
    """Staff of every scope and three examinees in three counties, created once per run."""
    with _cast_lock:
        if not _cast:
            staff = {
                "xiaodian": Staff("xd", "county", "140105"),   # 太原市小店区
                "yingze": Staff("yz", "county", "140106"),     # 太原市迎泽区
                "luzhou": Staff("lz", "county", "140403"),     # 长治市潞州区
                "taiyuan": Staff("ty", "city", "", "140100"),  # 太原市
                "province": Staff("sj", "province"),
                "lockout": Staff("lk", "county", "140105"),
                "inactive": Staff("ia", "county", "140105"),
                "mixedcase": Staff("mc", "county", "140105"),
                "scopeless": Staff("nc", "county"),             # a county clerk without a county
            }
            people = {
                "xd_old": Person("甲", "140105"),
                "xd_new": Person("乙", "140105"),
                "yz": Person("丙", "140106"),
                "lz": Person("丁", "140403"),
            }
            load_demo(staff.values(), people.values())
            _cast.update(staff=staff, people=people)
        return _cast


# ---- tests -------------------------------------------------------------------------------

class StaffLoginTest(unittest.TestCase):
    def setUp(self):
        self.staff = cast()["staff"]

    def test_login_page_has_labelled_fields_and_token(self):
        c = z.Client()
        r = c.get("/admin/login")
        self.assertEqual(r.status, 200)
        self.assertIn("招办工作人员登录", r.text)
        names = {i.get("name"): i for i in c.inputs()}
        for field in ("username", "password", "csrf_token", "next"):
            self.assertIn(field, names)
        self.assertEqual(names["password"].get("type"), "password")
        self.assertRegex(names["csrf_token"].get("value") or "", r"^[0-9a-f]{64}$")
        for field in ("username", "password"):
            self.assertIn('<label for="%s">' % names[field]["id"], r.text)

    def test_success_rotates_the_session_and_shows_the_scope(self):
        # The browser holds an examinee session first: the staff login must replace it.
        c = z.logged_in(z.ZHANG["id"])
        examinee_token = c.session_token
        xd = self.staff["xiaodian"]
        c, r = staff_login(xd, client=c)
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(r.location, "/admin")
        self.assertRegex(c.session_token or "", r"^[0-9a-f]{64}$")
        self.assertNotEqual(c.session_token, examinee_token)
        self.assertEqual(z.session_rows(examinee_token), 0, "the examinee session must be ended")
        self.assertEqual(z.session_rows(c.session_token), 1)
        self.assertEqual(z.psql("SELECT subject_kind || ':' || subject_id FROM sessions WHERE id_hash = "
                                "decode('%s', 'hex')" % z.sha256_hex(c.session_token)), "staff:%d" % xd.db_id)
        home = c.get("/admin")
        self.assertEqual(home.status, 200)
        self.assertIn("%s · 县区招办 · 管辖：太原市小店区" % xd.display_name, home.text)
        self.assertIn('action="/admin/logout"', home.text)

    def test_scope_lines_of_city_and_province_staff(self):
        for key, line in (("taiyuan", "市招办 · 管辖：太原市各县区"), ("province", "省审定组 · 管辖：全省"),
                          ("scopeless", "县区招办 · 管辖：无")):
            with self.subTest(staff=key):
                c = staff_client(self.staff[key])
                self.assertIn(line, c.get("/admin").text)

    def test_username_is_case_insensitive(self):
        mc = self.staff["mixedcase"]
        c, r = staff_login(mc, username=mc.username.upper())
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(c.get("/admin").status, 200)

    def test_next_is_followed_only_inside_the_back_office(self):
        xd = self.staff["xiaodian"]
        for nxt, expected in (("/admin/verifications", "/admin/verifications"), ("//evil.example/x", "/admin"),
                              ("/", "/admin"), ("https://evil.example/", "/admin"), ("/administrator", "/admin")):
            with self.subTest(next=nxt):
                _, r = staff_login(xd, next_path=nxt)
                self.assertEqual(r.status, 303)
                self.assertEqual(r.location, expected)

    def test_login_redirect_carries_next(self):
        c = z.Client()
        r = c.get("/admin/verifications")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.location, "/admin/login?next=%2Fadmin%2Fverifications")
        page = c.get(r.location)
        nxt = [i for i in c.inputs() if i.get("name") == "next"]
        self.assertEqual(page.status, 200)
        self.assertEqual(nxt[0].get("value"), "/admin/verifications")

    def test_wrong_password_and_unknown_user_look_the_same(self):
        xd = self.staff["xiaodian"]
        before = int(z.psql("SELECT failed_logins FROM staff WHERE id = %d" % xd.db_id))
        c, known = staff_login(xd, password="Not-The-Password-1")
        self.assertEqual(known.status, 200)
        self.assertEqual(form_error(known.text), STAFF_FAILURE)
        self.assertIsNone(known.set_cookie("zk_session"))
        self.assertEqual(int(z.psql("SELECT failed_logins FROM staff WHERE id = %d" % xd.db_id)), before + 1)
        pages = [known.text]
        for name in ("rv%s.nobody" % RUN, "x", "不是用户名"):
            _, r = staff_login(xd, password="Not-The-Password-1", client=c, username=name)
            with self.subTest(username=name):
                self.assertEqual(r.status, 200)
                self.assertEqual(form_error(r.text), STAFF_FAILURE)
                self.assertIsNone(r.set_cookie("zk_session"))
            pages.append(r.text)
        self.assertEqual(len({page_core(p) for p in pages}), 1, "failure pages differ between accounts")
        # The right password still works and resets the counter.
        _, ok = staff_login(xd, client=c)
        self.assertEqual(ok.status, 303)
        self.assertEqual(z.psql("SELECT failed_logins FROM staff WHERE id = %d" % xd.db_id), "0")

    def test_empty_fields(self):
        c = z.Client()
        c.get("/admin/login")
        r = c.post("/admin/login", {"username": "", "password": ""})
        self.assertEqual(r.status, 400)
        self.assertEqual(form_error(r.text), "请输入用户名和密码。")

    def test_failures_delay_failing_addresses_not_the_owner(self):
        """ACC-8 for staff too: no lock anyone could trigger, a delay for failing addresses."""
        lk = self.staff["lockout"]
        attackers = [z.Client() for _ in range(7)]
        for i, c in enumerate(attackers):
            _, r = staff_login(lk, password="Wrong-Password-%d" % i, client=c)
            self.assertEqual(form_error(r.text), STAFF_FAILURE)
        self.assertEqual(z.psql("SELECT failed_logins, last_failed_login_at IS NOT NULL FROM staff WHERE id = %d"
                                % lk.db_id), "7|t")
        # A failing address waits (4 s after the seventh failure), even with the right password.
        _, r = staff_login(lk, client=attackers[0])
        self.assertEqual(r.status, 429, r.text[:300])
        self.assertRegex(form_error(r.text), r"^该账号密码输错次数较多，请\d+秒后再试。$")
        self.assertNotIn("zk_session", attackers[0].cookies)
        # The clerk at an address that has not been failing logs in at once.
        c, r = staff_login(lk, client=z.Client())
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(z.psql("SELECT failed_logins FROM staff WHERE id = %d" % lk.db_id), "0")

    def test_inactive_staff_cannot_log_in_and_lose_their_session(self):
        ia = self.staff["inactive"]
        c = staff_client(ia)
        self.assertEqual(c.get("/admin").status, 200)
        z.psql("UPDATE staff SET active = false WHERE id = %d" % ia.db_id)
        try:
            r = c.get("/admin")
            self.assertEqual(r.status, 303)
            self.assertTrue(r.location.startswith("/admin/login"))
            _, r = staff_login(ia)
            self.assertEqual(r.status, 200)
            self.assertEqual(form_error(r.text), STAFF_FAILURE)
            self.assertIsNone(r.set_cookie("zk_session"))
        finally:
            z.psql("UPDATE staff SET active = true WHERE id = %d" % ia.db_id)

    def test_logout(self):
        c = staff_client(self.staff["xiaodian"])
        token = c.session_token
        page = c.get("/admin/logout")
        self.assertEqual(page.status, 200)
        self.assertIn('action="/admin/logout"', page.text)
        # Without the token nothing happens.
        self.assertEqual(c.post("/admin/logout", csrf=False).status, 403)
        self.assertEqual(z.session_rows(token), 1)
        r = c.post("/admin/logout")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.location, "/admin/login")
        self.assertEqual(z.session_rows(token), 0)
        self.assertNotIn("zk_session", c.cookies)
        self.assertEqual(c.get("/admin").status, 303)


class SidesTest(unittest.TestCase):
    """Examinee sessions never open the back office, staff sessions never open examinee pages."""

    def test_anonymous_is_sent_to_staff_login(self):
        r = z.Client().get("/admin")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.location, "/admin/login?next=%2Fadmin")

    def test_examinee_session_cannot_open_admin(self):
        c = z.logged_in(z.LI["ticket"])
        for path in ("/admin", "/admin/verifications", "/admin/verifications/1", "/admin/photos/1"):
            with self.subTest(path=path):
                r = c.get(path)
                self.assertEqual(r.status, 303)
                self.assertTrue(z.path_of(r.location) == "/admin/login", r.location)
        c.get("/")
        r = c.post("/admin/verifications/1/approve")
        self.assertEqual(r.status, 403)

    def test_staff_session_cannot_open_examinee_pages(self):
        c = staff_client(cast()["staff"]["xiaodian"])
        for path in ("/", "/password"):
            with self.subTest(path=path):
                r = c.get(path)
                self.assertEqual(r.status, 303)
                self.assertEqual(z.path_of(r.location), "/login")


class QueueScopeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        c = cast()
        cls.staff, cls.people = c["staff"], c["people"]
        p = cls.people
        # Two in 小店区 (the older one must be listed first), one each in 迎泽区 and 潞州区.
        cls.v_old, cls.photos_old = submit_pending(p["xd_old"], "new", minutes_ago=90)
        cls.v_new, _ = submit_pending(p["xd_new"], "reset", minutes_ago=5)
        cls.v_yz, _ = submit_pending(p["yz"], "enrolled", minutes_ago=30)
        cls.v_lz, cls.photos_lz = submit_pending(p["lz"], "new", minutes_ago=60)

    def queue(self, key):
        c = staff_client(self.staff[key])
        r = c.get("/admin/verifications")
        self.assertEqual(r.status, 200)
        return c, r

    def test_county_clerk_sees_only_its_county_oldest_first(self):
        _, r = self.queue("xiaodian")
        ids = queue_ids(r.text)
        self.assertIn(self.v_old, ids)
        self.assertIn(self.v_new, ids)
        self.assertNotIn(self.v_yz, ids)
        self.assertNotIn(self.v_lz, ids)
        self.assertLess(ids.index(self.v_old), ids.index(self.v_new))
        old, lz = self.people["xd_old"], self.people["lz"]
        self.assertIn(old.name, r.text)
        self.assertIn(old.masked_id, r.text)
        self.assertNotIn(old.id_number, r.text)
        self.assertNotIn(lz.name, r.text)
        self.assertIn("太原市小店区", r.text)
        self.assertIn("三照", r.text)
        self.assertIn("两照（找回密码）", r.text)
        self.assertIn("系统无法自动比对人像", r.text)
        for header in ("序号", "姓名", "身份证号", "报名区县", "认证方式", "提交时间", "系统初审", "操作"):
            self.assertIn("<th scope=\"col\">%s</th>" % header, r.text)

    def test_other_county_clerk_sees_its_own(self):
        _, r = self.queue("luzhou")
        ids = queue_ids(r.text)
        self.assertIn(self.v_lz, ids)
        self.assertNotIn(self.v_old, ids)
        self.assertNotIn(self.v_yz, ids)
        self.assertNotIn(self.people["xd_old"].name, r.text)

    def test_city_office_sees_its_counties(self):
        _, r = self.queue("taiyuan")
        ids = queue_ids(r.text)
        for vid in (self.v_old, self.v_new, self.v_yz):
            self.assertIn(vid, ids)
        self.assertNotIn(self.v_lz, ids)
        self.assertIn("两照", r.text)

    def test_province_sees_everything(self):
        _, r = self.queue("province")
        ids = queue_ids(r.text)
        for vid in (self.v_old, self.v_new, self.v_yz, self.v_lz):
            self.assertIn(vid, ids)

    def test_clerk_without_a_county_sees_nothing(self):
        _, r = self.queue("scopeless")
        self.assertEqual(queue_ids(r.text), [])
        self.assertIn("没有需要显示的认证记录", r.text)
        c = staff_client(self.staff["scopeless"])
        self.assertEqual(c.get("/admin/verifications/%d" % self.v_old).status, 404)

    def test_dashboard_counts_pending_in_scope(self):
        def pending(key):
            c = staff_client(self.staff[key])
            m = re.search(r'<span class="pending-count">(\d+)</span>', c.get("/admin").text)
            self.assertIsNotNone(m)
            return int(m.group(1))
        expected_lz = int(z.psql(
            "SELECT count(*) FROM identity_verifications v JOIN examinees e ON e.id = v.examinee_id "
            "WHERE v.status = 'manual' AND e.county_code = '140403'"))
        self.assertGreaterEqual(expected_lz, 1)
        self.assertEqual(pending("luzhou"), expected_lz)
        self.assertEqual(pending("scopeless"), 0)

    def test_detail_in_scope(self):
        xd = self.staff["xiaodian"]
        c = staff_client(xd)
        views_before = len(view_rows(self.v_old))
        r = c.get("/admin/verifications/%d" % self.v_old)
        self.assertEqual(r.status, 200)
        old = self.people["xd_old"]
        self.assertIn(old.name, r.text)
        # In full, to be compared with the ID card in the photos; each such view is logged.
        self.assertIn('<td class="id-number">%s</td>' % old.id_number, r.text)
        self.assertIn("<td>%s</td>" % old.phone, r.text)
        self.assertNotIn(old.masked_id, r.text)
        views = view_rows(self.v_old)
        self.assertEqual(len(views), views_before + 1)
        self.assertEqual(views[-1], "%d|detail" % xd.db_id)
        after = z.psql("SELECT after::text FROM staff_audit_log WHERE subject = 'identity_verification:%d' "
                       "ORDER BY id DESC LIMIT 1" % self.v_old)
        self.assertNotIn(old.id_number, after)
        self.assertNotIn(old.phone, after)
        # The queue still masks them.
        q = c.get("/admin/verifications")
        self.assertIn(old.masked_id, q.text)
        self.assertNotIn(old.id_number, q.text)
        # A decision asks once more (staff_confirm.js) and needs the 已核对 box.
        self.assertIn('<script src="/static/staff_confirm.js" defer></script>', r.text)
        self.assertEqual(len(re.findall(r'<form method="post" action="/admin/verifications/%d/(?:approve|refuse)" '
                                        r'class="confirm-decision" data-confirm="确认[^"]+"' % self.v_old, r.text)), 2)
        self.assertEqual(len(re.findall(r'<input type="checkbox" id="(?:approve|refuse)-checked" name="checked" '
                                        r'value="1" required>', r.text)), 2)
        for kind, label in (("portrait", "免冠彩色证件照"), ("id_front", "身份证人像面照片"),
                            ("id_in_hand", "手持身份证半身照")):
            self.assertIn('<img src="/admin/photos/%d" alt="%s"' % (self.photos_old[kind], label), r.text)
        forms = [f.get("action") for f in z.parse_inputs(r.text).forms]
        self.assertIn("/admin/verifications/%d/approve" % self.v_old, forms)
        self.assertIn("/admin/verifications/%d/refuse" % self.v_old, forms)
        self.assertIn('<label for="reason">', r.text)

    def test_photo_in_scope_is_served(self):
        c = staff_client(self.staff["taiyuan"])
        r = c.get("/admin/photos/%d" % self.photos_old["id_in_hand"])
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "image/jpeg")
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        self.assertEqual(r.body, images.TINY_JPEG)

    def test_out_of_scope_is_the_same_404_as_missing(self):
        c = staff_client(self.staff["luzhou"])
        missing_id = int(z.psql("SELECT COALESCE(max(id), 0) + 100000 FROM identity_verifications"))
        other = c.get("/admin/verifications/%d" % self.v_old)
        missing = c.get("/admin/verifications/%d" % missing_id)
        self.assertEqual(other.status, 404)
        self.assertEqual(missing.status, 404)
        self.assertIn(NOT_FOUND, other.text)
        self.assertEqual(page_core(other.text), page_core(missing.text))
        self.assertNotIn(self.people["xd_old"].name, other.text)
        for path in ("/admin/photos/%d" % self.photos_old["portrait"], "/admin/verifications/abc",
                     "/admin/verifications/-1", "/admin/verifications/99999999999999999999", "/admin/photos/0"):
            with self.subTest(path=path):
                r = c.get(path)
                self.assertEqual(r.status, 404)
                self.assertNotEqual(r.header("Content-Type"), "image/jpeg")
        # Decisions on it are refused the same way and change nothing, with or without a reason.
        c.get("/admin/verifications")
        views_before = view_rows(self.v_old)
        for fields in ({}, CHECKED):
            self.assertEqual(c.post("/admin/verifications/%d/approve" % self.v_old, fields).status, 404)
            self.assertEqual(c.post("/admin/verifications/%d/refuse" % self.v_old, {"reason": "", **fields}).status, 404)
            self.assertEqual(c.post("/admin/verifications/%d/refuse" % self.v_old,
                                    {"reason": "照片不清晰", **fields}).status, 404)
        self.assertEqual(verification(self.v_old)[0], "manual")
        self.assertEqual(audit_rows(self.v_old), [])
        # Nothing was shown, so no view is logged for the other county's clerk.
        self.assertEqual(view_rows(self.v_old), views_before)
        self.assertNotIn(str(self.staff["luzhou"].db_id) + "|", "\n".join(view_rows(self.v_old)))
        # While the clerk of the examinee's own county does see it.
        self.assertEqual(staff_client(self.staff["xiaodian"]).get("/admin/verifications/%d" % self.v_old).status, 200)


class DecisionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.staff = cast()["staff"]

    def fresh(self, county="140105", path="new"):
        p = Person("决%s" % secrets.token_hex(2), county)
        load_demo(people=[p])
        vid, _ = submit_pending(p, path)
        return p, vid

    def test_approve(self):
        p, vid = self.fresh()
        xd = self.staff["xiaodian"]
        # Until verified, the examinee only reaches the verification status page.
        e = z.logged_in(p.ticket, EXAMINEE_PASSWORD)
        self.assertEqual(z.path_of(e.get("/").location), "/verify/identity")
        c = staff_client(xd)
        c.get("/admin/verifications/%d" % vid)
        r = c.post("/admin/verifications/%d/approve" % vid, CHECKED)
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(r.location, "/admin/verifications?done=approved")
        self.assertIn("已通过该考生的身份认证", c.get(r.location).text)
        self.assertEqual(verification(vid)[:2], ["approved", str(xd.db_id)])
        self.assertEqual(identity_status(p), "verified")
        rows = audit_rows(vid)
        self.assertEqual(len(rows), 1)
        staff_id, action, after = rows[0].split("|")
        self.assertEqual((staff_id, action), (str(xd.db_id), "identity.approve"))
        self.assertIn('"approved"', after)
        self.assertNotIn(p.id_number, after)
        self.assertEqual(e.get("/").status, 200, "the approved examinee reaches 个人中心")
        # The detail page now shows the decision, without forms.
        d = c.get("/admin/verifications/%d" % vid)
        self.assertIn("已通过", d.text)
        self.assertIn(xd.display_name, d.text)
        self.assertNotIn("/approve", d.text)
        # Deciding again is refused and writes nothing.
        again = c.post("/admin/verifications/%d/approve" % vid, CHECKED)
        self.assertEqual(again.status, 409)
        self.assertIn(ALREADY_DECIDED, again.text)
        refuse = c.post("/admin/verifications/%d/refuse" % vid, {"reason": "照片模糊，请重新拍摄。", **CHECKED})
        self.assertEqual(refuse.status, 409)
        self.assertEqual(verification(vid)[0], "approved")
        self.assertEqual(identity_status(p), "verified")
        self.assertEqual(len(audit_rows(vid)), 1)
        # And it is listed in the history of approvals.
        self.assertIn(vid, queue_ids(c.get("/admin/verifications?status=approved").text))
        self.assertNotIn(vid, queue_ids(c.get("/admin/verifications").text))

    def test_refuse_needs_a_reason(self):
        p, vid = self.fresh()
        c = staff_client(self.staff["xiaodian"])
        c.get("/admin/verifications/%d" % vid)
        for reason, message in (("", MISSING_REASON), ("  \u3000 ", MISSING_REASON), ("糊", "不通过原因至少填写2个字。"),
                                ("字" * 201, "不通过原因不能超过200个字。")):
            with self.subTest(reason=reason[:5]):
                r = c.post("/admin/verifications/%d/refuse" % vid, {"reason": reason, **CHECKED})
                self.assertEqual(r.status, 400)
                self.assertEqual(field_error(r.text), message)
                # The message stands next to the reason field, inside its form.
                self.assertRegex(r.text, r'(?s)<textarea id="reason"[^>]*>[^<]*</textarea>\s*<p class="field-error"')
        self.assertEqual(verification(vid)[0], "manual")
        self.assertEqual(identity_status(p), "manual")
        self.assertEqual(audit_rows(vid), [])
        # Without the reason field at all, too.
        r = c.post("/admin/verifications/%d/refuse" % vid, CHECKED)
        self.assertEqual(r.status, 400)
        self.assertEqual(field_error(r.text), MISSING_REASON)

    def test_decisions_need_the_checked_box(self):
        p, vid = self.fresh()
        xd = self.staff["xiaodian"]
        c = staff_client(xd)
        c.get("/admin/verifications/%d" % vid)
        views = len(view_rows(vid))
        for what, fields in (("approve", {}), ("approve", {"checked": "on"}), ("refuse", {"reason": "照片模糊不清"})):
            with self.subTest(what=what, fields=fields):
                r = c.post("/admin/verifications/%d/%s" % (vid, what), fields)
                self.assertEqual(r.status, 400)
                self.assertEqual(field_error(r.text), NOT_CHECKED)
                # The message stands under the box of the form that was sent; a typed reason stays.
                self.assertRegex(r.text, r'(?s)id="%s-checked"[^>]*aria-invalid="true" aria-describedby="%s-check-error"'
                                 % (what, what))
                if what == "refuse":
                    self.assertIn(">照片模糊不清</textarea>", r.text)
                # The page shown again is another logged view.
                views += 1
                self.assertEqual(len(view_rows(vid)), views)
        self.assertEqual(verification(vid)[0], "manual")
        self.assertEqual(identity_status(p), "manual")
        self.assertEqual(audit_rows(vid), [])
        # A refusal without the box and without a reason names both.
        r = c.post("/admin/verifications/%d/refuse" % vid, {"reason": ""})
        self.assertEqual(r.status, 400)
        self.assertIn(MISSING_REASON, r.text)
        self.assertIn(NOT_CHECKED, r.text)
        # With the box it goes through.
        self.assertEqual(c.post("/admin/verifications/%d/approve" % vid, CHECKED).status, 303)
        self.assertEqual(identity_status(p), "verified")

    def test_refuse_with_reason(self):
        p, vid = self.fresh(county="140106")
        ty = self.staff["taiyuan"]  # the city office decides for its county
        c = staff_client(ty)
        c.get("/admin/verifications/%d" % vid)
        reason = "手持身份证照片中证件信息无法辨认，请重新拍摄。"
        r = c.post("/admin/verifications/%d/refuse" % vid, {"reason": "  " + reason + "\u3000", **CHECKED})
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(r.location, "/admin/verifications?done=refused")
        self.assertEqual(verification(vid), ["refused", str(ty.db_id), reason])
        self.assertEqual(identity_status(p), "refused")
        rows = audit_rows(vid)
        self.assertEqual(len(rows), 1)
        staff_id, action, after = rows[0].split("|")
        self.assertEqual((staff_id, action), (str(ty.db_id), "identity.refuse"))
        self.assertIn(reason, after)
        history = c.get("/admin/verifications?status=refused")
        self.assertIn(vid, queue_ids(history.text))
        self.assertIn('<th scope="col">不通过原因</th>', history.text)
        self.assertIn(reason, history.text)
        self.assertIn(ty.display_name, history.text)
        self.assertEqual(c.get("/admin/verifications?status=other").status, 404)
        self.assertEqual(c.post("/admin/verifications/%d/approve" % vid, CHECKED).status, 409)
        self.assertEqual(identity_status(p), "refused")

    def test_decisions_need_the_csrf_token(self):
        p, vid = self.fresh()
        c = staff_client(self.staff["xiaodian"])
        c.get("/admin/verifications/%d" % vid)
        for token in (False, secrets.token_hex(32)):
            with self.subTest(token=bool(token)):
                r = c.post("/admin/verifications/%d/approve" % vid, CHECKED, csrf=token)
                self.assertEqual(r.status, 403)
                self.assertIn(z.CSRF_FAILURE, r.text)
                r = c.post("/admin/verifications/%d/refuse" % vid, {"reason": "照片模糊", **CHECKED}, csrf=token)
                self.assertEqual(r.status, 403)
        self.assertEqual(verification(vid)[0], "manual")
        self.assertEqual(identity_status(p), "manual")
        # The genuine token works (so the refusals were about the token).
        self.assertEqual(c.post("/admin/verifications/%d/approve" % vid, CHECKED).status, 303)

    def test_concurrent_decisions_decide_once(self):
        p, vid = self.fresh()
        clients = [staff_client(self.staff["xiaodian"]) for _ in range(2)] + [staff_client(self.staff["province"])]
        for c in clients:
            c.get("/admin/verifications/%d" % vid)
        posts = [lambda c=clients[0]: c.post("/admin/verifications/%d/approve" % vid, CHECKED),
                 lambda c=clients[1]: c.post("/admin/verifications/%d/approve" % vid, CHECKED),
                 lambda c=clients[2]: c.post("/admin/verifications/%d/refuse" % vid, {"reason": "照片模糊不清", **CHECKED})]
        with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
            statuses = sorted(f.result().status for f in [pool.submit(fn) for fn in posts])
        self.assertEqual(statuses, [303, 409, 409])
        self.assertEqual(len(audit_rows(vid)), 1)
        self.assertIn(identity_status(p), ("verified", "refused"))


class NavigationTest(unittest.TestCase):
    """Every back-office page carries one navigation: the queues and 统计报表 for all staff,
    系统设置 only for administrators; the page the staff member is on is marked."""

    QUEUES = ["/admin", "/admin/verifications", "/admin/graduation-photos", "/admin/prereview", "/admin/oldplan",
              "/admin/materials", "/admin/final", "/admin/reports", "/admin/logout"]
    SETTINGS = ["/admin/settings/windows", "/admin/settings/fees", "/admin/notices", "/admin/staff"]

    @staticmethod
    def nav(page):
        found = re.findall(r'<nav class="panel-links"[^>]*>(.*?)</nav>', page)
        return found

    def test_a_clerk_sees_the_queues_on_every_page(self):
        c = staff_client(cast()["staff"]["xiaodian"])
        for path in self.QUEUES[:-1]:
            with self.subTest(path=path):
                r = c.get(path)
                self.assertEqual(r.status, 200, path)
                navs = self.nav(r.text)
                self.assertEqual(len(navs), 1, path)
                self.assertEqual(re.findall(r'href="([^"]+)"', navs[0]), self.QUEUES)
                current = re.findall(r'<a href="([^"]+)" aria-current="page">', navs[0])
                self.assertEqual(current, [path])

    def test_an_administrator_also_sees_the_settings(self):
        admin = Staff("nvadm", "admin")
        load_demo([admin])
        c = staff_client(admin)
        r = c.get("/admin/notices")
        self.assertEqual(r.status, 200)
        (nav,) = self.nav(r.text)
        self.assertEqual(re.findall(r'href="([^"]+)"', nav), self.QUEUES[:-1] + self.SETTINGS + ["/admin/logout"])


class AuditLogTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        staff = cast()["staff"]
        p = Person("审计%s" % secrets.token_hex(2), "140403")
        load_demo(people=[p])
        cls.vid, _ = submit_pending(p, "enrolled")
        c = staff_client(staff["luzhou"])
        c.get("/admin/verifications/%d" % cls.vid)
        r = c.post("/admin/verifications/%d/approve" % cls.vid, CHECKED)
        if r.status != 303:
            raise AssertionError("approve answered %d" % r.status)
        cls.row_id = int(z.psql("SELECT id FROM staff_audit_log WHERE subject = 'identity_verification:%d' "
                                 "AND action = 'identity.approve'" % cls.vid))

    def test_rows_cannot_be_updated_or_deleted(self):
        for sql in ("UPDATE staff_audit_log SET action = 'identity.refuse' WHERE id = %d",
                    "DELETE FROM staff_audit_log WHERE id = %d",
                    "TRUNCATE staff_audit_log"):
            with self.subTest(sql=sql.split()[0]):
                with self.assertRaises(RuntimeError) as ctx:
                    z.psql(sql % self.row_id if "%d" in sql else sql)
                self.assertIn("append-only", str(ctx.exception))
        self.assertEqual(z.psql("SELECT action FROM staff_audit_log WHERE id = %d" % self.row_id), "identity.approve")

    def test_chain_links_and_verifies(self):
        self.assertEqual(z.psql(CHAIN_BROKEN_AT), "0")
        linked = z.psql("SELECT cur.prev_hash = COALESCE(prev.hash, '\\x'::bytea) FROM staff_audit_log cur "
                        "LEFT JOIN LATERAL (SELECT hash FROM staff_audit_log WHERE id < cur.id ORDER BY id DESC "
                        "LIMIT 1) prev ON true WHERE cur.id = %d" % self.row_id)
        self.assertEqual(linked, "t")

    def test_chain_check_notices_an_edit(self):
        # Only the table's owner can switch the guard off, and only inside this rolled-back
        # transaction: it shows that the recomputation would find an edited row.
        out = z.psql("BEGIN; ALTER TABLE staff_audit_log DISABLE TRIGGER staff_audit_log_append_only; "
                     "UPDATE staff_audit_log SET after = '{\"status\":\"refused\"}' WHERE id = %d; %s; ROLLBACK;"
                     % (self.row_id, CHAIN_BROKEN_AT))
        numbers = [line for line in out.splitlines() if line.isdigit()]
        self.assertEqual(numbers, [str(self.row_id)])
        self.assertEqual(z.psql(CHAIN_BROKEN_AT), "0")


if __name__ == "__main__":
    unittest.main()
