"""Findings of the hostile pass (issue 15) in the extraction code: items 2, 12 and 13. Each test
reproduced its finding before the fix and guards against it since."""

from __future__ import annotations

import json
import math
import sys
import tracemalloc

import pytest
from _fuzz import SPACED_GROUP, failures

from kit.figures import extract
from kit.load.metadata import detect_language
from kit.run.sinks import json_line
from kit.schema import Document


def _extract(text: str, language: str = "zh") -> list:
    return extract(Document(doc_id="hostile.txt", text=text, language=language))


# ---- 2. a space before a thousands group ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["1 2,345", "The police solved 1 2,345 cases.", "up 6 231,789 people"],
)
def test_item_2_space_before_a_thousands_group_does_not_raise(text: str) -> None:
    for m in _extract(text, "en"):
        assert text[m.start : m.end] == m.text


def test_item_2_the_fuzzer_finds_no_spaced_group_crash() -> None:
    texts_ = [t for t, _, _ in failures(3, 400)]
    assert texts_ == [], [t for t in texts_ if SPACED_GROUP.search(t)]


# ---- 12. language detection holds a list of every CJK character --------------------------------


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


@pytest.mark.parametrize("digits", [309, 400, 1000])
def test_item_13_a_huge_number_is_not_infinity(digits: int) -> None:
    """More than 18 digits (kit.figures.numerals.MAX_DIGITS) is a code or noise, never a figure: it
    is not reported, and nothing else in the document is lost or written as Infinity."""
    text = f"破获案件{'9' * digits}起，抓获犯罪嫌疑人25名。"
    metrics = _extract(text)
    assert [m.value for m in metrics] == [25.0]
    for m in metrics:
        assert m.value is None or math.isfinite(m.value)
        json.loads(json_line(m.to_dict()), parse_constant=_refuse)


def test_item_13_thousands_of_digits_before_a_damage_pattern_do_not_raise() -> None:
    text = f"reached {'9' * 4300}More than 40,000 people"
    for m in _extract(text, "en"):
        assert text[m.start : m.end] == m.text


def _refuse(name: str) -> None:
    raise ValueError(f"not JSON: {name}")
