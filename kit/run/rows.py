"""The figures of many files as they travel between processes, the cache and the outputs: Arrow
tables of `ROW_SCHEMA` (one column a `Metric` field, plain types, no dictionaries).

This is the only module of the road that needs pyarrow for every table it handles; `kit extract
--format jsonl` with no cache never imports it.
"""

from __future__ import annotations

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


def _array(values: list[Any], type_: pa.DataType) -> pa.Array:
    """An Arrow column; text holding lone surrogates (possible in a Document built in memory,
    never valid UTF-8) gets U+FFFD in their place, one character for one, so offsets hold."""
    try:
        return pa.array(values, type=type_)
    except UnicodeEncodeError:
        return pa.array(
            [SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for v in values],
            type=type_,
        )


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
    column = _array([doc_id] * table.num_rows, pa.string())
    return table.set_column(0, "doc_id", column)


def concat(tables: Sequence[pa.Table | None]) -> pa.Table:
    """One table of many (empty ones and None skipped); an empty ROW_SCHEMA table for none."""
    kept = [t for t in tables if t is not None and t.num_rows]
    return pa.concat_tables(kept) if kept else ROW_SCHEMA.empty_table()


__all__: list[str] = []  # everything here serves its own package
