"""A house chart as data: the spec a briefing's script draws as SVG in the reader's browser.

A briefing offers a chart for every combination of its filters. Drawing each with matplotlib
before the page is written cost 170-720 ms a chart (1,522 of them for five briefings of 1,000
reports); a spec costs a few milliseconds and draws in the browser in about as many
(`kit/publish/templates/chart.js`). The spec is built from the same shaping rules as the
matplotlib chart (`charts.counts_shape`, `rates_shape`, `changes_shape`, `series_shape`), so
the title a journalist quotes, the rows, their order, the values as written, the repaired and
low-confidence marks, the note and the source line are the same in both; matplotlib stays the
house style of the Lab, the page without JavaScript and print.

    {"title": str, "footer": [source, note], "ylabel": str,
     "legend": [[label, colour, fill]],
     "panels": [{"title": str, "xlabel": str, "scale": "linear" | "log",
                 "ticks": "number" | "percent", "domain": [lo, hi], "zero": bool,
                 "rows": [{"label": str, "text": str, "at": x,
                           "marks": [[kind, x0, x1, colour, fill]]}]}]}

Rows run top to bottom. A mark's kind is `bar` (x0 to x1), `stem` (a thin line), `dot` or
`diamond` (at x0); its colour a key of `charts.COLORS` (`bar`, `up`, `down`, `muted`); its
fill `s` solid, `r` repaired (tinted and hatched), `l` low confidence (hollow), `rl` both,
`b` benchmark (hollow, dashed), `d` hollow and dotted. Every text is plain text: the script
sets it with `textContent`, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from kit.present import charts
from kit.present import series as _series
from kit.present.fmt import format_value

Spec = dict[str, Any]

#: margins matplotlib leaves past the data (ax.margins) per chart kind, as parts of the span
_COUNTS_MARGIN = 0.08
_SERIES_MARGIN = 0.12
_CHANGES_MARGIN = 0.2


def _fill(repaired: bool, low: bool) -> str:
    return ("r" if repaired else "") + ("l" if low else "") or "s"


def _number(value: Any) -> float:
    return float(np.round(float(value), 10))


def _linear(values: list[float], margin: float) -> list[float]:
    """matplotlib's x limits of bars from zero: zero stays the edge, the far side gets a margin."""
    lo, hi = min([0.0, *values]), max([0.0, *values])
    span = (hi - lo) or 1.0
    return [lo - margin * span if lo < 0 else lo, hi + margin * span if hi > 0 else hi]


def _finish(
    data: pd.DataFrame,
    panels: list[Spec],
    auto: str,
    note: str,
    legend: list[list[str]],
    title: str | None,
    source: str | None,
    ylabel: str = "",
) -> Spec:
    footer = [line for line in (source or charts.default_source(data), note) if line]
    return {
        "title": title or auto,
        "footer": footer,
        "ylabel": ylabel,
        "legend": legend,
        "panels": panels,
    }


def empty_spec(title: str | None = None, source: str | None = None) -> Spec:
    """What every spec is for a selection with nothing to draw: `charts.empty_figure`'s words."""
    return {
        "title": title or "",
        "footer": [source] if source else [],
        "ylabel": "",
        "legend": [],
        "panels": [],
        "empty": charts.EMPTY_MESSAGE,
    }


def _flag_legend(repaired: bool, low: bool) -> list[list[str]]:
    out = [[charts.REPAIRED_LABEL, "grey", "r"]] if repaired else []
    return out + ([[charts.LOW_CONFIDENCE_LABEL, "grey", "l"]] if low else [])


def _as_stated(repaired: bool, low: bool) -> list[list[str]]:
    flags = _flag_legend(repaired, low)
    return [["as stated", "bar", "s"], *flags] if flags else []


def _panel_title(label: str, many: bool) -> str:
    return charts.truncate(label, 90) if many else ""


# --------------------------------------------------------------------------- counts


def counts_spec(
    frame: pd.DataFrame,
    by: str = "region",
    value: str = "n_figures",
    title: str | None = None,
    source: str | None = None,
    max_rows: int = 30,
    suffix: str = "",
) -> Spec:
    """`charts.counts_bar` as a spec."""
    counts = charts.counts_to_sum(frame, by, value)
    if counts is not None:
        return series_spec(counts, None if by == "figure" else by, title, source, max_rows)
    shape = charts.counts_shape(frame, by, value, max_rows, suffix)
    if shape is None:
        return empty_spec(title, source)
    data, table, auto, note = shape
    rows, any_r, any_l = [], False, False
    for key, cells in zip(table.index, table.to_numpy(dtype=float), strict=True):
        marks, left = [], 0.0
        for (repaired, low), width in zip(table.columns, cells, strict=True):
            if width:
                marks.append(["bar", left, left + width, "bar", _fill(repaired, low)])
                left += width
                any_r, any_l = any_r or repaired, any_l or low
        rows.append(
            {
                "label": charts.truncate(key),
                "text": charts.fmt_number(left),
                "at": left,
                "marks": marks,
            }
        )
    panel = {
        "title": "",
        "xlabel": "number of figures (count)",
        "scale": "linear",
        "ticks": "number",
        "domain": _linear([float(r["at"]) for r in rows], _COUNTS_MARGIN),  # type: ignore[arg-type]
        "zero": False,
        "rows": rows,
    }
    legend = _as_stated(any_r, any_l)
    return _finish(data, [panel], auto, note, legend, title, source, charts.counts_axis_label(by))


def topic_spec(frame: pd.DataFrame, title: str | None = None, source: str | None = None) -> Spec:
    """`charts.topic_bar` as a spec."""
    suffix = charts.topic_suffix(frame)
    return counts_spec(frame, "topic", "n_figures", title, source, 100, suffix)


# --------------------------------------------------------------------------- rates


def rates_spec(
    frame: pd.DataFrame, title: str | None = None, source: str | None = None, max_rows: int = 40
) -> Spec:
    """`charts.rates_dot` as a spec: a dot on a stem a rate, a hollow diamond a benchmark."""
    shape = charts.rates_shape(frame, max_rows)
    if shape is None:
        return empty_spec(title, source)
    data, panels, auto, note = shape
    out, any_r, any_l, any_b = [], False, False, False
    for n, (label, part) in enumerate(panels):
        repaired, low = charts._flags(part)
        bench = _series.is_benchmark(part)
        values = part["value"].to_numpy(dtype=float)
        labels = charts._labels(part)
        qualifiers = part["qualifier"].astype(object).tolist()
        rows = []
        for i in range(len(part) - 1, -1, -1):  # matplotlib draws the first row lowest
            v = _number(values[i])
            if bench[i]:
                marks = [["diamond", v, v, "muted", "b"]]
            else:
                marks = [
                    ["stem", 0.0, v, "grid", "s"],
                    ["dot", v, v, "bar", _fill(repaired[i], low[i])],
                ]
            text = format_value(values[i], "percent", qualifier=qualifiers[i])
            rows.append({"label": labels[i], "text": text, "at": v, "marks": marks})
        any_r |= bool(repaired.any())
        any_l |= bool(low.any())
        any_b |= bool(bench.any())
        out.append(
            {
                "title": _panel_title(label, len(panels) > 1),
                "xlabel": "rate (%)" if n == len(panels) - 1 else "",
                "scale": "linear",
                "ticks": "percent",
                "domain": [0.0, max(100.0, float(values.max()))],
                "zero": False,
                "rows": rows,
            }
        )
    legend = _flag_legend(any_r, any_l)
    if any_b:
        legend.append([charts.BENCHMARK_LABEL, "muted", "b"])
    return _finish(data, out, auto, note, legend, title, source)


# --------------------------------------------------------------------------- changes


def changes_spec(
    frame: pd.DataFrame, title: str | None = None, source: str | None = None, max_rows: int = 40
) -> Spec:
    """`charts.changes_diverging` as a spec: rises right, falls left of zero; a doubtful change
    a hollow dot, no bar."""
    shape = charts.changes_shape(frame, max_rows)
    if shape is None:
        return empty_spec(title, source)
    data, panels, auto, note = shape
    out, flags = [], np.zeros(4, dtype=bool)  # rise, fall, repaired, low
    for label, unit, part in panels:
        signed = part["_signed"].to_numpy(dtype=float)
        repaired, low = charts._flags(part)
        labels = charts._labels(part)
        rows = []
        for i in range(len(part) - 1, -1, -1):  # matplotlib draws the first row lowest
            v = _number(signed[i])
            color = "up" if v >= 0 else "down"
            if low[i]:
                marks = [["dot", v, v, color, "l"]]
            else:
                marks = [["bar", 0.0, v, color, _fill(bool(repaired[i]), False)]]
            text = charts._change_label(v, unit) + ("?" if low[i] else "")
            rows.append({"label": labels[i], "text": text, "at": v, "marks": marks})
        flags |= [(signed >= 0).any(), (signed < 0).any(), (repaired & ~low).any(), low.any()]
        out.append(
            {
                "title": _panel_title(label, len(panels) > 1),
                "xlabel": charts.CHANGE_AXES[unit],
                "scale": "linear",
                "ticks": "number",
                "domain": _linear(list(signed), _CHANGES_MARGIN),
                "zero": True,
                "rows": rows,
            }
        )
    legend = [["rise", "up", "s"]] if flags[0] else []
    legend += [["fall", "down", "s"]] if flags[1] else []
    legend += _flag_legend(bool(flags[2]), False)
    if flags[3]:
        legend.append([charts.LOW_NO_BAR, "grey", "d"])
    return _finish(data, out, auto, note, legend, title, source)


# --------------------------------------------------------------------------- series


def series_spec(
    frame: pd.DataFrame,
    by: str | None = None,
    title: str | None = None,
    source: str | None = None,
    max_rows: int = 40,
) -> Spec:
    """`charts.series_bars` as a spec: a bar a stated level, one panel a series, a log axis
    where a panel's values span `charts.LOG_RATIO` or more."""
    shape = charts.series_shape(frame, by, max_rows)
    if shape is None:
        return empty_spec(title, source)
    data, panels, tables, auto, note = shape
    out, flags = [], np.zeros(3, dtype=bool)  # repaired, low, benchmark
    for (label, rows), table in zip(panels, tables, strict=True):
        unit = str(rows["unit"].iloc[0])
        values = table["value"].to_numpy(dtype=float)
        log = charts.log_axis(values)
        spec_rows = []
        for row in table.itertuples():
            v = _number(row.value)
            fill = "b" if row.bench else _fill(bool(row.repaired), bool(row.low))
            color = "muted" if row.bench else "bar"
            spec_rows.append(
                {
                    "label": charts.truncate(row.label),
                    "text": row.text + ("?" if row.low else ""),
                    "at": v,
                    "marks": [["bar", 0.0, v, color, fill]],
                }
            )
        flags |= [table["repaired"].any(), table["low"].any(), table["bench"].any()]
        if log:
            positive = values[values > 0]
            domain = [float(positive.min()) / 2, float(positive.max()) * 4]
        else:
            domain = _linear(list(values), _SERIES_MARGIN)
        out.append(
            {
                "title": _panel_title(label, len(panels) > 1),
                "xlabel": charts._series_axis(label, by) if len(panels) == 1 else "",
                "scale": "log" if log else "linear",
                "ticks": "percent" if unit == "percent" else "number",
                "domain": domain,
                "zero": False,
                "rows": spec_rows,
            }
        )
    legend = _as_stated(bool(flags[0]), bool(flags[1]))
    if flags[2]:
        legend.append([charts.BENCHMARK_LABEL, "muted", "b"])
    return _finish(data, out, auto, note, legend, title, source)


# --------------------------------------------------------------------------- which spec


#: each house chart and the spec of the same chart
SPECS: dict[Callable[..., Any], Callable[..., Spec]] = {
    charts.counts_bar: counts_spec,
    charts.topic_bar: topic_spec,
    charts.rates_dot: rates_spec,
    charts.changes_diverging: changes_spec,
    charts.series_bars: series_spec,
}


def spec_for(chart: Callable[..., Any]) -> Callable[[pd.DataFrame], Spec] | None:
    """The spec function drawing the same chart as `chart` (a house chart, or a `partial` of
    one), or None for any other function (its variants are pre-rendered by matplotlib)."""
    if isinstance(chart, partial):
        inner = spec_for(chart.func)
        return None if inner is None else partial(inner, *chart.args, **chart.keywords)
    try:
        return SPECS.get(chart)
    except TypeError:  # an unhashable callable is no house chart
        return None


__all__: list[str] = []  # everything here serves its own package
