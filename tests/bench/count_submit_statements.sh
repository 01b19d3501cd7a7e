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

import submit_statements as ss

r = ss.count_submit(os.environ["COUNT_PG_LOG"])
print("POST /apply/submit, two majors (山西大学 120402 + 太原理工大学 080901), examinee %s" % r.ticket)
for pid, items in r.per_backend.items():
    print("backend %s: %d statements" % (pid, len(items)))
    for kind, what in items:
        print("   %s %s" % ("execute" if kind == "execute" else "simple ", what))
names = collections.Counter(w for k, w in r.transaction if k == "execute")
print()
print("submit transaction: %d executes of prepared statements (%d distinct) + BEGIN + COMMIT"
      % (sum(names.values()), len(names)))
for name, n in names.items():
    print("   %2d x %s" % (n, name))
total_exec = sum(1 for v in r.per_backend.values() for k, _ in v if k == "execute")
total_simple = sum(1 for v in r.per_backend.values() for k, _ in v if k == "simple")
print("whole request: %d executes + %d simple statements (BEGIN/COMMIT and others) = %d"
      % (total_exec, total_simple, total_exec + total_simple))
PY
