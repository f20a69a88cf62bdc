"""The docs point nowhere outside the repository, and the README's indicator table is the lexicon's.
(The map's own checks, every module named and every path and function real, are in
tests/test_architecture.py.)

Regression: the README sent readers to `../shared/...`, which no clone has.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted({ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("evaluation/*.md")})
OUTSIDE = ("../shared", "/work/shared")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_doc_points_outside_the_repository(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert not [o for o in OUTSIDE if o in text]


def test_readme_documents_every_indicator_of_the_lexicon() -> None:
    from kit.figures.indicators import indicators

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for ind in indicators():
        assert f"| `{ind.key}` | {ind.label} |" in readme, ind.key
