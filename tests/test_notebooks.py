"""The curated notebooks: committed clean, paired with their py:percent form, and runnable.

Each notebook is executed top to bottom with a real kernel (this interpreter, so the venv's
packages) on the bundled seeds, as an analyst opens it (`briefing=False`) and as the briefing
build runs it (`briefing=True`), with parameters injected by papermill. A run fails on any error,
any output on stderr and any warning text in an output. Timings are printed (`pytest -s` or
`-rP` shows them) and recorded as a property, not asserted.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import _briefs as briefs
import jupytext
import nbformat
import pytest

from kit.present import fmt, series
from kit.present.explore import NO_FIGURES
from kit.present.mode import FRAGMENT_MIME
from kit.present.selection import RECONCILE

# executes every curated notebook in a Jupyter kernel: not in the fast lane
pytestmark = pytest.mark.kernel

papermill = pytest.importorskip("papermill")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NAMES = ("00_overview", "01_crackdown", "02_disputes", "03_traffic", "04_compare")
NOTEBOOKS = {name: NOTEBOOK_DIR / f"{name}.ipynb" for name in NAMES}
KERNEL = "kit-test-python"
PARAMETERS = {
    "corpus": "None  # list of files/folders; None means the bundled seeds",
    "regions": 'None  # e.g. ["Xining"]; None means all',
    "briefing": "False  # True when built as an HTML briefing",
    "reconcile": "True  # check against the other-language version; same in every notebook",
}
#: the only modules a notebook may import: narrative and calls into kit, no logic of its own
ALLOWED_IMPORTS = {"functools", "kit"}
WARNING_TEXT = re.compile(r"\b[A-Z]\w*Warning\b|\bTraceback \(most recent call last\)")
EMBEDDED_DATA = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS[name], as_version=4)


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


# --------------------------------------------------------------------------- committed form


def test_every_notebook_is_listed() -> None:
    assert sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name: str) -> None:
    nb = read(name)
    for cell in code_cells(nb):
        assert cell.outputs == [], f"{name}: a cell has outputs; clear them before committing"
        assert cell.execution_count is None, f"{name}: a cell has an execution count"
        assert not {"papermill", "execution"} & set(cell.metadata), f"{name}: run metadata"
    assert "widgets" not in nb.metadata, f"{name}: saved widget state"
    assert "papermill" not in nb.metadata, f"{name}: papermill metadata"
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_parameters_cell(name: str) -> None:
    first = code_cells(read(name))[0]
    assert first.metadata.get("tags") == ["parameters"], f"{name}: first code cell not tagged"
    lines = [line for line in first.source.splitlines() if line.strip()]
    assert lines == [f"{k} = {v}" for k, v in PARAMETERS.items()]
    values = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(first.source).body
        if isinstance(node, ast.Assign)
    }
    assert values == {"corpus": None, "regions": None, "briefing": False, "reconcile": RECONCILE}


@pytest.mark.parametrize("name", NAMES)
def test_jupytext_pair_in_sync(name: str) -> None:
    nb = jupytext.read(NOTEBOOKS[name])
    assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    paired = NOTEBOOKS[name].with_suffix(".py")
    assert paired.exists(), f"{paired.name} missing: jupytext --set-formats ipynb,py:percent"
    expected = jupytext.writes(nb, fmt="py:percent")
    assert paired.read_text(encoding="utf-8") == expected, (
        f"{paired.name} differs from {name}.ipynb: run `jupytext --sync notebooks/{name}.ipynb`"
    )


@pytest.mark.parametrize("name", NAMES)
def test_notebook_holds_no_logic_of_its_own(name: str) -> None:
    """Imports are kit's (and functools.partial); every filtered chart goes through explore."""
    source = "\n".join(c.source for c in code_cells(read(name)))
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            roots = {(node.module or "").split(".")[0]}
        else:
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.For | ast.While)
            continue
        assert roots <= ALLOWED_IMPORTS, f"{name} imports {roots - ALLOWED_IMPORTS}"
    kit_imports = re.findall(r"^(?:import|from) (kit\S*)", source, re.MULTILINE)
    assert kit_imports == ["kit.notebook"], f"{name} imports {kit_imports}: one module only"
    assert re.search(r"^kn\.explore\(", source, re.MULTILINE), f"{name}: no explore(...) call"
    assert "kn.setup(briefing)" in source, f"{name}: the briefing mode is set once"
    assert "briefing=" not in source, f"{name}: the mode is threaded through a call"


def test_kit_notebook_names_are_what_the_notebooks_call() -> None:
    """`kit.notebook` holds the names the curated notebooks use, and no others."""
    import kit.notebook as kn

    used = set()
    for name in NAMES:
        source = "\n".join(c.source for c in code_cells(read(name)))
        used |= set(re.findall(r"\bkn\.(\w+)", source))
    assert used == set(kn.__all__)
    assert 25 <= len(kn.__all__) <= 40


@pytest.mark.parametrize("name", NAMES)
def test_notebook_reads_like_a_briefing(name: str) -> None:
    markdown = [c.source for c in read(name).cells if c.cell_type == "markdown"]
    assert markdown[0].startswith("# "), f"{name}: first cell is not an H1 title"
    assert "**Question:**" in markdown[0]
    headings = {line for text in markdown for line in text.splitlines() if line.startswith("## ")}
    assert {"## What to distrust", "## Sources"} <= headings


# --------------------------------------------------------------------------- execution


@pytest.fixture(scope="session")
def kernel_name(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A kernelspec that runs this interpreter, whatever other kernels the machine has."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "kit tests", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(root))
        yield KERNEL


def execute(
    name: str, kernel: str, tmp: Path, extra: str | None = None, **parameters: Any
) -> tuple[nbformat.NotebookNode, float]:
    """Run a notebook with papermill; `extra` is a code cell appended at the end."""
    nb = read(name)
    if extra is not None:
        nb.cells.append(nbformat.v4.new_code_cell(extra))
    started = time.perf_counter()
    out = papermill.execute_notebook(
        nb,
        str(tmp / f"{name}.out.ipynb"),
        parameters=parameters,
        kernel_name=kernel,
        cwd=str(NOTEBOOK_DIR),
        progress_bar=False,
        log_output=False,
        start_timeout=120,
    )
    return out, time.perf_counter() - started


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Every error, stderr stream and warning text among a run notebook's outputs."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            where = f"cell {index}"
            if kind == "error":
                found.append(f"{where}: {output.get('ename')}: {output.get('evalue')}")
            elif kind == "stream":
                if output.get("name") == "stderr":
                    found.append(f"{where}: stderr: {output.get('text', '')[:300]}")
                elif WARNING_TEXT.search(output.get("text", "")):
                    found.append(f"{where}: warning in stdout: {output['text'][:300]}")
            for mime, data in output.get("data", {}).items():
                if mime.startswith("image/"):
                    continue
                text = EMBEDDED_DATA.sub("", data if isinstance(data, str) else json.dumps(data))
                match = WARNING_TEXT.search(text)
                if match:
                    context = text[max(0, match.start() - 120) : match.end() + 120]
                    found.append(f"{where}: warning in {mime}: …{context}…")
    return found


# --------------------------------------------------------------------------- what a page claims


class _Tables(HTMLParser):
    """Every table cell of an HTML output with its row's text and its column's header."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[list[str], list[str]]] = []  # (header cells, row cells)
        self._header: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._header = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._in_head or not self._header:
                self._header = self._row
            else:
                self.rows.append((self._header, self._row))
            self._row = None
        elif tag == "thead":
            self._in_head = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def claims(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(where it stands, the text) of every finding line and every table cell a page shows.

    A table cell's "where" is its column header and row: a value credited by its column (the
    wide tables, one column a report or unit) or by its row (the long tables) is judged with both.
    """
    out: list[tuple[str, str]] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                out += [("finding", line) for line in output.get("text", "").splitlines()]
            page = output.get("data", {}).get("text/html")
            if page:
                parser = _Tables()
                parser.feed(EMBEDDED_DATA.sub("", page))
                for header, row in parser.rows:
                    for i, value in enumerate(row):
                        column = header[i] if i < len(header) else ""
                        out.append((f"{column} | {' | '.join(row)}", value))
    return out


def unquotable_values() -> set[str]:
    """Values (as the kit writes them) that only repaired-unconfirmed or low-confidence figures of
    the seeds have: a finding quoting one of them would rest on a guess."""
    _, _, frame = briefs.load(None, None, RECONCILE)
    shown = fmt.shown(frame)
    ok = series.headline_ok(frame)
    # a bare small count ("18") is too common a word of a page (18 were repaired) to trace
    telling = re.compile(r"[%+−]|pp|yuan|over|nearly|least|\d,\d|\.\d")
    return {v for v in set(shown[~ok]) - set(shown[ok]) if telling.search(v)}


def honesty_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Lines of a briefing that credit a unit's figure to the city, a benchmark to the region,
    call a solving rate a fraud rate, or state a finding on a figure not fit to quote."""
    found = []
    guesses = unquotable_values()
    assert {"+466.2%", "over 803,000"} <= guesses  # the examples are among them
    for where, text in claims(nb):
        whole = f"{where} {text}"
        if re.search(r"\b1,?049\b", text) and "城北" not in whole:
            found.append(f"1,049 not credited to the sub-bureau: {whole[:300]}")
        if "99.7" in text and "Xining" in whole and "城北" not in whole:
            found.append(f"99.7% of Xining without the sub-bureau: {whole[:300]}")
        national = re.search(r"national|benchmark|全国", whole, re.IGNORECASE)
        if re.search(r"\b0\.25\b", text) and "Xining" in whole and not national:
            found.append(f"the national 0.25% shown as Xining's: {whole[:300]}")
        if re.search(r"fraud[ _](?:case[ _])?(?:solving|detection|clearance)[ _]rate", whole, re.I):
            found.append(f"a solving rate called a fraud rate: {whole[:300]}")
        if where == "finding":
            quoted = [
                g for g in guesses if re.search(rf"(?<![\d.,]){re.escape(g)}(?![\d.,])", text)
            ]
            if quoted:
                found.append(f"a finding rests on {quoted}: {text[:300]}")
    return found


def test_honesty_check_can_fail() -> None:
    """The checks above catch the issue's own examples."""
    table = (
        "<table><thead><tr><th>series</th><th>Xining 2023 (zh)</th></tr></thead>"
        "<tr><td>Disputes resolved (count)</td><td>1,049</td></tr>"
        "<tr><td>Fraud losses (%)</td><td>0.25%</td></tr></table>"
    )
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="largest: solved cases +466.2%\n"),
        nbformat.v4.new_output("display_data", data={"text/html": table}),
        nbformat.v4.new_output("stream", name="stdout", text="Fraud solving rate: 99.7% (Xining)"),
    ]
    nb.cells.append(cell)
    found = honesty_problems(nb)
    assert len(found) == 5, found  # 466.2%, 1,049, 0.25%, 99.7% of Xining, fraud rate
    assert not honesty_problems(nbformat.v4.new_notebook())


@pytest.mark.parametrize("briefing", [False, True], ids=["lab", "briefing"])
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_clean(
    name: str,
    briefing: bool,
    kernel_name: str,
    tmp_path: Path,
    record_property: Any,
) -> None:
    nb, seconds = execute(name, kernel_name, tmp_path, briefing=briefing)
    mode = "briefing" if briefing else "lab"
    print(f"\n{name} ({mode}): {seconds:.1f} s")
    record_property("seconds", round(seconds, 2))
    assert not problems(nb), "\n".join(problems(nb))
    outputs = [o for c in code_cells(nb) for o in c.outputs]
    assert outputs, f"{name}: no outputs at all"
    assert not honesty_problems(nb), "\n".join(honesty_problems(nb))
    if briefing:
        # every explore(...) cell became a static fragment with its chart and table inline
        data = [o.get("data", {}) for o in outputs]
        fragments = [d[FRAGMENT_MIME] for d in data if FRAGMENT_MIME in d]
        assert fragments, f"{name}: no briefing fragment"
        # (a selection with no figure says so in one line instead: no empty chart or table)
        assert all(
            ("data:image/png;base64," in h and "<table" in h) or NO_FIGURES in h for h in fragments
        )
    else:
        widget = "application/vnd.jupyter.widget-view+json"
        widgets = [o for o in outputs if widget in o.get("data", {})]
        assert widgets, f"{name}: no interactive explorer"


REGION_PROBE = """\
import json as _json
print("PROBE " + _json.dumps({
    "frame": sorted(set(frame["region"].astype(str))),
    "documents": sorted(set(documents["region"].astype(str))),
    "top": sorted(set(top["region"].astype(str))),
    "n_documents": len(documents),
}))
"""


def test_overview_for_one_region(kernel_name: str, tmp_path: Path) -> None:
    nb, seconds = execute(
        "00_overview", kernel_name, tmp_path, REGION_PROBE, regions=["Xining"], briefing=True
    )
    print(f"\n00_overview (briefing, regions=['Xining']): {seconds:.1f} s")
    assert not problems(nb), "\n".join(problems(nb))
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    probe = json.loads(text.split("PROBE ", 1)[1])
    assert probe == {
        "frame": ["Xining"],
        "documents": ["Xining"],
        "top": ["Xining"],
        "n_documents": 2,
    }
    # nothing from another place reaches the page either
    page = json.dumps([c.get("outputs", []) for c in nb.cells[:-1]])
    for other in ("Sichuan", "Shenzhen", "Xihu"):
        assert other not in EMBEDDED_DATA.sub("", page), f"{other} shown in a Xining briefing"


# --------------------------------------------------------------------------- JupyterLab


def test_jupyterlab_4_and_ipywidgets_8_installed() -> None:
    """`python3 dev.py lab` opens the notebooks in JupyterLab 4 with ipywidgets 8 controls."""
    import ipywidgets
    import jupyterlab

    print(f"\njupyterlab {jupyterlab.__version__}, ipywidgets {ipywidgets.__version__}")
    assert jupyterlab.__version__.split(".")[0] == "4"
    assert ipywidgets.__version__.split(".")[0] == "8"
    # the lab extension that renders widgets ships with the widgetsnbextension package
    lab_extensions = Path(sys.prefix, "share", "jupyter", "labextensions")
    assert (lab_extensions / "@jupyter-widgets" / "jupyterlab-manager").is_dir()


# --------------------------------------------------------------------------- one setting, 04


def test_every_notebook_loads_through_one_loader_with_one_reconcile_setting() -> None:
    """A figure has one confidence in every briefing: each notebook reads the corpus through
    `kn.load` with its `reconcile` parameter, whose default is `RECONCILE` everywhere."""
    for name in NAMES:
        source = "\n".join(c.source for c in code_cells(read(name)))
        assert "kn.load(corpus, regions, reconcile)" in source, name
        assert "metrics_frame(" not in source, f"{name} reads figures around the loader"


COMPARE_PROBE = """\
print("PROBE " + checks.to_json(orient="records", force_ascii=False))
"""


def test_compare_notebook_checks_stated_changes_on_a_pair_of_reports(
    kernel_name: str, tmp_path: Path
) -> None:
    from test_compare import write_pair

    folder = tmp_path / "reports"
    folder.mkdir()
    write_pair(folder)
    nb, seconds = execute(
        "04_compare", kernel_name, tmp_path, COMPARE_PROBE, corpus=[str(folder)], briefing=True
    )
    print(f"\n04_compare (briefing, a pair of reports): {seconds:.1f} s")
    assert not problems(nb), "\n".join(problems(nb))
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    rows = {r["measure"]: r for r in json.loads(text.split("PROBE ", 1)[1])}
    fraud = rows["Fraud cases solved, change year-on-year (%)"]
    assert (fraud["stated change"], fraud["computed change"], fraud["status"]) == (
        "+50%",
        "+20%",
        "DISAGREES",
    )
    solved = rows["Criminal cases solved, change year-on-year (%)"]
    assert (solved["stated change"], solved["computed change"]) == ("+20%", "+20%")
    page = json.dumps([c.get("outputs", []) for c in nb.cells[:-1]], ensure_ascii=False)
    assert "DISAGREES" in page and "+50%" in page  # the table is on the page too
