// brief search: reads the site's sharded index, a piece at a time. The manifest (named
// by the input's data-index) says where each word shard begins; a query fetches only
// the shards holding its words, ranks every briefing they name, then fetches the
// document blocks of the results it shows. No framework, no server beyond static files.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  var SHOWN = 50;
  var base = new URL(input.getAttribute("data-index"), location.href);
  var manifest = null;
  var files = {};

  // The messages in the page's language: the page gives every plural form of each
  // (data-strings, from the theme's i18n files) and the browser's CLDR rules pick one.
  // English stands in for a page (an older or custom template) that gives none.
  var MESSAGES = {
    no_match: { other: "No briefings match \u201c{query}\u201d." },
    matches: { one: "{n} briefing matches \u201c{query}\u201d.", other: "{n} briefings match \u201c{query}\u201d." },
    matches_first: { one: "{n} briefing matches \u201c{query}\u201d; showing the first {shown}.", other: "{n} briefings match \u201c{query}\u201d; showing the first {shown}." },
    load_failed: { other: "The search index could not be loaded." }
  };
  try {
    var given = JSON.parse(status.getAttribute("data-strings") || "{}");
    Object.keys(given).forEach(function (k) { if (given[k] && given[k].other !== undefined) MESSAGES[k] = given[k]; });
  } catch (e) { /* keep English */ }
  var PLURAL = null;
  try { PLURAL = new Intl.PluralRules(document.documentElement.lang || undefined); } catch (e) { /* only `other` */ }
  function message(key, values) {
    var forms = MESSAGES[key];
    var cat = PLURAL && values.n !== undefined ? PLURAL.select(values.n) : "other";
    var text = forms[cat] !== undefined ? forms[cat] : forms.other;
    return text.replace(/\{([A-Za-z0-9_]+)\}/g, function (all, name) {
      return values[name] !== undefined ? String(values[name]) : all;
    });
  }

  // Words are letters with their marks (a vowel sign, a virama, Arabic vowel points)
  // and numbers, a dot between two numbers inside (a version: 2.5.0); Han and Kana runs
  // become overlapping two-character pieces, as in the index.
  var CJK = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2fa1f}]+/gu;
  var HAN = new RegExp(CJK.source, "u");
  function words(s) {
    var out = [];
    s.toLowerCase().split(/(?:[^\p{L}\p{M}\p{N}.]|(?<!\p{N})\.|\.(?!\p{N}))+/u).forEach(function (w) {
      if (!w) return;
      var at = 0;
      w.replace(CJK, function (run, i) {
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

  function json(url, opts) {
    return fetch(url, opts).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  // The manifest is asked for again on each page load (a rebuilt site has new shards);
  // every other file carries the manifest's version, so a cached one is never stale.
  // A failed fetch is forgotten, so the next search asks again.
  function loadManifest() {
    if (!manifest) manifest = json(base.href, { cache: "no-cache" }).catch(function (e) { manifest = null; throw e; });
    return manifest;
  }

  function file(m, pattern, k) {
    var url = new URL(pattern.replace("{}", k), base);
    url.search = "v=" + m.version;
    var key = url.href;
    if (!files[key]) files[key] = json(key).catch(function (e) { delete files[key]; throw e; });
    return files[key];
  }

  // The first index in the sorted array `a` whose key (by `key`) is not below `x`.
  function lowerBound(a, x, key) {
    var lo = 0, hi = a.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (key(a[mid]) < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // The shards that may hold words starting with `term`: the one whose range holds
  // `term`, and every later one whose first word starts with it.
  function shardsFor(m, term) {
    var keys = m.keys, out = [];
    if (!keys.length) return out;
    var i = lowerBound(keys, term, function (k) { return k; });
    if (i === keys.length || keys[i] !== term) i -= 1;
    out.push(Math.max(i, 0));
    for (var j = i + 1; j < keys.length && keys[j].startsWith(term); j++) out.push(j);
    return out;
  }

  // Each briefing's score for one term: every word starting with it counts (2 when it
  // is the term itself, 1 otherwise), times its weight in the title, tags and summary
  // (8, 5, 3 an occurrence), plus its body words, at most 2.
  function scoresFor(m, term) {
    return Promise.all(shardsFor(m, term).map(function (k) { return file(m, m.words, k); })).then(function (shards) {
      var fields = new Int32Array(m.docs), body = new Uint8Array(m.docs);
      shards.forEach(function (entries) {
        for (var x = lowerBound(entries, term, function (e) { return e[0]; }); x < entries.length && entries[x][0].startsWith(term); x++) {
          var e = entries[x], mult = e[0] === term ? 2 : 1, id = 0, k;
          for (k = 0; k < e[1].length; k++) {
            id += e[1][k];
            body[id] = Math.min(body[id] + mult, 2);
          }
          id = 0;
          for (k = 0; k < e[2].length; k += 2) {
            id += e[2][k];
            fields[id] += mult * e[2][k + 1];
          }
        }
      });
      for (var i = 0; i < m.docs; i++) fields[i] += body[i];
      return fields;
    });
  }

  function esc(w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Text with the searched words (as word starts) marked; built as DOM nodes, never HTML.
  function marked(text, terms) {
    var frag = document.createDocumentFragment();
    var re = new RegExp("(^|[^\\p{L}\\p{M}\\p{N}])(" + terms.map(esc).join("|") + ")", "giu");
    var at = 0, m;
    while ((m = re.exec(text)) !== null) {
      var start = m.index + m[1].length;
      frag.appendChild(document.createTextNode(text.slice(at, start)));
      var mk = document.createElement("mark");
      mk.textContent = m[2];
      frag.appendChild(mk);
      at = start + m[2].length;
      if (m[0].length === 0) re.lastIndex++;
    }
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  // "2024-07-12" as the pages show dates: the long date of the page's language.
  var LONG = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  function show(d) {
    var p = d.split("-");
    return p.length === 3 ? LONG.format(Date.UTC(+p[0], +p[1] - 1, +p[2])) : d;
  }

  function el(tag, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    return e;
  }

  function render(docs, count, query, terms) {
    list.textContent = "";
    docs.forEach(function (d) {
      var li = el("li", "item");
      var art = el("article");
      var h = el("h2", "item-title");
      var a = el("a");
      a.href = d.u;
      a.appendChild(marked(d.t, terms));
      h.appendChild(a);
      var meta = el("p", "meta");
      var t = el("time");
      t.dateTime = d.d;
      t.textContent = show(d.d);
      meta.appendChild(t);
      art.appendChild(h);
      art.appendChild(meta);
      if (d.s) {
        var sum = el("div", "summary");
        var p = el("p");
        p.appendChild(marked(d.s, terms));
        sum.appendChild(p);
        art.appendChild(sum);
      }
      if (d.g.length) {
        var tags = el("p", "tagline");
        tags.textContent = d.g.join(" · ");
        art.appendChild(tags);
      }
      li.appendChild(art);
      list.appendChild(li);
    });
    status.textContent = count === 0
      ? message("no_match", { query: query })
      : message(count > SHOWN ? "matches_first" : "matches", { n: count, query: query, shown: SHOWN });
  }

  var latest = 0;
  function run(typed) {
    var query = input.value.trim();
    var terms = words(query);
    var mine = ++latest;
    // While typing, one letter is not a search yet: its words are a large part of the
    // index. Enter (or ?q=) searches whatever is there.
    if (terms.length === 0 || (typed && Array.from(query).length < 2 && !HAN.test(query))) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    loadManifest().then(function (m) {
      var unique = terms.filter(function (t, k) { return terms.indexOf(t) === k; });
      return Promise.all(unique.map(function (t) { return scoresFor(m, t); })).then(function (scores) {
        var per = terms.map(function (t) { return scores[unique.indexOf(t)]; });
        var results = [];
        for (var i = 0; i < m.docs; i++) {
          var total = 0;
          for (var k = 0; k < per.length; k++) {
            var s = per[k][i];
            if (s === 0) { total = 0; break; } // every word must match somewhere
            total += s;
          }
          if (total > 0) results.push({ i: i, s: total });
        }
        // Highest score first; among equals the newest (the highest number).
        results.sort(function (a, b) { return b.s - a.s || b.i - a.i; });
        var top = results.slice(0, SHOWN);
        return Promise.all(top.map(function (r) { return file(m, m.blocks, Math.floor(r.i / m.block)); })).then(function (blocks) {
          if (mine !== latest) return;
          render(top.map(function (r, k) { return blocks[k][r.i % m.block]; }), results.length, query, terms);
        });
      });
    }).catch(function () {
      if (mine === latest) status.textContent = message("load_failed", {});
    });
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(true); }, 120); });
  input.form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(false); history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(false); }
})();
