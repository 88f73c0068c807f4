#!/usr/bin/env bash
# Compare two brief binaries on rebuilds of one site, with one line added to one
# briefing before each build, within one run (this machine's speed moves by a third
# from run to run: only a comparison made in one run means anything).
#
#   bash bench/ab.sh OLD NEW SITE [--rounds 4] [--runs 5] [--pause 5] [--cold 3] [--clean 5]
#
# OLD and NEW are brief binaries; SITE a site folder that both may build into its
# `public/` (it is built many times, and one of its briefings gets lines appended:
# use a copy). Each round gives each binary a sequence of its own builds, 3 to warm up
# then --runs timed, so that each reads the build cache it wrote itself (another
# program's cache is never read). --pause S waits S seconds (after a `sync`) before
# each timed rebuild, as a user's rebuild comes a few seconds after the last: on a
# virtual machine that hands free memory back to its host (free page reporting), memory
# freed that long ago costs the next build its zeroing afresh, and rebuilds run back to
# back (the default, 0) look quicker than they are. --cold N adds N rebuilds of each
# after the disk cache was dropped (`echo 3 > /proc/sys/vm/drop_caches`: needs root;
# skipped without). --clean N adds N clean builds of each, taken in turn (the site's `public/`,
# its spare tree and `.brief-cache/` removed first, then a `sync`), with nothing
# changed. Prints, for each binary, the median wall time and the mean CPU time
# (`/usr/bin/time`). Nothing here asserts a time.
set -euo pipefail

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }
[[ $# -ge 3 ]] || { usage >&2; exit 2; }
OLD="$(realpath "$1")" NEW="$(realpath "$2")" SITE="$(realpath "$3")"
shift 3
ROUNDS=4 RUNS=5 PAUSE=0 COLD=0 CLEAN=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --pause) PAUSE="$2"; shift 2 ;;
        --cold) COLD="$2"; shift 2 ;;
        --clean) CLEAN="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "ab.sh: unknown argument \`$1\` (try --help)" >&2; exit 2 ;;
    esac
done
for n in "$ROUNDS" "$RUNS" "$PAUSE" "$COLD" "$CLEAN"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "ab.sh: counts must be whole numbers" >&2; exit 2; }
done
for b in "$OLD" "$NEW"; do [[ -x "$b" ]] || { echo "ab.sh: $b is not a program" >&2; exit 2; }; done
BRIEFING="$(find "$SITE/content" -name '*.md' | sort | sed -n 1p)"
[[ -n "$BRIEFING" ]] || { echo "ab.sh: no briefing under $SITE/content" >&2; exit 2; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

edit() { printf '\nA line added for the comparison (%s).\n' "$1" >>"$BRIEFING"; }
build() { "$1" --root "$SITE" build >/dev/null 2>&1; }
timed() { /usr/bin/time -f '%e %U %S' -a -o "$2" "$1" --root "$SITE" build >/dev/null 2>&1; }
# Three builds of the binary's own, then a pause, so that what it records has settled.
warm() { for w in 1 2 3; do edit "warm-up $w"; build "$1"; done; sleep 1.2; }

for r in $(seq "$ROUNDS"); do
    for which in old new; do
        bin="$OLD"; [[ $which == new ]] && bin="$NEW"
        warm "$bin"
        for i in $(seq "$RUNS"); do
            edit "round $r run $i"
            if [[ "$PAUSE" -gt 0 ]]; then sync; sleep "$PAUSE"; fi
            timed "$bin" "$TMP/warm-$which"
        done
    done
done
if [[ "$COLD" -gt 0 ]]; then
    if [[ -w /proc/sys/vm/drop_caches ]]; then
        for r in $(seq "$COLD"); do
            for which in old new; do
                bin="$OLD"; [[ $which == new ]] && bin="$NEW"
                warm "$bin"
                edit "cold $r"
                sync
                echo 3 >/proc/sys/vm/drop_caches
                timed "$bin" "$TMP/cold-$which"
            done
        done
    else
        echo "ab.sh: cannot drop the disk cache (not root): no cold runs" >&2
    fi
fi

for r in $(seq "$CLEAN"); do
    for which in old new; do
        bin="$OLD"; [[ $which == new ]] && bin="$NEW"
        rm -rf "$SITE/public" "$SITE/.public.prev" "$SITE/.brief-cache"
        sync
        timed "$bin" "$TMP/clean-$which"
    done
done

summary() {
    sort -n "$1" | awk '{w[NR]=$1; c+=$2+$3; s+=$3}
        END {printf "%d runs, median wall %.3f s, mean CPU %.3f s (system %.3f s)", NR, w[int((NR+1)/2)], c/NR, s/NR}'
}
for kind in warm cold clean; do
    for which in old new; do
        if [[ -s "$TMP/$kind-$which" ]]; then echo "$kind $which: $(summary "$TMP/$kind-$which")"; fi
    done
done
