#!/usr/bin/env bash
# stack.sh: the development/test stack without systemd — a private PostgreSQL 15
# cluster, every module under a restarting supervisor, and nginx, all under one var
# directory and all run as an unprivileged user (PostgreSQL refuses root).
#   stack.sh deps [test|security]          install missing Debian packages (root) or print the
#                                          apt-get line; "test" adds the test-only tools,
#                                          "security" the scanners of `make security`
#   stack.sh up VAR PORT BINDIR [--demo]   start (or keep) everything; data in VAR survives restarts
#   stack.sh down VAR                      stop everything started from VAR
#   stack.sh status VAR
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# The served and the dev-only modules (stand-ins for outside services such as 学信网,
# never installed in production), as modules/MODULES lists them.
mapfile -t MODULES < <("$ROOT/modules/list.sh" served dev)
[ ${#MODULES[@]} -gt 0 ] || { echo "stack: modules/MODULES lists no module" >&2; exit 1; }
PG_BIN=/usr/lib/postgresql/15/bin
PACKAGES=(build-essential cmake pkg-config libfcgi-dev libpqxx-dev libctemplate-dev libmagic-dev libssl-dev libcurl4-openssl-dev
          libcppunit-dev libpango1.0-dev libcairo2-dev fonts-noto-cjk libvips-dev libarchive-dev libqrencode-dev postgresql-15 nginx-light wrk libvips-tools python3 curl util-linux procps)
# Only for `make test` and `make fuzz`: a real browser for end-to-end tests, qpdf and
# poppler's pdffonts / pdftotext / pdftoppm for the PDF checks, clang's libFuzzer runtime.
TEST_PACKAGES=(chromium qpdf poppler-utils clang-14 libclang-rt-14-dev)
# Only for `make security` (tests/security/run.sh): the SQL injection and web scanners.
SECURITY_PACKAGES=(sqlmap wapiti)

die() { echo "stack: $*" >&2; exit 1; }
say() { echo "stack: $*"; }

run_user() { if [ "$(id -u)" = 0 ]; then echo zikao; else id -un; fi; }
as_user() {
    if [ "$(id -u)" = 0 ]; then setpriv --reuid=zikao --regid=zikao --init-groups -- "$@"
    else "$@"; fi
}

deps() {
    local wanted=("${PACKAGES[@]}") missing=()
    if [ "${1:-}" = test ]; then
        wanted+=("${TEST_PACKAGES[@]}")
        command -v npm >/dev/null 2>&1 || wanted+=(nodejs npm)
    fi
    [ "${1:-}" = security ] && wanted+=("${SECURITY_PACKAGES[@]}")
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ]; then
        say "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null
        apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "Missing Debian packages. Run as root:" >&2
        echo "  apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

# The runtime user must reach the checkout (templates, binaries) and own VAR.
prepare_user() {
    local var=$1
    if [ "$(id -u)" = 0 ]; then
        id zikao >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin zikao
        local d=$ROOT
        if ! as_user test -r "$ROOT/templates/layout/page.tpl"; then
            while [ "$d" != / ]; do
                if ! as_user test -x "$d"; then
                    say "granting traverse permission (o+x) on $d so user zikao can read the checkout"
                    chmod o+x "$d"
                fi
                d=$(dirname "$d")
            done
        fi
        chown zikao:zikao "$var"
        chown -R zikao:zikao "$var"
    fi
}

pg_up() {
    local var=$1
    if [ ! -f "$var/pg/data/PG_VERSION" ]; then
        say "creating PostgreSQL cluster in $var/pg/data"
        as_user mkdir -p "$var/pg"
        as_user "$PG_BIN/initdb" -D "$var/pg/data" -U "$(run_user)" --auth=peer --encoding=UTF8 --locale=C.UTF-8 >"$var/log/initdb.log"
        cat >>"$var/pg/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$var/run'
max_connections = 300
shared_buffers = 256MB
fsync = on
log_min_messages = warning
timezone = 'Asia/Shanghai'
CONF
    fi
    if ! as_user "$PG_BIN/pg_ctl" -D "$var/pg/data" status >/dev/null 2>&1; then
        as_user "$PG_BIN/pg_ctl" -D "$var/pg/data" -l "$var/log/postgres.log" -w -t 60 start >/dev/null
    fi
    as_user psql -h "$var/run" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='zikao'" | grep -q 1 ||
        as_user createdb -h "$var/run" zikao
}

# Development stand-ins for the outside services (see common/domain/stand_ins.hpp): accepted only
# because of development_stand_ins, which no production configuration carries. Added to a
# configuration written by an older version of this script too.
dev_settings() {
    local var=$1 port=$2
    cat <<CONF
development_stand_ins = true
identity_verifier = local
sms_gateway = outbox
mail_transport = outbox
public_base_url = http://127.0.0.1:$port
pay_provider = sandbox
pay_sandbox_url = http://127.0.0.1:$port/pay-sim
CONF
}

write_config() {
    local var=$1 port=$2
    if [ -f "$var/zikao.conf" ]; then
        local line key
        while IFS= read -r line; do
            key=${line%% =*}
            grep -q "^$key *=" "$var/zikao.conf" || echo "$line" >>"$var/zikao.conf"
        done < <(dev_settings "$var" "$port")
        return 0
    fi
    { cat <<CONF
# Generated by the dev stack ($var). Production uses /etc/zikao/zikao.conf.
database = host=$var/run dbname=zikao user=$(run_user)
templates_dir = $ROOT/templates
keys_dir = $var/keys
threads = 8
session_idle_minutes = 30
session_absolute_hours = 12
# The host's board of session changes, shared by the module processes (session_cache.hpp).
session_board = $var/run/session-board
secure_cookies = false
CONF
      dev_settings "$var" "$port"; } >"$var/zikao.conf"
}

nginx_conf() {
    local var=$1 port=$2 bindir=$3 extra=""
    as_user mkdir -p "$var/nginx/tmp"
    if [ -x "$bindir/bench-hello" ]; then
        # Benchmark baselines: the FastCGI plumbing alone, and nginx answering by itself.
        extra="location = /bench/hello { include $ROOT/nginx/fastcgi.conf; fastcgi_pass unix:$var/run/hello.sock; }"
        extra="$extra location = /bench/nginx { default_type text/plain; return 200 'ok'; }"
    fi
    # The routes of every module built in BINDIR, dev-only ones included.
    "$ROOT/nginx/locations.sh" --dev -o "$var/nginx/locations.conf.in" "$bindir" || die "nginx/locations.sh failed"
    sed -e "s#@RUN@#$var/run#g" -e "s#@STATIC@#$ROOT/templates/static#g" -e "s#@NGINX@#$ROOT/nginx#g" \
        "$var/nginx/locations.conf.in" >"$var/nginx/locations.conf"
    sed -e "s#@VAR@#$var#g" -e "s#@PORT@#$port#g" -e "s#@NGINX@#$ROOT/nginx#g" -e "s#@EXTRA@#$extra#g" \
        -e "s#@ACCESS_LOG@#${ZIKAO_ACCESS_LOG:-$var/log/nginx-access.log}#g" \
        "$ROOT/nginx/dev.conf.in" >"$var/nginx/nginx.conf"
}

start_supervised() {
    local var=$1 name=$2; shift 2
    local pidfile="$var/pids/$name.pid"
    # Already running (make run twice): replace it, so a rebuilt binary is what serves.
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        kill -TERM "$(cat "$pidfile")"
        for _ in $(seq 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
    fi
    # A simple command, not a function, so $! is the supervisor itself (TERM reaches it).
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=zikao --regid=zikao --init-groups -- \
            "$ROOT/tests/stack/supervise.sh" "$var" "$name" "$@" </dev/null >>"$var/log/$name.log" 2>&1 &
    else
        "$ROOT/tests/stack/supervise.sh" "$var" "$name" "$@" </dev/null >>"$var/log/$name.log" 2>&1 &
    fi
    echo $! >"$pidfile"
}

wait_for() {
    local url=$1 tries=${2:-100}
    for _ in $(seq "$tries"); do
        curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
        sleep 0.2
    done
    return 1
}

up() {
    local var=$1 port=$2 bindir=$3 demo=${4:-}
    mkdir -p "$var"/{run,log,pids,keys}
    var=$(cd "$var" && pwd)
    bindir=$(cd "$bindir" && pwd)
    rm -f "$var/stopping"
    prepare_user "$var"
    pg_up "$var"
    write_config "$var" "$port"
    as_user "$bindir/zikao-ctl" keygen "$var/keys" --with-chsi-simulator --with-pay-sandbox >/dev/null
    as_user "$bindir/zikao-ctl" --config "$var/zikao.conf" migrate "$ROOT/sql/migrations" | tail -1
    # The payment sandbox's own tables (modules/paysim): dev and test stacks only.
    as_user "$bindir/zikao-ctl" --config "$var/zikao.conf" migrate "$ROOT/sql/sandbox" | tail -1
    if [ "$demo" = --demo ]; then
        as_user "$bindir/zikao-ctl" --config "$var/zikao.conf" load-demo "$ROOT/sql/demo"
    fi
    local started=()
    for m in "${MODULES[@]}"; do
        if [ ! -x "$bindir/zikao-$m" ]; then
            say "warning: $bindir/zikao-$m is not built; module $m not started"
            continue
        fi
        start_supervised "$var" "$m" "$bindir/zikao-$m" --config "$var/zikao.conf" --socket "$var/run/$m.sock"
        started+=("$m")
    done
    if [ -x "$bindir/bench-hello" ]; then
        start_supervised "$var" hello "$bindir/bench-hello" --config "$var/zikao.conf" --socket "$var/run/hello.sock"
    fi
    nginx_conf "$var" "$port" "$bindir"
    if [ -f "$var/nginx/nginx.pid" ] && kill -0 "$(cat "$var/nginx/nginx.pid")" 2>/dev/null; then
        as_user nginx -p "$var/nginx" -c "$var/nginx/nginx.conf" -e "$var/log/nginx-error.log" -s reload
    else
        as_user nginx -p "$var/nginx" -c "$var/nginx/nginx.conf" -e "$var/log/nginx-error.log"
    fi
    for m in "${started[@]}"; do
        wait_for "http://127.0.0.1:$port/healthz/$m" || die "module $m did not become healthy (see $var/log/$m.log)"
    done
    say "up: http://127.0.0.1:$port/ (data in $var)"
}

down() {
    local var=$1
    [ -d "$var" ] || return 0
    var=$(cd "$var" && pwd)
    touch "$var/stopping" 2>/dev/null || true
    if [ -f "$var/nginx/nginx.pid" ]; then
        kill -QUIT "$(cat "$var/nginx/nginx.pid")" 2>/dev/null || true
    fi
    for pidfile in "$var"/pids/*.pid; do
        [ -f "$pidfile" ] || continue
        kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    done
    if [ -f "$var/pg/data/postmaster.pid" ]; then
        as_user "$PG_BIN/pg_ctl" -D "$var/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    for _ in $(seq 50); do
        pgrep -f "$var/run/" >/dev/null 2>&1 || break
        sleep 0.1
    done
    say "stopped (data kept in $var)"
}

status() {
    local var=$1
    for pidfile in "$var"/pids/*.pid; do
        [ -f "$pidfile" ] || continue
        local n; n=$(basename "$pidfile" .pid)
        if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$n: running"; else echo "$n: stopped"; fi
    done
}

cmd=${1:-}; shift || true
case "$cmd" in
    deps) deps "${1:-}" ;;
    up) [ $# -ge 3 ] || die "usage: stack.sh up VAR PORT BINDIR [--demo]"; up "$@" ;;
    down) [ $# -ge 1 ] || die "usage: stack.sh down VAR"; down "$1" ;;
    status) status "$1" ;;
    *) die "usage: stack.sh deps [test|security] | up VAR PORT BINDIR [--demo] | down VAR | status VAR" ;;
esac
