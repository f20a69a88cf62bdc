"""`kit docs --format table|jsonl|csv`: every document field, one line a document."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from kit.cli import main
from kit.schema import DOCUMENT_FIELDS

# a county report, a national Jan–Sep report and a name two cities share (Taizhou)
REPORTS = {
    "wuding.txt": "武定县公安局2024年工作总结\n\n2024年,全县公安机关共破获刑事案件120起。\n",
    "mps.txt": "公安部通报2023年前三季度全国道路交通安全形势\n\n记者从公安部获悉,2023年1至9月,"
    "全国共发生道路交通事故135000起。\n",
    "taizhou.txt": "The Taizhou Public Security Bureau solved 300 cases in 2022.\n",
}


def write(folder: Path) -> Path:
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_jsonl_has_every_document_field(tmp_path: Path, capsys) -> None:
    assert main(["docs", str(write(tmp_path)), "--format", "jsonl"]) == 0
    rows = {r["doc_id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert all(list(r) == [*DOCUMENT_FIELDS, "figures"] for r in rows.values())
    wuding, mps, taizhou = rows["wuding.txt"], rows["mps.txt"], rows["taizhou.txt"]
    assert (wuding["region"], wuding["region_level"], wuding["province"]) == (
        "Wuding",
        "county",
        "Yunnan",
    )
    assert (wuding["year"], wuding["period"]) == (2024, "annual")
    assert (mps["region"], mps["region_level"], mps["year"], mps["period"]) == (
        "China",
        "country",
        2023,
        "jan-sep",
    )
    assert (mps["period_start"], mps["period_end"]) == ("2023-01-01", "2023-09-30")
    assert taizhou["region"] is None
    assert "Jiangsu" in taizhou["region_note"] and "Zhejiang" in taizhou["region_note"]


def test_csv_has_the_same_columns(tmp_path: Path, capsys) -> None:
    assert main(["docs", str(write(tmp_path)), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [*DOCUMENT_FIELDS, "figures"]
    assert {r["doc_id"]: r["period"] for r in rows}["mps.txt"] == "jan-sep"


def test_table_stays_the_default(tmp_path: Path, capsys) -> None:
    assert main(["docs", str(write(tmp_path))]) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    assert header.split()[:7] == [
        "doc_id",
        "language",
        "region",
        "region_level",
        "province",
        "year",
        "period",
    ]
    assert header.split()[-1] == "figures" and len(lines) == 3
