"""zikao-ctl for the exam office's maintainers (issue 16): its messages in Chinese, `audit`
like the application pages (the application's old-plan courses counted provisionally, its
substitution choices and 英语(二) set applied unless the command line gives others, the
what-if over the application's institutions), the database an import or export uses printed
first, an explicit --config winning over ZIKAO_* variables, and `make ctl` for running it
against a dev stack as root.

The audit tests import their own 主考院校 with one major whose plan has two elective groups
(one limited by credits only, one by count only) and use their own examinees (one
`zikao-ctl load-demo` each), with applications written in SQL as test_substitute.py does."""
import os
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
import unittest

import zkclient as z

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TAIYUAN_LIGONG, CS = "10112", "080901"
SUFFIX = secrets.token_hex(3).upper()
INST = MAJOR = "C" + SUFFIX
INST_NAME = "测试比较院校" + SUFFIX
ENGLISH_WORDS = ("usage", "unknown", "verdict", "eligible", " rows", "expected", "not found", "must be", "what-if",
                 "suggestion", "nothing", "duplicate", "added", "written")


# ---- helpers ---------------------------------------------------------------------------

def ctl_words():
    return z._cmd("ZIKAO_CTL")


def stack_config():
    words = ctl_words()
    return words[words.index("--config") + 1]


def ctl(*args, env=None, config=True):
    """$ZIKAO_CTL with args → (exit status, stdout, stderr). config=False drops its --config;
    env adds variables to the environment (setpriv passes them on)."""
    words = ctl_words()
    if not config:
        i = words.index("--config")
        del words[i:i + 2]
    p = subprocess.run(words + list(args), capture_output=True, text=True, timeout=120, cwd="/",
                       env=dict(os.environ, **(env or {})))
    return p.returncode, p.stdout, p.stderr


def configured_database():
    with open(stack_config(), encoding="utf-8") as f:
        for line in f:
            if line.startswith("database"):
                return line.split("=", 1)[1].strip()
    raise AssertionError("no database line in " + stack_config())


class PrivateDir:
    """A temporary directory the stack's user can read and write."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="zikao-ctl-test-")
        os.chmod(self.path, 0o777)
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.path, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, 0o644)
        return path


def assert_no_english(testcase, text):
    lowered = text.lower()
    for word in ENGLISH_WORDS:
        testcase.assertNotIn(word, lowered, "English left in: %r" % text)


# ---- the test major and examinees --------------------------------------------------------

PLAN_ROWS = [
    # course, requirement, group, title, min credits, min count
    ("03708", "required", "", "", "", ""),
    ("00015", "required", "", "", "", ""),
    ("02197", "elective", "GA", "学分组", "3", "0"),
    ("02324", "elective", "GA", "学分组", "3", "0"),
    ("02331", "elective", "GB", "门数组", "0", "1"),
    ("04741", "elective", "GB", "门数组", "0", "1"),
]
# Without 03708 (an old-plan certificate of the application supplies it) and 00015 (the
# application's 英语(二) set 00023 + 04735, 14 credits, replaces it).
PASSES = ("02197", "02331", "00023", "04735")

_imported = []


def import_test_major():
    if _imported:
        return
    with PrivateDir() as d:
        files = [
            ("institutions", "code,name,sort_order\n%s,%s,990\n" % (INST, INST_NAME)),
            ("majors", "institution_code,major_code,name,level\n%s,%s,测试比较专业%s(本科),本科\n" % (INST, MAJOR, SUFFIX)),
            ("plans", "institution_code,major_code,version,effective_from,effective_to,min_total_credits,course_code,"
                      "requirement,group_id,group_title,group_min_credits,group_min_count\n" +
             "".join("%s,%s,2025,2024-01-01,,10,%s\n" % (INST, MAJOR, ",".join(r)) for r in PLAN_ROWS)),
        ]
        for kind, text in files:
            rc, out, err = ctl("import", kind, d.write(kind + ".csv", text))
            if rc != 0:
                raise AssertionError("import %s failed: %s %s" % (kind, out, err))
    _imported.append(True)


def new_examinee(label):
    person = z.Examinee("控制台" + label, z.TEST_PASSWORD)
    passed = "ticket_no,course_code,passed_on,score,source\n" + "".join(
        "%s,%s,2020-04-12,75,exam\n" % (person.ticket, code) for code in PASSES)
    z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + person.csv_line() + "\n", "passed.csv": passed})
    person.db_id = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % person.ticket))
    return person


def major_id(institution, code):
    return int(z.psql("SELECT id FROM majors WHERE institution_code = '%s' AND code = '%s'" % (institution, code)))


def add_application(person, oldplan=(), english=(), institutions=((INST, MAJOR),)):
    app = int(z.psql("INSERT INTO applications (examinee_id, batch_id, attempt, status) "
                     "SELECT %d, id, 1, 'draft' FROM batches WHERE is_current RETURNING id"
                     % person.db_id).splitlines()[0])
    for seq, (institution, major) in enumerate(institutions, start=1):
        z.psql("INSERT INTO application_majors (application_id, seq, institution_code, major_id) "
               "VALUES (%d, %d, '%s', %d)" % (app, seq, institution, major_id(institution, major)))
    for code, name in oldplan:
        z.psql("INSERT INTO application_oldplan_courses (application_id, course_code, course_name, passed_on, score)"
               " VALUES (%d, '%s', '%s', '1999-10-24', '合格')" % (app, code, name))
    for code in english:
        z.psql("INSERT INTO application_english_courses VALUES (%d, '%s')" % (app, code))
    return app


def audit(person, *options, institution=INST, major=MAJOR):
    rc, out, err = ctl("audit", person.ticket, institution, major, *options)
    return rc, out + err


# ---- tests -------------------------------------------------------------------------------

class UsageInChineseTest(unittest.TestCase):
    def test_options_missing_their_value(self):
        for args, message in ((["--english"], "--english 缺少课程代码（例：--english 00018,00019）"),
                              (["--english", "--what-if"], "--english 缺少课程代码（例：--english 00018,00019）"),
                              (["--choose"], "--choose 缺少顶替选择（例：--choose r-13180:13180:02325）")):
            with self.subTest(args=args):
                rc, out, err = ctl("audit", z.ZHANG["ticket"], TAIYUAN_LIGONG, CS, *args)
                self.assertEqual(rc, 2, out + err)
                self.assertEqual(err.strip(), message)
                self.assertEqual(out, "")
        rc, out, err = ctl("export", "applications", "--status")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("--status 缺少审批状态（例：--status submitted）", err)
        rc, out, err = ctl("export", "applications", "/tmp/x.csv", "--county")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("--county 缺少区县代码（例：--county 140105）", err)
        rc, out, err = ctl("--config", config=False)
        self.assertEqual(rc, 2)
        self.assertIn("--config 缺少配置文件路径", err)

    def test_unknown_option_bad_choice_and_usage(self):
        rc, out, err = ctl("audit", z.ZHANG["ticket"], TAIYUAN_LIGONG, CS, "--bogus")
        self.assertEqual(rc, 2)
        self.assertIn("未知选项 --bogus", err)
        self.assertIn("用法：zikao-ctl audit 准考证号 主考院校代码 专业代码", err)
        rc, out, err = ctl("audit", z.ZHANG["ticket"], TAIYUAN_LIGONG, CS, "--choose", "r-13180")
        self.assertEqual(rc, 2)
        self.assertIn("--choose 的格式应为 规则:新课程:旧课程[+旧课程…]", err)
        rc, out, err = ctl("audit", z.ZHANG["ticket"])
        self.assertEqual(rc, 2)
        rc, out, err = ctl()
        self.assertEqual(rc, 2)
        self.assertTrue(err.startswith("用法：zikao-ctl [--config 配置文件] 命令"), err)
        rc, out, err = ctl("export", "everything")
        self.assertEqual(rc, 2)
        self.assertIn("zikao-ctl export：未知的导出类型 'everything'", err)
        self.assertIn("用法：zikao-ctl export applications", err)
        rc, out, err = ctl("import", "counties", "/nonexistent.csv")
        self.assertEqual(rc, 2)
        self.assertIn("未知的数据类型 'counties'", err)
        assert_no_english(self, out + err)

    def test_audit_errors(self):
        rc, out, err = ctl("audit", "000000000000", TAIYUAN_LIGONG, CS)
        self.assertEqual(rc, 1)
        self.assertIn("没有准考证号为 000000000000 的考生", err)
        rc, out, err = ctl("audit", z.ZHANG["ticket"], TAIYUAN_LIGONG, "999999")
        self.assertEqual(rc, 1)
        self.assertIn("主考院校 10112 没有专业 999999", err)


class AuditOutputTest(unittest.TestCase):
    def test_requirement_credit_and_verdict_lines(self):
        rc, out, err = ctl("audit", z.ZHANG["ticket"], TAIYUAN_LIGONG, CS, "--suggest-english")
        self.assertEqual(rc, 0, out + err)
        lines = out.splitlines()
        self.assertEqual(lines[0], "张三 — 太原理工大学 080901 计算机科学与技术(本科)")
        self.assertIn("✓ 00015 英语(二) (14学分) 合格", lines)
        self.assertIn("✓ 02331 数据结构 (3学分) 一对一顶替 (顶替课程-13003数据结构与算法)", lines)
        self.assertIn("学分：已获 80 / 需 80", lines)
        self.assertEqual(lines[-2], "结论：符合毕业条件")
        self.assertEqual(lines[-1], "英语(二)顶替建议：无")  # he has 00015 himself
        assert_no_english(self, out + err)

    def test_not_eligible_with_suggestion(self):
        rc, out, err = ctl("audit", z.LI["ticket"], TAIYUAN_LIGONG, CS, "--suggest-english")
        self.assertEqual(rc, 3, out + err)
        lines = out.splitlines()
        self.assertIn("✗ 00015 英语(二) (14学分) 缺少", lines)
        self.assertIn("结论：不符合毕业条件", lines)
        self.assertRegex(lines[-1], r"^英语\(二\)顶替建议：\d{5}(,\d{5})+$")

    def test_group_lines_show_only_the_limits_that_exist(self):
        import_test_major()
        person = new_examinee("选考")
        rc, out = audit(person)
        lines = out.splitlines()
        self.assertIn("✓ 选考 学分组：已获 3学分 / 需 3学分（计入 02197）", lines)
        self.assertIn("✓ 选考 门数组：已获 1门 / 需 1门（计入 02331）", lines)
        self.assertNotIn("0门", out)
        self.assertNotIn("0学分 /", out)
        # The demo's 080204 group has both limits.
        rc, out, err = ctl("audit", "010120100004", TAIYUAN_LIGONG, "080204")
        self.assertIn("✗ 选考 选考课程：已获 0门、0学分 / 需 2门、8学分", out)


class AuditWithApplicationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import_test_major()

    def test_old_plan_course_counts_provisionally(self):
        person = new_examinee("旧计划")
        rc, out = audit(person)
        self.assertEqual(rc, 3, out)
        self.assertIn("✗ 03708 中国近现代史纲要 (2学分) 缺少", out)
        self.assertIn("无当前批次的毕业申请：只按合格成绩审核", out)
        app = add_application(person, oldplan=[("03708", "中国近现代史纲要")], english=["00023", "04735"])
        rc, out = audit(person)
        self.assertEqual(rc, 0, out)
        lines = out.splitlines()
        self.assertIn("毕业申请：2025年下半年 第1次（未提交）", lines)
        self.assertIn("采用毕业申请中的选择：旧计划课程 03708 中国近现代史纲要（待审核）；英语(二)顶替 00023,04735", lines)
        self.assertIn("✓ 03708 中国近现代史纲要 (2学分) 旧计划课程(待审核)", lines)
        self.assertIn("✓ 00015 英语(二) (14学分) 英语二顶替 (英语二顶替: 00023, 04735)", lines)
        self.assertIn("结论：符合毕业条件（待审核）", lines)
        # Once staff verified the certificate, the verdict stands.
        z.psql("UPDATE application_oldplan_courses SET verified = true, checked_at = now(), "
               "checked_by = (SELECT id FROM staff WHERE username = 'xiaodian') WHERE application_id = %d" % app)
        rc, out = audit(person)
        self.assertEqual(rc, 0, out)
        self.assertIn("采用毕业申请中的选择：旧计划课程 03708 中国近现代史纲要（已核验）", out)
        self.assertIn("结论：符合毕业条件\n", out)
        self.assertNotIn("待审核", out)

    def test_command_line_choices_replace_the_applications(self):
        person = new_examinee("命令行")
        add_application(person, oldplan=[("03708", "中国近现代史纲要")], english=["00023", "04735"])
        rc, out = audit(person, "--english", "00023")
        self.assertEqual(rc, 3, out)
        lines = out.splitlines()
        self.assertIn("未采用毕业申请中的顶替选择（以命令行的 --english/--choose 为准）：英语(二)顶替 00023,04735", lines)
        # The old-plan course still comes from the application.
        self.assertIn("采用毕业申请中的选择：旧计划课程 03708 中国近现代史纲要（待审核）", lines)
        self.assertIn("结论：不符合毕业条件", lines)
        self.assertTrue(any(l.startswith("! ") and "14学分" in l for l in lines), out)

    def test_what_if_covers_the_applications_institutions(self):
        person = new_examinee("比较")
        rc, out = audit(person, "--what-if", institution=TAIYUAN_LIGONG, major=CS)
        ours = [l for l in out.splitlines() if l.startswith("专业比较 ")]
        self.assertTrue(ours and all(l.startswith("专业比较 太原理工大学 ") for l in ours), out)
        # The application chose 太原理工大学 and the test institution: both are compared,
        # the test major (eligible, provisionally) first.
        add_application(person, oldplan=[("03708", "中国近现代史纲要")], english=["00023", "04735"],
                        institutions=((TAIYUAN_LIGONG, CS), (INST, MAJOR)))
        rc, out = audit(person, "--what-if", institution=TAIYUAN_LIGONG, major=CS)
        self.assertEqual(rc, 3, out)
        ranked = [l for l in out.splitlines() if l.startswith("专业比较 ")]
        self.assertEqual(ranked[0], "专业比较 %s %s 测试比较专业%s(本科)：符合（待审核）" % (INST_NAME, MAJOR, SUFFIX))
        taiyuan = [l for l in ranked if l.startswith("专业比较 太原理工大学 ")]
        self.assertEqual(len(taiyuan), 6, out)
        self.assertEqual(len(ranked), 7, out)
        for line in taiyuan:
            self.assertRegex(line, r"：缺 \d+ 项（\d+学分）$")
        # Given on the command line, the test institution is compared once.
        rc, out = audit(person, "--what-if")
        self.assertEqual(len([l for l in out.splitlines() if l.startswith("专业比较 ")]), 7, out)


class DatabaseLineTest(unittest.TestCase):
    def import_unchanged_course(self, **kw):
        with PrivateDir() as d:
            path = d.write("courses.csv", "code,name,credits,new_plan\n00015,英语(二),14,0\n")
            return ctl("import", "courses", path, **kw) + (path,)

    def test_import_and_export_say_which_database(self):
        expected = "数据库：" + configured_database()
        rc, out, err, path = self.import_unchanged_course()
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(out.splitlines(), [expected, path + "：共 1 行，新增 0，更新 0，未变 1"])
        with PrivateDir() as d:
            rc, out, err = ctl("export", "payments", os.path.join(d.path, "payments.csv"))
            self.assertEqual(rc, 0, out + err)
            self.assertEqual(out.splitlines()[0], expected)
            self.assertRegex(out.splitlines()[1], r"^缴费记录：\d+ 笔已支付订单，合计 [\d.]+ 元，已写入 ")
            rc, out, err = ctl("export", "applications", os.path.join(d.path, "applications.csv"))
            self.assertEqual(rc, 0, out + err)
            self.assertEqual(out.splitlines()[0], expected)
            self.assertRegex(out.splitlines()[1], r"^毕业申请：\d+ 份申请，\d+ 行（2025年下半年）已写入 ")

    def test_password_never_printed(self):
        with open(stack_config(), encoding="utf-8") as f:
            text = f.read()
        with PrivateDir() as d:
            conf = d.write("zikao.conf", text.replace(configured_database(),
                                                      configured_database() + " password=Geheim-4711"))
            words = ctl_words()
            words[words.index("--config") + 1] = conf
            with PrivateDir() as files:
                path = files.write("courses.csv", "code,name,credits,new_plan\n00015,英语(二),14,0\n")
                p = subprocess.run(words + ["import", "courses", path], capture_output=True, text=True, timeout=120,
                                   cwd="/")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(p.stdout.splitlines()[0], "数据库：" + configured_database())
        self.assertNotIn("Geheim", p.stdout + p.stderr)

    def test_explicit_config_wins_over_environment(self):
        elsewhere = "host=/nonexistent dbname=zikao_elsewhere"
        rc, out, err, _ = self.import_unchanged_course(env={"ZIKAO_DATABASE": elsewhere})
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(out.splitlines()[0], "数据库：" + configured_database())
        self.assertIn("注意：已用 --config 指定配置文件，环境变量 ZIKAO_DATABASE 不起作用", err)

    def test_environment_overrides_without_explicit_config(self):
        # ZIKAO_CONFIG selects the file; without --config, ZIKAO_DATABASE overrides its value.
        rc, out, err, _ = self.import_unchanged_course(env={"ZIKAO_CONFIG": stack_config()}, config=False)
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(out.splitlines()[0], "数据库：" + configured_database())
        self.assertNotIn("注意", err)
        absent = configured_database().replace("dbname=zikao", "dbname=zikao_ctl_absent")
        self.assertNotEqual(absent, configured_database())
        rc, out, err, _ = self.import_unchanged_course(
            env={"ZIKAO_CONFIG": stack_config(), "ZIKAO_DATABASE": absent}, config=False)
        self.assertEqual(rc, 1, out + err)
        self.assertEqual(out.splitlines()[0], "数据库：" + absent)
        self.assertIn("zikao_ctl_absent", err)


class BadImportInChineseTest(unittest.TestCase):
    def test_every_bad_row_named_in_chinese(self):
        text = ("code,name,credits,new_plan\n"
                "99051,\"测试\"x,3,0\n"
                "99052,测试,3\n"
                "99053,,3,0\n"
                "99054,测试,3.5,1\n"
                "99051,测试,3,0\n")
        with PrivateDir() as d:
            path = d.write("courses.csv", text)
            rc, out, err = ctl("import", "courses", path)
        self.assertEqual(rc, 1, out + err)
        for line in (path + ":2: 第 2 列：右引号之后还有其他文字",
                     path + ":3: 应有 4 列（code,name,credits,new_plan），实际 3 列",
                     path + ":4: 课程名称为空",
                     path + ":5: 学分（credits）应为 0 至 30 的整数（实际为 '3.5'）",
                     path + "：共 5 行，4 处错误；未导入任何数据"):
            self.assertIn(line, err.splitlines())
        self.assertEqual(out.splitlines(), ["数据库：" + configured_database()])
        assert_no_english(self, err)
        self.assertEqual(z.psql("SELECT count(*) FROM courses WHERE code LIKE '9905_'"), "0")


class RunAsRootTest(unittest.TestCase):
    def bindir(self):
        for word in ctl_words():
            if word.endswith("/zikao-ctl"):
                return os.path.dirname(word)
        raise AssertionError("no zikao-ctl in $ZIKAO_CTL")

    def test_root_is_told_how_to_run_it(self):
        if os.geteuid() != 0:
            self.skipTest("needs root")
        p = subprocess.run([os.path.join(self.bindir(), "zikao-ctl"), "--config", stack_config(), "audit",
                            z.ZHANG["ticket"], TAIYUAN_LIGONG, CS], capture_output=True, text=True, timeout=60,
                           cwd="/")
        self.assertEqual(p.returncode, 1)
        self.assertIn("Peer authentication failed", p.stderr)
        self.assertIn("以 root 身份连接数据库被拒绝（peer 认证）", p.stderr)
        self.assertIn('make ctl ARGS="…"', p.stderr)

    def test_make_ctl_runs_as_the_stack_user(self):
        var = os.path.dirname(stack_config())
        p = subprocess.run(["make", "--no-print-directory", "-C", ROOT, "ctl", "CTL_VAR=" + var,
                            "CTL_BIN=" + self.bindir(), "ARGS=audit %s %s %s" % (z.ZHANG["ticket"], TAIYUAN_LIGONG, CS)],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("结论：符合毕业条件", p.stdout)
        p = subprocess.run(["make", "--no-print-directory", "-C", ROOT, "ctl", "CTL_VAR=/nonexistent",
                            "ARGS=audit x"], capture_output=True, text=True, timeout=60)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("make ctl: no /nonexistent/zikao.conf", p.stderr)


if __name__ == "__main__":
    unittest.main()
