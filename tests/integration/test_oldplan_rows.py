"""/substitute/oldplan one course at a time (issue 17): the saved courses and archive are
shown, each course is added, changed or removed by its own POST, the archive is kept unless
replaced, and after a refused POST what was valid is kept (the typed values and an archive
that passed its checks, which the next add uses without choosing it again). Dates are
accepted as people type them (2003/10/26, 2003.10.26, 2003年10月26日, full-width digits)
and stored as YYYY-MM-DD."""
import re
import subprocess
import unittest

import zkclient as z
from test_substitute import PDF, ROW, clone, login, make_zip, oldplan_counts, png, post_oldplan, text_of


def saved(p):
    """[(code, name, passed_on, score)] of the application, by code."""
    out = z.psql("SELECT course_code, course_name, to_char(passed_on, 'YYYY-MM-DD'), score "
                 "FROM application_oldplan_courses WHERE application_id = %d ORDER BY course_code" % p.app_id)
    return [tuple(line.split("|")) for line in out.splitlines() if line]


def archive_name(p):
    return z.psql("SELECT file_name FROM application_archives WHERE application_id = %d" % p.app_id)


def kept_archives(p):
    """Rows of pending_uploads holding an archive whose bytes are those of `data` — by hash."""
    return int(z.psql("SELECT count(*) FROM pending_uploads WHERE form = 'oldplan' AND sha256 = sha256('\\x%s'::bytea)"
                      % p.hex()))


class OneRowAtATimeTest(unittest.TestCase):
    def test_add_change_remove_each_alone_and_the_archive_stays(self):
        p = clone("li")
        c = login(p)
        r = post_oldplan(c, ROW, make_zip([("a.pdf", PDF)]), "第一次.zip")
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual(z.path_of(r.location), "/substitute/oldplan")
        r = post_oldplan(c, {"code": "02197", "name": "概率论与数理统计", "passed_on": "2000/4/16", "score": "75"})
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual(saved(p), [("00018", "计算机应用基础", "1999-10-24", "合格"),
                                    ("02197", "概率论与数理统计", "2000-04-16", "75")])
        # The page lists both saved courses, each with its own 修改 and 删除, and the archive.
        page = c.get("/substitute/oldplan")
        self.assertEqual(page.status, 200)
        text = text_of(page)
        for expected in ("00018", "02197", "2000-04-16", "第一次.zip", "修改", "删除"):
            self.assertIn(expected, text)
        self.assertEqual(len(re.findall(r'name="action" value="remove"', page.text)), 2)
        self.assertIn('href="/substitute/oldplan?edit=02197"', page.text)
        # The add form is empty again: it adds, it does not replace.
        self.assertRegex(page.text, r'<input id="code" name="code" value=""')
        # Changing one course: its row becomes a form with its values.
        page = c.get("/substitute/oldplan?edit=02197")
        self.assertIn('name="original" value="02197"', page.text)
        self.assertRegex(page.text, r'form="oldplan-edit" name="passed_on" value="2000-04-16"')
        r = post_oldplan(c, {"original": "02197", "code": "02197", "name": "概率论与数理统计（二）",
                             "passed_on": "2000年10月22日", "score": "80"}, action="change")
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual(saved(p)[1], ("02197", "概率论与数理统计（二）", "2000-10-22", "80"))
        self.assertEqual(saved(p)[0], ("00018", "计算机应用基础", "1999-10-24", "合格"))
        # A change with a bad value: 400 at the field of the row being changed, nothing changed.
        r = post_oldplan(c, {"original": "02197", "code": "02197", "name": "概率论与数理统计",
                             "passed_on": "2000-13-01", "score": "80"}, action="change")
        self.assertEqual(r.status, 400)
        self.assertRegex(text_of(r), r'form="oldplan-edit" name="passed_on" value="2000-13-01"')
        self.assertRegex(text_of(r), r'data-field="passed_on">[^<]*不是有效的日期')
        # ... and announced there: the field is invalid and described by the message.
        self.assertRegex(text_of(r), r'name="passed_on" [^>]*aria-invalid="true" aria-describedby="err-edit-passed_on"'
                                     r'>[^<]*<p class="field-error" id="err-edit-passed_on"')
        self.assertEqual(saved(p)[1], ("02197", "概率论与数理统计（二）", "2000-10-22", "80"))
        # Changing a code to one already added is refused.
        r = post_oldplan(c, {"original": "02197", "code": "00018", "name": "x", "passed_on": "2001-01-01",
                             "score": "70"}, action="change")
        self.assertEqual(r.status, 400)
        self.assertRegex(text_of(r), r'data-field="code">[^<]*已经添加')
        # Adding a code that is already there is refused too.
        r = post_oldplan(c, ROW)
        self.assertEqual(r.status, 400)
        self.assertRegex(text_of(r), r'data-field="code">[^<]*已经添加')
        self.assertEqual(len(saved(p)), 2)
        # Removing one course leaves the other and the archive.
        r = post_oldplan(c, {"code": "00018"}, action="remove")
        self.assertEqual(r.status, 303)
        self.assertEqual([s[0] for s in saved(p)], ["02197"])
        self.assertEqual(archive_name(p), "第一次.zip")
        r = post_oldplan(c, {"code": "00018"}, action="remove")
        self.assertEqual(r.status, 404)
        # Replacing the archive alone keeps the courses.
        r = post_oldplan(c, {}, make_zip([("b.pdf", PDF), ("c.png", png())]), "第二次.zip", action="archive")
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual(archive_name(p), "第二次.zip")
        self.assertEqual(oldplan_counts(p), (1, 1))
        # A bad replacement keeps the stored one.
        r = post_oldplan(c, {}, b"not an archive at all\n" * 20, "坏.zip", action="archive")
        self.assertEqual(r.status, 400)
        self.assertRegex(text_of(r), r'data-field="archive">[^<]*只能上传 zip 或 rar')
        self.assertRegex(text_of(r), r'id="replace_archive" [^>]*aria-invalid="true" aria-describedby="err-replace_archive"')
        self.assertEqual(archive_name(p), "第二次.zip")

    def test_dates_as_people_type_them_are_normalised(self):
        p = clone("li")
        c = login(p)
        r = post_oldplan(c, {**ROW, "code": "00001", "passed_on": "2003.10.26"}, make_zip([("a.pdf", PDF)]))
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        for code, typed in (("00002", "2003/10/26"), ("00003", "2003年10月26日"), ("00004", "２００３年１０月２６日"),
                            ("00005", "２００３－１０－２６")):
            with self.subTest(typed):
                r = post_oldplan(c, {**ROW, "code": code, "passed_on": typed})
                self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual({s[2] for s in saved(p)}, {"2003-10-26"})
        self.assertEqual(len(saved(p)), 5)


class KeptAfterErrorTest(unittest.TestCase):
    def test_valid_archive_kept_after_a_bad_row_and_used_by_the_next_add(self):
        p = clone("li")
        c = login(p)
        archive = make_zip([("扫描件.pdf", PDF)])
        r = post_oldplan(c, {**ROW, "passed_on": "1999-02-30"}, archive, "保留.zip")
        self.assertEqual(r.status, 400)
        page = text_of(r)
        self.assertRegex(page, r'data-field="passed_on">[^<]*不是有效的日期')
        self.assertRegex(page, r'id="passed_on" [^>]*aria-describedby="passed_on_hint err-passed_on" aria-invalid="true"')
        # Nothing saved, but the typed values and the archive are kept.
        self.assertEqual(oldplan_counts(p), (0, 0))
        self.assertIn('value="计算机应用基础"', page)
        self.assertIn('value="1999-02-30"', page)
        self.assertRegex(page, r'已上传</span>：<span class="file-name">保留.zip</span>')
        self.assertEqual(kept_archives(archive), 1)
        # Shown again on a later visit too.
        self.assertIn("保留.zip", text_of(c.get("/substitute/oldplan")))
        # Another examinee's session does not see it.
        other = login(clone("li"))
        self.assertNotIn("保留.zip", text_of(other.get("/substitute/oldplan")))
        # The corrected course is added without choosing the archive again.
        r = post_oldplan(c, ROW)
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual(oldplan_counts(p), (1, 1))
        self.assertEqual(archive_name(p), "保留.zip")
        self.assertEqual(kept_archives(archive), 0, "used, so no longer pending")

    def test_a_bad_new_archive_is_not_kept_and_drops_the_kept_one(self):
        p = clone("li")
        c = login(p)
        archive = make_zip([("a.pdf", PDF)])
        self.assertEqual(post_oldplan(c, {**ROW, "score": "59"}, archive).status, 400)
        self.assertEqual(kept_archives(archive), 1)
        r = post_oldplan(c, {**ROW, "score": "59"}, make_zip([("../x.pdf", PDF)]))
        self.assertEqual(r.status, 400)
        self.assertEqual(kept_archives(archive), 0)
        self.assertNotIn("已上传</span>", r.text)
        r = post_oldplan(c, ROW)
        self.assertEqual(r.status, 400)
        self.assertIn("请上传旧计划课程", text_of(r))

    def test_expired_archive_is_not_used_and_purged(self):
        p = clone("li")
        c = login(p)
        archive = make_zip([("a.pdf", PDF), ("b.png", png())])
        self.assertEqual(post_oldplan(c, {**ROW, "code": "1"}, archive).status, 400)
        z.psql("UPDATE pending_uploads SET expires_at = now() - interval '1 second' "
               "WHERE sha256 = sha256('\\x%s'::bytea)" % archive.hex())
        self.assertNotIn("已上传</span>", c.get("/substitute/oldplan").text)
        r = post_oldplan(c, ROW)
        self.assertEqual(r.status, 400)
        self.assertIn("请上传旧计划课程", text_of(r))
        proc = subprocess.run(z._cmd("ZIKAO_CTL") + ["purge-sessions"], capture_output=True, text=True, timeout=60,
                              cwd="/")
        out = proc.stdout
        self.assertRegex(out, r"pending uploads: [1-9]\d* expired removed")
        self.assertEqual(kept_archives(archive), 0)


if __name__ == "__main__":
    unittest.main()
