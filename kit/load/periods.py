"""Text -> the period a report's figures cover: annual, h1, q1..q4, jan-<mon>, a holiday, a
campaign or a five-year plan, with its start and end dates where the text states them.

The vocabulary is `kit/lexicon/periods.toml`. What the title or opening names wins over what
the body mentions in passing: an annual review that recalls its Spring Festival work is annual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ahocorasick_rs import AhoCorasick, MatchKind

from kit.lexicon import load as load_lexicon
from kit.lexicon.prefilter import may_hold

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ZH_NUMBERS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_ZH_NUMBERS |= {"八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_EN_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9}
_EN_NUMBERS |= {"ten": 10, "eleven": 11}
_QUARTER_END = {"first": 3, "second": 6, "third": 9}
_PLAN_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025}
_PLAN_END |= {"11th": 2010, "12th": 2015, "13th": 2020, "14th": 2025}


@dataclass(frozen=True)
class Period:
    name: str | None
    start: str | None = None  # ISO date where the text states it
    end: str | None = None
    plan_end: int | None = None  # a five-year plan's last year (十三五 -> 2020)


@dataclass(frozen=True)
class _Named:
    name: str
    kind: str
    pattern: re.Pattern[str]
    yields_to: str | None


@dataclass(frozen=True)
class _Vocab:
    """Every period spelling in one Aho-Corasick automaton over lower-cased text."""

    automaton: AhoCorasick
    owners: tuple[tuple[str, bool], ...]  # spelling number -> (period name, English?)
    by_name: dict[str, _Named]

    def find(self, text: str) -> dict[str, list[int]]:
        """Period name -> where it is named (English words on word boundaries)."""
        lower = " ".join(text.lower().split())
        out: dict[str, list[int]] = {}
        for n, start, end in self.automaton.find_matches_as_indexes(lower, overlapping=True):
            name, english = self.owners[n]
            if english and (_letter_at(lower, start - 1) or _letter_at(lower, end)):
                continue
            out.setdefault(name, []).append(start)
        return out


def _letter_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalpha()


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    spellings: dict[str, tuple[str, bool]] = {}
    for name, entry in load_lexicon("periods").items():
        if name == "year_to_date":
            continue
        for s in entry.get("zh", []):
            spellings.setdefault(s.lower(), (name, False))
        for s in entry.get("en", []):
            spellings.setdefault(" ".join(s.lower().split()), (name, True))
    words = list(spellings)
    automaton = AhoCorasick(words, matchkind=MatchKind.Standard)
    return _Vocab(automaton, tuple(spellings[w] for w in words), {n.name: n for n in _named()})


@lru_cache(maxsize=1)
def _named() -> tuple[_Named, ...]:
    out = []
    for name, entry in load_lexicon("periods").items():
        if name == "year_to_date":
            continue
        english = [rf"\b{_spaced(s)}(?![a-z])" for s in entry.get("en", [])]
        chinese = [re.escape(s) for s in entry.get("zh", [])]
        pattern = re.compile("|".join(english + chinese), re.IGNORECASE)
        out.append(_Named(name, entry.get("kind", "holiday"), pattern, entry.get("yields_to")))
    return tuple(out)


@lru_cache(maxsize=1)
def _ytd() -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str]]:
    entry = load_lexicon("periods")["year_to_date"]
    spans = tuple(re.compile(p, re.IGNORECASE) for p in entry["zh"] + entry["en"])
    words = [re.escape(s) for s in entry["since_zh"]]
    words += [rf"\b{_spaced(s)}\b" for s in entry["since_en"]]
    return spans, re.compile("|".join(words), re.IGNORECASE)


def _spaced(phrase: str) -> str:
    return r"[\s-]+".join(re.escape(word) for word in phrase.split())


_SUMMARY_CUE = re.compile(
    r"summar|review|annual|throughout the year|(?:past|whole|entire) year|full year"
    r"|总结|總結|年度|全年|一年来|一年來|过去的一年|過去的一年|回顾|回顧|成绩单|成績單|工作报告|工作報告"
    r"|这一年|這一年",
    re.IGNORECASE,
)
_PLAN_SPAN = re.compile(
    r"[十一二三四五]五[”\"’']?\s*(?:期间|期間|以来|以來|时期|時期|工作情况|工作情況)"
    r"|(?:during|throughout|over) the (?:\d+th )?five-year|five-year plan period",
    re.IGNORECASE,
)
_YEAR_SPAN = re.compile(
    r"(?P<a>(?:19|20)\d\d)\s*年?\s*(?:至|到|[-—–~～]|to)\s*(?P<b>(?:19|20)\d\d)\s*年?"
)
_DATE_SPAN = re.compile(
    r"(?:from\s+)?(?P<m1>[A-Z][a-z]+)\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:to|until|till|-)\s+"
    r"(?P<m2>[A-Z][a-z]+)\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<zm1>\d{1,2})月(?P<zd1>\d{1,2})日\s*(?:至|到|[-—–~～])\s*(?:(?P<zm2>\d{1,2})月)?(?P<zd2>\d{1,2})日"
)
# what every English match of _DATE_SPAN holds: its first day, "to" and the second month's capital
_DATE_SPAN_EN_NEEDS = re.compile(r"\d(?:st|nd|rd|th)?\s+(?:to|until|till|-)\s+[A-Z]")


#: a holiday is counted in the opening of a long text only
SCAN_CHARS = 30_000


def find_period(head: str, title: str, text: str, published: str | None) -> Period:
    """The period the report's figures cover, from its title and opening (`head`).

    Order: a year-to-date span, quarter or half named in the opening; a holiday in the title; a
    campaign or a five-year plan in the title or opening; a holiday named in the opening and
    again in the text; "since the start of this year" with the publication month; else annual.
    """
    text = text[:SCAN_CHARS]
    spans, since = _ytd()
    ytd = _first_ytd(spans, head)
    vocab = _vocab()
    at = vocab.find(head)
    found = {name: vocab.by_name[name] for name in at}
    in_title = set(vocab.find(title))
    for name in list(found):
        other = found[name].yields_to
        if other in found:
            del found[name]
    parts = [n for n in found.values() if n.kind == "part"]
    if _summary(title) and not (_first_ytd(spans, title) or in_title & set(at)):
        # a yearly summary's title ("2023年工作总结"): a half or a quarter in its opening is a
        # step of the year's story, not the report's span
        ytd, parts = None, []
    if ytd is not None:
        return _with_dates(ytd, head, text)
    if parts:
        first = min(parts, key=lambda n: min(at[n.name]))
        return _with_dates(first.name, head, text)
    holidays = [n for n in found.values() if n.kind == "holiday"]
    counts = {name: len(where) for name, where in vocab.find(text).items()} if holidays else {}
    titled = [n for n in holidays if n.name in in_title]
    if titled:
        return _with_dates(_most(titled, counts), head, text)
    for kind in ("campaign", "multi_year"):
        named = [n for n in found.values() if n.kind == kind]
        if kind == "multi_year":
            # the whole plan ("十三五"期间, 2016年至2020年), not a year of it (十四五开局之年)
            named = [n for n in named if _PLAN_SPAN.search(head) or _YEAR_SPAN.search(head)]
            if named:
                return _plan(named[0], head)
        elif named and not _summary(head):
            return _with_dates(kind, head, text)
    annual_head = _summary(head)
    repeated = [n for n in holidays if counts.get(n.name, 0) >= 2]
    if repeated and not annual_head:
        return _with_dates(_most(repeated, counts), head, text)
    if not annual_head and published and since.search(text, 0, 1200):
        month = int(published[5:7])
        if 1 < month < 12:
            name = _ytd_name(month - 1)
            return Period(name, f"{published[:4]}-01-01", _month_end(int(published[:4]), month - 1))
    return Period("annual")


def _summary(text: str) -> bool:
    """`_SUMMARY_CUE` in `text`, searched only where one of its words is (`may_hold`)."""
    return may_hold(_SUMMARY_CUE, text) and _SUMMARY_CUE.search(text) is not None


def _date_span(text: str, end: int | None = None) -> re.Match[str] | None:
    """`_DATE_SPAN.search(text, 0, end)`, run only where one of its two forms can match: a day
    number before "to"/"until"/"-" and a capitalised month (English), or 月 and 日 (Chinese)."""
    window = text if end is None else text[:end]
    if ("月" in window and "日" in window) or _DATE_SPAN_EN_NEEDS.search(window):
        return _DATE_SPAN.search(text, 0, len(window))
    return None


def _most(named: list[_Named], counts: dict[str, int]) -> str:
    return max(named, key=lambda n: counts.get(n.name, 0)).name


def _first_ytd(spans: tuple[re.Pattern[str], ...], head: str) -> str | None:
    """The first year-to-date span the opening names, as jan-<mon>."""
    lowered = head.lower()
    found = [
        (m.start(), month)
        for p in spans
        if may_hold(p, head, lowered)  # a pattern holding none of its words is not run
        for m in p.finditer(head)
        if (month := _ytd_month(m))
    ]
    return _ytd_name(min(found)[1]) if found else None


def _ytd_month(m: re.Match[str]) -> int | None:
    groups = {k: v for k, v in m.groupdict().items() if v}
    if "month" in groups:
        raw = groups["month"]
        month = int(raw) if raw.isdigit() else _ZH_NUMBERS.get(raw) or _EN_MONTHS.get(raw.lower())
    elif "quarters" in groups:
        raw = groups["quarters"]
        month = 3 * (_ZH_NUMBERS.get(raw) or _EN_NUMBERS.get(raw.lower(), 0))
    elif "months" in groups:
        raw = groups["months"]
        month = int(raw) if raw.isdigit() else _ZH_NUMBERS.get(raw) or _EN_NUMBERS.get(raw.lower())
    elif "quarter_end" in groups:
        month = _QUARTER_END[groups["quarter_end"].lower()]
    else:
        return None
    return month if month and 2 <= month <= 12 else None


def _ytd_name(month: int) -> str:
    """jan-<mon>, with the spans that have their own name: Jan-Mar is q1, Jan-Jun h1."""
    return {1: "jan", 3: "q1", 6: "h1", 12: "annual"}.get(month) or f"jan-{MONTHS[month - 1]}"


def _month_end(year: int, month: int) -> str:
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1).isoformat()


def _plan(named: _Named, head: str) -> Period:
    m = named.pattern.search(head)
    assert m is not None
    key = next((k for k in _PLAN_END if k in m.group()), None)
    span = _YEAR_SPAN.search(head)
    if span:
        return Period("multi_year", f"{span['a']}-01-01", f"{span['b']}-12-31", int(span["b"]))
    end = _PLAN_END.get(key) if key else None
    return Period(
        "multi_year", f"{end - 4}-01-01" if end else None, f"{end}-12-31" if end else None, end
    )


def _with_dates(name: str, head: str, text: str) -> Period:
    """The period with the day span the opening states ("from June 6 to September 25")."""
    m = _date_span(text, 2000) or _date_span(head)
    if m is None:
        return Period(name)
    if m["m1"]:
        m1, m2 = _EN_MONTHS.get(m["m1"].lower()), _EN_MONTHS.get(m["m2"].lower())
        if not (m1 and m2):
            return Period(name)
        start, end = (m1, int(m["d1"])), (m2, int(m["d2"]))
    else:
        m1 = int(m["zm1"])
        start, end = (m1, int(m["zd1"])), (int(m["zm2"] or m1), int(m["zd2"]))
    # the year is not known here: month-day, filled in by the caller with the report's year
    return Period(name, f"--{start[0]:02d}-{start[1]:02d}", f"--{end[0]:02d}-{end[1]:02d}")


_PART_MONTHS = {"h1": (1, 6), "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12)}


def span_of(name: str | None, year: int | None) -> tuple[str | None, str | None]:
    """The dates a named part of a year spans: jan-sep 2023 -> 2023-01-01 .. 2023-09-30."""
    if name is None or year is None:
        return None, None
    if name in _PART_MONTHS:
        first, last = _PART_MONTHS[name]
    elif name.startswith("jan-") and name[4:] in MONTHS:
        first, last = 1, MONTHS.index(name[4:]) + 1
    else:
        return None, None
    return f"{year}-{first:02d}-01", _month_end(year, last)


__all__: list[str] = []  # everything here serves its own package
