"""Vocabularies as data (TOML files beside this one), read once: the kit's one lexicon loader.

Every word list the kit matches (topics, measure words, qualifiers, regions, periods, the EN-ZH
glossary) is a `kit/lexicon/<name>.toml` file, so adding a word never needs a code change.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """Read `kit/lexicon/<name>.toml` (cached: every caller shares one parsed copy)."""
    return tomllib.loads(resources.files(__package__).joinpath(f"{name}.toml").read_text("utf-8"))


def alternation(words: list[str]) -> str:
    """A regex alternation of `words`, longest first, so that "more than" wins over "more"."""
    return "|".join(sorted(words, key=len, reverse=True))


def in_order(words: list[str]) -> str:
    """A regex alternation of `words` as listed: where the order is the rule (the first that
    matches wins), the list says it, not the length of its words."""
    return "|".join(words)


__all__ = [
    "alternation",
    "in_order",
    "load",
]
