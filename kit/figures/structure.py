"""A document's structure, read once: sentences, clauses, quoted names, language runs, and the
section headings and opening that lend a figure their theme.

Every decision about a figure reads the window this module cuts around it (`window`): its
sentence, the text before and after it in that sentence, and its clause on either side.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kit.figures.topics import theme
from kit.lexicon.prefilter import may_end

if TYPE_CHECKING:
    from kit.figures.mentions import Mention

WINDOW = 90  # characters of context looked at on either side
SENTENCE_CAP = 400  # a "sentence" longer than this (no punctuation) is clipped around the figure

# ---- sentences and clauses ---------------------------------------------------------------

# a lost space after a full stop still ends an English sentence: "Spring Festival.They fell"
_SENTENCE_END = re.compile(
    r"(?<=[.!?;])\s+(?=[\"'“A-Z(])|(?<=[a-z][.!?])(?=[A-Z][a-z])|[。！？；;]|\n+"
)
# every alternative opens with its character (the lookbehind after the comma), so the regex
# engine skips straight to the characters that can end a clause
CLAUSE_SEP = re.compile(r",(?<!\d,)|,(?!\d)|[，;；:：]|\s-\s")

CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def _broken_line(text: str, m: re.Match) -> bool:
    """A newline inside a Chinese sentence (page layout), not the end of a paragraph."""
    if not m.group().startswith("\n") or m.start() == 0 or m.end() >= len(text):
        return False
    line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
    return (
        len(line) >= 30
        and bool(CJK_CHAR.match(text[m.start() - 1]))
        and bool(CJK_CHAR.match(text[m.end()]))
    )


# every match of _SENTENCE_END starts at one of these marks or just after one of .!?;
_SENTENCE_MARK_AT = re.compile(r"[.!?;。！？；\n]")


def _sentence_ends(text: str) -> Iterator[re.Match[str]]:
    """`_SENTENCE_END.finditer(text)`, tried only at and just after the marks a sentence end
    needs (its lookbehinds leave the regex engine no character to skip to)."""
    pos = 0  # where the next match may start
    search_from = 0
    while mark := _SENTENCE_MARK_AT.search(text, search_from):
        at = mark.start()
        char = text[at]
        for p in (at + 1,) if char in ".!?" else (at, at + 1) if char == ";" else (at,):
            if p < pos:
                continue
            m = _SENTENCE_END.match(text, p)
            if m:
                yield m
                # an empty match (before a capital) has no other match at its position
                pos = m.end() if m.end() > p else p + 1
        search_from = max(at + 1, pos - 1)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries in both languages (EN punctuation + capital, ZH 。！？；, newlines)."""
    spans, start = [], 0
    for m in _sentence_ends(text):
        if _broken_line(text, m):
            continue
        if m.start() > start:
            mark = m.group().strip()
            spans.append((start, m.start() + (1 if mark and mark in "。！？；;" else 0)))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


# ---- vocabulary compiled once ------------------------------------------------------------
def tail(pattern: re.Pattern[str], text: str, span: int = 40) -> re.Match[str] | None:
    """Search an end-anchored (`...$`) pattern in the last `span` characters only.

    Lookbehinds and word boundaries still see the characters before the window, so the result
    is the same as a full search for any match shorter than `span`; the cost no longer grows
    with the window. A text whose last character no match can end with is never searched
    (`kit.lexicon.prefilter`).
    """
    if not may_end(pattern, text):
        return None  # no match ends with the window's last character
    return pattern.search(text, max(0, len(text) - span))


# ---- quoted names ----------------------------------------------------------------------------

# every alternative opens with its quotation mark (the first one's lookbehind placed after it),
# so the regex engine skips straight to the marks
_QUOTED = re.compile(
    r"\"(?<![\w]\")(?=\S)[^\"\n.;!?。；]{1,80}?(?<=\S)\"(?![\w])"
    r"|“[^“”\n]{1,45}”|「[^「」\n]{1,45}」|『[^『』\n]{1,45}』|《[^《》\n]{1,60}》|‘[^‘’\n]{1,30}’"
)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(text)]


def inside(spans: list[tuple[int, int]], starts: list[int], pos: int, end: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] < pos and end <= spans[i][1]


# ---- the decision for one mention --------------------------------------------------------------


@dataclass
class Context:
    text: str
    before: str  # up to WINDOW chars before the mention, within its sentence
    after: str  # up to WINDOW chars after, within its sentence
    sentence: str
    clause_before: str
    clause_after: str


def window(text: str, start: int, end: int, sent: tuple[int, int]) -> Context:
    s0, s1 = sent
    before = text[max(s0, start - WINDOW) : start]
    after = text[end : min(s1, end + WINDOW)]
    clause_b = CLAUSE_SEP.split(before)[-1]
    return Context(text, before, after, text[s0:s1], clause_b, _clause_after(after))


def _clause_after(after: str) -> str:
    """The text after a figure up to its clause's end; a comma inside quotes ends nothing:
    '90 cases of "theft, robbery and fraud" were cracked' keeps "were cracked"."""
    first = CLAUSE_SEP.search(after)
    if first is None:
        return after
    if '"' not in after[: first.start()] and "“" not in after[: first.start()]:
        return after[: first.start()]
    quotes = quoted_spans(after)
    for sep in CLAUSE_SEP.finditer(after):
        if not any(q0 < sep.start() < q1 for q0, q1 in quotes):
            return after[: sep.start()]
    return after


def clip(text: str, sent: tuple[int, int], m: Mention) -> tuple[int, int]:
    """The sentence around a figure, clipped to SENTENCE_CAP each side at a word boundary."""
    start, end = sent[0], max(sent[1], m.end)
    if m.start - start > SENTENCE_CAP:
        start = m.start - SENTENCE_CAP
        space = text.find(" ", start, start + 30)
        start = space + 1 if space >= 0 else start
    if end - m.end > SENTENCE_CAP:
        end = m.end + SENTENCE_CAP
        space = text.rfind(" ", end - 30, end)
        end = space if space > m.end else end
    return start, end


_LATIN_LETTER = re.compile(r"[A-Za-z]")
MIN_LETTERS = 10  # a shorter sentence in both scripts keeps the document's language


def language_segments(
    text: str, sents: list[tuple[int, int]], default: str
) -> list[tuple[int, int, str]]:
    """Runs of sentences in one language, (start, end, "zh"|"en"), covering the whole text.

    A report may quote English in a Chinese text or mix both; each sentence is read by the rules
    of its own language: zh where CJK characters are at least as many as Latin letters.
    """
    runs: list[tuple[int, int, str]] = []
    for start, end in sents:
        piece = text[start:end]
        # counted by subn: no list of one-character strings
        cjk, latin = CJK_CHAR.subn("", piece)[1], _LATIN_LETTER.subn("", piece)[1]
        if not cjk or not latin:
            lang = "zh" if cjk else "en" if latin else default
        else:
            lang = default if cjk + latin < MIN_LETTERS else ("zh" if cjk >= latin else "en")
        if runs and runs[-1][2] == lang:
            runs[-1] = (runs[-1][0], end, lang)
        else:
            runs.append((runs[-1][1] if runs else 0, end, lang))
    if not runs:
        return [(0, len(text), default)]
    runs[-1] = (runs[-1][0], len(text), runs[-1][2])
    return runs


HEADING_CHARS = 30  # a line this short, with no sentence mark, heads a section
#: the topics a section or a report can lend its figures: those of the standard measures (a
#: heading on team building says nothing of the stations and staff counted under it)
THEMES = frozenset({"crackdown", "disputes", "traffic", "prevention"})


def section_themes(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """(start, topic) of the report's own theme (its first sentence, often the title) and of
    each section heading after it, where they name a topic: a figure whose own words name none
    belongs to its section's ("打击网络电信诈骗" ... "惩戒人员9812人"), else to the report's."""
    themes: list[tuple[int, str]] = []
    if sents:
        s0, s1 = sents[0]
        first = theme(text[s0:s1])
        if first in THEMES:
            themes.append((0, first))
    for line in _LINE.finditer(text):
        heading = line.group().strip()
        if heading and len(heading) <= HEADING_CHARS and not _SENTENCE_MARK.search(heading):
            topic = theme(heading)
            if topic in THEMES:
                themes.append((line.start(), topic))
    return themes


def theme_at(themes: list[tuple[int, str]], pos: int) -> str:
    """The topic of the last theme starting before `pos`, else "other"."""
    i = bisect.bisect_right([start for start, _ in themes], pos) - 1
    return themes[i][1] if i >= 0 else "other"


_LINE = re.compile(r"[^\n]+")
_SENTENCE_MARK = re.compile(r"[。！？；，,;!?]|\.\s|\.$")

_FULL_STOP = re.compile(r"[。！？!?\n]|\.(?=\s)")


def full_sentence_start(text: str, start: int) -> int:
    """Where the sentence holding `start` begins when semicolons do not end sentences: a list
    opened by "year-on-year" runs on across "；"."""
    window = max(0, start - SENTENCE_CAP)
    stops = list(_FULL_STOP.finditer(text, window, start))
    return stops[-1].end() if stops else window if window else 0


__all__: list[str] = []  # everything here serves its own package
