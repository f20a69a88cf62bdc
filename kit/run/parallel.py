"""Extract many files at once: streamed one file at a time, spread over processes, cached.

`iter_results(paths, jobs=..., cache=...)` yields one `FileResult` (the figures of a file as an
Arrow table) or one `LoadError` per file, in the order `load_corpus` would load them, whatever
the number of processes. Files are read, decoded and extracted inside the worker processes,
a few chunks at a time, so memory stays flat however large the corpus; results come back in
order and are written out in batches by the sinks below (`kit extract`) or gathered into one
frame (`kit.metrics_frame`). A corpus smaller than `MIN_FILES_PER_PROCESS` files a process is
extracted in this process: starting workers would cost more than it saves.
"""

from __future__ import annotations

import json
import math
import multiprocessing as mp
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.context import (
    BaseContext,
    ForkServerContext,
    ForkServerProcess,
    SpawnContext,
    SpawnProcess,
)
from pathlib import Path
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kit.extract import extract
from kit.frame import METRIC_DTYPES
from kit.load.corpus import CorpusError, LoadError, PathArg, _expand, load_document, seeds_dir
from kit.run.cache import Cache, CacheArg, bytes_digest, document_digest, open_cache
from kit.schema import METRIC_FIELDS, METRIC_KINDS, Document, Metric

MIN_FILES_PER_PROCESS = 50  # fewer files than this a process: extract in this process
MAX_CHUNK = 32  # files sent to a worker at once
BATCH_ROWS = 20_000  # figures written to Parquet / CSV at once (one row group)
IN_FLIGHT = 4  # chunks queued per worker ahead of the writer

#: Arrow types of the metrics rows as they travel and are cached (plain, no dictionaries)
_ARROW_KINDS = {"int": pa.int64(), "int?": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
ROW_SCHEMA = pa.schema(
    [(name, _ARROW_KINDS.get(kind, pa.string())) for name, kind in METRIC_KINDS.items()]  # type: ignore[call-overload]
)
assert tuple(ROW_SCHEMA.names) == METRIC_FIELDS


@dataclass(frozen=True)
class FileResult:
    """The figures of one file, in text order, as an Arrow table of `ROW_SCHEMA`."""

    path: str
    doc_id: str
    table: pa.Table
    digest: str | None = None  # sha256 of the file's bytes when a cache was used
    cached: bool = False
    jsonl: str | None = None  # the rows as JSON lines, when asked for (made in the worker)

    @property
    def figures(self) -> int:
        return self.table.num_rows


# ---- rows ----------------------------------------------------------------------------------


def _json_default(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else str(value)


def json_line(row: dict[str, Any]) -> str:
    """One figure as `kit extract` writes it: a JSON object in METRIC_FIELDS order."""
    return json.dumps(row, ensure_ascii=False, default=_json_default) + "\n"


def rows_table(metrics: Sequence[Metric]) -> pa.Table:
    """Metric records as an Arrow table of ROW_SCHEMA."""
    columns: list[list[Any]] = [[] for _ in METRIC_FIELDS]
    for m in metrics:
        for column, value in zip(columns, vars(m).values(), strict=True):
            column.append(value)
    return pa.Table.from_arrays(
        [pa.array(c, type=f.type) for c, f in zip(columns, ROW_SCHEMA, strict=True)],
        schema=ROW_SCHEMA,
    )


def table_to_frame(table: pa.Table) -> pd.DataFrame:
    """The metrics frame (schema in `kit.frame`) of a ROW_SCHEMA table."""
    frame = table.to_pandas()
    if frame.empty:
        frame = pd.DataFrame({name: pd.Series([], dtype=object) for name in METRIC_FIELDS})
    return frame.astype(METRIC_DTYPES)


def _with_doc_id(table: pa.Table, doc_id: str) -> pa.Table:
    """A cached table renamed for the file at hand (same bytes, maybe another name)."""
    column = pa.array([doc_id] * table.num_rows, type=pa.string())
    return table.set_column(0, "doc_id", column)


# ---- the work one process does ------------------------------------------------------------


@dataclass(frozen=True)
class _Done:
    doc_id: str
    error: str | None  # the reason a file could not be loaded or extracted
    digest: str | None
    rows: int
    jsonl: str | None


def _extract_one(path: str, want_digest: bool) -> tuple[str | None, str | None, list[Metric]]:
    """(error, digest, metrics) of one file; never raises for a bad file."""
    digest = None
    if want_digest:
        try:
            digest = bytes_digest(Path(path).read_bytes())
        except OSError:
            digest = None
    try:
        document = load_document(path)
    except CorpusError as exc:
        return exc.reason, None, []
    try:
        return None, digest, extract(document)
    except Exception as exc:  # a bug on one file must not lose the others
        return f"extraction failed ({type(exc).__name__}: {exc})", None, []


def extract_chunk(
    paths: Sequence[str], want_digest: bool = False, want_jsonl: bool = False
) -> tuple[list[_Done], pa.Table]:
    """Load and extract a few files; their figures as one table, with one status a file."""
    done: list[_Done] = []
    metrics: list[Metric] = []
    for path in paths:
        error, digest, found = _extract_one(path, want_digest)
        jsonl = None
        if want_jsonl and found:
            jsonl = "".join(json_line(dict(vars(m))) for m in found)  # = m.to_dict(), faster
        done.append(_Done(Path(path).name, error, digest, len(found), jsonl))
        metrics.extend(found)
    return done, rows_table(metrics)


# ---- which files ------------------------------------------------------------------------------


def plan(paths: Iterable[PathArg] | PathArg | None = None) -> list[Path | LoadError]:
    """The files `load_corpus` would load, in its order, and the errors of missing paths."""
    if paths is None:
        paths = [seeds_dir()]
    elif isinstance(paths, str | os.PathLike):
        paths = [paths]
    items: list[Path | LoadError] = []
    seen: set[Path] = set()
    for given in paths:
        errors: list[LoadError] = []
        files = _expand(Path(given), errors)
        items.extend(errors)
        for path in files:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                items.append(path)
    return items


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


@contextmanager
def _main_hidden() -> Iterator[None]:
    """Hide the main script from a starting worker: workers need only `kit.run.parallel`, and
    re-running the caller's script in every worker (what spawn and forkserver do) fails for
    scripts read from stdin and re-runs unguarded scripts' top-level code."""
    main = sys.modules.get("__main__")
    saved = {k: main.__dict__[k] for k in ("__file__", "__spec__") if main and k in main.__dict__}
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            if "__spec__" in saved:
                main.__spec__ = None
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)


class _ForkServerProcess(ForkServerProcess):
    def start(self) -> None:
        with _main_hidden():
            super().start()


class _ForkServerContext(ForkServerContext):
    Process = _ForkServerProcess  # type: ignore[assignment]


class _SpawnProcess(SpawnProcess):
    def start(self) -> None:
        with _main_hidden():
            super().start()


class _SpawnContext(SpawnContext):
    Process = _SpawnProcess  # type: ignore[assignment]


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Worker processes that start clean: no threads or locks copied from the caller (a
    notebook kernel or a progress bar runs threads, and fork() copies them badly), with
    kit.run.parallel imported once in the fork server and shared by every worker."""
    context: BaseContext
    if "forkserver" in mp.get_all_start_methods():
        context = _ForkServerContext()
        context.set_forkserver_preload(["kit.run.parallel"])
    else:
        context = _SpawnContext()
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


# ---- the ordered stream -------------------------------------------------------------------


class _Now:
    """A chunk done in this process when its turn comes, looking like a Future."""

    def __init__(self, *args: Any) -> None:
        self.args = args

    def result(self) -> tuple[list[_Done], pa.Table]:
        return extract_chunk(*self.args)


def _chunk_size(n_files: int, jobs: int) -> int:
    if jobs <= 1:
        return 8
    return max(1, min(MAX_CHUNK, n_files // (jobs * 16)))


def iter_results(
    paths: Iterable[PathArg] | PathArg | None = None,
    *,
    jobs: int | None = None,
    cache: CacheArg = None,
    jsonl: bool = False,
    items: list[Path | LoadError] | None = None,
) -> Iterator[FileResult | LoadError]:
    """One result a file (or a `LoadError`), in `load_corpus` order, extracted in `jobs`
    processes (default: all cores, one for small corpora), reusing and filling `cache`.

    `jsonl=True` also renders each file's rows as JSON lines inside the workers.
    """
    items = plan(paths) if items is None else items
    n_files = sum(1 for item in items if not isinstance(item, LoadError))
    store = open_cache(cache)
    jobs = effective_jobs(jobs, n_files)
    size = _chunk_size(n_files, jobs)
    pool = None
    if jobs > 1:
        try:
            pool = _pool(jobs)
        except (OSError, NotImplementedError, ImportError):  # no semaphores (some sandboxes)
            jobs = 1
    seen_ids: dict[str, str] = {}
    pending: deque[tuple[list[Any], Any]] = deque()
    try:
        for start in range(0, len(items), size):
            entries: list[Any] = []
            misses: list[str] = []
            for item in items[start : start + size]:
                if isinstance(item, LoadError):
                    entries.append(item)
                    continue
                digest = _cached_digest(store, item)
                if digest is not None:
                    entries.append((item, digest))
                else:
                    entries.append(item)
                    misses.append(str(item))
            work: Any = None
            if misses:
                args = (misses, store is not None, jsonl)
                work = pool.submit(extract_chunk, *args) if pool is not None else _Now(*args)
            pending.append((entries, work))
            while len(pending) > (jobs * IN_FLIGHT if pool is not None else 0):
                yield from _finish(*pending.popleft(), store, seen_ids, jsonl)
        while pending:
            yield from _finish(*pending.popleft(), store, seen_ids, jsonl)
    finally:
        for _, work in pending:
            if isinstance(work, Future):
                work.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if store is not None and store is not cache:
            store.close()
        elif store is not None:
            store.flush()


def _cached_digest(store: Cache | None, path: Path) -> str | None:
    """The file's digest when its results are cached, else None."""
    if store is None:
        return None
    try:
        digest = bytes_digest(path.read_bytes())
    except OSError:
        return None  # the worker reports why
    return digest if digest in store else None


def _finish(
    entries: list[Any],
    work: Any,
    store: Cache | None,
    seen_ids: dict[str, str],
    jsonl: bool,
) -> Iterator[FileResult | LoadError]:
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
            path, digest = entry
            assert store is not None
            rows = _with_doc_id(store.get(digest), path.name)
            text = _table_jsonl(rows) if jsonl and rows.num_rows else None
            result = FileResult(str(path), path.name, rows, digest, cached=True, jsonl=text)
        else:
            path, status = entry, next(done)
            rows = table.slice(offset, status.rows)  # type: ignore[union-attr]
            offset += status.rows
            if status.error is not None:
                yield LoadError(str(path), status.error)
                continue
            if store is not None and status.digest is not None:
                store.put(status.digest, rows)
            result = FileResult(str(path), status.doc_id, rows, status.digest, jsonl=status.jsonl)
        if result.doc_id in seen_ids:
            reason = (
                f"same file name as {seen_ids[result.doc_id]}; document ids must be unique, "
                "so this file was skipped"
            )
            yield LoadError(result.path, reason)
            continue
        seen_ids[result.doc_id] = result.path
        yield result


def _table_jsonl(table: pa.Table) -> str:
    return "".join(json_line(row) for row in table.to_pylist())


# ---- gathering into one frame (the API) -------------------------------------------------------


def metrics_table(
    paths: Iterable[PathArg] | PathArg | None = None,
    *,
    jobs: int | None = None,
    cache: CacheArg = True,
) -> tuple[pa.Table, list[LoadError]]:
    """Every figure of every file under `paths` as one table, and the files that failed."""
    tables: list[pa.Table] = []
    errors: list[LoadError] = []
    for result in iter_results(paths, jobs=jobs, cache=cache):
        if isinstance(result, LoadError):
            errors.append(result)
        elif result.figures:
            tables.append(result.table)
    return _concat(tables), errors


def documents_table(documents: Iterable[Document], *, cache: CacheArg = True) -> pa.Table:
    """Every figure of in-memory documents, cached by their text and metadata."""
    store = open_cache(cache)
    tables = []
    try:
        for document in documents:
            if store is None:
                tables.append(rows_table(extract(document)))
                continue
            digest = document_digest(document)
            if digest in store:
                tables.append(_with_doc_id(store.get(digest), document.doc_id))
            else:
                table = rows_table(extract(document))
                store.put(digest, table)
                tables.append(table)
    finally:
        if store is not None and store is not cache:
            store.close()
        elif store is not None:
            store.flush()
    return _concat(tables)


def _concat(tables: list[pa.Table]) -> pa.Table:
    tables = [t for t in tables if t.num_rows]
    return pa.concat_tables(tables) if tables else ROW_SCHEMA.empty_table()


# ---- writing `kit extract` output -------------------------------------------------------------


class JsonlSink:
    """JSON lines, written a file at a time."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def add(self, result: FileResult) -> None:
        self.out.write(result.jsonl if result.jsonl is not None else _table_jsonl(result.table))

    def close(self) -> None:
        self.out.flush()


class _Batched:
    """Collects tables and writes them BATCH_ROWS figures at a time."""

    def __init__(self) -> None:
        self.tables: list[pa.Table] = []
        self.rows = 0

    def add(self, result: FileResult) -> None:
        if result.figures:
            self.tables.append(result.table)
            self.rows += result.figures
            if self.rows >= BATCH_ROWS:
                self.flush()

    def flush(self) -> None:
        if self.tables:
            table = pa.concat_tables(self.tables)
            self.tables, self.rows = [], 0
            self.write(table)

    def write(self, table: pa.Table) -> None:
        raise NotImplementedError


def _empty_frame() -> pd.DataFrame:
    return table_to_frame(ROW_SCHEMA.empty_table())


_OUTPUT_SCHEMA: pa.Schema | None = None


def output_schema() -> pa.Schema:
    """Arrow schema of the metrics frame as written to Parquet (categoricals as dictionaries,
    pandas metadata included), so the file reads back as the metrics frame."""
    global _OUTPUT_SCHEMA
    if _OUTPUT_SCHEMA is None:
        pandas_meta = pa.Schema.from_pandas(_empty_frame(), preserve_index=False).metadata
        fields = []
        for column in ROW_SCHEMA:
            dtype = METRIC_DTYPES[column.name]
            if dtype == "category" or isinstance(dtype, pd.CategoricalDtype):
                # int32 codes whatever a batch holds, so every row group has one type
                fields.append(pa.field(column.name, pa.dictionary(pa.int32(), pa.string())))
            else:
                fields.append(column)
        _OUTPUT_SCHEMA = pa.schema(fields, metadata=pandas_meta)
    return _OUTPUT_SCHEMA


def output_table(table: pa.Table) -> pa.Table:
    """A ROW_SCHEMA table converted for writing to Parquet (see `output_schema`)."""
    schema = output_schema()
    return pa.Table.from_pandas(table_to_frame(table), schema=schema, preserve_index=False)


class ParquetSink(_Batched):
    """One Parquet file written in row groups; it reads back as the metrics frame."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.writer = pq.ParquetWriter(path, output_schema())

    def write(self, table: pa.Table) -> None:
        self.writer.write_table(output_table(table))

    def close(self) -> None:
        self.flush()
        self.writer.close()


class CsvSink(_Batched):
    """CSV with one header, written a batch at a time."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        self.out = out
        self.header = True

    def write(self, table: pa.Table) -> None:
        table_to_frame(table).to_csv(self.out, index=False, header=self.header)
        self.header = False

    def close(self) -> None:
        self.flush()
        if self.header:  # no figures at all: still a header
            _empty_frame().to_csv(self.out, index=False)
        self.out.flush()


def show_progress() -> bool:
    """A progress bar only for a person watching a terminal, never in pipes or CI logs."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def run(
    paths: Sequence[PathArg],
    sink: Any,
    *,
    jobs: int | None = None,
    cache: CacheArg = None,
    report: Callable[[str], None] | None = None,
    progress: bool | None = None,
) -> tuple[int, int, int]:
    """Extract `paths` into `sink`; returns (files done, figures, files that failed).

    Each failed file is reported as it happens through `report` (default: stderr), naming it.
    """
    from tqdm.auto import tqdm

    items = plan(paths or None)
    given_errors = {item for item in items if isinstance(item, LoadError)}
    n_files = len(items) - len(given_errors)
    progress = show_progress() if progress is None else progress
    bar = tqdm(
        total=n_files,
        unit="file",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
        bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} files{postfix} [{elapsed}, {rate_fmt}]",
    )
    bar.set_postfix_str("0 figures", refresh=False)

    def say(message: str) -> None:
        if report is not None:
            report(message)
        elif progress:
            bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    done = figures = failed = 0
    jsonl = isinstance(sink, JsonlSink)
    try:
        for result in iter_results(items=items, jobs=jobs, cache=cache, jsonl=jsonl):
            if isinstance(result, LoadError):
                failed += 1
                say(f"kit: error: {result}")
                if result not in given_errors:  # a file that failed, not a missing path
                    bar.update(1)
                continue
            sink.add(result)
            done += 1
            figures += result.figures
            bar.update(1)
            bar.set_postfix_str(f"{figures:,} figures", refresh=False)
    finally:
        bar.close()
        sink.close()
    return done, figures, failed


def cli_extract(args: Any) -> int:
    """`kit extract` with the local engine: exit 0, 1 when some file failed, 2 on misuse."""
    fmt = args.format or "jsonl"
    if fmt == "parquet" and not args.output:
        print("kit: error: --format parquet needs -o FILE", file=sys.stderr)
        return 2
    cache: CacheArg = (args.cache_dir or True) if args.cache else None
    if fmt == "parquet":
        sink: Any = ParquetSink(args.output)
        handle = None
    else:
        handle = open(args.output, "w", encoding="utf-8", newline="") if args.output else None  # noqa: SIM115
        out = handle or sys.stdout
        sink = JsonlSink(out) if fmt == "jsonl" else CsvSink(out)
    try:
        _, _, failed = run(args.paths, sink, jobs=args.jobs, cache=cache)
    finally:
        if handle is not None:
            handle.close()
    return 1 if failed else 0


__all__ = [
    "BATCH_ROWS",
    "MIN_FILES_PER_PROCESS",
    "ROW_SCHEMA",
    "CsvSink",
    "FileResult",
    "JsonlSink",
    "ParquetSink",
    "cli_extract",
    "default_jobs",
    "documents_table",
    "effective_jobs",
    "extract_chunk",
    "iter_results",
    "metrics_table",
    "output_schema",
    "output_table",
    "plan",
    "rows_table",
    "run",
    "show_progress",
    "table_to_frame",
]
