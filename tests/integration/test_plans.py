"""查询中心 (CTR-3) and the LEG-1 import: GET /scores (合格成绩查询) and GET /plans
(专业计划查询) against the demo data, and `zikao-ctl import` of fixture CSVs — fresh data
visible on the pages, idempotent re-imports, and files with one bad row that leave the
database exactly as it was."""
import contextlib
import datetime
import html
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import unittest

import zkclient as z

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")

# SPEC §18: the plan of 080901 计算机科学与技术(本科), in the seed's order, with the type
# the demo gives each course.
SEED_PLAN = [
    ("04734", "数据结构(实践)", 2, "实践"), ("00015", "英语(二)", 14, "必考"),
    ("00023", "高等数学(工本)", 10, "必考"), ("02197", "概率论与数理统计(二)", 3, "必考"),
    ("02324", "离散数学", 4, "必考"), ("02331", "数据结构", 3, "必考"),
    ("02325", "计算机系统结构", 4, "必考"), ("02326", "操作系统", 4, "必考"),
    ("02327", "操作系统(实践)", 1, "实践"), ("02333", "软件工程", 3, "必考"),
    ("02334", "软件工程(实践)", 1, "实践"), ("03708", "中国近现代史纲要", 2, "必考"),
    ("03709", "马克思主义基本原理概论", 4, "必考"), ("04735", "数据库系统原理", 4, "必考"),
    ("04736", "数据库系统原理(实践)", 2, "实践"), ("04737", "C++程序设计", 3, "必考"),
    ("04738", "C++程序设计(实践)", 2, "实践"), ("04741", "计算机网络原理", 4, "必考"),
    ("04747", "Java语言程序设计(一)", 3, "必考"), ("04748", "Java语言程序设计(一)(实践)", 1, "实践"),
    ("11689", "计算机科学与技术(本科)毕业论文", 6, "毕业论文"),
]
TAIYUAN_MAJORS = ["080204 机械电子工程(本科)", "080901 计算机科学与技术(本科)", "081001 土木工程(本科)",
                  "081501 采矿工程(本科)", "120103 工程管理(本科)", "120201 工商管理(本科)"]


# ---- helpers ---------------------------------------------------------------------------

def strip_tags(fragment):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def main_text(page):
    m = re.search(r'<main class="content">(.*)</main>', page, re.S)
    return strip_tags(m.group(1) if m else page)


def tables(page, css_class):
    """[[cell texts] per body row] for every <table> whose class list has css_class."""
    out = []
    for attrs, body in re.findall(r"<table([^>]*)>(.*?)</table>", page, re.S):
        cls = re.search(r'class="([^"]*)"', attrs)
        if not cls or css_class not in cls.group(1).split():
            continue
        tbody = re.search(r"<tbody>(.*?)</tbody>", body, re.S)
        rows = re.findall(r"<tr>(.*?)</tr>", tbody.group(1) if tbody else "", re.S)
        out.append([[strip_tags(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows])
    return out


def tfoot_text(page, css_class):
    m = re.search(r'<table class="[^"]*\b%s\b[^"]*">.*?<tfoot>(.*?)</tfoot>' % css_class, page, re.S)
    return strip_tags(m.group(1)) if m else ""


def ctl(*args):
    """Runs $ZIKAO_CTL with args: (exit status, stdout + stderr)."""
    p = subprocess.run(z._cmd("ZIKAO_CTL") + list(args), capture_output=True, text=True, timeout=120, cwd="/")
    return p.returncode, p.stdout + p.stderr


def count(sql):
    return int(z.psql(sql))


def major_id(institution, code):
    value = z.psql("SELECT id FROM majors WHERE institution_code = '%s' AND code = '%s'" % (institution, code))
    if not value:
        raise AssertionError("major %s/%s is not in the database (demo data loaded?)" % (institution, code))
    return int(value)


@contextlib.contextmanager
def csv_dir():
    """A temporary directory user zikao (who runs zikao-ctl) can read."""
    d = tempfile.mkdtemp(prefix="zikao-import-")
    try:
        os.chmod(d, 0o755)
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def write_csv(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, 0o644)
    return path


def fixture(name, **subst):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        text = f.read()
    for k, v in subst.items():
        text = text.replace("@%s@" % k, v)
    return text


def summary(output):
    """(rows, added, changed, unchanged) of the "共 N 行，新增 X，更新 Y，未变 Z" line."""
    m = re.search(r"共 (\d+) 行，新增 (\d+)，更新 (\d+)，未变 (\d+)", output)
    if not m:
        raise AssertionError("no summary line in: %r" % output)
    return tuple(int(x) for x in m.groups())


_clients = {}


def client(who):
    if who not in _clients:
        _clients[who] = z.logged_in(who)
    return _clients[who]


# ---- 专业计划查询 ------------------------------------------------------------------------

class PlansPageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = client(z.ZHANG["ticket"])
        cls.list_page = cls.c.get("/plans")
        cls.cs_id = major_id("10112", "080901")
        cls.cs_page = cls.c.get("/plans?major=%d" % cls.cs_id)

    def test_list_has_institutions_in_order_and_taiyuan_majors(self):
        r = self.list_page
        self.assertEqual(r.status, 200)
        self.assertIn("no-store", r.header("Cache-Control", ""))
        text = main_text(r.text)
        self.assertIn("专业计划查询", text)
        order = ["长治医学院", "山西财经大学", "山西大学", "山西农业大学", "山西师范大学", "太原理工大学",
                 "太原师范学院", "中国人民公安大学", "中央司法警官学院"]
        headings = [strip_tags(h) for h in re.findall(r"<h2>(.*?)</h2>", r.text, re.S)]
        positions = [next(i for i, h in enumerate(headings) if h.startswith(name)) for name in order]
        self.assertEqual(positions, sorted(positions), "institutions not in sort order: %r" % headings)
        block = re.search(r"<h2>太原理工大学.*?</section>", r.text, re.S).group(0)
        self.assertIn("专升本", strip_tags(block))
        links = [strip_tags(a) for a in re.findall(r'<a href="/plans\?major=\d+">(.*?)</a>', block, re.S)]
        self.assertEqual(links, TAIYUAN_MAJORS)
        self.assertIn('href="/plans?major=%d"' % self.cs_id, block)

    def test_list_groups_majors_by_level(self):
        block = re.search(r"<h2>山西大学.*?</section>", self.list_page.text, re.S).group(0)
        text = strip_tags(block)
        self.assertRegex(text, r"专科 660201 新闻学\(专科\)")
        self.assertRegex(text, r"专升本 120402 行政管理\(本科\)")

    def test_chooser_select_has_label(self):
        page = self.list_page.text
        self.assertRegex(page, r'<label for="major">')
        self.assertRegex(page, r'<select id="major" name="major">')
        self.assertIn('<option value="%d">080901 计算机科学与技术(本科)</option>' % self.cs_id, page)
        forms = z.parse_inputs(page).forms
        self.assertTrue(any(f.get("action") == "/plans" and f.get("method") == "get" for f in forms))

    def test_seed_plan_exactly(self):
        r = self.cs_page
        self.assertEqual(r.status, 200)
        text = main_text(r.text)
        self.assertIn("080901 计算机科学与技术(本科)", text)
        self.assertIn("太原理工大学", text)
        self.assertIn("专升本", text)
        self.assertIn("2024-01-01", text)
        rows = tables(r.text, "plan-courses")[0]
        got = [(code, name, int(credits), kind) for _, code, name, credits, kind in rows]
        self.assertEqual(got, SEED_PLAN)
        self.assertEqual([int(row[0]) for row in rows], list(range(1, 22)))
        self.assertEqual(sum(c for _, _, c, _ in got), 80)
        self.assertIn("合计 80", tfoot_text(r.text, "plan-courses"))
        self.assertIn("毕业最低总学分 80", text)

    def test_seed_plan_rules(self):
        text = main_text(self.cs_page.text)
        self.assertIn("13003 数据结构与算法 → 02331 数据结构（一对一，自动顶替）", text)
        self.assertIn("13013 高级语言程序设计 → 04747 Java语言程序设计(一)（一对一，自动顶替）", text)
        self.assertIn("13000 英语(专升本) → 00015 英语(二)（一对一，自动顶替）", text)
        self.assertIn("13180 操作系统 可任选顶替 02325 计算机系统结构 或 02326 操作系统（任选一门，需考生选择）", text)
        self.assertIn("有效期：2024-04-01 起", text)
        self.assertIn("有效期：2012-01-01 至 2017-12-31", text)
        # r-14263 is scoped to 080204: not on this page.
        self.assertNotIn("14263", text)

    def test_elective_group_and_one_for_many_rule(self):
        r = self.c.get("/plans?major=%d" % major_id("10112", "080204"))
        self.assertEqual(r.status, 200)
        text = main_text(r.text)
        self.assertIn("选考课程（至少选考 2 门、8 学分）", text)
        groups = tables(r.text, "plan-courses")[1]
        self.assertEqual([row[1] for row in groups], ["02194", "02195", "02209", "02211"])
        self.assertIn("选考课程至少 8 学分", text)
        self.assertIn("14263 数字逻辑设计 顶替 02324 离散数学、02238 模拟、数字及电力电子技术（一门顶多门，需考生选择）", text)
        self.assertNotIn("13003", text)

    def test_unknown_or_bad_major_is_404(self):
        for q in ("999999", "0", "-1", "abc", "", "1e3", "2%200", "99999999999999999999"):
            with self.subTest(major=q):
                r = self.c.get("/plans?major=" + q)
                self.assertEqual(r.status, 404)
                self.assertIn("未找到该专业", r.text)

    def test_anonymous_redirected_to_login(self):
        c = z.Client()
        for path, nxt in (("/plans", "%2Fplans"), ("/scores", "%2Fscores")):
            with self.subTest(path=path):
                r = c.get(path)
                self.assertEqual(r.status, 303)
                self.assertEqual(r.location, "/login?next=" + nxt)
        r = c.get("/plans?major=%d" % self.cs_id)
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")
        self.assertNotIn("计算机科学与技术", r.text)

    def test_post_not_allowed(self):
        r = self.c.post("/plans", {"major": str(self.cs_id)})
        self.assertEqual(r.status, 405)


# ---- 合格成绩查询 ------------------------------------------------------------------------

class ScoresPageTest(unittest.TestCase):
    def scores(self, who):
        r = client(who).get("/scores")
        self.assertEqual(r.status, 200)
        rows = tables(r.text, "scores")
        self.assertEqual(len(rows), 1, "one scores table expected")
        return r, rows[0]

    def test_zhang_sees_his_records(self):
        r, rows = self.scores(z.ZHANG["ticket"])
        codes = [row[1] for row in rows]
        self.assertIn("13003", codes)
        self.assertNotIn("02331", codes, "张三 passed 13003 instead of 02331")
        row = next(row for row in rows if row[1] == "13003")
        self.assertEqual(row[2:], ["数据结构与算法", "4", "78", "2024-10-26", "考试合格", ""])
        exempt = next(row for row in rows if row[1] == "03709")
        self.assertEqual((exempt[4], exempt[6]), ("免考", "免考"))
        for other in ("04757", "02120", "00051", "00341"):  # 李娜's
            self.assertNotIn(other, codes)
        self.assertNotIn("李娜", r.text)
        credits = sum(int(row[3]) for row in rows)
        self.assertIn("合计 %d 门 %d" % (len(rows), credits), tfoot_text(r.text, "scores"))

    def test_rows_ordered_by_date_then_code(self):
        _, rows = self.scores(z.ZHANG["ticket"])
        keys = [(row[5], row[1]) for row in rows]
        self.assertEqual(keys, sorted(keys))
        for row in rows:
            self.assertRegex(row[5], r"^\d{4}-\d{2}-\d{2}$")
        self.assertEqual([int(row[0]) for row in rows], list(range(1, len(rows) + 1)))

    def test_li_sees_hers_only(self):
        r, rows = self.scores(z.LI["ticket"])
        codes = [row[1] for row in rows]
        for mine in ("04757", "02120", "00051", "00341", "02331"):
            self.assertIn(mine, codes)
        self.assertNotIn("00015", codes)
        self.assertNotIn("13003", codes)
        self.assertNotIn("13000", codes)
        self.assertNotIn("张三", main_text(r.text))

    def test_examinee_id_in_request_is_ignored(self):
        zhang_id = z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % z.ZHANG["ticket"])
        c = client(z.LI["ticket"])
        for q in ("?examinee_id=" + zhang_id, "?id=" + zhang_id, "?ticket_no=" + z.ZHANG["ticket"]):
            r = c.get("/scores" + q)
            with self.subTest(query=q):
                codes = [row[1] for row in tables(r.text, "scores")[0]]
                self.assertNotIn("13003", codes)
                self.assertIn("04757", codes)


# ---- import ------------------------------------------------------------------------------

class ImportPlanTest(unittest.TestCase):
    """A fresh 主考院校, major and plan through `zikao-ctl import`, then on /plans."""

    @classmethod
    def setUpClass(cls):
        suffix = secrets.token_hex(3).upper()
        cls.subst = {"INST": "T" + suffix, "MAJOR": "T" + suffix, "SUFFIX": suffix}
        cls.dir_cm = csv_dir()
        cls.dir = cls.dir_cm.__enter__()
        cls.files = {}
        for kind in ("institutions", "courses", "majors", "plans"):
            cls.files[kind] = write_csv(cls.dir, kind + ".csv", fixture(kind + "_test.csv", **cls.subst))
        cls.first = {}
        for kind in ("institutions", "courses", "majors", "plans"):
            cls.first[kind] = ctl("import", kind, cls.files[kind])

    @classmethod
    def tearDownClass(cls):
        cls.dir_cm.__exit__(None, None, None)

    def test_first_import_adds(self):
        for kind, (rc, out) in self.first.items():
            with self.subTest(kind=kind):
                self.assertEqual(rc, 0, out)
        self.assertEqual(summary(self.first["institutions"][1]), (1, 1, 0, 0))
        self.assertEqual(summary(self.first["majors"][1]), (1, 1, 0, 0))
        self.assertEqual(summary(self.first["plans"][1]), (6, 6, 0, 0))
        self.assertEqual(summary(self.first["courses"][1])[0], 3)

    def test_second_import_changes_nothing(self):
        for kind in ("institutions", "courses", "majors", "plans"):
            rc, out = ctl("import", kind, self.files[kind])
            with self.subTest(kind=kind):
                self.assertEqual(rc, 0, out)
                rows, added, changed, unchanged = summary(out)
                self.assertEqual((added, changed, unchanged), (0, 0, rows), out)

    def test_visible_on_plans(self):
        mid = major_id(self.subst["INST"], self.subst["MAJOR"])
        c = client(z.ZHANG["ticket"])
        listing = main_text(c.get("/plans").text)
        self.assertIn("测试主考院校" + self.subst["SUFFIX"], listing)
        self.assertIn("%s 测试专业%s(本科)" % (self.subst["MAJOR"], self.subst["SUFFIX"]), listing)
        r = c.get("/plans?major=%d" % mid)
        self.assertEqual(r.status, 200)
        required, group = tables(r.text, "plan-courses")
        self.assertEqual([(row[1], row[4]) for row in required],
                         [("03708", "必考"), ("99001", "必考"), ("00018", "实践"), ("11689", "毕业论文")])
        self.assertEqual([(row[1], row[2], row[3]) for row in group],
                         [("99002", "测试课程乙", "4"), ("99003", "测试课程丙(实践)", "3")])
        text = main_text(r.text)
        self.assertIn("测试选考组（至少选考 1 门、3 学分）", text)
        self.assertIn("毕业最低总学分 20", text)
        self.assertIn("2025-01-01 起", text)

    def test_reimport_replaces_the_version_exactly(self):
        # A separate version, so the other tests' view of version 2025 is untouched.
        lines = fixture("plans_test.csv", **self.subst).replace(",2025,2025-01-01,", ",2019,2019-01-01,")
        lines = lines.replace(",20,", ",10,")
        path = write_csv(self.dir, "plans_2019.csv", lines)
        rc, out = ctl("import", "plans", path)
        self.assertEqual(rc, 0, out)
        mid = major_id(self.subst["INST"], self.subst["MAJOR"])
        plan = "(SELECT id FROM plans WHERE major_id = %d AND version = '2019')" % mid
        self.assertEqual(count("SELECT count(*) FROM plan_courses WHERE plan_id = %s" % plan), 6)
        # Drop the whole elective group and move 00018 from practice to required.
        kept = [l for l in lines.splitlines() if "elective" not in l]
        kept = [l.replace("00018,practice", "00018,required") for l in kept]
        path = write_csv(self.dir, "plans_2019.csv", "\n".join(kept) + "\n")
        rc, out = ctl("import", "plans", path)
        self.assertEqual(rc, 0, out)
        self.assertEqual(summary(out), (4, 0, 2, 2))  # 00018 retyped, 11689 renumbered
        self.assertIn("，删除 2（文件中已不再列出）", out)
        self.assertEqual(z.psql("SELECT string_agg(course_code || ':' || requirement, ' ' ORDER BY sort_order)"
                                " FROM plan_courses WHERE plan_id = %s" % plan),
                         "03708:required 99001:required 00018:required 11689:thesis")
        self.assertEqual(count("SELECT count(*) FROM plan_groups WHERE plan_id = %s" % plan), 0)
        rc, out = ctl("import", "plans", path)
        self.assertEqual(summary(out), (4, 0, 0, 4))


class ImportBadFileTest(unittest.TestCase):
    """One bad row: exit status non-zero, FILE:LINE: reason, and nothing of the file written."""

    def run_bad(self, kind, name, snapshot_sql):
        before = z.psql(snapshot_sql)
        with csv_dir() as d:
            path = write_csv(d, name, fixture(name))
            rc, out = ctl("import", kind, path)
        self.assertNotEqual(rc, 0, out)
        self.assertIn("未导入任何数据", out)
        self.assertEqual(z.psql(snapshot_sql), before, "the database changed after a refused import")
        return path, out

    def test_plans_unknown_course(self):
        path, out = self.run_bad("plans", "plans_bad.csv",
                                 "SELECT (SELECT count(*) FROM plans) || '/' || (SELECT count(*) FROM plan_courses)"
                                 " || '/' || (SELECT count(*) FROM plan_groups)")
        self.assertIn(path + ":4: 课程 99999 不存在（先导入课程）", out)
        self.assertEqual(len(re.findall(r"plans_bad\.csv:\d+:", out)), 1, out)
        self.assertEqual(count("SELECT count(*) FROM plans WHERE version = 'TBAD'"), 0)

    def test_courses_bad_credits(self):
        path, out = self.run_bad("courses", "courses_bad.csv", "SELECT count(*) FROM courses")
        self.assertIn(path + ":3: 学分（credits）应为 0 至 30 的整数（实际为 ", out)
        self.assertEqual(count("SELECT count(*) FROM courses WHERE code IN ('99011', '99013')"), 0)

    def test_passed_unknown_ticket(self):
        snapshot = ("SELECT count(*) || '/' || string_agg(examinee_id || course_code || score || passed_on, ','"
                    " ORDER BY examinee_id, course_code, passed_on, source) FROM passed_courses")
        path, out = self.run_bad("passed", "passed_bad.csv", snapshot)
        self.assertIn(path + ":3: 准考证号 010120100009 的考生不存在（请先导入 examinees）", out)
        # Line 2 would have changed 张三's 00018 score and line 4 added a course: neither happened.
        self.assertEqual(z.psql("SELECT score FROM passed_courses p JOIN examinees e ON e.id = p.examinee_id"
                                " WHERE e.ticket_no = '010120100001' AND p.course_code = '00018'"), "82")

    def test_examinees_bad_id_number(self):
        path, out = self.run_bad("examinees", "examinees_bad.csv", "SELECT count(*) FROM examinees")
        self.assertIn(path + ":3: 身份证号无效：", out)
        self.assertNotIn("140108197001020130", out, "the 身份证号 must not be printed unmasked")
        self.assertEqual(count("SELECT count(*) FROM examinees WHERE ticket_no IN ('970101011200', '970102013000')"), 0)

    def test_wrong_header_names_the_expected_one(self):
        with csv_dir() as d:
            path = write_csv(d, "courses.csv", "code,name,credit,new_plan\n99021,测试,3,0\n")
            rc, out = ctl("import", "courses", path)
        self.assertEqual(rc, 1, out)
        self.assertIn(path + ":1: 表头必须是：code,name,credits,new_plan（实际为：code,name,credit,new_plan）", out)

    def test_duplicates_and_several_errors_all_reported(self):
        text = ("code,name,credits,new_plan\n99031,测试重复,3,0\n0233,测试短代码,3,0\n99031,测试重复,3,0\n"
                "99032,测试,31,2\n")
        with csv_dir() as d:
            path = write_csv(d, "courses.csv", text)
            rc, out = ctl("import", "courses", path)
        self.assertEqual(rc, 1, out)
        self.assertIn(path + ":3: 课程代码 0233 应为5位数字", out)
        self.assertIn(path + ":4: 课程 99031 重复（第一次出现在第 2 行）", out)
        self.assertIn(path + ":5: 学分（credits）应为 0 至 30 的整数（实际为 '31'）", out)
        self.assertIn(path + ":5: 新计划标记（new_plan）应为 0 或 1（实际为 '2'）", out)
        self.assertEqual(count("SELECT count(*) FROM courses WHERE code IN ('99031', '99032')"), 0)

    def test_unknown_kind(self):
        rc, out = ctl("import", "counties", "/nonexistent.csv")
        self.assertEqual(rc, 2, out)
        self.assertIn("未知的数据类型 'counties'", out)


class ImportExamineesAndScoresTest(unittest.TestCase):
    """在籍考生 and their results through the import; results on the examinee's /scores."""

    def test_examinee_import_is_encrypted_and_idempotent(self):
        idn = z.unique_id_number(county="140108")
        ticket = "98" + idn[8:14] + idn[14:17] + "1"
        with csv_dir() as d:
            path = write_csv(d, "examinees.csv", "name,id_number,ticket_no,county_code,phone\n"
                                                  "测试在籍,%s,%s,140108,13600003333\n" % (idn, ticket))
            rc, out = ctl("import", "examinees", path)
            self.assertEqual(rc, 0, out)
            self.assertEqual(summary(out), (1, 1, 0, 0))
            rc, out = ctl("import", "examinees", path)
            self.assertEqual(summary(out), (1, 0, 0, 1))
            # The same ticket for another person is a conflict, not an overwrite.
            other = z.unique_id_number(county="140108")
            path2 = write_csv(d, "examinees2.csv", "name,id_number,ticket_no,county_code,phone\n"
                                                    "测试他人,%s,%s,140108,\n" % (other, ticket))
            rc, out = ctl("import", "examinees", path2)
            self.assertEqual(rc, 1, out)
            self.assertIn(path2 + ":2: 准考证号 %s 已属于另一名考生" % ticket, out)
        row = z.psql("SELECT name, gender, origin, identity_status, password_hash IS NULL, county_code"
                     " FROM examinees WHERE ticket_no = '%s'" % ticket)
        gender = "M" if int(idn[16]) % 2 else "F"
        self.assertEqual(row, "测试在籍|%s|imported|unverified|t|140108" % gender)
        self.assertNotIn(idn, z.psql("SELECT encode(id_number_enc, 'escape') FROM examinees WHERE ticket_no = '%s'"
                                     % ticket))
        self.assertNotIn("13600003333", z.psql("SELECT encode(phone_enc, 'escape') FROM examinees"
                                               " WHERE ticket_no = '%s'" % ticket))

    def test_imported_results_on_scores(self):
        person = z.Examinee("成绩", z.TEST_PASSWORD)
        with csv_dir() as d:
            path = write_csv(d, "examinees.csv",
                             "name,id_number,ticket_no,password,county_code,identity_status,ethnicity,hukou,"
                             "education,occupation,political_status,phone,email\n" + person.csv_line() + "\n")
            p = subprocess.run(z._cmd("ZIKAO_CTL") + ["load-demo", d], capture_output=True, text=True,
                               timeout=120, cwd="/")
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        c = z.logged_in(person.ticket, person.password)
        r = c.get("/scores")
        self.assertEqual(r.status, 200)
        self.assertIn("暂无合格成绩记录", r.text)
        self.assertEqual(tables(r.text, "scores"), [])

        today = z.china_today()
        with csv_dir() as d:
            path = write_csv(d, "passed.csv", "ticket_no,course_code,passed_on,score,source\n"
                                              "%s,03709,2020-10-25,免考,exemption\n"
                                              "%s,03708,2019-04-14,72,exam\n"
                                              "%s,02142,2016-04-17,合格,old_plan_certificate\n"
                             % (person.ticket, person.ticket, person.ticket))
            rc, out = ctl("import", "passed", path)
            self.assertEqual(rc, 0, out)
            self.assertEqual(summary(out), (3, 3, 0, 0))
            # A result dated after today is refused.
            future = (today + datetime.timedelta(days=2)).isoformat()
            bad = write_csv(d, "future.csv", "ticket_no,course_code,passed_on,score,source\n"
                                             "%s,00015,%s,70,exam\n" % (person.ticket, future))
            rc, out = ctl("import", "passed", bad)
            self.assertEqual(rc, 1, out)
            self.assertIn(bad + ":2: 合格日期 %s 晚于今天" % future, out)
        r = c.get("/scores")
        rows = tables(r.text, "scores")[0]
        self.assertEqual([(row[1], row[4], row[5], row[6]) for row in rows],
                         [("02142", "合格", "2016-04-17", "旧计划课程"), ("03708", "72", "2019-04-14", "考试合格"),
                          ("03709", "免考", "2020-10-25", "免考")])
        self.assertIn("合计 3 门 10", tfoot_text(r.text, "scores"))
        # An examinee-entered certificate not yet verified by staff (AUD-5).
        z.psql("UPDATE passed_courses SET verified = false WHERE course_code = '02142'"
               " AND examinee_id = (SELECT id FROM examinees WHERE ticket_no = '%s')" % person.ticket)
        r = c.get("/scores")
        rows = tables(r.text, "scores")[0]
        self.assertEqual(rows[0][6], "旧计划课程(待审核)")
        self.assertIn("其中 4 学分为旧计划课程(待审核)", main_text(r.text))


if __name__ == "__main__":
    unittest.main()
