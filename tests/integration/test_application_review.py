"""test_application_review: what happens to an application after 提交 (module `review`,
issue 13): 系统审核 when the graduation photo is verified, the 县区招办 预审 with its
reasons and the examinee's 重新申请, the 旧计划 certificate check, 材料已交回 and the
省审定组's 审定; scope (404) and role (403) of every URL; bad input; two clerks at once;
the dashboard's counts and the queues' filters.

Every test works on its own examinees, cloned from the demo's 张三 (exam passes only), 李娜
(needs an 英语(二) replacement) and 赵敏 (needs the 任选一门 13180 → 02325) with one
`zikao-ctl load-demo` (see test_apply.py), each with a verified 学信网 record. Their
applications go through the examinee's pages (step 1, majors, the 顶替 screens, 提交, the
graduation photo); only the states after payment (tested in test_pay and test_regform) are
set in SQL. Clerks
are the demo staff (sql/demo/staff.csv): xiaodian (小店区), yingze (迎泽区), luzhou (潞州区),
taiyuan (太原市), shending (省审定组). Nothing depends on timing: the concurrent decisions
assert only the outcome, which is the same however the requests interleave.
"""
import html as htmlmod
import io
import itertools
import re
import secrets
import threading
import unittest
import urllib.parse
import zipfile

import images
import test_apply as ap
import test_photo as ph
import zkclient as z

RUN = secrets.token_hex(3)
_seeds = itertools.count(1)

XIAODIAN, YINGZE, LUZHOU, TAIYUAN, SHENDING = "xiaodian", "yingze", "luzhou", "taiyuan", "shending"
ALREADY = "该申请已被处理"
PNG = images.png(6, 4, lambda x, y: (200, 30 * x, 40 * y))
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
QUEUES = {"/admin/prereview": ("", "passed", "refused"), "/admin/oldplan": ("", "checked"),
          "/admin/materials": ("", "returned"), "/admin/final": ("", "approved", "rejected")}


def seed():
    return "ar-%s-%d" % (RUN, next(_seeds))


def text_of(page):
    return htmlmod.unescape(ap.text_of(page))


# ---- examinees ----------------------------------------------------------------------------

class Person(ap.Person):
    def __init__(self, label, clone_of):
        super().__init__(label, clone_of)
        self.ticket = "95" + self.id_number[8:14] + self.id_number[14:17] + "4"
        self.name = "预审" + label + RUN


SPEC = {"张": ap.ZHANG_TICKET, "英": ap.LI_TICKET, "任": ap.ZHAO_TICKET, "旧": ap.LI_TICKET,
        "人工": ap.LI_TICKET, "退回": ap.LI_TICKET, "二退": ap.LI_TICKET, "照片": ap.LI_TICKET,
        "域小": ap.LI_TICKET, "域迎": ap.LI_TICKET, "域潞": ap.LI_TICKET, "交回": ap.ZHANG_TICKET,
        "审否": ap.ZHANG_TICKET, "坏": ap.LI_TICKET, "并发": ap.LI_TICKET, "计数": ap.LI_TICKET,
        "草稿": ap.ZHANG_TICKET, "批准": ap.LI_TICKET}
_people = {}
_people_lock = threading.Lock()


def person(label):
    """The examinee `label` of SPEC (all created on first use, in one load-demo)."""
    with _people_lock:
        if not _people:
            made = {k: Person(k, v) for k, v in SPEC.items()}
            ap.load_people(list(made.values()))
            for p in made.values():
                ap.add_chsi(p)
            _people.update(made)
        return _people[label]


def make_zip(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


ZIP_ENTRIES = [("扫描件/英语二考核卡.png", PNG), ("成绩证明.pdf", PDF)]


def english(test, c):
    """Saves the engine's suggested 英语(二) replacement (李娜's clones)."""
    page = c.get("/substitute/english?suggest=1")
    test.assertEqual(page.status, 200)
    codes = sorted(i.get("value") for i in z.parse_inputs(page.text).inputs
                   if i.get("name") == "course" and "checked" in i)
    test.assertTrue(codes)
    r = c.post("/substitute/english", [("course", x) for x in codes])
    test.assertEqual(r.status, 303, text_of(r.text)[:600])


def any_one_of(test, c):
    """The 任选一门 choice 13180 → 02325 (赵敏's clones)."""
    c.get("/substitute/newplan")
    r = c.post("/substitute/newplan", {"action": "add", "new_code": "13180", "old_code": "02325"})
    test.assertEqual(r.status, 303, text_of(r.text)[:600])


def oldplan(test, c):
    """A 旧计划 certificate for 00015 英语(二) with a zip of its scans (李娜's clones)."""
    c.get("/substitute/oldplan")
    items = [("csrf_token", c.csrf_token()), ("action", "add"), ("code", "00015"), ("name", "英语(二)"),
             ("passed_on", "1999-10-24"), ("score", "合格")]
    # A directory entry first: the files are entries 1 and 2, as the page numbers them.
    archive = make_zip([("扫描件/", b"")] + ZIP_ENTRIES)
    ctype, body = z.multipart(items, files=[("archive", "旧计划.zip", "application/zip", archive)])
    r = c.post_raw("/substitute/oldplan", body, ctype)
    test.assertEqual(r.status, 303, text_of(r.text)[:600])


def submit(test, p, county="140105", prepare=None):
    """Logs in and submits an application for 太原理工大学 080901 in `county` through the
    pages, `prepare(test, client)` making the choices on the 顶替 screens after the major
    was chosen. Returns the logged-in client."""
    c = ap.login(p)
    r = ap.fill(c, ["10112"], county=county)
    test.assertEqual(r.status, 303, text_of(r.text)[:400])
    test.assertEqual(ap.choose(c, {1: ap.major_id("10112", "080901")}).status, 303)
    if prepare:
        prepare(test, c)
    submit_again(test, c)
    return c


def submit_again(test, c):
    """From the chosen majors to 提交 (step 2 next, confirm, submit)."""
    r = ap.choose(c, {1: ap.major_id("10112", "080901")}, "next")
    test.assertEqual(r.status, 303, text_of(r.text)[:800])
    test.assertEqual(z.path_of(r.location), "/apply/confirm")
    test.assertEqual(c.get("/apply/confirm").status, 200)
    r = c.post("/apply/submit", {"confirm_submit": "1"})
    test.assertEqual(r.status, 303, text_of(r.text)[:400])
    test.assertEqual(z.path_of(r.location), "/apply/status")


def upload_photo(test, c, picture=None):
    c.get("/photo")
    r = ph.upload(c, picture or images.graduation(seed()))
    test.assertEqual(r.status, 303, text_of(r.text)[:600])


def to_prereview(test, p, county="140105", prepare=None):
    c = submit(test, p, county, prepare or english)
    upload_photo(test, c)
    test.assertEqual(ap.apps(p)[-1].split(":")[1], "prereview")
    return c


def app_id(p, attempt=1):
    return int(z.psql("SELECT id FROM applications WHERE examinee_id = %d AND attempt = %d" % (p.db_id, attempt)))


def status(app):
    return z.psql("SELECT status FROM applications WHERE id = %d" % app)


def events(app):
    out = z.psql("SELECT from_status || '>' || to_status || ':' || actor FROM application_events "
                 "WHERE application_id = %d ORDER BY id" % app)
    return out.split("\n") if out else []


def last_note(app):
    return z.psql("SELECT note FROM application_events WHERE application_id = %d ORDER BY id DESC LIMIT 1" % app)


def decisions(app):
    """The staff audit log's application.* actions about the application other than views."""
    out = z.psql("SELECT action FROM staff_audit_log WHERE subject LIKE 'application:%d%%' "
                 "AND action <> 'application.view' ORDER BY id" % app)
    return out.split("\n") if out else []


def eligible(app):
    return z.psql("SELECT string_agg(eligible::text, ',' ORDER BY seq) FROM application_majors "
                  "WHERE application_id = %d" % app)


def staff(username):
    return ph.staff_client(username)


def detail_path(app):
    return "/admin/applications/%d" % app


def post_decision(clerk, app, what, fields=None, csrf=True):
    """A decision as the application's page sends it (its CSRF token first)."""
    clerk.get(detail_path(app))
    return clerk.post(detail_path(app) + "/" + what, fields or {}, csrf=csrf)


def listed(clerk, path, app):
    return ('href="%s"' % detail_path(app)) in clerk.get(path).text


def counts(clerk):
    """The dashboard's 待预审, 旧计划待核验, 待交回, 待审定 counts."""
    page = clerk.get("/admin")
    found = [int(x) for x in re.findall(r'<span class="pending-count">(\d+)</span>', page.text)]
    return tuple(found[2:6])


def field_error(page):
    m = re.search(r'<p class="field-error" id="(?:prereview|final)-error" role="alert">([^<]*)</p>', page)
    return htmlmod.unescape(m.group(1)) if m else None


# ---- 系统审核 ------------------------------------------------------------------------------

class SystemReviewTest(unittest.TestCase):
    def test_exam_passes_only_pass_system_review(self):
        p = person("张")
        c = submit(self, p)
        app = app_id(p)
        upload_photo(self, c)
        self.assertEqual(status(app), "prereview_passed")
        self.assertEqual(z.psql("SELECT prereview_by_system FROM applications WHERE id = %d" % app), "t")
        self.assertEqual(events(app), ["draft>submitted:examinee", "submitted>prereview_passed:system"])
        self.assertIn("系统审核通过", last_note(app))
        self.assertEqual(ap.status_line(c.get("/apply/status").text), "系统审核通过，请进行毕业申请支付")
        self.assertEqual(eligible(app), "true")
        # The clerk sees it under 已通过 (系统审核), not waiting, and cannot decide on it.
        xd = staff(XIAODIAN)
        self.assertFalse(listed(xd, "/admin/prereview", app))
        page = xd.get("/admin/prereview?tab=passed")
        self.assertIn('href="%s"' % detail_path(app), page.text)
        self.assertIn("（系统审核）", text_of(page.text))
        r = post_decision(xd, app, "prereview/approve")
        self.assertEqual(r.status, 409)
        self.assertIn(ALREADY, text_of(r.text))
        self.assertEqual(decisions(app), [])

    def check_to_prereview(self, p, county, prepare, reason, office):
        c = submit(self, p, county, prepare)
        app = app_id(p)
        upload_photo(self, c)
        self.assertEqual(status(app), "prereview")
        self.assertEqual(z.psql("SELECT prereview_by_system FROM applications WHERE id = %d" % app), "f")
        self.assertEqual(events(app), ["draft>submitted:examinee", "submitted>prereview:system"])
        note = last_note(app)
        self.assertIn("转县区招办预审", note)
        self.assertIn(reason, note)
        self.assertEqual(ap.status_line(c.get("/apply/status").text), "%s招办预审中，请考生及时关注预审进度" % office)
        return c, app

    def test_english_replacement_goes_to_prereview(self):
        p = person("英")
        _, app = self.check_to_prereview(p, "140106", english, "已选择顶替英语二课程", "太原市迎泽区")
        yz = staff(YINGZE)
        self.assertTrue(listed(yz, "/admin/prereview", app))
        page = yz.get(detail_path(app))
        self.assertEqual(page.status, 200)
        t = text_of(page.text)
        self.assertIn("顶替英语二：", t)
        self.assertIn("转县区招办预审", t)
        self.assertIn('action="%s/prereview/approve"' % detail_path(app), page.text)
        self.assertIn('action="%s/prereview/refuse"' % detail_path(app), page.text)

    def test_any_one_of_choice_goes_to_prereview(self):
        p = person("任")
        _, app = self.check_to_prereview(p, "140105", any_one_of, "已选择一门顶多门或任选一门新计划顶替课程",
                                         "太原市小店区")
        page = staff(XIAODIAN).get(detail_path(app))
        self.assertIn("任选一门：新计划课程 13180", text_of(page.text))

    def test_oldplan_certificate_goes_to_prereview_and_the_oldplan_queue(self):
        """Also the 旧计划 check: the scans listed and opened, refused → not met, verified → met."""
        p = person("旧")
        _, app = self.check_to_prereview(p, "140105", oldplan, "已添加旧计划课程1门，需核验证书", "太原市小店区")
        xd = staff(XIAODIAN)
        self.assertTrue(listed(xd, "/admin/oldplan", app))
        self.assertFalse(listed(xd, "/admin/oldplan?tab=checked", app))
        self.assertEqual(eligible(app), "true")   # provisionally, on the unchecked certificate
        page = xd.get(detail_path(app))
        self.assertEqual(page.status, 200)
        t = text_of(page.text)
        self.assertIn("旧计划.zip", t)
        self.assertIn("待核验", t)
        for name, data in ZIP_ENTRIES:
            self.assertIn(name, t)
        hrefs = re.findall(r'href="(%s/archive/\d+)"' % detail_path(app), page.text)
        self.assertEqual(hrefs, ["%s/archive/%d" % (detail_path(app), n) for n in (1, 2)])
        types = {".png": "image/png", ".pdf": "application/pdf"}
        for (name, data), href in zip(ZIP_ENTRIES, hrefs):
            with self.subTest(entry=name):
                r = xd.get(href)
                self.assertEqual(r.status, 200)
                self.assertEqual(r.header("Content-Type"), types[name[-4:]])
                self.assertEqual(r.body, data)
                self.assertIn("inline", r.header("Content-Disposition") or "")
        for n in ("0", "3", "x", "-1", "1000"):   # the directory, past the end, not a number
            self.assertEqual(xd.get(detail_path(app) + "/archive/" + n).status, 404, n)
        # Each view is in the staff audit log.
        self.assertEqual(z.psql("SELECT string_agg(after->>'viewed', ',' ORDER BY id) FROM staff_audit_log "
                                "WHERE action = 'application.view' AND subject = 'application:%d'" % app),
                         "detail,archive:1,archive:2")
        photo = xd.get(detail_path(app) + "/photo")
        self.assertEqual(photo.status, 200)
        self.assertTrue(photo.body.startswith(b"\xff\xd8"))

        # 核验不通过: the audit runs again without the certificate; the major is not met.
        r = post_decision(xd, app, "oldplan", {"course": "00015", "verdict": "refused"})
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertEqual(eligible(app), "false")
        self.assertEqual(status(app), "prereview")
        self.assertIn("核验不通过", text_of(xd.get(detail_path(app)).text))
        self.assertFalse(listed(xd, "/admin/oldplan", app))
        self.assertTrue(listed(xd, "/admin/oldplan?tab=checked", app))
        # 核验通过: met again.
        r = post_decision(xd, app, "oldplan", {"course": "00015", "verdict": "verified"})
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertEqual(eligible(app), "true")
        self.assertEqual(z.psql("SELECT verified || '|' || (checked_by = (SELECT id FROM staff WHERE username = '%s'))"
                                " FROM application_oldplan_courses WHERE application_id = %d" % (XIAODIAN, app)),
                         "true|true")
        self.assertEqual(decisions(app), ["application.oldplan.check", "application.oldplan.check"])
        # A course the application does not have; a verdict that is neither.
        r = post_decision(xd, app, "oldplan", {"course": "00018", "verdict": "verified"})
        self.assertEqual(r.status, 404)
        r = post_decision(xd, app, "oldplan", {"course": "00015", "verdict": "maybe"})
        self.assertEqual(r.status, 400)
        self.assertEqual(decisions(app), ["application.oldplan.check", "application.oldplan.check"])
        # Once decided, no more checks (409).
        self.assertEqual(post_decision(xd, app, "prereview/approve").status, 303)
        r = post_decision(xd, app, "oldplan", {"course": "00015", "verdict": "refused"})
        self.assertEqual(r.status, 409)
        self.assertEqual(eligible(app), "true")

    def test_photo_approved_by_a_clerk_runs_system_review(self):
        p = person("人工")
        c = submit(self, p, "140106", english)
        app = app_id(p)
        upload_photo(self, c, images.graduation_grey(seed()))
        self.assertEqual(status(app), "submitted")
        (row,) = ph.grad_rows(p)
        self.assertEqual(row["status"], "manual")
        yz = staff(YINGZE)
        path = "/admin/graduation-photos/%d" % row["id"]
        yz.get(path)
        r = yz.post(path + "/approve", {})
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertEqual(status(app), "prereview")
        self.assertEqual(events(app), ["draft>submitted:examinee", "submitted>prereview:system"])
        self.assertIn("已选择顶替英语二课程", last_note(app))


# ---- 预审 and 重新申请 ------------------------------------------------------------------------

class PrereviewTest(unittest.TestCase):
    def refuse(self, clerk, app, code, text):
        r = post_decision(clerk, app, "prereview/refuse", {"reason_code": code, "reason": text})
        self.assertEqual(r.status, 303, text_of(r.text)[:600])
        self.assertEqual(r.location and z.path_of(r.location), "/admin/prereview")
        self.assertIn("done=refused", r.location)
        self.assertEqual(status(app), "prereview_failed")

    def test_refused_reapplies_with_the_photo_and_is_approved(self):
        p = person("退回")
        c = to_prereview(self, p, "140106")
        first = app_id(p)
        yz = staff(YINGZE)
        reason = "英语二顶替课程与档案不符%s" % RUN
        self.refuse(yz, first, "substitution", reason)
        self.assertEqual(z.psql("SELECT prereview_reason_code || '|' || prereview_reason FROM applications "
                                "WHERE id = %d" % first), "substitution|顶替课程不符：" + reason)
        self.assertEqual(events(first)[-1], "prereview>prereview_failed:staff")
        self.assertEqual(last_note(first), "顶替课程不符：" + reason)
        self.assertEqual(decisions(first), ["application.prereview.refuse"])
        self.assertTrue(listed(yz, "/admin/prereview?tab=refused", first))
        self.assertFalse(listed(yz, "/admin/prereview", first))
        page = c.get("/apply/status")
        self.assertEqual(ap.status_line(page.text), "太原市迎泽区招办预审未通过")
        t = text_of(page.text)
        self.assertIn("不通过原因：顶替课程不符：" + reason, t)
        self.assertIn('action="/apply/reapply"', page.text)
        self.assertIn("重新申请", t)
        # 重新申请: attempt 2, a draft with the major and the 英语(二) choice; the photo carried.
        r = c.post("/apply/reapply", {})
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertEqual(ap.apps(p), ["1:prereview_failed", "2:draft"])
        second = app_id(p, 2)
        self.assertEqual(z.psql("SELECT count(*) FROM application_english_courses WHERE application_id = %d" % second),
                         z.psql("SELECT count(*) FROM application_english_courses WHERE application_id = %d" % first))
        self.assertEqual(z.psql("SELECT status || '|' || verifier FROM graduation_photos WHERE application_id = %d"
                                % second), "approved|previous_attempt")
        r = c.get("/apply")
        self.assertEqual(r.status, 200)
        self.assertEqual(ap.choose(c, {1: ap.major_id("10112", "080901")}).status, 303)
        submit_again(self, c)
        # 提交 with the carried photo: 系统审核 at once, to 预审 again (the 英语(二) choice).
        self.assertEqual(status(second), "prereview")
        self.assertEqual(events(second), ["draft>submitted:examinee", "submitted>prereview:system"])
        self.assertEqual(ap.status_line(c.get("/apply/status").text), "太原市迎泽区招办预审中，请考生及时关注预审进度")
        self.assertTrue(listed(yz, "/admin/prereview", second))
        r = post_decision(yz, second, "prereview/approve")
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertIn("done=approved", r.location)
        self.assertEqual(status(second), "prereview_passed")
        self.assertEqual(z.psql("SELECT prereview_by_system FROM applications WHERE id = %d" % second), "f")
        self.assertEqual(events(second)[-1], "prereview>prereview_passed:staff")
        self.assertEqual(decisions(second), ["application.prereview.approve"])
        self.assertEqual(ap.status_line(c.get("/apply/status").text), "太原市迎泽区招办已预审通过，请进行毕业申请支付")
        self.assertEqual(ap.apps(p), ["1:prereview_failed", "2:prereview_passed"])

    def test_a_second_refusal_leaves_no_reapply(self):
        p = person("二退")
        c = to_prereview(self, p, "140106")
        yz = staff(YINGZE)
        self.refuse(yz, app_id(p), "score", "")
        page = c.get("/apply/status")
        self.assertIn("不通过原因：成绩不符", text_of(page.text))
        self.assertEqual(c.post("/apply/reapply", {}).status, 303)
        c.get("/apply")
        self.assertEqual(ap.choose(c, {1: ap.major_id("10112", "080901")}).status, 303)
        submit_again(self, c)
        second = app_id(p, 2)
        self.assertEqual(status(second), "prereview")
        self.refuse(yz, second, "other", "第二次仍不符合要求")
        page = c.get("/apply/status")
        self.assertEqual(ap.status_line(page.text), "太原市迎泽区招办预审未通过")
        self.assertIn("不通过原因：其他：第二次仍不符合要求", text_of(page.text))
        self.assertNotIn('action="/apply/reapply"', page.text)
        r = c.post("/apply/reapply", {})
        self.assertEqual(r.status, 400)
        self.assertEqual(ap.apps(p), ["1:prereview_failed", "2:prereview_failed"])

    def test_photo_refusal_needs_a_new_photo(self):
        p = person("照片")
        c = to_prereview(self, p, "140105")
        xd = staff(XIAODIAN)
        self.refuse(xd, app_id(p), "photo", "背景不是纯色")
        self.assertIn("不通过原因：照片不合格：背景不是纯色", text_of(c.get("/apply/status").text))
        self.assertEqual(c.post("/apply/reapply", {}).status, 303)
        second = app_id(p, 2)
        self.assertEqual(z.psql("SELECT count(*) FROM graduation_photos WHERE application_id = %d" % second), "0")
        c.get("/apply")
        self.assertEqual(ap.choose(c, {1: ap.major_id("10112", "080901")}).status, 303)
        submit_again(self, c)
        self.assertEqual(status(second), "submitted")
        self.assertEqual(ap.status_line(c.get("/apply/status").text), "已提交，请上传毕业照片")
        self.assertTrue(ph.has_upload_form(c.get("/photo").text))
        upload_photo(self, c)
        self.assertEqual(status(second), "prereview")


# ---- scope and role -------------------------------------------------------------------------

class ScopeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        t = unittest.TestCase()
        cls.xd_person, cls.yz_person, cls.lz_person = person("域小"), person("域迎"), person("域潞")
        to_prereview(t, cls.xd_person, "140105", oldplan)
        to_prereview(t, cls.yz_person, "140106")
        to_prereview(t, cls.lz_person, "140403")
        cls.xd, cls.yz, cls.lz = app_id(cls.xd_person), app_id(cls.yz_person), app_id(cls.lz_person)

    def queue_pages(self):
        for path, tabs in QUEUES.items():
            for tab in tabs:
                yield path + ("?tab=" + tab if tab else "")

    def test_luzhou_gets_404_for_every_xiaodian_url_and_sees_none(self):
        lz = staff(LUZHOU)
        app = self.xd
        for path in (detail_path(app), detail_path(app) + "/photo", detail_path(app) + "/archive/0",
                     detail_path(app) + "/archive/1"):
            with self.subTest(path=path):
                self.assertEqual(lz.get(path).status, 404)
        # Its own application opens.
        self.assertEqual(lz.get(detail_path(self.lz)).status, 200)
        for what, fields in (("prereview/approve", {}), ("prereview/refuse", {"reason_code": "score", "reason": ""}),
                             ("prereview/refuse", {"reason_code": "", "reason": ""}),
                             ("oldplan", {"course": "00015", "verdict": "refused"}), ("materials-returned", {})):
            with self.subTest(post=what, fields=fields):
                lz.get(detail_path(self.lz))   # a page carrying the clerk's token
                r = lz.post(detail_path(app) + "/" + what, fields)
                self.assertEqual(r.status, 404, text_of(r.text)[:300])
        # 审定 is not a county clerk's: refused before the handler (403).
        for what in ("final/approve", "final/refuse"):
            lz.get(detail_path(self.lz))
            self.assertEqual(lz.post(detail_path(app) + "/" + what, {"reason": "不符合"}).status, 403)
        self.assertEqual(status(app), "prereview")
        self.assertEqual(decisions(app), [])
        self.assertEqual(z.psql("SELECT count(*) FROM staff_audit_log WHERE subject LIKE 'application:%d%%' "
                                "AND staff_id = (SELECT id FROM staff WHERE username = '%s')" % (app, LUZHOU)), "0")
        for page in self.queue_pages():
            with self.subTest(page=page):
                r = lz.get(page)
                self.assertEqual(r.status, 200)
                self.assertNotIn(self.xd_person.ticket, r.text)
                self.assertNotIn(self.yz_person.ticket, r.text)
                self.assertNotIn('href="%s"' % detail_path(self.xd), r.text)
        self.assertIn(self.lz_person.ticket, lz.get("/admin/prereview").text)
        csv = lz.get("/admin/reports/applications.csv")
        self.assertEqual(csv.status, 200)
        self.assertNotIn(self.xd_person.ticket, csv.text)
        self.assertNotIn(self.yz_person.ticket, csv.text)
        self.assertIn(self.lz_person.ticket, csv.text)
        # Another county's filter is not one of luzhou's: 404.
        self.assertEqual(lz.get("/admin/prereview?county=140105").status, 404)

    def test_city_sees_its_counties_only_and_province_sees_all(self):
        ty = staff(TAIYUAN)
        page = ty.get("/admin/prereview").text
        self.assertIn(self.xd_person.ticket, page)
        self.assertIn(self.yz_person.ticket, page)
        self.assertNotIn(self.lz_person.ticket, page)
        self.assertEqual(ty.get(detail_path(self.yz)).status, 200)
        self.assertEqual(ty.get(detail_path(self.lz)).status, 404)
        self.assertEqual(ty.get(detail_path(self.lz) + "/photo").status, 404)
        ty.get(detail_path(self.yz))
        self.assertEqual(ty.post(detail_path(self.lz) + "/prereview/approve", {}).status, 404)
        self.assertEqual(status(self.lz), "prereview")
        csv = ty.get("/admin/reports/applications.csv").text
        self.assertIn(self.xd_person.ticket, csv)
        self.assertNotIn(self.lz_person.ticket, csv)
        # ?county= narrows the city's list; a county outside the city is 404.
        page = ty.get("/admin/prereview?county=140106").text
        self.assertIn(self.yz_person.ticket, page)
        self.assertNotIn(self.xd_person.ticket, page)
        self.assertEqual(ty.get("/admin/prereview?county=140403").status, 404)

        sd = staff(SHENDING)
        page = sd.get("/admin/prereview").text
        for p in (self.xd_person, self.yz_person, self.lz_person):
            self.assertIn(p.ticket, page)
        for app in (self.xd, self.yz, self.lz):
            self.assertEqual(sd.get(detail_path(app)).status, 200)
        # 预审 is the offices': the province gets 403 and sees no form.
        self.assertNotIn("/prereview/approve", sd.get(detail_path(self.lz)).text)
        for what, fields in (("prereview/approve", {}), ("prereview/refuse", {"reason_code": "score"}),
                             ("oldplan", {"course": "00015", "verdict": "verified"}), ("materials-returned", {})):
            sd.get(detail_path(self.xd))
            self.assertEqual(sd.post(detail_path(self.xd) + "/" + what, fields).status, 403, what)
        self.assertEqual(status(self.xd), "prereview")
        # A county clerk gets 403 on 审定.
        xd = staff(XIAODIAN)
        for what in ("final/approve", "final/refuse"):
            xd.get(detail_path(self.xd))
            self.assertEqual(xd.post(detail_path(self.xd) + "/" + what, {"reason": "不符合要求"}).status, 403)

    def test_draft_and_bad_ids_are_404(self):
        p = person("草稿")
        c = ap.login(p)
        self.assertEqual(ap.fill(c, ["10112"], county="140105").status, 303)
        draft = app_id(p)
        sd = staff(SHENDING)
        for path in (detail_path(draft), detail_path(draft) + "/photo", "/admin/applications/0",
                     "/admin/applications/99999999999", "/admin/applications/abc",
                     "/admin/prereview?tab=nope", "/admin/final?tab=passed", "/admin/prereview?page=0",
                     "/admin/prereview?page=abc", "/admin/prereview?county=999999"):
            with self.subTest(path=path):
                self.assertEqual(sd.get(path).status, 404)


# ---- 材料已交回 and 审定 ------------------------------------------------------------------------

class MaterialsAndFinalTest(unittest.TestCase):
    def passed_and_filled(self, label):
        p = person(label)
        c = submit(self, p)
        upload_photo(self, c)
        app = app_id(p)
        self.assertEqual(status(app), "prereview_passed")
        # 支付 and the 登记表 have their own tests (test_pay, test_regform, which goes through
        # 材料已交回 with a real form); here they are set in SQL to keep to the back office.
        z.psql("UPDATE applications SET status = 'regform_filled' WHERE id = %d" % app)
        return p, c, app

    def test_materials_returned_then_approved(self):
        xd, sd = staff(XIAODIAN), staff(SHENDING)
        before = counts(xd)
        p, c, app = self.passed_and_filled("交回")
        self.assertEqual(counts(xd), (before[0], before[1], before[2] + 1, before[3]))
        self.assertTrue(listed(xd, "/admin/materials", app))
        self.assertIn("确认材料已交回", text_of(xd.get(detail_path(app)).text))
        # The province does not mark materials; the office does.
        self.assertEqual(post_decision(sd, app, "materials-returned").status, 403)
        r = post_decision(xd, app, "materials-returned")
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertEqual((z.path_of(r.location), "done=returned" in r.location), ("/admin/materials", True))
        self.assertEqual(status(app), "materials_returned")
        self.assertEqual(counts(xd), (before[0], before[1], before[2], before[3] + 1))
        self.assertFalse(listed(xd, "/admin/materials", app))
        self.assertTrue(listed(xd, "/admin/materials?tab=returned", app))
        self.assertEqual(ap.status_line(c.get("/apply/status").text), "材料已交回，等待毕业审定")
        r = post_decision(xd, app, "materials-returned")
        self.assertEqual(r.status, 409)
        self.assertIn(ALREADY, text_of(r.text))
        # 审定通过.
        self.assertTrue(listed(sd, "/admin/final", app))
        r = post_decision(sd, app, "final/approve")
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertEqual((z.path_of(r.location), "done=final_approved" in r.location), ("/admin/final", True))
        self.assertEqual(status(app), "approved")
        self.assertEqual(counts(xd), before)
        self.assertTrue(listed(sd, "/admin/final?tab=approved", app))
        self.assertEqual(ap.status_line(c.get("/apply/status").text), "毕业审定通过")
        self.assertEqual(events(app)[-2:], ["regform_filled>materials_returned:staff", "materials_returned>approved:staff"])
        self.assertEqual(decisions(app), ["application.materials_returned", "application.final.approve"])
        self.assertEqual(post_decision(sd, app, "final/refuse", {"reason": "重复的决定"}).status, 409)
        self.assertEqual(status(app), "approved")

    def test_final_refusal_with_a_reason_and_bad_reasons(self):
        xd, sd = staff(XIAODIAN), staff(SHENDING)
        p, c, app = self.passed_and_filled("审否")
        self.assertEqual(post_decision(xd, app, "materials-returned").status, 303)
        for reason, message in (("", "请填写不通过原因（至少2个字）。"), ("  差  ", "请填写不通过原因（至少2个字）。"),
                                ("长" * 501, "原因不能超过500个字（现为501个字）。")):
            with self.subTest(reason=reason[:5], length=len(reason)):
                r = post_decision(sd, app, "final/refuse", {"reason": reason})
                self.assertEqual(r.status, 400)
                self.assertEqual(field_error(r.text), message)
                self.assertIn('action="%s/final/refuse"' % detail_path(app), r.text)
                self.assertEqual(status(app), "materials_returned")
                self.assertEqual(decisions(app), ["application.materials_returned"])
                self.assertEqual(len(events(app)), 3)  # 提交, 系统审核, 材料已交回 (the rest set in SQL)
        reason = "毕业生登记表照片与档案不一致" + RUN
        r = post_decision(sd, app, "final/refuse", {"reason": reason})
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertIn("done=final_refused", r.location)
        self.assertEqual(status(app), "rejected")
        self.assertEqual(z.psql("SELECT final_reason FROM applications WHERE id = %d" % app), reason)
        page = c.get("/apply/status")
        self.assertEqual(ap.status_line(page.text), "毕业审定未通过")
        self.assertIn("不通过原因：" + reason, text_of(page.text))
        self.assertTrue(listed(sd, "/admin/final?tab=rejected", app))
        self.assertEqual(decisions(app), ["application.materials_returned", "application.final.refuse"])
        self.assertEqual(post_decision(sd, app, "final/approve").status, 409)


# ---- bad input and two clerks at once -------------------------------------------------------

class BadInputTest(unittest.TestCase):
    def test_bad_prereview_refusals_change_nothing(self):
        p = person("坏")
        to_prereview(self, p, "140105")
        app = app_id(p)
        xd = staff(XIAODIAN)
        n_events = len(events(app))
        for fields, message in (({"reason": "没有选原因"}, "请选择不通过原因。"),
                                ({"reason_code": "nope", "reason": "未知代码"}, "请选择不通过原因。"),
                                ({"reason_code": "other", "reason": ""}, "请填写不通过原因（至少2个字）。"),
                                ({"reason_code": "other", "reason": " 短 "}, "请填写不通过原因（至少2个字）。"),
                                ({"reason_code": "score", "reason": "长" * 501}, "原因不能超过500个字（现为501个字）。"),
                                ({"reason_code": "other", "reason": "长" * 501}, "原因不能超过500个字（现为501个字）。")):
            with self.subTest(fields={k: v[:6] for k, v in fields.items()}):
                r = post_decision(xd, app, "prereview/refuse", fields)
                self.assertEqual(r.status, 400)
                self.assertEqual(field_error(r.text), message)
                self.assertIn('action="%s/prereview/refuse"' % detail_path(app), r.text)
                self.assertEqual(status(app), "prereview")
                self.assertEqual(len(events(app)), n_events)
                self.assertEqual(decisions(app), [])
        # What was typed is kept on the page.
        r = post_decision(xd, app, "prereview/refuse", {"reason_code": "other", "reason": "x"})
        self.assertIn('value="other" checked', r.text)
        # Missing and forged CSRF tokens: 403, nothing changed.
        for csrf in (False, "forged" + "0" * 40):
            with self.subTest(csrf=csrf):
                r = post_decision(xd, app, "prereview/approve", csrf=csrf)
                self.assertEqual(r.status, 403)
                r = post_decision(xd, app, "prereview/refuse", {"reason_code": "score"}, csrf=csrf)
                self.assertEqual(r.status, 403)
        self.assertEqual(status(app), "prereview")
        self.assertEqual(decisions(app), [])
        self.assertEqual(len(events(app)), n_events)
        # Wrong state: not yet returned, not yet 审定 (409 before the reason is judged).
        self.assertEqual(post_decision(xd, app, "materials-returned").status, 409)
        self.assertEqual(post_decision(staff(SHENDING), app, "final/refuse", {"reason": ""}).status, 409)
        # 500 characters is the limit: accepted.
        r = post_decision(xd, app, "prereview/refuse", {"reason_code": "other", "reason": "长" * 500})
        self.assertEqual(r.status, 303, text_of(r.text)[:300])
        self.assertEqual(z.psql("SELECT prereview_reason FROM applications WHERE id = %d" % app), "其他：" + "长" * 500)
        # Twice: 409, with a good or a bad reason.
        for what, fields in (("prereview/approve", {}), ("prereview/refuse", {"reason_code": "score"}),
                             ("prereview/refuse", {"reason_code": ""})):
            r = post_decision(xd, app, what, fields)
            self.assertEqual(r.status, 409, what)
            self.assertIn(ALREADY, text_of(r.text))
        self.assertEqual(status(app), "prereview_failed")
        self.assertEqual(decisions(app), ["application.prereview.refuse"])
        self.assertEqual(len(events(app)), n_events + 1)

    def test_two_clerks_at_once_one_wins(self):
        p = person("并发")
        to_prereview(self, p, "140105")
        app = app_id(p)
        clerks = [staff(XIAODIAN), staff(TAIYUAN)]
        tokens = []
        for clerk in clerks:
            clerk.get(detail_path(app))
            tokens.append(clerk.csrf_token())
        barrier = threading.Barrier(2)
        results = [None, None]

        def decide(i):
            barrier.wait()
            if i == 0:
                r = clerks[0].post(detail_path(app) + "/prereview/approve", {"csrf_token": tokens[0]}, csrf=False)
            else:
                r = clerks[1].post(detail_path(app) + "/prereview/refuse",
                                   {"csrf_token": tokens[1], "reason_code": "score", "reason": "成绩不符"}, csrf=False)
            results[i] = (r.status, r.text)

        threads = [threading.Thread(target=decide, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(s for s, _ in results)
        self.assertEqual(statuses, [303, 409], [s for s, _ in results])
        loser = [t for s, t in results if s == 409][0]
        self.assertIn(ALREADY, text_of(loser))
        winner = 0 if results[0][0] == 303 else 1
        self.assertEqual(status(app), ("prereview_passed", "prereview_failed")[winner])
        self.assertEqual(len([e for e in events(app) if e.startswith("prereview>")]), 1)
        self.assertEqual(len(decisions(app)), 1)


# ---- dashboard and filters ------------------------------------------------------------------

class DashboardAndFiltersTest(unittest.TestCase):
    def test_counts_follow_the_application(self):
        xd = staff(XIAODIAN)
        before = counts(xd)
        p = person("计数")
        c = submit(self, p, "140105", oldplan)
        app = app_id(p)
        self.assertEqual(counts(xd), before)
        upload_photo(self, c)
        self.assertEqual(counts(xd), (before[0] + 1, before[1] + 1) + before[2:])
        post_decision(xd, app, "oldplan", {"course": "00015", "verdict": "verified"})
        self.assertEqual(counts(xd), (before[0] + 1,) + before[1:])
        self.assertEqual(post_decision(xd, app, "prereview/approve").status, 303)
        self.assertEqual(counts(xd), before)

    def test_search_by_ticket_and_by_part_of_the_name(self):
        p = person("批准")
        to_prereview(self, p, "140106")
        app = app_id(p)
        other = person("域迎")  # may or may not be in 预审 yet: only its absence is asserted
        ty = staff(TAIYUAN)
        for q in (p.ticket, "批准" + RUN, "审批准"):
            with self.subTest(q=q):
                page = ty.get("/admin/prereview?q=" + urllib.parse.quote(q))
                self.assertEqual(page.status, 200)
                self.assertIn('href="%s"' % detail_path(app), page.text)
                self.assertNotIn(other.ticket, page.text)
                if q != "审批准":   # earlier runs' examinees on a reused stack share that part
                    self.assertIn("共 1 条", text_of(page.text))
        for q in (p.ticket[:-1], "没有这个人" + RUN, "%", "_"):
            with self.subTest(q=q):
                page = ty.get("/admin/prereview?q=" + urllib.parse.quote(q))
                self.assertEqual(page.status, 200)
                self.assertNotIn('href="%s"' % detail_path(app), page.text)
        page = ty.get("/admin/prereview?county=140106&q=" + urllib.parse.quote(p.ticket))
        self.assertIn('href="%s"' % detail_path(app), page.text)
        page = ty.get("/admin/prereview?county=140105&q=" + urllib.parse.quote(p.ticket))
        self.assertNotIn('href="%s"' % detail_path(app), page.text)
        # The second page of a short list is empty, not an error.
        page = ty.get("/admin/prereview?q=%s&page=2" % urllib.parse.quote(p.ticket))
        self.assertEqual(page.status, 200)
        self.assertNotIn('href="%s"' % detail_path(app), page.text)


if __name__ == "__main__":
    unittest.main()
