#!/usr/bin/env bash
# login_session.sh BASE [LOGIN_NAME] [PASSWORD]: logs in through the real form (GET /login
# for the pre-session cookie and the CSRF token, then POST /login) and prints the session
# token (the zk_session cookie); fails when no session came back. Default: the demo's
# 张三 (140105199003070012, Zikao@2025). Used by tests/bench/run.sh and tests/ops/overload.sh.
set -euo pipefail
base=$1
login_name=${2:-140105199003070012}
password=${3:-Zikao@2025}
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
page=$(curl -s -c "$jar" -b "$jar" "$base/login")
token=$(grep -o 'name="csrf_token" value="[0-9a-f]*"' <<<"$page" | sed 's/.*value="//;s/"//')
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$token" \
    --data-urlencode "login_name=$login_name" --data-urlencode "password=$password" "$base/login"
session=$(awk '$6 == "zk_session" {print $7}' "$jar")
[ -n "$session" ] || { echo "login_session.sh: the login of $login_name failed" >&2; exit 1; }
echo "$session"
