"""`kit briefings` says what it did as it goes, and builds notebooks side by side."""

from __future__ import annotations

import io
import re

import nbformat
import pytest

from kit.publish.briefing import build_briefings

# builds briefings: notebooks in Jupyter kernels: not in the fast lane
pytestmark = pytest.mark.kernel


def _notebook(path, *cells: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny briefing\n\nA sentence.")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return str(path)


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_line_per_notebook_with_its_seconds(tmp_path, jobs):
    good = _notebook(tmp_path / "a_good.ipynb", "x = 6 * 7\nprint(x)")
    bad = _notebook(tmp_path / "b_bad.ipynb", "raise ValueError('boom')")
    slow = _notebook(tmp_path / "c_slow.ipynb", "import time\ntime.sleep(1)")
    log = io.StringIO()
    result = build_briefings(
        out=tmp_path / "out", notebooks=[good, bad, slow], progress=False, jobs=jobs, log=log
    )
    lines = log.getvalue().splitlines()
    assert len(lines) == 3
    states = {}
    for line in lines:
        m = re.fullmatch(r"(\w+): (built|failed) in (\d+\.\d) s", line)
        assert m, line
        states[m[1]] = m[2]
        assert float(m[3]) < result.seconds + 0.1
    assert states == {"a_good": "built", "b_bad": "failed", "c_slow": "built"}
    # results and the index keep the notebooks' order, whichever finished first
    assert [p.name for p in result.built] == ["a_good.html", "c_slow.html"]
    assert [name for name, _ in result.failed] == ["b_bad"]
    assert "boom" in result.failed[0][1]
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert index.index("a_good.html") < index.index("c_slow.html")
