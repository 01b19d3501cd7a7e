#!/usr/bin/env bash
# run.sh: builds the libFuzzer harnesses of tests/fuzz (SEC-4: the form, multipart and
# cookie parsers are fuzzed) with ASan and UBSan into build/fuzz/, then runs each for $1
# seconds (default 20) and prints "fuzz <name>: ok", or exits non-zero on the first
# crash, sanitizer report, timeout or leak, leaving the reproducer in build/fuzz/artifacts/.
# Trusts only the repository it lives in and the Debian clang-14 toolchain, which it
# installs with apt-get when missing and running as root.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-20}"
out="$root/build/fuzz"
cxx=clang++-14
harnesses=(urlencoded multipart cookies)

if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 [seconds per harness]" >&2
    exit 2
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

sources=("$root/common/http/forms.cpp" "$root/common/validate.cpp")
libs=()
for src in "${sources[@]}"; do
    [[ -f "$src" ]] || { echo "fuzz: missing $src" >&2; exit 1; }
done
# validate.cpp may hash (e.g. for its password list); only then does it need crypto.
if grep -q 'crypto\.hpp' "$root/common/validate.cpp"; then
    sources+=("$root/common/crypto.cpp")
    libs+=(-lcrypto)
fi

flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -Wall -Wextra -Werror
       -fno-sanitize-recover=undefined -I"$root")

objects=()
for src in "${sources[@]}"; do
    obj="$out/obj/$(basename "${src%.cpp}").o"
    "$cxx" "${flags[@]}" -fsanitize=fuzzer-no-link,address,undefined -c "$src" -o "$obj"
    objects+=("$obj")
done
for name in "${harnesses[@]}"; do
    "$cxx" "${flags[@]}" -fsanitize=fuzzer,address,undefined "$root/tests/fuzz/fuzz_$name.cpp" \
        "${objects[@]}" "${libs[@]}" -o "$out/fuzz_$name"
done

# Seeds and dictionaries give the fuzzer the shape of real requests, so the time goes into
# the interesting paths rather than into rediscovering "Content-Disposition".
seed() {  # seed <harness> <file> <printf format>
    mkdir -p "$out/corpus/$1"
    printf "$3" >"$out/corpus/$1/$2"
}
seed urlencoded plain 'xm=%%E5%%BC%%A0%%E4%%B8%%89&course=01&course=02&bz=a+b%%2Bc&&flag'
seed urlencoded bad 'a=%%4&b=%%zz&%%FF=1'
seed cookies plain 'zk_session=abc123; theme="dark"; junk; =x; zk_session=again'
# Multipart: byte 0 = 0 selects the fixed boundary "b", 0x40 adds the tiny limits.
multipart_body='--b\r\nContent-Disposition: form-data; name="xm"\r\n\r\n\xe5\xbc\xa0\r\n--b\r\nContent-Disposition: form-data; name="photo"; filename="C:\\fakepath\\a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\x00\r\n--\r\n--b--\r\n'
seed multipart normal "\\x00$multipart_body"
seed multipart tiny "\\x40$multipart_body"
seed multipart own_boundary '\x03XyZpreamble\r\n--XyZ\r\nContent-Disposition: form-data; name=a; filename=""\r\n\r\n\r\n--XyZ--'
seed multipart content_type 'multipart/form-data; charset=utf-8; boundary="----WebKitFormBoundary7MA4YWxkTrZu0gW"'

cat >"$out/forms.dict" <<'DICT'
"\x0d\x0a"
"\x0d\x0a\x0d\x0a"
"--b"
"\x0d\x0a--b"
"--b--"
"Content-Disposition: "
"form-data"
"; name="
"; filename="
"filename*="
"Content-Type: "
"multipart/form-data"
"boundary="
"\""
"\\"
"%"
"%E5"
"+"
"&"
"="
"; "
DICT

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

for name in "${harnesses[@]}"; do
    log="$out/fuzz_$name.log"
    # -timeout catches inputs that make a parser go quadratic rather than crash.
    if ! "$out/fuzz_$name" "$out/corpus/$name" -dict="$out/forms.dict" -max_total_time="$seconds" \
        -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$name-" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "fuzz $name: FAILED (log $log)" >&2
        exit 1
    fi
    grep -m1 '^Done ' "$log" | sed "s/^/fuzz $name: /" || true
    echo "fuzz $name: ok"
done
