"""The figures of many files as they travel between processes, the cache and the outputs: Arrow
tables of `ROW_SCHEMA` (one column a `Metric` field, plain types, no dictionaries).

This is the only module of the road that needs pyarrow for every table it handles; `kit extract
--format jsonl` with no cache never imports it.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from kit.schema import METRIC_FIELDS, METRIC_KINDS, Metric

if TYPE_CHECKING:
    import pandas as pd

_ARROW_KINDS = {"int": pa.int64(), "int?": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
ROW_SCHEMA = pa.schema(
    [
        (name, _ARROW_KINDS.get(kind, pa.string()) if isinstance(kind, str) else pa.string())
        for name, kind in METRIC_KINDS.items()
    ]
)
assert tuple(ROW_SCHEMA.names) == METRIC_FIELDS

SURROGATE = re.compile(r"[\ud800-\udfff]")
_DOC_ID = pa.schema([ROW_SCHEMA.field("doc_id")])


def rows_table(metrics: Sequence[Metric]) -> pa.Table:
    """Metric records as an Arrow table of ROW_SCHEMA."""
    return from_rows([vars(m) for m in metrics], ROW_SCHEMA)


def from_rows(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """A table of `schema` from Python rows, parsed by Arrow's JSON reader.

    Not `pa.array`: pyarrow probes every Python list or scalar it converts for pandas objects,
    importing pandas (1.3 CPU seconds) into a process that never uses it, such as
    `kit extract --format parquet` or a worker. Arrow's own parser reads back exactly what
    `json.dumps` writes (floats round-trip, NaN included); text holding lone surrogates (possible
    in a Document built in memory, never valid UTF-8) gets U+FFFD in their place, one character
    for one, so offsets hold.
    """
    if not rows:
        return schema.empty_table()
    import pyarrow.json as pj

    text = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = SURROGATE.sub("\ufffd", text).encode("utf-8")
    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore")
    # one block for the whole batch: the rows of one call are few, and threads would cost more
    read = pj.ReadOptions(use_threads=False, block_size=len(data) + 1)
    table = pj.read_json(io.BytesIO(data), read_options=read, parse_options=options)
    return table.select(schema.names)


def table_to_frame(table: pa.Table) -> pd.DataFrame:
    """The metrics frame (schema in `kit.frame`) of a ROW_SCHEMA table."""
    import pandas as pd

    from kit.frame import METRIC_DTYPES

    frame = table.to_pandas()
    if frame.empty:
        frame = pd.DataFrame({name: pd.Series([], dtype=object) for name in METRIC_FIELDS})
    return frame.astype(METRIC_DTYPES)


def with_doc_id(table: pa.Table, doc_id: str) -> pa.Table:
    """A cached table renamed for the file at hand (same bytes, maybe another name)."""
    column = from_rows([{"doc_id": doc_id}] * table.num_rows, _DOC_ID).column(0).combine_chunks()
    return table.set_column(0, "doc_id", column)


def concat(tables: Sequence[pa.Table | None]) -> pa.Table:
    """One table of many (empty ones and None skipped); an empty ROW_SCHEMA table for none."""
    kept = [t for t in tables if t is not None and t.num_rows]
    return pa.concat_tables(kept) if kept else ROW_SCHEMA.empty_table()


__all__: list[str] = []  # everything here serves its own package
