"""One call for each filtered chart and table of a notebook: live in JupyterLab, static in HTML.

    kit.present.explore(frame, charts.counts_bar, title="Which regions report most figures")

In JupyterLab (`briefing=False`) it returns an ipywidgets view: a `FilterPanel` whose changes
redraw the chart and the table of figures under it. In a briefing (`briefing=True`, the notebook
run by papermill and exported to HTML, no kernel afterwards) it returns a `StaticExplorer`, whose
`_repr_html_` is a self-contained fragment: `<select>` filters, one pre-rendered PNG chart per
distinct filtered subset, the table with `data-*` attributes, and a few lines of vanilla JS that
switch chart and rows. Without JavaScript (or in print) the "All" chart and every row show.

Every piece of document text (what is counted, the surface, the sentence, region, report name)
is untrusted web scrape and goes through `html.escape` before it reaches the page.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from PIL import Image

from kit.present.charts import LOW_CONFIDENCE, fmt_number
from kit.present.widgets import EMPTY_SELECTION, FilterPanel, interactive, present_values

DEFAULT_COLUMNS: tuple[str, ...] = (
    "region",
    "year",
    "value",
    "unit",
    "counted",
    "text",
    "repaired",
    "confidence",
    "sentence",
    "doc_id",
)
DEFAULT_FILTERS: tuple[str, ...] = ("region", "topic", "year")
#: columns every briefing table row carries as data-* attributes, whatever the filters
ROW_ATTRIBUTES: tuple[str, ...] = ("region", "topic", "year")

#: most distinct chart variants pre-rendered per call. Every combination of the filters that
#: selects a distinct, non-empty set of figures is one variant (combinations that select the
#: same rows share one image). Above this, only one-filter variants (region-only, topic-only,
#: ...) are rendered, whole filters at a time, in `filters` order, as long as they fit; the
#: table is still filtered by every choice and the page says which chart it shows.
MAX_VARIANTS = 60
#: table rows in a briefing fragment / in the JupyterLab view (the rest are counted, not shown)
MAX_TABLE_ROWS = 1000
LAB_TABLE_ROWS = 200
#: resolution of the pre-rendered charts (8 in wide house figures -> 880 px)
PNG_DPI = 110

HEADERS: dict[str, str] = {
    "region": "Region",
    "scope_name": "Unit or benchmark",
    "year": "Year",
    "value": "Value",
    "unit": "Unit",
    "counted": "What is counted",
    "text": "As written",
    "repaired": "Repair",
    "confidence": "Confidence",
    "sentence": "Source sentence",
    "doc_id": "Report",
    "topic": "Topic",
    "indicator": "Metric",
    "period": "Period",
    "language": "Language",
    "change": "Change",
    "direction": "Direction",
    "baseline": "Baseline",
    "qualifier": "Qualifier",
    "note": "Note",
}

REPAIRED_MARK = "⚠"
CHECK_SOURCE = "check source"
LEGEND = (
    f"<b>{REPAIRED_MARK}</b> repaired: the value was read from a damaged translation by the "
    f'named rule (hover the value for why). <span class="kx-check">{CHECK_SOURCE}</span> '
    f"confidence below {LOW_CONFIDENCE:g}: read the source sentence before quoting the figure."
)  # HTML, written here: no document text in it

Chart = Callable[[pd.DataFrame], Figure]

_CSS = """
.kit-explore{margin:0.6em 0 1.4em;font-size:14px;line-height:1.4}
.kit-explore [hidden]{display:none !important}
.kit-explore .kx-title{margin:0 0 0.4em;font-size:1.1em;font-weight:700}
.kit-explore .kx-filters{display:flex;flex-wrap:wrap;gap:0.4em 1.2em;align-items:center;
  margin:0 0 0.5em}
.kit-explore .kx-filters label{font-weight:600}
.kit-explore .kx-filters select{margin-left:0.4em;font:inherit;font-weight:400;padding:1px 4px}
.kit-explore .kx-count{color:#555}
.kit-explore img.kx-chart{display:block;max-width:100%;height:auto;margin:0.2em 0}
.kit-explore .kx-note{color:#8a5300;margin:0.2em 0}
.kit-explore .kx-legend{color:#555;font-size:0.9em;margin:0.4em 0}
.kit-explore .kx-table-wrap{max-height:34em;overflow:auto;border:1px solid #ddd}
.kit-explore table.kx-table{border-collapse:collapse;width:100%;font-size:0.88em;margin:0;
  table-layout:auto}
.kit-explore table.kx-table td.kx-sentence{min-width:18em}
.kit-explore table.kx-table td.kx-counted{min-width:9em}
.kit-explore table.kx-table th{position:sticky;top:0;background:#f3f3f3;text-align:left;
  padding:3px 6px;border-bottom:1px solid #ccc}
.kit-explore table.kx-table td{padding:3px 6px;border-bottom:1px solid #eee;
  vertical-align:top;text-align:left}
.kit-explore table.kx-table td.kx-num{text-align:right;white-space:nowrap}
.kit-explore tr.kx-repaired td.kx-value{background:#fff3d6}
.kit-explore .kx-check{display:inline-block;margin-left:0.3em;padding:0 4px;border-radius:3px;
  background:#fde2e1;color:#8c1d18;font-size:0.85em;white-space:nowrap}
.kit-explore mark{background:#fff1a8;padding:0}
@media print{
  .kit-explore .kx-filters,.kit-explore .kx-note{display:none !important}
  .kit-explore img.kx-chart{display:none !important}
  .kit-explore img.kx-chart.kx-all{display:block !important}
  .kit-explore table.kx-table tr.kx-row{display:table-row !important}
  .kit-explore .kx-table-wrap{max-height:none;overflow:visible;border:0}
  .kit-explore .kx-nodata{display:none !important}
}
"""

# The switcher: reads the variant map, shows the matching chart, hides non-matching rows.
# Plain ES5 in an IIFE keyed by the fragment's id, so several fragments coexist on a page.
_JS = """
(function () {
  var root = document.getElementById(%(id)s);
  if (!root || root.getAttribute("data-ready")) { return; }
  root.setAttribute("data-ready", "1");
  var cfg = JSON.parse(root.querySelector("script.kx-config").textContent);
  var selects = root.querySelectorAll("select.kx-select");
  var imgs = root.querySelectorAll("img.kx-chart");
  var rows = root.querySelectorAll("tr.kx-row");
  var note = root.querySelector(".kx-note");
  var nodata = root.querySelector(".kx-nodata");
  var count = root.querySelector(".kx-count");
  function keyOf(sel) { return sel.join(","); }
  function update() {
    var sel = [], chosen = [], i, j;
    for (i = 0; i < selects.length; i++) {
      sel.push(selects[i].selectedIndex);
      if (selects[i].selectedIndex > 0) { chosen.push(i); }
    }
    var shown = 0;
    for (j = 0; j < rows.length; j++) {
      var ok = true;
      for (i = 0; i < chosen.length && ok; i++) {
        var s = selects[chosen[i]];
        ok = rows[j].getAttribute("data-" + s.getAttribute("data-filter")) === s.value;
      }
      rows[j].hidden = !ok;
      if (ok) { shown++; }
    }
    var variant = cfg.variants[keyOf(sel)], message = "";
    var empty = cfg.complete ? variant === undefined : shown === 0;
    if (empty) { variant = -1; }
    if (variant === undefined) {
      variant = 0;
      for (i = 0; i < chosen.length; i++) {
        var one = sel.map(function (_, k) { return k === chosen[i] ? sel[k] : 0; });
        var v = cfg.variants[keyOf(one)];
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
    for (i = 0; i < imgs.length; i++) {
      imgs[i].hidden = Number(imgs[i].getAttribute("data-variant")) !== variant;
    }
    if (note) { note.textContent = message; note.hidden = !message; }
    if (nodata) { nodata.hidden = !empty; }
    if (count) { count.textContent = shown + " of " + rows.length + " figures"; }
  }
  for (var k = 0; k < selects.length; k++) { selects[k].addEventListener("change", update); }
  update();
})();
"""


# --------------------------------------------------------------------------- public


def explore(
    frame: pd.DataFrame,
    chart: Chart,
    *,
    title: str,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    filters: Sequence[str] = DEFAULT_FILTERS,
    briefing: bool = False,
) -> Any:
    """A filtered chart with the table of its figures: a live widget, or a static HTML fragment.

    `chart` takes a metrics frame and returns a matplotlib Figure (any `kit.charts` function).
    `columns` are the table's columns, `filters` the columns a briefing offers as selects (those
    with more than one value); in JupyterLab the full `FilterPanel` is shown.
    """
    columns = tuple(columns)
    filters = tuple(filters)
    unknown = [c for c in (*columns, *filters) if c not in frame.columns]
    if unknown:
        raise ValueError(f"not columns of the metrics frame: {', '.join(unknown)}")
    if briefing:
        return StaticExplorer.build(frame, chart, title=title, columns=columns, filters=filters)
    return Explorer(frame, chart, title=title, columns=columns)


class Explorer(w.VBox):
    """The JupyterLab view: title, FilterPanel, chart output, then the table of figures."""

    def __init__(
        self, frame: pd.DataFrame, chart: Chart, *, title: str, columns: Sequence[str]
    ) -> None:
        super().__init__()
        self.columns = tuple(columns)
        self.panel = FilterPanel(frame)
        view = interactive(self.panel, chart)
        self.chart_output: w.Output = view.children[1]
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self._show_table(self.panel.filtered)
        self.panel.on_change(self._show_table)
        heading = w.HTML(f"<h4 style='margin:0.2em 0'>{esc(title)}</h4>")
        self.children = (heading, view, self.table)

    def _show_table(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            self.table.value = f"<p><b>{esc(EMPTY_SELECTION)}</b></p>"
            return
        body = table_html(frame, self.columns, limit=LAB_TABLE_ROWS)
        self.table.value = (
            f"<style>{_CSS}</style><div class='kit-explore'>"
            f"<p class='kx-legend'>{LEGEND}</p>{body}</div>"
        )


@dataclass
class StaticExplorer:
    """The briefing fragment of one `explore` call; displays itself as HTML in a notebook."""

    title: str
    html: str
    n_variants: int  # distinct pre-rendered chart images, "All" included
    reduced: bool = False  # True when the cap made only one-filter variants be rendered
    filters: tuple[str, ...] = field(default_factory=tuple)  # filters offered as selects

    @classmethod
    def build(
        cls,
        frame: pd.DataFrame,
        chart: Chart,
        *,
        title: str,
        columns: Sequence[str] = DEFAULT_COLUMNS,
        filters: Sequence[str] = DEFAULT_FILTERS,
    ) -> StaticExplorer:
        uid = "kx-" + uuid.uuid4().hex[:12]
        options = {f: present_values(frame[f]) for f in filters}
        active = [f for f in filters if len(options[f]) > 1]
        labels = {f: [_label(v) for v in options[f]] for f in active}
        plan = _plan_variants(frame, active, labels)

        # Subsets that draw the same picture (e.g. several "No figures to show") share one image.
        images: list[str] = []
        image_of: dict[str, int] = {}
        subset_image: list[int] = []
        for rows, desc in plan.subsets:
            subset = frame if rows is None else frame.iloc[rows]
            try:
                png = render_png(chart(subset))
            except Exception as exc:
                name = getattr(chart, "__name__", repr(chart))
                raise RuntimeError(f"chart {name} failed for {desc}: {exc}") from exc
            if png not in image_of:
                index = image_of[png] = len(images)
                classes = "kx-chart kx-all" if index == 0 else "kx-chart"
                hidden = "" if index == 0 else " hidden"
                alt = esc(f"Chart: {title} ({desc})")
                images.append(
                    f'<img class="{classes}" data-variant="{index}"{hidden} alt="{alt}" '
                    f'src="data:image/png;base64,{png}">'
                )
            subset_image.append(image_of[png])
        variant_keys = {key: subset_image[i] for key, i in plan.keys.items()}

        selects = []
        for f in active:
            opts = ['<option value="">All</option>'] + [
                f'<option value="{esc(v)}">{esc(v)}</option>' for v in labels[f]
            ]
            label = HEADERS.get(f, f.replace("_", " ").capitalize())
            selects.append(
                f'<label>{esc(label)}<select class="kx-select" data-filter="{esc(f)}" '
                f'data-label="{esc(label)}">{"".join(opts)}</select></label>'
            )
        total = len(frame)
        config = {"variants": variant_keys, "complete": plan.complete}
        attrs = tuple(dict.fromkeys(c for c in (*ROW_ATTRIBUTES, *active) if c in frame))
        parts = [
            f'<div class="kit-explore" id="{uid}">',
            f"<style>{_CSS}</style>",
            f'<h4 class="kx-title">{esc(title)}</h4>',
            f'<div class="kx-filters">{"".join(selects)}'
            f'<span class="kx-count">{total:,} figures</span></div>'
            if selects
            else "",
            f'<div class="kx-charts">{"".join(images)}</div>',
            '<p class="kx-note" hidden></p>',
            f'<p class="kx-nodata" hidden><b>{esc(EMPTY_SELECTION)}</b></p>',
            f'<p class="kx-legend">{LEGEND}</p>',
            table_html(frame, columns, limit=MAX_TABLE_ROWS, row_attrs=attrs),
            f'<script type="application/json" class="kx-config">{_script_json(config)}</script>',
            f"<script>{_JS % {'id': _script_json(uid)}}</script>" if selects else "",
            "</div>",
        ]
        return cls(
            title=title,
            html="".join(parts),
            n_variants=len(images),
            reduced=plan.reduced,
            filters=tuple(active),
        )

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<StaticExplorer {self.title!r}: {self.n_variants} chart variants>"


# --------------------------------------------------------------------------- table


def esc(value: object) -> str:
    """HTML-escape anything (quotes included, so it is safe in attributes too)."""
    return html.escape(str(value), quote=True)


def _label(value: object) -> str:
    """How a filter value is written in a select and in a row's data attribute."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell(column: str, row: dict[str, Any]) -> tuple[str, str]:
    """(td class, escaped inner HTML) of one cell."""
    value = row.get(column)
    missing = value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
    if column == "value":
        text = "" if missing else fmt_number(float(value))
        if row.get("_repaired"):
            note = row.get("note")
            tip = f' title="{esc(note)}"' if isinstance(note, str) and note else ""
            return "kx-num kx-value", f"<span{tip}>{REPAIRED_MARK} {esc(text)}</span>"
        return "kx-num kx-value", esc(text)
    if column == "confidence":
        text = "" if missing else f"{float(value):.2f}"
        flag = f'<span class="kx-check">{CHECK_SOURCE}</span>' if row.get("_low") else ""
        return "kx-num", esc(text) + flag
    if column == "repaired":
        return "", "" if missing else f"{REPAIRED_MARK} {_breakable(value)}"
    if column == "sentence" and not missing:
        sentence, surface = str(value), row.get("text")
        if isinstance(surface, str) and surface and surface in sentence:
            before, _, after = sentence.partition(surface)
            return "kx-sentence", f"{esc(before)}<mark>{esc(surface)}</mark>{esc(after)}"
        return "kx-sentence", esc(sentence)
    if missing:
        return "", ""
    if column == "year":
        return "kx-num", esc(_label(value))
    if column == "doc_id":
        return "", _breakable(value)
    return ("kx-counted" if column == "counted" else ""), esc(value)


def _breakable(value: object) -> str:
    """Escaped, with line-break opportunities after underscores (rule names, file names)."""
    return esc(value).replace("_", "_<wbr>")


def table_html(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    limit: int = MAX_TABLE_ROWS,
    row_attrs: Sequence[str] = (),
) -> str:
    """The figures as an HTML table, every text escaped; repaired and doubtful rows marked.

    `row_attrs` columns become `data-<column>` attributes of each row (for the briefing filters).
    """
    head = "".join(f"<th>{esc(HEADERS.get(c, c))}</th>" for c in columns)
    needed = list(dict.fromkeys([*columns, *row_attrs, "repaired", "confidence", "note", "text"]))
    data = frame.iloc[:limit][[c for c in needed if c in frame.columns]]
    repaired = data["repaired"].notna().to_numpy() if "repaired" in data else None
    conf = (
        data["confidence"].to_numpy(dtype=float, na_value=np.nan) if "confidence" in data else None
    )
    lines = []
    for i, row in enumerate(data.astype(object).to_dict("records")):
        row["_repaired"] = bool(repaired[i]) if repaired is not None else False
        row["_low"] = bool(conf[i] < LOW_CONFIDENCE) if conf is not None else False
        classes = "kx-row" + (" kx-repaired" if row["_repaired"] else "")
        classes += " kx-low" if row["_low"] else ""
        attrs = "".join(f' data-{esc(a)}="{esc(_label(row.get(a)))}"' for a in row_attrs)
        cells = "".join(
            f'<td class="{cls}">{inner}</td>' if cls else f"<td>{inner}</td>"
            for cls, inner in (_cell(c, row) for c in columns)
        )
        lines.append(f'<tr class="{classes}"{attrs}>{cells}</tr>')
    more = ""
    if len(frame) > limit:
        more = f'<p class="kx-legend">Showing the first {limit:,} of {len(frame):,} figures.</p>'
    return (
        f'<div class="kx-table-wrap"><table class="kx-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(lines)}</tbody></table></div>{more}"
    )


# --------------------------------------------------------------------------- variants


@dataclass
class _Plan:
    #: (row positions or None for all rows, description); index 0 is "All"
    subsets: list[tuple[np.ndarray | None, str]]
    #: "i,j,k" (selectedIndex of each active select, 0 = All) -> index into subsets
    keys: dict[str, int]
    complete: bool  # every combination with data has a key
    reduced: bool


def _plan_variants(frame: pd.DataFrame, active: list[str], labels: dict[str, list[str]]) -> _Plan:
    """Every filter combination with data, deduplicated by the rows it selects, within the cap."""
    n = len(active)
    all_key = ",".join("0" * n) if n else ""
    subsets: list[tuple[np.ndarray | None, str]] = [(None, "all figures")]
    if not n:
        return _Plan(subsets, {all_key: 0}, complete=True, reduced=False)
    codes = {}
    for f in active:
        values = frame[f].map(_label).astype(object).to_numpy()
        lookup = {v: i + 1 for i, v in enumerate(labels[f])}
        codes[f] = np.array([lookup.get(v, 0) for v in values], dtype=np.int64)

    def combos(size: int) -> list[tuple[tuple[int, ...], np.ndarray]]:
        out = []
        for chosen in itertools.combinations(range(n), size):
            cols = pd.DataFrame({i: codes[active[i]] for i in chosen})
            cols = cols[(cols > 0).all(axis=1)]  # rows with a value in every chosen filter
            if cols.empty:
                continue
            groups = cols.groupby(list(chosen), sort=True).indices
            for combo, positions in groups.items():
                key = [0] * n
                for i, c in zip(chosen, np.atleast_1d(combo), strict=True):
                    key[i] = int(c)
                rows = cols.index.to_numpy()[positions].astype(np.int64)
                out.append((tuple(key), rows))
        return out

    def describe(key: tuple[int, ...]) -> str:
        return ", ".join(
            f"{HEADERS.get(active[i], active[i])} = {labels[active[i]][k - 1]}"
            for i, k in enumerate(key)
            if k
        )

    everything = [c for size in range(1, n + 1) for c in combos(size)]
    distinct = {p.tobytes() for _, p in everything if len(p) < len(frame)}
    reduced = len(distinct) > MAX_VARIANTS
    if reduced:
        chosen: list[tuple[tuple[int, ...], np.ndarray]] = []
        singles = combos(1)
        for i in range(n):  # whole filters, in order, while they fit
            of_filter = [c for c in singles if c[0][i]]
            if len(chosen) + len(of_filter) <= MAX_VARIANTS:
                chosen += of_filter
        everything = chosen
    keys = {all_key: 0}
    seen = {np.arange(len(frame), dtype=np.int64).tobytes(): 0}
    for key, positions in everything:
        sig = positions.tobytes()
        if sig not in seen:
            seen[sig] = len(subsets)
            subsets.append((positions, describe(key)))
        keys[",".join(map(str, key))] = seen[sig]
    return _Plan(subsets, keys, complete=not reduced, reduced=reduced)


# --------------------------------------------------------------------------- output helpers


def render_png(fig: Figure, dpi: int = PNG_DPI) -> str:
    """`fig` as base64 PNG, then closed (so pyplot never keeps or re-shows it).

    The image is flattened on white and reduced to a 64-colour palette: charts are flat colours
    and anti-aliased text, so this looks the same and is about a third of the size.
    """
    buf = BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    finally:
        plt.close(fig)
    image = Image.open(BytesIO(buf.getvalue())).convert("RGBA")
    flat = Image.new("RGBA", image.size, "white")
    flat.alpha_composite(image)
    small = flat.convert("RGB").quantize(colors=64, method=Image.Quantize.FASTOCTREE)
    palette = small.getpalette() or []
    snapped = [255 if min(palette[i : i + 3]) >= 250 else None for i in range(0, len(palette), 3)]
    for slot, white in enumerate(snapped):  # the octree's near-white (254) back to page white
        if white:
            palette[3 * slot : 3 * slot + 3] = [255, 255, 255]
    small.putpalette(palette)
    out = BytesIO()
    small.save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode("ascii")


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element (no `<`, `>` or `&` to end it early)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


__all__ = [
    "DEFAULT_COLUMNS",
    "DEFAULT_FILTERS",
    "LEGEND",
    "MAX_VARIANTS",
    "Explorer",
    "StaticExplorer",
    "explore",
    "render_png",
    "table_html",
]
