"""The briefing table in a real browser, on fragments built here (no kernel, no notebook build).

Debian's Chromium through Playwright, offline: search, sort, paging, the CSV download (BOM,
formula cells neutralised), citations, the URL hash, and the page without JavaScript.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from conftest import SAMPLE_METRICS  # noqa: E402

from kit.frame import metrics_to_frame  # noqa: E402
from kit.present import charts  # noqa: E402
from kit.present.explore import explore  # noqa: E402

# opens briefing fragments in headless Chromium: not in the fast lane
pytestmark = pytest.mark.browser

#: cells a spreadsheet would run as formulas, as a scraped report could contain them
FORMULAS = ['=HYPERLINK("http://x")', "+SUM(A1)", "-2+3", "@cmd", "\tTAB"]


#: CSV columns holding numbers (a fall's signed value is a real "-6.32", not a formula)
NUMERIC_CSV = {"value", "signed_value", "confidence", "year", "start", "end"}


def page_of(fragment_html: str, path: Path) -> Path:
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>'
        f'{fragment_html}<p id="after">What follows the fragment</p></body></html>',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    base = metrics_to_frame(SAMPLE_METRICS)
    counted = list(base["counted"].astype(object))
    for i, formula in enumerate(FORMULAS):
        counted[i] = formula
    return base.assign(counted=pd.array(counted, dtype="string"))


@pytest.fixture(scope="module")
def pages(frame: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("table-pages")
    small = explore(frame, charts.counts_bar, title="Figures by region", briefing=True)
    big_frame = pd.concat([frame] * 12, ignore_index=True)  # 264 rows: more than one page
    big = explore(big_frame, charts.counts_bar, title="Many", filters=("region",), briefing=True)
    return {
        "small": page_of(small.html, folder / "small.html"),
        "big": page_of(big.html, folder / "big.html"),
    }


@pytest.fixture
def open_page(browser: playwright.Browser) -> Iterator:
    contexts = []
    errors: list[str] = []

    def go(path: Path, *, script: bool = True, hash: str = "") -> playwright.Page:
        context = browser.new_context(java_script_enabled=script, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.route(
            "**/*",
            lambda r: (
                r.continue_()
                if r.request.url.startswith(("file:", "data:", "blob:"))
                else r.abort()
            ),
        )
        page.goto(path.resolve().as_uri() + hash, wait_until="load")
        if script:
            page.wait_for_selector(".kit-explore[data-loaded]")
        return page

    yield go
    for context in contexts:
        context.close()
    assert errors == []


def number(shown: str) -> float:
    """The magnitude in a value cell as the table says it ("⚠ over 40,000", "−6.32%")."""
    for part in ("⚠", ",", "%", " pp", " yuan", "over ", "nearly ", "at least ", "+", "−", "±"):
        shown = shown.replace(part, "")
    return float(shown.strip())


def rows(page: playwright.Page) -> list[str]:
    return page.locator("tr.kx-row:visible").all_inner_texts()


def download(page: playwright.Page) -> tuple[bytes, list[dict[str, str]]]:
    with page.expect_download() as info:
        page.locator("button.kx-download").click()
    raw = Path(info.value.path()).read_bytes()
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_search_narrows_rows_and_the_hash_keeps_it(open_page, pages, frame) -> None:
    page = open_page(pages["small"])
    assert len(rows(page)) == len(frame)
    search = page.locator("input.kx-search")
    search.fill("hyperlink")  # any column, any case
    page.wait_for_function(f"document.querySelectorAll('tr.kx-row').length < {len(frame)}")
    assert len(rows(page)) == 1 and "=HYPERLINK" in rows(page)[0]
    chinese = frame[frame["counted"].str.contains("破案率")]
    search.fill("破案率")
    page.wait_for_function(f"document.querySelectorAll('tr.kx-row').length == {len(chinese)}")
    search.fill("dispute")
    page.wait_for_function("location.hash.includes('q=dispute')")
    found = rows(page)
    about = (frame["topic"] == "disputes") | frame["counted"].str.contains("dispute", case=False)
    assert len(found) == int(about.sum()) < len(frame)  # the topic is searched too
    page.locator('select[data-filter="region"]').select_option("Xining")
    narrowed = rows(page)
    assert 0 < len(narrowed) <= len(found) and all(r.startswith("Xining") for r in narrowed)
    page.reload()
    page.wait_for_selector(".kit-explore[data-loaded]")
    assert page.locator("input.kx-search").input_value() == "dispute"
    assert page.locator('select[data-filter="region"]').input_value() == "Xining"
    assert rows(page) == narrowed


def test_sorting_by_a_column(open_page, pages, frame) -> None:
    page = open_page(pages["small"])
    page.locator('th button[data-sort="value"]').click()
    values = [float(v) for v in frame["value"]]
    shown = page.locator("tr.kx-row td.kx-value").all_inner_texts()
    assert [number(s) for s in shown] == sorted(values)
    page.locator('th button[data-sort="value"]').click()
    shown = page.locator("tr.kx-row td.kx-value").all_inner_texts()
    assert [number(s) for s in shown] == sorted(values, reverse=True)
    page.wait_for_function("location.hash.includes('sort=-value')")


def test_csv_has_a_bom_and_neutralised_formulas(open_page, pages, frame) -> None:
    page = open_page(pages["small"])
    raw, records = download(page)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert len(records) == len(frame)
    counted = [r["counted"] for r in records]
    for formula in FORMULAS:
        assert "'" + formula in counted, formula
    texts = [c for r in records for k, c in r.items() if k not in NUMERIC_CSV]
    assert not any(c.startswith(("=", "+", "-", "@", "\t")) for c in texts)
    assert [float(r["value"]) for r in records] == [float(v) for v in frame["value"]]
    assert [r["sentence"] for r in records] == list(frame["sentence"])  # whole sentences
    page.locator('select[data-filter="region"]').select_option("Sichuan")
    _, sichuan = download(page)
    assert [r["doc_id"] for r in sichuan] == list(frame[frame["region"] == "Sichuan"]["doc_id"])


def test_a_row_cites_its_figure(open_page, pages, frame) -> None:
    page = open_page(pages["small"])
    page.locator("button.kx-cite").first.click()
    citation = page.locator(".kx-citebox textarea").input_value()
    first = frame.iloc[0]
    assert citation.startswith(f"{first['doc_id']}: '{first['sentence']}'"), citation
    assert "kit " in citation


def test_long_tables_page_and_show_all(open_page, pages) -> None:
    page = open_page(pages["big"])
    first = len(rows(page))
    assert 20 <= first < 264  # a box of rows is drawn, not all 264
    assert "264 of 264 figures" in page.locator(".kx-count").inner_text()
    assert f"Showing {first} of 264 rows" in page.locator(".kx-pager").inner_text()
    page.locator(".kx-live .kx-table-wrap").evaluate("box => box.scrollTo(0, box.scrollHeight)")
    page.wait_for_function(f"document.querySelectorAll('tr.kx-row').length > {first}")
    page.locator('.kx-pager button[data-more="all"]').click()
    assert len(rows(page)) == 264
    _, records = download(page)
    assert len(records) == 264


def test_a_filter_change_moves_nothing_after_the_fragment(open_page, pages, frame) -> None:
    """The page below a table keeps its place whatever the filters leave (a few rows, none, a
    chart of another size): the browser then repaints the fragment only (see
    docs/architecture.md), and a reader's place on the page does not jump."""
    page = open_page(pages["big"])
    where = "document.getElementById('after').getBoundingClientRect().top + window.scrollY"
    top = page.evaluate(where)
    select = page.locator('select[data-filter="region"]')
    for region in ["Sichuan", "Xining", ""]:
        select.select_option(region)
        assert page.evaluate(where) == top, region
    page.locator("input.kx-search").fill("no such words anywhere")
    page.wait_for_selector("td.kx-empty")
    assert "No figure matches" in page.locator("td.kx-empty").inner_text()
    assert page.evaluate(where) == top


def test_without_javascript_every_row_and_the_all_chart_show(open_page, pages, frame) -> None:
    page = open_page(pages["small"], script=False)
    assert page.locator(".kx-nojs").is_visible()
    assert "need JavaScript" in page.locator(".kx-nojs").inner_text()
    assert page.locator(".kx-filters").is_hidden()
    assert page.locator(".kx-static tbody tr:visible").count() == len(frame)
    assert page.locator("img.kx-chart:visible").count() == 1
    assert page.locator("img.kx-chart.kx-all").is_visible()


def test_a_shared_link_opens_the_same_view(open_page, pages, frame) -> None:
    page = open_page(pages["small"])
    page.locator('select[data-filter="year"]').select_option("2024")
    page.wait_for_function("location.hash.includes('year=2024')")
    link = page.url
    other = open_page(pages["small"], hash="#" + link.split("#", 1)[1])
    n_2024 = int((frame["year"] == 2024).sum())
    assert len(rows(other)) == n_2024
    assert other.locator(".kx-count").inner_text() == f"{n_2024} of {len(frame)} figures"


#: reports whose figures carry a sign or a qualifier: (file name, text)
SIGNED_REPORTS: list[tuple[str, str]] = [
    (
        "xining.txt",
        "Xining Municipal Public Security Bureau 2023 work summary\n\nIn 2023, telecom network "
        "fraud cases in Xining fell by 6.32% year on year, and more than 40,000 police officers "
        "took part in patrols. Criminal cases solved rose by 12.1% compared with 2022.\n",
    ),
    (
        "sichuan.txt",
        "Sichuan Provincial Public Security Department 2023 work report\n\nIn 2023, Sichuan "
        "solved nearly 3,000 fraud cases, and traffic deaths dropped by 8.5% year on year.\n",
    ),
]


def test_csv_of_a_filtered_view_says_signs_and_qualifiers_like_the_cli(
    open_page, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    import _briefs as briefs

    from kit.cli import main

    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in SIGNED_REPORTS:
        (folder / name).write_text(text, encoding="utf-8")
    _, _, frame = briefs.load([str(folder)], None, True)
    fragment = explore(frame, charts.counts_bar, title="Signed", briefing=True)
    page = open_page(page_of(fragment.html, tmp_path / "signed.html"))
    page.locator('select[data-filter="region"]').select_option("Xining")
    shown = page.locator("tr.kx-row td.kx-value").all_inner_texts()
    assert "−6.32%" in shown and "over 40,000" in shown and "+12.1%" in shown
    _, records = download(page)
    assert main(["extract", "--format", "csv", str(folder / "xining.txt")]) == 0
    cli = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(records) == len(cli) >= 3 and {r["doc_id"] for r in records} == {"xining.txt"}
    by_start = {r["start"]: r for r in cli}
    for row in records:
        line = by_start[row["start"]]
        for column in ("text", "direction", "qualifier", "baseline", "indicator"):
            assert row[column] == line[column], (column, row, line)
        assert float(row["value"]) == float(line["value"])
        sign = -1 if line["direction"] == "down" else 1
        assert float(row["signed_value"]) == sign * float(line["value"])
        assert row["title"] == "Xining Municipal Public Security Bureau 2023 work summary"
    fall = next(r for r in records if r["text"] == "6.32%")
    assert (fall["signed_value"], fall["direction"]) == ("-6.32", "down")
    assert next(r for r in records if r["text"] == "40,000")["qualifier"] == "more_than"
