#!/usr/bin/env bash
# check_units.sh: the production packaging (OPS-2, SEC-5) checked without a running systemd
# (PID 1 need not be systemd) and without touching the host:
#   1. `make install DESTDIR=<tmp>` (release build), and what it must and must not install;
#   2. every unit: `systemd-analyze verify --root=<stage>` (ExecStart binaries are the staged
#      ones; the host's own units are copied next to them for sysinit.target & co.), silent;
#   3. every .service: `systemd-analyze security --offline=true` exposure <= 1.5;
#   4. unit content: the template units zikao@.service/.socket serve every module of
#      modules/MODULES: socket activation, journal output, socket mode 0660 group www-data,
#      VIPS_NOVECTOR (libvips), the target wants every module's socket, verify's drop-in;
#   5. sysusers.d/tmpfiles.d applied to the stage;
#   6. nginx: `nginx -t` on the installed production site + http snippet (paths moved into a
#      scratch prefix, self-signed certificate), then nginx started there for a few requests:
#      headers (CSP, nosniff, HSTS), static cache, no version, 301 to https, no dev routes,
#      body limit, login rate limit; and with stand-in FastCGI modules (fake_fcgi.py) on the
#      sockets, every route of every route table (zikao-NAME --routes) reaches its module.
# One line per check, "ok ..." or "FAIL ...", last line "ops: N passed, M failed".
# Usage: tests/ops/check_units.sh [STAGE_PARENT]   (ZIKAO_OPS_KEEP=1 keeps the scratch dir)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mapfile -t MODULES < <("$ROOT/modules/list.sh" served)
mapfile -t TOOLS < <("$ROOT/modules/list.sh" tool)
MAX_EXPOSURE=1.5

T=$(mktemp -d "${1:-/tmp}/zikao-ops.XXXXXX")
chmod 0755 "$T"   # nginx workers (nobody when started as root) read the staged static files
STAGE=$T/stage
NGINX_PID=""
FAKE_PID=""
cleanup() {
    if [ -n "$FAKE_PID" ]; then kill "$FAKE_PID" 2>/dev/null; fi
    if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null
        for _ in $(seq 30); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
    fi
    [ "${ZIKAO_OPS_KEEP:-}" = 1 ] || rm -rf "$T"
}
trap cleanup EXIT

passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
check() {  # check DESCRIPTION COMMAND...: ok when the command succeeds
    local what=$1; shift
    if "$@" >/dev/null 2>&1; then ok "$what"; else fail "$what"; fi
}
finish() {
    echo "ops: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# ---- 1. staged install --------------------------------------------------------------------
if (cd "$ROOT" && make -s install DESTDIR="$STAGE") >"$T/install.log" 2>&1; then
    ok "make install DESTDIR=<tmp>"
else
    fail "make install DESTDIR=<tmp> (log follows)"; tail -30 "$T/install.log"; finish
fi
UNITDIR=$STAGE/lib/systemd/system
check "modules/MODULES lists served modules and tools" test ${#MODULES[@]} -gt 0 -a ${#TOOLS[@]} -gt 0
for m in "${MODULES[@]}" "${TOOLS[@]}"; do
    check "installed /usr/lib/zikao/zikao-$m" test -x "$STAGE/usr/lib/zikao/zikao-$m"
done
check "/usr/bin/zikao-ctl -> ../lib/zikao/zikao-ctl" \
    test "$(readlink "$STAGE/usr/bin/zikao-ctl")" = ../lib/zikao/zikao-ctl -a -x "$STAGE/usr/bin/zikao-ctl"
check "templates, static, migrations installed" test -f "$STAGE/usr/share/zikao/templates/layout/page.tpl" \
    -a -f "$STAGE/usr/share/zikao/static/site.css" -a -f "$STAGE/usr/share/zikao/sql/migrations/0001_foundation.sql"
check "migrations identical to sql/migrations" diff -r "$ROOT/sql/migrations" "$STAGE/usr/share/zikao/sql/migrations"
check "zikao.conf.example (production keys) installed, zikao.conf left alone" \
    bash -c "grep -qx 'database = dbname=zikao host=/run/postgresql user=zikao' '$STAGE/etc/zikao/zikao.conf.example' &&
             grep -qx 'secure_cookies = true' '$STAGE/etc/zikao/zikao.conf.example' && ! test -e '$STAGE/etc/zikao/zikao.conf'"
check "zikao.conf.example: real transports, no development stand-ins" \
    bash -c "grep -qx 'identity_verifier = manual' '$STAGE/etc/zikao/zikao.conf.example' &&
             grep -qx 'sms_gateway = http' '$STAGE/etc/zikao/zikao.conf.example' &&
             grep -qx 'mail_transport = smtp' '$STAGE/etc/zikao/zikao.conf.example' &&
             grep -q '^sms_gateway_url = https://' '$STAGE/etc/zikao/zikao.conf.example' &&
             grep -q '^public_base_url = https://' '$STAGE/etc/zikao/zikao.conf.example' &&
             ! grep -q '^development_stand_ins' '$STAGE/etc/zikao/zikao.conf.example'"
# The modules' own guard (common/domain/stand_ins): the example passes it (the staged binary then
# stops at the next step, the templates that only exist once installed), and the same
# file naming the identity stand-in is refused before anything else happens.
guard_passed() {
    local out; out=$("$STAGE/usr/lib/zikao/zikao-login" --config "$1" --check 2>&1)
    grep -q 'templates directory not found' <<<"$out" && ! grep -q 'refusing to start' <<<"$out"
}
guard_refused() {  # (captured first: under pipefail, grep -q closing the pipe early fails the producer)
    local out; out=$("$STAGE/usr/lib/zikao/zikao-login" --config "$1" --check 2>&1)
    grep -q "refusing to start: $2" <<<"$out"
}
check "zikao.conf.example passes the production guard against stand-ins" \
    guard_passed "$STAGE/etc/zikao/zikao.conf.example"
sed 's/^identity_verifier = .*/identity_verifier = local/' "$STAGE/etc/zikao/zikao.conf.example" >"$T/stand-in.conf"
check "a production configuration with identity_verifier = local refuses to start" \
    guard_refused "$T/stand-in.conf" "identity_verifier = local is a development stand-in"
unwanted=$(cd "$STAGE" && find . \( -iname '*chsisim*' -o -iname '*paysim*' -o -iname '*bench*' -o -name 'unit_tests' -o -path '*/demo*' \
    -o -name 'chsi_records.csv' -o -path './usr/share/zikao/templates/static*' \) -print | head -5)
if [ -z "$unwanted" ]; then ok "no simulator, bench, test or demo files installed"
else fail "installed dev-only files: $unwanted"; fi
check "key directory /etc/zikao/keys is 0700" test "$(stat -c %a "$STAGE/etc/zikao/keys")" = 700

# ---- 2. systemd-analyze verify against the stage ------------------------------------------
# The stage as root file system; the host's units (sysinit.target, sockets.target, ...)
# are copied in, never the zikao ones, so only the staged units and binaries are seen.
mkdir -p "$STAGE/usr/lib/systemd/system"
for f in /usr/lib/systemd/system/*; do
    case $(basename "$f") in zikao*) continue ;; esac
    cp -a "$f" "$STAGE/usr/lib/systemd/system/"
done
# Every unit file except the templates, which are verified as their instances.
units=()
for f in "$UNITDIR"/zikao*; do
    [ -f "$f" ] || continue
    case $(basename "$f") in zikao@.*) ;; *) units+=("$(basename "$f")") ;; esac
done
check "template units zikao@.service and zikao@.socket exist" test -f "$UNITDIR/zikao@.service" -a -f "$UNITDIR/zikao@.socket"
for m in "${MODULES[@]}"; do
    units+=("zikao@$m.socket" "zikao@$m.service")
    check "no per-module unit files zikao-$m.{socket,service} (the templates serve $m)" \
        test ! -e "$UNITDIR/zikao-$m.socket" -a ! -e "$UNITDIR/zikao-$m.service"
done
for u in zikao.target zikao-migrate.service zikao-session-cleanup.service zikao-session-cleanup.timer \
         zikao-deliver.service zikao-deliver.timer zikao-reconcile.service zikao-reconcile.timer; do
    check "unit file $u exists" test -f "$UNITDIR/$u"
done
for u in "${units[@]}"; do
    out=$(systemd-analyze verify --man=no --root="$STAGE" "$UNITDIR/$u" 2>&1); rc=$?
    if [ $rc -eq 0 ] && [ -z "$out" ]; then ok "systemd-analyze verify $u"
    else fail "systemd-analyze verify $u (rc $rc): $(echo "$out" | head -3 | tr '\n' ' ')"; fi
done

# ---- 3. security exposure --------------------------------------------------------------------
for u in "${units[@]}"; do
    case $u in *.service) ;; *) continue ;; esac
    out=$(systemd-analyze security --offline=true --root="$STAGE" "$UNITDIR/$u" 2>&1)
    score=$(sed -nE 's/.*Overall exposure level for [^:]+: ([0-9.]+).*/\1/p' <<<"$out" | tail -1)
    if [ -z "$score" ]; then fail "security $u: no score ($(echo "$out" | tail -1))"
    elif awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s <= m) }'; then ok "security $u: exposure $score <= $MAX_EXPOSURE"
    else fail "security $u: exposure $score > $MAX_EXPOSURE"; fi
done

# ---- 4. unit content -----------------------------------------------------------------------
has() { grep -qxF "$2" "$UNITDIR/$1"; }
s=zikao@.service; k=zikao@.socket
check "$k: /run/zikao/%i.sock, mode 0660, group www-data (SEC-5)" \
    bash -c "grep -qx 'ListenStream=/run/zikao/%i.sock' '$UNITDIR/$k' && grep -qx 'SocketMode=0660' '$UNITDIR/$k' &&
             grep -qx 'SocketGroup=www-data' '$UNITDIR/$k' && grep -qx 'Accept=no' '$UNITDIR/$k'"
check "$s: fd 0 is the socket, output to the journal, user zikao, keys as credentials, after the migration" \
    bash -c "grep -qx 'StandardInput=socket' '$UNITDIR/$s' && grep -qx 'StandardOutput=journal' '$UNITDIR/$s' &&
             grep -qx 'StandardError=journal' '$UNITDIR/$s' && grep -qx 'User=zikao' '$UNITDIR/$s' &&
             grep -qx 'ExecStart=/usr/lib/zikao/zikao-%i --config /etc/zikao/zikao.conf' '$UNITDIR/$s' &&
             grep -qx 'Requires=zikao@%i.socket' '$UNITDIR/$s' &&
             grep -qx 'Environment=ZIKAO_KEYS_DIR=%d' '$UNITDIR/$s' &&
             grep -qx 'LoadCredential=data.key:/etc/zikao/keys/data.key' '$UNITDIR/$s' &&
             grep -q '^Wants=.*zikao-migrate.service' '$UNITDIR/$s' && grep -q '^After=.*zikao-migrate.service' '$UNITDIR/$s'"
check "$s: VIPS_NOVECTOR=1 (libvips under MemoryDenyWriteExecute)" has "$s" "Environment=VIPS_NOVECTOR=1"
check "zikao@verify.service.d: 学信网's public key as a credential" \
    grep -qx 'LoadCredential=chsi_public.pem:/etc/zikao/keys/chsi_public.pem' "$UNITDIR/zikao@verify.service.d/chsi-key.conf"
for m in "${MODULES[@]}"; do
    check "zikao.target wants zikao@$m.socket" \
        test "$(readlink "$UNITDIR/zikao.target.wants/zikao@$m.socket")" = ../zikao@.socket
done
check "zikao-migrate.service: oneshot, migrate /usr/share/zikao/sql/migrations" bash -c \
    "grep -qx 'Type=oneshot' '$UNITDIR/zikao-migrate.service' &&
     grep -qx 'ExecStart=/usr/lib/zikao/zikao-ctl --config /etc/zikao/zikao.conf migrate /usr/share/zikao/sql/migrations' '$UNITDIR/zikao-migrate.service'"
check "zikao-session-cleanup: purge-sessions every 15 minutes" bash -c \
    "grep -qx 'ExecStart=/usr/lib/zikao/zikao-ctl --config /etc/zikao/zikao.conf purge-sessions' '$UNITDIR/zikao-session-cleanup.service' &&
     grep -qx 'OnCalendar=\*:00/15' '$UNITDIR/zikao-session-cleanup.timer'"
check "timer schedule parses (systemd-analyze calendar)" systemd-analyze calendar '*:00/15'
check "zikao-reconcile: reconcile every 5 minutes as user zikao, wanted by zikao.target" bash -c \
    "grep -qx 'Type=oneshot' '$UNITDIR/zikao-reconcile.service' &&
     grep -qx 'ExecStart=/usr/lib/zikao/zikao-ctl --config /etc/zikao/zikao.conf reconcile' '$UNITDIR/zikao-reconcile.service' &&
     grep -qx 'User=zikao' '$UNITDIR/zikao-reconcile.service' &&
     grep -qx 'OnUnitActiveSec=5min' '$UNITDIR/zikao-reconcile.timer' &&
     grep -qE '^Wants=.*\bzikao-reconcile\.timer\b' '$UNITDIR/zikao.target'"
check "zikao-deliver: deliver-messages every 30 s, wanted by zikao.target" bash -c \
    "grep -qx 'Type=oneshot' '$UNITDIR/zikao-deliver.service' &&
     grep -qx 'ExecStart=/usr/lib/zikao/zikao-ctl --config /etc/zikao/zikao.conf deliver-messages' '$UNITDIR/zikao-deliver.service' &&
     grep -qx 'OnUnitActiveSec=30s' '$UNITDIR/zikao-deliver.timer' && grep -qx 'OnBootSec=1min' '$UNITDIR/zikao-deliver.timer' &&
     grep -qE '^Wants=.*\bzikao-deliver\.timer\b' '$UNITDIR/zikao.target'"
check "zikao-deliver.service: user zikao, keys and gateway token as credentials" bash -c \
    "grep -qx 'User=zikao' '$UNITDIR/zikao-deliver.service' &&
     grep -qx 'Environment=ZIKAO_KEYS_DIR=%d' '$UNITDIR/zikao-deliver.service' &&
     grep -qx 'LoadCredential=data.key:/etc/zikao/keys/data.key' '$UNITDIR/zikao-deliver.service' &&
     grep -qx 'LoadCredential=index.key:/etc/zikao/keys/index.key' '$UNITDIR/zikao-deliver.service' &&
     grep -qx 'Environment=ZIKAO_SMS_GATEWAY_TOKEN_FILE=%d/sms_gateway.token' '$UNITDIR/zikao-deliver.service' &&
     grep -qx 'LoadCredential=sms_gateway.token:/etc/zikao/keys/sms_gateway.token' '$UNITDIR/zikao-deliver.service'"
# The one unit that reaches out (SMS gateway, mail server): network allowed, but only
# unix, IPv4 and IPv6 sockets.
check "zikao-deliver.service: outbound network (no PrivateNetwork/IPAddressDeny), AF_UNIX AF_INET AF_INET6 only" bash -c \
    "grep -qx 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' '$UNITDIR/zikao-deliver.service' &&
     ! grep -qE '^(PrivateNetwork=yes|IPAddressDeny=)' '$UNITDIR/zikao-deliver.service'"

# ---- 5. sysusers.d / tmpfiles.d on the stage ------------------------------------------------
check "sysusers.d creates system user zikao (stage)" bash -c \
    "systemd-sysusers --root='$STAGE' && grep -q '^zikao:x:[0-9]*:[0-9]*:.*:/usr/sbin/nologin\$' '$STAGE/etc/passwd'"
check "tmpfiles.d creates /run/zikao 0755 (stage)" bash -c \
    "systemd-tmpfiles --root='$STAGE' --create && test \"\$(stat -c %a '$STAGE/run/zikao')\" = 755"

# ---- 6. nginx ------------------------------------------------------------------------------
N=$T/nginx
mkdir -p "$N/conf" "$N/tmp" "$N/run" "$N/logs"
SITE=$STAGE/etc/zikao/nginx/site-zikao.conf
check "production site: server_tokens off, HSTS snippet, no dev routes, no keep-alive to FastCGI" bash -c \
    "grep -q 'server_tokens off;' '$SITE' && grep -q 'security-headers-tls.conf;' '$SITE' &&
     ! cat '$STAGE'/etc/zikao/nginx/*.conf | grep -v '^\s*#' | grep -qE 'chsi-sim|chsisim|pay-sim|paysim|/bench|/dev/' &&
     grep -qx 'fastcgi_keep_conn off;' '$STAGE/etc/zikao/nginx/fastcgi.conf' &&
     ! grep -rq 'fastcgi_keep_conn on' '$STAGE/etc/zikao/nginx/'"
check "production locations: static cached 7d, photo and archive body limits, rate limits" bash -c \
    "grep -q 'expires 7d;' '$STAGE/etc/zikao/nginx/locations.conf' &&
     grep -q 'client_max_body_size 7m;' '$STAGE/etc/zikao/nginx/locations.conf' &&
     grep -q 'client_max_body_size 12m;' '$STAGE/etc/zikao/nginx/locations.conf' &&
     grep -q 'zone=zikao_login' '$STAGE/etc/zikao/nginx/locations.conf' &&
     grep -q 'zone=zikao_register' '$STAGE/etc/zikao/nginx/locations.conf'"
# The security properties the route tables declare, in the generated file: each location
# block (from "location = PATH {" to its "}") holds the expected directive.
LOC=$STAGE/etc/zikao/nginx/locations.conf
loc_has() {  # loc_has PATH TEXT...: the exact-match location of PATH contains every TEXT
    local block path=$1; shift
    block=$(awk -v head="location = $path {" '$0 == head { on = 1 } on { print } on && /^}/ { exit }' "$LOC")
    [ -n "$block" ] || return 1
    for t in "$@"; do grep -qF "$t" <<<"$block" || return 1; done
}
login_limits() { loc_has /login 'zone=zikao_login' 'client_max_body_size 16k;' &&
                 loc_has /admin/login 'zone=zikao_login' 'client_max_body_size 16k;'; }
register_limits() { loc_has /register/new 'zone=zikao_register' 'client_max_body_size 7m;' &&
                    loc_has /register/enrolled 'zone=zikao_register' 'client_max_body_size 7m;' &&
                    loc_has /register/cancel 'zone=zikao_register' 'client_max_body_size 16k;'; }
body_limits() { loc_has /verify/identity 'client_max_body_size 7m;' &&
                loc_has /substitute/oldplan 'client_max_body_size 12m;' &&
                loc_has /apply 'client_max_body_size 16k;' && loc_has /password 'client_max_body_size 16k;'; }
check "locations: /login and /admin/login rate limited (zikao_login), 16k" login_limits
check "locations: /register/new|enrolled rate limited (zikao_register), 7m photos; /register/cancel 16k" register_limits
check "locations: 7m on /verify/identity, 12m on /substitute/oldplan, 16k forms (/apply, /password)" body_limits
check "locations: the last location is 'location / { return 404; }'" \
    test "$(grep '^location ' "$LOC" | tail -1)" = 'location / { return 404; }'

# Free ports for the scratch nginx.
read -r HTTP_PORT HTTPS_PORT < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -keyout "$N/conf/tls.key" -out "$N/conf/tls.crt" >/dev/null 2>&1
# The installed files with their absolute paths moved into the scratch prefix.
for f in "$STAGE"/etc/zikao/nginx/*.conf; do
    sed -e "s#/etc/zikao/nginx#$N/conf#g" -e "s#/usr/share/zikao/static#$STAGE/usr/share/zikao/static#g" \
        -e "s#/run/zikao#$N/run#g" -e "s#/etc/zikao/tls/fullchain.pem#$N/conf/tls.crt#g" \
        -e "s#/etc/zikao/tls/privkey.pem#$N/conf/tls.key#g" \
        -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" -e "s#listen 443 ssl#listen 127.0.0.1:$HTTPS_PORT ssl#" \
        -e '/listen \[::\]/d' "$f" >"$N/conf/$(basename "$f")"
done
cat >"$N/conf/nginx.conf" <<CONF
# A minimal stand-in for Debian's /etc/nginx/nginx.conf: conf.d (zikao-http.conf) and
# the site are included inside http {} exactly as there.
worker_processes 1;
pid $N/nginx.pid;
error_log $N/logs/error.log warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $N/tmp/body;
    proxy_temp_path $N/tmp/proxy;
    fastcgi_temp_path $N/tmp/fastcgi;
    uwsgi_temp_path $N/tmp/uwsgi;
    scgi_temp_path $N/tmp/scgi;
    include $N/conf/zikao-http.conf;
    include $N/conf/site-zikao.conf;
}
CONF
out=$(nginx -t -q -p "$N" -c "$N/conf/nginx.conf" -e "$N/logs/error.log" 2>&1); rc=$?
if [ $rc -eq 0 ]; then ok "nginx -t on the production configuration (zikao-http.conf + site, TLS)"
else fail "nginx -t on the production configuration: $(echo "$out" | head -3 | tr '\n' ' ')"; fi

if [ $rc -eq 0 ] && nginx -p "$N" -c "$N/conf/nginx.conf" -e "$N/logs/error.log" 2>"$T/nginx-start.log"; then
    for _ in $(seq 50); do [ -s "$N/nginx.pid" ] && break; sleep 0.1; done
    NGINX_PID=$(cat "$N/nginx.pid" 2>/dev/null)
    B=https://127.0.0.1:$HTTPS_PORT
    hdr=$(curl -ksS -D - -o /dev/null "$B/static/site.css")
    hv() { grep -i "^$1:" <<<"$hdr" | head -1 | tr -d '\r'; }
    check "GET /static/site.css: 200" grep -q '^HTTP/[0-9.]* 200' <<<"$hdr"
    check "static cached 7 days (Cache-Control: max-age=604800)" grep -qi '^Cache-Control: max-age=604800' <<<"$hdr"
    check "HSTS over TLS ($(hv Strict-Transport-Security))" grep -qi '^Strict-Transport-Security: max-age=31536000' <<<"$hdr"
    check "CSP without inline script, frame-ancestors 'none'" bash -c \
        "grep -i '^Content-Security-Policy:' <<<\"\$0\" | grep -q \"script-src 'self';\" &&
         grep -i '^Content-Security-Policy:' <<<\"\$0\" | grep -q \"frame-ancestors 'none'\" &&
         ! grep -i '^Content-Security-Policy:' <<<\"\$0\" | grep -q unsafe-inline" "$hdr"
    check "nosniff and Referrer-Policy" bash -c \
        "grep -qi '^X-Content-Type-Options: nosniff' <<<\"\$0\" && grep -qi '^Referrer-Policy:' <<<\"\$0\"" "$hdr"
    check "Server header without version (server_tokens off)" bash -c "grep -qi '^Server: nginx\s*\$' <<<\"\$(tr -d '\r' <<<\"\$0\")\"" "$hdr"
    code() { curl -ks -o /dev/null -w '%{http_code}' "$@"; }
    # Nothing listens on $N/run/login.sock: nginx itself answers, and its error page must
    # still carry the security headers.
    down=$(curl -ksS -D - -o /dev/null "$B/healthz/login" | tr -d '\r')
    down_answer() { grep -q '^HTTP/[0-9.]* 502\b' <<<"$down" && grep -qi '^Strict-Transport-Security: max-age=' <<<"$down"; }
    check "module down: 502 with headers kept (HSTS on error pages): $(head -1 <<<"$down")" down_answer
    # Stand-in modules on the sockets: each answers "module NAME ...". Every route each
    # route table declares (its health check and prefixes too) must reach its own module,
    # never nginx's 404 or another module.
    python3 "$ROOT/tests/ops/fake_fcgi.py" "$N/run" "${MODULES[@]}" >"$T/fake_fcgi.log" 2>&1 &
    FAKE_PID=$!
    for _ in $(seq 100); do [ -e "$N/run/fake_fcgi.ready" ] && break; sleep 0.1; done
    routed() {  # routed MODULE: every route of zikao-MODULE --routes answered by MODULE
        local m=$1 method path url body bad="" n=0
        while read -r method path _; do
            url=$(sed -E 's#\{[^/{}]+\}#1#g' <<<"$path")
            [ "$method" = PREFIX ] && { url=${url}no-such-page; method=GET; }
            if [ "$method" = POST ]; then body=$(curl -ks -X POST -d x=1 "$B$url")
            else body=$(curl -ks "$B$url"); fi
            n=$((n + 1))
            [ "$body" = "module $m $method $url" ] || bad="$bad $method $path ($(head -c 60 <<<"$body" | tr '\n' ' '))"
        done < <("$STAGE/usr/lib/zikao/zikao-$m" --routes)
        [ "$n" -gt 0 ] && [ -z "$bad" ] && return 0
        echo "$n routes; not routed to $m:$bad"
        return 1
    }
    for m in "${MODULES[@]}"; do
        if out=$(routed "$m"); then ok "nginx sends every route of zikao-$m --routes to $m"
        else fail "nginx routes of $m: $out"; fi
    done
    kill "$FAKE_PID" 2>/dev/null; FAKE_PID=""
    check "plain HTTP redirects to https (301)" test "$(code "http://127.0.0.1:$HTTP_PORT/login")" = 301
    check "no /chsi-sim/ in production (404)" test "$(code "$B/chsi-sim/authorize")" = 404
    check "no /pay-sim/ in production (404)" test "$(code "$B/pay-sim/checkout")" = 404
    check "no /bench/ in production (404)" test "$(code "$B/bench/hello")" = 404
    check "no /dev/outbox in production (404)" test "$(code "$B/dev/outbox")" = 404
    check "unknown path 404" test "$(code "$B/nonexistent")" = 404
    head -c 20000 /dev/zero >"$T/body"
    check "POST /login over 16k: 413" test "$(code -X POST --data-binary @"$T/body" "$B/login")" = 413
    codes=""
    for _ in $(seq 14); do codes="$codes $(code -X POST -d x=1 "$B/login")"; done
    check "POST /login rate limited (429 after the burst):$codes" grep -q 429 <<<"$codes"
    check "GET /login not rate limited" bash -c "for i in \$(seq 14); do [ \"\$(curl -ks -o /dev/null -w '%{http_code}' '$B/login')\" != 429 ] || exit 1; done"
else
    fail "nginx did not start with the production configuration: $(head -3 "$T/nginx-start.log" 2>/dev/null | tr '\n' ' ')"
fi

finish
