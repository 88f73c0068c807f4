// Browser tests of brief's default theme, in Debian's Chromium through playwright-core.
//
//   node run.mjs --site NAME=URL=DIR [--site ...] [--out DIR] [--docs DIR] [--result FILE]
//
// Each site is a built output folder DIR served at URL. For one page of every kind
// (home, a briefing, a page, tags, a tag, a day, a month, a year, the archive, the
// search page, a second list page, the 404 page) and at 360 and 1440 px, light and
// dark, it checks: no console errors, no failed or off-machine requests, no axe-core
// violation of serious or critical impact, no sideways scrolling; and once per page:
// no script but the search page's, the page reads with JavaScript off, every internal
// link resolves. Then: search finds a briefing by a word of its body (typing, and
// ?q=) and by a two-character Chinese word, waits for a second typed letter, and, on a
// site that also has /search-index.json, finds and ranks for each of many queries what
// search.js did before the index was sharded; the print stylesheet hides navigation
// and shows source URLs, style.css is under 15 KB. Screenshots go to --out; with --docs, the README's screenshots too.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const CSS_LIMIT = 15000; // "under 15 KB", read strictly
// Pages checked side by side (BROWSER_JOBS to change it).
const JOBS = Math.max(1, Number(process.env.BROWSER_JOBS) || 3);
const MODES = [
  { width: 360, height: 740, scheme: "light" },
  { width: 1440, height: 900, scheme: "light" },
  { width: 360, height: 740, scheme: "dark" },
  { width: 1440, height: 900, scheme: "dark" },
];

// ---- arguments
const args = process.argv.slice(2);
const sites = [];
let outDir = join(HERE, "screenshots");
let docsDir = null;
let resultFile = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--site") {
    const [name, url, dir] = args[++i].split("=");
    sites.push({ name, url: url.endsWith("/") ? url : url + "/", dir });
  } else if (a === "--out") outDir = args[++i];
  else if (a === "--docs") docsDir = args[++i];
  else if (a === "--result") resultFile = args[++i];
  else {
    console.error(`run.mjs: unknown argument ${a}`);
    process.exit(2);
  }
}
if (sites.length === 0) {
  console.error("usage: node run.mjs --site NAME=URL=DIR [--site ...] [--out DIR] [--docs DIR] [--result FILE]");
  process.exit(2);
}

// ---- results
let passed = 0;
const failures = [];
const warnings = [];
function check(name, problems) {
  const list = (Array.isArray(problems) ? problems : problems ? [problems] : []).filter(Boolean);
  if (list.length === 0) {
    passed++;
    console.log(`  ok   ${name}`);
  } else {
    failures.push({ name, problems: list });
    console.log(`  FAIL ${name}`);
    for (const p of list) console.log(`         ${p}`);
  }
}

// ---- which pages to visit: one of each kind, found in the built folder
function walk(dir, base = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, base, out);
    else if (e.name.endsWith(".html")) out.push(relative(base, p).split("\\").join("/"));
  }
  return out.sort();
}

/// The language editions of a built site: top-level folders named like a language code
/// that hold a home page (`ko/`, `zh-tw/`); the default edition is "".
function editionsOf(site) {
  const eds = readdirSync(site.dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(e.name) && statSync(join(site.dir, e.name, "index.html"), { throwIfNoEntry: false }))
    .map((e) => `${e.name}/`);
  return ["", ...eds.sort()];
}

/// The kind of page `rel` is, prefixed with its edition's language (`ko/briefing`) on a
/// site with several.
function kindOf(rel, editions = [""]) {
  const ed = editions.filter((e) => e && rel.startsWith(e)).sort((a, b) => b.length - a.length)[0];
  return ed ? `${ed}${plainKind(rel.slice(ed.length))}` : plainKind(rel);
}

function plainKind(rel) {
  if (rel === "index.html") return "home";
  if (rel === "404.html") return "404";
  if (/(^|\/)page\/\d+\/index\.html$/.test(rel)) return "list-page-2";
  if (/^\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(rel)) return "briefing";
  if (/^\d{4}\/\d{2}\/\d{2}\/index\.html$/.test(rel)) return "day";
  if (/^\d{4}\/\d{2}\/index\.html$/.test(rel)) return "month";
  if (/^\d{4}\/index\.html$/.test(rel)) return "year";
  if (rel === "archive/index.html") return "archive";
  if (rel === "search/index.html") return "search";
  if (rel === "tags/index.html") return "tags";
  if (rel === "corrections/index.html") return "corrections";
  if (/^tags\/[^/]+\/index\.html$/.test(rel)) return "tag";
  if (rel === "authors/index.html") return "authors";
  if (/^authors\/[^/]+\/index\.html$/.test(rel)) return "author";
  return "page";
}

/// A page at an old URL that leads elsewhere (urls.lock, aliases:): the target of its
/// meta refresh, or null.
function redirectTarget(site, rel) {
  const m = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(readFileSync(join(site.dir, rel), "utf8"));
  return m ? m[1] : null;
}

function pickPages(site) {
  const files = walk(site.dir).filter((rel) => !redirectTarget(site, rel));
  const editions = editionsOf(site);
  const byKind = new Map();
  for (const rel of files) {
    const k = kindOf(rel, editions);
    if (!byKind.has(k)) byKind.set(k, []);
    byKind.get(k).push(rel);
  }
  const size = (rel) => statSync(join(site.dir, rel)).size;
  const biggest = (list) => list.slice().sort((a, b) => size(b) - size(a) || a.localeCompare(b))[0];
  const pages = [];
  for (const [kind, list] of byKind) {
    // The richest page of each kind shows the most of the theme.
    const rel = kind === "404" ? null : biggest(list);
    const path = kind === "404" ? "no/such/page/" : rel.replace(/index\.html$/, "");
    pages.push({ kind, rel: rel || "404.html", url: new URL(encodeURI(path), site.url).href, status: kind === "404" ? 404 : 200 });
  }
  const order = ["home", "briefing", "page", "tags", "tag", "authors", "author", "day", "month", "year", "archive", "search", "corrections", "list-page-2", "404"];
  // Editions in order, each with its kinds in order.
  const rank = (k) => {
    const slash = k.lastIndexOf("/");
    const ed = slash < 0 ? "" : k.slice(0, slash + 1);
    return editions.indexOf(ed) * 100 + order.indexOf(slash < 0 ? k : k.slice(slash + 1));
  };
  return pages.sort((a, b) => rank(a.kind) - rank(b.kind));
}

// ---- search: the sharded index as search.js reads it, and search.js as it was
/// The manifest, every word shard's entries, and the records by number (0 the oldest).
function searchIndex(site, edition = "") {
  const dir = join(site.dir, edition, "search/data");
  const read = (rel) => JSON.parse(readFileSync(join(dir, rel), "utf8"));
  const m = read("manifest.json");
  const entries = m.keys.flatMap((_, k) => read(m.words.replace("{}", k)));
  const docs = [];
  for (let k = 0; k * m.block < m.docs; k++) docs.push(...read(m.blocks.replace("{}", k)));
  // Body postings as briefing numbers rather than gaps.
  for (const e of entries) {
    let id = 0;
    e[1] = e[1].map((g) => (id += g));
  }
  return { m, entries, docs };
}

// search.js before the shards (words, hits, score), verbatim but for the DOM.
const OLD_CJK = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2fa1f}]+/gu;
function oldWords(s) {
  var out = [];
  s.toLowerCase().split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
    if (!w) return;
    var at = 0;
    w.replace(OLD_CJK, function (run, i) {
      if (i > at) out.push(w.slice(at, i));
      var c = Array.from(run);
      if (c.length === 1) out.push(run);
      for (var k = 0; k + 1 < c.length; k++) out.push(c[k] + c[k + 1]);
      at = i + run.length;
      return run;
    });
    if (at < w.length) out.push(w.slice(at));
  });
  return out;
}
function oldSearch(data, query) {
  const index = data.map(function (d) {
    return { d: d, title: oldWords(d.t), tags: oldWords(d.g.join(" ")), summary: oldWords(d.s), body: d.w.split(" ") };
  });
  function hits(list, q) {
    var n = 0;
    for (var i = 0; i < list.length; i++) {
      if (list[i] === q) n += 2; else if (list[i].indexOf(q) === 0) n += 1;
    }
    return n;
  }
  function score(rec, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var q = terms[i];
      var s = 8 * hits(rec.title, q) + 5 * hits(rec.tags, q) + 3 * hits(rec.summary, q) + Math.min(hits(rec.body, q), 2);
      if (s === 0) return 0;
      total += s;
    }
    return total;
  }
  const terms = oldWords(query);
  const results = [];
  for (let i = 0; i < index.length; i++) {
    const s = score(index[i], terms);
    if (s > 0) results.push({ d: index[i].d, s: s, i: i });
  }
  results.sort(function (a, b) { return b.s - a.s || a.i - b.i; });
  return { count: results.length, urls: results.slice(0, 50).map((r) => r.d.u) };
}

// ---- browser
const userDataDir = mkdtempSync(join(tmpdir(), "brief-chromium-"));
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: FLAGS,
  viewport: { width: 1440, height: 900 },
  timeout: 60_000,
});
context.setDefaultTimeout(20_000);

/// Open `url` in a fresh tab and watch it: console errors, page errors, failed
/// requests, bad statuses and requests leaving the machine.
async function open(url, { width, height, scheme, media = "screen", js = true, expectStatus = 200 }) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // The browser logs the 404 status of a not-found page itself: that one is wanted.
    const expected = expectStatus === 404 && m.location().url === url && /status of 404/.test(m.text());
    if (!expected) problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["127.0.0.1", "localhost"].includes(u.hostname) && !["data:", "blob:"].includes(u.protocol)) {
      problems.push(`request leaves the machine: ${r.url()}`);
    }
  });
  page.on("response", (r) => {
    const isMain = r.request().isNavigationRequest() && r.frame() === page.mainFrame();
    const want = isMain ? expectStatus : null;
    if (want !== null ? r.status() !== want : r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme: scheme, media });
  if (!js) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  }
  await page.goto(url, { waitUntil: "load" });
  return { page, problems };
}

async function axe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`),
    }));
  });
  return result;
}

const linkStatus = new Map();
async function checkLinks(page, origin) {
  const urls = await page.evaluate(() =>
    [...document.querySelectorAll("a[href], link[href], img[src], script[src]")].map((e) => e.href || e.src),
  );
  const problems = [];
  for (const raw of new Set(urls)) {
    const u = new URL(raw);
    if (u.origin !== origin) continue;
    const here = new URL(page.url());
    if (u.hash && u.pathname === here.pathname && u.search === here.search) {
      // A link within the page: its target must exist.
      const id = decodeURIComponent(u.hash.slice(1));
      if (!(await page.evaluate((id) => !!document.getElementById(id), id))) problems.push(`link ${raw}: no element with id “${id}”`);
      continue;
    }
    u.hash = "";
    const key = u.href;
    if (!linkStatus.has(key)) {
      const r = await fetch(key, { redirect: "manual" });
      linkStatus.set(key, r.status);
    }
    if (linkStatus.get(key) !== 200) problems.push(`link ${key} answers ${linkStatus.get(key)}`);
  }
  return problems;
}

const axeSummary = new Map(); // "impact id" -> count, for the report
function recordAxe(violations) {
  for (const v of violations) {
    const k = `${v.impact} ${v.id}`;
    axeSummary.set(k, (axeSummary.get(k) || 0) + 1);
  }
}

async function shot(page, file) {
  await page.screenshot({ path: join(outDir, file), fullPage: true });
}

// ---- per-page checks
/// Every check of one page (its modes, then JavaScript off), into `out` as [name,
/// problems] pairs: pages run side by side, and their results are reported in order.
async function checkPage(site, origin, p, out) {
  const check = (name, problems) => out.push([name, problems]);
  const label = `${site.name} ${p.kind}`;
  // Another edition's pages share the theme: two modes (both widths, both schemes)
  // keep the run short while axe still sees each language at each size and colour.
  const modes = p.kind.includes("/") ? [MODES[1], MODES[2]] : MODES;
  for (const mode of modes) {
    const tag = `${mode.width}px ${mode.scheme}`;
    const { page, problems } = await open(p.url, { ...mode, expectStatus: p.status });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shot(page, `${site.name}-${p.kind}-${mode.width}${mode.scheme === "dark" ? "-dark" : ""}.png`);
    if (mode.width === 1440 && mode.scheme === "light") {
      const scripts = await page.evaluate(() =>
        [...document.querySelectorAll("script")]
          .filter((s) => s.type !== "application/ld+json")
          .map((s) => s.src || "inline script"),
      );
      const allowed = p.kind.endsWith("search") ? scripts.filter((s) => !/\/search\.js$/.test(s)) : scripts;
      check(`${label}: no script but the search page's`, allowed.map((s) => `unexpected script: ${s}`));
      check(`${label}: every internal link resolves`, await checkLinks(page, origin));
    }
    const violations = await axe(page);
    recordAxe(violations);
    for (const v of violations) {
      if (!["serious", "critical"].includes(v.impact)) warnings.push(`${label} ${tag}: axe ${v.impact} ${v.id}: ${v.help}`);
    }
    check(`${label} ${tag}: loads without console errors or failed requests`, problems);
    check(
      `${label} ${tag}: axe-core finds no serious or critical violation`,
      violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => `${v.impact} ${v.id}: ${v.help}; ${v.nodes.join("; ")}`),
    );
    check(`${label} ${tag}: no sideways scrolling`, overflow > 0 ? `page is ${overflow}px wider than the viewport` : null);
    await page.close();
  }
  // JavaScript off: the page still shows its heading and main content.
  const { page, problems } = await open(p.url, { width: 360, height: 740, scheme: "light", js: false, expectStatus: p.status });
  const state = await page.evaluate(() => ({
    h1: document.querySelector("main h1")?.innerText.trim() || "",
    noscript: document.querySelector("noscript") ? getComputedStyle(document.querySelector("main")).display : null,
    text: document.querySelector("main")?.innerText.length || 0,
  }));
  const issues = [...problems];
  if (!state.h1) issues.push("no visible main heading");
  if (state.text < 20) issues.push("main content is (nearly) empty");
  if (p.kind.endsWith("search")) {
    const msg = await page.locator("main").innerText();
    // In the edition's language: every translation names JavaScript.
    const notice = await page.locator("main .notice").count();
    if (!notice || !/JavaScript/.test(msg)) issues.push("search page does not say it needs JavaScript");
    await shot(page, `${site.name}-${p.kind.replaceAll("/", "-")}-nojs-360.png`);
  }
  check(`${label}: reads with JavaScript off`, issues);
  await page.close();
}

/// Run `checkPage` over `pages`, `JOBS` at a time (a page mostly waits on the browser),
/// reporting each page's results in the pages' order.
async function checkPages(site, origin, pages) {
  const results = pages.map(() => []);
  let next = 0;
  const worker = async () => {
    while (next < pages.length) {
      const i = next++;
      await checkPage(site, origin, pages[i], results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(JOBS, pages.length) }, worker));
  for (const list of results) for (const [name, problems] of list) check(name, problems);
}

for (const site of sites) {
  const origin = new URL(site.url).origin;
  const pages = pickPages(site);
  console.log(`${site.name}: ${site.url} (${pages.map((p) => p.kind).join(", ")})`);
  await checkPages(site, origin, pages);

  // ---- search in a script without spaces: in every edition, a two-character Chinese
  // or Japanese word (Han and Kana runs are indexed as overlapping pairs) finds the
  // briefing whose text holds it
  const index = searchIndex(site);
  for (const ed of editionsOf(site)) {
    const base = new URL(ed, site.url);
    const edIndex = ed ? searchIndex(site, ed) : index;
    const cjk = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2}$/u;
    const entry = edIndex.entries.find((e) => cjk.test(e[0]) && e[1].length);
    if (!entry) continue;
    const found = { r: edIndex.docs[entry[1][0]], word: entry[0] };
    const issues = [];
    const { page, problems } = await open(`${new URL("search/", base).href}?q=${encodeURIComponent(found.word)}`, MODES[1]);
    issues.push(...problems);
    try {
      await page.waitForSelector("#search-results a", { timeout: 5000 });
      const hrefs = await page.$$eval("#search-results a", (as) => as.map((a) => a.href));
      if (!hrefs.some((h) => decodeURI(h).endsWith(found.r.u))) issues.push(`results ${hrefs.join(", ")} miss ${found.r.u}`);
    } catch {
      issues.push(`no result for ${found.word}`);
    }
    check(`${site.name} ${ed || "/"} search: the two-character word ${found.word} finds “${found.r.t}”`, issues);
    await page.close();
  }

  // ---- search: a word from one briefing's body finds it, typed and from ?q=
  let target = null;
  for (const e of index.entries) {
    // A word in one briefing's body only (no title, tag or summary holds it).
    if (e[1].length !== 1 || e[2].length !== 0 || e[0].length < 6 || !/^\p{L}+$/u.test(e[0])) continue;
    const rec = index.docs[e[1][0]];
    if (!`${rec.t} ${rec.s} ${rec.g.join(" ")}`.toLowerCase().includes(e[0])) {
      target = { rec, word: e[0] };
      break;
    }
  }
  if (!target) {
    check(`${site.name} search: a body-only word exists to search for`, "no briefing has a word of its own in its body only");
  } else {
    const searchUrl = new URL("search/", site.url).href;
    const expected = new URL(target.rec.u, site.url).href;
    for (const how of ["typed", "query"]) {
      const { page, problems } = await open(how === "query" ? `${searchUrl}?q=${encodeURIComponent(target.word)}` : searchUrl, MODES[1]);
      const issues = [...problems];
      if (how === "typed") {
        await page.fill("#q", target.word);
        await page.press("#q", "Enter");
      }
      try {
        await page.waitForSelector("#search-results a", { timeout: 5000 });
        const hrefs = await page.$$eval("#search-results a", (as) => as.map((a) => a.href));
        if (!hrefs.includes(expected)) issues.push(`“${target.word}” found ${hrefs.join(", ")}, not ${expected}`);
        const status = await page.locator("#search-status").innerText();
        if (!/match/.test(status)) issues.push(`status line reads “${status}”`);
        if (how === "typed") {
          await shot(page, `${site.name}-search-results-1440.png`);
          const violations = await axe(page);
          recordAxe(violations);
          issues.push(
            ...violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => `axe ${v.impact} ${v.id}: ${v.help}`),
          );
        }
      } catch (e) {
        issues.push(`no results for “${target.word}”: ${e.message.split("\n")[0]}`);
      }
      check(`${site.name} search (${how}): “${target.word}” finds “${target.rec.t}”`, issues);
      await page.close();
    }
    // A word that is nowhere says so.
    const { page, problems } = await open(`${searchUrl}?q=qzxjvwk`, MODES[0]);
    const issues = [...problems];
    await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0).catch(() => {});
    const status = await page.locator("#search-status").innerText();
    if (!/No briefings match/.test(status)) issues.push(`status line reads “${status}”`);
    check(`${site.name} search: a word found nowhere says no briefing matches`, issues);
    await page.close();
    // Typing one letter does not search yet (its words are a large part of the index);
    // the second does.
    {
      const { page, problems } = await open(searchUrl, MODES[0]);
      const issues = [...problems];
      const data = [];
      page.on("request", (r) => { if (/\/search\/data\//.test(r.url())) data.push(r.url()); });
      await page.locator("#q").pressSequentially(target.word.slice(0, 1));
      await page.waitForTimeout(400);
      if (data.length) issues.push(`one letter fetched ${data.join(", ")}`);
      await page.locator("#q").pressSequentially(target.word.slice(1, 2));
      await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0, null, { timeout: 5000 }).catch(() => issues.push("two letters did not search"));
      check(`${site.name} search: typing waits for a second letter`, issues);
      await page.close();
    }
  }

  // ---- the sharded search finds and ranks what the one-file index did (for sites
  // built with `search_index_json: true`): the page's results against search.js as it
  // was, run here over /search-index.json
  if (existsSync(join(site.dir, "search-index.json"))) {
    const records = JSON.parse(readFileSync(join(site.dir, "search-index.json"), "utf8"));
    const queries = new Set(["宣言", "峰会", "北", "nato summit", "the", "a", "qzxjvwk"]);
    for (const r of records) {
      for (const w of oldWords(r.t).slice(0, 2)) {
        queries.add(w);
        queries.add(w.slice(0, 2));
      }
    }
    const { page, problems } = await open(new URL("search/", site.url).href, MODES[1]);
    const issues = [...problems];
    for (const q of [...queries].slice(0, 30)) {
      const want = oldSearch(records, q);
      await page.goto(`${new URL("search/", site.url).href}?q=${encodeURIComponent(q)}`);
      await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(`\u201c${q}\u201d`), q, { timeout: 5000 }).catch(() => {});
      const status = await page.locator("#search-status").innerText();
      const count = /^No briefings/.test(status) ? 0 : Number((/^(\d+) briefings? match/.exec(status) || [])[1]);
      const hrefs = await page.$$eval("#search-results a", (as) => as.map((a) => a.href));
      const wanted = want.urls.map((u) => new URL(u, site.url).href);
      if (count !== want.count || hrefs.join(" ") !== wanted.join(" ")) {
        issues.push(`“${q}”: ${count} found, ${hrefs.join(" ")}; the one file: ${want.count}, ${wanted.join(" ")}`);
      }
    }
    check(`${site.name} search: ${Math.min(queries.size, 30)} queries find what /search-index.json found`, issues);
    await page.close();
  }

  // ---- old URLs: a redirect page sends the browser on to the briefing's current URL
  const redirects = walk(site.dir).filter((rel) => redirectTarget(site, rel));
  for (const rel of redirects.slice(0, 2)) {
    const from = new URL(encodeURI(rel.replace(/index\.html$/, "")), site.url).href;
    const issues = [];
    const { page, problems } = await open(from, MODES[1]);
    issues.push(...problems);
    // The target is a link of the site (its base path included), so it stays on this server.
    const want = new URL(redirectTarget(site, rel), origin).href;
    try {
      await page.waitForURL(want, { timeout: 10_000 });
    } catch {
      issues.push(`ended on ${page.url()}, not ${want}`);
    }
    if (page.url() === want && !(await page.locator("h1").count())) issues.push("the new page has no heading");
    check(`${site.name} redirect: ${from} ends on ${want}`, issues);
    await page.close();
  }

  // ---- print: a briefing prints without navigation and with its sources' URLs
  const briefing = pages.find((p) => p.kind === "briefing");
  if (briefing) {
    const { page, problems } = await open(briefing.url, { width: 800, height: 1100, scheme: "light", media: "print" });
    const state = await page.evaluate(() => {
      const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.getClientRects().length > 0).length;
      return {
        nav: shown(".site-header, .site-footer, nav, .skip, .related, .prevnext"),
        urls: shown(".sources .src-url"),
        sources: document.querySelectorAll(".sources a[href]").length,
        h1: shown("h1"),
        bg: getComputedStyle(document.body).backgroundColor,
      };
    });
    const issues = [...problems];
    if (state.nav) issues.push(`${state.nav} navigation element(s) still print`);
    if (state.urls < state.sources) issues.push(`${state.urls} of ${state.sources} source URLs print`);
    if (!state.h1) issues.push("the title does not print");
    await shot(page, `${site.name}-briefing-print.png`);
    await page.emulateMedia({ media: "print", colorScheme: "dark" });
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (!/rgb\(255, 255, 255\)|rgba\(0, 0, 0, 0\)/.test(darkBg)) issues.push(`prints on ${darkBg} when the reader uses dark mode`);
    await page.pdf({ path: join(outDir, `${site.name}-briefing.pdf`), format: "A4", printBackground: false });
    check(`${site.name} print: a briefing prints without navigation, with source URLs`, issues);
    await page.close();
  }

  // ---- one small stylesheet
  const css = statSync(join(site.dir, "style.css")).size;
  check(`${site.name}: style.css is under 15 KB (${css} of ${CSS_LIMIT} bytes)`, css >= CSS_LIMIT ? `${css} bytes` : null);
}

// ---- the README's screenshots
if (docsDir && sites.length) {
  mkdirSync(docsDir, { recursive: true });
  const site = sites[0];
  const home = await open(site.url, MODES[1]);
  await home.page.screenshot({ path: join(docsDir, "screenshot.png") });
  await home.page.close();
  const b = pickPages(site).find((p) => p.kind === "briefing");
  const brief = await open(b.url, { ...MODES[0], height: 800 });
  await brief.page.screenshot({ path: join(docsDir, "screenshot-briefing-360.png") });
  await brief.page.close();
  console.log(`README screenshots written to ${docsDir}`);
}

await context.close();
rmSync(userDataDir, { recursive: true, force: true });

if (axeSummary.size) {
  console.log("axe-core violations seen (impact rule: pages×modes):");
  for (const [k, n] of [...axeSummary].sort()) console.log(`  ${k}: ${n}`);
} else {
  console.log("axe-core: no violations of any impact");
}
for (const w of warnings.slice(0, 20)) console.log(`  warning: ${w}`);
console.log(`run.mjs: ${passed} checks passed, ${failures.length} failed; screenshots in ${outDir}`);
if (resultFile) writeFileSync(resultFile, JSON.stringify({ passed, failed: failures.length }));
process.exit(failures.length ? 1 : 0);
