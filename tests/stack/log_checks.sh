# log_checks.sh: sourced by tests/run.sh and tests/security/run.sh (bash). The checks of a
# throwaway stack once it is stopped: its module logs (sanitizer reports, uncaught
# exceptions) and its supervisor's restarts. Each problem adds one to the caller's
# variable `failed` and prints a FAIL line; paths are shown relative to $ROOT (the
# checkout, set by the caller). Trusts: the stack's own log files.

# stop_stack VAR: stack.sh down, then make sure the modules have exited, because
# LeakSanitizer writes its report into the module's log only as the process exits.
stop_stack() {
    tests/stack/stack.sh down "$1" >/dev/null 2>&1
    for _ in $(seq 300); do pgrep -f "$1/run/" >/dev/null || return 0; sleep 0.1; done
    echo "still running 30 s after stack.sh down (their leak reports are missing):"
    pgrep -af "$1/run/"
    failed=$((failed + 1))
}

REPORTS='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|terminate called'
# scan_logs DIR: one failure per module log in DIR with a sanitizer report or an uncaught
# exception, printing its offending lines. Lines starting with "{" are the modules' own
# JSON log, which may quote request input; the reports are plain text.
scan_logs() {
    local f hits
    for f in "$1"/*.log; do
        case $(basename "$f") in postgres.log | initdb.log | nginx*) continue ;; esac
        [ -f "$f" ] || continue
        # Captured whole: under pipefail, grep -q closing a pipe early would fail the producer.
        hits=$(grep -E "$REPORTS|^SUMMARY: " "$f" | grep -v '^{')
        grep -qE "$REPORTS" <<<"$hits" || continue
        echo "FAIL ${f#"$ROOT"/}:"
        head -20 <<<"$hits" | sed 's/^/     /'
        failed=$((failed + 1))
    done
}

# count_restarts DIR: one failure per supervisor restart in DIR/restarts ("NAME STATUS
# TIME") beyond those declared in DIR/expected-restarts ("NAME" per intended kill).
count_restarts() {
    local dir=$1 name status when why
    local -A declared=()
    [ -f "$dir/restarts" ] || return 0
    if [ -f "$dir/expected-restarts" ]; then
        while read -r name _; do
            [ -n "$name" ] && declared[$name]=$((${declared[$name]:-0} + 1))
        done <"$dir/expected-restarts"
    fi
    while read -r name status when; do
        if [ "${declared[$name]:-0}" -gt 0 ]; then
            declared[$name]=$((declared[$name] - 1))
            echo "ok   $name restarted at $when (status $status), killed on purpose by a test"
            continue
        fi
        why="exit status $status"
        [ "$status" -gt 128 ] 2>/dev/null && why="$why, signal $(kill -l $((status - 128)) 2>/dev/null || echo $((status - 128)))"
        echo "FAIL $name restarted by the supervisor at $when ($why) in ${dir#"$ROOT"/}: unexpected"
        failed=$((failed + 1))
    done <"$dir/restarts"
}
