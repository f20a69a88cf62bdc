"""Findings of the hostile pass (issue 15) in the extraction code, which the lead owns: each test
reproduces one and is expected to fail until it is fixed. `strict=True`: once a fix lands the
test passes, the xfail turns into a failure, and the mark is removed."""

from __future__ import annotations

import json
import math
import sys
import tracemalloc

import pytest
from _fuzz import failures

from kit.extract import extract
from kit.load.metadata import detect_language
from kit.run.parallel import json_line
from kit.schema import Document

LEAD = pytest.mark.xfail(strict=True, reason="lead: extraction")


def _extract(text: str, language: str = "zh") -> list:
    return extract(Document(doc_id="hostile.txt", text=text, language=language))


# ---- 2. a space before a thousands group ------------------------------------------------------


@LEAD
@pytest.mark.parametrize(
    "text",
    ["1 2,345", "The police solved 1 2,345 cases.", "up 6 231,789 people"],
)
def test_item_2_space_before_a_thousands_group_does_not_raise(text: str) -> None:
    for m in _extract(text, "en"):
        assert text[m.start : m.end] == m.text


@LEAD
def test_item_2_the_fuzzer_without_its_filter() -> None:
    """When this passes, drop KNOWN_CRASH from tests/_fuzz.py too."""
    assert failures(0, 400, known=True) == []


# ---- 12. language detection holds a list of every CJK character --------------------------------


@LEAD
def test_item_12_language_detection_memory_stays_near_the_text_size() -> None:
    text = "公安机关破获电信网络诈骗案件" * 25_000  # 350,000 characters
    tracemalloc.start()
    try:
        assert detect_language(text) == "zh"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * sys.getsizeof(text), f"peak {peak:,} bytes for {len(text):,} characters"


# ---- 13. 309+ digits become inf; 4,300 digits before a damage pattern raise ------------------


@LEAD
@pytest.mark.parametrize("digits", [309, 400, 1000])
def test_item_13_a_huge_number_is_not_infinity(digits: int) -> None:
    text = f"破获案件{'9' * digits}起。"
    metrics = _extract(text)
    assert metrics, "the figure is kept (or named as unreadable), not lost"
    for m in metrics:
        assert m.value is None or math.isfinite(m.value)
        json.loads(json_line(m.to_dict()), parse_constant=_refuse)


@LEAD
def test_item_13_thousands_of_digits_before_a_damage_pattern_do_not_raise() -> None:
    text = f"reached {'9' * 4300}More than 40,000 people"
    for m in _extract(text, "en"):
        assert text[m.start : m.end] == m.text


def _refuse(name: str) -> None:
    raise ValueError(f"not JSON: {name}")
