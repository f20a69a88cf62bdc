"""The few calls a notebook or script needs, over the modules that do the work."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from kit.cite import extract  # kit.extract.extract plus each figure's url and page
from kit.frame import documents_to_frame, metrics_to_frame
from kit.load.corpus import Corpus, PathArg, load_corpus
from kit.load.decode import replace_surrogates
from kit.schema import Document, Metric

#: what every call here accepts as a corpus: None (the bundled seeds), a path (str or
#: os.PathLike, file or folder), several paths, a loaded Corpus, or Documents in memory
CorpusArg = Corpus | Iterable[Document] | Iterable[PathArg] | PathArg | None


@dataclass(frozen=True)
class _Source:
    """A corpus argument read once: paths to load (None = the seeds), or documents in hand."""

    paths: list[PathArg] | None = None
    documents: list[Document] | None = None

    def load(self) -> list[Document]:
        if self.documents is not None:
            return self.documents
        return load_corpus(self.paths).documents


def _source(corpus: CorpusArg) -> _Source:
    if corpus is None:
        return _Source()
    if isinstance(corpus, str | os.PathLike):
        return _Source(paths=[corpus])
    if isinstance(corpus, Corpus):
        return _Source(documents=corpus.documents)
    items = list(corpus)  # read once: `corpus` may be a generator
    if items and all(isinstance(item, str | os.PathLike) for item in items):
        return _Source(paths=items)  # type: ignore[arg-type]
    return _Source(documents=[_valid_text(d) for d in items])  # type: ignore[arg-type]


def _valid_text(document: Document) -> Document:
    """A Document built in memory, with any lone surrogate (not text, and not writable to
    UTF-8, Arrow or JSON) in its text or name replaced by U+FFFD: offsets are unchanged."""
    text, doc_id = replace_surrogates(document.text), replace_surrogates(document.doc_id)
    if text is document.text and doc_id is document.doc_id:
        return document
    return dataclasses.replace(document, text=text, doc_id=doc_id)


def iter_metrics(corpus: CorpusArg = None) -> Iterator[Metric]:
    """Every figure of every document, document by document (default: the bundled seeds)."""
    for document in _source(corpus).load():
        yield from extract(document)


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
    source = _source(corpus)
    if not reconcile:
        return _metrics(source, cache)
    from kit.reconcile import apply_reconciliation  # optional step, imported when asked

    docs = source.load()
    return apply_reconciliation(_metrics(_Source(documents=docs), cache), docs)


def _metrics(source: _Source, cache: bool | str | os.PathLike[str]) -> pd.DataFrame:
    if cache is False:
        return metrics_to_frame(m for d in source.load() for m in extract(d))
    from kit.run.parallel import documents_table, metrics_table, table_to_frame

    if source.documents is None:
        table, _ = metrics_table(source.paths, cache=cache)  # unreadable files are left out
    else:
        table = documents_table(source.documents, cache=cache)
    return table_to_frame(table)


def documents_frame(
    corpus: CorpusArg = None,
    *,
    cache: bool | str | os.PathLike[str] = True,
) -> pd.DataFrame:
    """One row a document with its metadata and the number of figures found in it.

    Figures are counted through the same cached path as `metrics_frame`, so a notebook that
    asks for both extracts each document once.
    """
    docs = _source(corpus).load()
    frame = documents_to_frame(docs)
    counts = _metrics(_Source(documents=docs), cache)["doc_id"].value_counts()
    frame["figures"] = [int(counts.get(d.doc_id, 0)) for d in docs]
    return frame
