"""The one lexicon loader, and the vocabularies it reads: each file loads, each word list is clean.

Word lists are data edited by hand; these checks catch what a hand edit breaks (a regex that no
longer compiles, a word listed twice, an empty entry) before extraction silently changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kit.lexicon import alternation, load

LEXICON_DIR = Path(__file__).resolve().parent.parent / "kit" / "lexicon"
NAMES = sorted(p.stem for p in LEXICON_DIR.glob("*.toml"))


def word_lists(data: Any, path: str = "") -> Iterator[tuple[str, list[str]]]:
    """Every list of strings in a parsed lexicon, with its dotted path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from word_lists(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list) and data and all(isinstance(w, str) for w in data):
        yield path, data


LISTS = [(name, path, words) for name in NAMES for path, words in word_lists(load(name))]


def _is_regex_list(name: str, path: str) -> bool:
    """English entries are regular expressions (en.toml, topics.toml, bilingual `en` lists)."""
    return name in ("en", "topics") or (name == "bilingual" and path.endswith(".en"))


#: (lexicon, list) pairs known to repeat a word: strict xfail, so the fix is noticed
KNOWN_DUPLICATES: set[tuple[str, str]] = set()


def test_every_lexicon_file_loads_once() -> None:
    assert {"en", "zh", "topics", "regions", "periods", "bilingual"} <= set(NAMES)
    for name in NAMES:
        assert isinstance(load(name), dict) and load(name)
        assert load(name) is load(name), "parsed again: the cache is lost"


def test_a_missing_lexicon_is_named() -> None:
    with pytest.raises(FileNotFoundError, match=r"no_such_lexicon\.toml"):
        load("no_such_lexicon")


@pytest.mark.parametrize(
    ("name", "path", "words"),
    [
        pytest.param(
            n,
            p,
            w,
            id=f"{n}:{p}",
            marks=[pytest.mark.xfail(strict=True, reason="a word listed twice")]
            if (n, p) in KNOWN_DUPLICATES
            else [],
        )
        for n, p, w in LISTS
    ],
)
def test_no_word_listed_twice_and_none_empty(name: str, path: str, words: list[str]) -> None:
    assert all(w.strip() for w in words), "an empty entry matches everywhere"
    repeated = sorted({w for w in words if words.count(w) > 1})
    assert not repeated


REGEX_LISTS = [(n, p, w) for n, p, w in LISTS if _is_regex_list(n, p)]


@pytest.mark.parametrize(
    ("name", "path", "words"), REGEX_LISTS, ids=[f"{n}:{p}" for n, p, _ in REGEX_LISTS]
)
def test_every_english_entry_is_a_valid_regex(name: str, path: str, words: list[str]) -> None:
    for word in words:
        pattern = re.compile(word, re.IGNORECASE)
        assert not pattern.fullmatch(""), f"{word!r} matches the empty string"


@dataclass(frozen=True)
class Alt:
    """alternation(words) searched in text finds `expected` first."""

    words: list[str]
    text: str
    expected: str


ALTERNATIONS = [
    Alt(["more", "more than"], "more than 5 cases", "more than"),
    Alt(["余", "余人"], "3000余人", "余人"),
    Alt(["over", "over the"], "over the 40,000", "over the"),
    Alt(["a", "ab", "abc"], "abcd", "abc"),
]


@pytest.mark.parametrize("case", ALTERNATIONS, ids=lambda c: c.expected)
def test_alternation_prefers_the_longest_word(case: Alt) -> None:
    match = re.search(alternation(case.words), case.text)
    assert match and match.group() == case.expected
