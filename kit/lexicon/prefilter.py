"""Cheap tests a vocabulary pattern's match must pass, read once from the pattern's own parse, so
that a search that cannot match is never run.

- `last_chars`: the rules read the words right before a figure with end-anchored patterns like
  `\\b(?:more than|over)\\s*$`; such a match ends the text, trailing spaces aside, so the last
  non-space character must be one the pattern can end with ("n" or "r" here).
- `opening`: a lookahead of the characters a word alternation can start with, placed before it,
  drops a position on one character test instead of trying every word there.
- `required`: words one of which every match holds ("january", " the end of the "): a text
  holding none of them is answered "no match" by substring tests.

Where a set cannot be told exactly (a `\\w`, a `.`, a back-reference, an inline flag, a pattern
not anchored at its end) the answer is None (or "") and the pattern always runs.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

# the regex parser and its opcodes (Python >= 3.11; private, so any surprise reads as "unknown")
_parser: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")

_Chars = frozenset[str]
# characters an ASCII letter matches under re.IGNORECASE besides its two cases (the `re` docs)
_FOLDS = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}
_RANGE_MAX = 256  # a class spanning more characters than this is not worth listing


class _Unknown(Exception):
    """The pattern holds something whose last character cannot be listed."""


@cache
def last_chars(pattern: re.Pattern[str]) -> _Chars | None:
    """The characters the last non-space character of a match of `pattern` can be, or None.

    `pattern` must end with `$`; whitespace before it is looked through (`\\s*$`). Under
    re.IGNORECASE each letter comes with its other case and the characters that fold to it.
    """
    try:
        items = list(_parser.parse(pattern.pattern, pattern.flags))
        if not items or items[-1] != (sre.AT, sre.AT_END):
            return None
        chars, empty = _last(items[:-1])
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):
        return None
    if empty or not chars:
        return None  # a match may hold no character but spaces
    if pattern.flags & re.IGNORECASE:
        if not all(c.isascii() for c in chars):
            return None  # non-ASCII case folding is not listed here
        return frozenset(
            f for c in chars for f in (c, c.lower(), c.upper(), *_FOLDS.get(c.lower(), ""))
        )
    return frozenset(chars)


def opening(source: str, flags: int = 0) -> str:
    """A lookahead `(?=[…])` of the characters a match of regex `source` can start with, or ""
    where they cannot be listed: placed before an alternation of words (after `\\b` and before
    lookbehinds), it lets the regex engine drop a position on one character test instead of
    trying every alternative there. Compiled with the same flags, so the same matches."""
    try:
        chars, empty = _first(list(_parser.parse(source, flags)))
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):
        return ""
    if empty or not chars:
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


def _first(items: list) -> tuple[set[str], bool]:
    """(characters the first character can be, whether there may be none) of parse items."""
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(chr(av))
            return out, False
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width
        if op is sre.IN:
            chars, _space = _class(av, keep_spaces=True)
            return out | chars, False
        if op is sre.BRANCH:
            empty = False
            for alternative in av[1]:
                chars, none = _first(list(alternative))
                out |= chars
                empty = empty or none
            if not empty:
                return out, False
            continue
        if op is sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown
            chars, empty = _first(list(sub))
        elif op is sre.ATOMIC_GROUP:
            chars, empty = _first(list(av))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _high, sub = av
            chars, empty = _first(list(sub))
            empty = empty or low == 0
        else:
            raise _Unknown
        out |= chars
        if not empty:
            return out, False
    return out, True


MIN_WORD = 2  # a required "word" shorter than this (a CJK character counts 2) tells little


def _weight(word: str) -> int:
    return sum(1 if c.isascii() else 2 for c in word)


@cache
def required(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Words one of which every match of `pattern` holds (lower-cased under re.IGNORECASE), or
    None where none can be told or the best are shorter than `MIN_WORD`."""
    try:
        words = _required(list(_parser.parse(pattern.pattern, pattern.flags)))
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):
        return None
    if not words or min(map(_weight, words)) < MIN_WORD:
        return None
    if pattern.flags & re.IGNORECASE:
        if not all(c.isascii() or _uncased(c) for w in words for c in w):
            return None  # non-ASCII case folding is not listed here
        return tuple(sorted({w.lower() for w in words}))
    return tuple(sorted(words))


def _uncased(char: str) -> bool:
    """A CJK ideograph or CJK punctuation: no case, nothing folds to it."""
    return "\u3400" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f"


# what `str.lower` leaves of the characters an ASCII letter matches under re.IGNORECASE besides
# its two cases (İ becomes i and a combining dot; the Kelvin sign becomes k)
_FOLDED_LEFT = ("\u0131", "\u017f", "\u0307")


def may_hold(pattern: re.Pattern[str], text: str, lowered: str | None = None) -> bool:
    """False only where `pattern` certainly has no match in `text` (`lowered`: `text.lower()`,
    when the caller has it)."""
    entry = _HELD.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        words = required(pattern)
        entry = _HELD[id(pattern)] = (pattern, words, bool(pattern.flags & re.IGNORECASE))
    words = entry[1]
    if words is None:
        return True
    if entry[2]:  # caseless
        text = text.lower() if lowered is None else lowered
        if not text.isascii():  # (isascii reads a flag: an ASCII text holds no folded letter)
            for char in _FOLDED_LEFT:
                if char in text:
                    return True
    for word in words:  # noqa: SIM110 - a loop, not any(): no generator a call (2x faster)
        if word in text:
            return True
    return False


# id of a pattern -> (the pattern, its `required` words, re.IGNORECASE): looked up by id, as a
# pattern's hash reads its whole compiled code; the pattern is kept to tell a reused id apart
# (substring tests measured twice as fast as one regex of the words)
_HELD: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None, bool]] = {}


def _required(items: list) -> set[str] | None:
    """The best set of words one of which a match of the sequence `items` holds, or None: each
    run of literals is a candidate, as is each element that must match (a group, a branch whose
    every alternative holds a word); the set whose shortest word is longest wins."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(words: set[str] | None) -> None:
        nonlocal best
        if words and (best is None or min(map(_weight, words)) > min(map(_weight, best))):
            best = words

    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            consider({"".join(run)})
            run = []
        if op is None or op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op is sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not (add_flags or del_flags):
                consider(_required(list(sub)))
        elif op is sre.BRANCH:
            alternatives = [_required(list(alt)) for alt in av[1]]
            if all(alternatives):
                consider(set().union(*alternatives))  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_required(list(av[2])))
    return best


def may_end(pattern: re.Pattern[str], text: str) -> bool:
    """False only where `pattern` (end-anchored) certainly has no match in `text`: the last
    non-space character of `text` is none a match can end with (`last_chars`), or the last two
    are no pair a match can end with (`last_pairs`)."""
    entry = _ENDS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        entry = _ENDS[id(pattern)] = (pattern, last_chars(pattern), last_pairs(pattern))
    chars, pairs = entry[1], entry[2]
    if chars is None:
        return True
    last = text[-1:]
    if last.isspace():
        last = text.rstrip()[-1:]
    if last not in chars:  # "" (nothing but spaces) is in no set
        return False
    if pairs is None or last in pairs[1]:
        return True
    before = text.rstrip()[:-1].rstrip()[-1:]  # the non-space character before the last
    return before + last in pairs[0]


# id of a pattern -> (the pattern, its `last_chars`, its `last_pairs`): looked up by id, as a
# pattern's hash reads its whole compiled code; the pattern is kept to tell a reused id apart
_ENDS: dict[int, tuple[re.Pattern[str], _Chars | None, tuple[_Chars, _Chars] | None]] = {}

_PAIRS_MAX = 4096  # more pairs than this are not worth a set


@cache
def last_pairs(pattern: re.Pattern[str]) -> tuple[_Chars, _Chars] | None:
    """The last two non-space characters an end-anchored match can end with (spaces between
    them looked through), and the characters a match holding only one can be; or None."""
    try:
        items = list(_parser.parse(pattern.pattern, pattern.flags))
        if not items or items[-1] != (sre.AT, sre.AT_END):
            return None
        ends = _ends(items[:-1], {""})
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):
        return None
    if "" in ends:
        return None
    if pattern.flags & re.IGNORECASE:
        if not all(c.isascii() for e in ends for c in e):
            return None
        ends = {"".join(t) for e in ends for t in _product([_cases(c) for c in e])}
    pairs = frozenset(e for e in ends if len(e) == 2)
    if len(pairs) > _PAIRS_MAX:
        return None
    return pairs, frozenset(e for e in ends if len(e) == 1)


def _cases(char: str) -> set[str]:
    return {char, char.lower(), char.upper(), *_FOLDS.get(char.lower(), "")}


def _product(choices: list[set[str]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    for options in choices:
        out = [(*t, c) for t in out for c in options]
    return out


def _ends(items: list, tails: set[str]) -> set[str]:
    """`tails` (the non-space characters fixed at a match's end so far, up to two) extended by
    what the sequence `items`, read from its end, can put before them."""
    for op, av in reversed(items):
        tails = _end_step(op, av, tails)
    return tails


def _prepend(chars: set[str], tails: set[str]) -> set[str]:
    done = {t for t in tails if len(t) == 2}
    return done | {c + t for t in tails if len(t) < 2 for c in chars}


def _end_step(op, av, tails: set[str]) -> set[str]:
    if op is sre.LITERAL:
        ch = chr(av)
        return tails if ch.isspace() else _prepend({ch}, tails)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return tails
    if op is sre.IN:
        chars, space = _class(av)
        return _prepend(chars, tails) | (tails if space else set())
    if op is sre.BRANCH:
        return set().union(*(_ends(list(alt), tails) for alt in av[1]))
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _Unknown
        return _ends(list(sub), tails)
    if op is sre.ATOMIC_GROUP:
        return _ends(list(av), tails)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, sub = av
        out = set(tails) if low == 0 else set()
        current = tails
        for n in range(1, max(low, 3) + 1):
            if n > high:
                return out
            current = _ends(list(sub), current)
            if n >= low:
                out |= current
        if high > max(low, 3) and _ends(list(sub), current) - out:
            raise _Unknown  # not settled after three rounds (it always is for two characters)
        return out
    raise _Unknown


def _last(items: list) -> tuple[set[str], bool]:
    """(characters the last non-space character can be, whether there may be none) of a
    sequence of parse items, read from its end."""
    out: set[str] = set()
    for op, av in reversed(items):
        chars, empty = _item(op, av)
        out |= chars
        if not empty:
            return out, False
    return out, True


def _item(op, av) -> tuple[set[str], bool]:
    if op is sre.LITERAL:
        ch = chr(av)
        return (set(), True) if ch.isspace() else ({ch}, False)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True  # zero-width
    if op is sre.IN:
        return _class(av)
    if op is sre.BRANCH:
        out: set[str] = set()
        empty = False
        for alternative in av[1]:
            chars, none = _last(list(alternative))
            out |= chars
            empty = empty or none
        return out, empty
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _Unknown  # an inline flag (?i:…) changes what a letter matches
        return _last(list(sub))
    if op is sre.ATOMIC_GROUP:
        return _last(list(av))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, sub = av
        chars, empty = _last(list(sub))
        return chars, empty or low == 0
    raise _Unknown  # ANY, NOT_LITERAL, GROUPREF…


def _class(items: list, keep_spaces: bool = False) -> tuple[set[str], bool]:
    """A character class: its characters, and whether it may match a space (looked through
    unless `keep_spaces`)."""
    out: set[str] = set()
    space = False
    for op, av in items:
        if op is sre.LITERAL:
            ch = chr(av)
            if ch.isspace() and not keep_spaces:
                space = True
            else:
                out.add(ch)
        elif op is sre.RANGE:
            low, high = av
            if high - low > _RANGE_MAX:
                raise _Unknown
            for code in range(low, high + 1):
                ch = chr(code)
                if ch.isspace() and not keep_spaces:
                    space = True
                else:
                    out.add(ch)
        elif op is sre.CATEGORY and av in (sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE):
            if keep_spaces:
                raise _Unknown  # every space character is too many to list
            space = True
        else:
            raise _Unknown  # NEGATE, \w, \d…
    return out, space


__all__ = ["may_end", "may_hold", "opening"]
