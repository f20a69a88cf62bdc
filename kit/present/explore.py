"""One call for each filtered chart and table of a notebook: live in JupyterLab, static in HTML.

    kit.present.explore(frame, charts.counts_bar, title="Which regions report most figures")

In JupyterLab it returns an ipywidgets view: a `FilterPanel` whose changes redraw the chart and
the table of figures under it. In a briefing (the mode `kit.present.mode` holds, set once by the
notebook from the parameter papermill injects; the notebook is exported to HTML, no kernel
afterwards) it returns a `StaticExplorer`, displayed under its own MIME type
(`kit.present.mode.FRAGMENT_MIME`, also as text/html) as a self-contained fragment: `<select>`
filters, one pre-rendered chart per distinct filtered subset, the table with `data-*` attributes,
and a few lines of vanilla JS that switch chart and rows. Without JavaScript (or in print) the
"All" chart and every row show.

Every piece of document text (what is counted, the surface, the sentence, region, report name)
is untrusted web scrape and goes through `html.escape` before it reaches the page.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Sequence
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

from kit.present import mode
from kit.present.charts import LOW_CONFIDENCE
from kit.present.excerpt import RULE as EXCERPT_RULE
from kit.present.labels import HEADERS, header
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
from kit.present.widgets import (
    EMPTY_SELECTION,
    FilterPanel,
    interactive,
    present_values,
    value_codes,
)
from kit.publish.render import asset
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

#: most distinct chart variants pre-rendered per call. Every combination of the filters that
#: selects a distinct, non-empty set of figures is one variant (combinations that select the
#: same rows share one image). Above this (a safety net, far above what a briefing's region x
#: topic x year filters make: 238 variants for 12,750 figures), only one-filter variants are
#: rendered, whole filters at a time, in `filters` order, and the page says which chart it shows.
MAX_VARIANTS = 600
#: table rows in the JupyterLab view (a briefing holds every figure)
#: resolution of the pre-rendered charts (8 in wide house figures -> 880 px)
PNG_DPI = 110
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

        from kit.publish.render import asset, render

        frame = prepared(frame)
        uid = fragment_id(title, columns, filters)
        options = {f: present_values(frame[f]) for f in filters}
        active = [f for f in filters if len(options[f]) > 1]
        labels = {f: [_label(v) for v in options[f]] for f in active}
        codes = {f: _codes(frame[f], options[f]) for f in active}
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

        import kit

        config = {
            "variants": variant_keys,
            "complete": plan.complete,
            "n": len(frame),
            "columns": [[c, header(c)] for c in columns],
            "filters": [[f, header(f)] for f in active],
            "csv": csv_columns(frame, columns, active),
            "search_extra": [c for c in search_columns(frame, columns) if c not in columns],
            "file": slug(title),
            "version": kit.__version__,
            "excerpt": EXCERPT_RULE,
            "neutralise": FORMULA_RULE,
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
    "MAX_VARIANTS",
    "Explorer",
    "StaticExplorer",
    "explore",
    "render_png",
    "render_svg",
    "search_columns",
    "search_mask",
]
