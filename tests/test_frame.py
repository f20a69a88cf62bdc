"""The metrics frame keeps its documented schema: column order, dtypes, nullable empties."""

from __future__ import annotations

import pandas as pd

import kit
from kit.frame import METRIC_DTYPES, metrics_to_frame
from kit.schema import METRIC_FIELDS


def test_seed_frame_has_the_schema() -> None:
    frame = kit.metrics_frame()
    assert tuple(frame.columns) == METRIC_FIELDS
    assert isinstance(frame["topic"].dtype, pd.CategoricalDtype)
    assert str(frame["year"].dtype) == "Int64"
    assert frame["value"].dtype == "float64"
    assert frame["change"].dtype == bool
    assert set(frame["doc_id"].unique()) == {d.doc_id for d in kit.load_corpus().documents}
    assert frame["direction"].isna().sum() > 0  # levels have no direction: nullable, not "None"


def test_empty_frame_keeps_every_column() -> None:
    frame = metrics_to_frame([])
    assert tuple(frame.columns) == METRIC_FIELDS
    assert {c: str(t) for c, t in frame.dtypes.items()}.keys() == METRIC_DTYPES.keys()


def test_documents_frame_counts_figures() -> None:
    docs = kit.documents_frame()
    assert len(docs) == 5
    assert (docs["figures"] > 10).all()
    assert docs.set_index("doc_id").loc["004_f2f0698675f26159.txt", "language"] == "zh"


def test_a_value_outside_a_closed_vocabulary_is_an_error_not_a_silent_gap() -> None:
    import dataclasses

    import pytest

    from kit.figures import extract
    from kit.load.corpus import load_corpus

    (doc, *_) = load_corpus().documents
    good = extract(doc)[0]
    misspelt = dataclasses.replace(good, repaired="decimal_point_lost")
    with pytest.raises(ValueError, match="repaired='decimal_point_lost' is not one of"):
        metrics_to_frame([misspelt])
    assert len(metrics_to_frame([good])) == 1
