"""The package's public surface stays small enough to learn (issue 21).

Each public module of `kit/` says in `__all__` what it offers beyond its own package, and only
that: every name listed is used by kit code outside the module's package (for a top-level module,
outside the module) or told to users as that module's (`module.name`, `path:name` in the README
or docs/). Tests, benchmarks and scripts may reach inside a package; that does not make a name
public. The two facades (`kit`, `kit.notebook`) list what users and notebooks get, and a name
they offer is public there, once. Every entry of every `__all__` counts against a budget a
newcomer can read in one sitting; no module grows past what
one reading holds. A module whose dotted name has a part starting with `_`
(`kit/fetch/_transfer.py`) is private to its package and offers nothing.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import kit

KIT = Path(kit.__file__).parent
ROOT = KIT.parent

BUDGET = 150  # names over every `__all__` of the package
FACADE_BUDGET = 16  # names `import kit` offers (about 15: issue 21)
MAX_LINES = 550
LONG_ALLOWED = {"kit/present/charts.py"}  # issue 21: the one module allowed past MAX_LINES

#: what users and notebooks import: every name they list is public by being there
FACADES = {"kit/__init__.py", "kit/notebook.py"}
#: folders whose code may use a package's insides without making them public
INSIDERS = ("tests/", "bench/", "scripts/", "evaluation/")


def _modules() -> dict[str, Path]:
    return {p.relative_to(ROOT).as_posix(): p for p in sorted(KIT.rglob("*.py"))}


MODULES = _modules()
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def _private(name: str) -> bool:
    parts = Path(name).with_suffix("").parts
    return any(part.startswith("_") and part != "__init__" for part in parts)


def _declared_all(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return list(ast.literal_eval(node.value))
    return None


def _public_definitions(tree: ast.Module) -> list[str]:
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return [n.name for n in tree.body if isinstance(n, kinds) and not n.name.startswith("_")]


def _bound(body: list[ast.stmt]) -> set[str]:
    """Names a module's top level binds: definitions, assignments (tuples too), imports,
    including those inside `if`/`try` blocks (`if TYPE_CHECKING:`)."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.If):
            names |= _bound(node.body) | _bound(node.orelse)
        elif isinstance(node, ast.Try):
            names |= _bound(node.body) | _bound(node.orelse) | _bound(node.finalbody)
            for handler in node.handlers:
                names |= _bound(handler.body)
    return names


PUBLIC = [name for name in MODULES if not _private(name)]


@pytest.mark.parametrize("name", PUBLIC)
def test_a_module_with_public_functions_declares_all(name):
    public = _public_definitions(TREES[name])
    if not public:
        return
    assert _declared_all(TREES[name]) is not None, (
        f"{name} defines public {', '.join(public[:5])}… but declares no __all__: list the names"
        " other modules, notebooks and users use (or prefix the rest with `_`)"
    )


def _dotted(name: str) -> str:
    return ".".join(Path(name).with_suffix("").parts).removesuffix(".__init__")


DOTTED = {_dotted(n): n for n in MODULES}
LAZY = dict(kit._LAZY)  # facade name -> (module, attribute or None)


def _resolve(parts: list[str]) -> tuple[str, str] | None:
    """(module file, name) that `kit.a.b.name` (split) refers to, through the facade's names."""
    module, rest = "kit", parts[1:]
    if rest and rest[0] in LAZY:
        target, attribute = LAZY[rest[0]]
        if attribute is not None:
            return DOTTED[target], attribute
        module, rest = target, rest[1:]
    while rest and f"{module}.{rest[0]}" in DOTTED:
        module, rest = f"{module}.{rest[0]}", rest[1:]
    return (DOTTED[module], rest[0]) if rest and module in DOTTED else None


def _python_uses(path: Path) -> set[tuple[str, str]]:
    """(module file, name) pairs a Python file reaches for: `from kit.x import name`, relative
    imports, `alias.name` where `alias` is a kit module, `"kit.x.name"` strings (patching)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError):
        return set()
    here = _dotted(path.relative_to(ROOT).as_posix()) if path.is_relative_to(KIT) else ""
    aliases: dict[str, str] = {}
    uses: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "kit":
                    aliases[a.asname or "kit"] = a.name if a.asname else "kit"
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = here.split(".")[
                    : len(here.split(".")) - node.level + (1 if path.name == "__init__.py" else 0)
                ]
                base = ".".join([*package, *([node.module] if node.module else [])])
            if base.split(".")[0] != "kit":
                continue
            for a in node.names:
                full = f"{base}.{a.name}"
                if full in DOTTED:
                    aliases[a.asname or a.name] = full
                else:
                    if base == "kit" and a.name in LAZY:
                        uses.add(("kit/__init__.py", a.name))
                    if (found := _resolve([*base.split("."), a.name])) is not None:
                        uses.add(found)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            parts, inner = [], node
            while isinstance(inner, ast.Attribute):
                parts.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id in aliases:
                dotted = [*aliases[inner.id].split("."), *reversed(parts)]
                if dotted[0] == "kit" and len(dotted) > 1 and dotted[1] in LAZY:
                    uses.add(("kit/__init__.py", dotted[1]))  # the facade's own name
                if (found := _resolve(dotted)) is not None:
                    uses.add(found)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for ref in re.findall(r"\bkit(?:\.\w+)+", node.value):
                if (found := _resolve(ref.split("."))) is not None:
                    uses.add(found)
    return uses


def _uses() -> tuple[dict[str, set[str]], str]:
    """Who uses what: module file -> the files that use each of its names; and the code spans
    of the docs, where names are told to users."""
    folders = ("kit", "tests", "bench", "scripts", "notebooks", "evaluation")
    sources = [*ROOT.glob("*.py"), *(p for f in folders for p in (ROOT / f).rglob("*.py"))]
    users: dict[tuple[str, str], set[str]] = {}
    for path in sources:
        for use in _python_uses(path):
            users.setdefault(use, set()).add(path.relative_to(ROOT).as_posix())
    docs = [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("evaluation/*.md")]
    spans = " ".join(
        " ".join(re.findall(r"`([^`]+)`", p.read_text(encoding="utf-8"))) for p in docs
    )
    return users, spans + " " + (ast.get_docstring(TREES["kit/__init__.py"]) or "")


USERS, TOLD = _uses()


def _scope(name: str) -> str:
    """Where a module's insides may be used freely: its package's folder (or itself)."""
    parent = Path(name).parent.as_posix()
    return name if parent == "kit" else parent + "/"


FACADE_NAMES = {n for f in FACADES for n in _declared_all(TREES[f]) or []}


def _told(name: str, n: str) -> bool:
    """The docs name `n` as this module's: `module.n`, `kit.x.module.n` or `path:n` in a code
    span (a bare word such as `unit` is a field, not this module's function)."""
    module = Path(name).with_suffix("").name
    if module == "__init__":
        module = Path(name).parent.name
    return re.search(rf"(?:\b{re.escape(module)}\.|:){re.escape(n)}(?![\w])", TOLD) is not None


def _public_use(name: str, n: str) -> bool:
    """`n` of module `name` is used beyond its package by kit code other than the facades, or
    told in the docs as this module's. A name a facade offers is public there, once."""
    scope = _scope(name)
    users = {
        u
        for u in USERS.get((name, n), set())
        if u != name and u not in FACADES and not u.startswith(INSIDERS) and not u.startswith(scope)
    }
    return bool(users) or (n not in FACADE_NAMES and _told(name, n))


@pytest.mark.parametrize("name", [n for n in PUBLIC if n not in FACADES])
def test_every_name_in_all_is_used_beyond_its_package(name):
    inside = [n for n in _declared_all(TREES[name]) or [] if not _public_use(name, n)]
    assert not inside, (
        f"{name}: __all__ lists {inside}, which no kit code outside {_scope(name)}, notebook or"
        " doc uses: drop them from __all__ (tests, bench and scripts may still import them)"
    )


@pytest.mark.parametrize("name", PUBLIC)
def test_every_name_in_all_is_there_once(name):
    declared = _declared_all(TREES[name]) or []
    missing = sorted(set(declared) - _bound(TREES[name].body))
    assert not missing, f"{name}: __all__ names {missing}, which the module does not bind"
    twice = sorted({n for n in declared if declared.count(n) > 1})
    assert not twice, f"{name}: __all__ lists {twice} twice"


def _counts() -> dict[str, int]:
    counts = {n: len(_declared_all(TREES[n]) or []) for n in PUBLIC}
    return {n: c for n, c in sorted(counts.items(), key=lambda kv: -kv[1]) if c}


def test_public_names_within_budget():
    """Every entry of every `__all__` counts, the two facades' included."""
    counts = _counts()
    table = "\n".join(f"  {c:3d}  {n}" for n, c in counts.items())
    total = sum(counts.values())
    assert total <= BUDGET, f"{total} names in __all__ over the package (budget {BUDGET}):\n{table}"


def test_the_facade_offers_what_a_user_needs_and_the_type_checker_sees_the_same():
    assert len(kit.__all__) <= FACADE_BUDGET, f"kit.__all__ has {len(kit.__all__)}: {kit.__all__}"
    for name in kit.__all__:
        assert getattr(kit, name) is not None, name
    assert sorted(set(kit.__all__) - {"__version__"}) == sorted(kit._LAZY), (
        "kit.__all__ and kit._LAZY (what `kit.NAME` loads) name different things"
    )
    tree = TREES["kit/__init__.py"]
    checked = next(
        n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
    )
    assert _bound(checked.body) == set(kit._LAZY), (
        "the `if TYPE_CHECKING:` imports of kit/__init__.py differ from kit._LAZY"
    )
    with pytest.raises(AttributeError, match="no attribute 'briefs'"):
        kit.briefs  # noqa: B018 - notebooks import their helpers from kit.present


@pytest.mark.parametrize("name", list(MODULES))
def test_no_module_is_longer_than_one_reading(name):
    if name in LONG_ALLOWED:
        return
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES}): split it"
