"""Chinese numbers -> exact values: 13万2千, 1万2, 16.4亿, 二〇二三, 十二点五, and ranges like 两三.

Reports mix Arabic digits, magnitude characters and Chinese numerals freely; a value must come
out exactly as a reader would say it (16.4亿 is 1,640,000,000, never 1639999999.9999998), so
all arithmetic is done in `Decimal`. A range (两三个, 三五千) is returned as its lower bound with
the range spelled out, so the caller can mark it `at_least` instead of reading 23.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_TRAD = str.maketrans(
    {"萬": "万", "億": "亿", "兩": "两", "〇": "零", "點": "点", "○": "零", "．": ".", "，": ","}
    | {chr(0xFF10 + d): str(d) for d in range(10)}  # full-width digits
)
#: what a page writes inside a number that carries no value: inline pinyin after a converted
#: character (32萬(wàn)), a space before 万/亿 (1.5 万), and 余/多 between digits and 万/亿
#: (3500余万: more than 35,000,000; the caller reads the qualifier from the surface)
_NOISE = re.compile(r"\([a-zA-Z\u00c0-\u024f\u1e00-\u1eff]{1,8}\)|\s+|[余多餘](?=[万亿])")
MAX_BIG_UNITS = 3  # 3亿5千万 has two; more is no number (and 1,000 万 in a row must not recurse)
DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = (("亿", Decimal(10) ** 8), ("万", Decimal(10) ** 4))
MAX_DIGITS = 18  # longer digit runs are codes or noise, never a figure

_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_RANGE = re.compile(
    r"(?P<a>[一二两三四五六七八九])(?P<b>[二三四五六七八九])(?P<unit>[十百千万亿]*)"
)


@dataclass(frozen=True)
class Parsed:
    value: Decimal
    range_text: str | None = None  # "2–3" where the text gives a range (两三个)


def _arabic(text: str) -> Decimal | None:
    if not _ARABIC.fullmatch(text) or sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        return None
    return Decimal(text.replace(",", ""))


def _small(text: str) -> Decimal | None:
    """A number below 10,000: 三千五百, 三千五 (last digit is hundreds), 2千, 1.5千, 二〇二三."""

    if not text:
        return Decimal(0)
    arabic = _arabic(text)
    if arabic is not None:
        return arabic
    head = re.match(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", text)
    if head and text[head.end() :] in SMALL_UNITS:  # 2千, 1.5千
        return Decimal(head.group().replace(",", "")) * SMALL_UNITS[text[head.end() :]]
    if any(ch not in DIGITS and ch not in SMALL_UNITS and ch != "点" for ch in text):
        return None
    integer, _, fraction = text.partition("点")
    if fraction and any(ch not in DIGITS for ch in fraction):
        return None
    whole: Decimal | None
    if integer and all(ch in DIGITS for ch in integer) and len(integer) > 1:
        whole = Decimal("".join(str(DIGITS[ch]) for ch in integer))  # 二〇二三 read digit by digit
    else:
        whole = _with_units(integer)
        if whole is None:
            return None
    if fraction:
        whole += Decimal("0." + "".join(str(DIGITS[ch]) for ch in fraction))
    return whole


def _with_units(text: str) -> Decimal | None:
    total, digit, last_unit, zero = Decimal(0), None, None, False
    for ch in text:
        if ch in DIGITS:
            if DIGITS[ch] == 0:
                zero = True  # 一百零五: the next digit is units
                continue
            if digit is not None:
                return None  # two digits in a row inside a unit number: not a number
            digit = DIGITS[ch]
        else:
            unit = SMALL_UNITS[ch]
            if last_unit is not None and unit >= last_unit:
                return None
            total += (digit if digit is not None else 1) * unit
            digit, last_unit, zero = None, unit, False
    if digit is not None:
        # 三千五: a trailing digit after a unit counts in the next unit down (not after 零)
        scale = last_unit // 10 if last_unit and last_unit >= 100 and not zero else 1
        total += digit * scale
    return total


def _trailing_digit_scale(rest: str, big: Decimal) -> Decimal | None:
    """1万2 is 12,000 and 3亿5 is 350,000,000: a bare digit after a magnitude is its tenth."""
    if len(rest) == 1 and (rest.isdigit() or rest in DIGITS):
        return Decimal(int(rest) if rest.isdigit() else DIGITS[rest]) * big / 10
    return None


def _value(text: str) -> Decimal | None:
    for char, size in BIG_UNITS:
        if char in text:
            head, _, rest = text.partition(char)
            high = _value(head) if head else Decimal(1)
            if high is None:
                return None
            scaled = _trailing_digit_scale(rest, size)
            if scaled is not None:
                return high * size + scaled
            low = _value(rest) if rest else Decimal(0)
            if low is None or low >= size:
                return None
            return high * size + low
    return _small(text)


@lru_cache(maxsize=4096)
def parse(token: str) -> Parsed | None:
    """The exact value of a Chinese or mixed number token, or None when it is not a number."""
    text = _NOISE.sub("", token.translate(_TRAD))
    if not text or text.count("万") + text.count("亿") > MAX_BIG_UNITS:
        return None
    text = "一" + text if text[:1] in "十百千" and not text[:1].isdigit() else text
    m = _RANGE.fullmatch(text)
    if m and DIGITS[m["b"]] > DIGITS[m["a"]]:
        low = _value(m["a"] + m["unit"]) if m["unit"] else Decimal(DIGITS[m["a"]])
        high = _value(m["b"] + m["unit"]) if m["unit"] else Decimal(DIGITS[m["b"]])
        if low is not None and high is not None:
            return Parsed(low, f"{_plain(low)}–{_plain(high)}")
    try:
        value = _value(text)
    except (InvalidOperation, KeyError):
        return None
    return Parsed(value) if value is not None else None


def _plain(value: Decimal) -> str:
    return f"{value:,f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:,f}"


__all__: list[str] = []  # everything here serves its own package
