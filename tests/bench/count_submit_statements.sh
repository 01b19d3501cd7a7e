#!/usr/bin/env bash
# count_submit_statements.sh VAR PORT [BIN]: how many SQL statements one 毕业申请 提交
# (POST /apply/submit) runs for an examinee with two majors (issue 11: "about 30, because
# the rules are re-read for each major").
# Against a running development stack (tests/stack/stack.sh up VAR PORT BIN --demo; its
# PostgreSQL runs as the stack user, who is the cluster's superuser) it creates one
# examinee, a clone of the demo's 张三 with every course of 山西大学 120402 行政管理(本科)
# passed and a matching 学信网 record, so both 山西大学 120402 and 太原理工大学 080901 are
# eligible; walks steps 1–3 through nginx; then switches on log_statement = 'all' (ALTER
# SYSTEM + pg_reload_conf), posts 提交, switches logging off again and counts, in the
# PostgreSQL log written during that one request, per backend: the executes of prepared
# statements and the simple statements (BEGIN, COMMIT, …), separately for the submit's
# transaction (BEGIN … COMMIT) and for the whole request (session look-up included).
# Trusts the stack it is pointed at: a throwaway one, never production.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VAR=${1:?usage: count_submit_statements.sh VAR PORT [BIN]}
PORT=${2:?usage: count_submit_statements.sh VAR PORT [BIN]}
BIN=${3:-$ROOT/build/dev}
VAR=$(cd "$VAR" && pwd)
as_user="setpriv --reuid=$(stat -c %U "$VAR/pg/data") --regid=$(stat -c %G "$VAR/pg/data") --init-groups --"
export ZIKAO_BASE_URL=http://127.0.0.1:$PORT ZIKAO_VAR=$VAR
export ZIKAO_CTL="$as_user $BIN/zikao-ctl --config $VAR/zikao.conf"
export ZIKAO_PSQL="$as_user psql -h $VAR/run -d zikao -v ON_ERROR_STOP=1 -tA"
export COUNT_PG_LOG=$VAR/log/postgres.log
cd "$ROOT/tests/integration"
exec python3 - <<'PY'
import collections
import os
import re
import sys
import time

import zkclient as z
import test_apply as ta

LOG = os.environ["COUNT_PG_LOG"]

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


def logging(on):
    z.psql("ALTER SYSTEM %s" % ("SET log_statement = 'all'" if on else "RESET log_statement"))
    z.psql("ALTER SYSTEM %s" % ("SET log_line_prefix = '%m [%p] '" if on else "RESET log_line_prefix"))
    z.psql("SELECT pg_reload_conf()")
    time.sleep(0.5)  # every backend reloads at its next command; give the postmaster time to signal


logging(True)
start = os.path.getsize(LOG)
r = c.post("/apply/submit", {})
time.sleep(0.3)
end = os.path.getsize(LOG)
logging(False)
assert r.status == 303 and z.path_of(r.location) == "/apply/status", (r.status, ta.text_of(r.text)[:400])
assert ta.apps(p) == ["1:submitted"], ta.apps(p)
assert z.psql("SELECT count(*) FROM application_majors am JOIN applications a ON a.id = am.application_id "
              "WHERE a.examinee_id = %d AND am.eligible" % p.db_id) == "2"

with open(LOG, "rb") as f:
    f.seek(start)
    text = f.read(end - start).decode("utf-8", errors="replace")

entry = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] LOG:  (execute (\S+?):|statement: (.*))")
per_backend = collections.OrderedDict()
for line in text.splitlines():
    m = entry.match(line)
    if not m:
        continue
    pid = m.group(1)
    if m.group(3):
        per_backend.setdefault(pid, []).append(("execute", m.group(3)))
    else:
        stmt = m.group(4).strip()
        if "pg_reload_conf" in stmt or stmt.startswith("ALTER SYSTEM"):
            continue  # this script's own psql
        per_backend.setdefault(pid, []).append(("simple", stmt))

total_exec = sum(1 for v in per_backend.values() for k, _ in v if k == "execute")
total_simple = sum(1 for v in per_backend.values() for k, _ in v if k == "simple")
print("POST /apply/submit, two majors (山西大学 120402 + 太原理工大学 080901), examinee %s" % p.ticket)
for pid, items in per_backend.items():
    print("backend %s: %d statements" % (pid, len(items)))
    for kind, what in items:
        print("   %s %s" % ("execute" if kind == "execute" else "simple ", what))

# The submit's transaction: the BEGIN … COMMIT block that holds the most executes.
best = None
for pid, items in per_backend.items():
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
if best is None:
    print("no BEGIN … COMMIT block found in the log", file=sys.stderr)
    sys.exit(1)
names = collections.Counter(w for k, w in best if k == "execute")
print()
print("submit transaction: %d executes of prepared statements (%d distinct) + BEGIN + COMMIT"
      % (sum(names.values()), len(names)))
for name, n in names.items():
    print("   %2d x %s" % (n, name))
print("whole request: %d executes + %d simple statements (BEGIN/COMMIT and others) = %d"
      % (total_exec, total_simple, total_exec + total_simple))
PY
