#!/usr/bin/env bash
# login_scale.sh --base URL --bin BINDIR --session TOKEN [--markdown FILE]: logins at scale
# (issue 18, SPEC PERF "Login at scale"), run by tests/bench/run.sh on its stack.
#   1. the raw scrypt rate of the project's parameters on every core (scrypt-bench,
#      tests/bench/scrypt_bench.cpp: crypto::verify_password in nproc threads);
#   2. logins/s through HTTP (tests/bench/login_load.py: GET /login, POST /login with the
#      CSRF token and the pre-session cookie, correct password, CLIENTS clients, each login
#      from its own loopback address) against that rate (target >= 90 %);
#   3. 个人中心 (GET / logged in, TOKEN: another examinee than the one logging in) with wrk
#      at 64 connections alone, then alongside a login wave: its p99 with and without.
# The examinee logging in is the demo's 李娜 (14010619970225006X), so that the benchmark
# session (张三's) stays untouched. Prints every figure ("login-scale*:" lines) and, with
# --markdown, writes the BENCHMARKS.md section to FILE. Asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
usage() { echo "usage: login_scale.sh --base URL --bin BINDIR --session TOKEN [--markdown FILE]" >&2; exit 2; }
base="" bin="" session="" markdown=""
while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || usage
    case $1 in
        --base) base=$2 ;; --bin) bin=$2 ;; --session) session=$2 ;; --markdown) markdown=$2 ;;
        *) usage ;;
    esac
    shift 2
done
[ -n "$base" ] && [ -n "$bin" ] && [ -n "$session" ] || usage
[ -x "$bin/scrypt-bench" ] || { echo "login-scale: $bin/scrypt-bench is not built" >&2; exit 1; }
SECONDS_EACH=${LOGIN_SCALE_SECONDS:-15}
CLIENTS=$(( $(nproc) * 4 ))
CONNECTIONS=64
LOGIN_NAME=14010619970225006X
cd "$ROOT"

# 1. The raw rate.
raw_out=$("$bin/scrypt-bench" --seconds "$SECONDS_EACH")
echo "login-scale-$raw_out"
raw_rate=$(awk '{print $2}' <<<"$raw_out")

# 2. Logins through HTTP, alone.
login_load() { python3 tests/bench/login_load.py --base "$base" --seconds "$1" --concurrency $CLIENTS --login-name $LOGIN_NAME; }
alone_out=$(login_load "$SECONDS_EACH")
sed 's/^/login-scale-alone: /' <<<"$alone_out"
field() { awk -v k="$1:" -v n="$2" '$1 == k {print $(n + 1); exit}' <<<"$3"; }
alone_rate=$(field login-load 6 "$alone_out")
alone_statuses=$(awk '$1 == "login-load-status:" {$1 = ""; sub(/^ /, ""); print}' <<<"$alone_out")
alone_p50=$(field login-load-latency 1 "$alone_out")
alone_p99=$(field login-load-latency 2 "$alone_out")
alone_errors=$(field login-load-errors 1 "$alone_out")
ratio=$(awk -v a="$alone_rate" -v b="$raw_rate" 'BEGIN {printf "%.0f", (b > 0 ? 100 * a / b : 0)}')

# 3. 个人中心 without, then with a login wave (the wave starts 2 s before wrk, ends 2 s after).
center() {
    local out; out=$(wrk -t2 -c$CONNECTIONS -d"${SECONDS_EACH}s" --latency -H "Cookie: zk_session=$session" "$base/")
    awk '/Requests\/sec/ {rps = $2} $1 == "99%" {p99 = $2} /Non-2xx/ {bad = $NF} END {print rps, p99, bad + 0}' <<<"$out"
}
wrk -t2 -c$CONNECTIONS -d3s -H "Cookie: zk_session=$session" "$base/" >/dev/null
read -r quiet_rps quiet_p99 quiet_bad <<<"$(center)"
echo "login-scale-center-alone: $quiet_rps req/s p99 $quiet_p99 non-2xx $quiet_bad"
wave_file=$(mktemp)
login_load $((SECONDS_EACH + 4)) >"$wave_file" &
wave_pid=$!
sleep 2
read -r wave_rps wave_p99 wave_bad <<<"$(center)"
wait "$wave_pid"
wave_out=$(cat "$wave_file"); rm -f "$wave_file"
echo "login-scale-center-during-wave: $wave_rps req/s p99 $wave_p99 non-2xx $wave_bad"
sed 's/^/login-scale-wave: /' <<<"$wave_out"
wave_rate=$(field login-load 6 "$wave_out")
wave_statuses=$(awk '$1 == "login-load-status:" {$1 = ""; sub(/^ /, ""); print}' <<<"$wave_out")
echo "login-scale: ${alone_rate} logins/s through HTTP = ${ratio}% of the raw ${raw_rate} verifications/s (target >= 90%);" \
     "个人中心 p99 ${quiet_p99} alone, ${wave_p99} during a login wave (${wave_rate} logins/s)"

[ -n "$markdown" ] || exit 0
cat >"$markdown" <<MD

## Login at scale (issue 18)

Logins are bounded by the password hash (scrypt N=2^15, r=8, p=1, common/base/crypto.hpp). Each
process hashes at most as many passwords at once as there are cores (\`password_hashing_gate()\`,
common/domain/throttle.cpp); a login beyond that waits up to 2 s for a place, at most twice as many
waiting as there are places, and beyond those it is answered 503 (登录人数较多) at once; the client
then tries again after 50 ms. Clients: $CLIENTS (tests/bench/login_load.py), each login as a browser does it (GET /login for
the CSRF token and the pre-session cookie, POST /login with the correct password, 303 with the
session cookie), each from its own loopback address (nginx limits POST /login per address).

| what | rate | p50 | p99 | answers | target |
|---|---|---|---|---|---|
| raw scrypt: \`crypto::verify_password\` on $(nproc) threads (scrypt-bench), ${SECONDS_EACH} s | ${raw_rate} /s | | | | |
| logins through HTTP, ${SECONDS_EACH} s | **${alone_rate} /s** (**${ratio}%** of raw) | ${alone_p50} ms | ${alone_p99} ms | ${alone_statuses}; ${alone_errors} errors | ≥ 90 % of raw |

个人中心 for a logged-in examinee (\`GET /\`, wrk, ${CONNECTIONS} connections, ${SECONDS_EACH} s each) while nobody logs in,
and while the login wave above runs (${wave_rate} logins/s meanwhile; answers ${wave_statuses}):

| 个人中心 | requests/s | p99 | non-2xx |
|---|---|---|---|
| without logins | ${quiet_rps} | ${quiet_p99} | ${quiet_bad} |
| during the login wave | ${wave_rps} | **${wave_p99}** | ${wave_bad} |

Commands: \`scrypt-bench --seconds ${SECONDS_EACH}\`; \`python3 tests/bench/login_load.py --base URL --seconds ${SECONDS_EACH}
--concurrency ${CLIENTS} --login-name ${LOGIN_NAME}\`; \`wrk -t2 -c${CONNECTIONS} -d${SECONDS_EACH}s --latency -H 'Cookie: zk_session=…' URL/\`.
MD
