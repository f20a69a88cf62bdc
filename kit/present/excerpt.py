"""The one excerpt rule: a source sentence cut around its figure, the figure marked.

Every table of the kit (the notebooks' tables, the Lab explorer, the briefing's static table and
its script) shows sentences through this rule. The briefing's script (`explore.js`) implements
the same steps with the numbers it is handed as data (`RULE`), and both are tested on the same
named table of cases (`tests/test_excerpt.py`, `tests/test_briefing_table_browser.py`):

1. The figure is the first place its surface stands alone as a number: not inside a longer one
   ("61" is not the end of "161", nor of "1,061" or "2.61"), when the surface starts or ends with
   a numeral character. Failing that, the first place it occurs at all; failing that, nowhere.
2. At most `side` characters are kept on each side of the figure. A cut that falls inside a word
   moves to the nearest space within `SNAP` characters, so words stay whole; spaces at a cut are
   dropped and the cut is marked with "…".
3. A sentence where the figure is not found keeps its first `2 * side` characters, cut the same
   way at its end.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: characters kept on each side of the figure in the script's and the Lab's excerpts
SIDE = 60
#: at most this many characters are given up to move a cut to a space
SNAP = 15
#: characters that make a number: a figure's surface does not stand alone next to one of them
#: (Arabic and full-width digits, Chinese numerals and their traditional forms, magnitudes)
NUMERAL_CHARACTERS = "0-9０-９〇○零一二两兩三四五六七八九十百千万萬亿億"
#: what the briefing's script is handed, so it applies the same rule to the same numbers
RULE = {"side": SIDE, "snap": SNAP, "numerals": NUMERAL_CHARACTERS}

_NUMERAL = re.compile(f"[{NUMERAL_CHARACTERS}]")


class Excerpt(NamedTuple):
    before: str
    mark: str
    after: str

    @property
    def text(self) -> str:
        return self.before + self.mark + self.after


def locate(sentence: str, surface: object) -> int:
    """Where the figure `surface` is in `sentence` (rule 1), or -1."""
    if not isinstance(surface, str) or not surface:
        return -1
    head = rf"(?<![{NUMERAL_CHARACTERS}])(?<![0-9][.,])" if _NUMERAL.match(surface[0]) else ""
    tail = rf"(?![{NUMERAL_CHARACTERS}])(?![.,][0-9])" if _NUMERAL.match(surface[-1]) else ""
    alone = re.search(head + re.escape(surface) + tail, sentence)
    return alone.start() if alone else sentence.find(surface)


def _cut_before(text: str, side: int, snap: int) -> str:
    if len(text) <= side:
        return text
    kept = text[len(text) - side :]
    if text[len(text) - side - 1] != " " and kept[:1] != " ":  # the cut is inside a word
        space = kept.find(" ")
        if 0 <= space < snap:
            kept = kept[space + 1 :]
    return "…" + kept.lstrip(" ")


def _cut_after(text: str, side: int, snap: int) -> str:
    if len(text) <= side:
        return text
    kept = text[:side]
    if text[side] != " " and kept[-1:] != " ":  # the cut is inside a word
        space = kept.rfind(" ")
        if space >= 0 and space > side - snap:
            kept = kept[:space]
    return kept.rstrip(" ") + "…"


def excerpt(sentence: str, surface: object, side: int = SIDE) -> Excerpt:
    """(before, figure, after): `sentence` around its figure `surface`, by the rule above."""
    at = locate(sentence, surface)
    if at < 0:
        return Excerpt(_cut_after(sentence, 2 * side, SNAP), "", "")
    mark = str(surface)
    before = _cut_before(sentence[:at], side, SNAP)
    return Excerpt(before, mark, _cut_after(sentence[at + len(mark) :], side, SNAP))


def excerpt_text(sentence: object, surface: object = None, width: int = 240) -> str:
    """The sentence (trimmed) when it has at most `width` characters, else its excerpt around
    `surface` as one string of about `width` characters: the notebooks' tables."""
    if not isinstance(sentence, str):
        return ""
    text = sentence.strip()
    if len(text) <= width:
        return text
    mark = len(surface) if isinstance(surface, str) and locate(text, surface) >= 0 else 0
    return excerpt(text, surface, side=max(1, (width - mark) // 2)).text


__all__: list[str] = []  # everything here serves its own package
