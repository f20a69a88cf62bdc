"""04_compare on a real series: a province's three annual reports and the nation's Jan–Sep road
figures for two years (beside one annual report), read from files and run as a briefing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("papermill")

from test_compare import write_series
from test_notebooks import COMPARE_PROBE, execute, kernel_name, problems  # noqa: F401

# executes a notebook in a Jupyter kernel: not in the fast lane
pytestmark = pytest.mark.kernel


def test_compare_notebook_pairs_like_periods_only(kernel_name: str, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "reports"
    folder.mkdir()
    write_series(folder)
    nb, _ = execute(
        "04_compare", kernel_name, tmp_path, COMPARE_PROBE, corpus=[str(folder)], briefing=True
    )
    assert not problems(nb), "\n".join(problems(nb))
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    rows = json.loads(text.split("PROBE ", 1)[1])
    assert len(rows) == 6  # every stated year-on-year change, each with the earlier level
    assert all(r["level the year before"] for r in rows)
    national = [r for r in rows if r["place"] == "China"]
    assert {r["period"] for r in national} == {"Jan–Sep"}
    assert all("cn_2022_year.txt" not in r["sources"] for r in national)  # never the annual one
    assert sum(r["status"] == "DISAGREES" for r in rows) == 1  # Jiangsu 2023 fraud: +8% vs +4%
