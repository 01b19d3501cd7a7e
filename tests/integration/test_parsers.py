"""Request bodies: nginx's size limits (16 KB for the login routes, 3 MB elsewhere),
malformed multipart/form-data, bad percent-encoding and invalid UTF-8 — each refused with
a Chinese message — next to well-formed bodies that are accepted (positive controls)."""
import unittest

import zkclient as z

BAD_MULTIPART = "上传的表单格式不正确"
BAD_ENCODING = "请求中的参数编码不正确"
BAD_CHARACTERS = "提交的内容含有无效字符"
TOO_LARGE = "提交的内容超过大小限制"
FORM = "application/x-www-form-urlencoded"


class BodySizeTest(unittest.TestCase):
    def test_login_body_over_16k_is_413(self):
        c = z.Client()
        c.get("/login")
        r = c.post_raw("/login", "csrf_token=%s&pad=%s" % (c.csrf_token(), "a" * (17 * 1024)), FORM)
        self.assertEqual(r.status, 413)
        self.assertIn(TOO_LARGE, r.text)
        self.assertTrue(r.header("Content-Type", "").startswith("text/html"))
        self.assertIsNone(r.set_cookie("zk_session"))

    def test_login_body_under_16k_reaches_the_module(self):
        c = z.Client()
        c.get("/login")
        r = c.post_raw("/login", "pad=" + "a" * (15 * 1024), FORM)
        self.assertEqual(r.status, 403)  # parsed, then refused for the missing CSRF token
        self.assertIn(z.CSRF_FAILURE, r.text)

    def test_password_and_logout_bodies_limited_to_16k(self):
        c = z.Client()
        for path in ("/password", "/logout", "/"):
            r = c.post_raw(path, "pad=" + "a" * (20 * 1024), FORM)
            with self.subTest(path=path):
                self.assertEqual(r.status, 413)
                self.assertIn(TOO_LARGE, r.text)

    def test_other_routes_allow_up_to_3mb(self):
        c = z.Client()
        r = c.post_raw("/no-such-upload", b"x" * (2 * 1024 * 1024), "application/octet-stream")
        self.assertEqual(r.status, 404, "2 MB is within nginx's 3 MB limit")
        r = c.post_raw("/no-such-upload", b"x" * (3 * 1024 * 1024 + 512 * 1024), "application/octet-stream")
        self.assertEqual(r.status, 413)
        self.assertIn(TOO_LARGE, r.text)


def mp_body(boundary, *parts, close=True):
    """A multipart body: parts are (headers str, data bytes)."""
    out = b""
    for headers, data in parts:
        out += b"--" + boundary.encode() + b"\r\n" + headers.encode("utf-8") + b"\r\n\r\n" + data + b"\r\n"
    if close:
        out += b"--" + boundary.encode() + b"--\r\n"
    return out


def disp(name):
    return 'Content-Disposition: form-data; name="%s"' % name


class MultipartTest(unittest.TestCase):
    def assert_bad(self, r, message=BAD_MULTIPART):
        self.assertEqual(r.status, 400, r.text[:300])
        self.assertIn(message, r.text)
        self.assertTrue(r.header("Content-Type", "").startswith("text/html"))

    def test_well_formed_multipart_is_parsed(self):
        c = z.Client()
        c.get("/login")
        token = c.csrf_token()
        r = c.post_raw("/login", mp_body("XYZ", (disp("login_name"), b"abc")), "multipart/form-data; boundary=XYZ")
        self.assertEqual(r.status, 403, "a well-formed multipart body reaches the CSRF check")
        self.assertIn(z.CSRF_FAILURE, r.text)
        r = c.post_raw("/login", mp_body("XYZ", (disp("csrf_token"), token.encode()),
                                         (disp("login_name"), "测试abc".encode())),
                       "multipart/form-data; boundary=XYZ")
        self.assertEqual(r.status, 400)
        self.assertIn(z.EMPTY_FIELDS, r.text)  # no password field: the fields were read
        self.assertIn('value="测试abc"', r.text)

    def test_missing_closing_boundary(self):
        c = z.Client()
        body = mp_body("XYZ", (disp("login_name"), b"abc"), close=False)
        self.assert_bad(c.post_raw("/login", body, "multipart/form-data; boundary=XYZ"))
        body = b"--XYZ\r\n" + disp("login_name").encode() + b"\r\n\r\nabc"
        self.assert_bad(c.post_raw("/login", body, "multipart/form-data; boundary=XYZ"))

    def test_body_without_any_boundary(self):
        c = z.Client()
        self.assert_bad(c.post_raw("/login", b"login_name=abc&password=x", "multipart/form-data; boundary=XYZ"))

    def test_bad_content_type_boundaries(self):
        c = z.Client()
        good = mp_body("XYZ", (disp("login_name"), b"abc"))
        for ctype in ("multipart/form-data", "multipart/form-data; boundary=", 'multipart/form-data; boundary="XYZ',
                      "multipart/form-data; boundary=XYZ; boundary=XYZ", "multipart/form-data; boundary=" + "B" * 71,
                      "multipart/form-data; boundary=X@Z"):
            r = c.post_raw("/login", good, ctype)
            with self.subTest(content_type=ctype):
                self.assert_bad(r)

    def test_bad_part_headers(self):
        c = z.Client()
        for headers in ("Content-Type: text/plain", 'Content-Disposition: attachment; name="a"',
                        "Content-Disposition: form-data", 'Content-Disposition: form-data; name="a"; name="b"'):
            r = c.post_raw("/login", mp_body("XYZ", (headers, b"abc")), "multipart/form-data; boundary=XYZ")
            with self.subTest(headers=headers):
                self.assert_bad(r)

    def test_invalid_utf8_in_multipart_field(self):
        c = z.Client()
        r = c.post_raw("/login", mp_body("XYZ", (disp("login_name"), b"ab\xff\xfe")), "multipart/form-data; boundary=XYZ")
        self.assert_bad(r, BAD_CHARACTERS)


class UrlencodedTest(unittest.TestCase):
    def assert_bad(self, r, message):
        self.assertEqual(r.status, 400, r.text[:300])
        self.assertIn(message, r.text)

    def test_bad_percent_encoding(self):
        c = z.Client()
        for body in ("a=%zz", "a=%4", "login_name=abc&password=%g1", "%zz=1"):
            r = c.post_raw("/login", body, FORM)
            with self.subTest(body=body):
                self.assert_bad(r, BAD_ENCODING)

    def test_bad_percent_encoding_in_query(self):
        c = z.Client()
        self.assert_bad(c.get("/login?next=%zz"), BAD_ENCODING)

    def test_invalid_utf8_in_field(self):
        c = z.Client()
        for body in (b"login_name=%ff%fe&password=x", b"login_name=ab\xffcd&password=x",
                     b"login_name=%c0%af&password=x", b"login_name=%ed%a0%80&password=x",
                     b"login_name=a%00b&password=x"):
            r = c.post_raw("/login", body, FORM)
            with self.subTest(body=body):
                self.assert_bad(r, BAD_CHARACTERS)

    def test_invalid_utf8_in_query(self):
        c = z.Client()
        self.assert_bad(c.get("/login?next=%ff"), BAD_CHARACTERS)

    def test_valid_utf8_is_accepted(self):
        c = z.Client()
        c.get("/login")
        r = c.post("/login", [("login_name", "张三abc"), ("password", "")])
        self.assertEqual(r.status, 400)
        self.assertIn(z.EMPTY_FIELDS, r.text)
        self.assertIn('value="张三abc"', r.text)


if __name__ == "__main__":
    unittest.main()
