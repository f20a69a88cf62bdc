/* kit.present.explore in a briefing: filters, search, sort, CSV download, citations and the
   URL hash, over the figures embedded in the fragment (no kernel, no network).

   The fragment carries every figure twice: as a static table (what shows without JavaScript
   and in print) and as JSON in the fragment's script element of class kx-config (columns of
   raw values, gzip+base64 when large). This script hides the static table and draws the rows
   the filters and search leave, a page at a time, from the JSON. The "All" chart is a PNG; the
   variant map says which chart every other combination shows: a spec that chart.js draws as
   SVG (kit.present.variants), or, for a chart function with no spec, a pre-rendered SVG.
   All document text is inserted as text (esc), never as markup. */
var kitExplore = window.kitExplore || (function () {
  "use strict";
  var PAGE = 25;  /* rows drawn at once; scrolling to the end of the box draws the next */
  var TALL = 15;  /* from this many figures the table's box has a fixed height */

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function decode(payload) {
    if (payload.rows) { return Promise.resolve(payload.rows); }
    var bin = atob(payload.gzip), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  /* A spreadsheet cell, by kit.run.output's one rule handed over as data (cfg.neutralise):
     text starting with one of rule.starts gets rule.prefix in front, unless the whole cell is
     a plain number ("-6.32"). */
  function csvCell(v, rule) {
    if (v === null || v === undefined) { return ""; }
    if (typeof v === "number") { return String(v); }
    var s = String(v);
    if (s.length && rule.starts.indexOf(s.charAt(0)) >= 0 &&
        !("+-".indexOf(s.charAt(0)) >= 0 && new RegExp("^(?:" + rule.number + ")$").test(s))) {
      s = rule.prefix + s;
    }
    if (/[",\r\n]/.test(s)) { s = '"' + s.replace(/"/g, '""') + '"'; }
    return s;
  }

  /* kit/present/excerpt.py's rule, step for step, with its numbers handed over as data
     (cfg.excerpt: side, snap, numerals). Lengths count characters (code points), as Python's. */
  function reEscape(s) { return s.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&"); }

  function locate(sentence, surface, rule) {
    if (typeof surface !== "string" || !surface) { return -1; }
    var numeral = new RegExp("^[" + rule.numerals + "]");
    var head = numeral.test(surface) ? "(?<![" + rule.numerals + "])(?<![0-9][.,])" : "";
    var tail = numeral.test(surface.slice(-1)) ?
      "(?![" + rule.numerals + "])(?![.,][0-9])" : "";
    var alone = new RegExp(head + reEscape(surface) + tail).exec(sentence);
    return alone ? alone.index : sentence.indexOf(surface);
  }

  function cutBefore(chars, side, snap) {
    if (chars.length <= side) { return chars.join(""); }
    var kept = chars.slice(chars.length - side);
    if (chars[chars.length - side - 1] !== " " && kept[0] !== " ") {  /* inside a word */
      var space = kept.indexOf(" ");
      if (space >= 0 && space < snap) { kept = kept.slice(space + 1); }
    }
    return "…" + kept.join("").replace(/^ +/, "");
  }

  function cutAfter(chars, side, snap) {
    if (chars.length <= side) { return chars.join(""); }
    var kept = chars.slice(0, side);
    if (chars[side] !== " " && kept[kept.length - 1] !== " ") {  /* inside a word */
      var space = kept.lastIndexOf(" ");
      if (space >= 0 && space > side - snap) { kept = kept.slice(0, space); }
    }
    return kept.join("").replace(/ +$/, "") + "…";
  }

  function excerpt(sentence, surface, side, rule) {
    var at = locate(sentence, surface, rule), chars = Array.from(sentence);
    if (at < 0) { return { before: cutAfter(chars, 2 * side, rule.snap), mark: "", after: "" }; }
    var start = Array.from(sentence.slice(0, at)).length, size = Array.from(surface).length;
    return {
      before: cutBefore(chars.slice(0, start), side, rule.snap),
      mark: surface,
      after: cutAfter(chars.slice(start + size), side, rule.snap)
    };
  }

  /* ---- one fragment's view: its elements, its state, the rows the filters leave ---- */

  function makeView(root) {
    var q = function (sel) { return root.querySelector(sel); };
    return {
      root: root, id: root.id, cfg: JSON.parse(q("script.kx-config").textContent),
      selects: Array.prototype.slice.call(root.querySelectorAll("select.kx-select")),
      search: q("input.kx-search"), allImg: q(".kx-all"), variantImg: q(".kx-variant"),
      note: q(".kx-note"), nodata: q(".kx-nodata"), count: q(".kx-count"), live: q(".kx-live"),
      pager: q(".kx-pager"), citebox: q(".kx-citebox"),
      state: { sort: null, desc: false, q: "" },
      charts: null, urls: {}, decoded: {}, pending: [],
      data: null, n: 0, order: null, hay: null, result: [], drawn: 0, hashTimer: null
    };
  }

  function col(v, key) { return v.data.cols[key]; }

  function sentenceOf(v, i) {
    var s = col(v, "sentence");
    return s ? (s[i] === null ? null : v.data.sentences[s[i]]) : null;
  }

  function raw(v, key, i) { return key === "sentence" ? sentenceOf(v, i) : col(v, key)[i]; }

  /* ---- table rows: the marks and cells kit/present/rows.py writes for the static table ---- */

  function cellHtml(v, key, i) {
    var cfg = v.cfg, value = raw(v, key, i), flags = v.data.flags[i];
    if (key === "value") {
      /* kit.present.fmt said it ("over 40,000", "−6.32%"): one number formatter */
      var text = value === null ? "" : col(v, "shown")[i];
      if (flags & 1) {
        var note = col(v, "note") && col(v, "note")[i];
        var tip = note ? ' title="' + esc(note) + '"' : "";
        return '<td class="kx-num kx-value"><span' + tip + ">" + cfg.repaired_mark + " " +
          esc(text) + "</span></td>";
      }
      return '<td class="kx-num kx-value">' + esc(text) + "</td>";
    }
    if (key === "confidence") {
      var flag = flags & 2 ? '<span class="kx-check">' + esc(cfg.check_source) + "</span>" : "";
      return '<td class="kx-num">' + (value === null ? "" : esc(value.toFixed(2))) + flag + "</td>";
    }
    if (value === null || value === undefined) { return "<td></td>"; }
    if (key === "repaired") { return "<td>" + cfg.repaired_mark + " " + esc(value) + "</td>"; }
    if (key === "sentence") { return sentenceCell(v, i, false); }
    if (key === "year" || key === "start" || key === "end") {
      return '<td class="kx-num">' + esc(value) + "</td>";
    }
    return (key === "counted" ? '<td class="kx-counted">' : "<td>") + esc(value) + "</td>";
  }

  function sentenceCell(v, i, open) {
    var s = sentenceOf(v, i), surface = col(v, "text") ? col(v, "text")[i] : null;
    var ex = excerpt(s, surface, open ? 1e9 : v.cfg.excerpt.side, v.cfg.excerpt);
    var inner = esc(ex.before) + (ex.mark ? "<mark>" + esc(ex.mark) + "</mark>" : "") +
      esc(ex.after);
    if (ex.before + ex.mark + ex.after === s && !open) {
      return '<td class="kx-sentence">' + inner + "</td>";
    }
    var toggle = open ? " (less)" : " (more)";
    return '<td class="kx-sentence kx-more" data-i="' + i + '"' +
      (open ? ' data-open="1"' : "") + ' title="Click to ' +
      (open ? "shorten" : "read the whole sentence") + '">' + inner +
      '<span class="kx-toggle">' + toggle + "</span></td>";
  }

  function rowHtml(v, i) {
    var flags = v.data.flags[i];
    var cls = "kx-row" + (flags & 1 ? " kx-repaired" : "") + (flags & 2 ? " kx-low" : "");
    var cells = v.cfg.columns.map(function (c) { return cellHtml(v, c[0], i); }).join("");
    return '<tr class="' + cls + '" data-i="' + i + '">' + cells +
      '<td><button type="button" class="kx-cite" data-i="' + i +
      '" title="Copy a citation of this figure">Cite</button></td></tr>';
  }

  function headHtml(v) {
    var state = v.state;
    return "<tr>" + v.cfg.columns.map(function (c) {
      var sort = state.sort === c[0] ? (state.desc ? "descending" : "ascending") : "none";
      return '<th aria-sort="' + sort + '"><button type="button" data-sort="' + esc(c[0]) +
        '" title="Sort by ' + esc(c[1]) + '">' + esc(c[1]) + "</button></th>";
    }).join("") + "<th>Cite</th></tr>";
  }

  /* ---- citations and the CSV download ---- */

  /* kit.present.citation wrote each figure's citation (one rule, shared with JupyterLab) */
  function citation(v, i) {
    var cite = col(v, "cite") ? col(v, "cite")[i] : null;
    return (cite || raw(v, "doc_id", i) || "") + " (figure read by kit " + v.cfg.version + ")";
  }

  function copy(v, text) {
    var area = v.citebox.querySelector("textarea");
    var status = v.citebox.querySelector(".kx-status");
    v.citebox.hidden = false;
    area.value = text;
    function done(ok) { status.textContent = ok ? "Copied." : "Select the text and copy it."; }
    function byHand() { area.select(); done(document.execCommand && document.execCommand("copy")); }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, byHand);
    } else {
      byHand();
    }
  }

  function download(v) {
    var keys = v.cfg.csv, rule = v.cfg.neutralise;
    var lines = [keys.map(function (k) { return csvCell(k, rule); }).join(",")];
    for (var r = 0; r < v.result.length; r++) {
      var i = v.result[r];
      lines.push(keys.map(function (k) { return csvCell(raw(v, k, i), rule); }).join(","));
    }
    var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"],
      { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = v.cfg.file + ".csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  /* ---- sorting, filtering, searching ---- */

  function sortOrder(v) {
    var n = v.n, idx = new Array(n);
    for (var i = 0; i < n; i++) { idx[i] = i; }
    if (!v.state.sort) { return idx; }
    var key = v.state.sort, sign = v.state.desc ? -1 : 1;
    var vals = idx.map(function (j) { var x = raw(v, key, j); return x === undefined ? null : x; });
    idx.sort(function (a, b) {
      var x = vals[a], y = vals[b];
      if (x === y) { return a - b; }
      if (x === null) { return 1; }
      if (y === null) { return -1; }
      return (x < y ? -1 : 1) * sign;
    });
    return idx;
  }

  function chosenIndex(v) { return v.selects.map(function (s) { return s.selectedIndex; }); }

  /* every row's searchable text, lower-cased once */
  function haystack(v) {
    var keys = v.cfg.columns.map(function (c) { return c[0]; }).concat(v.cfg.search_extra);
    var hay = new Array(v.n);
    for (var i = 0; i < v.n; i++) {
      var parts = [];
      for (var k = 0; k < keys.length; k++) {
        var x = v.data.cols[keys[k]] || keys[k] === "sentence" ? raw(v, keys[k], i) : null;
        if (x !== null && x !== undefined) { parts.push(x); }
      }
      hay[i] = parts.join(" \u0001 ").toLowerCase();
    }
    return hay;
  }

  function filter(v) {
    var sel = chosenIndex(v), active = [], i;
    for (i = 0; i < v.selects.length; i++) {
      if (sel[i] > 0) { active.push([v.data.codes[v.cfg.filters[i][0]], sel[i]]); }
    }
    var q = v.state.q, out = [];
    for (var r = 0; r < v.n; r++) {
      var j = v.order[r], ok = true;
      for (i = 0; i < active.length && ok; i++) { ok = active[i][0][j] === active[i][1]; }
      if (ok && q) { ok = v.hay[j].indexOf(q) >= 0; }
      if (ok) { out.push(j); }
    }
    v.result = out;
    chart(v, sel, out.length);
  }

  /* ---- charts: the picture each filter combination shows ---- */

  function svgUrl(v, variant) {
    if (!v.urls[variant]) {
      v.urls[variant] = "data:image/svg+xml;charset=utf-8," +
        encodeURIComponent(v.charts.svg[variant]);
    }
    return v.urls[variant];
  }

  /* In idle time, decode the charts one more choice can show (each select's every option,
     the others as they are): the browser keeps them, and the next change draws at once. */
  function prefetch(v, sel) {
    v.pending = [];
    for (var i = 0; i < sel.length; i++) {
      for (var k = 0; k < v.selects[i].options.length; k++) {
        var key = sel.slice(); key[i] = k;
        var variant = v.cfg.variants[key.join(",")];
        if (variant > 0 && !v.decoded[variant] && v.pending.indexOf(variant) < 0) {
          v.pending.push(variant);
        }
      }
    }
    idle(function () { nextPrefetch(v); });
  }

  function nextPrefetch(v) {
    var variant = v.pending.shift();
    if (variant === undefined) { return; }
    var img = new Image();
    v.decoded[variant] = img;  /* kept: an image nobody holds may be dropped from the cache */
    img.src = svgUrl(v, variant);
    (img.decode ? img.decode() : Promise.resolve()).catch(function () {}).then(function () {
      idle(function () { nextPrefetch(v); });
    });
  }

  function idle(fn) {
    if (window.requestIdleCallback) { requestIdleCallback(fn, { timeout: 2000 }); }
    else { setTimeout(fn, 50); }
  }

  function chart(v, sel, shown) {
    var cfg = v.cfg, chosen = [], i;
    for (i = 0; i < sel.length; i++) { if (sel[i] > 0) { chosen.push(i); } }
    var variant = cfg.variants[sel.join(",")], message = "";
    var empty = cfg.complete ? variant === undefined : shown === 0;
    if (empty) { variant = -1; }
    if (variant === undefined) {
      variant = 0;
      for (i = 0; i < chosen.length; i++) {
        var one = sel.map(function (_, k) { return k === chosen[i] ? sel[k] : 0; });
        var found = cfg.variants[one.join(",")];
        if (found !== undefined) {
          var s2 = v.selects[chosen[i]];
          variant = found;
          message = "Chart shows " + s2.getAttribute("data-label") + " = " +
            s2.options[s2.selectedIndex].text + " only; the table applies every filter.";
          break;
        }
      }
      if (variant === 0) {
        message = "No chart was pre-rendered for this choice; the chart shows all figures, " +
          "the table applies every filter.";
      }
    }
    if (v.state.q && !empty && !message) {
      message = "The chart applies the filters; the search narrows the table only.";
    }
    v.allImg.hidden = variant !== 0 || empty;
    if (v.variantImg) {
      v.variantImg.hidden = variant <= 0 || empty;
      if (variant > 0 && v.variantImg.getAttribute("data-variant") !== String(variant)) {
        if (v.charts.spec) {
          var family = getComputedStyle(v.root).fontFamily;
          v.variantImg.replaceChildren(kitChart(v.charts.spec[variant], v.charts.alt[variant],
            v.cfg.chart_width, family));
          kitChart.fit(v.variantImg.firstChild);
        } else {
          v.variantImg.src = svgUrl(v, variant);
          v.variantImg.alt = v.charts.alt[variant];
        }
        v.variantImg.setAttribute("data-variant", String(variant));
      }
    }
    v.note.textContent = message;
    v.nodata.hidden = !empty;
  }

  /* ---- drawing the table, a box of rows at a time ---- */

  function draw(v) {
    var shown = v.result.slice(0, PAGE);  /* more() adds the rest */
    var body = shown.length ? shown.map(function (i) { return rowHtml(v, i); }).join("") :
      '<tr><td class="kx-empty" colspan="' + (v.cfg.columns.length + 1) + '">' +
      esc(v.cfg.no_match) + "</td></tr>";
    v.live.innerHTML = '<div class="kx-table-wrap"><table class="kx-table"><thead>' +
      headHtml(v) + "</thead><tbody>" + body + "</tbody></table></div>";
    v.drawn = shown.length;
    v.live.firstChild.addEventListener("scroll", function (ev) { nearEnd(v, ev); },
      { passive: true });
    v.count.textContent = v.result.length.toLocaleString("en-US") + " of " +
      v.n.toLocaleString("en-US") + " figures";
    drawPager(v);
  }

  function drawPager(v) {
    var total = v.result.length, rest = total - v.drawn;
    if (rest <= 0) {
      v.pager.textContent = total > PAGE ? "Showing all " + total.toLocaleString("en-US") +
        " rows." : "";
      return;
    }
    v.pager.innerHTML = "Showing " + v.drawn.toLocaleString("en-US") + " of " +
      total.toLocaleString("en-US") + " rows (scroll the table for more). " +
      '<button type="button" data-more="' + PAGE * 5 + '">Show ' + Math.min(rest, PAGE * 5) +
      ' more</button> <button type="button" data-more="all">Show all</button>';
  }

  /* Rows past those drawn are added to the table's end, never by redrawing it. */
  function more(v, rows) {
    var upto = Math.min(v.result.length, v.drawn + rows);
    if (upto <= v.drawn) { return; }
    v.live.querySelector("tbody").insertAdjacentHTML("beforeend",
      v.result.slice(v.drawn, upto).map(function (i) { return rowHtml(v, i); }).join(""));
    v.drawn = upto;
    drawPager(v);
  }

  function nearEnd(v, ev) {
    var box = ev.currentTarget;
    if (v.drawn < v.result.length &&
        box.scrollTop + box.clientHeight > box.scrollHeight - 300) {
      more(v, PAGE);
    }
  }

  /* ---- the address bar's hash: a shared link opens the same view ---- */

  function writeHash(v) {
    var params = new URLSearchParams(location.hash.slice(1)), prefix = v.id + ".";
    Array.from(params.keys()).forEach(function (k) {
      if (k.indexOf(prefix) === 0) { params.delete(k); }
    });
    v.selects.forEach(function (s) {
      if (s.selectedIndex > 0) { params.set(prefix + s.getAttribute("data-filter"), s.value); }
    });
    if (v.state.q) { params.set(prefix + "q", v.search.value); }
    if (v.state.sort) { params.set(prefix + "sort", (v.state.desc ? "-" : "") + v.state.sort); }
    var text = params.toString();
    history.replaceState(history.state, "",
      text ? "#" + text : location.pathname + location.search);
  }

  function readHash(v) {
    var params = new URLSearchParams(location.hash.slice(1)), prefix = v.id + ".";
    v.selects.forEach(function (s) {
      var want = params.get(prefix + s.getAttribute("data-filter"));
      s.selectedIndex = 0;
      if (want !== null) {
        for (var k = 1; k < s.options.length; k++) {
          if (s.options[k].value === want) { s.selectedIndex = k; }
        }
      }
    });
    v.search.value = params.get(prefix + "q") || "";
    v.state.q = v.search.value.trim().toLowerCase();
    var sort = params.get(prefix + "sort") || "";
    var key = sort.replace(/^-/, "");
    var known = v.cfg.columns.some(function (c) { return c[0] === key; });
    v.state.sort = known ? key : null;
    v.state.desc = known && sort.charAt(0) === "-";
  }

  /* ---- one change: filter, draw, then (after the frame is painted) the hash ---- */

  function update(v, hash) {
    var t0 = performance.now();
    filter(v);
    draw(v);
    v.root.kxLastUpdate = performance.now() - t0;  /* read by bench/briefing_filter.py */
    if (v.charts.svg && v.charts.svg.length > 1) { prefetch(v, chosenIndex(v)); }
    v.root.kxUpdates = (v.root.kxUpdates || 0) + 1;
    /* after the frame is painted: history.replaceState costs ~10 ms on a large page */
    if (hash !== false) {
      cancelAnimationFrame(v.hashTimer);
      v.hashTimer = requestAnimationFrame(function () {
        setTimeout(function () { writeHash(v); }, 0);
      });
    }
  }

  function onTableClick(v, ev) {
    var t = ev.target.closest("button, td.kx-more");
    if (!t) { return; }
    if (t.hasAttribute("data-sort")) {
      var key = t.getAttribute("data-sort"), state = v.state;
      if (state.sort !== key) { state.sort = key; state.desc = false; }
      else if (!state.desc) { state.desc = true; }
      else { state.sort = null; state.desc = false; }
      v.order = sortOrder(v);
      update(v);
    } else if (t.classList.contains("kx-cite")) {
      copy(v, citation(v, Number(t.getAttribute("data-i"))));
    } else if (t.classList.contains("kx-more")) {
      var i = Number(t.getAttribute("data-i"));
      t.outerHTML = sentenceCell(v, i, !t.hasAttribute("data-open"));
    }
  }

  function listen(v) {
    v.selects.forEach(function (s) { s.addEventListener("change", function () { update(v); }); });
    var timer = null;
    v.search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        v.state.q = v.search.value.trim().toLowerCase();
        update(v);
      }, 120);
    });
    v.root.querySelector(".kx-download").addEventListener("click", function () { download(v); });
    v.live.addEventListener("click", function (ev) { onTableClick(v, ev); });
    v.pager.addEventListener("click", function (ev) {
      var want = ev.target.getAttribute && ev.target.getAttribute("data-more");
      if (want) { more(v, want === "all" ? v.result.length : Number(want)); }
    });
    window.addEventListener("hashchange", function () {
      readHash(v); v.order = sortOrder(v); update(v, false);
    });
  }

  /* the figures decoded: hide the static table, show the live one */
  function start(v, decoded) {
    v.data = decoded[0];
    v.charts = decoded[1];
    v.n = v.cfg.n;
    v.hay = haystack(v);
    readHash(v);
    v.order = sortOrder(v);
    v.root.querySelector(".kx-static").hidden = true;
    v.root.querySelector(".kx-nojs").hidden = true;
    v.root.querySelector(".kx-filters").hidden = false;
    v.live.hidden = false;
    if (v.n >= TALL) { v.live.classList.add("kx-tall"); }
    update(v, false);
    listen(v);
    v.root.setAttribute("data-loaded", "1");
  }

  function fail(root, err) {
    root.classList.remove("kx-js");
    root.querySelector(".kx-nojs").textContent = "This browser could not read the embedded " +
      "figures (" + err + "); every figure is listed below.";
  }

  function init(root) {
    if (!root || root.getAttribute("data-ready")) { return; }
    root.setAttribute("data-ready", "1");
    var v = makeView(root);
    Promise.all([decode(v.cfg.data), decode(v.cfg.charts)]).then(
      function (decoded) { start(v, decoded); },
      function (err) { fail(root, err); }
    );
  }

  init.rules = { excerpt: excerpt, csvCell: csvCell };  /* the shared rules, for their tests */
  return init;
})();
window.kitExplore = kitExplore;
