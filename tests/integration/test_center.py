"""个人中心 (GET /): the profile with masked 身份证号 and 手机号, and the 快捷入口 tiles
with the current batch's windows; links that leave the system are marked and open in a new
tab; /contacts (各区县自考部门地址及联系方式) lists every county's office, linked from step 1,
/photo and the registration pages."""
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
        h3 = re.search(r"<h3>(.*?)</h3>", block, re.S).group(1)
        title = re.sub(r"<[^>]+>", "", re.sub(r'<span class="external-mark">.*?</span>', "", h3)).strip()
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


EXTERNAL_MARK = "（山西招生考试网，新窗口打开）"


def links(page, title):
    """The <a> tags whose text (tags removed) starts with `title`, as (attributes, text)."""
    out = []
    for attrs, inner in re.findall(r"<a ([^>]*)>(.*?)</a>", page, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        if text.startswith(title):
            out.append((attrs, text))
    return out


class ExternalLinksTest(unittest.TestCase):
    """查询中心 and 快捷入口: a link to the provincial site opens in a new tab (rel=noopener)
    and says so; the pages of this system open in place, unmarked."""

    @classmethod
    def setUpClass(cls):
        cls.page = z.logged_in(z.ZHANG["id"]).get("/").text

    def test_outside_services_are_marked_and_open_in_a_new_tab(self):
        for title in ("当次成绩查询", "省际转入确认", "报考简章", "准考证打印", "当次免考审核结果查询", "转考申请"):
            with self.subTest(title=title):
                found = links(self.page, title)
                self.assertEqual(len(found), 1, found)
                attrs, text = found[0]
                self.assertEqual(text, title + EXTERNAL_MARK)
                self.assertRegex(attrs, r'href="https?://[^"/]*sxkszx\.cn/')
                self.assertIn('target="_blank"', attrs)
                self.assertIn('rel="noopener"', attrs)

    def test_own_pages_open_in_place(self):
        for title, href in (("合格成绩查询", "/scores"), ("专业计划查询", "/plans"), ("订单查询", "/orders"),
                            ("通知公告", "/notices"), ("学信网学历验证", "/verify/chsi"), ("毕业申请", "/apply")):
            with self.subTest(title=title):
                found = [a for a, t in links(self.page, title) if t == title]
                self.assertEqual(len(found), 1)
                self.assertIn('href="%s"' % href, found[0])
                self.assertNotIn("target=", found[0])
                self.assertEqual([t for _, t in links(self.page, title) if "新窗口" in t], [])


class TicketNumberTest(unittest.TestCase):
    def test_a_new_examinee_is_told_when_the_ticket_number_comes(self):
        p = z.Examinee("新号", z.TEST_PASSWORD)
        out = z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + p.csv_line() + "\n"})
        self.assertIn("1 examinees and", out)
        # A registered new examinee has no 准考证号 until the first exam registration.
        z.psql("UPDATE examinees SET ticket_no = NULL WHERE ticket_no = '%s'" % p.ticket)
        page = z.logged_in(p.id_number, z.TEST_PASSWORD).get("/")
        self.assertEqual(page.status, 200)
        self.assertEqual(profile(page.text).get("准考证号"), '<span class="hint">暂无（首次报考后生成）</span>')
        # 张三 has one: no such note.
        zhang = profile(z.logged_in(z.ZHANG["id"]).get("/").text)
        self.assertEqual(zhang.get("准考证号"), z.ZHANG["ticket"])


class ContactsTest(unittest.TestCase):
    """/contacts: every county of Shanxi (counties, from the province's list) with its office's
    address and phone (county_offices, migration 0013), grouped under its city, for anyone."""

    @classmethod
    def setUpClass(cls):
        cls.page = z.Client().get("/contacts")
        cls.offices = [line.split("|") for line in z.psql(
            "SELECT c.code, c.name, c.city_code, c.city_name, o.address, o.phone FROM counties c "
            "JOIN county_offices o ON o.county_code = c.code ORDER BY c.city_code, c.code").splitlines()]

    def test_every_county_is_listed_under_its_city(self):
        self.assertEqual(self.page.status, 200)
        counties = int(z.psql("SELECT count(*) FROM counties"))
        self.assertEqual(counties, 117)
        self.assertEqual(len(self.offices), counties, "every county has an office row")
        text = self.page.text
        cities = re.findall(r'<section class="panel contacts-city" id="city-(\d{6})">\s*<h2>([^<]+)</h2>(.*?)</section>',
                            text, re.S)
        self.assertEqual([c for c, _, _ in cities], sorted({o[2] for o in self.offices}))
        by_city = {code: body for code, _, body in cities}
        names = {code: name for code, name, _ in cities}
        for code, name, city_code, city_name, address, phone in self.offices:
            with self.subTest(county=code):
                self.assertEqual(names[city_code], city_name)
                m = re.search(r'<li class="tile county-office" id="county-%s">(.*?)</li>' % code, by_city[city_code], re.S)
                self.assertIsNotNone(m, "%s %s under %s" % (code, name, city_name))
                block = html.unescape(m.group(1))
                self.assertIn("<h3>%s</h3>" % name, block)
                self.assertIn("地址：" + address, block)
                self.assertIn("电话：" + phone, block)
        # The city links jump to the groups.
        for code, _, _ in cities:
            self.assertIn('href="#city-%s"' % code, text)

    def test_placeholders_are_said_to_be_placeholders(self):
        unconfirmed = int(z.psql("SELECT count(*) FROM county_offices WHERE NOT confirmed"))
        self.assertGreater(unconfirmed, 0, "migration 0013 seeds placeholders")
        self.assertIn("为系统占位信息，尚未由当地自考部门确认", self.page.text)
        self.assertEqual(self.page.text.count("<p class=\"hint\">（待核实）</p>"), unconfirmed)

    def test_an_edited_office_is_shown_escaped(self):
        code = "140105"
        before = z.psql("SELECT address || '|' || phone || '|' || confirmed FROM county_offices WHERE county_code = '%s'"
                        % code)
        try:
            z.psql("UPDATE county_offices SET address = '太原市小店区<b>示例</b>路1号', phone = '0351-7000000', "
                   "hours = '工作日 8:30-17:30', confirmed = true WHERE county_code = '%s'" % code)
            text = z.Client().get("/contacts").text
            block = re.search(r'<li class="tile county-office" id="county-%s">(.*?)</li>' % code, text, re.S).group(1)
            self.assertIn("地址：太原市小店区&lt;b&gt;示例&lt;/b&gt;路1号", block)
            self.assertIn("电话：0351-7000000", block)
            self.assertIn("办公时间：工作日 8:30-17:30", block)
            self.assertNotIn("待核实", block)
        finally:
            address, phone, confirmed = before.split("|")
            z.psql("UPDATE county_offices SET address = '%s', phone = '%s', hours = '', confirmed = %s "
                   "WHERE county_code = '%s'" % (address, phone, "true" if confirmed == "t" else "false", code))

    def test_the_pages_that_send_examinees_to_their_office_link_here(self):
        for path in ("/register",):
            with self.subTest(path=path):
                r = z.Client().get(path)
                self.assertEqual(r.status, 200)
                self.assertEqual(len(re.findall(r'<a href="/contacts"', r.text)), 1)
        c = z.logged_in(z.ZHANG["id"])
        photo = c.get("/photo")
        self.assertEqual(photo.status, 200)
        self.assertEqual(len(re.findall(r'<a href="/contacts"', photo.text)), 1)
