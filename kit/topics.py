"""Metric -> topic and canonical metric key, from the vocabulary in `lexicon/topics.toml`.

A figure belongs to the topic whose words weigh most in what it counts, then its clause, then
its sentence: "61 road traffic hazards" is traffic although "hazards" alone is prevention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kit.lexicon import load

PIECE_WEIGHTS = (3.0, 1.0, 0.2)  # counted, clause, sentence
DECISIVE, STRONG, WEAK = 6.0, 3.0, 1.0
MIN_SCORE = 1.0  # below this nothing specific is said: "other"


@dataclass(frozen=True)
class _Topic:
    name: str
    en: re.Pattern[str] | None
    zh: tuple[tuple[str, float], ...]
    en_weights: dict[str, float]


def _is_cjk(word: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in word)


@cache
def _topics() -> tuple[_Topic, ...]:
    out = []
    for name, entry in load("topics").items():
        if name == "metric":
            continue
        en_words: dict[str, float] = {}
        zh_words: list[tuple[str, float]] = []
        for weight, key in ((DECISIVE, "decisive"), (STRONG, "strong"), (WEAK, "words")):
            for word in entry.get(key, []):
                if _is_cjk(word):
                    zh_words.append((word, weight))
                else:
                    en_words[word] = weight
        pattern = None
        if en_words:
            groups = "|".join(
                f"(?P<w{i}>{w})" for i, w in enumerate(sorted(en_words, key=len, reverse=True))
            )
            pattern = re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE)
        ordered = dict(enumerate(sorted(en_words, key=len, reverse=True)))
        weights = {f"w{i}": en_words[w] for i, w in ordered.items()}
        out.append(_Topic(name, pattern, tuple(zh_words), weights))
    return tuple(out)


def _score(topic: _Topic, text: str) -> float:
    score = 0.0
    if topic.en is not None:
        for m in topic.en.finditer(text):
            score += topic.en_weights[m.lastgroup or ""]
    squashed = re.sub(r"\s+", "", text)
    for word, weight in topic.zh:
        if word in squashed:
            score += weight
    return score


def classify(counted: str, clause: str, sentence: str) -> str:
    """The topic whose vocabulary weighs most around a figure; "other" when none is present."""
    best, best_score = "other", MIN_SCORE - 1e-9
    for topic in _topics():
        score = sum(
            w * _score(topic, piece)
            for w, piece in zip(PIECE_WEIGHTS, (counted, clause, sentence), strict=True)
        )
        if score > best_score:
            best, best_score = topic.name, score
    return best


@cache
def _metrics() -> tuple[tuple[str, frozenset[str], bool, re.Pattern[str]], ...]:
    return tuple(
        (m["key"], frozenset(m["unit"]), bool(m["change"]), re.compile(m["pattern"], re.I))
        for m in load("topics")["metric"]
    )


def metric_key(unit: str, change: bool, counted: str, clause: str) -> str | None:
    """The canonical key of the first lexicon metric whose unit, change and pattern fit."""
    text = counted or clause
    for key, units, is_change, pattern in _metrics():
        if unit in units and change == is_change and pattern.search(text):
            return key
    return None
