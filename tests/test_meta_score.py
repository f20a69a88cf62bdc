"""The development set's region, year and period, scored by evaluation/score_meta.py as a user
would run it: `kit docs DIR --format jsonl` over the development reports and the seeds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evaluation" / "gold" / "dev"

# What the texts allow. Three development reports name no place at all (the Xiamen, Hainan and
# Yuncheng excerpts say only 全市/全省; their place is in the address they came from), so region
# is at most 23/26; five state no year anywhere in the text (the MPS summer operation, the
# National Day 2025, Shanghai 2016, Zhejiang 2020 and Jiangsu 2022 excerpts), so year is at most
# 19/24. Each floor is the best the text allows less at most one miss.
FLOORS = {"region": 22 / 26, "year": 18 / 24, "period": 0.95}


def test_development_set_metadata_score(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in [*(GOLD / "docs").iterdir(), *(ROOT / "seeds").iterdir()]:
        shutil.copy(path, docs / path.name)
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "evaluation" / "score_meta.py"),
            "--meta",
            str(GOLD / "meta.jsonl"),
            "--docs",
            str(docs),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    last = out.stdout.strip().splitlines()[-1]
    scores = {k: float(v) for k, v in re.findall(r"(\w+)_acc=([\d.]+)", last)}
    assert set(scores) == set(FLOORS), out.stdout + out.stderr
    for field, floor in FLOORS.items():
        assert scores[field] >= floor - 1e-9, out.stdout
