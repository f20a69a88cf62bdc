"""Arrow tables of figures built without pandas (`kit.run.rows.from_rows`, the Parquet sink's
pandas metadata): the same tables and the same file metadata as pyarrow's own converters give;
a value of another type refused, never cast."""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pytest

from kit.figures import extract
from kit.load.corpus import load_corpus, seeds_dir
from kit.run import rows
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
    Case("a_column_all_null", NUMBERS, [{"v": 1.5}, {"v": 2.5}]),
    Case("text_all_null", TEXT, [{"s": None}, {}]),
    Case("null_between_values", TEXT, [{"s": "a"}, {"s": None}, {"s": ""}, {"s": "萬"}]),
    Case("nine_bools_cross_a_byte", NUMBERS, [{"b": i % 3 == 0, "n": i} for i in range(9)]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_from_rows_equals_pyarrow_conversion(case: Case) -> None:
    want = pa.Table.from_pylist(
        [{k: r.get(k) for k in case.schema.names} for r in case.rows], schema=case.schema
    )
    assert from_rows(case.rows, case.schema).equals(want)


# values no column of its type holds: refused, never cast (2.5 is no start offset)
REFUSED = [
    ("fraction_in_an_int_column", pa.schema([("n", pa.int64())]), 2.5),
    ("text_in_an_int_column", pa.schema([("n", pa.int64())]), "3"),
    ("beyond_int64", pa.schema([("n", pa.int64())]), 2**63),
    ("text_in_a_float_column", pa.schema([("v", pa.float64())]), "98.6"),
    ("number_in_a_text_column", TEXT, 5),
]


@pytest.mark.parametrize(("schema", "value"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_value_of_another_type_is_refused(schema: pa.Schema, value: Any) -> None:
    with pytest.raises((TypeError, AttributeError)):
        from_rows([{schema.names[0]: value}], schema)


def test_every_not_a_number_is_written_as_one() -> None:
    """A NaN made by arithmetic may carry a sign bit; the file holds one NaN whatever made it,
    as the JSON route (which wrote the word NaN) did."""
    negative = struct.unpack("<d", struct.pack("<Q", 0xFFF8000000000000))[0]
    got = from_rows([{"v": negative}, {"v": math.nan}], NUMBERS).column("v").chunk(0)
    data = got.buffers()[1].to_pybytes()[:16]
    assert data == struct.pack("<d", math.nan) * 2


def test_text_past_32_bit_offsets_is_split_into_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rows, "_STRING_BYTES", 10)
    got = from_rows([{"s": "abcd"}, {"s": "efgh"}, {"s": "ijkl"}], TEXT)
    assert got.column("s").to_pylist() == ["abcd", "efgh", "ijkl"]
    assert got.column("s").num_chunks == 2


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
