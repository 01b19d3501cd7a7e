"""/register/new keeps what was accepted (issue 17): after a refused submit, every photo that
passed its checks is kept server side for that browser (its pre-login cookie), for an hour,
shown as 已上传 with a file input to choose it again, and used by the next submit when no
new file is chosen. The password is never kept nor echoed; the page asks for it again.
Another browser never sees or uses them; expired ones are ignored and purged."""
import hashlib
import re
import subprocess
import unittest

import zkclient as z
from test_register import (Person, alerts, browser, examinee_row, field_errors, photo, post_form, register_new,
                           status_line, table_counts, three_photos)


def kept_rows(files):
    """How many pending_uploads rows hold the photos of `files` (by the hash of the bytes sent)."""
    hashes = ",".join("'\\x%s'::bytea" % hashlib.sha256(data).hexdigest() for data in files.values())
    return int(z.psql("SELECT count(*) FROM pending_uploads WHERE form = 'register_new' AND sha256 IN (%s)" % hashes))


def kept_kinds(page):
    """The photo fields the page shows as 已上传."""
    return re.findall(r'<p class="kept-upload" id="kept_([a-z_]+)"><span class="kept-mark">已上传</span>', page)


def stored_hashes(examinee_id):
    out = z.psql("SELECT kind, encode(sha256, 'hex') FROM photos WHERE examinee_id = %d" % examinee_id)
    return dict(line.split("|") for line in out.splitlines() if line)


class KeepPhotosTest(unittest.TestCase):
    def test_form_error_keeps_the_photos_and_the_second_submit_needs_none(self):
        p = Person()
        c = browser()
        files = three_photos()
        before = table_counts()
        r = register_new(p, files, client=c, name="")
        self.assertEqual(r.status, 400, r.text[:800])
        self.assertEqual(set(field_errors(r.text)), {"name"})
        self.assertEqual(sorted(kept_kinds(r.text)), ["id_front", "id_in_hand", "portrait"])
        self.assertIn("请重新输入密码和确认密码", r.text)
        self.assertNotIn(p.password, r.text)
        self.assertEqual(table_counts(), before, "nothing of the account is stored")
        self.assertEqual(kept_rows(files), 3)
        # The kept photos are optional file inputs now; a later visit shows them too.
        self.assertNotRegex(r.text, r'name="photo_portrait"[^>]*required')
        self.assertEqual(len(kept_kinds(c.get("/register/new").text)), 3)
        # Another browser sees none of them and cannot use them.
        other = browser()
        self.assertEqual(kept_kinds(other.get("/register/new").text), [])
        r = post_form(other, "/register/new", Person().new_fields(), {})
        self.assertEqual(r.status, 400)
        self.assertEqual(set(field_errors(r.text)), {"photo_portrait", "photo_id_front", "photo_id_in_hand"})
        # The same browser submits again with the name and password, choosing no file.
        c.get("/register/new")
        r = post_form(c, "/register/new", p.new_fields(), {})
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertEqual(status_line(r.text), "身份验证通过。")
        row = examinee_row(p.name)
        self.assertEqual(stored_hashes(row["id"]),
                         {k: hashlib.sha256(files["photo_" + k]).hexdigest() for k in ("portrait", "id_front", "id_in_hand")})
        self.assertEqual(kept_rows(files), 0, "used photos are no longer pending")

    def test_only_the_photos_that_passed_are_kept_and_a_new_choice_replaces_one(self):
        p = Person()
        c = browser()
        files = three_photos(portrait="portrait-red")
        r = register_new(p, files, client=c, confirm_password="不一样的密码123")
        self.assertEqual(r.status, 400)
        errors = field_errors(r.text)
        self.assertIn("photo_portrait", errors)
        self.assertIn("confirm_password", errors)
        self.assertEqual(sorted(kept_kinds(r.text)), ["id_front", "id_in_hand"])
        self.assertIn("没有标明“已上传”的照片请重新选择", r.text)
        # The portrait chosen now, and a new id_front replacing the kept one.
        portrait, id_front = photo("portrait"), photo("colorful")
        r = post_form(c, "/register/new", p.new_fields(), {"photo_portrait": portrait, "photo_id_front": id_front})
        self.assertEqual(r.status, 200, r.text[:800])
        hashes = stored_hashes(examinee_row(p.name)["id"])
        self.assertEqual(hashes["portrait"], hashlib.sha256(portrait).hexdigest())
        self.assertEqual(hashes["id_front"], hashlib.sha256(id_front).hexdigest())
        self.assertEqual(hashes["id_in_hand"], hashlib.sha256(files["photo_id_in_hand"]).hexdigest())

    def test_kept_photo_still_checked_against_the_others(self):
        # The kept 身份证人像面 offered again as the 手持 photo is the same picture twice.
        c = browser()
        p = Person()
        files = three_photos()
        self.assertEqual(register_new(p, files, client=c, phone="123").status, 400)
        r = post_form(c, "/register/new", p.new_fields(), {"photo_id_in_hand": files["photo_id_front"]})
        self.assertEqual(r.status, 400)
        self.assertIn("是同一张照片", field_errors(r.text).get("photo_id_in_hand", ""))
        self.assertEqual(z.psql("SELECT count(*) FROM examinees WHERE name = '%s'" % p.name), "0")

    def test_expired_photos_are_not_used_and_purged(self):
        c = browser()
        p = Person()
        files = three_photos()
        self.assertEqual(register_new(p, files, client=c, email="bad address").status, 400)
        self.assertEqual(kept_rows(files), 3)
        hashes = ",".join("'\\x%s'::bytea" % hashlib.sha256(d).hexdigest() for d in files.values())
        z.psql("UPDATE pending_uploads SET expires_at = now() - interval '1 second' WHERE sha256 IN (%s)" % hashes)
        self.assertEqual(kept_kinds(c.get("/register/new").text), [])
        proc = subprocess.run(z._cmd("ZIKAO_CTL") + ["purge-sessions"], capture_output=True, text=True, timeout=60,
                              cwd="/")
        self.assertRegex(proc.stdout, r"pending uploads: [1-9]\d* expired removed")
        self.assertEqual(kept_rows(files), 0)
        r = post_form(c, "/register/new", p.new_fields(), {})
        self.assertEqual(r.status, 400)
        self.assertEqual(set(field_errors(r.text)), {"photo_portrait", "photo_id_front", "photo_id_in_hand"})
        self.assertIn("提交的信息有误，请按提示修改后重新提交。", alerts(r.text))


if __name__ == "__main__":
    unittest.main()
