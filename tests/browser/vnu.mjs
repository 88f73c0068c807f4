// The Nu HTML checker (npm vnu-jar, run with java -jar) over every HTML file of the
// built sites, and their style.css and content.css: one check per file, zero errors wanted.
//
//   node vnu.mjs [--result FILE] DIR [DIR ...] [--lists-only DIR ...]
//
// A DIR after --lists-only is checked without its briefing pages (YYYY/MM/DD/slug/):
// for a fixture whose bodies hold invalid raw HTML on purpose, to check that the list
// pages showing their summaries are valid all the same.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const require = createRequire(import.meta.url);
const VNU = String(require("vnu-jar"));

const args = process.argv.slice(2);
let resultFile = null;
const dirs = [];
const listsOnly = new Set();
let listsMode = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--result") resultFile = args[++i];
  else if (args[i] === "--lists-only") listsMode = true;
  else {
    dirs.push(args[i]);
    if (listsMode) listsOnly.add(args[i]);
  }
}
if (dirs.length === 0) {
  console.error("usage: node vnu.mjs [--result FILE] DIR [DIR ...] [--lists-only DIR ...]");
  process.exit(2);
}
const BRIEFING_PAGE = /^\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/;

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out;
}

const files = [];
for (const d of dirs) {
  const all = walk(d).sort();
  files.push(...(listsOnly.has(d) ? all.filter((f) => !BRIEFING_PAGE.test(relative(d, f))) : all));
  for (const css of ["style.css", "content.css"]) {
    if (existsSync(join(d, css))) files.push(join(d, css));
  }
}

const r = spawnSync("java", ["-Xss4m", "-jar", VNU, "--format", "json", "--stdout", "--also-check-css", ...files], {
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
if (r.error || (r.status !== 0 && r.status !== 1) || !r.stdout) {
  console.error(`vnu did not run: ${r.error?.message || r.stderr}`);
  if (resultFile) writeFileSync(resultFile, JSON.stringify({ passed: 0, failed: 1 }));
  process.exit(1);
}
const { messages } = JSON.parse(r.stdout);
const byFile = new Map(files.map((f) => [`file:${f}`, []]));
for (const m of messages) {
  const key = [...byFile.keys()].find((k) => decodeURI(m.url || "") === k || m.url === k) || m.url || "?";
  if (!byFile.has(key)) byFile.set(key, []);
  byFile.get(key).push(m);
}

let passed = 0;
let failed = 0;
let warnings = 0;
const root = (f) => {
  for (const d of dirs) if (f.startsWith(d)) return `${relative(join(d, ".."), f)}`;
  return f;
};
for (const [key, msgs] of byFile) {
  const file = key.replace(/^file:/, "");
  const errors = msgs.filter((m) => m.type === "error" || m.type === "non-document-error");
  const warns = msgs.filter((m) => m.type === "info" && m.subType === "warning");
  warnings += warns.length;
  if (errors.length === 0) {
    passed++;
    console.log(`  ok   vnu ${root(file)}${warns.length ? ` (${warns.length} warning${warns.length > 1 ? "s" : ""})` : ""}`);
  } else {
    failed++;
    console.log(`  FAIL vnu ${root(file)}`);
    for (const m of errors) console.log(`         line ${m.lastLine ?? "?"}: ${m.message}${m.extract ? `  «${m.extract.trim().slice(0, 120)}»` : ""}`);
  }
  for (const m of warns.slice(0, 5)) console.log(`         warning, line ${m.lastLine ?? "?"}: ${m.message}`);
}
console.log(`vnu: ${passed} files valid, ${failed} with errors, ${warnings} warnings`);
if (resultFile) writeFileSync(resultFile, JSON.stringify({ passed, failed }));
process.exit(failed ? 1 : 0);
