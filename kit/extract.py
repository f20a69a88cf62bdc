"""Document -> Metric: decide which numbers are figures, and what each one measures.

For every number the scanner (`kit.mentions`) finds, the words around it settle: is it a date, an
ordinal, a name in quotes, a duration or a plan's structure (then it is dropped); is it a level
or a change, up or down, against last year or last month; what is counted; which topic. The
vocabulary lives in `kit/lexicon/` so a new synonym never needs a code change.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from kit import repair
from kit.context import carry
from kit.indicators import indicator_of
from kit.indicators import topics as indicator_topics
from kit.lexicon import alternation, load
from kit.lists import spread
from kit.load.candidates import finditer_at
from kit.mentions import Mention, scan, signed
from kit.schema import Document, Metric
from kit.scope import ELSEWHERE, report_units, scope_of
from kit.text import simplified_shadow
from kit.topics import classify, names_no_topic, theme

YEAR_RANGE = range(1949, 2101)
WINDOW = 90  # characters of context looked at on either side
PHONE_NUMBERS = frozenset({110, 119, 120, 122, 12345, 12110, 96110})
OPENING_SENTENCES = 2  # where a report names the units it is about (kit.scope.report_units)
SENTENCE_CAP = 400  # a "sentence" longer than this (no punctuation) is clipped around the figure
# ---- small patterns, compiled once at import ------------------------------------------------

_SLASH_BEFORE = re.compile(r"\d/$")
_DATE_SEP_BEFORE = re.compile(r"\d[-/.]$")
_DATE_SEP_AFTER = re.compile(r"^[-/]\d")
_PLUS_BEFORE = re.compile(r"[+＋]\s*$")
_PLUS_DIGIT_AFTER = re.compile(r"^\s*[+＋]\s*\d")
_CALL_BEFORE = re.compile(r"[A-Za-z_]\($")
_HYPHEN_WORD_AFTER = re.compile(r"^-[A-Za-z]")
_LETTER_AFTER = re.compile(r"^[A-Za-z]")
_ENUM_MARK_AFTER = re.compile(r"^\s*[.、)）]")
_LINE_OPEN = re.compile(r"\s*[(（]?")
_ENUM_THEN_CAPITAL = re.compile(r"[.)]\s+[A-Z]")
_SENTENCE_OPEN_BEFORE = re.compile(r"(?:^|[.;:!?]\s)$")
_RATIO_AFTER = re.compile(r"^\s*(?:/|:\d)")
_PLUS_AFTER = re.compile(r"^[+＋]")
_LIST_COMMA_AFTER = re.compile(r"^\s*、")
_LIST_COMMA_BEFORE = re.compile(r"、\s*$")
_DIGITS_AND_SPACES = re.compile(r"[\d\s]+")
_OF_PHRASE_AFTER = re.compile(r"^\s+of\s+(?!the\b)")
_SPACES = re.compile(r"[ \u00a0]+")
_CAMEL_GLUE = re.compile(r"[a-z][A-Z]")
_ZH_MAGNITUDE_LEAD = re.compile(r"^\s*[万萬亿億]?[余多餘]?")
_WHITESPACE = re.compile(r"\s+")
_ZH_NOUN_END = re.compile(r"[，。；、,;：:！？（(）)\s“”\"以和及与與]")
_DIGIT_RUN = re.compile(r"\d+")
_CJK_ANY = re.compile(r"[\u3400-\u9fff]")
_MAGNITUDE_WORD = re.compile(r"[万萬亿億千百十]|million|billion|thousand")


# ---- sentences and clauses ---------------------------------------------------------------

# a lost space after a full stop still ends an English sentence: "Spring Festival.They fell"
_SENTENCE_END = re.compile(
    r"(?<=[.!?;])\s+(?=[\"'“A-Z(])|(?<=[a-z][.!?])(?=[A-Z][a-z])|[。！？；;]|\n+"
)
_CLAUSE_SEP = re.compile(r"(?<!\d),|,(?!\d)|[，;；:：]|\s-\s")
_RATE_PHRASE = re.compile(
    r"((?:[\w'-]+\s+){0,3}(?:rate|index|ratio|proportion|speed|share|coverage))$", re.I
)


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def _broken_line(text: str, m: re.Match) -> bool:
    """A newline inside a Chinese sentence (page layout), not the end of a paragraph."""
    if not m.group().startswith("\n") or m.start() == 0 or m.end() >= len(text):
        return False
    line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
    return (
        len(line) >= 30
        and bool(_CJK_CHAR.match(text[m.start() - 1]))
        and bool(_CJK_CHAR.match(text[m.end()]))
    )


# every match of _SENTENCE_END starts at one of these marks or just after one of .!?;
_SENTENCE_MARK_AT = re.compile(r"[.!?;。！？；\n]")


def _sentence_ends(text: str) -> Iterator[re.Match[str]]:
    """`_SENTENCE_END.finditer(text)`, tried only at and just after the marks a sentence end
    needs (its lookbehinds leave the regex engine no character to skip to)."""
    pos = 0  # where the next match may start
    search_from = 0
    while mark := _SENTENCE_MARK_AT.search(text, search_from):
        at = mark.start()
        char = text[at]
        for p in (at + 1,) if char in ".!?" else (at, at + 1) if char == ";" else (at,):
            if p < pos:
                continue
            m = _SENTENCE_END.match(text, p)
            if m:
                yield m
                # an empty match (before a capital) has no other match at its position
                pos = m.end() if m.end() > p else p + 1
        search_from = max(at + 1, pos - 1)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries in both languages (EN punctuation + capital, ZH 。！？；, newlines)."""
    spans, start = [], 0
    for m in _sentence_ends(text):
        if _broken_line(text, m):
            continue
        if m.start() > start:
            mark = m.group().strip()
            spans.append((start, m.start() + (1 if mark and mark in "。！？；;" else 0)))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


# ---- vocabulary compiled once ------------------------------------------------------------


@dataclass(frozen=True)
class _En:
    ordinal_after: re.Pattern[str]
    reject_before: re.Pattern[str]
    duration_after: re.Pattern[str]
    month_near: re.Pattern[str]
    month_after: re.Pattern[str]
    plan_noun: re.Pattern[str]
    count_unit: re.Pattern[str]
    more_before: re.Pattern[str]
    nearly_before: re.Pattern[str]
    least_before: re.Pattern[str]
    more_after: re.Pattern[str]
    dir_before: re.Pattern[str]
    dir_after: re.Pattern[str]
    up: re.Pattern[str]
    yoy: re.Pattern[str]
    mom: re.Pattern[str]
    yuan_after: re.Pattern[str]
    yuan_before: re.Pattern[str]
    phone_after: re.Pattern[str]
    phone_before: re.Pattern[str]
    plan_clause: re.Pattern[str]
    other_after: re.Pattern[str]
    stop: frozenset[str]
    trail: re.Pattern[str]
    lead: re.Pattern[str]


@cache
def _en() -> _En:
    lex = load("en")
    q, c, r = lex["qualifier"], lex["change"], lex["reject"]
    a = alternation
    I = re.IGNORECASE  # noqa: E741
    direction = a(c["up"] + c["down"])
    between = a(c["between"])
    return _En(
        ordinal_after=re.compile(r"^(?:st|nd|rd|th)\b"),
        reject_before=re.compile(rf"(?<![\w])(?:{a(r['before'])})\s*$"),
        duration_after=re.compile(rf"^(?:\s*-\s*|\s+)(?:{a(r['duration'])})(?![a-z-])"),
        month_near=re.compile(rf"\b(?:{a(r['months'])})\.?\s+$"),
        month_after=re.compile(rf"^(?:st|nd|rd|th)?,?\s+(?:of\s+)?(?:{a(r['months'])})\b"),
        plan_noun=re.compile(rf"^\s*(?:[\w-]+\s+){{0,3}}?(?:{a(r['plan_nouns'])})\b(?!-)", I),
        count_unit=re.compile(rf"^\s*(?:[\w-]+\s+)?(?:{a(r['count_units'])})\b", I),
        more_before=re.compile(rf"(?:{a(q['more_than_before'])})\s*$", I),
        nearly_before=re.compile(rf"\b(?:{a(q['nearly_before'])})\s*$", I),
        least_before=re.compile(rf"\b(?:{a(q['at_least_before'])})\s*$", I),
        more_after=re.compile(rf"^\s*(?:{a(q['more_than_after'])})\b", I),
        dir_before=re.compile(
            rf"(?<!set )(?<!built )(?<!make )(?<!pick )(?<!step )(?<!open )(?<!sum )"
            rf"(?<!break )(?<!shut )(?<!take )(?<!track )(?<!tear )(?<!wrap )"
            rf"\b(?P<dir>{direction})(?:\s+(?:{between}))*\s*$",
            I,
        ),
        dir_after=re.compile(
            rf"^\s*(?:(?:year-on-year|month-on-month)\s+)?(?P<dir>{a(c['after'])})\b(?!\s+than\s+\d)",
            I,
        ),
        up=re.compile(rf"^(?:{a(c['up'])})$", I),
        yoy=re.compile(rf"(?:{a(lex['baseline']['yoy'])})", I),
        mom=re.compile(rf"(?:{a(lex['baseline']['mom'])})", I),
        yuan_after=re.compile(rf"^\s*(?:{a(lex['unit']['yuan'])})\b", I),
        yuan_before=re.compile(rf"(?:{a([re.escape(w) for w in lex['unit']['yuan_before']])})\s*$"),
        phone_after=re.compile(rf"^\s*(?:{a(r['phone_after'])})\b", I),
        phone_before=re.compile(rf"\b(?:{a(r['phone_before'])})\s*$", I),
        plan_clause=re.compile(rf"\b(?:{a(r['plan_words'])})\b", I),
        other_after=re.compile(rf"^\s*(?:{a(lex['unit']['other'])})(?![\w])", I),
        stop=frozenset(lex["counted"]["stop"]),
        trail=re.compile(rf"(?:\s|^)(?:{a(lex['counted']['trail'])})\s*$", I),
        lead=re.compile(rf"^(?:{a(lex['counted']['lead'])})\s+", I),
    )


@dataclass(frozen=True)
class _Zh:
    measure_after: re.Pattern[str]
    yuan_after: re.Pattern[str]
    other_after: re.Pattern[str]
    time_after: re.Pattern[str]
    reject_before: re.Pattern[str]
    plan_clause: re.Pattern[str]
    nearly_before: re.Pattern[str]
    more_before: re.Pattern[str]
    least_before: re.Pattern[str]
    more_after: re.Pattern[str]
    dir_before: re.Pattern[str]
    up: frozenset[str]
    yoy: re.Pattern[str]
    mom: re.Pattern[str]
    trail: re.Pattern[str]
    baseline_words: re.Pattern[str]


@cache
def _zh() -> _Zh:
    lex = load("zh")
    a = alternation
    q, c = lex["qualifier"], lex["change"]
    base = a(c["yoy"] + c["mom"])
    strict_dirs = [w for w in c["up"] + c["down"] if w not in ("多", "少", "高", "低")]
    return _Zh(
        measure_after=re.compile(
            rf"^\s*(?:{a(lex['measure'] + lex['yuan'] + lex['other_units'])})"
        ),
        yuan_after=re.compile(rf"^\s*(?:{a(lex['yuan'])})"),
        other_after=re.compile(rf"^\s*(?:{a(lex['other_units'])})"),
        time_after=re.compile(rf"^\s*(?:{a(lex['time_after'])})"),
        reject_before=re.compile(rf"(?:{a(lex['reject_before'])})\s*$"),
        plan_clause=re.compile(a(lex["plan_words"])),
        nearly_before=re.compile(rf"(?:{a(q['nearly_before'])})\s*$"),
        more_before=re.compile(rf"(?:{a(q['more_than_before'])})\s*$"),
        least_before=re.compile(rf"(?:{a(q['at_least_before'])})\s*$"),
        more_after=re.compile(r"^\s*(?:\S{0,3}?)(?:以上)"),
        dir_before=re.compile(
            rf"(?:(?P<base>{base})(?:分别|分別)?(?P<dir>{a(c['up'] + c['down'])})"
            rf"|(?P<dir2>{a(strict_dirs)}))(?:了|分别|分別|约|約|近)?\s*$"
        ),
        up=frozenset(c["up"]),
        yoy=re.compile(a(c["yoy"])),
        mom=re.compile(a(c["mom"])),
        trail=re.compile(rf"(?<![行作认認成因])(?:{a(lex['counted']['trail'])})+$"),
        baseline_words=re.compile(rf"(?:{base}|{a(c['up'] + c['down'])})+$"),
    )


def _tail(pattern: re.Pattern[str], text: str, span: int = 40) -> re.Match[str] | None:
    """Search an end-anchored (`...$`) pattern in the last `span` characters only.

    Lookbehinds and word boundaries still see the characters before the window, so the result
    is the same as a full search for any match shorter than `span`; the cost no longer grows
    with the window.
    """
    return pattern.search(text, max(0, len(text) - span))


# ---- quoted names ----------------------------------------------------------------------------

_QUOTED = re.compile(
    r"(?<![\w])\"(?=\S)[^\"\n.;!?。；]{1,80}?(?<=\S)\"(?![\w])"
    r"|“[^“”\n]{1,45}”|「[^「」\n]{1,45}」|『[^『』\n]{1,45}』|《[^《》\n]{1,60}》|‘[^‘’\n]{1,30}’"
)


# where a quotation can open: _QUOTED starts with a lookbehind, which leaves the regex engine no
# character to skip to
_QUOTE_OPEN = re.compile(r"[\"“「『《‘]")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in finditer_at(_QUOTED, _QUOTE_OPEN, text)]


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int, end: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] < pos and end <= spans[i][1]


# ---- the decision for one mention --------------------------------------------------------------


@dataclass
class _Context:
    text: str
    before: str  # up to WINDOW chars before the mention, within its sentence
    after: str  # up to WINDOW chars after, within its sentence
    sentence: str
    clause_before: str
    clause_after: str


def _reject_en(m: Mention, c: _Context) -> str | None:
    en = _en()
    b, a = c.before, c.after
    if m.repaired and m.repaired != "split_digits":
        return None
    if en.ordinal_after.match(a):
        return "ordinal"
    stray_slash = _SLASH_BEFORE.search(b) and m.value >= 100
    if (_DATE_SEP_BEFORE.search(b) or _DATE_SEP_AFTER.match(a)) and not stray_slash:
        return "date or code"
    if _PLUS_BEFORE.search(b) or _PLUS_DIGIT_AFTER.match(a):
        return "name (1+1+5)"
    if _CALL_BEFORE.search(b):
        return "code (a call like alert(1))"
    if _tail(en.month_near, b) or en.month_after.match(a):
        return "date"
    if _tail(en.reject_before, b):
        return "label or rate base"
    if en.plan_clause.search(c.clause_before):
        return "target or plan"
    if m.unit == "count" and en.duration_after.match(a):
        return "duration"
    if m.unit == "count" and _HYPHEN_WORD_AFTER.match(a):
        return "compound modifier"
    if m.unit == "count" and _LETTER_AFTER.match(a) and not m.repaired:
        return "code or name (5G, 3D)"
    line_start = b[b.rfind("\n") + 1 :]
    if m.unit == "count" and _ENUM_MARK_AFTER.match(a) and _LINE_OPEN.fullmatch(line_start):
        return "list enumerator"
    raw_after = c.text[m.end : m.end + 4]
    if (
        m.unit == "count"
        and _ENUM_THEN_CAPITAL.match(raw_after)
        and _SENTENCE_OPEN_BEFORE.search(b)
    ):
        return "list enumerator"
    phone = en.phone_after.match(a) or _tail(en.phone_before, b)
    if m.unit == "count" and m.value in PHONE_NUMBERS and not m.qualifier and phone:
        return "telephone number"
    if _year_after_in(m, b):
        return "year"
    is_int = float(m.value).is_integer()
    if (
        m.unit == "count"
        and is_int
        and int(m.value) in YEAR_RANGE
        and "," not in m.text
        and not en.count_unit.match(a)
        and not (_tail(en.more_before, b) or _tail(en.nearly_before, b))
    ):
        return "year"
    if m.unit == "count" and en.plan_noun.match(a):
        return "plan structure"
    if _RATIO_AFTER.match(a):
        return "ratio"
    return None


_IN_YEAR_BEFORE = re.compile(
    r"\b(?:in|during|since|until|throughout|by the end of|at the end of)\s+$", re.IGNORECASE
)


def _year_after_in(m: Mention, before: str) -> bool:
    """ "In 2023 police solved …": a year after in/during/since is a date whatever word follows
    it, even one that counts ("police", "people")."""
    return (
        m.unit == "count"
        and m.text.isdigit()
        and int(m.text) in YEAR_RANGE
        and _IN_YEAR_BEFORE.search(before) is not None
    )


def _reject_zh(m: Mention, c: _Context) -> str | None:
    zh = _zh()
    b, a = c.before, c.after
    if _tail(zh.reject_before, b):
        return "ordinal or rate base"
    if zh.plan_clause.search(c.clause_before):
        return "target or plan"
    if _PLUS_BEFORE.search(b) or _PLUS_AFTER.match(a):
        return "name"
    if m.unit in ("percent", "pp"):
        return None
    if zh.time_after.match(a):
        return "date or duration"
    if not zh.measure_after.match(a):
        return "no measure word"
    small = m.script == "cjk" and m.value < 10 and not m.qualifier
    if small and (m.value < 2 or not _result_verb_in(c.clause_before)):
        return "small spelled-out number"
    if _LIST_COMMA_AFTER.match(a) or _LIST_COMMA_BEFORE.search(b):
        return "list of numbers"
    return None


@cache
def _result_verbs() -> re.Pattern[str]:
    return re.compile(alternation(load("zh")["result_verbs"]))


def _result_verb_in(clause: str) -> bool:
    """A small spelled-out count (两个, 两起) is a result when its clause has a result verb:
    建成两个枫桥式交警队, 破获毒品案件两起."""
    return _result_verbs().search(clause) is not None


def _window(text: str, start: int, end: int, sent: tuple[int, int]) -> _Context:
    s0, s1 = sent
    before = text[max(s0, start - WINDOW) : start]
    after = text[end : min(s1, end + WINDOW)]
    clause_b = _CLAUSE_SEP.split(before)[-1]
    return _Context(text, before, after, text[s0:s1], clause_b, _clause_after(after))


def _clause_after(after: str) -> str:
    """The text after a figure up to its clause's end; a comma inside quotes ends nothing:
    '90 cases of "theft, robbery and fraud" were cracked' keeps "were cracked"."""
    first = _CLAUSE_SEP.search(after)
    if first is None:
        return after
    if '"' not in after[: first.start()] and "“" not in after[: first.start()]:
        return after[: first.start()]
    quotes = _quoted_spans(after)
    for sep in _CLAUSE_SEP.finditer(after):
        if not any(q0 < sep.start() < q1 for q0, q1 in quotes):
            return after[: sep.start()]
    return after


def _qualifier_en(m: Mention, c: _Context) -> tuple[str | None, bool]:
    """The qualifier, and whether words were glued onto it by lost spacing."""
    en = _en()
    if m.qualifier:
        return m.qualifier, False
    b = c.before
    hit = _tail(en.more_before, b)
    if hit:
        glued = hit.start() > 0 and b[hit.start() - 1].isalpha()
        return "more_than", glued
    if _tail(en.least_before, b):
        return "at_least", False
    if _tail(en.nearly_before, b):
        return "nearly", False
    if en.more_after.match(c.after):
        return "more_than", False
    return None, False


def _qualifier_zh(m: Mention, c: _Context) -> str | None:
    zh = _zh()
    if m.qualifier:
        return m.qualifier
    if _tail(zh.more_before, c.before):
        return "more_than"
    if _tail(zh.least_before, c.before):
        return "at_least"
    if _tail(zh.nearly_before, c.before):
        return "nearly"
    if zh.more_after.match(c.after):
        return "more_than"
    return None


def _change_en(m: Mention, c: _Context) -> tuple[bool, str | None, str | None]:
    en = _en()
    before = c.clause_before
    if m.repaired == "split_decimal_around_phrase":
        before = c.before  # the phrase sits inside the surface; look further back
    hit = _tail(en.dir_before, before, 80)
    if not hit:
        hit = en.dir_after.match(c.after)
    if not hit:
        if m.repaired == "orphaned_decimals":
            hit = en.dir_before.search(c.before.rstrip(". "))
        if not hit:
            return False, None, None
    word = hit.group("dir")
    comparative = word.lower() in ("more", "less", "fewer", "higher", "lower")
    if m.unit == "count" and comparative and not _THAN_PERIOD.match(c.after):
        return False, None, None
    direction = "up" if en.up.match(word) else "down"
    around = f"{c.clause_before} {m.text} {c.clause_after}"
    baseline = m.baseline
    if baseline is None:
        if en.yoy.search(around):
            baseline = "yoy"
        elif en.mom.search(around):
            baseline = "mom"
    return True, direction, baseline


def _change_zh(m: Mention, c: _Context) -> tuple[bool, str | None, str | None]:
    zh = _zh()
    hit = _tail(zh.dir_before, c.clause_before)
    if not hit:
        return False, None, None
    word = hit.group("dir") or hit.group("dir2")
    direction = "up" if word in zh.up else "down"
    base = hit.group("base") or ""
    around = c.clause_before + base
    baseline = "yoy" if zh.yoy.search(around) else "mom" if zh.mom.search(around) else None
    return True, direction, baseline


# "12 fewer than last year": a count compared with a period is a change
_THAN_PERIOD = re.compile(
    r"^\s*(?:more|less|fewer|higher|lower)\s+than\s+(?:(?:in|during|over)\s+)?"
    r"(?:last|the same|the previous|that of|a year|(?:19|20)\d\d)",
    re.I,
)


@cache
def _other_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Words of a comparison that is neither last year nor last period (EN, ZH)."""
    return (
        re.compile(alternation(load("en")["baseline"]["other"]), re.IGNORECASE),
        re.compile(alternation(load("zh")["change"]["other"])),
    )


def _other_baseline(c: _Context, cjk: bool) -> str | None:
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


_FULL_STOP = re.compile(r"[。！？!?\n]|\.(?=\s)")


def _full_sentence_start(text: str, start: int) -> int:
    """Where the sentence holding `start` begins when semicolons do not end sentences: a list
    opened by "year-on-year" runs on across "；"."""
    window = max(0, start - SENTENCE_CAP)
    stops = list(_FULL_STOP.finditer(text, window, start))
    return stops[-1].end() if stops else window if window else 0


@cache
def _annual_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(alternation(load("en")["baseline"]["annual_opening"]), re.IGNORECASE),
        re.compile(alternation(load("zh")["change"]["annual_opening"])),
    )


def _annual_opening(opening: str) -> bool:
    """Whether a report's opening says it reviews a whole year ("2023年，全市……", "In 2023")."""
    return any(p.search(opening) for p in _annual_patterns())


def _implied_baseline(
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
    mom = _zh().mom if cjk else _en().mom
    last_mom = max((h.end() for h in mom.finditer(sentence_before)), default=-1)
    if last_mom > last_yoy:
        return "mom"  # "a decrease of 32 from the previous month, ... down 7.6%"
    if last_yoy >= 0 or annual or document.period in _holidays():
        return "yoy"
    return None


_ADJECTIVE = re.compile(r"(?:al|ous|ic|ive|ful|ent|ant|ary|ile)$", re.I)
_COPULA = frozenset({"were", "was", "are", "is"})


@cache
def _parts_of() -> re.Pattern[str]:
    """ "of which", "among them" right before a figure (`lexicon/en.toml` [context])."""
    return re.compile(rf"\b(?:{alternation(load('en')['context']['parts_of'])})\s*$", re.I)


_CLASSIFIERS = frozenset({"pieces", "piece", "items", "person-times", "times", "sets"})
_WORD = re.compile(r"\"[^\"]{1,40}\"|“[^”]{1,40}”|[A-Za-z][\w'-]*")


def _counted_en(m: Mention, c: _Context, unit: str) -> str:
    en = _en()
    if m.repaired == "digits_after_noun":
        return _DIGITS_AND_SPACES.sub("", m.text)
    of_phrase = unit in ("percent", "pp") and _OF_PHRASE_AFTER.match(c.after)
    if unit in ("count", "yuan", "other") or of_phrase:
        words: list[str] = []
        rest = c.after
        rest = re.sub(r"^\s*(?:yuan|RMB|kg|tons?)\b", "", rest, flags=re.I)
        pos = 0
        used_of = False
        while len(words) < 7:
            w = _WORD.match(rest, pos) if not rest[pos : pos + 1].isspace() else None
            if w is None:
                sp = _SPACES.match(rest[pos:])
                if not sp:
                    break
                pos += sp.end()
                continue
            token = w.group()
            glued = _CAMEL_GLUE.search(token)
            if glued:
                words.append(token[: glued.start() + 1])
                break
            low = token.lower()
            if not words and low in _COPULA and _parts_of().search(c.before[-20:]):
                pos = w.end()  # "of which 11,000 were criminal police reports"
                continue
            if low == "of" and not used_of and words:
                used_of = True
            elif low == "and" and words and all(_ADJECTIVE.search(x) for x in words):
                pass  # "2 illegal and criminal cases": adjectives joined before their noun
            elif low in en.stop:
                break
            words.append(token)
            pos = w.end()
        while words and words[-1].lower() in ("of", "the"):
            words.pop()
        if len(words) == 1 and words[0].lower() in _CLASSIFIERS:
            # "disputes80More than 30,000 pieces": the thing counted stands before the number
            before = _phrase_before(c.clause_before)
            if before:
                return f"{before} ({words[0]})"
        if words:
            return " ".join(words)
    phrase = _phrase_before(c.clause_before)
    if not phrase:
        clauses = _CLAUSE_SEP.split(c.before)
        phrase = _phrase_before(clauses[-2]) if len(clauses) > 1 else ""
    return phrase


_TRAILING_NUMBER = re.compile(r"[\d.,%]+\s*$")
_TRAILING_QUALIFIER = re.compile(r"\b(?:more than|nearly|about|over)\s*$", re.I)
_FIGURE = re.compile(r"\d[\d,.]*%?\s*")
_VERB_AND = re.compile(r"\b(?:were|was|are|is|been)\s+\w+ed\s+and\s+")


def _phrase_before(phrase: str) -> str:
    """The noun phrase ending a clause, without its trailing verb and prepositions."""
    en = _en()
    phrase = _TRAILING_NUMBER.sub("", phrase)
    for _ in range(6):
        hit = _tail(en.trail, phrase)
        if hit is None:
            break
        phrase = phrase[: hit.start()].rstrip(" ,")
    phrase = _TRAILING_QUALIFIER.sub("", phrase).strip()
    after_figure = _FIGURE.split(phrase)[-1].strip()
    if after_figure:
        phrase = after_figure
    # "53 cases were detected and criminal suspects 10458": the noun after the last verb
    phrase = _VERB_AND.split(phrase)[-1] or phrase
    rate = _RATE_PHRASE.search(phrase)
    if rate:
        phrase = rate.group(1)
    tokens = phrase.split()[-8:]
    phrase = " ".join(tokens)
    for _ in range(3):
        phrase = en.lead.sub("", phrase)
    return phrase.strip(" \"'")


# quotes end no clause: "“盗窃”类警情共接报16234起" counts theft reports
_ZH_CLAUSE = re.compile(r"[，。；、;：:！？（）()]|(?<!\d),|,(?!\d)")
_ZH_TRAILING_FIGURE = re.compile(r"[\d.,]+[十百千万萬亿億]?[余多餘]?(?:个百分点|%|\w)?$")


def _counted_zh(m: Mention, c: _Context, unit: str) -> str:
    zh = _zh()
    after = _ZH_MAGNITUDE_LEAD.sub("", c.after)
    if unit == "count":
        mw = zh.measure_after.match(after)
        tail = after[mw.end() :] if mw else ""
        tail = _WHITESPACE.sub("", tail)
        noun = _ZH_NOUN_END.split(tail, maxsplit=1)[0][:16]
        if len(noun) >= 2 and not noun[0].isdigit():  # "542起574人": the next figure, no noun
            return noun
    clauses = _ZH_CLAUSE.split(_WHITESPACE.sub("", c.before))
    for clause in reversed(clauses[-2:]):
        clause = _ZH_TRAILING_FIGURE.sub("", clause)
        phrase = zh.trail.sub("", zh.baseline_words.sub("", zh.trail.sub("", clause)))
        if phrase:
            return phrase[-16:]
    return ""


def _in_original(phrase: str, shadow: str, original: str, sent: tuple[int, int]) -> str:
    """The document's own characters for a phrase found in the simplified shadow."""
    if shadow is original or not phrase:
        return phrase
    at = shadow.find(phrase, sent[0], sent[1])
    return original[at : at + len(phrase)] if at >= 0 else phrase


def _unit_en(m: Mention, c: _Context) -> str:
    if m.unit != "count":
        return m.unit
    en = _en()
    if en.yuan_after.match(c.after) or _tail(en.yuan_before, c.before):
        return "yuan"
    if en.other_after.match(c.after):
        return "other"
    return "count"


def _unit_zh(m: Mention, c: _Context) -> str:
    if m.unit != "count":
        return m.unit
    zh = _zh()
    after = _ZH_MAGNITUDE_LEAD.sub("", c.after)
    if zh.yuan_after.match(after):
        return "yuan"
    if zh.other_after.match(after):
        return "other"
    return "count"


_RATE_WORDS = re.compile(r"rate|ratio|proportion|share|percentage|coverage|率|比例|占比|比重", re.I)


def _check_percent(
    m: Mention, change: bool, direction: str | None, clause: str
) -> tuple[float, str | None, float, str | None]:
    """Restore a dropped decimal point where a percentage cannot exceed 100."""
    value, rule, conf, note = m.value, m.repaired, m.confidence, m.note
    if m.unit != "percent" or m.repaired or value <= 100 or not m.text[:1].isdigit():
        return value, rule, conf, note
    digits = _DIGIT_RUN.match(m.text)
    if digits is None or "." in m.text:
        return value, rule, conf, note
    if (change and direction == "down") or (not change and _RATE_WORDS.search(clause)):
        fix = repair.dropped_decimal_in_rate(digits.group())
        return fix.value, fix.rule, fix.confidence, fix.note
    if not change:
        return value, rule, 0.45, "a level above 100% is unusual; check the source"
    return value, rule, conf, note


def _clip(text: str, sent: tuple[int, int], m: Mention) -> tuple[int, int]:
    """The sentence around a figure, clipped to SENTENCE_CAP each side at a word boundary."""
    start, end = sent[0], max(sent[1], m.end)
    if m.start - start > SENTENCE_CAP:
        start = m.start - SENTENCE_CAP
        space = text.find(" ", start, start + 30)
        start = space + 1 if space >= 0 else start
    if end - m.end > SENTENCE_CAP:
        end = m.end + SENTENCE_CAP
        space = text.rfind(" ", end - 30, end)
        end = space if space > m.end else end
    return start, end


_LATIN_LETTER = re.compile(r"[A-Za-z]")
MIN_LETTERS = 10  # a shorter sentence in both scripts keeps the document's language


def language_segments(
    text: str, sents: list[tuple[int, int]], default: str
) -> list[tuple[int, int, str]]:
    """Runs of sentences in one language, (start, end, "zh"|"en"), covering the whole text.

    A report may quote English in a Chinese text or mix both; each sentence is read by the rules
    of its own language: zh where CJK characters are at least as many as Latin letters.
    """
    runs: list[tuple[int, int, str]] = []
    for start, end in sents:
        piece = text[start:end]
        cjk, latin = len(_CJK_CHAR.findall(piece)), len(_LATIN_LETTER.findall(piece))
        if not cjk or not latin:
            lang = "zh" if cjk else "en" if latin else default
        else:
            lang = default if cjk + latin < MIN_LETTERS else ("zh" if cjk >= latin else "en")
        if runs and runs[-1][2] == lang:
            runs[-1] = (runs[-1][0], end, lang)
        else:
            runs.append((runs[-1][1] if runs else 0, end, lang))
    if not runs:
        return [(0, len(text), default)]
    runs[-1] = (runs[-1][0], len(text), runs[-1][2])
    return runs


def _mentions(
    text: str, segments: list[tuple[int, int, str]] | None
) -> Iterator[tuple[Mention, bool]]:
    """Every number, scanned by its sentence's language, with whether that language is zh."""
    if segments is None:
        for m in scan(text, "en"):
            yield m, False
        return
    for start, end, lang in segments:
        for m in scan(text[start:end], lang):
            yield replace(m, start=m.start + start, end=m.end + start), lang == "zh"


def extract(document: Document) -> list[Metric]:
    """Every figure the document states as a result, in text order, with its provenance."""
    original = document.text
    has_cjk = _CJK_CHAR.search(original) is not None
    # decisions read a simplified shadow (same length); spans and surfaces come from the original
    text = simplified_shadow(original) if has_cjk else original
    sents = sentence_spans(text)
    sent_starts = [s for s, _ in sents]
    quotes = _quoted_spans(text)
    quote_starts = [s for s, _ in quotes]
    out: list[Metric] = []
    sentence_of: list[int] = []  # index of each figure's sentence
    clauses: list[str] = []  # the clause before each figure
    segments = language_segments(text, sents, document.language or "en") if has_cjk else None
    opening = text[: sents[min(len(sents), OPENING_SENTENCES) - 1][1]] if sents else ""
    report = report_units(opening, text)
    annual = document.period == "annual" and _annual_opening(opening)
    themes = _themes(text, sents)
    for m, zh_here in _mentions(text, segments):
        i = max(0, bisect.bisect_right(sent_starts, m.start) - 1)
        sent = sents[i] if sents else (0, len(text))
        if not (sent[0] <= m.start < max(sent[1], m.start + 1)):
            sent = (m.start, m.end)
        sent = _clip(text, sent, m)
        c = _window(text, m.start, m.end, sent)
        if _inside(quotes, quote_starts, m.start, m.end):
            continue
        cjk_here = zh_here and (m.script == "cjk" or _CJK_ANY.search(c.after[:2] + c.before[-2:]))
        if cjk_here:
            if _reject_zh(m, c):
                continue
            qualifier, glued = _qualifier_zh(m, c), False
            change, direction, baseline = _change_zh(m, c)
            unit = _unit_zh(m, c)
            counted = _counted_zh(m, c, unit)  # in the simplified shadow, for the lexicon
        else:
            if _reject_en(m, c):
                continue
            qualifier, glued = _qualifier_en(m, c)
            change, direction, baseline = _change_en(m, c)
            unit = _unit_en(m, c)
            counted = _counted_en(m, c, unit)
        change, direction = signed(m, change, direction)  # 同比增长-5.6% is a fall
        if not change:
            baseline = None
        value, rule, conf, note = _check_percent(m, change, direction, c.clause_before)
        if _SLASH_BEFORE.search(c.before) and not rule:
            fix = repair.stray_slash(value)
            rule, conf, note = fix.rule, fix.confidence, fix.note
        if (
            not rule
            and unit == "count"
            and not float(value).is_integer()
            and not _MAGNITUDE_WORD.search(m.text)
        ):
            fix = repair.fractional_count(value)
            rule, conf, note = fix.rule, fix.confidence, fix.note
        if glued and not rule:
            rule, conf, note = "glued_words", 0.9, "words glued to the number by lost spacing"
        value, rule, conf, note = repair.bounded(value, unit, rule, conf, note)
        clause = f"{c.clause_before} {c.clause_after}"
        before_in_sentence = text[sent[0] : m.start]
        key = indicator_of(
            unit, change, counted, c.clause_before, c.clause_after, before_in_sentence
        )
        topic = classify(counted, clause, c.sentence)
        if key and topic == "other":
            topic = indicator_topics()[key]
        if topic == "other" and names_no_topic(f"{counted} {clause}"):
            topic = _theme_at(themes, m.start)  # the section's, else the report's own
        whose = scope_of(before_in_sentence, unit, document.region, bool(cjk_here), report)
        if baseline is None and change:
            baseline = _other_baseline(c, bool(cjk_here))
        if baseline is None and change:
            opened = _full_sentence_start(text, sent[0])  # "…, down 12.5% year on year; 41 …"
            baseline = _implied_baseline(text[opened : m.start], bool(cjk_here), document, annual)
        counted = _in_original(counted, text, original, sent)
        scope_name = _in_original(whose.name or "", text, original, sent) or None
        sentence_of.append(i)
        clauses.append(c.clause_before)
        out.append(
            Metric(
                doc_id=document.doc_id,
                start=m.start,
                end=m.end,
                text=original[m.start : m.end],
                value=value,
                unit=unit,
                counted=counted,
                indicator=key,
                scope=whose.scope,
                scope_name=scope_name,
                topic=topic,
                change=change,
                direction=direction,
                baseline=baseline,
                qualifier=qualifier,
                repaired=rule,
                confidence=conf,
                sentence=original[sent[0] : sent[1]].strip(),
                region=document.region,
                year=document.year,
                period=document.period,
                language=("zh" if zh_here else "en") if segments else document.language,
                note=note,
            )
        )

    def decide(metric: Metric, subject: str, sentence_before: str) -> Metric:
        """The figure re-read with `subject` (a listed subject, in the shadow) as what it counts;
        its sentence so far says what kind ("电诈案件发案数、损失数……": fraud losses)."""
        key = indicator_of(metric.unit, metric.change, subject, "", context=sentence_before)
        topic = classify(subject, "", metric.sentence)
        if key and topic == "other":
            topic = indicator_topics()[key]
        elif topic == "other":
            topic = metric.topic  # "provoking trouble" says no topic: the sentence's stays
        at = text.find(subject, max(0, metric.start - 2 * SENTENCE_CAP), metric.start)
        written = original[at : at + len(subject)] if at >= 0 else subject
        return replace(metric, counted=written, indicator=key, topic=topic)

    out = spread(out, sentence_of, text, sents, decide)
    out = _found_then_resolved(out, sentence_of, clauses)
    out = carry(out, sentence_of, text)
    return _carry_benchmarks(out, sentence_of)


HEADING_CHARS = 30  # a line this short, with no sentence mark, heads a section
#: the topics a section or a report can lend its figures: those of the standard measures (a
#: heading on team building says nothing of the stations and staff counted under it)
THEMES = frozenset({"crackdown", "disputes", "traffic", "prevention"})


def _themes(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """(start, topic) of the report's own theme (its first sentence, often the title) and of
    each section heading after it, where they name a topic: a figure whose own words name none
    belongs to its section's ("打击网络电信诈骗" ... "惩戒人员9812人"), else to the report's."""
    themes: list[tuple[int, str]] = []
    if sents:
        s0, s1 = sents[0]
        first = theme(text[s0:s1])
        if first in THEMES:
            themes.append((0, first))
    for line in _LINE.finditer(text):
        heading = line.group().strip()
        if heading and len(heading) <= HEADING_CHARS and not _SENTENCE_MARK.search(heading):
            topic = theme(heading)
            if topic in THEMES:
                themes.append((line.start(), topic))
    return themes


def _theme_at(themes: list[tuple[int, str]], pos: int) -> str:
    """The topic of the last theme starting before `pos`, else "other"."""
    i = bisect.bisect_right([start for start, _ in themes], pos) - 1
    return themes[i][1] if i >= 0 else "other"


_LINE = re.compile(r"[^\n]+")
_SENTENCE_MARK = re.compile(r"[。！？；，,;!?]|\.\s|\.$")


_INVESTIGATED = re.compile(r"investigat|identif|screen|排查|摸排|受理", re.I)


def _found_then_resolved(
    metrics: list[Metric], sentence_of: list[int], clauses: list[str]
) -> list[Metric]:
    """ "investigated and resolved 125 disputes, and resolved 120": the first count is the
    disputes found, when a later count in the sentence is the ones resolved."""
    out = list(metrics)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (
            sentence_of[i] == sentence_of[i + 1]
            and a.indicator == b.indicator == "disputes_resolved"
            and a.unit == b.unit == "count"
            and _INVESTIGATED.search(clauses[i])
            and not _INVESTIGATED.search(clauses[i + 1])
        ):
            out[i] = replace(a, indicator="disputes_found")
    return out


def _carry_benchmarks(metrics: list[Metric], sentence_of: list[int]) -> list[Metric]:
    """A benchmark measures what the figure it is compared with measures.

    "a loss rate of 0.11%, lower than the national (0.25%)": the national figure names no
    measure of its own; it takes the indicator of the figure before it in the same sentence.
    """
    out = list(metrics)
    for i, m in enumerate(out):
        if m.scope != ELSEWHERE or m.indicator is not None or i == 0:
            continue
        prev = out[i - 1]
        if sentence_of[i] == sentence_of[i - 1] and prev.unit == m.unit and prev.indicator:
            out[i] = replace(m, indicator=prev.indicator, topic=prev.topic)
    return out
