"""No arrow runs up: every import in `kit/` points to its own layer or a lower one.

Data flows one way (docs/architecture.md): files → documents → mentions → figures → frames →
notebooks → briefings. Regression: `kit.present` imported `kit.publish` for its templates, and
three modules did `import kit` late to read the version, while `kit/__init__` named
`kit.publish.briefing`, which imported `kit` back. The test reads every module's source (every
import statement, inside functions and `if TYPE_CHECKING:` blocks included), so a late import
cannot hide an arrow.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kit"

#: the layers, low to high, as module-name prefixes; a module belongs to the layer of the
#: longest prefix that names it. A module may import its own layer and the ones below.
LAYERS: list[tuple[str, list[str]]] = [
    (
        "base",
        [
            "kit._version",
            "kit.assets",  # templates and page assets: a leaf `present` and `publish` share
            "kit.bundled",
            "kit.schema",
            "kit.text",
            "kit.terminal",  # plain text for a terminal: printable, aligned by display width
            "kit.lexicon",
            # reading numbers as written (issue 21's base: numerals, repair, mentions), now in the
            # figures package; `schema` names the repair rules, so they sit below `load`
            "kit.figures.numerals",
            "kit.figures.repair",
            "kit.figures.mentions",
            "kit.figures.surfaces",
            "kit.figures.prechecks",
            # a regular-expression helper with no kit imports; `mentions` scans with it
            "kit.load.candidates",
        ],
    ),
    ("load", ["kit.load", "kit.fetch"]),
    (
        "figures",
        [
            "kit.figures",
        ],
    ),
    ("frames", ["kit.frame", "kit.api", "kit.run", "kit.reconcile"]),
    ("present", ["kit.present"]),
    ("publish", ["kit.publish"]),
    ("cli", ["kit.cli"]),
    # the facades: what users and notebooks import; nothing in the kit imports them
    ("facade", ["kit", "kit.notebook"]),
]
RANK = {prefix: rank for rank, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes}
FACADES = set(LAYERS[-1][1])


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int | None:
    """The rank of the longest prefix naming `module` (a whole dotted part), None if none."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        rank = RANK.get(".".join(parts[:end]))
        if rank is not None and (end > 1 or module == "kit"):
            return rank
    return None


def resolve(name: str) -> str:
    """The kit module an imported name lands in: `kit.x.f` (a function) → `kit.x`."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in MODULES:
            return ".".join(parts[:end])
    return name


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{MODULES[self.source].relative_to(ROOT)}:{self.line} imports {self.target}"


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def arrows(module: str, source: str, path: Path) -> list[Arrow]:
    """Every kit module `source` imports, wherever the import statement sits."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from its package, one level up per extra dot
                package = _package_of(module, path).split(".")
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, *([base] if base else [])])
            # `from kit import repair` imports kit.repair; `from kit import __version__`, kit
            names = [f"{base}.{a.name}" for a in node.names]
        for name in names:
            if name == "kit" or name.startswith("kit."):
                found.append(Arrow(module, resolve(name), node.lineno))
    return found


GRAPH = {m: arrows(m, p.read_text(encoding="utf-8"), p) for m, p in MODULES.items()}


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    module: str
    want: list[str]  # the kit modules it imports, in order


#: the reader of the import graph, on the statements that once hid upward arrows
READER_CASES = [
    Case(
        "late import kit", "def f():\n    import kit\n    return kit.x\n", "kit.run.cache", ["kit"]
    ),
    Case("submodule from kit", "from kit import figures\n", "kit.api", ["kit.figures"]),
    Case("name from kit", "from kit import __version__\n", "kit.cli", ["kit"]),
    Case(
        "function from a module",
        "from kit.load.corpus import load_corpus\n",
        "kit.api",
        ["kit.load.corpus"],
    ),
    Case(
        "inside TYPE_CHECKING",
        "if TYPE_CHECKING:\n    from kit.publish import webfont\n",
        "kit.present.charts",
        ["kit.publish.webfont"],
    ),
    Case(
        "relative",
        "from .fonts import use_cjk_fonts\n",
        "kit.present.charts",
        ["kit.present.fonts"],
    ),
    Case("not the kit", "import kitchen\nfrom pandas import kit\n", "kit.frame", []),
]


@pytest.mark.parametrize("case", READER_CASES, ids=lambda c: c.id)
def test_the_reader_finds_every_kind_of_import(case: Case) -> None:
    path = MODULES[case.module]
    assert [a.target for a in arrows(case.module, case.source, path)] == case.want


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("kit.load.corpus", "load"),
        ("kit.load.candidates", "base"),
        ("kit.figures.verbs", "figures"),  # the package helper `figures` is making
        ("kit.run.engine", "frames"),
        ("kit.frame", "frames"),
        ("kit.frames", None),  # a whole dotted part, not a string prefix
        ("kit", "facade"),
    ],
)
def test_a_module_takes_the_layer_of_its_longest_prefix(module: str, layer: str | None) -> None:
    rank = layer_of(module)
    assert (LAYERS[rank][0] if rank is not None else None) == layer


def test_every_module_has_a_layer() -> None:
    assert len(MODULES) > 50, "the walk finds too few modules: check it"
    missing = sorted(m for m in MODULES if layer_of(m) is None)
    assert not missing, f"add these to LAYERS in tests/test_layers.py: {missing}"


def test_no_module_imports_a_higher_layer() -> None:
    up = [
        str(a)
        for arrows_of in GRAPH.values()
        for a in arrows_of
        if a.target in MODULES and (layer_of(a.target) or 0) > (layer_of(a.source) or 0)
    ]
    assert not up, "\n".join(up)


def test_no_module_imports_the_facade() -> None:
    """`import kit` inside the kit is an arrow back up: import the module that has the name."""
    back = [str(a) for arrows_of in GRAPH.values() for a in arrows_of if a.target in FACADES]
    assert not back, "\n".join(back)


def test_every_import_names_a_module_that_exists() -> None:
    """A stale import (a module moved away) would otherwise escape the layer check."""
    stale = [str(a) for arrows_of in GRAPH.values() for a in arrows_of if a.target not in MODULES]
    assert not stale, "\n".join(stale)


def test_the_facade_names_only_modules_that_exist() -> None:
    import kit

    named = {module for module, _ in kit._LAZY.values()}
    assert named, "the facade names nothing: check the test"
    assert named <= set(MODULES), sorted(named - set(MODULES))


def test_the_version_is_written_once() -> None:
    """pyproject reads kit/_version.py; no other file of the kit or pyproject spells it."""
    import tomllib

    from kit._version import __version__

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert "version" not in project["project"]
    attr = project["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "kit._version.__version__"
    spelled = [
        str(p.relative_to(ROOT))
        for p in MODULES.values()
        if f'"{__version__}"' in p.read_text(encoding="utf-8")
    ]
    assert spelled == ["kit/_version.py"]
