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
    return from_rows([vars(m) for m in metrics], ROW_SCHEMA)


def from_rows(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """A table of `schema` from Python rows (a missing key is null, an unknown one ignored).

    Not `pa.array`: pyarrow probes every Python list or scalar it converts for pandas objects,
    importing pandas (1.3 CPU seconds) into a process that never uses it, such as
    `kit extract --format parquet` or a worker. Each column is laid out in Arrow's buffers
    with numpy (which pyarrow imports anyway) and wrapped by `pa.Array.from_buffers`: the same
    table as pyarrow's converter gives, without a Python step per cell beyond reading it (it
    replaced a JSON text per row read back by Arrow's JSON parser: a quarter of a second for
    13,000 figures). Text holding lone surrogates (possible in a Document built in memory,
    never valid UTF-8) gets U+FFFD in their place, one character for one, so offsets hold.
    """
    return _table([[row.get(name) for row in rows] for name in schema.names], schema)


def strings(values: Sequence[str]) -> pa.Array:
    """A string array of `values`, built as `from_rows` builds its columns (no pandas)."""
    return _array(list(values), pa.string())


#: the most bytes one string array holds (its offsets are 32-bit)
_STRING_BYTES = (1 << 31) - 1


def _table(columns: list[list[Any]], schema: pa.Schema) -> pa.Table:
    rows = len(columns[0]) if columns else 0
    if not rows:
        return schema.empty_table()
    try:
        arrays = [_array(values, f.type) for values, f in zip(columns, schema, strict=True)]
    except _TooLong:  # more text than one string array holds: two tables, one after the other
        half = rows // 2
        return pa.concat_tables(
            [
                _table([c[:half] for c in columns], schema),
                _table([c[half:] for c in columns], schema),
            ]
        )
    return pa.Table.from_arrays(arrays, schema=schema)


class _TooLong(Exception):
    """A string column's bytes overflow 32-bit offsets."""


def _array(values: list[Any], kind: pa.DataType) -> pa.Array:
    """One column's values as an Arrow array of type `kind` (string, int64, float64 or bool)."""
    import numpy as np

    n = len(values)
    nulls = values.count(None)
    validity = None
    if nulls:
        valid = np.fromiter((v is not None for v in values), dtype=bool, count=n)
        validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
        if nulls == n:
            return pa.nulls(n, kind)
    if pa.types.is_string(kind):
        texts = [v if v is not None else "" for v in values] if nulls else values
        joined = "".join(texts)
        if joined.isascii():  # one character one byte: one encoding, lengths by C
            data = joined.encode("ascii")
            lengths = map(len, texts)
        else:
            try:
                encoded = list(map(str.encode, texts))
            except UnicodeEncodeError:
                encoded = list(map(_utf8, texts))
            data, lengths = b"".join(encoded), map(len, encoded)
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.fromiter(lengths, dtype=np.int64, count=n), out=offsets[1:])
        if offsets[-1] > _STRING_BYTES:
            raise _TooLong
        data = pa.py_buffer(data)
        buffers = [validity, pa.py_buffer(offsets.astype(np.int32)), data]
        return pa.Array.from_buffers(kind, n, buffers, null_count=nulls)
    if nulls:
        fill = False if pa.types.is_boolean(kind) else 0
        values = [fill if v is None else v for v in values]
    numbers = np.array(values)
    if numbers.dtype.kind not in _NUMPY_KINDS[str(kind)]:  # never a silent cast ("3", 2.5)
        raise TypeError(f"a {kind} column holds {numbers.dtype} values")
    if pa.types.is_boolean(kind):
        bits = np.packbits(numbers, bitorder="little")
        return pa.Array.from_buffers(kind, n, [validity, pa.py_buffer(bits)], null_count=nulls)
    numbers = numbers.astype(np.float64 if pa.types.is_floating(kind) else np.int64)
    if pa.types.is_floating(kind):
        numbers[np.isnan(numbers)] = np.nan  # one NaN, whatever sign or payload made it
    return pa.Array.from_buffers(kind, n, [validity, pa.py_buffer(numbers)], null_count=nulls)


#: the numpy kinds a column of each Arrow type takes without loss (b bool, i integer, f float;
#: not u: a Python int past int64 reads as uint64, which would wrap)
_NUMPY_KINDS = {"bool": "b", "int64": "i", "double": "if"}


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE.sub("\ufffd", text).encode("utf-8")


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
    return table.set_column(0, "doc_id", strings([doc_id] * table.num_rows))


def concat(tables: Sequence[pa.Table | None]) -> pa.Table:
    """One table of many (empty ones and None skipped); an empty ROW_SCHEMA table for none."""
    kept = [t for t in tables if t is not None and t.num_rows]
    return pa.concat_tables(kept) if kept else ROW_SCHEMA.empty_table()


__all__: list[str] = []  # everything here serves its own package
