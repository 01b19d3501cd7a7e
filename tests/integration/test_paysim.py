"""The payment sandbox (modules/paysim, dev only): the cashier page a signed checkout opens,
支付 and 取消, the signed query and close, the notifications it delivers, and what it refuses.

The tests play the merchant: they sign checkout, query and close messages with the stack's
merchant key ($ZIKAO_VAR/keys/pay_merchant_private.pem, readable as root) in the canonical
form of common/domain/payment_protocol.hpp, and check every answer's signature with the
channel's public key (pay_<channel>_public.pem). Notifications go to a small HTTP sink that
this process runs on 127.0.0.1 (the lead's /pay/notify is not needed for that)."""
import base64
import html
import os
import re
import secrets
import time
import unittest
import urllib.parse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import zkclient as z

KEYS = os.path.join(os.environ.get("ZIKAO_VAR", ""), "keys")
CHANNELS = ("unionpay", "alipay", "wechat")
NAMES = {"unionpay": "银联在线支付", "alipay": "支付宝", "wechat": "微信支付"}
FORM = "application/x-www-form-urlencoded"


def load_private(name):
    with open(os.path.join(KEYS, name), "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def load_public(name):
    with open(os.path.join(KEYS, name), "rb") as f:
        return serialization.load_pem_public_key(f.read())


# ---- the protocol, as the merchant speaks it ------------------------------------------------

def pct(value):
    return urllib.parse.quote(str(value).encode("utf-8"), safe="-._~")


def canonical(fields):
    return "&".join("%s=%s" % (k, pct(fields[k])) for k in sorted(fields) if k != "sign")


def encode(fields):
    text = canonical(fields)
    return text + ("&sign=" + pct(fields["sign"]) if "sign" in fields else "")


def signed(fields, key=None):
    key = key or load_private("pay_merchant_private.pem")
    fields = dict(fields)
    fields.pop("sign", None)
    sig = key.sign(canonical(fields).encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    fields["sign"] = base64.b64encode(sig).decode("ascii")
    return fields


def verified(fields, public_key):
    try:
        public_key.verify(base64.b64decode(fields["sign"]), canonical(fields).encode("utf-8"),
                          padding.PKCS1v15(), hashes.SHA256())
        return True
    except Exception:
        return False


def decode(body):
    pairs = urllib.parse.parse_qsl(body, keep_blank_values=True, strict_parsing=True)
    fields = dict(pairs)
    assert len(fields) == len(pairs), "a field named twice: %r" % body
    return fields


def order_no():
    return "ZK%013d%05d" % (int(time.time() * 1000) % 10 ** 13, secrets.randbelow(10 ** 5))


def merchant_id(channel):
    return "SANDBOX-" + channel.upper()


def checkout_fields(channel="alipay", number=None, amount=15000, expires_in=1800, **over):
    f = {"v": "1", "channel": channel, "merchant_id": merchant_id(channel), "order_no": number or order_no(),
         "amount_fen": str(amount), "currency": "CNY", "subject": "毕业申请费 & 测试=1",
         "notify_url": z.BASE_URL + "/pay/notify/" + channel,
         "return_url": z.BASE_URL + "/pay/return/" + channel + "?order_no=x",
         "expires_at": str(int(time.time()) + expires_in), "timestamp": str(int(time.time()))}
    f.update(over)
    return f


def checkout_path(fields):
    return "/pay-sim/checkout?" + encode(fields)


def server_fields(channel, number, **over):
    f = {"v": "1", "channel": channel, "merchant_id": merchant_id(channel), "order_no": number,
         "nonce": secrets.token_hex(16), "timestamp": str(int(time.time()))}
    f.update(over)
    return f


def call(path, body):
    """POSTs a server-to-server body; returns the response."""
    return z.Client().post_raw(path, body, FORM)


def trade_row(number, channel="alipay"):
    return z.psql("SELECT status || '|' || coalesce(trade_no, '') || '|' || coalesce(amount_fen::text, '') "
                      "FROM paysim.trades WHERE channel = '%s' AND order_no = '%s'" % (channel, number))


class Sink(z.HttpSink):
    """The merchant's notify_url: answers each POST with the next of `answers` ((status,
    body) pairs; the last one repeats)."""

    def __init__(self, answers):
        self.answers = list(answers)
        super().__init__(self._answer, "/notify")

    def _answer(self, request):
        status, text = self.answers[min(len(self.requests), len(self.answers) - 1)]
        return status, "text/plain; charset=utf-8", text.encode("utf-8")

    def wait_for(self, count, timeout=20):
        deadline = time.time() + timeout
        while len(self.requests) < count and time.time() < deadline:
            time.sleep(0.1)
        return len(self.requests) >= count


def open_checkout(fields):
    """A browser opening the checkout URL: (client, response)."""
    c = z.Client()
    return c, c.get(checkout_path(fields))


def pay(c, notify="now", action="pay"):
    """支付 (or 取消) on the page the client has open, with the page's own hidden request."""
    request = next(i.get("value") for i in c.inputs() if i.get("name") == "request")
    return c.post("/pay-sim/checkout", {"request": request, "action": action, "notify": notify})


def ask(test, path, channel, number, **over):
    """A signed query/close; asserts a 200 signed answer that echoes the nonce."""
    fields = signed(server_fields(channel, number, **over))
    r = call(path, encode(fields))
    test.assertEqual(r.status, 200, r.text[:300])
    test.assertTrue((r.header("Content-Type") or "").startswith(FORM), r.header("Content-Type"))
    answer = decode(r.text)
    test.assertTrue(verified(answer, load_public("pay_%s_public.pem" % channel)), r.text)
    others = [c for c in CHANNELS if c != channel]
    test.assertFalse(verified(answer, load_public("pay_%s_public.pem" % others[0])))
    test.assertEqual({k: answer[k] for k in ("v", "channel", "merchant_id", "order_no", "nonce")},
                     {"v": "1", "channel": channel, "merchant_id": merchant_id(channel), "order_no": number,
                      "nonce": fields["nonce"]})
    return answer


class CheckoutPageTest(unittest.TestCase):
    def test_a_signed_checkout_shows_the_cashier_page(self):
        for channel in CHANNELS:
            with self.subTest(channel=channel):
                f = signed(checkout_fields(channel, amount=15050))
                c, r = open_checkout(f)
                self.assertEqual(r.status, 200, r.text[:500])
                self.assertIn("<title>%s（沙箱）" % NAMES[channel], r.text)
                for s in ("支付沙箱（开发测试用，不会真实扣款）", NAMES[channel], "商户号", merchant_id(channel),
                          "商户订单号", f["order_no"], "订单金额", "150.50元", "商品", html.escape("毕业申请费 & 测试=1"),
                          "有效期至", "异步通知", "立即发送", "延迟10秒发送", "不发送（模拟通知丢失）", ">支付<", ">取消<"):
                    self.assertIn(s, r.text)
                radios = [i for i in c.inputs() if i.get("name") == "notify"]
                self.assertEqual([i.get("value") for i in radios], ["now", "delay", "lose"])
                self.assertIn("checked", radios[0])
                self.assertTrue(c.csrf_token())
                # The China time of expires_at.
                shown = time.strftime("%Y-%m-%d %H:%M", time.gmtime(int(f["expires_at"]) + 8 * 3600))
                self.assertIn(shown, r.text)
                self.assertEqual(trade_row(f["order_no"], channel), "created||15050")

    def test_bad_checkouts_are_refused_with_400(self):
        good = checkout_fields()
        other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cases = {
            "bad signature": dict(signed(good), sign=signed(dict(good, amount_fen="1"))["sign"]),
            "garbage signature": dict(good, sign="AAAA"),
            "unsigned": good,
            "another key": signed(good, other_key),
            "another merchant id": signed(dict(good, merchant_id="SANDBOX-WECHAT")),
            "unknown channel": signed(dict(good, channel="paypal")),
            "wrong currency": signed(dict(good, currency="USD")),
            "zero amount": signed(dict(good, amount_fen="0")),
            "negative amount": signed(dict(good, amount_fen="-5")),
            "bad order number": signed(dict(good, order_no="ZK123")),
            "no notify_url": signed({k: v for k, v in good.items() if k != "notify_url"}),
            "javascript return_url": signed(dict(good, return_url="javascript:alert(1)")),
            "an extra field": signed(dict(good, extra="1")),
            "wrong version": signed(dict(good, v="2")),
        }
        for name, fields in cases.items():
            with self.subTest(name):
                r = z.Client().get(checkout_path(fields))
                self.assertEqual(r.status, 400, r.text[:500])
                self.assertIn("支付请求无效", r.text)
                self.assertEqual(trade_row(fields.get("order_no", good["order_no"])), "")
        r = z.Client().get("/pay-sim/checkout")
        self.assertEqual(r.status, 400)
        self.assertIn("支付请求无效", r.text)

    def test_an_expired_checkout_is_closed(self):
        f = signed(checkout_fields(expires_in=-5))
        c, r = open_checkout(f)
        self.assertEqual(r.status, 410, r.text[:500])
        self.assertIn("订单已关闭或已过期", r.text)
        self.assertIn('href="%s"' % html.escape(f["return_url"]), r.text)
        self.assertNotIn(">支付<", r.text)

    def test_the_same_order_with_another_amount_is_refused(self):
        f = checkout_fields(amount=15000)
        self.assertEqual(open_checkout(signed(f))[1].status, 200)
        self.assertEqual(open_checkout(signed(f))[1].status, 200, "the same checkout twice is fine")
        r = open_checkout(signed(dict(f, amount_fen="100")))[1]
        self.assertEqual(r.status, 400)
        self.assertIn("支付请求无效", r.text)
        self.assertEqual(trade_row(f["order_no"]), "created||15000")


class PayTest(unittest.TestCase):
    def test_pay_without_notification_then_query_and_close(self):
        f = signed(checkout_fields("wechat", amount=20000))
        c, r = open_checkout(f)
        self.assertEqual(r.status, 200)
        r = pay(c, notify="lose")
        self.assertEqual(r.status, 303, r.text[:500])
        self.assertEqual(r.location, f["return_url"])
        status, trade_no, amount = trade_row(f["order_no"], "wechat").split("|")
        self.assertEqual((status, amount), ("paid", "20000"))
        self.assertRegex(trade_no, r"^[A-Za-z0-9]{8,64}$")
        self.assertGreaterEqual(len(trade_no), 22)
        self.assertEqual(z.psql("SELECT count(*) FROM paysim.notifications n JOIN paysim.trades t ON "
                                    "t.id = n.trade_id WHERE t.order_no = '%s'" % f["order_no"]), "0")
        # A second click: back to the merchant, still paid once.
        r = pay(c, notify="now")
        self.assertEqual((r.status, r.location), (303, f["return_url"]))
        self.assertEqual(trade_row(f["order_no"], "wechat").split("|")[1], trade_no)
        # The page now says so.
        r = c.get(checkout_path(f))
        self.assertIn("该订单已支付", r.text)
        self.assertIn("返回商户", r.text)

        answer = ask(self, "/pay-sim/query", "wechat", f["order_no"])
        self.assertEqual(answer["trade_state"], "SUCCESS")
        self.assertEqual((answer["trade_no"], answer["amount_fen"], answer["currency"]), (trade_no, "20000", "CNY"))
        self.assertLessEqual(abs(int(answer["paid_at"]) - time.time()), 120)
        # A paid trade cannot be closed.
        answer = ask(self, "/pay-sim/close", "wechat", f["order_no"])
        self.assertEqual((answer["trade_state"], answer["trade_no"]), ("SUCCESS", trade_no))
        self.assertEqual(trade_row(f["order_no"], "wechat").split("|")[0], "paid")

    def test_cancel_changes_nothing(self):
        f = signed(checkout_fields())
        c, _ = open_checkout(f)
        r = pay(c, action="cancel")
        self.assertEqual((r.status, r.location), (303, f["return_url"]))
        self.assertEqual(trade_row(f["order_no"]), "created||15000")

    def test_pay_needs_the_csrf_token_and_a_signed_request(self):
        f = signed(checkout_fields())
        c, _ = open_checkout(f)
        r = c.post("/pay-sim/checkout", {"request": encode(f), "action": "pay", "notify": "now"}, csrf=False)
        self.assertEqual(r.status, 403)
        c.get(checkout_path(f))
        tampered = encode(dict(f, amount_fen="1"))
        r = c.post("/pay-sim/checkout", {"request": tampered, "action": "pay", "notify": "now"})
        self.assertEqual(r.status, 400)
        self.assertIn("支付请求无效", r.text)
        c.get(checkout_path(f))
        r = c.post("/pay-sim/checkout", {"request": encode(f), "action": "pay", "notify": "sometimes"})
        self.assertEqual(r.status, 400)
        self.assertEqual(trade_row(f["order_no"]), "created||15000")

    def test_notifications_are_signed_sent_and_retried_until_acknowledged(self):
        sink = Sink([(200, "fail"), (500, "oops"), (200, "success")])  # 支付宝 accepts "success"
        try:
            f = signed(checkout_fields("alipay", amount=12345, notify_url=sink.url))
            c, r = open_checkout(f)
            self.assertEqual(r.status, 200)
            self.assertEqual(pay(c, notify="now").status, 303)
            self.assertTrue(sink.wait_for(3), "3 attempts expected, got %d" % len(sink.requests))
            time.sleep(1.5)
            self.assertEqual(len(sink.requests), 3, "nothing more after the acknowledgement")
            self.assertEqual(len({r["body"] for r in sink.requests}), 1, "every retry sends the same bytes")
            first = sink.requests[0]
            self.assertEqual((first["path"], first["headers"].get("content-type")), ("/notify", FORM))
            self.assertEqual(first["headers"].get("user-agent"), "zikao-paysim/1")
            n = decode(first["body"].decode("utf-8"))
            self.assertTrue(verified(n, load_public("pay_alipay_public.pem")))
            self.assertFalse(verified(n, load_public("pay_wechat_public.pem")))
            trade_no = trade_row(f["order_no"]).split("|")[1]
            self.assertEqual({k: n[k] for k in ("v", "channel", "merchant_id", "order_no", "trade_no", "trade_status",
                                                "amount_fen", "currency")},
                             {"v": "1", "channel": "alipay", "merchant_id": "SANDBOX-ALIPAY",
                              "order_no": f["order_no"], "trade_no": trade_no, "trade_status": "SUCCESS",
                              "amount_fen": "12345", "currency": "CNY"})
            self.assertRegex(n["notify_id"], r"^[0-9a-f]{32}$")
            row = z.psql("SELECT n.attempts || '|' || n.last_status || '|' || n.last_answer || '|' || "
                             "(n.acknowledged_at IS NOT NULL) FROM paysim.notifications n JOIN paysim.trades t "
                             "ON t.id = n.trade_id WHERE t.order_no = '%s'" % f["order_no"])
            self.assertEqual(row, "3|200|success|true")
            page = z.Client().get("/pay-sim/")
            self.assertEqual(page.status, 200)
            self.assertIn(f["order_no"], page.text)
            self.assertIn("已确认", page.text)
        finally:
            sink.close()

    def test_a_delayed_notification_is_due_after_10_seconds(self):
        f = signed(checkout_fields("unionpay", notify_url="http://127.0.0.1:9/notify"))
        c, _ = open_checkout(f)
        self.assertEqual(pay(c, notify="delay").status, 303)
        delay = z.psql("SELECT round(extract(epoch FROM n.due_at - n.created_at)) FROM paysim.notifications n "
                           "JOIN paysim.trades t ON t.id = n.trade_id WHERE t.order_no = '%s'" % f["order_no"])
        self.assertEqual(delay, "10")


class QueryTest(unittest.TestCase):

    def test_query_of_an_unknown_order_is_not_found(self):
        for channel in CHANNELS:
            with self.subTest(channel=channel):
                answer = ask(self, "/pay-sim/query", channel, order_no())
                self.assertEqual(answer["trade_state"], "NOT_FOUND")
                self.assertNotIn("trade_no", answer)

    def test_query_and_close_of_an_open_trade(self):
        f = signed(checkout_fields("unionpay"))
        self.assertEqual(open_checkout(f)[1].status, 200)
        self.assertEqual(ask(self, "/pay-sim/query", "unionpay", f["order_no"])["trade_state"], "NOTPAY")
        self.assertEqual(ask(self, "/pay-sim/close", "unionpay", f["order_no"])["trade_state"], "CLOSED")
        self.assertEqual(trade_row(f["order_no"], "unionpay"), "closed||15000")
        self.assertEqual(ask(self, "/pay-sim/query", "unionpay", f["order_no"])["trade_state"], "CLOSED")
        self.assertEqual(ask(self, "/pay-sim/close", "unionpay", f["order_no"])["trade_state"], "CLOSED")
        # The closed trade cannot be paid.
        c, r = open_checkout(f)
        self.assertEqual(r.status, 410)
        self.assertIn("订单已关闭或已过期", r.text)

    def test_close_of_an_unknown_order_refuses_a_later_checkout(self):
        number = order_no()
        self.assertEqual(ask(self, "/pay-sim/close", "alipay", number)["trade_state"], "CLOSED")
        self.assertEqual(trade_row(number), "closed||")
        self.assertEqual(ask(self, "/pay-sim/query", "alipay", number)["trade_state"], "CLOSED")
        c, r = open_checkout(signed(checkout_fields("alipay", number)))
        self.assertEqual(r.status, 410, r.text[:500])
        self.assertIn("订单已关闭或已过期", r.text)
        self.assertNotIn(">支付<", r.text)
        self.assertEqual(trade_row(number), "closed||")
        # The order number is free at another channel.
        self.assertEqual(open_checkout(signed(checkout_fields("wechat", number)))[1].status, 200)

    def test_bad_requests_are_refused_with_400_and_change_nothing(self):
        number = order_no()
        good = server_fields("alipay", number)
        other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        tampered = signed(good)
        tampered["order_no"] = order_no()
        cases = {
            "tampered": encode(tampered),
            "unsigned": encode(good),
            "another key": encode(signed(good, other_key)),
            "another merchant id": encode(signed(dict(good, merchant_id="SANDBOX-UNIONPAY"))),
            "old timestamp": encode(signed(dict(good, timestamp=str(int(time.time()) - 700)))),
            "future timestamp": encode(signed(dict(good, timestamp=str(int(time.time()) + 700)))),
            "bad nonce": encode(signed(dict(good, nonce="XYZ"))),
            "no nonce": encode(signed({k: v for k, v in good.items() if k != "nonce"})),
            "field twice": encode(signed(good)) + "&v=1",
            "garbage": "hello",
        }
        for path in ("/pay-sim/query", "/pay-sim/close"):
            for name, body in cases.items():
                with self.subTest(path=path, case=name):
                    r = call(path, body)
                    self.assertEqual(r.status, 400, r.text[:300])
                    self.assertTrue((r.header("Content-Type") or "").startswith("text/plain"))
                    self.assertNotIn("sign=", r.text)
        self.assertEqual(trade_row(number), "", "a refused close records nothing")
        self.assertEqual(trade_row(tampered["order_no"]), "")

    def test_get_is_not_allowed(self):
        r = z.Client().get("/pay-sim/query")
        self.assertEqual(r.status, 405)


class TradesPageTest(unittest.TestCase):
    def test_lists_the_newest_trades(self):
        f = signed(checkout_fields("wechat", amount=9900))
        open_checkout(f)
        r = z.Client().get("/pay-sim/")
        self.assertEqual(r.status, 200)
        for s in ("支付沙箱", f["order_no"], "99.00元", "微信支付", "待支付"):
            self.assertIn(s, r.text)
        rows = re.findall(r'<tr class="trade"', r.text)
        self.assertLessEqual(len(rows), 50)


if __name__ == "__main__":
    unittest.main()
