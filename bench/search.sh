#!/usr/bin/env bash
# What a search downloads, on generated corpora: builds each with brief (release),
# serves the output with a plain static server (python3 -m http.server, which does not
# compress), runs queries in Chromium and prints, per query, the index files fetched
# and their bytes, raw and gzipped (each file gzipped at level 6, as a compressing static
# host would send it), then the size of the index on disk. See bench/README.md.
#
#   bash bench/search.sh [--sizes "10000 100000"] [--seed 42] [--typed nato] [QUERY ...]
#
# Default queries: a word in every briefing, a tag on half of them, a word of a
# few hundred, a word of one briefing, a two-character Japanese word (a tag's Han run),
# two words, a prefix as typed, one letter. Needs chromium and the npm packages of
# tests/browser (scripts/browser-test.sh installs both). Environment: BENCH_DIR (corpus
# cache, default /tmp/brief-bench), BENCH_OUT (built sites, default /dev/shm), BRIEF (a
# brief binary to use instead of building one).
set -euo pipefail

SIZES="10000 100000"
SEED=42
TYPED=nato
QUERIES=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) SIZES="$2"; shift 2 ;;
        --seed) SEED="$2"; shift 2 ;;
        --typed) TYPED="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "search.sh: unknown option \`$1\` (try --help)" >&2; exit 2 ;;
        *) QUERIES+=("$1"); shift ;;
    esac
done
if [[ ${#QUERIES[@]} -eq 0 ]]; then
    QUERIES=(assessment nato paulo 19165 防衛 "nato sanctions" sanc s)
fi

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
WORK="${BENCH_DIR:-/tmp/brief-bench}"
OUT_ROOT="${BENCH_OUT:-/dev/shm}"
mkdir -p "$WORK"
log() { printf '%s\n' "$*" >&2; }

[[ -x "${CHROMIUM:-/usr/bin/chromium}" ]] || { log "search.sh: no chromium (scripts/browser-test.sh installs it)"; exit 1; }
[[ -d "$REPO/tests/browser/node_modules/playwright-core" ]] ||
    (cd "$REPO/tests/browser" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

if [[ -z "${BRIEF:-}" ]]; then
    log "building brief (cargo build --release)"
    (cd "$REPO" && cargo build --release --quiet)
    BRIEF="$WORK/brief-search"
    cp "$REPO/target/release/brief" "$BRIEF.tmp" && mv -f "$BRIEF.tmp" "$BRIEF"
fi

SERVER_PID=
cleanup() { if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

for n in $SIZES; do
    corpus="$WORK/corpus-$n-s$SEED"
    stamp="$(sha256sum "$BENCH/gen_corpus.py" | cut -c1-12) $n $SEED"
    if [[ ! -f "$corpus/.stamp" || "$(cat "$corpus/.stamp")" != "$stamp" ]]; then
        log "generating $corpus"
        rm -rf "$corpus"
        python3 "$BENCH/gen_corpus.py" "$n" "$corpus" --seed "$SEED"
        echo "$stamp" >"$corpus/.stamp"
    fi
    site="$OUT_ROOT/brief-search-$n"
    rm -rf "$site"
    log "building $n briefings into $site"
    "$BRIEF" --root "$corpus" build -o "$site" >/dev/null
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 50); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
        sleep 0.1
    done
    echo
    echo "### $n briefings (bench/gen_corpus.py, seed $SEED; brief $(cd "$REPO" && git rev-parse --short HEAD))"
    echo
    node "$BENCH/search-bytes.mjs" --url "http://127.0.0.1:$port/" --dir "$site" --typed "$TYPED" "${QUERIES[@]}"
    cleanup
    SERVER_PID=
    data="$site/search/data"
    if [[ -d "$data" ]]; then
        files="$(find "$data" -type f | wc -l)"
        raw="$(find "$data" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }')"
        gz="$(find "$data" -type f -print0 | xargs -0 -n 500 sh -c 'for f; do gzip -6 -c "$f" | wc -c; done' sh | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }')"
        shards="$(find "$data/w" -type f | wc -l)"
        biggest="$(for f in "$data"/w/*.json; do gzip -6 -c "$f" | wc -c; done | sort -n | tail -1)"
        echo
        echo "Index: $files files ($shards word shards, the largest $((biggest / 1024)) KB gzipped), $raw MB, $gz MB gzipped."
    fi
    if [[ -f "$site/search-index.json" ]]; then
        echo "search-index.json: $(awk -v s="$(stat -c %s "$site/search-index.json")" 'BEGIN { printf "%.1f", s / 1048576 }') MB, $(gzip -6 -c "$site/search-index.json" | wc -c | awk '{ printf "%.1f", $1 / 1048576 }') MB gzipped."
    fi
    rm -rf "$site"
done
