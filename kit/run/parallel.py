"""Extract many files at once: streamed one file at a time, spread over processes, cached.

`iter_results(paths, jobs=..., cache=...)` yields one `FileResult` (the figures of a file as an
Arrow table) or one `LoadError` per file, in the order `load_corpus` would load them, whatever
the number of processes. Files are read, decoded and extracted inside the worker processes
(`kit.run.pool`), a few chunks at a time, so memory stays flat however large the corpus;
results come back in order and are written out in batches (`kit.run.sinks`, `kit extract`) or
gathered into one table (`kit.run.engine.figures`). A corpus smaller than
`MIN_FILES_PER_PROCESS` files a process is extracted in this process: starting workers would
cost more than it saves. Every file is extracted by `kit.run.engine.extract_document`.

Neither pandas nor pyarrow is imported for JSON lines without a cache: the workers render the
lines themselves and no table is built (`kit extract --format jsonl` starts fast).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.load import manifest
from kit.load.corpus import (
    CorpusError,
    LoadError,
    PathArg,
    _expand,
    display_name,
    document_from_bytes,
    read_file,
    seeds_dir,
)
from kit.load.source import file_digest
from kit.run import engine
from kit.run.budget import FileTimeout, budget_reason, time_budget
from kit.run.sinks import json_lines
from kit.schema import Document, Metric

if TYPE_CHECKING:
    import pyarrow as pa

    from kit.run.cache import Cache, CacheArg

MIN_FILES_PER_PROCESS = 50  # fewer files than this a process: extract in this process
MAX_CHUNK = 32  # files sent to a worker at once
IN_FLIGHT = 4  # chunks queued per worker ahead of the writer


@dataclass(frozen=True)
class FileResult:
    """The figures of one file, in text order: an Arrow table of `kit.run.rows.ROW_SCHEMA`
    (None when only JSON lines were asked for), or their JSON lines, or both."""

    path: str
    doc_id: str
    table: pa.Table | None
    digest: str | None = None  # sha256 of the file's bytes when a cache was used
    cached: bool = False
    jsonl: str | None = None  # the rows as JSON lines, when asked for (made in the worker)
    rows: int | None = None  # the number of figures when there is no table

    @property
    def figures(self) -> int:
        return self.table.num_rows if self.table is not None else (self.rows or 0)


# ---- the work one process does ------------------------------------------------------------


@dataclass(frozen=True)
class _Done:
    doc_id: str
    error: str | None  # the reason a file could not be loaded or extracted
    digest: str | None
    rows: int
    jsonl: str | None


def _extract_one(
    path: str, want_digest: bool, budget: float | None = None
) -> tuple[str | None, str | None, list[Metric]]:
    """(error, digest, metrics) of one file; never raises for a bad file. The bytes are read
    once: the digest is always that of the bytes the figures come from."""
    try:
        data = read_file(path)
        digest = file_digest(path, data) if want_digest else None  # bytes and fetched address
        with time_budget(budget):
            return None, digest, engine.extract_document(document_from_bytes(path, data))
    except CorpusError as exc:
        return exc.reason, None, []
    except FileTimeout:
        return budget_reason(budget), None, []
    except Exception as exc:  # a bug on one file must not lose the others
        return f"extraction failed ({type(exc).__name__}: {exc})", None, []


def extract_chunk(
    paths: Sequence[str],
    want_digest: bool = False,
    want_jsonl: bool = False,
    budget: float | None = None,
    want_table: bool = True,
) -> tuple[list[_Done], pa.Table | None]:
    """Load and extract a few files; their figures as one table (None unless `want_table`),
    with one status a file."""
    done: list[_Done] = []
    metrics: list[Metric] = []
    for path in paths:
        error, digest, found = _extract_one(path, want_digest, budget)
        jsonl = None
        if want_jsonl and found:
            jsonl = json_lines([vars(m) for m in found])  # = m.to_dict() each, faster
        done.append(_Done(display_name(Path(path).name), error, digest, len(found), jsonl))
        if want_table:
            metrics.extend(found)
    if not want_table:
        return done, None
    from kit.run.rows import rows_table

    return done, rows_table(metrics)


def _lost(path: str) -> tuple[list[_Done], None]:
    from kit.run.pool import died

    return [_Done(display_name(Path(path).name), died(), None, 0, None)], None


def _merge(results: list[tuple[list[_Done], pa.Table | None]]) -> tuple[list[_Done], Any]:
    done = [status for statuses, _ in results for status in statuses]
    tables = [table for _, table in results]
    if all(table is None for table in tables):
        return done, None
    from kit.run.rows import concat

    return done, concat(tables)


# ---- which files ------------------------------------------------------------------------------


def plan(paths: Iterable[PathArg] | PathArg | None = None) -> list[Path | LoadError]:
    """The files `load_corpus` would load, in its order, and the errors of missing paths."""
    if paths is None:
        paths = [seeds_dir()]
    elif isinstance(paths, str | os.PathLike):
        paths = [paths]
    items: list[Path | LoadError] = []
    seen: set[str] = set()
    folders: set[Path] = set()
    real: dict[Path, str] = {}  # each folder's real path, resolved once
    for given in paths:
        errors: list[LoadError] = []
        files = _expand(Path(given), errors)
        items.extend(errors)
        for path in files:
            key = _real_path(path, real)
            if key not in seen:
                seen.add(key)
                items.append(path)
                folders.add(path.parent)
    for folder in sorted(folders):  # a bad manifest line is named here, once, not per worker
        manifest.read(folder)
    return items


def _real_path(path: Path, folders: dict[Path, str]) -> str:
    """`str(path.resolve())`: the folder's real path (resolved once a folder) joined with the
    name, unless the file is itself a link (one `lstat`, where resolving reads every folder
    of the path again)."""
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = os.path.realpath(path.parent)
    if os.path.islink(path):
        return os.path.realpath(path)
    return os.path.join(folder, path.name)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def effective_jobs(jobs: int | None, n_files: int) -> int:
    """Processes worth starting for `n_files` files (1 means: work in this process)."""
    wanted = default_jobs() if jobs is None or jobs <= 0 else jobs
    return max(1, min(wanted, n_files // MIN_FILES_PER_PROCESS))


# ---- the ordered stream -------------------------------------------------------------------


class _Now:
    """A chunk done in this process when its turn comes, looking like a Future."""

    def __init__(self, *args: Any) -> None:
        self.args = args

    def result(self) -> tuple[list[_Done], pa.Table | None]:
        return extract_chunk(*self.args)


def _chunk_size(n_files: int, jobs: int) -> int:
    if jobs <= 1:
        # a chunk's figures are one Arrow table: up to 32 files share its per-column cost
        # (1,000 files' tables: 0.10 CPU seconds in chunks of 8, 0.06 in chunks of 32), and
        # at least 16 chunks a corpus keep the results streaming
        return max(8, min(MAX_CHUNK, n_files // 16))
    return max(1, min(MAX_CHUNK, n_files // (jobs * 16)))


def _open(cache: CacheArg) -> Cache | None:
    if cache is None or cache is False:
        return None  # no cache: pyarrow is not needed for it
    from kit.run.cache import open_cache

    return open_cache(cache)


def iter_results(
    paths: Iterable[PathArg] | PathArg | None = None,
    *,
    jobs: int | None = None,
    cache: CacheArg = None,
    jsonl: bool = False,
    items: list[Path | LoadError] | None = None,
    budget: float | None = None,
    tables: bool = True,
) -> Iterator[FileResult | LoadError]:
    """One result a file (or a `LoadError`), in `load_corpus` order, extracted in `jobs`
    processes (default: all cores, one for small corpora), reusing and filling `cache`.

    `jsonl=True` also renders each file's rows as JSON lines inside the workers; `tables=False`
    (with `jsonl`) builds no Arrow table where no cache needs one. `budget` is the seconds a
    file may take (default `kit.run.budget.default_budget()`, 0: no limit).
    """
    from kit.run.pool import Retried, Workers

    items = plan(paths) if items is None else items
    n_files = sum(1 for item in items if not isinstance(item, LoadError))
    store = _open(cache)
    want_table = tables or not jsonl or store is not None
    jobs = effective_jobs(jobs, n_files)
    size = _chunk_size(n_files, jobs)
    pool = None
    if jobs > 1:
        try:
            pool = Workers(jobs, extract_chunk)
        except (OSError, NotImplementedError, ImportError):  # no semaphores (some sandboxes)
            jobs = 1
    seen_ids: dict[str, str] = {}
    pending: deque[tuple[list[Any], Any]] = deque()
    abrupt = True
    try:
        for start in range(0, len(items), size):
            entries: list[Any] = []
            misses: list[str] = []
            for item in items[start : start + size]:
                if isinstance(item, LoadError):
                    entries.append(item)
                    continue
                hit = _cached(store, item)
                if hit is not None:
                    entries.append((item, *hit))
                else:
                    entries.append(item)
                    misses.append(str(item))
            work: Any = None
            if misses:
                args = (misses, store is not None, jsonl, budget, want_table)
                work = _Now(*args)
                if pool is not None:
                    work = Retried(pool, args, _lost, _merge)
            pending.append((entries, work))
            while len(pending) > (jobs * IN_FLIGHT if pool is not None else 0):
                yield from _finish(*pending.popleft(), store, seen_ids, jsonl)
        while pending:
            yield from _finish(*pending.popleft(), store, seen_ids, jsonl)
        abrupt = False
    finally:
        for _, work in pending:
            if isinstance(work, Retried) and work.future is not None:
                work.future.cancel()
        if pool is not None:
            pool.stop(abrupt)
        if store is not None and store is not cache:
            store.close()
        elif store is not None:
            store.flush()


def _cached(store: Cache | None, path: Path) -> tuple[str, pa.Table] | None:
    """(digest, figures) of a file whose results are cached and sound, else None."""
    if store is None:
        return None
    try:
        digest = file_digest(path, path.read_bytes())  # bytes and fetched address
    except OSError:
        return None  # the worker reports why
    table = store.lookup(digest)
    return None if table is None else (digest, table)


def _finish(
    entries: list[Any],
    work: Any,
    store: Cache | None,
    seen_ids: dict[str, str],
    jsonl: bool,
) -> Iterator[FileResult | LoadError]:
    from kit.run.sinks import table_jsonl

    if any(isinstance(entry, tuple) for entry in entries):
        from kit.run.rows import with_doc_id
    done: Iterator[_Done] = iter(())
    table = None
    if work is not None:
        statuses, table = work.result()
        done = iter(statuses)
    offset = 0
    for entry in entries:
        if isinstance(entry, LoadError):
            yield entry
            continue
        if isinstance(entry, tuple):  # cached: same bytes, perhaps under another name
            path, digest, cached = entry
            doc_id = display_name(path.name)
            rows = with_doc_id(cached, doc_id)
            text = table_jsonl(rows) if jsonl and rows.num_rows else None
            result = FileResult(str(path), doc_id, rows, digest, cached=True, jsonl=text)
        else:
            path, status = entry, next(done)
            rows = table.slice(offset, status.rows) if table is not None else None
            offset += status.rows
            if status.error is not None:
                yield LoadError(display_name(str(path)), status.error)
                continue
            if store is not None and status.digest is not None and rows is not None:
                store.put(status.digest, rows)
            result = FileResult(
                str(path), status.doc_id, rows, status.digest, jsonl=status.jsonl, rows=status.rows
            )
        if result.doc_id in seen_ids:
            reason = (
                f"same file name as {seen_ids[result.doc_id]}; document ids must be unique, "
                "so this file was skipped"
            )
            yield LoadError(display_name(result.path), reason)
            continue
        seen_ids[result.doc_id] = display_name(result.path)
        yield result


# ---- gathering into one table (the engine) ---------------------------------------------------


def metrics_table(
    paths: Iterable[PathArg] | PathArg | None = None,
    *,
    jobs: int | None = None,
    cache: CacheArg = True,
) -> tuple[pa.Table, list[LoadError]]:
    """Every figure of every file under `paths` as one table, and the files that failed."""
    from kit.run.rows import concat

    tables: list[pa.Table | None] = []
    errors: list[LoadError] = []
    for result in iter_results(paths, jobs=jobs, cache=cache):
        if isinstance(result, LoadError):
            errors.append(result)
        elif result.figures:
            tables.append(result.table)
    return concat(tables), errors


def documents_table(documents: Iterable[Document], *, cache: CacheArg = True) -> pa.Table:
    """Every figure of in-memory documents, cached by their text and metadata."""
    from kit.run.cache import document_digest
    from kit.run.rows import concat, rows_table, with_doc_id

    store = _open(cache)
    tables = []
    try:
        for document in documents:
            if store is None:
                tables.append(rows_table(engine.extract_document(document)))
                continue
            digest = document_digest(document)
            cached = store.lookup(digest)
            if cached is not None:
                tables.append(with_doc_id(cached, document.doc_id))
            else:
                table = rows_table(engine.extract_document(document))
                store.put(digest, table)
                tables.append(table)
    finally:
        if store is not None and store is not cache:
            store.close()
        elif store is not None:
            store.flush()
    return concat(tables)


# ---- `kit extract` --------------------------------------------------------------------------


def show_progress() -> bool:
    """A progress bar only for a person watching a terminal, never in pipes or CI logs."""
    return sys.stderr.isatty() and not os.environ.get("CI")


__all__ = [
    "iter_results",
    "plan",
    "show_progress",
]
