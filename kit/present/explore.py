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
import gzip
import hashlib
import html
import itertools
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from typing import Any

import ipywidgets as w
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from matplotlib.figure import Figure
from PIL import Image

from kit._version import __version__
from kit.assets import asset
from kit.present.charts import LOW_CONFIDENCE, fmt_number
from kit.present.widgets import (
    EMPTY_SELECTION,
    FilterPanel,
    display_name,
    interactive,
    present_values,
)
from kit.reconcile import VERSION_COLUMNS

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
#: same rows share one image). Above this (a safety net, far above what a briefing's region x
#: topic x year filters make: 238 variants for 12,750 figures), only one-filter variants are
#: rendered, whole filters at a time, in `filters` order, and the page says which chart it shows.
MAX_VARIANTS = 600
#: table rows in the JupyterLab view (a briefing holds every figure)
LAB_TABLE_ROWS = 200
#: characters of the source sentence kept on each side of the figure in a table's excerpt
EXCERPT_SIDE = 60
#: resolution of the pre-rendered charts (8 in wide house figures -> 880 px)
PNG_DPI = 110
NO_SCRIPT = (
    "Filters, search, sorting, the CSV download and citations need JavaScript, which is off "
    "here: every figure is listed below and the chart shows all of them."
)

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
NO_MATCH = "No figure matches these filters and this search."
#: what a briefing says in place of a chart and table with no figure at all
NO_FIGURES = "No figure of this kind in these reports, so there is no chart or table here."
CHECK_SOURCE = "check source"
LEGEND = (
    f"<b>{REPAIRED_MARK}</b> repaired: the value was read from a damaged translation by the "
    f'named rule (hover the value for why). <span class="kx-check">{CHECK_SOURCE}</span> '
    f"confidence below {LOW_CONFIDENCE:g}: read the source sentence before quoting the figure."
)  # HTML, written here: no document text in it

Chart = Callable[[pd.DataFrame], Figure]


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
    `columns` are the table's columns, `filters` the columns offered as lists (those with more
    than one value), in JupyterLab and in the briefing alike.
    """
    columns = tuple(columns)
    filters = tuple(filters)
    unknown = [c for c in (*columns, *filters) if c not in frame.columns]
    if unknown:
        raise ValueError(f"not columns of the metrics frame: {', '.join(unknown)}")
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
    n_variants: int  # distinct pre-rendered chart images, "All" included
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
        codes = {f: _codes(frame[f], labels[f]) for f in active}
        plan = _plan_variants(frame, active, labels, codes)

        # "All" is a PNG in the page (it shows without JavaScript and in print); every other
        # variant is an SVG of the same matplotlib chart, gzipped with the others (about 1 kB
        # each, against 12 kB as PNG). Subsets that draw the same picture share one variant.
        svgs: list[str] = [""]
        alts: list[str] = [f"Chart: {title} (all figures)"]
        svg_of: dict[str, int] = {}
        subset_image: list[int] = []
        all_png = ""
        for k, (rows, desc) in enumerate(plan.subsets):
            subset = frame if rows is None else frame.iloc[rows]
            try:
                fig = chart(subset)
                picture = render_png(fig) if k == 0 else render_svg(fig)
            except Exception as exc:
                name = getattr(chart, "__name__", repr(chart))
                raise RuntimeError(f"chart {name} failed for {desc}: {exc}") from exc
            if k == 0:
                all_png = picture
                subset_image.append(0)
                continue
            if picture not in svg_of:
                svg_of[picture] = len(svgs)
                svgs.append(picture)
                alts.append(f"Chart: {title} ({desc})")
            subset_image.append(svg_of[picture])
        images = [
            f'<img class="kx-chart kx-all" data-variant="0" alt="{esc(alts[0])}" '
            f'src="data:image/png;base64,{all_png}">',
            '<img class="kx-chart kx-variant" hidden alt="">' if len(svgs) > 1 else "",
        ]
        variant_keys = {key: subset_image[i] for key, i in plan.keys.items()}
        chart_width, chart_height = png_size(all_png)

        config = {
            "variants": variant_keys,
            "complete": plan.complete,
            "n": len(frame),
            "columns": [[c, header(c)] for c in columns],
            "filters": [[f, header(f)] for f in active],
            "csv": csv_columns(frame, columns, active),
            "search_extra": [c for c in search_columns(frame, columns) if c not in columns],
            "file": slug(title),
            "version": __version__,
            "excerpt_side": EXCERPT_SIDE,
            "repaired_mark": REPAIRED_MARK,
            "check_source": CHECK_SOURCE,
            "no_match": NO_MATCH,
            "data": _payload(frame, columns, active, codes),
            "charts": _pack({"svg": svgs, "alt": alts}, always=True),
        }
        page = render(
            "explore.html.j2",
            id=uid,
            css=Markup(asset("explore.css") + static_css(uid, columns)),
            js=Markup(asset("explore.js")),
            title=title,
            nojs=NO_SCRIPT,
            filters=[{"key": f, "label": header(f), "options": labels[f]} for f in active],
            total=len(frame),
            images=Markup("".join(images)),
            chart_width=chart_width,
            chart_height=chart_height,
            empty=EMPTY_SELECTION,
            legend=Markup(LEGEND),
            headers=[header(c) for c in columns],
            rows=Markup(static_rows(frame, columns)),
            config=config,
        )
        return cls(
            title=title,
            html=page,
            n_variants=len(svgs),
            reduced=plan.reduced,
            filters=tuple(active),
        )

    def _repr_html_(self) -> str:
        return self.html

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


def header(column: str) -> str:
    return HEADERS.get(column, column.replace("_", " ").capitalize())


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


def prepared(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with what every view of it shows: `signed_value`, the value as a reader says
    it (`shown`: "over 40,000", "−6.32%", by `kit.present.fmt`) and each figure's citation
    (`cite`, by `kit.present.citation`). The briefing's script and the lab explorer read these
    columns, so each rule has one implementation."""
    from kit.frame import with_signed_value
    from kit.present.citation import citations
    from kit.present.fmt import shown

    data = frame if "signed_value" in frame else with_signed_value(frame)
    if "shown" not in data and {"unit", "change", "direction", "qualifier"} <= set(data):
        data = data.assign(shown=shown(data))
    if "cite" not in data:
        data = data.assign(cite=citations(data))
    return data


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


def _codes(column: pd.Series, labels: list[str]) -> np.ndarray:
    """1 + the index of each row's value in `labels`, 0 where the row has none."""
    lookup = {v: i + 1 for i, v in enumerate(labels)}
    values = column.map(_label).astype(object).to_numpy()
    return np.array([lookup.get(v, 0) for v in values], dtype=np.int64)


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


def excerpt(sentence: str, surface: object, side: int = EXCERPT_SIDE) -> tuple[str, str, str]:
    """(before, figure, after): the sentence around its figure, at most `side` characters each
    side, cut after a space where one is near (so words stay whole) and marked with "…"."""
    at = sentence.find(surface) if isinstance(surface, str) and surface else -1
    if at < 0:
        if len(sentence) <= 2 * side:
            return sentence, "", ""
        return sentence[: 2 * side] + "…", "", ""
    before, after = sentence[:at], sentence[at + len(str(surface)) :]
    if len(before) > side:
        before = before[-side:]
        space = before.find(" ")
        before = "…" + (before[space + 1 :] if 0 <= space < 15 else before)
    if len(after) > side:
        after = after[:side]
        space = after.rfind(" ")
        after = (after[:space] if space >= 0 and space > side - 15 else after) + "…"
    return before, str(surface), after


def _sentence_html(sentence: str, surface: object, *, expandable: bool) -> str:
    """The excerpt with the figure marked; `expandable` wraps it in <details> holding the whole
    sentence (a click opens it, with no script: JupyterLab's HTML output runs none)."""
    before, mark, after = excerpt(sentence, surface)
    short = esc(before) + (f"<mark>{esc(mark)}</mark>" if mark else "") + esc(after)
    if not expandable or (before + mark + after) == sentence:
        return short
    b, m, a = excerpt(sentence, surface, side=len(sentence))
    whole = esc(b) + (f"<mark>{esc(m)}</mark>" if m else "") + esc(a)
    return (
        f'<details class="kx-sent"><summary title="Click to read the whole sentence">{short}'
        f' <span class="kx-toggle">(more)</span></summary>{whole}</details>'
    )


def _cell(column: str, row: dict[str, Any], *, expandable: bool = True) -> tuple[str, str]:
    """(td class, escaped inner HTML) of one cell."""
    value = row.get(column)
    missing = value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
    if column == "value":
        said = row.get("shown")
        text = "" if missing else (said if isinstance(said, str) else fmt_number(float(value)))
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
        return "kx-sentence", _sentence_html(str(value), row.get("text"), expandable=expandable)
    if missing:
        return "", ""
    if column == "year":
        return "kx-num", esc(_label(value))
    if column == "doc_id":
        return "", _breakable(value)
    if column in ("indicator", "metric"):
        return "", esc(display_name(column, value))
    return ("kx-counted" if column == "counted" else ""), esc(value)


def _breakable(value: object) -> str:
    """Escaped, with line-break opportunities after underscores (rule names, file names)."""
    return esc(value).replace("_", "_<wbr>")


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> Iterator[dict[str, Any]]:
    needed = list(dict.fromkeys([*columns, "repaired", "confidence", "note", "text", "shown"]))
    data = frame[[c for c in needed if c in frame.columns]]
    repaired = data["repaired"].notna().to_numpy() if "repaired" in data else None
    conf = (
        data["confidence"].to_numpy(dtype=float, na_value=np.nan) if "confidence" in data else None
    )
    for i, row in enumerate(data.astype(object).to_dict("records")):
        row["_repaired"] = bool(repaired[i]) if repaired is not None else False
        row["_low"] = bool(conf[i] < LOW_CONFIDENCE) if conf is not None else False
        yield row


def _row_class(row: dict[str, Any]) -> str:
    return (
        "kx-row" + (" kx-repaired" if row["_repaired"] else "") + (" kx-low" if row["_low"] else "")
    )


#: characters each side of the figure in the static table's excerpts (the script shows more)
STATIC_EXCERPT_SIDE = 25
_NUMERIC = ("value", "confidence", "year", "start", "end", "signed_value")


#: printed widths of a static table's columns, in parts of the page (scaled to fill it): on
#: paper the table is laid out at these widths, so every column stays and the words (the
#: source sentence most) get the room that keeps rows short
PRINT_WIDTHS: dict[str, float] = {
    "region": 6.5,
    "scope_name": 7,
    "year": 4.5,
    "language": 4.5,
    "value": 8.5,
    "unit": 5.5,
    "counted": 12,
    "text": 7.5,
    "repaired": 8,
    "confidence": 6.5,
    "sentence": 30,
    "doc_id": 10,
    "title": 12,
    "topic": 6,
    "indicator": 9,
    "metric": 9,
    "period": 6,
    "change": 5,
    "direction": 5,
    "baseline": 6,
    "qualifier": 6,
    "note": 12,
}
_PRINT_DEFAULT = 7.0


def static_css(uid: str, columns: Sequence[str]) -> str:
    """Column rules of one fragment's static table by position, so its 20,000 rows need no
    class on any cell: numbers right-aligned, repaired values tinted, sentences wide."""
    rules, paper = [], []
    for n, column in enumerate(columns, start=1):
        cell = f"#{uid} .kx-static td:nth-child({n})"
        if column in _NUMERIC:
            rules.append(f"{cell}{{text-align:right;white-space:nowrap}}")
        if column == "value":
            rules.append(f"#{uid} .kx-static tr.r td:nth-child({n}){{background:#fff3d6}}")
        if column == "sentence":
            rules.append(f"{cell}{{min-width:14em}}")
    total = sum(PRINT_WIDTHS.get(c, _PRINT_DEFAULT) for c in columns) or 1.0
    for n, column in enumerate(columns, start=1):
        share = 100 * PRINT_WIDTHS.get(column, _PRINT_DEFAULT) / total
        paper.append(f"#{uid} .kx-static :is(th,td):nth-child({n}){{width:{share:.1f}%}}")
    fixed = f"#{uid} .kx-static table{{table-layout:fixed !important}}"
    return "".join(rules) + f"@media print{{{fixed}{''.join(paper)}}}"


def static_rows(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    """Every figure as table rows for a briefing, as compact as HTML allows (no end tags, which
    HTML implies, and no classes on cells; see `static_css`), with short sentence excerpts:
    the view without JavaScript and in print. The script shows whole sentences."""
    lines = []
    for row in _records(frame, columns):
        cells = []
        for column in columns:
            if column == "sentence" and isinstance(row.get("sentence"), str):
                before, mark, after = excerpt(row["sentence"], row.get("text"), STATIC_EXCERPT_SIDE)
                marked = f"<mark>{esc(mark)}</mark>" if mark else ""
                cells.append(f"<td>{esc(before)}{marked}{esc(after)}")
                continue
            cells.append(f"<td>{_cell(column, row, expandable=False)[1]}")
        flags = " ".join(f for f, on in (("r", row["_repaired"]), ("l", row["_low"])) if on)
        if " " in flags:
            flags = f'"{flags}"'
        lines.append((f"<tr class={flags}>" if flags else "<tr>") + "".join(cells))
    return "".join(lines)


def table_html(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    limit: int = LAB_TABLE_ROWS,
    cite: bool = False,
) -> str:
    """The figures as an HTML table, every text escaped; repaired and doubtful rows marked;
    sentences as excerpts that open on click. Past `limit` rows the rest are counted. `cite`
    adds a last column whose "Cite" opens the figure's citation (`kit.present.citation`),
    selectable for copying, with no script (JupyterLab's HTML output runs none)."""
    head = "".join(f"<th>{esc(header(c))}</th>" for c in columns)
    if cite:
        head += "<th>Cite</th>"
    lines = []
    shown = frame.iloc[:limit]
    cites = prepared(shown)["cite"].tolist() if cite else []
    for n, row in enumerate(_records(shown, columns)):
        cells = "".join(
            f'<td class="{cls}">{inner}</td>' if cls else f"<td>{inner}</td>"
            for cls, inner in (_cell(c, row) for c in columns)
        )
        if cite:
            cells += (
                '<td class="kx-cite-cell"><details><summary>Cite</summary>'
                f'<textarea readonly rows="4" cols="50">{esc(cites[n])}</textarea></details></td>'
            )
        lines.append(f'<tr class="{_row_class(row)}">{cells}</tr>')
    more = ""
    if len(frame) > limit:
        more = (
            f'<p class="kx-legend">Showing the first {limit:,} of {len(frame):,} figures; '
            "filter to see the others.</p>"
        )
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


def _plan_variants(
    frame: pd.DataFrame,
    active: list[str],
    labels: dict[str, list[str]],
    codes: dict[str, np.ndarray],
) -> _Plan:
    """Every filter combination with data, deduplicated by the rows it selects, within the cap."""
    n = len(active)
    all_key = ",".join("0" * n) if n else ""
    subsets: list[tuple[np.ndarray | None, str]] = [(None, "all figures")]
    if not n:
        return _Plan(subsets, {all_key: 0}, complete=True, reduced=False)

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


_SVG_HEAD = re.compile(r"^<\?xml[^>]*>\s*<!DOCTYPE[^>]*>\s*", re.S)
_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


_WIDE_CHAR = re.compile(r"[^\u0000-\u024f\u2000-\u206f\u2190-\u22ff]")


def needs_glyph_paths(fig: Figure) -> bool:
    """True when a text of `fig` has a character beyond Latin and common symbols (Chinese).

    An SVG shown through `<img>` may use only the reader's own fonts, and many machines have no
    Chinese one: such a chart draws its text as outlines from the kit's CJK font, which costs
    about 2-3x the bytes (84 kB against 29 kB for the seeds' Chinese bar chart, before gzip).
    """
    from matplotlib.text import Text

    return any(_WIDE_CHAR.search(t.get_text() or "") for t in fig.findobj(Text))


def render_svg(fig: Figure) -> str:
    """`fig` as SVG text, then closed: Latin text kept as text (small and sharp), a chart with
    Chinese text drawn with glyph outlines (`needs_glyph_paths`), so it reads on any machine.

    Shown through `<img src="data:image/svg+xml,...">`, where an SVG can run no script; labels
    are XML-escaped by matplotlib. Ids are salted with a constant, so builds are reproducible.
    """
    buf = StringIO()
    fonttype = "path" if needs_glyph_paths(fig) else "none"
    try:
        with mpl.rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "kit"}):
            fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    finally:
        plt.close(fig)
    return _SVG_METADATA.sub("", _SVG_HEAD.sub("", buf.getvalue()), count=1)


def png_size(png_base64: str) -> tuple[int, int]:
    """(width, height) in pixels of a base64 PNG, from its IHDR chunk."""
    head = base64.b64decode(png_base64[:32])
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


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


__all__ = [
    "DEFAULT_COLUMNS",
    "DEFAULT_FILTERS",
    "LEGEND",
    "MAX_VARIANTS",
    "Explorer",
    "StaticExplorer",
    "explore",
    "prepared",
    "render_png",
    "render_svg",
    "search_columns",
    "search_mask",
    "table_html",
]
