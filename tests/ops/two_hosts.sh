#!/usr/bin/env bash
# two_hosts.sh [PORT] [BINDIR]: OPS-5, two application hosts behind one nginx, for real
# on this machine. The dev stack (tests/stack/stack.sh, data in var/2h) provides
# PostgreSQL; two network namespaces, zk-host-a (10.77.1.2) and zk-host-b (10.77.2.2),
# each joined to the root namespace by a veth pair (the root side is 10.77.1.1 /
# 10.77.2.1, the web server's address), run their own copies of the login and center
# modules with FastCGI over TCP (--listen, FCGI_WEB_SERVER_ADDRS = the web server). A
# second nginx on PORT+1 spreads /login, /logout, / and /healthz/* over both hosts; on
# PORT+2 and PORT+3 it reaches only host A and only host B, so that a change made on one
# host can be watched from the other: each host has its own configuration whose
# session_board is its own (the board is per host; between hosts only NOTIFY carries
# changes to the session caches), and a logout or a password change on host A must end
# the session on host B within 1 s.
# The namespaces share the filesystem, so PostgreSQL's unix socket in var/2h/run stands
# in for the database host. Needs root (namespaces); the modules and nginx run as zikao.
# Prints "ok ..." / "FAIL ..." per check; the last line is "two-hosts: N passed, M failed".
# With ZIKAO_KEEP_LOGS=DIR the module logs (var/2h/log, var/2h/hosts) are kept in DIR once
# every module has stopped: tests/run.sh reads them for sanitizer reports and restarts.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${1:-18380}
PORT2=$((PORT + 1))
PORT_A=$((PORT + 2)) PORT_B=$((PORT + 3))
BIN=$(cd "${2:-$ROOT/build/test}" && pwd)
VAR=$ROOT/var/2h
NS_A=zk-host-a NS_B=zk-host-b
WEB_A=10.77.1.1 HOST_A=10.77.1.2 WEB_B=10.77.2.1 HOST_B=10.77.2.2
INTRUDER=10.77.1.3          # a second address on the root side of A's link: not nginx
CENTER_PORT=9001 LOGIN_PORT=9002
cd "$ROOT"

passed=0; failed=0
ok() { echo "ok $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
finish() { echo "two-hosts: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if [ "$(id -u)" != 0 ]; then
    echo "two_hosts.sh needs root (network namespaces)"; fail "run as root"; finish
fi
for b in zikao-login zikao-center zikao-ctl; do
    [ -x "$BIN/$b" ] || { fail "$BIN/$b is built"; finish; }
done
as_zikao() { setpriv --reuid=zikao --regid=zikao --init-groups -- "$@"; }

declare -A PIDS=()   # "host-module" -> pid of a module started by this script

stop_module() {  # stop_module KEY: SIGTERM, then wait up to 10 s; returns 1 if it had to be killed
    local key=$1 pid=${PIDS[$1]:-}
    [ -n "$pid" ] || return 0
    unset "PIDS[$key]"
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    return 1
}

cleanup() {  # cleanup [keep]
    set +e
    for key in "${!PIDS[@]}"; do stop_module "$key" >/dev/null 2>&1; done
    if [ -f "$VAR/nginx2/nginx.pid" ]; then
        local npid; npid=$(cat "$VAR/nginx2/nginx.pid")
        kill -QUIT "$npid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$npid" 2>/dev/null || break; sleep 0.1; done
    fi
    for ns in "$NS_A" "$NS_B"; do
        # Anything still inside (started by this script) goes with the namespace.
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    ip link del zk-a0 2>/dev/null; ip link del zk-b0 2>/dev/null
    tests/stack/stack.sh down "$VAR" >/dev/null 2>&1
    # Hard links: a module still writing its leak report as it exits writes into the copy.
    if [ "${1:-}" = keep ] && [ -n "${ZIKAO_KEEP_LOGS:-}" ]; then
        mkdir -p "$ZIKAO_KEEP_LOGS"
        for d in "$VAR/log" "$VAR/hosts"; do
            [ -d "$d" ] && { cp -al "$d" "$ZIKAO_KEEP_LOGS/" 2>/dev/null || cp -a "$d" "$ZIKAO_KEEP_LOGS/"; }
        done
    fi
    rm -rf "$VAR"
}
trap 'cleanup keep' EXIT
trap 'exit 130' INT TERM

# A leftover from an interrupted run would make every step below fail confusingly.
cleanup
mkdir -p "$ROOT/var" "$VAR"

echo "== dev stack (PostgreSQL, demo data, modules on unix sockets) on port $PORT"
if ! ZIKAO_ACCESS_LOG=off tests/stack/stack.sh up "$VAR" "$PORT" "$BIN" --demo >"$ROOT/var/two-hosts-stack.log" 2>&1; then
    cat "$ROOT/var/two-hosts-stack.log"; fail "dev stack starts"; finish
fi
ok "dev stack starts"
mkdir -p "$VAR/hosts" && chown zikao:zikao "$VAR/hosts"
# Each host's configuration: the stack's, with a session board of its own.
for h in a b; do
    grep -v '^session_board *=' "$VAR/zikao.conf" >"$VAR/hosts/$h.conf"
    echo "session_board = $VAR/hosts/$h-session-board" >>"$VAR/hosts/$h.conf"
    chown zikao:zikao "$VAR/hosts/$h.conf"
done

echo "== two hosts: network namespaces $NS_A ($HOST_A) and $NS_B ($HOST_B)"
net_up() {  # net_up NS ROOT_IF NS_IF WEB_ADDR HOST_ADDR
    ip netns add "$1" &&
    ip link add "$2" type veth peer name "$3" &&
    ip link set "$3" netns "$1" &&
    ip addr add "$4/24" dev "$2" && ip link set "$2" up &&
    ip -n "$1" addr add "$5/24" dev "$3" && ip -n "$1" link set "$3" up &&
    ip -n "$1" link set lo up
}
check "namespace $NS_A with veth $WEB_A <-> $HOST_A" net_up "$NS_A" zk-a0 zk-a1 "$WEB_A" "$HOST_A"
check "namespace $NS_B with veth $WEB_B <-> $HOST_B" net_up "$NS_B" zk-b0 zk-b1 "$WEB_B" "$HOST_B"
[ "$failed" -eq 0 ] || finish

# start_module HOST(a|b) MODULE PORT: the module as user zikao inside the host's namespace,
# listening on the host's address, accepting only the web server's address.
start_module() {
    local h=$1 m=$2 port=$3 ns addr web
    if [ "$h" = a ]; then ns=$NS_A addr=$HOST_A web=$WEB_A; else ns=$NS_B addr=$HOST_B web=$WEB_B; fi
    ip netns exec "$ns" setpriv --reuid=zikao --regid=zikao --init-groups -- \
        env FCGI_WEB_SERVER_ADDRS="$web" "$BIN/zikao-$m" --config "$VAR/hosts/$h.conf" --threads 4 \
        --listen "$addr:$port" </dev/null >>"$VAR/hosts/$h-$m.log" 2>&1 &
    PIDS[$h-$m]=$!
}

# The FastCGI client used for direct requests (no nginx): connects from an optional
# source address, sends one request, prints "status NNN" or "closed" (the connection was
# closed or reset without a single byte) or "timeout".
cat >"$VAR/fcgi_probe.py" <<'PY'
import socket, struct, sys
host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
source = sys.argv[4] if len(sys.argv) > 4 else None
def record(kind, content=b""):
    return struct.pack(">BBHHBx", 1, kind, 1, len(content), 0) + content
def pair(n, v):
    n, v = n.encode(), v.encode()
    return bytes([len(n)]) + bytes([len(v)]) + n + v  # short names and values only
params = b"".join(pair(n, v) for n, v in [
    ("REQUEST_METHOD", "GET"), ("DOCUMENT_URI", path), ("REQUEST_URI", path),
    ("QUERY_STRING", ""), ("REMOTE_ADDR", "127.0.0.1"), ("SERVER_PROTOCOL", "HTTP/1.1")])
s = socket.socket()
s.settimeout(5)
if source:
    s.bind((source, 0))
try:
    s.connect((host, port))
    s.sendall(record(1, struct.pack(">HB5x", 1, 0)) + record(4, params) + record(4) + record(5))
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except socket.timeout:
    print("timeout"); sys.exit(0)
except ConnectionResetError:
    data = b""
except OSError as e:
    print("error %s" % e); sys.exit(0)
if not data:
    print("closed"); sys.exit(0)
out, i = b"", 0
while i + 8 <= len(data):
    _, kind, _, length, pad = struct.unpack(">BBHHBx", data[i:i + 8])
    if kind == 6:
        out += data[i + 8:i + 8 + length]
    i += 8 + length + pad
head = out.split(b"\r\n\r\n", 1)[0].decode("latin-1")
status = [l.split()[1] for l in head.split("\r\n") if l.lower().startswith("status:")]
print("status %s" % (status[0] if status else "200"))
PY
probe() { python3 "$VAR/fcgi_probe.py" "$@" 2>&1; }
probe_is() {  # probe_is EXPECTED HOST PORT PATH [SOURCE]
    local want=$1; shift
    local got; got=$(probe "$@")
    [ "$got" = "$want" ] || { echo "   (expected \"$want\", got \"$got\")"; return 1; }
}
wait_probe() {  # wait_probe HOST PORT PATH SOURCE: until the module answers 200 (10 s)
    for _ in $(seq 100); do [ "$(probe "$@")" = "status 200" ] && return 0; sleep 0.1; done
    return 1
}

for h in a b; do
    start_module "$h" center "$CENTER_PORT"
    start_module "$h" login "$LOGIN_PORT"
done
check "host A: center answers /healthz/center over TCP from the web server ($WEB_A)" \
    wait_probe "$HOST_A" "$CENTER_PORT" /healthz/center "$WEB_A"
check "host A: login answers /healthz/login over TCP" wait_probe "$HOST_A" "$LOGIN_PORT" /healthz/login "$WEB_A"
check "host B: center answers /healthz/center over TCP from the web server ($WEB_B)" \
    wait_probe "$HOST_B" "$CENTER_PORT" /healthz/center "$WEB_B"
check "host B: login answers /healthz/login over TCP" wait_probe "$HOST_B" "$LOGIN_PORT" /healthz/login "$WEB_B"

echo "== FCGI_WEB_SERVER_ADDRS"
ip addr add "$INTRUDER/24" dev zk-a0
check "host A: a FastCGI request from $INTRUDER (not the web server) is closed unanswered" \
    probe_is closed "$HOST_A" "$CENTER_PORT" /healthz/center "$INTRUDER"
check "host A: login also closes it" probe_is closed "$HOST_A" "$LOGIN_PORT" /healthz/login "$INTRUDER"
check "host A: the web server is still served after the refusal" \
    probe_is "status 200" "$HOST_A" "$CENTER_PORT" /healthz/center "$WEB_A"
# Host B's own address, from inside host B (another process on the app host itself).
probe_in_b() { ip netns exec "$NS_B" python3 "$VAR/fcgi_probe.py" "$HOST_B" "$CENTER_PORT" /healthz/center "$HOST_B"; }
check "host B: a request from inside host B ($HOST_B) is closed unanswered" test "$(probe_in_b)" = closed
unset_out=$(ip netns exec "$NS_A" setpriv --reuid=zikao --regid=zikao --init-groups -- \
    env -u FCGI_WEB_SERVER_ADDRS timeout 20 "$BIN/zikao-center" --config "$VAR/zikao.conf" \
    --listen "$HOST_A:9011" </dev/null 2>&1); rc=$?
check "--listen $HOST_A:9011 without FCGI_WEB_SERVER_ADDRS refuses to start" \
    test "$rc" = 1 -a -n "$(grep -F 'a FastCGI port open to the network must name the web server: set FCGI_WEB_SERVER_ADDRS' <<<"$unset_out")"
bad_out=$(ip netns exec "$NS_A" setpriv --reuid=zikao --regid=zikao --init-groups -- \
    env FCGI_WEB_SERVER_ADDRS="$WEB_A, 10.77.1.5" timeout 20 "$BIN/zikao-center" --config "$VAR/zikao.conf" \
    --listen "$HOST_A:9011" </dev/null 2>&1); rc=$?
check "a malformed FCGI_WEB_SERVER_ADDRS (space after the comma) refuses to start" \
    test "$rc" = 1 -a -n "$(grep -F 'FCGI_WEB_SERVER_ADDRS must be IPv4 addresses' <<<"$bad_out")"
# Loopback needs no list: only processes on the host itself can connect.
ip netns exec "$NS_A" setpriv --reuid=zikao --regid=zikao --init-groups -- \
    env -u FCGI_WEB_SERVER_ADDRS "$BIN/zikao-center" --config "$VAR/zikao.conf" --threads 1 \
    --listen 127.0.0.1:9011 </dev/null >>"$VAR/hosts/a-center-loopback.log" 2>&1 &
PIDS[a-loopback]=$!
check "--listen 127.0.0.1:9011 without FCGI_WEB_SERVER_ADDRS starts and serves" \
    ip netns exec "$NS_A" bash -c "for i in \$(seq 100); do
        [ \"\$(python3 '$VAR/fcgi_probe.py' 127.0.0.1 9011 /healthz/center)\" = 'status 200' ] && exit 0; sleep 0.1; done; exit 1"
stop_module a-loopback

echo "== nginx on port $PORT2 with upstreams on both hosts"
N2=$VAR/nginx2
mkdir -p "$N2/tmp" && chown -R zikao:zikao "$N2"
fcgi="include $ROOT/nginx/fastcgi.conf;"
cat >"$N2/nginx.conf" <<CONF
# Generated by tests/ops/two_hosts.sh: the web server in front of two application hosts.
worker_processes 1;
pid $N2/nginx.pid;
error_log $VAR/log/nginx2-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    charset utf-8;
    server_tokens off;
    log_format upstreams '\$request_method \$uri \$status \$upstream_addr';
    access_log $VAR/log/nginx2-access.log upstreams;
    client_body_temp_path $N2/tmp/body;
    proxy_temp_path $N2/tmp/proxy;
    fastcgi_temp_path $N2/tmp/fastcgi;
    uwsgi_temp_path $N2/tmp/uwsgi;
    scgi_temp_path $N2/tmp/scgi;
    client_max_body_size 16k;
    # Round robin; a host that refuses connections is skipped (fastcgi_next_upstream's
    # default "error timeout") and left alone for fail_timeout.
    # (fail_timeout is 10 s by default; 2 s keeps this test short.)
    upstream zikao_login  { server $HOST_A:$LOGIN_PORT fail_timeout=2s;  server $HOST_B:$LOGIN_PORT fail_timeout=2s; }
    upstream zikao_center { server $HOST_A:$CENTER_PORT fail_timeout=2s; server $HOST_B:$CENTER_PORT fail_timeout=2s; }
    server {
        listen 127.0.0.1:$PORT2;
        include $ROOT/nginx/security-headers.conf;
        location = /login { $fcgi fastcgi_pass zikao_login; }
        location ~ ^/(logout|password)\$ { $fcgi fastcgi_pass zikao_login; }
        location = /healthz/login { $fcgi fastcgi_pass zikao_login; }
        location = / { $fcgi fastcgi_pass zikao_center; }
        location = /healthz/center { $fcgi fastcgi_pass zikao_center; }
        location ^~ /static/ { alias $ROOT/templates/static/; }
        location / { return 404; }
    }
    # Host A alone, and host B alone.
    server {
        listen 127.0.0.1:$PORT_A;
        location ~ ^/(login|logout|password)\$ { $fcgi fastcgi_pass $HOST_A:$LOGIN_PORT; }
        location = / { $fcgi fastcgi_pass $HOST_A:$CENTER_PORT; }
        location / { return 404; }
    }
    server {
        listen 127.0.0.1:$PORT_B;
        location ~ ^/(login|logout|password)\$ { $fcgi fastcgi_pass $HOST_B:$LOGIN_PORT; }
        location = / { $fcgi fastcgi_pass $HOST_B:$CENTER_PORT; }
        location / { return 404; }
    }
}
CONF
chown zikao:zikao "$N2/nginx.conf"
check "nginx -t accepts the two-host configuration" \
    as_zikao nginx -t -q -p "$N2" -c "$N2/nginx.conf" -e "$VAR/log/nginx2-error.log"
as_zikao nginx -p "$N2" -c "$N2/nginx.conf" -e "$VAR/log/nginx2-error.log"
URL=http://127.0.0.1:$PORT2
for _ in $(seq 50); do curl -fsS -o /dev/null "$URL/healthz/center" 2>/dev/null && break; sleep 0.1; done

echo "== 张三 logs in through nginx; requests spread over both hosts"
JAR=$VAR/cookies.txt
page=$(curl -sS -c "$JAR" -b "$JAR" "$URL/login")
csrf=$(grep -o 'name="csrf_token"[^>]*value="[0-9a-f]*"' <<<"$page" | grep -o '[0-9a-f]\{64\}' | head -1)
check "GET /login gives a csrf_token and the zk_pre cookie" test -n "$csrf" -a -n "$(grep zk_pre "$JAR")"
code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" --data-urlencode "login_name=140105199003070012" \
    --data-urlencode "password=Zikao@2025" --data-urlencode "csrf_token=$csrf" "$URL/login")
check "POST /login as 张三 answers 303 with a zk_session cookie" test "$code" = 303 -a -n "$(grep zk_session "$JAR")"

center_ok() {  # GET / shows 张三's 个人中心 with the masked 身份证号
    local body; body=$(curl -sS -b "$JAR" "$URL/")
    grep -q 个人中心 <<<"$body" && grep -q '1401\*\*\*\*\*\*\*\*\*\*0012' <<<"$body"
}
served_by() {  # served_by ADDR SINCE_LINE: GET / answered by ADDR (last upstream tried) after SINCE_LINE
    tail -n +"$(($2 + 1))" "$VAR/log/nginx2-access.log" | grep -c "^GET / 200 \(.*, \)\?$1:$CENTER_PORT\$"
}
log_lines() { wc -l <"$VAR/log/nginx2-access.log"; }
since=$(log_lines); good=0
for _ in $(seq 10); do center_ok && good=$((good + 1)); done
sleep 0.3  # the access log is written after the response
na=$(served_by "$HOST_A" "$since"); nb=$(served_by "$HOST_B" "$since")
check "10 × GET / show 张三's 个人中心 with 1401**********0012 ($good/10)" test "$good" = 10
check "the 10 requests were spread over both hosts (A: $na, B: $nb)" test "$na" -ge 3 -a "$nb" -ge 3 -a $((na + nb)) = 10

echo "== either host alone serves the same session"
check "host A's center stops cleanly on SIGTERM" stop_module a-center
since=$(log_lines); good=0
for _ in $(seq 4); do center_ok && good=$((good + 1)); done
sleep 0.3
check "with host A's center down, GET / still shows 张三's 个人中心 ($good/4)" test "$good" = 4
check "... every one served by host B" test "$(served_by "$HOST_B" "$since")" = 4
start_module a center "$CENTER_PORT"
check "host A's center is back" wait_probe "$HOST_A" "$CENTER_PORT" /healthz/center "$WEB_A"
# A refused connection must not leave a worker stuck in accept() (shutdown would hang).
probe_in_b >/dev/null
check "host B's center stops within 10 s right after refusing a connection" stop_module b-center
# nginx keeps host A marked failed for fail_timeout (2 s here) after the refusals above;
# wait that out so the next requests reach A by round robin, not by default.
sleep 2.5
since=$(log_lines); good=0
for _ in $(seq 4); do center_ok && good=$((good + 1)); done
sleep 0.3
check "with host B's center down, GET / still shows 张三's 个人中心 ($good/4)" test "$good" = 4
check "... every one served by host A" test "$(served_by "$HOST_A" "$since")" = 4
code=$(curl -sS -o /dev/null -w '%{http_code}' -b "$JAR" -c "$JAR" "$URL/logout")
check "logout through nginx answers (GET /logout: $code)" test "$code" != 000 -a "$code" != 502 -a "$code" != 504

echo "== a change on host A reaches host B's session cache within 1 s"
start_module b center "$CENTER_PORT"
check "host B's center is back" wait_probe "$HOST_B" "$CENTER_PORT" /healthz/center "$WEB_B"
URL_A=http://127.0.0.1:$PORT_A URL_B=http://127.0.0.1:$PORT_B
login_at() {  # login_at URL JAR [PASSWORD]: a new session of 张三 through that host
    local page csrf
    rm -f "$2"
    page=$(curl -sS -c "$2" -b "$2" "$1/login")
    csrf=$(grep -o 'name="csrf_token"[^>]*value="[0-9a-f]*"' <<<"$page" | grep -o '[0-9a-f]\{64\}' | head -1)
    curl -sS -o /dev/null -c "$2" -b "$2" --data-urlencode "login_name=140105199003070012" \
        --data-urlencode "password=${3:-Zikao@2025}" --data-urlencode "csrf_token=$csrf" "$1/login"
    grep -q zk_session "$2"
}
status_at() { curl -sS -o /dev/null -w '%{http_code}' -b "$2" "$1/"; }  # status_at URL JAR: GET /
post_at() {  # post_at URL JAR PATH [FIELD=VALUE...]: GET PATH for its csrf_token, then POST it
    local url=$1 jar=$2 path=$3 page csrf args=(); shift 3
    page=$(curl -sS -c "$jar" -b "$jar" "$url$path")
    csrf=$(grep -o 'name="csrf_token"[^>]*value="[0-9a-f]*"' <<<"$page" | grep -o '[0-9a-f]\{64\}' | head -1)
    for f in "$@"; do args+=(--data-urlencode "$f"); done
    curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "csrf_token=$csrf" "${args[@]}" "$url$path"
}
# ms_until_refused URL JAR: milliseconds until GET / redirects (303) to the login page, or
# "never" after 3 s.
ms_until_refused() {
    local t0 t; t0=$(date +%s%N)
    for _ in $(seq 150); do
        if [ "$(status_at "$1" "$2")" = 303 ]; then t=$(date +%s%N); echo $(((t - t0) / 1000000)); return; fi
        sleep 0.02
    done
    echo never
}
within_a_second() { [ "$1" != never ] && [ "$1" -le 1000 ]; }

JAR_A=$VAR/a.cookies JAR_B=$VAR/b.cookies
check "张三 logs in through host A" login_at "$URL_A" "$JAR_A"
cp "$JAR_A" "$JAR_B"   # the same session, now asked of host B too
check "host B serves host A's session (and keeps it in its cache)" test "$(status_at "$URL_B" "$JAR_B")" = 200
check "... and again from memory" test "$(status_at "$URL_B" "$JAR_B")" = 200
code=$(post_at "$URL_A" "$JAR_A" /logout)
took=$(ms_until_refused "$URL_B" "$JAR_B")
check "logout on host A (POST /logout: $code) ends the session on host B within 1 s (${took} ms)" \
    within_a_second "$took"
check "... and on host A's center at once" test "$(status_at "$URL_A" "$JAR_A")" = 303

JAR_OTHER=$VAR/other.cookies
check "张三 logs in twice through host A" login_at "$URL_A" "$JAR_A"
login_at "$URL_A" "$JAR_OTHER"
cp "$JAR_OTHER" "$JAR_B"
check "host B serves the second session" test "$(status_at "$URL_B" "$JAR_B")" = 200
check "host A's center serves the second session" test "$(status_at "$URL_A" "$JAR_OTHER")" = 200
NEW_PASSWORD=TwoHosts#Pass-2026
code=$(post_at "$URL_A" "$JAR_A" /password old_password=Zikao@2025 new_password=$NEW_PASSWORD \
       confirm_password=$NEW_PASSWORD)
took=$(ms_until_refused "$URL_B" "$JAR_B")
check "a password change on host A (POST /password: $code) ends the other session on host B within 1 s (${took} ms)" \
    within_a_second "$took"
check "... and on host A's center at once" test "$(status_at "$URL_A" "$JAR_OTHER")" = 303
check "... while the session that changed it stays" test "$(status_at "$URL_A" "$JAR_A")" = 200

# The modules' logs are read for sanitizer reports after they have stopped (leaks are
# reported at exit), by tests/run.sh from ZIKAO_KEEP_LOGS.
finish
