"""Figures whose own words name no measure take it from the figure they belong to.

Read one at a time, the comparison base and the difference in "接报刑事类警情25385起，比去年同期
的29120起减少3735起，同比下降12.83%" name nothing; they measure what the first figure measures.
So do the parts of a total ("查处交通违法行为20万起，其中酒后驾驶276起，超员51起") and the people
caught after a count of cases ("破获毒品案件542起574人"). This pass runs after each figure is
decided and only fills an indicator left empty: a figure that names its own measure keeps it.
The words are data in `lexicon/en.toml` and `lexicon/zh.toml` (`[context]`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from kit.figures.indicators import acts_against, named_anything, names_only
from kit.figures.lists import JOINER as _JOINER
from kit.lexicon import alternation, in_order, load
from kit.schema import Metric

MAX_BETWEEN = 30  # characters between a figure and the one it compares with
MAX_BETWEEN_EN = 50  # ... in English, whose words are longer ("in the same period last year, a")
MAX_OTHER_CHARS = 4  # Chinese characters there beside comparison words ("比2017年春运同期")
MAX_OTHER_WORDS = 2  # English words there beside comparison words
_CJK = re.compile(r"[\u3400-\u9fff]")
# "542起574人": cases, then the people
_CASES_ONLY = re.compile(rf"\s*(?:{in_order(load('zh')['context']['cases_only'])})\s*")
#: (a solved total's measure, a part's own measure) -> the part's: the parts of cases solved
#: are solved too ("破获各类案件1800起，其中电诈案件320起" counts fraud cases solved)
_SOLVED_PARTS = {
    (total, part): measure
    for total, parts in load("indicators")["solved_parts"].items()
    for part, measure in parts.items()
}
_SOLVED_TO_SUSPECTS: dict[str, str] = load("indicators")["suspects_of_solved"]


@cache
def _words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """parts_of and compare for English (case-insensitive, on word boundaries), then Chinese."""
    en, zh = load("en")["context"], load("zh")["context"]
    return (
        re.compile(rf"\b(?:{alternation(en['parts_of'])})\b", re.I),
        re.compile(rf"\b(?:{alternation(en['compare'])})\b", re.I),
        re.compile(alternation(zh["parts_of"])),
        re.compile(alternation(zh["compare"])),
    )


@cache
def _fillers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    en, zh = load("en")["context"], load("zh")["context"]
    return (
        re.compile(rf"\b(?:{alternation(en['filler'] + en['compare'])})\b|[\d.,%()\s-]+", re.I),
        re.compile(rf"{alternation(zh['filler'] + zh['compare'])}|[\d.,%()，、\s]+"),
    )


def _names_its_own(between: str, cjk: bool) -> bool:
    """Whether the words between two figures hold a subject of their own ("，停车次数降低")."""
    en, zh = _fillers()
    rest = (zh if cjk else en).sub(" ", between)
    if cjk:
        return len(_CJK.findall(rest)) > MAX_OTHER_CHARS
    return len(re.findall(r"[A-Za-z]+", rest)) > MAX_OTHER_WORDS


@cache
def _people() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{alternation(load('zh')['context']['people'])})")


def _counts_people(text: str, m: Metric) -> bool:
    """Whether a Chinese count's measure word counts people (人, 名, 人次)."""
    return _people().match(text[m.end : m.end + 3]) is not None


def _family(unit: str) -> str:
    return "rate" if unit in ("percent", "pp") else "amount"


def _compares(prev: Metric, m: Metric, between: str, compare: re.Pattern[str], cjk: bool) -> bool:
    """`m` is the comparison base or the difference of `prev`: close by, naming nothing else,
    in a unit of the same kind or a change in percent of a count."""
    if len(between) > (MAX_BETWEEN if cjk else MAX_BETWEEN_EN) or _names_its_own(between, cjk):
        return False
    if named_anything(between) and not (m.change and names_only(between, prev.indicator or "")):
        return False  # only a change may follow its level's own words again ("金额同比增长")
    if _JOINER.fullmatch(between) and prev.unit == m.unit:
        return False  # a list ("0.69%, 5.15%"): each figure has its own listed subject
    kin = _family(prev.unit) == _family(m.unit) or (m.change and m.unit == "percent")
    return kin and (m.change or compare.search(between) is not None)


def carry(metrics: Sequence[Metric], sentence_of: Sequence[int], text: str) -> list[Metric]:
    """The figures with measures carried from the figure they compare with or belong to.

    `text` is what extraction read (the simplified shadow for Chinese).
    """
    en_parts, en_compare, zh_parts, zh_compare = _words()
    out = list(metrics)
    total: Metric | None = None  # the figure a "其中" list is the parts of
    for i, m in enumerate(out):
        if i == 0 or sentence_of[i] != sentence_of[i - 1]:
            total = None
            continue
        prev = out[i - 1]
        between = text[prev.end : m.start]
        cjk = bool(_CJK.search(between) or _CJK.search(text[m.end : m.end + 1]))
        parts, compare = (zh_parts, zh_compare) if cjk else (en_parts, en_compare)
        if parts.search(between) and prev.indicator and prev.unit == m.unit:
            total = prev
        suspects = _SOLVED_TO_SUSPECTS.get(prev.indicator or "")
        if suspects and _CASES_ONLY.fullmatch(between) and _people().match(text[m.end : m.end + 3]):
            out[i] = replace(m, indicator=suspects)  # "破获毒品刑事案件542起574人": the people
            continue
        solved = _SOLVED_PARTS.get((total.indicator, m.indicator)) if total else None
        if solved and total is not None and total.unit == m.unit:
            out[i] = replace(m, indicator=solved)  # "破获案件1800起，其中电诈案件320起"
            continue
        if m.indicator is not None or not prev.indicator:
            continue
        key, topic = None, m.topic
        if named_anything(m.counted) or acts_against(prev.indicator, m.counted):
            continue  # the figure names something of its own: not the measure before it
        elif _compares(prev, m, between, compare, cjk):
            key, topic = prev.indicator, prev.topic  # "25385起，比去年同期的29120起减少3735起"
        elif total is not None and total.unit == m.unit and total.indicator:
            if acts_against(total.indicator, m.counted):
                continue  # "接报警情3.2万起，其中……，破获8000起": solved, no reports
            if cjk and _counts_people(text, m) != _counts_people(text, total):
                continue  # "办理户籍业务4.6万件，其中新生儿入户2315人": people are no items
            key, topic = total.indicator, total.topic  # "其中酒后驾驶276起，超员51起"
        if key:
            out[i] = replace(m, indicator=key, topic=topic)
    return out


__all__: list[str] = []  # everything here serves its own package
