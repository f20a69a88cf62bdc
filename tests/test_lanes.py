"""The fast lane stays fast: a test module that starts kernels or browsers carries the marker
`python3 dev.py test --fast` leaves out, and the lane leaves out every marker pyproject declares.

Regression: there was no lane between "lint" and the 15-minute suite. The markers are set once
per module (`pytestmark`); this test reads each module's imports and calls, so a new browser
or notebook test cannot slip into the fast lane unmarked.
"""

from __future__ import annotations

import ast
import importlib.util
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = sorted(p for p in (ROOT / "tests").glob("test_*.py") if p.name != Path(__file__).name)

#: what in a module's code (not its strings or comments) starts a kernel or a browser
KERNEL_IMPORTS = ("papermill", "nbclient", "jupyter_client", "test_notebooks", "test_briefing")
KERNEL_CALLS = ("build_briefings", "execute_notebook", "run_notebook")
BROWSER_IMPORTS = ("playwright",)


def _top(name: str) -> str:
    return name.split(".")[0]


def needs(source: str) -> set[str]:
    """The markers a module's code calls for: `kernel`, `browser`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module]
            found |= {"kernel" for a in node.names if a.name in KERNEL_CALLS}
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in KERNEL_CALLS:
                found.add("kernel")
            if name == "importorskip" and node.args and isinstance(node.args[0], ast.Constant):
                modules = [str(node.args[0].value)]
        found |= {"kernel" for m in modules if _top(m) in KERNEL_IMPORTS}
        found |= {"browser" for m in modules if _top(m) in BROWSER_IMPORTS}
    return found


def marked(source: str) -> set[str]:
    """The markers of the module's `pytestmark` line."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            return {
                n.attr
                for n in ast.walk(node.value)
                if isinstance(n, ast.Attribute)
                and isinstance(n.value, ast.Attribute)
                and n.value.attr == "mark"
            }
    return set()


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    needs: set[str]


CASES = [
    Case("papermill", "import papermill as pm\n", {"kernel"}),
    Case(
        "build call", "from kit.publish import briefing\nbriefing.build_briefings([])\n", {"kernel"}
    ),
    Case("imported builder", "from kit.publish.briefing import build_briefings\n", {"kernel"}),
    Case("shared fixture", "from test_notebooks import execute, kernel_name\n", {"kernel"}),
    Case("playwright", 'pw = pytest.importorskip("playwright.sync_api")\n', {"browser"}),
    Case("only a string", 'NAMES = ["papermill", "playwright"]  # build_briefings\n', set()),
    Case("the briefings command", 'assert main(["briefings", "--region", "x"]) == 2\n', set()),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_reader_sees_what_starts_a_kernel_or_browser(case: Case) -> None:
    assert needs(case.source) == case.needs


@pytest.mark.parametrize("path", TESTS, ids=lambda p: p.name)
def test_modules_that_start_kernels_or_browsers_are_marked(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    missing = needs(source) - marked(source)
    assert not missing, f"add `pytestmark = pytest.mark.{sorted(missing)[0]}` to {path.name}"


def test_the_fast_lane_leaves_out_every_declared_marker() -> None:
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    assert spec and spec.loader
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {m.split(":")[0] for m in options["tool"]["pytest"]["ini_options"]["markers"]}
    assert {"slow", "kernel", "browser"} <= declared
    assert set(dev.FAST.split(" and ")) == {f"not {m}" for m in declared}
