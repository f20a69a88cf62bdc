"""The overview briefing of a 1,000-report synthetic corpus, in headless Chromium, offline.

One build (bench/make_corpus.py, then notebooks/00_overview), shared by every test here: the
page stays under 10 MB; "Download CSV" gives every figure the generator put in the corpus;
a filter leaves fewer rows and exactly those it selects; the URL hash restores the view.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# builds the overview of 1,000 reports, opens it in Chromium: not in the fast lane
pytestmark = [pytest.mark.browser, pytest.mark.kernel]

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

ROOT = Path(__file__).resolve().parent.parent
REPORTS = 1000
LIMIT = 10_000_000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from make_corpus import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    out = tmp_path_factory.mktemp("synthetic")
    generate(REPORTS, 1, out)
    return out


@pytest.fixture(scope="module")
def overview(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kit.publish.briefing import build_briefings

    out = tmp_path_factory.mktemp("overview")
    result = build_briefings(corpus=[str(corpus / "docs")], out=out, notebooks=["00"])
    assert result.ok, result.failed
    (page,) = result.built
    return page


@pytest.fixture
def page(browser: playwright.Browser, overview: Path) -> Iterator[playwright.Page]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    url = overview.resolve().as_uri()
    outside: list[str] = []
    errors: list[str] = []

    def route(r: playwright.Route) -> None:
        if r.request.url.startswith((url, "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="load", timeout=180_000)
    page.wait_for_selector(".kit-explore[data-loaded]", timeout=120_000)
    yield page
    context.close()
    assert outside == [] and errors == []


def table(page: playwright.Page) -> playwright.Locator:
    """The first figure table: every figure, filters region, topic and year."""
    return page.locator(".kit-explore").first


def download(page: playwright.Page) -> list[dict[str, str]]:
    with page.expect_download() as info:
        table(page).locator("button.kx-download").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def key(row: dict[str, object]) -> tuple[str, int, int]:
    return str(row["doc_id"]), int(row["start"]), int(row["end"])  # type: ignore[arg-type]


def test_the_page_is_one_file_under_10_mb(overview: Path) -> None:
    assert overview.stat().st_size < LIMIT, f"{overview.stat().st_size:,} bytes"


def test_download_gives_every_figure(page: playwright.Page, corpus: Path) -> None:
    expected = [json.loads(line) for line in (corpus / "expected.jsonl").open(encoding="utf-8")]
    rows = download(page)
    # a figure that two versions of one report both state is one row naming its twin
    twins = [r for r in rows if r.get("version_doc_id")]
    twin_keys = {
        (r["version_doc_id"], int(r["version_start"]), int(r["version_end"])) for r in twins
    }
    assert len(rows) + len(twins) == len(expected) > 10_000
    assert {key(r) for r in rows} | twin_keys == {key(e) for e in expected}
    count = table(page).locator(".kx-count").inner_text()
    assert count == f"{len(rows):,} of {len(rows):,} figures"


def test_a_filter_leaves_exactly_the_rows_it_selects(page: playwright.Page) -> None:
    everything = download(page)
    select = table(page).locator('select[data-filter="region"]')
    region = select.locator("option").nth(1).get_attribute("value")
    select.select_option(region)
    chosen = download(page)
    assert 0 < len(chosen) < len(everything)
    assert chosen == [r for r in everything if r["region"] == region]
    count = table(page).locator(".kx-count").inner_text()
    assert count == f"{len(chosen):,} of {len(everything):,} figures"
    shown = table(page).locator("tr.kx-row:visible").all_inner_texts()
    assert shown and all(r.startswith(region) for r in shown)


def test_the_hash_restores_the_view_on_reload(page: playwright.Page) -> None:
    fragment = table(page)
    fragment.locator('select[data-filter="topic"]').select_option("crackdown")
    fragment.locator('select[data-filter="year"]').select_option("2023")
    fragment.locator("input.kx-search").fill("suspects")
    page.wait_for_function("location.hash.includes('q=suspects')")
    before = download(page)
    count = fragment.locator(".kx-count").inner_text()
    page.reload(wait_until="load", timeout=180_000)
    page.wait_for_selector(".kit-explore[data-loaded]", timeout=120_000)
    fragment = table(page)
    assert fragment.locator('select[data-filter="topic"]').input_value() == "crackdown"
    assert fragment.locator('select[data-filter="year"]').input_value() == "2023"
    assert fragment.locator("input.kx-search").input_value() == "suspects"
    assert fragment.locator(".kx-count").inner_text() == count
    assert download(page) == before
    assert before and all(r["topic"] == "crackdown" and r["year"] == "2023" for r in before)
