#!/usr/bin/env bash
# run.sh: builds the libFuzzer harnesses of tests/fuzz (SEC-4) with ASan and UBSan into
# build/fuzz/ ($FUZZ_OUT): the form, multipart and cookie parsers (urlencoded, multipart,
# cookies), the 身份证号 check and masks (id_number), the CSV reader of `zikao-ctl import`
# (csv_import), the zip/rar inspector (archive) and the payment notification's decoding,
# parsing and signature check (payment); then
#   run.sh [SECONDS]   (make fuzz) replays tests/fuzz/crashes/<name>/ and fuzzes each
#                      harness for SECONDS (default 20), starting from tests/fuzz/corpus/<name>/.
#                      New interesting inputs go to build/fuzz/corpus/<name>/ (kept between
#                      runs, outside git); FUZZ_MERGE=1 then adds those that widen coverage to
#                      tests/fuzz/corpus/. Prints "fuzz <name>: ok", or exits non-zero on the
#                      first crash, sanitizer report, timeout or leak, leaving the reproducer
#                      in build/fuzz/artifacts/.
#   run.sh --runs N    (make test) the same replay, then N executions per harness from the
#                      repository's corpus with a fixed seed, so a run is repeatable; the
#                      harnesses that are much slower per execution get a fixed fraction of N
#                      (csv_import N/2: every line parsed twice; archive N/20: libmagic and
#                      decompression; payment N/4: RSA verify), so that all seven take about two
#                      minutes on one core for N = 400000. Nothing in the repository is
#                      written. Goes on after a crash; prints
#                      "fuzz: urlencoded N runs, ..." and last "fuzz: P passed, F failed"
#                      (a harness passes when its replay and its runs finish without a crash).
#   FUZZ_ONLY="a b"    limits either mode to those harnesses.
# A crash found here is fixed, then its input is saved in tests/fuzz/crashes/<name>/.
# The seeds of id_number, csv_import, archive and payment come from make_seeds.py.
# Trusts only the repository it lives in, the Debian clang-14 toolchain, which it installs
# with apt-get when missing and running as root, and the product's own libraries
# (libarchive, libmagic, libvips, OpenSSL: the -dev packages of `make deps`).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/fuzz"
out="${FUZZ_OUT:-$root/build/fuzz}"
cxx=clang++-14
harnesses=(urlencoded multipart cookies id_number csv_import archive payment)
if [[ -n "${FUZZ_ONLY:-}" ]]; then
    read -r -a harnesses <<<"$FUZZ_ONLY"
fi

# Per harness: the product sources it links (repository paths), the libraries, the
# dictionary (in tests/fuzz) and the divisor of N for --runs.
forms_sources="common/base/forms.cpp common/base/strings.cpp"
declare -A sources=(
    [urlencoded]="$forms_sources" [multipart]="$forms_sources" [cookies]="$forms_sources"
    [id_number]="common/domain/validate.cpp common/base/strings.cpp"
    [csv_import]="common/base/csv.cpp modules/ctl/import_rows.cpp $forms_sources"
    [archive]="common/domain/archive.cpp common/domain/image.cpp common/domain/validate.cpp common/base/crypto.cpp
               common/base/json.cpp common/base/strings.cpp"
    [payment]="common/domain/payment_protocol.cpp common/base/crypto.cpp common/base/strings.cpp"
)
declare -A libraries=([archive]="libarchive vips libcrypto" [payment]="libcrypto")
declare -A extra_libraries=([archive]="-lmagic")
declare -A dicts=([urlencoded]=forms.dict [multipart]=forms.dict [cookies]=forms.dict
                  [csv_import]=csv.dict [payment]=payment.dict)
declare -A divisors=([csv_import]=2 [archive]=20 [payment]=4)
for name in "${harnesses[@]}"; do
    [[ -n "${sources[$name]:-}" ]] || { echo "fuzz: unknown harness $name" >&2; exit 2; }
done

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

flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -Wall -Wextra -Werror
       -fno-sanitize-recover=undefined -I"$root")
# The headers of the product's libraries (image.cpp includes libvips').
read -r -a package_flags <<<"$(pkg-config --cflags libarchive vips libcrypto)"

# Each product source is compiled once and linked into every harness that names it.
declare -A objects=()
for name in "${harnesses[@]}"; do
    for src in ${sources[$name]}; do
        [[ -n "${objects[$src]:-}" ]] && continue
        [[ -f "$root/$src" ]] || { echo "fuzz: missing $src" >&2; exit 1; }
        obj="$out/obj/$(echo "${src%.cpp}" | tr / _).o"
        "$cxx" "${flags[@]}" "${package_flags[@]}" -fsanitize=fuzzer-no-link,address,undefined -c "$root/$src" -o "$obj"
        objects[$src]=$obj
    done
done
for name in "${harnesses[@]}"; do
    linked=()
    for src in ${sources[$name]}; do linked+=("${objects[$src]}"); done
    libs=()
    [[ -n "${libraries[$name]:-}" ]] && read -r -a libs <<<"$(pkg-config --libs ${libraries[$name]})"
    [[ -n "${extra_libraries[$name]:-}" ]] && libs+=(${extra_libraries[$name]})
    "$cxx" "${flags[@]}" "${package_flags[@]}" -fsanitize=fuzzer,address,undefined "$here/fuzz_$name.cpp" \
        "${linked[@]}" "${libs[@]}" -o "$out/fuzz_$name"
done

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

# The seeds (tests/fuzz/corpus) and the dictionaries (*.dict) give the fuzzer the shape
# of real input, so the time goes into the interesting paths rather than into
# rediscovering "Content-Disposition". -timeout catches inputs that make a parser go
# quadratic rather than crash.
common=(-max_len=65536 -timeout=10 -rss_limit_mb=2048)
# options NAME: the common options and NAME's dictionary, if it has one.
options() {
    local name=$1
    printf '%s\n' "${common[@]}"
    [[ -n "${dicts[$name]:-}" ]] && printf '%s\n' "-dict=$here/${dicts[$name]}"
    return 0
}

# replay NAME LOG: every saved crash input of NAME, once each; fails on the first crash.
replay() {
    local name=$1 log=$2 inputs=()
    for f in "$here/crashes/$name"/*; do
        [[ -f "$f" && "$(basename "$f")" != README* ]] && inputs+=("$f")
    done
    [[ ${#inputs[@]} -eq 0 ]] && return 0
    local opts
    mapfile -t opts < <(options "$name")
    "$out/fuzz_$name" "${opts[@]}" "${inputs[@]}" >>"$log" 2>&1
}

# fuzz NAME LOG BUDGET... : fuzz from the repository corpus, new inputs into $out/corpus/NAME
# (make fuzz) or a scratch directory emptied first (make test), never into the repository.
fuzz() {
    local name=$1 log=$2 dir=$3 opts; shift 3
    mkdir -p "$dir"
    mapfile -t opts < <(options "$name")
    "$out/fuzz_$name" "$dir" "$here/corpus/$name" "${opts[@]}" -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$name-" "$@" >>"$log" 2>&1
}

if [[ -n "$runs" ]]; then
    passed=0; failed=0; summary=()
    for name in "${harnesses[@]}"; do
        log="$out/runs_$name.log"
        : >"$log"
        rm -rf "$out/runs-corpus/$name"
        start=$SECONDS
        n=$((runs / ${divisors[$name]:-1})); [[ $n -gt 0 ]] || n=1
        if replay "$name" "$log" && fuzz "$name" "$log" "$out/runs-corpus/$name" -runs="$n" -seed=1; then
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
