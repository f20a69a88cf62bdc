"""Text -> Mention: every number as written, with its exact span, unit, qualifier and repair.

The scanner runs a short list of patterns over the text exactly as decoded (never a normalised
copy, so offsets stay true). Damage patterns run first and claim their spans; the plain number
patterns then take what is left. Whether a mention is a *metric* (and not a date, an ordinal or a
name) is decided later, in `kit.figures.decide`, which sees the words around it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import MISSING, dataclass, fields, replace
from typing import Any

from kit.figures import repair
from kit.figures.prechecks import Check, Probe
from kit.figures.repair import Repair
from kit.figures.surfaces import EN_PATTERNS, HIDDEN, HIDDEN_IN_NUMBER, SKIP, STARTS, ZH_PATTERNS
from kit.lexicon import in_order, load
from kit.load.candidates import finditer_at


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
    negative: bool = False  # written with a minus sign (同比增长-5.6%): the change is reversed


#: each field's default, the fields a scanner's answer must give and may give, for `_mention`
_DEFAULTS = {f.name: f.default for f in fields(Mention) if f.default is not MISSING}
_FIELDS = {f.name for f in fields(Mention)} - {"start", "end", "text"}
_REQUIRED = _FIELDS - _DEFAULTS.keys()


def _mention(start: int, end: int, text: str, kw: dict[str, Any]) -> Mention:
    """`Mention(start=start, end=end, text=text, **kw)`, a quarter of the CPU: a frozen
    dataclass's `__init__` sets each of its 13 fields through `object.__setattr__`, where this
    fills the instance's dictionary at once (no `__post_init__` is skipped: it has none). The
    scanner makes one for every number of every report."""
    if not _REQUIRED <= kw.keys() <= _FIELDS:  # what __init__ would refuse
        wrong = sorted((kw.keys() - _FIELDS) | (_REQUIRED - kw.keys()))
        raise TypeError(f"Mention: unexpected or missing fields {wrong}")
    mention = object.__new__(Mention)
    mention.__dict__.update(_DEFAULTS, **kw, start=start, end=end, text=text)
    return mention


def scan(text: str, language: str = "en") -> Iterator[Mention]:
    """Yield every number in `text`, in order, none overlapping another.

    English translations are scanned with the damage patterns first; Chinese text with the
    Chinese pattern, and any Latin-script stretch inside it with the English ones too. A
    zero-width or narrow space inside a number is read through; spans stay those of `text`.
    """
    if not text.isascii() and HIDDEN.search(text):  # hidden characters are never ASCII
        clean, where = _without_hidden(text)
        if where is not None:
            for m in _scan(clean, language):
                start, end = where[m.start], where[m.end - 1] + 1
                yield replace(m, start=start, end=end, text=text[start:end])
            return
    yield from _scan(text, language)


def _without_hidden(text: str) -> tuple[str, list[int] | None]:
    """`text` without the characters hidden inside numbers, and each kept character's index."""
    cuts = [m.span() for m in HIDDEN_IN_NUMBER.finditer(text)]
    if not cuts:
        return text, None
    keep, where, at = [], [], 0
    for start, end in cuts:
        keep.append(text[at:start])
        where.extend(range(at, start))
        at = end
    keep.append(text[at:])
    where.extend(range(at, len(text)))
    return "".join(keep), where


def _scan(text: str, language: str) -> list[Mention]:
    patterns = ZH_PATTERNS if language == "zh" else EN_PATTERNS
    taken = bytearray(len(text))  # 1 where an earlier pattern claimed the character
    found: list[Mention] = []
    passed: dict[Check, bool] = {}  # a pre-check shared by several rules runs once
    probe = Probe(text)
    for pattern, handler, group, precheck in patterns:
        if precheck is not None:
            if precheck not in passed:
                passed[precheck] = precheck(probe)
            if not passed[precheck]:
                continue
        starts = STARTS.get(pattern)
        matches = finditer_at(pattern, starts, text) if starts else pattern.finditer(text)
        for m in matches:
            start, end = m.span(group or 0)
            if start == end or taken.find(1, start, end) >= 0:
                continue
            answer = handler(m)
            if answer is None:
                continue  # not a number after all
            if answer is SKIP:
                taken[start:end] = b"\x01" * (end - start)
                continue
            pieces = answer if isinstance(answer, list) else [(start, end, answer)]
            for start, end, kw in pieces:
                if not math.isfinite(kw.get("value", 0.0)):
                    continue  # one too large to be a figure
                surface = text[start:end].rstrip()
                end = start + len(surface)
                found.append(_mention(start, end, surface, kw))
                taken[start:end] = b"\x01" * (end - start)
    found.sort(key=lambda mention: mention.start)
    return _restated(found, text)


# ---- a lost 万 recovered from the same text --------------------------------------------------

_NEXT_WORD = re.compile(r"\s*(?:more than\s+|over\s+)?([A-Za-z]+)")
_MAGNITUDE = re.compile(r"[万萬亿億千百十]|thousand|million|billion")
_SCALES = (repair.WAN, repair.YI)
# an average is a fraction of whole things by right: "2.5 cases per day" lost nothing
_AVERAGE = re.compile(
    in_order(load("en")["unit"]["average"] + load("zh")["context"]["average"]), re.IGNORECASE
)


def _next_word(text: str, at: int) -> str | None:
    m = _NEXT_WORD.match(text, at)
    return m.group(1).lower() if m else None


def _restated(found: list[Mention], text: str) -> list[Mention]:
    """A count that lost its 万 or 亿 in translation ("solved 1.8 cases") takes the full value
    only where the same text states it ("18 thousand cases"), counting the same noun. A whole
    number ("18 cases") needs the full figure in the text's first line, its title."""
    full: dict[float, list[Mention]] = {}
    for m in found:
        if m.unit == "count" and m.value >= repair.WAN:
            full.setdefault(round(m.value, 3), []).append(m)
    if not full:
        return found
    title_end = text.find("\n") if "\n" in text else len(text)
    out = []
    for m in found:
        if m.unit == "count" and not m.repaired and m.value < repair.WAN and m.script == "latin":
            m = _restore(m, text, full, title_end)
        out.append(m)
    return out


def _restore(m: Mention, text: str, full: dict[float, list[Mention]], title_end: int) -> Mention:
    """`m` with its 万 or 亿 restored, when the text states the full figure; else `m`."""
    for scale in _SCALES:
        stated = full.get(round(m.value * scale, 3))
        if not stated:
            continue  # the cheap test first: most counts have no such figure in the text
        if _MAGNITUDE.search(m.text) or _AVERAGE.search(text, max(0, m.start - 30), m.end + 30):
            return m
        word = _next_word(text, m.end)
        whole = float(m.value).is_integer()
        same = [
            o
            for o in stated
            if o is not m
            and word
            and _next_word(text, o.end) == word
            and (not whole or o.start < title_end)
        ]
        if same:
            return _apply_mention(m, repair.lost_wan_restated(m.value, scale, same[0].text))
    return m


def _apply_mention(m: Mention, fix: Repair) -> Mention:
    return replace(m, value=fix.value, repaired=fix.rule, confidence=fix.confidence, note=fix.note)


def signed(m: Mention, change: bool, direction: str | None) -> tuple[bool, str | None]:
    """A change written with a minus sign is a fall: 同比增长-5.6%, "grew by -5.6%" and a bare
    "−3.1%" alike (下降-3% is a fall written with a redundant sign, as pages do)."""
    return (True, "down") if m.negative else (change, direction)


__all__: list[str] = []  # everything here serves its own package
