"""The characters an end-anchored pattern's match can end with, to skip a search that cannot
match.

The rules read the words right before a figure with patterns like `\\b(?:more than|over)\\s*$`.
Such a match ends the text, trailing spaces aside, so the last non-space character of the text
must be one the pattern can end with ("n" or "r" here). `last_chars` reads that set from the
pattern's own parse (once per pattern); a text whose last character is not in it is answered
"no match" without running the regex engine over its window. Where the set cannot be told
exactly (a `\\w`, a `.`, a back-reference, a pattern not anchored at its end) the answer is None
and the pattern always runs.
"""

from __future__ import annotations

import re
from functools import cache
from re import _constants as sre  # the parse tree's opcodes (Python >= 3.11)
from re import _parser

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
        chars = frozenset(
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


def may_end(pattern: re.Pattern[str], text: str) -> bool:
    """False only where `pattern` (end-anchored) certainly has no match in `text`."""
    chars = last_chars(pattern)
    if chars is None:
        return True
    core = text.rstrip()
    return bool(core) and core[-1] in chars


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


__all__: list[str] = []  # everything here serves its own package
