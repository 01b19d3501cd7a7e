#!/usr/bin/env bash
# overload.sh --base URL --var VAR --bin BINDIR --session TOKEN [--markdown FILE]:
# the overload benchmark (issue 18, SPEC PERF "Overload"), run by tests/bench/run.sh on its
# stack. 个人中心 (logged-in GET /) first at its sustainable rate: wrk, closed loop, 64
# connections, what the module and nginx serve flat out. Then an open-loop wave of FACTOR
# (4) times that rate for WAVE_SECONDS (15) from tests/bench/loadgen.cpp (fixed arrival
# rate, latency from when each request was due), followed by PROBE_SECONDS of light probing
# (20 requests/s) to see when 个人中心 answers normally again (200 within NORMAL_MS).
# Reports per status count, p50/p99/max latency and Retry-After; 502/504, timeouts and
# connection failures; module restarts during the run (VAR/log/restarts); the recovery
# time. Targets: the excess answered 429/503 with Retry-After within 100 ms (p99), no
# 502/504/timeouts, no restart, normal again within 5 s. Prints every figure ("overload-*:"
# lines) and, with --markdown, writes the BENCHMARKS.md section to FILE. Asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
base="" var="" bin="" session="" markdown=""
while [ $# -gt 0 ]; do
    case $1 in
        --base) base=$2 ;; --var) var=$2 ;; --bin) bin=$2 ;; --session) session=$2 ;; --markdown) markdown=$2 ;;
        *) echo "usage: overload.sh --base URL --var VAR --bin BINDIR --session TOKEN [--markdown FILE]" >&2; exit 2 ;;
    esac
    shift 2
done
[ -n "$base" ] && [ -n "$var" ] && [ -n "$bin" ] && [ -n "$session" ] ||
    { echo "usage: overload.sh --base URL --var VAR --bin BINDIR --session TOKEN [--markdown FILE]" >&2; exit 2; }
[ -x "$bin/loadgen" ] || { echo "overload: $bin/loadgen is not built (cmake --build ... --target loadgen)" >&2; exit 1; }
FACTOR=${OVERLOAD_FACTOR:-4}
WAVE_SECONDS=${OVERLOAD_SECONDS:-15}
SUSTAIN_SECONDS=${OVERLOAD_SUSTAIN_SECONDS:-10}
PROBE_SECONDS=10
NORMAL_MS=100
CONNECTIONS=64
WAVE_CONNECTIONS=1000
cookie="zk_session=$session"

# The limit nginx applies to the center module (written by nginx/locations.sh).
limit=$(awk '/^# center \(zikao-center --routes\), at most/ {print $(NF - 3); exit}' "$var/nginx/locations.conf")
restarts() { if [ -f "$var/log/restarts" ]; then wc -l <"$var/log/restarts"; else echo 0; fi; }
restarts_before=$(restarts)

# The sustainable rate: closed loop, what the stack serves flat out.
wrk -t2 -c$CONNECTIONS -d3s -H "Cookie: $cookie" "$base/" >/dev/null
sustain_out=$(wrk -t2 -c$CONNECTIONS -d${SUSTAIN_SECONDS}s --latency -H "Cookie: $cookie" "$base/")
sustain_rate=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$sustain_out")
sustain_p99=$(awk '$1 == "99%" {print $2}' <<<"$sustain_out")
sustain_non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$sustain_out")
echo "overload-sustainable: $sustain_rate req/s p99 $sustain_p99 non-2xx ${sustain_non2xx:-0} ($CONNECTIONS connections, ${SUSTAIN_SECONDS} s)"
sleep 2

# The wave, then the probes.
offered=$((sustain_rate * FACTOR))
wave_out=$(ulimit -n 4096; "$bin/loadgen" --url "$base/" --cookie "$cookie" --rate "$offered" --seconds "$WAVE_SECONDS" \
    --connections $WAVE_CONNECTIONS --timeout-ms 5000 --probe-seconds $PROBE_SECONDS --probe-rate 20 --normal-ms $NORMAL_MS)
sed 's/^/overload-wave: /' <<<"$wave_out"
restarts_after=$(restarts)
restarts_during=$((restarts_after - restarts_before))

# For comparison, the same wave without admission control, as before issue 18: the
# limit lifted to nginx's maximum in the stack's locations.conf (nginx reloaded), then put
# back. The excess then queues in the module's listen backlog until it is full, and
# connect() fails: 502.
WITHOUT=${OVERLOAD_WITHOUT:-1}
if [ "$WITHOUT" = 1 ]; then
    locations=$var/nginx/locations.conf
    reload() { kill -HUP "$(cat "$var/nginx/nginx.pid")"; sleep 2; }
    cp "$locations" "$locations.admission"
    sed -i 's/limit_conn zikao_module [0-9]*;/limit_conn zikao_module 65535;/' "$locations"
    reload
    sleep 3
    without_out=$(ulimit -n 4096; "$bin/loadgen" --url "$base/" --cookie "$cookie" --rate "$offered" --seconds "$WAVE_SECONDS" \
        --connections $WAVE_CONNECTIONS --timeout-ms 5000 --probe-seconds $PROBE_SECONDS --probe-rate 20 --normal-ms $NORMAL_MS)
    mv -f "$locations.admission" "$locations"
    reload
    sed 's/^/overload-without-admission: /' <<<"$without_out"
fi

# The figures.
wave_stat() { awk -v s="status $1:" -v k="$2" 'index($0, s) == 1 { for (i = 3; i <= NF; i++) if ($i == k) { print $(i + 1); exit } }' <<<"$wave_out"; }
sent=$(awk '$1 == "sent:" {print $2}' <<<"$wave_out")
timeouts=$(awk '$1 == "sent:" {print $6}' <<<"$wave_out")
connect_errors=$(awk '$1 == "sent:" {print $8}' <<<"$wave_out")
closed=$(awk '$1 == "sent:" {print $10}' <<<"$wave_out")
client_queue=$(awk '$1 == "sent:" {print $12}' <<<"$wave_out")
recovered=$(awk '$1 == "recovered-after:" {print $2}' <<<"$wave_out")
bad_gateway=$(( $(wave_stat 502 count || true) + $(wave_stat 504 count || true) + 0 ))
# status_rows OUTPUT: loadgen's "status" lines as table rows.
status_rows() {
    awk '$1 == "status" {
        code = $2; sub(/:/, "", code)
        what = code == 200 ? "个人中心 served" : code == 503 ? "refused (nginx: module at its limit; or the module)" : code == 429 ? "rate limit" : code == 502 ? "bad gateway (backlog full)" : code == 504 ? "gateway timeout" : "unexpected"
        printf "| %s | %s | %s | %s ms | %s ms | %s ms | %s |\n", code, what, $4, $6, $9, $12, $15
    }' <<<"$1"
}
rows=$(status_rows "$wave_out")
refused_p99=$(wave_stat 503 p99); refused_p99=${refused_p99:-$(wave_stat 429 p99)}
refused_max=$(wave_stat 503 max); refused_max=${refused_max:-$(wave_stat 429 max)}
# recovery_text MS|never: "1.25 s" or "not within the 10 s of probing"
recovery_text() {
    if [ "$1" = never ] || [ -z "$1" ]; then echo "not within the ${PROBE_SECONDS} s of probing"
    else awk -v ms="$1" 'BEGIN {printf "%.2f s\n", (ms < 0 ? 0 : ms) / 1000}'; fi
}
recovered_text=$(recovery_text "$recovered")
echo "overload: offered ${offered} req/s (${FACTOR}x ${sustain_rate}) for ${WAVE_SECONDS} s;" \
     "refusals p99 ${refused_p99:-none} ms max ${refused_max:-none} ms (target < 100 ms);" \
     "502/504 ${bad_gateway}, timeouts ${timeouts}, connection errors $((connect_errors + closed)) (target 0);" \
     "restarts ${restarts_during} (target 0); normal again after ${recovered_text} (target < 5 s)"

[ -n "$markdown" ] || exit 0
cat >"$markdown" <<MD

## Overload (issue 18)

Admission control in nginx: each module's locations share one \`limit_conn\` counter (zone
\`zikao_module\`, keyed by the module) of at most threads × ${ZIKAO_NGINX_CONN_PER_THREAD:-8} requests in flight
(${limit:-?} for 个人中心's module); beyond it nginx answers at once 503 with \`Retry-After\` and the Chinese
系统繁忙 page instead of queueing in the module's socket backlog (nginx/locations.sh explains the choice).

Sustainable rate of 个人中心 (logged-in \`GET /\`, wrk closed loop, ${CONNECTIONS} connections, ${SUSTAIN_SECONDS} s after a
3 s warm-up): **${sustain_rate} req/s**, p99 ${sustain_p99}, ${sustain_non2xx:-0} non-2xx. Then an open-loop wave of
**${offered} req/s** (${FACTOR}× that) for ${WAVE_SECONDS} s from \`loadgen\` (tests/bench/loadgen.cpp: fixed arrival rate,
${WAVE_CONNECTIONS} keep-alive connections, latency counted from when each request was due, 5 s timeout), then
${PROBE_SECONDS} s of probes at 20 requests/s. ${sent} requests sent (at most ${client_queue} waited in the client for a
free connection).

| status | what | answers | p50 | p99 | max | with Retry-After |
|---|---|---|---|---|---|---|
${rows}

| check | measured | target |
|---|---|---|
| refusals (503/429) answered within | p99 ${refused_p99:-none} ms, max ${refused_max:-none} ms | < 100 ms |
| 502/504 answers | ${bad_gateway} | 0 |
| timeouts (no answer in 5 s) / broken connections | ${timeouts} / $((connect_errors + closed)) | 0 |
| module restarts during the run (VAR/log/restarts) | ${restarts_during} | 0 |
| 个人中心 normal again (every probe 200 within ${NORMAL_MS} ms) after the wave | ${recovered_text} | < 5 s |
MD
if [ "$WITHOUT" = 1 ]; then
    without_sent=$(awk '$1 == "sent:" {print "sent " $2 ", timeouts " $6 ", connection errors " $8 + $10 ", at most " $12 " waiting in the client"}' <<<"$without_out")
    without_recovered=$(awk '$1 == "recovered-after:" {print $2}' <<<"$without_out")
    cat >>"$markdown" <<MD

The same wave right after, for comparison, **without admission control** (the limit lifted to nginx's
maximum in the stack's locations.conf, nginx reloaded, then restored), as the system behaved before:
${without_sent}; normal again after $(recovery_text "$without_recovered").

| status | what | answers | p50 | p99 | max | with Retry-After |
|---|---|---|---|---|---|---|
$(status_rows "$without_out")
MD
fi
cat >>"$markdown" <<MD

Command: \`tests/bench/overload.sh\` (from \`make bench\`); \`loadgen --url $base/ --cookie zk_session=… --rate ${offered}
--seconds ${WAVE_SECONDS} --connections ${WAVE_CONNECTIONS} --probe-seconds ${PROBE_SECONDS} --probe-rate 20 --normal-ms ${NORMAL_MS}\`.
MD
