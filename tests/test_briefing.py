"""kit.publish.briefing and `kit briefings`: notebooks run with parameters, exported as HTML.

Builds are slow (a kernel per notebook), so each is made once per session and shared: a small
notebook written here (plus one that fails), and the curated notebooks over the seeds when
`notebooks/*.ipynb` exist. `test_briefing_browser.py` opens the same builds in Chromium.
"""

from __future__ import annotations

import json
import re
import sys
from html import escape
from pathlib import Path

import nbformat
import pytest

import kit
from kit.cli import main
from kit.present.mode import FRAGMENT_MIME
from kit.publish import briefing
from kit.publish.briefing import (
    TIMINGS,
    BriefingResult,
    build_briefings,
    find_notebooks,
    longest_first,
)
from kit.publish.export import summary_of
from kit.publish.sanitize import clean_notebook, sanitize_html, strip_external

# runs the curated notebooks in Jupyter kernels: not in the fast lane
pytestmark = pytest.mark.kernel

SEEDS = sorted(p.name for p in (Path(kit.__file__).parent.parent / "seeds").iterdir())
CURATED = sorted(briefing.NOTEBOOKS_DIR.glob("*.ipynb"))

HEADING = "Which regions report the most figures"
FIRST_SENTENCE = "Xining reports the most figures of the five reports."
PARAMETERS = "corpus = None\nregions = None\nbriefing = False"
SETUP = """\
import kit
import kit.notebook as kn

kn.setup(briefing)
frame = kit.metrics_frame(kit.load_corpus(corpus))
if regions:
    frame = frame[frame["region"].isin(regions)]
print(f"{len(frame)} figures")"""
EXPLORE = """\
kn.explore(frame, kn.charts.counts_bar, title="Figures by region")"""


def write_notebook(path: Path, *cells: tuple[str, str, list[str]]) -> Path:
    nb = nbformat.v4.new_notebook()
    for kind, source, tags in cells:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        cell = make(source)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def small_notebook(path: Path) -> Path:
    """A notebook shaped like the curated ones: heading, parameters, kit calls, prose."""
    return write_notebook(
        path,
        ("md", f"# {HEADING}\n\n{FIRST_SENTENCE} The others follow.", []),
        ("code", PARAMETERS, ["parameters"]),
        ("code", SETUP, []),
        ("md", "## By region\n\nFilter by region, topic or year.", []),
        ("code", EXPLORE, []),
        ("md", "## Sources\n\nThe reports are [listed](https://example.org/reports).", []),
    )


def failing_notebook(path: Path) -> Path:
    return write_notebook(
        path,
        ("md", "# A notebook that fails", []),
        ("code", PARAMETERS, ["parameters"]),
        ("code", "x = 1", []),
        ("code", "raise ValueError('the fourth cell fails')", []),
    )


_BUILDS: dict[str, BriefingResult] = {}


def built(name: str, tmp_path_factory: pytest.TempPathFactory, **kwargs: object) -> BriefingResult:
    """Build once per session and name (the browser tests share these builds)."""
    if name not in _BUILDS:
        _BUILDS[name] = build_briefings(out=tmp_path_factory.mktemp(name), progress=False, **kwargs)
    return _BUILDS[name]


def small_build(tmp_path_factory: pytest.TempPathFactory) -> BriefingResult:
    if "small" not in _BUILDS:
        src = tmp_path_factory.mktemp("notebooks")
        paths = [small_notebook(src / "01_small.ipynb"), failing_notebook(src / "02_fails.ipynb")]
        return built("small", tmp_path_factory, notebooks=[str(p) for p in paths])
    return _BUILDS["small"]


def curated_build(tmp_path_factory: pytest.TempPathFactory) -> BriefingResult:
    return built("curated", tmp_path_factory)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> BriefingResult:
    return small_build(tmp_path_factory)


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> BriefingResult:
    if not CURATED:
        pytest.skip("no notebooks/*.ipynb yet")
    return curated_build(tmp_path_factory)


def page(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def assert_offline_and_codeless(html: str) -> None:
    """No resource from the network, no code, no prompts, no widget state."""
    assert not re.search(r"""\b(?:src|srcset|poster|data)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert not re.search(r"""<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?(?:https?:)?//""", html, re.I)
    assert not re.search(r"@import", html)
    assert not re.search(r"<(?:iframe|object|embed)\b", html, re.I)
    # the only external URLs left are links a reader may click
    outside_links = re.sub(r"""<a\b[^>]*href="https?://[^"]*"[^>]*>""", "", html)
    assert not re.search(r"https?://", outside_links), re.findall(r".{60}https?://.{30}", html)
    for cdn in ("require.js", "mathjax", "MathJax", "unpkg", "cdnjs", "jsdelivr", "mermaid.esm"):
        assert cdn not in html
    body = html[html.index("<body") :]
    for code in ("jp-InputArea-editor", "jp-InputPrompt", "jp-OutputPrompt", "highlight-ipynb"):
        assert code not in body
    assert "In&nbsp;[" not in body and "import kit" not in body
    assert "application/vnd.jupyter.widget" not in html
    assert "injected-parameters" not in body and "briefing = True" not in body


# --------------------------------------------------------------------------- the small notebook


def test_one_html_per_notebook_and_an_index(small: BriefingResult) -> None:
    assert [p.name for p in small.built] == ["01_small.html"]
    assert small.index == small.out / "index.html"
    assert sorted(p.name for p in small.out.iterdir()) == [TIMINGS, "01_small.html", "index.html"]
    seconds = json.loads((small.out / TIMINGS).read_text(encoding="utf-8"))
    assert list(seconds) == ["01_small"] and seconds["01_small"] > 0  # the failed one: no time
    assert not small.ok


def test_a_failing_notebook_is_named_with_its_cell(small: BriefingResult) -> None:
    ((name, reason),) = small.failed
    assert name == "02_fails"
    assert reason.startswith("02_fails: cell 4 ")  # 1-based, in the notebook as written
    assert "raise ValueError" in reason and "ValueError: the fourth cell fails" in reason
    index = page(small.index)
    assert "Not built" in index and "the fourth cell fails" in index


def test_briefing_is_offline_without_code(small: BriefingResult) -> None:
    html = page(small.built[0])
    assert_offline_and_codeless(html)
    assert '<a href="https://example.org/reports"' in html  # prose links stay clickable
    assert re.search(r"<pre>\d+ figures", html)  # stdout stays
    assert '<div class="kit-explore"' in html  # the static explorer, not a widget
    # the "All" chart's image and the box the script draws the others in (bs4 sorts attributes)
    assert len(re.findall(r'<(?:img|div) [^>]*class="kx-chart', html)) > 1


def test_header_states_corpus_date_and_version(small: BriefingResult) -> None:
    html = page(small.built[0])
    header = re.search(r'<header class="kit-briefing-header">.*?</header>', html, re.S)
    assert header
    text = header.group(0)
    assert "Source corpus" in text and "bundled seeds" in text
    assert all(name in text for name in SEEDS)
    assert re.search(r"Built</dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d UTC", text)
    assert f"kit version</dt><dd>{kit.__version__}" in text
    assert f"<title>{HEADING}</title>" in html


def test_print_css_hides_filters_and_shows_everything(small: BriefingResult) -> None:
    html = page(small.built[0])
    css = html[html.index("@media print") :]
    for rule in ("select", ".kx-filters", ".kx-chart.kx-all", ".kx-static", ".kx-live"):
        assert rule in css


def test_index_lists_each_briefing_with_its_first_sentence(small: BriefingResult) -> None:
    index = page(small.index)
    assert f'<a href="01_small.html">{HEADING}</a>' in index
    assert FIRST_SENTENCE in index and "The others follow" not in index
    assert re.search(r"Built</dt><dd>\d{4}-\d\d-\d\d", index)
    assert "bundled seeds" in index and all(name in index for name in SEEDS)
    assert_offline_and_codeless(index.replace("<body>", "<body >"))


def test_parameters_reach_the_notebook(tmp_path: Path) -> None:
    nb = small_notebook(tmp_path / "only.ipynb")
    corpus = str(Path(kit.__file__).parent.parent / "seeds" / SEEDS[1])
    result = build_briefings(
        corpus=[corpus], regions=["Sichuan"], notebooks=[str(nb)], out=tmp_path / "out"
    )
    assert result.ok, result.failed
    html = page(result.built[0])
    header = re.search(r'<header class="kit-briefing-header">.*?</header>', html, re.S).group(0)
    assert SEEDS[1] in header and SEEDS[0] not in header
    assert "Regions</dt><dd>Sichuan" in header
    assert "<tr><td>Sichuan<td>" in html and "<td>Xining" not in html  # static table rows


def test_parallel_build_into_a_relative_folder_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three notebooks at once, each reading a file next to it by a relative path, written to a
    relative output folder: every page lands there and the process never changes directory."""
    notebooks = []
    for i in range(3):
        folder = tmp_path / f"src{i}"
        folder.mkdir()
        (folder / "own.txt").write_text(f"folder number {i}", encoding="utf-8")
        notebooks.append(
            write_notebook(
                folder / f"0{i}_page.ipynb",
                ("md", f"# Page {i}\n\nReads its own file.", []),
                ("code", PARAMETERS, ["parameters"]),
                ("code", "import time; time.sleep(1)\nprint(open('own.txt').read())", []),
            )
        )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = build_briefings(
        out="rel/out", notebooks=[str(p) for p in notebooks], jobs=3, progress=False
    )
    assert result.ok, result.failed
    assert Path.cwd() == elsewhere
    assert result.out == elsewhere / "rel" / "out" and result.out.is_absolute()
    assert sorted(p.name for p in result.out.iterdir()) == [
        TIMINGS,
        "00_page.html",
        "01_page.html",
        "02_page.html",
        "index.html",
    ]
    for i in range(3):
        assert f"folder number {i}" in page(result.out / f"0{i}_page.html")


def test_longest_notebooks_start_first(tmp_path: Path) -> None:
    """Never-built notebooks first (file order), then by last build's seconds, longest first:
    with two kernels at a time, the long overview no longer starts after three short ones."""
    paths = [tmp_path / f"{name}.ipynb" for name in ("00_a", "01_b", "02_c", "03_d", "04_e")]
    assert longest_first(paths, tmp_path) == paths  # nothing known: file order
    timings = {"00_a": 3.0, "01_b": 40.5, "03_d": 12, "04_e": 300.25, "gone": 999}
    (tmp_path / TIMINGS).write_text(json.dumps(timings), encoding="utf-8")
    order = [p.stem for p in longest_first(paths, tmp_path)]
    assert order == ["02_c", "04_e", "01_b", "03_d", "00_a"]
    (tmp_path / TIMINGS).write_text("{not json", encoding="utf-8")
    assert longest_first(paths, tmp_path) == paths  # a damaged hint is no hint


def test_an_output_folder_inside_the_package_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    package = Path(kit.__file__).parent
    with pytest.raises(ValueError, match="kit package itself"):
        build_briefings(out=package, notebooks=[str(small_notebook(tmp_path / "a.ipynb"))])
    nb = str(small_notebook(tmp_path / "b.ipynb"))
    assert main(["briefings", "--notebook", nb, "--out", str(package / "publish")]) == 2
    assert "kit package itself" in capsys.readouterr().err
    assert not (package / "index.html").exists() and not (package / "a.html").exists()


# --------------------------------------------------------------------------- the curated notebooks


def test_curated_notebooks_build_over_the_seeds(curated: BriefingResult) -> None:
    assert curated.ok, curated.failed
    assert [p.stem for p in curated.built] == [p.stem for p in CURATED]
    index = page(curated.index)
    for path in curated.built:
        html = page(path)
        assert_offline_and_codeless(html)
        assert '<header class="kit-briefing-header">' in html
        assert f"kit version</dt><dd>{kit.__version__}" in html
        assert f'href="{path.name}"' in index


# --------------------------------------------------------------------------- CLI and helpers


def test_cli_exits_1_when_a_notebook_fails(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    nb = failing_notebook(tmp_path / "bad.ipynb")
    assert main(["briefings", "--notebook", str(nb), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "kit: error: bad: cell 4" in err and "0 briefings built" in err
    assert (tmp_path / "out" / "index.html").exists()


def test_cli_rejects_an_unknown_notebook(capsys: pytest.CaptureFixture) -> None:
    assert main(["briefings", "--notebook", "no-such-notebook"]) == 2
    assert "no notebook matches 'no-such-notebook'" in capsys.readouterr().err


def test_find_notebooks_by_stem_prefix_or_path(tmp_path: Path) -> None:
    for name in ("00_overview", "01_crackdown", "02_disputes", "10_extra"):
        (tmp_path / f"{name}.ipynb").write_text("{}")
    assert [p.stem for p in find_notebooks(directory=tmp_path)] == [
        "00_overview",
        "01_crackdown",
        "02_disputes",
        "10_extra",
    ]
    assert [p.stem for p in find_notebooks(["01"], tmp_path)] == ["01_crackdown"]
    assert [p.stem for p in find_notebooks(["02_disputes", "0"], tmp_path)] == [
        "02_disputes",
        "00_overview",
        "01_crackdown",
    ]
    path = tmp_path / "10_extra.ipynb"
    assert find_notebooks([str(path)], tmp_path) == [path.resolve()]
    with pytest.raises(ValueError, match="available: 00_overview, 01_crackdown"):
        find_notebooks(["99"], tmp_path)


def test_strip_external_removes_every_network_resource() -> None:
    html = (
        '<script src="https://cdn.example/require.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/css">'
        '<img src="http://x.example/a.png" alt="a"><iframe src=https://x.example/></iframe>'
        "<style>/* from https://x.example */ @import url('https://x.example/c.css');"
        " a { background: url(https://x.example/b.png) }</style>"
        '<p style="background:url(http://x.example/c.png)">url(http://text.example) stays</p>'
        '<a href="https://example.org">a link stays</a>'
    )
    clean = strip_external(html)
    assert "example.org" in clean and "url(http://text.example) stays" in clean
    assert clean.count("//") == 2, clean


def test_strip_external_leaves_the_documents_text_alone() -> None:
    """Issue 23 item 11: a report's words that look like attributes are text, not markup."""
    text = 'the page said src=http://x.example/a.png and data=//cdn.example; style="url(http://y)"'
    html = (
        f'<td class="data" style="color:red">{escape(text)}</td>'
        f'<img src="http://x.example/a.png" alt="src=http://x.example/b">'
    )
    clean = strip_external(html)
    assert escape(text) in clean, clean
    assert '<img alt="src=http://x.example/b">' in clean, clean
    assert '<td class="data" style="color:red">' in clean


def test_sanitize_html_keeps_tables_and_shows_markup_as_text() -> None:
    styler_like = (
        '<style type="text/css">#T_1 th { text-align: left; }</style>'
        '<table id="T_1"><thead><tr><th class="col_heading">sentence</th></tr></thead>'
        '<tbody><tr><td id="T_1_row0_col0" class="data">solved 12 cases '
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
        '<a href="javascript:alert(1)">x</a></td></tr></tbody></table>'
    )
    clean = sanitize_html(styler_like)
    assert '<table id="T_1">' in clean and '<td id="T_1_row0_col0" class="data">' in clean
    assert "#T_1 th { text-align: left; }" in clean
    # nh3 drops what it does not allow: no script (nor its text), no handler, no javascript:
    assert "<script" not in clean and "alert(1)" not in clean and "solved 12 cases" in clean
    assert "onerror" not in clean and "javascript:" not in clean  # attributes dropped


def test_clean_notebook_drops_widgets_stderr_and_parameters() -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("corpus = None")
    params.metadata["tags"] = ["parameters"]
    widget = nbformat.v4.new_code_cell("w")
    widget.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "application/vnd.jupyter.widget-view+json": {"model_id": "1"},
                "text/plain": "VBox()",
            },
        ),
        nbformat.v4.new_output("stream", name="stderr", text="a warning"),
        nbformat.v4.new_output("stream", name="stdout", text="12 figures"),
    ]
    hostile = nbformat.v4.new_code_cell("x")
    lookalike = '<div class="kit-explore" id="kx-2"><script>steal()</script></div>'
    hostile.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "<b>ok</b><script>1</script>"}),
        # an HTML output that only looks like a fragment is sanitised like any other
        nbformat.v4.new_output("display_data", data={"text/html": lookalike}),
    ]
    ours = nbformat.v4.new_code_cell("explore()")
    fragment = '<div class="kit-explore" id="kx-1"><script>update()</script></div>'
    bundle = {FRAGMENT_MIME: fragment, "text/html": fragment, "text/plain": "<StaticExplorer>"}
    ours.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    nb.cells = [params, widget, hostile, ours, nbformat.v4.new_code_cell("silent = 1")]
    nb.metadata["widgets"] = {"state": {}}
    clean = clean_notebook(nb)
    assert "widgets" not in clean.metadata
    assert len(clean.cells) == 3
    assert [o["text"] for o in clean.cells[0].outputs] == ["12 figures"]
    assert clean.cells[1].outputs[0]["data"]["text/html"] == "<b>ok</b>"
    assert "script" not in clean.cells[1].outputs[1]["data"]["text/html"]
    # the kit's own fragment, found by its MIME type: trusted, kept once
    assert clean.cells[2].outputs[0]["data"] == {
        FRAGMENT_MIME: fragment,
        "text/plain": "<StaticExplorer>",
    }
    assert "widgets" in nb.metadata  # the input notebook is not modified


def test_summary_of_a_notebook() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell(
            "# Traffic: *accidents* and [deaths](https://x.org)\n\n"
            "**Question:** did `accidents` fall? Yes. More later."
        ),
    ]
    assert summary_of(nb) == ("Traffic: accidents and deaths", "Question: did accidents fall?")
    assert summary_of(nbformat.v4.new_notebook(), fallback="03_x") == ("03_x", "")
    zh = nbformat.v4.new_notebook()
    zh.cells = [nbformat.v4.new_markdown_cell("# 西宁\n\n破获案件12起。其余见下。")]
    assert summary_of(zh) == ("西宁", "破获案件12起。")


def test_kernels_run_with_this_interpreter(tmp_path: Path) -> None:
    """Whatever another Jupyter registered as `python3`, the venv's own Python runs the cells."""
    km = briefing.BriefingKernelManager(kernel_name="python3")
    km.connection_file = str(tmp_path / "kernel.json")
    cmd = km.format_kernel_cmd()
    assert cmd[0] == sys.executable and cmd[-2:] == ["-f", str(tmp_path / "kernel.json")]
    assert "ipykernel_launcher" in cmd
