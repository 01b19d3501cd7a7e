"""test_messages: messages to examinees (SMS and e-mail) and how they leave the system.

- `zikao-ctl send-test-message` queues a message; with the stack's `outbox` stand-ins it
  stays in outbound_messages and shows on the dev page /dev/outbox (through nginx), and
  `deliver-messages` leaves it alone.
- With real transports, pointed at sinks in this process (a Python HTTP server as the SMS
  gateway, a minimal SMTP server as the mail server), `deliver-messages` sends each due
  message exactly once: the gateway gets the phone and text as JSON with the bearer token,
  the mail server an RFC 5322 message with a UTF-8 subject and a base64 body.
- A failing gateway defers the message with back-off (attempts, next_attempt_at), the
  tenth failure gives it up, and a fixed gateway gets it once.
- Stand-ins without `development_stand_ins`, and recipients with CR/LF, are refused.
- purge-sessions removes old limit events and old messages.

The configuration copies are written into $ZIKAO_VAR (mode 0644; the token file 0600 and
owned like $ZIKAO_VAR), because zikao-ctl may run as the stack user; they are removed
afterwards. Messages queued by other tests are parked (next_attempt_at + 100 years) while
a test runs real deliveries, and put back after, so only this test's messages reach the
sinks and other tests' messages are not touched.
"""
import base64
import email
import email.header
import email.policy
import html
import json
import os
import re
import secrets
import socketserver
import subprocess
import threading
import time
import unittest
import urllib.parse

import zkclient as z

TEST_TEXT = "山西省高等教育自学考试毕业网上申请：这是一条测试消息。"
TEST_SUBJECT = "山西省高等教育自学考试毕业网上申请：测试邮件"
MAIL_FROM = "bysq@zikao-test.example"
SUMMARY = re.compile(r"^messages: (\d+) sent, (\d+) deferred, (\d+) failed, (\d+) kept in outbox$", re.M)
ARTICLE = re.compile(r'<article class="message" data-id="(\d+)" data-channel="(sms|mail)" data-purpose="([^"]*)">'
                     r'(.*?)</article>', re.S)


def unique_phone():
    return "139%08d" % secrets.randbelow(10 ** 8)


def unique_mail():
    return "msg-%s@example.cn" % secrets.token_hex(6)


def ctl(*args, config=None):
    cmd = z._cmd("ZIKAO_CTL")
    if config:
        cmd[cmd.index("--config") + 1] = config
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=120, cwd="/")


def queue(channel, recipient):
    p = ctl("send-test-message", channel, recipient)
    if p.returncode != 0:
        raise AssertionError("send-test-message failed (%d): %s" % (p.returncode, p.stderr))
    return int(re.search(r"queued message (\d+)", p.stdout).group(1))


def deliver(testcase, config=None):
    """Runs deliver-messages; returns (sent, deferred, failed, kept)."""
    p = ctl("deliver-messages", config=config)
    testcase.assertEqual(0, p.returncode, p.stderr)
    m = SUMMARY.search(p.stdout)
    testcase.assertIsNotNone(m, p.stdout)
    return tuple(int(g) for g in m.groups())


def row(message_id):
    """attempts, sent, failed, seconds until next_attempt_at, last_error of one message."""
    out = z.psql("SELECT attempts, sent_at IS NOT NULL, failed_at IS NOT NULL, "
                 "round(extract(epoch FROM next_attempt_at - now())), coalesce(last_error, '') "
                 "FROM outbound_messages WHERE id = %d" % message_id)
    attempts, sent, failed, wait, error = out.split("|", 4)
    return {"attempts": int(attempts), "sent": sent == "t", "failed": failed == "t", "wait": float(wait),
            "error": error}


def outbox_page(recipient=None):
    """The dev outbox page through nginx: (status, {id: article dict})."""
    path = "/dev/outbox" + ("?to=" + urllib.parse.quote(recipient, safe="") if recipient is not None else "")
    r = z.Client().get(path)
    articles = {}
    for mid, channel, purpose, inner in ARTICLE.findall(r.text):
        body = re.search(r'<pre class="body">(.*?)</pre>', inner, re.S)
        recipient_m = re.search(r'<span class="recipient">(.*?)</span>', inner, re.S)
        status = re.search(r'<span class="status">(.*?)</span>', inner, re.S)
        subject = re.search(r'<p class="subject">主题：(.*?)</p>', inner, re.S)
        articles[int(mid)] = {
            "channel": channel, "purpose": purpose,
            "body": html.unescape(body.group(1)) if body else None,
            "recipient": html.unescape(recipient_m.group(1)) if recipient_m else None,
            "status": status.group(1) if status else None,
            "subject": html.unescape(subject.group(1)) if subject else None,
        }
    return r, articles


def var_owner():
    st = os.stat(os.environ["ZIKAO_VAR"])
    return st.st_uid, st.st_gid


class ConfigCopy:
    """The stack's configuration with keys replaced or removed, in $ZIKAO_VAR (0644)."""

    def __init__(self, overrides, remove=()):
        var = os.environ["ZIKAO_VAR"]
        with open(os.path.join(var, "zikao.conf"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        gone = set(overrides) | set(remove)
        kept = [line for line in lines if line.split("=", 1)[0].strip() not in gone]
        kept += ["%s = %s" % kv for kv in overrides.items()]
        self.path = os.path.join(var, "tmp-msg-%s.conf" % secrets.token_hex(6))
        with open(self.path, "w", encoding="utf-8") as f:
            f.write("\n".join(kept) + "\n")
        os.chmod(self.path, 0o644)

    def remove(self):
        os.unlink(self.path)


# ---- the sinks ------------------------------------------------------------------------------

class SmsGatewaySink(z.HttpSink):
    """The SMS gateway: answers every POST with `status` (after `delay` seconds); records each request."""

    def __init__(self):
        self.status = 200
        self.delay = 0.0  # seconds before answering
        super().__init__(self._answer, "/send")

    def _answer(self, request):
        time.sleep(self.delay)
        return self.status, "application/json", b"{}"


class SmtpSink:
    """A minimal SMTP server (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no STARTTLS, no
    AUTH): records envelope and data of every accepted message."""

    def __init__(self):
        self.messages = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def say(self, text):
                self.wfile.write(text.encode("ascii") + b"\r\n")

            def handle(self):
                self.say("220 sink.zikao-test.example ESMTP")
                sender, recipients = None, []
                while True:
                    line = self.rfile.readline(4096)
                    if not line:
                        return
                    command = line.decode("ascii", "replace").rstrip("\r\n")
                    verb = command[:4].upper()
                    if verb == "EHLO":
                        self.say("250-sink.zikao-test.example")
                        self.say("250 8BITMIME")
                    elif verb == "HELO":
                        self.say("250 sink.zikao-test.example")
                    elif command.upper().startswith("MAIL FROM:"):
                        sender, recipients = command[10:].strip(), []
                        self.say("250 OK")
                    elif command.upper().startswith("RCPT TO:"):
                        recipients.append(command[8:].strip())
                        self.say("250 OK")
                    elif verb == "DATA":
                        self.say("354 end with <CRLF>.<CRLF>")
                        data = bytearray()
                        while True:
                            chunk = self.rfile.readline(65536)
                            if not chunk or chunk == b".\r\n":
                                break
                            data += chunk[1:] if chunk.startswith(b".") else chunk  # dot-unstuffing
                        sink.messages.append({"from": sender, "to": list(recipients), "data": bytes(data)})
                        self.say("250 OK queued")
                    elif verb in ("RSET", "NOOP"):
                        self.say("250 OK")
                    elif verb == "QUIT":
                        self.say("221 bye")
                        return
                    else:
                        self.say("502 not implemented")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "smtp://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---- the tests ------------------------------------------------------------------------------

class OutboxTest(unittest.TestCase):
    """The stack's own configuration: sms_gateway = mail_transport = outbox."""

    def test_sms_stays_in_outbox_and_shows_on_dev_page(self):
        phone = unique_phone()
        mid = queue("sms", phone)
        r, articles = outbox_page(phone)
        self.assertEqual(200, r.status)
        self.assertIn("开发环境消息发件箱", r.text)
        self.assertEqual([mid], list(articles), "exactly this recipient's message")
        a = articles[mid]
        self.assertEqual(("sms", "test", phone, TEST_TEXT, "待发送", None),
                         (a["channel"], a["purpose"], a["recipient"], a["body"], a["status"], a["subject"]))
        _, everything = outbox_page()
        self.assertIn(mid, everything, "the unfiltered page lists the newest message too")
        _, others = outbox_page(unique_phone())
        self.assertNotIn(mid, others, "?to= keeps only the exact recipient")

        sent, deferred, failed, kept = deliver(self)
        self.assertEqual((0, 0, 0), (sent, deferred, failed))
        self.assertGreaterEqual(kept, 1)
        r = row(mid)
        self.assertEqual((0, False, False), (r["attempts"], r["sent"], r["failed"]))
        self.assertEqual("待发送", outbox_page(phone)[1][mid]["status"])

    def test_mail_shows_subject_and_escaped_body(self):
        address = unique_mail()
        mid = queue("mail", address)
        _, articles = outbox_page(address)
        self.assertEqual([mid], list(articles))
        a = articles[mid]
        self.assertEqual(("mail", address, TEST_SUBJECT, TEST_TEXT),
                         (a["channel"], a["recipient"], a["subject"], a["body"]))

    def test_send_test_message_refuses_bad_recipients(self):
        before = z.psql("SELECT count(*) FROM outbound_messages")
        for channel, recipient in [("sms", "13812345678\r\nX"), ("sms", "1381234567\n8"), ("sms", "1381234567"),
                                   ("mail", "a@example.cn\r\nBcc: evil@example.cn"), ("mail", "a@example.cn\n"),
                                   ("mail", "a b@example.cn"), ("mail", "no-at-sign.example.cn")]:
            with self.subTest(channel=channel, recipient=recipient):
                p = ctl("send-test-message", channel, recipient)
                self.assertEqual(2, p.returncode, p.stdout + p.stderr)
                self.assertIn("nothing was queued", p.stderr)
                self.assertNotIn("evil", p.stderr + p.stdout, "the recipient is not echoed")
        self.assertEqual(before, z.psql("SELECT count(*) FROM outbound_messages"))

    def test_stand_in_refused_without_development_switch(self):
        cfg = ConfigCopy({"sms_gateway": "outbox", "mail_transport": "outbox", "identity_verifier": "manual"},
                         remove=("development_stand_ins",))
        try:
            p = ctl("deliver-messages", config=cfg.path)
        finally:
            cfg.remove()
        self.assertNotEqual(0, p.returncode)
        self.assertIn("sms_gateway = outbox is a development stand-in", p.stderr)
        self.assertIn("mail_transport = outbox is a development stand-in", p.stderr)
        self.assertNotIn("messages:", p.stdout, "nothing was delivered")

    def test_purge_removes_old_limit_events_and_messages(self):
        old_sent, old_failed = queue("sms", unique_phone()), queue("mail", unique_mail())
        recent = queue("sms", unique_phone())
        z.psql("UPDATE outbound_messages SET sent_at = now() - interval '31 days' WHERE id = %d" % old_sent)
        z.psql("UPDATE outbound_messages SET failed_at = now() - interval '31 days' WHERE id = %d" % old_failed)
        z.psql("UPDATE outbound_messages SET sent_at = now() - interval '29 days' WHERE id = %d" % recent)
        subject = secrets.token_hex(32)
        z.psql("INSERT INTO limit_events (action, subject, at) VALUES "
               "('identity_lookup', decode('%s', 'hex'), now() - interval '49 hours'), "
               "('identity_lookup', decode('%s', 'hex'), now() - interval '47 hours')" % (subject, subject))
        p = ctl("purge-sessions")
        self.assertEqual(0, p.returncode, p.stderr)
        removed = re.search(r"^messages: (\d+) sent or given up more than 30 days ago removed$", p.stdout, re.M)
        events = re.search(r"^limit events: (\d+) older than 2 days removed$", p.stdout, re.M)
        self.assertTrue(removed and events, p.stdout)
        self.assertGreaterEqual(int(removed.group(1)), 2)
        self.assertGreaterEqual(int(events.group(1)), 1)
        self.assertEqual("%d" % recent, z.psql("SELECT string_agg(id::text, ',') FROM outbound_messages "
                                                "WHERE id IN (%d, %d, %d)" % (old_sent, old_failed, recent)))
        self.assertEqual("1", z.psql("SELECT count(*) FROM limit_events WHERE subject = decode('%s', 'hex')" % subject))


class DeliveryTest(unittest.TestCase):
    """Real transports against the sinks, through a copy of the stack's configuration."""

    def setUp(self):
        self.sms = SmsGatewaySink()
        self.addCleanup(self.sms.close)
        self.mail = SmtpSink()
        self.addCleanup(self.mail.close)
        self.token = "tok-" + secrets.token_hex(16)
        self.token_file = os.path.join(os.environ["ZIKAO_VAR"], "tmp-msg-%s.token" % secrets.token_hex(6))
        fd = os.open(self.token_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(self.token + "\n")
        os.chown(self.token_file, *var_owner())
        self.addCleanup(os.unlink, self.token_file)
        self.cfg = ConfigCopy({
            "development_stand_ins": "true",  # the gateway sink speaks plain http
            "sms_gateway": "http", "sms_gateway_url": self.sms.url, "sms_gateway_token_file": self.token_file,
            "mail_transport": "smtp", "smtp_url": self.mail.url, "smtp_starttls": "false", "mail_from": MAIL_FROM,
        })
        self.addCleanup(self.cfg.remove)

    def park_others(self, mine):
        """Moves every other waiting message out of reach until the test ends."""
        out = z.psql("UPDATE outbound_messages SET next_attempt_at = next_attempt_at + interval '100 years' "
                     "WHERE sent_at IS NULL AND failed_at IS NULL AND id NOT IN (%s) RETURNING id"
                     % ",".join(str(m) for m in mine))
        parked = [line for line in out.splitlines() if line.isdigit()]
        if parked:
            self.addCleanup(z.psql, "UPDATE outbound_messages SET next_attempt_at = next_attempt_at - "
                                    "interval '100 years' WHERE id IN (%s)" % ",".join(parked))

    def test_sms_and_mail_are_sent_once(self):
        phone, address = unique_phone(), unique_mail()
        sms_id, mail_id = queue("sms", phone), queue("mail", address)
        self.park_others([sms_id, mail_id])

        self.assertEqual((2, 0, 0, 0), deliver(self, self.cfg.path))

        self.assertEqual(1, len(self.sms.requests))
        req = self.sms.requests[0]
        self.assertEqual("/send", req["path"])
        self.assertEqual("Bearer " + self.token, req["headers"].get("authorization"))
        self.assertTrue(req["headers"].get("content-type", "").startswith("application/json"))
        self.assertEqual("zikao-outbox-%d" % sms_id, req["headers"].get("idempotency-key"))
        self.assertEqual({"phone": phone, "text": TEST_TEXT}, json.loads(req["body"].decode("utf-8")))

        self.assertEqual(1, len(self.mail.messages))
        m = self.mail.messages[0]
        self.assertEqual("<%s>" % MAIL_FROM, m["from"])
        self.assertEqual(["<%s>" % address], m["to"])
        raw_headers, _, raw_body = m["data"].partition(b"\r\n\r\n")
        self.assertRegex(raw_headers.decode("ascii"), r"(?m)^Subject: =\?UTF-8\?B\?")
        self.assertEqual(TEST_TEXT.encode("utf-8"), base64.b64decode(b"".join(raw_body.split(b"\r\n")), validate=True))
        parsed = email.message_from_bytes(m["data"], policy=email.policy.default)
        subject = "".join(part.decode(cs) if isinstance(part, bytes) else part
                          for part, cs in email.header.decode_header(parsed["Subject"]))
        self.assertEqual(TEST_SUBJECT, subject)
        self.assertEqual(address, parsed["To"])
        self.assertEqual(MAIL_FROM, parsed["From"])
        self.assertEqual("text/plain", parsed.get_content_type())
        self.assertEqual("utf-8", parsed.get_content_charset())
        self.assertEqual("base64", parsed["Content-Transfer-Encoding"])
        self.assertEqual("1.0", parsed["MIME-Version"])
        self.assertTrue(parsed["Date"] and parsed["Message-ID"])
        self.assertEqual(TEST_TEXT, parsed.get_content().rstrip("\r\n"))

        for mid in (sms_id, mail_id):
            r = row(mid)
            self.assertEqual((1, True, False, ""), (r["attempts"], r["sent"], r["failed"], r["error"]))
        self.assertEqual("已发送", outbox_page(phone)[1][sms_id]["status"])

        # A second run finds nothing due: nothing is sent twice.
        self.assertEqual((0, 0, 0, 0), deliver(self, self.cfg.path))
        self.assertEqual((1, 1), (len(self.sms.requests), len(self.mail.messages)))

    def test_two_runs_at_once_send_each_message_once(self):
        phones = [unique_phone() for _ in range(4)]
        ids = [queue("sms", phone) for phone in phones]
        self.park_others(ids)
        self.sms.delay = 0.5  # each run holds its message's row lock for half a second

        cmd = z._cmd("ZIKAO_CTL")
        cmd[cmd.index("--config") + 1] = self.cfg.path
        runs = [subprocess.Popen(cmd + ["deliver-messages"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, cwd="/") for _ in range(2)]
        outputs = [run.communicate(timeout=120) for run in runs]
        self.assertEqual([0, 0], [run.returncode for run in runs], [err for _, err in outputs])
        totals = [tuple(int(g) for g in SUMMARY.search(out).groups()) for out, _ in outputs]
        self.assertEqual(4, sum(t[0] for t in totals), totals)
        sent_phones = sorted(json.loads(r["body"])["phone"] for r in self.sms.requests)
        self.assertEqual(sorted(phones), sent_phones, "every message exactly once")
        for mid in ids:
            self.assertEqual((1, True), (row(mid)["attempts"], row(mid)["sent"]))

    def test_failure_is_deferred_with_back_off_then_sent_once(self):
        phone = unique_phone()
        mid = queue("sms", phone)
        self.park_others([mid])
        self.sms.status = 500

        self.assertEqual((0, 1, 0, 0), deliver(self, self.cfg.path))
        r = row(mid)
        self.assertEqual((1, False, False), (r["attempts"], r["sent"], r["failed"]))
        self.assertTrue(50 <= r["wait"] <= 70, "first retry about a minute later, not %s s" % r["wait"])
        self.assertEqual("sms gateway: HTTP 500", r["error"])
        self.assertNotIn(phone, r["error"])
        # Not due yet: an immediate second run leaves it alone.
        self.assertEqual((0, 0, 0, 0), deliver(self, self.cfg.path))
        self.assertEqual(1, len(self.sms.requests))

        self.sms.status = 200
        z.psql("UPDATE outbound_messages SET next_attempt_at = now() - interval '1 second' WHERE id = %d" % mid)
        self.assertEqual((1, 0, 0, 0), deliver(self, self.cfg.path))
        self.assertEqual((0, 0, 0, 0), deliver(self, self.cfg.path))
        self.assertEqual(2, len(self.sms.requests), "one failed request, then exactly one that succeeded")
        r = row(mid)
        self.assertEqual((2, True, False, ""), (r["attempts"], r["sent"], r["failed"], r["error"]))

    def test_smtp_without_starttls_is_not_sent_in_clear(self):
        mid = queue("mail", unique_mail())
        self.park_others([mid])
        strict = ConfigCopy({"smtp_url": self.mail.url, "mail_from": MAIL_FROM, "sms_gateway": "outbox",
                             "mail_transport": "smtp"}, remove=("smtp_starttls",))
        self.addCleanup(strict.remove)
        self.assertEqual((0, 1, 0), deliver(self, strict.path)[:3])
        self.assertEqual([], self.mail.messages, "the sink offers no STARTTLS: nothing may be sent")
        self.assertTrue(row(mid)["error"].startswith("smtp: "))

    def test_unsafe_gateway_settings_are_refused(self):
        open_token = os.path.join(os.environ["ZIKAO_VAR"], "tmp-msg-%s.token" % secrets.token_hex(6))
        with open(open_token, "w") as f:
            f.write("readable-by-all\n")
        os.chmod(open_token, 0o644)
        self.addCleanup(os.unlink, open_token)
        # Everything else a production configuration needs (common/domain/stand_ins.cpp), so the
        # refusal below can only come from the gateway settings.
        production = {"identity_verifier": "manual", "chsi_authorize_url": "https://chsi.example.cn/authorize",
                      "sms_gateway": "http", "sms_gateway_url": self.sms.url,
                      "sms_gateway_token_file": self.token_file, "mail_transport": "smtp",
                      "smtp_url": self.mail.url, "mail_from": MAIL_FROM}
        cases = [
            ("plain http gateway in production", {}, "sms_gateway_url must be an https:// URL"),
            ("token readable by others", {"development_stand_ins": "true", "sms_gateway_token_file": open_token},
             "readable by group or others"),
        ]
        for name, overrides, message in cases:
            with self.subTest(name):
                cfg = ConfigCopy(dict(production, **overrides), remove=("development_stand_ins", "smtp_starttls"))
                try:
                    p = ctl("deliver-messages", config=cfg.path)
                finally:
                    cfg.remove()
                self.assertEqual(1, p.returncode, p.stdout)
                self.assertIn(message, p.stderr)
                self.assertNotIn("readable-by-all", p.stderr, "the token is never printed")
        self.assertEqual([], self.sms.requests)

    def test_back_off_doubles_and_the_tenth_failure_gives_up(self):
        address = unique_mail()
        mid = queue("mail", address)
        self.park_others([mid])
        self.mail.server.shutdown()  # nobody answers any more: connection refused
        self.mail.server.server_close()
        z.psql("UPDATE outbound_messages SET attempts = 3 WHERE id = %d" % mid)
        self.assertEqual((0, 1, 0, 0), deliver(self, self.cfg.path))
        r = row(mid)
        self.assertEqual(4, r["attempts"])
        self.assertTrue(470 <= r["wait"] <= 490, "fourth failure: 8 minutes, not %s s" % r["wait"])
        self.assertTrue(r["error"].startswith("smtp: "), r["error"])

        z.psql("UPDATE outbound_messages SET attempts = 9, next_attempt_at = now() WHERE id = %d" % mid)
        self.assertEqual((0, 0, 1, 0), deliver(self, self.cfg.path))
        r = row(mid)
        self.assertEqual((10, False, True), (r["attempts"], r["sent"], r["failed"]))
        self.assertEqual("已放弃", outbox_page(address)[1][mid]["status"])
        self.assertEqual((0, 0, 0, 0), deliver(self, self.cfg.path))


if __name__ == "__main__":
    unittest.main()
