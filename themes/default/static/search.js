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

  function words(s) {
    return s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
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

  function render(results, query) {
    list.textContent = "";
    results.slice(0, 50).forEach(function (r) {
      var li = document.createElement("li");
      li.className = "item";
      var h = document.createElement("h2");
      h.className = "item-title";
      var a = document.createElement("a");
      a.href = r.d.u;
      a.textContent = r.d.t;
      h.appendChild(a);
      var meta = document.createElement("p");
      meta.className = "meta";
      var t = document.createElement("time");
      t.dateTime = r.d.d;
      t.textContent = r.d.d;
      meta.appendChild(t);
      var p = document.createElement("p");
      p.textContent = r.d.s;
      li.appendChild(h);
      li.appendChild(meta);
      if (r.d.s) li.appendChild(p);
      list.appendChild(li);
    });
    status.textContent = results.length === 0
      ? "No briefings match \u201c" + query + "\u201d."
      : results.length + " briefing" + (results.length === 1 ? "" : "s") + " match \u201c" + query + "\u201d" + (results.length > 50 ? "; showing the first 50." : ".");
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
      render(results, query);
    }).catch(function () { status.textContent = "The search index could not be loaded."; });
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  input.form.addEventListener("submit", function (e) { e.preventDefault(); run(); history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
