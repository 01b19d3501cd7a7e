#!/usr/bin/env bash
# overload.sh [PORT] [BINDIR]: admission control under a flood (issue 18, SPEC PERF
# "Overload"), on its own stack (var/overload-test, demo data). 张三 logs in; then CLIENTS
# (256) keep-alive connections ask for 个人中心 (GET /, logged in) back to back for
# FLOOD_SECONDS, far more at once than the center module's limit in nginx (threads x 8 =
# 64, nginx/locations.sh), so nginx must refuse the excess itself. Asserts, without any
# speed assumption (only generous bounds):
#   - every answer is 200 (个人中心) or 503/429 with Retry-After and the Chinese 系统繁忙 page;
#   - some answers were refused (the flood did exceed the limit), none was 502/504, no
#     connection broke and none went unanswered for 30 s;
#   - no module restarted (VAR/log/restarts);
#   - afterwards 个人中心 answers normally (200) again within 10 s, and its location in
#     nginx carries the limit.
# Prints "ok …"/"FAIL …" lines and last "overload: N passed, M failed". With
# ZIKAO_KEEP_LOGS=DIR the stack's logs are kept in DIR once it is stopped (tests/run.sh reads
# them for sanitizer reports and restarts).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${1:-18600}
BIN=$(cd "${2:-$ROOT/build/test}" && pwd)
VAR=$ROOT/var/overload-test
STACK=$ROOT/tests/stack/stack.sh
BASE=http://127.0.0.1:$PORT
CLIENTS=256
FLOOD_SECONDS=${OVERLOAD_FLOOD_SECONDS:-5}
cd "$ROOT"

passed=0; failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
finish() {
    "$STACK" down "$VAR" >/dev/null 2>&1
    for _ in $(seq 300); do pgrep -f "$VAR/run/" >/dev/null || break; sleep 0.1; done
    if [ -n "${ZIKAO_KEEP_LOGS:-}" ] && [ -d "$VAR/log" ]; then
        rm -rf "$ZIKAO_KEEP_LOGS"; mkdir -p "$(dirname "$ZIKAO_KEEP_LOGS")"
        cp -a "$VAR/log" "$ZIKAO_KEEP_LOGS"
    fi
    rm -rf "$VAR"
    [ "$passed" -gt 0 ] || [ "$failed" -gt 0 ] || { failed=1; echo "FAIL the overload test did not run"; }
    echo "overload: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
trap 'finish; exit $?' EXIT
trap 'exit 130' INT TERM

rm -rf "$VAR"
if ! ZIKAO_ACCESS_LOG=off "$STACK" up "$VAR" "$PORT" "$BIN" --demo >"$ROOT/var/overload-stack.log" 2>&1; then
    cat "$ROOT/var/overload-stack.log"; fail "the stack started"; exit 1
fi

# The center module's locations carry the admission limit (threads x 8).
check "nginx limits the center module to 64 requests in flight" \
    grep -q "^# center (zikao-center --routes), at most 64 requests in flight" "$VAR/nginx/locations.conf"
check "GET / is admitted through limit_conn zikao_module" \
    awk '/^location = \/ \{/ {inside = 1} inside && /limit_conn zikao_module 64;/ {found = 1} inside && /^\}/ {inside = 0} END {exit !found}' \
    "$VAR/nginx/locations.conf"

# The production locations (what make install writes) carry the same limits.
prod=$(nginx/locations.sh "$BIN")
check "production locations: / and /photo admitted through limit_conn (64, and 3 x 32 for uploads)" bash -c \
    'awk "/^location = \/ \{/,/^\}/" <<<"$1" | grep -q "limit_conn zikao_module 64;" &&
     awk "/^location = \/photo \{/,/^\}/" <<<"$1" | grep -q "limit_conn zikao_module 96;"' _ "$prod"

session=$(tests/bench/login_session.sh "$BASE") || { fail "张三 logged in"; exit 1; }
center=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: zk_session=$session" "$BASE/")
check "个人中心 answers 200 before the flood (got $center)" test "$center" = 200

# The flood: CLIENTS connections, each sending its next request as soon as the last was
# answered. Prints "status CODE COUNT", "refused-bad N" (a 503/429 without Retry-After or
# the page), "broken N", "unanswered N".
flood=$(python3 - "$PORT" "$session" "$CLIENTS" "$FLOOD_SECONDS" <<'PY'
import asyncio, collections, sys
port, session, clients, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
request = (f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: zk_session={session}\r\n"
           "Accept: text/html\r\n\r\n").encode()
statuses = collections.Counter()
problems = collections.Counter()
PAGE = "系统繁忙"

async def answer(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readline()).strip(), 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body.decode("utf-8", "replace")

async def client(deadline):
    loop = asyncio.get_running_loop()
    reader = writer = None
    while loop.time() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            status, headers, body = await asyncio.wait_for(answer(reader), 30)
        except asyncio.TimeoutError:
            problems["unanswered"] += 1
            writer.close(); writer = None
            continue
        except (OSError, asyncio.IncompleteReadError, ValueError):
            problems["broken"] += 1
            if writer is not None:
                writer.close()
            writer = None
            continue
        statuses[status] += 1
        if status in (429, 503) and (not headers.get("retry-after", "").isdigit() or PAGE not in body):
            problems["refused-bad"] += 1
        if headers.get("connection", "").lower() == "close":
            writer.close(); writer = None
    if writer is not None:
        writer.close()

async def main():
    deadline = asyncio.get_running_loop().time() + seconds
    await asyncio.gather(*(client(deadline) for _ in range(clients)))

asyncio.run(main())
for code, n in sorted(statuses.items()):
    print(f"status {code} {n}")
for what in ("refused-bad", "broken", "unanswered"):
    print(f"{what} {problems[what]}")
PY
)
echo "$flood" | sed 's/^/  flood: /'
count() { awk -v k="$1" -v c="${2:-}" '($1 == k && c == "") {print $2} ($1 == k && $2 == c) {print $3}' <<<"$flood" | head -1; }
ok_count=$(count status 200); ok_count=${ok_count:-0}
refused=$(( $(count status 503 || true) + $(count status 429 || true) + 0 ))
others=$(awk '$1 == "status" && $2 != 200 && $2 != 503 && $2 != 429 {n += $3} END {print n + 0}' <<<"$flood")
check "the flood got answers (200: $ok_count)" test "$ok_count" -gt 0
check "the excess was refused by 503/429 ($refused refused)" test "$refused" -gt 0
check "no answer other than 200/503/429 (502/504 and others: $others)" test "$others" -eq 0
check "every 503/429 carries Retry-After and the 系统繁忙 page (bad: $(count refused-bad))" test "$(count refused-bad)" = 0
check "no connection broke (broken: $(count broken))" test "$(count broken)" = 0
check "no request went unanswered for 30 s (unanswered: $(count unanswered))" test "$(count unanswered)" = 0

# Normal again: 个人中心 answers 200 within 10 s of the flood's end.
recovered=no
for _ in $(seq 100); do
    code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' -H "Cookie: zk_session=$session" "$BASE/")
    [ "$code" = 200 ] && { recovered=yes; break; }
    sleep 0.1
done
check "个人中心 answers 200 again within 10 s" test "$recovered" = yes
page=$(curl -s -H "Cookie: zk_session=$session" "$BASE/")
check "个人中心 renders 张三's page after the flood" grep -q "1401\*\*\*\*\*\*\*\*\*\*0012" <<<"$page"
restarts=0; [ -f "$VAR/log/restarts" ] && restarts=$(wc -l <"$VAR/log/restarts")
check "no module restarted ($restarts restarts)" test "$restarts" -eq 0
