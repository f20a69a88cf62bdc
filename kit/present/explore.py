"""One call for each filtered chart and table of a notebook: live in JupyterLab, static in HTML.

    kit.present.explore(frame, charts.counts_bar, title="Which regions report most figures")

In JupyterLab it returns an ipywidgets view: a `FilterPanel` whose changes redraw the chart and
the table of figures under it. In a briefing (the mode `kit.present.mode` holds, set once by the
notebook from the parameter papermill injects; the notebook is exported to HTML, no kernel
afterwards) it returns a `StaticExplorer`, displayed under its own MIME type
(`kit.present.mode.FRAGMENT_MIME`, also as text/html) as a self-contained fragment: `<select>`
filters, the "All" chart as a PNG and a chart for each distinct filtered subset
(`kit.present.variants`: specs the page's script draws), the table with `data-*` attributes, and
vanilla JS that switches chart and rows. Without JavaScript (or in print) the
"All" chart and every row show.

Every piece of document text (what is counted, the surface, the sentence, region, report name)
is untrusted web scrape and goes through `html.escape` before it reaches the page.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
from IPython.display import display
from matplotlib.figure import Figure

from kit._version import __version__
from kit.assets import asset
from kit.present import mode
from kit.present.charts import LOW_CONFIDENCE
from kit.present.excerpt import RULE as EXCERPT_RULE
from kit.present.labels import header
from kit.present.mode import FRAGMENT_MIME
from kit.present.rows import (
    CHECK_SOURCE,
    LAB_TABLE_ROWS,
    LEGEND,
    REPAIRED_MARK,
    esc,
    prepared,
    static_css,
    static_rows,
    table_html,
)
from kit.present.rows import filter_label as _label
from kit.present.variants import chart_variants
from kit.present.widgets import (
    EMPTY_SELECTION,
    FilterPanel,
    interactive,
    present_values,
    value_codes,
)
from kit.reconcile import VERSION_COLUMNS
from kit.run.output import FORMULA_RULE

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

#: table rows in the JupyterLab view (a briefing holds every figure)
NO_SCRIPT = (
    "Filters, search, sorting, the CSV download and citations need JavaScript, which is off "
    "here: every figure is listed below and the chart shows all of them."
)

NO_MATCH = "No figure matches these filters and this search."
#: what a briefing says in place of a chart and table with no figure at all
NO_FIGURES = "No figure of this kind in these reports, so there is no chart or table here."

Chart = Callable[[pd.DataFrame], Figure]


# --------------------------------------------------------------------------- public


def explore(
    frame: pd.DataFrame,
    chart: Chart,
    *,
    title: str,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    filters: Sequence[str] = DEFAULT_FILTERS,
    briefing: bool | None = None,
) -> Any:
    """A filtered chart with the table of its figures: a live widget, or a static HTML fragment.

    `chart` takes a metrics frame and returns a matplotlib Figure (any `kit.charts` function).
    `columns` are the table's columns, `filters` the columns offered as lists (those with more
    than one value), in JupyterLab and in the briefing alike. `briefing` overrides the mode the
    notebook set (`kit.present.mode.set_briefing`).
    """
    columns = tuple(columns)
    filters = tuple(filters)
    unknown = [c for c in (*columns, *filters) if c not in frame.columns]
    if unknown:
        raise ValueError(f"not columns of the metrics frame: {', '.join(unknown)}")
    if briefing is None:
        briefing = mode.briefing()
    if briefing and frame.empty:
        return StaticExplorer.nothing(title, columns, filters)
    if briefing:
        return StaticExplorer.build(frame, chart, title=title, columns=columns, filters=filters)
    return Explorer(frame, chart, title=title, columns=columns, filters=filters)


#: hides the saved static chart while the live widget renders above it (JupyterLab, trusted
#: outputs). Reopened without a kernel the widget is gone (or its style stripped, untrusted),
#: so the static image shows: the notebook stays readable.
_STATIC_COPY_CSS = (
    ".jp-OutputArea-child:has(.kit-explorer) + .jp-OutputArea-child:has(.kx-live-marker),"
    ".jp-OutputArea-child:has(.kit-explorer) + .jp-OutputArea-child:has(.kx-live-marker)"
    " + .jp-OutputArea-child{display:none}"
)


class Explorer(w.VBox):
    """The JupyterLab view: title, FilterPanel, chart output, then the table of figures.

    Displayed, it also leaves a plain PNG of the chart in the cell's outputs (hidden while the
    widget is live), so a saved notebook reopens with its charts instead of "model not found".
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        chart: Chart,
        *,
        title: str,
        columns: Sequence[str],
        filters: Sequence[str] | None = DEFAULT_FILTERS,
    ) -> None:
        super().__init__()
        self.title = title
        self.columns = tuple(columns)
        frame = prepared(frame)
        self.panel = FilterPanel(frame, filters=filters)
        view = interactive(self.panel, chart)
        self.chart_output: w.Output = view.children[1]
        self.table = w.HTML(layout=w.Layout(width="100%", max_width="100%", overflow="auto"))
        self.search = w.Text(placeholder="Search the figures…", description="Search")
        self.download_button = w.Button(
            description="Download CSV", tooltip="The rows shown, with every provenance column"
        )
        self.download_link = w.HTML()
        self.search.observe(lambda _change: self._show_table(self.panel.filtered), "value")
        self.download_button.on_click(lambda _button: self._offer_csv())
        self._show_table(self.panel.filtered)
        self.panel.on_change(self._show_table)
        self.panel.on_change(lambda _frame: self._update_static())
        heading = w.HTML(f"<h4 style='margin:0.2em 0'>{esc(title)}</h4>")
        tools = w.HBox([self.search, self.download_button, self.download_link])
        self.children = (heading, view, tools, self.table)
        self.add_class("kit-explorer")
        self.layout.max_width = "100%"
        self._static_handle: Any = None

    @property
    def rows(self) -> pd.DataFrame:
        """The figures the table shows: the panel's filters, then the search."""
        frame = self.panel.filtered
        return frame[search_mask(frame, self.search.value, self.columns)]

    def csv_text(self) -> str:
        """The rows shown as the briefing's Download CSV writes them (same columns, formula
        cells neutralised)."""
        from kit.run.output import neutralise_formulas

        rows = self.rows
        keep = csv_columns(rows, self.columns, list(self.panel.selects))
        return neutralise_formulas(rows[keep]).to_csv(index=False, lineterminator="\r\n")

    def _offer_csv(self) -> None:
        data = base64.b64encode(("\ufeff" + self.csv_text()).encode("utf-8")).decode("ascii")
        n = len(self.rows)
        self.download_link.value = (
            f'<a download="{slug(self.title)}.csv" href="data:text/csv;base64,{data}">'
            f"Save {esc(slug(self.title))}.csv ({n:,} figure{'s' * (n != 1)})</a>"
        )

    def static_bundle(self) -> dict[str, Any]:
        """The chart as it is drawn now, as a plain image output (no widget needed)."""
        outputs = self.chart_output.outputs
        data = dict(outputs[0].get("data", {})) if outputs else {}
        png = data.get("image/png")
        if png:
            caption = f"{self.title} (static copy of the chart, for reading without a kernel)"
            return {"image/png": png, "text/plain": caption}
        return {"text/plain": data.get("text/plain", EMPTY_SELECTION)}

    def _ipython_display_(self) -> None:
        """The widget, then the static copy (and the style that hides it while live)."""
        display(self._repr_mimebundle_(), raw=True)
        marker = f'<style>{_STATIC_COPY_CSS}</style><div class="kx-live-marker"></div>'
        display({"text/html": marker, "text/plain": ""}, raw=True)
        self._static_handle = display(self.static_bundle(), raw=True, display_id=True)

    def _update_static(self) -> None:
        if self._static_handle is not None:
            self._static_handle.update(self.static_bundle(), raw=True)

    def _show_table(self, frame: pd.DataFrame) -> None:
        self.download_link.value = ""  # a new selection: the old file no longer matches
        frame = frame[search_mask(frame, self.search.value, self.columns)]
        if frame.empty:
            self.table.value = f"<p><b>{esc(EMPTY_SELECTION)}</b></p>"
            return
        body = table_html(frame, self.columns, limit=LAB_TABLE_ROWS, cite=True)
        self.table.value = (
            f"<style>{asset('explore.css')}</style><div class='kit-explore'>"
            f"<p class='kx-legend'>{LEGEND}</p>{body}</div>"
        )


@dataclass
class StaticExplorer:
    """The briefing fragment of one `explore` call; displays itself as HTML in a notebook."""

    title: str
    html: str
    n_variants: int  # distinct charts (specs or images), "All" included
    reduced: bool = False  # True when the cap made only one-filter variants be rendered
    filters: tuple[str, ...] = field(default_factory=tuple)  # filters offered as selects

    @classmethod
    def nothing(cls, title: str, columns: Sequence[str], filters: Sequence[str]) -> StaticExplorer:
        """The fragment of a selection with no figure: its title and one line saying so, never
        an empty chart or an empty table."""
        uid = fragment_id(title, columns, filters)
        page = (
            f'<div class="kit-explore" id="{uid}" data-loaded="1">'
            f'<h4 class="kx-title">{esc(title)}</h4>'
            f'<p class="kx-legend">{esc(NO_FIGURES)}</p></div>'
        )
        return cls(title=title, html=page, n_variants=0)

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
        from markupsafe import Markup

        from kit.assets import asset, render

        frame = prepared(frame)
        uid = fragment_id(title, columns, filters)
        options = {f: present_values(frame[f]) for f in filters}
        active = [f for f in filters if len(options[f]) > 1]
        labels = {f: [_label(v) for v in options[f]] for f in active}
        codes = {f: _codes(frame[f], options[f]) for f in active}
        charts = chart_variants(
            frame,
            chart,
            title=title,
            active=active,
            labels=labels,
            codes=codes,
            names={f: header(f) for f in active},
        )
        images = [
            f'<img class="kx-chart kx-all" data-variant="0" alt="{esc(charts.alts[0])}" '
            f'src="data:image/png;base64,{charts.all_png}">',
        ]
        if len(charts.items) > 1:  # where the script shows the other variants
            images.append(
                '<div class="kx-chart kx-variant" hidden></div>'
                if charts.kind == "spec"
                else '<img class="kx-chart kx-variant" hidden alt="">'
            )

        config = {
            "variants": charts.keys,
            "complete": charts.complete,
            "n": len(frame),
            "columns": [[c, header(c)] for c in columns],
            "filters": [[f, header(f)] for f in active],
            "csv": csv_columns(frame, columns, active),
            "search_extra": [c for c in search_columns(frame, columns) if c not in columns],
            "file": slug(title),
            "version": __version__,
            "excerpt": EXCERPT_RULE,
            "neutralise": FORMULA_RULE,
            "repaired_mark": REPAIRED_MARK,
            "check_source": CHECK_SOURCE,
            "no_match": NO_MATCH,
            "data": _payload(frame, columns, active, codes),
            "charts": _pack({charts.kind: charts.items, "alt": charts.alts}, always=True),
            "chart_width": charts.width,
        }
        page = render(
            "explore.html.j2",
            id=uid,
            css=Markup(asset("explore.css") + static_css(uid, columns)),
            js=Markup(asset("chart.js") + asset("explore.js")),
            title=title,
            nojs=NO_SCRIPT,
            filters=[{"key": f, "label": header(f), "options": labels[f]} for f in active],
            total=len(frame),
            images=Markup("".join(images)),
            chart_width=charts.width,
            chart_height=charts.height,
            glyphs=charts.glyphs,
            empty=EMPTY_SELECTION,
            legend=Markup(LEGEND),
            headers=[header(c) for c in columns],
            rows=Markup(static_rows(frame, columns)),
            config=config,
        )
        return cls(
            title=title,
            html=page,
            n_variants=len(charts.items),
            reduced=charts.reduced,
            filters=tuple(active),
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """The fragment under its own MIME type, which `kit.publish` selects by key, and as
        text/html for any other front end."""
        return {FRAGMENT_MIME: self.html, "text/html": self.html, "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"<StaticExplorer {self.title!r}: {self.n_variants} chart variants>"


_USED_IDS: dict[str, int] = {}


def fragment_id(title: str, columns: Sequence[str], filters: Sequence[str]) -> str:
    """An id that stays the same when the briefing is rebuilt, so a shared link (whose hash
    names it) still opens the same view; a repeated call in one kernel gets a suffix."""
    digest = hashlib.sha1("\x1f".join([title, *columns, "|", *filters]).encode()).hexdigest()
    base = "kx-" + digest[:10]
    seen = _USED_IDS.get(base, 0)
    _USED_IDS[base] = seen + 1
    return base if not seen else f"{base}{seen:x}"


def slug(title: str) -> str:
    """A file name for the download: ASCII words of the title, else `figures`."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:60].strip("-") or "figures"


#: columns of the downloaded CSV besides the table's, when the frame has them
CSV_EXTRA: tuple[str, ...] = (
    "signed_value",
    "change",
    "direction",
    "qualifier",
    "baseline",
    "topic",
    "indicator",
    "metric",
    "scope",
    "scope_name",
    "period",
    "language",
    "title",
    "publisher",
    "published",
    "url",
    "doc_id",
    "start",
    "end",
    *VERSION_COLUMNS,
    "note",
)


def csv_columns(frame: pd.DataFrame, columns: Sequence[str], filters: Sequence[str]) -> list[str]:
    wanted = [*columns, *filters, "value", "unit", "counted", "text", "sentence", *CSV_EXTRA]
    return [c for c in dict.fromkeys(wanted) if c in frame.columns]


#: columns searched besides the table's, when the frame has them (the briefing's too)
SEARCH_EXTRA: tuple[str, ...] = ("doc_id", "title", "topic")


def search_columns(frame: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    """What a search looks in: the table's columns, then `SEARCH_EXTRA`."""
    return [c for c in dict.fromkeys([*columns, *SEARCH_EXTRA]) if c in frame.columns]


def search_mask(frame: pd.DataFrame, query: str, columns: Sequence[str]) -> np.ndarray:
    """Rows where `query` (case-folded, trimmed) is in any searched column: the rule
    explore.js applies in a briefing, for the JupyterLab view."""
    q = (query or "").strip().lower()
    if not q:
        return np.ones(len(frame), dtype=bool)
    found = np.zeros(len(frame), dtype=bool)
    for c in search_columns(frame, columns):
        text = frame[c].astype("string").str.lower()
        found |= text.str.contains(q, regex=False).to_numpy(dtype=bool, na_value=False)
    return found


def _codes(column: pd.Series, values: list[Any]) -> np.ndarray:
    """The select's index that keeps each row: 1 + the index of its value in `values` (the
    Lab's `value_codes`), 0 where it has none (0 is the select's "All")."""
    return value_codes(column, values) + 1


def _json_values(column: pd.Series) -> list[Any]:
    """A column as JSON-ready values: None for missing, ints for whole numbers of int columns."""
    values = column.astype(object).to_numpy()
    missing = column.isna().to_numpy()
    integer = pd.api.types.is_integer_dtype(column.dtype)
    out: list[Any] = []
    for v, m in zip(values, missing, strict=True):
        if m:
            out.append(None)
        elif integer or isinstance(v, np.integer):
            out.append(int(v))
        elif isinstance(v, float | np.floating):
            out.append(float(v))
        elif isinstance(v, bool | np.bool_):
            out.append(bool(v))
        else:
            out.append(str(v))
    return out


#: payloads larger than this (characters of JSON) are gzip-compressed, then base64-encoded
GZIP_FROM = 64_000


def _payload(
    frame: pd.DataFrame,
    columns: Sequence[str],
    active: Sequence[str],
    codes: dict[str, np.ndarray],
) -> dict[str, Any]:
    """Every figure as columns of raw values (sentences stored once), for the page's script."""
    keep = csv_columns(frame, columns, active)
    cols: dict[str, list[Any]] = {}
    sentences: list[str] = []
    for c in dict.fromkeys([*keep, "note", "shown", "cite"]):
        if c not in frame.columns:
            continue
        values = _json_values(frame[c])
        if c == "sentence":
            index: dict[str, int] = {}
            values = [None if s is None else index.setdefault(s, len(index)) for s in values]
            sentences = list(index)
        cols[c] = values
    repaired = frame["repaired"].notna().to_numpy() if "repaired" in frame else None
    conf = (
        frame["confidence"].to_numpy(dtype=float, na_value=np.nan)
        if "confidence" in frame
        else None
    )
    flags = np.zeros(len(frame), dtype=np.int64)
    if repaired is not None:
        flags |= repaired.astype(np.int64)
    if conf is not None:
        flags |= (conf < LOW_CONFIDENCE).astype(np.int64) * 2
    rows = {
        "cols": cols,
        "sentences": sentences,
        "codes": {f: codes[f].tolist() for f in active},
        "flags": flags.tolist(),
    }
    return _pack(rows)


def _pack(value: Any, *, always: bool = False) -> dict[str, Any]:
    """`{"rows": value}`, or `{"gzip": base64}` of its JSON when large (or `always`)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if len(text) < GZIP_FROM and not always:
        return {"rows": value}
    packed = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    return {"gzip": base64.b64encode(packed).decode("ascii")}


__all__: list[str] = []  # everything here serves its own package
