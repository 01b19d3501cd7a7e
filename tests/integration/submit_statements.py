"""submit_statements: which SQL statements one 毕业申请 提交 (POST /apply/submit) runs for an
examinee applying to two majors, read from PostgreSQL's own statement log. Used by
tests/bench/count_submit_statements.sh (prints the figures) and by test_statements (checks
that no statement runs twice: rules, plans and transcript are read once per request, not
once per major).

It creates one examinee, a clone of the demo's 张三 with every course of 山西大学 120402
行政管理(本科) passed and a matching 学信网 record, so both 山西大学 120402 and 太原理工大学
080901 are eligible; walks steps 1–3 through nginx; then switches on log_statement = 'all'
(ALTER SYSTEM + pg_reload_conf, as the stack user, who owns the throwaway cluster), posts
提交 and switches logging off again. Never point it at production.
"""
import collections
import re
import time
from dataclasses import dataclass

import zkclient as z
import test_apply as ta

ENTRY = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] LOG:  (execute (\S+?):|statement: (.*))")


@dataclass
class Submit:
    ticket: str
    per_backend: dict   # backend pid -> [("execute", name) | ("simple", sql)] in log order
    transaction: list   # the submit's BEGIN … COMMIT block: [(kind, what)]


def _logging(on):
    z.psql("ALTER SYSTEM %s" % ("SET log_statement = 'all'" if on else "RESET log_statement"))
    z.psql("ALTER SYSTEM %s" % ("SET log_line_prefix = '%m [%p] '" if on else "RESET log_line_prefix"))
    z.psql("SELECT pg_reload_conf()")
    time.sleep(0.5)  # every backend reloads at its next command; give the postmaster time to signal


def count_submit(pg_log):
    p = ta.Person("计数%04d" % (int(time.time() * 1000) % 10000), ta.ZHANG_TICKET)
    ta.load_people([p])
    ta.add_chsi(p)
    m1, m2 = ta.major_id("10108", "120402"), ta.major_id("10112", "080901")
    z.psql("INSERT INTO passed_courses (examinee_id, course_code, passed_on, score, source) "
           "SELECT %d, pc.course_code, DATE '2024-04-13', '70', 'exam' FROM plan_courses pc "
           "JOIN plans pl ON pl.id = pc.plan_id WHERE pl.major_id = %d ON CONFLICT DO NOTHING" % (p.db_id, m1))

    c = ta.login(p)
    r = ta.fill(c, ["10108", "10112"])
    assert r.status == 303, ta.text_of(r.text)[:400]
    r = ta.choose(c, {1: m1, 2: m2}, "next")
    assert r.status == 303 and z.path_of(r.location) == "/apply/confirm", ta.text_of(r.text)[:600]
    r = c.get("/apply/confirm")
    assert r.status == 200, r.status

    with open(pg_log, "rb") as f:
        start = f.seek(0, 2)
    _logging(True)
    try:
        r = c.post("/apply/submit", {"confirm_submit": "1"})
        time.sleep(0.3)
    finally:
        _logging(False)
    with open(pg_log, "rb") as f:
        f.seek(start)
        text = f.read().decode("utf-8", errors="replace")
    assert r.status == 303 and z.path_of(r.location) == "/apply/status", (r.status, ta.text_of(r.text)[:400])
    assert ta.apps(p) == ["1:submitted"], ta.apps(p)
    assert z.psql("SELECT count(*) FROM application_majors am JOIN applications a ON a.id = am.application_id "
                  "WHERE a.examinee_id = %d AND am.eligible" % p.db_id) == "2"

    per_backend = collections.OrderedDict()
    for line in text.splitlines():
        m = ENTRY.match(line)
        if not m:
            continue
        if m.group(3):
            per_backend.setdefault(m.group(1), []).append(("execute", m.group(3)))
        else:
            stmt = m.group(4).strip()
            if "pg_reload_conf" in stmt or stmt.startswith("ALTER SYSTEM"):
                continue  # the switching itself
            per_backend.setdefault(m.group(1), []).append(("simple", stmt))

    # The submit's transaction: the BEGIN … COMMIT block that holds the most executes.
    best = None
    for items in per_backend.values():
        block = None
        for kind, what in items:
            if kind == "simple" and what.upper().startswith("BEGIN"):
                block = []
            elif kind == "simple" and what.upper() in ("COMMIT", "ROLLBACK") and block is not None:
                if best is None or len(block) > len(best):
                    best = block
                block = None
            elif block is not None:
                block.append((kind, what))
    assert best is not None, "no BEGIN … COMMIT block in the PostgreSQL log"
    return Submit(p.ticket, per_backend, best)
