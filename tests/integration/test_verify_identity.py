"""身份认证 (/verify/identity): the only page an unverified examinee can open. A refused
examinee sees the reason and uploads again; a self-registered one uploads 三照, an imported
one 两照; nothing can be uploaded while a clerk decides or once verified; anonymous
visitors are sent to the login page."""
import glob
import os
import threading
import unittest

import images
import test_register as reg
import zkclient as z


def upload(client, files, csrf=True):
    return reg.post_form(client, "/verify/identity", {}, files, csrf=csrf)


def file_fields(client):
    return sorted(i.get("name") for i in client.inputs() if i.get("type") == "file")


class AnonymousTest(unittest.TestCase):
    def test_anonymous_visitors_are_sent_to_login(self):
        c = reg.browser()
        r = c.get("/verify/identity")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")
        self.assertIn("next=%2Fverify%2Fidentity", r.location)
        r = c.get("/verify/photo/1")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")
        # A POST without a session is refused outright, and stores nothing.
        before = reg.table_counts()
        c.get("/login")
        r = upload(c, reg.three_photos())
        self.assertEqual(r.status, 403)
        self.assertEqual(reg.table_counts(), before)


class RefusedExamineeTest(unittest.TestCase):
    def test_refused_examinee_sees_the_reason_and_uploads_again(self):
        p = reg.Person()
        r = reg.register_new(p, reg.three_photos(in_hand="dark", id_front="dark"))
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertEqual(reg.status_line(r.text), "身份验证未通过。")
        self.assertIn("照片过暗", r.text)
        row = reg.examinee_row(p.name)
        self.assertEqual(row["identity_status"], "refused")
        first = reg.verifications(row["id"])
        self.assertEqual([v[1:4] for v in first], [("new", "refused", "fail")])
        self.assertIn("照片过暗", first[0][4])

        c = reg.logged_in(p.id_number, p.password)
        home = c.get("/")
        self.assertEqual(home.status, 303)
        self.assertEqual(z.path_of(home.location), "/verify/identity")
        page = c.get("/verify/identity")
        self.assertEqual(page.status, 200)
        self.assertEqual(reg.status_line(page.text), "身份认证未通过。")
        self.assertIn("原因：照片过暗，无法辨认", page.text)
        self.assertIn('action="/verify/identity"', page.text)
        self.assertIn("上传“三照”", page.text)
        self.assertEqual(file_fields(c), ["photo_id_front", "photo_id_in_hand", "photo_portrait"])
        self.assertEqual(len(reg.photo_ids(page.text)), 3, "the refused submission's photos are shown")

        # A bad upload: 400, the message under its field, nothing stored, still refused.
        before = reg.table_counts()
        bad = reg.three_photos()
        bad["photo_id_front"] = ("id.gif", "image/gif", images.gif(reg.RUN + "v"))
        r = upload(c, bad)
        self.assertEqual(r.status, 400, r.text[:800])
        self.assertEqual(reg.field_errors(r.text), {"photo_id_front": "不支持 GIF 图片，请上传 JPG 或 PNG 格式的照片。"})
        self.assertIn("照片未通过检查，请按提示重新选择后提交。", reg.alerts(r.text))
        self.assertEqual(reg.table_counts(), before)
        self.assertEqual(reg.examinee_row(p.name)["identity_status"], "refused")
        # Another account's picture is refused here too.
        c.get("/verify/identity")
        taken = reg.three_photos()
        taken["photo_id_in_hand"] = reg.reference_examinee()["files"]["photo_id_in_hand"]
        before = reg.table_counts()
        r = upload(c, taken)
        self.assertEqual(r.status, 400, r.text[:800])
        self.assertEqual(list(reg.field_errors(r.text)), ["photo_id_in_hand"])
        self.assertIn("已被其他账号使用", reg.field_errors(r.text)["photo_id_in_hand"])
        self.assertEqual(reg.table_counts(), before)

        # Good photos: verified, and 个人中心 opens.
        c.get("/verify/identity")
        r = upload(c, reg.three_photos())
        self.assertEqual(r.status, 303, r.text[:800])
        self.assertEqual(z.path_of(r.location), "/verify/identity")
        self.assertEqual(reg.table_counts(), (before[0], before[1] + 3, before[2] + 1))
        self.assertEqual(reg.examinee_row(p.name)["identity_status"], "verified")
        self.assertEqual([v[1:4] for v in reg.verifications(row["id"])],
                         [("new", "refused", "fail"), ("new", "approved", "pass")])
        page = c.get("/verify/identity")
        self.assertEqual(reg.status_line(page.text), "身份认证已通过。")
        self.assertNotIn('action="/verify/identity"', page.text)
        home = c.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn("个人中心", home.text)
        self.assertIn(p.name, home.text)

    def test_clerk_refusal_reason_is_shown_and_upload_opens_again(self):
        p = reg.Person(county=reg.XIAODIAN)
        r = reg.register_new(p, reg.three_photos(in_hand="grey"))
        self.assertEqual(reg.status_line(r.text), "已提交报名点人工审核。")
        row = reg.examinee_row(p.name)
        reason = "手持身份证照中看不清身份证号码，请重新拍摄"
        reg.refuse(reg.open_verification(row["id"]), reg.XIAODIAN, reason)
        self.assertEqual(reg.examinee_row(p.name)["identity_status"], "refused")

        c = reg.logged_in(p.id_number, p.password)
        self.assertEqual(z.path_of(c.get("/").location), "/verify/identity")
        page = c.get("/verify/identity")
        self.assertEqual(reg.status_line(page.text), "身份认证未通过。")
        self.assertIn("原因：" + reason, page.text)
        self.assertEqual(file_fields(c), ["photo_id_front", "photo_id_in_hand", "photo_portrait"])
        r = upload(c, reg.three_photos())
        self.assertEqual(r.status, 303, r.text[:800])
        self.assertEqual(reg.examinee_row(p.name)["identity_status"], "verified")
        self.assertEqual([v[2] for v in reg.verifications(row["id"])], ["refused", "approved"])
        self.assertEqual(c.get("/").status, 200)

    def test_upload_without_csrf_token_is_refused(self):
        p = reg.Person()
        r = reg.register_new(p, reg.three_photos(in_hand="dark"))
        self.assertEqual(reg.status_line(r.text), "身份验证未通过。")
        c = reg.logged_in(p.id_number, p.password)
        c.get("/verify/identity")
        before = reg.table_counts()
        r = upload(c, reg.three_photos(), csrf=False)
        self.assertEqual(r.status, 403)
        self.assertIn(z.CSRF_FAILURE, r.text)
        self.assertEqual(reg.table_counts(), before)
        self.assertEqual(reg.examinee_row(p.name)["identity_status"], "refused")


class ImportedExamineeTest(unittest.TestCase):
    def test_imported_examinee_uploads_two_photos(self):
        (p,) = reg.load_imported([reg.Person()], identity_status="unverified", with_password=True)
        c = reg.logged_in(p.id_number, p.password)
        home = c.get("/")
        self.assertEqual(home.status, 303)
        self.assertEqual(z.path_of(home.location), "/verify/identity")
        page = c.get("/verify/identity")
        self.assertEqual(page.status, 200)
        self.assertEqual(reg.status_line(page.text), "尚未上传认证照片。")
        self.assertIn("上传“两照”", page.text)
        self.assertEqual(file_fields(c), ["photo_id_front", "photo_id_in_hand"])
        before = reg.table_counts()
        r = upload(c, reg.two_photos())
        self.assertEqual(r.status, 303, r.text[:800])
        self.assertEqual(reg.table_counts(), (before[0], before[1] + 2, before[2] + 1))
        self.assertEqual(reg.examinee_row(p.name)["identity_status"], "verified")
        self.assertEqual([v[1:4] for v in reg.verifications(p.db_id)], [("enrolled", "approved", "pass")])
        self.assertEqual(c.get("/").status, 200)


class DoubleSubmitTest(unittest.TestCase):
    def test_two_uploads_at_once_never_fail(self):
        """A double click on 提交认证: both requests pass the state check before either has
        written. One submission must stay open and each answer must be a redirect or 409,
        never a server error. (The race is not certain to happen in one try, hence several.)"""
        people = reg.load_imported([reg.Person() for _ in range(4)], identity_status="unverified",
                                   with_password=True)
        answers = []
        for p in people:
            c = reg.logged_in(p.id_number, p.password)
            c.get("/verify/identity")
            forms = [reg.two_photos(in_hand="grey"), reg.two_photos(in_hand="grey")]
            results = [None, None]
            start = threading.Barrier(2)

            def submit(i):
                start.wait()
                results[i] = upload(c, forms[i])

            threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            answers.append(sorted(r.status for r in results))
            with self.subTest(examinee=p.name):
                self.assertEqual(reg.examinee_row(p.name)["identity_status"], "manual")
                self.assertEqual([v[2] for v in reg.verifications(p.db_id)].count("manual"), 1)
        self.assertTrue(all(set(a) <= {303, 409} and 303 in a for a in answers),
                        "answers to two simultaneous uploads: %s" % answers)


class NoUploadTest(unittest.TestCase):
    def test_verified_examinee_gets_409(self):
        p = reg.Person()
        r = reg.register_new(p, reg.three_photos())
        self.assertEqual(reg.status_line(r.text), "身份验证通过。")
        c = reg.logged_in(p.id_number, p.password)
        page = c.get("/verify/identity")
        self.assertEqual(page.status, 200)
        self.assertEqual(reg.status_line(page.text), "身份认证已通过。")
        self.assertEqual(file_fields(c), [])
        before = reg.table_counts()
        r = upload(c, reg.three_photos())   # csrf_token of the page's logout form
        self.assertEqual(r.status, 409, r.text[:800])
        self.assertIn("身份认证已通过，无需重新上传。", r.text)
        self.assertEqual(reg.table_counts(), before)
        # An imported, verified examinee (张三) too.
        zhang = reg.logged_in(z.ZHANG["id"])
        zhang.get("/verify/identity")
        r = upload(zhang, reg.two_photos())
        self.assertEqual(r.status, 409)
        self.assertEqual(reg.table_counts(), before)

    def test_manual_review_examinee_sees_no_upload_form(self):
        p = reg.Person()
        r = reg.register_new(p, reg.three_photos(in_hand="grey"))
        self.assertEqual(reg.status_line(r.text), "已提交报名点人工审核。")
        c = reg.logged_in(p.id_number, p.password)
        page = c.get("/verify/identity")
        self.assertEqual(page.status, 200)
        self.assertEqual(reg.status_line(page.text), "报名点人工审核中。")
        self.assertNotIn('action="/verify/identity"', page.text)
        self.assertEqual(file_fields(c), [])
        before = reg.table_counts()
        r = upload(c, reg.three_photos())
        self.assertEqual(r.status, 409, r.text[:800])
        self.assertIn("照片正在人工审核中，请等待审核结果。", r.text)
        self.assertEqual(reg.table_counts(), before)
        self.assertEqual(reg.examinee_row(p.name)["identity_status"], "manual")
        # Other pages still send the examinee here.
        self.assertEqual(z.path_of(c.get("/").location), "/verify/identity")


class ZzLogPrivacyTest(unittest.TestCase):
    """Last in this file (classes run in name order), after every registration of the run."""

    def test_logs_hold_nothing_typed_at_registration(self):
        people = [p for p in reg.PEOPLE if reg.rows_named(p.name) == 1]
        self.assertGreaterEqual(len(people), 5, "the registration tests ran before this one")
        log_dir = os.path.join(os.environ.get("ZIKAO_VAR", "/nonexistent"), "log")
        logs = [p for p in glob.glob(os.path.join(log_dir, "*.log"))
                if not os.path.basename(p).startswith(("postgres", "initdb"))]
        self.assertTrue({"login.log", "verify.log"} <= {os.path.basename(p) for p in logs}, logs)
        for path in logs:
            with open(path, "rb") as f:
                data = f.read().decode("utf-8", errors="replace")
            for p in people:
                for secret in (p.id_number, p.id_number[:17], p.name, p.phone, p.password):
                    if secret in data:
                        self.fail("%s holds %s of a registered examinee" % (os.path.basename(path), secret))


if __name__ == "__main__":
    unittest.main()
