"""The audit of a two-institution application, from `zikao-ctl import` to the pages: a
plan whose elective is met only by a 一对一 substitute (retaken: the first pass is before
the rule's window, the second inside), a 任选一门 rule scoped to the second major and chosen
in the application. The same verdicts through `zikao-ctl audit` and on /apply/majors:
the scoped choice makes the second major eligible and is ignored, with a note, for the
first; re-importing the older pass keeps the newer one; --what-if covers both
institutions. Every course, institution, major and rule is fresh, with a random suffix."""
import random
import re
import secrets
import unittest

import test_plans as tp
import zkclient as z

ctl = tp.ctl


def import_csv(kind, text):
    with tp.csv_dir() as d:
        rc, out = ctl("import", kind, tp.write_csv(d, kind + ".csv", text))
    if rc != 0:
        raise AssertionError("import %s failed (%d): %s" % (kind, rc, out))
    return out


def text_of(html_text):
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html_text))


class TwoInstitutionAuditTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        suffix = secrets.token_hex(2).upper()
        base = random.randint(800, 979) * 100  # five-digit codes 80000…97999, away from the demo's
        cls.A, cls.B, cls.C, cls.D, cls.E = (str(base + i).zfill(5) for i in (11, 12, 13, 14, 15))
        cls.I1, cls.I2 = "A" + suffix, "B" + suffix
        cls.M1, cls.M2 = "M1" + suffix, "M2" + suffix
        cls.R1, cls.R2 = "r1-" + suffix, "r2-" + suffix
        import_csv("institutions", "code,name,sort_order\n%s,审核甲院校%s,950\n%s,审核乙院校%s,951\n"
                   % (cls.I1, suffix, cls.I2, suffix))
        import_csv("courses", "code,name,credits,new_plan\n"
                   "%s,审核必考甲,4,0\n%s,审核选考乙,4,0\n%s,审核新课丙,3,1\n%s,审核必考丁,3,0\n%s,审核新课戊,3,1\n"
                   % (cls.A, cls.B, cls.C, cls.D, cls.E))
        import_csv("majors", "institution_code,major_code,name,level\n%s,%s,审核专业一,本科\n%s,%s,审核专业二,本科\n"
                   % (cls.I1, cls.M1, cls.I2, cls.M2))
        head = ("institution_code,major_code,version,effective_from,effective_to,min_total_credits,course_code,"
                "requirement,group_id,group_title,group_min_credits,group_min_count\n")
        import_csv("plans", head +
                   "%s,%s,2025,2025-01-01,,8,%s,required,,,,\n" % (cls.I1, cls.M1, cls.A) +
                   "%s,%s,2025,2025-01-01,,8,%s,elective,G1,专业选考课,4,0\n" % (cls.I1, cls.M1, cls.B) +
                   "%s,%s,2025,2025-01-01,,7,%s,required,,,,\n" % (cls.I2, cls.M2, cls.A) +
                   "%s,%s,2025,2025-01-01,,7,%s,required,,,,\n" % (cls.I2, cls.M2, cls.D))
        import_csv("rules", "rule_id,kind,new_code,old_codes,valid_from,valid_to,majors,note\n"
                   "%s,one_to_one,%s,%s,2024-04-01,,,新课丙顶替选考乙\n"
                   "%s,any_one_of,%s,%s,2024-04-01,,%s,新课戊顶替必考丁，仅专业二\n"
                   % (cls.R1, cls.C, cls.B, cls.R2, cls.E, cls.D + " " + cls.B, cls.M2))
        cls.person = z.Examinee("审核" + suffix, z.TEST_PASSWORD)
        z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + cls.person.csv_line() + "\n"}, timeout=120)
        t = cls.person.ticket
        cls.passed_head = "ticket_no,course_code,passed_on,score,source\n"
        cls.first_pass = "%s,%s,2023-04-15,61,exam\n" % (t, cls.C)
        import_csv("passed", cls.passed_head + "%s,%s,2020-10-25,75,exam\n" % (t, cls.A) + cls.first_pass +
                   "%s,%s,2025-04-12,82,exam\n%s,%s,2025-04-12,70,exam\n" % (t, cls.C, t, cls.E))
        examinee_id = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % t))
        cls.app_id = int(z.psql(
            "INSERT INTO applications (examinee_id, batch_id, attempt, status, county_code, address) "
            "SELECT %d, id, 1, 'draft', '140105', '太原市小店区学府街1号' FROM batches WHERE is_current RETURNING id"
            % examinee_id).splitlines()[0])
        for seq, inst, major in ((1, cls.I1, cls.M1), (2, cls.I2, cls.M2)):
            z.psql("INSERT INTO application_majors (application_id, seq, institution_code, major_id) "
                   "SELECT %d, %d, '%s', id FROM majors WHERE institution_code = '%s' AND code = '%s'"
                   % (cls.app_id, seq, inst, inst, major))
        z.psql("INSERT INTO application_substitutions (application_id, rule_id, new_code, old_codes) "
               "VALUES (%d, '%s', '%s', ARRAY['%s'])" % (cls.app_id, cls.R2, cls.E, cls.D))

    def audit(self, inst, major, *options):
        return ctl("audit", self.person.ticket, inst, major, *options)

    def test_ctl_and_pages_agree(self):
        # The first major: its elective met by the retake of the substitute, the choice
        # for the other major ignored with a note.
        rc, out = self.audit(self.I1, self.M1, "--choose", "%s:%s:%s" % (self.R2, self.E, self.D))
        self.assertEqual(rc, 0, out)
        self.assertIn("该顶替规则不适用于本专业，未计入", out)
        # The second major: eligible through the chosen 任选一门, not without it.
        rc, out = self.audit(self.I2, self.M2, "--choose", "%s:%s:%s" % (self.R2, self.E, self.D))
        self.assertEqual(rc, 0, out)
        # As the application stands (its own choice), both majors.
        for inst, major in ((self.I1, self.M1), (self.I2, self.M2)):
            rc, out = self.audit(inst, major)
            self.assertEqual(rc, 0, out)

        c = z.logged_in(self.person.ticket, z.TEST_PASSWORD)
        page = c.get("/apply/majors")
        self.assertEqual(page.status, 200, page.text[:500])
        text = text_of(page.text)
        self.assertNotIn("所选专业不符合毕业合格条件", text)
        self.assertEqual(text.count("符合毕业合格条件"), 2, text[:2000])
        stored = z.psql("SELECT string_agg(seq || ':' || eligible, ',' ORDER BY seq) FROM application_majors "
                        "WHERE application_id = %d" % self.app_id)
        self.assertEqual(stored, "1:true,2:true")
        audit_json = z.psql("SELECT audit_json->'groups'->0->>'by' FROM application_majors "
                            "WHERE application_id = %d AND seq = 1" % self.app_id)
        self.assertIn("%s(顶替%s)" % (self.C, self.B), audit_json)

    def test_older_pass_reimported_keeps_the_newer(self):
        import_csv("passed", self.passed_head + self.first_pass)
        passes = z.psql("SELECT string_agg(passed_on::text || '/' || score, ',' ORDER BY passed_on) FROM passed_courses "
                        "WHERE course_code = '%s' AND examinee_id = (SELECT id FROM examinees WHERE ticket_no = '%s')"
                        % (self.C, self.person.ticket))
        self.assertEqual(passes, "2023-04-15/61,2025-04-12/82")
        rc, out = self.audit(self.I1, self.M1)
        self.assertEqual(rc, 0, out)

    def test_without_the_retake_the_elective_is_missing(self):
        # The same plan for a person with only the first pass: 13xxx before the window.
        other = z.Examinee("审核早" + self.I1, z.TEST_PASSWORD)
        z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + other.csv_line() + "\n"}, timeout=120)
        import_csv("passed", self.passed_head + "%s,%s,2020-10-25,75,exam\n%s,%s,2023-04-15,61,exam\n"
                   % (other.ticket, self.A, other.ticket, self.C))
        rc, out = ctl("audit", other.ticket, self.I1, self.M1)
        self.assertEqual(rc, 3, out)
        self.assertIn("专业选考课", out)
        self.assertIn("需至少4学分", out)  # the group's count minimum (0) is not stated
        self.assertNotIn("0门", out.split("专业选考课", 1)[1].splitlines()[0])
        # On the 限制条件 screen of a two-institution application the closest majors
        # include the other institution's.
        examinee_id = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % other.ticket))
        app_id = int(z.psql(
            "INSERT INTO applications (examinee_id, batch_id, attempt, status, county_code, address) "
            "SELECT %d, id, 1, 'draft', '140105', '太原市小店区学府街1号' FROM batches WHERE is_current RETURNING id"
            % examinee_id).splitlines()[0])
        for seq, inst, major in ((1, self.I1, self.M1), (2, self.I2, None)):
            z.psql("INSERT INTO application_majors (application_id, seq, institution_code, major_id) "
                   "VALUES (%d, %d, '%s', %s)" % (app_id, seq, inst, "(SELECT id FROM majors WHERE institution_code = "
                                                  "'%s' AND code = '%s')" % (inst, major) if major else "NULL"))
        page = z.logged_in(other.ticket, z.TEST_PASSWORD).get("/apply/majors")
        self.assertEqual(page.status, 200, page.text[:500])
        closest = text_of(page.text).split("按您的合格课程，最接近的专业", 1)[1]
        self.assertIn("审核乙院校" + self.I1[1:] + self.M2 + "审核专业二：缺少1项（3学分）", closest)

    def test_what_if_covers_both_institutions(self):
        rc, out = self.audit(self.I1, self.M1, "--what-if")
        self.assertEqual(rc, 0, out)
        self.assertIn(self.M1, out)
        self.assertIn(self.M2, out)


if __name__ == "__main__":
    unittest.main()
