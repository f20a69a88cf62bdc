"""The English rules of a figure: is it a figure, its qualifier, change, unit and what it counts.

Machine translations of Chinese reports are read here; the vocabulary is `kit/lexicon/en.toml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kit.figures.mentions import Mention
from kit.figures.structure import CLAUSE_SEP, Context, tail
from kit.lexicon import alternation, in_order, load
from kit.lexicon.prefilter import may_end, may_hold, opening

YEAR_RANGE = range(1949, 2101)
PHONE_NUMBERS = frozenset(load("numbers")["codes"]["phone_numbers"])
_EN = load("en")
PLAN_MAX = _EN["reject"]["plan_max"]

SLASH_BEFORE = re.compile(r"\d/$")
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
_DIGITS_AND_SPACES = re.compile(r"[\d\s]+")
_OF_PHRASE_AFTER = re.compile(r"^\s+of\s+(?!the\b)")
_SPACES = re.compile(r"[ \u00a0]+")
_CAMEL_GLUE = re.compile(r"[a-z][A-Z]")

_RATE_PHRASE = re.compile(
    rf"((?:[\w'-]+\s+){{0,3}}(?:{in_order(_EN['counted']['rate_nouns'])}))$", re.I
)


@dataclass(frozen=True)
class _En:
    ordinal_after: re.Pattern[str]
    reject_before: re.Pattern[str]
    threshold_before: re.Pattern[str]
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
def vocab() -> _En:
    lex = load("en")
    q, c, r = lex["qualifier"], lex["change"], lex["reject"]
    a = alternation
    I = re.IGNORECASE  # noqa: E741
    o = opening  # a lookahead of an alternation's first characters: its positions tried fast
    direction = a(c["up"] + c["down"])
    between = a(c["between"])
    return _En(
        ordinal_after=re.compile(r"^(?:st|nd|rd|th)\b"),
        reject_before=re.compile(rf"(?<![\w]){o(a(r['before']))}(?:{a(r['before'])})\s*$"),
        threshold_before=re.compile(rf"\b(?:{a(r['threshold_before'])})\s*$", I),
        duration_after=re.compile(rf"^(?:\s*-\s*|\s+)(?:{a(r['duration'])})(?![a-z-])"),
        month_near=re.compile(rf"\b{o(a(r['months']))}(?:{a(r['months'])})\.?\s+$"),
        month_after=re.compile(rf"^(?:st|nd|rd|th)?,?\s+(?:of\s+)?(?:{a(r['months'])})\b"),
        plan_noun=re.compile(rf"^\s*(?:[\w-]+\s+){{0,3}}?(?:{a(r['plan_nouns'])})\b(?!-)", I),
        count_unit=re.compile(rf"^\s*(?:[\w-]+\s+)?(?:{a(r['count_units'])})\b", I),
        more_before=re.compile(
            rf"{o(a(q['more_than_before']))}(?:{a(q['more_than_before'])})\s*$", I
        ),
        nearly_before=re.compile(
            rf"\b{o(a(q['nearly_before']))}(?:{a(q['nearly_before'])})\s*$", I
        ),
        least_before=re.compile(
            rf"\b{o(a(q['at_least_before']))}(?:{a(q['at_least_before'])})\s*$", I
        ),
        more_after=re.compile(rf"^\s*(?:{a(q['more_than_after'])})\b", I),
        # `\b` and the first letters first: the lookbehinds (all at one position) run only at
        # the start of a word that may be a direction word
        dir_before=re.compile(
            r"\b"
            + o(direction)
            + "".join(f"(?<!{verb} )" for verb in c["not_after"])
            + rf"(?P<dir>{direction})(?:\s+(?:{between}))*\s*$",
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
        phone_before=re.compile(rf"\b{o(a(r['phone_before']))}(?:{a(r['phone_before'])})\s*$", I),
        plan_clause=re.compile(rf"\b{o(a(r['plan_words']))}(?:{a(r['plan_words'])})\b", I),
        other_after=re.compile(rf"^\s*(?:{a(lex['unit']['other'])})(?![\w])", I),
        stop=frozenset(lex["counted"]["stop"]),
        trail=re.compile(rf"(?:\s|^)(?:{a(lex['counted']['trail'])})\s*$", I),
        lead=re.compile(rf"^(?:{a(lex['counted']['lead'])})\s+", I),
    )


def reject(m: Mention, c: Context) -> str | None:
    en = vocab()
    b, a = c.before, c.after
    if m.repaired and m.repaired != "split_digits":
        return None
    if en.ordinal_after.match(a):
        return "ordinal"
    stray_slash = tail(SLASH_BEFORE, b, 3) and m.value >= 100
    if (tail(_DATE_SEP_BEFORE, b, 3) or _DATE_SEP_AFTER.match(a)) and not stray_slash:
        return "date or code"
    if _PLUS_BEFORE.search(b) or _PLUS_DIGIT_AFTER.match(a):
        return "name (1+1+5)"
    if tail(_CALL_BEFORE, b, 3):
        return "code (a call like alert(1))"
    if tail(en.month_near, b) or en.month_after.match(a):
        return "date"
    if b.rstrip().endswith(_RANGE_ENDS) and tail(_MONTH_RANGE, b):
        return "date"  # "from May 1 to 4"
    if tail(en.reject_before, b):
        return "label or rate base"
    # every threshold ends in a qualifier ("with more than", "over", "at least"): checked first
    if b.rstrip().endswith(_QUALIFIER_ENDS) and tail(en.threshold_before, b):
        return "threshold (a class of events)"
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
    if (
        m.unit == "count"
        and m.value in PHONE_NUMBERS
        and not m.qualifier
        and (en.phone_after.match(a) or tail(en.phone_before, b))
    ):
        return "telephone number"
    if _year_after_in(m, b):
        return "year"
    is_int = float(m.value).is_integer()
    if (
        m.unit == "count"
        and is_int
        and int(m.value) in YEAR_RANGE
        and "," not in m.text
        and not (m.repaired == "split_digits" and _COUNT_UNIT_FAR.match(a))
        and not en.count_unit.match(a)
        and not (tail(en.more_before, b) or tail(en.nearly_before, b))
    ):
        return "year"
    if m.unit == "count" and m.value < PLAN_MAX and en.plan_noun.match(a):
        return "plan structure"
    if _RATIO_AFTER.match(a):
        return "ratio"
    return None


_IN_YEAR_BEFORE = re.compile(rf"\b(?:{in_order(_EN['reject']['year_after'])})\s+$", re.IGNORECASE)


# "checked 20 13 overloaded freight vehicles": a split number before its count's unit (two
# words may stand between) is a count; "20 14 Public Security Work Plan" stays a year
_COUNT_UNIT_FAR = re.compile(
    rf"^\s*(?:[\w-]+\s+){{0,2}}(?:{in_order(_EN['reject']['count_units'])})\b", re.I
)
_RANGE_ENDS = ("to", "-", "–", "through", "until")
_QUALIFIER_ENDS = ("than", "over", "least")
# the end of a span of days: "from May 1 to 4"
_MONTH_RANGE = re.compile(
    rf"\b(?:{in_order(_EN['reject']['months'])})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?"
    r"\s*(?:to|-|–|through|until)\s*$"
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


def qualifier(m: Mention, c: Context) -> tuple[str | None, bool]:
    """The qualifier, and whether words were glued onto it by lost spacing."""
    en = vocab()
    if m.qualifier:
        return m.qualifier, False
    b = c.before
    hit = tail(en.more_before, b)
    if hit:
        glued = hit.start() > 0 and b[hit.start() - 1].isalpha()
        return "more_than", glued
    if tail(en.least_before, b):
        return "at_least", False
    if tail(en.nearly_before, b):
        return "nearly", False
    if en.more_after.match(c.after):
        return "more_than", False
    return None, False


def change(m: Mention, c: Context) -> tuple[bool, str | None, str | None]:
    en = vocab()
    before = c.clause_before
    if m.repaired == "split_decimal_around_phrase":
        before = c.before  # the phrase sits inside the surface; look further back
    hit = tail(en.dir_before, before, 80)
    if not hit:
        hit = en.dir_after.match(c.after)
    if not hit:
        if m.repaired == "orphaned_decimals":
            hit = en.dir_before.search(c.before.rstrip(". "))
        if not hit:
            return False, None, None
    word = hit.group("dir")
    comparative = word.lower() in _COMPARATIVE
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


_COMPARATIVE = frozenset(_EN["change"]["comparative"])
_THAN_PERIOD = re.compile(
    rf"^\s*(?:{in_order(_EN['change']['comparative'])})\s+than\s+"
    rf"(?:(?:{in_order(_EN['change']['than_in'])})\s+)?"
    rf"(?:{in_order(_EN['change']['than_period'])})",
    re.I,
)


_ADJECTIVE = re.compile(rf"(?:{in_order(_EN['counted']['adjective_endings'])})$", re.I)
_COPULA = frozenset(_EN["counted"]["copula"])


@cache
def _parts_of() -> re.Pattern[str]:
    """ "of which", "among them" right before a figure (`lexicon/en.toml` [context])."""
    return re.compile(rf"\b(?:{alternation(load('en')['context']['parts_of'])})\s*$", re.I)


_UNIT_WORD_LEAD = re.compile(r"^\s*(?:yuan|RMB|kg|tons?)\b", re.I)
_CLASSIFIERS = frozenset(_EN["counted"]["classifiers"])
_WORD = re.compile(r"\"[^\"]{1,40}\"|“[^”]{1,40}”|[A-Za-z][\w'-]*")


def counted(m: Mention, c: Context, unit: str) -> str:
    en = vocab()
    if m.repaired == "digits_after_noun":
        return _DIGITS_AND_SPACES.sub("", m.text)
    of_phrase = unit in ("percent", "pp") and _OF_PHRASE_AFTER.match(c.after)
    if unit in ("count", "yuan", "other") or of_phrase:
        words: list[str] = []
        rest = c.after
        rest = _UNIT_WORD_LEAD.sub("", rest)
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
        clauses = CLAUSE_SEP.split(c.before)
        phrase = _phrase_before(clauses[-2]) if len(clauses) > 1 else ""
    return phrase


_TRAILING_NUMBER = re.compile(r"[\d.,%]+\s*$")
_TRAILING_QUALIFIER = re.compile(
    rf"\b(?:{in_order(_EN['counted']['trailing_qualifier'])})\s*$", re.I
)
_FIGURE = re.compile(r"\d[\d,.]*%?\s*")
_VERB_AND = re.compile(rf"\b(?:{in_order(_EN['counted']['verb_and'])})\s+\w+ed\s+and\s+")


def _phrase_before(phrase: str) -> str:
    """The noun phrase ending a clause, without its trailing verb and prepositions."""
    en = vocab()
    last = phrase.rstrip()[-1:]
    if last and (last in ".,%" or last.isdecimal()):  # where _TRAILING_NUMBER can match
        phrase = _TRAILING_NUMBER.sub("", phrase)
    for _ in range(6):
        hit = tail(en.trail, phrase)
        if hit is None:
            break
        phrase = phrase[: hit.start()].rstrip(" ,")
    if may_end(_TRAILING_QUALIFIER, phrase):
        phrase = _TRAILING_QUALIFIER.sub("", phrase)
    phrase = phrase.strip()
    after_figure = _FIGURE.split(phrase)[-1].strip()
    if after_figure:
        phrase = after_figure
    # "53 cases were detected and criminal suspects 10458": the noun after the last verb
    if may_hold(_VERB_AND, phrase):
        phrase = _VERB_AND.split(phrase)[-1] or phrase
    rate = _RATE_PHRASE.search(phrase) if may_end(_RATE_PHRASE, phrase) else None
    if rate:
        phrase = rate.group(1)
    tokens = phrase.split()[-8:]
    phrase = " ".join(tokens)
    for _ in range(3):
        phrase = en.lead.sub("", phrase)
    return phrase.strip(" \"'")


# quotes end no clause: "“盗窃”类警情共接报16234起" counts theft reports
def unit(m: Mention, c: Context) -> str:
    if m.unit != "count":
        return m.unit
    en = vocab()
    if en.yuan_after.match(c.after) or tail(en.yuan_before, c.before):
        return "yuan"
    if en.other_after.match(c.after):
        return "other"
    if (
        not float(m.value).is_integer()
        and _INDEX.search(c.sentence)
        and not en.count_unit.match(c.after)
    ):
        return "other"  # "the congestion index fell to 1.57": an index's value, no count
    return "count"


_INDEX = re.compile(rf"\b(?:{in_order(_EN['unit']['index'])})\b", re.I)


__all__: list[str] = []  # everything here serves its own package
