"""The briefing script's copies of the shared rules, in a real browser, on the same named tables
as the Python rules (`tests/test_explore_rules.py`), with the rules' data read from the page's
own config (what Python handed the script): the excerpt and the CSV formula neutralising.

Debian's Chromium through Playwright, offline, on a fragment built here (no kernel).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from conftest import SAMPLE_METRICS  # noqa: E402
from test_explore_rules import EXCERPT_CASES, NEUTRALISE_CASES, csv_field  # noqa: E402

from kit.frame import metrics_to_frame  # noqa: E402
from kit.present import charts  # noqa: E402
from kit.present.explore import explore  # noqa: E402

pytestmark = pytest.mark.browser

ISSUE_SENTENCE = "The city solved 161 criminal cases, 61 of them fraud, and caught 20 suspects."


@pytest.fixture(scope="module")
def page(
    browser: playwright.Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[playwright.Page]:
    frame = metrics_to_frame(SAMPLE_METRICS)
    sentences = list(frame["sentence"].astype(object))
    texts = list(frame["text"].astype(object))
    sentences[0], texts[0] = ISSUE_SENTENCE, "61"
    frame = frame.assign(
        sentence=pd.array(sentences, dtype="string"), text=pd.array(texts, dtype="string")
    )
    fragment = explore(frame, charts.counts_bar, title="Rules", briefing=True)
    path = tmp_path_factory.mktemp("rules") / "rules.html"
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>'
        f"{fragment.html}</body></html>",
        encoding="utf-8",
    )
    errors: list[str] = []
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route(
        "**/*",
        lambda r: (
            r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort()
        ),
    )
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector(".kit-explore[data-loaded]")
    yield page
    context.close()
    assert errors == []


CONFIG = "JSON.parse(document.querySelector('script.kx-config').textContent)"


def test_script_excerpts_match_the_python_table(page: playwright.Page) -> None:
    cases = [[s, surface, side] for _, s, surface, side, _ in EXCERPT_CASES]
    got = page.evaluate(
        f"""cases => {{
            const rule = {CONFIG}.excerpt;
            return cases.map(c => {{
                const e = kitExplore.rules.excerpt(c[0], c[1], c[2], rule);
                return [e.before, e.mark, e.after];
            }});
        }}""",
        cases,
    )
    for (name, *_, expected), result in zip(EXCERPT_CASES, got, strict=True):
        assert tuple(result) == expected, name


def test_script_neutralises_as_python_does(page: playwright.Page) -> None:
    cells = [cell for _, cell, _ in NEUTRALISE_CASES]
    got = page.evaluate(
        f"cells => cells.map(c => kitExplore.rules.csvCell(c, {CONFIG}.neutralise))", cells
    )
    for (name, _, expected), result in zip(NEUTRALISE_CASES, got, strict=True):
        assert result == csv_field(expected), name


def test_the_table_marks_the_61_standing_alone(page: playwright.Page) -> None:
    cell = page.locator("tr.kx-row td.kx-sentence", has_text="161 criminal cases").first
    assert cell.locator("mark").inner_text() == "61"
    html = cell.inner_html()
    assert "cases, <mark>61</mark> of them" in html and "1<mark>" not in html
