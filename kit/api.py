"""The few calls a notebook or script needs, over the modules that do the work.

Every figure comes through `kit.run.engine.figures`, the one road from a corpus to figures.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kit.run import engine
from kit.run.engine import CorpusArg, figures, source
from kit.schema import Metric

if TYPE_CHECKING:
    import pandas as pd


def iter_metrics(corpus: CorpusArg = None) -> Iterator[Metric]:
    """Every figure of every document, document by document (default: the bundled seeds)."""
    for document in source(corpus).load():
        yield from engine.extract_document(document)


def metrics_frame(
    corpus: CorpusArg = None,
    *,
    reconcile: bool = False,
    cache: bool | str | os.PathLike[str] = True,
) -> pd.DataFrame:
    """The metrics frame (schema in `kit.frame`) of a corpus, a path, or the bundled seeds.

    `reconcile=True` checks each figure against the other-language version of its report where
    one is in the corpus (`kit.reconcile`): confidence and note say what it confirmed or not.

    `cache` reuses results kept on disk (`kit.run.cache`, keyed by each file's bytes and the kit's
    version and lexicons): reopening a notebook re-extracts only new or changed files. True uses
    `$KIT_CACHE_DIR` or ~/.cache/kit, a folder puts it there, False extracts everything again.
    Given a path, files are read one at a time and spread over all cores when there are many.
    """
    given = source(corpus)
    if not reconcile:
        return figures(given, cache)
    from kit.reconcile import apply_reconciliation  # optional step, imported when asked

    docs = given.load()
    return apply_reconciliation(figures(docs, cache), docs)


def documents_frame(
    corpus: CorpusArg = None,
    *,
    cache: bool | str | os.PathLike[str] = True,
) -> pd.DataFrame:
    """One row a document with its metadata and the number of figures found in it.

    Figures are counted through the same cached road as `metrics_frame`, so a notebook that
    asks for both extracts each document once.
    """
    from kit.frame import documents_to_frame

    docs = source(corpus).load()
    frame = documents_to_frame(docs)
    counts = figures(docs, cache)["doc_id"].astype(str).value_counts()
    frame["figures"] = [int(counts.get(d.doc_id, 0)) for d in docs]
    return frame


__all__ = [
    "documents_frame",
    "metrics_frame",
]
