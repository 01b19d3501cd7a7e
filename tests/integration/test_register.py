"""考生注册 (/register, /register/new, /register/enrolled): the choice page, a new examinee
with 三照 (verified at once, or handed to a clerk), an imported 在籍考生 setting a first
password with 两照, the forgotten-password path (the new password waits for the clerk),
and every bad input refused next to its field with nothing stored.

Also holds the helpers test_verify_identity.py uses (registration, imported examinees,
staff decisions)."""
import hashlib
import html as htmlmod
import itertools
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import unittest

import images
import zkclient as z

# ---- browsers ----------------------------------------------------------------------------
# This file and test_verify_identity.py make about a hundred browsers. They take their
# source addresses round robin from a pool of POOL_SIZE zkclient addresses, so the other
# test files keep most of the 249, and each pooled address still stays well below
# nginx's POST limits (20 a minute, bursts of 10, per address and zone) and the login
# module's 30 failures per address.

POOL_SIZE = 24
_pool = []
_pool_turn = itertools.count()
_pool_lock = threading.Lock()


def next_address():
    with _pool_lock:
        if not _pool:
            _pool.extend(z.new_address() for _ in range(POOL_SIZE))
        return _pool[next(_pool_turn) % POOL_SIZE]


def browser():
    """A new browser (its own cookies) on the next pooled address."""
    return z.Client(next_address())


def logged_in(login_name, password=z.DEMO_PASSWORD):
    return z.logged_in(login_name, password, address=next_address())


# ---- photos ------------------------------------------------------------------------------

RUN = secrets.token_hex(4)
_seeds = itertools.count(1)


def photo(kind):
    """A fresh picture of images.KINDS[kind] (portrait, colorful, grey, dark, ...), never
    produced before: the seed names this run."""
    return images.KINDS[kind]("it-%s-%d" % (RUN, next(_seeds)))


PNG = "image/png"
JPEG = "image/jpeg"


def as_upload(value):
    """(filename, content type, bytes) for a file field: bytes get a name and type that
    match their content; a tuple is taken as given (for files pretending to be JPEGs)."""
    if isinstance(value, tuple):
        return value
    if value.startswith(images.PNG_SIGNATURE):
        return ("photo.png", PNG, value)
    if value.startswith(b"\xff\xd8"):
        return ("photo.jpg", JPEG, value)
    raise ValueError("give a (filename, content_type, data) tuple for non-image bytes")


def fake_jpeg(data):
    """Any bytes uploaded as photo.jpg with Content-Type image/jpeg."""
    return ("photo.jpg", JPEG, data)


def three_photos(in_hand="colorful", portrait="portrait", id_front="colorful"):
    return {"photo_portrait": photo(portrait), "photo_id_front": photo(id_front), "photo_id_in_hand": photo(in_hand)}


def two_photos(in_hand="colorful", id_front="colorful"):
    return {"photo_id_front": photo(id_front), "photo_id_in_hand": photo(in_hand)}


# ---- people ------------------------------------------------------------------------------

CJK_DIGITS = "零一二三四五六七八九"
XIAODIAN = "140105"   # 太原市小店区
LUZHOU = "140403"     # 长治市潞州区
XINGHUALING = "140107"  # 太原市杏花岭区: no demo clerk, so submissions left open here stay out of their queues
STAFF = {XIAODIAN: ("xiaodian", "Staff@2025"), LUZHOU: ("luzhou", "Staff@2025")}


PEOPLE = []  # every Person of this process, for the log check


class Person:
    """Someone with a valid, never used 身份证号 and a name made from it (so the name alone
    finds the row); nothing is stored until a test registers or imports them."""

    def __init__(self, county=XINGHUALING, password=None):
        PEOPLE.append(self)
        self.county = county
        self.id_number = z.unique_id_number(county)
        self.name = "测试" + "".join(CJK_DIGITS[int(d)] for d in self.id_number[6:17])
        self.phone = "136" + self.id_number[9:17]
        self.ticket = "98" + self.id_number[8:17] + "0"
        self.password = password or "Reg#%s-Pw" % secrets.token_hex(5)

    def new_fields(self, **overrides):
        """The /register/new form fields (a value of None leaves the field out)."""
        fields = {"name": self.name, "id_number": self.id_number, "ethnicity": "汉族", "hukou": "城镇",
                  "education": "高中", "occupation": "企业职工", "political_status": "群众", "phone": self.phone,
                  "county_code": self.county, "email": "", "password": self.password,
                  "confirm_password": self.password}
        fields.update(overrides)
        return {k: v for k, v in fields.items() if v is not None}


def post_form(client, path, fields, files, csrf=True):
    """A multipart POST like the browser's: `fields` (dict), `files` (field -> bytes or
    tuple, see as_upload), csrf_token from the client's last page unless csrf is False
    or a string."""
    items = list(fields.items())
    if csrf is True:
        items.insert(0, ("csrf_token", client.csrf_token() or ""))
    elif isinstance(csrf, str):
        items.insert(0, ("csrf_token", csrf))
    uploads = [(name,) + as_upload(value) for name, value in files.items()]
    ctype, body = z.multipart(items, files=uploads)
    return client.post_raw(path, body, ctype)


def register_new(person, files, client=None, **overrides):
    """GET /register/new, then POST it with the person's fields and `files`."""
    c = client or browser()
    page = c.get("/register/new")
    if page.status != 200:
        raise AssertionError("GET /register/new answered %d" % page.status)
    return post_form(c, "/register/new", person.new_fields(**overrides), files)


def enrolled_step1(client, id_number, name):
    page = client.get("/register/enrolled")
    if page.status != 200:
        raise AssertionError("GET /register/enrolled answered %d" % page.status)
    return post_form(client, "/register/enrolled", {"step": "identify", "id_number": id_number, "name": name}, {})


def enrolled_submit(client, password, files, confirm=None):
    """Step 2, from the step-2 page the client holds (its hidden id_number and name)."""
    hidden = {i.get("name"): i.get("value", "") for i in client.inputs() if i.get("type") == "hidden"}
    if hidden.get("step") != "submit":
        raise AssertionError("the client is not on the step-2 page")
    fields = {"step": "submit", "id_number": hidden["id_number"], "name": hidden["name"], "password": password,
              "confirm_password": password if confirm is None else confirm}
    return post_form(client, "/register/enrolled", fields, files)


def load_imported(people, identity_status="unverified", with_password=False):
    """Imports `people` as 在籍考生 (origin 'imported') with `zikao-ctl load-demo` of a
    private directory, without a password unless with_password; sets person.db_id."""
    out = z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + "".join(
        ",".join([p.name, p.id_number, p.ticket, p.password if with_password else "", p.county, identity_status,
                  "汉族", "城镇", "大学本科", "企业职工", "群众", p.phone, ""]) + "\n" for p in people)}, timeout=120)
    m = re.search(r"(\d+) examinees", out)
    if not m or int(m.group(1)) != len(people):
        raise RuntimeError("load-demo did not add the %d examinees: %s" % (len(people), out.strip()))
    for p in people:
        p.db_id = examinee_row(p.name)["id"]
    return people


# ---- database ----------------------------------------------------------------------------

def examinee_row(name):
    """The examinees row of a test person (names are unique, made of CJK digits)."""
    out = z.psql("SELECT id, origin, identity_status, password_hash IS NOT NULL, county_code FROM examinees "
                 "WHERE name = '%s'" % name)
    rows = [r for r in out.splitlines() if r]
    if len(rows) != 1:
        raise AssertionError("%d examinees rows named %s" % (len(rows), name))
    i, origin, status, has_pw, county = rows[0].split("|")
    return {"id": int(i), "origin": origin, "identity_status": status, "has_password": has_pw == "t",
            "county_code": county}


def rows_named(name):
    return int(z.psql("SELECT count(*) FROM examinees WHERE name = '%s'" % name))


def verifications(examinee_id):
    """[(id, path, status, verifier_outcome, refusal_reason)] oldest first."""
    out = z.psql("SELECT id, path, status, verifier_outcome, COALESCE(refusal_reason, '') FROM identity_verifications "
                 "WHERE examinee_id = %d ORDER BY id" % examinee_id)
    return [(int(r.split("|")[0]),) + tuple(r.split("|")[1:]) for r in out.splitlines() if r]


def table_counts():
    """(examinees, photos, identity_verifications) row counts."""
    out = z.psql("SELECT (SELECT count(*) FROM examinees), (SELECT count(*) FROM photos), "
                 "(SELECT count(*) FROM identity_verifications)")
    return tuple(int(x) for x in out.split("|"))


def open_verification(examinee_id):
    out = z.psql("SELECT id FROM identity_verifications WHERE examinee_id = %d AND status = 'manual'" % examinee_id)
    ids = [int(x) for x in out.split()]
    if len(ids) != 1:
        raise AssertionError("examinee %d has %d open submissions" % (examinee_id, len(ids)))
    return ids[0]


# ---- staff decisions ---------------------------------------------------------------------
# Decisions on submissions handed to a person go through the back office (/admin) as the
# clerk of the examinee's county makes them: there is no other way to decide in a test,
# so a broken back office fails these tests instead of being stepped around.


def staff_client(username, password):
    c = browser()
    page = c.get("/admin/login")
    if page.status != 200:
        raise AssertionError("GET /admin/login answered %d" % page.status)
    r = c.post("/admin/login", {"username": username, "password": password})
    if r.status != 303 or not c.session_token:
        raise AssertionError("staff login of %s failed: %d %s" % (username, r.status, r.text[:300]))
    return c


def approve_via_admin(verification_id, county):
    """The county's clerk logs in, finds the submission in the queue, opens it (its photos
    are served to them) and clicks 通过. Returns the clerk's Client."""
    c = staff_client(*STAFF[county])
    queue = c.get("/admin/verifications")
    if queue.status != 200 or ('href="/admin/verifications/%d"' % verification_id) not in queue.text:
        raise AssertionError("submission %d not in %s's queue (%d)" % (verification_id, STAFF[county][0], queue.status))
    detail = c.get("/admin/verifications/%d" % verification_id)
    if detail.status != 200:
        raise AssertionError("GET /admin/verifications/%d answered %d" % (verification_id, detail.status))
    photo_ids = re.findall(r'<img src="/admin/photos/(\d+)"', detail.text)
    if not photo_ids:
        raise AssertionError("the submission page shows no photos")
    for pid in photo_ids:
        p = c.get("/admin/photos/%s" % pid)
        if p.status != 200 or not p.body.startswith(b"\xff\xd8"):
            raise AssertionError("photo %s not served to the clerk: %d" % (pid, p.status))
    r = c.post("/admin/verifications/%d/approve" % verification_id, {"checked": "1"})
    if r.status != 303:
        raise AssertionError("approve answered %d: %s" % (r.status, r.text[:300]))
    return c


def approve(verification_id, county):
    return approve_via_admin(verification_id, county)


def refuse_via_admin(verification_id, county, reason):
    """The county's clerk opens the submission and refuses it with `reason`."""
    c = staff_client(*STAFF[county])
    detail = c.get("/admin/verifications/%d" % verification_id)
    if detail.status != 200 or "/admin/verifications/%d/refuse" % verification_id not in detail.text:
        raise AssertionError("no refuse form for submission %d (%d)" % (verification_id, detail.status))
    r = c.post("/admin/verifications/%d/refuse" % verification_id, {"reason": reason, "checked": "1"})
    if r.status != 303:
        raise AssertionError("refuse answered %d: %s" % (r.status, r.text[:300]))
    return c


def refuse(verification_id, county, reason):
    return refuse_via_admin(verification_id, county, reason)


# ---- pages -------------------------------------------------------------------------------

def field_errors(page):
    """{field name: error text} of every form field showing a field-error (the error
    paragraph inside the same <div class="field"> as the input).
    An error must also be announced at its field: the input is aria-invalid and its
    aria-describedby names the error paragraph's id (AssertionError otherwise)."""
    out = {}
    for chunk in page.split('<div class="field">')[1:]:
        body = chunk.split("</div>", 1)[0]
        field = re.search(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"[^>]*>', body)
        err = re.search(r'<p class="field-error"([^>]*)>(.*?)</p>', body, re.S)
        if field and err:
            err_id = re.search(r'\bid="([^"]+)"', err.group(1))
            described = re.search(r'\baria-describedby="([^"]+)"', field.group(0))
            if 'aria-invalid="true"' not in field.group(0) or not err_id or \
                    not described or err_id.group(1) not in described.group(1).split():
                raise AssertionError("the error of %s is not announced at the field: %s" % (field.group(1), body))
            out[field.group(1)] = htmlmod.unescape(err.group(2)).strip()
    return out


def alerts(page):
    return [htmlmod.unescape(m).strip() for m in re.findall(r'<p class="form-error" role="alert">(.*?)</p>', page, re.S)]


def status_line(page):
    m = re.search(r'<p class="status-line[^"]*" role="status">(.*?)</p>', page, re.S)
    return htmlmod.unescape(m.group(1)).strip() if m else None


def photo_ids(page):
    return re.findall(r'<img src="/verify/photo/(\d+)"', page)


def login_ok(login_name, password):
    """True if the login succeeds (303 with a session); a fresh address every time."""
    c = browser()
    r = c.login(login_name, password)
    return r.status == 303 and bool(c.session_token)


# ---- a registered examinee other tests lean on ---------------------------------------------

_reference = {}


def reference_examinee():
    """One new examinee registered (verified) with colourful photos: their uploaded
    bytes (for the duplicate check) and a JPEG the application produced (for the truncated
    JPEG). Made once, on first use."""
    if not _reference:
        p = Person()
        files = three_photos()
        r = register_new(p, files)
        if r.status != 200 or "身份验证通过" not in r.text:
            raise AssertionError("reference registration failed: %d %s" % (r.status, r.text[:500]))
        c = logged_in(p.id_number, p.password)
        pid = z.psql("SELECT min(p.id) FROM photos p JOIN examinees e ON e.id = p.examinee_id "
                     "WHERE e.name = '%s'" % p.name)
        jpeg = c.get("/verify/photo/%s" % pid)
        if jpeg.status != 200 or not jpeg.body.startswith(b"\xff\xd8"):
            raise AssertionError("could not download the reference photo: %d" % jpeg.status)
        _reference.update(person=p, files=files, jpeg=jpeg.body, client=c)
    return _reference


# ---- tests -------------------------------------------------------------------------------

class RegisterChoiceTest(unittest.TestCase):
    def test_choice_page_explains_both_paths(self):
        c = browser()
        r = c.get("/register")
        self.assertEqual(r.status, 200)
        self.assertIn("<title>考生注册", r.text)
        for text in ("“三照”是指", "“两照”是指", "我是新考生", "我是在籍考生", "考生免冠彩色证件照（蓝底、白底、白灰底）",
                     "考生手持身份证照（半身）", "照片文件小于2M"):
            self.assertIn(text, r.text)
        self.assertIn('href="/register/new"', r.text)
        self.assertIn('href="/register/enrolled"', r.text)
        # The 三照 list comes before the 两照 one, each in its own column.
        self.assertLess(r.text.index("“三照”是指"), r.text.index("“两照”是指"))
        # The links lead to the two forms.
        new = c.get("/register/new")
        self.assertEqual(new.status, 200)
        names = {i.get("name"): i for i in c.inputs()}
        for field in ("name", "id_number", "phone", "password", "confirm_password", "photo_portrait",
                      "photo_id_front", "photo_id_in_hand", "csrf_token"):
            self.assertIn(field, names, "/register/new lacks %s" % field)
        self.assertEqual(names["photo_portrait"].get("type"), "file")
        self.assertIn('enctype="multipart/form-data"', new.text)
        self.assertIn('<option value="140105"', new.text)
        enrolled = c.get("/register/enrolled")
        self.assertEqual(enrolled.status, 200)
        names = {i.get("name") for i in c.inputs()}
        self.assertTrue({"id_number", "name", "csrf_token"} <= names, names)
        self.assertNotIn("photo_id_front", names, "step 1 asks for the 身份证号 and 姓名 only")


class NewExamineeTest(unittest.TestCase):
    def test_colourful_photos_are_verified_at_once(self):
        p = Person(county=XIAODIAN)
        files = three_photos()
        before = table_counts()
        r = register_new(p, files)
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertEqual(status_line(r.text), "身份验证通过。")
        self.assertIn("身份验证通过", r.text)
        self.assertEqual(table_counts(), (before[0] + 1, before[1] + 3, before[2] + 1))

        row = examinee_row(p.name)
        self.assertEqual((row["origin"], row["identity_status"], row["has_password"], row["county_code"]),
                         ("registered", "verified", True, XIAODIAN))
        stored = z.psql("SELECT kind, content_type, substring(data from 1 for 2) = '\\xffd8'::bytea, "
                        "encode(sha256, 'hex'), width, height FROM photos WHERE examinee_id = %d ORDER BY kind"
                        % row["id"]).splitlines()
        self.assertEqual(len(stored), 3, stored)
        by_kind = {s.split("|")[0]: s.split("|")[1:] for s in stored}
        self.assertEqual(set(by_kind), {"portrait", "id_front", "id_in_hand"})
        for kind, (ctype, is_jpeg, sha, w, h) in by_kind.items():
            self.assertEqual(ctype, "image/jpeg", kind)
            self.assertEqual(is_jpeg, "t", "%s must be stored re-encoded as JPEG" % kind)
            # The hash is of the bytes uploaded for that field.
            self.assertEqual(sha, hashlib.sha256(files["photo_" + kind]).hexdigest(), kind)
            self.assertEqual((int(w), int(h)), (300, 400), kind)
        vs = verifications(row["id"])
        self.assertEqual([v[1:4] for v in vs], [("new", "approved", "pass")])

        # 身份证号 and password log in; 个人中心 with the name.
        c = logged_in(p.id_number, p.password)
        home = c.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn("个人中心", home.text)
        self.assertIn(p.name, home.text)
        # The 身份证号 is stored encrypted, never in clear.
        dump_row = z.psql("SELECT encode(id_number_enc, 'escape') FROM examinees WHERE id = %d" % row["id"])
        self.assertNotIn(p.id_number, dump_row)

    def test_greyscale_hand_held_photo_waits_for_a_clerk(self):
        p = Person()
        # A blue-background 证件照 is accepted as well as a white one.
        files = three_photos(in_hand="grey", portrait="portrait-blue")
        r = register_new(p, files)
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertEqual(status_line(r.text), "已提交报名点人工审核。")
        self.assertIn("系统无法自动比对人像", r.text)
        row = examinee_row(p.name)
        self.assertEqual((row["origin"], row["identity_status"]), ("registered", "manual"))
        self.assertEqual([v[1:4] for v in verifications(row["id"])], [("new", "manual", "manual")])

        c = logged_in(p.id_number, p.password)
        home = c.get("/")
        self.assertEqual(home.status, 303)
        self.assertEqual(z.path_of(home.location), "/verify/identity")
        page = c.get("/verify/identity")
        self.assertEqual(page.status, 200)
        self.assertEqual(status_line(page.text), "报名点人工审核中。")
        self.assertNotIn('action="/verify/identity"', page.text, "no upload form while a clerk decides")
        ids = photo_ids(page.text)
        self.assertEqual(len(ids), 3, page.text[:2000])
        for pid in ids:
            ph = c.get("/verify/photo/%s" % pid)
            self.assertEqual(ph.status, 200)
            self.assertEqual(ph.header("Content-Type"), "image/jpeg")
            self.assertTrue(ph.body.startswith(b"\xff\xd8"))
        # Another examinee asking for the same URLs gets the page-does-not-exist answer.
        other = logged_in(z.ZHANG["id"])
        for pid in ids:
            self.assertEqual(other.get("/verify/photo/%s" % pid).status, 404)
        for bad in ("abc", "0", "-1", "1.0", "99999999999999999999", ids[0] + "x"):
            self.assertEqual(c.get("/verify/photo/%s" % bad).status, 404, bad)
        # ...and so does an anonymous visitor (sent to the login page).
        anon = browser().get("/verify/photo/%s" % ids[0])
        self.assertEqual(anon.status, 303)
        self.assertEqual(z.path_of(anon.location), "/login")

        # The 在籍考生 path does not let a self-registered, unverified account start over.
        e = enrolled_step1(browser(), p.id_number, p.name)
        self.assertEqual(e.status, 400)
        self.assertTrue(any("该身份证号已注册为新考生" in a for a in alerts(e.text)), alerts(e.text))

    def test_jpeg_is_turned_upright_and_stored_without_metadata(self):
        secret = "GPS 37.8706N 112.5489E %s" % RUN
        jpeg = images.jpeg_with_metadata(reference_examinee()["jpeg"], orientation=6, comment=secret)
        p = Person()
        files = three_photos()
        files["photo_id_front"] = jpeg
        r = register_new(p, files)
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertEqual(status_line(r.text), "身份验证通过。")
        row = examinee_row(p.name)
        out = z.psql("SELECT width, height, position(convert_to('%s', 'UTF8') in data), "
                     "position('Exif'::bytea in data), encode(sha256, 'hex') FROM photos "
                     "WHERE examinee_id = %d AND kind = 'id_front'" % (RUN, row["id"]))
        w, h, secret_at, exif_at, sha = out.split("|")
        self.assertEqual((int(w), int(h)), (400, 300), "EXIF orientation 6: a 300x400 picture stored upright")
        self.assertEqual((secret_at, exif_at), ("0", "0"), "the stored copy keeps no comment and no EXIF")
        self.assertEqual(sha, hashlib.sha256(jpeg).hexdigest())

    def test_photo_just_under_2_mb_is_accepted(self):
        p = Person()
        files = three_photos()
        files["photo_id_in_hand"] = images.pad_png(photo("colorful"), 2 * 1024 * 1024 - 1)
        r = register_new(p, files)
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertEqual(status_line(r.text), "身份验证通过。")

    def test_same_id_number_twice_at_once_makes_one_account(self):
        p = Person()
        clients = [browser(), browser()]
        forms = []
        for c in clients:
            self.assertEqual(c.get("/register/new").status, 200)
            forms.append(three_photos())
        before = table_counts()
        results = [None, None]
        start = threading.Barrier(2)

        def submit(i):
            start.wait()
            results[i] = post_form(clients[i], "/register/new", p.new_fields(), forms[i])

        threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(sorted(r.status for r in results), [200, 400], [r.text[:300] for r in results])
        loser = next(r for r in results if r.status == 400)
        self.assertIn("该身份证号已经注册", field_errors(loser.text).get("id_number", ""))
        self.assertEqual(rows_named(p.name), 1)
        self.assertEqual(table_counts(), (before[0] + 1, before[1] + 3, before[2] + 1))

    def test_csrf_token_missing_or_foreign_is_refused(self):
        for label, csrf in (("missing", False), ("foreign", "other")):
            with self.subTest(csrf=label):
                p = Person()
                c = browser()
                self.assertEqual(c.get("/register/new").status, 200)
                if csrf == "other":
                    other = browser()
                    other.get("/register/new")
                    csrf = other.csrf_token()
                    self.assertNotEqual(csrf, c.csrf_token())
                before = table_counts()
                r = post_form(c, "/register/new", p.new_fields(), three_photos(), csrf=csrf)
                self.assertEqual(r.status, 403, r.text[:500])
                self.assertIn(z.CSRF_FAILURE, r.text)
                self.assertEqual(table_counts(), before)
                self.assertEqual(rows_named(p.name), 0)


class RealisticPortraitTest(unittest.TestCase):
    """Ordinary 证件照 (images.id_photo: dark hair, skin-tone face, dark jacket, an unevenly
    lit noisy backdrop) are accepted at /register/new whatever the shoulders and hair do
    at the edges: the background is judged above and beside the head."""

    def register_with_portrait(self, kind):
        p = Person()
        files = three_photos(portrait=kind)
        r = register_new(p, files)
        self.assertEqual(r.status, 200, "%s refused: %s" % (kind, field_errors(r.text)))
        self.assertEqual(status_line(r.text), "身份验证通过。")
        row = examinee_row(p.name)
        stored = z.psql("SELECT encode(sha256, 'hex'), width, height FROM photos WHERE examinee_id = %d "
                        "AND kind = 'portrait'" % row["id"]).split("|")
        self.assertEqual(stored, [hashlib.sha256(files["photo_portrait"]).hexdigest(), "358", "441"])

    def test_white_background_broad_shoulders_is_accepted(self):
        # The picture that used to be refused ("证件照背景应为…") while the same on blue passed:
        # broad shoulders reaching both side edges level with the chin, on white.
        self.register_with_portrait("id-white-wide")
        self.register_with_portrait("id-blue-wide")

    def test_every_ordinary_portrait_is_accepted(self):
        for kind in ("id-white-wide-hair", "id-white-narrow", "id-lightblue-wide-hair", "id-lightgrey-wide",
                     "id-lightgrey-narrow-hair"):
            with self.subTest(kind=kind):
                self.register_with_portrait(kind)


class EnrolledExamineeTest(unittest.TestCase):
    def test_first_password_with_two_photos(self):
        (p,) = load_imported([Person()])
        self.assertEqual(examinee_row(p.name)["has_password"], False)
        c = browser()
        # Step 1 with a name that is not theirs: the same answer as an unknown 身份证号.
        wrong = enrolled_step1(c, p.id_number, "张冒名")
        self.assertEqual(wrong.status, 400)
        self.assertIn("没有找到与该身份证号和姓名相符的考籍信息", " ".join(alerts(wrong.text)))
        self.assertNotIn("已核对考籍信息", wrong.text)
        unknown = enrolled_step1(c, Person().id_number, p.name)
        self.assertEqual(unknown.status, 400)
        self.assertEqual(alerts(unknown.text), alerts(wrong.text))

        step2 = enrolled_step1(c, p.id_number.lower(), p.name)
        self.assertEqual(step2.status, 200, step2.text[:800])
        self.assertIn("已核对考籍信息", step2.text)
        self.assertIn("<h1>在籍考生认证</h1>", step2.text)
        self.assertIn(p.id_number[:4] + "**********" + p.id_number[14:], step2.text)
        names = {i.get("name") for i in c.inputs()}
        self.assertTrue({"photo_id_front", "photo_id_in_hand", "password", "confirm_password"} <= names, names)
        self.assertNotIn("photo_portrait", names, "在籍考生 upload 两照, not 三照")
        self.assertEqual(examinee_row(p.name)["has_password"], False, "nothing is stored before the final submit")

        before = table_counts()
        new_password = "Enr#%s-Pw" % secrets.token_hex(5)
        r = enrolled_submit(c, new_password, two_photos())
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertEqual(status_line(r.text), "身份验证通过。")
        self.assertEqual(table_counts(), (before[0], before[1] + 2, before[2] + 1))
        row = examinee_row(p.name)
        self.assertEqual((row["origin"], row["identity_status"], row["has_password"]), ("imported", "verified", True))
        self.assertEqual([v[1:4] for v in verifications(row["id"])], [("enrolled", "approved", "pass")])
        kinds = z.psql("SELECT string_agg(kind, ',' ORDER BY kind) FROM photos WHERE examinee_id = %d" % row["id"])
        self.assertEqual(kinds, "id_front,id_in_hand")

        home = logged_in(p.id_number, new_password).get("/")
        self.assertEqual(home.status, 200)
        self.assertIn("个人中心", home.text)
        self.assertIn(p.name, home.text)
        # And by 准考证号.
        self.assertTrue(login_ok(p.ticket, new_password))

    def test_forgotten_password_takes_effect_after_the_clerk_approves(self):
        (p,) = load_imported([Person(county=XIAODIAN)], identity_status="verified", with_password=True)
        old_password = p.password
        old_session = logged_in(p.id_number, old_password)
        self.assertEqual(old_session.get("/").status, 200)
        hash_before = z.psql("SELECT password_hash FROM examinees WHERE id = %d" % p.db_id)

        c = browser()
        step2 = enrolled_step1(c, p.id_number, p.name)
        self.assertEqual(step2.status, 200, step2.text[:800])
        self.assertIn("<h1>找回密码</h1>", step2.text)
        self.assertIn("新密码才会生效", step2.text)
        new_password = "Rst#%s-Pw" % secrets.token_hex(5)
        r = enrolled_submit(c, new_password, two_photos(in_hand="grey"))
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertEqual(status_line(r.text), "已提交报名点人工审核。")
        self.assertIn("在此之前原密码仍然有效", r.text)
        row = examinee_row(p.name)
        self.assertEqual(row["identity_status"], "verified", "a pending reset does not lower the account")
        self.assertEqual([v[1:4] for v in verifications(row["id"])], [("reset", "manual", "manual")])

        # While the clerk has not decided: the stored password is the old one, the new one
        # does not work, and the old session lives on. (Logging in with the old password
        # would cancel the request: test_recovery.py.)
        self.assertEqual(z.psql("SELECT password_hash FROM examinees WHERE id = %d" % row["id"]), hash_before)
        self.assertFalse(login_ok(p.id_number, new_password))
        self.assertEqual(old_session.get("/").status, 200)
        token = old_session.session_token
        self.assertEqual(z.session_rows(token), 1)

        approve(open_verification(row["id"]), XIAODIAN)
        self.assertEqual([v[1:3] for v in verifications(row["id"])], [("reset", "approved")])
        # Approved: the new password works, the old one does not, old sessions are gone.
        self.assertEqual(z.session_rows(token), 0, "approving a reset must end the examinee's sessions")
        gone = old_session.get("/")
        self.assertEqual(gone.status, 303)
        self.assertEqual(z.path_of(gone.location), "/login")
        self.assertFalse(login_ok(p.id_number, old_password))
        home = logged_in(p.id_number, new_password).get("/")
        self.assertEqual(home.status, 200)
        self.assertIn("个人中心", home.text)
        audit = z.psql("SELECT count(*) FROM staff_audit_log WHERE action = 'identity.approve' AND "
                       "subject = 'identity_verification:%d'" % verifications(row["id"])[0][0])
        self.assertEqual(audit, "1", "the clerk's decision must be in the audit log")


class EnrolledMoreTest(unittest.TestCase):
    def test_forgotten_password_never_takes_effect_on_the_stand_ins_word(self):
        """ACC-7: photos the stand-in would pass for a first password still go to a clerk
        for a reset; until then nothing about the account changes."""
        (p,) = load_imported([Person(county=LUZHOU)], identity_status="verified", with_password=True)
        old_session = logged_in(p.id_number, p.password)
        c = browser()
        self.assertIn("<h1>找回密码</h1>", enrolled_step1(c, p.id_number, p.name).text)
        new_password = "Rst#%s-Pw" % secrets.token_hex(5)
        r = enrolled_submit(c, new_password, two_photos())
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertEqual(status_line(r.text), "已提交报名点人工审核。")
        self.assertIn("存档照片核对", r.text)
        self.assertEqual([v[1:4] for v in verifications(p.db_id)], [("reset", "manual", "manual")])
        self.assertEqual(z.session_rows(old_session.session_token), 1, "old sessions live on")
        self.assertEqual(old_session.get("/").status, 200)
        self.assertTrue(login_ok(p.id_number, p.password))
        self.assertFalse(login_ok(p.id_number, new_password))

    def test_forgotten_password_with_dark_photos_goes_to_the_clerk_too(self):
        (p,) = load_imported([Person()], identity_status="verified", with_password=True)
        c = browser()
        enrolled_step1(c, p.id_number, p.name)
        new_password = "Rst#%s-Pw" % secrets.token_hex(5)
        r = enrolled_submit(c, new_password, two_photos(id_front="dark"))
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertEqual(status_line(r.text), "已提交报名点人工审核。")
        self.assertEqual(examinee_row(p.name)["identity_status"], "verified")
        self.assertEqual([v[1:3] for v in verifications(p.db_id)], [("reset", "manual")])
        self.assertTrue(login_ok(p.id_number, p.password))
        self.assertFalse(login_ok(p.id_number, new_password))

    def test_forgotten_password_refused_by_the_clerk_changes_nothing(self):
        (p,) = load_imported([Person(county=XIAODIAN)], identity_status="verified", with_password=True)
        old_session = logged_in(p.id_number, p.password)
        c = browser()
        enrolled_step1(c, p.id_number, p.name)
        new_password = "Rst#%s-Pw" % secrets.token_hex(5)
        r = enrolled_submit(c, new_password, two_photos(in_hand="grey"))
        self.assertEqual(status_line(r.text), "已提交报名点人工审核。")
        refuse(open_verification(p.db_id), XIAODIAN, "手持身份证照中的人像看不清")
        self.assertEqual([v[1:3] for v in verifications(p.db_id)], [("reset", "refused")])
        row = examinee_row(p.name)
        self.assertEqual(row["identity_status"], "verified", "a refused reset leaves the account as it was")
        self.assertEqual(z.session_rows(old_session.session_token), 1)
        self.assertEqual(old_session.get("/").status, 200)
        self.assertTrue(login_ok(p.id_number, p.password))
        self.assertFalse(login_ok(p.id_number, new_password))

    def test_second_submission_replaces_the_open_one(self):
        (p,) = load_imported([Person()])
        first_password = "One#%s-Pw" % secrets.token_hex(5)
        c = browser()
        enrolled_step1(c, p.id_number, p.name)
        r = enrolled_submit(c, first_password, two_photos(in_hand="grey"))
        self.assertEqual(status_line(r.text), "已提交报名点人工审核。")
        # The first password works at once, but only for the 身份认证 page.
        first = logged_in(p.id_number, first_password)
        self.assertEqual(z.path_of(first.get("/").location), "/verify/identity")
        self.assertEqual(examinee_row(p.name)["identity_status"], "manual")

        # The record is still unverified: the 在籍考生 path can be taken again. The open
        # submission is superseded (one open per examinee) and the new password replaces
        # the first, ending its sessions.
        second_password = "Two#%s-Pw" % secrets.token_hex(5)
        c2 = browser()
        step2 = enrolled_step1(c2, p.id_number, p.name)
        self.assertIn("<h1>在籍考生认证</h1>", step2.text)
        r = enrolled_submit(c2, second_password, two_photos(in_hand="grey"))
        self.assertEqual(status_line(r.text), "已提交报名点人工审核。")
        self.assertEqual([v[1:3] for v in verifications(p.db_id)], [("enrolled", "superseded"), ("enrolled", "manual")])
        self.assertEqual(z.session_rows(first.session_token), 0)
        self.assertFalse(login_ok(p.id_number, first_password))
        self.assertTrue(login_ok(p.id_number, second_password))


class BadInputTest(unittest.TestCase):
    """Each bad input on /register/new: 400, the message next to the field it is about
    (and no other field), and no row in examinees, photos or identity_verifications."""

    @classmethod
    def setUpClass(cls):
        # Refused forms store nothing, so the same valid photos serve every case.
        cls.good = three_photos()

    def refused(self, field, message, files=None, client=None, expect_only=True, **overrides):
        p = Person()
        before = table_counts()
        uploads = dict(self.good)
        uploads.update(files or {})
        uploads = {k: v for k, v in uploads.items() if v is not None}
        r = register_new(p, uploads, client=client, **overrides)
        self.assertEqual(r.status, 400, r.text[:800])
        errors = field_errors(r.text)
        self.assertIn(field, errors, "no error next to %s; errors: %s" % (field, errors))
        self.assertIn(message, errors[field])
        for value in overrides.values():
            if "<" in (value or ""):
                self.assertNotIn(value, r.text, "typed markup must come back escaped")
        if expect_only:
            self.assertEqual(set(errors), {field}, "only %s is wrong" % field)
        self.assertIn("提交的信息有误，请按提示修改后重新提交。", alerts(r.text))
        self.assertEqual(table_counts(), before, "a refused registration must store nothing")
        self.assertEqual(rows_named(p.name), 0)
        # The form comes back with what was typed (never the password).
        echoed = "name" if "name" not in overrides else "id_number"
        self.assertIn('value="%s"' % p.new_fields(**overrides)[echoed], r.text)
        self.assertNotIn(p.password, r.text)
        return errors[field]

    def test_id_number_with_wrong_check_digit(self):
        bad = Person().id_number
        bad = bad[:17] + ("0" if bad[17] != "0" else "1")
        self.refused("id_number", "身份证号校验位不正确", id_number=bad)

    def test_id_number_already_registered(self):
        self.refused("id_number", "该身份证号已经注册", id_number=z.ZHANG["id"])

    def test_html_renamed_jpg(self):
        self.refused("photo_id_front", "文件内容不是 JPG 或 PNG 图片", {"photo_id_front": fake_jpeg(images.html(RUN))})

    def test_php_renamed_jpg(self):
        self.refused("photo_id_in_hand", "文件内容不是 JPG 或 PNG 图片",
                     {"photo_id_in_hand": fake_jpeg(images.php(RUN))})

    def test_svg_renamed_jpg(self):
        self.refused("photo_portrait", "不支持 SVG 文件", {"photo_portrait": fake_jpeg(images.svg(RUN))})

    def test_truncated_jpeg(self):
        jpeg = reference_examinee()["jpeg"]
        self.refused("photo_id_front", "照片文件已损坏或不完整", {"photo_id_front": images.truncated_jpeg(jpeg)})

    def test_png_declaring_30000_by_30000(self):
        huge = images.huge_header_png(RUN)
        self.assertEqual(images.png_size(huge), (30000, 30000))
        self.refused("photo_id_in_hand", "照片尺寸过大（30000×30000 像素）", {"photo_id_in_hand": huge})

    def test_file_of_exactly_2_mb(self):
        exact = images.pad_png(photo("colorful"), 2 * 1024 * 1024)
        self.assertEqual(images.png_chunks(exact)[-2:], ["zkPd", "IEND"])
        self.refused("photo_id_front", "照片文件应小于2MB", {"photo_id_front": exact})

    def test_file_over_2_mb(self):
        big = photo("big")
        self.assertGreater(len(big), 2 * 1024 * 1024)
        self.refused("photo_id_front", "照片文件应小于2MB", {"photo_id_front": big})

    def test_gif(self):
        self.refused("photo_id_front", "不支持 GIF 图片", {"photo_id_front": ("photo.gif", "image/gif", images.gif(RUN))})

    def test_gif_renamed_jpg(self):
        self.refused("photo_portrait", "不支持 GIF 图片", {"photo_portrait": fake_jpeg(images.gif(RUN + "x"))})

    def test_animated_png(self):
        apng = photo("animated")
        self.assertEqual(images.png_chunks(apng)[:2], ["IHDR", "acTL"])
        self.refused("photo_id_in_hand", "不支持动态图片", {"photo_id_in_hand": apng})

    def test_too_small_photo(self):
        small = images.colorful(RUN, w=200, h=200)
        self.refused("photo_id_front", "照片分辨率太低（200×200 像素）", {"photo_id_front": small})

    def test_missing_photo(self):
        self.refused("photo_id_in_hand", "请上传手持身份证半身照", {"photo_id_in_hand": None})

    def test_empty_photo_file(self):
        self.refused("photo_id_front", "请上传身份证人像面照片", {"photo_id_front": ("photo.jpg", JPEG, b"")})

    def test_passwords_differ(self):
        self.refused("confirm_password", "两次输入的密码不一致", confirm_password="Another#Pw-123")

    def test_common_passwords(self):
        for common in ("12345678", "password123", "Woaini1314", "zikao2025"):
            with self.subTest(password=common):
                self.refused("password", "密码过于常见", password=common, confirm_password=common)

    def test_short_password(self):
        self.refused("password", "密码长度应为8到128个字符", password="Ab#1", confirm_password="Ab#1")

    def test_portrait_with_red_background(self):
        self.refused("photo_portrait", "证件照背景应为蓝色、白色或浅灰色的纯色背景", {"photo_portrait": photo("portrait-red")})

    def test_portrait_with_noisy_background(self):
        self.refused("photo_portrait", "证件照背景应为蓝色、白色或浅灰色的纯色背景", {"photo_portrait": photo("colorful")})

    def test_portraits_with_wrong_backgrounds_name_the_reason(self):
        # Realistic head-and-shoulders pictures (images.id_photo) whose background is wrong.
        cases = [("id-dark", "背景颜色过深"), ("id-red", "背景为其他颜色"), ("id-green", "背景为其他颜色"),
                 ("id-striped", "背景不是纯色")]
        c = browser()
        for i, (kind, reason) in enumerate(cases):
            with self.subTest(kind=kind):
                message = self.refused("photo_portrait", "证件照背景应为蓝色、白色或浅灰色的纯色背景",
                                       {"photo_portrait": photo(kind)}, client=c)
                self.assertIn(reason, message)

    def test_same_picture_for_two_fields(self):
        same = photo("colorful")
        message = self.refused("photo_id_in_hand", "是同一张照片", {"photo_id_front": same, "photo_id_in_hand": same})
        self.assertIn("手持身份证半身照与身份证人像面照片", message)

    def test_photo_already_used_by_another_account(self):
        ref = reference_examinee()
        taken = ref["files"]["photo_id_front"]
        self.refused("photo_id_front", "已被其他账号使用", {"photo_id_front": taken})
        # The same picture under another file name and type is still the same picture.
        self.refused("photo_id_front", "已被其他账号使用", {"photo_id_front": ("IMG_0001.PNG", "image/png", taken)})

    def test_invalid_personal_fields(self):
        cases = [("name", "姓名只能包含汉字、字母、空格和“·”", {"name": "<b>张三</b>"}),
                 ("name", "请填写姓名", {"name": ""}),
                 ("phone", "请填写11位手机号码", {"phone": "12345"}),
                 ("county_code", "请选择报名区县", {"county_code": "999999"}),
                 ("hukou", "请选择户口性质", {"hukou": "火星"}),
                 ("email", "电子邮箱格式不正确", {"email": "not-an-email"}),
                 # A line break would make the address a second mail header at delivery.
                 ("email", "电子邮箱格式不正确", {"email": "a@example.cn\r\nBcc: x@example.org"}),
                 ("email", "电子邮箱格式不正确", {"email": "a@example.cn\tb"})]
        c = browser()
        for i, (field, message, overrides) in enumerate(cases):
            if i in (5, 7):
                c = browser()  # 10 POSTs per address come before nginx's rate limit
            with self.subTest(field=field, value=overrides):
                self.refused(field, message, client=c, **overrides)

    def test_several_errors_at_once_each_next_to_its_field(self):
        bad_id = Person().id_number[:17] + "Y"
        p = Person()
        before = table_counts()
        files = {"photo_portrait": photo("portrait-red"), "photo_id_front": fake_jpeg(images.svg(RUN)),
                 "photo_id_in_hand": ("a.gif", "image/gif", images.gif(RUN + "y"))}
        r = register_new(p, files, id_number=bad_id, confirm_password="different-Pw#1")
        self.assertEqual(r.status, 400)
        errors = field_errors(r.text)
        self.assertEqual(set(errors), {"id_number", "confirm_password", "photo_portrait", "photo_id_front",
                                       "photo_id_in_hand"}, errors)
        self.assertIn("身份证号前17位应为数字", errors["id_number"])
        self.assertIn("证件照背景", errors["photo_portrait"])
        self.assertIn("SVG", errors["photo_id_front"])
        self.assertIn("GIF", errors["photo_id_in_hand"])
        self.assertEqual(table_counts(), before)


class EnrolledBadInputTest(unittest.TestCase):
    def test_name_and_id_not_matching(self):
        (p,) = load_imported([Person()])
        before = table_counts()
        c = browser()
        for name in ("王五", p.name + "一"):
            r = enrolled_step1(c, p.id_number, name)
            self.assertEqual(r.status, 400)
            self.assertIn("没有找到与该身份证号和姓名相符的考籍信息", " ".join(alerts(r.text)))
        # Step 2 posted directly with a wrong name is refused the same way.
        c.get("/register/enrolled")
        r = post_form(c, "/register/enrolled", {"step": "submit", "id_number": p.id_number, "name": "王五",
                                                 "password": "Good#Pass-2025", "confirm_password": "Good#Pass-2025"},
                      two_photos())
        self.assertEqual(r.status, 400)
        self.assertIn("没有找到与该身份证号和姓名相符的考籍信息", " ".join(alerts(r.text)))
        # A bad check digit is an error next to the field, before any lookup.
        r = enrolled_step1(c, p.id_number[:17] + ("0" if p.id_number[17] != "0" else "1"), p.name)
        self.assertEqual(r.status, 400)
        self.assertIn("身份证号校验位不正确", field_errors(r.text).get("id_number", ""))
        self.assertEqual(table_counts(), before)
        self.assertFalse(examinee_row(p.name)["has_password"])

    def test_bad_photos_and_passwords_on_step_two_store_nothing(self):
        (p,) = load_imported([Person()])
        cases = [("photo_id_front", "不支持 GIF 图片", "Good#Pass-2025", None,
                  {"photo_id_front": ("a.gif", "image/gif", images.gif(RUN + "e")), "photo_id_in_hand": photo("colorful")}),
                 ("photo_id_in_hand", "请上传手持身份证半身照", "Good#Pass-2025", None,
                  {"photo_id_front": photo("colorful")}),
                 ("confirm_password", "两次输入的密码不一致", "Good#Pass-2025", "Other#Pass-2025", two_photos()),
                 ("password", "密码过于常见", "password123", None, two_photos()),
                 ("photo_id_front", "已被其他账号使用", "Good#Pass-2025", None,
                  {"photo_id_front": reference_examinee()["files"]["photo_id_front"],
                   "photo_id_in_hand": photo("colorful")})]
        for field, message, password, confirm, files in cases:
            with self.subTest(field=field, message=message):
                c = browser()
                before = table_counts()
                self.assertEqual(enrolled_step1(c, p.id_number, p.name).status, 200)
                r = enrolled_submit(c, password, files, confirm=confirm)
                self.assertEqual(r.status, 400, r.text[:800])
                errors = field_errors(r.text)
                self.assertEqual(set(errors), {field}, errors)
                self.assertIn(message, errors[field])
                # Still on step 2, the record kept as it was.
                self.assertIn("已核对考籍信息", r.text)
                self.assertEqual(table_counts(), before)
                row = examinee_row(p.name)
                self.assertEqual((row["has_password"], row["identity_status"]), (False, "unverified"))


if __name__ == "__main__":
    unittest.main()
