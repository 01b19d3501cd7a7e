"""The hostile-upload corpus (SPEC SEC-4, issue 19) on every route that takes files, as the
route tables list them: the 三照/两照 of /register/new, /register/enrolled and
/verify/identity, the graduation photo of /photo, and the 旧计划 archive of
/substitute/oldplan. Each hostile file is refused with a Chinese message next to its field
and nothing of it is stored (no row anywhere holds its SHA-256 — photos, pending uploads,
graduation originals, archives — the row counts stay, no file appears under the stack's
var directory), or, for a polyglot that is a genuine picture with something appended, it
may be accepted only as a re-encoded picture that no longer holds the payload.

Files: SVG with script, HTML and PDF with JavaScript named .jpg, image+HTML and image+ZIP
(GIFAR-like) polyglots, pixel floods (PNG and JPEG headers declaring 30000 x 30000 and
65000 x 65000), a genuine 8000 x 8000 PNG of 70 KB (decompression bomb), zip and rar
named .jpg; for the archive, what test_substitute.py does not already send: ../, absolute
and backslashed paths inside rar (backslashes inside zip), zip inside rar, rar inside zip,
HTML and SVG named .png, SVG, an HTML page behind a JPEG signature, a truncated JPEG, a
deflate bomb named .png, a GIFAR-like upload, a JPEG or a PDF with JavaScript as the
archive, an empty zip. test_substitute.py keeps its own cases (zip slip, symlink, nested
zip, encrypted, zip bomb, rar renamed).

Trusts: the helpers of test_register, test_photo, test_application_review and
test_substitute (people, forms, archive builders), images.py."""
import hashlib
import io
import os
import re
import struct
import unittest
import zipfile
import zlib

import images
import test_access_matrix as am
import test_application_review as ar
import test_photo as ph
import test_register as reg
import test_substitute as sub
import zkclient as z

SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
PDF_JS = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>\nendobj\n"
          b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
          b"3 0 obj\n<< /S /JavaScript /JS (app.alert\\(document.cookie\\)) >>\nendobj\n"
          b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="300" height="400">'
       b'<script>alert(document.cookie)</script><rect width="300" height="400" fill="#fff"/></svg>')


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


_bomb = []


def png_bomb(side=8000):
    """A genuine grey PNG of side x side pixels, all white: under 100 KB that decode to side^2
    bytes, its sides within the limit (12000) and its pixels (64 M) over it (made once)."""
    if _bomb:
        return _bomb[0]
    comp = zlib.compressobj(9)
    rows = (b"\x00" + b"\xff" * side) * 100
    idat = b"".join(comp.compress(rows) for _ in range(side // 100)) + comp.flush()
    _bomb.append(images.PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
             + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return _bomb[0]


def jpeg_flood(w=65000, h=65000):
    """The tiny JPEG with its frame header saying w x h."""
    data = bytearray(images.TINY_JPEG)
    i = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, i + 5, h, w)
    return bytes(data)


def zip_of(entries):
    return sub.make_zip(entries)


# (label, bytes, file name, content type); each is refused in an image field.
def image_corpus():
    return [
        ("svg with script", SVG, "photo.svg", "image/svg+xml"),
        ("svg named jpg", SVG, "photo.jpg", "image/jpeg"),
        ("html named jpg", SCRIPT, "photo.jpg", "image/jpeg"),
        ("pdf with javascript", PDF_JS, "photo.jpg", "image/jpeg"),
        ("png declaring 30000x30000", images.huge_header_png(), "photo.png", "image/png"),
        ("jpeg declaring 65000x65000", jpeg_flood(), "photo.jpg", "image/jpeg"),
        ("png bomb 8000x8000", png_bomb(), "photo.png", "image/png"),
        ("zip named jpg", zip_of([("a.jpg", images.TINY_JPEG)]), "photo.jpg", "image/jpeg"),
        ("rar named jpg", sub.rar4([("a.pdf", sub.PDF)]), "photo.jpg", "image/jpeg"),
        ("html with jpeg magic", b"\xff\xd8\xff\xe0" + SCRIPT, "photo.jpg", "image/jpeg"),
    ]


def polyglots(good):
    """Genuine pictures with a payload appended: accepted only re-encoded, or refused."""
    return [("picture+html", good + SCRIPT, b"<script"), ("picture+zip (GIFAR-like)", good + zip_of([("x.html", SCRIPT)]),
                                                           b"PK\x03\x04")]


def state(data):
    """(rows anywhere holding these exact bytes, the row counts of the tables uploads fill)
    in one query."""
    h = hashlib.sha256(data).hexdigest()
    return z.psql(
        "SELECT (SELECT count(*) FROM photos WHERE sha256 = decode('{0}', 'hex'))"
        " + (SELECT count(*) FROM pending_uploads WHERE sha256 = decode('{0}', 'hex'))"
        " + (SELECT count(*) FROM graduation_photos WHERE original IS NOT NULL AND created_at > now() - interval '1 hour'"
        "    AND sha256(original) = decode('{0}', 'hex'))"
        " + (SELECT count(*) FROM application_archives WHERE sha256 = decode('{0}', 'hex')),"
        " (SELECT count(*) FROM examinees), (SELECT count(*) FROM photos), (SELECT count(*) FROM identity_verifications),"
        " (SELECT count(*) FROM graduation_photos), (SELECT count(*) FROM application_archives),"
        " (SELECT count(*) FROM application_oldplan_courses)".format(h)).split("|")


def var_files():
    """Every file under the stack's var directory but the database, the logs and sockets."""
    root = os.environ.get("ZIKAO_VAR", "")
    out = set()
    for d, dirs, files in os.walk(root):
        rel = os.path.relpath(d, root)
        if rel.split(os.sep)[0] in ("pg", "log", "run"):
            dirs[:] = []
            continue
        out.update(os.path.join(rel, f) for f in files)
    return out


CJK = re.compile(r"[\u4e00-\u9fff]")


class HostileUploadsTest(unittest.TestCase):
    def setUp(self):
        self.before = None   # the row counts after the last refusal (one query per case)

    def check_refused(self, label, field, data, send, errors_of):
        """send() posts `data` in `field`; it must be refused next to the field, storing nothing."""
        before, files = self.before or ["0"] + state(data)[1:], var_files()
        r = send()
        self.assertIn(r.status, (400, 413, 422), "%s: %d %s" % (label, r.status, r.text[:300]))
        message = errors_of(r.text).get(field) if r.status != 413 else "413"
        self.assertTrue(message, "%s: no message next to %s" % (label, field))
        if r.status != 413:
            self.assertRegex(message, CJK, label)
        self.before = state(data)
        self.assertEqual(self.before, before, label)   # nothing holds the file, no row added
        self.assertEqual(var_files(), files, label)

    def check_polyglot(self, label, data, payload, send, good_then):
        """Refused as above, or accepted with the stored picture re-encoded without payload."""
        r = send()
        if r.status in (400, 422):
            self.assertEqual(state(data)[0], "0", label)
            return
        self.assertIn(r.status, (200, 303), "%s: %d %s" % (label, r.status, r.text[:300]))
        stored = z.psql("SELECT encode(data, 'hex') FROM photos ORDER BY id DESC LIMIT 1")
        self.assertTrue(bytes.fromhex(stored).startswith(b"\xff\xd8"), "%s: stored re-encoded as JPEG" % label)
        self.assertNotIn(payload, bytes.fromhex(stored), label)
        good_then()

    def test_registration_of_a_new_examinee(self):
        # The good pictures are never stored (each form is refused): one set serves every case.
        good = reg.three_photos()
        fields = sorted(good)
        for i, (label, data, name, ctype) in enumerate(image_corpus()):
            field = fields[i % len(fields)]
            with self.subTest(label=label, field=field):
                p = reg.Person()
                files = dict(good, **{field: (name, ctype, data)})
                self.check_refused(label, field, data, lambda: reg.register_new(p, files), reg.field_errors)

    def test_registration_of_an_enrolled_examinee(self):
        corpus = image_corpus()
        # One person per case: each 身份证号 may be looked up only a few times a day.
        people = reg.load_imported([reg.Person() for _ in corpus])
        good = reg.three_photos()
        for p, (label, data, name, ctype) in zip(people, corpus):
            with self.subTest(label=label):
                c = reg.browser()   # its own address: the registration forms are rate limited
                reg.enrolled_step1(c, p.id_number, p.name)
                files = dict(good, photo_id_in_hand=(name, ctype, data))
                self.check_refused(label, "photo_id_in_hand", data,
                                   lambda: reg.enrolled_submit(c, p.password, files), reg.field_errors)
        self.assertEqual(z.psql("SELECT count(*) FROM examinees WHERE id IN (%s) AND password_hash IS NOT NULL"
                                % ",".join(str(p.db_id) for p in people)), "0")

    def test_identity_verification(self):
        people = reg.load_imported([reg.Person(), reg.Person()], identity_status="unverified", with_password=True)
        c = reg.logged_in(people[0].id_number, people[0].password)
        good = reg.two_photos()
        for label, data, name, ctype in image_corpus():
            with self.subTest(label=label):
                c.get("/verify/identity")
                files = dict(good, photo_id_front=(name, ctype, data))
                self.check_refused(label, "photo_id_front", data,
                                   lambda: reg.post_form(c, "/verify/identity", {}, files), reg.field_errors)
        self.assertEqual(reg.examinee_row(people[0].name)["identity_status"], "unverified")
        # A polyglot on the other examinee (accepted, it would close the upload).
        c = reg.logged_in(people[1].id_number, people[1].password)
        good = reg.photo("colorful")
        label, data, payload = polyglots(good)[0]
        c.get("/verify/identity")
        files = reg.two_photos()
        files["photo_id_front"] = ("photo.png", "image/png", data)
        self.check_polyglot(label, data, payload, lambda: reg.post_form(c, "/verify/identity", {}, files),
                            lambda: None)

    def test_graduation_photo(self):
        p = am.Person("毒", am.ap.ZHANG_TICKET)
        am.ap.load_people([p])
        am.ap.add_chsi(p)
        c = ar.submit(self, p, "140105")
        for label, data, name, ctype in image_corpus():
            with self.subTest(label=label):
                c.get("/photo")
                self.check_refused(label, "photo", data, lambda: ph.upload(c, (name, ctype, data)), reg.field_errors)
        self.assertEqual(ar.status(ar.app_id(p)), "submitted")
        # Polyglots of a good photo: refused, or re-encoded; the original (kept only for a clerk)
        # is served as a download, never rendered.
        for label, data, payload in polyglots(images.graduation(ar.seed())):
            with self.subTest(label=label):
                c.get("/photo")
                self.check_polyglot(label, data, payload, lambda: ph.upload(c, ("photo.png", "image/png", data)),
                                    lambda: None)
                if ar.status(ar.app_id(p)) != "submitted":
                    break

    def test_oldplan_archive(self):
        # One clone of 李娜 with a draft application (test_substitute's pool makes 16).
        p = z.Examinee("毒档" + ar.RUN, z.TEST_PASSWORD)
        z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + p.csv_line() + "\n",
                     "passed.csv": "ticket_no,course_code,passed_on,score,source\n" +
                     "".join(p.ticket + "," + r + "\n" for r in sub._demo_rows(sub.LI_TICKET))})
        p.db_id = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % p.ticket))
        p.app_id = sub.make_draft(p.db_id)
        c = sub.login(p)
        bomb = zipfile.ZipInfo("scan.png")
        bomb.compress_type = zipfile.ZIP_DEFLATED
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            with zf.open(bomb, "w") as f:
                block = bytes(1024 * 1024)
                for _ in range(60):
                    f.write(block)
        good = sub.png()
        cases = [
            ("rar with ../", sub.rar4([("../../evil.pdf", sub.PDF)])),
            ("rar with absolute path", sub.rar4([("/etc/evil.pdf", sub.PDF)])),
            ("rar with backslashes", sub.rar4([("..\\..\\evil.pdf", sub.PDF)])),
            ("zip with backslashes", zip_of([("..\\..\\evil.pdf", sub.PDF)])),
            ("zip inside rar", sub.rar4([("inner.zip", zip_of([("a.pdf", sub.PDF)]))])),
            ("rar inside zip", zip_of([("inner.rar", sub.rar4([("a.pdf", sub.PDF)]))])),
            ("html named png", zip_of([("scan.png", SCRIPT)])),
            ("svg named png", zip_of([("scan.png", SVG)])),
            ("svg", zip_of([("scan.svg", SVG)])),
            ("html with jpeg magic", zip_of([("scan.jpg", b"\xff\xd8\xff\xe0" + SCRIPT)])),
            ("truncated jpeg", zip_of([("scan.jpg", images.TINY_JPEG[:40])])),
            ("bomb named png", buf.getvalue()),
            ("gifar-like upload", good + zip_of([("a.pdf", sub.PDF)])),
            ("jpeg as archive", images.TINY_JPEG),
            ("pdf as archive", PDF_JS),
            ("empty zip", zip_of([])),
        ]
        for label, data in cases:
            with self.subTest(label=label):
                self.check_refused(label, "archive", data, lambda: sub.post_oldplan(c, sub.ROW, data, "scans.zip"),
                                   reg.field_errors)
        self.assertEqual(sub.oldplan_counts(p), (0, 0))
