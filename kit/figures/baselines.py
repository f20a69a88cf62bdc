"""A change's baseline when its words name none: other, or implied by its sentence and report.

The gold conventions: a bare change in a holiday report or an annual review is year-on-year; a
list opened by 同比 / "year-on-year" carries it; a measure's effect or a span of years is `other`.
"""

from __future__ import annotations

import re
from functools import cache

from kit.figures import chinese, english
from kit.figures.structure import Context, full_sentence_start
from kit.lexicon import alternation, load
from kit.schema import Document


@cache
def _other_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Words of a comparison that is neither last year nor last period (EN, ZH)."""
    return (
        re.compile(alternation(load("en")["baseline"]["other"]), re.IGNORECASE),
        re.compile(alternation(load("zh")["change"]["other"])),
    )


def other_baseline(c: Context, cjk: bool) -> str | None:
    """`other` where a change or gap is stated against the national average, a target, a year."""
    en, zh = _other_patterns()
    around = f"{c.clause_before} {c.clause_after}"
    return "other" if (zh if cjk else en).search(around) else None


_Four = tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]


@cache
def _implied_patterns() -> _Four:
    """(other_in_sentence, implied_yoy) for EN, then for ZH."""
    en, zh = load("en")["baseline"], load("zh")["change"]
    return (
        re.compile(alternation(en["other_in_sentence"]), re.IGNORECASE),
        re.compile(alternation(en["implied_yoy"]), re.IGNORECASE),
        re.compile(alternation(zh["other_in_sentence"])),
        re.compile(alternation(zh["implied_yoy"])),
    )


_SPANS = frozenset({"annual", "h1", "h2", "q1", "q2", "q3", "q4", "campaign", "multi_year"})


@cache
def _holidays() -> frozenset[str]:
    """The holidays a report's period may be: the periods of `lexicon/periods.toml` that are
    no span of the year (annual, h1, q1…q4, jan-<mon>, campaign, multi_year)."""
    return frozenset(k for k in load("periods") if k not in _SPANS and not k.startswith("jan-"))


@cache
def _annual_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(alternation(load("en")["baseline"]["annual_opening"]), re.IGNORECASE),
        re.compile(alternation(load("zh")["change"]["annual_opening"])),
    )


def annual_opening(opening: str) -> bool:
    """Whether a report's opening says it reviews a whole year ("2023年，全市……", "In 2023")."""
    return any(p.search(opening) for p in _annual_patterns())


@cache
def _parts_opening() -> re.Pattern[str]:
    en, zh = load("en")["context"]["parts_of"], load("zh")["context"]["parts_of"]
    return re.compile(rf"\s*(?:(?i:{alternation(en)})\b|{alternation(zh)})")


def opening_of(text: str, sentence_start: int) -> int:
    """Where the sentence a bare change reads for its baseline begins: a sentence that opens with
    "Among them" / "其中" goes on with the one before it ("… down 4.1% year-on-year. Among
    them, criminal police reports … down 13.6%")."""
    opened = full_sentence_start(text, sentence_start)
    if opened > 0 and _parts_opening().match(text, opened):
        return full_sentence_start(text, opened - 1)
    return opened


def implied_baseline(
    sentence_before: str, cjk: bool, document: Document, annual: bool = False
) -> str | None:
    """The baseline of a bare change from its sentence and its report (the gold conventions):
    against the time before a measure where the sentence tells a measure's effect or names a
    span of years; year-on-year (or month-on-month) where the sentence so far last said so (a
    list opened by 同比) or says the figure is a whole year's or a holiday's, or where the report
    is a holiday's or reviews a whole year (`annual`: its period and its opening say so)."""
    other_en, yoy_en, other_zh, yoy_zh = _implied_patterns()
    other, yoy = (other_zh, yoy_zh) if cjk else (other_en, yoy_en)
    if other.search(sentence_before):
        return "other"
    last_yoy = max((h.end() for h in yoy.finditer(sentence_before)), default=-1)
    mom = chinese.vocab().mom if cjk else english.vocab().mom
    last_mom = max((h.end() for h in mom.finditer(sentence_before)), default=-1)
    if last_mom > last_yoy:
        return "mom"  # "a decrease of 32 from the previous month, ... down 7.6%"
    to_date = (document.period or "").startswith("jan-")  # Jan–Sep against last Jan–Sep
    if last_yoy >= 0 or annual or to_date or document.period in _holidays():
        return "yoy"
    return None


__all__: list[str] = []  # everything here serves its own package
