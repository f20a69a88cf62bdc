"""Numbers as pages write them: the patterns of the scanner and what each match reads as.

Each rule is (pattern, handler, group giving the span, cheap pre-check). Damage patterns of
machine translations come first and claim their spans ("a mediation rate of 986%", "1.2 10,000
yuan"); the plain Latin and Chinese number patterns then take what is left. A handler returns the
fields of a `Mention`, a list of them (two counts run together), `SKIP` (a time of day, a code:
no number) or None (not a number after all).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from kit.figures import numerals, repair
from kit.figures.prechecks import (
    Check,
    any_literal,
    digit_more_or_over,
    digit_point_space_digit,
    glued_digit,
    literal_then,
    search,
    separator_digit,
)
from kit.figures.repair import Repair
from kit.lexicon import load

_NUMBERS = load("numbers")
_SIGNS = _NUMBERS["signs"]
_MINUS = "".join(_SIGNS["minus"]).replace("-", r"\-")
_INVISIBLE = "".join(chr(int(c[2:], 16)) for c in _SIGNS["invisible"])
_NARROW = "".join(chr(int(c[2:], 16)) for c in _SIGNS["narrow_space"])
CODE_DIGITS: int = _NUMBERS["codes"]["min_digits"]
# full-width digits and point (１２．５) read as ASCII when a value is computed
_ASCII = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)} | {"．": "."})
# inline pinyin a traditional-converted page puts after a character, even inside a number: 萬(wàn)
_PY = r"(?:\([a-zA-Z\u00c0-\u024f\u1e00-\u1eff]{1,8}\))?"

_TRAD_NUMERALS = str.maketrans({"萬": "万", "億": "亿", "兩": "两", "餘": "余", "〇": "零"})
_MULTIPLIERS = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    # 万 and 亿 read out word by word by a translation: "3.5 ten thousand", "1.2 hundred million"
    "ten thousand": 1e4,
    "hundred thousand": 1e5,
    "ten million": 1e7,
    "hundred million": 1e8,
    "十": 10,
    "百": 100,
    "千": 1e3,
    "万": 1e4,
    "亿": 1e8,
}

# English percent / percentage-point words, shared by several patterns
_PCT = r"\s?[%％]|\s*percent\b|\s*per cent\b"
_PP = r"\s*percentage points?\b"


#: a handler's answer that claims its span and yields no mention (a time of day, a code)
SKIP: dict = {}


def _to_float(digits: str) -> float:
    return float(digits.translate(_ASCII).replace(",", "").replace("，", "").replace(" ", ""))


def _baseline_of(phrase: str) -> str | None:
    p = phrase.lower()
    if "year" in p:
        return "yoy"
    if "month" in p or "previous" in p or "last period" in p:
        return "mom"
    return None


def _unit_of(word: str | None) -> str:
    if not word:
        return "count"
    return "pp" if "point" in word or "百分点" in word or "百分點" in word else "percent"


def _apply(mention_kw: dict, fix: Repair) -> dict:
    mention_kw.update(value=fix.value, repaired=fix.rule, confidence=fix.confidence, note=fix.note)
    return mention_kw


# ---- digits that are no number: a time of day, a code ---------------------------------------

_CLOCK = re.compile(r"\d(?<![\d:]\d)\d?:\d{2}(?::\d{2})?(?![\d:])")


def _is_code(digits: str) -> bool:
    """An ungrouped run of 11+ digits is a mobile number, an identity card or a bank card:
    claimed so that no part of it is read as a figure."""
    return len(digits) >= CODE_DIGITS and digits.isdigit()


def _clock(m: re.Match) -> dict | None:
    """A time of day (15:23:54, a page's publication stamp) is no figure; 3:50 is no time."""
    hours, minutes = m[0].split(":")[:2]
    return SKIP if int(hours) < 24 and int(minutes) < 60 else None


# ---- a minus sign, a range ------------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d{1,18})(?:[.．]\d{1,18})?"
_PCT_OR_PP = rf"(?:\s?[%％]|[个個]{_PY}百分[点點]{_PY}|\s*percentage points?\b|\s*per ?cent\b)"
# placed after the sign (a pattern that starts with a character class is searched fast)
_NOT_BEFORE_SIGN = rf"(?<![A-Za-z\d.,．%％)）\]{_MINUS}][{_MINUS}])"
_SIGNED = re.compile(
    rf"[{_MINUS}]{_NOT_BEFORE_SIGN}(?P<num>{_NUM})(?![\d.．])(?P<unit>{_PCT_OR_PP})"
)


def _signed(m: re.Match) -> dict:
    return dict(
        unit=_unit_of(m["unit"]),
        value=_to_float(m["num"]),
        negative=True,
        note=f"written with a minus sign ('{m[0].strip()}'): a change the other way",
    )


def _alternatives(chars: list[str]) -> str:
    return "|".join(re.escape(c) for c in chars)


_TO_PCT = _alternatives(_SIGNS["range_percent"])
_TO_COUNT = _alternatives(_SIGNS["range_count"])
_BOUND = r"\d{1,6}(?:[.．]\d{1,4})?"
_NOT_BEFORE_RANGE = rf"(?<![A-Za-z\d.,．~～〜{_MINUS}]\d)"
_RANGE_PERCENT = re.compile(
    rf"(?P<a>\d{_NOT_BEFORE_RANGE}\d{{0,5}}(?:[.．]\d{{1,4}})?)(?:\s?[%％])?\s?(?:{_TO_PCT})\s?"
    rf"(?P<b>{_BOUND})(?![\d.．])(?P<unit>{_PCT_OR_PP})"
)
_RANGE_COUNT = re.compile(
    rf"(?P<a>\d{_NOT_BEFORE_RANGE}\d{{0,5}})\s?(?:{_TO_COUNT})\s?(?P<b>\d{{1,6}})"
    r"(?![\d.．%％])(?=\s?[\u4e00-\u9fff]|\s+[A-Za-z])"
)


_FROM_BEFORE = re.compile(r"[从從由]\s*$")


def _range(m: re.Match) -> dict | None:
    """10-20%, １０～２０％, 3至5人: the lower bound, `at_least`, the range in the note
    (as for 三五千)."""
    low, high = _to_float(m["a"]), _to_float(m["b"])
    if not low < high or (low >= 1900 and high <= 2100 and m["a"].isdigit()):
        return None  # not a range (20-10), or a span of years (2016至2020年)
    if _FROM_BEFORE.search(m.string, max(0, m.start() - 3), m.start()):
        return None  # 从35.9%至51.4%: two levels, from one to the other
    unit = _unit_of(m["unit"]) if m.groupdict().get("unit") else "count"
    written = {"percent": f"{low:g}%–{high:g}%", "pp": f"{low:g}–{high:g} percentage points"}
    return dict(
        unit=unit,
        value=low,
        qualifier="at_least",
        note=f"a range ({written.get(unit, f'{low:g}–{high:g}')}); its lower bound is reported",
    )


# ---- damage patterns (English translations) ------------------------------------------------
# A lookbehind is placed after the first digit (`\d(?<![\d.,]\d)`), never first: a pattern that
# starts with a digit lets the regex engine skip straight to digits, several times faster.

_SPLIT_DECIMAL = re.compile(
    r"(?P<int>\d(?<![\d.,]\d)\d{0,17})\s+(?P<pre>(?:percent|percentage points?)\s+)?"
    r"(?P<phrase>[A-Za-z][A-Za-z\- ]{1,40}?[a-z])(?P<dec>\d{1,18})(?P<unit>"
    + _PCT
    + "|"
    + _PP
    + ")"
)


def _split_decimal(m: re.Match) -> dict:
    unit = _unit_of((m["pre"] or "") + m["unit"])
    kw = dict(unit=unit, baseline=_baseline_of(m["phrase"]))
    return _apply(kw, repair.split_decimal_around_phrase(m["int"], m["dec"]))


_MANGLED_ZERO = re.compile(r"\(0\.\)\.(?P<dec>\d{1,18})\s*%")


def _mangled_zero(m: re.Match) -> dict:
    return _apply(dict(unit="percent"), repair.mangled_leading_zero(m["dec"]))


_WAN_REMAINDER = re.compile(
    r"(?P<head>\d(?<![\d.,]\d)\d{0,17})(?P<q>[Mm]ore than|[Oo]ver)\s+"
    r"(?P<tail>\d{1,3}(?:,\d{3})+|\d{1,18})(?:\s*(?P<mult>million|billion))?"
)


def _wan_remainder(m: re.Match) -> dict:
    mult = _MULTIPLIERS.get(m["mult"] or "", 1.0)
    kw = dict(unit="count", qualifier="more_than")
    return _apply(kw, repair.split_wan_remainder(m["head"], m["tail"], mult))


_ORPHANED = re.compile(
    r"(?:year-on-year|month-on-month)\.\s+(?P<num>(?P<d>\d{1,18})\s*%)", re.IGNORECASE
)


def _orphaned(m: re.Match) -> dict:
    kw = dict(unit="percent", baseline=_baseline_of(m[0]))
    return _apply(kw, repair.orphaned_decimals(m["d"]))


_AFTER_NOUN = re.compile(
    r"(?P<head>\d(?<![\d.,\w]\d)\d{0,17})\s+(?P<noun>[a-z]{3,})(?P<tail>\d{1,18})(?![\d%.,]|\s*percent)"
)


def _after_noun(m: re.Match) -> dict:
    return _apply(dict(unit="count"), repair.digits_after_noun(m["head"], m["noun"], m["tail"]))


_DECIMAL_SPACE = re.compile(
    r"(?P<int>\d(?<![\d.,]\d)\d{0,17})\.[ \u00a0](?P<dec>\d{1,18})(?P<unit>\s?[%％])"
)


def _decimal_space(m: re.Match) -> dict:
    return _apply(dict(unit="percent"), repair.split_decimal_point(m["int"], m["dec"]))


_LOST_DECIMALS = re.compile(r"(?P<int>\d(?<![\d.,]\d)\d{0,17})\.(?P<unit>[%％])")


def _lost_decimals(m: re.Match) -> dict:
    return _apply(dict(unit="percent"), repair.lost_decimal_digits(m["int"]))


_WAN_WORDS = re.compile(
    r"(?P<head>\d(?<![\d.,]\d)\d{0,17}(?:\.\d{1,18})?)[ \u00a0]+"
    r"(?P<unit>10,000|100 million)(?![\d,])"
)


def _wan_words(m: re.Match) -> dict:
    return _apply(dict(unit="count"), repair.wan_as_words(m["head"], m["unit"]))


_GLUED_LEFT = re.compile(
    r"(?<=[a-z])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,18})?|\d{1,18}(?:\.\d{1,18})?(?=\s?[%％]))(?P<unit>\s?[%％])?"
)


def _glued_left(m: re.Match) -> dict:
    kw: dict = dict(unit=_unit_of(m["unit"]), value=_to_float(m["num"]))
    fix = repair.glued_words("word")
    assert fix is not None
    kw.update(repaired=fix.rule, confidence=fix.confidence, note="a word is glued to the number")
    return kw


_BROKEN_GROUP = re.compile(
    r"\d(?<![\w.,]\d)\d{0,2},\d{1,2}(?![\d,.])(?=\s+(?!(?:and|or|to)\b)[A-Za-z])"
)
# "Articles 12,13 of the law", "sections 3,4": a list of labels, not a damaged count
_LABELS_BEFORE = re.compile(
    r"\b(?:articles?|sections?|chapters?|paragraphs?|items?|pages?|lines?|nos?\.)\s*$",
    re.IGNORECASE,
)


def _broken_group(m: re.Match) -> dict | None:
    if _LABELS_BEFORE.search(m.string, max(0, m.start() - 12), m.start()):
        return None
    return _apply(dict(unit="count"), repair.broken_grouping(m[0]))


_COMPOUND = re.compile(
    r"(?P<a>\d(?<![\w.,]\d)\d{0,3}(?:\.\d{1,4})?)\s+(?P<m1>billion|million|thousand)\s+(?:and\s+)?"
    r"(?:(?P<b>\d{1,3})\s+(?P<m2>million|thousand)\b"
    # "5 thousand 930" (5千930): the hundreds read out after the thousands, no multiplier after
    r"|(?P<c>\d{3})(?![\d.,]\d|\s*(?:%|％|percent|per cent|hundred|thousand|million|billion)))"
)


def _compound(m: re.Match) -> dict | None:
    """ "2 million 400 thousand" is 2,400,000 (240万 read out digit group by digit group);
    "5 thousand 930" is 5,930."""
    if m["c"] is not None:
        if m["m1"] != "thousand" or "." in m["a"]:
            return None  # "2 million 400" names no magnitude for its rest
        return dict(unit="count", value=float(int(m["a"]) * 1000 + int(m["c"])))
    high, low = _MULTIPLIERS[m["m1"]], _MULTIPLIERS[m["m2"]]
    rest = int(m["b"]) * low
    if low >= high or rest >= high:
        return None
    return dict(unit="count", value=float(Decimal(m["a"]) * Decimal(high) + Decimal(rest)))


_TIMES = re.compile(r"(?P<num>\d(?<![\w.,]\d)\d{0,5}(?:\.\d{1,4})?)(?:\s+times\b|-?\s?fold\b)")
_TIMES_BEFORE = re.compile(
    r"\b(?:increas\w*|rose|risen|rises?|grew|grown|grows?|growth|up|jump\w*|expand\w*|"
    r"multipl\w*|surg\w*|soar\w*)\s+(?:(?:by|of)\s+)?"
    r"(?:(?:about|nearly|almost|over|more than)\s+)?$",
    re.IGNORECASE,
)
_TIMES_AFTER = re.compile(
    r"\s*(?:that|those|as (?:much|many|high|large)|higher|more|larger|greater|faster|over)\b",
    re.IGNORECASE,
)


def _times(m: re.Match) -> dict | None:
    """ "rose 2.4 times", "a 3-fold increase": a multiple (unit other), the number as written.
    "inspected 3 times" is a count of occasions and is left to the plain pattern."""
    before = m.string[max(0, m.start() - 40) : m.start()]
    if "fold" not in m[0] and not (
        _TIMES_BEFORE.search(before) or _TIMES_AFTER.match(m.string, m.end())
    ):
        return None
    return dict(unit="other", value=_to_float(m["num"]), note="a multiple ('times')")


# ---- plain numbers -------------------------------------------------------------------------

_LATIN = re.compile(
    # a group after a space joins only when no letter follows it ("3 4A-level spots" is 3)
    r"(?P<num>\d(?<![\w.]\d)\d{0,17}(?:[ \u00a0]\d{1,18}(?![\dA-Za-z]))*(?:,\d{3})*(?:\.\d{1,18})?)"
    r"(?!\d)"
    r"(?:\s*(?P<mult>(?:(?:ten|hundred)\s+)?(?:thousand|million)|billion|trillion)\b)?"
    r"(?:(?P<unit>" + _PCT + "|" + _PP + r"))?"
)


_SPACES = re.compile(r"[ \u00a0]")


def _latin(m: re.Match) -> dict | list:
    raw = m["num"]
    if _is_code(raw):
        return SKIP
    groups = _SPACES.split(raw) if " " in raw or "\u00a0" in raw else [raw]
    kw: dict = dict(unit=_unit_of(m["unit"]))
    if len(groups) > 1:
        if _run_together(groups) and not m["unit"] and not m["mult"]:
            return _split_run(m, groups)
        fix = repair.split_digits(groups)
        kw = _apply(kw, fix)
        kw["joined"] = True
        value = fix.value
    else:
        value = _to_float(raw)
        if kw["unit"] == "percent" and raw.startswith("0") and len(raw) > 1 and raw.isdigit():
            return _apply(kw, repair.dropped_leading_zero_point(raw))
    if m["mult"]:  # exact: 5.35 million is 5,350,000, never 5349999.999999999
        mult = _MULTIPLIERS[" ".join(m["mult"].split())]
        value = float(Decimal(repr(value)) * Decimal(mult))
    kw["value"] = value
    return kw


def _run_together(groups: list[str]) -> bool:
    """ "412 905": two or three digits, then groups of exactly three, is two counts run together
    or one number spaced in thousands; "30 19" and "8 167" are one number split by a space."""
    head, rest = groups[0], groups[1:]
    return 2 <= len(head) <= 3 and head.isdigit() and all(len(g) == 3 for g in rest)


def _split_run(m: re.Match, groups: list[str]) -> list[tuple[int, int, dict]]:
    """Each group its own mention, all flagged: never one 412,905."""
    fix = repair.run_together(groups)
    parts, at = [], m.start("num")
    for group in groups:
        at = m.string.index(group, at)
        kw = _apply(dict(unit="count"), fix)
        kw["value"] = float(group)
        parts.append((at, at + len(group), kw))
        at += len(group)
    return parts


# Chinese: digits or Chinese numerals with their magnitudes (13万2千, 16.4亿, 十二点五), then 余/多
# and a unit; 百分之/千分之 before, 成 (tenths) after. A magnitude character that belongs to a
# unit (千克, 千米, 千瓦) is not a multiplier. Values come from `numerals`, in exact decimals.
_BIG = rf"[万萬亿億]{_PY}"
_MAG = rf"(?:[十百](?![克米瓦卡])|千(?![克米瓦卡])|{_BIG})"
# a magnitude, or 余/多 right before 万/亿 (十余万, 3千余万: more than, read as 十万, 3千万)
_MAGS = rf"(?:{_MAG}|[余多餘]{_PY}(?=[万萬亿億]))"
_CJK = re.compile(
    r"(?P<pre>百分之|千分之)?"
    r"(?P<num>(?<![\d.．])(?<!\d,)(?:\d{1,3}(?:,\d{3})+|\d{1,18})(?:[.．]\d{1,12})?(?![\d.]|．\d)"
    # 1.5 万, 3500余万, 1490余萬(wàn), 3千余万: a space or 余/多 may stand before 万/亿
    rf"(?:(?:[ \u00a0](?=[万萬亿億]))?{_MAGS}{{1,6}}"
    rf"(?:\d{{1,4}}(?:\.\d+)?{_MAG}{{0,4}})?)?"
    rf"|(?:[零〇○一二两兩三四五六七八九]{_PY}|{_MAG})(?:[零〇○一二两兩三四五六七八九]{_PY}|{_MAGS}){{0,23}}"
    rf"(?:[点點]{_PY}[零〇一二三四五六七八九]{{1,12}})?)"
    rf"(?P<more>[余多餘]{_PY})?"
    rf"(?P<unit>%|％|‰|[个個]{_PY}百分[点點]{_PY}|成(?![功立为為员員果效绩績本就熟长長都年交型不])"
    r"(?=[以左上下，,。；;、\s]|$|[\u4e00-\u9fff]))?"
)


def _cjk(m: re.Match) -> dict | None:
    if _is_code(m["num"]):
        return SKIP
    parsed = numerals.parse(m["num"])
    if parsed is None or (not m["more"] and _LONE_MAGNITUDE.fullmatch(m["num"])):
        return None  # 万 alone (万人大会) is a word; 百余, 万余 are numbers
    value, unit, pre = parsed.value, m["unit"] or "", m["pre"]
    kw: dict = dict(script="latin" if m["num"][0].isdigit() else "cjk")
    if pre == "百分之":
        kw["unit"] = "percent"
    elif pre == "千分之" or unit == "‰":
        kw["unit"], value = "percent", value / 10  # per mille, as percent
    elif unit == "成":
        if kw["script"] != "cjk" or value >= 10:
            return None  # 成 counts tenths of a whole: 两成, 近三成
        kw["unit"], value = "percent", value * 10
    else:
        kw["unit"] = _unit_of(unit) if unit else "count"
    kw["value"] = float(value)
    if parsed.range_text:
        kw["qualifier"] = "at_least"
        kw["note"] = f"a range ({parsed.range_text}); its lower bound is reported"
    elif m["more"] or _MORE_INSIDE.search(m["num"]):
        kw["qualifier"] = "more_than"
    return kw


_MORE_INSIDE = re.compile(r"[余多餘]")
_LONE_MAGNITUDE = re.compile(rf"(?:[百千]|{_BIG})")


Handler = Callable[[re.Match], "dict | list | None"]
# (pattern, handler, group giving the span, cheap pre-check: skip the pattern when it fails)
Rule = tuple[re.Pattern, Handler, str | None, Check | None]

#: no-numbers, signs and ranges first, in either language
FIRST: tuple[Rule, ...] = (
    (_CLOCK, _clock, None, search(re.compile(r":\d\d"))),
    (_SIGNED, _signed, None, None),  # starts with its sign: as fast as any pre-check
    (_RANGE_PERCENT, _range, None, separator_digit),
    (_RANGE_COUNT, _range, None, separator_digit),
)
_WAN_WORDS_AT = re.compile(r"\d[ \u00a0]+(?:10,000|100 million)")
EN_PATTERNS: tuple[Rule, ...] = (
    *FIRST,
    (_SPLIT_DECIMAL, _split_decimal, None, glued_digit),
    (_MANGLED_ZERO, _mangled_zero, None, any_literal("0.)")),
    (_WAN_REMAINDER, _wan_remainder, None, digit_more_or_over),
    (_ORPHANED, _orphaned, "num", search(re.compile(r"-on-(?:year|month)\.", re.I))),
    (_AFTER_NOUN, _after_noun, None, glued_digit),
    (_DECIMAL_SPACE, _decimal_space, None, digit_point_space_digit),
    (_WAN_WORDS, _wan_words, None, literal_then(("10,000", "100 million"), _WAN_WORDS_AT)),
    (_LOST_DECIMALS, _lost_decimals, None, any_literal(".%", ".％")),
    (_GLUED_LEFT, _glued_left, None, glued_digit),
    (_BROKEN_GROUP, _broken_group, None, search(re.compile(r",\d{1,2}(?![\d,.])"))),
    (
        _COMPOUND,
        _compound,
        None,
        literal_then(
            ("illion", "thousand"), re.compile(r"(?:billion|million|thousand)\s+(?:and\s+)?\d")
        ),
    ),
    (_TIMES, _times, None, any_literal("times", "fold")),
    (_LATIN, _latin, None, None),
)
ZH_PATTERNS: tuple[Rule, ...] = (*FIRST, (_CJK, _cjk, None, None), *EN_PATTERNS[len(FIRST) :])
#: where a pattern that opens with a lookbehind can start, for `finditer_at` (the regex engine
#: has no character to skip to in such a pattern, and tries it at every position)
STARTS: dict[re.Pattern, re.Pattern] = {_GLUED_LEFT: re.compile(r"\d(?<=[a-z]\d)")}

# characters inside a number that carry nothing: invisible ones between number characters,
# narrow spaces between digits (1 234)
HIDDEN = re.compile(f"[{_INVISIBLE}{_NARROW}]")
HIDDEN_IN_NUMBER = re.compile(
    rf"(?<=[\d.,．，])[{_INVISIBLE}]+(?=[\d.,．，%％万萬亿億余多餘])|(?<=\d)[{_NARROW}]+(?=\d)"
)


__all__: list[str] = []  # everything here serves its own package
