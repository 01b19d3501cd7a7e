"""个人中心 (GET /): the profile with masked 身份证号 and 手机号, and the 快捷入口 tiles
with the current batch's windows."""
import datetime
import html
import re
import unittest

import zkclient as z


def profile(page):
    """{th text: td text} of the profile table."""
    table = re.search(r'<table class="profile">(.*?)</table>', page, re.S)
    if not table:
        return {}
    cells = re.findall(r"<th[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>", table.group(1), re.S)
    return {html.unescape(k).strip(): html.unescape(v).strip() for k, v in cells}


def tiles(page):
    """[(title, tile text, tile html)] of the 快捷入口, in page order."""
    out = []
    for block in re.findall(r'<li class="tile">(.*?)</li>', page, re.S):
        title = re.sub(r"<[^>]+>", "", re.search(r"<h3>(.*?)</h3>", block, re.S).group(1)).strip()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)).strip()
        out.append((title, text, block))
    return out


class CenterZhangTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = z.logged_in(z.ZHANG["id"])
        cls.page = cls.client.get("/")

    def test_status_and_title(self):
        self.assertEqual(self.page.status, 200)
        self.assertIn("个人中心", self.page.text)
        self.assertIn("no-store", self.page.header("Cache-Control", ""))

    def test_profile_fields(self):
        p = profile(self.page.text)
        self.assertEqual(p.get("姓名"), z.ZHANG["name"])
        self.assertEqual(p.get("身份证号"), z.ZHANG["masked_id"])
        self.assertEqual(p.get("准考证号"), z.ZHANG["ticket"])
        self.assertEqual(p.get("性别"), "男")
        self.assertEqual(p.get("手机号"), z.ZHANG["masked_phone"])
        self.assertEqual(p.get("报名区县"), "太原市小店区")

    def test_plaintext_id_and_phone_never_shown(self):
        text = self.page.text
        self.assertIn(z.ZHANG["masked_id"], text)
        self.assertNotIn(z.ZHANG["id"], text)
        self.assertNotIn(z.ZHANG["id"][:17], text)
        self.assertNotIn(z.ZHANG["id"][6:14], text, "the birth date part of the ID must be masked")
        self.assertNotIn(z.ZHANG["phone"], text)

    def test_tiles_in_order(self):
        titles = [t for t, _, _ in tiles(self.page.text)]
        self.assertEqual(titles, ["理论课报名", "转考申请", "免考申请", "实践性环节报名", "毕业申请"])

    def test_graduation_window_open_with_dates(self):
        t = {title: (text, block) for title, text, block in tiles(self.page.text)}
        self.assertIn("毕业申请", t)
        text, block = t["毕业申请"]
        today = z.china_today()
        opens = (today - datetime.timedelta(days=7)).isoformat()
        closes = (today + datetime.timedelta(days=30)).isoformat()
        self.assertIn("开始: " + opens, text)
        self.assertIn("结束: " + closes, text)
        self.assertIn("已开放", text)
        self.assertNotIn("未开放", text)
        self.assertIn('href="/apply"', block, "an open 毕业申请 tile links to the application")

    def test_practice_not_open(self):
        t = {title: text for title, text, _ in tiles(self.page.text)}
        self.assertIn("(未开放)", t["实践性环节报名"])
        self.assertNotIn("已开放", t["实践性环节报名"])
        self.assertNotIn("开始:", t["实践性环节报名"])

    def test_transfer_open(self):
        t = {title: text for title, text, _ in tiles(self.page.text)}
        self.assertIn("已开放", t["转考申请"])
        self.assertNotIn("未开放", t["转考申请"])

    def test_closed_and_future_windows_show_dates_but_not_open(self):
        t = {title: text for title, text, _ in tiles(self.page.text)}
        today = z.china_today()
        theory = t["理论课报名"]
        self.assertIn("开始: " + (today - datetime.timedelta(days=60)).isoformat(), theory)
        self.assertIn("结束: " + (today - datetime.timedelta(days=21)).isoformat(), theory)
        self.assertNotIn("已开放", theory)
        exemption = t["免考申请"]
        self.assertIn("开始: " + (today + datetime.timedelta(days=10)).isoformat(), exemption)
        self.assertNotIn("已开放", exemption)

    def test_signed_in_header_and_logout_form(self):
        self.assertIn(z.ZHANG["name"], self.page.text)
        forms = z.parse_inputs(self.page.text).forms
        self.assertTrue(any(f.get("action") == "/logout" and f.get("method") == "post" for f in forms))


class LogoutTest(unittest.TestCase):
    def test_logout_from_the_profile_is_one_post_and_get_logs_nobody_out(self):
        c = z.logged_in(z.ZHANG["id"])
        page = c.get("/")
        self.assertNotIn('href="/logout"', page.text)  # no link to an extra confirmation page
        forms = [f for f in z.parse_inputs(page.text).forms if f.get("action") == "/logout"]
        self.assertEqual(len(forms), 2)  # the header's and the profile's, both POST
        self.assertTrue(all(f.get("method") == "post" for f in forms))
        # GET /logout is harmless: still signed in afterwards.
        self.assertEqual(c.get("/logout").status, 200)
        self.assertEqual(c.get("/").status, 200)
        r = c.post("/logout", {})
        self.assertEqual((r.status, z.path_of(r.location)), (303, "/login"))
        self.assertEqual(c.get("/").status, 303)


class PlansChooserTest(unittest.TestCase):
    def test_the_text_describes_the_chooser_the_page_has(self):
        c = z.logged_in(z.ZHANG["id"])
        r = c.get("/plans")
        self.assertEqual(r.status, 200)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text))
        selects = re.findall(r"<select[^>]*>", r.text)
        self.assertEqual(len(selects), 1)  # one 专业 select, grouped by 主考院校 and 层次
        self.assertNotIn("依次选择主考院校、层次和专业", text)
        self.assertIn("请在下拉列表中选择专业（按主考院校和层次分组）", text)
        self.assertIn('<optgroup label="太原理工大学 · 专升本">', r.text)


class CenterLiTest(unittest.TestCase):
    def test_female_examinee_profile(self):
        c = z.logged_in(z.LI["ticket"])
        r = c.get("/")
        self.assertEqual(r.status, 200)
        p = profile(r.text)
        self.assertEqual(p.get("姓名"), z.LI["name"])
        self.assertEqual(p.get("身份证号"), z.LI["masked_id"])
        self.assertEqual(p.get("准考证号"), z.LI["ticket"])
        self.assertEqual(p.get("性别"), "女")
        self.assertEqual(p.get("手机号"), z.LI["masked_phone"])
        self.assertEqual(p.get("报名区县"), "太原市迎泽区")
        self.assertNotIn(z.LI["id"], r.text)
        self.assertNotIn(z.LI["id"].lower(), r.text)
        self.assertNotIn(z.LI["phone"], r.text)
        self.assertNotIn(z.ZHANG["name"], r.text, "another examinee's data on the page")


class CenterAnonymousTest(unittest.TestCase):
    def test_requires_login(self):
        c = z.Client()
        r = c.get("/")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.location, "/login?next=%2F")
        self.assertNotIn("个人中心", r.text)

    def test_unknown_session_cookie_requires_login(self):
        c = z.Client()
        c.cookies["zk_session"] = "ab" * 32
        r = c.get("/")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")
        c.cookies["zk_session"] = "not-a-token"
        r = c.get("/")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")

    def test_healthz(self):
        c = z.Client()
        for module in ("login", "center"):
            r = c.get("/healthz/" + module)
            with self.subTest(module=module):
                self.assertEqual(r.status, 200)
                self.assertEqual(r.text.strip(), "ok")

    def test_unknown_paths_404(self):
        c = z.Client()
        for path in ("/no-such-page", "/static/no-such-file.css", "/healthz/nothing", "/login/extra"):
            r = c.get(path)
            with self.subTest(path=path):
                self.assertEqual(r.status, 404)


if __name__ == "__main__":
    unittest.main()
