#!/usr/bin/env bash
# tests/security/run.sh PORT: `make security`. A throwaway stack (a fresh var/security, demo
# data, the modules of $SECURITY_BIN: build/test, the ASan/UBSan build, when it holds every
# module, else build/dev) attacked by:
#   1. the security integration tests (tests/integration/test_access_matrix.py,
#      test_csrf_routes.py, test_fixation.py, test_hostile_uploads.py,
#      test_payment_forgery.py: those that exist), first, on the untouched demo data;
#   2. sqlmap, level 3, risk 2, on every form and query string the pages of the system show
#      to an anonymous visitor, the examinee 张三 and the clerks (targets.py, sqlmap_scan.py);
#   3. wapiti 3.0.4 (its default modules) logged in as 张三 and as the clerk xiaodian;
#   4. the stack's module logs (sanitizer reports, uncaught exceptions) and its supervisor's
#      restarts, once it is stopped.
# The scanners go through tests/security/proxy.py (many loopback source addresses, so the
# per-address rate limits do not refuse the scan; a log of every answer).
# Each part prints its findings; the last line is "security: N findings" (0: exit status
# 0). Details: var/security/report/ (see README.md, "Security scans").
# Environment: SECURITY_BIN, SQLMAP_ONLY (a regular expression of routes: a quick run),
# SQLMAP_JOBS, WAPITI_SECONDS (per user, 600), SECURITY_PARTS (default
# "integration sqlmap wapiti"), SECURITY_TESTS (the integration test modules of part 1).
# Trusts: the checkout and its builds; it runs the stack's tools as root when it is root.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${1:-18220}
PROXY_PORT=$((PORT + 1))
VAR=$ROOT/var/security
REPORT=$VAR/report
PARTS=${SECURITY_PARTS:-integration sqlmap wapiti}
WAPITI_SECONDS=${WAPITI_SECONDS:-600}
read -ra SECURITY_TESTS <<<"${SECURITY_TESTS:-test_access_matrix test_csrf_routes test_fixation test_hostile_uploads test_payment_forgery}"
cd "$ROOT"
. tests/stack/log_checks.sh
want() { [[ " $PARTS " == *" $1 "* ]]; }

complete_build() {  # complete_build DIR: every served and dev module and zikao-ctl built in DIR
    local m
    for m in $(modules/list.sh served dev) ctl; do [ -x "$1/zikao-$m" ] || return 1; done
}
if [ -n "${SECURITY_BIN:-}" ]; then BIN=$(cd "$SECURITY_BIN" && pwd)
elif complete_build build/test; then BIN=$ROOT/build/test
elif complete_build build/dev; then BIN=$ROOT/build/dev
else echo "security: no complete build in build/test or build/dev (make build-test)" >&2; exit 2; fi
complete_build "$BIN" || { echo "security: $BIN lacks modules" >&2; exit 2; }

tests/stack/stack.sh deps security || exit 2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp
export UBSAN_OPTIONS=print_stacktrace=1

failed=0          # findings (log_checks.sh adds to it too)
started=$SECONDS
times=()
took() { times+=("$1 $((SECONDS - part_started)) s"); echo "($1 took $((SECONDS - part_started)) s)"; part_started=$SECONDS; }
part_started=$SECONDS

echo "== stack (fresh $VAR, modules from ${BIN#"$ROOT"/}, port $PORT)"
tests/stack/stack.sh down "$VAR" >/dev/null 2>&1
rm -rf "$VAR"
mkdir -p "$VAR" "$REPORT"
proxy_pid=""
finish() {
    [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
    stop_stack "$VAR"
}
if ! ZIKAO_ACCESS_LOG=off tests/stack/stack.sh up "$VAR" "$PORT" "$BIN" --demo >"$REPORT/stack.log" 2>&1; then
    cat "$REPORT/stack.log"
    echo "the stack did not start"
    finish
    echo "security: $((failed + 1)) findings"
    exit 1
fi
if [ "$(id -u)" = 0 ]; then as_user="setpriv --reuid=zikao --regid=zikao --init-groups --"; else as_user=""; fi
export ZIKAO_BASE_URL=http://127.0.0.1:$PORT ZIKAO_VAR=$VAR ZIKAO_BIN=$BIN
export ZIKAO_CTL="$as_user $BIN/zikao-ctl --config $VAR/zikao.conf"
export ZIKAO_PSQL="$as_user psql -h $VAR/run -d zikao -v ON_ERROR_STOP=1 -tA"
export ZIKAO_PG_DUMP="$as_user pg_dump -h $VAR/run zikao"
took stack

# count LOG PATTERN: adds N of the last "...: N findings" line of LOG to `failed`; a log
# without that line (the part crashed) counts as one finding.
count() {
    local n; n=$(grep -E "^$2: [0-9]+ findings$" "$1" | tail -1 | sed -E 's/.*: ([0-9]+) findings/\1/')
    if [ -z "$n" ]; then echo "($2 reported nothing: counted as one finding)"; n=1; fi
    failed=$((failed + n))
}

if want integration; then
    echo "== security integration tests"
    present=()
    for t in "${SECURITY_TESTS[@]}"; do [ -f "tests/integration/$t.py" ] && present+=("$t"); done
    if [ ${#present[@]} -eq 0 ]; then
        echo "(none of ${SECURITY_TESTS[*]} exists yet)"
    else
        python3 tests/security/suite.py "${present[@]}" 2>&1 | tee "$REPORT/integration.log"
        # Its last line is "integration: N passed, M failed": each failed test is a finding.
        n=$(grep -E '^integration: [0-9]+ passed, [0-9]+ failed' "$REPORT/integration.log" | tail -1 | sed -E 's/.* ([0-9]+) failed/\1/')
        [ -n "$n" ] || { echo "(the tests reported nothing: counted as one finding)"; n=1; }
        failed=$((failed + n))
    fi
    took integration
fi

if want sqlmap || want wapiti; then
    python3 tests/security/proxy.py "$PROXY_PORT" "$REPORT/proxy.log" 2>"$REPORT/proxy.err" &
    proxy_pid=$!
    for _ in $(seq 50); do (: </dev/tcp/127.0.0.1/"$PROXY_PORT") 2>/dev/null && break; sleep 0.1; done
fi

if want sqlmap; then
    echo "== sqlmap (level 3, risk 2) on every form and query string"
    if python3 tests/security/targets.py "$BIN" "$REPORT" 2>&1 | tee "$REPORT/targets.log"; then
        if [ -s "$REPORT/coverage.txt" ]; then
            echo "(routes no page of the demo data led to, not scanned by sqlmap:" \
                "$(wc -l <"$REPORT/coverage.txt"), see ${REPORT#"$ROOT"/}/coverage.txt)"
        fi
        python3 tests/security/sqlmap_scan.py "$REPORT" "http://127.0.0.1:$PROXY_PORT" "$REPORT/proxy.log" 2>&1 |
            tee "$REPORT/sqlmap.log"
        count "$REPORT/sqlmap.log" sqlmap
    else
        echo "(the targets could not be collected: counted as one finding)"
        failed=$((failed + 1))
    fi
    took sqlmap
fi

if want wapiti; then
    echo "== wapiti (default modules) as the examinee 张三 and the clerk xiaodian, ${WAPITI_SECONDS} s each at most"
    python3 tests/security/wapiti_scan.py "$REPORT" "http://127.0.0.1:$PROXY_PORT/" "$WAPITI_SECONDS" 2>&1 |
        tee "$REPORT/wapiti.log"
    count "$REPORT/wapiti.log" wapiti
    took wapiti
fi

echo "== module logs and supervisor restarts (stack stopped)"
finish
proxy_pid=""
before=$failed
scan_logs "$VAR/log"
count_restarts "$VAR/log"
[ "$failed" -eq "$before" ] && echo "ok   no sanitizer report, uncaught exception or restart"

echo "(took $((SECONDS - started)) s: $(IFS=,; echo "${times[*]}" | sed 's/,/, /g'))"
echo "security: $failed findings"
[ "$failed" -eq 0 ]
