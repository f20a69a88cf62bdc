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
import re
import site
import stat
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
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

from kit.cite import extract  # kit.extract.extract plus each figure's url and page
from kit.frame import METRIC_DTYPES
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
from kit.run.budget import FileTimeout, budget_reason, time_budget
from kit.run.cache import Cache, CacheArg, document_digest, open_cache
from kit.run.output import AtomicFile, neutralise_formulas
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
    """One figure as `kit extract` writes it: a JSON object in METRIC_FIELDS order. Strict
    JSON: a value that is not a finite number (NaN, or a number too large for a float) is null,
    never the `NaN`/`Infinity` that JSON parsers other than Python's reject."""
    try:
        return json.dumps(row, ensure_ascii=False, default=_json_default, allow_nan=False) + "\n"
    except ValueError:
        finite = {
            k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in row.items()
        }
        return json.dumps(finite, ensure_ascii=False, default=_json_default) + "\n"


def rows_table(metrics: Sequence[Metric]) -> pa.Table:
    """Metric records as an Arrow table of ROW_SCHEMA."""
    columns: list[list[Any]] = [[] for _ in METRIC_FIELDS]
    for m in metrics:
        for column, value in zip(columns, vars(m).values(), strict=True):
            column.append(value)
    return pa.Table.from_arrays(
        [_array(c, f.type) for c, f in zip(columns, ROW_SCHEMA, strict=True)],
        schema=ROW_SCHEMA,
    )


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _array(values: list[Any], type_: pa.DataType) -> pa.Array:
    """An Arrow column; text holding lone surrogates (possible in a Document built in memory,
    never valid UTF-8) gets U+FFFD in their place, one character for one, so offsets hold."""
    try:
        return pa.array(values, type=type_)
    except UnicodeEncodeError:
        return pa.array(
            [_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for v in values],
            type=type_,
        )


def table_to_frame(table: pa.Table) -> pd.DataFrame:
    """The metrics frame (schema in `kit.frame`) of a ROW_SCHEMA table."""
    frame = table.to_pandas()
    if frame.empty:
        frame = pd.DataFrame({name: pd.Series([], dtype=object) for name in METRIC_FIELDS})
    return frame.astype(METRIC_DTYPES)


def _with_doc_id(table: pa.Table, doc_id: str) -> pa.Table:
    """A cached table renamed for the file at hand (same bytes, maybe another name)."""
    column = _array([doc_id] * table.num_rows, pa.string())
    return table.set_column(0, "doc_id", column)


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
            return None, digest, extract(document_from_bytes(path, data))
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
) -> tuple[list[_Done], pa.Table]:
    """Load and extract a few files; their figures as one table, with one status a file."""
    done: list[_Done] = []
    metrics: list[Metric] = []
    for path in paths:
        error, digest, found = _extract_one(path, want_digest, budget)
        jsonl = None
        if want_jsonl and found:
            jsonl = "".join(json_line(dict(vars(m))) for m in found)  # = m.to_dict(), faster
        done.append(_Done(display_name(Path(path).name), error, digest, len(found), jsonl))
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
    folders: set[Path] = set()
    for given in paths:
        errors: list[LoadError] = []
        files = _expand(Path(given), errors)
        items.extend(errors)
        for path in files:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                items.append(path)
                folders.add(path.parent)
    for folder in sorted(folders):  # a bad manifest line is named here, once, not per worker
        manifest.read(folder)
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


def _kit_root() -> str:
    """The folder holding the `kit` package this process runs."""
    return str(Path(__file__).resolve().parents[2])


@contextmanager
def _safe_child_path() -> Iterator[None]:
    """Start children that import the kit this process runs, never code in the current folder.

    Fork-server and spawn children start as `python -c ...`, which puts the current folder
    first on `sys.path`: a `kit.py` or `kit/` there would be imported (and run) in place of the
    kit. `PYTHONSAFEPATH` keeps the current folder off the path; `PYTHONPATH` names this kit's
    own folder unless it is installed in site-packages (where the child finds it anyway).
    """
    saved = {k: os.environ.get(k) for k in ("PYTHONSAFEPATH", "PYTHONPATH")}
    root = _kit_root()
    installed = {os.path.realpath(p) for p in [*site.getsitepackages(), site.getusersitepackages()]}
    try:
        os.environ["PYTHONSAFEPATH"] = "1"
        if os.path.realpath(root) not in installed:
            rest = [saved["PYTHONPATH"]] if saved["PYTHONPATH"] else []
            os.environ["PYTHONPATH"] = os.pathsep.join([root, *rest])
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _watch_parent(parent: int) -> None:
    """Worker initializer: exit when the process that started the pool is gone (killed with
    SIGKILL, say), instead of waiting for work forever and holding memory."""

    warnings.simplefilter("ignore", manifest.ManifestWarning)  # named once, by `plan`

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pid reused by another user's process: parent gone
                os._exit(1)

    threading.Thread(target=watch, name="kit-parent-watch", daemon=True).start()


class _ForkServerProcess(ForkServerProcess):
    def start(self) -> None:
        with _main_hidden(), _safe_child_path():
            super().start()


class _ForkServerContext(ForkServerContext):
    Process = _ForkServerProcess  # type: ignore[assignment]


class _SpawnProcess(SpawnProcess):
    def start(self) -> None:
        with _main_hidden(), _safe_child_path():
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
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )


def _stop(pool: ProcessPoolExecutor, abrupt: bool) -> None:
    """Shut the pool down; `abrupt` (the run was interrupted) also ends running workers at once
    rather than waiting for their chunks."""
    if abrupt:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with suppress(OSError, AttributeError):
                process.terminate()
        for process in processes:
            process.join(timeout=5)
        return
    pool.shutdown(wait=True, cancel_futures=True)


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
    budget: float | None = None,
) -> Iterator[FileResult | LoadError]:
    """One result a file (or a `LoadError`), in `load_corpus` order, extracted in `jobs`
    processes (default: all cores, one for small corpora), reusing and filling `cache`.

    `jsonl=True` also renders each file's rows as JSON lines inside the workers. `budget` is
    the seconds a file may take (default `kit.run.budget.default_budget()`, 0: no limit).
    """
    items = plan(paths) if items is None else items
    n_files = sum(1 for item in items if not isinstance(item, LoadError))
    store = open_cache(cache)
    jobs = effective_jobs(jobs, n_files)
    size = _chunk_size(n_files, jobs)
    pool = None
    if jobs > 1:
        try:
            pool = _Workers(jobs)
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
                args = (misses, store is not None, jsonl, budget)
                work = _Now(*args)
                if pool is not None:
                    work = _Retried(pool, args)
            pending.append((entries, work))
            while len(pending) > (jobs * IN_FLIGHT if pool is not None else 0):
                yield from _finish(*pending.popleft(), store, seen_ids, jsonl)
        while pending:
            yield from _finish(*pending.popleft(), store, seen_ids, jsonl)
        abrupt = False
    finally:
        for _, work in pending:
            if isinstance(work, _Retried) and work.future is not None:
                work.future.cancel()
        if pool is not None:
            pool.stop(abrupt)
        if store is not None and store is not cache:
            store.close()
        elif store is not None:
            store.flush()


class _Workers:
    """The worker pool, renewed when a worker dies (the OOM killer, a crash): work is never
    done in this process after that, since what killed a worker would kill the run."""

    MAX_RENEWALS = 32  # fresh pools started after deaths, at most, in one run

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool = _pool(jobs)
        self.renewals = 0

    def submit(self, args: tuple[Any, ...]) -> Future:
        """`extract_chunk(*args)` in a worker (in a fresh pool when the current one broke)."""
        try:
            return self.pool.submit(extract_chunk, *args)
        except BrokenProcessPool:
            self.renew()
            return self.pool.submit(extract_chunk, *args)

    def renew(self) -> None:
        """Replace a broken pool (at most MAX_RENEWALS times; then raise BrokenProcessPool)."""
        if not getattr(self.pool, "_broken", False):
            return
        self.pool.shutdown(wait=False, cancel_futures=True)
        if self.renewals >= self.MAX_RENEWALS:
            raise BrokenProcessPool("worker processes keep dying")
        self.renewals += 1
        self.pool = _pool(self.jobs)

    def stop(self, abrupt: bool) -> None:
        _stop(self.pool, abrupt)


def died() -> str:
    """The plain words of a file whose worker process died reading it, twice."""
    return (
        "the process reading it died (killed for using too much memory?), and again when "
        "retried alone in a fresh process: skipped"
    )


class _Retried:
    """A chunk sent to a worker. When the pool broke (a worker was killed, out of memory say),
    each file of the chunk is retried alone in a fresh worker, so the file that kills its
    worker is named and the others of its chunk are still read; never in this process."""

    def __init__(self, workers: _Workers, args: tuple[Any, ...]) -> None:
        self.workers = workers
        self.args = args
        self.future: Future | None = None
        with suppress(BrokenProcessPool):
            self.future = workers.submit(args)

    def result(self) -> tuple[list[_Done], pa.Table]:
        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:
                pass
        paths, *rest = self.args
        done: list[_Done] = []
        tables: list[pa.Table] = []
        for path in paths:
            try:
                self.workers.renew()
                statuses, table = self.workers.submit(([path], *rest)).result()
            except BrokenProcessPool:
                statuses, table = (
                    [_Done(display_name(Path(path).name), died(), None, 0, None)],
                    None,
                )
            done.extend(statuses)
            if table is not None and table.num_rows:
                tables.append(table)
        return done, _concat(tables)


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
            rows = _with_doc_id(cached, doc_id)
            text = _table_jsonl(rows) if jsonl and rows.num_rows else None
            result = FileResult(str(path), doc_id, rows, digest, cached=True, jsonl=text)
        else:
            path, status = entry, next(done)
            rows = table.slice(offset, status.rows)  # type: ignore[union-attr]
            offset += status.rows
            if status.error is not None:
                yield LoadError(display_name(str(path)), status.error)
                continue
            if store is not None and status.digest is not None:
                store.put(status.digest, rows)
            result = FileResult(str(path), status.doc_id, rows, status.digest, jsonl=status.jsonl)
        if result.doc_id in seen_ids:
            reason = (
                f"same file name as {seen_ids[result.doc_id]}; document ids must be unique, "
                "so this file was skipped"
            )
            yield LoadError(display_name(result.path), reason)
            continue
        seen_ids[result.doc_id] = display_name(result.path)
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
            cached = store.lookup(digest)
            if cached is not None:
                tables.append(_with_doc_id(cached, document.doc_id))
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
        text = result.jsonl if result.jsonl is not None else _table_jsonl(result.table)
        try:
            self.out.write(text)
        except UnicodeEncodeError:  # lone surrogates from a Document built in memory
            self.out.write(_SURROGATE.sub("\ufffd", text))

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
        frame = neutralise_formulas(table_to_frame(table))  # no formulas run in a spreadsheet
        frame.to_csv(self.out, index=False, header=self.header)
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
    items: list[Path | LoadError] | None = None,
    budget: float | None = None,
) -> tuple[int, int, int]:
    """Extract `paths` (or the planned `items`) into `sink`; returns (files done, figures,
    files that failed). Each failed file is reported as it happens through `report` (default:
    stderr), naming it.
    """
    from tqdm.auto import tqdm

    items = plan(paths or None) if items is None else items
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
        results = iter_results(items=items, jobs=jobs, cache=cache, jsonl=jsonl, budget=budget)
        for result in results:
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


def plan_outside(
    paths: Sequence[PathArg], output: PathArg | None
) -> tuple[list[Path | LoadError], str | None]:
    """(`plan(paths)` without the output file, a usage error or None): an output inside an input
    folder (a previous run's) is never read back as input, and an output that is itself one of
    the named input files is refused, since writing it would destroy that input."""
    items = plan(paths or None)
    items = [i for i in items if isinstance(i, LoadError) or not _is_stdout(i)]
    if output is None:
        return items, None
    target = Path(output).resolve()
    named = {Path(p).resolve() for p in paths}
    kept: list[Path | LoadError] = []
    for item in items:
        if not isinstance(item, LoadError) and item.resolve() == target:
            if target in named:
                return items, f"-o {output} is one of the input files; it would be overwritten"
            continue
        kept.append(item)
    return kept, None


def _is_stdout(path: Path) -> bool:
    """True when `path` is the file standard output is redirected to (`kit extract . >
    figures.txt` must not read the figures it is writing)."""
    try:
        out = os.fstat(sys.stdout.fileno())
        here = path.stat()
    except (OSError, ValueError, AttributeError):
        return False
    return (out.st_dev, out.st_ino) == (here.st_dev, here.st_ino) and stat.S_ISREG(out.st_mode)


def _silence_stdout() -> None:
    """Send what is left of standard output nowhere, so the flush at exit cannot fail again."""
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def cli_extract(args: Any) -> int:
    """`kit extract` with the local engine: exit 0, 1 when some file failed, 2 on misuse.

    A file output appears only complete and only when some input could be read: it is written
    under a temporary name and renamed into place (see `kit.run.output`)."""
    fmt = args.format or "jsonl"
    if fmt == "parquet" and not args.output:
        print("kit: error: --format parquet needs -o FILE", file=sys.stderr)
        return 2
    items, misuse = plan_outside(args.paths, args.output)
    if misuse is not None:
        print(f"kit: error: {misuse}", file=sys.stderr)
        return 2
    cache: CacheArg = (args.cache_dir or True) if args.cache else None
    output = None
    try:
        if args.output:
            output = AtomicFile(args.output, binary=fmt == "parquet")
        if fmt == "parquet":
            sink: Any = ParquetSink(output.path)  # type: ignore[union-attr]
        else:
            out = output.handle if output is not None else sys.stdout
            sink = JsonlSink(out) if fmt == "jsonl" else CsvSink(out)  # type: ignore[arg-type]
    except OSError as exc:
        if output is not None:
            output.abort()
        print(f"kit: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        done, _, failed = run(
            args.paths, sink, jobs=args.jobs, cache=cache, items=items, budget=args.time_limit
        )
        if output is not None:
            if done == 0 and failed:
                output.abort()
                print(
                    f"kit: error: no file could be read, so {args.output} was not written",
                    file=sys.stderr,
                )
                return 1
            output.commit()
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        if output is None:  # standard output on a full disk, say: one line, no traceback
            _silence_stdout()
            print(
                f"kit: error: could not write standard output: {exc.strerror or exc}",
                file=sys.stderr,
            )
            return 1
        output.abort()
        print(f"kit: error: could not write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        if output is not None:
            output.abort()  # killed or failed: the temporary file goes, the target stays as it was
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
    "plan_outside",
    "rows_table",
    "run",
    "show_progress",
    "table_to_frame",
]
