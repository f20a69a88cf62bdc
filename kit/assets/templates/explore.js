/* kit.present.explore in a briefing: filters, search, sort, CSV download, citations and the
   URL hash, over the figures embedded in the fragment (no kernel, no network).

   The fragment carries every figure twice: as a static table (what shows without JavaScript
   and in print) and as JSON in the fragment's script element of class kx-config (columns of
   raw values, gzip+base64 when large). This script hides the static table and draws the rows
   the filters and search leave, a page at a time, from the JSON. Charts are pre-rendered PNGs,
   one per distinct filter combination; the variant map says which one a combination shows.
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

  function fmtNumber(v) {
    if (Number.isInteger(v)) { return v.toLocaleString("en-US"); }
    return v.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }

  function decode(payload) {
    if (payload.rows) { return Promise.resolve(payload.rows); }
    var bin = atob(payload.gzip), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  /* A spreadsheet cell: text that would start a formula gets a leading apostrophe. */
  function csvCell(v) {
    if (v === null || v === undefined) { return ""; }
    if (typeof v === "number") { return String(v); }
    var s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) { s = "'" + s; }
    if (/[",\r\n]/.test(s)) { s = '"' + s.replace(/"/g, '""') + '"'; }
    return s;
  }

  function excerpt(sentence, surface, side) {
    var at = surface ? sentence.indexOf(surface) : -1;
    if (at < 0) {
      var cut = sentence.length > 2 * side ? sentence.slice(0, 2 * side) + "…" : sentence;
      return { before: cut, mark: "", after: "", whole: cut === sentence };
    }
    var before = sentence.slice(0, at), after = sentence.slice(at + surface.length);
    var whole = true;
    if (before.length > side) {
      before = before.slice(before.length - side);
      var sp = before.indexOf(" ");
      if (sp >= 0 && sp < 15) { before = before.slice(sp + 1); }
      before = "…" + before; whole = false;
    }
    if (after.length > side) {
      after = after.slice(0, side);
      var last = after.lastIndexOf(" ");
      if (last >= 0 && last > side - 15) { after = after.slice(0, last); }
      after += "…"; whole = false;
    }
    return { before: before, mark: surface, after: after, whole: whole };
  }

  function init(root) {
    if (!root || root.getAttribute("data-ready")) { return; }
    root.setAttribute("data-ready", "1");
    var cfg = JSON.parse(root.querySelector("script.kx-config").textContent);
    var id = root.id;
    var selects = Array.prototype.slice.call(root.querySelectorAll("select.kx-select"));
    var search = root.querySelector("input.kx-search");
    var allImg = root.querySelector("img.kx-all");
    var variantImg = root.querySelector("img.kx-variant");
    var charts = null, urls = {};
    var note = root.querySelector(".kx-note");
    var nodata = root.querySelector(".kx-nodata");
    var count = root.querySelector(".kx-count");
    var live = root.querySelector(".kx-live");
    var pager = root.querySelector(".kx-pager");
    var citebox = root.querySelector(".kx-citebox");
    var state = { sort: null, desc: false, q: "" };
    var data, n, order, hay, result = [], drawn = 0, hashTimer = null;

    function col(key) { return data.cols[key]; }
    function sentenceOf(i) {
      var s = col("sentence");
      return s ? (s[i] === null ? null : data.sentences[s[i]]) : null;
    }
    function raw(key, i) { return key === "sentence" ? sentenceOf(i) : col(key)[i]; }

    function cellHtml(key, i) {
      var v = raw(key, i), flags = data.flags[i];
      if (key === "value") {
        var said = col("shown") ? col("shown")[i] : null;
        var text = v === null ? "" : (said === null || said === undefined ? fmtNumber(v) : said);
        if (flags & 1) {
          var tip = col("note") && col("note")[i] ? ' title="' + esc(col("note")[i]) + '"' : "";
          return '<td class="kx-num kx-value"><span' + tip + ">" + cfg.repaired_mark + " " +
            esc(text) + "</span></td>";
        }
        return '<td class="kx-num kx-value">' + esc(text) + "</td>";
      }
      if (key === "confidence") {
        var flag = flags & 2 ? '<span class="kx-check">' + esc(cfg.check_source) + "</span>" : "";
        return '<td class="kx-num">' + (v === null ? "" : esc(v.toFixed(2))) + flag + "</td>";
      }
      if (v === null || v === undefined) { return "<td></td>"; }
      if (key === "repaired") { return "<td>" + cfg.repaired_mark + " " + esc(v) + "</td>"; }
      if (key === "sentence") { return sentenceCell(i, false); }
      if (key === "year" || key === "start" || key === "end") {
        return '<td class="kx-num">' + esc(v) + "</td>";
      }
      return (key === "counted" ? '<td class="kx-counted">' : "<td>") + esc(v) + "</td>";
    }

    function sentenceCell(i, open) {
      var s = sentenceOf(i), surface = col("text") ? col("text")[i] : null;
      var ex = open ? excerpt(s, surface, 1e9) : excerpt(s, surface, cfg.excerpt_side);
      var inner = esc(ex.before) + (ex.mark ? "<mark>" + esc(ex.mark) + "</mark>" : "") +
        esc(ex.after);
      if (ex.whole && !open) { return '<td class="kx-sentence">' + inner + "</td>"; }
      var toggle = open ? " (less)" : " (more)";
      return '<td class="kx-sentence kx-more" data-i="' + i + '"' +
        (open ? ' data-open="1"' : "") + ' title="Click to ' + (open ? "shorten" : "read the whole sentence") +
        '">' + inner + '<span class="kx-toggle">' + toggle + "</span></td>";
    }

    function rowHtml(i) {
      var flags = data.flags[i];
      var cls = "kx-row" + (flags & 1 ? " kx-repaired" : "") + (flags & 2 ? " kx-low" : "");
      var cells = cfg.columns.map(function (c) { return cellHtml(c[0], i); }).join("");
      return '<tr class="' + cls + '" data-i="' + i + '">' + cells +
        '<td><button type="button" class="kx-cite" data-i="' + i +
        '" title="Copy a citation of this figure">Cite</button></td></tr>';
    }

    function headHtml() {
      return "<tr>" + cfg.columns.map(function (c) {
        var sort = state.sort === c[0] ? (state.desc ? "descending" : "ascending") : "none";
        return '<th aria-sort="' + sort + '"><button type="button" data-sort="' + esc(c[0]) +
          '" title="Sort by ' + esc(c[1]) + '">' + esc(c[1]) + "</button></th>";
      }).join("") + "<th>Cite</th></tr>";
    }

    /* kit.present.citation wrote each figure's citation (one rule, shared with JupyterLab) */
    function citation(i) {
      var cite = col("cite") ? col("cite")[i] : null;
      return (cite || raw("doc_id", i) || "") + " (figure read by kit " + cfg.version + ")";
    }

    function copy(text) {
      var area = citebox.querySelector("textarea"), status = citebox.querySelector(".kx-status");
      citebox.hidden = false;
      area.value = text;
      function done(ok) { status.textContent = ok ? "Copied." : "Select the text and copy it."; }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () {
          area.select(); done(document.execCommand && document.execCommand("copy"));
        });
      } else {
        area.select(); done(document.execCommand && document.execCommand("copy"));
      }
    }

    function download() {
      var keys = cfg.csv;
      var lines = [keys.map(csvCell).join(",")];
      for (var r = 0; r < result.length; r++) {
        var i = result[r];
        lines.push(keys.map(function (k) { return csvCell(raw(k, i)); }).join(","));
      }
      var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = cfg.file + ".csv";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    }

    function sortOrder() {
      var idx = new Array(n);
      for (var i = 0; i < n; i++) { idx[i] = i; }
      if (!state.sort) { return idx; }
      var key = state.sort, sign = state.desc ? -1 : 1;
      var vals = idx.map(function (j) { var v = raw(key, j); return v === undefined ? null : v; });
      idx.sort(function (a, b) {
        var x = vals[a], y = vals[b];
        if (x === y) { return a - b; }
        if (x === null) { return 1; }
        if (y === null) { return -1; }
        return (x < y ? -1 : 1) * sign;
      });
      return idx;
    }

    function chosenIndex() { return selects.map(function (s) { return s.selectedIndex; }); }

    function svgUrl(variant) {
      if (!urls[variant]) {
        urls[variant] = "data:image/svg+xml;charset=utf-8," +
          encodeURIComponent(charts.svg[variant]);
      }
      return urls[variant];
    }

    /* In idle time, decode the charts one more choice can show (each select's every option,
       the others as they are): the browser keeps them, and the next change draws at once. */
    var decoded = {}, pending = [];
    function prefetch(sel) {
      pending = [];
      for (var i = 0; i < sel.length; i++) {
        for (var k = 0; k < selects[i].options.length; k++) {
          var key = sel.slice(); key[i] = k;
          var v = cfg.variants[key.join(",")];
          if (v > 0 && !decoded[v] && pending.indexOf(v) < 0) { pending.push(v); }
        }
      }
      idle(nextPrefetch);
    }
    function nextPrefetch() {
      var v = pending.shift();
      if (v === undefined) { return; }
      var img = new Image();
      decoded[v] = img;  /* kept: an image nobody holds may be dropped from the cache */
      img.src = svgUrl(v);
      (img.decode ? img.decode() : Promise.resolve()).catch(function () {}).then(function () {
        idle(nextPrefetch);
      });
    }
    function idle(fn) {
      if (window.requestIdleCallback) { requestIdleCallback(fn, { timeout: 2000 }); }
      else { setTimeout(fn, 50); }
    }

    function chart(sel, shown) {
      var chosen = [], i;
      for (i = 0; i < sel.length; i++) { if (sel[i] > 0) { chosen.push(i); } }
      var variant = cfg.variants[sel.join(",")], message = "";
      var empty = cfg.complete ? variant === undefined : shown === 0;
      if (empty) { variant = -1; }
      if (variant === undefined) {
        variant = 0;
        for (i = 0; i < chosen.length; i++) {
          var one = sel.map(function (_, k) { return k === chosen[i] ? sel[k] : 0; });
          var v = cfg.variants[one.join(",")];
          if (v !== undefined) {
            var s2 = selects[chosen[i]];
            variant = v;
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
      if (state.q && !empty && !message) {
        message = "The chart applies the filters; the search narrows the table only.";
      }
      allImg.hidden = variant !== 0 || empty;
      if (variantImg) {
        variantImg.hidden = variant <= 0 || empty;
        if (variant > 0 && variantImg.getAttribute("data-variant") !== String(variant)) {
          variantImg.src = svgUrl(variant);
          variantImg.alt = charts.alt[variant];
          variantImg.setAttribute("data-variant", String(variant));
        }
      }
      note.textContent = message;
      nodata.hidden = !empty;
    }

    function filter() {
      var sel = chosenIndex(), active = [], i;
      for (i = 0; i < selects.length; i++) {
        if (sel[i] > 0) { active.push([data.codes[cfg.filters[i][0]], sel[i]]); }
      }
      var q = state.q, out = [];
      for (var r = 0; r < n; r++) {
        var j = order[r], ok = true;
        for (i = 0; i < active.length && ok; i++) { ok = active[i][0][j] === active[i][1]; }
        if (ok && q) { ok = hay[j].indexOf(q) >= 0; }
        if (ok) { out.push(j); }
      }
      result = out;
      chart(sel, out.length);
    }

    function draw() {
      var shown = result.slice(0, PAGE);  /* more() adds the rest */
      live.innerHTML = '<div class="kx-table-wrap"><table class="kx-table"><thead>' + headHtml() +
        "</thead><tbody>" + (shown.length ? shown.map(rowHtml).join("") :
        '<tr><td class="kx-empty" colspan="' + (cfg.columns.length + 1) + '">' +
        esc(cfg.no_match) + "</td></tr>") + "</tbody></table></div>";
      drawn = shown.length;
      live.firstChild.addEventListener("scroll", nearEnd, { passive: true });
      count.textContent = result.length.toLocaleString("en-US") + " of " +
        n.toLocaleString("en-US") + " figures";
      drawPager();
    }

    function drawPager() {
      var rest = result.length - drawn;
      if (rest <= 0) {
        pager.textContent = result.length > PAGE ? "Showing all " +
          result.length.toLocaleString("en-US") + " rows." : "";
        return;
      }
      pager.innerHTML = "Showing " + drawn.toLocaleString("en-US") + " of " +
        result.length.toLocaleString("en-US") + ' rows (scroll the table for more). ' +
        '<button type="button" data-more="' + PAGE * 5 + '">Show ' + Math.min(rest, PAGE * 5) +
        ' more</button> <button type="button" data-more="all">Show all</button>';
    }

    /* Rows past those drawn are added to the table's end, never by redrawing it. */
    function more(rows) {
      var upto = Math.min(result.length, drawn + rows);
      if (upto <= drawn) { return; }
      live.querySelector("tbody").insertAdjacentHTML("beforeend",
        result.slice(drawn, upto).map(rowHtml).join(""));
      drawn = upto;
      drawPager();
    }

    function nearEnd(ev) {
      var box = ev.currentTarget;
      if (drawn < result.length && box.scrollTop + box.clientHeight > box.scrollHeight - 300) {
        more(PAGE);
      }
    }

    function writeHash() {
      var params = new URLSearchParams(location.hash.slice(1)), prefix = id + ".";
      Array.from(params.keys()).forEach(function (k) {
        if (k.indexOf(prefix) === 0) { params.delete(k); }
      });
      selects.forEach(function (s) {
        if (s.selectedIndex > 0) { params.set(prefix + s.getAttribute("data-filter"), s.value); }
      });
      if (state.q) { params.set(prefix + "q", search.value); }
      if (state.sort) { params.set(prefix + "sort", (state.desc ? "-" : "") + state.sort); }
      var text = params.toString();
      history.replaceState(history.state, "", text ? "#" + text : location.pathname + location.search);
    }

    function readHash() {
      var params = new URLSearchParams(location.hash.slice(1)), prefix = id + ".";
      selects.forEach(function (s) {
        var want = params.get(prefix + s.getAttribute("data-filter"));
        s.selectedIndex = 0;
        if (want !== null) {
          for (var k = 1; k < s.options.length; k++) {
            if (s.options[k].value === want) { s.selectedIndex = k; }
          }
        }
      });
      search.value = params.get(prefix + "q") || "";
      state.q = search.value.trim().toLowerCase();
      var sort = params.get(prefix + "sort") || "";
      var key = sort.replace(/^-/, "");
      var known = cfg.columns.some(function (c) { return c[0] === key; });
      state.sort = known ? key : null;
      state.desc = known && sort.charAt(0) === "-";
    }

    function update(hash) {
      var t0 = performance.now();
      filter();
      draw();
      root.kxLastUpdate = performance.now() - t0;  /* read by bench/briefing_filter.py */
      if (charts.svg.length > 1) { prefetch(chosenIndex()); }
      root.kxUpdates = (root.kxUpdates || 0) + 1;
      /* after the frame is painted: history.replaceState costs ~10 ms on a large page */
      if (hash !== false) {
        cancelAnimationFrame(hashTimer);
        hashTimer = requestAnimationFrame(function () { setTimeout(writeHash, 0); });
      }
    }

    Promise.all([decode(cfg.data), decode(cfg.charts)]).then(function (decoded) {
      data = decoded[0];
      charts = decoded[1];
      n = cfg.n;
      hay = new Array(n);
      var keys = cfg.columns.map(function (c) { return c[0]; }).concat(cfg.search_extra);
      for (var i = 0; i < n; i++) {
        var parts = [];
        for (var k = 0; k < keys.length; k++) {
          var v = data.cols[keys[k]] || keys[k] === "sentence" ? raw(keys[k], i) : null;
          if (v !== null && v !== undefined) { parts.push(v); }
        }
        hay[i] = parts.join(" \u0001 ").toLowerCase();
      }
      readHash();
      order = sortOrder();
      root.querySelector(".kx-static").hidden = true;
      root.querySelector(".kx-nojs").hidden = true;
      root.querySelector(".kx-filters").hidden = false;
      live.hidden = false;
      if (n >= TALL) { live.classList.add("kx-tall"); }
      update(false);

      selects.forEach(function (s) { s.addEventListener("change", function () { update(); }); });
      var timer = null;
      search.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { state.q = search.value.trim().toLowerCase(); update(); }, 120);
      });
      root.querySelector(".kx-download").addEventListener("click", download);
      live.addEventListener("click", function (ev) {
        var t = ev.target.closest("button, td.kx-more");
        if (!t) { return; }
        if (t.hasAttribute("data-sort")) {
          var key = t.getAttribute("data-sort");
          if (state.sort !== key) { state.sort = key; state.desc = false; }
          else if (!state.desc) { state.desc = true; }
          else { state.sort = null; state.desc = false; }
          order = sortOrder();
          update();
        } else if (t.classList.contains("kx-cite")) {
          copy(citation(Number(t.getAttribute("data-i"))));
        } else if (t.classList.contains("kx-more")) {
          var i = Number(t.getAttribute("data-i"));
          t.outerHTML = sentenceCell(i, !t.hasAttribute("data-open"));
        }
      });
      pager.addEventListener("click", function (ev) {
        var want = ev.target.getAttribute && ev.target.getAttribute("data-more");
        if (!want) { return; }
        more(want === "all" ? result.length : Number(want));
      });
      window.addEventListener("hashchange", function () {
        readHash(); order = sortOrder(); update(false);
      });
      root.setAttribute("data-loaded", "1");
    }, function (err) {
      root.classList.remove("kx-js");
      var p = root.querySelector(".kx-nojs");
      p.textContent = "This browser could not read the embedded figures (" + err +
        "); every figure is listed below.";
    });
  }

  return init;
})();
window.kitExplore = kitExplore;
