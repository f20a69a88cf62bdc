"""Metrics and documents as pandas DataFrames with a fixed, documented schema.

Notebooks, widgets, charts and briefings rely on these column names and dtypes, so they are
declared once here. Low-cardinality text columns are categoricals, which keeps filtering a
large frame fast; everything that may be empty is nullable.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kit.schema import (
    DOCUMENT_FIELDS,
    METRIC_FIELDS,
    METRIC_KINDS,
    Document,
    Metric,
)

#: below this confidence a reader must check the source before quoting a figure
LOW_CONFIDENCE = 0.5

_PANDAS_KINDS: dict[str, object] = {
    "str": "string",
    "int": "int64",
    "int?": "Int64",
    "float": "float64",
    "bool": "bool",
    "cat": "category",
}


def _dtype(kind: str | tuple[str, ...]) -> object:
    return pd.CategoricalDtype(list(kind)) if isinstance(kind, tuple) else _PANDAS_KINDS[kind]


#: column -> pandas dtype of the metrics frame, derived from the field table in `kit.schema`
METRIC_DTYPES: dict[str, object] = {name: _dtype(kind) for name, kind in METRIC_KINDS.items()}

DOCUMENT_DTYPES: dict[str, object] = {
    "doc_id": "string",
    "path": "string",
    "encoding": "string",
    "language": "category",
    "region": "category",
    "region_level": "category",
    "province": "category",
    "region_note": "string",
    "year": "Int64",
    "period": "category",
    "period_start": "string",
    "period_end": "string",
    "title": "string",
    "published": "string",
    "publisher": "string",
    "url": "string",
}
assert tuple(DOCUMENT_DTYPES) == DOCUMENT_FIELDS


def signed_value(frame: pd.DataFrame) -> pd.Series:
    """Each figure's value with its stated direction's sign: -6.32 for "down 6.32%".

    `value` keeps the magnitude as written (provenance); a fall is negative only here, so sums,
    sorts and charts of changes read right. A value without a direction keeps its own sign.
    """
    value = frame["value"].to_numpy(dtype=float, na_value=np.nan)
    direction = frame["direction"].astype(object).to_numpy()
    sign = np.where(direction == "down", -1.0, np.where(direction == "up", 1.0, np.sign(value)))
    signed = np.abs(value) * np.where(sign == 0, 1.0, sign)
    return pd.Series(signed, index=frame.index, name="signed_value", dtype="float64")


def with_signed_value(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with a `signed_value` column (see `signed_value`)."""
    return frame.assign(signed_value=signed_value(frame))


def metrics_to_frame(metrics: Iterable[Metric]) -> pd.DataFrame:
    """Build the metrics frame from Metric records (an empty frame keeps every column)."""
    rows = [m.to_dict() for m in metrics]
    frame = pd.DataFrame(rows, columns=list(METRIC_FIELDS))
    return check_closed(frame).astype(METRIC_DTYPES)


def check_closed(raw: pd.DataFrame) -> pd.DataFrame:
    """Raise when a value is outside its column's closed vocabulary; else return `raw`.

    Checked before the cast: pandas would turn such a value into a missing one (a misspelt repair
    rule or indicator would vanish from every table), and pandas 4 will refuse the cast.
    """
    for name, kind in METRIC_KINDS.items():
        if isinstance(kind, tuple):
            column = raw[name]
            outside = column.notna() & ~column.isin(kind)
            if outside.any():
                bad = column[outside].iloc[0]
                raise ValueError(f"{name}={bad!r} is not one of {', '.join(kind)}")
    return raw


def documents_to_frame(documents: Iterable[Document]) -> pd.DataFrame:
    """One row a document: its metadata, without the text."""
    rows = [{k: getattr(d, k) for k in DOCUMENT_FIELDS} for d in documents]
    frame = pd.DataFrame(rows, columns=list(DOCUMENT_FIELDS))
    return frame.astype(DOCUMENT_DTYPES)


__all__ = [
    "LOW_CONFIDENCE",
    "METRIC_DTYPES",
    "documents_to_frame",
    "signed_value",
    "with_signed_value",
]
