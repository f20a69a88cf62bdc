"""Measure the candidate readers for web pages and PDFs on the test fixtures; print a table.

    .venv/bin/pip install trafilatura gne pypdf   # the candidates the kit did not choose
    .venv/bin/python scripts/measure_formats.py

For each web page of tests/_pages.py the figures the kit extracts from a reader's text are
compared with the figures of the article alone: `found` of the article's figures, `missed`, and
`extra` (figures from navigation, sidebars, info bars, footers). The index page has no article:
a reader passes it when it yields no figures (or refuses the page). For PDF, the two-page
English/Chinese report of tests/test_formats.py, and the same pages repeated 20 times for time.
Times are medians of 5 runs on this machine; compare them within one run only.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from _pages import INDEX_PAGE, PAGES  # noqa: E402

from kit.figures import extract  # noqa: E402
from kit.load.html import PageError, decode_html, read_html  # noqa: E402
from kit.load.metadata import infer_metadata  # noqa: E402
from kit.schema import Document  # noqa: E402


def figures(text: str, page_starts: tuple[int, ...] | None = None) -> list[str]:
    if not text.strip():
        return []
    doc = Document("m", text, page_starts=page_starts, **infer_metadata(text))
    return [m.text for m in extract(doc)]


def timed(fn: Callable[[], str], runs: int = 5) -> tuple[str, float]:
    out, times = "", []
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return out, statistics.median(times) * 1000


def html_readers() -> dict[str, Callable[[str, bytes], str]]:
    import lxml.html

    readers: dict[str, Callable[[str, bytes], str]] = {
        "all text (lxml)": lambda markup, _: lxml.html.fromstring(markup).text_content(),
    }
    try:
        import trafilatura

        readers["trafilatura"] = lambda m, _: (
            trafilatura.extract(m, include_tables=True, include_comments=False) or ""
        )
        readers["trafilatura precision"] = lambda m, _: (
            trafilatura.extract(
                m, include_tables=True, include_comments=False, favor_precision=True
            )
            or ""
        )
    except ImportError:
        print("(trafilatura not installed: skipped)")
    from readability import Document as Readable

    def readability(markup: str, _: bytes) -> str:
        summary = Readable(markup).summary(html_partial=True)
        return lxml.html.fromstring(summary).text_content()

    readers["readability-lxml"] = readability
    try:
        from gne import GeneralNewsExtractor

        readers["gne"] = lambda m, _: GeneralNewsExtractor().extract(m).get("content", "")
    except ImportError:
        print("(gne not installed: skipped)")

    def kit_reader(_: str, data: bytes) -> str:
        try:
            return read_html(data).text
        except PageError:
            return ""

    readers["kit.load.html"] = kit_reader
    return readers


def measure_html() -> None:
    readers = html_readers()
    totals = {name: Counter() for name in readers}
    print(f"{'page':22} {'reader':24} {'found':>6} {'missed':>6} {'extra':>6} {'ms':>7}")
    for page in (*PAGES, INDEX_PAGE):
        data = page.data()
        markup, _ = decode_html(data)
        gold = Counter(figures(page.article))
        for name, reader in readers.items():
            try:
                text, ms = timed(lambda r=reader, m=markup, d=data: r(m, d))
            except Exception as exc:  # a reader failing on a page counts as finding nothing
                text, ms = "", float("nan")
                print(f"  {name} failed: {type(exc).__name__}: {exc}")
            got = Counter(figures(text))
            found, missed, extra = sum((gold & got).values()), gold - got, got - gold
            t = totals[name]
            t["found"] += found
            t["missed"] += sum(missed.values())
            t["extra"] += sum(extra.values())
            t["ms"] += ms
            t["pages right"] += not missed and not extra
            print(
                f"{page.name:22} {name:24} {found:6} {sum(missed.values()):6} "
                f"{sum(extra.values()):6} {ms:7.1f}  {' '.join(extra) if extra else ''}"
            )
    n = len(PAGES) + 1
    print(f"\nall {n} pages:")
    for name, t in totals.items():
        print(
            f"  {name:24} found {t['found']:3}  missed {t['missed']:3}  extra {t['extra']:3}  "
            f"pages exactly right {t['pages right']}/{n}  total {t['ms']:.0f} ms"
        )


def measure_pdf() -> None:
    import io

    from test_formats import EN_PAGE, ZH_PAGE, _pdf

    from kit.load.pdf import read_pdf

    small = _pdf([("en", EN_PAGE), ("zh", ZH_PAGE)])
    large = _pdf([("en", EN_PAGE), ("zh", ZH_PAGE)] * 20)
    gold = Counter(figures(EN_PAGE + "\n\n" + ZH_PAGE, (0, len(EN_PAGE) + 2)))

    def pypdf_text(data: bytes) -> tuple[str, tuple[int, ...]]:
        import pypdf

        pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
        return _joined(pages)

    def plumber_text(data: bytes) -> tuple[str, tuple[int, ...]]:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return _joined([p.extract_text() for p in pdf.pages])

    def kit_text(data: bytes) -> tuple[str, tuple[int, ...]]:
        result = read_pdf(data)
        return result.text, result.page_starts

    readers = {"pypdf": pypdf_text, "pdfplumber": plumber_text, "kit.load.pdf": kit_text}
    print(f"\n{'pdf reader':16} {'found':>6} {'missed':>6} {'extra':>6} {'ms/page':>8}  missed")
    for name, reader in readers.items():
        try:
            text, starts = reader(small)
        except ImportError:
            print(f"{name:16} not installed")
            continue
        got = Counter(figures(text, starts))
        _, ms = timed(lambda r=reader: r(large)[0], runs=3)
        missed, extra = gold - got, got - gold
        print(
            f"{name:16} {sum((gold & got).values()):6} {sum(missed.values()):6} "
            f"{sum(extra.values()):6} {ms / 40:8.1f}  {' '.join(missed)} | extra {' '.join(extra)}"
        )


def _joined(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 2
    return "\n\n".join(pages), tuple(starts)


if __name__ == "__main__":
    measure_html()
    measure_pdf()
