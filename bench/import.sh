#!/usr/bin/env bash
# Benchmark `brief import jekyll` on a generated Jekyll site. See bench/README.md.
#
#   bash bench/import.sh [--posts 1000] [--runs 5]
#
# Generates a Jekyll site of --posts posts (nested and per-category `_posts`, dates
# with offsets, categories as a string, highlight, raw and post_url Liquid, config
# values) once, builds brief in release, then times --runs whole `brief import jekyll`
# processes (one warm-up first; the destination deleted before each) with
# `/usr/bin/time`. The table shows the median wall time of the whole command, which
# includes the build and check of the imported site, the time brief reports for reading,
# converting and writing alone, CPU time and peak RSS. Nothing here asserts a time;
# the target of issue 16 is under 2 s for 1,000 posts.
#
# Environment: BENCH_DIR (where the site and its import go, default /dev/shm/brief-import-bench).
set -euo pipefail

POSTS=1000
RUNS=5
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --posts) POSTS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "import.sh: unknown argument \`$1\` (try --help)" >&2; exit 2 ;;
    esac
done
[[ "$POSTS" =~ ^[1-9][0-9]*$ && "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "import.sh: --posts and --runs take positive integers" >&2; exit 2; }

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/dev/shm/brief-import-bench}"
SITE="$BENCH_DIR/jekyll-$POSTS"
DEST="$BENCH_DIR/imported"
mkdir -p "$BENCH_DIR"

if [[ ! -f "$SITE/.complete" ]]; then
    rm -rf "$SITE"
    python3 - "$SITE" "$POSTS" <<'PY'
import os, random, sys
site, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(16)
words = ("summit ministers sanctions talks border missile statement ceasefire election trade "
         "energy envoy council report vote aid coalition treaty drills satellite").split()
os.makedirs(f"{site}/_posts", exist_ok=True)
with open(f"{site}/_config.yml", "w") as f:
    f.write("title: Bench Desk\nurl: https://bench.example.org\ntimezone: Europe/Berlin\n"
            "permalink: /news/:year/:month/:day/:title/\nrepository: https://github.com/example/bench\n")
names = []
for i in range(n):
    y, m, d = 2015 + i % 10, 1 + (i // 10) % 12, 1 + (i // 120) % 28
    title = " ".join(rng.choice(words) for _ in range(5)).capitalize() + f" {i}"
    slug = "-".join(title.lower().split())
    name = f"{y:04d}-{m:02d}-{d:02d}-{slug}"
    where = ["_posts", f"_posts/{y}", f"world/_posts"][i % 3]
    os.makedirs(f"{site}/{where}", exist_ok=True)
    cats = " ".join(rng.sample(words, 2))
    tags = ", ".join(rng.sample(words, 3))
    body = []
    for p in range(4):
        body.append(" ".join(rng.choice(words) for _ in range(60)) + ".")
    body.append("{% highlight ruby linenos %}\ndef brief\n  \"{% raw %}{{ x }}{% endraw %}\"\nend\n{% endhighlight %}")
    if names:
        body.append(f"See the [earlier post]({{% post_url {rng.choice(names)} %}}) and {{{{ site.repository }}}}.")
    with open(f"{site}/{where}/{name}.md", "w") as f:
        f.write(f"---\nlayout: post\ntitle: \"{title}\"\ndate: {y:04d}-{m:02d}-{d:02d} {i % 24}:15:00 +0200\n"
                f"categories: {cats}\ntags: [{tags}]\nauthor: Desk {i % 7}\n---\n" + "\n\n".join(body) + "\n")
    names.append(name)
open(f"{site}/.complete", "w").close()
PY
fi

echo "building brief (release)..." >&2
(cd "$ROOT" && cargo build --release --quiet)
BRIEF="${CARGO_TARGET_DIR:-$ROOT/target}/release/brief"

run_once() {
    rm -rf "$DEST"
    /usr/bin/time -f '%e %U %S %M' -o "$BENCH_DIR/time.txt" "$BRIEF" import jekyll "$SITE" "$DEST" > "$BENCH_DIR/out.txt" 2> "$BENCH_DIR/err.txt" || {
        cat "$BENCH_DIR/err.txt" >&2; exit 1; }
    local convert
    convert=$(grep -o 'files into .* in [0-9.]* s' "$BENCH_DIR/out.txt" | grep -o '[0-9.]* s$' | tr -d ' s')
    read -r wall user sys rss < "$BENCH_DIR/time.txt"
    echo "$wall $(echo "$user + $sys" | bc) $rss $convert"
}

run_once > /dev/null # warm-up
results=()
for _ in $(seq "$RUNS"); do results+=("$(run_once)"); done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
wall=$(printf '%s\n' "${results[@]}" | cut -d' ' -f1 | median)
cpu=$(printf '%s\n' "${results[@]}" | cut -d' ' -f2 | median)
rss=$(printf '%s\n' "${results[@]}" | cut -d' ' -f3 | sort -n | tail -1)
conv=$(printf '%s\n' "${results[@]}" | cut -d' ' -f4 | median)
briefings=$(grep -o 'briefings out [0-9]*' "$BENCH_DIR/out.txt" | grep -o '[0-9]*$')

echo "brief import jekyll: $POSTS posts, $RUNS runs after a warm-up, $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| posts | briefings out | median wall s (whole command) | read, convert, write s | cpu s | peak RSS MiB |"
echo "|------:|--------------:|------------------------------:|-----------------------:|------:|-------------:|"
printf '| %s | %s | %.3f | %.3f | %.2f | %.1f |\n' "$POSTS" "$briefings" "$wall" "$conv" "$cpu" "$(echo "$rss / 1024" | bc -l)"
