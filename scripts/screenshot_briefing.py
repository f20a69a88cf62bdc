#!/usr/bin/env python3
"""Build the briefings over the seeds and save a screenshot of the first one to docs/briefing.png.

    python scripts/screenshot_briefing.py                # build, then shoot the first briefing
    python scripts/screenshot_briefing.py --no-build     # shoot what is in briefings/ already
    python scripts/screenshot_briefing.py --notebook 01  # build and shoot 01_*.ipynb only

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
        page.goto(url, wait_until="load")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "briefings"), help="briefings folder")
    parser.add_argument("--png", default=str(ROOT / "docs" / "briefing.png"))
    parser.add_argument("--notebook", nargs="+", help="notebook stems or prefixes to build")
    parser.add_argument("--no-build", action="store_true", help="use the briefings already built")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1500)
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
    png = Path(args.png)
    screenshot(pages[0], png, args.chromium, args.width, args.height)
    print(f"{png} ({png.stat().st_size // 1024} KB) from {pages[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
