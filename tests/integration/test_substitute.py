"""顶替 (/substitute/english, /substitute/newplan, /substitute/oldplan): SUB-1 … SUB-3.
Each test works on its own clone of a demo examinee (李娜: needs an 英语(二) replacement;
赵敏: needs the 任选一门 rule r-13180), loaded with `zikao-ctl load-demo`, with a draft
application for 太原理工大学 (10112) 计算机科学与技术 080901 created in SQL (the apply
module's pages are not relied on). Verdicts are checked with `zikao-ctl audit` given the
choices the pages stored."""
import html
import io
import os
import re
import struct
import subprocess
import tempfile
import threading
import unittest
import zipfile
import zlib

import zkclient as z

INSTITUTION, MAJOR = "10112", "080901"
LI_TICKET, ZHAO_TICKET = "010120100002", "010120100004"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

_lock = threading.Lock()
_clones = {"li": [], "zhao": []}


def _demo_rows(ticket):
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "sql", "demo", "passed.csv"), encoding="utf-8") as f:
        return [line.rstrip("\n").split(",", 1)[1] for line in f if line.startswith(ticket + ",")]


def _make_clones(per_kind=8):
    people = {k: [z.Examinee("顶替" + k + str(i), z.TEST_PASSWORD) for i in range(per_kind)] for k in ("li", "zhao")}
    passed = "ticket_no,course_code,passed_on,score,source\n"
    for kind, source in (("li", LI_TICKET), ("zhao", ZHAO_TICKET)):
        rows = _demo_rows(source)
        for p in people[kind]:
            for r in rows:
                passed += p.ticket + "," + r + "\n"
    z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER +
                 "".join(p.csv_line() + "\n" for group in people.values() for p in group),
                 "passed.csv": passed}, timeout=120)
    for kind, group in people.items():
        for p in group:
            p.db_id = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % p.ticket))
            p.app_id = make_draft(p.db_id)
        _clones[kind].extend(group)


def clone(kind):
    """A fresh clone (li or zhao) with a draft application choosing 10112/080901."""
    with _lock:
        if not _clones[kind]:
            _make_clones()
        return _clones[kind].pop()


def make_draft(examinee_id):
    app = int(z.psql("INSERT INTO applications (examinee_id, batch_id, attempt, status) "
                     "SELECT %d, id, 1, 'draft' FROM batches WHERE is_current RETURNING id" % examinee_id)
              .splitlines()[0])
    z.psql("INSERT INTO application_majors (application_id, seq, institution_code, major_id) "
           "SELECT %d, 1, '%s', m.id FROM majors m WHERE m.institution_code = '%s' AND m.code = '%s'"
           % (app, INSTITUTION, INSTITUTION, MAJOR))
    return app


def audit(p, *options):
    proc = subprocess.run(z._cmd("ZIKAO_CTL") + ["audit", p.ticket, INSTITUTION, MAJOR, *options],
                          capture_output=True, text=True, timeout=60, cwd="/")
    return proc.stdout + proc.stderr


def saved_english(p):
    out = z.psql("SELECT string_agg(course_code, ',' ORDER BY course_code) FROM application_english_courses "
                 "WHERE application_id = %d" % p.app_id)
    return out


def saved_substitutions(p):
    return z.psql("SELECT rule_id || ':' || new_code || ':' || array_to_string(old_codes, '+') "
                  "FROM application_substitutions WHERE application_id = %d ORDER BY 1" % p.app_id).split()


def oldplan_counts(p):
    return (int(z.psql("SELECT count(*) FROM application_oldplan_courses WHERE application_id = %d" % p.app_id)),
            int(z.psql("SELECT count(*) FROM application_archives WHERE application_id = %d" % p.app_id)))


def text_of(resp):
    return html.unescape(resp.text)


def login(p):
    return z.logged_in(p.ticket, z.TEST_PASSWORD)


def checked_codes(page):
    return sorted(i.get("value") for i in z.parse_inputs(page).inputs
                  if i.get("name") == "course" and "checked" in i)


# ---- files ----------------------------------------------------------------------------

def png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def make_zip(entries):
    """entries: (name, bytes) or ZipInfo-with-bytes pairs."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def symlink_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("card.pdf", PDF)
        info = zipfile.ZipInfo("link.pdf")
        info.create_system = 3
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


def encrypted_flag_zip():
    """Python cannot encrypt and clears bit 0 when writing: set the 'encrypted' flag in the
    local and the central header afterwards."""
    data = bytearray(make_zip([("card.pdf", PDF)]))
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        data[i + off] |= 0x1
    return bytes(data)


def rar4(files):
    """A RAR 4 archive of stored files (technote layout), as libarchive reads it."""
    def block(rest):
        return struct.pack("<H", zlib.crc32(rest) & 0xFFFF) + rest
    out = b"Rar!\x1a\x07\x00" + block(b"\x73" + struct.pack("<HH", 0, 13) + b"\x00" * 6)
    for name, data in files:
        n = name.encode()
        h = (b"\x74" + struct.pack("<HHIIBIIBBHI", 0x8000, 32 + len(n), len(data), len(data), 0,
                                    zlib.crc32(data) & 0xFFFFFFFF, 0x5A210000, 20, 0x30, len(n), 0x20) + n)
        out += block(h) + data
    return out + block(b"\x7b" + struct.pack("<HH", 0x4000, 7))


ROW = {"code": "00018", "name": "计算机应用基础", "passed_on": "1999-10-24", "score": "合格"}


def post_oldplan(c, fields, archive=None, name="scans.zip", action="add"):
    """One POST of /substitute/oldplan's forms (`action` add, change, remove, archive, clear)."""
    c.get("/substitute/oldplan")
    items = [("csrf_token", c.csrf_token()), ("action", action)] + list(fields.items())
    files = [("archive", name, "application/octet-stream", archive)] if archive is not None else []
    ctype, body = z.multipart(items, files=files)
    return c.post_raw("/substitute/oldplan", body, ctype)


# ---- tests ----------------------------------------------------------------------------

class EnglishTest(unittest.TestCase):
    def test_suggested_set_is_saved_and_makes_the_audit_eligible(self):
        p = clone("li")
        c = login(p)
        page = c.get("/substitute/english")
        self.assertEqual(page.status, 200, page.text[:500])
        self.assertIn("返回专业选择", page.text)
        self.assertIn('href="/apply/majors"', page.text)
        values = [i.get("value") for i in c.inputs() if i.get("name") == "course"]
        self.assertNotIn("00015", values)
        self.assertIn("00051", values)
        self.assertEqual(checked_codes(page.text), [])
        page = c.get("/substitute/english?suggest=1")
        self.assertEqual(page.status, 200)
        suggested = checked_codes(page.text)
        self.assertTrue(suggested, "the engine suggests a set for 李娜")
        self.assertIn("结论：不符合毕业条件", audit(p))
        r = c.post("/substitute/english", [("course", code) for code in suggested])
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual(z.path_of(r.location), "/apply/majors")
        self.assertEqual(saved_english(p), ",".join(sorted(suggested)))
        self.assertIn("结论：符合毕业条件", audit(p, "--english", saved_english(p)))
        page = c.get("/substitute/english")
        self.assertEqual(checked_codes(page.text), sorted(suggested))
        # 清除 removes the set.
        r = c.post("/substitute/english", {"action": "clear"})
        self.assertEqual(r.status, 303)
        self.assertEqual(saved_english(p), "")

    def test_credits_for_the_live_total_and_the_plan_link(self):
        p = clone("li")
        c = login(p)
        page = c.get("/substitute/english?suggest=1")
        self.assertEqual(page.status, 200)
        credits = dict(re.findall(r'name="course" value="(\d{5})" data-credits="(\d+)"', page.text))
        self.assertTrue(credits)
        for code, n in credits.items():
            self.assertEqual(n, z.psql("SELECT credits FROM courses WHERE code = '%s'" % code))
        checked = checked_codes(page.text)
        total = re.search(r'id="english-total"[^>]*>当前勾选合计 <span class="credits">(\d+)</span> 学分', page.text)
        self.assertEqual(int(total.group(1)), sum(int(credits[code]) for code in checked))
        self.assertIn('<script src="/static/english.js" defer></script>', page.text)
        script = z.Client().get("/static/english.js")
        self.assertEqual(script.status, 200)
        self.assertIn("data-credits", script.text)
        # 点击查看本专业开考计划: the chosen major's plan on /plans.
        major = z.psql("SELECT id FROM majors WHERE institution_code = '10112' AND code = '080901'")
        self.assertIn('<a href="/plans?major=%s">点击查看本专业开考计划</a>' % major, page.text)
        plan = c.get("/plans?major=%s" % major)
        self.assertEqual(plan.status, 200)
        self.assertIn("计算机科学与技术", plan.text)

    def test_set_under_14_credits_refused_and_nothing_stored(self):
        p = clone("li")
        c = login(p)
        c.get("/substitute/english")
        r = c.post("/substitute/english", [("course", "00051"), ("course", "00341"), ("course", "02120")])
        self.assertEqual(r.status, 400)
        self.assertRegex(text_of(r), r"所选课程合计\d+学分，顶替英语（二）需要至少14学分")
        self.assertEqual(saved_english(p), "")

    def test_tampered_codes_refused(self):
        p = clone("li")
        c = login(p)
        c.get("/substitute/english")
        for codes, message in ((["00015", "00051"], "不能选择英语（二）本身"),
                               (["00051", "99999"], "课程 99999 不是您的合格课程"),
                               (["0005'1"], "格式不正确"),
                               (["00051", "00051"], "重复选择"),
                               ([], "请选择顶替英语（二）的课程")):
            r = c.post("/substitute/english", [("course", x) for x in codes])
            self.assertEqual(r.status, 400, codes)
            self.assertIn(message, text_of(r))
            c.get("/substitute/english")
        self.assertEqual(saved_english(p), "")

    def test_course_needed_elsewhere_refused_with_engine_reason(self):
        p = clone("li")
        c = login(p)
        c.get("/substitute/english")
        # 00023 高等数学(工本) (10) is a required course of 080901: using it for English breaks the plan.
        r = c.post("/substitute/english", [("course", "00023"), ("course", "00051"), ("course", "00341")])
        self.assertEqual(r.status, 400, text_of(r)[:800])
        # The message names the course and where the plan needs it.
        self.assertIn("课程00023", text_of(r))
        self.assertIn("已用于顶替英语（二），不能再用于本专业必考课程00023", text_of(r))
        self.assertEqual(saved_english(p), "")


class NewplanTest(unittest.TestCase):
    def test_any_one_of_saved_and_audit_eligible(self):
        p = clone("zhao")
        c = login(p)
        page = c.get("/substitute/newplan")
        self.assertEqual(page.status, 200, page.text[:500])
        self.assertIn("任选一门", page.text)
        self.assertIn("13180", page.text)
        self.assertIn("返回专业选择", page.text)
        self.assertIn("结论：不符合毕业条件", audit(p))
        r = c.post("/substitute/newplan", {"action": "add", "new_code": "13180", "old_code": "02325"})
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual(z.path_of(r.location), "/apply/majors")
        self.assertEqual(saved_substitutions(p), ["r-13180:13180:02325"])
        self.assertIn("结论：符合毕业条件", audit(p, "--choose", saved_substitutions(p)[0]))
        page = c.get("/substitute/newplan")
        self.assertIn("删除", page.text)
        # The added substitution is shown by its kind, never by the rule's internal id.
        self.assertIn("任选一门", text_of(page))
        self.assertNotIn("r-13180", text_of(page))
        # The same new course again: refused.
        r = c.post("/substitute/newplan", {"action": "add", "new_code": "13180", "old_code": "02326"})
        self.assertEqual(r.status, 400)
        self.assertIn("13180", text_of(r))
        self.assertEqual(saved_substitutions(p), ["r-13180:13180:02325"])
        # 删除.
        c.get("/substitute/newplan")
        r = c.post("/substitute/newplan", {"action": "delete", "rule_id": "r-13180", "new_code": "13180"})
        self.assertEqual(r.status, 303)
        self.assertEqual(saved_substitutions(p), [])

    def test_wrong_pairs_refused(self):
        p = clone("zhao")
        c = login(p)
        c.get("/substitute/newplan")
        for new, old, message in (("13180", "02331", "不存在该顶替规则：新计划课程 13180 不能顶替旧计划课程 02331"),
                                  ("13003", "02331", "一对一顶替由系统自动处理，无需手工添加"),
                                  ("1318", "02325", "新计划顶替课程代码应为5位数字"),
                                  ("13180", "0232x", "旧计划课程代码应为5位数字")):
            r = c.post("/substitute/newplan", {"action": "add", "new_code": new, "old_code": old})
            self.assertEqual(r.status, 400, (new, old))
            self.assertIn(message, text_of(r))
            c.get("/substitute/newplan")
        self.assertEqual(saved_substitutions(p), [])

    def test_new_course_not_passed_refused(self):
        p = clone("li")  # 李娜 has no 13180
        c = login(p)
        c.get("/substitute/newplan")
        r = c.post("/substitute/newplan", {"action": "add", "new_code": "13180", "old_code": "02325"})
        self.assertEqual(r.status, 400)
        self.assertIn("新计划课程 13180 不是您的合格课程", text_of(r))
        self.assertEqual(saved_substitutions(p), [])

    def test_course_used_in_two_places_refused(self):
        p = clone("zhao")
        c = login(p)
        # 13180 first as a new-plan substitute, then in an English set.
        c.get("/substitute/newplan")
        self.assertEqual(c.post("/substitute/newplan", {"action": "add", "new_code": "13180", "old_code": "02325"}).status, 303)
        c.get("/substitute/english")
        r = c.post("/substitute/english", [("course", "13180"), ("course", "00023")])
        self.assertEqual(r.status, 400)
        self.assertIn("13180 已用于新计划顶替", text_of(r))
        self.assertEqual(saved_english(p), "")
        # And the other way round.
        z.psql("DELETE FROM application_substitutions WHERE application_id = %d" % p.app_id)
        z.psql("INSERT INTO application_english_courses VALUES (%d, '13180')" % p.app_id)
        c.get("/substitute/newplan")
        r = c.post("/substitute/newplan", {"action": "add", "new_code": "13180", "old_code": "02325"})
        self.assertEqual(r.status, 400)
        self.assertIn("已用于顶替英语（二）", text_of(r))
        self.assertEqual(saved_substitutions(p), [])


class OldplanTest(unittest.TestCase):
    def test_valid_zip_stored_listed_counted_and_cleared(self):
        p = clone("li")
        c = login(p)
        page = c.get("/substitute/oldplan")
        self.assertEqual(page.status, 200, page.text[:500])
        self.assertIn("返回专业选择", page.text)
        archive = make_zip([("扫描件/卡片.png", png()), ("成绩单.pdf", PDF)])
        r = post_oldplan(c, ROW, archive, "旧计划.zip")
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual(oldplan_counts(p), (1, 1))
        self.assertEqual(z.psql("SELECT format || ' ' || file_name || ' ' || size_bytes || ' ' || "
                                "jsonb_array_length(entries) FROM application_archives WHERE application_id = %d"
                                % p.app_id), "zip 旧计划.zip %d 2" % len(archive))
        self.assertEqual(z.psql("SELECT verified FROM application_oldplan_courses WHERE application_id = %d"
                                % p.app_id), "f")
        page = text_of(c.get("/substitute/oldplan"))
        for expected in ("00018", "计算机应用基础", "1999-10-24", "合格", "待审核", "旧计划.zip", "清空已添加课程及文件"):
            self.assertIn(expected, page)
        self.assertRegex(page, r'class="entry-count">2<')
        # Adding another course without a new file keeps the stored archive and the first course.
        r = post_oldplan(c, {"code": "02197", "name": "概率论与数理统计", "passed_on": "2000-04-16", "score": "75"})
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual(z.psql("SELECT string_agg(course_code, ',' ORDER BY course_code) FROM application_oldplan_courses "
                                "WHERE application_id = %d" % p.app_id), "00018,02197")
        self.assertEqual(oldplan_counts(p), (2, 1))
        # 清空已添加课程及文件.
        c.get("/substitute/oldplan")
        r = c.post("/substitute/oldplan", {"action": "clear"})
        self.assertEqual(r.status, 303)
        self.assertEqual(oldplan_counts(p), (0, 0))

    def test_rar_renamed_zip_is_stored_as_rar(self):
        p = clone("li")
        c = login(p)
        r = post_oldplan(c, ROW, rar4([("card.pdf", PDF), ("card.png", png())]), "scans.zip")
        self.assertEqual(r.status, 303, text_of(r)[:1500])
        self.assertEqual(z.psql("SELECT format FROM application_archives WHERE application_id = %d" % p.app_id), "rar")

    def test_bad_archives_refused_each_with_its_message(self):
        p = clone("li")
        c = login(p)
        cases = (
            ("dotdot", make_zip([("../../evil.pdf", PDF)]), "压缩包中的文件路径不安全"),
            ("absolute", make_zip([("/etc/evil.pdf", PDF)]), "压缩包中的文件路径不安全"),
            ("symlink", symlink_zip(), "压缩包中不能包含链接文件"),
            ("nested", make_zip([("inner.zip", make_zip([("a.pdf", PDF)]))]), "压缩包中不能再包含压缩包"),
            ("encrypted", encrypted_flag_zip(), "压缩包不能加密"),
            ("bomb", make_zip([("zeros.pdf", bytes(55 * 1024 * 1024))]), "压缩包解压后过大"),
            ("exe", make_zip([("a.pdf", PDF), ("setup.exe", b"MZ\x90\x00" + bytes(3000))]), "压缩包中只能包含图片或PDF文件"),
            ("garbage rar", b"Rar!\x1a\x07\x00" + os.urandom(600), "rar"),
            ("not archive", b"just some text, not an archive\n" * 10, "只能上传 zip 或 rar 格式的压缩包（按文件内容识别）"),
            ("too big", b"PK\x03\x04" + bytes(10 * 1024 * 1024), "压缩包应小于10MB"),
        )
        for label, data, message in cases:
            with self.subTest(label):
                r = post_oldplan(c, ROW, data, "scans.zip")
                self.assertEqual(r.status, 400, label)
                page = text_of(r)
                self.assertIn(message, page, label)
                self.assertRegex(page, r'data-field="archive">[^<]*' + re.escape(message[:6]), label)
                self.assertEqual(oldplan_counts(p), (0, 0), label)
        self.assertIn("setup.exe", text_of(post_oldplan(c, ROW, cases[6][1])))

    def test_bad_rows_refused_and_nothing_stored(self):
        p = clone("li")
        c = login(p)
        good = make_zip([("a.pdf", PDF)])
        for fields, field, message in (
                ({**ROW, "code": "0018"}, "code", "课程代码应为5位数字"),
                ({**ROW, "code": ""}, "code", "请填写课程代码"),
                ({**ROW, "passed_on": "2021-02-30"}, "passed_on", "不是有效的日期"),
                ({**ROW, "passed_on": "2099-01-01"}, "passed_on", "不能晚于今天"),
                ({**ROW, "passed_on": "1975-05-01"}, "passed_on", "不能早于1981年"),
                ({**ROW, "passed_on": "21/04/2001"}, "passed_on", "YYYY-MM-DD"),
                ({**ROW, "score": "59"}, "score", "60到100"),
                ({**ROW, "name": "名" * 61}, "name", "不能超过60个字")):
            r = post_oldplan(c, fields, good)
            self.assertEqual(r.status, 400, fields)
            self.assertRegex(text_of(r), r'data-field="%s">[^<]*%s' % (field, re.escape(message)))
            self.assertEqual(oldplan_counts(p), (0, 0))
        # With no archive stored or kept, a course cannot be added.
        q = clone("li")
        r = post_oldplan(login(q), ROW)
        self.assertEqual(r.status, 400)
        self.assertIn("请上传旧计划课程", text_of(r))
        self.assertEqual(oldplan_counts(q), (0, 0))


class WindowAndSubmittedTest(unittest.TestCase):
    def test_outside_window_403_nothing_stored(self):
        p = clone("li")
        c = login(p)
        c.get("/substitute/english")
        token = c.csrf_token()
        saved = z.psql("SELECT coalesce(opens_at::text, '') || '|' || coalesce(closes_at::text, '') || '|' || always_open "
                       "FROM business_windows w JOIN batches b ON b.id = w.batch_id "
                       "WHERE b.is_current AND w.business_code = 'graduation'")
        opens, closes, always = saved.split("|")
        z.psql("UPDATE business_windows w SET always_open = false, opens_at = now() - interval '20 days', "
               "closes_at = now() - interval '10 days' FROM batches b "
               "WHERE b.id = w.batch_id AND b.is_current AND w.business_code = 'graduation'")
        try:
            for path in ("/substitute/english", "/substitute/newplan", "/substitute/oldplan"):
                self.assertEqual(c.get(path).status, 403, path)
            r = c.post("/substitute/newplan", {"action": "add", "new_code": "13180", "old_code": "02325"}, csrf=token)
            self.assertEqual(r.status, 403)
            r = c.post("/substitute/english", [("course", "00023"), ("course", "00051")], csrf=token)
            self.assertEqual(r.status, 403)
            self.assertIn("不在毕业申请时间内", text_of(r))
        finally:
            if always == "t":
                z.psql("UPDATE business_windows w SET opens_at = NULL, closes_at = NULL, always_open = true "
                       "FROM batches b WHERE b.id = w.batch_id AND b.is_current AND w.business_code = 'graduation'")
            else:
                z.psql("UPDATE business_windows w SET opens_at = '%s', closes_at = '%s', always_open = false "
                       "FROM batches b WHERE b.id = w.batch_id AND b.is_current AND w.business_code = 'graduation'"
                       % (opens, closes))
        self.assertEqual(saved_english(p), "")
        self.assertEqual(saved_substitutions(p), [])

    def test_submitted_application_409(self):
        p = clone("zhao")
        c = login(p)
        z.psql("UPDATE applications SET status = 'submitted', submitted_at = now(), county_code = '140107', "
               "phone_enc = '\\x00'::bytea, address = '太原市杏花岭区测试路1号' WHERE id = %d" % p.app_id)
        page = c.get("/substitute/newplan")
        self.assertEqual(page.status, 200)
        self.assertIn("申请已提交，不能再修改顶替课程", page.text)
        self.assertNotIn('name="new_code"', page.text)
        c.get("/substitute/english")
        r = c.post("/substitute/newplan", {"action": "add", "new_code": "13180", "old_code": "02325"})
        self.assertEqual(r.status, 409)
        self.assertIn("申请已提交，不能再修改顶替课程", text_of(r))
        r = post_oldplan(c, ROW, make_zip([("a.pdf", PDF)]))
        self.assertEqual(r.status, 409)
        self.assertEqual(saved_substitutions(p), [])
        self.assertEqual(oldplan_counts(p), (0, 0))


if __name__ == "__main__":
    unittest.main()
