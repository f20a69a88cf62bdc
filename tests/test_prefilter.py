"""The prefilters of `kit.lexicon.prefilter` answer as the searches they skip: a window's last
character, a lookahead of first characters, words a match must hold; on the seeds' real text
and named rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.figures import chinese, english
from kit.figures.structure import tail
from kit.lexicon.prefilter import last_chars, may_hold, opening, required

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

LAST_CHARS = [
    pytest.param(r"\d/$", 0, "/", id="slash"),
    pytest.param(r"\b(?:more than|over)\s*$", re.I, "NRnr", id="words-ignorecase"),
    pytest.param(r"(?:超过|逾)\s*$", 0, "过逾", id="chinese"),
    pytest.param(r"(?:by|of)(?:\s+(?:a total of|some))*\s*$", 0, "efy", id="repeat-looked-through"),
    pytest.param(r"x[,\s]+(?:at)?$", 0, "x,t", id="class-with-space"),
    pytest.param(r"is\s*$", re.I, "Ssſ", id="long-s-folds-to-s"),
    pytest.param(r"\w+\s*$", 0, None, id="word-class-unknown"),
    pytest.param(r"(?:more than)\s*", 0, None, id="not-end-anchored"),
    pytest.param(r"(?i:over)$", 0, None, id="inline-flag-unknown"),
    pytest.param(r"\s*$", 0, None, id="only-spaces"),
]


@pytest.mark.parametrize(("source", "flags", "chars"), LAST_CHARS)
def test_last_chars(source: str, flags: int, chars: str | None) -> None:
    found = last_chars(re.compile(source, flags))
    assert found == (None if chars is None else frozenset(chars))


OPENINGS = [
    pytest.param("increased|up|fell", re.I, "(?=[fiu])", id="words"),
    pytest.param("(?:de|in)creased|x?rose", 0, "(?=[dirx])", id="groups-and-optional"),
    pytest.param("第|每", 0, "(?=[每第])", id="chinese"),
    pytest.param(r"\w+|up", 0, "", id="word-class-unknown"),
    pytest.param("a?", 0, "", id="may-be-empty"),
]


@pytest.mark.parametrize(("source", "flags", "lookahead"), OPENINGS)
def test_opening(source: str, flags: int, lookahead: str) -> None:
    assert opening(source, flags) == lookahead


def _windows() -> list[str]:
    """The 90 characters before every digit run of the seeds: what the rules read."""
    out = []
    for path in sorted(SEEDS.glob("*")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\d+", text):
            out.append(text[max(0, m.start() - 90) : m.start()])
    return out


WINDOWS = _windows()


def _tail_patterns() -> list:
    en, zh = english.vocab(), chinese.vocab()
    found = [
        getattr(vocab, name)
        for vocab in (en, zh)
        for name in dir(vocab)
        if isinstance(getattr(vocab, name), re.Pattern)
        and getattr(vocab, name).pattern.endswith("$")
        and not getattr(vocab, name).pattern.startswith("^")
    ]
    return [pytest.param(p, id=p.pattern[:30]) for p in found]


@pytest.mark.parametrize("pattern", _tail_patterns())
def test_tail_answers_as_a_search(pattern: re.Pattern[str]) -> None:
    assert len(WINDOWS) > 100
    for text in [*WINDOWS, "", "  ", "more than \n", "increased by \n"]:
        plain = pattern.search(text, max(0, len(text) - 80))
        gated = tail(pattern, text, 80)
        assert (gated and gated.span()) == (plain and plain.span()), text


def test_a_direction_word_is_found_past_the_gate() -> None:
    """The skip is no blanket no: a window ending with a direction word still matches."""
    en = english.vocab()
    assert last_chars(en.dir_before) is not None
    hit = tail(en.dir_before, "accidents decreased year-on-year by ", 80)
    assert hit is not None and hit.group("dir") == "decreased"
    assert tail(en.dir_before, "the police set up ", 80) is None  # a phrasal verb


def test_lookahead_keeps_every_match() -> None:
    """The English vocabulary with its first-character lookaheads finds what it found without."""
    en = english.vocab()
    for pattern in (en.dir_before, en.more_before, en.month_near, en.plan_clause):
        without = re.compile(re.sub(r"\(\?=\[[^\]]*\]\)", "", pattern.pattern), pattern.flags)
        assert without.pattern != pattern.pattern
        for text in WINDOWS:
            assert [m.span() for m in pattern.finditer(text)] == [
                m.span() for m in without.finditer(text)
            ], text


REQUIRED = [
    pytest.param(r"\bfrom January to (?P<m>[A-Z][a-z]+)", re.I, ("from january to ",), id="run"),
    pytest.param(r"(?:as of|by) the end of (?:May|June)", re.I, (" the end of ",), id="longest"),
    pytest.param(r"ab|cd", 0, ("ab", "cd"), id="branch-union"),
    pytest.param(r"x(?:abc|de)+y", 0, ("abc", "de"), id="repeat-at-least-once"),
    pytest.param(r"(?<![\d年])1\s*-\s*\d月", re.I, ("月",), id="cjk-under-ignorecase"),
    pytest.param(r"(?:ab)?x", 0, None, id="optional-tells-nothing"),
    pytest.param(r"a|bc", 0, None, id="one-letter-too-weak"),
    pytest.param(r"(?i:abc)", 0, None, id="inline-flag-unknown"),
]


@pytest.mark.parametrize(("source", "flags", "words"), REQUIRED)
def test_required(source: str, flags: int, words: tuple[str, ...] | None) -> None:
    assert required(re.compile(source, flags)) == words


def _held_patterns() -> list:
    from kit.figures.scope import _patterns
    from kit.load.periods import _ytd

    pat = _patterns()
    found = [*_ytd()[0], pat.en_elsewhere, pat.zh_elsewhere]
    return [pytest.param(p, id=p.pattern[:30]) for p in found]


@pytest.mark.parametrize("pattern", _held_patterns())
def test_may_hold_never_hides_a_match(pattern: re.Pattern[str]) -> None:
    """Wherever the pattern matches (in the seeds' windows and rows written to match), the test
    passes: it only ever skips searches that find nothing."""
    assert required(pattern) is not None
    rows = [
        "From January to September, accidents fell",
        "1至9月，全市共破获刑事案件",
        "截至今年6月底",
        "lower than the NATIONAL average of",
        "高于全国平均水平",
        "AS OF THE END OF THE \u0131rst quarter",  # a dotless i folds to i
    ]
    for text in [*WINDOWS, *rows]:
        if pattern.search(text):
            assert may_hold(pattern, text), text


LAST_PAIRS = [
    pytest.param(r"\b(?:more than|over)\s*$", 0, {"an", "er"}, set(), id="words"),
    pytest.param(
        r"(?:by|a total of)(?:\s+(?:about|a))*\s*$",
        0,
        {"by", "of", "ut", "ya", "fa", "ta", "aa"},
        set(),
        id="spaces-looked-through",
    ),
    pytest.param(r"x?[,;]\s*$", 0, {"x,", "x;"}, {",", ";"}, id="one-character-match"),
    pytest.param(r"(?:第|前)\s*$", 0, set(), {"第", "前"}, id="chinese-single"),
    pytest.param(r"\w\s*$", 0, None, None, id="word-class-unknown"),
]


@pytest.mark.parametrize(("source", "flags", "pairs", "singles"), LAST_PAIRS)
def test_last_pairs(
    source: str, flags: int, pairs: set[str] | None, singles: set[str] | None
) -> None:
    from kit.lexicon.prefilter import last_pairs

    found = last_pairs(re.compile(source, flags))
    if pairs is None:
        assert found is None
    else:
        assert found == (frozenset(pairs), frozenset(singles))


def test_pairs_skip_a_window_ending_with_the_right_letter_only() -> None:
    """ "made" ends in "e" like "decrease", but no direction word ends in "de"; "rose" does: the
    pair test skips the first window and keeps the search in the second."""
    en = english.vocab()
    assert tail(en.dir_before, "the police made ", 80) is None
    hit = tail(en.dir_before, "the number of cases rose ", 80)
    assert hit is not None and hit.group("dir") == "rose"
