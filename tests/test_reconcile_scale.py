"""Reconciliation at corpus scale: figures extracted once, look-ups by measure, pairs by metadata.

The indexes must never change a result, so each is checked against the all-pairs way it
replaced (the index monkeypatched away), and the work they save is counted.
"""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations
from typing import Any

import pandas as pd
import pytest
from _metrics import QUIET

import kit.api
import kit.reconcile as rec
import kit.reconcile.alignment as al
import kit.reconcile.pairs as pairs
import kit.run.engine
from kit.load.corpus import load_corpus
from kit.schema import Document, Metric

# (English counted words, Chinese counted words): one measure each, as the seeds word them
MEASURES = [
    ("wire fraud cases", "电信网络诈骗案件"),
    ("community police officers", "社区民警"),
    ("mediation rooms", "调解室"),
    ("police station directors", "派出所所长"),
    ("smart security communities", "智慧安防小区"),
    ("criminal suspects", "犯罪嫌疑人"),
    ("traffic accidents", "交通事故"),
    ("patrols", "巡逻"),
]


def _m(doc_id: str, n: int, value: float, counted: str) -> Metric:
    fields: dict[str, Any] = {**QUIET, "start": 10 * n, "end": 10 * n + 3, "text": str(value)}
    return Metric(
        doc_id=doc_id,
        value=value,
        unit="count",
        counted=counted,
        sentence=counted,
        language="zh" if doc_id.startswith("zh") else "en",
        **fields,
    )


def _versions(per_measure: int) -> tuple[list[Metric], list[Metric]]:
    en, zh = [], []
    for k in range(per_measure):
        for n, (en_words, zh_words) in enumerate(MEASURES):
            value = 100 + 10 * n + 1000 * k
            en.append(_m("en.txt", len(en), value, en_words))
            zh.append(_m("zh.txt", len(zh), value, zh_words))
    return en, zh


@pytest.fixture
def count_extract(monkeypatch):
    """Count extract() calls by document, wherever the kit calls it from."""
    calls: Counter[str] = Counter()
    real = kit.run.engine.extract_document

    def counting(doc: Document) -> list[Metric]:
        calls[doc.doc_id] += 1
        return real(doc)

    monkeypatch.setattr(kit.run.engine, "extract_document", counting)
    return calls


@pytest.mark.parametrize("cache", [False, "dir"])
def test_reconciled_frame_extracts_each_document_once(count_extract, tmp_path, cache):
    docs = load_corpus().documents
    frame = kit.api.metrics_frame(docs, reconcile=True, cache=tmp_path if cache else False)
    assert len(frame) > 0
    assert count_extract == Counter({d.doc_id: 1 for d in docs})


def test_reconcile_corpus_extracts_each_document_once(count_extract):
    docs = load_corpus().documents
    tables = list(rec.reconcile_corpus(docs))
    assert count_extract == Counter({d.doc_id: 1 for d in docs})
    assert [(p.doc_a, p.doc_b) for p, _ in tables] == [
        ("000_fe8e3cc9c7a97b01.txt", "004_f2f0698675f26159.txt")
    ]
    assert set(tables[0][1]["status"]) == set(al.STATUSES)


def _all_pairs(monkeypatch) -> None:
    """Make `align` try every figure against every other, as before the index (`_compare`
    first rules out figures of another unit or change, then reads their words)."""

    def every(self: al._Side, m: Metric, f: al._Features) -> list[int]:
        return [k for k, o in enumerate(self.metrics) if (o.unit, o.change) == (m.unit, m.change)]

    monkeypatch.setattr(al._Side, "comparable", every)


def _pairs_by_brute_force(docs: list[Document]) -> list[tuple[int, int, Any]]:
    found = []
    for i, j in combinations(range(len(docs)), 2):
        a, b = docs[i], docs[j]
        if a.language and b.language and a.language != b.language:
            meta = pairs._metadata_of(pairs._meta_key(a), pairs._meta_key(b))
            if meta is not None:
                found.append((i, j, meta))
    return found


def _aligned(rows: list[al.Aligned]) -> pd.DataFrame:
    return al.to_frame(rows)


def test_measure_index_gives_the_all_pairs_alignment(monkeypatch):
    seeds = {d.doc_id: d for d in load_corpus().documents}
    from kit.figures import extract

    cases = [_versions(3)]
    en, zh = extract(seeds["000_fe8e3cc9c7a97b01.txt"]), extract(seeds["004_f2f0698675f26159.txt"])
    cases += [(en, zh), (zh, en), (en[::2], zh[1::3])]
    indexed = [_aligned(al.align(a, b)) for a, b in cases]
    _all_pairs(monkeypatch)
    for (a, b), got in zip(cases, indexed, strict=True):
        pd.testing.assert_frame_equal(got, _aligned(al.align(a, b)))


def test_align_compares_only_figures_of_one_measure(monkeypatch):
    en, zh = _versions(6)  # 48 figures a side, 8 measures
    calls = 0
    real = al._compare_features

    def counting(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(al, "_compare_features", counting)
    rows = al.align(en, zh)
    assert [r.status for r in rows] == ["agree"] * len(en)
    assert all(r.a.value == r.b.value for r in rows)
    # 6 x 6 candidates per measure, 8 measures: 288 comparisons, not 48 x 48 = 2,304
    assert calls == len(MEASURES) * 6 * 6


def test_pairs_from_metadata_groups_equal_the_all_pairs_loop(monkeypatch):
    rng = random.Random(7)
    docs = [
        Document(
            doc_id=f"{n:03}.txt",
            text="",
            language=rng.choice(["en", "zh", "zh", None]),
            region=rng.choice(["Xining", "Sichuan", None]),
            year=rng.choice([2013, 2023, None]),
            period=rng.choice(["annual", "spring_festival", None]),
        )
        for n in range(120)
    ]
    assert pairs._candidate_pairs(docs) == _pairs_by_brute_force(docs)
    values = {
        d.doc_id: [_m(d.doc_id, k, rng.choice([1, 2, 3, 4, 5]), "cases") for k in range(3)]
        for d in docs
    }
    grouped = pairs.find_pairs(docs, metrics=values)
    monkeypatch.setattr(pairs, "_candidate_pairs", _pairs_by_brute_force)
    assert grouped == pairs.find_pairs(docs, metrics=values)
    assert len(grouped) > 10


def test_pairs_look_only_at_documents_that_can_pair():
    docs = [
        Document(
            doc_id=f"{lang}{n}.txt",
            text="",
            language=lang,
            region=f"R{n}",
            year=2023,
            period="annual",
        )
        for n in range(300)
        for lang in ("en", "zh")
    ]
    # 600 documents, 179,700 pairs of them; only the 300 same-region pairs are ever scored
    assert len(pairs._candidate_pairs(docs)) == 300
