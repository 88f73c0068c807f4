// What the search page downloads for each query, measured in Chromium (bench/search.sh).
//
//   node bench/search-bytes.mjs --url http://127.0.0.1:PORT/ --dir SITE [--typed WORD] QUERY...
//
// The site in DIR is served at URL by a server that does not compress, so each fetched
// file is gzipped here (level 6, as static hosts commonly do) to count what a compressing
// host would send. For each query, a fresh browser context (empty cache) opens
// search/?q=QUERY, waits for the status line, and reads the Resource Timing entries.
// With --typed WORD, WORD is also typed a letter every 200 ms into the empty search box.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const require = createRequire(new URL("../tests/browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const args = process.argv.slice(2);
let url = null, dir = null, typed = null;
const queries = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--url") url = args[++i];
  else if (args[i] === "--dir") dir = args[++i];
  else if (args[i] === "--typed") typed = args[++i];
  else queries.push(args[i]);
}
if (!url || !dir) {
  console.error("usage: node bench/search-bytes.mjs --url URL --dir SITE [--typed WORD] QUERY...");
  process.exit(2);
}

const gz = new Map();
function sizes(resUrl) {
  const u = new URL(resUrl);
  let rel = decodeURIComponent(u.pathname.slice(new URL(url).pathname.length));
  if (rel === "" || rel.endsWith("/")) rel += "index.html";
  const file = join(dir, rel);
  if (!gz.has(file)) {
    const bytes = readFileSync(file);
    gz.set(file, { raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length });
  }
  return gz.get(file);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});

async function measure(label, query, go) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const t0 = Date.now();
  await go(page);
  // Done when the status line speaks of this query (typing shows earlier ones first).
  await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(`\u201c${q}\u201d`), query, { timeout: 120000 });
  const ms = Date.now() - t0;
  const status = await page.locator("#search-status").innerText();
  const entries = await page.evaluate(() =>
    [performance.getEntriesByType("navigation")[0], ...performance.getEntriesByType("resource")].map((e) => ({ name: e.name, transfer: e.transferSize })),
  );
  await ctx.close();
  const row = { label, status, ms, data: { files: 0, raw: 0, gzip: 0, transfer: 0 }, page: { files: 0, raw: 0, gzip: 0, transfer: 0 } };
  for (const e of entries) {
    const s = sizes(e.name);
    const kind = /\/search\/data\//.test(e.name) || /search-index\.json/.test(e.name) ? row.data : row.page;
    kind.files += 1;
    kind.raw += s.raw;
    kind.gzip += s.gzip;
    kind.transfer += e.transfer;
  }
  return row;
}

const rows = [];
for (const q of queries) {
  rows.push(await measure(q, q, (page) => page.goto(`${url}search/?q=${encodeURIComponent(q)}`)));
}
if (typed) {
  rows.push(
    await measure(`${typed} (typed)`, typed, async (page) => {
      await page.goto(`${url}search/`);
      await page.locator("#q").pressSequentially(typed, { delay: 200 });
    }),
  );
}
await browser.close();

const kb = (n) => (n / 1024).toFixed(1);
console.log("| query | results | data files | data raw KB | data gzip KB | page gzip KB | total gzip KB | Chromium transfer KB | ms |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const n = (r.status.match(/^([\d,]+) briefings? match/) || [null, "0"])[1];
  console.log(
    `| ${r.label} | ${n} | ${r.data.files} | ${kb(r.data.raw)} | ${kb(r.data.gzip)} | ${kb(r.page.gzip)} | ${kb(r.data.gzip + r.page.gzip)} | ${kb(r.data.transfer + r.page.transfer)} | ${r.ms} |`,
  );
}
