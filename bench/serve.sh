#!/usr/bin/env bash
# Time `serve` edits on a synthetic corpus (issue 15): the site is loaded into serve's
# engine in process (an ignored test, src/cmd/serve/bench.rs, built with --release),
# then each kind of edit is made R times on a copy of the corpus in tmpfs, each timed
# from the engine being told of the change to its files being updated, and put back
# (untimed). Prints a table of ms per edit (median, min, max) and the files made.
# The server's own printed times add its moment (3-15 ms) for gathering an editor's
# writes: bench/serve-live.py times those. Nothing here asserts a time.
#
#   bash bench/serve.sh [--size 10000] [--runs 5] [--seed 42] [--before] [--only delete,add]
#                       [--idle MS]
#
# --before also times structural edits the way they went before issue 15 (a full
# render), in the same process. --only times only the kinds of edit whose names start
# with one of the words given. --idle sleeps MS before each timed edit, as a server sits
# between a user's edits. Environment: BENCH_DIR (corpus cache, default
# /tmp/brief-bench), BENCH_OUT (where the edited copy goes, default /dev/shm).
set -euo pipefail

SIZE=10000
RUNS=5
SEED=42
BEFORE=""
ONLY=""
IDLE=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) SIZE="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --seed) SEED="$2"; shift 2 ;;
        --before) BEFORE=1; shift ;;
        --only) ONLY="$2"; shift 2 ;;
        --idle) IDLE="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "serve.sh: unknown argument \`$1\` (try --help)" >&2; exit 2 ;;
    esac
done
[[ "$SIZE" =~ ^[1-9][0-9]*$ ]] || { echo "serve.sh: bad size \`$SIZE\`" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "serve.sh: --runs must be a positive integer" >&2; exit 2; }
[[ "$IDLE" =~ ^[0-9]+$ ]] || { echo "serve.sh: --idle must be a whole number of ms" >&2; exit 2; }

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
WORK="${BENCH_DIR:-/tmp/brief-bench}"
OUT_ROOT="${BENCH_OUT:-/dev/shm}"
mkdir -p "$WORK" "$OUT_ROOT"

# The corpus, cached as bench/run.sh caches it (generator hash, size and seed).
dir="$WORK/corpus-$SIZE-s$SEED"
stamp="$(sha256sum "$BENCH/gen_corpus.py" | cut -c1-12) $SIZE $SEED"
if [[ ! -f "$dir/.stamp" || "$(cat "$dir/.stamp")" != "$stamp" ]]; then
    echo "generating $dir" >&2
    rm -rf "$dir"
    python3 "$BENCH/gen_corpus.py" "$SIZE" "$dir" --seed "$SEED" >&2
    echo "$stamp" >"$dir/.stamp"
fi
site="$OUT_ROOT/brief-serve-site"
rm -rf "$site"
cp -r "$dir" "$site"

echo "building the timing test (cargo test --release --no-run)" >&2
(cd "$REPO" && cargo test --release --lib --no-run --quiet 2>&1 | grep -v '^ *Executable' >&2 || true)
REV="$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "### brief serve edits, $SIZE briefings (seed $SEED), $RUNS edits of each kind"
echo
echo "Machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M UTC'); brief $REV."
echo
(cd "$REPO" && BRIEF_SERVE_SITE="$site" BRIEF_SERVE_RUNS="$RUNS" BRIEF_SERVE_BEFORE="$BEFORE" BRIEF_SERVE_ONLY="$ONLY" BRIEF_SERVE_IDLE_MS="$IDLE" \
    cargo test --release --lib --quiet serve_edit_timings -- --ignored --nocapture --test-threads 1 2>/dev/null) |
    grep -E '^(\||loaded)'
rm -rf "$site"
