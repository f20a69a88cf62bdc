"""Two versions' figures lined up one-to-one, and what each figure learns from its partner.

Two figures are one when they measure the same thing (unit, change, indicator, baseline, and
counted words sharing a glossary concept, `kit.reconcile.concepts`) with the same or a close
value. An equal number alone never aligns two figures: 61 smart security communities are not
61 road traffic hazards. A confirmed figure's confidence is raised, a contradicted repair's
halved, and the note says which figure did it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kit.reconcile.concepts import _glossary, concepts, similarity
from kit.schema import Metric

AGREE_TOL = 0.002  # relative gap under which two values are the same figure (98.6 vs 98.63)
CLOSE = 0.10  # relative gap up to which same-measure figures disagree; beyond: different figures
COUNTED_WEIGHT = 0.75  # similarity = 0.75 x counted words' concepts + 0.25 x sentences' concepts
MIN_AGREE_SIM = 0.25  # counted-concept similarity two equal values need to be one figure
MIN_DISAGREE_SIM = 0.5  # ... and two close but unequal values, to be one figure told twice
CONFIRMED = 0.95  # confidence of a figure the other version states alike
DOUBT = 0.5  # factor on the confidence of a repaired figure the other version contradicts
STATUSES = ("agree", "disagree", "only_in_a", "only_in_b")


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
    only_a, only_b = (m, None) if side == "a" else (None, m)
    return Aligned(only_a, only_b, status, _missing_why(m, features, other))


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


# ---- the aligned table ---------------------------------------------------------------------

_SIDE_FIELDS: tuple[str, ...] = (
    "doc_id",
    "value",
    "unit",
    "text",
    "counted",
    "start",
    "end",
    "sentence",
)
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


# ---- words for the notes --------------------------------------------------------------------


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


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


__all__: list[str] = []  # everything here serves its own package
