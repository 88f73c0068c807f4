#!/usr/bin/env python3
"""Copy a bench corpus (from gen_corpus.py) and append one fenced code block, rust or
python alternately, to every briefing, to measure code highlighting:

    python3 bench/add_code.py SRC DST [--same] [--under SUBDIR]

By default each block differs (the briefing's number is in it), so every block is
highlighted; with --same every briefing gets the same block (the cache's best case).
--under (default `content`) names the folder of SRC whose Markdown files are briefings:
`content/briefings` in a Hugo site of ../shared/bench, whose other pages (the archive's
and sections' `_index.md`) stay as they are. Files named `_*` are never touched."""
import os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
same = "--same" in sys.argv
under = sys.argv[sys.argv.index("--under") + 1] if "--under" in sys.argv else "content"
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst)
RUST = '''```rust
/// Parse record {n} of the feed.
fn parse_{n}(line: &str) -> Result<(u32, String), String> {{
    let (id, rest) = line.split_once(',').ok_or("no comma")?;
    let id: u32 = id.trim().parse().map_err(|e| format!("bad id {{id}}: {{e}}"))?;
    Ok((id + {n}, rest.to_uppercase()))
}}
```
'''
PY = '''```python
def summarise_{n}(rows):
    """Count the rows of briefing {n} by tag."""
    counts = {{}}
    for row in rows:
        for tag in row.get("tags", []):
            counts[tag] = counts.get(tag, 0) + {n}
    return sorted(counts.items(), key=lambda kv: -kv[1])
```
'''
paths = sorted(
    os.path.join(root, f)
    for root, _, files in os.walk(os.path.join(dst, under))
    if "pages" not in root.split(os.sep)
    for f in files
    if f.endswith(".md") and not f.startswith("_")
)
for k, p in enumerate(paths):
    n = 1 if same else k
    block = (RUST if k % 2 == 0 else PY).format(n=n)
    with open(p, "a", encoding="utf-8") as fh:
        fh.write("\n" + block)
print(f"added {len(paths)} code blocks to {dst}")
