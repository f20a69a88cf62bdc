/* kit.present.chartspec in the reader's browser: one house chart spec drawn as inline SVG.

   The spec (see kit/present/chartspec.py) says what to draw: title, legend, panels of rows of
   bars, stems, dots and diamonds on a linear or log axis, value labels, source and note. This
   draws it in the house style of the matplotlib charts (kit/present/charts.py): the same
   colours, hatched repaired figures, hollow doubtful ones, dashed benchmarks, sizes in the
   points of the 110-dpi "All" PNG. Every text is set with textContent and every attribute from
   numbers or this file's own palette: nothing in a spec is ever read as markup. Text is laid
   out with the page's fonts (the embedded CJK font included), measured on a canvas. */
var kitChart = window.kitChart || (function () {
  "use strict";
  /* the SVG namespace, as the HTML parser gives it (the page names no address at all) */
  var NS = (function () {
    var probe = document.createElement("div");
    probe.innerHTML = "<svg></svg>";  /* a constant: no data is ever parsed as markup */
    return probe.firstChild.namespaceURI;
  })();
  var COLORS = { bar: "#3b6ea8", up: "#2c7fb8", down: "#e6750a", text: "#222222",
    muted: "#666666", grid: "#e2e2e2", grey: "#555555", axis: "#999999", zero: "#333333" };
  var PT = 110 / 72;  /* pixels a point, at the "All" PNG's resolution */
  var SIZE = { title: 12.5 * PT, label: 9.5 * PT, tick: 8.5 * PT, footer: 8 * PT, empty: 13 * PT };
  var ROW = 0.3 * 110, BAR = 0.62, PAD = 10, LINE = 1.25;
  var serial = 0, canvas = null;

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var k in attrs) { node.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function measurer(family) {
    canvas = canvas || document.createElement("canvas").getContext("2d");
    return function (str, size, bold) {
      canvas.font = (bold ? "bold " : "") + size + "px " + family;
      return canvas.measureText(str).width;
    };
  }

  function label(parent, x, y, str, size, opts) {
    opts = opts || {};
    var t = el("text", { x: x, y: y, "font-size": size.toFixed(2),
      fill: COLORS[opts.color || "text"], "dominant-baseline": opts.baseline || "central" }, parent);
    if (opts.anchor) { t.setAttribute("text-anchor", opts.anchor); }
    if (opts.bold) { t.setAttribute("font-weight", "bold"); }
    if (opts.rotate) { t.setAttribute("transform", "rotate(-90 " + x + " " + y + ")"); }
    t.textContent = str;
    return t;
  }

  /* Lines of at most `room` pixels: broken at spaces, and inside a word (Chinese) if need be. */
  function wrap(str, room, size, bold, measure) {
    var lines = [], line = "";
    String(str).split(/(\s+)/).forEach(function (word) {
      if (measure(line + word, size, bold) <= room) { line += word; return; }
      if (line.trim()) { lines.push(line.trim()); line = ""; }
      word = word.trim();
      while (word && measure(word, size, bold) > room) {
        var cut = word.length - 1;
        while (cut > 1 && measure(word.slice(0, cut), size, bold) > room) { cut--; }
        lines.push(word.slice(0, cut));
        word = word.slice(cut);
      }
      line = word;
    });
    if (line.trim()) { lines.push(line.trim()); }
    return lines;
  }

  function tint(hex) {  /* the colour mixed with white, as charts._tint */
    var out = "#";
    for (var i = 1; i < 7; i += 2) {
      var c = parseInt(hex.slice(i, i + 2), 16);
      out += ("0" + Math.round(c + (255 - c) * 0.6).toString(16)).slice(-2);
    }
    return out;
  }

  function hatch(defs, ids, color) {
    if (!ids[color]) {
      ids[color] = "kx-hatch-" + (++serial);
      var p = el("pattern", { id: ids[color], width: 6, height: 6, patternUnits: "userSpaceOnUse",
        patternTransform: "rotate(45)" }, defs);
      el("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: COLORS[color], "stroke-width": 1.2 }, p);
    }
    return "url(#" + ids[color] + ")";
  }

  /* A shape styled by its fill code: s solid, r repaired, l low, rl both, b benchmark, d dotted */
  function shape(g, name, attrs, color, fill, defs, ids) {
    var c = COLORS[color];
    attrs.stroke = c;
    attrs["stroke-width"] = 1.6;
    attrs.fill = fill === "s" ? c : fill === "r" ? tint(c) : "none";
    if (fill === "b") { attrs["stroke-dasharray"] = "4 3"; }
    if (fill === "d") { attrs["stroke-dasharray"] = "1.5 2.5"; }
    el(name, attrs, g);
    if (fill === "r" || fill === "rl") {
      var over = {}; for (var k in attrs) { over[k] = attrs[k]; }
      over.fill = hatch(defs, ids, color);
      over.stroke = "none";
      el(name, over, g);
    }
  }

  function fmt(v) {
    var r = Math.round(v * 1e6) / 1e6 + 0;  /* + 0: never "-0" */
    if (Math.abs(r) < 1e-9) { r = 0; }
    return r.toLocaleString("en-US", { maximumFractionDigits: 6 });
  }

  function ticks(panel) {
    var lo = panel.domain[0], hi = panel.domain[1], out = [], v;
    var pct = panel.ticks === "percent" ? "%" : "";
    if (panel.scale === "log") {
      for (var k = Math.ceil(Math.log10(lo) - 1e-9); k <= Math.floor(Math.log10(hi) + 1e-9); k++) {
        v = Math.pow(10, k);
        out.push([v, (v >= 1 ? fmt(v) : String(Number(v.toPrecision(1)))) + pct]);
      }
      return out;
    }
    var raw = (hi - lo) / 6 || 1, mag = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / mag;
    var step = mag * (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10);
    for (v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
      out.push([v, fmt(v) + pct]);
    }
    return out;
  }

  function draw(spec, alt, width, family) {
    /* the Chinese a briefing embeds (kit/publish/webfont.py's FAMILY) first, whatever stack
       the page around the chart uses; absent, the browser goes on to the page's own fonts */
    family = '"kit-cjk", ' + (family || "sans-serif");
    var measure = measurer(family);
    var W = width || 880, y = PAD, ids = {};
    var svg = el("svg", { role: "img", preserveAspectRatio: "xMinYMin meet" });
    svg.style.fontFamily = family;
    var titleEl = el("title", {}, svg);
    titleEl.textContent = alt || spec.title;
    var defs = el("defs", {}, svg);
    wrap(spec.title, W - 2 * PAD, SIZE.title, true, measure).forEach(function (line) {
      label(svg, PAD, y + SIZE.title * 0.6, line, SIZE.title, { bold: true });
      y += SIZE.title * LINE;
    });
    y += 4;
    if (spec.legend.length) {  /* the legend: swatch and words, wrapped to the width */
      var x = PAD, lh = SIZE.tick * 1.6;
      spec.legend.forEach(function (item) {
        var w = 26 + measure(item[0], SIZE.tick) + 18;
        if (x + w > W - PAD && x > PAD) { x = PAD; y += lh; }
        var g = el("g", {}, svg);
        shape(g, "rect", { x: x, y: y + lh / 2 - 6, width: 20, height: 12 }, item[1], item[2], defs, ids);
        label(svg, x + 26, y + lh / 2, item[0], SIZE.tick);
        x += w;
      });
      y += lh + 4;
    }
    if (spec.empty) {
      label(svg, W / 2, y + 80, spec.empty, SIZE.empty, { anchor: "middle", color: "muted" });
      y += 160;
    }
    var rows = [].concat.apply([], spec.panels.map(function (p) { return p.rows; }));
    var labelW = Math.min(W * 0.45, Math.max.apply(null, [0].concat(rows.map(function (r) {
      return measure(r.label, SIZE.tick); }))));
    var textW = Math.max.apply(null, [0].concat(rows.map(function (r) {
      return measure(r.text, SIZE.tick); }))) + 10;
    var left = PAD + (spec.ylabel ? SIZE.label * 1.8 : 0) + labelW + 8;
    var anyNeg = rows.some(function (r) { return r.at < 0; });
    var x0 = left + (anyNeg ? textW : 0), x1 = W - PAD - textW;
    var top = y;
    spec.panels.forEach(function (panel) {
      if (panel.title) {
        label(svg, PAD, y + SIZE.label * 0.7, panel.title, SIZE.label, { bold: true });
        y += SIZE.label * 1.7;
      }
      var lo = panel.domain[0], hi = panel.domain[1], log = panel.scale === "log";
      var sx = function (v) {
        if (log) {
          v = Math.max(v, lo);
          return x0 + (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * (x1 - x0);
        }
        return x0 + (v - lo) / ((hi - lo) || 1) * (x1 - x0);
      };
      var h = Math.max(panel.rows.length, 1) * ROW + 0.4 * ROW, g = el("g", {}, svg);
      ticks(panel).forEach(function (t) {
        var tx = sx(t[0]);
        el("line", { x1: tx, x2: tx, y1: y, y2: y + h, stroke: COLORS.grid, "stroke-width": 1 }, g);
        el("line", { x1: tx, x2: tx, y1: y + h, y2: y + h + 5, stroke: COLORS.axis }, g);
        label(g, tx, y + h + 6 + SIZE.tick * 0.6, t[1], SIZE.tick, { anchor: "middle", color: "grey" });
      });
      el("line", { x1: x0, x2: x0, y1: y, y2: y + h, stroke: COLORS.axis, "stroke-width": 1 }, g);
      el("line", { x1: x0, x2: x1, y1: y + h, y2: y + h, stroke: COLORS.axis, "stroke-width": 1 }, g);
      panel.rows.forEach(function (row, i) {
        var cy = y + 0.2 * ROW + (i + 0.5) * ROW, bh = BAR * ROW;
        label(g, left - 8, cy, row.label, SIZE.tick, { anchor: "end", color: "grey" });
        row.marks.forEach(function (m) {
          var a = sx(Math.min(m[1], m[2])), b = sx(Math.max(m[1], m[2]));
          if (m[0] === "bar") {
            shape(g, "rect", { x: a, y: cy - bh / 2, width: Math.max(b - a, 0.5), height: bh },
              m[3], m[4], defs, ids);
          } else if (m[0] === "stem") {
            el("line", { x1: a, x2: b, y1: cy, y2: cy, stroke: COLORS[m[3]], "stroke-width": 1.4 }, g);
          } else if (m[0] === "dot") {
            shape(g, "circle", { cx: sx(m[1]), cy: cy, r: 6 }, m[3], m[4], defs, ids);
          } else if (m[0] === "diamond") {
            var d = sx(m[1]);
            shape(g, "polygon", { points: [d, cy - 7, d + 7, cy, d, cy + 7, d - 7, cy].join(" ") },
              m[3], m[4], defs, ids);
          }
        });
        var tx = sx(row.at), back = row.at < 0, last = row.marks[row.marks.length - 1];
        var gap = last && last[0] !== "bar" && last[0] !== "stem" ? 14 : 8;  /* past a dot */
        label(g, tx + (back ? -gap : gap), cy, row.text, SIZE.tick, { anchor: back ? "end" : "start" });
      });
      if (panel.zero) {
        el("line", { x1: sx(0), x2: sx(0), y1: y, y2: y + h, stroke: COLORS.zero, "stroke-width": 1.5 }, g);
      }
      y += h + SIZE.tick * 1.9;
      if (panel.xlabel) {
        label(svg, (x0 + x1) / 2, y + SIZE.label * 0.5, panel.xlabel, SIZE.label, { anchor: "middle" });
        y += SIZE.label * 1.4;
      }
      y += 8;
    });
    if (spec.ylabel && spec.panels.length) {
      label(svg, PAD + SIZE.label * 0.6, (top + y) / 2, spec.ylabel, SIZE.label, { anchor: "middle", rotate: true });
    }
    y += 4;
    spec.footer.forEach(function (text) {
      wrap(text, W - 2 * PAD, SIZE.footer, false, measure).forEach(function (line) {
        label(svg, PAD, y + SIZE.footer * 0.6, line, SIZE.footer, { color: "muted" });
        y += SIZE.footer * LINE;
      });
    });
    y += PAD;
    svg.setAttribute("viewBox", "0 0 " + W + " " + Math.ceil(y));
    return svg;
  }

  /* Once in the page: widen the view to all that was drawn. Text is measured on a canvas,
     which may not have the page's web font yet (its glyphs wider than measured): nothing is
     cut off at the edge then, the chart is only drawn a little smaller. */
  draw.fit = function (svg, again) {
    var box = svg.getBBox(), view = svg.viewBox.baseVal;
    var x0 = Math.min(view.x, box.x - 2), y0 = Math.min(view.y, box.y - 2);
    var x1 = Math.max(view.x + view.width, box.x + box.width + 2);
    var y1 = Math.max(view.y + view.height, box.y + box.height + 2);
    svg.setAttribute("viewBox", [x0, y0, x1 - x0, y1 - y0].join(" "));
    if (!again && document.fonts && document.fonts.status !== "loaded") {
      document.fonts.ready.then(function () { draw.fit(svg, true); });  /* once it has loaded */
    }
  };

  return draw;
})();
window.kitChart = kitChart;
