#!/usr/bin/env bash
# run.sh: builds the libFuzzer harnesses of tests/fuzz (SEC-4: the form, multipart and
# cookie parsers are fuzzed) with ASan and UBSan into build/fuzz/ ($FUZZ_OUT), then
#   run.sh [SECONDS]   (make fuzz) replays tests/fuzz/crashes/<name>/ and fuzzes each
#                      harness for SECONDS (default 20), starting from tests/fuzz/corpus/<name>/.
#                      New interesting inputs go to build/fuzz/corpus/<name>/ (kept between
#                      runs, outside git); FUZZ_MERGE=1 then adds those that widen coverage to
#                      tests/fuzz/corpus/. Prints "fuzz <name>: ok", or exits non-zero on the
#                      first crash, sanitizer report, timeout or leak, leaving the reproducer
#                      in build/fuzz/artifacts/.
#   run.sh --runs N    (make test) the same replay, then exactly N executions per harness
#                      from the repository's corpus with a fixed seed, so a run is repeatable;
#                      nothing in the repository is written. Goes on after a crash; prints
#                      "fuzz: urlencoded N runs, ..." and last "fuzz: P passed, F failed"
#                      (a harness passes when its replay and its runs finish without a crash).
# A crash found here is fixed, then its input is saved in tests/fuzz/crashes/<name>/.
# Trusts only the repository it lives in and the Debian clang-14 toolchain, which it
# installs with apt-get when missing and running as root.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/fuzz"
out="${FUZZ_OUT:-$root/build/fuzz}"
cxx=clang++-14
harnesses=(urlencoded multipart cookies)

runs=""
seconds=20
if [[ "${1:-}" == --runs ]]; then
    runs="${2:-}"
    [[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 --runs N" >&2; exit 2; }
elif [[ $# -gt 0 ]]; then
    seconds="$1"
    [[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [seconds per harness] | --runs N" >&2; exit 2; }
fi

mkdir -p "$out/obj" "$out/artifacts"

# The fuzzer runtime ships separately from the compiler (libclang-rt-14-dev), so linking a
# trivial harness is the only reliable test that both are there.
toolchain_works() {
    command -v "$cxx" >/dev/null 2>&1 || return 1
    printf '%s\n' 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' \
        >"$out/probe.cpp"
    "$cxx" -fsanitize=fuzzer,address,undefined "$out/probe.cpp" -o "$out/probe" >/dev/null 2>&1
}

if ! toolchain_works; then
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "fuzz: $cxx with the libFuzzer runtime is missing; install clang-14 libclang-rt-14-dev" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y clang-14 libclang-rt-14-dev ||
        { apt-get update && apt-get install -y clang-14 libclang-rt-14-dev; }
    toolchain_works || { echo "fuzz: toolchain still unusable after install" >&2; exit 1; }
fi

# The parsers live in the base layer and need nothing but its UTF-8 primitives.
sources=("$root/common/base/forms.cpp" "$root/common/base/strings.cpp")
libs=()
for src in "${sources[@]}"; do
    [[ -f "$src" ]] || { echo "fuzz: missing $src" >&2; exit 1; }
done

flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -Wall -Wextra -Werror
       -fno-sanitize-recover=undefined -I"$root")

objects=()
for src in "${sources[@]}"; do
    obj="$out/obj/$(basename "${src%.cpp}").o"
    "$cxx" "${flags[@]}" -fsanitize=fuzzer-no-link,address,undefined -c "$src" -o "$obj"
    objects+=("$obj")
done
for name in "${harnesses[@]}"; do
    "$cxx" "${flags[@]}" -fsanitize=fuzzer,address,undefined "$here/fuzz_$name.cpp" \
        "${objects[@]}" "${libs[@]}" -o "$out/fuzz_$name"
done

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

# The seeds (tests/fuzz/corpus) and the dictionary (forms.dict) give the fuzzer the shape
# of real requests, so the time goes into the interesting paths rather than into
# rediscovering "Content-Disposition". -timeout catches inputs that make a parser go
# quadratic rather than crash.
common=(-dict="$here/forms.dict" -max_len=65536 -timeout=10 -rss_limit_mb=2048)

# replay NAME LOG: every saved crash input of NAME, once each; fails on the first crash.
replay() {
    local name=$1 log=$2 inputs=()
    for f in "$here/crashes/$name"/*; do
        [[ -f "$f" && "$(basename "$f")" != README* ]] && inputs+=("$f")
    done
    [[ ${#inputs[@]} -eq 0 ]] && return 0
    "$out/fuzz_$name" "${common[@]}" "${inputs[@]}" >>"$log" 2>&1
}

# fuzz NAME LOG BUDGET... : fuzz from the repository corpus, new inputs into $out/corpus/NAME
# (make fuzz) or a scratch directory emptied first (make test), never into the repository.
fuzz() {
    local name=$1 log=$2 dir=$3; shift 3
    mkdir -p "$dir"
    "$out/fuzz_$name" "$dir" "$here/corpus/$name" "${common[@]}" -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$name-" "$@" >>"$log" 2>&1
}

if [[ -n "$runs" ]]; then
    passed=0; failed=0; summary=()
    for name in "${harnesses[@]}"; do
        log="$out/runs_$name.log"
        : >"$log"
        rm -rf "$out/runs-corpus/$name"
        start=$SECONDS
        if replay "$name" "$log" && fuzz "$name" "$log" "$out/runs-corpus/$name" -runs="$runs" -seed=1; then
            passed=$((passed + 1))
            done_runs=$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' "$log" | tail -1)
            summary+=("$name ${done_runs:-?} runs ($((SECONDS - start)) s)")
        else
            failed=$((failed + 1))
            tail -n 40 "$log" >&2
            echo "fuzz $name: CRASHED (log $log, reproducer in $out/artifacts/)" >&2
            summary+=("$name crashed")
        fi
    done
    (IFS=,; echo "fuzz:${summary[*]/#/ }")
    echo "fuzz: $passed passed, $failed failed"
    [[ "$failed" -eq 0 ]]
    exit
fi

for name in "${harnesses[@]}"; do
    log="$out/fuzz_$name.log"
    : >"$log"
    if ! replay "$name" "$log" || ! fuzz "$name" "$log" "$out/corpus/$name" -max_total_time="$seconds"; then
        tail -n 40 "$log" >&2
        echo "fuzz $name: FAILED (log $log)" >&2
        exit 1
    fi
    grep -m1 '^Done ' "$log" | sed "s/^/fuzz $name: /" || true
    if [[ "${FUZZ_MERGE:-}" == 1 ]]; then
        # Only the inputs that add coverage; -merge=1 writes into the first directory.
        before=$(find "$here/corpus/$name" -type f | wc -l)
        "$out/fuzz_$name" -merge=1 "$here/corpus/$name" "$out/corpus/$name" >>"$log" 2>&1
        echo "fuzz $name: $(( $(find "$here/corpus/$name" -type f | wc -l) - before )) inputs added to tests/fuzz/corpus/$name"
    fi
    echo "fuzz $name: ok"
done
