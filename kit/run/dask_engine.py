"""Extraction on a Dask cluster: the same per-file work as `kit.run.parallel`, many machines.

    frame = extract_dask(["reports/"], scheduler="tcp://scheduler:8786").compute()
    kit extract reports/ --engine dask --scheduler tcp://scheduler:8786 --output metrics/

Files are listed here, on the client, and split into partitions of a few dozen files; each
worker reads its files by path (so workers must see the same paths: a shared or network file
system, or the same checkout on every machine) and extracts them with `kit.run.parallel`'s
`extract_chunk`, so results equal a local run's row for row. Dask is an optional extra
(`pip install 'kit[dask]'`); nothing here imports it until it is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow.parquet as pq

from kit.frame import METRIC_DTYPES
from kit.load.corpus import LoadError, PathArg
from kit.run.parallel import default_jobs, extract_chunk, plan
from kit.run.rows import ROW_SCHEMA, table_to_frame
from kit.run.sinks import output_table

if TYPE_CHECKING:
    import dask.dataframe as dd
    from distributed import Client

MISSING = (
    "the dask engine needs Dask, an optional extra: pip install 'kit[dask]' "
    "(or: pip install 'dask[dataframe,distributed]')"
)
FILES_PER_PARTITION = 32
#: categorical columns whose categories depend on the data (each partition has its own)
OPEN_CATEGORIES = tuple(k for k, v in METRIC_DTYPES.items() if v == "category")

_CLIENTS: dict[str, Client] = {}  # clients made from an address, kept for lazy frames


def _require() -> None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ImportError(MISSING) from exc


# ---- planning -------------------------------------------------------------------------------


def partitions(
    paths: Iterable[PathArg] | PathArg | None, files_per_partition: int | None = None
) -> tuple[list[list[str]], list[LoadError]]:
    """Files split into partitions in `load_corpus` order, and paths that cannot be loaded.

    A file whose name was already seen is skipped as `load_corpus` skips it (document ids are
    file names and must be unique).
    """
    files: list[str] = []
    errors: list[LoadError] = []
    seen: dict[str, str] = {}
    for item in plan(paths):
        if isinstance(item, LoadError):
            errors.append(item)
        elif item.name in seen:
            reason = (
                f"same file name as {seen[item.name]}; document ids must be unique, "
                "so this file was skipped"
            )
            errors.append(LoadError(str(item), reason))
        else:
            seen[item.name] = str(item)
            files.append(str(item))
    size = files_per_partition or FILES_PER_PARTITION
    return [files[i : i + size] for i in range(0, len(files), size)], errors


def meta() -> pd.DataFrame:
    """The empty metrics frame Dask plans with (data-dependent categories left unknown)."""
    from dask.dataframe.utils import clear_known_categories

    empty = table_to_frame(ROW_SCHEMA.empty_table())
    return clear_known_categories(empty, cols=list(OPEN_CATEGORIES))


# ---- work done on the workers ---------------------------------------------------------------


def partition_frame(paths: Sequence[str]) -> pd.DataFrame:
    """The metrics frame of a few files (files that fail to load are left out)."""
    _, table = extract_chunk(list(paths))
    return table_to_frame(table)


def write_partition(paths: Sequence[str], out: str, index: int) -> tuple[int, list[LoadError]]:
    """Extract a few files into `out/part.<index>.parquet`; (figures, files that failed)."""
    done, table = extract_chunk(list(paths))
    target = Path(out) / f"part.{index:05d}.parquet"
    assert table is not None  # extract_chunk builds the table unless told not to
    pq.write_table(output_table(table), target)
    errors = [LoadError(p, d.error) for p, d in zip(paths, done, strict=True) if d.error]
    return table.num_rows, errors


# ---- the API ----------------------------------------------------------------------------------


def connect(scheduler: str | Client | None) -> Client | None:
    """A client for a scheduler address (kept open for later computes), or None."""
    if scheduler is None or not isinstance(scheduler, str):
        return scheduler
    from distributed import Client

    client = _CLIENTS.get(scheduler)
    if client is None or client.status not in ("running", "connecting", "newly-created"):
        client = Client(scheduler, set_as_default=True)
        _CLIENTS[scheduler] = client
    return client


def close_clients() -> None:
    """Close the clients `extract_dask` opened from scheduler addresses."""
    while _CLIENTS:
        _, client = _CLIENTS.popitem()
        client.close()


def extract_dask(
    paths: Iterable[PathArg] | PathArg | None = None,
    scheduler: str | Client | None = None,
    *,
    files_per_partition: int | None = None,
) -> dd.DataFrame:
    """Every figure of every file under `paths`, as a lazy Dask DataFrame.

    `scheduler` is a scheduler address ("tcp://host:8786"), a `distributed.Client`, or None
    for Dask's current default (an active Client, else its local scheduler). One partition
    holds the figures of `files_per_partition` files, in `load_corpus` order, so
    `.compute()` equals `kit.metrics_frame(paths, cache=False)` row for row (categories of the
    data-dependent categoricals aside, which Dask unions in its own order). Files that cannot
    be loaded are left out; `partitions(paths)` lists them.
    """
    _require()
    import dask.dataframe as dd

    connect(scheduler)
    chunks, _ = partitions(paths, files_per_partition)
    if not chunks:
        return dd.from_pandas(table_to_frame(ROW_SCHEMA.empty_table()), npartitions=1)
    return dd.from_map(partition_frame, chunks, meta=meta(), label="kit-extract")


# ---- a Parquet dataset on disk (`kit extract --engine dask`) --------------------------------


def write_dataset(
    paths: Sequence[PathArg] | None,
    out: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    on_error: Callable[[LoadError], None] | None = None,
    on_done: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Extract `paths` into partitioned Parquet under `out` (old parts replaced); returns
    (figures, files that failed). Each failed file goes to `on_error` as it is known, and
    `on_done(files, figures)` follows each finished partition. Without `scheduler`, a local
    cluster of `workers` processes (default: all cores). Raises ImportError without Dask."""
    _require()
    from distributed import Client, LocalCluster, as_completed

    chunks, errors = partitions(paths or None)
    for error in errors:
        if on_error is not None:
            on_error(error)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("part.*.parquet"):
        stale.unlink()
    cluster = None
    if scheduler:
        client = Client(scheduler, set_as_default=False)
    else:
        cluster = LocalCluster(
            n_workers=workers or default_jobs(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster, set_as_default=False)
    failed, figures = len(errors), 0
    try:
        futures = [
            client.submit(write_partition, chunk, str(folder.resolve()), i, pure=False)
            for i, chunk in enumerate(chunks)
        ]
        sizes = {f.key: len(c) for f, c in zip(futures, chunks, strict=True)}
        for future in as_completed(futures, loop=client.loop):
            rows, bad = future.result()
            figures += rows
            failed += len(bad)
            for error in bad:
                if on_error is not None:
                    on_error(error)
            if on_done is not None:
                on_done(sizes[future.key], rows)
        if not chunks:  # still leave a readable (empty) dataset
            pq.write_table(output_table(ROW_SCHEMA.empty_table()), folder / "part.00000.parquet")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return figures, failed


__all__ = [
    "write_dataset",
]
