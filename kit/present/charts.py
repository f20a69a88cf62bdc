"""House-style matplotlib charts of a metrics frame.

Every function takes a metrics frame (see kit.frame) and returns a new Figure. Charts never touch
pyplot or the global rcParams, so notebooks, widgets and briefings can call them freely: the house
style is applied with `rc_context` while the figure is built. Titles state the finding, axes carry
units, the source is named under the chart, and figures a reader should doubt stay visible but
marked: repaired values are hatched, low-confidence values hollow.

What a chart compares follows `kit.present.series`: a chart of values never mixes series (one
panel a series), % and pp never share an axis, a unit's figure is labelled with the unit's name,
a benchmark quoted from elsewhere is drawn as a benchmark, and titles rest only on figures stated
as written or confirmed by the other-language version.
"""

from __future__ import annotations

import logging
import re
import textwrap
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from io import BytesIO
from typing import Any, Literal

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, PercentFormatter
from matplotlib.transforms import blended_transform_factory

from kit.frame import LOW_CONFIDENCE
from kit.present import fonts
from kit.present import series as _series
from kit.present.fmt import format_number, format_value
from kit.present.selection import dedupe

#: CJK fonts tried, in order, before the fallback; only the installed ones are used
CJK_FONTS: tuple[str, ...] = fonts.CJK_FAMILIES
FALLBACK_FONT = fonts.LATIN_FONT
#: a panel of counts whose largest is this many times its smallest gets a log axis
LOG_RATIO = 100.0
BENCHMARK_LABEL = "benchmark quoted from elsewhere (not the report's own)"
NO_HEADLINE = "no figure here is stated cleanly enough to headline"
LABEL_CHARS = 45
REPAIRED_LABEL = "repaired from damaged translation"
LOW_CONFIDENCE_LABEL = "low confidence: check source"
EMPTY_MESSAGE = "No figures to show"

COLORS: dict[str, str] = {
    "bar": "#3b6ea8",
    "up": "#2c7fb8",
    "down": "#e6750a",
    "text": "#222222",
    "muted": "#666666",
    "grid": "#e2e2e2",
}
HATCH = "////"

HOUSE_STYLE: dict[str, Any] = {
    "font.size": 9.5,
    "figure.titlesize": 12.5,
    "figure.titleweight": "bold",
    "figure.labelsize": 8,
    "figure.facecolor": "white",
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "axes.titlesize": 11,
    "axes.labelsize": 9.5,
    "axes.labelcolor": COLORS["text"],
    "axes.edgecolor": "#999999",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": COLORS["grid"],
    "grid.linewidth": 0.8,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.frameon": False,
    "legend.fontsize": 8.5,
    "hatch.linewidth": 0.8,
    "text.color": COLORS["text"],
    # labels come from documents and file names: a "$" there is a dollar, never mathtext
    "text.parse_math": False,
}

_GLYPH_MISSING = r"Glyph \d+ .*missing from font"

By = Literal["region", "doc_id", "topic", "year", "language", "period", "indicator", "unit"]


def font_families() -> tuple[str, ...]:
    """The font fallback list: DejaVu Sans, then the installed CJK font (`kit.present.fonts`
    finds it even when matplotlib's font cache predates it). DejaVu first keeps Latin text and
    bold titles in DejaVu; CJK glyphs fall back per glyph."""
    return tuple(fonts.font_families())


class _NoWeightNotice(logging.Filter):
    """Drop matplotlib's notice that a CJK font has no exact weight (WenQuanYi is only 500).

    It is logged on every draw of Chinese text and says nothing a reader can act on.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("findfont: Failed to find font weight")


logging.getLogger("matplotlib.font_manager").addFilter(_NoWeightNotice())


def house_style() -> dict[str, Any]:
    """The rc settings every chart is built under."""
    return {**HOUSE_STYLE, "font.family": list(font_families())}


@contextmanager
def _quiet_glyphs() -> Iterator[None]:
    """With no CJK font installed, say so once (naming the package) instead of once a glyph.

    With a CJK font, nothing is silenced: a glyph still missing is a real problem to see.
    """
    if fonts.warn_if_missing():
        yield
        return
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_GLYPH_MISSING, category=UserWarning)
        yield


class HouseFigure(Figure):
    """A Figure drawn in the house fonts that shows itself as PNG in Jupyter."""

    def draw(self, renderer: Any) -> None:
        with _quiet_glyphs():
            super().draw(renderer)

    def get_tightbbox(self, *args: Any, **kwargs: Any) -> Any:
        with _quiet_glyphs():
            return super().get_tightbbox(*args, **kwargs)

    def _repr_png_(self) -> bytes:
        buf = BytesIO()
        self.savefig(buf, format="png", bbox_inches="tight")
        return buf.getvalue()


# --------------------------------------------------------------------------- helpers


def _new_figure(n_rows: int) -> HouseFigure:
    """A constrained-layout figure whose height grows with the number of rows."""
    height = max(2.8, 1.9 + 0.3 * n_rows)
    fig = HouseFigure(figsize=(8.0, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def truncate(text: object, limit: int = LABEL_CHARS) -> str:
    """Collapse whitespace and cut to `limit` characters with an ellipsis."""
    s = re.sub(r"\s+", " ", str(text)).strip()
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


fmt_number = format_number  # the one number formatter (kit.present.fmt), kept under its old name

_FRAGMENT = re.compile(r"^\W|^(?:of|and|or|to|in|the|a|by|for|with|from|at)\b", re.IGNORECASE)


def _what(counted: object, indicator: object = None) -> str:
    """What a figure counts: its standard measure, else its own words when they read as words
    (not a fragment such as ") and provincial" or "of contradictions"), else 'figure'."""
    if isinstance(indicator, str) and indicator:
        return _series.indicator_label(indicator)
    if isinstance(counted, str) and counted.strip():
        words = counted.strip()
        if not _FRAGMENT.search(words) and len(words) >= 3:
            return words
    return "figure"


def _labels(data: pd.DataFrame, what: bool = True) -> list[str]:
    """Row labels: whose figure it is (the report, its unit, or a benchmark) · what it counts."""
    who = _series.whose(data)
    if not what:
        return [truncate(w) for w in who]
    indicator = data["indicator"].astype(object) if "indicator" in data else [None] * len(data)
    return [
        truncate(f"{w} · {_what(c, i)}")
        for w, c, i in zip(who, data["counted"].astype(object), indicator, strict=True)
    ]


def _flags(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    repaired = frame["repaired"].notna().to_numpy()
    low = (frame["confidence"] < LOW_CONFIDENCE).to_numpy(dtype=bool, na_value=False)
    return repaired, low


def _tint(color: str, amount: float = 0.6) -> tuple[float, float, float]:
    """`color` mixed with white, so a hatch drawn in `color` stays visible on top of it."""
    r, g, b = mpl.colors.to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _mark(color: str, repaired: bool, low: bool) -> dict[str, Any]:
    """Patch/marker style: solid if sound, hatched (on a tint) if repaired, hollow if doubtful."""
    face: Any = "none" if low else (_tint(color) if repaired else color)
    return {
        "facecolor": face,
        "edgecolor": color,
        "hatch": HATCH if repaired else None,
        "linewidth": 1.2,
    }


def _flag_handles(repaired: bool, low: bool) -> list[Patch]:
    handles = []
    if repaired:
        handles.append(Patch(**_mark("#555555", True, False), label=REPAIRED_LABEL))
    if low:
        handles.append(
            Patch(facecolor="none", edgecolor="#555555", linewidth=1.2, label=LOW_CONFIDENCE_LABEL)
        )
    return handles


def _legend(ax: Axes, handles: Sequence[Patch]) -> None:
    """Legend between title and plot, starting at the figure's left edge like the title (above
    every panel of a figure of several)."""
    if not handles:
        return
    strip = getattr(ax.figure, "legend_strip", None)
    # a figure of panels: the legend has a row of its own; else it sits just above the plot
    target, y = (strip, 0.0) if strip is not None else (ax, 1.02)
    target.legend(
        handles=list(handles),
        loc="lower left",
        bbox_to_anchor=(0.01, y),
        bbox_transform=blended_transform_factory(ax.figure.transFigure, target.transAxes),
        ncols=len(handles) if len(handles) <= 3 else 2,
        borderaxespad=0,
        borderpad=0.2,
        handlelength=1.8,
        columnspacing=1.5,
    )


def default_source(frame: pd.DataFrame, limit: int = 3) -> str:
    """The default source line: the doc ids present, at most `limit` of them by name."""
    ids = sorted(str(d) for d in frame["doc_id"].dropna().unique())
    if not ids:
        return "Source: metrics frame"
    more = f" and {len(ids) - limit} more reports" if len(ids) > limit else ""
    return "Source: " + ", ".join(ids[:limit]) + more


def _finish(fig: Figure, title: str, source: str, note: str = "") -> None:
    """Title on top, source (and any note) under the chart, both left-aligned."""
    width = int(fig.get_figwidth() * 9)
    fig.suptitle(textwrap.fill(title, width), x=0.01, ha="left")
    footer = "\n".join(textwrap.fill(line, width * 3 // 2) for line in (source, note) if line)
    fig.supxlabel(footer, x=0.01, ha="left", color=COLORS["muted"])


def empty_figure(title: str | None = None, source: str | None = None) -> Figure:
    """What every chart returns for an empty selection: a centred message, no axes."""
    with mpl.rc_context(house_style()):
        fig = _new_figure(0)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            EMPTY_MESSAGE,
            ha="center",
            va="center",
            fontsize=13,
            color=COLORS["muted"],
            transform=ax.transAxes,
        )
        if title or source:
            _finish(fig, title or "", source or "")
    return fig


def _limit_note(
    shown: int, total: int, which: str, noun: str = "figures", benchmarks_cut: int = 0
) -> str:
    """ "Showing the largest 31 of 48 figures (the report's own first); not drawn: 12
    benchmarks and 5 of the reports' own figures, listed in the table." or ""."""
    if total <= shown:
        return ""
    cut = total - shown
    own = cut - benchmarks_cut
    parts = []
    if benchmarks_cut:
        parts.append(_plural(benchmarks_cut, "benchmark"))
    if own:
        parts.append(f"{own} of the reports' own {noun}" if benchmarks_cut else f"{own} {noun}")
    return (
        f"Showing {which} {shown} of {total} {noun}; not drawn: {' and '.join(parts)}, "
        "listed in the table."
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------- bar charts


def _stacked_barh(ax: Axes, table: pd.DataFrame, color: str) -> tuple[bool, bool]:
    """Stack the (repaired, low) columns of `table` as horizontal bars, top row first."""
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for repaired, low in table.columns:
        widths = table[(repaired, low)].to_numpy(dtype=float)
        nz = widths != 0  # zero-width bars would pin the axis limit at their left edge
        if nz.any():
            ax.barh(y[nz], widths[nz], left=left[nz], height=0.62, **_mark(color, repaired, low))
            left += widths
    for yi, total in zip(y, left, strict=True):
        ax.annotate(
            fmt_number(total),
            (total, yi),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
        )
    ax.set_yticks(y, [truncate(i) for i in table.index])
    ax.grid(axis="y", visible=False)
    ax.margins(x=0.08)
    present = [c for c in table.columns if table[c].any()]
    return any(r for r, _ in present), any(lo for _, lo in present)


def _group_table(data: pd.DataFrame, by: str, values: pd.Series | None) -> pd.DataFrame:
    """Rows = groups (largest first), columns = (repaired, low) pairs, cells = count or sum."""
    keys = data[by].astype("string").fillna("(unknown)").to_numpy()
    repaired, low = _flags(data)
    parts = pd.DataFrame(
        {
            "key": keys,
            "repaired": repaired,
            "low": low,
            "v": 1.0 if values is None else values.to_numpy(dtype=float),
        }
    )
    table = parts.pivot_table(
        index="key",
        columns=["repaired", "low"],
        values="v",
        aggfunc="sum",
        fill_value=0.0,
        observed=True,
    )
    order = [(False, False), (True, False), (False, True), (True, True)]
    table = table.reindex(columns=pd.MultiIndex.from_tuples(order), fill_value=0.0)
    total = table.sum(axis=1)
    return table.loc[sorted(table.index, key=lambda k: (-total[k], k))]


def _leaders(table: pd.DataFrame) -> tuple[str, float, bool]:
    """The group(s) with the largest total, as 'A' or 'A, B and C', that total, and a tie flag."""
    total = table.sum(axis=1)
    top = float(total.max())
    names = [str(k) for k in total.index if total[k] == top]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return joined, top, len(names) > 1


def _counts_title(table: pd.DataFrame, by: str, value: str, n_figures: int) -> str:
    """The finding of a counts chart: which group leads, and by how much."""
    names, top, tie = _leaders(table)
    top_s = fmt_number(top)
    if value == "sum":
        lead = "tie for" if tie else ("reports" if by in ("region", "doc_id") else "has")
        return f"{names} {lead} the largest total count ({top_s})"
    if len(table) == 1:
        return f"All {n_figures:,} figures come from {names}"
    if by == "topic":
        if tie:
            return f"{names} are the most reported topics ({top_s} figures each of {n_figures:,})"
        topic = names[:1].upper() + names[1:]
        return f"{topic} is the most reported topic ({top_s} of {n_figures:,} figures)"
    if tie:
        return f"{names} tie for the most figures ({top_s} each of {n_figures:,})"
    verb = "reports" if by in ("region", "doc_id") else "has"
    return f"{names} {verb} the most figures ({top_s} of {n_figures:,})"


def counts_shape(
    frame: pd.DataFrame, by: str, value: str, max_rows: int, suffix: str = ""
) -> tuple[pd.DataFrame, pd.DataFrame, str, str] | None:
    """What a counts chart shows (its figures, the (repaired, low) table of its bars, its
    title and note), or None when it has none: the one rule of the matplotlib chart and of
    the spec the briefing's script draws (`kit.present.chartspec`)."""
    data = frame if value == "n_figures" else frame[frame["unit"] == "count"]
    if data.empty:
        return None
    table = _group_table(data, by, None if value == "n_figures" else data["value"])
    n_groups = len(table)
    table = table.iloc[:max_rows]
    auto = _counts_title(table, by, value, len(data)) + suffix
    note = _limit_note(len(table), n_groups, "the largest", "groups")
    return data, table, auto, note


def counts_axis_label(by: str) -> str:
    return {"doc_id": "report"}.get(by, by.replace("_", " "))


def _counts_figure(
    frame: pd.DataFrame,
    by: str,
    value: str,
    title: str | None,
    source: str | None,
    max_rows: int,
    suffix: str = "",
) -> Figure:
    shape = counts_shape(frame, by, value, max_rows, suffix)
    if shape is None:
        return empty_figure(title, source)
    data, table, auto, note = shape
    with mpl.rc_context(house_style()):
        fig = _new_figure(len(table))
        ax = fig.add_subplot()
        repaired, low = _stacked_barh(ax, table, COLORS["bar"])
        ax.set_xlabel("number of figures (count)")
        ax.set_ylabel(counts_axis_label(by))
        _legend(ax, _as_stated(repaired, low, COLORS["bar"]))
        _finish(fig, title or auto, source or default_source(data), note)
    return fig


def counts_bar(
    frame: pd.DataFrame,
    by: By | str = "region",
    value: Literal["n_figures", "sum"] = "n_figures",
    title: str | None = None,
    source: str | None = None,
    max_rows: int = 30,
) -> Figure:
    """How many figures each region/report/topic states (or the stated counts themselves).

    `value="n_figures"` counts figures of any unit. `value="sum"` shows stated counts as
    `series_bars` does: one panel a series, so unlike counts are never added or set side by side;
    `by="figure"` (the column `figure_tables.label_figures` adds) draws one bar a figure.
    Repaired and low-confidence figures are stacked separately so they stay visible.
    """
    counts = counts_to_sum(frame, by, value)
    if counts is not None:
        return series_bars(counts, None if by == "figure" else by, title, source, max_rows)
    return _counts_figure(frame, by, value, title, source, max_rows)


def counts_to_sum(frame: pd.DataFrame, by: str, value: str) -> pd.DataFrame | None:
    """`counts_bar`'s arguments checked (ValueError naming the wrong one); for `value="sum"` the
    stated counts it draws as series, else None. The matplotlib chart and its spec share it."""
    if by not in frame.columns:
        raise ValueError(f"cannot group by {by!r}: not a column of the metrics frame")
    if value not in ("n_figures", "sum"):
        raise ValueError(f"value must be 'n_figures' or 'sum', not {value!r}")
    if value != "sum":
        return None
    return frame[(frame["unit"] == "count").to_numpy(dtype=bool, na_value=False)]


def _as_stated(repaired: bool, low: bool, color: str) -> list[Patch]:
    flags = _flag_handles(repaired, low)
    return [Patch(facecolor=color, label="as stated"), *flags] if flags else []


def topic_bar(frame: pd.DataFrame, title: str | None = None, source: str | None = None) -> Figure:
    """Which topics the figures are about; repaired figures are stacked apart, hatched.

    The title's repaired count is the leading topic's own, not the total of all topics.
    """
    return _counts_figure(frame, "topic", "n_figures", title, source, 100, topic_suffix(frame))


def topic_suffix(frame: pd.DataFrame) -> str:
    """The topic chart's title ending: how many of the leading topic's figures are repaired."""
    suffix = ""
    if not frame.empty:
        topic = frame["topic"].astype("string")
        counts = topic.value_counts()
        if len(counts) and (counts == counts.max()).sum() == 1:
            lead = frame[(topic == counts.index[0]).to_numpy(dtype=bool, na_value=False)]
            n_repaired = int(lead["repaired"].notna().sum())
            suffix = f"; {n_repaired} of them repaired" if n_repaired else ""
    return suffix


# --------------------------------------------------------------------------- levels and changes


def _panels(data: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """One (title, rows) a series; figures without a standard measure share one last panel,
    labelled as such (each of them is read in its own words, not compared)."""
    data = _series.with_scope_columns(data)
    key = _series.series_key(data)
    out = [
        (label, data[(key == label).to_numpy(dtype=bool, na_value=False)])
        for label in sorted(key.dropna().unique())
    ]
    rest = data[key.isna().to_numpy()]
    if not rest.empty:
        out.append(("Not a standard measure: each in its own words, not compared", rest))
    return out


def _panel_figure(heights: Sequence[int]) -> tuple[HouseFigure, list[Axes]]:
    total = sum(max(h, 1) for h in heights)
    fig = HouseFigure(
        figsize=(8.0, max(2.8, 1.9 + 0.3 * total + 0.75 * (len(heights) - 1))),
        layout="constrained",
    )
    FigureCanvasAgg(fig)
    if len(heights) == 1:
        return fig, [fig.add_subplot()]
    ratios = [0.9, *(max(h, 1) for h in heights)]
    axes = fig.subplots(len(heights) + 1, 1, squeeze=False, height_ratios=ratios)
    fig.legend_strip = axes[0, 0]  # type: ignore[attr-defined]
    fig.legend_strip.set_axis_off()  # type: ignore[attr-defined]
    return fig, list(axes[1:, 0])


def _panel_title(ax: Axes, label: str, many: bool) -> None:
    if many:
        ax.set_title(truncate(label, 90), loc="left", fontsize=9.5, fontweight="bold")


def _headline(data: pd.DataFrame) -> pd.DataFrame:
    """The rows a title may rest on (`kit.present.series.headline_ok`)."""
    return data[_series.headline_ok(data)]


def _benchmark_handle() -> Patch:
    return Patch(facecolor="none", edgecolor=COLORS["muted"], linestyle="--", label=BENCHMARK_LABEL)


def rates_dot(
    frame: pd.DataFrame,
    title: str | None = None,
    source: str | None = None,
    max_rows: int = 40,
) -> Figure:
    """Each stated rate (a level in percent) as a dot on a 0-100 % scale, labelled by its value
    and by whose rate it is; one panel a series. The title rests on headline-worthy rates."""
    shape = rates_shape(frame, max_rows)
    if shape is None:
        return empty_figure(title, source)
    data, panels, auto, note = shape
    with mpl.rc_context(house_style()):
        fig, axes = _panel_figure([len(rows) for _, rows in panels])
        any_rep = any_low = any_bench = False
        for ax, (label, rows) in zip(axes, panels, strict=True):
            r, lo_, b = _rates_panel(ax, rows)
            any_rep, any_low, any_bench = any_rep or r, any_low or lo_, any_bench or b
            _panel_title(ax, label, len(panels) > 1)
        axes[-1].set_xlabel("rate (%)")
        handles = _flag_handles(any_rep, any_low) + ([_benchmark_handle()] if any_bench else [])
        _legend(axes[0], handles)
        _finish(fig, title or auto, source or default_source(data), note)
    return fig


def rates_shape(
    frame: pd.DataFrame, max_rows: int
) -> tuple[pd.DataFrame, list[tuple[str, pd.DataFrame]], str, str] | None:
    """What a rates chart shows (figures, panels, title, note), or None: one rule for
    matplotlib and the briefing's script (`kit.present.chartspec`)."""
    data = _series.with_scope_columns(frame)
    data = data[(data["unit"] == "percent").to_numpy() & ~data["change"].astype(bool).to_numpy()]
    if data.empty:
        return None
    data = data.assign(_bench=_series.is_benchmark(data))
    data = data.sort_values(["_bench", "value"], kind="stable")  # the reports' own first
    n_all = len(data)
    bench_cut = int(data["_bench"].iloc[max_rows:].sum())
    data = data.iloc[:max_rows].drop(columns="_bench")
    panels = _panels(data)
    note = _limit_note(
        len(data), n_all, "the lowest (the reports' own first)", benchmarks_cut=bench_cut
    )
    return data, panels, _rates_title(panels), note


def _rates_title(panels: list[tuple[str, pd.DataFrame]]) -> str:
    keyed = [(label, rows) for label, rows in panels if not label.startswith("Not a standard")]
    if len(keyed) != 1:  # several measures (or none): the title says what is shown, no ranking
        return "Stated rates, one panel a measure" if len(panels) > 1 else "Stated rates"
    label, rows = keyed[0]
    name = label.rsplit(" (", 1)[0]
    sure = _headline(rows)
    if sure.empty:
        return f"{name}: {NO_HEADLINE}"
    who = _series.whose(sure)
    lo, hi = sure["value"].idxmin(), sure["value"].idxmax()
    if len(sure) == 1 or sure["value"].min() == sure["value"].max():
        value = format_value(sure.at[hi, "value"], "percent", qualifier=sure.at[hi, "qualifier"])
        return f"{name}: {value} ({who[hi]})" + (
            f" and {len(sure) - 1} more" if len(sure) > 1 else ""
        )
    low_s = format_value(sure.at[lo, "value"], "percent", qualifier=sure.at[lo, "qualifier"])
    high_s = format_value(sure.at[hi, "value"], "percent", qualifier=sure.at[hi, "qualifier"])
    return f"{name}: from {low_s} ({who[lo]}) to {high_s} ({who[hi]})"


def _rates_panel(ax: Axes, rows: pd.DataFrame) -> tuple[bool, bool, bool]:
    n = len(rows)
    repaired, low = _flags(rows)
    bench = _series.is_benchmark(rows)
    y = np.arange(n)
    values = rows["value"].to_numpy(dtype=float)
    ax.hlines(y[~bench], 0, values[~bench], color=COLORS["grid"], linewidth=1.0, zorder=1)
    for r in (False, True):
        for lo_ in (False, True):
            sel = (repaired == r) & (low == lo_) & ~bench
            if sel.any():
                ax.scatter(values[sel], y[sel], s=75, zorder=3, **_mark(COLORS["bar"], r, lo_))
    if bench.any():
        ax.scatter(
            values[bench],
            y[bench],
            s=70,
            marker="D",
            zorder=3,
            facecolor="none",
            edgecolor=COLORS["muted"],
            linestyle="--",
        )
    for yi, v, q in zip(y, values, rows["qualifier"].astype(object), strict=True):
        ax.annotate(
            format_value(v, "percent", qualifier=q),
            (v, yi),
            xytext=(7, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
            annotation_clip=False,
        )
    ax.set_yticks(y, _labels(rows))
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(0, max(100.0, float(values.max())))
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.grid(axis="y", visible=False)
    return bool(repaired.any()), bool(low.any()), bool(bench.any())


def _change_label(v: float, unit: str) -> str:
    sign = "+" if v >= 0 else "−"
    return f"{sign}{fmt_number(abs(v))}{'%' if unit == 'percent' else ' pp'}"


CHANGE_AXES = {"percent": "change (%)", "pp": "change (percentage points, pp)"}
LOW_NO_BAR = "low confidence: value shown, no bar (check source)"


def changes_diverging(
    frame: pd.DataFrame,
    title: str | None = None,
    source: str | None = None,
    max_rows: int = 40,
) -> Figure:
    """Stated increases and decreases as bars either side of zero: % changes and pp changes in
    panels of their own (they never share an axis). A low-confidence change gets no bar, only its
    value, since its size may be wrong; the title rests on headline-worthy changes only."""
    shape = changes_shape(frame, max_rows)
    if shape is None:
        return empty_figure(title, source)
    data, panels, auto, note = shape
    with mpl.rc_context(house_style()):
        fig, axes = _panel_figure([len(p) for _, _, p in panels])
        flags = np.zeros(4, dtype=bool)  # rise, fall, repaired, low
        for ax, (label, unit, part) in zip(axes, panels, strict=True):
            flags |= _changes_panel(ax, part, unit)
            _panel_title(ax, label, len(panels) > 1)
            ax.set_xlabel(CHANGE_AXES[unit])
        handles = [Patch(facecolor=COLORS["up"], label="rise")] if flags[0] else []
        handles += [Patch(facecolor=COLORS["down"], label="fall")] if flags[1] else []
        handles += _flag_handles(bool(flags[2]), False)
        if flags[3]:
            handles.append(
                Patch(facecolor="none", edgecolor="#555555", linestyle=":", label=LOW_NO_BAR)
            )
        _legend(axes[0], handles)
        _finish(fig, title or auto, source or default_source(data), note)
    return fig


def changes_shape(
    frame: pd.DataFrame, max_rows: int
) -> tuple[pd.DataFrame, list[tuple[str, str, pd.DataFrame]], str, str] | None:
    """What a changes chart shows (figures with `_signed`, (title, unit, rows) panels, title,
    note), or None: one rule for matplotlib and the briefing's script."""
    data = frame[frame["change"].astype(bool) & frame["unit"].isin(["percent", "pp"])]
    if data.empty:
        return None
    data = _series.with_scope_columns(data)
    data = data.assign(_signed=_series.signed(data))
    n_all = len(data)
    order = pd.DataFrame(
        {"bench": _series.is_benchmark(data), "size": -data["_signed"].abs().to_numpy()},
        index=data.index,
    ).sort_values(["bench", "size"], kind="stable")
    data = data.loc[order.index]  # the reports' own changes first, then benchmarks
    bench_cut = int(order["bench"].iloc[max_rows:].sum())
    data = data.iloc[:max_rows]
    panels = _change_panels(data)
    note = _limit_note(
        len(data), n_all, "the largest (the reports' own first)", benchmarks_cut=bench_cut
    )
    return data, panels, _changes_title(data), note


def _change_panels(data: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """(title, unit, rows) a series; changes without a standard measure one panel a unit."""
    out = []
    for label, rows in _panels(data):
        if label.startswith("Not a standard"):
            for unit, word in (("percent", "%"), ("pp", "percentage points")):
                part = rows[(rows["unit"] == unit).to_numpy()]
                if not part.empty:
                    title = f"Other changes in {word}: each in its own words, not compared"
                    out.append((title, unit, part))
        else:
            out.append((label, str(rows["unit"].iloc[0]), rows))
    return [(t, u, p.sort_values("_signed", kind="stable")) for t, u, p in out]


def _changes_title(data: pd.DataFrame) -> str:
    signed = data["_signed"].to_numpy()
    n_up, n_down = int((signed >= 0).sum()), int((signed < 0).sum())
    if n_up > n_down:
        auto = f"Most stated changes are rises ({n_up} of {n_up + n_down})"
    elif n_down > n_up:
        auto = f"Most stated changes are falls ({n_down} of {n_up + n_down})"
    else:
        auto = f"Stated rises and falls are balanced ({n_up} each)"
    sure = _headline(data)
    if sure.empty or _series.series_count(sure) > 1:
        return auto  # the largest of unlike changes would compare unlike figures
    big = sure["_signed"].abs().idxmax()
    what = _what(sure.at[big, "counted"], sure.at[big, "indicator"])
    who = _series.whose(sure)[big]
    return (
        f"{auto}; largest: {truncate(what, 40)} "
        f"{_change_label(sure.at[big, '_signed'], str(sure.at[big, 'unit']))} ({who})"
    )


def _changes_panel(ax: Axes, part: pd.DataFrame, unit: str) -> np.ndarray:
    signed = part["_signed"].to_numpy()
    repaired, low = _flags(part)
    y = np.arange(len(part))
    for i, v in enumerate(signed):
        color = COLORS["up"] if v >= 0 else COLORS["down"]
        if low[i]:
            ax.scatter([v], [y[i]], s=40, marker="o", facecolor="none", edgecolor=color, zorder=3)
        else:
            ax.barh(y[i], v, height=0.62, **_mark(color, bool(repaired[i]), False))
        ax.annotate(
            _change_label(v, unit) + ("?" if low[i] else ""),
            (v, y[i]),
            va="center",
            fontsize=8.5,
            xytext=(5 if v >= 0 else -5, 0),
            textcoords="offset points",
            ha="left" if v >= 0 else "right",
        )
    ax.axvline(0, color="#333333", linewidth=1.0, zorder=4)
    ax.set_yticks(y, _labels(part))
    ax.set_ylim(-0.7, len(part) - 0.3)
    ax.margins(x=0.2)
    ax.grid(axis="y", visible=False)
    return np.array([(signed >= 0).any(), (signed < 0).any(), (repaired & ~low).any(), low.any()])


# --------------------------------------------------------------------------- series


def series_bars(
    frame: pd.DataFrame,
    by: str | None = None,
    title: str | None = None,
    source: str | None = None,
    max_rows: int = 40,
) -> Figure:
    """Stated levels, one panel a series (`kit.present.series`), one bar a figure labelled with
    whose it is and its value as written ("over 803,000"). `by` (e.g. "region") adds up the
    figures of each group within a series instead. A panel whose values span `LOG_RATIO` or
    more gets a log axis. Changes are left to `changes_diverging`; rows without a standard
    measure are left out (they are read in their own words, not compared)."""
    shape = series_shape(frame, by, max_rows)
    if shape is None:
        return empty_figure(title, source)
    data, panels, shown_tables, auto, note = shape
    with mpl.rc_context(house_style()):
        fig, axes = _panel_figure([len(t) for t in shown_tables])
        flags = np.zeros(3, dtype=bool)
        for ax, (label, rows), table in zip(axes, panels, shown_tables, strict=True):
            flags |= _series_panel(ax, table, str(rows["unit"].iloc[0]))
            _panel_title(ax, label, len(panels) > 1)
            if len(panels) == 1:
                ax.set_xlabel(_series_axis(label, by))
        handles = _as_stated(bool(flags[0]), bool(flags[1]), COLORS["bar"])
        if flags[2]:
            handles.append(_benchmark_handle())
        _legend(axes[0], handles)
        _finish(fig, title or auto, source or default_source(data), note)
    return fig


def series_shape(
    frame: pd.DataFrame, by: str | None, max_rows: int
) -> tuple[pd.DataFrame, list[tuple[str, pd.DataFrame]], list[pd.DataFrame], str, str] | None:
    """What a series chart shows (figures, panels, one bar table a panel, title, note), or
    None: one rule for matplotlib and the briefing's script (`kit.present.chartspec`)."""
    data = _series.with_scope_columns(frame)
    data = data[~data["change"].astype(bool).to_numpy() & data["indicator"].notna().to_numpy()]
    data = dedupe(data[data["unit"].isin(["count", "yuan", "percent"]).to_numpy()])
    if by is not None and by not in data.columns:
        raise ValueError(f"cannot group by {by!r}: not a column of the metrics frame")
    if data.empty:
        return None
    panels = [(label, rows) for label, rows in _panels(data)]
    tables = [_series_table(rows, by) for _, rows in panels]
    n_all = sum(len(t) for t in tables)
    keep = max(1, max_rows // max(1, len(tables)))
    shown_tables = [t.iloc[:keep] for t in tables]
    bench_cut = sum(int(t["bench"].iloc[keep:].sum()) for t in tables)
    note = _limit_note(
        sum(len(t) for t in shown_tables),
        n_all,
        "the largest (the reports' own first)",
        benchmarks_cut=bench_cut,
    )
    if any(log_axis(t["value"].to_numpy(dtype=float)) for t in shown_tables):
        note = " ".join(
            x for x in (note, "Log scale where a panel's values span 100× or more.") if x
        )
    return data, panels, shown_tables, _series_title(panels, by), note


def log_axis(values: np.ndarray) -> bool:
    """A panel whose positive values span `LOG_RATIO` or more is drawn on a log axis."""
    positive = values[values > 0]
    return bool(len(positive) and positive.max() / positive.min() >= LOG_RATIO)


def _series_axis(label: str, by: str | None) -> str:
    unit = label.rsplit(" (", 1)[-1].rstrip(")") if " (" in label else ""
    what = "stated value" if by is None else f"sum of stated values per {by.replace('_', ' ')}"
    return f"{what} ({unit})" if unit else what


def _series_table(rows: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """label, value, text, repaired, low, bench: one row a bar, largest first."""
    repaired, low = _flags(rows)
    bench = _series.is_benchmark(rows)
    extra: list[list[str]] = [[] for _ in range(len(rows))]
    if by is None:
        extra = [
            [str(p).replace("_", " ") if isinstance(p, str) else "", _what(c), t]
            for p, c, t in zip(
                rows["period"].astype(object),
                rows["counted"].astype(object),
                rows["text"].astype(object),
                strict=True,
            )
        ]
        text = [
            format_value(v, u, False, None, q)
            for v, u, q in zip(
                rows["value"], rows["unit"], rows["qualifier"].astype(object), strict=True
            )
        ]
        table = pd.DataFrame(
            {
                "label": _labels(rows, what=False),
                "extra": extra,
                "value": rows["value"].to_numpy(),
                "text": text,
                "repaired": repaired,
                "low": low,
                "bench": bench,
            }
        )
    else:
        keys = rows[by].astype("string").fillna("(unknown)").to_numpy()
        parts = pd.DataFrame(
            {
                "label": keys,
                "value": rows["value"].to_numpy(),
                "repaired": repaired,
                "low": low,
                "bench": bench,
            }
        )
        table = parts.groupby("label", sort=False).agg(
            value=("value", "sum"),
            repaired=("repaired", "any"),
            low=("low", "any"),
            bench=("bench", "any"),
        )
        table = table.reset_index()
        table["text"] = [format_value(v, rows["unit"].iloc[0]) for v in table["value"]]
        table["extra"] = [[] for _ in range(len(table))]
    table = table.sort_values(
        ["bench", "value", "label"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)  # the report's own figures first, then benchmarks (the cut's order)
    table["label"] = unique_labels(table["label"].tolist(), table["extra"].tolist())
    return table.drop(columns="extra")


def log_tick(value: float) -> str:
    """A log axis's tick as a number a reader can use: 0.001, 0.1, 10, 1,000 (never "0")."""
    return fmt_number(value) if value >= 1 else f"{value:g}"


def unique_labels(labels: Sequence[str], extras: Sequence[Sequence[str]]) -> list[str]:
    """Bar labels made unique: where two bars would share one ("Xihu 2024" for 118 and 86),
    each gets the first of its `extras` (period, what it counts, the figure as written) that
    tells them apart, else a number."""
    out = list(labels)
    for label in {x for x in out if out.count(x) > 1}:
        same = [i for i, x in enumerate(out) if x == label]
        for k in range(max((len(extras[i]) for i in same), default=0)):
            words = [extras[i][k] if k < len(extras[i]) else "" for i in same]
            if all(words) and len(set(words)) == len(words):
                for i, word in zip(same, words, strict=True):
                    out[i] = f"{label} · {truncate(word, 30)}"
                break
        else:
            for n, i in enumerate(same, start=1):
                out[i] = f"{label} ({n})"
    return out


def _series_panel(ax: Axes, table: pd.DataFrame, unit: str) -> np.ndarray:
    y = np.arange(len(table))[::-1]
    values = table["value"].to_numpy(dtype=float)
    for yi, row in zip(y, table.itertuples(), strict=True):
        style = _mark(COLORS["bar"], bool(row.repaired), bool(row.low))
        if row.bench:
            style = {
                "facecolor": "none",
                "edgecolor": COLORS["muted"],
                "linestyle": "--",
                "linewidth": 1.2,
            }
        ax.barh(yi, row.value, height=0.62, **style)
        ax.annotate(
            row.text + ("?" if row.low else ""),
            (row.value, yi),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
        )
    positive = values[values > 0]
    log = log_axis(values)
    if log:
        ax.set_xscale("log")
        ax.set_xlim(positive.min() / 2, positive.max() * 4)
        suffix = "%" if unit == "percent" else ""
        ax.xaxis.set_major_locator(LogLocator(base=10))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{log_tick(v)}{suffix}"))
    else:
        ax.margins(x=0.12)
    if unit == "percent" and not log:
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.set_yticks(y, [truncate(t) for t in table["label"]])
    ax.grid(axis="y", visible=False)
    return np.array([table["repaired"].any(), table["low"].any(), table["bench"].any()])


def _series_title(panels: list[tuple[str, pd.DataFrame]], by: str | None) -> str:
    if len(panels) > 1:
        return f"{len(panels)} measures, one panel each: values are compared within a panel only"
    label, rows = panels[0]
    name = label.rsplit(" (", 1)[0]
    sure = _headline(rows)
    if by is not None or sure.empty:
        return f"{name}: {NO_HEADLINE}" if sure.empty else f"{name}, by {by}"
    who = _series.whose(sure)
    hi = sure["value"].idxmax()
    high = format_value(
        sure.at[hi, "value"], sure.at[hi, "unit"], qualifier=sure.at[hi, "qualifier"]
    )
    if len(sure) == 1:
        return f"{name}: {high} ({who[hi]})"
    lo = sure["value"].idxmin()
    low = format_value(
        sure.at[lo, "value"], sure.at[lo, "unit"], qualifier=sure.at[lo, "qualifier"]
    )
    return f"{name}: from {low} ({who[lo]}) to {high} ({who[hi]})"


__all__ = [
    "rates_dot",
]
