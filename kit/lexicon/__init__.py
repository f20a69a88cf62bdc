"""Vocabularies as data (TOML), read once and compiled into regular expressions."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """Read `kit/lexicon/<name>.toml`."""
    return tomllib.loads(resources.files(__package__).joinpath(f"{name}.toml").read_text("utf-8"))


def alternation(words: list[str]) -> str:
    """Longest first, so that "more than" wins over "more"."""
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def en_words(section: str, key: str, flags: int = re.IGNORECASE) -> str:
    """The English list `section.key` as a regex alternation."""
    return alternation(load("en")[section][key])


def compile_en(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)
