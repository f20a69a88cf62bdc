"""A briefing's charts for filter combinations, drawn by the page's script in a real browser.

Debian's Chromium through Playwright, offline, on fragments built here from the bundled reports:
every house chart kind draws, for every value of a filter, the chart its spec describes (title,
one label a row, a mark a figure), and document text in a chart stays text.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from kit.present import charts  # noqa: E402
from kit.present.explore import explore  # noqa: E402

pytestmark = pytest.mark.browser

#: each chart kind as a notebook calls it, with the filters it offers
KINDS: list[tuple[str, Callable, tuple[str, ...]]] = [
    ("counts", charts.counts_bar, ("region", "topic", "year")),
    ("topics", charts.topic_bar, ("region", "year")),
    ("repair rules", partial(charts.counts_bar, by="repaired"), ("region",)),
    ("rates", charts.rates_dot, ("region", "year")),
    ("changes", charts.changes_diverging, ("region", "year")),
    ("levels", charts.series_bars, ("region", "year", "indicator")),
]


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    import _briefs as briefs

    return briefs.load()[2]


def page_of(fragment_html: str, path: Path) -> Path:
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>'
        f"{fragment_html}</body></html>",
        encoding="utf-8",
    )
    return path


def specs_of(html: str) -> list:
    config = re.search(r'class="kx-config">(.*?)</script>', html, re.S).group(1)
    packed = json.loads(config)["charts"]["gzip"]
    return json.loads(gzip.decompress(base64.b64decode(packed)))["spec"]


@pytest.fixture
def open_page(browser: playwright.Browser) -> Iterator[Callable[[Path], playwright.Page]]:
    pages, errors, dialogs, requests = [], [], [], []

    def go(path: Path) -> playwright.Page:
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        pages.append(page)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        def route(r: playwright.Route) -> None:
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_selector(".kit-explore[data-loaded]")
        return page

    yield go
    for page in pages:
        page.close()
    assert (errors, dialogs, requests) == ([], [], [])


@pytest.mark.parametrize(("kind", "chart", "filters"), KINDS, ids=[k for k, _, _ in KINDS])
def test_every_filter_value_draws_the_chart_of_its_spec(
    seeds: pd.DataFrame, open_page, tmp_path: Path, kind: str, chart: Callable, filters: tuple
) -> None:
    data = seeds[seeds["repaired"].notna().to_numpy()] if kind == "repair rules" else seeds
    fragment = explore(data, chart, title=kind, filters=filters, briefing=True)
    specs = specs_of(fragment.html)
    page = open_page(page_of(fragment.html, tmp_path / "page.html"))
    root = page.locator(".kit-explore")
    select = root.locator("select.kx-select").first
    drawn = 0
    for k in range(1, select.locator("option").count()):
        select.select_option(index=k)
        key = ",".join(str(k) if i == 0 else "0" for i in range(root.locator("select").count()))
        variant = json.loads(root.locator("script.kx-config").text_content())["variants"].get(key)
        if variant is None:  # no figure for this value: the page says so
            assert root.locator(".kx-nodata").is_visible()
            continue
        shown = root.locator(".kx-chart:visible")
        assert shown.count() == 1
        if variant == 0:  # the same figures as "All": the PNG
            assert shown.evaluate("e => e.tagName") == "IMG"
            continue
        spec = specs[variant]
        svg = shown.locator("svg")
        texts = svg.locator("text").all_text_contents()
        if spec.get("empty"):  # figures, but none of this kind: said, as matplotlib says it
            assert texts == [charts.EMPTY_MESSAGE]
            continue
        assert " ".join(spec["title"].split()).startswith(texts[0])  # title first, maybe wrapped
        labels = [r["label"] for p in spec["panels"] for r in p["rows"]]
        assert [t for t in texts if t in labels] == labels  # one label a row, in order
        assert {r["text"] for p in spec["panels"] for r in p["rows"]} <= set(texts)
        marks = sum(len(r["marks"]) for p in spec["panels"] for r in p["rows"])
        assert svg.locator("rect, circle, polygon, line").count() >= marks
        assert svg.evaluate("s => s.getBBox().width") > 300  # laid out, not collapsed
        drawn += 1
    assert drawn, "no filter value drew a chart"
    assert root.evaluate("r => r.kxLastUpdate") < 500  # ms for the last change, chart included


def test_document_text_in_a_chart_stays_text(open_page, tmp_path: Path) -> None:
    """A region or unit name is scraped text: drawn as characters, never parsed as markup."""
    from kit.frame import metrics_to_frame
    from kit.schema import Metric

    hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>"

    def metric(region: str, value: float) -> Metric:
        return Metric(
            doc_id=f"{len(region)}.txt",
            start=0,
            end=2,
            text=f"{value:g}",
            value=value,
            unit="count",
            counted="cases",
            indicator=None,
            scope="area",
            scope_name=None,
            topic="crackdown",
            change=False,
            direction=None,
            baseline=None,
            qualifier=None,
            repaired=None,
            confidence=0.9,
            sentence=f"solved {value:g} cases",
            region=region,
            year=2023,
            period="annual",
            language="en",
        )

    frame = metrics_to_frame([metric(hostile, 12), metric("Xining", 35), metric(hostile, 7)])
    fragment = explore(frame, charts.counts_bar, title="Cases", filters=("region",), briefing=True)
    page = open_page(page_of(fragment.html, tmp_path / "hostile.html"))
    page.locator('select[data-filter="region"]').select_option(label=hostile)
    svg = page.locator(".kx-variant svg")
    texts = svg.locator("text").all_text_contents()
    assert f"All 2 figures come from {hostile}" in texts  # the title, as written
    assert charts.truncate(hostile) in texts  # the bar's label
    assert svg.locator("img, script, foreignObject").count() == 0
    assert page.evaluate("document.querySelectorAll('img[onerror], img[src=\"x\"]').length") == 0
