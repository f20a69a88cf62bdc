"""The one road from a corpus to figures: `figures(corpus, cache, jobs, engine)` -> metrics frame.

Every caller that turns documents into figures comes here: the API (`kit.metrics_frame`,
`kit.documents_frame`), the CLI (`kit docs`, `kit summary`, `kit reconcile`), the notebooks
(through `kit.present.selection.load`), reconciliation and the Dask engine. So a document is
extracted in one place (`extract_document`), once: the default cache (what notebooks use) is
opened once a process (its index read once, the kit's fingerprint computed once) and what it
holds is read back, even where its folder cannot be written (then kept in memory), so loading a
notebook's frames and reconciling its versions never extract a document twice.

Engines take typed arguments and raise; what to print and which exit code is `kit.cli`'s.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kit.figures import extract as _extract  # the one door: the per-document extraction
from kit.load.corpus import Corpus, LoadError, PathArg, load_corpus
from kit.load.decode import replace_surrogates
from kit.schema import Document, Metric

if TYPE_CHECKING:
    import pandas as pd

    from kit.run.cache import Cache, CacheArg

#: what every call here accepts as a corpus: None (the bundled seeds), a path (str or
#: os.PathLike, file or folder), several paths, a loaded Corpus, or Documents in memory
CorpusArg = Corpus | Iterable[Document] | Iterable[PathArg] | PathArg | None
Engine = Literal["local", "dask"]


def extract_document(document: Document) -> list[Metric]:
    """Every figure of one document: the one per-document extraction call of the kit (the
    pool's workers, in-memory documents and the Dask workers all come through here)."""
    return _extract(document)


@dataclass(frozen=True)
class Source:
    """A corpus argument read once: paths to load (None = the seeds), or documents in hand."""

    paths: list[PathArg] | None = None
    documents: list[Document] | None = None

    def load(self) -> list[Document]:
        if self.documents is not None:
            return self.documents
        return load_corpus(self.paths).documents


def source(corpus: CorpusArg | Source) -> Source:
    """`corpus` read once (a generator is consumed here) as paths or documents."""
    if isinstance(corpus, Source):
        return corpus
    if corpus is None:
        return Source()
    if isinstance(corpus, str | os.PathLike):
        return Source(paths=[corpus])
    if isinstance(corpus, Corpus):
        return Source(documents=corpus.documents)
    items = list(corpus)
    if items and all(isinstance(item, str | os.PathLike) for item in items):
        return Source(paths=[item for item in items if isinstance(item, str | os.PathLike)])
    return Source(documents=[_valid_text(d) for d in items if isinstance(d, Document)])


def _valid_text(document: Document) -> Document:
    """A Document built in memory, with any lone surrogate (not text, and not writable to
    UTF-8, Arrow or JSON) in its text or name replaced by U+FFFD: offsets are unchanged."""
    text, doc_id = replace_surrogates(document.text), replace_surrogates(document.doc_id)
    if text is document.text and doc_id is document.doc_id:
        return document
    return dataclasses.replace(document, text=text, doc_id=doc_id)


def figures(
    corpus: CorpusArg | Source = None,
    cache: CacheArg = True,
    jobs: int | None = None,
    engine: Engine = "local",
    *,
    errors: list[LoadError] | None = None,
) -> pd.DataFrame:
    """The metrics frame (schema in `kit.frame`) of a corpus, a path, or the bundled seeds.

    `cache`: True (`$KIT_CACHE_DIR` or ~/.cache/kit), a folder, a `Cache`, or False (extract
    everything again). `jobs`: processes for files read from paths (default: all cores, one
    for small corpora). `engine="dask"` extracts paths on a Dask cluster (the default client;
    no cache). Files that cannot be read are left out, and appended to `errors` when given.
    Raises ValueError for an unknown engine, or documents in memory given to Dask.
    """
    given = source(corpus)
    if engine == "dask":
        if given.documents is not None:
            raise ValueError("the dask engine reads files by path; documents in memory run local")
        from kit.run.dask_engine import extract_dask, partitions

        if errors is not None:
            errors.extend(partitions(given.paths or None)[1])
        return extract_dask(given.paths or None).compute()
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: local or dask")
    from kit.run import parallel
    from kit.run.rows import table_to_frame

    if given.documents is None:
        table, failed = parallel.metrics_table(given.paths, jobs=jobs, cache=_store(cache))
        if errors is not None:
            errors.extend(failed)
    else:
        table = parallel.documents_table(given.documents, cache=_store(cache))
    return table_to_frame(table)


_STORES: dict[tuple[str, str], Cache] = {}


def _store(cache: CacheArg) -> CacheArg:
    """The default cache (`cache=True`) is opened once a process and a folder: its index is
    read once, and what it holds (written or, on a read-only disk, kept in memory) is found
    again by the next call. A folder or `Cache` given is used as given."""
    if cache is not True:
        return cache
    from kit.run.cache import Cache, default_dir, fingerprint

    key = (str(default_dir().resolve()), fingerprint())
    store = _STORES.get(key)
    if store is None:
        store = _STORES[key] = Cache()
    return store


__all__ = ["CorpusArg", "extract_document", "figures", "source"]
