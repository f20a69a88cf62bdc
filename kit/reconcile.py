"""Chinese original vs English machine translation: pair the two versions, align their figures.

Many reports exist twice. The Chinese figures confirm or correct the damaged English ones, the
English ones fill gaps, and every disagreement is shown, never hidden:

- `find_pairs` finds the two versions from metadata and shared figures (no table of known pairs);
- `align` / `reconcile` line up figures one-to-one: same measure (unit, change, metric key, and
  counted words that share a concept of the EN<->ZH glossary `lexicon/bilingual.toml`) and the
  same or a close value. An equal number alone never aligns two figures: 61 smart security
  communities are not 61 road traffic hazards;
- `apply_reconciliation` raises the confidence of figures the other version confirms and halves
  that of repairs it contradicts, saying which figure did it in `note`.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pandas as pd

from kit.lexicon import load
from kit.load.corpus import Corpus, load_corpus
from kit.schema import METRIC_FIELDS, Document, Metric

AGREE_TOL = 0.002  # relative gap under which two values are the same figure (98.6 vs 98.63)
CLOSE = 0.10  # relative gap up to which same-measure figures disagree; beyond: different figures
COUNTED_WEIGHT = 0.75  # similarity = 0.75 x counted words' concepts + 0.25 x sentences' concepts
MIN_AGREE_SIM = 0.25  # counted-concept similarity two equal values need to be one figure
MIN_DISAGREE_SIM = 0.5  # ... and two close but unequal values, to be one figure told twice
CONFIRMED = 0.95  # confidence of a figure the other version states alike
DOUBT = 0.5  # factor on the confidence of a repaired figure the other version contradicts
# Pairs: same region, year and period where both documents state them (a mismatch rules a pair
# out, an unknown counts half), in different languages, sharing at least MIN_SHARED distinct
# values; score = 0.5 x metadata + 0.5 x min(1, share / FULL_OVERLAP), where share = distinct
# values found in both / distinct values of the smaller document. Paired when score >= 0.6.
PAIR_THRESHOLD = 0.6
FULL_OVERLAP = 0.5
MIN_SHARED = 2
_META_WEIGHTS = {"region": 0.4, "year": 0.3, "period": 0.3}
STATUSES = ("agree", "disagree", "only_in_a", "only_in_b")


# ---- glossary concepts ---------------------------------------------------------------------


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


# ---- comparing two figures -----------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    score: float
    counted: float  # similarity of the counted words' concepts
    similarity: float  # counted and sentence similarity combined
    gap: float  # relative difference of the values
    shared: frozenset[str]

    @property
    def candidate(self) -> bool:
        """Close enough in meaning for its values: equal values ask less than close ones."""
        if self.gap <= AGREE_TOL:
            return self.counted >= MIN_AGREE_SIM
        return self.gap <= CLOSE and self.counted >= MIN_DISAGREE_SIM


def _gap(x: float, y: float) -> float:
    top = max(abs(x), abs(y))
    return abs(x - y) / top if top else 0.0


def _kinds(counted: frozenset[str], sentence: frozenset[str], group: str) -> set[str]:
    """Members of an exclusive group a figure names: its own words, else a one-kind sentence."""
    gloss = _glossary()
    own = {c for c in counted if gloss[c].group == group}
    if own:
        return own
    context = {c for c in sentence if gloss[c].group == group}
    return context if len(context) == 1 else set()


class _Features:
    """What `_compare` reads of one figure, worked out once per figure rather than per pair.

    The sentence's concepts are read only when a comparison gets that far (most stop at the
    counted words), as `_compare` always did.
    """

    __slots__ = ("_kinds", "_sentence", "counted", "text")

    def __init__(self, m: Metric) -> None:
        self.counted = concepts(m.counted)
        self.text = m.sentence
        self._sentence: frozenset[str] | None = None
        self._kinds: tuple[set[str], ...] | None = None

    @property
    def sentence(self) -> frozenset[str]:
        if self._sentence is None:
            self._sentence = concepts(self.text)
        return self._sentence

    @property
    def kinds(self) -> tuple[set[str], ...]:
        """Members of each exclusive group (_GROUPS order) the figure names."""
        if self._kinds is None:
            self._kinds = tuple(_kinds(self.counted, self.sentence, g) for g in _GROUPS)
        return self._kinds


_GROUPS = ("level", "crime")


def _features(m: Metric) -> _Features:
    return _Features(m)


def _compare(a: Metric, b: Metric) -> _Match | None:
    """How well two figures measure the same thing; None when they cannot (whatever the value)."""
    if a.unit != b.unit or a.change != b.change:
        return None
    return _compare_features(a, _features(a), b, _features(b))


def _compare_features(a: Metric, fa: _Features, b: Metric, fb: _Features) -> _Match | None:
    """`_compare` for two figures of the same unit and change, their features given."""
    if (a.baseline and b.baseline and a.baseline != b.baseline) or (
        a.indicator and b.indicator and a.indicator != b.indicator
    ):
        return None
    shared = fa.counted & fb.counted
    if not shared:
        return None
    for ka, kb in zip(fa.kinds, fb.kinds, strict=True):
        if ka and kb and not ka & kb:
            return None
    counted = similarity(fa.counted, fb.counted)
    sim = COUNTED_WEIGHT * counted + (1 - COUNTED_WEIGHT) * similarity(fa.sentence, fb.sentence)
    gap = _gap(a.value, b.value)
    same_key = a.indicator is not None and a.indicator == b.indicator
    score = sim * (1 - min(gap, 1.0) / (2 * CLOSE)) + (0.1 if same_key else 0.0)
    return _Match(score, counted, sim, gap, shared)


class _Side:
    """One version's figures with their features, indexed by measure for near-linear look-ups.

    Two figures can only be compared (`_compare` not None) when they share unit, change and a
    counted concept, so each figure is looked up under those instead of tried against all.
    """

    def __init__(self, metrics: Sequence[Metric]) -> None:
        self.metrics = metrics
        self.features = [_features(m) for m in metrics]
        self.by_concept: dict[tuple[str, bool, str], list[int]] = {}
        self.by_unit: dict[str, list[int]] = {}
        for k, (m, f) in enumerate(zip(metrics, self.features, strict=True)):
            self.by_unit.setdefault(m.unit, []).append(k)
            for c in f.counted:
                self.by_concept.setdefault((m.unit, m.change, c), []).append(k)

    def comparable(self, m: Metric, f: _Features) -> list[int]:
        """Indexes (ascending) of this side's figures that `_compare` may match with `m`."""
        found: set[int] = set()
        for c in f.counted:
            found.update(self.by_concept.get((m.unit, m.change, c), ()))
        return sorted(found)


# ---- alignment -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Aligned:
    """One row of an alignment: a figure of each version (or one missing), status and why."""

    a: Metric | None
    b: Metric | None
    status: str  # agree, disagree, only_in_a, only_in_b
    why: str
    score: float | None = None
    similarity: float | None = None
    repeat: bool = False  # the figure is a version's own repeat (a headline) of an aligned one


def align(metrics_a: Sequence[Metric], metrics_b: Sequence[Metric]) -> list[Aligned]:
    """Align two versions' figures one-to-one, greedily; the rest are `only_in_*`.

    Equal values are matched first (best score first), then close ones: an equal number for a
    compatible measure is stronger evidence than a better-worded near miss (98.6 vs 99.7).

    A figure repeated inside one version (a headline restating the body) is aligned to its
    twin's partner too, marked `repeat`, rather than reported as missing from the other version.
    """
    side_a, side_b = _Side(metrics_a), _Side(metrics_b)
    candidates = []
    for i, a in enumerate(metrics_a):
        fa = side_a.features[i]
        for j in side_b.comparable(a, fa):
            match = _compare_features(a, fa, metrics_b[j], side_b.features[j])
            if match is not None and match.candidate:
                agree = match.gap <= AGREE_TOL
                candidates.append((not agree, -match.score, i, j, match))
    partner_a: dict[int, tuple[int, _Match]] = {}
    taken_b: set[int] = set()
    for _, _, i, j, match in sorted(candidates, key=lambda c: c[:4]):
        if i not in partner_a and j not in taken_b:
            partner_a[i] = (j, match)
            taken_b.add(j)
    rows = [_pair_row(metrics_a[i], metrics_b[j], m) for i, (j, m) in partner_a.items()]
    partner_b = {j: (i, m) for i, (j, m) in partner_a.items()}
    for side, own, other, partners in (
        ("a", side_a, side_b, partner_a),
        ("b", side_b, side_a, partner_b),
    ):
        twins = _twins(own, partners)
        for k, m in enumerate(own.metrics):
            if k not in partners:
                rows.append(_leftover(m, own.features[k], side, twins, other, partners))
    order = {s: n for n, s in enumerate(STATUSES)}
    return sorted(rows, key=lambda r: (order[r.status], *_position(r)))


def _position(row: Aligned) -> tuple[int, int]:
    return (row.a.start if row.a else 1 << 40, row.b.start if row.b else 1 << 40)


def _label(shared: Iterable[str]) -> str:
    return ", ".join(sorted(c.replace("_", " ") for c in shared))


def _pair_row(a: Metric, b: Metric, match: _Match) -> Aligned:
    same = match.gap <= AGREE_TOL
    flipped = bool(a.direction and b.direction and a.direction != b.direction)
    what = f"same measure ({_label(match.shared)})"
    if same and not flipped:
        why = f"{what} and same value {_fmt(a.value)}"
        status = "agree"
    elif same:
        why = (
            f"{what} and value {_fmt(a.value)}, but one says {a.direction}, the other {b.direction}"
        )
        status = "disagree"
    else:
        why = f"{what} but {_fmt(a.value)} vs {_fmt(b.value)} ({match.gap:.1%} apart)"
        status = "disagree"
    for m in (a, b):
        if m.repaired:
            verb = "confirms" if status == "agree" else "contradicts"
            why += f"; {verb} the repaired {m.text!r} ({m.repaired})"
    return Aligned(a, b, status, why, match.score, match.similarity)


def _nested(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    """One concept set holds the other: a headline restating its body, not a sibling measure."""
    return bool(a and b) and (a <= b or b <= a)


_Twin = tuple[Metric, frozenset[str], int, int]  # aligned figure, its counted concepts, k, j


def _twins(own: _Side, partners: Mapping[int, tuple[int, _Match]]) -> dict[tuple, list[_Twin]]:
    """A version's aligned figures by unit and change, in alignment order."""
    out: dict[tuple, list[_Twin]] = {}
    for k, (j, _) in partners.items():
        twin = own.metrics[k]
        out.setdefault((twin.unit, twin.change), []).append((twin, own.features[k].counted, k, j))
    return out


def _leftover(
    m: Metric,
    features: _Features,
    side: str,
    twins: Mapping[tuple, list[_Twin]],
    other: _Side,
    partners: Mapping[int, tuple[int, _Match]],
) -> Aligned:
    """A figure left without a partner: a repeat of an aligned one, else only in its version."""
    for twin, twin_counted, k, j in twins.get((m.unit, m.change), ()):
        if _gap(twin.value, m.value) <= AGREE_TOL and _nested(twin_counted, features.counted):
            partner = other.metrics[j]
            a, b = (m, partner) if side == "a" else (partner, m)
            row = _pair_row(a, b, _compare(a, b) or partners[k][1])
            why = f"repeats {_ref(twin)} in the same version; {row.why}"
            return Aligned(row.a, row.b, row.status, why, row.score, row.similarity, repeat=True)
    status = f"only_in_{side}"
    pair = (m, None) if side == "a" else (None, m)
    return Aligned(*pair, status, _missing_why(m, features, other))


def _missing_why(m: Metric, features: _Features, other: _Side) -> str:
    """Plain words on why a figure has no partner, naming a near miss in the other version."""
    metrics = other.metrics
    doc = metrics[0].doc_id if metrics else "the other version"
    near = [
        (metrics[k], match)
        for k in other.comparable(m, features)
        if (match := _compare_features(m, features, metrics[k], other.features[k])) is not None
    ]
    if near:
        c, match = max(near, key=lambda cm: (cm[1].candidate, cm[1].similarity - cm[1].gap))
        said = f"{doc} gives {_fmt(c.value)} ({c.counted!r})"
        if match.candidate:
            return f"{said}, which pairs better with another figure"
        if match.gap > CLOSE:
            return f"{said} for a like measure, {match.gap:.0%} apart: too far to be one figure"
        return f"{said}, only loosely alike in meaning ({_label(match.shared)})"
    for k in other.by_unit.get(m.unit, ()):
        c = metrics[k]
        if _gap(c.value, m.value) <= AGREE_TOL:
            said = f"{doc} has the same number {_fmt(c.value)} but for {c.counted!r}"
            return f"{said}, another measure"
    return f"no figure in {doc} measures the same thing"


# ---- effects on confidence -----------------------------------------------------------------


@dataclass
class _Effect:
    confirmed: bool = False
    doubted: bool = False
    notes: list[str] = field(default_factory=list)


Key = tuple[str, int, int]


def _key(m: Metric) -> Key:
    return (m.doc_id, m.start, m.end)


def _effects(rows: Iterable[Aligned], into: dict[Key, _Effect] | None = None) -> dict[Key, _Effect]:
    """What each aligned figure learns from its partner: confirmation or a disagreement."""
    into = {} if into is None else into
    for row in rows:
        if row.a is None or row.b is None:
            continue
        for m, o in ((row.a, row.b), (row.b, row.a)):
            effect = into.setdefault(_key(m), _Effect())
            if row.status == "agree":
                effect.confirmed = True
                note = f"confirmed by {_ref(o)} {_quote(o)}"
            else:
                effect.doubted = effect.doubted or m.repaired is not None
                note = f"disagrees with {_ref(o)} {_quote(o)}"
                if m.repaired:
                    note += " (repair doubted, confidence halved)"
            if note not in effect.notes:
                effect.notes.append(note)
    return into


def _adjusted(confidence: float, repaired: bool, effect: _Effect) -> float:
    """Confirmed: at least CONFIRMED; a contradicted repair: halved; both at once: unchanged."""
    if effect.doubted and repaired:
        return confidence if effect.confirmed else confidence * DOUBT
    return max(confidence, CONFIRMED) if effect.confirmed else confidence


# ---- frames --------------------------------------------------------------------------------

_SIDE_FIELDS = ("doc_id", "value", "unit", "text", "counted", "start", "end", "sentence")
_SIDE_FIELDS += ("indicator", "topic", "repaired", "confidence")
ALIGNED_COLUMNS: tuple[str, ...] = (
    "status",
    "why",
    "score",
    "similarity",
    "repeat",
    *(f"{f}_{s}" for s in "ab" for f in (*_SIDE_FIELDS, "new_confidence", "note")),
)


def to_frame(rows: Sequence[Aligned]) -> pd.DataFrame:
    """The aligned table: one row per figure pair or lone figure, both sides side by side."""
    effects = _effects(rows)
    records = []
    for row in rows:
        rec: dict[str, Any] = {
            "status": row.status,
            "why": row.why,
            "score": row.score,
            "similarity": row.similarity,
            "repeat": row.repeat,
        }
        for s, m in (("a", row.a), ("b", row.b)):
            effect = effects.get(_key(m)) if m is not None else None
            for f in _SIDE_FIELDS:
                rec[f"{f}_{s}"] = getattr(m, f) if m is not None else None
            rec[f"new_confidence_{s}"] = (
                _adjusted(m.confidence, m.repaired is not None, effect) if m and effect else None
            )
            rec[f"note_{s}"] = "; ".join(effect.notes) if effect else None
        records.append(rec)
    frame = pd.DataFrame(records, columns=list(ALIGNED_COLUMNS))
    for s in "ab":
        frame[f"start_{s}"] = frame[f"start_{s}"].astype("Int64")
        frame[f"end_{s}"] = frame[f"end_{s}"].astype("Int64")
        for f in ("value", "confidence", "new_confidence"):
            frame[f"{f}_{s}"] = frame[f"{f}_{s}"].astype("float64")
    frame["status"] = pd.Categorical(frame["status"], categories=list(STATUSES))
    return frame.astype({"score": "float64", "similarity": "float64", "repeat": "bool"})


def reconcile(doc_a: Document, doc_b: Document) -> pd.DataFrame:
    """Extract both versions and align their figures (see `align` and `to_frame`)."""
    from kit.run.engine import extract_document

    return to_frame(align(extract_document(doc_a), extract_document(doc_b)))


def reconcile_frame(
    frame: pd.DataFrame, documents: Iterable[Document]
) -> Iterator[tuple[Pair, pd.DataFrame]]:
    """Every pair `find_pairs` finds among `documents` with its aligned table, from the figures
    of a metrics frame (nothing is extracted; only the paired documents' rows are read)."""
    docs = list(documents)
    pairs = _pairs(docs, _values(frame))
    by_doc = _frame_metrics(frame, {d for p in pairs for d in (p.doc_a, p.doc_b)})
    for pair in pairs:
        yield pair, to_frame(align(by_doc.get(pair.doc_a, []), by_doc.get(pair.doc_b, [])))


def reconcile_corpus(
    corpus: Corpus | Iterable[Document] | str | None = None,
    *,
    metrics: Mapping[str, Sequence[Metric]] | None = None,
) -> Iterator[tuple[Pair, pd.DataFrame]]:
    """Every pair `find_pairs` finds with its aligned table, each document extracted once.

    `metrics` (doc id -> figures, e.g. from a metrics frame) saves extracting at all.
    """
    docs = _documents(corpus)
    if metrics is None:
        from kit.run.engine import figures

        yield from reconcile_frame(figures(docs, cache=False), docs)
        return
    for pair in find_pairs(docs, metrics=metrics):
        yield pair, to_frame(align(metrics[pair.doc_a], metrics[pair.doc_b]))


# ---- pairs ---------------------------------------------------------------------------------


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


# ---- whole metrics frames ------------------------------------------------------------------


def _frame_metrics(frame: pd.DataFrame, only: set[str] | None = None) -> dict[str, list[Metric]]:
    """Metric records back from a metrics frame, by document (of the documents `only`)."""
    if only is not None:
        frame = frame[frame["doc_id"].astype(str).isin(only).to_numpy(dtype=bool)]
    columns = {}
    for name in METRIC_FIELDS:
        column = frame[name].astype(object)
        columns[name] = column.where(column.notna(), None).tolist()
    columns["doc_id"] = [str(v) for v in columns["doc_id"]]
    columns["start"] = [int(v) for v in columns["start"]]
    columns["end"] = [int(v) for v in columns["end"]]
    columns["year"] = [None if v is None else int(v) for v in columns["year"]]
    out: dict[str, list[Metric]] = {}
    for row in zip(*columns.values(), strict=True):
        m = Metric(**dict(zip(columns, row, strict=True)))
        out.setdefault(m.doc_id, []).append(m)
    return out


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def apply_reconciliation(
    frame: pd.DataFrame, corpus: Corpus | Iterable[Document] | str | None = None
) -> pd.DataFrame:
    """A copy of a metrics frame with confidence and note adjusted for every pair found."""
    pairs = _pairs(_documents(corpus), _values(frame))
    by_doc = _frame_metrics(frame, {d for p in pairs for d in (p.doc_a, p.doc_b)})
    effects: dict[Key, _Effect] = {}
    for pair in pairs:
        _effects(align(by_doc.get(pair.doc_a, []), by_doc.get(pair.doc_b, [])), effects)
    out = frame.copy()
    if not effects:
        return out
    confidence = out["confidence"].to_numpy(copy=True)
    notes = out["note"].astype("object").to_numpy(copy=True)
    keys = zip(out["doc_id"].astype(str), out["start"], out["end"], strict=True)
    for n, (doc_id, start, end) in enumerate(keys):
        effect = effects.get((doc_id, int(start), int(end)))
        if effect is None:
            continue
        repaired = not _missing(out["repaired"].iat[n])
        confidence[n] = _adjusted(float(confidence[n]), repaired, effect)
        earlier = None if _missing(notes[n]) else str(notes[n])
        notes[n] = "; ".join([*([earlier] if earlier else []), *effect.notes])
    out["confidence"] = confidence
    out["note"] = pd.array(notes, dtype="string")
    return out


#: columns `merge_versions` adds: the report a row belongs to, and the other version's twin
VERSION_COLUMNS = (
    "report_id",
    "version_doc_id",
    "version_start",
    "version_end",
    "version_text",
    "version_sentence",
)


def _original_first(pair: Pair, languages: Mapping[str, str | None]) -> tuple[str, str]:
    """(original, translation): the English version is the translation (the corpus holds
    machine translations into English); otherwise the pair's own order."""
    if languages.get(pair.doc_a) == "en" and languages.get(pair.doc_b) != "en":
        return pair.doc_b, pair.doc_a
    return pair.doc_a, pair.doc_b


def version_pairs(
    frame: pd.DataFrame, corpus: Corpus | Iterable[Document] | str | None = None
) -> dict[str, str]:
    """translation doc id -> original doc id, for every pair `find_pairs` finds among the
    documents of `frame` (each version in one pair: its best)."""
    values = _values(frame)
    docs = [d for d in _documents(corpus) if d.doc_id in values]
    languages = {d.doc_id: d.language for d in docs}
    renamed: dict[str, str] = {}
    used: set[str] = set()
    for pair in _pairs(docs, values):
        original, translation = _original_first(pair, languages)
        if {original, translation} & used:
            continue  # pairs come best first
        used |= {original, translation}
        renamed[translation] = original
    return renamed


def merge_versions(
    frame: pd.DataFrame,
    corpus: Corpus | Iterable[Document] | str | None = None,
    pairs: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One report in two versions: a figure both versions state alike is one row.

    For every pair (`version_pairs`, or `pairs` given), the translation's figures that agree
    with an original's (`align` status "agree") are dropped and the original's row names its
    twin in `version_doc_id`, `version_start`, `version_end`, `version_text` and
    `version_sentence` (its full provenance). Every row gets
    `report_id`, the original's doc id for both versions (its own doc id outside a pair), so
    counts of reports count each report once. The rows left keep their provenance untouched.
    """
    if pairs is None:
        pairs = version_pairs(frame, corpus)
    out = frame.copy()
    ids = out["doc_id"].astype(str).tolist()
    twin_doc = np.full(len(out), None, dtype=object)
    twin_text = np.full(len(out), None, dtype=object)
    twin_start = np.full(len(out), None, dtype=object)
    twin_end = np.full(len(out), None, dtype=object)
    twin_sentence = np.full(len(out), None, dtype=object)
    keep = np.ones(len(out), dtype=bool)
    if pairs:
        by_doc = _frame_metrics(frame, {d for pair in pairs.items() for d in pair})
        where = {
            (d, int(s), int(e)): n
            for n, (d, s, e) in enumerate(zip(ids, out["start"], out["end"], strict=True))
        }
        for translation, original in pairs.items():
            if translation not in by_doc or original not in by_doc:
                continue
            for row in align(by_doc[original], by_doc[translation]):
                if row.status != "agree" or row.a is None or row.b is None:
                    continue
                n, gone = where[_key(row.a)], where[_key(row.b)]
                if twin_doc[n] is not None or not keep[gone]:
                    continue  # one twin a row: a repeat (a headline restating it) stays a row
                keep[gone] = False
                twin_doc[n], twin_text[n] = row.b.doc_id, row.b.text
                twin_start[n], twin_end[n] = row.b.start, row.b.end
                twin_sentence[n] = row.b.sentence
    out["report_id"] = pd.array([pairs.get(d, d) for d in ids], dtype="string")
    out["version_doc_id"] = pd.array(twin_doc, dtype="string")
    out["version_start"] = pd.array(twin_start, dtype="Int64")
    out["version_end"] = pd.array(twin_end, dtype="Int64")
    out["version_text"] = pd.array(twin_text, dtype="string")
    out["version_sentence"] = pd.array(twin_sentence, dtype="string")
    return out[keep]


# ---- plain text ----------------------------------------------------------------------------


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _ref(m: Metric) -> str:
    return f"{m.doc_id}:{m.start}"


_AND = re.compile(r"\band\b")
_PUNCT = re.compile(r"[,，;；:：、。()（）“”\"和及与與]")


def _quote(m: Metric) -> str:
    """The figure with the words around it in its clause, as the reader finds it."""
    at = m.sentence.find(m.text)
    if at < 0:
        return m.text
    zh = bool(re.search(r"[\u3400-\u9fff]", m.sentence))
    width = 12 if zh else 60
    before = _PUNCT.split(m.sentence[max(0, at - width) : at])[-1]
    after = _PUNCT.split(m.sentence[at + len(m.text) : at + len(m.text) + width])[0]
    if not zh:  # three words either side, within the clause
        before = " ".join([*_AND.split(before)[-1].split()[-3:], ""])
        after = " ".join(["", *_AND.split(after)[0].split()[:3]])
    return " ".join((before + m.text + after).split())


def format_table(frame: pd.DataFrame, width: int = 34) -> str:
    """The aligned table as fixed-width text for a terminal."""

    def cut(value: object, n: int = width) -> str:
        text = "" if _missing(value) else " ".join(str(value).split())
        return text if len(text) <= n else text[: n - 1] + "…"

    rows = [("status", "a", "counted a", "b", "counted b", "why")]
    for rec in frame.to_dict("records"):
        rows.append(
            (
                str(rec["status"]) + (" (repeat)" if rec["repeat"] else ""),
                cut(rec["text_a"], 16),
                cut(rec["counted_a"]),
                cut(rec["text_b"], 16),
                cut(rec["counted_b"]),
                cut(rec["why"], 200),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "\n".join(
        "  ".join([*(v.ljust(w) for v, w in zip(r[:5], widths, strict=True)), r[5]]).rstrip()
        for r in rows
    )


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The aligned table as JSON-ready dicts (missing values as None)."""
    return [
        {k: (None if _missing(v) else getattr(v, "item", lambda v=v: v)()) for k, v in rec.items()}
        for rec in frame.astype(object).to_dict("records")
    ]


__all__ = [
    "ALIGNED_COLUMNS",
    "CLOSE",
    "PAIR_THRESHOLD",
    "VERSION_COLUMNS",
    "Aligned",
    "Pair",
    "align",
    "apply_reconciliation",
    "concept_similarity",
    "concepts",
    "find_pairs",
    "format_table",
    "merge_versions",
    "reconcile",
    "reconcile_corpus",
    "records",
    "similarity",
    "to_frame",
    "version_pairs",
]
