"""test_pay: 毕业申请支付 (module `pay`, issue 14) through nginx with the payment sandbox
(module `paysim`) as the provider: a full payment with each channel (创建订单 → 支付方式 →
确认支付 → the sandbox's checkout → its signed notification → 订单支付成功 → the receipt,
订单查询, 毕业申请信息详情); every bad notification (forged signature, another key's
signature, amount or currency changed, another examinee's order, an unknown order, a
replay, a closed or an expired order, garbage, 1 MB, GET) changes nothing, is stored and
answered as the channel expects; 20 concurrent duplicates pay once; the browser's return
before the notification; reconciliation settling an order whose notification was lost;
expiry; /pay before approval and before the photo; a second 创建订单.

Examinees are clones of the demo's 张三 (eligible as he stands: 系统审核通过 once the photo
is verified) and 李娜 (an 英语(二) replacement: to 预审), made with one load-demo. The tests
sign notifications themselves with the sandbox's keys from the stack's key directory, as
the sandbox would (payment_protocol.hpp: canonical form, RSA-SHA256). Waiting for the
sandbox's asynchronous notification polls the database (at most 30 s)."""
import base64
import concurrent.futures
import html as htmlmod
import os
import re
import secrets
import subprocess
import threading
import time
import unittest
import urllib.parse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

import test_application_review as ar
import test_apply as ap
import zkclient as z

RUN = secrets.token_hex(3)
KEYS = os.path.join(os.environ.get("ZIKAO_VAR", "var/test"), "keys")
FEE = "60.00元"


# ---- examinees ----------------------------------------------------------------------------

class Payer(ar.Person):
    def __init__(self, label, clone_of):
        super().__init__(label, clone_of)
        self.name = "支付" + label + RUN


LABELS = {"银联": ap.ZHANG_TICKET, "支付宝": ap.ZHANG_TICKET, "微信": ap.ZHANG_TICKET, "伪造": ap.ZHANG_TICKET,
          "他人": ap.ZHANG_TICKET, "并发": ap.ZHANG_TICKET, "延迟": ap.ZHANG_TICKET, "丢失": ap.ZHANG_TICKET,
          "过期": ap.ZHANG_TICKET, "关闭": ap.ZHANG_TICKET, "二单": ap.ZHANG_TICKET, "无照": ap.ZHANG_TICKET, "导出": ap.ZHANG_TICKET,
          "预审": ap.LI_TICKET}
_people = {}
_lock = threading.Lock()


def person(label):
    with _lock:
        if not _people:
            made = {k: Payer(k, v) for k, v in LABELS.items()}
            ap.load_people(list(made.values()))
            for p in made.values():
                ap.add_chsi(p)
            _people.update(made)
        return _people[label]


def payable(test, label):
    """The examinee `label` with an application that passed 系统审核: logged-in client."""
    return payable_person(test, person(label))


def payable_person(test, p):
    """The same for an examinee made elsewhere (a clone of 张三)."""
    c = ar.submit(test, p)
    ar.upload_photo(test, c)
    test.assertEqual(ar.status(ar.app_id(p)), "prereview_passed")
    return p, c


def text_of(page):
    return htmlmod.unescape(ap.text_of(page))


def flat(text):
    """Text without any white space (the pages put some between a label and its value)."""
    return re.sub(r"[\s\u3000]+", "", text)


# ---- the examinee's side ------------------------------------------------------------------

def create(test, c):
    c.get("/pay")
    r = c.post("/pay/orders", {})
    test.assertEqual(r.status, 303, text_of(r.text)[:400])
    m = re.fullmatch(r"/pay/order/(ZK\d{18})", z.path_of(r.location))
    test.assertIsNotNone(m, r.location)
    return m.group(1)


def confirm(test, c, order_no, channel):
    """确认支付: the redirect to the sandbox's checkout; returns its path and query."""
    c.get("/pay/order/" + order_no)
    r = c.post("/pay/order/%s/confirm" % order_no, {"channel": channel})
    test.assertEqual(r.status, 303, text_of(r.text)[:400])
    u = urllib.parse.urlsplit(r.location)
    test.assertEqual(u.path, "/pay-sim/checkout")
    return u.path + "?" + u.query


def pay_at_sandbox(test, c, checkout, notify="now", action="pay"):
    page = c.get(checkout)
    test.assertEqual(page.status, 200, text_of(page.text)[:400])
    request = [i.get("value") for i in z.parse_inputs(page.text).inputs if i.get("name") == "request"]
    test.assertEqual(len(request), 1, "the checkout form carries the signed request")
    r = c.post("/pay-sim/checkout", {"request": request[0], "action": action, "notify": notify})
    test.assertEqual(r.status, 303, text_of(r.text)[:400])
    return r.location


def order_row(order_no):
    return z.psql("SELECT status || ':' || coalesce(channel, '') || ':' || coalesce(paid_via, '') "
                  "FROM payment_orders WHERE order_no = '%s'" % order_no)


def wait_paid(test, order_no, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if order_row(order_no).startswith("paid:"):
            return
        time.sleep(0.2)
    test.fail("order %s not paid within %d s: %s" % (order_no, seconds, order_row(order_no)))


def outcomes(order_no):
    return z.psql("SELECT string_agg(outcome, ',' ORDER BY id) FROM payment_messages WHERE order_no = '%s'"
                  % order_no)


def paid_events(app):
    return int(z.psql("SELECT count(*) FROM application_events WHERE application_id = %d AND to_status = 'paid'"
                      % app))


# ---- the provider's side, as the tests play it ---------------------------------------------

def pct(value):
    return urllib.parse.quote(value, safe="-._~")


def canonical(fields):
    return "&".join("%s=%s" % (k, pct(v)) for k, v in sorted(fields.items()) if k != "sign")


def private_key(name):
    with open(os.path.join(KEYS, name), "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def sign(fields, key_name):
    sig = private_key(key_name).sign(canonical(fields).encode(), padding.PKCS1v15(), hashes.SHA256())
    out = dict(fields)
    out["sign"] = base64.b64encode(sig).decode()
    return out


def body_of(fields):
    return "&".join("%s=%s" % (k, pct(v)) for k, v in fields.items())


def notification(order_no, amount_fen=6000, channel="alipay", **changes):
    f = {"v": "1", "channel": channel, "merchant_id": "SANDBOX-" + channel.upper(),
         "notify_id": secrets.token_hex(16), "notify_time": str(int(time.time())), "order_no": order_no,
         "trade_no": "T" + secrets.token_hex(10), "trade_status": "SUCCESS", "amount_fen": str(amount_fen),
         "currency": "CNY", "paid_at": str(int(time.time()))}
    f.update(changes)
    return f


def paid_order(test, label):
    """The examinee `label` with its fee paid by a signed notification: the order number."""
    return pay_for(test, *payable(test, label))


def pay_for(test, p, c):
    """Pays the fee of the payable examinee `p` (client `c`) with a signed notification, as
    the provider would: the order number."""
    order_no = create(test, c)
    confirm(test, c, order_no, "alipay")
    test.assertEqual(reply(post_notification(body_of(sign(notification(order_no), "paysim_alipay_private.pem")))),
                     ACCEPT["alipay"])
    test.assertEqual(order_row(order_no), "paid:alipay:notification")
    return order_no


def post_notification(body, channel="alipay", content_type="application/x-www-form-urlencoded"):
    c = z.Client()
    return c.post_raw("/pay/notify/" + channel, body.encode() if isinstance(body, str) else body, content_type)


ACCEPT = {"alipay": (200, "success"), "unionpay": (200, "ok"), "wechat": (200, '{"code":"SUCCESS","message":"成功"}')}
REFUSE = {"alipay": (200, "fail"), "unionpay": (400, "fail"), "wechat": (400, '{"code":"FAIL","message":"失败"}')}


def reply(r):
    return r.status, r.text


def reconcile():
    """zikao-ctl reconcile; its report (stdout)."""
    p = subprocess.run(z._cmd("ZIKAO_CTL") + ["reconcile"], capture_output=True, text=True, timeout=120, cwd="/")
    return p.stdout


# ---- tests ---------------------------------------------------------------------------------

class FullPaymentTest(unittest.TestCase):
    def pay_with(self, label, channel, name):
        p, c = payable(self, label)
        app = ar.app_id(p)
        page = c.get("/pay")
        self.assertEqual(page.status, 200)
        text = text_of(page.text)
        self.assertIn("毕业申请费用总计：60.00元", flat(text))
        self.assertIn(flat("因考生自身原因审核不通过的，审核费用不予退还"), flat(text))
        self.assertIn(flat("①考生毕业申请信息在系统审核通过或太原市小店区招办全部预审通过后方可进行支付"), flat(text))
        order_no = create(self, c)
        page = text_of(c.get("/pay/order/" + order_no).text)
        self.assertIn(flat("创建订单成功！商户订单号：%s　订单金额：%s" % (order_no, FEE)), flat(page))
        self.assertIn(flat("请选择支付方式进行支付！"), flat(page))
        for label_text in ("银联在线支付", "支付宝", "微信支付"):
            self.assertIn(flat(label_text), flat(page))
        back = pay_at_sandbox(self, c, confirm(self, c, order_no, channel))
        self.assertEqual(z.path_of(back), "/pay/return/" + channel)
        wait_paid(self, order_no)
        self.assertEqual(order_row(order_no), "paid:%s:notification" % channel)
        self.assertEqual(ar.status(app), "paid")
        self.assertEqual(outcomes(order_no), "applied")
        r = c.get(urllib.parse.urlsplit(back).path + "?" + urllib.parse.urlsplit(back).query)
        self.assertEqual((r.status, z.path_of(r.location)), (303, "/pay/success/" + order_no))
        success = text_of(c.get("/pay/success/" + order_no).text)
        for part in ("订单支付成功", "姓名：" + p.name, "证件号码：" + p.id_number[:4], "准考证号：" + p.ticket,
                     "订单号：" + order_no, "您本次毕业申请支付成功！", "查看订单并打印"):
            self.assertIn(flat(part), flat(success))
        self.assertNotIn(p.id_number, success, "the 证件号码 is masked")
        receipt = text_of(c.get("/pay/receipt/" + order_no).text)
        self.assertIn(flat(name), flat(receipt))
        self.assertIn(flat(FEE), flat(receipt))
        self.assertIn(flat("支付成功"), flat(receipt))
        orders = text_of(c.get("/orders").text)
        self.assertIn(flat(order_no), flat(orders))
        self.assertIn(flat("支付成功"), flat(orders))
        self.assertIn(flat("注：考生缴费成功20分钟后可通过网上查验及打印功能进行电子票据查验"), flat(orders))
        status = text_of(c.get("/apply/status").text)
        self.assertIn(flat(order_no), flat(status))
        self.assertIn(flat("支付成功。"), flat(status))
        self.assertEqual(ap.status_line(c.get("/apply/status").text), "已支付，请填报毕业生登记表")
        self.assertEqual(paid_events(app), 1)
        # Paid: no second order, and the back office sees the payment.
        self.assertEqual(c.post("/pay/orders", {}).status, 409)
        clerk = ar.staff(ar.XIAODIAN)
        detail = text_of(clerk.get(ar.detail_path(app)).text)
        self.assertIn(flat(order_no), flat(detail))
        self.assertIn(flat(name), flat(detail))
        return p, c, order_no

    def test_unionpay(self):
        self.pay_with("银联", "unionpay", "银联在线支付")

    def test_alipay(self):
        self.pay_with("支付宝", "alipay", "支付宝")

    def test_wechat(self):
        self.pay_with("微信", "wechat", "微信支付")


class BadNotificationTest(unittest.TestCase):
    """Each bad notification: the reply the channel expects, a stored message with its
    outcome, and no change to the order or the application."""

    shared = {}

    def setUp(self):
        # One examinee with one open order sent to 支付宝, for every test of the class.
        s = BadNotificationTest.shared
        if not s:
            s["p"], s["c"] = payable(self, "伪造")
            s["order_no"] = create(self, s["c"])
            confirm(self, s["c"], s["order_no"], "alipay")
        self.p, self.c, self.order_no = s["p"], s["c"], s["order_no"]
        self.app = ar.app_id(self.p)

    def unchanged(self):
        self.assertEqual(order_row(self.order_no), "open:alipay:")
        self.assertEqual(ar.status(self.app), "prereview_passed")

    def last_outcome(self):
        return z.psql("SELECT outcome FROM payment_messages ORDER BY id DESC LIMIT 1")

    def check(self, fields_or_body, outcome, accepted, channel="alipay"):
        body = fields_or_body if isinstance(fields_or_body, str) else body_of(fields_or_body)
        before = int(z.psql("SELECT count(*) FROM payment_messages"))
        r = post_notification(body, channel)
        self.assertEqual(reply(r), (ACCEPT if accepted else REFUSE)[channel])
        self.assertEqual(int(z.psql("SELECT count(*) FROM payment_messages")), before + 1, "stored as received")
        self.assertEqual(self.last_outcome(), outcome)
        stored = z.psql("SELECT encode(body, 'hex') FROM payment_messages ORDER BY id DESC LIMIT 1")
        self.assertEqual(stored, body.encode().hex(), "stored exactly as received")
        self.unchanged()

    def test_forged_signature(self):
        f = notification(self.order_no)
        f["sign"] = base64.b64encode(secrets.token_bytes(256)).decode()
        self.check(f, "bad_signature", False)

    def test_signature_from_another_key(self):
        self.check(sign(notification(self.order_no), "paysim_wechat_private.pem"), "bad_signature", False)
        self.check(sign(notification(self.order_no), "pay_merchant_private.pem"), "bad_signature", False)

    def test_fields_changed_after_signing(self):
        f = sign(notification(self.order_no), "paysim_alipay_private.pem")
        f["amount_fen"] = "1"
        self.check(f, "bad_signature", False)

    def test_amount_or_currency_changed(self):
        self.check(sign(notification(self.order_no, amount_fen=600), "paysim_alipay_private.pem"), "mismatch", True)
        self.check(sign(notification(self.order_no, currency="USD"), "paysim_alipay_private.pem"), "mismatch", True)

    def test_wrong_merchant_or_channel(self):
        self.check(sign(notification(self.order_no, merchant_id="OTHER-SHOP"), "paysim_alipay_private.pem"),
                   "wrong_merchant", True)
        # Signed by 微信支付's key for 微信支付, posted to 微信支付's URL: the order went to 支付宝.
        self.check(sign(notification(self.order_no, channel="wechat"), "paysim_wechat_private.pem"), "mismatch",
                   True, channel="wechat")

    def test_another_examinees_order_number(self):
        other, oc = payable(self, "他人")
        other_order = create(self, oc)
        confirm(self, oc, other_order, "alipay")
        # A genuine notification of this examinee's order with the other's number put in.
        f = sign(notification(self.order_no), "paysim_alipay_private.pem")
        f["order_no"] = other_order
        self.check(f, "bad_signature", False)
        self.assertEqual(order_row(other_order), "open:alipay:")
        self.assertEqual(ar.status(ar.app_id(other)), "prereview_passed")

    def test_unknown_order(self):
        self.check(sign(notification("ZK" + "0" * 18), "paysim_alipay_private.pem"), "unknown_order", True)

    def test_replay(self):
        old = sign(notification(self.order_no, notify_time=str(int(time.time()) - 3 * 24 * 3600)),
                   "paysim_alipay_private.pem")
        self.check(old, "stale", True)
        # The same notify_id with another body (a recorded notification, changed and re-signed
        # is impossible without the key; a different trade under an old id is a replay).
        f = sign(notification(self.order_no, amount_fen=1), "paysim_alipay_private.pem")
        self.check(f, "mismatch", True)
        g = sign(notification(self.order_no, notify_id=f["notify_id"]), "paysim_alipay_private.pem")
        self.check(g, "replay", True)

    def test_garbage_and_oversized_and_get(self):
        self.check("\x00\x01garbage%zz&&==", "malformed", False)
        self.check("hello world", "malformed", False)
        self.check("v=1&v=2", "malformed", False)
        r = post_notification(b"a=" + b"x" * (1024 * 1024))
        self.assertEqual(r.status, 413)
        r = post_notification("{}", content_type="application/json")
        self.assertEqual(reply(r), REFUSE["alipay"])
        r = z.Client().get("/pay/notify/alipay")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.header("Allow"), "POST")
        r = post_notification(body_of(notification(self.order_no)), channel="paypal")
        self.assertEqual(r.status, 404)
        self.unchanged()

    def test_closed_and_expired_orders(self):
        p, c = payable(self, "关闭")
        order_no = create(self, c)
        # 取消订单 before any channel was chosen: closed here at once.
        c.get("/pay/order/" + order_no)
        r = c.post("/pay/order/%s/cancel" % order_no, {})
        self.assertEqual(r.status, 303)
        self.assertEqual(order_row(order_no), "closed::")
        r = post_notification(body_of(sign(notification(order_no), "paysim_alipay_private.pem")))
        self.assertEqual(reply(r), ACCEPT["alipay"])
        self.assertEqual(outcomes(order_no), "order_closed")
        self.assertEqual(ar.status(ar.app_id(p)), "prereview_passed")
        # An expired order, closed by reconciliation, then a notification for it.
        second = create(self, c)
        checkout = confirm(self, c, second, "alipay")
        self.assertEqual(c.get(checkout).status, 200)
        z.psql("UPDATE payment_orders SET created_at = now() - interval '40 minutes', "
               "expires_at = now() - interval '10 minutes' WHERE order_no = '%s'" % second)
        out = reconcile()
        self.assertIn("closed (expired): 1", out)
        self.assertEqual(order_row(second), "closed:alipay:")
        r = post_notification(body_of(sign(notification(second), "paysim_alipay_private.pem")))
        self.assertEqual(reply(r), ACCEPT["alipay"])
        self.assertEqual(outcomes(second), "not_paid,not_paid,order_closed")
        self.assertEqual(ar.status(ar.app_id(p)), "prereview_passed")
        # The sandbox no longer lets it be paid; a new order can be made.
        page = c.get(checkout)
        self.assertIn("订单已关闭或已过期", text_of(page.text))
        third = create(self, c)
        self.assertNotIn(third, (order_no, second))


class ConcurrencyAndTimingTest(unittest.TestCase):
    def test_twenty_concurrent_duplicates_pay_once(self):
        p, c = payable(self, "并发")
        app = ar.app_id(p)
        order_no = create(self, c)
        confirm(self, c, order_no, "alipay")
        body = body_of(sign(notification(order_no), "paysim_alipay_private.pem"))
        barrier = threading.Barrier(20)

        def send(_):
            barrier.wait()
            return reply(post_notification(body))

        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            replies = list(pool.map(send, range(20)))
        self.assertEqual(replies, [ACCEPT["alipay"]] * 20)
        got = outcomes(order_no).split(",")
        self.assertEqual((len(got), got.count("applied"), got.count("duplicate")), (20, 1, 19))
        self.assertEqual(order_row(order_no), "paid:alipay:notification")
        self.assertEqual(ar.status(app), "paid")
        self.assertEqual(paid_events(app), 1)
        self.assertEqual(int(z.psql("SELECT count(*) FROM payment_orders WHERE application_id = %d AND status = 'paid'"
                                    % app)), 1)

    def test_browser_return_before_the_notification(self):
        p, c = payable(self, "延迟")
        order_no = create(self, c)
        back = pay_at_sandbox(self, c, confirm(self, c, order_no, "wechat"), notify="delay")
        u = urllib.parse.urlsplit(back)
        page = c.get(u.path + "?" + u.query)
        self.assertEqual(page.status, 200)
        self.assertIn("支付处理中，请稍候刷新", text_of(page.text))
        self.assertEqual(order_row(order_no), "open:wechat:", "the return never marks anything paid")
        self.assertEqual(ar.status(ar.app_id(p)), "prereview_passed")
        wait_paid(self, order_no)
        r = c.get(u.path + "?" + u.query)
        self.assertEqual((r.status, z.path_of(r.location)), (303, "/pay/success/" + order_no))

    def test_reconciliation_settles_a_lost_notification(self):
        p, c = payable(self, "丢失")
        order_no = create(self, c)
        pay_at_sandbox(self, c, confirm(self, c, order_no, "unionpay"), notify="lose")
        time.sleep(1.5)
        self.assertEqual(order_row(order_no), "open:unionpay:")
        out = reconcile()
        self.assertIn("paid (notification lost or late): 1", out)
        self.assertEqual(order_row(order_no), "paid:unionpay:query")
        self.assertEqual(ar.status(ar.app_id(p)), "paid")
        self.assertEqual(outcomes(order_no), "applied")
        # A second run finds nothing left to do for it.
        self.assertNotIn("paid (notification lost or late): 1", reconcile())

    def test_expiry_closes_at_the_provider_and_allows_a_new_order(self):
        p, c = payable(self, "过期")
        order_no = create(self, c)
        checkout = confirm(self, c, order_no, "alipay")
        self.assertEqual(c.get(checkout).status, 200)
        z.psql("UPDATE payment_orders SET created_at = now() - interval '40 minutes', "
               "expires_at = now() - interval '1 minute' WHERE order_no = '%s'" % order_no)
        page = text_of(c.get("/pay/order/" + order_no).text)
        self.assertIn("已过期", page)
        # 创建订单 closes the expired order (at the sandbox too) and makes a new one.
        second = create(self, c)
        self.assertNotEqual(second, order_no)
        self.assertTrue(order_row(order_no).startswith("closed:alipay:"))
        self.assertIn("已关闭（已过期）", text_of(c.get("/orders").text))
        self.assertIn("订单已关闭或已过期", text_of(c.get(checkout).text))


class GateTest(unittest.TestCase):
    def test_before_the_photo_is_verified(self):
        p = person("无照")
        c = ar.submit(self, p)
        page = c.get("/pay")
        self.assertEqual(page.status, 403)
        self.assertIn("毕业照片尚未认证通过", text_of(page.text))
        self.assertNotIn("创建订单", text_of(page.text).replace("创建订单成功", ""))
        r = c.post("/pay/orders", {})
        self.assertEqual(r.status, 403)
        self.assertIn("毕业照片尚未认证通过", text_of(r.text))
        self.assertEqual(int(z.psql("SELECT count(*) FROM payment_orders WHERE examinee_id = %d" % p.db_id)), 0)

    def test_before_approval(self):
        p = person("预审")
        c = ar.to_prereview(self, p)
        page = c.get("/pay")
        self.assertEqual(page.status, 403)
        self.assertIn("尚未通过系统审核或太原市小店区招办预审", text_of(page.text))
        c.get("/apply/status")
        r = c.post("/pay/orders", {})
        self.assertEqual(r.status, 403)
        self.assertEqual(int(z.psql("SELECT count(*) FROM payment_orders WHERE examinee_id = %d" % p.db_id)), 0)
        self.assertNotIn("/pay\"", c.get("/apply/status").text, "no 毕业申请支付 button")

    def test_second_order_while_one_is_open(self):
        p, c = payable(self, "二单")
        first = create(self, c)
        r = c.post("/pay/orders", {})
        self.assertEqual(r.status, 409)
        self.assertIn("您已有未完成的订单（商户订单号：%s）" % first, text_of(r.text))
        self.assertEqual(int(z.psql("SELECT count(*) FROM payment_orders WHERE examinee_id = %d" % p.db_id)), 1)
        # Another examinee's order is not found; a bad order number neither.
        for path in ("/pay/order/ZK000000000000000000", "/pay/order/abc", "/pay/success/" + first + "x",
                     "/pay/receipt/ZK000000000000000000"):
            self.assertEqual(c.get(path).status, 404, path)
        stranger = ap.login(person("他人"))
        self.assertEqual(stranger.get("/pay/order/" + first).status, 404)
        stranger.get("/")
        self.assertEqual(stranger.post("/pay/order/%s/confirm" % first, {"channel": "alipay"}).status, 404)
        self.assertEqual(order_row(first), "open::")


if __name__ == "__main__":
    unittest.main()
