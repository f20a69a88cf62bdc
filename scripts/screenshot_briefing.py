#!/usr/bin/env python3
"""Build the briefings over the seeds and save a screenshot of the first one to docs/briefing.png.

    python scripts/screenshot_briefing.py                # build, then shoot the first briefing
    python scripts/screenshot_briefing.py --no-build     # shoot what is in briefings/ already
    python scripts/screenshot_briefing.py --notebook 01  # build and shoot 01_*.ipynb only
    python scripts/screenshot_briefing.py --no-build --out DIR --views docs/
        # the first figure table of DIR's first briefing with a filter chosen, with a search
        # typed, and the CSV "Download CSV" gives (shown as a page): briefing-{filter,search,
        # download}.png in docs/

Uses Debian's Chromium (/usr/bin/chromium, or --chromium PATH) through Playwright; no browser is
downloaded and the page may load nothing but its own file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

try:
    from playwright.sync_api import sync_playwright

    from kit.publish.briefing import build_briefings
except ImportError:  # run with a Python outside the project's venv: use the venv's
    if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])
    raise


def screenshot(page_path: Path, png: Path, chromium: str, width: int, height: int) -> None:
    """The top of `page_path` down to its first chart (header, heading, finding), offline."""
    url = page_path.resolve().as_uri()
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        page = browser.new_page(viewport={"width": width, "height": height})

        def route(r):  # type: ignore[no-untyped-def]
            if r.request.url == url or r.request.url.startswith(("data:", "about:")):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(url, wait_until="load", timeout=180_000)
        png.parent.mkdir(parents=True, exist_ok=True)
        chart = page.locator(".kit-explore img.kx-chart:visible, .jp-RenderedImage img").first
        box = chart.bounding_box() if chart.count() else None
        if box:  # down to the end of the first chart, so the picture shows one whole finding
            bottom = min(box["y"] + box["height"] + 8, 3 * height)
            clip = {"x": 0, "y": 0, "width": width, "height": bottom}
            page.screenshot(path=str(png), clip=clip, full_page=True)
        else:
            page.screenshot(path=str(png))
        browser.close()
    if blocked:
        print(f"warning: the briefing asked for {blocked}", file=sys.stderr)


def _open(p, page_path: Path, chromium: str, width: int, height: int):  # type: ignore[no-untyped-def]
    url = page_path.resolve().as_uri()
    browser = p.chromium.launch(executable_path=chromium)
    page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith((url, "data:", "blob:")) else r.abort(),
    )
    page.goto(url, wait_until="load", timeout=180_000)
    page.wait_for_selector(".kit-explore[data-loaded]", timeout=120_000)
    return browser, page


def views(page_path: Path, folder: Path, chromium: str, width: int) -> list[Path]:
    """Screenshots of the first figure table: a filter, a search, and the downloaded CSV."""
    import csv
    import html
    import io

    folder.mkdir(parents=True, exist_ok=True)
    shots = [folder / f"briefing-{name}.png" for name in ("filter", "search", "download")]
    with sync_playwright() as p:
        browser, page = _open(p, page_path, chromium, width, 1000)
        table = page.locator(".kit-explore").first
        table.scroll_into_view_if_needed()
        region = table.locator('select[data-filter="region"]')
        region.select_option(region.locator("option").nth(1).get_attribute("value"))
        topic = table.locator('select[data-filter="topic"]')
        if topic.count():
            topic.select_option("crackdown")
        table.screenshot(path=str(shots[0]))  # the whole fragment: filters, chart, table
        table.locator("input.kx-search").fill("fraud")
        page.wait_for_function("location.hash.includes('q=fraud')")
        table.locator("tr.kx-row").first.scroll_into_view_if_needed()
        table.locator("td.kx-more").first.click()  # one sentence opened in full
        table.locator("button.kx-cite").first.click()
        table.screenshot(path=str(shots[1]))
        with page.expect_download() as info:
            table.locator("button.kx-download").click()
        raw = Path(info.value.path()).read_bytes()
        name = info.value.suggested_filename
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        cells = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c[:80])}</td>" for c in r) + "</tr>"
            for r in rows[:25]
        )
        page.set_content(
            "<meta charset=utf-8><style>body{font:13px system-ui;margin:12px}"
            "table{border-collapse:collapse}td{border:1px solid #ccc;padding:2px 4px;"
            "white-space:nowrap}tr:first-child{font-weight:700;background:#eee}</style>"
            f"<p><b>{html.escape(name)}</b>: {len(rows) - 1:,} rows, {len(raw):,} bytes, "
            f"UTF-8 with BOM: {raw.startswith(bytes([0xEF, 0xBB, 0xBF]))}; "
            f"the page's view: {html.escape(page_path.name)} with region, topic and search "
            f"'fraud'</p><table>{cells}</table>"
        )
        page.screenshot(path=str(shots[2]), full_page=False)
        browser.close()
    return shots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "briefings"), help="briefings folder")
    parser.add_argument("--png", default=str(ROOT / "docs" / "briefing.png"))
    parser.add_argument("--notebook", nargs="+", help="notebook stems or prefixes to build")
    parser.add_argument("--no-build", action="store_true", help="use the briefings already built")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1500)
    parser.add_argument("--views", help="folder for the filter, search and download shots")
    args = parser.parse_args()

    out = Path(args.out)
    if args.no_build:
        pages = sorted(p for p in out.glob("*.html") if p.name != "index.html")
    else:
        result = build_briefings(out=out, notebooks=args.notebook)
        for name, reason in result.failed:
            print(f"error: {name}: {reason}", file=sys.stderr)
        pages = result.built
    if not pages:
        print(f"error: no briefing in {out}", file=sys.stderr)
        return 1
    if not Path(args.chromium).exists():
        print(f"error: {args.chromium} not found (apt-get install chromium)", file=sys.stderr)
        return 1
    if args.views:
        for shot in views(pages[0], Path(args.views), args.chromium, args.width):
            print(f"{shot} ({shot.stat().st_size // 1024} KB) from {pages[0]}")
        return 0
    png = Path(args.png)
    screenshot(pages[0], png, args.chromium, args.width, args.height)
    print(f"{png} ({png.stat().st_size // 1024} KB) from {pages[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
