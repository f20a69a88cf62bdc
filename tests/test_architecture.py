"""The map in `docs/architecture.md` stays true to the tree (issue 21).

Every path it names exists; every `path:function` of its "Where is …" table names a function,
class, method or constant that the file defines (read with `ast`, or a JavaScript function);
every module, template and asset under `kit/` is named, so a newcomer finds each room on the
map. A failure names the row or the file, and what is missing.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "kit"
MAP = ROOT / "docs" / "architecture.md"
TEXT = MAP.read_text(encoding="utf-8")

TOP = ("kit/", "tests/", "bench/", "scripts/", "notebooks/", "seeds/", "evaluation/", "docs/")
BUILT = ("kit/_seeds/", "kit/_notebooks/")  # copied into the wheel at build time, not in a tree
PLACEHOLDER = re.compile(r"<|NN_")  # `kit/lexicon/<name>.toml`, `notebooks/NN_name.ipynb`
SKIPPED_FILES = {".pyc"}


def _code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text)


def _path_refs(text: str) -> list[tuple[str, str | None]]:
    """(path, name) of every code span that is a repository path, `path:name` included."""
    refs = []
    for span in _code_spans(text):
        if " " in span or not span.startswith(TOP) or PLACEHOLDER.search(span):
            continue
        path, _, name = span.partition(":")
        refs.append((path, name or None))
    return refs


def _where_is_rows() -> list[tuple[str, str]]:
    section = TEXT.split("## Where is …", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[1].startswith("`") and ":" in cells[1]:
            rows.append((cells[0], cells[1].strip("`")))
    return rows


def _exists(path: str) -> bool:
    if any(ch in path for ch in "*?["):
        return any(ROOT.glob(path))
    return (ROOT / path).exists()


def _python_defines(path: Path, dotted: str) -> bool:
    """Whether `dotted` (`name` or `Class.method`) is bound at the top of `path` / in a class."""
    body: list[ast.stmt] = ast.parse(path.read_text(encoding="utf-8")).body
    for part in dotted.split("."):
        found = None
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name == part:
                    found = node
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == part for t in targets):
                    found = node
        if found is None:
            return False
        body = found.body if isinstance(found, ast.ClassDef) else []
    return True


def _script_defines(path: Path, name: str) -> bool:
    source = path.read_text(encoding="utf-8")
    return re.search(rf"\bfunction\s+{re.escape(name)}\s*\(", source) is not None


ROWS = _where_is_rows()


def test_the_where_is_table_has_its_rows():
    assert len(ROWS) >= 25, f"docs/architecture.md's 'Where is …' table has {len(ROWS)} rows"


@pytest.mark.parametrize(("behaviour", "where"), ROWS, ids=[row[0] for row in ROWS])
def test_each_where_is_row_names_a_real_place(behaviour, where):
    path, _, name = where.partition(":")
    assert name, f"row '{behaviour}': `{where}` names no function (path:function)"
    file = ROOT / path
    assert file.is_file(), f"row '{behaviour}': {path} does not exist"
    defines = _python_defines if file.suffix == ".py" else _script_defines
    assert defines(file, name), f"row '{behaviour}': {path} defines no `{name}`"


def test_every_path_the_map_names_exists():
    refs = _path_refs(TEXT)
    assert len(refs) > len(_kit_files()) // 2, "the pattern finds too few paths: check it"
    missing = sorted(
        {path for path, _ in _path_refs(TEXT) if not path.startswith(BUILT) and not _exists(path)}
    )
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_every_function_the_map_names_is_defined():
    missing = []
    for path, name in _path_refs(TEXT):
        file = ROOT / path
        if name and file.is_file():
            defines = _python_defines if file.suffix == ".py" else _script_defines
            if not defines(file, name):
                missing.append(f"{path}:{name}")
    assert not missing, f"docs/architecture.md names what its file does not define: {missing}"


def _named(path: str, refs: list[tuple[str, str | None]]) -> bool:
    return any(path == ref or fnmatch.fnmatch(path, ref) for ref, _ in refs)


def _kit_files() -> list[Path]:
    return sorted(
        p
        for p in KIT.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and p.suffix not in SKIPPED_FILES
        and not p.relative_to(ROOT).as_posix().startswith(BUILT)
    )


def _empty_package(path: Path) -> bool:
    """An `__init__.py` holding at most a docstring: a folder marker, not a room."""
    if path.name != "__init__.py":
        return False
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body)


def test_every_module_template_and_asset_under_kit_is_on_the_map():
    refs = _path_refs(TEXT)
    unnamed = [
        p.relative_to(ROOT).as_posix()
        for p in _kit_files()
        if not _empty_package(p) and not _named(p.relative_to(ROOT).as_posix(), refs)
    ]
    assert not unnamed, (
        "docs/architecture.md does not name these files under kit/ (add a row to "
        f"'Every module in one line'): {unnamed}"
    )


# The checks above must catch a drifted map; each case is one way a map drifts.
DRIFTS = [
    pytest.param("| x | `kit/nowhere.py:load` |", "does not exist", id="moved module"),
    pytest.param("| x | `kit/lexicon/__init__.py:gone` |", "defines no", id="renamed function"),
    pytest.param(
        "| x | `kit/present/explore.py:Explorer.gone` |", "defines no", id="renamed method"
    ),
    pytest.param("| x | `kit/assets/templates/explore.js:gone` |", "defines no", id="js function"),
    pytest.param("| x | `kit/schema.py` |", "names no function", id="no function"),
]


@pytest.mark.parametrize(("row", "message"), DRIFTS)
def test_a_drifted_row_is_caught(row, message):
    behaviour, where = (c.strip() for c in row.strip("|").split("|"))
    with pytest.raises(AssertionError, match=message):
        test_each_where_is_row_names_a_real_place(behaviour, where.strip("`"))
