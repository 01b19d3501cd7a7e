#!/usr/bin/env bash
# locations.sh [--dev] [-o FILE] [--config FILE] BINDIR: writes nginx's locations.conf from the route
# tables, so that a route is declared once (in its module's main.cpp) and nginx never
# answers 404 for it. For every served module of modules/MODULES (with --dev also the dev
# modules) it runs BINDIR/zikao-NAME --routes (common/web/app.hpp, route_listing) and writes
#   location = PATH          for a literal route, with the route's client_max_body_size
#                            and limit_req (the GET and POST of one path share a location:
#                            the larger body, the one zone; the zones count POSTs only)
#   location ~ ^REGEX$       for a route with {name} segments ([^/]+ each)
#   location PREFIX          for a prefix the module owns (ModuleDef::prefixes)
#   location = /healthz/NAME
# each with fastcgi_pass unix:@RUN@/NAME.sock and (except /healthz/) the module's
# admission limit, then nginx/fixed-locations.conf (static
# files, error pages, the final 404). The placeholders @RUN@ @NGINX@ @STATIC@ are left
# for the caller (tests/stack/stack.sh, systemd/install.sh) to fill in.
# Refused (exit 1, nothing written): a path claimed by two modules, two rate-limit zones
# on one path, a served module routing /dev/, /chsi-sim/, /pay-sim/ or /bench/ (dev-only paths), a
# module routing /static/, /favicon.ico or the prefix /.
#
# Admission (SPEC PERF, overload): every location of a module counts against one
# limit_conn slot pool per module (zone zikao_module, declared in zikao-http.conf and
# dev.conf.in, keyed by the module's name), of LIMIT = threads x conn_per_thread requests
# in flight. A module has `threads` FastCGI workers, each serving one connection at a time
# (fastcgi_keep_conn off); what nginx sends beyond them waits in the socket's listen
# backlog (256). Without a limit a wave fills that backlog: admitted requests wait for
# seconds, and once it is full connect() fails and nginx answers 502. With it, nginx
# answers the excess itself at once with 503 + Retry-After (limit_conn_status, the
# error_page and the Retry-After map in the server block) while at most LIMIT - threads
# requests queue in the backlog: at the default 8 per thread that is 56 for an 8-thread
# module, a few milliseconds of 个人中心 (thousands of requests/s) and about a second of
# photo checks, never near fastcgi_read_timeout; and 64 in flight is what `make bench`
# offers, so the closed-loop benchmarks are not cut. Locations that take uploads (a body
# limit above 16k) admit 3 x LIMIT: limit_conn counts a request from its request line on,
# and a photo sent over a slow mobile link holds its slot for many seconds before nginx,
# which buffers the whole body first, passes it to the module (keep 3 x LIMIT below the
# backlog of 256). /healthz/ stays outside the limit so monitoring tells a busy module
# from a dead one.
#   threads          as the module resolves it: <module>.threads in --config, else the
#                    module's own default (ModuleDef::default_threads in
#                    modules/NAME/main.cpp, e.g. photo 4), else `threads` in --config, else 8
#   conn_per_thread  $ZIKAO_NGINX_CONN_PER_THREAD, else nginx_conn_per_thread in --config, else 8
# Run it again (and reload nginx) after changing these. With several application hosts
# behind upstreams (docs/two-hosts.md) the limit is for all of them together: multiply
# conn_per_thread by the number of hosts.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
kinds=(served)
out=""
config=""
usage() { echo "usage: nginx/locations.sh [--dev] [-o FILE] [--config FILE] BINDIR" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        --dev) kinds+=(dev); shift ;;
        -o) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
        --config) [ $# -ge 2 ] || usage; config=$2; shift 2 ;;
        -*) usage ;;
        *) break ;;
    esac
done
[ $# -eq 1 ] || usage
BINDIR=$1
[ -z "$config" ] || [ -r "$config" ] || { echo "locations.sh: cannot read $config" >&2; exit 1; }

# setting KEY: the value of KEY in --config ("" when absent or no --config).
setting() {
    [ -n "$config" ] || return 0
    awk -v k="$1" -F= '{ key = $1; gsub(/[ \t]/, "", key) }
        key == k { v = substr($0, index($0, "=") + 1); gsub(/^[ \t]+|[ \t]+$/, "", v); val = v }
        END { print val }' "$config"
}
# module_threads MODULE: the worker threads the module will run with (see above).
module_threads() {
    local n own
    n=$(setting "$1.threads")
    if [ -z "$n" ]; then
        own=$(sed -n 's/.*default_threads *= *\([0-9][0-9]*\);.*/\1/p' "$ROOT/modules/$1/main.cpp" 2>/dev/null | head -1)
        n=${own:-$(setting threads)}
    fi
    echo "${n:-8}"
}
per_thread=${ZIKAO_NGINX_CONN_PER_THREAD:-$(setting nginx_conn_per_thread)}
per_thread=${per_thread:-8}
[[ $per_thread =~ ^[1-9][0-9]*$ ]] || { echo "locations.sh: conn_per_thread must be a positive integer, not '$per_thread'" >&2; exit 1; }

listing() {  # MODULE KIND LIMIT METHOD PATH BODY ZONE BURST ACCESS per route
    local m kind mods t
    for kind in "${kinds[@]}"; do
        mods=$("$ROOT/modules/list.sh" "$kind") || return 1
        for m in $mods; do
            [ -x "$BINDIR/zikao-$m" ] || { echo "locations.sh: $BINDIR/zikao-$m is not built" >&2; return 1; }
            t=$(module_threads "$m")
            [[ $t =~ ^[1-9][0-9]*$ ]] || { echo "locations.sh: threads of $m must be a positive integer, not '$t'" >&2; return 1; }
            [ $((3 * t * per_thread)) -lt 65536 ] || { echo "locations.sh: the limit of $m, 3 x $t x $per_thread, is over nginx's 65535" >&2; return 1; }
            "$BINDIR/zikao-$m" --routes | sed "s/^/$m $kind $((t * per_thread)) /" || { echo "locations.sh: zikao-$m --routes failed" >&2; return 1; }
        done
    done
}

generate() {
    local routes
    routes=$(listing) || return 1
    echo "# locations.conf: GENERATED by nginx/locations.sh from the route tables (zikao-<module>"
    echo "# --routes) and nginx/fixed-locations.conf; edit those, not this file."
    echo "# Modules: $(cut -d' ' -f1 <<<"$routes" | uniq | tr '\n' ' ')"
    awk '
    function fail(msg) { printf "locations.sh: %s\n", msg > "/dev/stderr"; failed = 1; exit 1 }
    function size(b) {
        if (b % 1048576 == 0) return (b / 1048576) "m"
        if (b % 1024 == 0) return (b / 1024) "k"
        return b
    }
    {
        m = $1; kind = $2; conns[m] = $3; method = $4; path = $5; body = $6 + 0; zone = $7; burst = $8 + 0
        if (NF != 9 || path !~ /^\//) fail("zikao-" m " --routes: unexpected line \"" $0 "\"")
        if (kind != "dev" && path ~ /^\/(dev|chsi-sim|pay-sim|bench)(\/|$)/)
            fail("served module " m " routes the dev-only path " path " (only dev modules may)")
        if (path ~ /^\/static(\/|$)/ || path == "/favicon.ico") fail("module " m " routes " path ", which nginx serves itself")
        if (method == "PREFIX" && path == "/") fail("module " m " claims the prefix /, which would swallow the final 404")
        key = (method == "PREFIX" ? "prefix " : "path ") path
        if (!(key in owner)) { owner[key] = m; order[++n] = key; where[key] = path; prefix[key] = method == "PREFIX" }
        else if (owner[key] != m) fail(path " is claimed by both " owner[key] " and " m)
        if (body > maxbody[key]) maxbody[key] = body
        if (zone != "-") {
            if (limit[key] != "" && limit[key] != zone) fail(path " names two rate-limit zones, " limit[key] " and " zone)
            limit[key] = zone
            if (burst > bursts[key]) bursts[key] = burst
        }
    }
    END {
        if (failed) exit 1
        last = ""
        for (i = 1; i <= n; i++) {
            key = order[i]; p = where[key]; m = owner[key]
            if (m != last) {
                printf "\n# %s (zikao-%s --routes), at most %d requests in flight\n", m, m, conns[m]
                last = m
            }
            if (prefix[key]) head = "location " p
            else if (p ~ /\{/) {
                re = p; gsub(/\./, "\\.", re); gsub(/\{[^\/{}]+\}/, "[^/]+", re)
                head = "location ~ ^" re "$"
            } else head = "location = " p
            printf "%s {\n", head
            # Uploads hold their slot while the client sends the body (limit_conn counts from
            # the request line; nginx buffers the body before passing it on): 3x the limit.
            lim = maxbody[key] > 16384 ? 3 * conns[m] : conns[m]
            if (p !~ /^\/healthz\//) printf "    set $zikao_module %s;\n    limit_conn zikao_module %d;\n", m, lim
            if (limit[key] != "") printf "    limit_req zone=%s burst=%d nodelay;\n", limit[key], bursts[key]
            printf "    client_max_body_size %s;\n", size(maxbody[key])
            printf "    include @NGINX@/fastcgi.conf;\n"
            printf "    fastcgi_pass unix:@RUN@/%s.sock;\n}\n", m
        }
    }' <<<"$routes" || return 1
    echo
    cat "$ROOT/nginx/fixed-locations.conf"
}

if [ -n "$out" ]; then
    generate >"$out.tmp.$$" || { rm -f "$out.tmp.$$"; exit 1; }
    mv -f "$out.tmp.$$" "$out"
else
    generate
fi
