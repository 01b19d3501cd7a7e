#!/usr/bin/env bash
# supervise.sh VAR NAME COMMAND...: runs COMMAND, restarts it a second after it dies,
# and on SIGTERM stops it and exits. The dev stack's stand-in for systemd's Restart=.
# Each restart is appended to VAR/log/restarts as one line "NAME STATUS TIME" (STATUS as
# bash's wait gives it: the exit code, or 128+N after signal N), because a module that
# dies without a sanitizer report would otherwise go unnoticed: tests/run.sh counts every
# restart as a failure unless a test declared it by appending a line "NAME" to
# VAR/log/expected-restarts before killing the module on purpose.
var=$1 name=$2; shift 2
child=0
trap 'kill -TERM $child 2>/dev/null; wait $child 2>/dev/null; exit 0' TERM INT
while [ ! -e "$var/stopping" ]; do
    "$@" &
    child=$!
    wait $child
    rc=$?
    [ -e "$var/stopping" ] && break
    echo "$name $rc $(date +%FT%T)" >>"$var/log/restarts"
    echo "supervise: $name exited with status $rc; restarting in 1 s" >&2
    sleep 1
done
