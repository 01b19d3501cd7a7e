"""zkclient: the HTTP client and fixtures shared by the integration tests.

Standard library only. Every Client binds its sockets to its own loopback source address
(127.0.0.X), because nginx rate-limits POST /login per client address and the login
module blocks an address after many failures: tests must not share a budget.

Environment (set by tests/run.sh):
  ZIKAO_BASE_URL  http://127.0.0.1:PORT (nginx)
  ZIKAO_VAR       the stack's var directory (logs in $ZIKAO_VAR/log/)
  ZIKAO_CTL       command prefix for zikao-ctl (shlex-split)
  ZIKAO_PSQL      command prefix for psql -tA against the app database
  ZIKAO_PG_DUMP   command prefix printing a plain SQL dump on stdout
"""
import datetime
import hashlib
import html.parser
import http.client
import http.server
import os
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse

BASE_URL = os.environ.get("ZIKAO_BASE_URL", "http://127.0.0.1:18080")
_base = urllib.parse.urlsplit(BASE_URL)
HOST = _base.hostname or "127.0.0.1"
PORT = _base.port or 80
TIMEOUT = 30

DEMO_PASSWORD = "Zikao@2025"
GENERIC_FAILURE = "登录失败：账号或密码不正确。"
EMPTY_FIELDS = "请输入身份证号或准考证号和密码。"
CSRF_FAILURE = "页面已过期或来源无法确认"

ZHANG = {"name": "张三", "id": "140105199003070012", "ticket": "010120100001",
         "county": "太原市小店区", "gender": "男", "phone": "13812345678",
         "masked_id": "1401**********0012", "masked_phone": "138****5678"}
LI = {"name": "李娜", "id": "14010619970225006X", "ticket": "010120100002",
      "county": "太原市迎泽区", "gender": "女", "phone": "13987654321",
      "masked_id": "1401**********006X", "masked_phone": "139****4321"}
WANG = {"name": "王强", "id": "140403199506120038", "ticket": "040320100003",
        "phone": "13700001111"}


# ---- source addresses ------------------------------------------------------------------

_addr_lock = threading.Lock()
# A per-process offset, so reruns against a development stack that is still inside the
# previous run's rate-limit windows mostly land on other addresses.
_addr_next = [os.getpid() % 249]


def new_address():
    """A loopback source address 127.0.0.X (2 <= X <= 250) not yet used in this run."""
    with _addr_lock:
        x = 2 + _addr_next[0] % 249
        _addr_next[0] += 1
    return "127.0.0.%d" % x


# ---- HTML ------------------------------------------------------------------------------

class _InputCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inputs = []   # attribute dicts of every <input>, in order
        self.forms = []    # attribute dicts of every <form>, in order

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))
        elif tag == "form":
            self.forms.append(dict(attrs))


def parse_inputs(text):
    p = _InputCollector()
    p.feed(text)
    p.close()
    return p


# ---- responses and cookies -------------------------------------------------------------

class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers          # list of (name, value) as received
        self.body = body                # bytes
        self.text = body.decode("utf-8", errors="replace")

    def header(self, name, default=None):
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return default

    def header_all(self, name):
        return [v for n, v in self.headers if n.lower() == name.lower()]

    @property
    def location(self):
        return self.header("Location")

    def set_cookies(self):
        """Parsed Set-Cookie headers: list of dicts with name, value and lower-cased attributes."""
        return [parse_set_cookie(v) for v in self.header_all("Set-Cookie")]

    def set_cookie(self, name):
        for c in self.set_cookies():
            if c["name"] == name:
                return c
        return None

    def __repr__(self):
        return "<Response %d %s, %d bytes>" % (self.status, self.reason, len(self.body))


def parse_set_cookie(header):
    parts = [p.strip() for p in header.split(";")]
    name, _, value = parts[0].partition("=")
    cookie = {"name": name.strip(), "value": value.strip(), "attrs": {}}
    for p in parts[1:]:
        if not p:
            continue
        k, eq, v = p.partition("=")
        cookie["attrs"][k.strip().lower()] = v.strip() if eq else True
    return cookie


# ---- request bodies --------------------------------------------------------------------

def urlencode(fields):
    items = fields.items() if isinstance(fields, dict) else fields
    return urllib.parse.urlencode(list(items)).encode("ascii")


def multipart(fields, boundary=None, files=()):
    """A multipart/form-data body built by hand: (content_type, body bytes).
    fields: dict or list of (name, value); values str or bytes. files: (name, filename, ctype, data)."""
    boundary = boundary or "----zkitest" + secrets.token_hex(8)
    items = fields.items() if isinstance(fields, dict) else fields
    out = bytearray()
    for name, value in items:
        if isinstance(value, str):
            value = value.encode("utf-8")
        out += b"--" + boundary.encode() + b"\r\n"
        out += b'Content-Disposition: form-data; name="' + name.encode("utf-8") + b'"\r\n\r\n'
        out += value + b"\r\n"
    for name, filename, ctype, data in files:
        out += b"--" + boundary.encode() + b"\r\n"
        out += ('Content-Disposition: form-data; name="%s"; filename="%s"\r\n' % (name, filename)).encode("utf-8")
        out += ("Content-Type: %s\r\n\r\n" % ctype).encode("ascii") + data + b"\r\n"
    out += b"--" + boundary.encode() + b"--\r\n"
    return "multipart/form-data; boundary=" + boundary, bytes(out)


# ---- the client ------------------------------------------------------------------------

class Client:
    """One browser: its own source address, its own cookies, no automatic redirects."""

    def __init__(self, address=None):
        self.address = address or new_address()
        self.cookies = {}
        self.last = None        # last Response
        self.last_html = ""     # text of the last HTML page received

    # -- transport
    def request(self, method, path, body=None, headers=None, send_cookies=True):
        hdrs = {"Host": "%s:%d" % (HOST, PORT), "User-Agent": "zikao-itest/1.0",
                "Accept": "text/html"}
        if send_cookies and self.cookies:
            hdrs["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if headers:
            hdrs.update(headers)
        conn = http.client.HTTPConnection(HOST, PORT, timeout=TIMEOUT, source_address=(self.address, 0))
        try:
            try:
                conn.request(method, path, body=body, headers=hdrs)
            except (BrokenPipeError, ConnectionResetError):
                # nginx may answer (413) and stop reading before a large body is sent.
                pass
            r = conn.getresponse()
            data = r.read()
            resp = Response(r.status, r.reason, r.getheaders(), data)
        finally:
            conn.close()
        self._store_cookies(resp)
        self.last = resp
        if (resp.header("Content-Type") or "").startswith("text/html"):
            self.last_html = resp.text
        return resp

    def _store_cookies(self, resp):
        for c in resp.set_cookies():
            max_age = c["attrs"].get("max-age")
            deleted = False
            if isinstance(max_age, str):
                try:
                    deleted = int(max_age) <= 0
                except ValueError:
                    deleted = False
            if deleted:
                self.cookies.pop(c["name"], None)
            else:
                self.cookies[c["name"]] = c["value"]

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields=None, csrf=True, headers=None):
        """POST urlencoded fields; csrf=True adds the csrf_token of the last HTML page
        (unless fields already has one), csrf=False sends none, a str sends that value."""
        items = list(fields.items()) if isinstance(fields, dict) else list(fields or [])
        if csrf is True:
            if not any(k == "csrf_token" for k, _ in items):
                items.append(("csrf_token", self.csrf_token() or ""))
        elif isinstance(csrf, str):
            items.append(("csrf_token", csrf))
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        if headers:
            h.update(headers)
        return self.request("POST", path, body=urlencode(items), headers=h)

    def post_raw(self, path, body, content_type, headers=None):
        h = {"Content-Type": content_type}
        if headers:
            h.update(headers)
        if isinstance(body, str):
            body = body.encode("utf-8")
        return self.request("POST", path, body=body, headers=h)

    def post_multipart(self, path, fields, boundary=None):
        ctype, body = multipart(fields, boundary)
        return self.post_raw(path, body, ctype)

    # -- page helpers
    def csrf_token(self, text=None):
        for attrs in parse_inputs(self.last_html if text is None else text).inputs:
            if attrs.get("name") == "csrf_token":
                return attrs.get("value")
        return None

    def inputs(self, text=None):
        return parse_inputs(self.last_html if text is None else text).inputs

    @property
    def session_token(self):
        return self.cookies.get("zk_session")

    def login(self, login_name, password, next_path=None):
        """GET /login, then POST the form with its csrf_token. Returns the POST response."""
        page = self.get("/login")
        if page.status != 200:
            raise AssertionError("GET /login answered %d" % page.status)
        fields = [("login_name", login_name), ("password", password)]
        if next_path is not None:
            fields.append(("next", next_path))
        return self.post("/login", fields)


def logged_in(login_name, password=DEMO_PASSWORD, address=None):
    """A Client logged in (asserts the 303 + session cookie)."""
    c = Client(address)
    r = c.login(login_name, password)
    if r.status != 303 or not c.session_token:
        raise AssertionError("login of test account failed: %d %s" % (r.status, r.text[:300]))
    return c


# ---- a web server the stack calls ------------------------------------------------------

class HttpSink:
    """An HTTP server on 127.0.0.1 (a free port), in threads of this process, for what the
    stack sends to other servers (the SMS gateway's requests, the payment sandbox's
    notifications). `url` is its address with `path`. Each POST is answered with
    answer(request) -> (status, content_type, body bytes), then kept in `requests` as
    {"path", "body" (bytes), "headers" (lower-case names)}."""

    def __init__(self, answer, path="/"):
        self.requests = []
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                request = {"path": self.path, "body": body,
                           "headers": {k.lower(): v for k, v in self.headers.items()}}
                status, content_type, data = answer(request)
                sink.requests.append(request)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d%s" % (self.server.server_address[1], path)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---- database and admin tool -----------------------------------------------------------

def _cmd(var):
    value = os.environ.get(var)
    if not value:
        raise RuntimeError("environment variable %s is not set (run through tests/run.sh)" % var)
    return shlex.split(value)


# A change to what the modules' session caches keep (migration 0014's triggers), made
# here rather than through a module, reaches the modules by NOTIFY a few milliseconds
# after it committed; psql() waits that long so that the test's next request sees it.
_CACHED_TABLES = re.compile(r"\b(UPDATE|DELETE\s+FROM|INSERT\s+INTO)\s+(examinees|staff|applications|sessions|"
                            r"batches|counties)\b", re.I)
NOTIFY_DELAY = 0.1


def psql(sql, wait_for_caches=True):
    """Runs one SQL command through $ZIKAO_PSQL; returns stdout stripped (-tA output).
    wait_for_caches=False: return as soon as it committed (tests of the caches themselves)."""
    p = subprocess.run(_cmd("ZIKAO_PSQL") + ["-c", sql], capture_output=True, text=True, timeout=60,
                       cwd="/")
    if p.returncode != 0:
        raise RuntimeError("psql failed (%d): %s" % (p.returncode, p.stderr.strip()))
    if wait_for_caches and _CACHED_TABLES.search(sql):
        time.sleep(NOTIFY_DELAY)
    return p.stdout.strip()


def pg_dump():
    p = subprocess.run(_cmd("ZIKAO_PG_DUMP"), capture_output=True, timeout=120, cwd="/")
    if p.returncode != 0:
        raise RuntimeError("pg_dump failed (%d): %s" % (p.returncode, p.stderr.decode(errors="replace")))
    return p.stdout.decode("utf-8", errors="replace")


def sha256_hex(s):
    return hashlib.sha256(s.encode("ascii")).hexdigest()


def session_rows(token):
    """How many sessions rows hold the SHA-256 of this cookie token."""
    if not re.fullmatch(r"[0-9a-f]{64}", token or ""):
        raise ValueError("not a session token: %r" % token)
    return int(psql("SELECT count(*) FROM sessions WHERE id_hash = decode('%s', 'hex')" % sha256_hex(token)))


def china_today():
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()


# ---- dedicated test examinees ----------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_char(first17):
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def make_id_number(county, birth, seq):
    first17 = "%s%s%03d" % (county, birth.strftime("%Y%m%d"), seq)
    return first17 + id_check_char(first17)


_run_seed = (int(time.time() * 1000) * 7919 + os.getpid() * 104729) % 1_800_000
_id_counter = [0]


def unique_id_number(county="140107"):
    """A valid 身份证号 in 杏花岭区, born 1985-1989, unlikely to exist already in a reused cluster."""
    n = (_run_seed + _id_counter[0] * 1009) % 1_800_000
    _id_counter[0] += 1
    birth = datetime.date(1985, 1, 1) + datetime.timedelta(days=(n // 1000) % 1825)
    return make_id_number(county, birth, n % 1000)


class Examinee:
    def __init__(self, label, password, gender_hint=None):
        self.label = label
        self.id_number = unique_id_number()
        # 12 digits derived from the ID number, so it is as unique as the ID number.
        self.ticket = "99" + self.id_number[8:14] + self.id_number[14:17] + "0"
        self.name = "测试" + label
        self.password = password
        self.phone = "135" + self.id_number[8:14] + self.id_number[15:17]
        self.db_id = None

    def csv_line(self):
        return ",".join([self.name, self.id_number, self.ticket, self.password, "140107", "verified",
                         "汉族", "城镇", "大学本科", "企业职工", "群众", self.phone, ""])


_examinees = {}
_examinees_lock = threading.Lock()
TEST_PASSWORD = "Itest#Gx7-Pass"
EXAMINEE_LABELS = ("锁定", "改密", "隐私", "缓存", "未知")


def examinee(label):
    """The dedicated examinee `label` (one of EXAMINEE_LABELS), all created on first use
    with a single `zikao-ctl load-demo` of a private directory."""
    with _examinees_lock:
        if not _examinees:
            _create_examinees()
        return _examinees[label]


EXAMINEES_CSV_HEADER = ("name,id_number,ticket_no,password,county_code,identity_status,ethnicity,hukou,"
                        "education,occupation,political_status,phone,email\n")


def load_demo(files, timeout=300):
    """Runs `zikao-ctl load-demo` on a private directory holding `files` ({file name: text},
    e.g. examinees.csv, staff.csv, passed.csv) and returns its output; raises when it
    fails. The tool runs as the stack's user, so the directory and files are world-readable
    while it runs, and removed afterwards."""
    d = tempfile.mkdtemp(prefix="zikao-itest-")
    try:
        os.chmod(d, 0o755)
        for name, text in files.items():
            path = os.path.join(d, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            os.chmod(path, 0o644)
        proc = subprocess.run(_cmd("ZIKAO_CTL") + ["load-demo", d], capture_output=True, text=True,
                              timeout=timeout, cwd="/")
    finally:
        shutil.rmtree(d, ignore_errors=True)
    if proc.returncode != 0:
        raise RuntimeError("load-demo failed (%d): %s %s" % (proc.returncode, proc.stdout, proc.stderr))
    return proc.stdout


def _create_examinees():
    people = [Examinee(label, TEST_PASSWORD) for label in EXAMINEE_LABELS]
    # 未知 is never loaded: its valid ID number stays unregistered.
    out = load_demo({"examinees.csv": EXAMINEES_CSV_HEADER +
                     "".join(p.csv_line() + "\n" for p in people if p.label != "未知")}, timeout=120)
    loaded = len(people) - 1
    if "%d examinees and" % loaded not in out:
        raise RuntimeError("load-demo did not add the %d test examinees: %s" % (loaded, out.strip()))
    for p in people:
        if p.label != "未知":
            p.db_id = int(psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % p.ticket))
        _examinees[p.label] = p


# ---- misc ------------------------------------------------------------------------------

def path_of(location):
    """The path part of a Location header (relative or absolute)."""
    return urllib.parse.urlsplit(location or "").path
