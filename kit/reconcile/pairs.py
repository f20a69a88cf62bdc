"""Which documents are two versions of one report: different languages, the same region, year and
period where both state them, and figures in common. No table of known pairs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from kit.load.corpus import Corpus, load_corpus
from kit.schema import Document, Metric

# Pairs: same region, year and period where both documents state them (a mismatch rules a pair
# out, an unknown counts half), in different languages, sharing at least MIN_SHARED distinct
# values; score = 0.5 x metadata + 0.5 x min(1, share / FULL_OVERLAP), where share = distinct
# values found in both / distinct values of the smaller document. Paired when score >= 0.6.
PAIR_THRESHOLD = 0.6
FULL_OVERLAP = 0.5
MIN_SHARED = 2
_META_WEIGHTS = {"region": 0.4, "year": 0.3, "period": 0.3}


@dataclass(frozen=True)
class Pair:
    """Two documents judged to be versions of one report in two languages."""

    doc_a: str
    doc_b: str
    score: float  # 0..1, see PAIR_THRESHOLD
    reasons: tuple[str, ...]


def _documents(corpus: Corpus | Iterable[Document] | str | None) -> list[Document]:
    if corpus is None or isinstance(corpus, str | os.PathLike):
        return load_corpus(corpus).documents
    return list(corpus)


def _metadata(a: Document, b: Document) -> tuple[float, list[str]] | None:
    """Metadata agreement 0..1 with reasons; None when a stated field differs."""
    found = _metadata_of(_meta_key(a), _meta_key(b))
    return None if found is None else (found[0], list(found[1]))


def _meta_key(doc: Document) -> tuple[Any, ...]:
    return tuple(getattr(doc, name) for name in _META_WEIGHTS)


@lru_cache(maxsize=4096)
def _metadata_of(
    key_a: tuple[Any, ...], key_b: tuple[Any, ...]
) -> tuple[float, tuple[str, ...]] | None:
    score, reasons = 0.0, []
    for (name, weight), x, y in zip(_META_WEIGHTS.items(), key_a, key_b, strict=True):
        if x is not None and y is not None and x != y:
            return None
        if x is None or y is None:
            score += weight / 2
            reasons.append(f"{name} unknown in one version")
        else:
            score += weight
            reasons.append(f"same {name} {x}")
    return score, tuple(reasons)


def find_pairs(
    corpus: Corpus | Iterable[Document] | str | None = None,
    *,
    metrics: Mapping[str, Sequence[Metric]] | None = None,
    threshold: float = PAIR_THRESHOLD,
) -> list[Pair]:
    """Cross-language documents on one region, year and period that share figures, best first.

    `metrics` (doc id -> figures) saves extracting again; same-language documents never pair.
    A translation pairs with one original, its best (`_original_first` says which side is the
    translation); an original may have several translations.
    """
    docs = _documents(corpus)
    if metrics is None:
        from kit.run.engine import figures

        return _pairs(docs, _values(figures(docs, cache=False)), threshold)
    values = {d: {(round(m.value, 4), m.unit) for m in found} for d, found in metrics.items()}
    return _pairs(docs, values, threshold)


_Values = Mapping[str, set[tuple[float, str]]]


def _values(frame: pd.DataFrame) -> dict[str, set[tuple[float, str]]]:
    """Each document's distinct (value, unit), read from a metrics frame in one pass."""
    out: dict[str, set[tuple[float, str]]] = {}
    ids = frame["doc_id"].astype(str).tolist()
    units = frame["unit"].astype(str).tolist()
    for doc, value, unit in zip(ids, frame["value"].astype(float).tolist(), units, strict=True):
        out.setdefault(doc, set()).add((round(value, 4), unit))
    return out


def _pairs(
    docs: Sequence[Document], values: _Values, threshold: float = PAIR_THRESHOLD
) -> list[Pair]:
    """`find_pairs` from each document's distinct values: linear in the documents for a corpus
    whose metadata tell its reports apart, and one pair a translation whatever it holds."""
    empty: set[tuple[float, str]] = set()
    pairs = []
    for i, j, meta in _candidate_pairs(docs):
        a, b = docs[i], docs[j]
        va, vb = values.get(a.doc_id, empty), values.get(b.doc_id, empty)
        if len(va) < MIN_SHARED or len(vb) < MIN_SHARED:
            continue
        shared = va & vb
        share = len(shared) / min(len(va), len(vb))
        score = 0.5 * meta[0] + 0.5 * min(1.0, share / FULL_OVERLAP)
        if len(shared) >= MIN_SHARED and score >= threshold:
            why = f"{len(shared)} shared values ({share:.0%} of the smaller version's)"
            pairs.append(Pair(a.doc_id, b.doc_id, round(score, 3), (*meta[1], why)))
    pairs.sort(key=lambda p: (-p.score, p.doc_a, p.doc_b))
    languages = {d.doc_id: d.language for d in docs}
    kept, paired = [], set()
    for pair in pairs:  # best first: each translation keeps its best original
        translation = _original_first(pair, languages)[1]
        if translation not in paired:
            paired.add(translation)
            kept.append(pair)
    return kept


_Meta = tuple[float, tuple[str, ...]]


def _candidate_pairs(docs: Sequence[Document]) -> list[tuple[int, int, _Meta]]:
    """Index pairs (i < j) of documents in two languages whose stated metadata do not clash,
    with their metadata agreement (`_metadata`).

    Documents are grouped by language and metadata first, so only groups that can pair are
    crossed: never every pair of a large corpus (the old `combinations` loop was quadratic).
    """
    groups: dict[tuple[str, tuple[Any, ...]], list[int]] = {}
    for n, doc in enumerate(docs):
        if doc.language:
            groups.setdefault((doc.language, _meta_key(doc)), []).append(n)
    found: list[tuple[int, int, _Meta]] = []
    for (lang_x, key_x), xs in groups.items():
        for (lang_y, key_y), ys in groups.items():
            meta = _metadata_of(key_x, key_y) if lang_x < lang_y else None
            if meta is None:
                continue  # each pair of languages once; same language never pairs
            found.extend((min(x, y), max(x, y), meta) for x in xs for y in ys)
    found.sort(key=lambda f: f[:2])
    return found


def _original_first(pair: Pair, languages: Mapping[str, str | None]) -> tuple[str, str]:
    """(original, translation): the English version is the translation (the corpus holds
    machine translations into English); otherwise the pair's own order."""
    if languages.get(pair.doc_a) == "en" and languages.get(pair.doc_b) != "en":
        return pair.doc_b, pair.doc_a
    return pair.doc_a, pair.doc_b


__all__: list[str] = []  # everything here serves its own package
