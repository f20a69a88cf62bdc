"""Where `kit extract` writes figures: JSON lines, CSV or Parquet, a file's figures at a time.

JSON lines need no Arrow or pandas (the workers render them); CSV and Parquet are written in
batches of `BATCH_ROWS` figures (a Parquet row group each), Parquet straight from Arrow.
"""

from __future__ import annotations

import json
import math
import os
from typing import IO, TYPE_CHECKING, Any, Protocol

from kit.schema import METRIC_FIELDS, METRIC_KINDS

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

BATCH_ROWS = 20_000  # figures written to Parquet / CSV at once (one row group)


class Result(Protocol):
    """What a sink reads of one file's result (`kit.run.parallel.FileResult`)."""

    table: pa.Table | None
    jsonl: str | None

    @property
    def figures(self) -> int: ...


def json_default(value: object) -> object:
    """A value JSON has no type for: NaN as null, anything else as its text."""
    return None if isinstance(value, float) and math.isnan(value) else str(value)


def json_line(row: dict[str, Any]) -> str:
    """One figure as `kit extract` writes it: a JSON object in METRIC_FIELDS order. Strict
    JSON: a value that is not a finite number (NaN, or a number too large for a float) is null,
    never the `NaN`/`Infinity` that JSON parsers other than Python's reject."""
    try:
        return json.dumps(row, ensure_ascii=False, default=json_default, allow_nan=False) + "\n"
    except ValueError:
        finite = {
            k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in row.items()
        }
        return json.dumps(finite, ensure_ascii=False, default=json_default) + "\n"


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=json_default, allow_nan=False)


def json_lines(rows: list[dict[str, Any]]) -> str:
    """`"".join(json_line(row) for row in rows)` for rows with the same keys, encoded by one
    call of the C encoder as a list and cut between its objects: a third less CPU than one call
    a row. The cut is exact: a quotation mark inside a string is always escaped, so `}, {"`
    followed by the first key occurs only where one row ends and the next begins (counted to
    be sure; anything else, a NaN among them, goes one row at a time)."""
    if not rows:
        return ""
    try:
        text = _ENCODER.encode(rows)
    except ValueError:  # a value that is not a finite number: json_line writes it as null
        return "".join(json_line(row) for row in rows)
    seam = "}, {" + _ENCODER.encode(next(iter(rows[0]), "")) + ": "
    if text.count(seam) != len(rows) - 1:
        return "".join(json_line(row) for row in rows)
    return text[1:-1].replace(seam, "}\n{" + seam[4:]) + "\n"


def table_jsonl(table: pa.Table) -> str:
    """A ROW_SCHEMA table's rows as JSON lines."""
    return json_lines(table.to_pylist())


class JsonlSink:
    """JSON lines, written a file at a time."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def add(self, result: Result) -> None:
        text = result.jsonl
        if text is None:
            text = table_jsonl(result.table) if result.table is not None else ""
        try:
            self.out.write(text)
        except UnicodeEncodeError:  # lone surrogates from a Document built in memory
            from kit.run.rows import SURROGATE

            self.out.write(SURROGATE.sub("\ufffd", text))

    def close(self) -> None:
        self.out.flush()


class _Batched:
    """Collects tables and writes them BATCH_ROWS figures at a time."""

    def __init__(self) -> None:
        self.tables: list[pa.Table] = []
        self.rows = 0

    def add(self, result: Result) -> None:
        if result.figures and result.table is not None:
            self.tables.append(result.table)
            self.rows += result.figures
            if self.rows >= BATCH_ROWS:
                self.flush()

    def flush(self) -> None:
        if self.tables:
            import pyarrow as pa

            table = pa.concat_tables(self.tables)
            self.tables, self.rows = [], 0
            self.write(table)

    def write(self, table: pa.Table) -> None:
        raise NotImplementedError


def _empty_frame() -> pd.DataFrame:
    from kit.run.rows import ROW_SCHEMA, table_to_frame

    return table_to_frame(ROW_SCHEMA.empty_table())


# how pandas records each kind of column of the metrics frame in a file's metadata, as pyarrow
# writes it for pandas 3 (`pa.Schema.from_pandas`); tests/test_rows.py holds it to that
_PANDAS_TYPES = {
    "str": ("object", "string"),
    "int": ("int64", "int64"),
    "int?": ("int64", "Int64"),
    "float": ("float64", "float64"),
    "bool": ("bool", "bool"),
}


def pandas_metadata() -> bytes:
    """The pandas metadata of the metrics frame's schema, written without importing pandas
    (1.3 CPU seconds that `kit extract --format parquet` would spend on nothing else)."""
    from importlib.metadata import version

    import pyarrow as pa

    columns = []
    for name, kind in METRIC_KINDS.items():
        if kind == "cat" or isinstance(kind, tuple):
            n = len(kind) if isinstance(kind, tuple) else 0
            pandas_type, numpy_type = "categorical", "int8" if n < 128 else "int16"
            meta: dict[str, object] | None = {"num_categories": n, "ordered": False}
        else:
            (pandas_type, numpy_type), meta = _PANDAS_TYPES[kind], None
        columns.append(
            {
                "name": name,
                "field_name": name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": meta,
            }
        )
    document = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "attributes": {},
        "creator": {"library": "pyarrow", "version": pa.__version__},
        "pandas_version": version("pandas"),
    }
    return json.dumps(document).encode("utf-8")


_OUTPUT_SCHEMA: pa.Schema | None = None


def output_schema() -> pa.Schema:
    """Arrow schema of the metrics frame as written to Parquet (categoricals as dictionaries,
    pandas metadata included), so the file reads back as the metrics frame."""
    global _OUTPUT_SCHEMA
    if _OUTPUT_SCHEMA is None:
        import pyarrow as pa

        from kit.run.rows import ROW_SCHEMA

        fields = []
        for column in ROW_SCHEMA:
            if METRIC_KINDS[column.name] == "cat" or isinstance(METRIC_KINDS[column.name], tuple):
                # int32 codes whatever a batch holds, so every row group has one type
                fields.append(pa.field(column.name, pa.dictionary(pa.int32(), pa.string())))
            else:
                fields.append(column)
        _OUTPUT_SCHEMA = pa.schema(fields, metadata={b"pandas": pandas_metadata()})
    return _OUTPUT_SCHEMA


def output_table(table: pa.Table) -> pa.Table:
    """A ROW_SCHEMA table converted for writing to Parquet (see `output_schema`), in Arrow: a
    categorical column's dictionary is its vocabulary (closed ones in their declared order,
    open ones sorted, as pandas orders them), so the file reads back as the metrics frame."""
    import pyarrow as pa

    from kit.run.rows import strings

    call, set_lookup, to_int32 = _compute()
    schema = output_schema()
    columns = []
    for field in schema:
        column = table.column(field.name).combine_chunks()
        kind = METRIC_KINDS[field.name]
        if pa.types.is_dictionary(field.type):
            if isinstance(kind, tuple):
                vocabulary = strings(kind)
            else:
                found = call("unique", [call("drop_null", [column])])
                vocabulary = call("take", [found, call("array_sort_indices", [found])])
            codes = call("index_in", [column], set_lookup(vocabulary))
            column = pa.DictionaryArray.from_arrays(call("cast", [codes], to_int32), vocabulary)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=schema)


def _compute() -> tuple[Any, Any, Any]:
    """Arrow's compute functions by name, without importing `pyarrow.compute`: that module
    writes a Python wrapper for each of its hundreds of functions on import (0.04 CPU seconds
    of a `kit extract --format parquet`, for the five used here). Its own import is the
    fallback should pyarrow move these names."""
    import pyarrow as pa

    try:
        from pyarrow._compute import CastOptions, SetLookupOptions, call_function
    except ImportError:  # pragma: no cover - another pyarrow layout
        import pyarrow.compute as pc

        CastOptions, SetLookupOptions = pc.CastOptions, pc.SetLookupOptions
        call_function = pc.call_function
    return call_function, SetLookupOptions, CastOptions.safe(pa.int32())


class ParquetSink(_Batched):
    """One Parquet file written in row groups; it reads back as the metrics frame."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import pyarrow.parquet as pq

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
        from kit.run.output import neutralise_formulas
        from kit.run.rows import table_to_frame

        frame = neutralise_formulas(table_to_frame(table))  # no formulas run in a spreadsheet
        frame.to_csv(self.out, index=False, header=self.header)
        self.header = False

    def close(self) -> None:
        self.flush()
        if self.header:  # no figures at all: still a header
            _empty_frame().to_csv(self.out, index=False)
        self.out.flush()


assert tuple(METRIC_KINDS) == METRIC_FIELDS

__all__ = [
    "CsvSink",
    "JsonlSink",
    "ParquetSink",
    "json_default",
]
