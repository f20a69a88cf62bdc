"""The prefiltered scans find exactly what a full `finditer` finds, on real report lines."""

from __future__ import annotations

import pytest

from kit.load import metadata, places
from kit.load.candidates import finditer_at

YEAR_LINES = [
    pytest.param("2023年全市公安机关共破获刑事案件1.2万起", id="zh-year"),
    pytest.param("二〇二三年工作总结", id="zh-numeral-year"),
    pytest.param("In 20 13, the bureau solved 1,204 cases", id="split-year-after-in"),
    pytest.param("compared with 2015, accidents fell 12.2019%", id="year-inside-decimal"),
    pytest.param("12019 people; 2019 was the year; 1950s 1949", id="year-inside-longer-run"),
    pytest.param("The 2024 Work Plan: 2000 people, 2.2023 and 2023-05-15", id="plan-and-date"),
    pytest.param("一二三四五年 and 〇〇〇〇年", id="long-numeral-run"),
]

NATION_TEXTS = [
    pytest.param("公安部部署的专项行动与国务院的要求", id="ministry-zh"),
    pytest.param(
        "the ministry of public security's deployment; vice minister of public security", id="en"
    ),
    pytest.param("deputy minister of the public security bureau; ministers", id="deputy"),
    pytest.param(
        "nationwide, across the country and all over china, national criminal cases", id="area"
    ),
    pytest.param("no national word here: a nationality, an international case", id="near-misses"),
]


def spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


@pytest.mark.parametrize("line", YEAR_LINES)
def test_years_in_finds_what_finditer_finds(line: str) -> None:
    assert spans(metadata._years_in(line)) == spans(metadata._YEAR_RE.finditer(line))


@pytest.mark.parametrize("text", NATION_TEXTS)
def test_nation_scans_find_what_finditer_finds(text: str) -> None:
    lower = text.lower()
    for pattern, starts in (
        (places._NATION_BODY, places._NATION_BODY_START),
        (places._NATION_AREA_EN, places._NATION_AREA_EN_START),
    ):
        assert spans(finditer_at(pattern, starts, lower)) == spans(pattern.finditer(lower))


def test_a_match_needs_a_start_the_prefilter_names() -> None:
    """A `starts` pattern that misses a match's start loses it: the superset is the contract."""
    import re

    pattern, too_narrow = re.compile(r"\bab"), re.compile(r"x")
    assert list(finditer_at(pattern, too_narrow, "ab ab")) == []
    assert len(list(finditer_at(pattern, re.compile("a"), "ab ab"))) == 2


SENTENCE_TEXTS = [
    pytest.param(
        "Cases fell 12.5%. The bureau solved 3.5 thousand.It rose", id="en-stops-and-lost-space"
    ),
    pytest.param(
        "破获案件1.2万起；抓获嫌疑人532名。\n\n调解纠纷986起！", id="zh-marks-and-paragraphs"
    ),
    pytest.param('fell; Next year. "Quoted" e.g. U.S. A; b;; c?!D', id="semicolons-and-quotes"),
    pytest.param("no mark at all", id="none"),
    pytest.param(".A", id="empty-match-at-one"),
]


@pytest.mark.parametrize("text", SENTENCE_TEXTS)
def test_sentence_ends_are_the_full_scans(text: str) -> None:
    from kit.figures.structure import _SENTENCE_END, _sentence_ends

    assert spans(_sentence_ends(text)) == spans(_SENTENCE_END.finditer(text))


def test_sentence_ends_match_on_random_mixes_of_marks() -> None:
    """Every mix of marks, capitals, spaces and newlines up to 12 characters drawn at random."""
    import random

    from kit.figures.structure import _SENTENCE_END, _sentence_ends

    rnd = random.Random(19)
    for _ in range(20000):
        text = "".join(rnd.choice("aB.!?; \n。！？；X1") for _ in range(rnd.randint(0, 12)))
        assert spans(_sentence_ends(text)) == spans(_SENTENCE_END.finditer(text)), text


GLUED_TEXTS = [
    pytest.param("a clearance rate of98.6% and cases1,204 in total", id="glued-rate-and-count"),
    pytest.param("up 12.5% year-on-year, 3 cases", id="not-glued"),
    pytest.param("rose by5 % and fell by 6%", id="glued-spaced-percent"),
]


@pytest.mark.parametrize("text", GLUED_TEXTS)
def test_glued_numbers_found_from_their_starts(text: str) -> None:
    from kit.figures.surfaces import _GLUED_LEFT, STARTS

    found = finditer_at(_GLUED_LEFT, STARTS[_GLUED_LEFT], text)
    assert spans(found) == spans(_GLUED_LEFT.finditer(text))


DATE_LINES = [
    pytest.param("发布时间：2023-05-15 11:38:55 来源：市公安局", id="zh-dateline"),
    pytest.param(
        "Updated on 2024/1/9; 12019-01-01 is no date; 2020年12月31日", id="en-and-zh-dates"
    ),
    pytest.param("2019.12.3 and 1999-13-40", id="dotted-and-impossible"),
]


@pytest.mark.parametrize("line", DATE_LINES)
def test_dates_found_from_their_starts(line: str) -> None:
    found = finditer_at(metadata._DATE_RE, metadata._DATE_START, line)
    assert spans(found) == spans(metadata._DATE_RE.finditer(line))
