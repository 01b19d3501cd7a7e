#!/usr/bin/env bash
# install.sh DESTDIR BINDIR: `make install`. Puts the production files where a Debian
# administrator expects them; DESTDIR (may be empty) stages the tree for packaging/tests.
#   /usr/lib/zikao/zikao-<module>, zikao-ctl      binaries (/usr/bin/zikao-ctl is a link)
#   /usr/share/zikao/{templates,static,sql/migrations}
#   /lib/systemd/system/zikao@.{service,socket}    the module template units (+ drop-ins zikao@NAME.service.d/),
#                                                  zikao.target wanting zikao@NAME.socket per served module,
#   /lib/systemd/system/zikao-*                    migration, timers (session clean-up, message delivery,
#                                                  payment reconciliation)
#   /usr/lib/sysusers.d/zikao.conf, /usr/lib/tmpfiles.d/zikao.conf
#   /etc/zikao/nginx/                              nginx snippets, locations.conf (generated from the route
#                                                  tables by nginx/locations.sh) + site-zikao.conf (reference)
#   /etc/zikao/zikao.conf.example                  configuration example (zikao.conf is yours)
# Never installed: demo data (sql/demo), the 学信网 simulator (zikao-chsisim and its
# templates), the payment sandbox (zikao-paysim, its templates and sql/sandbox), benchmark
# and test binaries.
# Variables: ZIKAO_SERVER_NAME, ZIKAO_TLS_CERT, ZIKAO_TLS_KEY fill the site file.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DESTDIR=${1:-}
BINDIR=${2:-$ROOT/build/release}
# The served modules and the tools (zikao-ctl), as modules/MODULES lists them.
mapfile -t MODULES < <("$ROOT/modules/list.sh" served)
mapfile -t TOOLS < <("$ROOT/modules/list.sh" tool)
[ ${#MODULES[@]} -gt 0 ] || { echo "install: modules/MODULES lists no served module" >&2; exit 1; }
SERVER_NAME=${ZIKAO_SERVER_NAME:-zikao.example.org}
TLS_CERT=${ZIKAO_TLS_CERT:-/etc/zikao/tls/fullchain.pem}
TLS_KEY=${ZIKAO_TLS_KEY:-/etc/zikao/tls/privkey.pem}
NGINX_DIR=/etc/zikao/nginx
D=$DESTDIR

for m in "${MODULES[@]}" "${TOOLS[@]}"; do
    [ -x "$BINDIR/zikao-$m" ] || { echo "install: $BINDIR/zikao-$m is not built (make build)" >&2; exit 1; }
done

install -d -m 0755 "$D/usr/lib/zikao" "$D/usr/bin" "$D/usr/share/zikao/sql/migrations" \
    "$D/lib/systemd/system" "$D/usr/lib/sysusers.d" "$D/usr/lib/tmpfiles.d" "$D/etc/zikao" "$D$NGINX_DIR"
install -d -m 0700 "$D/etc/zikao/keys"

# Binaries: a new inode each (install unlinks first), so running processes keep theirs.
for m in "${MODULES[@]}" "${TOOLS[@]}"; do
    install -m 0755 "$BINDIR/zikao-$m" "$D/usr/lib/zikao/zikao-$m"
done
ln -sfn ../lib/zikao/zikao-ctl "$D/usr/bin/zikao-ctl"

# Templates and static files: replaced as a whole so removed files do not linger.
rm -rf "$D/usr/share/zikao/templates" "$D/usr/share/zikao/static"
install -d -m 0755 "$D/usr/share/zikao/templates" "$D/usr/share/zikao/static"
(cd "$ROOT/templates" && find . -type f -name '*.tpl' ! -path './chsisim/*' ! -path './paysim/*' ! -path './static/*' -print0) |
    while IFS= read -r -d '' f; do install -D -m 0644 "$ROOT/templates/$f" "$D/usr/share/zikao/templates/$f"; done
(cd "$ROOT/templates/static" && find . -type f -print0) |
    while IFS= read -r -d '' f; do install -D -m 0644 "$ROOT/templates/static/$f" "$D/usr/share/zikao/static/$f"; done

# Migrations are forward-only and never edited: adding files is all an upgrade does.
install -m 0644 "$ROOT"/sql/migrations/*.sql "$D/usr/share/zikao/sql/migrations/"

# systemd: the template units serve every module (zikao@NAME); a drop-in directory
# zikao@NAME.service.d/ only where a module needs more. The per-module units of earlier
# releases (zikao-NAME.service/.socket) would bind the same sockets: removed.
for f in "$ROOT"/systemd/zikao*.service "$ROOT"/systemd/zikao*.socket "$ROOT"/systemd/zikao*.timer \
         "$ROOT"/systemd/zikao*.target; do
    install -m 0644 "$f" "$D/lib/systemd/system/"
done
for d in "$ROOT"/systemd/zikao@*.service.d; do
    [ -d "$d" ] || continue
    rm -rf "$D/lib/systemd/system/$(basename "$d")"
    install -d -m 0755 "$D/lib/systemd/system/$(basename "$d")"
    install -m 0644 "$d"/*.conf "$D/lib/systemd/system/$(basename "$d")/"
done
# zikao.target wants each served module's socket (the modules start on their first request).
rm -rf "$D/lib/systemd/system/zikao.target.wants"
install -d -m 0755 "$D/lib/systemd/system/zikao.target.wants"
for m in "${MODULES[@]}"; do
    ln -sfn ../zikao@.socket "$D/lib/systemd/system/zikao.target.wants/zikao@$m.socket"
    rm -f "$D/lib/systemd/system/zikao-$m.service" "$D/lib/systemd/system/zikao-$m.socket"
done
install -m 0644 "$ROOT/systemd/zikao.sysusers" "$D/usr/lib/sysusers.d/zikao.conf"
install -m 0644 "$ROOT/systemd/zikao.tmpfiles" "$D/usr/lib/tmpfiles.d/zikao.conf"

# nginx: snippets owned by the package (overwritten on upgrade, so new routes arrive),
# and the site as a reference copy; the live site is /etc/nginx/sites-available/zikao.
install -m 0644 "$ROOT/nginx/fastcgi.conf" "$ROOT/nginx/security-headers.conf" \
    "$ROOT/nginx/security-headers-tls.conf" "$ROOT/nginx/zikao-http.conf" "$D$NGINX_DIR/"
# locations.conf: the served modules' routes, from the binaries being installed.
"$ROOT/nginx/locations.sh" -o "$D$NGINX_DIR/locations.conf.in" "$BINDIR"
sed -e "s#@RUN@#/run/zikao#g" -e "s#@STATIC@#/usr/share/zikao/static#g" -e "s#@NGINX@#$NGINX_DIR#g" \
    "$D$NGINX_DIR/locations.conf.in" >"$D$NGINX_DIR/locations.conf"
rm -f "$D$NGINX_DIR/locations.conf.in"
sed -e "s#@NGINX@#$NGINX_DIR#g" -e "s#@SERVER_NAME@#$SERVER_NAME#g" \
    -e "s#@TLS_CERT@#$TLS_CERT#g" -e "s#@TLS_KEY@#$TLS_KEY#g" \
    "$ROOT/nginx/zikao.conf.in" >"$D$NGINX_DIR/site-zikao.conf"
chmod 0644 "$D$NGINX_DIR/locations.conf" "$D$NGINX_DIR/site-zikao.conf"
if grep -n '@[A-Z_]*@' "$D$NGINX_DIR"/*.conf; then echo "install: unfilled placeholder above" >&2; exit 1; fi

cat >"$D/etc/zikao/zikao.conf.example" <<CONF
# /etc/zikao/zikao.conf: copy this file there and adjust (see README.md, Configuration).
# Any key can be overridden by the environment variable ZIKAO_<KEY>.
# PostgreSQL on this host, peer authentication as the system user zikao.
database = dbname=zikao host=/run/postgresql user=zikao
templates_dir = /usr/share/zikao/templates
# The units pass the keys as systemd credentials and set ZIKAO_KEYS_DIR; this value is
# what zikao-ctl uses when the operator runs it (as root).
keys_dir = /etc/zikao/keys
# Behind TLS only (nginx redirects plain HTTP).
secure_cookies = true
threads = 8
session_idle_minutes = 30
session_absolute_hours = 12
# Sessions each module process keeps in memory (0: check every request in PostgreSQL), and
# the host's board through which the processes of this host tell each other of a logout
# or a changed account before answering (the directory comes from tmpfiles.d/zikao.conf).
session_cache_entries = 8192
session_board = /run/zikao-sessions/board
# The https origin of this site, written into links sent by SMS and e-mail (never taken from a request).
public_base_url = https://$SERVER_NAME
# Identity checks behind 三照/两照: county clerks decide (the only production value).
identity_verifier = manual
# SMS through the generic HTTPS gateway contract (docs/runbook.md, "Messages to examinees").
sms_gateway = http
# The gateway's URL; https only.
sms_gateway_url = https://sms-gateway.example.org/send
# Bearer token of the gateway, root-only 0600; zikao-deliver.service passes it as a credential.
sms_gateway_token_file = /etc/zikao/keys/sms_gateway.token
# E-mail through an SMTP server (libcurl).
mail_transport = smtp
# smtp:// requires STARTTLS (smtp_starttls = false only for a relay on this host); smtps:// is TLS from the start.
smtp_url = smtp://mail.example.cn:25
# Envelope sender and From: of the e-mail; a plain address.
mail_from = bysq@example.cn
# 学信网's authorisation address (https), where the QR code of 学信网学历验证 points.
chsi_authorize_url = https://account.chsi.com.cn/oauth/authorize
# Never here: development_stand_ins (the dev stack's switch that accepts the stand-ins).
CONF
chmod 0644 "$D/etc/zikao/zikao.conf.example"
echo "installed into ${DESTDIR:-/}"
