"""What may be compared with what, whose figure each one is, and which may carry a headline.

Three rules every table, chart and finding of the kit follows:

* **Like with like.** Two figures are compared only within one *series*: the same `indicator`
  (the standard measure, `kit/lexicon/indicators.toml`), `unit`, `change` (level or change) and
  `baseline` (year-on-year, previous period, other). "Criminal cases solved, count" and "criminal
  cases solved, % change year-on-year" are two series of one indicator.
* **Whose figure.** A `part` figure (a sub-bureau, district or station inside the report's area)
  carries its unit's name wherever it appears and is never credited to the region; an
  `elsewhere` figure (the national average quoted for comparison) is a benchmark, never the
  region's own.
* **What may be headlined.** Only figures stated as written (no repair) or repaired and confirmed
  by the other-language version of the report, at confidence `LOW_CONFIDENCE` or more, may carry
  a title or a finding. The others are shown, marked, but never headlined.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import numpy as np
import pandas as pd

from kit.frame import LOW_CONFIDENCE

SERIES_COLUMNS: tuple[str, ...] = ("indicator", "unit", "change", "baseline")
SCOPE_COLUMNS: tuple[str, ...] = ("indicator", "scope", "scope_name")
#: a note written by `kit.reconcile` when the other version states the figure alike
CONFIRMED_NOTE = "confirmed by "
DISAGREE_NOTE = "disagrees with "

TRUST_AS_WRITTEN = "as written"
TRUST_CONFIRMED = "repaired, confirmed by the other version"
TRUST_UNCONFIRMED = "repaired, not confirmed: not headlined"
TRUST_LOW = f"low confidence (< {LOW_CONFIDENCE}): not headlined"
BASELINE_WORDS = {
    "yoy": "year-on-year",
    "mom": "on the previous period",
    "other": "against another",
}
UNIT_WORDS = {"percent": "%", "pp": "percentage points", "count": "count", "yuan": "yuan"}


# --------------------------------------------------------------------------- indicators


@cache
def _labels() -> dict[str, str]:
    try:
        from kit.lexicon import load

        entries = load("indicators").get("indicator", [])
    except (FileNotFoundError, KeyError, OSError, ValueError):
        return {}
    return {str(e["key"]): str(e.get("label") or e["key"]) for e in entries if "key" in e}


def indicator_label(key: object) -> str:
    """ "case_solving_rate" -> "Case solving rate" (the lexicon's label where it has one)."""
    if not isinstance(key, str) or not key:
        return "(no standard measure)"
    return _labels().get(key) or key.replace("_", " ").capitalize()


def with_scope_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame, checked to carry `indicator`, `scope` and `scope_name` (every metrics frame
    does: extraction decides them in `kit.indicators` and `kit.scope`, nowhere else)."""
    missing = [c for c in SCOPE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            f"not a metrics frame: no {', '.join(missing)} column (build it with kit.metrics_frame)"
        )
    return frame


# --------------------------------------------------------------------------- series


def series_label(indicator: object, unit: object, change: object, baseline: object) -> str:
    """ "Case solving rate (%)", "Criminal cases solved, change year-on-year (%)"."""
    name = indicator_label(indicator)
    unit_words = UNIT_WORDS.get(str(unit), str(unit))
    if bool(change):
        against = BASELINE_WORDS.get(str(baseline), "") if isinstance(baseline, str) else ""
        return f"{name}, change{' ' + against if against else ''} ({unit_words})"
    return f"{name} ({unit_words})"


def series_key(frame: pd.DataFrame) -> pd.Series:
    """Each row's series as its label (rows without a standard measure: <NA>)."""
    data = with_scope_columns(frame)
    labels = [
        series_label(i, u, c, b) if isinstance(i, str) else None
        for i, u, c, b in zip(
            data["indicator"].astype(object),
            data["unit"].astype(object),
            data["change"].astype(bool),
            data["baseline"].astype(object),
            strict=True,
        )
    ]
    return pd.Series(labels, index=frame.index, dtype="string")


def split_series(frame: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """(series label, its rows) for each series present, in indicator then label order.

    Rows without a standard measure belong to no series and are left out: a reader compares
    them by reading their sentences.
    """
    data = with_scope_columns(frame)
    key = series_key(data)
    order = data.assign(_series=key).dropna(subset=["_series"])
    for label in sorted(order["_series"].unique()):
        rows = order[order["_series"] == label].drop(columns="_series")
        yield str(label), rows


def series_count(frame: pd.DataFrame) -> int:
    """How many series the rows span (rows without a standard measure each count apart)."""
    key = series_key(frame)
    return int(key.nunique()) + int(key.isna().sum())


# --------------------------------------------------------------------------- trust


def confirmed(frame: pd.DataFrame) -> np.ndarray:
    """Rows the other-language version confirmed (kit.reconcile's note) and did not contradict."""
    note = frame["note"].astype("string").fillna("")
    yes = note.str.contains(CONFIRMED_NOTE, regex=False) & ~note.str.contains(
        DISAGREE_NOTE, regex=False
    )
    return yes.to_numpy(dtype=bool)


def headline_ok(frame: pd.DataFrame) -> np.ndarray:
    """Rows a title or finding may rest on: stated as written or confirmed, confidence >= 0.5,
    and the report's own figure or a unit's (never a benchmark quoted from elsewhere)."""
    data = with_scope_columns(frame)
    conf = data["confidence"].to_numpy(dtype=float, na_value=0.0)
    as_written = data["repaired"].isna().to_numpy()
    own = (data["scope"].astype("string").fillna("area") != "elsewhere").to_numpy(dtype=bool)
    return (as_written | confirmed(data)) & (conf >= LOW_CONFIDENCE) & own


def trust(frame: pd.DataFrame) -> pd.Series:
    """Each row's standing in words: as written, confirmed, not confirmed, low confidence."""
    conf = frame["confidence"].to_numpy(dtype=float, na_value=0.0)
    repaired = frame["repaired"].notna().to_numpy()
    fixed = np.where(confirmed(frame), TRUST_CONFIRMED, TRUST_UNCONFIRMED)
    words = np.where(conf < LOW_CONFIDENCE, TRUST_LOW, np.where(~repaired, TRUST_AS_WRITTEN, fixed))
    return pd.Series(words, index=frame.index, dtype="string")


def marks(frame: pd.DataFrame) -> pd.Series:
    """The marks a value carries in wide tables: "*" repaired, "?" low confidence."""
    star = np.where(frame["repaired"].notna() & ~confirmed(frame), "*", "")
    conf = frame["confidence"].to_numpy(dtype=float, na_value=0.0)
    low = np.where(conf < LOW_CONFIDENCE, "?", "")
    return pd.Series(np.char.add(star.astype(str), low.astype(str)), index=frame.index)


MARKS_NOTE = (
    "* repaired from a damaged translation and not confirmed by the other version; "
    f"? confidence below {LOW_CONFIDENCE}: read the source sentence before quoting."
)


# --------------------------------------------------------------------------- whose figure


def whose(frame: pd.DataFrame, report: pd.Series | None = None) -> pd.Series:
    """Whose figure each row is, for labels and tables: "Xining 2023 (zh) · 城北公安分局" for a
    unit's figure, "benchmark: national (quoted in Xining 2023)" for one from elsewhere, else the
    report's label."""
    from kit.present.labels import report_labels

    data = with_scope_columns(frame)
    if report is None:
        labels = report_labels(data)
        report = data["doc_id"].astype("string").map(labels).astype("string")
    out = []
    # plain Python lists: a loop over Arrow-backed strings costs ~10x (charts call this per panel)
    for label, scope, name in zip(
        report.fillna("?").to_numpy(dtype=object).tolist(),
        data["scope"].astype("string").fillna("area").to_numpy(dtype=object).tolist(),
        data["scope_name"].to_numpy(dtype=object).tolist(),
        strict=True,
    ):
        unit = name if isinstance(name, str) and name.strip() else None
        if scope == "part":
            out.append(f"{label} · {unit or 'a unit inside it'}")
        elif scope == "elsewhere":
            out.append(f"benchmark: {unit or 'elsewhere'} (quoted in {label})")
        else:
            out.append(str(label))
    return pd.Series(out, index=frame.index, dtype="string")


def is_benchmark(frame: pd.DataFrame) -> np.ndarray:
    data = with_scope_columns(frame)
    return (data["scope"].astype("string") == "elsewhere").to_numpy(dtype=bool, na_value=False)


__all__: list[str] = []  # everything here serves its own package


def signed(frame: pd.DataFrame) -> np.ndarray:
    """Values with stated falls negative (a change's magnitude with its direction's sign): the
    order of changes from the largest rise to the largest fall, and the bars of a chart."""
    from kit.frame import signed_value

    return signed_value(frame).to_numpy()


# --------------------------------------------------------------------------- periods

_PERIOD_WORDS = {
    "annual": "",
    "h1": "first half",
    "q1": "Q1",
    "q2": "Q2",
    "q3": "Q3",
    "q4": "Q4",
    "multi_year": "five-year period",
}
_MONTH_WORDS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_words(period: object) -> str:
    """ "" for a whole year (the default), else the period in words: "Jan–Sep", "Q1"."""
    if not isinstance(period, str) or not period:
        return ""
    if period in _PERIOD_WORDS:
        return _PERIOD_WORDS[period]
    if period.startswith("jan-") and period[4:].title() in _MONTH_WORDS:
        return f"Jan–{period[4:].title()}"
    return period.replace("_", " ")


def when(frame: pd.DataFrame) -> pd.Series:
    """Each row's year and, for anything but a whole year, its period: "2023", "2023 Jan–Sep".

    Tables and charts put figures side by side only when this matches: a Jan–Sep figure is never
    read as the year's.
    """
    years = frame["year"].astype("Int64").astype("string").fillna("year?")
    periods = frame["period"].astype(object) if "period" in frame else [None] * len(frame)
    words = [period_words(p) for p in periods]
    return pd.Series(
        [f"{y} {w}" if w else str(y) for y, w in zip(years, words, strict=True)],
        index=frame.index,
        dtype="string",
    )
