"""Extraction scored against hand-checked gold annotations (a copy of ../shared/gold).

The same matching rule as ../shared/tools/score_gold.py: a prediction matches a gold figure
when it overlaps the gold quote and has the gold value; optional and ambiguous gold may be
matched or missed freely. The bar is the project's: recall and precision >= 0.95.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from kit.extract import extract
from kit.load.corpus import load_corpus

DATA = Path(__file__).parent / "data" / "gold-seeds-shared.jsonl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _score() -> dict[str, float]:
    gold = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    docs = {d.doc_id: d for d in load_corpus([SEEDS / g["doc"] for g in gold]).documents}
    preds = {doc_id: extract(doc) for doc_id, doc in docs.items()}
    used: set[tuple[str, int]] = set()
    hits = topic_ok = change_ok = n_gold = 0
    for g in sorted(gold, key=lambda g: bool(g.get("optional") or g.get("ambiguous"))):
        text = docs[g["doc"]].text
        at = -1
        for _ in range(g.get("occurrence", 0) + 1):
            at = text.find(g["quote"], at + 1)
        end = at + len(g["quote"])
        optional = bool(g.get("optional") or g.get("ambiguous"))
        match = None
        for i, p in enumerate(preds[g["doc"]]):
            if (g["doc"], i) in used or not (p.start < end and p.end > at):
                continue
            if math.isclose(p.value, g["value"], rel_tol=1e-6) or optional:
                match = i
                break
        if match is not None:
            used.add((g["doc"], match))
        if optional:
            continue
        n_gold += 1
        if match is not None:
            p = preds[g["doc"]][match]
            hits += 1
            topic_ok += p.topic == g["topic"]
            change_ok += p.change == g["change"] and (
                not g["change"] or p.direction == g["direction"]
            )
    n_pred = sum(len(v) for v in preds.values())
    fp = n_pred - len(used)
    return {
        "recall": hits / n_gold,
        "precision": hits / (hits + fp),
        "topic": topic_ok / hits,
        "change": change_ok / hits,
    }


def test_shared_gold_meets_the_bar() -> None:
    score = _score()
    assert score["recall"] >= 0.95, score
    assert score["precision"] >= 0.95, score
    assert score["topic"] >= 0.85, score
    assert score["change"] >= 0.95, score
