"""Text -> Mention: every number as written, with its exact span, unit, qualifier and repair.

The scanner runs a short list of patterns over the text exactly as decoded (never a normalised
copy, so offsets stay true). Damage patterns run first and claim their spans; the plain number
patterns then take what is left. Whether a mention is a *metric* (and not a date, an ordinal or a
name) is decided later, in `kit.extract`, which sees the words around it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from kit import numerals, repair
from kit.repair import Repair

_TRAD_NUMERALS = str.maketrans({"萬": "万", "億": "亿", "兩": "两", "餘": "余", "〇": "零"})
_MULTIPLIERS = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "十": 10,
    "百": 100,
    "千": 1e3,
    "万": 1e4,
    "亿": 1e8,
}

# English percent / percentage-point words, shared by several patterns
_PCT = r"\s?[%％]|\s*percent\b|\s*per cent\b"
_PP = r"\s*percentage points?\b"


@dataclass(frozen=True)
class Mention:
    """One number as found: where it is, what it reads as, and how it was repaired."""

    start: int
    end: int
    text: str
    value: float
    unit: str  # percent, pp, count (any plain number; extract refines yuan/other)
    qualifier: str | None = None  # more_than / nearly / at_least when part of the surface
    repaired: str | None = None
    confidence: float = 0.95
    note: str | None = None
    baseline: str | None = None  # when the damage pattern itself names year-on-year etc.
    script: str = "latin"  # "latin" digits, or "cjk" for Chinese numerals
    joined: bool = False  # digits were joined across spaces


def _to_float(digits: str) -> float:
    return float(digits.replace(",", "").replace("，", "").replace(" ", ""))


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


# ---- plain numbers -------------------------------------------------------------------------

_LATIN = re.compile(
    # a group after a space joins only when no letter follows it ("3 4A-level spots" is 3)
    r"(?P<num>\d(?<![\w.]\d)\d{0,17}(?:[ \u00a0]\d{1,18}(?![\dA-Za-z]))*(?:,\d{3})*(?:\.\d{1,18})?)"
    r"(?!\d)"
    r"(?:\s*(?P<mult>thousand|million|billion)\b)?"
    r"(?:(?P<unit>" + _PCT + "|" + _PP + r"))?"
)


def _latin(m: re.Match) -> dict:
    raw = m["num"]
    groups = re.split(r"[ \u00a0]", raw)
    kw: dict = dict(unit=_unit_of(m["unit"]))
    if len(groups) > 1:
        fix = repair.split_digits(groups)
        kw = _apply(kw, fix)
        kw["joined"] = True
        value = fix.value
    else:
        value = _to_float(raw)
        if kw["unit"] == "percent" and raw.startswith("0") and len(raw) > 1 and raw.isdigit():
            return _apply(kw, repair.dropped_leading_zero_point(raw))
    kw["value"] = value * _MULTIPLIERS.get(m["mult"] or "", 1.0)
    return kw


# Chinese: digits or Chinese numerals with their magnitudes (13万2千, 16.4亿, 十二点五), then 余/多
# and a unit; 百分之/千分之 before, 成 (tenths) after. A magnitude character that belongs to a
# unit (千克, 千米, 千瓦) is not a multiplier. Values come from `kit.numerals`, in exact decimals.
_MAG = r"(?:[十百](?![克米瓦卡])|千(?![克米瓦卡])|[万萬亿億])"
_CJK = re.compile(
    r"(?P<pre>百分之|千分之)?"
    r"(?P<num>(?<![\d.])(?<!\d,)(?:\d{1,3}(?:,\d{3})+|\d{1,18})(?:\.\d{1,12})?(?![\d.])"
    rf"(?:{_MAG}+(?:\d{{1,4}}(?:\.\d+)?{_MAG}*)?)?"
    rf"|(?:[零〇○一二两兩三四五六七八九]|{_MAG})+(?:[点點][零〇一二三四五六七八九]+)?)"
    r"(?P<more>[余多餘])?"
    r"(?P<unit>%|％|‰|个百分点|個百分點|成(?![功立为為员員果效绩績本就熟长長都年交型不])"
    r"(?=[以左上下，,。；;、\s]|$|[\u4e00-\u9fff]))?"
)


def _cjk(m: re.Match) -> dict | None:
    parsed = numerals.parse(m["num"])
    if parsed is None:
        return None
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
    elif m["more"]:
        kw["qualifier"] = "more_than"
    return kw


Handler = Callable[[re.Match], "dict | None"]
# (pattern, handler, group giving the span, cheap pre-check: skip the pattern when it fails)
Rule = tuple[re.Pattern, Handler, str | None, re.Pattern | None]

_GLUED_DIGIT = re.compile(r"[a-z]\d")
EN_PATTERNS: tuple[Rule, ...] = (
    (_SPLIT_DECIMAL, _split_decimal, None, _GLUED_DIGIT),
    (_MANGLED_ZERO, _mangled_zero, None, re.compile(r"0\.\)")),
    (_WAN_REMAINDER, _wan_remainder, None, re.compile(r"\d(?:[Mm]ore than|[Oo]ver)")),
    (_ORPHANED, _orphaned, "num", re.compile(r"-on-(?:year|month)\.", re.I)),
    (_AFTER_NOUN, _after_noun, None, _GLUED_DIGIT),
    (_DECIMAL_SPACE, _decimal_space, None, re.compile(r"\d\.[ \u00a0]\d")),
    (_WAN_WORDS, _wan_words, None, re.compile(r"\d[ \u00a0]+(?:10,000|100 million)")),
    (_GLUED_LEFT, _glued_left, None, _GLUED_DIGIT),
    (_LATIN, _latin, None, None),
)
ZH_PATTERNS: tuple[Rule, ...] = ((_CJK, _cjk, None, None),)


def scan(text: str, language: str = "en") -> Iterator[Mention]:
    """Yield every number in `text`, in order, none overlapping another.

    English translations are scanned with the damage patterns first; Chinese text with the
    Chinese pattern, and any Latin-script stretch inside it with the English ones too.
    """
    patterns = ZH_PATTERNS + EN_PATTERNS if language == "zh" else EN_PATTERNS
    taken = bytearray(len(text))  # 1 where an earlier pattern claimed the character
    found: list[Mention] = []
    for pattern, handler, group, precheck in patterns:
        if precheck is not None and not precheck.search(text):
            continue
        for m in pattern.finditer(text):
            start, end = m.span(group or 0)
            if start == end or taken.find(1, start, end) >= 0:
                continue
            kw = handler(m)
            if kw is None or not math.isfinite(kw.get("value", 0.0)):
                continue  # not a number after all, or one too large to be a figure
            surface = text[start:end].rstrip()
            end = start + len(surface)
            found.append(Mention(start=start, end=end, text=surface, **kw))
            taken[start:end] = b"\x01" * (end - start)
    found.sort(key=lambda mention: mention.start)
    yield from found


__all__ = ["Mention", "replace", "scan"]
