"""The audit engine's verdicts on the demo data, through `zikao-ctl audit` on the stack's
database: 张三 is eligible for 080901 as he stands (02331 through the one-to-one rule
13003 → 02331); 李娜 only after replacing 英语(二) with unused courses (and the engine
suggests such a set); 赵敏 only with the 任选一门 choice 13180 → 02325."""
import subprocess
import unittest

import zkclient as z

TAIYUAN_LIGONG = "10112"
CS = "080901"


def audit(ticket, *options):
    proc = subprocess.run(z._cmd("ZIKAO_CTL") + ["audit", ticket, TAIYUAN_LIGONG, CS, *options],
                          capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


class DemoVerdictTest(unittest.TestCase):
    def test_zhang_san_eligible_as_he_stands(self):
        code, out = audit("010120100001")
        self.assertEqual(code, 0, out)
        self.assertIn("结论：符合毕业条件\n", out)
        self.assertIn("(顶替课程-13003数据结构与算法)", out)
        self.assertIn("学分：已获 80 / 需 80", out)
        self.assertNotIn("✗", out)

    def test_li_na_needs_english_replacement(self):
        code, out = audit("010120100002", "--suggest-english")
        self.assertEqual(code, 3, out)
        self.assertIn("结论：不符合毕业条件", out)
        self.assertIn("✗ 00015 英语(二)", out)
        suggestion = [l for l in out.splitlines() if l.startswith("英语(二)顶替建议：")]
        self.assertEqual(len(suggestion), 1, out)
        codes = suggestion[0].split("：", 1)[1]
        self.assertRegex(codes, r"^\d{5}(,\d{5})+$")
        code, out = audit("010120100002", "--english", codes)
        self.assertEqual(code, 0, out)
        self.assertIn("结论：符合毕业条件", out)
        self.assertIn("英语二顶替", out)

    def test_li_na_english_set_under_14_credits_refused(self):
        code, out = audit("010120100002", "--english", "00051,00341,02120")
        self.assertEqual(code, 3, out)
        self.assertIn("顶替英语（二）需要至少14学分", out)

    def test_zhao_min_needs_any_one_of_choice(self):
        code, out = audit("010120100004")
        self.assertEqual(code, 3, out)
        self.assertIn("✗ 02325 计算机系统结构", out)
        code, out = audit("010120100004", "--choose", "r-13180:13180:02325")
        self.assertEqual(code, 0, out)
        self.assertIn("(顶替课程-13180操作系统)", out)
        self.assertIn("结论：符合毕业条件", out)

    def test_zhao_min_choice_outside_rule_refused(self):
        code, out = audit("010120100004", "--choose", "r-13180:13180:02331")
        self.assertEqual(code, 3, out)
        self.assertIn("结论：不符合毕业条件", out)
        self.assertIn("! ", out)

    def test_what_if_ranks_the_closest_major_first(self):
        code, out = audit("010120100002", "--what-if")
        ranked = [l for l in out.splitlines() if l.startswith("专业比较 ")]
        self.assertGreaterEqual(len(ranked), 6, out)
        self.assertTrue(ranked[0].startswith("专业比较 太原理工大学 080901 "), ranked)


if __name__ == "__main__":
    unittest.main()
