"""The few calls a notebook or script needs, over the modules that do the work."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

import pandas as pd

from kit.cite import extract  # kit.extract.extract plus each figure's url and page
from kit.frame import documents_to_frame, metrics_to_frame
from kit.load.corpus import Corpus, load_corpus
from kit.schema import Document, Metric


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
    corpus: Corpus | Iterable[Document] | str | os.PathLike[str] | None = None,
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
    if not reconcile:
        return _metrics(corpus, cache)
    from kit.reconcile import apply_reconciliation  # optional step, imported when asked

    docs = list(_documents(corpus))
    return apply_reconciliation(_metrics(docs, cache), docs)


def _metrics(
    corpus: Corpus | Iterable[Document] | str | os.PathLike[str] | None,
    cache: bool | str | os.PathLike[str],
) -> pd.DataFrame:
    if cache is False:
        return metrics_to_frame(iter_metrics(corpus))  # type: ignore[arg-type]
    from kit.run.parallel import documents_table, metrics_table, table_to_frame

    if corpus is None or isinstance(corpus, str | os.PathLike):
        table, _ = metrics_table(corpus, cache=cache)  # unreadable files are left out
    else:
        docs = corpus.documents if isinstance(corpus, Corpus) else corpus
        table = documents_table(docs, cache=cache)
    return table_to_frame(table)


def documents_frame(
    corpus: Corpus | Iterable[Document] | str | None = None,
    *,
    cache: bool | str | os.PathLike[str] = True,
) -> pd.DataFrame:
    """One row a document with its metadata and the number of figures found in it.

    Figures are counted through the same cached path as `metrics_frame`, so a notebook that
    asks for both extracts each document once.
    """
    docs = list(_documents(corpus))
    frame = documents_to_frame(docs)
    counts = _metrics(docs, cache)["doc_id"].value_counts()
    frame["figures"] = [int(counts.get(d.doc_id, 0)) for d in docs]
    return frame
