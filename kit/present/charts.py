"""House-style matplotlib charts of a metrics frame.

Every function takes a metrics frame (see kit.frame) and returns a new Figure. Charts never touch
pyplot or the global rcParams, so notebooks, widgets and briefings can call them freely: the house
style is applied with `rc_context` while the figure is built. Titles state the finding, axes carry
units, the source is named under the chart, and figures a reader should doubt stay visible but
marked: repaired values are hatched, low-confidence values hollow.
"""

from __future__ import annotations

import logging
import re
import textwrap
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from io import BytesIO
from typing import Any, Literal

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter
from matplotlib.transforms import blended_transform_factory

from kit.frame import LOW_CONFIDENCE

#: CJK fonts tried, in order, before the fallback; only the installed ones are used
CJK_FONTS: tuple[str, ...] = ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "Droid Sans Fallback")
FALLBACK_FONT = "DejaVu Sans"
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
}

_GLYPH_MISSING = r"Glyph \d+ .*missing from font"

By = Literal["region", "doc_id", "topic", "year", "language", "period", "indicator", "unit"]


@cache
def font_families() -> tuple[str, ...]:
    """The font fallback list: installed CJK fonts, then DejaVu Sans.

    Missing families are left out because matplotlib logs a warning for each one it cannot find.
    """
    installed = {f.name for f in font_manager.fontManager.ttflist}
    # DejaVu first keeps Latin text (and bold titles) in DejaVu; CJK glyphs fall back per glyph
    return (FALLBACK_FONT, *[f for f in CJK_FONTS if f in installed])


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
    """Silence only the missing-glyph warning (Chinese labels without a CJK font installed)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_GLYPH_MISSING, category=UserWarning)
        yield


class HouseFigure(Figure):
    """A Figure that renders Chinese labels without warnings and shows itself as PNG in Jupyter."""

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


def fmt_number(value: float) -> str:
    """98.6 -> "98.6", 96.0 -> "96", 6600 -> "6,600"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _what(counted: object, metric: object) -> str:
    """What a figure counts: its own words, else its metric key, else 'figure'."""
    for text in (counted, metric):
        if isinstance(text, str) and text.strip():
            return text
    return "figure"


def _row_label(row: Any) -> str:
    place = row.region if isinstance(row.region, str) else str(row.doc_id)
    year = "" if pd.isna(row.year) else f" {int(row.year)}"
    return truncate(f"{place}{year} · {_what(row.counted, row.indicator)}")


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
    """Legend between title and plot, starting at the figure's left edge like the title."""
    if handles:
        anchor = blended_transform_factory(ax.figure.transFigure, ax.transAxes)
        ax.legend(
            handles=list(handles),
            loc="lower left",
            bbox_to_anchor=(0.01, 1.02),
            bbox_transform=anchor,
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


def _limit_note(shown: int, total: int, which: str, noun: str = "figures") -> str:
    return f"Showing {which} {shown} of {total} {noun}." if total > shown else ""


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


def _counts_figure(
    frame: pd.DataFrame,
    by: str,
    value: str,
    title: str | None,
    source: str | None,
    max_rows: int,
    suffix: str = "",
) -> Figure:
    data = frame if value == "n_figures" else frame[frame["unit"] == "count"]
    if data.empty:
        return empty_figure(title, source)
    table = _group_table(data, by, None if value == "n_figures" else data["value"])
    n_groups = len(table)
    table = table.iloc[:max_rows]
    auto = _counts_title(table, by, value, len(data)) + suffix
    with mpl.rc_context(house_style()):
        fig = _new_figure(len(table))
        ax = fig.add_subplot()
        repaired, low = _stacked_barh(ax, table, COLORS["bar"])
        ax.set_xlabel(
            "number of figures (count)" if value == "n_figures" else "sum of stated counts (count)"
        )
        ax.set_ylabel({"doc_id": "report"}.get(by, by.replace("_", " ")))
        _legend(ax, _as_stated(repaired, low, COLORS["bar"]))
        note = _limit_note(len(table), n_groups, "the largest", "groups")
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
    """How many figures each region/report/topic states (or the sum of its counts).

    `value="n_figures"` counts figures of any unit; `value="sum"` adds up values whose unit is
    "count". Repaired and low-confidence figures are stacked separately so they stay visible.
    """
    if by not in frame.columns:
        raise ValueError(f"cannot group by {by!r}: not a column of the metrics frame")
    if value not in ("n_figures", "sum"):
        raise ValueError(f"value must be 'n_figures' or 'sum', not {value!r}")
    return _counts_figure(frame, by, value, title, source, max_rows)


def _as_stated(repaired: bool, low: bool, color: str) -> list[Patch]:
    flags = _flag_handles(repaired, low)
    return [Patch(facecolor=color, label="as stated"), *flags] if flags else []


def topic_bar(frame: pd.DataFrame, title: str | None = None, source: str | None = None) -> Figure:
    """Which topics the figures are about; repaired figures are stacked apart, hatched."""
    n_repaired = int(frame["repaired"].notna().sum())
    suffix = f"; {n_repaired} repaired" if n_repaired else ""
    return _counts_figure(frame, "topic", "n_figures", title, source, 100, suffix)


# --------------------------------------------------------------------------- levels and changes


def _humanise_metric(keys: pd.Series, n: int) -> str:
    """'dispute_resolution_rate' -> 'Dispute resolution rates' (one key), else 'Rates'."""
    uniq = keys.dropna().unique()
    if len(uniq) != 1 or keys.isna().any():
        return "Rate" if n == 1 else "Rates"
    name = str(uniq[0]).replace("_", " ").strip().capitalize()
    return name if n == 1 or name.endswith("s") else name + "s"


def rates_dot(
    frame: pd.DataFrame,
    title: str | None = None,
    source: str | None = None,
    max_rows: int = 40,
) -> Figure:
    """Each stated rate (a level in percent) as a dot on a 0-100 % scale, labelled by its value."""
    data = frame[(frame["unit"] == "percent") & ~frame["change"].astype(bool)]
    if data.empty:
        return empty_figure(title, source)
    data = data.sort_values("value", kind="stable")
    n_all, lo, hi = len(data), float(data["value"].min()), float(data["value"].max())
    name = _humanise_metric(data["indicator"], n_all)
    if n_all == 1:
        auto = f"{name} is {fmt_number(lo)}%"
    elif lo == hi:
        auto = f"All {n_all} {name.lower()} are {fmt_number(lo)}%"
    else:
        auto = f"{name} range from {fmt_number(lo)}% to {fmt_number(hi)}%"
    data = data.iloc[:max_rows]
    n = len(data)
    repaired, low = _flags(data)
    y = np.arange(n)
    with mpl.rc_context(house_style()):
        fig = _new_figure(n)
        ax = fig.add_subplot()
        ax.hlines(y, 0, data["value"], color=COLORS["grid"], linewidth=1.0, zorder=1)
        for r in (False, True):
            for lo_ in (False, True):
                sel = (repaired == r) & (low == lo_)
                if sel.any():
                    ax.scatter(
                        data["value"].to_numpy()[sel],
                        y[sel],
                        s=75,
                        zorder=3,
                        **_mark(COLORS["bar"], r, lo_),
                    )
        for yi, v in zip(y, data["value"], strict=True):
            ax.annotate(
                f"{fmt_number(v)}%",
                (v, yi),
                xytext=(7, 0),
                textcoords="offset points",
                va="center",
                fontsize=8.5,
                annotation_clip=False,
            )
        ax.set_yticks(y, [_row_label(r) for r in data.itertuples()])
        ax.set_ylim(-0.7, n - 0.3)
        ax.set_xlim(0, max(100.0, float(data["value"].max())))
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
        ax.set_xlabel("rate (%)")
        ax.grid(axis="y", visible=False)
        _legend(ax, _flag_handles(bool(repaired.any()), bool(low.any())))
        note = _limit_note(n, n_all, "the lowest")
        _finish(fig, title or auto, source or default_source(data), note)
    return fig


def _signed(data: pd.DataFrame) -> np.ndarray:
    """Changes with falls negative: magnitude from the value, sign from `direction`."""
    value = data["value"].to_numpy(dtype=float)
    direction = data["direction"].astype(object).to_numpy()
    sign = np.where(direction == "down", -1.0, np.where(direction == "up", 1.0, np.sign(value)))
    return np.abs(value) * np.where(sign == 0, 1.0, sign)


def _change_label(v: float, unit: str) -> str:
    sign = "+" if v >= 0 else "−"
    return f"{sign}{fmt_number(abs(v))}{'%' if unit == 'percent' else ' pp'}"


def changes_diverging(
    frame: pd.DataFrame,
    title: str | None = None,
    source: str | None = None,
    max_rows: int = 40,
) -> Figure:
    """Stated increases and decreases (in % or pp) as bars either side of zero."""
    data = frame[frame["change"].astype(bool) & frame["unit"].isin(["percent", "pp"])]
    if data.empty:
        return empty_figure(title, source)
    data = data.assign(_signed=_signed(data))
    n_all = len(data)
    data = data.loc[data["_signed"].abs().sort_values(ascending=False, kind="stable").index]
    data = data.iloc[:max_rows].sort_values("_signed", kind="stable")
    signed = data["_signed"].to_numpy()
    units = data["unit"].astype(str).to_numpy()
    n_up, n_down = int((signed >= 0).sum()), int((signed < 0).sum())
    if n_up > n_down:
        auto = f"Most stated changes are rises ({n_up} of {n_up + n_down})"
    elif n_down > n_up:
        auto = f"Most stated changes are falls ({n_down} of {n_up + n_down})"
    else:
        auto = f"Stated rises and falls are balanced ({n_up} each)"
    big = int(np.argmax(np.abs(signed)))
    what = _what(data["counted"].iloc[big], data["indicator"].iloc[big])
    auto += f"; largest: {truncate(what, 40)} {_change_label(signed[big], units[big])}"
    unit_set = set(units)
    xlabel = {
        frozenset({"percent"}): "change (%)",
        frozenset({"pp"}): "change (percentage points, pp)",
    }.get(frozenset(unit_set), "change (% or percentage points (pp))")
    repaired, low = _flags(data)
    y = np.arange(len(data))
    with mpl.rc_context(house_style()):
        fig = _new_figure(len(data))
        ax = fig.add_subplot()
        for i, v in enumerate(signed):
            color = COLORS["up"] if v >= 0 else COLORS["down"]
            ax.barh(y[i], v, height=0.62, **_mark(color, bool(repaired[i]), bool(low[i])))
            ax.annotate(
                _change_label(v, units[i]),
                (v, y[i]),
                va="center",
                fontsize=8.5,
                xytext=(4 if v >= 0 else -4, 0),
                textcoords="offset points",
                ha="left" if v >= 0 else "right",
            )
        ax.axvline(0, color="#333333", linewidth=1.0, zorder=4)
        ax.set_yticks(y, [_row_label(r) for r in data.itertuples()])
        ax.set_ylim(-0.7, len(data) - 0.3)
        ax.margins(x=0.2)
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", visible=False)
        handles = [Patch(facecolor=COLORS["up"], label="rise")] if n_up else []
        handles += [Patch(facecolor=COLORS["down"], label="fall")] if n_down else []
        _legend(ax, handles + _flag_handles(bool(repaired.any()), bool(low.any())))
        note = _limit_note(len(data), n_all, "the largest")
        _finish(fig, title or auto, source or default_source(data), note)
    return fig


__all__ = [
    "CJK_FONTS",
    "COLORS",
    "EMPTY_MESSAGE",
    "HOUSE_STYLE",
    "LOW_CONFIDENCE_LABEL",
    "REPAIRED_LABEL",
    "HouseFigure",
    "changes_diverging",
    "counts_bar",
    "default_source",
    "empty_figure",
    "font_families",
    "house_style",
    "rates_dot",
    "topic_bar",
    "truncate",
]
