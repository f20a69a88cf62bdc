"""The few calls a notebook or script needs, over the modules that do the work."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from kit.corpus import Corpus, load_corpus
from kit.extract import extract
from kit.frame import documents_to_frame, metrics_to_frame
from kit.records import Document, Metric


def _documents(corpus: Corpus | Iterable[Document] | str | None) -> Iterable[Document]:
    if corpus is None or isinstance(corpus, str):
        return load_corpus(corpus).documents
    if isinstance(corpus, Corpus):
        return corpus.documents
    return corpus


def iter_metrics(corpus: Corpus | Iterable[Document] | str | None = None) -> Iterator[Metric]:
    """Every figure of every document, document by document (default: the bundled seeds)."""
    for document in _documents(corpus):
        yield from extract(document)


def metrics_frame(
    corpus: Corpus | Iterable[Document] | str | None = None, *, reconcile: bool = False
) -> pd.DataFrame:
    """The metrics frame (schema in `kit.frame`) of a corpus, a path, or the bundled seeds.

    `reconcile=True` checks each figure against the other-language version of its report where
    one is in the corpus (`kit.reconcile`): confidence and note say what it confirmed or not.
    """
    if not reconcile:
        return metrics_to_frame(iter_metrics(corpus))
    from kit.reconcile import apply_reconciliation  # optional step, imported when asked

    docs = list(_documents(corpus))
    return apply_reconciliation(metrics_to_frame(iter_metrics(docs)), docs)


def documents_frame(corpus: Corpus | Iterable[Document] | str | None = None) -> pd.DataFrame:
    """One row a document with its metadata and the number of figures found in it."""
    docs = list(_documents(corpus))
    frame = documents_to_frame(docs)
    frame["figures"] = [len(extract(d)) for d in docs]
    return frame
