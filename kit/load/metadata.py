"""Text -> metadata: language, region, year, period, title and date, from the report itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from ahocorasick_rs import AhoCorasick, MatchKind

from kit.lexicon import load as load_lexicon
from kit.load.decode import _CJK_RE, _LATIN_LETTER

TITLE_MAX = 200


def infer_metadata(text: str) -> dict[str, Any]:
    """Language, region, year, period, title and published date read from a report's own text.

    The keys match `Document` fields, so `Document(doc_id, text, **infer_metadata(text))` works.
    """
    lines = _content_lines(text)
    return {
        "language": detect_language(text),
        "region": find_region(text, lines),
        "year": find_year(lines),
        "period": find_period(text, lines),
        "title": lines[0][:TITLE_MAX] if lines else None,
        "published": find_published(lines),
    }


def detect_language(text: str) -> str:
    """Language code: zh when CJK characters outnumber Latin letters, else en."""
    if text.isascii():
        return "en"  # no CJK character at all
    cjk = _count(_CJK_RE, text)
    latin = _count(_LATIN_LETTER, text)
    return "zh" if cjk > latin else "en"


_COUNT_CHUNK = 1 << 16


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Matches of a one-character pattern, counted a slice at a time (no list of every one)."""
    return sum(
        len(pattern.findall(text, at, at + _COUNT_CHUNK))
        for at in range(0, len(text), _COUNT_CHUNK)
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
    return len(line) < 120 and sum(line.count(sep) for sep in ">＞»›") >= 2


# region


@dataclass(frozen=True)
class _Place:
    name: str
    level: str
    pattern: re.Pattern[str]
    not_in: tuple[str, ...]
    literals: tuple[str, ...]  # one of these is in every match: a cheap test before the regex


@lru_cache(maxsize=1)
def _places() -> tuple[_Place, ...]:
    places = []
    for name, entry in load_lexicon("regions").items():
        english = [name, *entry.get("en", [])]
        chinese = list(entry.get("zh", []))
        alternatives = [_english_spelling(s) for s in english] + [re.escape(s) for s in chinese]
        alternatives.sort(key=len, reverse=True)
        pattern = re.compile("|".join(alternatives))
        literals = tuple(re.split(r"[\s'’]", s)[0] for s in english) + tuple(chinese)
        places.append(
            _Place(
                name,
                entry.get("level", "city"),
                pattern,
                tuple(entry.get("not_in", [])),
                literals,
            )
        )
    return tuple(places)


@dataclass(frozen=True)
class _PlaceFinder:
    """Every place's literals in one Aho-Corasick automaton: one pass over a text finds where
    each place can match (every match of a place's pattern starts with one of its literals)."""

    automaton: AhoCorasick
    owners: tuple[tuple[int, ...], ...]  # literal number -> the places it belongs to
    always: tuple[int, ...]  # places with an empty literal: their pattern scans the whole text

    def starts(self, text: str) -> dict[int, list[int]]:
        """Place number -> sorted positions where its pattern may match."""
        found: dict[int, set[int]] = {}
        for literal, start, _ in self.automaton.find_matches_as_indexes(text, overlapping=True):
            for place in self.owners[literal]:
                found.setdefault(place, set()).add(start)
        return {place: sorted(at) for place, at in found.items()}


@lru_cache(maxsize=1)
def _place_finder() -> _PlaceFinder:
    by_literal: dict[str, list[int]] = {}
    always = []
    for n, place in enumerate(_places()):
        if not all(place.literals):
            always.append(n)
        for literal in filter(None, place.literals):
            owners = by_literal.setdefault(literal, [])
            if n not in owners:
                owners.append(n)
    literals = list(by_literal)
    automaton = AhoCorasick(literals, matchkind=MatchKind.Standard)
    return _PlaceFinder(automaton, tuple(tuple(by_literal[w]) for w in literals), tuple(always))


def _place_matches(place: _Place, text: str, starts: list[int] | None) -> Iterator[re.Match[str]]:
    """`place.pattern.finditer(text)`, tried only at the positions the automaton found."""
    if starts is None:
        yield from place.pattern.finditer(text)
        return
    end = 0
    for at in starts:
        if at < end:
            continue  # inside the previous match, as finditer would skip it
        m = place.pattern.match(text, at)
        if m is not None:
            end = m.end()
            yield m


def _english_spelling(spelling: str) -> str:
    """Regex for an English place name: word-bounded, optional apostrophe, flexible spaces."""
    parts = [re.escape(p) for p in re.split(r"['’]", spelling)]
    body = "['’]?".join(parts).replace(r"\ ", r"\s+")
    return rf"(?<![A-Za-z]){body}(?![a-z])"


_BODY_AFTER_EN = re.compile(
    r"(?:['’]s)?\s+(?:(?:municipal|provincial|city|district|county|province|autonomous region"
    r"|branch|sub-?bureau)\s+)*(?:public security|police|psb)\b"
    r"|\s+(?:district\s+)?(?:branch|sub-?bureau)\b",
    re.IGNORECASE,
)
_BODY_AFTER_ZH = re.compile(
    r"(?:省|市|区|區|县|縣|自治区|自治區|特别行政区)?(?:公安|警方|警察)|(?:区|區|县|縣)?分局"
)
# 杭州市公安局西湖区分局: the city bureau is the parent of the branch that reports
_PARENT_OF_BRANCH = re.compile(r"市?公安局[^，。,.\s]{1,8}?(?:区|區|县|縣)?分局")
_BODY_BEFORE = re.compile(r"(?:\b[Ss]afer?\s+|平安)$")
# a body named after "with the", "and", "Sichuan-" or 与/会同 is a partner, not the reporter
_PARTNER_BEFORE = re.compile(
    r"(?:\b(?:with|and|between|to|from)(?:\s+the)?\s+|[A-Za-z][-–]|、|与|與|和|同|会同|會同|联合|聯合|配合)$"
)

_LEVEL_MARKERS: dict[str, re.Pattern[str]] = {
    "province": re.compile(
        r"\b(?:the|our|this|whole) province\b|\bprovince-wide\b|\bprovincial public security\b"
        r"|全省|我省|省公安厅|省公安廳",
        re.IGNORECASE,
    ),
    "city": re.compile(
        r"\b(?:the|our|this|whole) city\b|\bcity-?wide\b|\bmunicipal public security\b"
        r"|全市|我市|市公安局(?![^，。,.\s]{0,8}?分局)",
        re.IGNORECASE,
    ),
    "district": re.compile(
        r"\b(?:the|our|this|whole) (?:district|county)\b|\bsub-?bureau\b|\bbranch bureau\b"
        r"|全区|全區|全县|全縣|我区|我區|我县|我縣|区分局|區分局|县分局|縣分局",
        re.IGNORECASE,
    ),
}
_LEVEL_FITS = {
    "province": {"province"},
    "city": {"city", "municipality"},
    "district": {"district"},
}


def find_region(text: str, lines: list[str] | None = None) -> str | None:
    """The place the report is about, romanised; None when no known place is named.

    Each known place scores its mentions, plus extra for mentions attached to a reporting body
    ("Xining Municipal Public Security Bureau", "西宁市公安局", "safe Sichuan", "平安深圳"), for
    appearing in the first lines, and for matching the report's own level (全省/"the province",
    全市/"the city", 全区/"sub-bureau"). Ties go to the place named first.
    """
    lines = _content_lines(text) if lines is None else lines
    head = "\n".join(lines[:4])
    level = _report_level(text)
    places = _places()
    finder = _place_finder()
    candidates = finder.starts(text)
    for n in finder.always:
        candidates[n] = None  # type: ignore[assignment]
    scored: list[tuple[float, int, str]] = []
    for n, starts in candidates.items():
        place = places[n]
        mentions = body = 0
        first = len(text)
        for m in _place_matches(place, text, starts):
            if _excluded(text, m, place.not_in):
                continue
            mentions += 1
            first = min(first, m.start())
            if _attached_to_body(text, m):
                body += 1
        if not mentions:
            continue
        score = mentions + 3 * body
        if any(not _excluded(head, m, place.not_in) for m in place.pattern.finditer(head)):
            score += 4
        if level and place.level in _LEVEL_FITS[level]:
            score += 3
        scored.append((-score, first, place.name))
    return min(scored)[2] if scored else None


def _excluded(text: str, match: re.Match[str], not_in: tuple[str, ...]) -> bool:
    """True when the match sits inside a longer word that is not the place (延长春节)."""
    found = match.group()
    for context in not_in:
        offset = context.find(found)
        start = match.start() - offset
        if offset >= 0 and start >= 0 and text.startswith(context, start):
            return True
    return False


def _attached_to_body(text: str, match: re.Match[str]) -> bool:
    after = text[match.end() : match.end() + 60]
    before = text[max(0, match.start() - 16) : match.start()]
    if _PARTNER_BEFORE.search(before) or _PARENT_OF_BRANCH.match(after):
        return False
    return bool(
        _BODY_AFTER_EN.match(after) or _BODY_AFTER_ZH.match(after) or _BODY_BEFORE.search(before)
    )


def _report_level(text: str) -> str | None:
    """The report's own level from how it names its area; None when unclear or tied."""
    counts = sorted(((len(p.findall(text)), level) for level, p in _LEVEL_MARKERS.items()))
    (runner_up, _), (count, level) = counts[-2], counts[-1]
    return level if count > runner_up else None


# year

_ZH_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_YEAR_RE = re.compile(
    r"(?<![\d.,])(?P<year>(?:19[5-9]|20\d)\d)(?![\d%])"
    r"|(?<![\d.,])(?P<split>20 \d\d)(?=\s*(?:years?\b|[,.;:，。]))"
    r"|\b(?:[Ii]n|of|[Ff]or|[Dd]uring|[Ss]ince)\s+(?P<split2>20 \d\d)(?![\d%])"
    r"|(?P<zh>[〇零○一二三四五六七八九]{4})(?=\s*年)"
)
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


def find_year(lines: list[str]) -> int | None:
    """The year the report is about, from weighted year mentions in its content lines.

    Mentions in the title, first lines and headlines, or next to summary words (summary, work in,
    总结, 全年, 成绩单) weigh more; plans ("2024 Work Plan", 明年) and publication dates count for
    nothing; numbers that count things ("2000 people", 2000余名) are not years. Machine
    translations split years ("20 13"), which is read as 2013.
    """
    weights: dict[int, float] = {}
    first_seen: dict[int, int] = {}
    order = 0
    for index, line in enumerate(lines):
        headline = len(line) <= 60 and not line.endswith((".", "。", ";", "；"))
        for m in _YEAR_RE.finditer(line):
            year = _year_value(m)
            if year is None or _COUNTED_AFTER.match(line, m.end()):
                continue
            weight = _year_weight(line, m, _sentence(line, m), index, headline)
            order += 1
            first_seen.setdefault(year, order)
            weights[year] = weights.get(year, 0.0) + weight
    ranked = [(-w, first_seen[y], y) for y, w in weights.items() if w > 0]
    return min(ranked)[2] if ranked else None


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
        _PLAN_AFTER.search(clause) or _PLAN_BEFORE.search(before) or _PLAN_SENTENCE.search(sentence)
    )


def _year_weight(line: str, m: re.Match[str], window: str, index: int, headline: bool) -> float:
    if _is_plan(line, m, window):
        return 0.0
    if _DATE_AT.match(line, m.start()):
        return 0.0 if _published_cue_before(line, m.start()) else 0.5
    weight = 1.0
    if _SUMMARY_CUE.search(window):
        weight += 3
    if index == 0:
        weight += 3
    elif index < 5:
        weight += 2
    if headline:
        weight += 2
    return weight


# period


@lru_cache(maxsize=1)
def _period_patterns() -> dict[str, re.Pattern[str]]:
    patterns = {}
    for name, entry in load_lexicon("periods").items():
        english = [rf"\b{_spaced(s)}\b" for s in entry.get("en", [])]
        chinese = [re.escape(s) for s in entry.get("zh", [])]
        patterns[name] = re.compile("|".join(english + chinese), re.IGNORECASE)
    return patterns


def _spaced(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


def find_period(text: str, lines: list[str] | None = None) -> str:
    """Reporting period: a holiday from the lexicon when the report is about it, else annual.

    A holiday counts when the title names it, or when the first lines name it, the text names it
    again, and the first lines do not call the report a yearly summary.
    """
    lines = _content_lines(text) if lines is None else lines
    if not lines:
        return "annual"
    title, head = lines[0], "\n".join(line[:400] for line in lines[:3])
    annual_head = bool(_SUMMARY_CUE.search(head))
    best, best_key = "annual", (0, 0, 0)
    for name, pattern in _period_patterns().items():
        in_title = len(pattern.findall(title))
        in_head = len(pattern.findall(head))
        if not in_title and (not in_head or annual_head):
            continue  # the whole text is read only for a period the head already names
        total = len(pattern.findall(text))
        if not in_title and total < 2:
            continue
        key = (in_title, in_head, total)
        if key > best_key:
            best, best_key = name, key
    return best


# published

_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*(?:[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"
    r"|年\s*(?P<zm>\d{1,2})\s*月\s*(?P<zd>\d{1,2})\s*日)"
)


def find_published(lines: list[str]) -> str | None:
    """ISO date the text gives as its publication date, else None.

    A date after a cue such as "Updated on" or 发布 wins, else a date alone on a short line near
    the top (a dateline). Dates without a year ("12月28日") are not guessed.
    """
    dateline: str | None = None
    for index, line in enumerate(lines):
        for m in _DATE_RE.finditer(line):
            iso = _iso(m)
            if iso is None:
                continue
            if _published_cue_before(line, m.start()):
                return iso
            short = len(line) - len(m.group()) <= 30
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
