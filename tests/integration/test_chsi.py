"""学信网学历验证 (CHSI-1 … CHSI-4): the QR code page, the simulator's 确认授权, the signed
callback (stored once, idempotent, bound to a pending unexpired state, refused when
tampered or signed by another key), the verified-records page with masked 证件号码, the
CHSI-4 verdict for the name-mismatch demo examinee 刘洋 (whose transcript qualifies for
080901, so the mismatch is what stops his 本科 application), and access control.

Signing for the hostile callbacks uses the stack's own simulator key
($ZIKAO_VAR/keys/chsi_sim_private.pem) through `openssl pkeyutl -rawin`."""
import base64
import html
import os
import re
import secrets
import subprocess
import tempfile
import time
import unittest
import urllib.parse

import test_apply as ap
import zkclient as z

ZHAO = {"name": "赵敏", "id": "140105199208160046", "ticket": "010120100004"}
LIU = {"name": "刘洋", "id": "140105199504150010", "ticket": "010120100005"}
SIM_KEY = os.path.join(os.environ.get("ZIKAO_VAR", ""), "keys", "chsi_sim_private.pem")
PUBLIC_KEY = os.path.join(os.environ.get("ZIKAO_VAR", ""), "keys", "chsi_public.pem")
FIELDS = ("name", "id_number", "gender", "school", "major", "level", "study_form", "category",
          "entry_year", "graduation_year", "conclusion")


def q(s):
    return urllib.parse.quote(str(s), safe="-._~")


def encode_payload(state, records, issued_at=None):
    """The canonical payload of common/domain/chsi.cpp encode_payload()."""
    out = "v=1&state=%s&issued_at=%d&count=%d" % (q(state), issued_at or int(time.time()), len(records))
    for i, r in enumerate(records):
        for f in FIELDS:
            out += "&%s.%d=%s" % (f, i, q(r[f]))
    return out


def sign(message, key_path=SIM_KEY):
    with tempfile.NamedTemporaryFile() as f:
        f.write(message.encode("utf-8"))
        f.flush()
        p = subprocess.run(["openssl", "pkeyutl", "-sign", "-rawin", "-inkey", key_path, "-in", f.name],
                           capture_output=True, timeout=30)
    if p.returncode != 0:
        raise RuntimeError("openssl sign failed: %s" % p.stderr.decode())
    return base64.b64encode(p.stdout).decode("ascii")


def other_key(directory):
    path = os.path.join(directory, "other.pem")
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", path], check=True,
                   capture_output=True, timeout=30)
    return path


def examinee_id(ticket):
    return int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % ticket))


def auth_row(state):
    return z.psql("SELECT status FROM chsi_authorizations WHERE state = '%s'" % state)


def records_of_state(state):
    return int(z.psql("SELECT count(*) FROM chsi_records r JOIN chsi_authorizations a ON a.id = r.authorization_id "
                      "WHERE a.state = '%s'" % state))


def start(c):
    """获取学信网二维码: returns (page text, simulator URL, state)."""
    page = c.get("/verify/chsi")
    assert page.status == 200, page.text[:300]
    r = c.post("/verify/chsi", {})
    assert r.status == 303 and z.path_of(r.location) == "/verify/chsi", (r.status, r.text[:300])
    page = c.get("/verify/chsi")
    m = re.search(r'href="(/chsi-sim/authorize\?state=([0-9a-f]{64}))"', page.text)
    assert m, page.text[:2000]
    return page.text, html.unescape(m.group(1)), m.group(2)


def simulate(c, url):
    """The simulator: open the QR link, 确认授权; returns the signed callback fields."""
    page = c.get(url)
    assert page.status == 200, page.text[:300]
    assert "学信网（模拟）" in page.text and "确认授权" in page.text
    state = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["state"][0]
    r = c.post("/chsi-sim/authorize", {"state": state})
    assert r.status == 200, r.text[:500]
    fields = {i.get("name"): i.get("value") for i in c.inputs() if i.get("type") == "hidden"}
    assert fields.get("payload") and fields.get("signature"), r.text[:1000]
    return {"state": fields["state"], "payload": fields["payload"], "signature": fields["signature"]}


def callback(fields):
    return z.Client().post("/verify/chsi/callback", fields, csrf=False)


class ChsiFlowTest(unittest.TestCase):
    def test_zhang_full_flow_and_idempotent_callback(self):
        c = z.logged_in(z.ZHANG["ticket"])
        text, url, state = start(c)
        for s in ("山西省高等教育自学考试学信网学历验证", "获取学信网二维码", "查看已验证学历信息", "返回首页",
                  "申请自学考试本科学历的考生须授权验证其前置学历", "<svg", "等待学信网授权"):
            self.assertIn(s, text)
        self.assertNotIn("<script", text)
        self.assertEqual(auth_row(state), "pending")
        fields = simulate(c, url)
        self.assertNotIn(z.ZHANG["id"], c.last.text.replace(fields["payload"], "").replace(
            html.escape(fields["payload"]), ""), "the simulator page shows the ID number only masked")

        r = callback(fields)
        self.assertEqual((r.status, r.text.strip()), (200, "OK"))
        self.assertEqual(auth_row(state), "completed")
        self.assertEqual(records_of_state(state), 1)
        page = c.get("/verify/chsi")
        self.assertIn("验证完成", page.text)

        rec = c.get("/verify/chsi/records")
        self.assertEqual(rec.status, 200)
        for s in ("山西省高等教育自学考试学信网已验证学历信息", "姓名", "证件号码", "准考证号", "院校名称", "专业名称",
                  "层次", "学习形式", "学历类别", "入学年份", "毕业年份", "毕业结论", "学信网验证时间",
                  "打印", "返回首页", "山西职业技术学院", "计算机应用技术", "专科", "普通全日制", "2009", "2012",
                  z.ZHANG["ticket"], z.ZHANG["masked_id"]):
            self.assertIn(s, rec.text)
        self.assertNotIn(z.ZHANG["id"], rec.text)
        self.assertIn("可以申请本科毕业", rec.text)
        # Stored encrypted: the plaintext ID number appears nowhere in the table.
        self.assertNotIn(z.ZHANG["id"], z.psql("SELECT encode(id_number_enc, 'escape') FROM chsi_records"))

        # The same signed callback again: 200 OK, nothing changes.
        r = callback(fields)
        self.assertEqual((r.status, r.text.strip()), (200, "OK"))
        self.assertEqual(records_of_state(state), 1)
        self.assertEqual(int(z.psql("SELECT count(*) FROM chsi_records WHERE examinee_id = %d"
                                    % examinee_id(z.ZHANG["ticket"]))), 1)
        # The used QR code no longer opens the simulator.
        self.assertEqual(c.get(url).status, 410)

    def test_browser_carried_callback_returns_to_page(self):
        c = z.logged_in(z.LI["ticket"])
        _, url, state = start(c)
        fields = simulate(c, url)
        fields["via"] = "browser"
        r = c.post("/verify/chsi/callback", fields, csrf=False)
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/verify/chsi")
        self.assertEqual(auth_row(state), "completed")
        self.assertIn("太原城市职业技术学院", c.get("/verify/chsi/records").text)

    def test_tampered_and_wrong_key_refused(self):
        c = z.logged_in(ZHAO["ticket"])
        _, url, state = start(c)
        fields = simulate(c, url)
        tampered = dict(fields, payload=fields["payload"].replace(q("专科"), q("本科")))
        self.assertNotEqual(tampered["payload"], fields["payload"])
        r = callback(tampered)
        self.assertEqual(r.status, 403)
        with tempfile.TemporaryDirectory() as d:
            r = callback(dict(fields, signature=sign(fields["payload"], other_key(d))))
        self.assertEqual(r.status, 403)
        r = callback(dict(fields, signature=""))
        self.assertEqual(r.status, 403)
        self.assertEqual(auth_row(state), "pending")
        self.assertEqual(records_of_state(state), 0)
        # The genuine one still works afterwards.
        self.assertEqual(callback(fields).status, 200)
        self.assertEqual(records_of_state(state), 1)

    def test_unknown_expired_and_mismatched_state(self):
        record = {"name": "赵敏", "id_number": ZHAO["id"], "gender": "F", "school": "假大学", "major": "假专业",
                  "level": "本科", "study_form": "普通全日制", "category": "普通", "entry_year": 2010,
                  "graduation_year": 2014, "conclusion": "毕业"}
        unknown = secrets.token_hex(32)
        body = encode_payload(unknown, [record])
        r = callback({"state": unknown, "payload": body, "signature": sign(body)})
        self.assertEqual(r.status, 400)
        self.assertEqual(auth_row(unknown), "")

        expired = secrets.token_hex(32)
        z.psql("INSERT INTO chsi_authorizations (examinee_id, state, expires_at) VALUES (%d, '%s', now() - "
               "interval '1 minute')" % (examinee_id(ZHAO["ticket"]), expired))
        body = encode_payload(expired, [record])
        r = callback({"state": expired, "payload": body, "signature": sign(body)})
        self.assertEqual(r.status, 400)
        self.assertEqual(records_of_state(expired), 0)
        self.assertEqual(auth_row(expired), "expired")
        self.assertEqual(int(z.psql("SELECT count(*) FROM chsi_records WHERE school = '假大学'")), 0)

        # A signed payload presented under another state field.
        r = callback({"state": unknown, "payload": body, "signature": sign(body)})
        self.assertEqual(r.status, 400)

    def test_new_qr_expires_older_pending(self):
        c = z.logged_in(z.ZHANG["ticket"])
        _, _, first = start(c)
        _, _, second = start(c)
        self.assertNotEqual(first, second)
        self.assertEqual(auth_row(first), "expired")
        self.assertEqual(auth_row(second), "pending")


class ChsiNameMismatchTest(unittest.TestCase):
    def test_liu_records_stored_but_benke_blocked(self):
        c = z.logged_in(LIU["ticket"])
        _, url, state = start(c)
        self.assertEqual(callback(simulate(c, url)).status, 200)
        rec = c.get("/verify/chsi/records")
        self.assertIn("刘阳", rec.text)   # 学信网's name differs from 刘洋
        self.assertIn("刘洋", rec.text)
        self.assertIn("不完全一致", rec.text)
        self.assertIn("市（县、区）招办", rec.text)
        self.assertNotIn("可以申请本科毕业", rec.text)

    def test_liu_qualifies_for_the_major_but_the_mismatch_stops_the_application(self):
        """刘洋's transcript qualifies for 太原理工大学 080901 计算机科学与技术(本科), so what stops
        him is the 学信网 name (刘阳), on the confirm page and at 提交."""
        c = z.logged_in(LIU["ticket"])
        _, url, _ = start(c)
        self.assertEqual(callback(simulate(c, url)).status, 200)
        examinee = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % LIU["ticket"]))
        confirm = ap.to_confirm(self, c)  # 限制条件 passed: the majors page led on to confirm
        block = "学信网验证的前置学历信息（姓名、身份证号、性别）与本人报考信息不完全一致，不能提交本科毕业申请。"
        self.assertIn(block, html.unescape(confirm.text))
        r = c.post("/apply/submit", {"confirm_submit": "1"})
        self.assertEqual(r.status, 400)
        self.assertIn(block, html.unescape(r.text))
        self.assertEqual(z.psql("SELECT string_agg(status, ',') FROM applications WHERE examinee_id = %d" % examinee),
                         "draft")


class ChsiAccessTest(unittest.TestCase):
    def test_anonymous_redirected_to_login(self):
        for path in ("/verify/chsi", "/verify/chsi/records"):
            r = z.Client().get(path)
            self.assertEqual(r.status, 303)
            self.assertEqual(z.path_of(r.location), "/login")

    def test_anonymous_post_refused(self):
        r = z.Client().post("/verify/chsi", {}, csrf=False)
        self.assertEqual(r.status, 403)

    def test_unknown_state_in_simulator(self):
        self.assertEqual(z.Client().get("/chsi-sim/authorize?state=" + secrets.token_hex(32)).status, 404)
        self.assertEqual(z.Client().get("/chsi-sim/authorize?state=%3Cscript%3E").status, 404)

    def test_missing_public_key_is_a_clear_page(self):
        c = z.logged_in(z.ZHANG["ticket"])
        moved = PUBLIC_KEY + ".moved"
        os.rename(PUBLIC_KEY, moved)
        try:
            r = c.get("/verify/chsi")
        finally:
            os.rename(moved, PUBLIC_KEY)
        self.assertEqual(r.status, 503)
        self.assertIn("学信网验证公钥", r.text)
        self.assertEqual(c.get("/verify/chsi").status, 200)


if __name__ == "__main__":
    unittest.main()
