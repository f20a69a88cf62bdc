"""The synthetic benchmark corpus: deterministic, and its known figures are extracted exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _bench import make_corpus_module

from kit.figures import extract
from kit.load.corpus import load_corpus

_make_corpus = make_corpus_module


mc = _make_corpus()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench-corpus")
    mc.generate(30, 11, out)
    return out


def test_generated_figures_are_extracted_exactly(corpus: Path) -> None:
    expected = list(mc.read_expected(corpus))
    loaded = load_corpus(corpus / "docs")
    assert not loaded.errors
    assert len(loaded) == 30
    found = [
        {"doc_id": m.doc_id, "start": m.start, "end": m.end, "value": m.value}
        for doc in loaded
        for m in extract(doc)
    ]
    assert len(expected) > 200
    assert mc.compare(expected, found) == []


def test_expectations_point_at_the_figures_as_written(corpus: Path) -> None:
    texts = {doc.doc_id: doc.text for doc in load_corpus(corpus / "docs")}
    for row in mc.read_expected(corpus):
        assert texts[row["doc_id"]][row["start"] : row["end"]] == row["text"]


def test_corpus_mixes_languages_encodings_and_damage(corpus: Path) -> None:
    loaded = load_corpus(corpus / "docs")
    assert {doc.language for doc in loaded} == {"en", "zh"}
    manifest = json.loads((corpus / "manifest.json").read_text())
    assert manifest["docs"] == 30 and manifest["figures"] == len(list(mc.read_expected(corpus)))
    # damaged surfaces from the translations survive re-digiting
    surfaces = [row["text"] for row in mc.read_expected(corpus)]
    assert any("year-on-year" in s or "More than" in s or " " in s for s in surfaces)


def test_generation_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    mc.generate(30, 11, tmp_path)
    for path in sorted((corpus / "docs").iterdir()):
        assert (tmp_path / "docs" / path.name).read_bytes() == path.read_bytes()
    assert (tmp_path / "expected.jsonl").read_text() == (corpus / "expected.jsonl").read_text()


def test_other_seeds_give_other_figures(corpus: Path, tmp_path: Path) -> None:
    mc.generate(5, 12, tmp_path)
    first = (corpus / "docs" / "doc_000000.txt").read_bytes()
    assert (tmp_path / "docs" / "doc_000000.txt").read_bytes() != first


@pytest.mark.parametrize(
    ("rule", "surface", "value"),
    [
        ("split_decimal_around_phrase", "7 percent year-on-year41%", 7.41),
        ("split_decimal_around_phrase", "4 year-on-year09%", 4.09),
        ("dropped_decimal_in_rate", "973%", 97.3),
        ("dropped_decimal_in_rate", "1005%", 100.5),
        ("dropped_leading_zero_point", "037%", 0.37),
        ("mangled_leading_zero", "(0.).61%", 0.61),
        ("split_wan_remainder", "5More than 70,000", 57_000.0),
        ("split_wan_remainder", "2More than 900 million", 290_000_000.0),
        ("digits_after_noun", "71 cases26", 7126.0),
        ("orphaned_decimals", "38%", 38.0),
    ],
)
def test_values_follow_the_damage_pattern(rule: str, surface: str, value: float) -> None:
    assert mc.value_of(rule, surface, None) == pytest.approx(value)


def test_comparison_reports_every_kind_of_difference() -> None:
    want = [{"doc_id": "a", "start": 0, "end": 2, "value": 1.0}]
    assert mc.compare(want, want) == []
    other = [{"doc_id": "a", "start": 0, "end": 2, "value": 2.0}]
    assert "value of" in mc.compare(want, other)[0]
    assert mc.compare(want, [])[0].startswith("missed")
    assert mc.compare([], want)[0].startswith("unexpected")
