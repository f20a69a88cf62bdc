"""Place names found in one automaton pass: exactly the matches each place's own pattern finds."""

from __future__ import annotations

import pytest

from kit.lexicon import load
from kit.load.corpus import seeds_dir
from kit.load.metadata import _place_finder, _place_matches, _places, find_region


def _spellings() -> tuple[list[str], list[str]]:
    english, chinese = [], []
    for name, entry in load("regions").items():
        english += [name, *entry.get("en", [])]
        chinese += [*entry.get("zh", []), *entry.get("not_in", [])]
    return english, chinese


def _texts() -> list[str]:
    english, chinese = _spellings()
    texts = [p.read_text("utf-8-sig") for p in sorted(seeds_dir().iterdir())]
    texts += [
        " ".join(english),
        "".join(english),  # names run together: word bounds must still rule them out
        " ".join(english).replace("'", "’"),
        " ".join(english).replace("'", ""),
        "  \n ".join(s.replace(" ", "   ") for s in english),
        "".join(chinese),  # overlapping spellings: 江西安, 延长春节, 南京东路
        "、".join(chinese),
        "".join(reversed(chinese)),
        " ".join(f"{s}'s Police" for s in english),
    ]
    return texts


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:20])
def test_automaton_positions_give_every_pattern_match(text):
    starts = _place_finder().starts(text)
    for n, place in enumerate(_places()):
        expected = [m.span() for m in place.pattern.finditer(text)]
        found = [m.span() for m in _place_matches(place, text, starts.get(n, []))]
        assert found == expected, place.name


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("西宁市公安局2023年工作总结\n全市公安机关破获案件1286起。", "Xining"),
        ("Summary of the Xi'an Municipal Public Security Bureau's work in 2023.", "Xi'an"),
        ("延长春节假期期间，杭州市公安局西湖区分局全区巡逻。", "Xihu"),  # 长春 inside 延长春节
        ("幸福建设，浙江西部", "Zhejiang"),  # not Fujian (幸福建设) nor Jiangxi (浙江西)
        ("Xiningese people", None),  # a name inside a longer word is not the place
        ("A report with no place at all.", None),
    ],
)
def test_region_from_named_reports(text, region):
    assert find_region(text) == region
