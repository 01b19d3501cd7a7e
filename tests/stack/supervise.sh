#!/usr/bin/env bash
# supervise.sh VAR NAME COMMAND...: runs COMMAND, restarts it a second after it dies,
# and on SIGTERM stops it and exits. The dev stack's stand-in for systemd's Restart=.
var=$1 name=$2; shift 2
child=0
trap 'kill -TERM $child 2>/dev/null; wait $child 2>/dev/null; exit 0' TERM INT
while [ ! -e "$var/stopping" ]; do
    "$@" &
    child=$!
    wait $child
    rc=$?
    [ -e "$var/stopping" ] && break
    echo "supervise: $name exited with status $rc; restarting in 1 s" >&2
    sleep 1
done
