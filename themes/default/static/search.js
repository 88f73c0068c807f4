// brief search: loads /search-index.json once and ranks briefings by the words typed.
// No framework, no network beyond the index file of this site.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  var index = null;
  var loading = null;

  // Han and Kana runs become overlapping two-character pieces, as in the index.
  var CJK = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2fa1f}]+/gu;
  function words(s) {
    var out = [];
    s.toLowerCase().split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
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

  function load() {
    if (!loading) {
      loading = fetch(input.getAttribute("data-index"))
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          index = data.map(function (d) {
            return { d: d, title: words(d.t), tags: words(d.g.join(" ")), summary: words(d.s), body: d.w.split(" ") };
          });
        });
    }
    return loading;
  }

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
      if (s === 0) return 0; // every word must match somewhere
      total += s;
    }
    return total;
  }

  function esc(w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Text with the searched words (as word starts) marked; built as DOM nodes, never HTML.
  function marked(text, terms) {
    var frag = document.createDocumentFragment();
    var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + terms.map(esc).join("|") + ")", "giu");
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

  function render(results, query, terms) {
    list.textContent = "";
    results.slice(0, 50).forEach(function (r) {
      var li = el("li", "item");
      var art = el("article");
      var h = el("h2", "item-title");
      var a = el("a");
      a.href = r.d.u;
      a.appendChild(marked(r.d.t, terms));
      h.appendChild(a);
      var meta = el("p", "meta");
      var t = el("time");
      t.dateTime = r.d.d;
      t.textContent = show(r.d.d);
      meta.appendChild(t);
      art.appendChild(h);
      art.appendChild(meta);
      if (r.d.s) {
        var sum = el("div", "summary");
        var p = el("p");
        p.appendChild(marked(r.d.s, terms));
        sum.appendChild(p);
        art.appendChild(sum);
      }
      if (r.d.g.length) {
        var tags = el("p", "tagline");
        tags.textContent = r.d.g.join(" · ");
        art.appendChild(tags);
      }
      li.appendChild(art);
      list.appendChild(li);
    });
    status.textContent = results.length === 0
      ? "No briefings match \u201c" + query + "\u201d."
      : results.length + (results.length === 1 ? " briefing matches \u201c" : " briefings match \u201c") + query + "\u201d" + (results.length > 50 ? "; showing the first 50." : ".");
  }

  function run() {
    var query = input.value.trim();
    var terms = words(query);
    if (terms.length === 0) { list.textContent = ""; status.textContent = ""; return; }
    load().then(function () {
      var results = [];
      for (var i = 0; i < index.length; i++) {
        var s = score(index[i], terms);
        if (s > 0) results.push({ d: index[i].d, s: s, i: i });
      }
      results.sort(function (a, b) { return b.s - a.s || a.i - b.i; });
      render(results, query, terms);
    }).catch(function () { status.textContent = "The search index could not be loaded."; });
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  input.form.addEventListener("submit", function (e) { e.preventDefault(); run(); history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
