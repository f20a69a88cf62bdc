"""Extraction scored against the hand-checked gold in evaluation/, by the project's own scorer.

Two sets, one scorer, run exactly as the README shows it on the figures `kit` extracts:
- the shared seeds, at issue 10's bars (recall and precision >= 0.97, topic and change >= 0.95,
  baseline and indicator >= 0.9, scope >= 0.95);
- the development set (22 real reports, learned from as patterns, never sentence by sentence),
  at issue 19's bars for what each figure measures: topic >= 0.92, change >= 0.97, baseline
  >= 0.92, scope >= 0.95, indicator precision >= 0.95 and recall >= 0.85, and its figures found
  at recall and precision >= 0.97;
- the blind held-out set (16 reports written and annotated without the kit, English 200-207 and
  Chinese 300-307, never tuned on: it stands in for the real reports the team never sees), each
  part and the whole at the bars it reached, a little under, and never under issue 19's unseen
  bars (F1 >= 0.95, indicator precision >= 0.92 and recall >= 0.8, topic and baseline >= 0.9,
  scope >= 0.95);
- the second blind set (16 more reports, English 400-407 and Chinese 501-508, written the same
  way and sealed while the first round's rules were made, then learned from as patterns in the
  second round), each part and the whole the same way.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kit.figures import extract
from kit.load.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT / "evaluation" / "score_gold.py"
SEEDS = (ROOT / "evaluation" / "gold" / "seeds-shared.jsonl", ROOT / "seeds")
DEV = (
    ROOT / "evaluation" / "gold" / "dev" / "gold.jsonl",
    ROOT / "evaluation" / "gold" / "dev" / "docs",
)
BLIND = ROOT / "evaluation" / "gold" / "blind"
BLIND2 = ROOT / "evaluation" / "gold" / "blind2"
BLIND3 = ROOT / "evaluation" / "gold" / "blind3"
BLIND4 = ROOT / "evaluation" / "gold" / "blind4"
SEED_BARS = {
    "recall": 0.97,
    "precision": 0.97,
    "topic_acc": 0.95,
    "change_acc": 0.95,
    "baseline_acc": 0.9,
    "indicator_acc": 0.9,
    "scope_acc": 0.95,
}
DEV_BARS = {
    "recall": 0.97,
    "precision": 0.97,
    "topic_acc": 0.92,
    "change_acc": 0.97,
    "baseline_acc": 0.92,
    "scope_acc": 0.95,
    "indicator_precision": 0.95,
    "indicator_recall": 0.85,
}

#: the blind set, each part and the whole, at what it reached (a little under)
BLIND_BARS = {
    "gold-blinden.jsonl": {
        "f1": 0.95,
        "recall": 0.96,
        "precision": 0.94,
        "topic_acc": 0.97,
        "change_acc": 0.98,
        "baseline_acc": 0.97,
        "scope_acc": 0.97,
        "indicator_precision": 0.96,
        "indicator_recall": 0.96,
    },
    "gold-blindzh.jsonl": {
        "f1": 0.98,
        "recall": 0.98,
        "precision": 0.98,
        "topic_acc": 0.95,
        "change_acc": 0.98,
        "baseline_acc": 0.97,
        "scope_acc": 0.97,
        "indicator_precision": 0.96,
        "indicator_recall": 0.96,
    },
    "gold.jsonl": {
        "f1": 0.97,
        "recall": 0.98,
        "precision": 0.96,
        "topic_acc": 0.96,
        "change_acc": 0.98,
        "baseline_acc": 0.97,
        "scope_acc": 0.97,
        "indicator_precision": 0.96,
        "indicator_recall": 0.96,
    },
}
#: the second blind set, each part and the whole, at what it reached (a little under)
BLIND2_BARS = {
    "gold-blind2en.jsonl": {
        "f1": 0.98,
        "recall": 0.98,
        "precision": 0.98,
        "topic_acc": 0.95,
        "change_acc": 0.98,
        "baseline_acc": 0.98,
        "scope_acc": 0.98,
        "indicator_precision": 0.97,
        "indicator_recall": 0.97,
    },
    "gold-blind2zh.jsonl": {
        "f1": 0.98,
        "recall": 0.98,
        "precision": 0.98,
        "topic_acc": 0.96,
        "change_acc": 0.98,
        "baseline_acc": 0.98,
        "scope_acc": 0.98,
        "indicator_precision": 0.96,
        "indicator_recall": 0.97,
    },
    "gold.jsonl": {
        "f1": 0.98,
        "recall": 0.98,
        "precision": 0.98,
        "topic_acc": 0.96,
        "change_acc": 0.98,
        "baseline_acc": 0.98,
        "scope_acc": 0.98,
        "indicator_precision": 0.97,
        "indicator_recall": 0.97,
    },
}
#: the third blind set, sealed while the second round's rules were made (it scored .992 F1,
#: scope .949 then), and the third round's tuning set since: what round 3 reached, a little
#: under (a fourth, sealed set measures round 3)
BLIND3_BARS = {
    "gold-blind3en.jsonl": {
        "f1": 0.98,
        "recall": 0.99,
        "precision": 0.97,
        "topic_acc": 0.91,
        "change_acc": 0.99,
        "baseline_acc": 0.99,
        "scope_acc": 0.98,
        "indicator_precision": 0.92,
        "indicator_recall": 0.85,
    },
    "gold-blind3zh.jsonl": {
        "f1": 0.98,
        "recall": 0.97,
        "precision": 0.99,
        "topic_acc": 0.94,
        "change_acc": 0.98,
        "baseline_acc": 0.94,
        "scope_acc": 0.97,
        "indicator_precision": 0.94,
        "indicator_recall": 0.96,
    },
    "gold.jsonl": {
        "f1": 0.98,
        "recall": 0.98,
        "precision": 0.98,
        "topic_acc": 0.93,
        "change_acc": 0.99,
        "baseline_acc": 0.97,
        "scope_acc": 0.98,
        "indicator_precision": 0.93,
        "indicator_recall": 0.9,
    },
}
#: the fourth blind set, sealed while the third round's rules were made: what it scored then, a
#: little under (a measure, not a tuning set; a part alone may sit under an unseen bar)
BLIND4_BARS = {
    "gold-blind4en.jsonl": {
        "f1": 0.97,
        "recall": 0.98,
        "precision": 0.96,
        "topic_acc": 0.91,
        "change_acc": 0.99,
        "baseline_acc": 0.9,
        "scope_acc": 0.97,
        "indicator_precision": 0.88,
        "indicator_recall": 0.82,
    },
    "gold-blind4zh.jsonl": {
        "f1": 0.98,
        "recall": 0.98,
        "precision": 0.99,
        "topic_acc": 0.88,
        "change_acc": 0.99,
        "baseline_acc": 0.96,
        "scope_acc": 0.95,
        "indicator_precision": 0.95,
        "indicator_recall": 0.87,
    },
    "gold.jsonl": {
        "f1": 0.98,
        "recall": 0.98,
        "precision": 0.98,
        "topic_acc": 0.9,
        "change_acc": 0.99,
        "baseline_acc": 0.93,
        "scope_acc": 0.96,
        "indicator_precision": 0.92,
        "indicator_recall": 0.85,
    },
}
#: issue 19's bars for real reports never seen: no blind bar may be set under them
UNSEEN_BARS = {
    "f1": 0.95,
    "indicator_precision": 0.92,
    "indicator_recall": 0.8,
    "topic_acc": 0.9,
    "baseline_acc": 0.9,
    "scope_acc": 0.95,
}


def _score(gold: Path, docs: Path, bars: dict[str, float], tmp_path: Path) -> str:
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        "".join(
            json.dumps(m.to_dict(), ensure_ascii=False) + "\n"
            for doc in load_corpus(docs).documents
            for m in extract(doc)
        ),
        encoding="utf-8",
    )
    args = [arg for name, bar in bars.items() for arg in ("--min", f"{name}={bar}")]
    run = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "--gold",
            str(gold),
            "--docs",
            str(docs),
            "--pred",
            str(pred),
            *args,
        ],
        capture_output=True,
        text=True,
    )
    headline = run.stdout.strip().splitlines()[-1]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr
    assert headline.startswith("recall="), headline
    return headline


def test_shared_gold_meets_the_bars(tmp_path: Path) -> None:
    _score(*SEEDS, SEED_BARS, tmp_path)


def test_development_set_meets_the_bars_of_what_each_figure_measures(tmp_path: Path) -> None:
    headline = _score(*DEV, DEV_BARS, tmp_path)
    assert "indicator_precision=" in headline and "scope_acc=" in headline, headline


#: the blind sets a round of rules was tuned on, with their bars (never under the unseen bars)
TUNED = [(BLIND, BLIND_BARS), (BLIND2, BLIND2_BARS), (BLIND3, BLIND3_BARS)]


@pytest.mark.parametrize(
    ("folder", "gold"),
    [(folder, gold) for folder, bars in TUNED for gold in sorted(bars)],
    ids=[f"{folder.name}-{gold}" for folder, bars in TUNED for gold in sorted(bars)],
)
def test_tuned_blind_sets_meet_their_bars(folder: Path, gold: str, tmp_path: Path) -> None:
    bars = dict(TUNED)[folder][gold]
    assert all(bars[name] >= bar for name, bar in UNSEEN_BARS.items()), bars
    headline = _score(folder / gold, folder / "docs", bars, tmp_path)
    assert "indicator_recall=" in headline, headline


@pytest.mark.parametrize("gold", sorted(BLIND4_BARS))
def test_fourth_blind_set_keeps_its_sealed_score(gold: str, tmp_path: Path) -> None:
    headline = _score(BLIND4 / gold, BLIND4 / "docs", BLIND4_BARS[gold], tmp_path)
    assert "indicator_recall=" in headline, headline


@pytest.mark.parametrize(
    ("folder", "stem"),
    [(BLIND, "blind"), (BLIND2, "blind2"), (BLIND3, "blind3"), (BLIND4, "blind4")],
)
def test_the_blind_set_is_its_two_parts(folder: Path, stem: str) -> None:
    """gold.jsonl and meta.jsonl are the concatenations of the parts, in order."""
    for whole, parts in (("gold.jsonl", f"gold-{stem}"), ("meta.jsonl", f"meta-{stem}")):
        joined = "".join((folder / f"{parts}{p}.jsonl").read_text("utf-8") for p in ("en", "zh"))
        assert (folder / whole).read_text("utf-8") == joined, whole
