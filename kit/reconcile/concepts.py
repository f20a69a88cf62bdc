"""The EN<->ZH glossary's concepts a text mentions (`lexicon/bilingual.toml`), and how alike two
texts are by them: what makes "wire fraud cases" and "电信网络诈骗案件" one measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kit.lexicon import load


@dataclass(frozen=True)
class _Concept:
    name: str
    weight: float
    group: str | None
    en: re.Pattern[str] | None
    zh: tuple[str, ...]
    # casefolded words one of which every English match contains; None: no such words
    en_needs: tuple[str, ...] | None = None


@cache
def _glossary() -> dict[str, _Concept]:
    out = {}
    for name, entry in load("bilingual")["concept"].items():
        en = entry.get("en", [])
        pattern = re.compile(rf"(?<!\w)(?:{'|'.join(en)})(?!\w)", re.I) if en else None
        needs = [_needed_literal(alternative) for alternative in en]
        en_needs = None if "" in needs else tuple(needs)
        zh = tuple(entry.get("zh", []))
        weight = float(entry.get("weight", 1.0))
        out[name] = _Concept(name, weight, entry.get("group"), pattern, zh, en_needs)
    return out


def _needed_literal(pattern: str) -> str:
    """The longest run of plain characters every match of `pattern` contains, casefolded.

    Read from the parsed pattern: only literals at its top level count (not those inside
    optional or alternative parts). "" when there is none.
    """
    from re import _parser  # type: ignore[attr-defined]

    best = run = ""
    for op, arg in _parser.parse(pattern, re.IGNORECASE):
        if op is _parser.LITERAL:
            run += chr(arg)
            best = max(best, run, key=len)
        else:
            run = ""
    return best.casefold()


# under re.IGNORECASE "i" also matches İ and ı, which casefold to other letters
_FOLD_FIRST = str.maketrans({"\u0130": "i", "\u0131": "i"})


@lru_cache(maxsize=65536)
def concepts(text: str) -> frozenset[str]:
    """Glossary concepts a text mentions; the longest mention wins (社区民警 is not also 民警)."""
    spaced = " ".join(text.split())
    squashed = "".join(text.split())
    found: set[str] = set()
    for hits in (_en_hits(spaced), _zh_hits(squashed)):
        taken: list[tuple[int, int]] = []
        for start, end, name in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
            if all(end <= s or start >= e for s, e in taken):
                taken.append((start, end))
                found.add(name)
    return frozenset(found)


def _en_hits(text: str) -> list[tuple[int, int, str]]:
    """Every concept's English matches; a concept none of whose needed words occur is skipped."""
    folded = text.translate(_FOLD_FIRST).casefold()
    return [
        (m.start(), m.end(), c.name)
        for c in _glossary().values()
        if c.en is not None and (c.en_needs is None or any(word in folded for word in c.en_needs))
        for m in c.en.finditer(text)
    ]


def _zh_hits(text: str) -> list[tuple[int, int, str]]:
    if text.isascii() and not _ascii_zh_terms():
        return []  # no Chinese term can occur in plain ASCII
    hits = []
    for c in _glossary().values():
        for term in c.zh:
            at = text.find(term)
            while at >= 0:
                hits.append((at, at + len(term), c.name))
                at = text.find(term, at + 1)
    return hits


@cache
def _ascii_zh_terms() -> bool:
    return any(term.isascii() for c in _glossary().values() for term in c.zh)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Weighted Jaccard of two concept sets: shared weight over the weight of either."""
    weights = _glossary()
    union = sum(weights[c].weight for c in a | b)
    return sum(weights[c].weight for c in a & b) / union if union else 0.0


def concept_similarity(text_a: str, text_b: str) -> float:
    """How far two texts, in either language, mention the same glossary concepts (0..1)."""
    return similarity(concepts(text_a), concepts(text_b))


__all__: list[str] = []  # everything here serves its own package
