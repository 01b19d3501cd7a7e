"""The payment forgery set (SPEC SEC-5, PAY; issue 19) beyond what test_pay.py already
sends (forged signature, another key, fields changed after signing, amount or currency
changed, another examinee's order number, unknown order, replay, wrong merchant, closed
and expired orders, garbage, GET without fields): here duplicated fields around a genuine
signature, a genuine notification posted to another channel's URL, the signed fields sent
by GET, a notification for an order the examinee cancelled after choosing a channel, and
the browser's return URL (/pay/return/{channel}) tampered with (paid-looking fields, another
channel, another examinee's order, malformed numbers). None marks anything paid: the order
stays open (or closed), the application is not paid and no 'paid' event is written.

Trusts: test_pay (signing with the sandbox's keys from the stack's key directory, the
channels' replies), test_application_review and test_apply (clones of 张三 that reach
系统审核通过 through the pages)."""
import threading
import unittest

import test_application_review as ar
import test_apply as ap
import test_pay as tp
import zkclient as z

ALIPAY_KEY = "paysim_alipay_private.pem"

_lock = threading.Lock()
_people = {}


def payer(label):
    """A clone of 张三 with a payable application (its client and an open 支付宝 order)."""
    with _lock:
        if not _people:
            made = {k: ar.Person("伪" + k, ap.ZHANG_TICKET) for k in ("一", "二", "三")}
            ap.load_people(list(made.values()))
            for p in made.values():
                ap.add_chsi(p)
            t = unittest.TestCase()
            for k, p in made.items():
                p, c = tp.payable_person(t, p)
                order = tp.create(t, c)
                tp.confirm(t, c, order, "alipay")
                _people[k] = (p, c, order)
        return _people[label]


class ForgeryTest(unittest.TestCase):
    def setUp(self):
        self.p, self.c, self.order = payer("一")
        self.app = ar.app_id(self.p)

    def unchanged(self, order=None, app=None):
        self.assertEqual(tp.order_row(order or self.order), "open:alipay:")
        self.assertEqual(ar.status(app or self.app), "prereview_passed")
        self.assertEqual(tp.paid_events(app or self.app), 0)

    def signed(self, **changes):
        return tp.sign(tp.notification(self.order, **changes), ALIPAY_KEY)

    def test_duplicated_fields_around_a_genuine_signature(self):
        other = payer("二")[2]
        genuine = tp.body_of(self.signed(amount_fen="1"))   # signed for 0.01元: a mismatch if taken alone
        for body in (genuine + "&amount_fen=6000",           # the second value is the right amount
                     "amount_fen=6000&" + genuine,
                     genuine + "&order_no=" + other,         # another order after the signed one
                     genuine + "&trade_status=SUCCESS&trade_status=SUCCESS",
                     genuine + "&sign=" + tp.pct(self.signed()["sign"])):
            with self.subTest(body=body[-60:]):
                r = tp.post_notification(body)
                self.assertEqual(tp.reply(r), tp.REFUSE["alipay"], r.text)
                self.unchanged()
                self.assertEqual(tp.order_row(other), "open:alipay:")

    def test_genuine_notification_posted_to_another_channel(self):
        body = tp.body_of(self.signed())
        for channel in ("unionpay", "wechat"):
            with self.subTest(channel=channel):
                r = tp.post_notification(body, channel=channel)
                self.assertEqual(tp.reply(r), tp.REFUSE[channel], r.text)
                self.unchanged()

    def test_signed_fields_sent_by_get(self):
        query = tp.body_of(self.signed())
        for channel in ("alipay", "unionpay", "wechat"):
            r = z.Client().get("/pay/notify/%s?%s" % (channel, query))
            self.assertEqual(r.status, 405)
            self.assertEqual(r.header("Allow"), "POST")
        self.unchanged()

    def test_return_url_tampering(self):
        other_p, other_c, other = payer("二")
        paid_looking = "&trade_status=SUCCESS&amount_fen=6000&paid=1&sign=" + tp.pct(self.signed()["sign"])
        for path, statuses in (
                ("/pay/return/alipay?order_no=%s%s" % (self.order, paid_looking), (200,)),
                ("/pay/return/wechat?order_no=%s%s" % (self.order, paid_looking), (200, 303, 404)),
                ("/pay/return/paypal?order_no=%s" % self.order, (404,)),
                ("/pay/return/alipay?order_no=%s%s" % (other, paid_looking), (404,)),
                ("/pay/return/alipay?order_no=%s&order_no=%s" % (self.order, other), (200, 400, 404)),
                ("/pay/return/alipay?order_no=ZK%27%20OR%201=1--", (400, 404)),
                ("/pay/return/alipay?order_no=" + "9" * 200, (404,)),
                ("/pay/return/alipay", (404,))):
            with self.subTest(path=path):
                r = self.c.get(path)
                self.assertIn(r.status, statuses, r.text[:300])
                if r.status == 303:
                    self.assertNotIn("/pay/success/", r.location)
                self.assertNotIn("<title>订单支付成功", r.text)
                self.assertNotIn(other_p.name, r.text)
                self.assertNotIn(other, r.text)
                self.unchanged()
                self.unchanged(other, ar.app_id(other_p))
        # The pages of a paid order are not reachable while it is open.
        r = self.c.get("/pay/success/" + self.order)
        self.assertEqual((r.status, z.path_of(r.location)), (303, "/pay/order/" + self.order))
        r = self.c.get("/pay/receipt/" + self.order)
        self.assertEqual((r.status, z.path_of(r.location)), (303, "/pay/order/" + self.order))

    def test_notification_for_an_order_cancelled_after_choosing_a_channel(self):
        p, c, order = payer("三")
        c.get("/pay/order/" + order)
        r = c.post("/pay/order/%s/cancel" % order, {})
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertTrue(tp.order_row(order).startswith("closed:"), tp.order_row(order))
        r = tp.post_notification(tp.body_of(tp.sign(tp.notification(order), ALIPAY_KEY)))
        self.assertEqual(tp.reply(r), tp.ACCEPT["alipay"])
        self.assertTrue(tp.outcomes(order).endswith("order_closed"), tp.outcomes(order))
        self.assertTrue(tp.order_row(order).startswith("closed:"))
        self.assertEqual(ar.status(ar.app_id(p)), "prereview_passed")
        self.assertEqual(tp.paid_events(ar.app_id(p)), 0)
