"""The access matrix (SPEC SEC-2, issue 19): every route of every module, as the route
tables declare them (`zikao-<module> --routes`, whose last column is the route's access
rule), requested by someone who must not get it:

  - anonymous: every non-public route redirects to the login page (GET) or is refused (POST);
  - examinee B: every examinee route naming ANOTHER examinee's application, photo, order or
    verification (real ids, of examinees made here) is refused with 403/404;
  - another county's clerk (yingze, luzhou for 小店区 ids; taiyuan, the 太原 city office,
    for 潞州区 ids), and a clerk on a route of a role it lacks (审定, 管理员), likewise;
and in every case the answer carries nothing of the other examinee (name, 身份证号,
准考证号) and the database rows of the examinees made here are unchanged. Each id is
also requested by its rightful owner or clerk, which must get it: the ids are real.

Every route with a {param} needs a line in FILL saying how to obtain its ids; a route
with no line fails the test, so a new route cannot slip past uncovered.

Trusts: the route listings of the binaries in ZIKAO_BIN (else the directory of the
zikao-ctl in ZIKAO_CTL), modules/MODULES, and the helpers of test_application_review,
test_pay and test_register to make the examinees and their data through the pages."""
import os
import re
import shlex
import threading
import unittest

import images
import test_application_review as ar
import test_apply as ap
import test_pay as tp
import test_register as reg
import zkclient as z

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


# ---- the route tables ----------------------------------------------------------------------

def bin_dir():
    """The directory of the module binaries: ZIKAO_BIN, else that of zikao-ctl in ZIKAO_CTL."""
    if os.environ.get("ZIKAO_BIN"):
        return os.environ["ZIKAO_BIN"]
    for word in shlex.split(os.environ.get("ZIKAO_CTL", "")):
        if word.endswith("/zikao-ctl"):
            return os.path.dirname(word)
    raise RuntimeError("set ZIKAO_BIN (or ZIKAO_CTL) to find the module binaries")


class Route:
    def __init__(self, module, kind, line):
        parts = line.split()
        if len(parts) != 6:
            raise AssertionError("zikao-%s --routes: unexpected line %r" % (module, line))
        self.module, self.kind = module, kind
        self.method, self.pattern, self.max_body = parts[0], parts[1], int(parts[2])
        access, _, flag = parts[5].partition(",")
        self.access, self.csrf_exempt = access, flag == "csrf-exempt"
        self.params = re.findall(r"\{([^/{}]+)\}", self.pattern)

    def __repr__(self):
        return "%s %s (%s)" % (self.method, self.pattern, self.access)


_routes = []


def routes():
    """Every GET and POST route of every served and dev module (the test stack runs both),
    health checks and prefixes left out."""
    if not _routes:
        import subprocess
        with open(os.path.join(ROOT, "modules", "MODULES"), encoding="utf-8") as f:
            mods = [line.split() for line in f if line.strip() and not line.startswith("#")]
        for name, kind in mods:
            if kind not in ("served", "dev"):
                continue
            out = subprocess.run([os.path.join(bin_dir(), "zikao-" + name), "--routes"], capture_output=True,
                                 text=True, timeout=30, check=True).stdout
            for line in out.splitlines():
                r = Route(name, kind, line)
                if r.method in ("GET", "POST") and not r.pattern.startswith("/healthz/"):
                    _routes.append(r)
    return list(_routes)


STAFF_ACCESS = ("staff", "office", "province", "admin")
EXAMINEE_ACCESS = ("examinee", "examinee-any")


# ---- the examinees whose data is attacked --------------------------------------------------

class Person(ar.Person):
    def __init__(self, label, clone_of):
        super().__init__(label, clone_of)
        self.name = "越权" + label + ar.RUN


_lock = threading.Lock()
_world = {}


def world():
    """Made once: {"near": ids of 小店区 examinees, "far": ids of a 潞州区 examinee,
    "b": examinee B's Client, "owners": {victim label: Client}, "people": [...]}.
      near: app (张三 clone, 系统审核通过, with a graduation photo and an open order),
            app2 (李娜 clone in 预审, with a 旧计划 archive), grad (张三 clone's graduation
            photo waiting for the clerk), ver (a registered examinee's identity submission
            waiting for the clerk) and its photos."""
    with _lock:
        if _world:
            return _world
        t = unittest.TestCase()
        people = {k: Person(k, v) for k, v in (("甲", ap.ZHANG_TICKET), ("乙", ap.LI_TICKET),
                                                 ("远", ap.ZHANG_TICKET), ("丁", ap.ZHANG_TICKET),
                                                 ("丙", ap.ZHANG_TICKET))}
        ap.load_people(list(people.values()))
        for p in people.values():
            ap.add_chsi(p)
        a, a2, far, d = people["甲"], people["乙"], people["远"], people["丁"]
        ca = ar.submit(t, a, "140105")
        ar.upload_photo(t, ca)
        order = tp.create(t, ca)
        ca2 = ar.to_prereview(t, a2, "140105", ar.oldplan)
        # Grey graduation photos go to the clerk, who also gets the original as uploaded.
        cd = ar.submit(t, d, "140105")
        ar.upload_photo(t, cd, images.graduation_grey(ar.seed()))
        cf = ar.submit(t, far, "140403")
        ar.upload_photo(t, cf, images.graduation_grey(ar.seed()))
        # A self-registered examinee of 小店区 whose 手持身份证照 is handed to the clerk.
        v = reg.Person(county=reg.XIAODIAN)
        r = reg.register_new(v, reg.three_photos(in_hand="grey"))
        t.assertEqual(r.status, 200, r.text[:400])
        v.db_id = reg.examinee_row(v.name)["id"]
        cv = reg.logged_in(v.id_number, v.password)

        def grad(p):
            return [int(x) for x in z.psql("SELECT id, photo_id FROM graduation_photos WHERE examinee_id = %d "
                                           "ORDER BY id DESC LIMIT 1" % p.db_id).split("|")]

        ver = reg.open_verification(v.db_id)
        g, gp = grad(d)
        fg, fgp = grad(far)
        _world.update({
            "near": {"app": ar.app_id(a), "app_photo": ar.app_id(a), "app2": ar.app_id(a2), "order": order, "grad": g, "grad_photo": gp,
                     "ver": ver, "ver_photo": int(z.psql("SELECT portrait_photo_id FROM identity_verifications "
                                                         "WHERE id = %d" % ver)), "archive_entry": 1},
            "far": {"app": ar.app_id(far), "app2": ar.app_id(far), "grad": fg, "grad_photo": fgp},
            "owners": {"甲": ca, "乙": ca2, "丁": cd, "远": cf, "验": cv},
            "b": ap.login(people["丙"]),
            "b_person": people["丙"],
            "people": {"甲": a, "乙": a2, "丁": d, "远": far, "验": v},
            "ids": [a.db_id, a2.db_id, d.db_id, far.db_id, v.db_id],
        })
        return _world


# ---- how to fill each {param}: pattern -> (owner, lambda ids: path) ---------------------
# The owner is who may open the GET: the examinee (a label of world()["owners"]) or "clerk"
# (the ids' county clerk). Admin-only routes have no owner among clerks: any id will do,
# since every clerk is refused by role before the id is looked at.

def _admin_fill(path):
    return ("admin", lambda ids: path)


FILL = {
    "/notices/{id}": None,   # public
    "/pay/notify/{channel}": None,   # public (signed server-to-server)
    "/pay/order/{no}": ("甲", lambda i: "/pay/order/%s" % i["order"]),
    "/pay/order/{no}/confirm": ("甲", lambda i: "/pay/order/%s/confirm" % i["order"]),
    "/pay/order/{no}/cancel": ("甲", lambda i: "/pay/order/%s/cancel" % i["order"]),
    "/pay/return/{channel}": ("甲", lambda i: "/pay/return/alipay?order_no=%s" % i["order"]),
    "/pay/success/{no}": ("甲", lambda i: "/pay/success/%s" % i["order"]),
    "/pay/receipt/{no}": ("甲", lambda i: "/pay/receipt/%s" % i["order"]),
    "/photo/view/{id}": ("丁", lambda i: "/photo/view/%d" % i["grad"]),
    "/verify/photo/{id}": ("验", lambda i: "/verify/photo/%d" % i["ver_photo"]),
    "/admin/verifications/{id}": ("clerk", lambda i: "/admin/verifications/%d" % i["ver"]),
    "/admin/verifications/{id}/approve": ("clerk", lambda i: "/admin/verifications/%d/approve" % i["ver"]),
    "/admin/verifications/{id}/refuse": ("clerk", lambda i: "/admin/verifications/%d/refuse" % i["ver"]),
    "/admin/photos/{id}": ("clerk", lambda i: "/admin/photos/%d" % i["ver_photo"]),
    "/admin/graduation-photos/{id}": ("clerk", lambda i: "/admin/graduation-photos/%d" % i["grad"]),
    "/admin/graduation-photos/{id}/approve": ("clerk", lambda i: "/admin/graduation-photos/%d/approve" % i["grad"]),
    "/admin/graduation-photos/{id}/refuse": ("clerk", lambda i: "/admin/graduation-photos/%d/refuse" % i["grad"]),
    "/admin/graduation-photos/{id}/image/{photo}":
        ("clerk", lambda i: "/admin/graduation-photos/%d/image/%d" % (i["grad"], i["grad_photo"])),
    "/admin/graduation-photos/{id}/original": ("clerk", lambda i: "/admin/graduation-photos/%d/original" % i["grad"]),
    "/admin/applications/{id}": ("clerk", lambda i: "/admin/applications/%d" % i["app"]),
    "/admin/applications/{id}/photo": ("clerk", lambda i: "/admin/applications/%d/photo" % i["app_photo"]),
    "/admin/applications/{id}/archive/{n}":
        ("clerk", lambda i: "/admin/applications/%d/archive/%d" % (i["app2"], i["archive_entry"])),
    "/admin/applications/{id}/prereview/approve": ("clerk", lambda i: "/admin/applications/%d/prereview/approve" % i["app2"]),
    "/admin/applications/{id}/prereview/refuse": ("clerk", lambda i: "/admin/applications/%d/prereview/refuse" % i["app2"]),
    "/admin/applications/{id}/oldplan": ("clerk", lambda i: "/admin/applications/%d/oldplan" % i["app2"]),
    "/admin/applications/{id}/materials-returned":
        ("clerk", lambda i: "/admin/applications/%d/materials-returned" % i["app"]),
    "/admin/applications/{id}/final/approve": ("clerk", lambda i: "/admin/applications/%d/final/approve" % i["app"]),
    "/admin/applications/{id}/final/refuse": ("clerk", lambda i: "/admin/applications/%d/final/refuse" % i["app"]),
    "/admin/settings/windows/{code}": _admin_fill("/admin/settings/windows/graduation"),
    "/admin/settings/fees/majors/{major}/delete": _admin_fill("/admin/settings/fees/majors/1/delete"),
    "/admin/notices/{id}": _admin_fill("/admin/notices/1"),
    "/admin/notices/{id}/withdraw": _admin_fill("/admin/notices/1/withdraw"),
    "/admin/staff/{id}": _admin_fill("/admin/staff/1"),
    "/admin/staff/{id}/disable": _admin_fill("/admin/staff/1/disable"),
    "/admin/staff/{id}/enable": _admin_fill("/admin/staff/1/enable"),
    "/admin/staff/{id}/password": _admin_fill("/admin/staff/1/password"),
}

# POST bodies that would do something if the request were let through.
POST_FIELDS = {"refuse": {"reason": "越权测试", "reason_code": "score"}, "oldplan": {"course": "00015", "verdict": "verified"},
               "confirm": {"channel": "alipay"}}


def fill(route, ids):
    """The path to request for `route` with the ids `ids` (a pattern without params as it
    is); None when the ids do not have what the route needs. AssertionError when the table
    does not know the route."""
    if not route.params:
        return route.pattern
    if route.pattern not in FILL:
        raise AssertionError("route %r takes %s but FILL has no line for it: say how to obtain its ids"
                             % (route, route.params))
    entry = FILL[route.pattern]
    if entry is None:
        return None
    try:
        return entry[1](ids)
    except KeyError:
        return None


def post_fields(path):
    return POST_FIELDS.get(path.rsplit("/", 1)[-1], {})


def fingerprint(examinee_ids):
    """A digest of every row about the examinees made here (and of the admin tables), which
    a refused request must leave as it was. Sessions and rate-limit rows are not in it."""
    ids = ",".join(str(i) for i in examinee_ids)
    apps = "SELECT id FROM applications WHERE examinee_id IN (%s)" % ids
    parts = ["SELECT * FROM examinees WHERE id IN (%s)" % ids,
             "SELECT * FROM applications WHERE examinee_id IN (%s)" % ids,
             "SELECT * FROM application_events WHERE application_id IN (%s)" % apps,
             "SELECT * FROM application_oldplan_courses WHERE application_id IN (%s)" % apps,
             "SELECT * FROM application_archives WHERE application_id IN (%s)" % apps,
             "SELECT * FROM registration_forms WHERE examinee_id IN (%s)" % ids,
             "SELECT * FROM identity_verifications WHERE examinee_id IN (%s)" % ids,
             "SELECT * FROM photos WHERE examinee_id IN (%s)" % ids,
             "SELECT * FROM graduation_photos WHERE examinee_id IN (%s)" % ids,
             "SELECT * FROM payment_orders WHERE examinee_id IN (%s)" % ids,
             "SELECT * FROM notices", "SELECT * FROM fees", "SELECT * FROM business_windows",
             "SELECT id, username, role, county_code, city_code, password_hash, active FROM staff"]
    return z.psql(" UNION ALL ".join(
        "SELECT %d, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM (%s) t" % (n, q)
        for n, q in enumerate(parts)))


def markers(labels=None):
    """What of the attacked examinees (all, or those of `labels`) must never appear in an
    answer to someone else."""
    out = []
    for label, p in world()["people"].items():
        if labels is None or label in labels:
            out += [p.name, p.id_number, p.ticket]
    return out


def audit_rows(username):
    """The audit rows of the clerk `username` beyond its logins and its own exports."""
    return int(z.psql("SELECT count(*) FROM staff_audit_log WHERE staff_id = (SELECT id FROM staff "
                      "WHERE username = '%s') AND action NOT IN ('staff.login', 'report.export')" % username))


# ---- the tests -------------------------------------------------------------------------------

class RouteTableTest(unittest.TestCase):
    def test_every_route_with_a_param_has_a_line_and_no_line_is_stale(self):
        listed = {r.pattern for r in routes()}
        for r in routes():
            if r.params and r.access != "public":
                with self.subTest(route=repr(r)):
                    self.assertTrue(r.pattern in FILL, "no line in FILL for %r: say how to obtain its ids" % r)
                    self.assertIsNotNone(FILL[r.pattern], "%r is not public but FILL says so" % r)
        for pattern in FILL:
            with self.subTest(stale=pattern):
                self.assertTrue(pattern in listed, "FILL names a route no module has: %s" % pattern)
        kinds = {r.access for r in routes()}
        self.assertTrue(kinds <= {"public"} | set(EXAMINEE_ACCESS) | set(STAFF_ACCESS), kinds)


class AccessMatrixTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.w = world()

    def assert_refused(self, who, route, path, r, labels=None, statuses=(403, 404)):
        self.assertIn(r.status, statuses, "%s %s %s as %s: %d %s" % (route.method, path, route.access, who,
                                                                      r.status, r.text[:200]))
        for m in markers(labels):
            self.assertNotIn(m, r.text, "%s %s as %s shows %s" % (route.method, path, who, m))

    def request(self, c, route, path, page_for_token):
        if route.method == "GET":
            return c.get(path)
        c.get(page_for_token)   # a page of the attacker's own, for a valid CSRF token
        return c.post(path, post_fields(path))

    def controls(self, ids, clerk, routes_, owners=None):
        """Each GET of `routes_` with `ids` opens for its owner (an examinee or `clerk`)."""
        for route in routes_:
            if route.method != "GET" or not route.params:
                continue
            path = fill(route, ids)
            entry = FILL[route.pattern]
            if path is None or entry is None or entry[0] == "admin":
                continue
            c = clerk if entry[0] == "clerk" else (owners or self.w["owners"]).get(entry[0])
            with self.subTest(control=path):
                r = c.get(path)
                self.assertIn(r.status, (200, 303), "the owner cannot open %s: %d %s" % (path, r.status, r.text[:200]))
                if r.status == 303:
                    self.assertNotIn(z.path_of(r.location), ("/login", "/admin/login", "/verify/identity"))

    def test_anonymous_gets_the_login_page_or_403(self):
        ids = self.w["near"]
        for route in routes():
            if route.access == "public":
                continue
            path = fill(route, ids)
            with self.subTest(route=repr(route)):
                c = z.Client()
                if route.method == "GET":
                    r = c.get(path)
                    self.assertEqual(r.status, 303, "%s: %d" % (path, r.status))
                    login = "/admin/login" if route.access in STAFF_ACCESS else "/login"
                    self.assertEqual(z.path_of(r.location), login)
                else:
                    c.get("/login")
                    r = c.post(path, post_fields(path))
                    self.assertEqual(r.status, 403, "%s: %d" % (path, r.status))
                for m in markers():
                    self.assertNotIn(m, r.text)

    def test_examinee_b_gets_nothing_of_another_examinee(self):
        b = self.w["b"]
        ids = self.w["near"]
        before = fingerprint(self.w["ids"])
        mine = [r for r in routes() if r.access in EXAMINEE_ACCESS]
        self.assertTrue(mine)
        for route in mine:
            path = fill(route, ids)
            with self.subTest(route=repr(route)):
                r = self.request(b, route, path, "/")
                if route.params:
                    self.assert_refused("examinee B", route, path, r)
                else:
                    # B's own page: whatever it is, nothing of the others in it.
                    for m in markers():
                        self.assertNotIn(m, r.text, "%s as examinee B shows %s" % (path, m))
        self.assertEqual(fingerprint(self.w["ids"]), before)
        self.controls(ids, None, mine)

    def staff_attack(self, attacker, ids, control_clerk, labels):
        """`attacker` gets nothing of the examinees `labels` whose ids are `ids`."""
        c = ar.staff(attacker)
        before = fingerprint(self.w["ids"])
        audited = audit_rows(attacker)
        staff_routes = [r for r in routes() if r.access in STAFF_ACCESS]
        for route in staff_routes:
            path = fill(route, ids)
            if path is None:
                continue
            with self.subTest(attacker=attacker, route=repr(route)):
                r = self.request(c, route, path, "/admin")
                if route.params or route.access in ("province", "admin") or route.method == "POST":
                    self.assert_refused(attacker, route, path, r, labels)
                else:
                    # Its own queues, reports and dashboard: none of the others' examinees.
                    self.assertEqual(r.status, 200, "%s as %s: %d" % (path, attacker, r.status))
                    for m in markers(labels):
                        self.assertNotIn(m, r.text, "%s as %s shows %s" % (path, attacker, m))
        self.assertEqual(fingerprint(self.w["ids"]), before)
        self.assertEqual(audit_rows(attacker), audited, "a refused request is not audited as a view")
        self.controls(ids, ar.staff(control_clerk), staff_routes)

    def test_another_county_clerk_gets_nothing(self):
        self.staff_attack(ar.YINGZE, self.w["near"], ar.XIAODIAN, None)

    def test_another_city_clerk_gets_nothing(self):
        self.staff_attack(ar.LUZHOU, self.w["near"], ar.XIAODIAN, ("甲", "乙", "丁", "验"))

    def test_city_office_gets_nothing_outside_its_city(self):
        self.staff_attack(ar.TAIYUAN, self.w["far"], ar.LUZHOU, ("远",))
