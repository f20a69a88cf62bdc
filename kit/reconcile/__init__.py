"""Chinese original vs English machine translation: pair the two versions, align their figures.

Many reports exist twice. The Chinese figures confirm or correct the damaged English ones, the
English ones fill gaps, and every disagreement is shown, never hidden:

- `find_pairs` (`pairs`) finds the two versions from metadata and shared figures;
- `align` (`align`) lines up figures one-to-one by measure and value, with the glossary's
  concepts (`concepts`);
- here, on a metrics frame (nothing is extracted again): `reconcile_frame` (every pair's aligned
  table), `apply_reconciliation` (confidence raised where the other version confirms a figure,
  a contradicted repair's halved, the note saying which figure did it), `merge_versions` (one
  report in two versions, a figure both state one row).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kit.load.corpus import Corpus
from kit.reconcile.alignment import (
    Aligned,
    Key,
    _adjusted,
    _Effect,
    _effects,
    _key,
    _missing,
    align,
    to_frame,
)
from kit.reconcile.pairs import (
    Pair,
    _documents,
    _original_first,
    _pairs,
    _values,
    find_pairs,
)
from kit.schema import METRIC_FIELDS, Document, Metric


def reconcile(doc_a: Document, doc_b: Document) -> pd.DataFrame:
    """Extract both versions and align their figures (see `align` and `to_frame`)."""
    from kit.run.engine import extract_document

    return to_frame(align(extract_document(doc_a), extract_document(doc_b)))


def reconcile_frame(
    frame: pd.DataFrame, documents: Iterable[Document]
) -> Iterator[tuple[Pair, pd.DataFrame]]:
    """Every pair `find_pairs` finds among `documents` with its aligned table, from the figures
    of a metrics frame (nothing is extracted; only the paired documents' rows are read)."""
    for pair, rows, _ in aligned_pairs(frame, documents):
        yield pair, to_frame(rows)


def aligned_pairs(
    frame: pd.DataFrame, documents: Iterable[Document]
) -> Iterator[tuple[Pair, list[Aligned], dict[Key, float]]]:
    """`reconcile_frame` without a table a pair: each pair's aligned rows, and the confidence
    each aligned figure gets from its partner, by (doc_id, start, end)."""
    docs = list(documents)
    pairs = _pairs(docs, _values(frame))
    by_doc = _frame_metrics(frame, {d for p in pairs for d in (p.doc_a, p.doc_b)})
    for pair in pairs:
        rows = align(by_doc.get(pair.doc_a, []), by_doc.get(pair.doc_b, []))
        effects = _effects(rows)
        confidence = {
            _key(m): _adjusted(m.confidence, m.repaired is not None, effects[_key(m)])
            for row in rows
            for m in (row.a, row.b)
            if m is not None and _key(m) in effects
        }
        yield pair, rows, confidence


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
    "VERSION_COLUMNS",
    "aligned_pairs",
    "apply_reconciliation",
    "format_table",
    "merge_versions",
    "reconcile_frame",
    "records",
    "version_pairs",
]
