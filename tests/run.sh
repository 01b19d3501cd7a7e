#!/usr/bin/env bash
# run.sh PORT: the whole test suite. Unit tests (CppUnit, ASan/UBSan build), then a
# throwaway stack (fresh PostgreSQL cluster, modules built with sanitizers, nginx) and
# the integration tests over HTTP through nginx. The last line is "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${1:-18080}
BIN=$ROOT/build/test
VAR=$ROOT/var/test
cd "$ROOT"
mkdir -p var

passed=0; failed=0
add_counts() {  # reads "...: N passed, M failed" from the last matching line of a log
    local line; line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
    if [ -z "$line" ]; then failed=$((failed + 1)); echo "($2 reported no result: counted as one failure)"; return; fi
    passed=$((passed + $(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1

echo "== unit tests"
"$BIN/unit_tests" 2>&1 | tee var/unit.log | grep -vE '^(Test|.*: OK)' | tail -20
add_counts var/unit.log unit

echo "== integration tests (throwaway stack on port $PORT)"
tests/stack/stack.sh down "$VAR" >/dev/null 2>&1
rm -rf "$VAR"
mkdir -p "$VAR"
# The modules run as another user under ASan: leak reports at exit go to their logs.
if ZIKAO_ACCESS_LOG=off tests/stack/stack.sh up "$VAR" "$PORT" "$BIN" --demo >var/stack-test.log 2>&1; then
    if [ "$(id -u)" = 0 ]; then as_user="setpriv --reuid=zikao --regid=zikao --init-groups --"; else as_user=""; fi
    export ZIKAO_BASE_URL=http://127.0.0.1:$PORT
    export ZIKAO_VAR=$VAR
    export ZIKAO_CTL="$as_user $BIN/zikao-ctl --config $VAR/zikao.conf"
    export ZIKAO_PSQL="$as_user psql -h $VAR/run -d zikao -v ON_ERROR_STOP=1 -tA"
    export ZIKAO_PG_DUMP="$as_user pg_dump -h $VAR/run zikao"
    python3 tests/integration/run.py 2>&1 | tee var/integration.log
    add_counts var/integration.log integration
    echo "== end-to-end tests (headless Chromium)"
    if (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then
        node tests/e2e/run.mjs 2>&1 | tee var/e2e.log
        add_counts var/e2e.log e2e
        # 张三 and 李娜 (demo) submit their applications; the integration tests use clones.
        node tests/e2e/apply.mjs 2>&1 | tee var/e2e-apply.log
        add_counts var/e2e-apply.log e2e-apply
        # After the integration tests: it gives the demo examinee 王强 his first password.
        node tests/e2e/register.mjs 2>&1 | tee var/e2e-register.log
        add_counts var/e2e-register.log e2e-register
    else
        echo "npm ci in tests/e2e failed: counted as one failure"
        failed=$((failed + 1))
    fi
    if grep -l "ERROR: AddressSanitizer\|runtime error:" "$VAR"/log/*.log 2>/dev/null; then
        echo "sanitizer reports in module logs above: counted as one failure"
        failed=$((failed + 1))
    fi
else
    cat var/stack-test.log
    echo "the test stack did not start: counted as one failure"
    failed=$((failed + 1))
fi
tests/stack/stack.sh down "$VAR" >/dev/null 2>&1

echo "== production packaging (make install, systemd units, nginx)"
tests/ops/check_units.sh 2>&1 | tee var/ops.log
add_counts var/ops.log ops

echo "== two application hosts (OPS-5: network namespaces, FastCGI over TCP)"
if [ "$(id -u)" = 0 ]; then
    tests/ops/two_hosts.sh $((PORT + 300)) "$BIN" 2>&1 | tee var/two-hosts.log
    add_counts var/two-hosts.log two-hosts
else
    echo "two-hosts: not run (network namespaces need root): counted as one failure"
    failed=$((failed + 1))
fi

echo "== backup and restore round trip (OPS-4: pg_dump -Fc, restore into a fresh cluster)"
ZIKAO_BIN=$BIN tests/ops/backup_restore.sh $((PORT + 400)) $((PORT + 401)) 2>&1 | tee var/backup.log
add_counts var/backup.log backup

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
