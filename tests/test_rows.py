"""Arrow tables of figures built without pandas (`kit.run.rows.from_rows`, the Parquet sink's
pandas metadata): the same tables and the same file metadata as pyarrow's own converters give."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pytest

from kit.figures import extract
from kit.load.corpus import load_corpus, seeds_dir
from kit.run.rows import ROW_SCHEMA, from_rows, rows_table, with_doc_id
from kit.run.sinks import _empty_frame, output_schema, pandas_metadata


@dataclass(frozen=True)
class Case:
    id: str
    schema: pa.Schema
    rows: list[dict[str, Any]]


NUMBERS = pa.schema([("v", pa.float64()), ("n", pa.int64()), ("b", pa.bool_())])
TEXT = pa.schema([("s", pa.string())])

CASES = [
    Case("shortest_float_reprs", NUMBERS, [{"v": 0.1 + 0.2, "n": 1, "b": True}, {"v": 98.6}]),
    Case("float_extremes", NUMBERS, [{"v": 5e-324}, {"v": 1.7976931348623157e308}, {"v": -0.0}]),
    Case("int_in_a_float_column", NUMBERS, [{"v": 2317, "n": 2**62, "b": False}]),
    Case("missing_and_null", NUMBERS, [{"v": None, "n": None, "b": None}, {}]),
    Case("chinese_and_pinyin", TEXT, [{"s": "萬(wàn)起"}, {"s": "同比下降6.32%"}]),
    Case("quotes_backslashes_controls", TEXT, [{"s": 'a "b" \\ c\n\t\x00 d'}]),
    Case("astral_characters", TEXT, [{"s": "𠀋 😀"}]),
    Case("unknown_field_ignored", TEXT, [{"s": "x", "other": 1}]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_from_rows_equals_pyarrow_conversion(case: Case) -> None:
    want = pa.Table.from_pylist(
        [{k: r.get(k) for k in case.schema.names} for r in case.rows], schema=case.schema
    )
    assert from_rows(case.rows, case.schema).equals(want)


def test_not_a_number_and_infinities_survive() -> None:
    got = from_rows([{"v": math.nan}, {"v": math.inf}, {"v": -math.inf}], NUMBERS)
    values = got.column("v").to_pylist()
    assert math.isnan(values[0]) and values[1:] == [math.inf, -math.inf]


def test_lone_surrogates_become_replacement_characters_one_for_one() -> None:
    """A Document built in memory may hold them; offsets into the text must still hold."""
    got = from_rows([{"s": "a\ud800b"}], TEXT).column("s").to_pylist()
    assert got == ["a\ufffdb"]


def test_no_rows_is_the_empty_table_of_the_schema() -> None:
    assert from_rows([], ROW_SCHEMA).equals(ROW_SCHEMA.empty_table())


def test_figures_of_the_seeds_as_pyarrow_would_convert_them() -> None:
    for document in load_corpus(seeds_dir()):
        metrics = extract(document)
        columns = [[getattr(m, name) for m in metrics] for name in ROW_SCHEMA.names]
        want = pa.Table.from_arrays(
            [pa.array(c, type=f.type) for c, f in zip(columns, ROW_SCHEMA, strict=True)],
            schema=ROW_SCHEMA,
        )
        assert rows_table(metrics).equals(want), document.doc_id


def test_with_doc_id_renames_every_row() -> None:
    document = next(iter(load_corpus(seeds_dir())))
    table = with_doc_id(rows_table(extract(document)), "copy.txt")
    assert set(table.column("doc_id").to_pylist()) == {"copy.txt"}


def test_parquet_pandas_metadata_is_what_pandas_writes() -> None:
    """Written by hand so `kit extract --format parquet` needs no pandas; byte for byte what
    `pa.Schema.from_pandas` gives for the metrics frame with the pandas installed here."""
    want = pa.Schema.from_pandas(_empty_frame(), preserve_index=False).metadata[b"pandas"]
    assert pandas_metadata() == want
    assert output_schema().metadata[b"pandas"] == want
