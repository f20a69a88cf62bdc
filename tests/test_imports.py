"""What `import kit` loads, and that every module the kit imports is a declared dependency.

Regressions: `import kit` loaded matplotlib and ipywidgets (2.4x `import pandas`); `import
kit.briefs` failed without jinja2, which no one had declared (nor Pillow, bleach, pyzmq,
jupyter_client, traitlets). Timing is measured by bench/import_time.py, not here.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

#: modules that belong to charts, widgets, the explorer and briefings only (the extras)
HEAVY = ("matplotlib", "ipywidgets", "nbformat", "IPython", "jinja2")

#: files (or folders) whose third-party imports may come from an extra as well as the core's
#: `dependencies`; every other file of the kit may import the core only, so `kit extract`,
#: `kit docs`, frames, formats and fetch work where `pip install kit` put nothing else
EXTRA_OF_FILES = {
    "kit/assets/": "briefings",
    "kit/present/": "briefings",
    "kit/publish/": "briefings",
    "kit/notebook.py": "briefings",
    "kit/run/dask_engine.py": "dask",
    "notebooks/": "notebooks",
}


def _loaded_after(statement: str, cwd: Path = ROOT) -> dict[str, bool]:
    """Which HEAVY modules are in sys.modules after `statement`, in a fresh interpreter."""
    code = (
        f"import json, sys\n{statement}\n"
        f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@dataclass(frozen=True)
class Light:
    """A statement after which neither matplotlib nor ipywidgets may be loaded."""

    id: str
    statement: str


LIGHT = [
    Light("import_kit", "import kit"),
    Light("dir_kit", "import kit; dir(kit)"),
    Light("help_text", "import kit; kit.__doc__"),
    Light("load_names", "import kit; kit.load_corpus; kit.Corpus; kit.Document; kit.Metric"),
    Light("frames", "import kit; kit.metrics_frame; kit.documents_frame; kit.iter_metrics"),
    Light("a_metrics_frame", "import kit; kit.metrics_frame(cache=False)"),
    Light("a_documents_frame", "import kit; kit.documents_frame(cache=False)"),
    Light("cli_module", "import kit.cli"),
    Light("kit_extract", "from kit.cli import main; main(['extract', '--jobs', '1', '-o', 'x'])"),
    Light("kit_docs", "from kit.cli import main; main(['docs'])"),
]


@pytest.mark.parametrize("case", LIGHT, ids=lambda c: c.id)
def test_no_plotting_or_widgets_loaded(case: Light, tmp_path: Path) -> None:
    assert _loaded_after(case.statement, cwd=tmp_path) == dict.fromkeys(HEAVY, False)


def test_the_probe_sees_heavy_modules_when_they_load() -> None:
    """The check above can fail: asking for the charts does load matplotlib."""
    assert _loaded_after("import kit; kit.charts")["matplotlib"] is True


# --- declared dependencies ------------------------------------------------------------------


def _name(requirement: str) -> str:
    """PEP 503 normalised distribution name of a requirement string ("bleach[css]>=6")."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


DECLARED = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
_OPTIONAL = PYPROJECT["project"]["optional-dependencies"]


def _extra(name: str) -> set[str]:
    """What `pip install kit[name]` adds to the core: its requirements, `kit[...]` expanded."""
    found: set[str] = set()
    for requirement in _OPTIONAL[name]:
        if _name(requirement) == PYPROJECT["project"]["name"]:
            inner = re.search(r"\[(.*?)\]", requirement)
            assert inner, requirement
            for nested in inner.group(1).split(","):
                found |= _extra(nested.strip())
        else:
            found.add(_name(requirement))
    return found


EXTRAS = {extra: _extra(extra) for extra in _OPTIONAL}


@cache
def _distributions() -> Mapping[str, list[str]]:
    """Import name -> distributions providing it; read once (it walks every installed one)."""
    return packages_distributions()


def _extra_of(file: str) -> str:
    return next((e for prefix, e in EXTRA_OF_FILES.items() if file.startswith(prefix)), "")


def _third_party_imports(path: Path) -> set[str]:
    """Top-level names of the absolute imports in a file that are neither stdlib nor kit."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "kit"}


#: the package, and the notebooks shipped with it (`kit briefings` runs them)
SHIPPED = sorted(ROOT.glob("kit/**/*.py")) + sorted(ROOT.glob("notebooks/*.py"))
IMPORTS = sorted(
    (path.relative_to(ROOT).as_posix(), module)
    for path in SHIPPED
    for module in _third_party_imports(path)
)


def test_the_walk_finds_the_kits_imports() -> None:
    modules = {module for _, module in IMPORTS}
    assert {"pandas", "pyarrow", "opencc", "jinja2", "zmq", "PIL"} <= modules


@pytest.mark.parametrize(("file", "module"), IMPORTS, ids=[f"{f}:{m}" for f, m in IMPORTS])
def test_every_imported_module_is_a_declared_dependency(file: str, module: str) -> None:
    allowed = DECLARED | EXTRAS.get(_extra_of(file), set())
    distributions = {_name(d) for d in _distributions().get(module, [])}
    assert distributions, f"{file} imports {module}, which no installed distribution provides"
    assert distributions & allowed, (
        f"{file} imports {module} (from {', '.join(sorted(distributions))}), "
        "which pyproject.toml does not declare"
    )


#: declared dependencies the kit never imports, each with the reason it is still needed
NOT_IMPORTED = {
    "jupyterlab": "the design card's notebook front end (`python3 dev.py lab`)",
    "ipykernel": "the kernel `kit briefings` and JupyterLab run the notebooks in",
    "nbclient": "executes notebooks for papermill; its version bounds the cell timeout API",
    "jupytext": "keeps notebooks/*.ipynb paired with the reviewed notebooks/*.py",
    "noto-cjk-sans-otc": "Noto Sans CJK, found by its file path (`kit.present.fonts`)",
}


def test_every_declared_dependency_is_imported_or_named() -> None:
    """No dead weight: a dependency nothing imports must say why it stays (cn2an went so)."""
    imported = {_name(d) for _, module in IMPORTS for d in _distributions().get(module, [])}
    shipped = DECLARED | EXTRAS["notebooks"]
    assert sorted(shipped - imported) == sorted(NOT_IMPORTED)


@pytest.mark.parametrize(
    ("extra", "holds", "lacks"),
    [
        ("briefings", {"papermill", "matplotlib", "nbconvert"}, {"jupyterlab", "mypy"}),
        ("notebooks", {"jupyterlab", "jupytext", "papermill", "matplotlib"}, {"pytest"}),
        ("dev", {"jupyterlab", "papermill", "dask", "pytest", "mypy"}, set()),
    ],
)
def test_the_extras_nest(extra: str, holds: set[str], lacks: set[str]) -> None:
    """core ⊂ briefings ⊂ notebooks ⊂ dev; the core holds no Jupyter stack."""
    assert holds <= EXTRAS[extra]
    assert not lacks & EXTRAS[extra]
    assert not {"jupyterlab", "ipykernel", "matplotlib", "nbformat"} & DECLARED
    assert EXTRAS["briefings"] <= EXTRAS["notebooks"] <= EXTRAS["dev"]
