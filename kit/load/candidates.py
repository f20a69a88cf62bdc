"""`finditer` of a pattern with no literal prefix, tried only where a cheap pattern can start one.

A pattern that opens with lookbehinds or `\\b` gives the regex engine no character to skip to, so
`finditer` tries every alternative at every character of a report. `finditer_at(pattern, starts,
text)` yields the same matches, provided `starts` matches at every position a match of `pattern`
can begin (a superset is fine): it runs `pattern.match` there only. Lookbehinds and `\\b` still
see the characters before that position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def finditer_at(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(text)`, tried only where `starts` matches."""
    pos = 0
    while candidate := starts.search(text, pos):
        m = pattern.match(text, candidate.start())
        if m:  # the patterns it serves never match an empty string
            yield m
            pos = m.end()
        else:
            pos = candidate.start() + 1


__all__ = ["finditer_at"]
