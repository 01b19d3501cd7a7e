#!/usr/bin/env bash
# peak.sh PORT [--faults]: `make bench-peak` (and, with --faults, `make bench-faults` through
# tests/bench/faults.sh). The peak window of 毕业申请 (issue 18) on its own stack (release build,
# var/bench-peak or var/bench-faults, nginx on PORT):
#   1. the PEAK_COUNT (5,000) examinees of tests/bench/peak_seed.py: restored from
#      var/bench/peak-N.dump (pg_dump -Fc) and var/bench/peak-N.keys (the field keys it was
#      encrypted with) when var/bench/peak-N.stamp still matches the migrations, the demo data
#      and the generator; otherwise generated on a --demo stack (a few minutes) and dumped;
#   2. tests/bench/peak.py drives every one of them at PEAK_CONCURRENCY (64) browsers through
#      login → 个人中心 → /apply step 1 → step 2 → confirm → 提交 → /apply/status, samples the
#      memory of every module and of PostgreSQL, and checks the applications in SQL; with
#      --faults, kill -9 of the apply module after 1/4 of the examinees saw 提交成功 and a
#      PostgreSQL restart after 1/2; SOAK_SECONDS (0) > 0 adds the soak (logged-in examinees
#      coming back for that long; RSS of every module at its start and end);
#   3. every figure goes to stdout and to its section of BENCHMARKS.md ("Peak window" or
#      "Faults under load"), replaced on each run.
# Nothing here asserts speed; the exit status is not 0 only when the run could not be made or
# a correctness check failed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${1:-18094}
MODE=${2:-}
BIN=$ROOT/build/release
COUNT=${PEAK_COUNT:-5000}
CONCURRENCY=${PEAK_CONCURRENCY:-64}
SOAK=${SOAK_SECONDS:-0}
PG_BIN=/usr/lib/postgresql/15/bin
cd "$ROOT"

if [ "$MODE" = --faults ]; then
    VAR=$ROOT/var/bench-faults
    SECTION="Faults under load"
    FAULTS=(--kill-apply-after $((COUNT / 4)) --restart-pg-after $((COUNT / 2)))
    COMMAND="make bench-faults"
else
    VAR=$ROOT/var/bench-peak
    SECTION="Peak window"
    FAULTS=()
    COMMAND="make bench-peak"
    [ "$SOAK" = 0 ] || COMMAND="$COMMAND SOAK_SECONDS=$SOAK"
fi
[ "$COUNT" = 5000 ] || COMMAND="$COMMAND PEAK_COUNT=$COUNT"
[ "$CONCURRENCY" = 64 ] || COMMAND="$COMMAND PEAK_CONCURRENCY=$CONCURRENCY"
CACHE=$ROOT/var/bench
DUMP=$CACHE/peak-$COUNT.dump
KEYS=$CACHE/peak-$COUNT.keys
STAMP=$CACHE/peak-$COUNT.stamp

as_user() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=zikao --regid=zikao --init-groups -- "$@"; else "$@"; fi; }
psql_app() { as_user psql -h "$VAR/run" -d "$1" -v ON_ERROR_STOP=1 -tAq -c "$2"; }
say() { echo "bench-peak: $*"; }

# What the dump depends on: the schema, the demo data it was generated on, the generator.
stamp=$(cat sql/migrations/*.sql sql/sandbox/*.sql sql/demo/* tests/bench/peak_seed.py | sha256sum | cut -c1-16)

tests/stack/stack.sh down "$VAR" >/dev/null 2>&1 || true
rm -rf "$VAR"
mkdir -p "$VAR/keys" "$CACHE"
trap 'tests/stack/stack.sh down "$VAR" >/dev/null 2>&1 || true' EXIT
setup_start=$SECONDS
if [ -f "$DUMP" ] && [ -d "$KEYS" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$stamp" ]; then
    say "restoring $COUNT examinees from ${DUMP#"$ROOT"/}"
    cp -a "$KEYS"/. "$VAR/keys/"
    ZIKAO_ACCESS_LOG=off tests/stack/stack.sh up "$VAR" "$PORT" "$BIN" >/dev/null
    psql_app postgres "DROP DATABASE zikao WITH (FORCE)"
    psql_app postgres "CREATE DATABASE zikao"
    as_user pg_restore -h "$VAR/run" -d zikao --no-owner <"$DUMP"
    # The modules again, on the restored database (stack.sh up replaces running ones).
    ZIKAO_ACCESS_LOG=off tests/stack/stack.sh up "$VAR" "$PORT" "$BIN" >/dev/null
else
    say "generating $COUNT examinees (once; kept in ${DUMP#"$ROOT"/})"
    ZIKAO_ACCESS_LOG=off tests/stack/stack.sh up "$VAR" "$PORT" "$BIN" --demo >/dev/null
    python3 tests/bench/peak_seed.py --var "$VAR" --bin "$BIN" --count "$COUNT"
    as_user pg_dump -h "$VAR/run" -Fc zikao >"$DUMP.tmp"
    rm -rf "$KEYS" && cp -a "$VAR/keys" "$KEYS"
    mv "$DUMP.tmp" "$DUMP"
    echo "$stamp" >"$STAMP"
fi
# The demo window of 毕业申请 opens around the day the demo was loaded: open it around today.
psql_app zikao "UPDATE business_windows SET opens_at = now() - interval '7 days', closes_at = now() + interval '30 days'
                WHERE business_code = 'graduation' AND batch_id = (SELECT id FROM batches WHERE is_current)"
rm -f "$VAR/log/restarts"   # the modules lost their database during the restore: not a fault of the run
say "stack ready in $((SECONDS - setup_start)) s"

md=$(mktemp)
status=0
run_start=$SECONDS
python3 tests/bench/peak.py --base "http://127.0.0.1:$PORT" --var "$VAR" --count "$COUNT" \
    --concurrency "$CONCURRENCY" --soak-seconds "$SOAK" "${FAULTS[@]}" --markdown "$md" || status=$?
restarts=""
[ -f "$VAR/log/restarts" ] && restarts=$(awk '{print $1 " (status " $2 ")"}' "$VAR/log/restarts" | paste -sd, - | sed 's/,/, /g')
say "run took $((SECONDS - run_start)) s; supervisor restarts: ${restarts:-none}"

if [ -s "$md" ]; then
    cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
    section=$(mktemp)
    {
        echo "## $SECTION (issue 18)"
        echo
        echo "Measured by \`$COMMAND\` ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $cpu; the load client"
        echo "tests/bench/peak.py, nginx, PostgreSQL and every module on this one machine; release build)."
        echo "$COUNT examinees generated by tests/bench/peak_seed.py (9 demo majors in turn, restored from"
        echo "var/bench/peak-$COUNT.dump), $CONCURRENCY browsers at once, each examinee through GET /login, POST /login →"
        echo "个人中心 → /apply step 1 → step 2 → confirm → 提交 → /apply/status (cookies, CSRF tokens, redirects,"
        echo "each answer checked). A failed step is retried after a pause, up to 5 times (while the module is"
        echo "not there at all, 502/504 or no answer, reloaded every 1-2 s for up to 2 minutes first); a 提交 whose"
        echo "answer was lost only after looking at /apply/status. Times are per request through nginx."
        if [ "$MODE" = --faults ]; then
            echo "Faults: \`kill -9\` of the apply module after $((COUNT / 4)) examinees saw 提交成功 (tests/stack/supervise.sh"
            echo "restarts it after 1 s, as systemd's Restart= does), then \`pg_ctl restart -m fast\` of the stack's"
            echo "PostgreSQL after $((COUNT / 2)); recovery is the time until 张三's 个人中心 and /apply/status answer normally."
            echo "Supervisor restarts: ${restarts:-none}."
        fi
        echo
        cat "$md"
        echo
    } >"$section"
    [ -f BENCHMARKS.md ] || echo "# Benchmarks" >BENCHMARKS.md
    # Replace this section (from its heading to the next "## " heading), keep the others.
    awk -v head="## $SECTION (issue 18)" -v file="$section" '
        $0 == head { skip = 1; next }
        skip && /^## / { skip = 0 }
        !skip { print }
        END { printf "\n"; while ((getline line < file) > 0) print line }' BENCHMARKS.md |
        cat -s >BENCHMARKS.md.tmp
    mv BENCHMARKS.md.tmp BENCHMARKS.md
    rm -f "$section"
    say "written: the \"$SECTION\" section of BENCHMARKS.md"
fi
rm -f "$md"
exit "$status"
