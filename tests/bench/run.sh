#!/usr/bin/env bash
# run.sh PORT: `make bench`. Starts a separate stack ($BENCH_VAR, default var/bench; release build, demo
# data), logs 张三 in, and runs wrk at 64 connections against, in one run:
#   GET /             个人中心, logged in (session check, profile, windows, template)
#   GET /bench/hello  a trivial FastCGI hello on the same skeleton and nginx
#   GET /bench/nginx  nginx's own `return 200`
#   GET /login        an anonymous page: the same pipeline and templates, no database
# and the audit engine alone on one core (tests/bench/eligibility_bench.cpp).
# Target (issue 18): 个人中心 >= 75% of the hello's throughput, p99 < 25 ms.
# Then the graduation photo (issue 12): check + re-encode of a generated camera-like JPEG
# (tests/bench/photo_bench.cpp, one core) against `vipsthumbnail` on the same file, and the
# photo module's resident memory while 64 clients upload (tests/bench/photo_load.py).
# Targets: under 150 ms and within 2x of vipsthumbnail; <= 30 MB per process.
# Then the 毕业生登记表 PDF (issue 15): GET /regform/pdf one after another and from 16 clients
# at once, with the regform module's resident memory (tests/bench/regform_load.py, its own
# examinee, not 张三). Targets: p50 < 100 ms one at a time; <= 30 MB per process after the
# first export.
# Then overload (issue 18, tests/bench/overload.sh): 个人中心's sustainable rate, a wave of 4x
# that from the open-loop tests/bench/loadgen.cpp, the answers (503 + Retry-After within
# 100 ms, no 502/504/timeouts, no restart, normal within 5 s), the same wave without
# admission control for comparison. And logins at scale (tests/bench/login_scale.sh): the raw
# scrypt rate on every core against logins/s through HTTP (>= 90 %), 个人中心's p99 with and
# without a login wave.
# Figures go to stdout and BENCHMARKS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${1:-18090}
VAR=${BENCH_VAR:-$ROOT/var/bench}
BIN=$ROOT/build/release
DURATION=${BENCH_SECONDS:-15}
CONNECTIONS=64
cd "$ROOT"

PHOTO_ITERATIONS=${BENCH_PHOTO_ITERATIONS:-20}
command -v vipsthumbnail >/dev/null || { echo "bench: vipsthumbnail is missing (make deps installs libvips-tools)" >&2; exit 1; }
work=$(mktemp -d)
ZIKAO_ACCESS_LOG=off tests/stack/stack.sh up "$VAR" "$PORT" "$BIN" --demo >/dev/null
trap 'tests/stack/stack.sh down "$VAR" >/dev/null; rm -rf "$work"' EXIT
BASE=http://127.0.0.1:$PORT

# Log in through the real form to get a session cookie.
session=$(tests/bench/login_session.sh "$BASE") || { echo "bench: login failed" >&2; exit 1; }
# (The page in a variable: with pipefail, `curl | grep -q` can fail when grep stops reading early.)
center_page=$(curl -s -H "Cookie: zk_session=$session" "$BASE/")
grep -q "1401\*\*\*\*\*\*\*\*\*\*0012" <<<"$center_page" ||
    { echo "bench: 个人中心 did not render for the benchmark session" >&2; exit 1; }

declare -A rps p99 errors
run() {
    local name=$1 url=$2; shift 2
    wrk -t2 -c$CONNECTIONS -d3s "$@" "$url" >/dev/null  # warm-up
    local out; out=$(wrk -t2 -c$CONNECTIONS -d${DURATION}s --latency "$@" "$url")
    rps[$name]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99[$name]=$(awk '$1 == "99%" {print $2}' <<<"$out")
    local non2xx; non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    local sockerr; sockerr=$(awk '/Socket errors/ {print}' <<<"$out")
    errors[$name]="${non2xx:-0} non-2xx${sockerr:+; $sockerr}"
    printf '%-12s %10s req/s   p99 %-9s %s\n' "$name" "${rps[$name]}" "${p99[$name]}" "${errors[$name]}"
}

echo "wrk: $CONNECTIONS connections, ${DURATION}s each, $(nproc) cores"
run center "$BASE/" -H "Cookie: zk_session=$session"
run login "$BASE/login" -H "Cookie: zk_pre=$(printf '%064d' 0)"
run hello "$BASE/bench/hello"
run nginx "$BASE/bench/nginx"

# The audit engine on one core (no server involved).
audit_out=$(taskset -c 0 "$BIN/eligibility-bench")
echo "$audit_out"
audit_rate=$(awk '/^audit:/ {print $2}' <<<"$audit_out")
whatif_rate=$(awk '/^what-if:/ {print $2}' <<<"$audit_out")

# The ratio in pairs: on a shared VM the machine's speed drifts by 10-20 % between runs
# a minute apart, more than the difference measured. So 个人中心 and the hello are also
# measured back to back (PAIR_SECONDS each), three times, and the median of the three
# ratios is the figure; the single runs above stay in the table.
PAIR_SECONDS=${BENCH_PAIR_SECONDS:-10}
rate_of() { wrk -t2 -c$CONNECTIONS -d"${PAIR_SECONDS}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
pairs=()
for _ in 1 2 3; do
    c=$(rate_of -H "Cookie: zk_session=$session" "$BASE/")
    h=$(rate_of "$BASE/bench/hello")
    pairs+=("$(awk -v a="$c" -v b="$h" 'BEGIN {printf "%.1f", 100 * a / b}')")
    echo "pair: 个人中心 $c req/s, hello $h req/s: ${pairs[-1]}%"
done
ratio=$(printf '%s\n' "${pairs[@]}" | sort -n | sed -n 2p)
single_ratio=$(awk -v a="${rps[center]}" -v b="${rps[hello]}" 'BEGIN {printf "%.0f", 100 * a / b}')
echo "个人中心 / hello: ${ratio}% (median of three back-to-back pairs: ${pairs[*]}; the single runs above: ${single_ratio}%)" \
     "(target >= 75%), 个人中心 p99 ${p99[center]} (target < 25ms)"

# ---- The graduation photo (issue 12) ----
# field KEY N: the Nth word after "KEY:" in $facts (set -e safe: awk never fails).
field() { awk -v k="$1:" -v n="$2" '$1 == k {print $(n + 1); exit}' <<<"$facts"; }

# Check + re-encode on one core, and the same file (and a dark-centred variant for the
# upload test) written for vipsthumbnail and for the uploads.
photo=$work/camera.jpg
dark=$work/camera-dark.jpg
photo_out=$(taskset -c 0 "$BIN/photo-bench" --iterations "$PHOTO_ITERATIONS" "$photo" "$dark")
echo "$photo_out"
facts=$photo_out
photo_bytes=$(field photo-file 2)
dark_bytes=$(field photo-dark 2)
dark_luma=$(field photo-dark 6); dark_luma=${dark_luma#center_luma=}
check_median=$(field photo-check 1)
check_p90=$(field photo-check 2)
out_size=$(field photo-output 1)
out_bytes=$(field photo-output 2)
out_background=$(field photo-output 3); out_background=${out_background#background=}
inproc_median=$(field thumbnail-inproc 1)

# milliseconds of N runs of a command (after 2 warm-up runs): "median p90"
time_runs() {
    local n=$1; shift
    local i t0 t1 times=()
    for i in 1 2; do "$@" >/dev/null; done
    for ((i = 0; i < n; i++)); do
        t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR] = $1 / 1000}
        function q(p,  pos, i) { pos = p * (NR - 1); i = int(pos); return i + 1 > NR - 1 ? v[i + 1] : v[i + 1] * (1 - (pos - i)) + v[i + 2] * (pos - i) }
        END {printf "%.1f %.1f\n", q(0.5), q(0.9)}'
}
# vipsthumbnail on the same file, one core and one libvips thread like the check: EXIF
# rotation, shrink-on-load, centre crop to 480x640, JPEG Q92 without metadata.
thumb_out=$work/thumb.jpg
thumb_times=$(time_runs "$PHOTO_ITERATIONS" taskset -c 0 vipsthumbnail --vips-concurrency=1 \
    "$photo" -s 480x640 -m centre -o "$thumb_out[Q=92,strip]")
read -r thumb_median thumb_p90 <<<"$thumb_times"
thumb_size=$(vipsheader "$thumb_out" | awk '{print $2}')
# What of that is process start (libvips initialisation, loading its modules).
start_times=$(time_runs "$PHOTO_ITERATIONS" taskset -c 0 vipsthumbnail --vips-version)
read -r start_median _ <<<"$start_times"
photo_ratio=$(awk -v a="$check_median" -v b="$thumb_median" 'BEGIN {printf "%.2f", a / b}')
inproc_ratio=$(awk -v a="$check_median" -v b="$inproc_median" 'BEGIN {printf "%.2f", a / b}')
echo "vipsthumbnail: median ${thumb_median} ms, p90 ${thumb_p90} ms (${thumb_size}; process start alone ${start_median} ms)"
echo "photo check / vipsthumbnail: ${photo_ratio}x (target <= 2x); check median ${check_median} ms (target < 150 ms);" \
     "/ in-process thumbnail: ${inproc_ratio}x"

# The photo module's memory while 64 clients upload the dark-centred file.
load_out=$(python3 tests/bench/photo_load.py --base "$BASE" --var "$VAR" --file "$dark" --seconds "$DURATION" \
    --concurrency "$CONNECTIONS")
echo "$load_out"
facts=$load_out
load_requests=$(field photo-load 1)
load_elapsed=$(field photo-load 4)
load_rate=$(field photo-load 6)
load_statuses=$(awk '$1 == "photo-load-status:" {$1 = ""; sub(/^ /, ""); print; exit}' <<<"$load_out")
load_errors=$(field photo-load-errors 1)
load_p50=$(field photo-load-latency 1)
load_p99=$(field photo-load-latency 2)
rss_peak=$(field photo-rss-peak 1)
anon_peak=$(field photo-rss-peak 2)
# "photo-rss: PID before=RSS/ANON/FILE peak=RSS/ANON/FILE hwm=KB" -> a table row in MB
rss_rows=$(awk '$1 == "photo-rss:" {
        sub(/before=/, "", $3); sub(/peak=/, "", $4); sub(/hwm=/, "", $5)
        split($3, b, "/"); split($4, p, "/")
        printf "| zikao-photo (pid %s) | %.1f MB (%.1f + %.1f) | **%.1f** MB (anon %.1f, file %.1f) | %.1f MB | ≤ 30 MB |\n",
               $2, b[1] / 1024, b[2] / 1024, b[3] / 1024, p[1] / 1024, p[2] / 1024, p[3] / 1024, $5 / 1024 }' <<<"$load_out")
photo_after=$(awk '$1 == "photo-after:" {$1 = ""; sub(/^ /, ""); print; exit}' <<<"$load_out")
# 429 is the module's cap on stored attempts (20 per application in 24 hours, common/domain/
# graduation_photo.cpp), applied when storing, after the check, re-encode and verifier.
load_note=""
if [[ " $load_statuses" == *" 429="* ]]; then
    load_note=" 429: the cap of 20 stored attempts per application in 24 hours (common/domain/graduation_photo.cpp),
applied when the attempt is stored, after the picture was decoded, checked, re-encoded and judged: those
uploads did the whole work that this measures, but were not kept."
fi

# ---- The 毕业生登记表 PDF (module regform, issue 15) ----
# Its own examinee (loaded, applied, photo passed, paid in SQL, form filled and exported by the
# script on the first run; the data survives), GET /regform/pdf one at a time, then from
# REGFORM_CLIENTS clients at once, the regform processes' memory sampled meanwhile.
REGFORM_CLIENTS=16
REGFORM_SEQUENTIAL=${BENCH_REGFORM_SEQUENTIAL:-50}
regform_out=$(python3 tests/bench/regform_load.py --base "$BASE" --var "$VAR" --seconds "$DURATION" \
    --concurrency "$REGFORM_CLIENTS" --sequential "$REGFORM_SEQUENTIAL")
echo "$regform_out"
facts=$regform_out
reg_first_via=$(field regform-first-pdf 1)
reg_first_ms=$(field regform-first-pdf 2)
reg_pdf_bytes=$(field regform-pdf 1)
reg_pdf_kind=$(field regform-pdf 3)
reg_seq_n=$(field regform-seq 1)
reg_seq_p50=$(field regform-seq 4)
reg_seq_p99=$(field regform-seq 7)
reg_requests=$(field regform-load 1)
reg_elapsed=$(field regform-load 4)
reg_rate=$(field regform-load 6)
reg_statuses=$(awk '$1 == "regform-load-status:" {$1 = ""; sub(/^ /, ""); print; exit}' <<<"$regform_out")
reg_errors=$(field regform-load-errors 1)
reg_p50=$(field regform-load-latency 1)
reg_p99=$(field regform-load-latency 2)
reg_first_rss=$(field regform-rss-first 1)
reg_first_anon=$(field regform-rss-first 2)
reg_first_file=$(field regform-rss-first 3)
reg_peak_rss=$(field regform-rss-peak 1)
reg_peak_anon=$(field regform-rss-peak 2)
reg_peak_file=$(field regform-rss-peak 3)
# "regform-rss: PID before=R/A/F first=R/A/F peak=R/A/F after=R/A/F hwm=KB" -> a table row in MB
reg_rows=$(awk '$1 == "regform-rss:" {
        sub(/before=/, "", $3); sub(/first=/, "", $4); sub(/peak=/, "", $5); sub(/after=/, "", $6); sub(/hwm=/, "", $7)
        split($3, b, "/"); split($4, f, "/"); split($5, p, "/"); split($6, a, "/")
        printf "| zikao-regform (pid %s) | %.1f MB (%.1f + %.1f) | **%.1f** MB (%.1f + %.1f) | %.1f MB (anon %.1f, file %.1f) | %.1f MB (%.1f + %.1f) | %.1f MB | ≤ 30 MB after the first export |\n",
               $2, b[1] / 1024, b[2] / 1024, b[3] / 1024, f[1] / 1024, f[2] / 1024, f[3] / 1024,
               p[1] / 1024, p[2] / 1024, p[3] / 1024, a[1] / 1024, a[2] / 1024, a[3] / 1024, $7 / 1024 }' <<<"$regform_out")
if [ "$reg_first_via" = export ]; then
    reg_first_what="the 保存并导出PDF request that saved the form (${reg_first_ms} ms, the PDF rendered inside the save)"
else
    reg_first_what="the first GET /regform/pdf (${reg_first_ms} ms; the form was exported by an earlier run, whose data the bench stack keeps)"
fi
echo "登记表 PDF: sequential p50 ${reg_seq_p50} ms (target < 100 ms), p99 ${reg_seq_p99} ms;" \
     "${REGFORM_CLIENTS} clients ${reg_rate} req/s; after the first export ${reg_first_rss} MB" \
     "(anon ${reg_first_anon} + file ${reg_first_file}; target <= 30 MB), peak ${reg_peak_rss} MB"

# ---- Overload and logins at scale (issue 18) ----
tests/bench/overload.sh --base "$BASE" --var "$VAR" --bin "$BIN" --session "$session" --markdown "$work/overload.md"
tests/bench/login_scale.sh --base "$BASE" --bin "$BIN" --session "$session" --markdown "$work/login-scale.md"

# The sections other benchmarks write (make bench-peak, make bench-faults) are kept: each
# from its heading to the next "## " heading.
kept=$work/kept.md
: >"$kept"
if [ -f BENCHMARKS.md ]; then
    awk '/^## / { keep = ($0 ~ /^## (Peak window|Faults under load) /) } keep' BENCHMARKS.md >"$kept"
fi
cat >BENCHMARKS.md <<MD
# Benchmarks

Measured by \`make bench\` ($(date -u +%Y-%m-%d), $(nproc) cores, wrk and the whole stack on one machine,
$CONNECTIONS connections, ${DURATION} s per run after a 3 s warm-up, release build, 8 worker threads per module).

| endpoint | what it does | requests/s | p99 latency | errors |
|---|---|---|---|---|
| \`GET /\` logged in | 个人中心: session check, profile (2 decryptions), windows, two templates | ${rps[center]} | ${p99[center]} | ${errors[center]} |
| \`GET /login\` anonymous | the same pipeline, CSRF token, layout and template, no database | ${rps[login]} | ${p99[login]} | ${errors[login]} |
| \`GET /bench/hello\` | trivial FastCGI hello on the same skeleton | ${rps[hello]} | ${p99[hello]} | ${errors[hello]} |
| \`GET /bench/nginx\` | nginx \`return 200\` | ${rps[nginx]} | ${p99[nginx]} | ${errors[nginx]} |

个人中心 reaches **${ratio}%** of the hello's throughput (target ≥ 75%, issue 18): the median of three
pairs measured back to back, ${PAIR_SECONDS} s each (${pairs[0]}%, ${pairs[1]}%, ${pairs[2]}%), because this
shared machine's speed drifts between runs a minute apart by more than the difference; the single
runs in the table give ${single_ratio}%. p99 ${p99[center]} (target < 25 ms).

Where the difference goes: 个人中心 needs no database round trip for a known session (each
process keeps the sessions it validated, invalidated by LISTEN/NOTIFY and the host board,
docs/architecture.md), so what it adds to the hello is its work in the process: two
AES-GCM decryptions for the masked 身份证号 and 手机号, two templates with about sixty
values (dictionary keys registered once with ctemplate, \`ZK_KEY\`), and a 4.5 KB page
that nginx copies instead of 6 bytes. The anonymous login page runs the same pipeline
with a smaller page.

## Graduation audit engine (one core, no I/O)

| what | rate | target |
|---|---|---|
| audit of 080901 with a 25-course transcript (three requirements met by substitutes) | ${audit_rate} audits/s | ≥ 100,000 |
| what-if over the 6 专升本 majors of 太原理工大学 | ${whatif_rate} rankings/s | |

## Graduation photo (module photo, issue 12)

The picture: a camera-like JPEG generated by \`photo-bench\` (tests/bench/photo_bench.cpp), stored
4000×3000 with EXIF orientation 6 (an upright 3000×4000 portrait: light-blue background, a colourful
noisy face, dark shoulders, sensor-like noise), ${photo_bytes} bytes (limit: under 2 MiB = 2097152).
Times are medians of ${PHOTO_ITERATIONS} runs after a warm-up, on one core with one libvips thread.

| what | median | p90 | target |
|---|---|---|---|
| \`check_graduation_photo\`: type, header limits, full decode, EXIF rotation, background and frame checks, re-encode to ${out_size} (${out_bytes} bytes, background ${out_background}) | ${check_median} ms | ${check_p90} ms | < 150 ms |
| \`vipsthumbnail\` on the same file to ${thumb_size} (centre crop, Q92, strip), the command | ${thumb_median} ms | ${thumb_p90} ms | |
| of which the command's process start (\`vipsthumbnail --vips-version\`) | ${start_median} ms | | |
| \`vips_thumbnail_buffer\` + JPEG save in the bench process (no process start) | ${inproc_median} ms | | |

The check takes **${photo_ratio}×** the time of \`vipsthumbnail\` (target ≤ 2×; ${inproc_ratio}× the
in-process thumbnail).

Resident memory of the photo module while ${CONNECTIONS} clients upload at once for ${DURATION} s (each its
own connection, 张三's session with a submitted application; the file, ${dark_bytes} bytes, is the same
portrait with its centre in deep shadow, mean luminance ${dark_luma}, so every upload is decoded,
checked, re-encoded and judged by the stand-in verifier, whose 不通过 leaves the upload open). /proc/PID/status sampled every 200 ms: VmRSS (= RssAnon, the process's own memory, + RssFile,
pages of the program and the shared libraries it maps, shared with other processes); VmHWM is the
kernel's own peak since the process started.

| process | VmRSS before (anon + file) | peak VmRSS (peaks of its parts) | VmHWM | target |
|---|---|---|---|---|
${rss_rows}

Peak VmRSS **${rss_peak} MB**, of which at most ${anon_peak} MB its own (target ≤ 30 MB per process).
${load_requests} uploads in ${load_elapsed} s (the last answers arrive up to one latency after the ${DURATION} s), ${load_rate} uploads/s,
latency median ${load_p50} ms, p99 ${load_p99} ms; answers: ${load_statuses}; ${load_errors} outside 2xx/3xx
or failed.${load_note} Afterwards: ${photo_after}.

## 毕业生登记表 PDF (module regform, issue 15)

\`GET /regform/pdf\` renders the examinee's 《毕业生登记表》 on every request (a pool of 2 renderers
per process; a request waits for a free one). The examinee is the bench's own (登记表压测, a clone of
张三's transcript; 张三 stays with the photo benchmark): application 太原理工大学 080901 submitted through
the pages, a graduation photo that passes, the payment set in SQL (paying is outside this benchmark),
then 毕业登记信息填写 and 个人简历 through the pages: 7 resume rows, 3 family members, 奖励, a typed
自我鉴定 of 600 汉字, 保存并导出PDF. The PDF: ${reg_pdf_bytes} bytes (${reg_pdf_kind}). Times are of the
whole request through nginx, with the same session.

| what | requests/s | p50 | p99 | target |
|---|---|---|---|---|
| one after another, one keep-alive connection, ${reg_seq_n} requests after 3 warm-ups | | ${reg_seq_p50} ms | ${reg_seq_p99} ms | p50 < 100 ms |
| ${REGFORM_CLIENTS} clients at once (each its own connection) for ${DURATION} s | ${reg_rate} | ${reg_p50} ms | ${reg_p99} ms | |

${reg_requests} PDFs in ${reg_elapsed} s with ${REGFORM_CLIENTS} clients; answers: ${reg_statuses}; ${reg_errors} outside 2xx,
not a PDF, or failed.

Resident memory of the regform module, /proc/PID/status sampled every 200 ms from just before the first
PDF of this run until 1 s after the ${REGFORM_CLIENTS} clients stopped. The first PDF was ${reg_first_what}.
VmRSS = RssAnon (the process's own memory: heap, stacks, the renderers' caches) + RssFile (pages of mapped
files: the program, its shared libraries and the font files the renderers map, shared with every
process mapping the same files and given back by the kernel under memory pressure); VmHWM is the
kernel's own peak since the process started.

| process | VmRSS before the first export (anon + file) | after the first export (anon + file) | peak under ${REGFORM_CLIENTS} concurrent exports (peaks of its parts) | 1 s after (anon + file) | VmHWM | target |
|---|---|---|---|---|---|---|
${reg_rows}

After the first export **${reg_first_rss} MB** (RssAnon ${reg_first_anon} MB, RssFile ${reg_first_file} MB; target ≤ 30 MB per
process); under ${REGFORM_CLIENTS} concurrent exports at most ${reg_peak_rss} MB (RssAnon ${reg_peak_anon} MB, RssFile ${reg_peak_file} MB).
MD
cat "$work/overload.md" "$work/login-scale.md" >>BENCHMARKS.md
[ -s "$kept" ] && { echo; cat "$kept"; } >>BENCHMARKS.md
echo "written: BENCHMARKS.md"
