"""Extraction scored against the hand-checked gold in evaluation/, by the project's own scorer.

The bars are issue 10's: recall and precision >= 0.97, topic and change >= 0.95, baseline and
indicator >= 0.9, scope >= 0.95. The scorer is run exactly as the README shows it, on the
figures `kit extract` writes, so the test and the README cannot drift apart.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kit.extract import extract
from kit.load.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "evaluation" / "gold" / "seeds-shared.jsonl"
SCORER = ROOT / "evaluation" / "score_gold.py"
BARS = {
    "recall": 0.97,
    "precision": 0.97,
    "topic_acc": 0.95,
    "change_acc": 0.95,
    "baseline_acc": 0.9,
    "indicator_acc": 0.9,
    "scope_acc": 0.95,
}


def test_shared_gold_meets_the_bars(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        "".join(
            json.dumps(m.to_dict(), ensure_ascii=False) + "\n"
            for doc in load_corpus(ROOT / "seeds").documents
            for m in extract(doc)
        ),
        encoding="utf-8",
    )
    bars = [arg for name, bar in BARS.items() for arg in ("--min", f"{name}={bar}")]
    args = ["--gold", str(GOLD), "--docs", str(ROOT / "seeds"), "--pred", str(pred), *bars]
    run = subprocess.run(
        [sys.executable, str(SCORER), *args],
        capture_output=True,
        text=True,
    )
    headline = run.stdout.strip().splitlines()[-1]
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr
    assert headline.startswith("recall="), headline
