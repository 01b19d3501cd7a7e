"""Every pass of a course (issue 16, items 3 and 4; migration 0011): `zikao-ctl import passed`
keeps a re-taken course's passes side by side, re-imports are idempotent and count what
they changed, an older file never takes a newer pass away, the optional `verified` and
`used_by_graduation` columns, the refusals (in Chinese, FILE:LINE: first, nothing written),
合格成绩查询 listing every pass, /substitute/english listing a course once, and rows stored
before the migration surviving it.

Each test imports for an examinee of its own, loaded with `zikao-ctl load-demo`."""
import datetime
import os
import re
import shutil
import unittest

import test_plans as tp
import test_statements as ts
import test_substitute as tsub
import zkclient as z

HEADER = "ticket_no,course_code,passed_on,score,source"
FLAGS_HEADER = HEADER + ",verified,used_by_graduation"


def new_person(label):
    p = z.Examinee(label, z.TEST_PASSWORD)
    z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + p.csv_line() + "\n"}, timeout=120)
    p.db_id = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % p.ticket))
    return p


def import_rows(d, name, p, rows, header=HEADER):
    """Writes `rows` (each without the ticket) as d/name for examinee p and imports it:
    (path, exit status, output)."""
    path = tp.write_csv(d, name, header + "\n" + "".join("%s,%s\n" % (p.ticket, r) for r in rows))
    rc, out = tp.ctl("import", "passed", path)
    return path, rc, out


def imported(test, d, name, p, rows, counts, header=HEADER):
    """import_rows, which must succeed with the summary counts (rows, added, changed,
    unchanged); the file's path."""
    path, rc, out = import_rows(d, name, p, rows, header)
    test.assertEqual(rc, 0, out)
    test.assertEqual(tp.summary(out), counts, out)
    return path


def passes(p, code=None):
    """The stored passes of p (of one course): "course|date|score|source|verified|used" lines."""
    where = " AND course_code = '%s'" % code if code else ""
    return z.psql("SELECT course_code, passed_on, score, source, verified, used_by_graduation FROM passed_courses"
                  " WHERE examinee_id = %d%s ORDER BY course_code, passed_on, source" % (p.db_id, where)).splitlines()


def scores(p):
    """The 合格成绩查询 page of p and its rows, each [seq, code, name, credits, score, date, source, note]."""
    r = z.logged_in(p.ticket, z.TEST_PASSWORD).get("/scores")
    assert r.status == 200, r.status
    tables = tp.tables(r.text, "scores")
    return r, tables[0] if tables else []


def of_course(rows, code):
    return [(row[4], row[5], row[6], row[7]) for row in rows if row[1] == code]


class RetakeTest(unittest.TestCase):
    def test_retake_keeps_both_passes_and_an_older_file_changes_nothing(self):
        p = new_person("重考")
        first = ["02331,2019-10-27,62,exam", "03708,2019-04-14,72,exam"]
        with tp.csv_dir() as d:
            imported(self, d, "first.csv", p, first, (2, 2, 0, 0))
            imported(self, d, "retake.csv", p, ["02331,2023-04-16,85,exam"], (1, 1, 0, 0))
            # The older file again: nothing new, nothing changed, the later pass stays.
            imported(self, d, "first.csv", p, first, (2, 0, 0, 2))
        self.assertEqual(passes(p, "02331"), ["02331|2019-10-27|62|exam|t|f", "02331|2023-04-16|85|exam|t|f"])

        r, rows = scores(p)
        self.assertEqual(of_course(rows, "02331"), [("62", "2019-10-27", "考试合格", "首次合格（共2次）"),
                                                    ("85", "2023-04-16", "考试合格", "第2次合格（重考）")])
        self.assertEqual([row[5] for row in rows], sorted(row[5] for row in rows), "listed by date")
        # The course counts once: 2 courses, 3 + 2 credits, 3 rows.
        foot = tp.tfoot_text(r.text, "scores")
        self.assertIn("合计 2 门 5 学分", foot)
        self.assertIn("3 条合格记录，同一课程多次合格只计一次学分", foot)

    def test_changed_score_updates_that_pass_only_and_is_counted(self):
        p = new_person("改分")
        with tp.csv_dir() as d:
            first = imported(self, d, "first.csv", p, ["02331,2019-10-27,62,exam"], (1, 1, 0, 0))
            retake = imported(self, d, "retake.csv", p, ["02331,2023-04-16,85,exam"], (1, 1, 0, 0))
            fixed = imported(self, d, "fixed.csv", p, ["02331,2019-10-27,64,exam", "02331,2023-04-16,85,exam"],
                             (2, 0, 1, 1))
        self.assertEqual(passes(p, "02331"), ["02331|2019-10-27|64|exam|t|f", "02331|2023-04-16|85|exam|t|f"])
        # Who wrote what, for maintainers.
        self.assertEqual(z.psql("SELECT passed_on || '|' || import_file || '|' || coalesce(change_file, '-') || '|' ||"
                                " (imported_at IS NOT NULL) || '|' || (changed_at IS NOT NULL) FROM passed_courses"
                                " WHERE examinee_id = %d ORDER BY passed_on" % p.db_id).splitlines(),
                         ["2019-10-27|%s|%s|true|true" % (first, fixed), "2023-04-16|%s|-|true|false" % retake])
        _, rows = scores(p)
        self.assertEqual([r[:2] for r in of_course(rows, "02331")], [("64", "2019-10-27"), ("85", "2023-04-16")])

    def test_exemption_and_exam_of_one_course_on_the_same_day_are_two_passes(self):
        p = new_person("同日")
        with tp.csv_dir() as d:
            imported(self, d, "both.csv", p, ["03708,2019-04-14,免考,exemption", "03708,2019-04-14,72,exam"],
                     (2, 2, 0, 0))
        self.assertEqual(len(passes(p, "03708")), 2)


class FlagsTest(unittest.TestCase):
    def test_unverified_certificate_and_used_passes(self):
        p = new_person("标记")
        with tp.csv_dir() as d:
            imported(self, d, "flags.csv", p, [
                "02142,2016-04-17,合格,old_plan_certificate,否,",
                "00018,2018-04-15,70,exam,,是",
                "00018,2022-04-17,80,exam,,",
                "03708,2019-04-14,72,exam,TRUE,0",
                "00051,2020-10-25,75,exam,1,true",
            ], (5, 5, 0, 0), FLAGS_HEADER)
            self.assertEqual(passes(p), ["00018|2018-04-15|70|exam|t|t", "00018|2022-04-17|80|exam|t|f",
                                         "00051|2020-10-25|75|exam|t|t",
                                         "02142|2016-04-17|合格|old_plan_certificate|f|f",
                                         "03708|2019-04-14|72|exam|t|f"])
            r, rows = scores(p)
            self.assertEqual(of_course(rows, "02142"), [("合格", "2016-04-17", "旧计划课程(待审核)", "")])
            self.assertEqual(of_course(rows, "00018"), [("70", "2018-04-15", "考试合格", "首次合格（共2次）；已用于以往毕业"),
                                                        ("80", "2022-04-17", "考试合格", "第2次合格（重考）")])
            self.assertEqual(of_course(rows, "00051"), [("75", "2020-10-25", "考试合格", "已用于以往毕业")])
            text = tp.main_text(r.text)
            self.assertIn("其中 4 学分为旧计划课程(待审核)", text)
            # 00051's only pass is used; 00018 still has an unused one.
            self.assertIn("其中 3 学分的课程已用于以往毕业", text)

            # The same passes without the flag columns: the stored flags stay.
            imported(self, d, "plain.csv", p, ["02142,2016-04-17,合格,old_plan_certificate",
                                               "00018,2018-04-15,70,exam", "00051,2020-10-25,75,exam"], (3, 0, 0, 3))
            self.assertIn("02142|2016-04-17|合格|old_plan_certificate|f|f", passes(p))
            self.assertIn("00018|2018-04-15|70|exam|t|t", passes(p))

            # Stated flags change a stored pass; only `verified` given (6 columns).
            imported(self, d, "verified.csv", p, ["02142,2016-04-17,合格,old_plan_certificate,是"], (1, 0, 1, 0),
                     HEADER + ",verified")
            imported(self, d, "unused.csv", p, ["00051,2020-10-25,75,exam,,否"], (1, 0, 1, 0), FLAGS_HEADER)
        self.assertIn("02142|2016-04-17|合格|old_plan_certificate|t|f", passes(p))
        self.assertIn("00051|2020-10-25|75|exam|t|f", passes(p))
        r, rows = scores(p)
        self.assertEqual(of_course(rows, "02142")[0][2], "旧计划课程")
        self.assertNotIn("待审核", tp.main_text(r.text))
        self.assertNotIn("学分的课程已用于以往毕业", tp.main_text(r.text))

    def test_english_page_lists_a_course_once(self):
        p = new_person("顶替")
        with tp.csv_dir() as d:
            imported(self, d, "passes.csv", p, [
                "02331,2019-10-27,62,exam,,是",                  # used by an earlier graduation …
                "02331,2023-04-16,85,exam,,",                    # … re-taken: usable
                "02142,2016-04-17,合格,old_plan_certificate,否,",  # unverified certificate …
                "02142,2021-04-18,77,exam,,",                    # … and an exam pass: not provisional
                "00051,2020-10-25,75,exam,,是",                  # its only pass used
                "00341,2020-10-25,合格,old_plan_certificate,否,",  # only a certificate: provisional
            ], (6, 6, 0, 0), FLAGS_HEADER)
        p.app_id = tsub.make_draft(p.db_id)
        c = z.logged_in(p.ticket, z.TEST_PASSWORD)
        page = c.get("/substitute/english")
        self.assertEqual(page.status, 200, page.text[:500])
        items = re.findall(r'<li><label><input type="checkbox" name="course" value="(\d{5})"[^>]*>(.*?)</label></li>',
                           page.text, re.S)
        listed = {code: tp.strip_tags(label) for code, label in items}
        self.assertEqual(sorted(code for code, _ in items), ["00341", "02142", "02331"], "each course once")
        self.assertEqual(listed["02331"], "02331数据结构 (3)")
        self.assertEqual(listed["02142"], "02142数据结构导论 (4)")
        self.assertEqual(listed["00341"], "00341公文写作与处理 (3) 待审核")


class RefusalTest(unittest.TestCase):
    """A refused file: exit status 1, every bad row as FILE:LINE: 原因 in Chinese, nothing written."""

    def refused(self, p, rows, header=HEADER):
        before = passes(p)
        with tp.csv_dir() as d:
            path, rc, out = import_rows(d, "bad.csv", p, rows, header)
        self.assertEqual(rc, 1, out)
        self.assertIn("，%d 处错误；未导入任何数据" % len(re.findall(r"bad\.csv:\d+: ", out)), out)
        self.assertEqual(passes(p), before, "a refused file wrote something")
        return path, out

    def test_unverified_exam_or_exemption_row_refused(self):
        p = new_person("拒审")
        path, out = self.refused(p, ["02331,2019-10-27,62,exam,,",
                                     "03708,2019-04-14,72,exam,否,",
                                     "03709,2020-10-25,免考,exemption,false,",
                                     "02142,2016-04-17,合格,old_plan_certificate,否,"], FLAGS_HEADER)
        self.assertIn(path + ":3: 来源为 exam 的成绩不能导入为未审核：考试合格与免考成绩由考试机构登记，本身就是核实过的记录；"
                             "只有旧计划课程证书（old_plan_certificate）需要招办审核", out)
        self.assertIn(path + ":4: 来源为 exemption 的成绩不能导入为未审核", out)
        self.assertEqual(len(re.findall(r"bad\.csv:\d+: ", out)), 2, out)
        self.assertEqual(passes(p), [])

    def test_bad_flag_values_refused(self):
        p = new_person("标错")
        path, out = self.refused(p, ["02331,2019-10-27,62,exam,maybe,",
                                     "03708,2019-04-14,72,exam,,y",
                                     "00018,2018-04-15,70,exam,是,否"], FLAGS_HEADER)
        self.assertIn(path + ":2: verified（已审核） 应为 是/否、true/false、1/0 或留空（实际为“maybe”）", out)
        self.assertIn(path + ":3: used_by_graduation（已用于以往毕业） 应为 是/否、true/false、1/0 或留空（实际为“y”）", out)
        self.assertNotIn("bad.csv:4:", out)

    def test_other_messages_are_chinese(self):
        p = new_person("中文")
        future = (z.china_today() + datetime.timedelta(days=3)).isoformat()
        path, out = self.refused(p, ["02331,2019-10-27,62,exam", "02331,2019-10-27,62,exam",
                                     "99999,2019-10-27,62,exam", "0233,2019-10-27,62,exam",
                                     "03708,2019-02-30,72,exam", "03708,%s,72,exam" % future,
                                     "03708,1980-12-31,72,exam", "03709,2020-10-25,59,exam",
                                     "03709,2020-10-25,好,exam", "03709,2020-10-25,70,school"])
        for line, message in ((3, "与第 2 行重复（准考证号、课程、合格日期和来源都相同）"),
                              (4, "课程代码 99999 不在课程库中（请先导入 courses）"),
                              (5, "课程代码 0233 应为5位数字"),
                              (6, "合格日期应为 YYYY-MM-DD 格式的日期（实际为“2019-02-30”）"),
                              (7, "合格日期 %s 晚于今天" % future),
                              (8, "合格日期 1980-12-31 早于1981年，当时自学考试尚未开考"),
                              (9, "成绩 59 低于60分，不是合格成绩"),
                              (10, "成绩应为60至100的整数或 合格/通过/免考/及格/中等/良好/优秀 之一（实际为“好”）"),
                              (11, "来源应为 exam、exemption 或 old_plan_certificate（实际为“school”）")):
            self.assertIn("%s:%d: %s" % (path, line, message), out)
        with tp.csv_dir() as d:
            path = tp.write_csv(d, "nobody.csv", HEADER + "\n010120109999,02331,2019-10-27,62,exam\n")
            rc, out = tp.ctl("import", "passed", path)
        self.assertEqual(rc, 1, out)
        self.assertIn(path + ":2: 准考证号 010120109999 的考生不存在（请先导入 examinees）", out)
        for english in ("not found", "must be", "is in the future", "duplicate row", "unknown course"):
            self.assertNotIn(english, out)

    def test_header_and_field_counts(self):
        p = new_person("表头")
        path, out = self.refused(p, ["02331,2019-10-27,62,exam,"], HEADER + ",used_by_graduation")
        self.assertIn(path + ":1: 表头必须是：" + HEADER +
                      "（其后可加 ,verified 或 ,verified,used_by_graduation）", out)
        path, out = self.refused(p, ["02331,2019-10-27,62,exam,", "03708,2019-04-14,72,exam,,,"], FLAGS_HEADER)
        self.assertIn(path + ":2: 应有 7 列（" + FLAGS_HEADER + "），实际 6 列", out)
        self.assertIn(path + ":3: 应有 7 列（" + FLAGS_HEADER + "），实际 8 列", out)


class MigrationTest(unittest.TestCase):
    """Rows stored under the old key (one per examinee and course) survive 0011 with their
    values and flags; afterwards the import adds a re-take beside them."""

    def test_rows_stored_before_0011_survive(self):
        with ts.scratch_database("passes") as (database, tmp, config):
            before = os.path.join(tmp, "before")
            os.mkdir(before)
            os.chmod(before, 0o755)
            for name in sorted(os.listdir(ts.MIGRATIONS)):
                if name < "0011":
                    shutil.copy(os.path.join(ts.MIGRATIONS, name), before)
                    os.chmod(os.path.join(before, name), 0o644)
            p = ts.ctl_with_config(config, "migrate", before)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            self.assertNotIn("0011", p.stdout)
            ts.psql_on(database, """
                INSERT INTO examinees (name, id_number_enc, id_number_index, ticket_no, gender)
                 VALUES ('旧甲', '\\x01', '\\x01', '970000000001', 'M'), ('旧乙', '\\x02', '\\x02', '970000000002', 'F');
                INSERT INTO courses (code, name, credits) VALUES ('02331', '数据结构', 3), ('02142', '数据结构导论', 4);
                INSERT INTO passed_courses (examinee_id, course_code, passed_on, score, source, verified,
                                            used_by_graduation)
                 SELECT e.id, v.code, v.d::date, v.score, v.source, v.verified, v.used
                 FROM examinees e JOIN (VALUES
                   ('970000000001', '02331', '2019-10-27', '62', 'exam', true, true),
                   ('970000000001', '02142', '2016-04-17', '合格', 'old_plan_certificate', false, false),
                   ('970000000002', '02331', '2020-04-12', '良好', 'exam', true, false)
                 ) v(ticket, code, d, score, source, verified, used) ON v.ticket = e.ticket_no""")
            snapshot = ("SELECT string_agg(e.ticket_no || '|' || p.course_code || '|' || p.passed_on || '|' || p.score"
                        " || '|' || p.source || '|' || p.verified || '|' || p.used_by_graduation, ',' ORDER BY"
                        " e.ticket_no, p.course_code) FROM passed_courses p JOIN examinees e ON e.id = p.examinee_id")
            old = ts.psql_on(database, snapshot)
            self.assertEqual(old.count("|"), 18)

            p = ts.ctl_with_config(config, "migrate", ts.MIGRATIONS)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            self.assertIn("applied 0011_passes", p.stdout)
            self.assertEqual(ts.psql_on(database, snapshot), old)
            self.assertEqual(ts.psql_on(database, "SELECT count(DISTINCT id) || '/' || count(imported_at) || '/' ||"
                                                  " count(import_file) FROM passed_courses"), "3/0/0")
            # The database refuses an unverified exam result.
            with self.assertRaises(RuntimeError) as refused:
                ts.psql_on(database, "UPDATE passed_courses SET verified = false WHERE source = 'exam'")
            self.assertIn("passed_courses_only_certificates_unverified", str(refused.exception))

            path = tp.write_csv(tmp, "retake.csv", HEADER + "\n970000000001,02331,2023-04-16,85,exam\n"
                                                            "970000000001,02331,2019-10-27,62,exam\n")
            p = ts.ctl_with_config(config, "import", "passed", path)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            self.assertEqual(tp.summary(p.stdout), (2, 1, 0, 1))
            self.assertEqual(ts.psql_on(database, "SELECT string_agg(passed_on || ':' || score || ':' ||"
                                                  " used_by_graduation, ' ' ORDER BY passed_on) FROM passed_courses"
                                                  " WHERE course_code = '02331' AND examinee_id = (SELECT id FROM"
                                                  " examinees WHERE ticket_no = '970000000001')"),
                             "2019-10-27:62:true 2023-04-16:85:false")


if __name__ == "__main__":
    unittest.main()
