"""Metrics and documents as pandas DataFrames with a fixed, documented schema.

Notebooks, widgets, charts and briefings rely on these column names and dtypes, so they are
declared once here. Low-cardinality text columns are categoricals, which keeps filtering a
large frame fast; everything that may be empty is nullable.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kit.schema import DOCUMENT_FIELDS, METRIC_FIELDS, Document, Metric

TOPICS: tuple[str, ...] = (
    "crackdown",
    "disputes",
    "traffic",
    "prevention",
    "service",
    "team",
    "other",
)
UNITS: tuple[str, ...] = ("percent", "pp", "count", "yuan", "other")
#: below this confidence a reader must check the source before quoting a figure
LOW_CONFIDENCE = 0.5

#: column -> pandas dtype of the metrics frame, in METRIC_FIELDS order
METRIC_DTYPES: dict[str, object] = {
    "doc_id": "category",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "value": "float64",
    "unit": pd.CategoricalDtype(list(UNITS)),
    "counted": "string",
    "metric": "category",
    "topic": pd.CategoricalDtype(list(TOPICS)),
    "change": "bool",
    "direction": pd.CategoricalDtype(["up", "down"]),
    "baseline": pd.CategoricalDtype(["yoy", "mom"]),
    "qualifier": pd.CategoricalDtype(["more_than", "nearly", "at_least"]),
    "repaired": "category",
    "confidence": "float64",
    "sentence": "string",
    "region": "category",
    "year": "Int64",
    "period": "category",
    "language": "category",
    "note": "string",
    "url": "string",
    "page": "Int64",
}
assert tuple(METRIC_DTYPES) == METRIC_FIELDS

DOCUMENT_DTYPES: dict[str, object] = {
    "doc_id": "string",
    "path": "string",
    "encoding": "string",
    "language": "category",
    "region": "category",
    "year": "Int64",
    "period": "category",
    "title": "string",
    "published": "string",
    "publisher": "string",
    "url": "string",
}
assert tuple(DOCUMENT_DTYPES) == DOCUMENT_FIELDS


def metrics_to_frame(metrics: Iterable[Metric]) -> pd.DataFrame:
    """Build the metrics frame from Metric records (an empty frame keeps every column)."""
    rows = [m.to_dict() for m in metrics]
    frame = pd.DataFrame(rows, columns=list(METRIC_FIELDS))
    return frame.astype(METRIC_DTYPES)


def documents_to_frame(documents: Iterable[Document]) -> pd.DataFrame:
    """One row a document: its metadata, without the text."""
    rows = [{k: getattr(d, k) for k in DOCUMENT_FIELDS} for d in documents]
    frame = pd.DataFrame(rows, columns=list(DOCUMENT_FIELDS))
    return frame.astype(DOCUMENT_DTYPES)
