#!/usr/bin/env python3
"""Time `brief serve` edits as a user sees them (issue 15, target 3): the real server on a
copy of a synthetic corpus, edits made to its files the way editors and shells make
them, and the times the server prints ("rebuilt N pages in X ms after a change to ...",
counted from the first file event it saw, so its moment of gathering an editor's writes
is in them). bench/serve.sh times the engine alone, in process.

    python3 bench/serve-live.py [--size 10000] [--runs 5] [--seed 42] [--brief PATH] [--each]
                                [--languages ko,id]

Each kind of edit is made --runs times and put back (the put-back's rebuild is not
counted). The edits are to the corpus's middle file, but for one row of deletes that
takes a briefing chosen at random each time (seeded by --seed): a briefing's place in
the archive decides how many list pages move. With --languages the corpus is made
multilingual (bench/gen_corpus.py --languages: every briefing in every language) and
each kind of edit is made in each edition, to the same briefing's version there
(rows marked with the language code). Prints a table of the printed ms (median, min, max) and pages
(and with --each every edit's ms, in the order made). Environment:
BENCH_DIR (corpus cache, default /tmp/brief-bench), BENCH_OUT (where the served copy
goes, default /dev/shm). Nothing here asserts a time.
"""

import argparse
import hashlib
import os
import queue
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
REBUILT = re.compile(r"^rebuilt (\d+) pages?( \(full\))? in ([0-9.]+) ms after a change to (.*)$")


def corpus(work: Path, size: int, seed: int, langs: list[str]) -> Path:
    """The corpus, cached as bench/run.sh caches it (generator hash, size, seed and
    languages)."""
    gen = BENCH / "gen_corpus.py"
    d = work / (f"corpus-{size}-s{seed}" + "".join(f"-{c}" for c in langs))
    stamp = f"{hashlib.sha256(gen.read_bytes()).hexdigest()[:12]} {size} {seed} {','.join(langs)}".strip()
    if not (d / ".stamp").exists() or (d / ".stamp").read_text().strip() != stamp:
        print(f"generating {d}", file=sys.stderr)
        shutil.rmtree(d, ignore_errors=True)
        extra = ["--languages", ",".join(langs)] if langs else []
        subprocess.run([sys.executable, str(gen), str(size), str(d), "--seed", str(seed)] + extra, check=True,
                       stdout=sys.stderr)
        (d / ".stamp").write_text(stamp + "\n")
    return d


class Server:
    def __init__(self, brief: str, site: Path):
        self.p = subprocess.Popen([brief, "serve", "--root", str(site), "--port", "0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        self.lines: "queue.Queue[str]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern, timeout=120.0):
        end = time.time() + timeout
        while True:
            left = end - time.time()
            if left <= 0:
                raise SystemExit(f"serve-live: no line matching {pattern.pattern!r} in {timeout} s")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            m = pattern.search(line)
            if m:
                return m
            if line.startswith("error"):
                print(f"serve-live: serve printed: {line}", file=sys.stderr)

    def quiet(self, seconds=0.3):
        """Let the sitemaps made after an edit finish, and drop what was printed."""
        time.sleep(seconds)
        while not self.lines.empty():
            self.lines.get_nowait()

    def stop(self):
        self.p.terminate()
        self.p.wait(timeout=10)


def write(path: Path, text: str):
    """In place, as most editors save: truncate, write, close."""
    with open(path, "w") as f:
        f.write(text)


def replace_atomically(path: Path, text: str):
    """Through a temporary file renamed over the briefing, as `sed -i` and some editors do."""
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def with_line(text: str, key: str, line: str) -> str:
    out = [line if ln.startswith(key + ":") else ln for ln in text.split("\n")]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--brief", default=str(REPO / "target" / "release" / "brief"))
    ap.add_argument("--each", action="store_true", help="add a column with every edit's time, in order")
    ap.add_argument("--languages", default="", help="comma-separated codes of other editions (gen_corpus.py)")
    a = ap.parse_args()
    langs = [c.strip() for c in a.languages.split(",") if c.strip()]
    work = Path(os.environ.get("BENCH_DIR", "/tmp/brief-bench"))
    out = Path(os.environ.get("BENCH_OUT", "/dev/shm"))
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    src = corpus(work, a.size, a.seed, langs)
    site = out / "brief-live-site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(src, site)
    content = site / "content"
    # The default edition's files (each other edition has the same paths under its code).
    all_md = sorted(p for p in content.rglob("*.md") if p.relative_to(content).parts[0] not in langs)
    middle = all_md[len(all_md) // 2].relative_to(content)
    rng = random.Random(a.seed)
    kinds = []
    for code in [""] + langs:
        base = content / code if code else content
        victim = base / middle
        text = victim.read_text()
        fresh = base / "bench-new.md"
        added = ('---\ntitle: "Bench added briefing"\ndate: 2025-12-30\ntags: [bench-tag, security]\n---\n'
                 "A new briefing.\n")
        others = [base / p.relative_to(content) for p in all_md if p.relative_to(content) != middle]
        gone = {}

        def delete_any(n, others=others, gone=gone):
            gone["path"] = rng.choice(others)
            gone["text"] = gone["path"].read_text()
            gone["path"].unlink()

        def restore_any(gone=gone):
            write(gone["path"], gone["text"])

        mark = f" ({code})" if code else ""
        kinds += [
            ("content (a body line), saved in place" + mark,
             lambda n, v=victim, t=text: write(v, f"{t}\nEdited {n}.\n"), lambda v=victim, t=text: write(v, t)),
            ("content, renamed into place" + mark,
             lambda n, v=victim, t=text: replace_atomically(v, f"{t}\nEdited {n}.\n"),
             lambda v=victim, t=text: replace_atomically(v, t)),
            ("add" + mark, lambda n, f=fresh: write(f, added), lambda f=fresh: f.unlink()),
            ("delete" + mark, lambda n, v=victim: v.unlink(), lambda v=victim, t=text: write(v, t)),
            ("delete (one chosen at random each time)" + mark, delete_any, restore_any),
            ("retag (a new tag)" + mark,
             lambda n, v=victim, t=text: write(v, with_line(t, "tags", "tags: [bench-tag, security]")),
             lambda v=victim, t=text: write(v, t)),
            ("redate (another year)" + mark,
             lambda n, v=victim, t=text: write(v, with_line(t, "date", "date: 2017-03-04")),
             lambda v=victim, t=text: write(v, t)),
        ]
    srv = Server(a.brief, site)
    try:
        loaded = srv.wait_for(re.compile(r"built (\d+) briefings? in memory in (\d+) ms"))
        rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip() or "unknown"
        editions = f" in {1 + len(langs)} languages (en, {', '.join(langs)})" if langs else ""
        print(f"### brief serve, live: {a.size} briefings{editions} (seed {a.seed}), {a.runs} edits of each kind\n")
        print(f"Machine: {os.cpu_count()} CPUs, load average {' '.join(open('/proc/loadavg').read().split()[:3])}; "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; repository at {rev}; binary {a.brief}.\n")
        print(f"serve loaded {loaded.group(1)} briefings in {loaded.group(2)} ms")
        print("| edit | median ms | min ms | max ms | pages |" + (" each ms |" if a.each else ""))
        print("|---|---:|---:|---:|---:|" + ("---|" if a.each else ""))
        srv.quiet(1.0)
        for name, edit, restore in kinds:
            times, pages = [], []
            for n in range(a.runs):
                edit(n)
                m = srv.wait_for(REBUILT)
                times.append(float(m.group(3)))
                pages.append(int(m.group(1)) + (1000000 if m.group(2) else 0))
                srv.quiet()
                restore()
                srv.wait_for(REBUILT)
                srv.quiet()
            full = any(p >= 1000000 for p in pages)
            pages = [p % 1000000 for p in pages]
            print(f"| {name}{' (full)' if full else ''} | {statistics.median(times):.1f} | {min(times):.1f} | "
                  f"{max(times):.1f} | {statistics.median(pages):.0f} |"
                  + (f" {' '.join(f'{t:.0f}' for t in times)} |" if a.each else ""))
    finally:
        srv.stop()
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
