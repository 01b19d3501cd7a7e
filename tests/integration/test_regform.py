"""test_regform: 《毕业生登记表》 (module `regform`, issue 15) through nginx: the pages open only
after payment; 毕业登记信息填写 and 个人简历 refuse every kind of bad input with a message at the
field, keep what was typed and save nothing; 保存并导出PDF saves, makes the application 登记表已填
and gives an A4 PDF whose fonts are all embedded (pdffonts), whose text holds the name, a
sentence of the 自我鉴定 and any HTML typed, printed literally (pdftotext), and which qpdf
accepts; the personal data is encrypted at rest; the PDF is the owner's only; after the clerk's
材料已交回 the pages are read-only and the PDF still downloads.

Examinees are clones of the demo's 张三 (系统审核通过 once the photo is verified), paid with a
signed notification as test_pay does. Page 1 of one PDF is kept as a PNG
($ZIKAO_VAR/regform/page1.png) for people to look at."""
import html as htmlmod
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import unittest
import weakref

import test_application_review as ar
import test_apply as ap
import test_pay as tp
import zkclient as z

RUN = secrets.token_hex(3)
OUT = os.path.join(os.environ.get("ZIKAO_VAR", "var/test"), "regform")
SENTENCE = "在自学考试期间我始终坚持理论联系实际"


class Filler(ar.Person):
    def __init__(self, label):
        super().__init__(label, ap.ZHANG_TICKET)
        self.name = "登记" + label + RUN


LABELS = ["全程", "坏值", "未付", "他人", "旁人", "锁定", "手写", "行数", "脚本", "网页"]
_people = {}
_lock = threading.Lock()


def person(label):
    with _lock:
        if not _people:
            made = {k: Filler(k) for k in LABELS}
            ap.load_people(list(made.values()))
            for p in made.values():
                ap.add_chsi(p)
            _people.update(made)
        return _people[label]


def paid(test, label):
    """The examinee `label` with the fee paid: (person, logged-in client, application id)."""
    p, c = tp.payable_person(test, person(label))
    tp.pay_for(test, p, c)
    app = ar.app_id(p)
    test.assertEqual(ar.status(app), "paid")
    return p, c, app


def text_of(page):
    return htmlmod.unescape(ap.text_of(page))


def flat(text):
    return re.sub(r"[\s\u3000]+", "", text)


def field_errors(page):
    """Every non-empty field message of a page, by the id of its element (err-<field>)."""
    return {m.group(1): htmlmod.unescape(m.group(2)) for m in
            re.finditer(r'<p class="field-error" id="err-([a-z_0-9-]+)"[^>]*>([^<]+)</p>', page)}


PERSONAL = {"ethnicity": "汉族", "occupation": "企业职工", "political_status": "共青团员", "phone": "13912345678",
            "education": "高中", "health": "健康", "work_start": "2010年07月01日", "overseas_relative": "否",
            "native_place": "山西省太原市", "employer": "太原市某某科技有限公司", "address": "山西省太原市小店区长风街1号"}


def self_evaluation():
    """A typed 自我鉴定 of well over 400 汉字, in paragraphs."""
    paragraph = (SENTENCE + "，认真学习每一门课程，按时完成作业与实践环节。工作中我踏实肯干，"
                 "努力把所学知识用于实际工作，得到了单位领导和同事的认可。")
    return "\n".join([paragraph * 4, paragraph * 2, "今后我将继续努力学习，不断提高自己的综合素质。"])


def resume_fields(rows=None, members=None, self_eval=None, mode="typed", rewards="", action="export"):
    rows = rows if rows is not None else [("2004年09月01日", "2007年07月01日", "太原市第五中学 学习"),
                                          ("2007年09月01日", "2010年07月01日", "山西某某职业技术学院 学习"),
                                          ("2010年07月01日", "至今", "太原市某某科技有限公司 职员")]
    members = members if members is not None else [("张大山", "父亲", "太原钢铁（集团）有限公司", "工人"),
                                                   ("李秀英", "母亲", "无", "")]
    fields = []
    for f, t, p in rows:
        fields += [("resume_from", f), ("resume_to", t), ("resume_place", p)]
    for n, r, e, pos in members:
        fields += [("member_name", n), ("member_relation", r), ("member_employer", e), ("member_position", pos)]
    fields += [("rewards", rewards), ("self_evaluation", self_evaluation() if self_eval is None else self_eval),
               ("self_evaluation_mode", mode), ("action", action)]
    return fields


def fill_personal(test, c, values=None):
    c.get("/regform")
    r = c.post("/regform", dict(PERSONAL, **(values or {})))
    test.assertEqual(r.status, 303, text_of(r.text)[:600])
    test.assertEqual(z.path_of(r.location), "/regform/resume")


def export(test, c, **kw):
    c.get("/regform/resume")
    r = c.post("/regform/resume", resume_fields(**kw))
    test.assertEqual(r.status, 303, field_errors(r.text) or text_of(r.text)[:600])
    test.assertEqual(z.path_of(r.location), "/regform/saved")


def form_row(app):
    return z.psql("SELECT coalesce(resume_saved_at IS NOT NULL, false) || ':' || exports FROM registration_forms "
                  "WHERE application_id = %d" % app)


def run(*argv, data=None):
    return subprocess.run(argv, input=data, capture_output=True, check=False)


class PdfFile:
    """A downloaded PDF in a temporary file, with poppler's and qpdf's view of it."""

    def __init__(self, data):
        folder = tempfile.mkdtemp(prefix="regform-")
        weakref.finalize(self, shutil.rmtree, folder, True)
        self.path = os.path.join(folder, "form.pdf")
        with open(self.path, "wb") as f:
            f.write(data)

    def text(self):
        return run("pdftotext", "-enc", "UTF-8", self.path, "-").stdout.decode("utf-8")

    def fonts(self):
        """(name, embedded, subset) of every font (pdffonts)."""
        lines = run("pdffonts", self.path).stdout.decode().splitlines()[2:]
        out = []
        for line in lines:
            cols = line.split()
            # name type... emb sub uni object ID: emb and sub are the 5th and 4th from the end
            out.append((cols[0], cols[-5], cols[-4]))
        return out

    def info(self):
        return run("pdfinfo", self.path).stdout.decode()

    def qpdf_check(self):
        return run("qpdf", "--check", self.path)

    def png_page1(self, dest):
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        r = run("pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile", self.path, dest[:-4])
        return r.returncode == 0 and os.path.getsize(dest) > 10000


class RegformTest(unittest.TestCase):
    def test_whole_form_export_and_pdf(self):
        p, c, app = paid(self, "全程")
        # 毕业申请信息详情 links the form, and says what to do with it.
        status = c.get("/apply/status")
        self.assertIn('<a href="/regform">毕业生登记表</a>', status.text)
        self.assertIn("打印《毕业生登记表》（pdf）一式两份", text_of(status.text))
        page = c.get("/regform")
        self.assertEqual(page.status, 200)
        t = flat(text_of(page.text))
        self.assertIn("毕业登记信息填写", t)
        self.assertIn(p.name, t)
        self.assertIn(p.id_number[:4] + "**********" + p.id_number[-4:], t)
        self.assertNotIn(p.id_number, page.text)
        self.assertIn("提示：毕业信息登记为自考毕业生采集档案相关资料的重要环节", t)
        self.assertEqual(len(re.findall(r"<option[^>]*>[^<]+族</option>", page.text)), 56)
        for status_name in ("中共党员", "共青团员", "九三学社社员", "无党派人士", "群众"):
            self.assertIn("<option>%s</option>" % status_name, page.text.replace(" selected", ""))
        # Before step 1 is saved the resume waits for it.
        r = c.get("/regform/resume")
        self.assertEqual((r.status, z.path_of(r.location)), (303, "/regform"))
        fill_personal(self, c)
        resume = c.get("/regform/resume")
        self.assertEqual(resume.status, 200)
        self.assertEqual(resume.text.count('name="resume_from"'), 7)
        self.assertIn("提示：学习或工作经历至少填写一栏", text_of(resume.text))
        self.assertIn('src="/static/regform.js"', resume.text)
        self.assertEqual(ar.status(app), "paid")
        export(self, c)
        self.assertEqual(ar.status(app), "regform_filled")
        self.assertEqual(ar.events(app)[-1], "paid>regform_filled:examinee")
        self.assertEqual(form_row(app), "true:1")
        saved = c.get("/regform/saved")
        self.assertIn("下载《毕业生登记表》PDF", text_of(saved.text))
        self.assertEqual(ap.status_line(c.get("/apply/status").text),
                         "毕业生登记表已填报，请在规定时间内交回县（市、区）自考部门")

        r = c.get("/regform/pdf")
        self.assertEqual(r.status, 200, text_of(r.text)[:300] if r.status != 200 else "")
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertEqual(r.header("Cache-Control"), "private, no-store")
        disposition = r.header("Content-Disposition")
        self.assertTrue(disposition.startswith("attachment;"), disposition)
        self.assertIn("graduate-registration-%s.pdf" % p.ticket, disposition)
        self.assertIn("filename*=UTF-8''", disposition)
        self.assertTrue(r.body.startswith(b"%PDF-"))
        pdf = PdfFile(r.body)
        info = pdf.info()
        self.assertRegex(info, r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)")
        self.assertRegex(info, r"Pages:\s+1\b")
        fonts = pdf.fonts()
        self.assertTrue(fonts, "the PDF has fonts")
        for name, emb, sub in fonts:
            self.assertEqual((emb, sub), ("yes", "yes"), "font %s embedded and subsetted" % name)
        check = pdf.qpdf_check()
        self.assertEqual(check.returncode, 0, check.stdout.decode() + check.stderr.decode())
        text = flat(pdf.text())
        for expected in (p.name, p.id_number, p.ticket, "山西省高等教育自学考试毕业生登记表", SENTENCE,
                         "太原市第五中学", "张大山", "太原市某某科技有限公司", "县区自考办意见", "主考院校意见",
                         "省考办审定意见", "13912345678", "山西省太原市小店区长风街1号"):
            self.assertIn(flat(expected), text)
        self.assertTrue(pdf.png_page1(os.path.join(OUT, "page1.png")))

        # Edited and exported again: counted, still 登记表已填, one transition.
        export(self, c, self_eval=self_evaluation() + "\n补充：" + SENTENCE)
        self.assertEqual(form_row(app), "true:2")
        self.assertEqual(ar.events(app).count("paid>regform_filled:examinee"), 1)

    def test_personal_data_is_encrypted_at_rest(self):
        p, c, app = paid(self, "脚本")
        fill_personal(self, c, {"phone": "13987654321", "address": "山西省太原市迎泽区秘密路99号" + RUN})
        export(self, c, members=[("保密成员" + RUN, "父亲", "某单位", "")])
        row = z.psql("SELECT encode(phone_enc, 'escape') || encode(address_enc, 'escape') || "
                     "encode(family_enc, 'escape') FROM registration_forms WHERE application_id = %d" % app)
        for secret in ("13987654321", "秘密路99号", "保密成员" + RUN):
            self.assertNotIn(secret, row)
        dump = z.pg_dump()
        for secret in ("秘密路99号" + RUN, "保密成员" + RUN):
            self.assertNotIn(secret, dump)
        # …and shown to the owner as typed.
        self.assertIn("13987654321", c.get("/regform").text)

    def test_html_is_escaped_on_pages_and_printed_literally(self):
        p, c, app = paid(self, "网页")
        hostile = "<script>alert('x')</script>&amp;"
        c.get("/regform")
        r = c.post("/regform", dict(PERSONAL, employer=hostile, occupation="<b>职员</b>"))
        self.assertEqual(r.status, 303, text_of(r.text)[:400])
        page = c.get("/regform")
        self.assertNotIn("<script>alert", page.text)
        self.assertIn("&lt;script&gt;alert(", page.text)
        export(self, c, rows=[("2004年09月01日", "至今", hostile)], members=[(hostile[:30], "父亲", hostile, "")],
               rewards=hostile)
        resume = c.get("/regform/resume")
        self.assertNotIn("<script>alert", resume.text)
        text = PdfFile(c.get("/regform/pdf").body).text()
        self.assertIn("<script>alert('x')</script>&amp;", text)
        self.assertIn("<b>职员</b>", text)

    def test_before_payment_nothing_opens(self):
        p = person("未付")
        c = ar.submit(self, p)
        ar.upload_photo(self, c)
        app = ar.app_id(p)
        self.assertEqual(ar.status(app), "prereview_passed")
        for path in ("/regform", "/regform/resume", "/regform/pdf", "/regform/saved"):
            r = c.get(path)
            self.assertEqual(r.status, 403, path)
            self.assertIn("请先完成毕业申请支付", text_of(r.text))
        c.get("/apply/status")
        r = c.post("/regform", PERSONAL)
        self.assertEqual(r.status, 403)
        r = c.post("/regform/resume", resume_fields())
        self.assertEqual(r.status, 403)
        self.assertEqual(z.psql("SELECT count(*) FROM registration_forms WHERE application_id = %d" % app), "0")
        self.assertNotIn('href="/regform">毕业生登记表', c.get("/apply/status").text)
        # Not logged in: to the login page.
        r = z.Client().get("/regform/pdf")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")

    def test_bad_personal_input_keeps_values_and_saves_nothing(self):
        p, c, app = paid(self, "坏值")
        cases = [("ethnicity", "火星族", "请从列表中选择民族。"),
                 ("political_status", "民主党派", "请从列表中选择政治面貌。"),
                 ("phone", "1234", "请填写11位手机号码。"),
                 ("work_start", "2010-13-01", "请按“xxxx年xx月xx日”的格式填写参加工作时间，如：2010年07月01日。"),
                 ("work_start", "2099年01月01日", "参加工作时间不能晚于今天。"),
                 ("native_place", "太原", "请按“xxx省xxx市”的格式填写籍贯，如：山西省太原市。"),
                 ("overseas_relative", "", "请选择是否华侨、港澳、台属。"),
                 ("health", "", "请填写健康状况，如：健康。"),
                 ("address", "长" * 20000, "详细住址不能超过100个字（现有20000个字）。"),
                 ("employer", "", "请填写工作单位（没有工作单位的请填“无”）。")]
        for field, value, message in cases:
            with self.subTest(field=field, value=value[:12]):
                c.get("/regform")
                r = c.post("/regform", dict(PERSONAL, **{field: value}))
                self.assertEqual(r.status, 422)
                self.assertEqual(field_errors(r.text), {field: message})
                self.assertIn('role="alert"', r.text)
                # Every other value is shown again as typed.
                self.assertIn('value="太原市某某科技有限公司"' if field != "employer" else 'value=""', r.text)
                if field != "ethnicity":
                    self.assertIn("<option selected>汉族</option>", r.text)
                self.assertEqual(z.psql("SELECT count(*) FROM registration_forms WHERE application_id = %d" % app), "0")
        # Dates as people type them are accepted and shown in the form's own way.
        fill_personal(self, c, {"work_start": "2010/7/1"})
        self.assertIn('value="2010年07月01日"', c.get("/regform").text)

        bad_resumes = [
            (dict(self_eval="我" * 399), "self_evaluation", "自我鉴定不得少于400字（现有399字，只计汉字）。如需打印后手写，请选择“打印后手写”。"),
            (dict(self_eval="长" * 20000), "self_evaluation", "自我鉴定不能超过2000个字（现有20000个字）。"),
            (dict(rows=[("2004年09月01日", "2008年07月01日", "甲"), ("2007年07月01日", "2010年01月01日", "乙")]),
             "row-2", "第2行：与第1行的时间重叠，请核对起止日期。"),
            (dict(rows=[("2007年07月01日", "2004年09月01日", "甲")]), "row-1", "第1行：起始日期应早于终止日期。"),
            (dict(rows=[("07/01/2004", "2008年07月01日", "甲")]), "row-1",
             "第1行：起始日期格式应为xxxx年xx月xx日（或xxxx年xx月）。"),
            (dict(rows=[("", "", "")] * 3), "resume", "学习或工作经历至少填写一行。"),
            (dict(rows=[("%d年01月01日" % y, "%d年12月01日" % y, "某单位") for y in range(2000, 2011)]), "resume",
             "学习或工作经历最多填写10行。"),
            (dict(members=[("", "父亲", "某单位", "")]), "member-1", "第1位家庭成员：请填写姓名。"),
            (dict(rewards="奖" * 201), "rewards", "奖励或处分不能超过200个字（现有201个字）。"),
        ]
        before = ar.events(app)
        for kw, field, message in bad_resumes:
            with self.subTest(field=field, message=message[:12]):
                c.get("/regform/resume")
                r = c.post("/regform/resume", resume_fields(**kw))
                self.assertEqual(r.status, 422)
                self.assertEqual(field_errors(r.text).get(field), message)
                self.assertEqual(form_row(app), "false:0")
                self.assertEqual(ar.status(app), "paid")
                self.assertEqual(ar.events(app), before)
        # The values come back: the 399 characters and the rows typed.
        c.get("/regform/resume")
        r = c.post("/regform/resume", resume_fields(self_eval="我" * 399))
        self.assertIn("我" * 399, r.text)
        self.assertIn('value="太原市第五中学 学习"', r.text)
        # A button that is not on the page.
        r = c.post("/regform/resume", resume_fields(action="delete"))
        self.assertEqual(r.status, 400)
        self.assertEqual(form_row(app), "false:0")

    def test_rows_add_back_and_ten_rows(self):
        p, c, app = paid(self, "行数")
        fill_personal(self, c)
        c.get("/regform/resume")
        # 增加一行: the page again with one more row, nothing saved.
        r = c.post("/regform/resume", resume_fields(action="add_row", rows=[
            ("2004年09月01日", "2007年07月01日", "太原市第五中学 学习")] + [("", "", "")] * 6))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text.count('name="resume_from"'), 8)
        self.assertIn('value="太原市第五中学 学习"', r.text)
        self.assertEqual(form_row(app), "false:0")
        # 上一步 keeps what was valid.
        r = c.post("/regform/resume", resume_fields(action="back"))
        self.assertEqual((r.status, z.path_of(r.location)), (303, "/regform"))
        self.assertEqual(form_row(app), "true:0")
        self.assertEqual(ar.status(app), "paid")
        ten = [("%d年01月01日" % y, "%d年12月01日" % y, "第%d段经历" % (y - 1999)) for y in range(2000, 2010)]
        export(self, c, rows=ten)
        page = c.get("/regform/resume")
        self.assertEqual(page.text.count('name="resume_from"'), 10)
        self.assertNotIn('value="add_row"', page.text)
        text = flat(PdfFile(c.get("/regform/pdf").body).text())
        for n in (1, 10):
            self.assertIn("第%d段经历" % n, text)

    def test_handwritten_self_evaluation(self):
        p, c, app = paid(self, "手写")
        fill_personal(self, c)
        export(self, c, self_eval="", mode="handwritten")
        pdf = PdfFile(c.get("/regform/pdf").body)
        self.assertRegex(pdf.info(), r"Pages:\s+1\b")
        self.assertIn("自我鉴定", flat(pdf.text()))
        self.assertNotIn(SENTENCE, flat(pdf.text()))
        self.assertIn('value="handwritten" checked', c.get("/regform/resume").text)

    def test_the_pdf_is_the_owners_only(self):
        p, c, app = paid(self, "他人")
        fill_personal(self, c)
        export(self, c)
        mine = c.get("/regform/pdf")
        self.assertEqual(mine.status, 200)
        # Another examinee (not paid) has no form and cannot name this one: there is no id in
        # the URL, and any query is ignored.
        other = z.logged_in(person("旁人").ticket, person("旁人").password)
        for path in ("/regform/pdf", "/regform/pdf?application=%d" % app, "/regform?application=%d" % app):
            r = other.get(path)
            self.assertIn(r.status, (403, 404), path)
            self.assertNotIn(p.name, text_of(r.text) if r.status != 200 else "")
        # Staff do not get the examinee's pages.
        clerk = ar.staff(ar.XIAODIAN)
        self.assertIn(clerk.get("/regform/pdf").status, (303, 403))

    def test_locked_after_materials_returned(self):
        p, c, app = paid(self, "锁定")
        fill_personal(self, c)
        export(self, c)
        clerk = ar.staff(ar.XIAODIAN)
        r = ar.post_decision(clerk, app, "materials-returned")
        self.assertEqual(r.status, 303, text_of(r.text)[:300])
        self.assertEqual(ar.status(app), "materials_returned")
        page = c.get("/regform")
        self.assertEqual(page.status, 200)
        t = text_of(page.text)
        self.assertIn("不能再修改", t)
        self.assertNotIn('action="/regform"', page.text)
        self.assertIn("太原市某某科技有限公司", t)
        self.assertIn(SENTENCE, t)
        r = c.get("/regform/resume")
        self.assertEqual((r.status, z.path_of(r.location)), (303, "/regform"))
        stored = z.psql("SELECT employer || resume_saved_at FROM registration_forms WHERE application_id = %d" % app)
        c.get("/apply/status")
        r = c.post("/regform", dict(PERSONAL, employer="改过的单位"))
        self.assertEqual(r.status, 409)
        self.assertIn("不能再修改", text_of(r.text))
        r = c.post("/regform/resume", resume_fields(self_eval=self_evaluation() + "改"))
        self.assertEqual(r.status, 409)
        self.assertEqual(z.psql("SELECT employer || resume_saved_at FROM registration_forms WHERE application_id = %d"
                                % app), stored)
        pdf = c.get("/regform/pdf")
        self.assertEqual(pdf.status, 200)
        self.assertTrue(pdf.body.startswith(b"%PDF-"))
        self.assertIn('href="/regform"', c.get("/apply/status").text)


if __name__ == "__main__":
    unittest.main()
