"""Text -> metadata: language, region, year, period, title and date, from the report itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from kit.lexicon.prefilter import may_end, may_hold
from kit.load.candidates import finditer_at
from kit.load.decode import _CJK_RE, _LATIN_LETTER
from kit.load.periods import find_period as _find_period
from kit.load.periods import span_of
from kit.load.places import find_place

TITLE_MAX = 200


def infer_metadata(text: str, published: str | None = None) -> dict[str, Any]:
    """Language, place, year, period, title and published date read from a report's own text.

    `published` is the page's own date where its format gives one (a web page's metadata); it
    wins over a date read from the text. The keys match `Document` fields, so
    `Document(doc_id, text, **infer_metadata(text))` works.
    """
    lines = _content_lines(text)
    published = published or find_published(lines)
    place = find_place(text)
    title = lines[0] if lines else ""
    head = "\n".join(line[:400] for line in lines[:3])
    period = _find_period(head, title, text, published)
    year = find_year(lines, published, period.plan_end, period.name)
    span = span_of(period.name, year)
    return {
        "language": detect_language(text),
        "region": place.region,
        "region_level": place.level,
        "province": place.province,
        "region_note": place.note,
        "year": year,
        "period": period.name,
        "period_start": _dated(period.start, year) or span[0],
        "period_end": _dated(period.end, year) or span[1],
        "title": lines[0][:TITLE_MAX] if lines else None,
        "published": published,
    }


def _dated(day: str | None, year: int | None) -> str | None:
    """A period bound as an ISO date; a month-day ("--06-06") takes the report's year."""
    if day is None or not day.startswith("--"):
        return day
    return f"{year}{day[1:]}" if year else None


def detect_language(text: str) -> str:
    """Language code: zh when CJK characters outnumber Latin letters, else en."""
    if text.isascii() or _CJK_RE.search(text) is None:
        return "en"  # no CJK character at all: no letters need counting
    cjk = _count(_CJK_RE, text)
    latin = _count(_LATIN_LETTER, text)  # counted by iteration: no list of every character
    return "zh" if cjk > latin else "en"


_COUNT_CHUNK = 1 << 16


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Matches of a one-character pattern, counted by `subn` a 64K-character slice at a time: a
    list of every CJK character of a 50 MB report would take 1 GB, and a Python step per
    match is slow."""
    return sum(
        pattern.subn("", text[i : i + _COUNT_CHUNK])[1] for i in range(0, len(text), _COUNT_CHUNK)
    )


_BREADCRUMB_START = re.compile(
    r"^(?:current location|you are here|location\s*[:：]|当前位置|當前位置|您的位置|您现在的位置"
    r"|你的位置|你现在的位置|首页\s*[>＞»])",
    re.IGNORECASE,
)


def _content_lines(text: str) -> list[str]:
    """Non-empty stripped lines, without web-page furniture such as breadcrumb trails."""
    return [s for line in text.splitlines() if (s := line.strip()) and not _is_furniture(s)]


def _is_furniture(line: str) -> bool:
    if _BREADCRUMB_START.match(line):
        return True
    if line.count(" - ") >= 2:
        return True
    if len(line) >= 120:
        return False
    return line.count(">") + line.count("＞") + line.count("»") + line.count("›") >= 2


# region


def find_region(text: str, lines: list[str] | None = None) -> str | None:
    """The place the report is about, romanised (`kit.load.places.find_place` has the rules)."""
    return find_place(text).region


# year

_ZH_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_YEAR_RE = re.compile(
    r"(?<!\d)(?<!\d[.,])(?P<year>(?:19[5-9]|20\d)\d)(?![\d%])"
    r"|(?<!\d)(?<!\d[.,])(?P<split>20 \d\d)(?=\s*(?:years?\b|[,.;:，。]))"
    r"|\b(?:[Ii]n|of|[Ff]or|[Dd]uring|[Ss]ince)\s+(?P<split2>20 \d\d)(?![\d%])"
    r"|(?P<zh>[〇零○一二三四五六七八九]{4})(?=\s*年)"
)
# where a year can start, in C: _YEAR_RE has no literal prefix and tries four alternatives with
# lookbehinds at every character; a split year ("20 13") needs "20 " and takes the full scan
_YEAR_START = re.compile(
    r"[12〇零○一二三四五六七八九](?:(?<=1)9[5-9]\d|(?<=2)0\d\d"
    r"|(?<=[〇零○一二三四五六七八九])[〇零○一二三四五六七八九]{3})"
)


def _years_in(line: str) -> Iterator[re.Match[str]]:
    """`_YEAR_RE.finditer(line)`, trying the pattern only where a year can start."""
    if "20 " in line:
        return _YEAR_RE.finditer(line)
    return finditer_at(_YEAR_RE, _YEAR_START, line)


_COUNTED_AFTER = re.compile(
    r"\s*(?:%|percent|per\b|people|persons|cases|pieces|items|households|vehicles|yuan|元|人|名|起|件|辆|輛|户|戶|万|萬|个|個|余|餘|多)",
    re.IGNORECASE,
)
_DATE_AT = re.compile(r"\d{4}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]|年\s*\d{1,2}\s*月)\s*\d{1,2}")
_PUBLISHED_CUE = re.compile(
    r"(?:updated|published|posted|released?|release date|date|time|source|发布|發佈|發布|更新"
    r"|日期|时间|時間|来源|來源)[^\n\d]{0,12}$",
    re.IGNORECASE,
)
# a cue ends at most 12 non-digits before the date, and the longest cue has 12 characters
_CUE_REACH = 40


def _published_cue_before(line: str, at: int) -> bool:
    """A publication cue ("Updated on", 发布) just before position `at` of the line.

    Only the last _CUE_REACH characters are read: the whole line before each date would make
    a long line of dates quadratic.
    """
    return bool(_PUBLISHED_CUE.search(line, max(0, at - _CUE_REACH), at))


_SUMMARY_CUE = re.compile(
    r"summar|review|annual|\bwork (?:in|of|report)\b|throughout the year|(?:past|whole|entire) year"
    r"|总结|總結|年度|全年|一年来|一年來|过去的一年|過去的一年|回顾|回顧|成绩单|成績單|工作报告|工作報告",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[。！？；!?;]|\.(?:\s|$)")
# a year is a plan's year when a plan word follows it in its own clause ("2014年工作计划",
# "20 14 Public Security Work Plan"), precedes it ("plans for 2024"), or the sentence looks ahead
_PLAN_AFTER = re.compile(r"plan|计划|計劃|打算|思路|要点|要點|展望", re.IGNORECASE)
_PLAN_BEFORE = re.compile(r"(?:plans?|outlook)\s+(?:for|of)\s+(?:the\s+)?(?:year\s+)?$", re.I)
_PLAN_SENTENCE = re.compile(r"\bnext year\b|\bcoming year\b|明年|来年|來年|下一年|下一步", re.I)
_CLAUSE_END = re.compile(r"[\d，,、;；。!?！？及和与與]|\.(?:\s|$)|\band\b")


def find_year(
    lines: list[str],
    published: str | None = None,
    plan_end: int | None = None,
    period: str | None = "annual",
) -> int | None:
    """The year the report's figures describe, from weighted year mentions in its content lines.

    Mentions in the title, first lines and headlines, or next to summary words (summary, work in,
    总结, 全年, 成绩单) weigh more; plans ("2024 Work Plan", 明年), comparison bases (比2014年,
    "compared with 2015") and publication dates count for nothing; numbers that count things
    ("2000 people", 2000余名) are not years. Machine translations split years ("20 13"), which is
    read as 2013. A five-year plan is dated by its last year. With no year stated: the year after
    the latest comparison base (比2017年春运同期 -> 2018), else the publication year (the year
    before for an annual summary published in January).
    """
    if plan_end is not None:
        return plan_end
    weights: dict[int, float] = {}
    first_seen: dict[int, int] = {}
    bases: list[int] = []
    order = 0
    for index, line in enumerate(lines):
        headline = len(line) <= 60 and not line.endswith((".", "。", ";", "；"))
        for m in _years_in(line):
            year = _year_value(m)
            if year is None or _COUNTED_AFTER.match(line, m.end()):
                continue
            if _COMPARISON_BEFORE.search(line, max(0, m.start() - 24), m.start()):
                bases.append(year)
                continue
            weight = _year_weight(line, m, _sentence(line, m), index, headline)
            order += 1
            first_seen.setdefault(year, order)
            weights[year] = weights.get(year, 0.0) + weight
    ranked = [(-w, first_seen[y], y) for y, w in weights.items() if w > 0]
    if ranked:
        return min(ranked)[2]
    if bases:
        return max(bases) + 1
    if published:
        year = int(published[:4])
        january = published[5:7] == "01"
        return year - 1 if january and period == "annual" else year
    return None


# a year named as the base of a comparison: 比2014年, 较2015年, 继2015年…后, "compared with 2015"
_COMPARISON_BEFORE = re.compile(
    r"(?:比|较|較|同比|相比|对比|對比|继|繼|与|與|低于|高于|超过)\s*$"
    r"|(?:compared (?:with|to)|than(?: in| that of)?|versus|vs\.?)\s+(?:the\s+)?"
    r"(?:same period (?:of|in)\s+)?$",
    re.IGNORECASE,
)


def _year_value(match: re.Match[str]) -> int | None:
    raw = match.group("year") or match.group("split") or match.group("split2")
    if raw is None:
        raw = match.group("zh").translate(_ZH_DIGITS)
    year = int(raw.replace(" ", ""))
    return year if 1949 <= year <= 2099 else None


def _sentence(line: str, m: re.Match[str]) -> str:
    """The sentence (at most 120 characters either side) around a match, for cue words."""
    start = max(0, m.start() - 120)
    for end_mark in _SENTENCE_END.finditer(line, start, m.start()):
        start = end_mark.end()
    # looked for within 121 characters only: a long line without a stop must not be read to its
    # end for every year in it (quadratic); a "." cut at that bound ends past m.end() + 120
    stop = _SENTENCE_END.search(line, m.end(), m.end() + 121)
    end = min(stop.end() if stop else len(line), m.end() + 120)
    return line[start:end]


def _is_plan(line: str, m: re.Match[str], sentence: str) -> bool:
    after = line[m.end() : m.end() + 40]
    clause_end = _CLAUSE_END.search(after)
    clause = after[: clause_end.start()] if clause_end else after
    before = line[max(0, m.start() - 30) : m.start()]
    return bool(
        _PLAN_AFTER.search(clause)
        or (may_end(_PLAN_BEFORE, before) and _PLAN_BEFORE.search(before))
        or (may_hold(_PLAN_SENTENCE, sentence) and _PLAN_SENTENCE.search(sentence))
    )


def _year_weight(line: str, m: re.Match[str], window: str, index: int, headline: bool) -> float:
    if _is_plan(line, m, window):
        return 0.0
    if _DATE_AT.match(line, m.start()):
        return 0.0 if _published_cue_before(line, m.start()) else 0.5
    weight = 1.0
    if may_hold(_SUMMARY_CUE, window) and _SUMMARY_CUE.search(window):
        weight += 3
    if index == 0:
        weight += 3
    elif index < 5:
        weight += 2
    if headline:
        weight += 2
    return weight


# period


def find_period(text: str, lines: list[str] | None = None) -> str | None:
    """The reporting period's name (`kit.load.periods.find_period` has the rules)."""
    lines = _content_lines(text) if lines is None else lines
    if not lines:
        return "annual"
    head = "\n".join(line[:400] for line in lines[:3])
    return _find_period(head, lines[0], text, find_published(lines)).name


# published

_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*(?:[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"
    r"|年\s*(?P<zm>\d{1,2})\s*月\s*(?P<zd>\d{1,2})\s*日)"
)


# where a date can start: _DATE_RE opens with a lookbehind, leaving the engine nothing to skip to
_DATE_START = re.compile(r"(?:19|20)\d\d")


_TIME_AFTER = re.compile(r"\s*\d{1,2}:\d{2}(?::\d{2})?(?!\d)")


def find_published(lines: list[str]) -> str | None:
    """ISO date the text gives as its publication date, else None.

    A date after a cue such as "Updated on" or 发布 wins, else a date alone on a short line near
    the top (a dateline). Dates without a year ("12月28日") are not guessed.
    """
    dateline: str | None = None
    for index, line in enumerate(lines):
        for m in finditer_at(_DATE_RE, _DATE_START, line):
            iso = _iso(m)
            if iso is None:
                continue
            if _published_cue_before(line, m.start()):
                return iso
            stamped = bool(_TIME_AFTER.match(line, m.end()))  # "2023-05-15 11:38:55 Source: …"
            short = len(line) - len(m.group()) <= 30 or stamped
            if dateline is None and index < 6 and short:
                dateline = iso
    return dateline


def _iso(match: re.Match[str]) -> str | None:
    month = match.group("m") or match.group("zm")
    day = match.group("d") or match.group("zd")
    try:
        return date(int(match.group("y")), int(month), int(day)).isoformat()
    except ValueError:
        return None


# lexicon files


__all__ = [
    "detect_language",
]
