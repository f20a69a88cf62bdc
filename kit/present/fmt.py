"""The one number formatter every table, title, label and finding uses.

A figure is said the way the report says it: its qualifier kept ("over 803,000"), its sign from
the stated direction ("−6.32%"), its unit ("+25.5 pp", "300 yuan").
"""

from __future__ import annotations

import pandas as pd

QUALIFIER_WORDS = {"more_than": "over ", "nearly": "nearly ", "at_least": "at least "}
UNIT_SUFFIX = {"percent": "%", "pp": " pp", "yuan": " yuan"}


def format_number(value: float) -> str:
    """98.6 -> "98.6", 96.0 -> "96", 6600 -> "6,600", 0.25 -> "0.25", NaN -> "?"."""
    if pd.isna(value):
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_year(value: float) -> str:
    """2023.0 -> "2023" (a year is a label, never "2,023"), NaN -> ""."""
    return "" if pd.isna(value) else f"{value:.0f}"


def format_value(
    value: float,
    unit: object,
    change: bool = False,
    direction: object = None,
    qualifier: object = None,
) -> str:
    """A figure as a reader says it: "98.6%", "+25.5 pp", "−6.32%", "over 6,600", "300 yuan"."""
    words = QUALIFIER_WORDS.get(str(qualifier), "")
    sign = ""
    if change:
        sign = {"up": "+", "down": "−"}.get(str(direction), "±")
    suffix = UNIT_SUFFIX.get(str(unit), "")
    return f"{words}{sign}{format_number(value)}{suffix}"


def shown(frame: pd.DataFrame) -> pd.Series:
    """Each row of a metrics frame as `format_value` says it; a column the frame lacks counts as
    unstated (no unit, no change, no direction, no qualifier)."""
    n = len(frame)

    def column(name: str) -> list[object]:
        return frame[name].tolist() if name in frame else [None] * n

    rows = zip(
        *(column(c) for c in ("value", "unit", "change", "direction", "qualifier")), strict=True
    )
    return pd.Series(
        [
            format_value(v, u, bool(c) if c is not None and c is not pd.NA else False, d, q)
            for v, u, c, d, q in rows
        ],
        index=frame.index,
        dtype="string",
    )


__all__: list[str] = []  # everything here serves its own package
