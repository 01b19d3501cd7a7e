#!/usr/bin/env bash
# list.sh KIND...: the names of the modules of the given kinds (served, dev, tool), one per
# line, in the order of modules/MODULES, the one list of modules. Fails on a malformed line,
# an unknown kind, or a listed module without its folder.
set -euo pipefail
DIR=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || { echo "usage: modules/list.sh served|dev|tool..." >&2; exit 2; }
awk -v kinds=" $* " -v dir="$DIR" '
    /^[ \t]*(#|$)/ { next }
    NF != 2 || $1 !~ /^[a-z][a-z0-9]*$/ || $2 !~ /^(served|dev|tool)$/ {
        printf "modules/MODULES:%d: want \"NAME served|dev|tool\", not \"%s\"\n", NR, $0 > "/dev/stderr"; bad = 1; exit 1
    }
    system("test -d \"" dir "/" $1 "\"") != 0 {
        printf "modules/MODULES:%d: no folder modules/%s\n", NR, $1 > "/dev/stderr"; bad = 1; exit 1
    }
    index(kinds, " " $2 " ") { print $1 }
    END { exit bad }
' "$DIR/MODULES"
