#!/usr/bin/env bash
# What language editions cost: a site of N briefings in three languages (en, ko, id:
# N x 3 briefing files, `bench/gen_corpus.py --languages ko,id`) against a one-language
# site of the same number of files (3N briefings), and against N briefings in one
# language. Clean builds into tmpfs, alternating, under /usr/bin/time; prints medians,
# ms per briefing file and the ratio. Nothing here asserts a time.
#
#   bash bench/editions.sh [--size 10000] [--runs 3] [--seed 42]
#
# Environment: BENCH_DIR (corpus cache, default /tmp/brief-bench), BENCH_OUT (output
# root, default /dev/shm), BRIEF (a brief binary to measure; default: cargo build
# --release and a private copy).
set -euo pipefail

SIZE=10000
RUNS=3
SEED=42
while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) SIZE="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --seed) SEED="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "editions.sh: unknown argument \`$1\` (try --help)" >&2; exit 2 ;;
    esac
done
[[ "$SIZE" =~ ^[1-9][0-9]*$ && "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "editions.sh: --size and --runs take positive integers" >&2; exit 2; }

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
WORK="${BENCH_DIR:-/tmp/brief-bench}"
OUT="${BENCH_OUT:-/dev/shm}/brief-editions-out"
mkdir -p "$WORK"
log() { printf '%s\n' "$*" >&2; }

[[ -x /usr/bin/time ]] || { log "installing GNU time"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
if [[ -z "${BRIEF:-}" ]]; then
    log "building brief (cargo build --release)"
    (cd "$REPO" && cargo build --release --quiet)
    BRIEF="$WORK/brief-editions"
    cp "$REPO/target/release/brief" "$BRIEF.tmp" && mv -f "$BRIEF.tmp" "$BRIEF"
fi

GEN_HASH="$(sha256sum "$BENCH/gen_corpus.py" | cut -c1-12)"
corpus() { # NAME N [ARGS...] -> path, generated once per generator, size and seed
    local name="$1" n="$2"; shift 2
    local dir="$WORK/$name-$n-s$SEED" stamp="$GEN_HASH $n $SEED $*"
    if [[ ! -f "$dir/.stamp" || "$(cat "$dir/.stamp")" != "$stamp" ]]; then
        log "generating $dir"
        rm -rf "$dir"
        python3 "$BENCH/gen_corpus.py" "$n" "$dir" --seed "$SEED" "$@"
        echo "$stamp" >"$dir/.stamp"
    fi
    echo "$dir"
}
THREE="$(corpus editions "$SIZE" --languages ko,id)"
SAME="$(corpus corpus "$((SIZE * 3))")"
ONE="$(corpus corpus "$SIZE")"

measure() { # DIR -> "wall cpu rss_mib" of a clean build (no output, no build cache)
    rm -rf "$OUT" "$1/.brief-cache"
    local t0 t1
    t0="$(date +%s%N)"
    /usr/bin/time -f '%U %S %M' -o "$WORK/editions-time.txt" "$BRIEF" --root "$1" build -o "$OUT" >"$WORK/editions-build.log" 2>&1 ||
        { tail -n 30 "$WORK/editions-build.log" >&2; exit 1; }
    t1="$(date +%s%N)"
    awk -v ns="$((t1 - t0))" '{ printf "%.4f %.3f %.1f\n", ns / 1e9, $1 + $2, $3 / 1024 }' "$WORK/editions-time.txt"
}
median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A WALL CPU RSS FILES
for k in three same one; do WALL[$k]=""; CPU[$k]=""; RSS[$k]=""; done
dir_of() { case "$1" in three) echo "$THREE" ;; same) echo "$SAME" ;; one) echo "$ONE" ;; esac; }
for k in three same one; do measure "$(dir_of "$k")" >/dev/null; done # warm-up
for ((r = 1; r <= RUNS; r++)); do
    for k in three same one; do
        read -r w c m < <(measure "$(dir_of "$k")")
        WALL[$k]+="$w"$'\n'; CPU[$k]+="$c"$'\n'; RSS[$k]+="$m"$'\n'
        FILES[$k]="$(find "$OUT" -type f | wc -l)"
        log "  run $r $k: wall $w s, cpu $c s, rss $m MiB ($(grep -m1 '^built' "$WORK/editions-build.log"))"
    done
done
rm -rf "$OUT"

row() { # KEY LABEL BRIEFING_FILES
    local w c m ms
    w="$(printf '%s' "${WALL[$1]}" | median)"; c="$(printf '%s' "${CPU[$1]}" | median)"; m="$(printf '%s' "${RSS[$1]}" | median)"
    ms="$(awk -v w="$w" -v n="$3" 'BEGIN { printf "%.3f", w * 1000 / n }')"
    printf '| %-38s | %8s | %7s | %7s | %7s | %8s | %7s |\n' "$2" "$3" "$w" "$c" "$m" "$ms" "${FILES[$1]}"
}
echo
echo "brief $("$BRIEF" --version 2>/dev/null | cut -d' ' -f2-) at $(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null); $(nproc) CPUs; $RUNS runs, medians"
echo
echo "| site                                   | briefing files | wall s |  cpu s | RSS MiB | ms/file | output files |"
echo "|----------------------------------------|---------:|--------:|--------:|--------:|---------:|--------:|"
row three "$SIZE in 3 languages (en, ko, id)" "$((SIZE * 3))"
row same "$((SIZE * 3)) in one language" "$((SIZE * 3))"
row one "$SIZE in one language" "$SIZE"
ms() { awk -v w="$(printf '%s' "${WALL[$1]}" | median)" -v n="$2" 'BEGIN { printf "%.6f", w / n }'; }
echo
awk -v a="$(ms three $((SIZE * 3)))" -v b="$(ms same $((SIZE * 3)))" -v c="$(ms one "$SIZE")" \
    'BEGIN { printf "ms per briefing file, 3 languages / one language of as many files: %.2fx; / one language of %s: %.2fx\n", a / b, "'"$SIZE"'", a / c }'
