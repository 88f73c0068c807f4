#!/usr/bin/env bash
# Benchmark clean `brief build` runs on synthetic corpora, optionally side by side
# with Hugo on the same briefings, and rebuilds over an existing output on disk.
# See bench/README.md.
#
#   bash bench/run.sh [--sizes "1000 10000 100000"] [--runs 5] [--seed 42]
#                     [--hugo] [--hugo-size 10000] [--rebuild] [--rebuild-size 10000]
#                     [--rebuild-only] [--serve] [--serve-size 10000] [--serve-only]
#                     [--cold] [--code]
#
# Timing is of the whole process (`/usr/bin/time -f '%e %U %S %M'`): one warm-up (none
# from 300,000 briefings on: a run takes minutes), then
# --runs clean builds (output deleted before each) into tmpfs; the table shows median,
# min and max wall time, median CPU (user+sys), the largest peak RSS over the runs, ms
# per briefing and the number of files written. --hugo adds the side by side with
# Hugo, which also gives each tool's output size and the time `cp -r` takes to copy
# its finished output (the cost of making those files, under any build of them).
# --rebuild adds rebuilds on disk: a
# clean build, rebuilds with nothing changed and with one briefing changed, for brief
# (and Hugo with --hugo, alternating). --rebuild-only skips the clean builds.
# --serve adds serve's edits (bench/serve.sh: content, add, delete, retag, redate,
# retitle, each timed in serve's engine, with the full render of before for the
# structural ones; then bench/serve-live.py: the times the real `brief serve` prints
# for edits made to its files) at --serve-size briefings; --serve-only runs just those.
# --cold empties the system's file cache before each timed run (`sync`, then
# `echo 3 > /proc/sys/vm/drop_caches`; needs root), so the corpus is read from disk,
# as on the first build after a reboot or for an archive larger than the cache.
# --code (with --hugo) adds the side by side again with a fenced code block in every
# briefing (bench/add_code.py), which both tools highlight.
# Nothing here asserts a time.
#
# Environment: BENCH_DIR (corpus cache, default /tmp/brief-bench), BENCH_OUT (output
# root on tmpfs, default /dev/shm; the output takes about 25 KiB a briefing, so give a
# disk folder for a million), BENCH_DISK (output root of --rebuild, on a real
# disk, default BENCH_DIR/disk), SHARED_BENCH (peer material, default ../shared/bench
# next to the repository).
set -euo pipefail

SIZES="1000 10000 100000"
RUNS=5
SEED=42
HUGO=0
HUGO_SIZE=10000
REBUILD=0
CLEAN=1
REBUILD_SIZE=10000
SERVE=0
SERVE_SIZE=10000
COLD=0
CODE=0

usage() { sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) SIZES="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --seed) SEED="$2"; shift 2 ;;
        --hugo) HUGO=1; shift ;;
        --hugo-size) HUGO_SIZE="$2"; shift 2 ;;
        --rebuild) REBUILD=1; shift ;;
        --rebuild-only) REBUILD=1; CLEAN=0; shift ;;
        --rebuild-size) REBUILD_SIZE="$2"; shift 2 ;;
        --serve) SERVE=1; shift ;;
        --serve-size) SERVE_SIZE="$2"; shift 2 ;;
        --serve-only) SERVE=1; CLEAN=0; SERVE_ONLY=1; shift ;;
        --cold) COLD=1; shift ;;
        --code) CODE=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument \`$1\` (try --help)" >&2; exit 2 ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs must be a positive integer" >&2; exit 2; }
if [[ $COLD -eq 1 && ! -w /proc/sys/vm/drop_caches ]]; then
    echo "run.sh: --cold needs to write /proc/sys/vm/drop_caches (run as root on Linux)" >&2; exit 2
fi
for n in $SIZES $HUGO_SIZE $REBUILD_SIZE $SERVE_SIZE; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: bad size \`$n\`" >&2; exit 2; }
done

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
# serve_edits: the engine's times (bench/serve.sh), then the real server's printed ones
# (bench/serve-live.py, the figure of issue 15's target 3).
serve_edits() {
    bash "$BENCH/serve.sh" --size "$SERVE_SIZE" --runs "$RUNS" --seed "$SEED" --before
    echo
    (cd "$REPO" && cargo build --release --quiet)
    python3 "$BENCH/serve-live.py" --size "$SERVE_SIZE" --runs "$RUNS" --seed "$SEED" --brief "$REPO/target/release/brief"
}
if [[ "${SERVE_ONLY:-0}" -eq 1 && $REBUILD -eq 0 && $HUGO -eq 0 ]]; then
    serve_edits
    exit 0
fi
SHARED_BENCH="${SHARED_BENCH:-$(cd "$REPO/.." && pwd)/shared/bench}"
WORK="${BENCH_DIR:-/tmp/brief-bench}"
OUT_ROOT="${BENCH_OUT:-/dev/shm}"
BRIEF_OUT="$OUT_ROOT/brief-bench-out"
HUGO_OUT="$OUT_ROOT/hugo-bench-out"
DISK="${BENCH_DISK:-$WORK/disk}"
mkdir -p "$WORK"
LOG="$WORK/last-build.log"
TIMEF="$WORK/last-time.txt"
SUMMARY="$WORK/summary.txt"

log() { printf '%s\n' "$*" >&2; }

# --- tools ------------------------------------------------------------------
if [[ ! -x /usr/bin/time ]]; then
    log "installing GNU time (apt-get install -y time)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
if [[ $HUGO -eq 1 ]] && ! command -v hugo >/dev/null; then
    log "installing hugo (apt-get install -y hugo)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi

# --- brief binary -----------------------------------------------------------
log "building brief (cargo build --release)"
(cd "$REPO" && cargo build --release --quiet)
# Benchmark a private copy, so a concurrent rebuild cannot swap the binary mid-run.
BRIEF="$WORK/brief"
cp "$REPO/target/release/brief" "$BRIEF.tmp" && mv -f "$BRIEF.tmp" "$BRIEF"
REV="$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(cd "$REPO" && git status --porcelain -- src Cargo.toml Cargo.lock themes 2>/dev/null)" ]]; then
    REV="$REV+dirty"
fi

# --- corpora (cached by generator, size and seed) ---------------------------
hash_of() { sha256sum "$1" | cut -c1-12; }

# corpus DIR STAMP CMD...: run CMD to fill DIR unless DIR/.stamp already says STAMP.
corpus() {
    local dir="$1" stamp="$2"; shift 2
    if [[ -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$stamp" ]]; then
        return 0
    fi
    log "generating $dir"
    rm -rf "$dir"
    local t0=$SECONDS
    "$@"
    echo "$stamp" >"$dir/.stamp"
    log "  generated in $((SECONDS - t0)) s"
}

own_corpus() { # N -> path
    local n="$1" dir="$WORK/corpus-$1-s$SEED"
    corpus "$dir" "$(hash_of "$BENCH/gen_corpus.py") $n $SEED" \
        python3 "$BENCH/gen_corpus.py" "$n" "$dir" --seed "$SEED"
    echo "$dir"
}

# --- measuring --------------------------------------------------------------
# clear OUTDIR: move it and what brief keeps beside it (`.NAME.prev`, the spare) into a
# trash folder beside it, emptied when the script ends. Not deleted now: on an ext4
# without a journal, for a minute or more after many files are deleted, every new
# inode's allocation checks the recently freed ones (`recently_deleted` in `perf`), and
# the next timed build would pay for that (a clean 10,000 build after deleting the
# previous output: 7.4 s of system time against 1.6 s; `sync` and dropping the caches
# first still left 4.0 s).
clear_out() {
    local trash p
    trash="$(dirname "$1")/.brief-bench-trash"
    for p in "$1" "$(dirname "$1")/.$(basename "$1")".*; do
        [[ -e "$p" ]] || continue
        mkdir -p "$trash"
        mv "$p" "$(mktemp -d "$trash/XXXXXX")/"
    done
}
# (Every output this script makes is in OUT_ROOT or DISK.)
empty_trash() { rm -rf "$OUT_ROOT/.brief-bench-trash" "$DISK/.brief-bench-trash"; }
trap empty_trash EXIT

# measure OUTDIR CMD...: clear OUTDIR, run CMD under /usr/bin/time, print
# "wall user sys maxrss_kib". On failure show the tool's output and stop.
measure() {
    local out="$1"; shift
    clear_out "$out"
    timed "$@"
}

# measure_clean SITE OUTDIR CMD...: measure, with SITE's build cache (.brief-cache/)
# deleted first too, so that a clean build is clean: no output and no cache (it writes
# the cache, as a first build does).
measure_clean() {
    rm -rf "$1/.brief-cache"
    shift
    measure "$@"
}

# timed CMD...: run CMD under /usr/bin/time (after a sync, so that one run's writes
# are not flushed during the next), print "wall user sys maxrss_kib".
timed() {
    sync
    if [[ $COLD -eq 1 ]]; then echo 3 >/proc/sys/vm/drop_caches; fi
    local t0 t1
    t0="$(date +%s%N)"
    if ! /usr/bin/time -f '%e %U %S %M' -o "$TIMEF" "$@" >"$LOG" 2>&1; then
        log "FAILED: $*"
        tail -n 40 "$LOG" >&2
        exit 1
    fi
    t1="$(date +%s%N)"
    # Wall time from the clock at ns resolution (time's %e has only 10 ms).
    tail -n 1 "$TIMEF" | awk -v ns="$((t1 - t0))" '{ printf "%.4f %s %s %s\n", ns / 1e9, $2, $3, $4 }'
}

# stats FILE COL: "median min max" of column COL (1-based) of FILE.
stats() {
    sort -g -k"$2","$2" "$1" | awk -v c="$2" '
        { v[NR] = $c }
        END {
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.3f %.3f %.3f\n", m, v[1], v[NR]
        }'
}
# cpu FILE: median of user+sys.
cpu_median() {
    awk '{ print $2 + $3 }' "$1" | sort -g | awk '
        { v[NR] = $1 }
        END { printf "%.3f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
max_rss_mib() { awk 'BEGIN { m = 0 } $4 > m { m = $4 } END { printf "%.1f\n", m / 1024 }' "$1"; }
med_rss_mib() { awk '{ print $4 }' "$1" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f\n", ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1024 }'; }
count_files() { find "$1" -type f | wc -l; }
# tree_mib DIR: the bytes of DIR's files (their lengths, not the blocks they take), MiB.
tree_mib() { du -s --apparent-size -B1 "$1" | awk '{ printf "%.1f", $1 / 1048576 }'; }
# copy_time DIR: the wall time of `cp -r DIR` to a sibling folder (removed after).
copy_time() {
    local to="$1.copy" t0 t1
    rm -rf "$to"; sync
    t0="$(date +%s%N)"; cp -r "$1" "$to"; t1="$(date +%s%N)"
    rm -rf "$to"
    awk -v ns="$((t1 - t0))" 'BEGIN { printf "%.4f\n", ns / 1e9 }'
}

# --- machine ----------------------------------------------------------------
MODEL="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
MEM_GIB="$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
MACHINE="$(nproc) CPUs, ${MODEL:-unknown CPU}, ${MEM_GIB} GiB RAM, $(uname -sr)"
STARTED="$(date -u '+%Y-%m-%d %H:%M UTC')"
LOAD0="$(cut -d' ' -f1-3 /proc/loadavg)"
log "machine: $MACHINE; load average $LOAD0"

# --- brief at each size -----------------------------------------------------
# From this many briefings on, no warm-up run.
BIG=300000
# big_output_check N: stop before N briefings' output would fill the output root (about
# 25 KiB a briefing, measured at 100,000), or fill memory when it is a tmpfs. brief's
# spill file (bodies and list items, a few KiB a briefing) sits beside the output: on a
# tmpfs it is memory too, though not counted in brief's RSS.
big_output_check() {
    local n="$1" need avail fs
    mkdir -p "$OUT_ROOT"
    need=$(( n * 25 / 1024 ))
    avail="$(df -Pm "$OUT_ROOT" | awk 'NR == 2 { print $4 }')"
    if [[ "$need" -gt "$avail" && -d "$OUT_ROOT/.brief-bench-trash" ]]; then
        # The outputs of the runs before are kept until the end (see clear_out); when
        # they are in the way, they go now, and the allocator's memory of them passes
        # (a minute once the deletions are on the disk).
        log "deleting the outputs of the runs before, then waiting 65 s (see clear_out)"
        empty_trash
        sync
        sleep 65
        avail="$(df -Pm "$OUT_ROOT" | awk 'NR == 2 { print $4 }')"
    fi
    fs="$(df -T "$OUT_ROOT" | awk 'NR == 2 { print $2 }')"
    if [[ "$need" -gt "$avail" ]]; then
        log "run.sh: $n briefings need about $need MiB of output; $OUT_ROOT ($fs) has $avail MiB free (set BENCH_OUT)"
        exit 1
    fi
    if [[ "$fs" == tmpfs && "$n" -ge "$BIG" ]]; then
        log "warning: BENCH_OUT=$OUT_ROOT is a tmpfs: $n briefings' output (~$need MiB) and brief's spill file are held in memory"
    fi
}

export BRIEF_TIMINGS=1   # brief prints per-stage timings to stderr; they go to the log
ROWS=()
STAGES=()
PREV_MS=""
PREV_CMS=""
[[ $CLEAN -eq 1 ]] || SIZES=""
for n in $SIZES; do
    dir="$(own_corpus "$n")"
    results="$WORK/results-brief-$n.txt"
    : >"$results"
    if [[ "$n" -lt "$BIG" ]]; then
        log "brief $n: warm-up + $RUNS runs"
        measure_clean "$dir" "$BRIEF_OUT" "$BRIEF" --root "$dir" build -o "$BRIEF_OUT" >/dev/null
    else
        log "brief $n: $RUNS runs (no warm-up at this size)"
    fi
    big_output_check "$n"
    for ((r = 1; r <= RUNS; r++)); do
        line="$(measure_clean "$dir" "$BRIEF_OUT" "$BRIEF" --root "$dir" build -o "$BRIEF_OUT")"
        echo "$line" >>"$results"
        log "  run $r: wall ${line%% *} s   ($(grep -m1 '^built' "$LOG" || tail -n 1 "$LOG"))"
    done
    # brief's own stage timings (BRIEF_TIMINGS) from the last run, if it printed any.
    stages="$(sed -n 's/^timing: \(.*\): \([0-9.]*\) ms.*$/\1 \2/p' "$LOG" |
        awk '{ t = $NF; $NF = ""; sub(/ \(.*\)/, ""); sub(/ $/, ""); printf "%s%s %.0f ms", sep, $0, t; sep = "; " }')"
    if [[ -n "$stages" ]]; then STAGES+=("- $n: $stages"); fi
    files="$(count_files "$BRIEF_OUT")"
    read -r wmed wmin wmax < <(stats "$results" 1)
    cpu="$(cpu_median "$results")"
    rss="$(max_rss_mib "$results")"
    ms="$(awk -v w="$wmed" -v n="$n" 'BEGIN { printf "%.3f", w * 1000 / n }')"
    cms="$(awk -v w="$cpu" -v n="$n" 'BEGIN { printf "%.3f", w * 1000 / n }')"
    if [[ -z "$PREV_MS" ]]; then
        scale="-"; cscale="-"
    else
        scale="$(awk -v a="$ms" -v b="$PREV_MS" 'BEGIN { printf "%.2fx", a / b }')"
        cscale="$(awk -v a="$cms" -v b="$PREV_CMS" 'BEGIN { printf "%.2fx", a / b }')"
    fi
    PREV_MS="$ms"; PREV_CMS="$cms"
    ROWS+=("$(printf '| %9s | %8s | %8s | %8s | %7s | %8s | %8s | %7s | %8s | %7s | %7s |' \
        "$n" "$wmed" "$wmin" "$wmax" "$cpu" "$rss" "$ms" "$scale" "$cms" "$cscale" "$files")")
done
rm -rf "$BRIEF_OUT"

TABLE_HEAD='| briefings | median s |    min s |    max s |   cpu s |  RSS MiB | ms/brief | vs prev | cpu ms/b | vs prev |   files |
|----------:|---------:|---------:|---------:|--------:|---------:|---------:|--------:|---------:|--------:|--------:|'

# --- the shared generator's corpora (the same briefings for brief and Hugo) ---
# shared_corpora N: set hdir (a Hugo site) and bdir (a brief site) of N briefings.
shared_corpora() {
    [[ -f "$SHARED_BENCH/gen_corpus.py" && -d "$SHARED_BENCH/hugo-site" ]] ||
        { log "run.sh: no peer material in $SHARED_BENCH (set SHARED_BENCH)"; exit 1; }
    local n="$1" shash skel
    shash="$(hash_of "$SHARED_BENCH/gen_corpus.py")"
    hdir="$WORK/hugo-$n-s$SEED"
    bdir="$WORK/shared-brief-$n-s$SEED"
    skel="$(cd "$SHARED_BENCH/hugo-site" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)"
    fill_hugo() {
        cp -r "$SHARED_BENCH/hugo-site" "$hdir"
        python3 "$SHARED_BENCH/gen_corpus.py" "$n" "$hdir" --format hugo --seed "$SEED"
    }
    fill_brief() {
        python3 "$SHARED_BENCH/gen_corpus.py" "$n" "$bdir" --format brief --seed "$SEED"
        # Same settings as hugo-site/hugo.toml: base URL, 20 per page, 20 feed entries.
        cat >"$bdir/site.yaml" <<'YAML'
title: "Briefings"
base_url: "https://example.org/"
language: en
timezone: UTC
paginate: 20
feed_limit: 20
YAML
    }
    corpus "$hdir" "$shash $skel $n $SEED" fill_hugo
    corpus "$bdir" "$shash $n $SEED" fill_brief
}

# --- brief vs Hugo on the shared generator's corpus -------------------------
# versus HSITE BSITE TAG: R alternating clean builds of Hugo and brief (after a warm-up
# each); sets VS_ROWS to the table's rows.
versus() {
    local hsite="$1" bsite="$2" tag="$3" hres bres hfiles bfiles hw hwmin hwmax bw bwmin bwmax
    local hrss brss hcpu bcpu rw rm_ rc h b r hmib bmib hcp bcp
    hres="$WORK/results-hugo-$tag.txt"
    bres="$WORK/results-brief-shared-$tag.txt"
    : >"$hres"; : >"$bres"
    measure "$HUGO_OUT" hugo --quiet --ignoreCache -s "$hsite" -d "$HUGO_OUT" >/dev/null
    measure_clean "$bsite" "$BRIEF_OUT" "$BRIEF" --root "$bsite" build -o "$BRIEF_OUT" >/dev/null
    for ((r = 1; r <= RUNS; r++)); do
        h="$(measure "$HUGO_OUT" hugo --quiet --ignoreCache -s "$hsite" -d "$HUGO_OUT")"
        echo "$h" >>"$hres"
        b="$(measure_clean "$bsite" "$BRIEF_OUT" "$BRIEF" --root "$bsite" build -o "$BRIEF_OUT")"
        echo "$b" >>"$bres"
        log "  run $r: hugo ${h%% *} s, brief ${b%% *} s"
    done
    hfiles="$(count_files "$HUGO_OUT")"
    bfiles="$(count_files "$BRIEF_OUT")"
    hmib="$(tree_mib "$HUGO_OUT")"; bmib="$(tree_mib "$BRIEF_OUT")"
    # The floor under each build's writing: copying its finished output tree with
    # `cp -r` (one thread) to a sibling folder on the same file system, alternating.
    : >"$WORK/copy-hugo.txt"; : >"$WORK/copy-brief.txt"
    for ((r = 1; r <= 3; r++)); do
        copy_time "$HUGO_OUT" >>"$WORK/copy-hugo.txt"
        copy_time "$BRIEF_OUT" >>"$WORK/copy-brief.txt"
    done
    hcp="$(stats "$WORK/copy-hugo.txt" 1 | cut -d' ' -f1)"; bcp="$(stats "$WORK/copy-brief.txt" 1 | cut -d' ' -f1)"
    rm -rf "$HUGO_OUT" "$BRIEF_OUT"
    read -r hw hwmin hwmax < <(stats "$hres" 1)
    read -r bw bwmin bwmax < <(stats "$bres" 1)
    hrss="$(med_rss_mib "$hres")"; brss="$(med_rss_mib "$bres")"
    hcpu="$(cpu_median "$hres")"; bcpu="$(cpu_median "$bres")"
    rw="$(awk -v a="$bw" -v b="$hw" 'BEGIN { printf "%.3f", a / b }')"
    rm_="$(awk -v a="$brss" -v b="$hrss" 'BEGIN { printf "%.3f", a / b }')"
    rc="$(awk -v a="$bcpu" -v b="$hcpu" 'BEGIN { printf "%.3f", a / b }')"
    VS_ROWS="$(cat <<EOF
|           | wall s (min-max)          | cpu s   | peak RSS MiB | files   | output MiB | cp -r s |
|-----------|---------------------------|--------:|-------------:|--------:|-----------:|--------:|
| hugo      | $(printf '%-25s' "$hw ($hwmin-$hwmax)") | $(printf '%7s' "$hcpu") | $(printf '%12s' "$hrss") | $(printf '%7s' "$hfiles") | $(printf '%10s' "$hmib") | $(printf '%7s' "$hcp") |
| brief     | $(printf '%-25s' "$bw ($bwmin-$bwmax)") | $(printf '%7s' "$bcpu") | $(printf '%12s' "$brss") | $(printf '%7s' "$bfiles") | $(printf '%10s' "$bmib") | $(printf '%7s' "$bcp") |
| brief/hugo| $(printf '%-25s' "$rw") | $(printf '%7s' "$rc") | $(printf '%12s' "$rm_") |         |            |         |

cp -r s: the median of 3 copies of each finished output tree with \`cp -r\` (one thread),
on the same file system: the cost of making that many files and bytes, under any
build that writes them. brief's copy alone is $(awk -v a="$bcp" -v b="$hw" 'BEGIN { printf "%.3f", a / b }') of Hugo's build.
EOF
)"
}

HUGO_BLOCK=""
if [[ $HUGO -eq 1 && $CLEAN -eq 1 ]]; then
    n="$HUGO_SIZE"
    shared_corpora "$n"
    HVER="$(hugo version | awk '{ print $2 }')"
    log "hugo vs brief at $n (shared corpus): warm-up + $RUNS alternating runs"
    versus "$hdir" "$bdir" "$n"
    HUGO_BLOCK="$(cat <<EOF

Side by side at $n briefings (../shared/bench/gen_corpus.py, seed $SEED; Hugo $HVER
with ../shared/bench/hugo-site), alternating, 1 warm-up + $RUNS runs each, medians:

$VS_ROWS

Targets: brief/hugo wall <= 0.1, peak RSS <= 0.1.
EOF
)"
    if [[ $CODE -eq 1 ]]; then
        # The same two sites with a fenced code block (rust or python, each different)
        # added to every briefing: both tools highlight them (Hugo with Chroma, its
        # default), so this is the figure of a site of technical advisories.
        chdir="$WORK/hugo-code-$n-s$SEED"
        cbdir="$WORK/shared-brief-code-$n-s$SEED"
        corpus "$chdir" "$(hash_of "$BENCH/add_code.py") $(cat "$hdir/.stamp")" \
            python3 "$BENCH/add_code.py" "$hdir" "$chdir" --under content/briefings
        corpus "$cbdir" "$(hash_of "$BENCH/add_code.py") $(cat "$bdir/.stamp")" \
            python3 "$BENCH/add_code.py" "$bdir" "$cbdir"
        log "hugo vs brief at $n with a code block in every briefing: warm-up + $RUNS alternating runs"
        versus "$chdir" "$cbdir" "code-$n"
        HUGO_BLOCK+="$(cat <<EOF


The same, with one fenced code block (7 lines of rust or python, each different) added
to every briefing by bench/add_code.py, highlighted by both (Hugo: Chroma, its default):

$VS_ROWS
EOF
)"
    fi
fi

# --- rebuilds over an existing output, on disk -------------------------------
REBUILD_BLOCK=""
if [[ $REBUILD -eq 1 ]]; then
    n="$REBUILD_SIZE"
    mkdir -p "$DISK"
    FSTYPE="$(df -T "$DISK" | awk 'NR == 2 { print $2 }')"
    if [[ "$FSTYPE" == tmpfs || "$FSTYPE" == ramfs ]]; then
        log "warning: BENCH_DISK=$DISK is on $FSTYPE, not a disk"
    fi
    if [[ $HUGO -eq 1 ]]; then
        shared_corpora "$n"
        bsrc="$bdir"; hsrc="$hdir"; gen="../shared/bench/gen_corpus.py"
    else
        bsrc="$(own_corpus "$n")"; hsrc=""; gen="bench/gen_corpus.py"
    fi
    # Scratch copies on the disk: one briefing is edited, and brief records urls.lock.
    bsite="$DISK/brief-site"; hsite="$DISK/hugo-site"
    bpub="$DISK/brief-public"; hpub="$DISK/hugo-public"
    clear_out "$bsite"; clear_out "$hsite"
    clear_out "$bpub"; clear_out "$hpub"
    cp -r "$bsrc" "$bsite"
    rm -rf "$bsite/.brief-cache"
    if [[ -n "$hsrc" ]]; then cp -r "$hsrc" "$hsite"; fi
    # The briefing edited: the first by path; in the Hugo site, the file of that name.
    # (awk, not head: head would end the pipe early, which pipefail counts as a failure.)
    bfile="$(find "$bsite/content" -name '*.md' -not -path '*/pages/*' | sort | awk 'NR == 1')"
    hfile=""
    if [[ -n "$hsrc" ]]; then
        hfile="$(find "$hsite/content" -name "$(basename "$bfile")" | awk 'NR == 1')"
        [[ -n "$hfile" ]] || { log "run.sh: $(basename "$bfile") is not in the Hugo site"; exit 1; }
    fi
    rm -f "$WORK"/rebuild-*.txt
    # step NAME: one run of each tool (Hugo first), appended to rebuild-TOOL-NAME.txt.
    step() {
        local name="$1" b h=""
        if [[ -n "$hsrc" ]]; then
            h="$(timed hugo --quiet -s "$hsite" -d "$hpub")"
            echo "$h" >>"$WORK/rebuild-hugo-$name.txt"
        fi
        b="$(timed "$BRIEF" --root "$bsite" build -o "$bpub")"
        echo "$b" >>"$WORK/rebuild-brief-$name.txt"
        log "  $name: brief ${b%% *} s${h:+, hugo ${h%% *} s}   ($(grep -m1 '^built' "$LOG" || true))"
    }
    log "rebuilds on disk ($FSTYPE, $DISK) at $n briefings: clean, first rebuild, $RUNS with nothing changed, $RUNS with one briefing changed"
    step clean
    step first
    for ((r = 1; r <= RUNS; r++)); do step same; done
    for ((r = 1; r <= RUNS; r++)); do
        edit="Edited for the rebuild benchmark, run $r."
        printf '\n%s\n' "$edit" >>"$bfile"
        if [[ -n "$hfile" ]]; then printf '\n%s\n' "$edit" >>"$hfile"; fi
        step changed
    done
    # brief's calls that make, link, remove and rename paths, in one more rebuild with
    # nothing changed (after one to settle), when strace is there.
    SYSCALLS=""
    if command -v strace >/dev/null; then
        timed "$BRIEF" --root "$bsite" build -o "$bpub" >/dev/null
        trace="$WORK/rebuild-strace.txt"
        sync
        strace -c -f -o "$trace" "$BRIEF" --root "$bsite" build -o "$bpub" >/dev/null 2>&1
        SYSCALLS="$(awk '$NF ~ /^(mkdir|mkdirat|link|linkat|unlink|unlinkat|rmdir|rename|renameat|renameat2|openat|getdents64)$/ {
            printf "%s%s %s", sep, $NF, $4; sep = ", " }' "$trace")"
    fi
    cell() { local m lo hi; read -r m lo hi < <(stats "$1" 1); printf '%s (%s-%s)' "$m" "$lo" "$hi"; }
    med() { stats "$1" 1 | cut -d' ' -f1; }
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
    ROWFMT='| %-10s | %7s | %13s | %-25s | %-25s | %23s |'
    row() { # TOOL
        # shellcheck disable=SC2059
        printf "$ROWFMT" "$1" \
            "$(med "$WORK/rebuild-$1-clean.txt")" "$(med "$WORK/rebuild-$1-first.txt")" \
            "$(cell "$WORK/rebuild-$1-same.txt")" "$(cell "$WORK/rebuild-$1-changed.txt")" \
            "$(cpu_median "$WORK/rebuild-$1-same.txt")"
    }
    rows="$(row brief)"
    if [[ -n "$hsrc" ]]; then
        rr=()
        for k in clean first same changed; do
            rr+=("$(ratio "$(med "$WORK/rebuild-brief-$k.txt")" "$(med "$WORK/rebuild-hugo-$k.txt")")")
        done
        rc="$(ratio "$(cpu_median "$WORK/rebuild-brief-same.txt")" "$(cpu_median "$WORK/rebuild-hugo-same.txt")")"
        # shellcheck disable=SC2059
        rows="$(row hugo)"$'\n'"$rows"$'\n'"$(printf "$ROWFMT" "brief/hugo" "${rr[0]}" "${rr[1]}" "**${rr[2]}**" "**${rr[3]}**" "$rc")"
    fi
    SYSLINE=""
    if [[ -n "$SYSCALLS" ]]; then
        SYSLINE=$'\n'"brief's calls in one more rebuild with nothing changed (strace -c -f): $SYSCALLS."$'\n'
    fi
    REBUILD_BLOCK="$(cat <<EOF

Rebuilds over the previous output on disk ($FSTYPE, $DISK) at $n briefings
($gen, seed $SEED): whole process, wall seconds, a sync before each run; median
(min-max) of $RUNS runs with nothing changed, and of $RUNS runs each after a line was
added to one briefing (\`$(basename "$bfile")\`). The first rebuild has its own column:
brief makes its spare tree there (\`.NAME.prev\` beside the output: the output before
last, which each build brings up to date and swaps in). Hugo: \`hugo --quiet -s SITE -d
OUT\` over its previous output.${hsrc:+ Alternating runs, Hugo first.}

| tool       | clean s | first rebuild | nothing changed s         | one briefing changed s    | cpu s (nothing changed) |
|------------|--------:|--------------:|---------------------------|---------------------------|------------------------:|
$rows
$SYSLINE
Targets (issue 15): nothing changed <= 0.1 of Hugo; one briefing changed < 0.3 s.
EOF
)"
    clear_out "$bsite"; clear_out "$hsite"
    clear_out "$bpub"; clear_out "$hpub"
fi

# --- summary ----------------------------------------------------------------
{
    echo "### brief build benchmark"
    echo
    echo "Machine: $MACHINE; load average at start $LOAD0, at end $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Date: $STARTED. brief $REV (release)."
    if [[ ${#ROWS[@]} -gt 0 ]]; then
        echo "Corpus: bench/gen_corpus.py, seed $SEED."
        echo "Clean builds into $(df -T "$OUT_ROOT" | awk 'NR == 2 { print $2 }') ($OUT_ROOT), whole process, 1 warm-up (none from $BIG briefings) + $RUNS runs;"
        if [[ $COLD -eq 1 ]]; then
            echo "Cold: the system's file cache was emptied before each timed run (--cold)."
        fi
        echo "RSS is the largest peak over the runs; 'vs prev' is ms/briefing relative to the"
        echo "previous size (linear scaling = 1.00x); 'cpu ms/b' is median CPU (user+sys) per briefing."
    fi
    if awk -v l="${LOAD0%% *}" -v c="$(nproc)" 'BEGIN { exit !(l > c / 2) }'; then
        echo "The machine was busy (load average ${LOAD0%% *} on $(nproc) CPUs): wall times are inflated"
        echo "and noisy; CPU times and the alternating Hugo ratios are the steadier figures."
    fi
    if [[ ${#ROWS[@]} -gt 0 ]]; then
        echo
        echo "$TABLE_HEAD"
        printf '%s\n' "${ROWS[@]}"
    fi
    if [[ ${#STAGES[@]} -gt 0 ]]; then
        echo
        echo "brief's stage timings (BRIEF_TIMINGS, last run of each size):"
        echo
        printf '%s\n' "${STAGES[@]}"
    fi
    [[ -n "$HUGO_BLOCK" ]] && echo "$HUGO_BLOCK"
    [[ -n "$REBUILD_BLOCK" ]] && echo "$REBUILD_BLOCK"
    true
} | tee "$SUMMARY"
log "(summary saved to $SUMMARY)"
if [[ $SERVE -eq 1 ]]; then
    echo
    serve_edits | tee -a "$SUMMARY"
fi
