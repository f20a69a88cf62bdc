"""Briefings in a real browser: Debian's Chromium driven by Playwright, fully offline.

Every request other than the page's own file (and data: images) is aborted and recorded, so a
briefing that reaches for a CDN, a font or an image on the web fails here. Browsers are never
downloaded: the system Chromium at /usr/bin/chromium is used, or the module is skipped.
Set KIT_SCREENSHOT_DIR to keep the screenshots.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the "
        "browser tests; .ci/run does",
        allow_module_level=True,
    )
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

import nbformat  # noqa: E402
from test_briefing import (  # noqa: E402
    CURATED,
    HEADING,
    built,
    curated_build,
    small_build,
    small_notebook,
)

from kit.publish.briefing import BriefingResult  # noqa: E402
from kit.publish.export import summary_of  # noqa: E402

# builds briefings, opens them in headless Chromium: not in the fast lane
pytestmark = [pytest.mark.browser, pytest.mark.kernel]

CURATED_BY_STEM = {p.stem: p for p in CURATED}

PWNED = "pwned"
HOSTILE_REPORT = """\
Summary of the work of the Xining Municipal Public Security Bureau in 2023 \
<script>document.title='pwned'</script>

In 2023, the city's public security organs solved 12 criminal cases \
<img src=x onerror="document.title='pwned'"> and arrested 35 criminal suspects, \
see <a href="javascript:alert(1)">details</a>.

The mediation success rate of disputes reached 98.6% <script>alert(1)</script>.

全年破获案件12起<img src=x onerror="document.title='pwned'">，抓获犯罪嫌疑人35名。
"""


@dataclass
class Visit:
    """What happened while a page was open."""

    page: playwright.Page
    requests: list[str] = field(default_factory=list)  # aborted: not the file, not data:
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: playwright.Browser) -> Iterator:
    contexts = []

    def open_page(path: Path) -> Visit:
        context = browser.new_context(viewport={"width": 1200, "height": 1100})
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        url = path.resolve().as_uri()

        def route(r: playwright.Route) -> None:
            request_url = r.request.url
            if request_url == url or request_url.startswith(("data:", "about:")):
                r.continue_()
            else:  # another file, or the network: the briefing must need neither
                seen.requests.append(request_url)
                r.abort()

        def on_dialog(d: playwright.Dialog) -> None:
            seen.dialogs.append(d.message)
            d.dismiss()

        page.route("**/*", route)
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
        page.on("dialog", on_dialog)
        page.goto(url, wait_until="load")
        page.wait_for_function(  # the figures are decoded (gzip: asynchronously) and drawn
            "[...document.querySelectorAll('.kit-explore')].every(e => e.dataset.loaded)"
        )
        return seen

    yield open_page
    for context in contexts:
        context.close()


def shoot(page: playwright.Page, tmp_path: Path, name: str, *, full_page: bool = False) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    assert path.stat().st_size > 10_000  # something was drawn
    keep = os.environ.get("KIT_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


def visible_chart(fragment: playwright.Locator) -> str:
    """The chart shown: the "All" PNG's address, or the SVG the script drew for a filter."""
    charts = fragment.locator(".kx-chart:visible")
    assert charts.count() == 1
    return charts.first.evaluate("e => e.tagName === 'IMG' ? e.src : e.innerHTML")


def visible_rows(fragment: playwright.Locator) -> list[str]:
    """Every row of the live table (its "Show all" pressed) or of the static one (in print,
    without script)."""
    show_all = fragment.locator('.kx-pager button[data-more="all"]:visible')
    if show_all.count():
        show_all.click()
    return fragment.locator("tr.kx-row:visible, .kx-static tbody tr:visible").all_inner_texts()


def check_region_filter(page: playwright.Page) -> int:
    """Choose regions in every fragment with a region select: chart and rows must follow.

    Returns how many fragments were exercised.
    """
    exercised = 0
    fragments = page.locator(".kit-explore")
    for i in range(fragments.count()):
        fragment = fragments.nth(i)
        select = fragment.locator('select[data-filter="region"]')
        if not select.count():
            continue
        for other in fragment.locator("select").all():
            other.select_option(label="All")
        all_src, all_rows = visible_chart(fragment), visible_rows(fragment)
        regions = [v for v in select.locator("option").all_inner_texts() if v != "All"]
        assert len(regions) > 1
        changed_chart = False
        for region in regions:
            select.select_option(label=region)
            rows = visible_rows(fragment)
            assert rows and rows != all_rows, region
            assert all(r.startswith(region) or region in r for r in rows)
            changed_chart |= visible_chart(fragment) != all_src
        assert changed_chart, "no region changed the chart"
        select.select_option(label="All")
        assert visible_chart(fragment) == all_src and visible_rows(fragment) == all_rows
        exercised += 1
    return exercised


def assert_clean_visit(seen: Visit) -> None:
    assert seen.requests == [], f"requests left the file: {seen.requests}"
    assert seen.errors == [], f"console errors: {seen.errors}"
    assert seen.dialogs == []


# --------------------------------------------------------------------------- the builds


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> BriefingResult:
    return small_build(tmp_path_factory)


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> BriefingResult:
    if not CURATED:
        pytest.skip("no notebooks/*.ipynb yet")
    return curated_build(tmp_path_factory)


def test_small_briefing_filters_offline(small: BriefingResult, visit, tmp_path: Path) -> None:
    seen = visit(small.built[0])
    page = seen.page
    fragment = page.locator(".kit-explore").first
    shoot(page, tmp_path, "small-all")
    all_src, all_rows = visible_chart(fragment), visible_rows(fragment)
    fragment.locator('select[data-filter="region"]').select_option(label="Sichuan")
    assert visible_chart(fragment) != all_src
    rows = visible_rows(fragment)
    assert rows and len(rows) < len(all_rows) and all(r.startswith("Sichuan") for r in rows)
    total = int(fragment.locator("script.kx-config").evaluate("e => JSON.parse(e.textContent).n"))
    assert len(all_rows) == total  # every figure
    assert fragment.locator(".kx-count").inner_text() == f"{len(rows)} of {total} figures"
    fragment.locator('select[data-filter="topic"]').select_option(label="crackdown")
    assert len(visible_rows(fragment)) < len(rows)
    assert fragment.locator(".kx-chart:visible").count() == 1
    assert fragment.locator(".kx-chart:visible svg text").count() > 3  # drawn by the script
    shoot(page, tmp_path, "small-sichuan-crackdown")
    assert check_region_filter(page) == 1
    assert_clean_visit(seen)


def test_print_shows_the_static_chart_and_every_row(small: BriefingResult, visit) -> None:
    seen = visit(small.built[0])
    page = seen.page
    fragment = page.locator(".kit-explore").first
    n_rows = int(fragment.locator("script.kx-config").evaluate("e => JSON.parse(e.textContent).n"))
    fragment.locator('select[data-filter="region"]').select_option(label="Xihu")
    page.emulate_media(media="print")
    assert fragment.locator("select").first.is_hidden()
    assert fragment.locator("img.kx-chart.kx-all").is_visible()
    assert len(visible_rows(fragment)) == n_rows
    assert_clean_visit(seen)


def test_index_links_every_briefing(small: BriefingResult, visit) -> None:
    seen = visit(small.index)
    links = seen.page.locator("ul.briefings a")
    assert links.count() == len(small.built)
    assert links.first.get_attribute("href") == small.built[0].name
    assert_clean_visit(seen)


def test_curated_briefings_open_offline_and_filter(
    curated: BriefingResult, visit, tmp_path: Path
) -> None:
    assert curated.ok, curated.failed
    exercised = 0
    for path in curated.built:
        seen = visit(path)
        shoot(seen.page, tmp_path, path.stem)
        exercised += check_region_filter(seen.page)
        assert_clean_visit(seen)
    assert exercised, "no curated briefing has a region filter"


#: most pages a briefing of the bundled seeds may print on (A4)
PRINTED_PAGES = 12


def printed_pages(page: playwright.Page) -> int:
    """Pages of the page printed to A4 as Chromium prints it."""
    pdf = page.pdf(format="A4", print_background=True)
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def test_curated_briefings_print_every_provenance_column_on_few_pages(
    curated: BriefingResult, visit
) -> None:
    """On paper, each figure table keeps every column (none runs past the page's edge, where
    the printer would cut it) and a briefing of the seeds takes at most PRINTED_PAGES pages."""
    assert curated.ok, curated.failed
    pages = {}
    for path in curated.built:
        page = visit(path).page
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 718, "height": 1000})  # A4 less 10 mm margins, 96 dpi
        cut = page.evaluate(
            """() => [...document.querySelectorAll('.kit-explore .kx-static table')]
                .filter(t => t.getBoundingClientRect().width > 0)
                .flatMap(t => [...t.querySelectorAll('th')])
                .filter(th => th.getBoundingClientRect().right > window.innerWidth + 1)
                .map(th => th.textContent)"""
        )
        assert cut == [], (path.stem, cut)
        pages[path.stem] = printed_pages(page)
    assert max(pages.values()) <= PRINTED_PAGES, pages


# --------------------------------------------------------------------------- hostile reports


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = tmp_path_factory.mktemp("hostile") / "hostile_report.txt"
    path.write_text(HOSTILE_REPORT, encoding="utf-8")
    return [str(path)]


def assert_harmless(seen: Visit, title: str) -> None:
    page = seen.page
    assert seen.dialogs == [], f"a dialog fired: {seen.dialogs}"
    assert page.title() == title != PWNED
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0
    assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
    assert seen.requests == [], seen.requests  # not even the broken image 'x'
    assert [e for e in seen.errors if PWNED in e or "alert" in e] == []


def test_hostile_report_is_shown_as_text(
    hostile_corpus: list[str], visit, tmp_path_factory, tmp_path: Path
) -> None:
    result = built(
        "hostile-small",
        tmp_path_factory,
        corpus=hostile_corpus,
        notebooks=[str(p) for p in _small_notebooks(tmp_path_factory)],
    )
    assert result.built, result.failed
    seen = visit(result.built[0])
    assert_harmless(seen, HEADING)
    closed = seen.page.locator("td.kx-more:not([data-open])")
    while closed.count():  # open every sentence excerpt in full
        closed.first.click()
    body = seen.page.locator("body").inner_text()
    assert "hostile_report.txt" in body  # the header names the corpus
    assert "<img src=x onerror=\"document.title='pwned'\">" in body  # the source sentence, as text
    assert '<a href="javascript:alert(1)">details</a>' in body
    assert seen.page.locator("td.kx-sentence mark", has_text="12").count() >= 1
    shoot(seen.page, tmp_path, "hostile-small", full_page=True)


def test_hostile_report_in_curated_briefings(
    hostile_corpus: list[str], visit, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if not CURATED:
        pytest.skip("no notebooks/*.ipynb yet")
    result = built("hostile-curated", tmp_path_factory, corpus=hostile_corpus)
    assert result.ok, result.failed
    for path in result.built:
        seen = visit(path)
        heading, _ = summary_of(nbformat.read(CURATED_BY_STEM[path.stem], as_version=4))
        assert_harmless(seen, heading)
        assert "hostile_report.txt" in seen.page.locator("header").inner_text()


def _small_notebooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("hostile-notebooks")
    return [small_notebook(folder / "01_small.ipynb")]
