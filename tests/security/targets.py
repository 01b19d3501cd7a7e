#!/usr/bin/env python3
"""targets.py BIN OUT: what the scanners of `make security` attack, found the way a user
finds it. It logs in as each kind of user (anonymous, the examinee 张三, the clerks
xiaodian (county) and taiyuan (city), the 省审定组 shending, the admin), crawls from every
GET route of the served modules (`BIN/zikao-<m> --routes`, modules/list.sh served) along
the links of the rendered pages, and collects every form (with the values the page filled
in) and every query string. Routes with {id} are reached through the real ids the demo
data's pages link to. First it takes the demo data further (seed(), further(): 张三 up to
the confirmation page, the access-matrix test's examinees in later states and one who has
paid and begun the 登记表, each crawling as "examinee-<label>"), so that more pages show
their forms; what no page led to is listed in coverage.txt.

Writes OUT/targets.json: a list of {"id", "who", "method", "route", "path", "query" (GET),
"fields" (POST: [name, value]), "enctype", "params" (names to inject), "page" (the page
that rendered it: the CSRF token's URL), "order" (0 normal, 1 after everything else: it
ends or changes the session), "rate_limited"}, OUT/sessions.json (who → cookie header),
OUT/coverage.txt: the routes no page led to (not scanned), OUT/no-parameters.txt: the POST
routes whose forms hold nothing but the CSRF token (nothing for sqlmap to inject).

Trusts: the stack named by ZIKAO_BASE_URL / ZIKAO_PSQL (tests/integration/zkclient.py).
"""
import html.parser
import json
import os
import re
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import zkclient as z  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
# Who crawls, in this order; a form is scanned as the first who finds it.
STAFF = ("xiaodian", "taiyuan", "shending", "admin")
STAFF_PASSWORD = {"admin": "Admin@2025"}
# Forms that end the session (never scanned: the scan would log itself out) and forms
# that change the session's own credentials (scanned last, with a session of their own).
ENDS_SESSION = re.compile(r"^(/admin)?/logout$")
OWN_CREDENTIALS = re.compile(r"^/password$")
# Pages not to fetch while crawling: they end the session.
NO_CRAWL = re.compile(r"^(/admin)?/logout$")
FILLED = ("text", "password", "email", "tel", "number", "search", "url", "date", "textarea")
# Values that pass the forms' checks, so that what sqlmap changes is the only thing wrong
# with a request and the handler goes as far as it can. The current password stays wrong
# (the scan must not change its own session's password).
VALUES = {"password": "Scan#2025-pass", "new_password": "Scan#2025-pass", "confirm_password": "Scan#2025-pass",
          "username": "scanclerk", "display_name": "扫描测试", "name": "扫描测试", "phone": "13912345678",
          "email": "scan@example.com", "code": "00015", "score": "80", "passed_on": "2003-10-26",
          "published_at": "", "title": "扫描测试", "body": "扫描测试。"}


def value_for(name):
    if name == "id_number":
        return z.unique_id_number()   # valid, registered by nobody
    return VALUES.get(name, "1")


MAX_PAGES = 200        # per user
MAX_PER_ROUTE = 2      # distinct URLs per route pattern and query-name set


class Forms(html.parser.HTMLParser):
    """Every <form> with its fields (input, select, textarea) and every <a href>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links = [], []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                          "enctype": a.get("enctype") or "application/x-www-form-urlencoded", "fields": []}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                if a.get("value") is not None:
                    self._form["fields"].append([a["name"], a["value"], "submit"])
                return
            if kind in ("radio", "checkbox") and any(f[0] == a["name"] for f in self._form["fields"]):
                if "checked" in a:   # the checked one replaces the first one seen
                    for f in self._form["fields"]:
                        if f[0] == a["name"]:
                            f[1] = a.get("value") or "on"
                return
            self._form["fields"].append([a["name"], a.get("value") or "", kind])
        elif tag == "button" and a.get("value") is not None:
            self._form["fields"].append([a["name"], a["value"], "submit"])
        elif tag == "select":
            self._select = [a["name"], None, "select"]
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            if self._select[1] is None or "selected" in a:
                self._select[1] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = [a["name"], "", "textarea"]
            self._form["fields"].append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            if self._select is not None and self._select[1] is None:
                self._select[1] = ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def routes(bindir):
    """[(method, pattern, rate_limited)] of the served modules."""
    out = []
    names = subprocess.run([os.path.join(ROOT, "modules", "list.sh"), "served"], capture_output=True,
                           text=True, check=True).stdout.split()
    for m in names:
        listing = subprocess.run([os.path.join(bindir, "zikao-" + m), "--routes"], capture_output=True,
                                 text=True, check=True).stdout
        for line in listing.splitlines():
            parts = line.split()
            if len(parts) >= 5 and parts[0] in ("GET", "POST") and not parts[1].startswith("/healthz"):
                out.append((parts[0], parts[1], parts[3] != "-"))
    return out


def pattern_regex(pattern):
    return re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(pattern)) + "$")


def match(table, method, path):
    for m, pattern, limited, rx in table:
        if m == method and rx.match(path):
            return pattern, limited
    return None, False


def login(who):
    c = z.Client()
    if who == "anonymous":
        return c
    if who == "examinee":
        r = c.login(z.ZHANG["id"], z.DEMO_PASSWORD)
    else:
        c.get("/admin/login")
        r = c.post("/admin/login", {"username": who, "password": STAFF_PASSWORD.get(who, "Staff@2025")})
    if r.status != 303 or not c.session_token:
        raise SystemExit("targets: the login of %s failed (%d)" % (who, r.status))
    return c


def seed(clients):
    """Takes the demo data where more pages show forms: 张三 fills in steps 1 and 2 of 毕业申请
    (太原理工大学 080901) up to the confirmation page."""
    c = clients["examinee"]
    c.get("/apply")
    steps = [c.post("/apply", [("county_code", "140105"), ("phone", "13912345678"), ("address", "太原市小店区学府街1号"),
                               ("institution", "10112")])]
    major = z.psql("SELECT id FROM majors WHERE institution_code = '10112' AND code = '080901'")
    c.get("/apply/majors")
    steps.append(c.post("/apply/majors", [("major_1", major), ("action", "next")]))
    expect_redirects(steps)


def seed_notice(clients):
    """The admin publishes a notice (its page then shows the withdraw form)."""
    a = clients["admin"]
    a.get("/admin/notices/new")
    expect_redirects([a.post("/admin/notices/new", [("title", "安全扫描通知"), ("body", "扫描用的通知。"),
                                                    ("published_at", "")])])


def expect_redirects(steps):
    for r in steps:
        if r.status != 303:
            raise SystemExit("targets: preparing the demo data failed (%d): %s" % (r.status, r.text[:300]))


def further(clients):
    """Examinees further on, so that their pages and the clerks' queues show the forms the
    demo data does not reach: the access-matrix test's world (an application with its
    graduation photo and an open order, one in 预审 with a 旧计划 archive, a graduation photo
    and a registration waiting for the clerk) and an examinee whose fee is paid and whose
    登记表 has its first page saved (登记表, 个人简历, receipt). Their clients join the crawl, before the staff, each under its own name."""
    import unittest
    import test_access_matrix as am
    import test_pay as tp
    w = am.world()
    for who in ("甲", "乙", "验", "丁"):
        clients["examinee-" + who] = w["owners"][who]
    import test_regform as tr
    t = unittest.TestCase()
    p, c = tp.payable(t, "导出")
    tp.pay_for(t, p, c)
    tr.fill_personal(t, c)   # the 登记表's first page saved: 个人简历 is open
    clients["examinee-paid"] = c


def own_staff_ids():
    """The back-office ids of the crawling staff: their own accounts are never the target
    of the staff forms (disabling one would end the scan's session)."""
    names = ",".join("'%s'" % s for s in STAFF)
    return set(z.psql("SELECT id FROM staff WHERE username IN (%s)" % names).split())


def crawl(who, client, table, avoid_ids, found, seen_routes):
    queue = [p for m, p, _, _ in table if m == "GET" and "{" not in p and not NO_CRAWL.match(p)]
    visited, per_route, pages = set(), {}, 0
    while queue and pages < MAX_PAGES:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        r = client.get(url)
        pages += 1
        path = urllib.parse.urlsplit(url).path
        pattern, _ = match(table, "GET", path)
        if r.status != 200 or not (r.header("Content-Type") or "").startswith("text/html"):
            if r.status == 200 and pattern:
                seen_routes.add(("GET", pattern))
            continue
        seen_routes.add(("GET", pattern))
        query = urllib.parse.urlsplit(url).query
        if query:
            add(found, who, "GET", pattern, path, query, [], "", url, False)
        p = Forms()
        p.feed(r.text)
        for form in p.forms:
            action = urllib.parse.urljoin(url, form["action"] or url)
            a = urllib.parse.urlsplit(action)
            if a.netloc and a.netloc != "%s:%d" % (z.HOST, z.PORT):
                continue
            method = "POST" if form["method"] == "post" else "GET"
            fpattern, limited = match(table, method, a.path)
            if not fpattern or ENDS_SESSION.match(a.path):
                continue
            # An empty text field gets a value that passes its checks where one is known
            # (VALUES), else "1" (sqlmap compares answers to a value); a select keeps the
            # option the page chose, as a browser would send it.
            fields = [[n, v or value_for(n) if kind in FILLED else v, kind] for n, v, kind in form["fields"]]
            if method == "GET":
                q = urllib.parse.urlencode([(n, v) for n, v, k in fields if k != "submit"])
                if q:
                    add(found, who, "GET", fpattern, a.path, q, [], "", url, False)
            else:
                seen_routes.add(("POST", fpattern))
                add(found, who, "POST", fpattern, a.path, "", fields, form["enctype"], url, limited)
        for href in p.links:
            u = urllib.parse.urlsplit(urllib.parse.urljoin(url, href))
            if (u.netloc and u.netloc != "%s:%d" % (z.HOST, z.PORT)) or NO_CRAWL.match(u.path):
                continue
            lpattern, _ = match(table, "GET", u.path)
            if not lpattern:
                continue
            if lpattern.startswith("/admin/staff/{id}") and u.path.split("/")[3] in avoid_ids:
                continue
            key = (lpattern, tuple(sorted(urllib.parse.parse_qs(u.query).keys())))
            target = u.path + ("?" + u.query if u.query else "")
            if per_route.get(key, 0) < MAX_PER_ROUTE and target not in visited:
                per_route[key] = per_route.get(key, 0) + 1
                queue.append(target)
    return pages


def add(found, who, method, pattern, path, query, fields, enctype, page, limited):
    names = ([n for n, _ in urllib.parse.parse_qsl(query, keep_blank_values=True)] if method == "GET"
             else [n for n, _, kind in fields if kind not in ("file", "submit") and n != "csrf_token"])
    key = (method, pattern, tuple(sorted(set(names))))
    if not names or key in found:
        return
    found[key] = {"who": who, "method": method, "route": pattern, "path": path, "query": query,
                  "fields": [[n, v] for n, v, _ in fields], "file_fields": [n for n, _, k in fields if k == "file"],
                  "enctype": enctype, "params": sorted(set(names)), "page": page,
                  "order": 1 if OWN_CREDENTIALS.match(path) else 0, "rate_limited": limited}


def main():
    bindir, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    table = [(m, p, limited, pattern_regex(p)) for m, p, limited in routes(bindir)]
    avoid = own_staff_ids()
    found, seen_routes, sessions = {}, set(), {}
    clients = {who: login(who) for who in ("anonymous", "examinee")}
    seed(clients)
    further(clients)
    clients.update({who: login(who) for who in STAFF})   # after further(): dicts keep this order
    seed_notice(clients)
    for who, client in clients.items():
        pages = crawl(who, client, table, avoid, found, seen_routes)
        sessions[who] = "; ".join("%s=%s" % kv for kv in client.cookies.items())
        print("targets: %-9s %3d pages" % (who, pages))
    targets = sorted(found.values(), key=lambda t: (t["order"], t["route"], t["method"]))
    for i, t in enumerate(targets):
        t["id"] = "%03d" % (i + 1)
    with open(os.path.join(out, "targets.json"), "w", encoding="utf-8") as f:
        json.dump(targets, f, ensure_ascii=False, indent=1)
    with open(os.path.join(out, "sessions.json"), "w", encoding="utf-8") as f:
        json.dump(sessions, f, indent=1)
    missing = ["%s %s" % (m, p) for m, p, _, _ in table if (m, p) not in seen_routes]
    scanned = {(t["method"], t["route"]) for t in targets}
    bare = ["%s %s" % (m, p) for m, p, _, _ in table if (m, p) in seen_routes and m == "POST" and (m, p) not in scanned]
    with open(os.path.join(out, "no-parameters.txt"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in bare))
    with open(os.path.join(out, "coverage.txt"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in missing))
    print("targets: %d forms and query strings (%d parameters) of %d routes; %d forms whose only field is the CSRF "
          "token (no-parameters.txt); %d routes no page led to (coverage.txt)"
          % (len(targets), sum(len(t["params"]) for t in targets), len(scanned), len(bare), len(missing)))


if __name__ == "__main__":
    main()
