#!/usr/bin/env bash
# backup_restore.sh [PORT_A] [PORT_B]: the OPS-4 backup/restore round trip, for real, on
# this machine, following docs/backup.md.
#   A: a throwaway dev stack with the demo data; 张三 logs in over HTTP and his masked
#      身份证号 is noted; extra data is imported (a course and a passed result of 张三's);
#      `pg_dump -Fc` as the database owner; the keys directory is copied separately.
#   B: a fresh cluster WITHOUT demo data and with A's keys put in place before any module
#      starts; the database is dropped, recreated and `pg_restore --no-owner --role`d;
#      `zikao-ctl status` must show no pending migration; then 张三 logs in on B, sees the
#      same masked ID, and the imported course is on his 合格成绩 page.
# Prints "ok …"/"FAIL …" lines and last "backup: N passed, M failed"; exit status non-zero
# on any failure. Both stacks are stopped and removed at the end, whatever happens.
# Needs the binaries of `make build-test` (or ZIKAO_BIN=DIR). Run as root (CI) or as the
# user the stack runs as. With ZIKAO_KEEP_LOGS=DIR the logs of both stacks are kept in
# DIR/bk-a and DIR/bk-b once they are stopped: tests/run.sh reads them for sanitizer reports
# (leaks are reported as the modules exit) and supervisor restarts.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT_A=${1:-18891}
PORT_B=${2:-18892}
BIN=${ZIKAO_BIN:-$ROOT/build/test}
STACK=$ROOT/tests/stack/stack.sh
A=$ROOT/var/bk-a
B=$ROOT/var/bk-b
WORK=$ROOT/var/bk-work          # the "backup host": dump, keys copy, import files, logs
LOG=$WORK/log
DB=zikao
COURSE_CODE=98765
COURSE_NAME=备份演练课程
ZHANG_TICKET=010120100001
ZHANG_PASSWORD=Zikao@2025
ZHANG_MASKED='1401**********0012'
START=$(date +%s)

passed=0; failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
check() {  # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then ok "$what"; else fail "$what"; fi
}

if [ "$(id -u)" = 0 ]; then
    as_user() { setpriv --reuid=zikao --regid=zikao --init-groups -- "$@"; }
else
    as_user() { "$@"; }
fi

cleanup() {  # cleanup [keep]
    "$STACK" down "$A" >/dev/null 2>&1
    "$STACK" down "$B" >/dev/null 2>&1
    # Hard links: a module still writing its leak report as it exits writes into the copy.
    if [ "${1:-}" = keep ] && [ -n "${ZIKAO_KEEP_LOGS:-}" ]; then
        mkdir -p "$ZIKAO_KEEP_LOGS"
        local d
        for d in "$A" "$B"; do  # into DIR/bk-a, DIR/bk-b
            [ -d "$d/log" ] && { cp -al "$d/log" "$ZIKAO_KEEP_LOGS/${d##*/}" 2>/dev/null || cp -a "$d/log" "$ZIKAO_KEEP_LOGS/${d##*/}"; }
        done
    fi
    rm -rf "$A" "$B" "$WORK"
}

finish() {
    local rc=$?
    cleanup keep
    if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "FAIL backup round trip did not run"; fi
    echo "backup: took $(( $(date +%s) - START ))s"
    echo "backup: $passed passed, $failed failed"
    [ "$failed" -eq 0 ] || exit 1
    exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

# Stops the run: the later steps need this one.
must() {  # must DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@" >>"$LOG" 2>&1; then ok "$what"; else fail "$what (see below)"; tail -25 "$LOG" | sed 's/^/     /'; exit 1; fi
}

# ---- HTTP helpers (curl, one cookie jar per "browser") ---------------------------------

# login PORT JAR: GET /login for the csrf token and cookie, POST the form; succeeds on 303.
login() {
    local port=$1 jar=$2 page token code
    rm -f "$jar"
    page=$(curl -sS -c "$jar" -b "$jar" "http://127.0.0.1:$port/login") || return 1
    token=$(grep -o 'name="csrf_token" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"$//')
    [ -n "$token" ] || { echo "no csrf_token on /login" >>"$LOG"; return 1; }
    code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
        --data-urlencode "login_name=$ZHANG_TICKET" --data-urlencode "password=$ZHANG_PASSWORD" \
        --data-urlencode "csrf_token=$token" "http://127.0.0.1:$port/login") || return 1
    echo "POST /login on $port answered $code" >>"$LOG"
    [ "$code" = 303 ]
}

# page_has PORT JAR PATH TEXT: GET PATH answers 200 and contains TEXT.
page_has() {
    local port=$1 jar=$2 path=$3 text=$4 body
    body=$(curl -sS -f -b "$jar" "http://127.0.0.1:$port$path") || return 1
    grep -qF -- "$text" <<<"$body"
}

# ---- start ---------------------------------------------------------------------------

[ -x "$BIN/zikao-ctl" ] || { fail "binaries missing in $BIN (run make build-test)"; exit 1; }
for p in "$PORT_A" "$PORT_B"; do
    if curl -s -o /dev/null "http://127.0.0.1:$p/" 2>/dev/null; then fail "port $p is already in use"; exit 1; fi
done
cleanup
mkdir -p "$WORK"
: >"$LOG"
# The stack user must read the import files and nothing else here; the dump and the keys
# copy stay root-only (0600/0700), as on a real backup host.
chmod 0711 "$WORK"

# ---- stack A: demo data, a login, extra data, the backup ------------------------------

mkdir -p "$A"
must "stack A up with demo data (port $PORT_A)" env ZIKAO_ACCESS_LOG=off "$STACK" up "$A" "$PORT_A" "$BIN" --demo
CTL_A=(as_user "$BIN/zikao-ctl" --config "$A/zikao.conf")

check "A: 张三 logs in" login "$PORT_A" "$WORK/jar-a"
check "A: 张三's home page shows the masked ID $ZHANG_MASKED" page_has "$PORT_A" "$WORK/jar-a" / "$ZHANG_MASKED"

mkdir -p "$WORK/import" && chmod 0755 "$WORK/import"
printf 'code,name,credits,new_plan\n%s,%s,3,0\n' "$COURSE_CODE" "$COURSE_NAME" >"$WORK/import/courses.csv"
printf 'ticket_no,course_code,passed_on,score,source\n%s,%s,2024-10-20,88,exam\n' "$ZHANG_TICKET" "$COURSE_CODE" \
    >"$WORK/import/passed.csv"
chmod 0644 "$WORK/import"/*.csv
must "A: zikao-ctl import courses (extra data)" "${CTL_A[@]}" import courses "$WORK/import/courses.csv"
must "A: zikao-ctl import passed (extra data)" "${CTL_A[@]}" import passed "$WORK/import/passed.csv"
check "A: the imported course is on 张三's 合格成绩 page" page_has "$PORT_A" "$WORK/jar-a" /scores "$COURSE_NAME"
rows_a=$(as_user psql -h "$A/run" -d "$DB" -tAc \
    "SELECT (SELECT count(*) FROM examinees) || '/' || (SELECT count(*) FROM passed_courses) || '/' || (SELECT count(*) FROM courses)")

# The backup itself (docs/backup.md): the dump as the database owner, the keys apart.
# pg_dump runs as the stack user and writes to stdout; this root shell owns the file.
( umask 077; as_user pg_dump -Fc -h "$A/run" "$DB" >"$WORK/zikao.dump" ) 2>>"$LOG"
is_custom_dump() { [ -s "$1" ] && [ "$(head -c 5 "$1")" = PGDMP ]; }
# (Captured first: under pipefail, grep -q closing the pipe early would fail the producer.)
lists_examinees() { local toc; toc=$(pg_restore -l "$1") && grep -q "TABLE DATA public examinees" <<<"$toc"; }
check "A: pg_dump -Fc wrote a custom-format archive" is_custom_dump "$WORK/zikao.dump"
check "A: the archive lists the examinees table" lists_examinees "$WORK/zikao.dump"
( umask 077; tar -C "$A" -cpf "$WORK/keys.tar" keys ) 2>>"$LOG"
has_keys() { local list; list=$(tar -tf "$1") && grep -qx "keys/data.key" <<<"$list" && grep -qx "keys/index.key" <<<"$list"; }
check "A: keys archived separately (data.key, index.key)" has_keys "$WORK/keys.tar"
must "stack A down" "$STACK" down "$A"

# ---- stack B: fresh cluster, keys first, restore --------------------------------------

# Keys in place before anything starts: keygen keeps existing files, and the modules read
# the keys once at start.
mkdir -p "$B"
tar -C "$B" -xpf "$WORK/keys.tar"
keys_private() { [ "$(stat -c %a "$1/keys/data.key")" = 600 ] && [ "$(stat -c %a "$1/keys/index.key")" = 600 ]; }
check "B: keys restored with mode 0600" keys_private "$B"
must "stack B up without demo data (fresh cluster, port $PORT_B)" env ZIKAO_ACCESS_LOG=off "$STACK" up "$B" "$PORT_B" "$BIN"
n=$(as_user psql -h "$B/run" -d "$DB" -tAc "SELECT count(*) FROM examinees" 2>>"$LOG")
check "B: the fresh database has no examinees before the restore" test "$n" = 0
same_data_key() { tar -xOf "$1" keys/data.key | cmp -s - "$2/keys/data.key"; }
check "B: the keys were kept by keygen (same data.key as A's backup)" same_data_key "$WORK/keys.tar" "$B"
must "stack B down for the restore" "$STACK" down "$B"

# Restore (docs/backup.md "Restore"): the cluster only, a new empty database, pg_restore.
PG_BIN=/usr/lib/postgresql/15/bin
must "B: PostgreSQL alone started" as_user "$PG_BIN/pg_ctl" -D "$B/pg/data" -l "$B/log/postgres.log" -w -t 60 start
must "B: dropdb $DB" as_user dropdb -h "$B/run" "$DB"
must "B: createdb $DB" as_user createdb -h "$B/run" "$DB"
if [ "$(id -u)" = 0 ]; then RUN_USER=zikao; else RUN_USER=$(id -un); fi
restore_db() { as_user pg_restore --no-owner --role="$RUN_USER" --exit-on-error -h "$B/run" -d "$DB" <"$WORK/zikao.dump"; }
must "B: pg_restore --no-owner --role=$RUN_USER --exit-on-error" restore_db
status_out=$(as_user "$BIN/zikao-ctl" --config "$B/zikao.conf" status "$ROOT/sql/migrations" 2>&1)
echo "$status_out" >>"$LOG"
all_applied() { grep -q "^applied " <<<"$1" && ! grep -q "^pending " <<<"$1"; }
check "B: zikao-ctl status lists every migration as applied, none pending" all_applied "$status_out"
rows_b=$(as_user psql -h "$B/run" -d "$DB" -tAc \
    "SELECT (SELECT count(*) FROM examinees) || '/' || (SELECT count(*) FROM passed_courses) || '/' || (SELECT count(*) FROM courses)")
check "B: row counts match A (examinees/passed/courses $rows_a)" test "$rows_a" = "$rows_b"
must "B: PostgreSQL stopped" as_user "$PG_BIN/pg_ctl" -D "$B/pg/data" -m fast -w stop
must "stack B up on the restored data" env ZIKAO_ACCESS_LOG=off "$STACK" up "$B" "$PORT_B" "$BIN"

check "B: 张三 logs in on the restored system" login "$PORT_B" "$WORK/jar-b"
check "B: 张三 sees the same masked ID $ZHANG_MASKED (身份证号 decrypts with the restored keys)" \
    page_has "$PORT_B" "$WORK/jar-b" / "$ZHANG_MASKED"
check "B: the course imported on A after the demo is on 张三's 合格成绩 page" \
    page_has "$PORT_B" "$WORK/jar-b" /scores "$COURSE_NAME"
