#!/usr/bin/env bash
# run.sh PORT [STAGE...]: the test suite, by default all of it (make test). Unit tests
# (CppUnit, ASan/UBSan build), the parser fuzzers for a fixed number of runs (FUZZ_RUNS
# each), then a throwaway stack (fresh PostgreSQL cluster, modules built with sanitizers,
# nginx) with the integration and end-to-end tests over HTTP through nginx, the packaging
# checks and the overload flood, a small peak window with a fault, the two-host and the
# backup stacks. Naming stages runs only those, in this order: unit fuzz integration e2e
# ops peak two-hosts backup (make unit: "unit"; make integration: "integration", which
# starts and stops the stack itself). Last, with every stack that ran stopped
# (LeakSanitizer reports at exit), their module logs and supervisor restarts are read:
#   - a module log with "ERROR: AddressSanitizer", "ERROR: LeakSanitizer", a UBSan
#     "runtime error:" or "terminate called" counts as one failure;
#   - each restart by the supervisor (tests/stack/supervise.sh writes VAR/log/restarts)
#     counts as one failure, unless a test that kills a module on purpose declared it
#     first: it appends a line with the module's name (e.g. "center") to
#     $ZIKAO_VAR/log/expected-restarts, once per kill.
# The last line is "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${1:-18080}
BIN=$ROOT/build/test
VAR=$ROOT/var/test
KEPT=$ROOT/var/test-logs      # module logs of the two-host and backup stacks (ZIKAO_KEEP_LOGS)
FUZZ_RUNS=${FUZZ_RUNS:-400000}   # about a minute for the three fuzzers together (ASan, one core)
STAGES=(unit fuzz integration e2e ops peak two-hosts backup)
if [ $# -gt 1 ]; then stages=("${@:2}"); else stages=("${STAGES[@]}"); fi
for s in "${stages[@]}"; do
    [[ " ${STAGES[*]} " == *" $s "* ]] || { echo "run.sh: unknown stage '$s' (stages: ${STAGES[*]})" >&2; exit 2; }
done
want() { [[ " ${stages[*]} " == *" $1 "* ]]; }
cd "$ROOT"
mkdir -p var

passed=0; failed=0
add_counts() {  # reads "...: N passed, M failed" from the last matching line of a log
    local line; line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
    if [ -z "$line" ]; then failed=$((failed + 1)); echo "($2 reported no result: counted as one failure)"; return; fi
    passed=$((passed + $(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
}

# stop_stack VAR, scan_logs DIR, count_restarts DIR: the checks of a stopped stack, each
# problem one failure (shared with tests/security/run.sh).
. tests/stack/log_checks.sh

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
# Leaks inside fontconfig and cairo (the PDF of the 毕业生登记表) that no caller can free.
export LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp
export UBSAN_OPTIONS=print_stacktrace=1

# The release build that the packaging check's `make install` needs is compiled in the
# background, at the lowest priority, while the tests run: they mostly wait on their
# servers, so the packaging check starts at once instead of compiling for minutes at the
# end. At nice 19 the compilers get only what the tests leave (a weight of 15 against
# 1024), so it uses both cores: on one, it was still compiling when the end-to-end tests
# had finished. Its configuration is the Makefile's `build` target, so `make install`
# finds it up to date.
release_pid=""
if want ops; then
    (nice -n 19 cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
        nice -n 19 cmake --build build/release -j"$(nproc)") >var/release-build.log 2>&1 &
    release_pid=$!
fi

# How long each stage took, printed after it and summed up at the end.
run_started=$SECONDS
stage_started=$SECONDS
stage_times=()
took() {
    stage_times+=("$1 $((SECONDS - stage_started)) s")
    echo "($1 took $((SECONDS - stage_started)) s)"
    stage_started=$SECONDS
}

if want unit; then
    echo "== unit tests"
    "$BIN/unit_tests" 2>&1 | tee var/unit.log | grep -vE '^(Test|.*: OK)' | tail -20
    add_counts var/unit.log unit
    took unit
fi

if want fuzz; then
    echo "== fuzzers ($FUZZ_RUNS runs each from tests/fuzz/corpus, and tests/fuzz/crashes replayed)"
    tests/fuzz/run.sh --runs "$FUZZ_RUNS" 2>&1 | tee var/fuzz.log
    add_counts var/fuzz.log fuzz
    took "fuzz (with its build)"
fi

# The module logs the last step reads: only those of stacks started by this run.
log_dirs=()
if want ops || want two-hosts || want backup; then rm -rf "$KEPT"; fi

if want integration || want e2e; then
    echo "== integration tests (throwaway stack on port $PORT)"
    tests/stack/stack.sh down "$VAR" >/dev/null 2>&1
    rm -rf "$VAR"
    mkdir -p "$VAR"
    log_dirs+=("$VAR/log")
    # The modules run as another user under ASan: leak reports at exit go to their logs.
    if ZIKAO_ACCESS_LOG=off tests/stack/stack.sh up "$VAR" "$PORT" "$BIN" --demo >var/stack-test.log 2>&1; then
        if [ "$(id -u)" = 0 ]; then as_user="setpriv --reuid=zikao --regid=zikao --init-groups --"; else as_user=""; fi
        export ZIKAO_BASE_URL=http://127.0.0.1:$PORT
        export ZIKAO_VAR=$VAR
        export ZIKAO_CTL="$as_user $BIN/zikao-ctl --config $VAR/zikao.conf"
        export ZIKAO_PSQL="$as_user psql -h $VAR/run -d zikao -v ON_ERROR_STOP=1 -tA"
        export ZIKAO_PG_DUMP="$as_user pg_dump -h $VAR/run zikao"
        export ZIKAO_BIN=$BIN   # the access matrix and CSRF tests read each module's --routes
        if want integration; then
            python3 tests/integration/run.py 2>&1 | tee var/integration.log
            add_counts var/integration.log integration
            took integration
        fi
        if want e2e; then
            echo "== end-to-end tests (headless Chromium)"
            if (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then
                node tests/e2e/run.mjs 2>&1 | tee var/e2e.log
                add_counts var/e2e.log e2e
                # 张三 and 李娜 (demo) submit their applications; the integration tests use clones.
                node tests/e2e/apply.mjs 2>&1 | tee var/e2e-apply.log
                add_counts var/e2e-apply.log e2e-apply
                # 张三 pays his fee in the payment sandbox (he is 已支付 from here on).
                node tests/e2e/pay.mjs 2>&1 | tee var/e2e-pay.log
                add_counts var/e2e-pay.log e2e-pay
                # 张三 fills in his 毕业生登记表 and exports the PDF (登记表已填 from here on).
                node tests/e2e/regform.mjs 2>&1 | tee var/e2e-regform.log
                add_counts var/e2e-regform.log e2e-regform
                # After the integration tests: it gives the demo examinee 王强 his first password.
                node tests/e2e/register.mjs 2>&1 | tee var/e2e-register.log
                add_counts var/e2e-register.log e2e-register
                node tests/e2e/photos.mjs 2>&1 | tee var/e2e-photos.log; add_counts var/e2e-photos.log e2e-photos
                # Last: it takes 张三 and 李娜 on through 预审, 重新申请, 材料交回 and 审定 for good,
                # closes and restores the 毕业申请 window and publishes a notice.
                node tests/e2e/review.mjs 2>&1 | tee var/e2e-review.log
                add_counts var/e2e-review.log e2e-review
                # A new examinee of its own from 考生注册 to 毕业审定通过 (never 张三/李娜/王强): every
                # page checked with axe at 1280 and 360 px, screenshots in $VAR/screenshots/journey/.
                node tests/e2e/journey.mjs 2>&1 | tee var/e2e-journey.log; add_counts var/e2e-journey.log e2e-journey
                node tests/e2e/a11y.mjs 2>&1 | tee var/e2e-a11y.log; add_counts var/e2e-a11y.log e2e-a11y
                took e2e
            else
                echo "npm ci in tests/e2e failed: counted as one failure"
                failed=$((failed + 1))
            fi
        fi
    else
        cat var/stack-test.log
        echo "the test stack did not start: counted as one failure"
        failed=$((failed + 1))
    fi
    stop_stack "$VAR"
fi

if want ops; then
    echo "== production packaging (make install, systemd units, nginx)"
    # A failed background build is compiled again (and reported) by make install.
    [ -n "$release_pid" ] && ! wait "$release_pid" && echo "(the background release build failed; make install builds again)"
    tests/ops/check_units.sh 2>&1 | tee var/ops.log
    add_counts var/ops.log ops
    took "ops (packaging)"
    echo "== overload: a flood far beyond a module's admission limit (its own stack)"
    ZIKAO_KEEP_LOGS=$KEPT/overload tests/ops/overload.sh $((PORT + 520)) "$BIN" 2>&1 | tee var/overload.log
    add_counts var/overload.log overload
    took "ops (overload)"
fi

if want peak; then
    # Correctness only, never speed: 50 examinees of tests/bench/peak_seed.py submit at 16
    # browsers at once while the apply module is killed (kill -9) after 15 of them saw 提交成功;
    # counts in SQL afterwards (50 submitted, no duplicate, nothing half-written, everyone who
    # saw 提交成功 has it) and the service answering again (tests/bench/peak.py --test).
    echo "== peak window, small (50 examinees, kill -9 of the apply module during the run)"
    PEAK_VAR=$ROOT/var/test-peak
    PEAK_PORT=$((PORT + 500))
    tests/stack/stack.sh down "$PEAK_VAR" >/dev/null 2>&1
    rm -rf "$PEAK_VAR"
    mkdir -p "$PEAK_VAR"
    log_dirs+=("$PEAK_VAR/log")
    if ZIKAO_ACCESS_LOG=off tests/stack/stack.sh up "$PEAK_VAR" "$PEAK_PORT" "$BIN" --demo >var/stack-peak.log 2>&1 &&
        python3 tests/bench/peak_seed.py --var "$PEAK_VAR" --bin "$BIN" --count 50 >>var/stack-peak.log 2>&1; then
        echo apply >>"$PEAK_VAR/log/expected-restarts"   # the kill below, declared first
        python3 tests/bench/peak.py --base "http://127.0.0.1:$PEAK_PORT" --var "$PEAK_VAR" --count 50 \
            --concurrency 16 --kill-apply-after 15 --test 2>&1 | tee var/peak.log
        add_counts var/peak.log peak
        took peak
    else
        tail -30 var/stack-peak.log
        echo "the peak stack did not start or the examinees were not seeded: counted as one failure"
        failed=$((failed + 1))
    fi
    stop_stack "$PEAK_VAR"
fi

if want two-hosts; then
    echo "== two application hosts (OPS-5: network namespaces, FastCGI over TCP)"
    if [ "$(id -u)" = 0 ]; then
        ZIKAO_KEEP_LOGS=$KEPT/two-hosts tests/ops/two_hosts.sh $((PORT + 300)) "$BIN" 2>&1 | tee var/two-hosts.log
        add_counts var/two-hosts.log two-hosts
        took two-hosts
    else
        echo "two-hosts: not run (network namespaces need root): counted as one failure"
        failed=$((failed + 1))
    fi
fi

if want backup; then
    echo "== backup and restore round trip (OPS-4: pg_dump -Fc, restore into a fresh cluster)"
    ZIKAO_KEEP_LOGS=$KEPT/backup ZIKAO_BIN=$BIN tests/ops/backup_restore.sh $((PORT + 400)) $((PORT + 401)) 2>&1 |
        tee var/backup.log
    add_counts var/backup.log backup
    took backup
fi

if want ops || want two-hosts || want backup; then
    while IFS= read -r dir; do log_dirs+=("$dir"); done < <(find "$KEPT" -mindepth 1 -type d 2>/dev/null | sort)
fi
if [ ${#log_dirs[@]} -gt 0 ]; then
    echo "== module logs and supervisor restarts of every stack (all stopped)"
    before=$failed
    for dir in "${log_dirs[@]}"; do
        scan_logs "$dir"
        count_restarts "$dir"
    done
    [ "$failed" -eq "$before" ] && echo "ok   no sanitizer report, uncaught exception or unexpected restart"
fi

[ ${#stage_times[@]} -gt 0 ] &&
    echo "(took $((SECONDS - run_started)) s after the build: $(IFS=,; echo "${stage_times[*]}" | sed 's/,/, /g'))"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
