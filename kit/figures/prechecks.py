"""Cheap pre-checks of the scanner: a pattern runs only over a text where it can match.

Most damage patterns need a digit glued to a letter, a separator or a word. A text's digit runs
are few, so testing the characters around each run (or a literal substring) costs a fraction of
a regex search that, with no literal prefix, is tried at every position. Each check answers
exactly as the regex search it stands for (`tests/test_candidates.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kit.lexicon import load

_DIGIT_RUN = re.compile(r"\d+")


class Probe:
    """One text's digit runs, found once (lazily) for all the pre-checks of a scan."""

    __slots__ = ("_runs", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._runs: list[tuple[int, int]] | None = None

    @property
    def runs(self) -> list[tuple[int, int]]:
        if self._runs is None:
            self._runs = [m.span() for m in _DIGIT_RUN.finditer(self.text)]
        return self._runs


Check = Callable[[Probe], bool]


def search(pattern: re.Pattern[str]) -> Check:
    """A pre-check that is a regex search (for patterns with a literal start: already fast)."""
    return lambda probe: pattern.search(probe.text) is not None


def any_literal(*literals: str) -> Check:
    """Any of `literals` in the text (a substring test: memchr-fast)."""
    return lambda probe: any(word in probe.text for word in literals)


def literal_then(literals: tuple[str, ...], pattern: re.Pattern[str]) -> Check:
    """`pattern` found, tried only where one of `literals` (every match holds one) is."""
    return lambda probe: (
        any(word in probe.text for word in literals) and pattern.search(probe.text) is not None
    )


_SEPARATORS = tuple(
    load("numbers")["signs"]["range_percent"]
)  # the count separators are among these


def separator_digit(probe: Probe) -> bool:
    """`(?:separator)\\s?\\d`: a digit run opened by a range separator, a space between or not."""
    text = probe.text
    for start, _ in probe.runs:
        if text.endswith(_SEPARATORS, 0, start):
            return True
        if start and text[start - 1].isspace() and text.endswith(_SEPARATORS, 0, start - 1):
            return True
    return False


def glued_digit(probe: Probe) -> bool:
    """`[a-z]\\d`: a digit run glued to a lower-case Latin letter before it."""
    text = probe.text
    return any(start and "a" <= text[start - 1] <= "z" for start, _ in probe.runs)


_MORE_OR_OVER = ("More than", "more than", "Over", "over")


def digit_more_or_over(probe: Probe) -> bool:
    """`\\d(?:[Mm]ore than|[Oo]ver)`: a digit run with the qualifier glued after it."""
    text = probe.text
    return any(text.startswith(_MORE_OR_OVER, end) for _, end in probe.runs)


def digit_point_space_digit(probe: Probe) -> bool:
    """`\\d\\.[ \\u00a0]\\d`: a decimal point followed by a space inside a number."""
    text = probe.text
    return any(
        text.startswith((". ", ".\u00a0"), end) and text[end + 2 : end + 3].isdecimal()
        for _, end in probe.runs
    )


__all__: list[str] = []  # everything here serves its own package
