"""test_photo: 毕业证书电子注册图像采集 (module `photo`, /photo) and its clerk queue
(/admin/graduation-photos) over HTTP through nginx.

Every test uses its own examinees, cloned from the demo's 张三 transcript with one
`zikao-ctl load-demo` of a private directory (see test_apply.py), each given a verified
学信网 专科 record and, unless the test is about the time before it, an application for
太原理工大学 080901 in 太原市小店区 (140105) submitted through the pages. Pictures come from
images.py (a new seed every time: the application may refuse one picture on two accounts).
Clerk decisions go through the back office as the demo clerks (sql/demo/staff.csv) make
them: xiaodian (小店区, 140105) and luzhou (潞州区, 140403).

What the dev stack's stand-in verifier makes of a picture that passed the checks: the
middle third darker than 40 → 不通过 (人像过暗); no colour at all → 转人工; otherwise 通过.
Nothing here depends on timing: the concurrent uploads only assert the outcome, which is
the same however the requests interleave.
"""
import hashlib
import html as htmlmod
import itertools
import re
import secrets
import threading
import unittest

import images
import test_apply as ap
import test_register as reg
import zkclient as z

RUN = secrets.token_hex(3)
_seeds = itertools.count(1)

MiB = 1024 * 1024
TITLE = "山西省高等教育自学考试毕业证书电子注册图像采集"
NOT_YET = "请先提交毕业申请"
VERIFIED = "毕业照片已认证"
MANUAL = "人工审核"
REFUSED = "认证未通过"
DARK_REASON = "人像过暗，无法辨认，请在光线充足处重新拍摄后上传。"
FIELD_LABEL = "毕业照上传（蓝底、白底、白灰底照片）"
BUTTON = "上传并认证"
BACK = "返回个人中心确认并提交系统审核"
XIAODIAN = "xiaodian"   # 太原市小店区招办, county 140105
LUZHOU = "luzhou"       # 长治市潞州区招办, county 140403
STAFF_PASSWORD = "Staff@2025"
WHITE = (255, 255, 255)


def seed():
    return "ph-%s-%d" % (RUN, next(_seeds))


def text_of(page):
    return htmlmod.unescape(ap.text_of(page))


# ---- examinees ---------------------------------------------------------------------------

class Person(ap.Person):
    def __init__(self, label):
        super().__init__(label, ap.ZHANG_TICKET)
        self.ticket = "96" + self.id_number[8:14] + self.id_number[14:17] + "3"
        self.name = "照片" + label + RUN

    @property
    def masked_id(self):
        return self.id_number[:4] + "*" * 10 + self.id_number[-4:]


BAD_LABELS = ("GIF", "HTML", "PHP", "SVG", "截断", "一像素", "巨幅", "动画", "暗底", "红底", "红框", "黑框", "横向",
              "过小", "超限", "满限", "空", "旋转")
GOOD_LABELS = ("十六位", "浅蓝", "蓝底", "浅灰", "方形", "窄幅")
LABELS = (("未申请", "草稿", "页面", "通过", "人工", "退回", "空因", "过暗", "甲", "乙", "并发", "样张", "限次")
          + tuple("坏" + x for x in BAD_LABELS) + tuple("好" + x for x in GOOD_LABELS))

_people = {}
_people_lock = threading.Lock()


def person(label):
    """The test examinee `label` (all of LABELS are created on first use, in one load-demo)."""
    with _people_lock:
        if not _people:
            made = {label: Person(label) for label in LABELS}
            ap.load_people(list(made.values()))
            for p in made.values():
                ap.add_chsi(p)
            _people.update(made)
        return _people[label]


def login(p):
    return z.logged_in(p.ticket, z.TEST_PASSWORD)


def submit_application(test, p, county="140105"):
    """Logs in and submits an application for 太原理工大学 080901 in `county` through the
    pages. Returns the logged-in client."""
    c = login(p)
    ap.to_confirm(test, c, county=county)
    r = c.post("/apply/submit", {"confirm_submit": "1"})
    test.assertEqual(r.status, 303, text_of(r.text)[:400])
    test.assertEqual(z.path_of(r.location), "/apply/status")
    test.assertEqual(ap.apps(p), ["1:submitted"])
    return c


def application_status(p):
    return z.psql("SELECT status FROM applications WHERE examinee_id = %d" % p.db_id)


def grad_rows(p):
    """[{id, status, outcome, original (bool: kept), photo_id, reason, refusal}] oldest first."""
    out = z.psql("SELECT id, status, verifier_outcome, original IS NOT NULL, photo_id, COALESCE(verifier_reason, ''), "
                 "COALESCE(refusal_reason, '') FROM graduation_photos WHERE examinee_id = %d ORDER BY id" % p.db_id)
    rows = []
    for line in out.splitlines():
        i, status, outcome, original, photo_id, reason, refusal = line.split("|")
        rows.append({"id": int(i), "status": status, "outcome": outcome, "original": original == "t",
                     "photo_id": int(photo_id), "reason": reason, "refusal": refusal})
    return rows


def graduation_photos_stored(p):
    """(graduation_photos rows, photos rows of kind 'graduation') of the examinee."""
    out = z.psql("SELECT (SELECT count(*) FROM graduation_photos WHERE examinee_id = %d), "
                 "(SELECT count(*) FROM photos WHERE examinee_id = %d AND kind = 'graduation')" % (p.db_id, p.db_id))
    return tuple(int(x) for x in out.split("|"))


def add_registration_photos(p):
    """The 证件照 / 身份证 photos on record, as an approved 三照 submission (written in SQL:
    the cloned examinees were imported verified, without photos). Returns their photo ids."""
    ids = []
    for kind in ("portrait", "id_front", "id_in_hand"):
        digest = hashlib.sha256(("%s-%s-%s" % (p.ticket, kind, RUN)).encode()).hexdigest()
        ids.append(int(z.psql(
            "INSERT INTO photos (examinee_id, kind, content_type, width, height, sha256, data) "
            "VALUES (%d, '%s', 'image/jpeg', 8, 8, decode('%s', 'hex'), decode('%s', 'hex')) RETURNING id"
            % (p.db_id, kind, digest, images.TINY_JPEG.hex())).splitlines()[0]))
    z.psql("INSERT INTO identity_verifications (examinee_id, path, status, portrait_photo_id, id_front_photo_id, "
           "id_in_hand_photo_id, verifier, verifier_outcome, decided_at) "
           "VALUES (%d, 'new', 'approved', %d, %d, %d, 'local-standin', 'pass', now())" % ((p.db_id,) + tuple(ids)))
    return ids




# ---- the page and the upload ----------------------------------------------------------------

def upload(c, value, csrf=True):
    """POST /photo as the page's form does: the file field `photo` (bytes of a PNG/JPEG, or a
    (filename, content type, bytes) tuple) and the csrf_token of the client's last page."""
    return reg.post_form(c, "/photo", {}, {"photo": value}, csrf=csrf)


def has_upload_form(page):
    return ('name="photo"' in page and 'type="file"' in page and 'action="/photo"' in page
            and 'enctype="multipart/form-data"' in page)


def photo_error(page):
    """The error shown next to the file field `photo`, or None."""
    return reg.field_errors(page).get("photo")


def view_ids(page):
    return [int(x) for x in re.findall(r'<img[^>]*\bsrc="/photo/view/(\d+)"', page)]


def staff_client(username):
    c = z.Client()
    page = c.get("/admin/login")
    if page.status != 200:
        raise AssertionError("GET /admin/login answered %d" % page.status)
    r = c.post("/admin/login", {"username": username, "password": STAFF_PASSWORD})
    if r.status != 303 or not c.session_token:
        raise AssertionError("staff login of %s failed: %d %s" % (username, r.status, r.text[:300]))
    return c


def staff_id(username):
    return int(z.psql("SELECT id FROM staff WHERE username = '%s'" % username))


def audit_actions(staff, photo_row_id):
    """The graduation_photo.* actions the staff member logged about the attempt, in order."""
    out = z.psql("SELECT action FROM staff_audit_log WHERE staff_id = %d AND action LIKE 'graduation_photo.%%' "
                 "AND subject ~ '(^|[^0-9])%d$' ORDER BY id" % (staff, photo_row_id))
    return out.splitlines()


def admin_image_ids(page, row_id):
    return [int(x) for x in re.findall(r'src="/admin/graduation-photos/%d/image/(\d+)"' % row_id, page)]


# ---- tests ---------------------------------------------------------------------------------

class BeforeSubmissionTest(unittest.TestCase):
    """The page opens only after 提交: before it there is a message and no form, and a POST
    is refused (403) with nothing stored."""

    def check_closed(self, p, c):
        page = c.get("/photo")
        self.assertEqual(page.status, 200)
        self.assertIn(TITLE, page.text)
        self.assertIn(NOT_YET, page.text)
        self.assertIn('href="/apply/status"', page.text)
        self.assertFalse(has_upload_form(page.text), "no upload form before 提交")
        self.assertNotIn(BUTTON, page.text)
        r = upload(c, images.graduation(seed()))
        self.assertEqual(r.status, 403, text_of(r.text)[:400])
        self.assertIn(NOT_YET, r.text)
        self.assertEqual(graduation_photos_stored(p), (0, 0))

    def test_without_an_application(self):
        p = person("未申请")
        c = login(p)
        self.assertEqual(ap.apps(p), [])
        self.check_closed(p, c)
        self.assertEqual(ap.apps(p), [])

    def test_with_a_draft(self):
        p = person("草稿")
        c = login(p)
        r = ap.fill(c, ["10112"], county="140105")
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertEqual(ap.apps(p), ["1:draft"])
        self.check_closed(p, c)
        self.assertEqual(ap.apps(p), ["1:draft"])


class PageTest(unittest.TestCase):
    def test_the_page_after_submission(self):
        p = person("页面")
        c = submit_application(self, p)
        home = c.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn('href="/photo"', home.text, "个人中心 links to /photo once the application is submitted")
        status = c.get("/apply/status")
        self.assertIn('href="/photo"', status.text)
        self.assertIn("上传毕业照片", status.text)
        self.assertNotIn("查看考生毕业照", status.text)
        page = c.get("/photo")
        self.assertEqual(page.status, 200)
        t = text_of(page.text)
        self.assertRegex(page.text, r"<h1[^>]*>\s*%s\s*</h1>" % TITLE)
        for s in ("姓名", p.name, "证件号码", p.masked_id, "准考证号", p.ticket, "上传说明", FIELD_LABEL, BUTTON, BACK):
            self.assertIn(s, t)
        self.assertNotIn(p.id_number, page.text)
        for item in ("本次采集的照片将生成毕业生图像", "照片采集要求", "电子图像文件格式为", "若照片无法提交或提交后系统审核不通过"):
            self.assertIn(item, t, "上传说明 items 1-4")
        self.assertRegex(page.text, r'<a [^>]*href="/"[^>]*>\s*%s\s*</a>' % BACK)
        self.assertTrue(has_upload_form(page.text))
        forms = [f for f in z.parse_inputs(page.text).forms if f.get("action") == "/photo"]
        self.assertEqual(len(forms), 1)
        self.assertEqual(forms[0].get("method", "").lower(), "post")
        self.assertEqual(forms[0].get("enctype"), "multipart/form-data")
        files = [i for i in c.inputs() if i.get("type") == "file"]
        self.assertEqual([i.get("name") for i in files], ["photo"])
        self.assertIn('<label for="%s"' % files[0].get("id"), page.text)
        self.assertRegex(c.csrf_token() or "", r"^[0-9a-f]{64}$")
        self.assertEqual(graduation_photos_stored(p), (0, 0))
        # Without the CSRF token nothing is stored.
        r = upload(c, images.graduation(seed()), csrf=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(graduation_photos_stored(p), (0, 0))
        # Anonymous: the page sends to the login.
        r = z.Client().get("/photo")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")


_app_jpeg = {}
_app_jpeg_lock = threading.Lock()


def app_jpeg(test):
    """A 480x640 JPEG the application produced (one examinee's photo passed; its
    /photo/view downloaded), for the pictures made from a real JPEG."""
    with _app_jpeg_lock:
        if not _app_jpeg:
            p = person("样张")
            c = submit_application(test, p)
            c.get("/photo")
            r = upload(c, images.graduation(seed()))
            if r.status != 303:
                raise AssertionError("the sample upload answered %d: %s" % (r.status, text_of(r.text)[:400]))
            (row,) = grad_rows(p)
            jpeg = c.get("/photo/view/%d" % row["id"])
            if jpeg.status != 200 or not jpeg.body.startswith(b"\xff\xd8"):
                raise AssertionError("could not download the sample photo: %d" % jpeg.status)
            _app_jpeg["jpeg"] = jpeg.body
        return _app_jpeg["jpeg"]


def one_pixel(s):
    h = hashlib.sha256(s.encode()).digest()
    return images.png(1, 1, lambda x, y: (h[0], h[1], h[2]))


# label -> (picture maker (test) -> bytes or (filename, type, bytes), heading)
BAD = {
    "GIF": (lambda t: ("photo.jpg", "image/jpeg", images.gif(seed())), "文件类型不正确"),
    "HTML": (lambda t: ("photo.jpg", "image/jpeg", images.html(seed())), "文件类型不正确"),
    "PHP": (lambda t: ("photo.jpg", "image/jpeg", images.php(seed())), "文件类型不正确"),
    "SVG": (lambda t: ("photo.svg", "image/svg+xml", images.svg(seed())), "文件类型不正确"),
    "截断": (lambda t: ("photo.jpg", "image/jpeg", images.truncated_jpeg(app_jpeg(t))), "照片文件已损坏"),
    "一像素": (lambda t: one_pixel(seed()), "照片尺寸过小"),
    "巨幅": (lambda t: images.huge_header_png(seed()), "照片尺寸过大"),
    "动画": (lambda t: images.graduation_animated(seed()), "不支持动态图片"),
    "暗底": (lambda t: images.graduation_dark_bg(seed()), "背景颜色不符合要求"),
    "红底": (lambda t: images.graduation(seed(), bg=(200, 30, 30)), "背景颜色不符合要求"),
    "红框": (lambda t: images.graduation_framed(seed()), "照片不能有边框"),
    "黑框": (lambda t: images.graduation_framed(seed(), colour=(0, 0, 0)), "照片不能有边框"),
    "横向": (lambda t: images.graduation_landscape(seed()), "照片方向不正确"),
    "过小": (lambda t: images.graduation_small(seed()), "照片尺寸过小"),
    "超限": (lambda t: images.pad_png(images.graduation(seed()), 2 * MiB + 1), "文件过大"),
    "满限": (lambda t: images.pad_png(images.graduation(seed()), 2 * MiB), "文件过大"),
    "空": (lambda t: ("photo.jpg", "image/jpeg", b""), "请选择照片"),
    # The application's own 480x640 JPEG marked EXIF orientation 6: upright it is 640x480.
    "旋转": (lambda t: images.jpeg_with_metadata(app_jpeg(t), orientation=6), "照片方向不正确"),
}
assert set(BAD) == set(BAD_LABELS)


class BadInputTest(unittest.TestCase):
    """Each refused picture: 400, the page again with "<heading>：<detail>" next to the file
    field, nothing stored (no graduation_photos row, no 'graduation' photo), the
    application still 'submitted', and a good picture afterwards still passes."""

    def refused(self, label):
        make, heading = BAD[label]
        p = person("坏" + label)
        c = submit_application(self, p)
        value = make(self)
        page = c.get("/photo")
        self.assertTrue(has_upload_form(page.text))
        r = upload(c, value)
        self.assertEqual(r.status, 400, text_of(r.text)[:600])
        error = photo_error(r.text)
        self.assertIsNotNone(error, "no error next to the photo field: %s" % text_of(r.text)[:600])
        self.assertTrue(error.startswith(heading + "："), "%s: expected %s：…, got %r" % (label, heading, error))
        self.assertGreater(len(error), len(heading) + 1, "the heading has a detail after it")
        self.assertTrue(has_upload_form(r.text), "the form is shown again")
        self.assertEqual(graduation_photos_stored(p), (0, 0))
        self.assertEqual(application_status(p), "submitted")
        return p, c

    def test_gif_renamed_jpg(self):
        self.refused("GIF")

    def test_html_renamed_jpg(self):
        self.refused("HTML")

    def test_php_renamed_jpg(self):
        self.refused("PHP")

    def test_svg(self):
        self.refused("SVG")

    def test_truncated_jpeg(self):
        self.refused("截断")

    def test_one_by_one_pixel(self):
        self.refused("一像素")

    def test_png_declaring_30000_by_30000(self):
        self.refused("巨幅")

    def test_animated_png(self):
        self.refused("动画")

    def test_dark_background(self):
        self.refused("暗底")

    def test_red_background(self):
        self.refused("红底")

    def test_red_frame(self):
        self.refused("红框")

    def test_black_frame(self):
        self.refused("黑框")

    def test_landscape(self):
        self.refused("横向")

    def test_exif_rotated_to_landscape(self):
        self.refused("旋转")

    def test_too_small(self):
        self.refused("过小")

    def test_empty_file(self):
        self.refused("空")

    def test_exactly_2_mib(self):
        self.refused("满限")

    def test_2_mib_and_one_byte_then_a_good_photo_passes(self):
        p, c = self.refused("超限")
        # The form after a refusal still works: a good photo passes.
        r = upload(c, images.graduation(seed()))
        self.assertEqual(r.status, 303, text_of(r.text)[:600])
        self.assertEqual([(x["status"], x["outcome"]) for x in grad_rows(p)], [("approved", "pass")])
        self.assertEqual(application_status(p), "prereview_passed")


def jpeg_checks(test, resp):
    """The answer of /photo/view/<id>: the normalised 480x640 baseline JPEG, private."""
    test.assertEqual(resp.status, 200)
    test.assertEqual(resp.header("Content-Type"), "image/jpeg")
    cache = resp.header("Cache-Control") or ""
    test.assertIn("private", cache)
    test.assertIn("no-store", cache)
    test.assertEqual(images.jpeg_size(resp.body), (480, 640, 0xC0), "a baseline 480x640 JPEG")
    markers = images.jpeg_markers(resp.body)
    test.assertFalse({0xE1, 0xE2} & set(markers), "no EXIF/XMP (APP1) or ICC (APP2): %s" % [hex(m) for m in markers])


class AcceptedTest(unittest.TestCase):
    def test_upload_passes_and_the_application_passes_system_review(self):
        """A verified photo runs 系统审核 at once: this examinee's major is met by exam passes
        alone (nothing chosen by hand), so the application is 预审通过 by the system."""
        p = person("通过")
        c = submit_application(self, p)
        c.get("/photo")
        original = images.graduation(seed())
        r = upload(c, original)
        self.assertEqual(r.status, 303, text_of(r.text)[:600])
        self.assertEqual(z.path_of(r.location), "/photo")
        (row,) = grad_rows(p)
        self.assertEqual((row["status"], row["outcome"], row["original"]), ("approved", "pass", False))
        self.assertEqual(graduation_photos_stored(p), (1, 1))
        self.assertEqual(z.psql("SELECT kind || '|' || width || '|' || height || '|' || encode(sha256, 'hex') "
                                "FROM photos WHERE id = %d" % row["photo_id"]),
                         "graduation|480|640|" + hashlib.sha256(original).hexdigest())
        self.assertEqual(application_status(p), "prereview_passed")
        page = c.get("/photo")
        self.assertEqual(page.status, 200)
        self.assertIn(VERIFIED, page.text)
        self.assertEqual(view_ids(page.text), [row["id"]])
        self.assertFalse(has_upload_form(page.text), "no upload form once verified")
        jpeg_checks(self, c.get("/photo/view/%d" % row["id"]))
        status = c.get("/apply/status")
        self.assertEqual(status.status, 200)
        self.assertEqual(ap.status_line(status.text), "系统审核通过，请进行毕业申请支付")
        self.assertEqual(z.psql("SELECT prereview_by_system FROM applications WHERE examinee_id = %d" % p.db_id), "t")
        self.assertEqual(z.psql("SELECT string_agg(from_status || '>' || to_status || ':' || actor, ',' ORDER BY v.id) "
                                "FROM application_events v JOIN applications a ON a.id = v.application_id "
                                "WHERE a.examinee_id = %d" % p.db_id),
                         "draft>submitted:examinee,submitted>prereview_passed:system")
        self.assertRegex(status.text, r'<a [^>]*href="/photo/view/%d"[^>]*>\s*查看考生毕业照\s*</a>' % row["id"])
        # A second upload is refused and changes nothing.
        r = upload(c, images.graduation(seed()))
        self.assertEqual(r.status, 409, text_of(r.text)[:400])
        self.assertIn("已认证", r.text)
        self.assertEqual(grad_rows(p), [row])
        self.assertEqual(graduation_photos_stored(p), (1, 1))
        self.assertEqual(application_status(p), "prereview_passed")

    def test_other_accepted_pictures(self):
        """Every allowed background, a 16-bit PNG, a square picture (cropped at the sides),
        a narrow one (padded) and one just under 2 MiB: each passes as a 480x640 JPEG."""
        cases = {
            "十六位": lambda: images.graduation_16bit(seed()),
            "浅蓝": lambda: images.graduation(seed(), bg=(190, 220, 245)),
            "蓝底": lambda: images.graduation(seed(), bg=(67, 142, 219)),
            "浅灰": lambda: images.pad_png(images.graduation(seed(), bg=(214, 214, 214)), 2 * MiB - 1),
            "方形": lambda: images.graduation(seed(), w=420, h=420),
            "窄幅": lambda: images.graduation(seed(), w=300, h=480),
        }
        assert set(cases) == set(GOOD_LABELS)
        for label, make in cases.items():
            with self.subTest(picture=label):
                p = person("好" + label)
                c = submit_application(self, p)
                c.get("/photo")
                r = upload(c, make())
                self.assertEqual(r.status, 303, "%s: %s" % (label, text_of(r.text)[:600]))
                rows = grad_rows(p)
                self.assertEqual([(x["status"], x["outcome"]) for x in rows], [("approved", "pass")])
                self.assertEqual(application_status(p), "prereview_passed")
                jpeg_checks(self, c.get("/photo/view/%d" % rows[0]["id"]))


class ManualReviewTest(unittest.TestCase):
    def hand_to_clerk(self, p):
        c = submit_application(self, p)
        c.get("/photo")
        r = upload(c, images.graduation_grey(seed()))
        self.assertEqual(r.status, 303, text_of(r.text)[:600])
        self.assertEqual(z.path_of(r.location), "/photo")
        (row,) = grad_rows(p)
        self.assertEqual((row["status"], row["outcome"], row["original"]), ("manual", "manual", True))
        self.assertIn(MANUAL, row["reason"])
        self.assertEqual(application_status(p), "submitted")
        page = c.get("/photo")
        self.assertIn(MANUAL, page.text)
        self.assertEqual(view_ids(page.text), [row["id"]])
        self.assertFalse(has_upload_form(page.text), "no upload while a clerk decides")
        jpeg_checks(self, c.get("/photo/view/%d" % row["id"]))
        # No second upload until the clerk has decided.
        r = upload(c, images.graduation(seed()))
        self.assertEqual(r.status, 409, text_of(r.text)[:400])
        self.assertRegex(text_of(r.text), r"正在[^。<]*人工审核")   # the spec's "…正在人工审核中…"
        self.assertEqual(grad_rows(p), [row])
        self.assertEqual(graduation_photos_stored(p), (1, 1))
        return c, row

    def test_grey_photo_goes_to_the_xiaodian_clerk_only(self):
        p = person("人工")
        registration = add_registration_photos(p)
        c, row = self.hand_to_clerk(p)
        detail_path = "/admin/graduation-photos/%d" % row["id"]

        # 潞州区: not in the queue, and every URL of the attempt answers 404.
        lz = staff_client(LUZHOU)
        queue = lz.get("/admin/graduation-photos")
        self.assertEqual(queue.status, 200)
        self.assertNotIn('href="%s"' % detail_path, queue.text)
        self.assertEqual(lz.get(detail_path).status, 404)
        for pid in [row["photo_id"]] + registration:
            self.assertEqual(lz.get("%s/image/%d" % (detail_path, pid)).status, 404, pid)
        lz.get("/admin/graduation-photos")   # a page carrying the clerk's CSRF token
        r = lz.post(detail_path + "/approve", {})
        self.assertEqual(r.status, 404, text_of(r.text)[:300])
        r = lz.post(detail_path + "/refuse", {"reason": "不是本区县的考生"})
        self.assertEqual(r.status, 404, text_of(r.text)[:300])
        self.assertEqual(grad_rows(p), [row])
        self.assertEqual(audit_actions(staff_id(LUZHOU), row["id"]), [])

        # 小店区: in the queue; the detail shows both photos; 通过.
        xd = staff_client(XIAODIAN)
        queue = xd.get("/admin/graduation-photos")
        self.assertEqual(queue.status, 200)
        self.assertIn('href="%s"' % detail_path, queue.text)
        self.assertIn(p.name, queue.text)
        detail = xd.get(detail_path)
        self.assertEqual(detail.status, 200)
        shown = admin_image_ids(detail.text, row["id"])
        self.assertIn(row["photo_id"], shown, "the graduation photo is shown")
        self.assertTrue(set(registration) & set(shown), "a registration photo is shown beside it: %s" % shown)
        self.assertIn('action="%s/approve"' % detail_path, detail.text)
        self.assertIn('action="%s/refuse"' % detail_path, detail.text)
        for pid in shown:
            img = xd.get("%s/image/%d" % (detail_path, pid))
            self.assertEqual(img.status, 200, pid)
            self.assertTrue(img.body.startswith(b"\xff\xd8"), pid)
            self.assertIn("no-store", img.header("Cache-Control") or "")
        self.assertEqual(images.jpeg_size(xd.get("%s/image/%d" % (detail_path, row["photo_id"])).body)[:2], (480, 640))
        xd.get(detail_path)   # the detail page's CSRF token
        r = xd.post(detail_path + "/approve", {})
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        (after,) = grad_rows(p)
        self.assertEqual((after["status"], after["original"]), ("approved", False))
        self.assertEqual(z.psql("SELECT decided_by FROM graduation_photos WHERE id = %d" % row["id"]),
                         str(staff_id(XIAODIAN)))
        self.assertEqual(application_status(p), "prereview_passed")
        actions = audit_actions(staff_id(XIAODIAN), row["id"])
        self.assertIn("graduation_photo.view", actions)
        self.assertIn("graduation_photo.approve", actions)
        self.assertEqual(actions.count("graduation_photo.approve"), 1)
        # Decided: a second decision answers 409; it is listed under 已通过.
        xd.get(detail_path)
        self.assertEqual(xd.post(detail_path + "/refuse", {"reason": "重复的决定"}).status, 409)
        self.assertIn('href="%s"' % detail_path, xd.get("/admin/graduation-photos?status=approved").text)
        self.assertNotIn('href="%s"' % detail_path, xd.get("/admin/graduation-photos").text)
        # The examinee sees the result.
        page = c.get("/photo")
        self.assertIn(VERIFIED, page.text)
        self.assertFalse(has_upload_form(page.text))
        self.assertEqual(grad_rows(p), [after])

    def test_refusal_with_a_reason_opens_the_upload_again(self):
        p = person("退回")
        c, row = self.hand_to_clerk(p)
        detail_path = "/admin/graduation-photos/%d" % row["id"]
        xd = staff_client(XIAODIAN)
        self.assertEqual(xd.get(detail_path).status, 200)
        reason = "照片模糊，请重新拍摄正面免冠照片%s" % RUN
        r = xd.post(detail_path + "/refuse", {"reason": reason})
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        (after,) = grad_rows(p)
        self.assertEqual((after["status"], after["original"], after["refusal"]), ("refused", False, reason))
        self.assertEqual(application_status(p), "submitted")
        self.assertIn("graduation_photo.refuse", audit_actions(staff_id(XIAODIAN), row["id"]))
        self.assertIn('href="%s"' % detail_path, xd.get("/admin/graduation-photos?status=refused").text)
        page = c.get("/photo")
        self.assertEqual(page.status, 200)
        self.assertIn("不通过原因：" + reason, text_of(page.text))
        self.assertTrue(has_upload_form(page.text), "the upload form again after a refusal")
        # A new, good upload (just under 2 MiB) passes.
        r = upload(c, images.pad_png(images.graduation(seed()), 2 * MiB - 1))
        self.assertEqual(r.status, 303, text_of(r.text)[:600])
        self.assertEqual([(x["status"], x["outcome"]) for x in grad_rows(p)], [("refused", "manual"), ("approved", "pass")])
        self.assertEqual(application_status(p), "prereview_passed")
        self.assertIn(VERIFIED, c.get("/photo").text)

    def test_refusal_without_a_reason_changes_nothing(self):
        p = person("空因")
        c, row = self.hand_to_clerk(p)
        detail_path = "/admin/graduation-photos/%d" % row["id"]
        xd = staff_client(XIAODIAN)
        self.assertEqual(xd.get(detail_path).status, 200)
        for reason in ("", "差"):
            with self.subTest(reason=reason):
                r = xd.post(detail_path + "/refuse", {"reason": reason})
                self.assertEqual(r.status, 400, text_of(r.text)[:400])
                self.assertEqual(grad_rows(p), [row])
                self.assertEqual(application_status(p), "submitted")
        self.assertNotIn("graduation_photo.refuse", audit_actions(staff_id(XIAODIAN), row["id"]))
        page = c.get("/photo")
        self.assertIn(MANUAL, page.text)
        self.assertFalse(has_upload_form(page.text))
        # A reason of two characters is enough (and leaves the demo clerk's queue as it was).
        xd.get(detail_path)
        r = xd.post(detail_path + "/refuse", {"reason": "模糊"})
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        self.assertEqual([(x["status"], x["refusal"]) for x in grad_rows(p)], [("refused", "模糊")])


class RefusedByVerifierTest(unittest.TestCase):
    def test_dark_face_is_refused_with_the_reason_and_upload_opens_again(self):
        p = person("过暗")
        c = submit_application(self, p)
        c.get("/photo")
        r = upload(c, images.graduation_dark_face(seed()))
        self.assertEqual(r.status, 303, text_of(r.text)[:600])
        self.assertEqual(z.path_of(r.location), "/photo")
        (row,) = grad_rows(p)
        self.assertEqual((row["status"], row["outcome"], row["original"]), ("refused", "fail", False))
        self.assertEqual(row["reason"], DARK_REASON)
        self.assertEqual(application_status(p), "submitted")
        page = c.get("/photo")
        self.assertEqual(page.status, 200)
        t = text_of(page.text)
        self.assertIn(REFUSED, t)
        self.assertIn("不通过原因：" + DARK_REASON, t)
        self.assertEqual(view_ids(page.text), [row["id"]])
        self.assertTrue(has_upload_form(page.text), "the upload form again")
        status = c.get("/apply/status")
        self.assertIn('href="/photo/view/%d"' % row["id"], status.text)
        self.assertIn("上传毕业照片", status.text)
        # Uploading again is allowed, and a good photo passes.
        r = upload(c, images.graduation(seed()))
        self.assertEqual(r.status, 303, text_of(r.text)[:600])
        self.assertEqual([x["status"] for x in grad_rows(p)], ["refused", "approved"])
        self.assertEqual(application_status(p), "prereview_passed")


class DailyLimitTest(unittest.TestCase):
    def test_twenty_stored_photos_a_day_then_429_and_nothing_stored(self):
        """Every stored photo is kept (a verifier's refusal too), so one application may leave
        at most 20 in 24 hours; the 21st is refused with a way forward and stores nothing,
        and the limit counts only the last 24 hours."""
        p = person("限次")
        c = submit_application(self, p)
        for i in range(19):
            r = upload(c, images.graduation_dark_face(seed()))
            self.assertEqual(r.status, 303, "upload %d: %s" % (i + 1, text_of(r.text)[:300]))
        # The 20th is still taken; the 21st is not.
        r = upload(c, images.graduation_dark_face(seed()))
        self.assertEqual(r.status, 303, text_of(r.text)[:300])
        self.assertEqual(graduation_photos_stored(p), (20, 20))
        r = upload(c, images.graduation(seed()))
        self.assertEqual(r.status, 429, text_of(r.text)[:300])
        self.assertIn("今日已上传毕业照片20次", text_of(r.text))
        self.assertIn("自考部门进行人工审核", text_of(r.text))
        self.assertEqual(graduation_photos_stored(p), (20, 20))
        self.assertEqual(application_status(p), "submitted")
        # A day later the oldest no longer count: a good photo passes.
        z.psql("UPDATE graduation_photos SET created_at = created_at - interval '25 hours' "
               "WHERE examinee_id = %d AND id IN (SELECT id FROM graduation_photos WHERE examinee_id = %d "
               "ORDER BY id LIMIT 1)" % (p.db_id, p.db_id))
        r = upload(c, images.graduation(seed()))
        self.assertEqual(r.status, 303, text_of(r.text)[:300])
        self.assertEqual(application_status(p), "prereview_passed")


class AccessTest(unittest.TestCase):
    def test_only_the_owner_sees_the_photo(self):
        a, b = person("甲"), person("乙")
        ca = submit_application(self, a)
        ca.get("/photo")
        self.assertEqual(upload(ca, images.graduation(seed())).status, 303)
        (row,) = grad_rows(a)
        view = "/photo/view/%d" % row["id"]
        jpeg_checks(self, ca.get(view))
        # Another examinee (with an application of his own, and without one).
        cb = submit_application(self, b)
        for path in (view, "/photo/view/999999999", "/photo/view/abc", "/photo/view/-1", "/photo/view/%d" % row["photo_id"]):
            with self.subTest(path=path):
                r = cb.get(path)
                self.assertEqual(r.status, 404, path)
                self.assertFalse(r.body.startswith(b"\xff\xd8"))
        self.assertNotIn(view, cb.get("/photo").text)
        self.assertNotIn(view, cb.get("/apply/status").text)
        # Logged out: sent to the login page, never the picture; a POST is refused.
        anon = z.Client()
        r = anon.get(view)
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")
        self.assertFalse(r.body.startswith(b"\xff\xd8"))
        anon.get("/login")
        r = upload(anon, images.graduation(seed()))
        self.assertEqual(r.status, 403)
        # After logging out, the old cookie no longer opens it.
        token = ca.session_token
        ca.get("/")
        self.assertEqual(ca.post("/logout", {}).status, 303)
        stale = z.Client()
        stale.cookies["zk_session"] = token
        r = stale.get(view)
        self.assertIn(r.status, (303, 403))
        self.assertFalse(r.body.startswith(b"\xff\xd8"))
        # A staff session is not an examinee session.
        xd = staff_client(XIAODIAN)
        r = xd.get(view)
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")
        self.assertFalse(r.body.startswith(b"\xff\xd8"))
        self.assertEqual(grad_rows(a), [row])


class ConcurrentUploadTest(unittest.TestCase):
    def test_ten_uploads_at_once_verify_one(self):
        """10 good photos uploaded at the same moment by one examinee (each from its own
        address, with the same session): one is verified, the other nine answer 409 and
        leave nothing behind. Whatever the interleaving, that is the only right outcome."""
        p = person("并发")
        c = submit_application(self, p)
        c.get("/photo")
        token = c.csrf_token()
        pictures = [images.graduation(seed()) for _ in range(10)]
        results = [None] * 10
        start = threading.Barrier(10)

        def send(i):
            t = z.Client()
            t.cookies = dict(c.cookies)
            try:
                start.wait(120)
                r = upload(t, pictures[i], csrf=token)
                results[i] = r.status
            except Exception as e:  # noqa: BLE001 - reported below
                results[i] = repr(e)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        self.assertEqual(sorted(results, key=str), [303] + [409] * 9, results)
        rows = grad_rows(p)
        self.assertEqual([(x["status"], x["outcome"], x["original"]) for x in rows], [("approved", "pass", False)])
        self.assertEqual(graduation_photos_stored(p), (1, 1))
        self.assertEqual(application_status(p), "prereview_passed")
        winner = pictures[[r == 303 for r in results].index(True)]
        self.assertEqual(z.psql("SELECT encode(sha256, 'hex') FROM photos WHERE id = %d" % rows[0]["photo_id"]),
                         hashlib.sha256(winner).hexdigest())


if __name__ == "__main__":
    unittest.main()
