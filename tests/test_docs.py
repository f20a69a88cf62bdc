"""The docs stay true to the tree: the map names every module, and nothing points outside the repo.

Regression: the README sent readers to `../shared/...`, which no clone has.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"
DOCS = sorted({ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("evaluation/*.md")})
OUTSIDE = ("../shared", "/work/shared")
#: paths the map names that exist only inside a built wheel, or are templates for new files
NOT_IN_A_CHECKOUT = {"kit/_seeds/", "kit/_notebooks/"}
PLACEHOLDER = re.compile(r"<name>|NN_")
MODULES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in ROOT.glob("kit/**/*.py")
    if p.name != "__init__.py" or p.parent.name in ("kit", "lexicon")
)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_doc_points_outside_the_repository(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert not [o for o in OUTSIDE if o in text]


@pytest.mark.parametrize("module", MODULES)
def test_the_map_names_every_module(module: str) -> None:
    assert f"`{module}`" in ARCHITECTURE.read_text(encoding="utf-8")


def test_every_path_on_the_map_exists() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(
        re.findall(r"`((?:kit|notebooks|tests|bench|scripts|seeds|evaluation)/[^`*]*)`", text)
    )
    assert len(named) > len(MODULES) // 2, "the pattern finds too few paths: check it"
    checked = {p for p in named - NOT_IN_A_CHECKOUT if not PLACEHOLDER.search(p)}
    missing = sorted(p for p in checked if not (ROOT / p.rstrip("/")).exists())
    assert not missing


def test_readme_documents_every_indicator_of_the_lexicon() -> None:
    from kit.figures.indicators import indicators

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for ind in indicators():
        assert f"| `{ind.key}` | {ind.label} |" in readme, ind.key
