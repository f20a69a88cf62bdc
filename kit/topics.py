"""Metric -> topic and canonical metric key, from the vocabulary in `lexicon/topics.toml`.

A figure belongs to the topic whose words weigh most in what it counts, then its clause, then
its sentence: "61 road traffic hazards" is traffic although "hazards" alone is prevention.
All topics' words are compiled into one English and one Chinese pattern, so scoring a piece of
text is a single pass whatever the size of the vocabulary.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, lru_cache

from kit.lexicon import load

PIECE_WEIGHTS = (3.0, 1.0, 0.2)  # counted, clause, sentence
WEIGHTS = {"decisive": 6.0, "strong": 3.0, "words": 1.0}
MIN_SCORE = 1.0  # below this nothing specific is said: "other"


def _is_cjk(word: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in word)


@cache
def _vocabulary() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, float]]]:
    """One pattern per script; each alternative is a named group mapped to (topic, weight)."""
    groups: dict[str, tuple[str, float]] = {}
    en: list[tuple[str, str]] = []
    zh: list[tuple[str, str]] = []
    for topic, entry in load("topics").items():
        if topic == "metric":
            continue
        for key, weight in WEIGHTS.items():
            for word in entry.get(key, []):
                name = f"g{len(groups)}"
                groups[name] = (topic, weight)
                (zh if _is_cjk(word) else en).append((name, word))

    def alternation(items: list[tuple[str, str]], escape: bool) -> str:
        ordered = sorted(items, key=lambda item: len(item[1]), reverse=True)
        return "|".join(f"(?P<{n}>{re.escape(w) if escape else w})" for n, w in ordered)

    en_pattern = re.compile(rf"(?<!\w)(?:{alternation(en, False)})(?!\w)", re.IGNORECASE)
    zh_pattern = re.compile(alternation(zh, True))
    return en_pattern, zh_pattern, groups


@lru_cache(maxsize=4096)
def _scores(text: str) -> dict[str, float]:
    """Topic -> summed weight of its words in `text` (cached: a sentence holds many figures)."""
    en, zh, groups = _vocabulary()
    scores: dict[str, float] = defaultdict(float)
    for pattern, subject in ((en, text), (zh, re.sub(r"\s+", "", text))):
        for m in pattern.finditer(subject):
            topic, weight = groups[m.lastgroup or ""]
            scores[topic] += weight
    return dict(scores)


def classify(counted: str, clause: str, sentence: str) -> str:
    """The topic whose vocabulary weighs most around a figure; "other" when none is present."""
    total: dict[str, float] = defaultdict(float)
    for weight, piece in zip(PIECE_WEIGHTS, (counted, clause, sentence), strict=True):
        for topic, score in _scores(piece).items():
            total[topic] += weight * score
    best, best_score = "other", MIN_SCORE - 1e-9
    for topic in load("topics"):  # file order breaks ties
        if total.get(topic, 0.0) > best_score:
            best, best_score = topic, total[topic]
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
