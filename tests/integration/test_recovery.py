"""Account recovery that cannot be taken over (ACC-7), through nginx as people would use it.

The attack: knowing only an examinee's 身份证号 and 姓名, someone takes the forgotten-password
path (/register/enrolled) with two photos of their own. Now the request waits for the
clerk of the examinee's county, who compares the new photos with those on record; the
examinee keeps the password and every session, is told by SMS and e-mail (seen in the dev
outbox at /dev/outbox) and can cancel with the link in them, or simply by logging in.

Also: the limits on reset requests and identity look-ups (per 身份证号 and per address),
a production configuration naming the development stand-in refuses to start, and the
session token changes at one's own password change."""
import html as htmlmod
import os
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

import zkclient as z
from test_register import (LUZHOU, XIAODIAN, Person, browser, enrolled_step1, enrolled_submit, examinee_row,
                           login_ok, logged_in, open_verification, post_form, staff_client, status_line, two_photos,
                           verifications)

RESET_WAITING = "已提交报名点人工审核。"


def load_with_contact(people, email=True):
    """Imports `people` as 在籍考生 without a password (their phone, and an e-mail address
    unless email is False); sets db_id and email."""
    lines = []
    for p in people:
        p.email = ("t%s@example.cn" % p.id_number[-8:]) if email else ""
        lines.append(",".join([p.name, p.id_number, p.ticket, "", p.county, "unverified", "汉族", "城镇", "大学本科",
                               "企业职工", "群众", p.phone, p.email]) + "\n")
    z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + "".join(lines)}, timeout=120)
    for p in people:
        p.db_id = examinee_row(p.name)["id"]
    return people


def verified_owner(county=XIAODIAN, email=True):
    """An imported examinee who set a first password with 两照 (the stand-in passes them):
    a verified account with photos on record. Returns the Person."""
    (p,) = load_with_contact([Person(county=county)], email=email)
    c = browser()
    enrolled_step1(c, p.id_number, p.name)
    r = enrolled_submit(c, p.password, two_photos())
    if status_line(r.text) != "身份验证通过。":
        raise AssertionError("the owner's first password was not accepted: %s" % r.text[:500])
    return p


def request_reset(person, new_password, client=None, files=None):
    """The forgotten-password path with fresh photos, from a fresh address unless `client`
    is given (resets are limited per address); returns the result page."""
    c = client or z.Client()
    step2 = enrolled_step1(c, person.id_number, person.name)
    if "<h1>找回密码</h1>" not in step2.text:
        raise AssertionError("not on the 找回密码 page: %d %s" % (step2.status, step2.text[:300]))
    return enrolled_submit(c, new_password, files or two_photos())


def outbox(to):
    """[{id, channel, purpose, body}] of the dev outbox for one recipient, newest first."""
    r = z.Client().get("/dev/outbox?to=" + urllib.parse.quote(to))
    if r.status != 200:
        raise AssertionError("GET /dev/outbox answered %d" % r.status)
    out = []
    for m in re.finditer(r'<article class="message" data-id="(\d+)" data-channel="(\w+)" data-purpose="([\w-]+)"'
                         r'.*?<pre class="body">(.*?)</pre>', r.text, re.S):
        out.append({"id": int(m.group(1)), "channel": m.group(2), "purpose": m.group(3),
                    "body": htmlmod.unescape(m.group(4))})
    return out


def cancel_link(body):
    m = re.search(r"(https?://[^\s]+)(/register/cancel\?r=\d+&t=[0-9a-f]{64})", body)
    if not m:
        raise AssertionError("no cancel link in: %s" % body)
    return m.group(1), m.group(2)


def cancel_form(client, path):
    """GETs the cancel link: returns the page."""
    return client.get(path)


def post_cancel(client, fields):
    """POSTs the cancel form with a valid CSRF token of the client's (taken from the
    login page, so that crafted fields reach the handler)."""
    client.get("/login")
    return client.post("/register/cancel", fields)


def reset_row(verification_id):
    out = z.psql("SELECT status, COALESCE(cancelled_by, '') FROM identity_verifications WHERE id = %d" % verification_id)
    return tuple(out.split("|"))


def latest_reset(examinee_id):
    return int(z.psql("SELECT max(id) FROM identity_verifications WHERE examinee_id = %d AND path = 'reset'" %
                      examinee_id))


def password_hash(examinee_id):
    return z.psql("SELECT password_hash FROM examinees WHERE id = %d" % examinee_id)


class AttackTest(unittest.TestCase):
    def test_attack_changes_nothing_until_a_clerk_decides_and_the_owner_is_told(self):
        owner = verified_owner()
        session = logged_in(owner.id_number, owner.password)
        hash_before = password_hash(owner.db_id)
        sessions_before = int(z.psql("SELECT count(*) FROM sessions WHERE subject_kind = 'examinee' AND "
                                     "subject_id = %d" % owner.db_id))

        attacker_password = "Evil#%s-Pw" % secrets.token_hex(5)
        r = request_reset(owner, attacker_password)
        self.assertEqual(r.status, 200, r.text[:500])
        self.assertEqual(status_line(r.text), RESET_WAITING)
        self.assertNotIn("新密码已生效", r.text)
        vid = latest_reset(owner.db_id)
        self.assertEqual(reset_row(vid), ("manual", ""))

        # Nothing about the account changed: password, sessions, identity.
        self.assertEqual(password_hash(owner.db_id), hash_before)
        self.assertEqual(int(z.psql("SELECT count(*) FROM sessions WHERE subject_kind = 'examinee' AND "
                                    "subject_id = %d" % owner.db_id)), sessions_before)
        self.assertEqual(session.get("/").status, 200)
        self.assertEqual(examinee_row(owner.name)["identity_status"], "verified")
        self.assertFalse(login_ok(owner.id_number, attacker_password), "the attacker cannot log in")
        self.assertFalse(login_ok(owner.ticket, attacker_password))

        # The owner is told: one SMS to the registered phone, one mail to the registered
        # address, each with the same one-time cancel link on the configured origin.
        sms = [m for m in outbox(owner.phone) if m["purpose"] == "reset_requested"]
        mail = [m for m in outbox(owner.email) if m["purpose"] == "reset_requested"]
        self.assertEqual([m["channel"] for m in sms], ["sms"])
        self.assertEqual([m["channel"] for m in mail], ["mail"])
        origin, path = cancel_link(sms[0]["body"])
        self.assertEqual(origin, os.environ["ZIKAO_BASE_URL"], "links use the configured public_base_url")
        self.assertEqual(cancel_link(mail[0]["body"])[1], path)
        self.assertIn("r=%d&" % vid, path)
        self.assertIn("如非本人操作", sms[0]["body"])
        self.assertIn(owner.ticket[-4:], sms[0]["body"])
        self.assertNotIn(owner.id_number, sms[0]["body"] + mail[0]["body"])
        # The token is stored only as its hash.
        token = path.rsplit("t=", 1)[1]
        self.assertEqual(z.psql("SELECT encode(cancel_token_hash, 'hex') FROM identity_verifications WHERE id = %d"
                                % vid), z.sha256_hex(token))

        # The clerk of the examinee's county compares the new photos with those on record.
        clerk = staff_client("xiaodian", "Staff@2025")
        detail = clerk.get("/admin/verifications/%d" % vid)
        self.assertEqual(detail.status, 200)
        self.assertIn("找回密码：与存档照片核对", detail.text)
        record_ids = set(z.psql(
            "SELECT string_agg(p::text, ',') FROM identity_verifications v, "
            "unnest(ARRAY[v.id_front_photo_id, v.id_in_hand_photo_id]) p "
            "WHERE v.examinee_id = %d AND v.path = 'enrolled' AND v.status = 'approved'" % owner.db_id).split(","))
        new_ids = set(z.psql("SELECT id_front_photo_id || ',' || id_in_hand_photo_id FROM identity_verifications "
                             "WHERE id = %d" % vid).split(","))
        shown_record = set(re.findall(r'<img src="/admin/photos/(\d+)" alt="存档', detail.text))
        shown_all = set(re.findall(r'<img src="/admin/photos/(\d+)"', detail.text))
        self.assertEqual(shown_record, record_ids, "the photos on record are shown")
        self.assertEqual(shown_all, record_ids | new_ids, "beside the new ones")
        for pid in shown_all:
            self.assertTrue(clerk.get("/admin/photos/%s" % pid).body.startswith(b"\xff\xd8"))

        # A clerk of another county cannot see or decide it; nothing changes.
        other = staff_client("luzhou", "Staff@2025")
        self.assertEqual(other.get("/admin/verifications/%d" % vid).status, 404)
        self.assertEqual(other.post("/admin/verifications/%d/approve" % vid, {}).status, 404)
        self.assertEqual(reset_row(vid), ("manual", ""))
        self.assertEqual(password_hash(owner.db_id), hash_before)
        self.assertEqual(session.get("/").status, 200)

    def test_the_owners_cancel_link_ends_the_request(self):
        owner = verified_owner()
        attacker_password = "Evil#%s-Pw" % secrets.token_hex(5)
        request_reset(owner, attacker_password)
        vid = latest_reset(owner.db_id)
        _, path = cancel_link(outbox(owner.phone)[0]["body"])
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))

        # Following the link only asks (a mail scanner fetching it changes nothing).
        c = browser()
        page = cancel_form(c, path)
        self.assertEqual(page.status, 200, page.text[:300])
        self.assertIn("取消该申请", page.text)
        self.assertEqual(reset_row(vid), ("manual", ""))

        # A wrong token, or this token with another request's number: refused, nothing changed.
        for bad in ({"r": query["r"], "t": "0" * 64}, {"r": str(vid - 1), "t": query["t"]},
                    {"r": query["r"], "t": query["t"][:-1]}, {"r": "x", "t": query["t"]}):
            r = post_cancel(c, bad)
            with self.subTest(fields=bad):
                self.assertEqual(r.status, 404, r.text[:300])
                self.assertIn("取消链接无效", r.text)
        self.assertEqual(reset_row(vid), ("manual", ""))

        r = post_cancel(c, query)
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertIn("找回密码申请已取消", r.text)
        self.assertEqual(reset_row(vid), ("cancelled", "link"))

        # Used twice: a message, nothing changed.
        again = post_cancel(browser(), query)
        self.assertEqual(again.status, 409)
        self.assertIn("已经取消", again.text)
        # The clerk can no longer approve it, and the attacker's password never works.
        clerk = staff_client("xiaodian", "Staff@2025")
        self.assertEqual(clerk.get("/admin/verifications/%d" % vid).status, 200)
        self.assertEqual(clerk.post("/admin/verifications/%d/approve" % vid, {}).status, 409)
        self.assertFalse(login_ok(owner.id_number, attacker_password))
        self.assertTrue(login_ok(owner.id_number, owner.password))

    def test_logging_in_with_the_old_password_cancels_the_request(self):
        owner = verified_owner(county=LUZHOU, email=False)
        attacker_password = "Evil#%s-Pw" % secrets.token_hex(5)
        request_reset(owner, attacker_password)
        vid = latest_reset(owner.db_id)
        self.assertEqual([m["channel"] for m in outbox(owner.phone)], ["sms"], "no e-mail on record: SMS only")
        self.assertEqual(reset_row(vid), ("manual", ""))
        self.assertTrue(login_ok(owner.ticket, owner.password))
        self.assertEqual(reset_row(vid), ("cancelled", "login"))
        # Its link now says so.
        _, path = cancel_link(outbox(owner.phone)[0]["body"])
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
        r = post_cancel(browser(), query)
        self.assertEqual(r.status, 409)
        self.assertIn("已经取消", r.text)
        self.assertFalse(login_ok(owner.id_number, attacker_password))

    def test_the_right_clerk_confirms_a_genuine_reset(self):
        owner = verified_owner()
        old_session = logged_in(owner.id_number, owner.password)
        new_password = "New#%s-Pw" % secrets.token_hex(5)
        request_reset(owner, new_password)
        vid = open_verification(owner.db_id)

        clerk = staff_client("xiaodian", "Staff@2025")
        self.assertEqual(clerk.get("/admin/verifications/%d" % vid).status, 200)
        r = clerk.post("/admin/verifications/%d/approve" % vid, {"checked": "1"})
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(reset_row(vid), ("approved", ""))
        self.assertEqual(z.psql("SELECT count(*) FROM staff_audit_log WHERE action = 'identity.approve' AND "
                                "subject = 'identity_verification:%d'" % vid), "1")
        # The new password works, the old one does not, old sessions are gone.
        self.assertEqual(z.session_rows(old_session.session_token), 0)
        self.assertEqual(old_session.get("/").status, 303)
        self.assertFalse(login_ok(owner.id_number, owner.password))
        self.assertTrue(login_ok(owner.id_number, new_password))
        # The owner hears of the decision too: had an impostor misled the clerk, the real
        # examinee knows at once whom to call.
        for to, channel in ((owner.phone, "sms"), (owner.email, "mail")):
            done = [m for m in outbox(to) if m["purpose"] == "reset_approved"]
            self.assertEqual([m["channel"] for m in done], [channel])
            self.assertIn("新密码已生效", done[0]["body"])
            self.assertIn("如非本人操作", done[0]["body"])
        # The cancel link after the decision: refused with a message, nothing changed.
        _, path = cancel_link([m for m in outbox(owner.phone) if m["purpose"] == "reset_requested"][0]["body"])
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
        r = post_cancel(browser(), query)
        self.assertEqual(r.status, 409)
        self.assertIn("审核通过", r.text)
        self.assertEqual(reset_row(vid), ("approved", ""))

    def test_unknown_or_mismatched_pair_is_refused(self):
        owner = verified_owner()
        c = browser()
        for id_number, name in ((owner.id_number, owner.name[:-1] + "甲"), (z.unique_id_number(), owner.name)):
            r = enrolled_step1(c, id_number, name)
            with self.subTest(id_number=id_number, name=name):
                self.assertEqual(r.status, 400)
                self.assertIn("没有找到与该身份证号和姓名相符的考籍信息", r.text)
        self.assertEqual([v[1] for v in verifications(owner.db_id)], ["enrolled"])


class LimitsTest(unittest.TestCase):
    def test_fourth_reset_of_a_day_is_refused(self):
        owner = verified_owner()
        for i in range(3):
            r = request_reset(owner, "Try#%d-%s" % (i, secrets.token_hex(4)))
            self.assertEqual(status_line(r.text), RESET_WAITING)
        before = verifications(owner.db_id)
        messages_before = len(outbox(owner.phone))
        r = request_reset(owner, "Try#4-%s" % secrets.token_hex(4))
        self.assertEqual(r.status, 429, r.text[:300])
        self.assertIn("今天的找回密码申请已达3次", r.text)
        self.assertEqual(verifications(owner.db_id), before, "nothing stored")
        self.assertEqual(len(outbox(owner.phone)), messages_before, "nothing sent")
        # Each earlier request superseded the one before; the owner was told each time.
        self.assertEqual([v[2] for v in before if v[1] == "reset"], ["superseded", "superseded", "manual"])
        self.assertEqual(messages_before, 3)

    def test_resets_per_address_are_limited(self):
        address = z.new_address()
        people = [verified_owner() for _ in range(4)]
        for p in people[:3]:
            r = request_reset(p, "Try#%s-Pw" % secrets.token_hex(4), client=z.Client(address))
            self.assertEqual(status_line(r.text), RESET_WAITING)
        r = request_reset(people[3], "Try#%s-Pw" % secrets.token_hex(4), client=z.Client(address))
        self.assertEqual(r.status, 429, r.text[:300])
        self.assertIn("当前网络提交的找回密码申请过多", r.text)
        self.assertEqual([v[1] for v in verifications(people[3].db_id)], ["enrolled"])
        # Another address is not affected.
        r = request_reset(people[3], "Try#%s-Pw" % secrets.token_hex(4))
        self.assertEqual(status_line(r.text), RESET_WAITING)

    def test_identity_lookups_per_id_are_limited(self):
        p = verified_owner()
        # The owner's registration made two look-ups (step 1 and step 2); eight more from
        # different addresses reach the ten of a day.
        for _ in range(8):
            r = enrolled_step1(browser(), p.id_number, p.name)
            self.assertEqual(r.status, 200, r.text[:300])
        r = enrolled_step1(browser(), p.id_number, p.name)
        self.assertEqual(r.status, 429, r.text[:300])
        self.assertIn("该身份证号今天的核对次数已达上限", r.text)
        self.assertIn("<h1>在籍考生认证</h1>", r.text, "still step 1: no answer about the name")
        # /register/new answers "已经注册" from the same count: refused too.
        c = browser()
        c.get("/register/new")
        r = post_form(c, "/register/new", p.new_fields(), {})
        self.assertEqual(r.status, 429, r.text[:300])
        self.assertIn("该身份证号今天的核对次数已达上限", r.text)
        self.assertNotIn("该身份证号已经注册", r.text)

    def test_identity_lookups_per_address_are_limited(self):
        address = z.new_address()
        # The address has already made 30 look-ups this hour (as a script would).
        z.psql("INSERT INTO limit_events (action, subject) SELECT 'identity_lookup', convert_to('a:%s', 'UTF8') "
               "FROM generate_series(1, 30)" % address)
        r = enrolled_step1(z.Client(address), z.unique_id_number(), "张三")
        self.assertEqual(r.status, 429, r.text[:300])
        self.assertIn("当前网络的核对次数过多", r.text)
        self.assertNotIn("没有找到", r.text)
        # A look-up from another address is answered.
        r = enrolled_step1(browser(), z.unique_id_number(), "张三")
        self.assertEqual(r.status, 400)
        self.assertIn("没有找到与该身份证号和姓名相符的考籍信息", r.text)

    def test_register_new_taken_answer_is_counted(self):
        count = lambda: int(z.psql("SELECT count(*) FROM limit_events WHERE action = 'identity_lookup'"))
        before = count()
        c = browser()
        c.get("/register/new")
        person = Person()
        person.id_number = z.ZHANG["id"]
        r = post_form(c, "/register/new", person.new_fields(), {})
        self.assertEqual(r.status, 400)
        self.assertIn("该身份证号已经注册", r.text)
        self.assertEqual(count(), before + 2, "one event for the 身份证号, one for the address")


def bindir():
    """The directory of the module binaries under test (from $ZIKAO_CTL)."""
    for word in shlex.split(os.environ["ZIKAO_CTL"]):
        if word.endswith("/zikao-ctl"):
            return os.path.dirname(word)
    raise RuntimeError("no zikao-ctl in $ZIKAO_CTL")


class ProductionGuardTest(unittest.TestCase):
    def check(self, module, extra_lines, drop_keys):
        """Runs `zikao-MODULE --check` with the test stack's configuration minus
        `drop_keys` plus `extra_lines`; returns (exit status, output)."""
        with open(os.path.join(os.environ["ZIKAO_VAR"], "zikao.conf"), encoding="utf-8") as f:
            lines = [l for l in f.read().splitlines() if l.split("=")[0].strip() not in drop_keys]
        path = os.path.join(os.environ["ZIKAO_VAR"], "prod-guard-%s.conf" % secrets.token_hex(4))
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines + extra_lines) + "\n")
        os.chmod(path, 0o644)
        try:
            as_user = shlex.split(os.environ["ZIKAO_CTL"])
            prefix = as_user[:as_user.index(next(w for w in as_user if w.endswith("/zikao-ctl")))]
            p = subprocess.run(prefix + [os.path.join(bindir(), "zikao-" + module), "--config", path, "--check"],
                               capture_output=True, text=True, timeout=60, cwd="/")
            return p.returncode, p.stdout + p.stderr
        finally:
            os.unlink(path)

    def test_local_verifier_without_the_development_switch_refuses_to_start(self):
        for module in ("login", "verify", "center"):
            code, out = self.check(module, ["sms_gateway = http", "mail_transport = smtp"], {"development_stand_ins"})
            with self.subTest(module=module):
                self.assertNotEqual(code, 0, out)
                self.assertIn("identity_verifier = local is a development stand-in", out)

    def test_outbox_transports_without_the_switch_refuse_to_start(self):
        code, out = self.check("login", ["identity_verifier = manual"],
                               {"development_stand_ins", "identity_verifier"})
        self.assertNotEqual(code, 0, out)
        self.assertIn("sms_gateway = outbox is a development stand-in", out)
        self.assertIn("mail_transport = outbox is a development stand-in", out)

    def test_production_choices_start(self):
        code, out = self.check("login", ["identity_verifier = manual", "sms_gateway = http", "mail_transport = smtp",
                                         "public_base_url = https://bysq.example.cn",
                                         "chsi_authorize_url = https://account.chsi.example/oauth/authorize"],
                               {"development_stand_ins", "identity_verifier", "sms_gateway", "mail_transport",
                                "public_base_url", "chsi_authorize_url"})
        self.assertEqual(code, 0, out)

    def test_chsi_simulator_without_the_switch_refuses_to_start(self):
        code, out = self.check("verify", ["identity_verifier = manual", "sms_gateway = http", "mail_transport = smtp"],
                               {"development_stand_ins", "identity_verifier", "sms_gateway", "mail_transport",
                                "chsi_authorize_url"})
        self.assertNotEqual(code, 0, out)
        self.assertIn("chsi_authorize_url is not set", out)

    def test_missing_public_base_url_refuses_to_start(self):
        code, out = self.check("login", [], {"public_base_url"})
        self.assertNotEqual(code, 0, out)
        self.assertIn("public_base_url", out)


class PasswordChangeSessionTest(unittest.TestCase):
    def test_token_changes_at_ones_own_password_change(self):
        owner = verified_owner()
        c = logged_in(owner.id_number, owner.password)
        other = logged_in(owner.ticket, owner.password)
        old_token = c.session_token
        c.get("/password")
        new_password = "Chg#%s-Pw" % secrets.token_hex(5)
        r = c.post("/password", {"old_password": owner.password, "new_password": new_password,
                                 "confirm_password": new_password})
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertIn("密码已修改。", r.text)
        self.assertNotEqual(c.session_token, old_token, "a new session token")
        self.assertEqual(z.session_rows(old_token), 0, "the old token is gone")
        self.assertEqual(z.session_rows(c.session_token), 1)
        self.assertEqual(c.get("/").status, 200, "still logged in, on the new token")
        self.assertEqual(other.get("/").status, 303, "other sessions end")
        # The page's forms belong to the new session: logging out from it works.
        new_token = c.session_token
        r = c.post("/logout", {})
        self.assertEqual(r.status, 303)
        self.assertEqual(z.session_rows(new_token), 0)



class LimitConfigurationTest(unittest.TestCase):
    """A bad 找回密码 limit in the configuration stops the login module when it starts
    (here: --check, which builds the module exactly as a start does), not at the first
    look-up an examinee makes."""

    def test_a_non_positive_limit_stops_the_module_at_check(self):
        cmd = z._cmd("ZIKAO_CTL")
        i = cmd.index("--config")
        login = os.path.join(os.path.dirname(cmd[i - 1]), "zikao-login")
        with open(cmd[i + 1], encoding="utf-8") as f:
            conf = f.read()
        tmp = tempfile.mkdtemp(prefix="zikao-limits-")
        os.chmod(tmp, 0o755)
        try:
            path = os.path.join(tmp, "zikao.conf")
            for extra, ok in (("", True), ("limit_resets_per_id_day = 0\n", False)):
                with open(path, "w", encoding="utf-8") as f:
                    f.write(conf + "\n" + extra)
                os.chmod(path, 0o644)
                p = subprocess.run(cmd[:i - 1] + [login, "--config", path, "--check"],
                                   capture_output=True, text=True, timeout=60, cwd="/")
                if ok:
                    self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                else:
                    self.assertNotEqual(p.returncode, 0, p.stdout + p.stderr)
                    self.assertIn("limit_resets_per_id_day", p.stdout + p.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
