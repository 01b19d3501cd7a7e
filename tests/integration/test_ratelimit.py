"""nginx's limit on POST /login per client address: a burst beyond it gets 429 with a
Chinese page, while other addresses and GETs are unaffected."""
import concurrent.futures
import threading
import unittest

import zkclient as z


class LoginRateLimitTest(unittest.TestCase):
    def test_burst_of_login_posts_gets_429(self):
        address = z.new_address()
        n = 40
        barrier = threading.Barrier(n)

        def fire(_):
            c = z.Client(address)
            barrier.wait(timeout=30)
            # No CSRF token: the requests nginx lets through are refused cheaply (403).
            return c.post("/login", {"login_name": "990000000009", "password": "x-rate-limit"}, csrf=False)

        with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
            responses = list(pool.map(fire, range(n)))
        statuses = [r.status for r in responses]
        limited = [r for r in responses if r.status == 429]
        self.assertGreaterEqual(len(limited), 1, "no 429 among %s" % statuses)
        self.assertLess(len(limited), n, "even the burst allowance was refused: %s" % statuses)
        self.assertLessEqual(set(statuses), {403, 429}, statuses)
        for r in limited:
            self.assertIn("请求过于频繁", r.text)
            self.assertTrue(r.header("Content-Type", "").startswith("text/html"))
            self.assertEqual(r.header("X-Frame-Options"), "DENY")

        # GETs from the same address are not limited, nor are POSTs from another address.
        same = z.Client(address)
        self.assertEqual(same.get("/login").status, 200)
        other = z.Client()
        other.get("/login")
        r = other.post("/login", {"login_name": "", "password": ""})
        self.assertEqual(r.status, 400)


if __name__ == "__main__":
    unittest.main()
