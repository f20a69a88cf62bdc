"""Chinese in a briefing's charts, as Chromium shows and prints them, on a machine whose only
CJK font is the one the kit installs from PyPI (CI installs none).

Where no font has a character, every character is drawn as the same box ("tofu"), so two
charts whose Chinese labels differ (same lengths, same bars) come out pixel for pixel equal.
With the glyphs drawn they differ: that is checked on screen and in print, and the check is
shown to fail when the charts are drawn with Latin fonts only. The "All" chart is a PNG drawn
by matplotlib with the kit's CJK font; a filtered chart is SVG drawn by the page's script with
the page's fonts, so its page embeds the kit's font as a briefing does (`kit.publish.webfont`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

import kit  # noqa: E402
from kit.present import charts, fonts  # noqa: E402
from kit.present.explore import explore  # noqa: E402
from kit.present.variants import needs_glyph_paths  # noqa: E402

# opens briefing fragments in headless Chromium: not in the fast lane
pytestmark = pytest.mark.browser

#: Chinese units, as sub-bureau names appear in the reports' own sentences; OTHER_UNITS have
#: the same lengths, so only the glyphs tell the two charts apart
UNITS = ["城北公安分局", "城东公安分局", "湟中区公安分局"]
OTHER_UNITS = ["城南公安分局", "城西公安分局", "大通县公安分局"]


def chinese_frame(units: list[str] = UNITS) -> pd.DataFrame:
    docs = [
        kit.Document(
            doc_id=f"{n}.txt",
            text=f"{unit}化解矛盾纠纷{100 + 40 * n}起，破获刑事案件{20 + n}起。",
            language="zh",
            region=unit,
            year=2023,
        )
        for n, unit in enumerate(units)
    ]
    frame = kit.metrics_frame(docs, cache=False)
    assert set(frame["region"]) == set(units)
    return frame


def page_of(fragment: str, path: Path, *, font: bool = True) -> Path:
    """A page of `fragment`, with the kit's CJK font embedded as `kit briefings` does, or none."""
    from kit.publish.webfont import embed

    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>'
        f"{fragment}</body></html>"
    )
    path.write_text(embed(page) if font else page, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two fragments differing only in their Chinese labels, drawn with the kit's fonts, and
    the same two drawn with Latin fonts only (boxes)."""
    folder = tmp_path_factory.mktemp("chinese")
    built = {}
    for units, name in ((UNITS, "a"), (OTHER_UNITS, "b")):
        frame = chinese_frame(units)
        built[name] = explore(frame, charts.counts_bar, title="By unit", briefing=True).html
        with pytest.MonkeyPatch.context() as mp, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the boxes are wanted here
            mp.setattr(charts, "font_families", lambda: (fonts.LATIN_FONT,))
            tofu = explore(frame, charts.counts_bar, title="By unit", briefing=True).html
        built[f"tofu_{name}"] = tofu
    return {
        name: page_of(html, folder / f"{name}.html", font=not name.startswith("tofu"))
        for name, html in built.items()
    }


def differing_ink(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> dict[str, int]:
    """Dark pixels found in one picture and not the other, by kind of chart."""
    out = {}
    for kind in a:
        x, y = a[kind], b[kind]
        h, w = min(x.shape[0], y.shape[0]), min(x.shape[1], y.shape[1])
        assert (x < 128).sum() > 500, kind  # something is drawn
        out[kind] = int(((x[:h, :w] < 128) != (y[:h, :w] < 128)).sum())
    return out


#: fonts Chromium may use here: Latin only, as on a machine with no CJK font installed
LATIN_ONLY = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[playwright.Browser]:
    """Chromium seeing one Latin font only (DejaVu, matplotlib's own copy), whatever this
    machine has installed: what a reader without a Chinese font gets."""
    import matplotlib

    folder = tmp_path_factory.mktemp("fontconfig")
    fonts_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    conf = folder / "fonts.conf"
    conf.write_text(LATIN_ONLY.format(fonts=fonts_dir, cache=folder / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), env=env)
        yield browser
        browser.close()


def shots(browser: playwright.Browser, path: Path, media: str) -> dict[str, np.ndarray]:
    """The "All" chart (PNG) and, on screen, one filtered chart (SVG drawn), in gray. Print shows
    the "All" chart only (the filters are gone on paper)."""
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
    )
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_selector(".kit-explore[data-loaded]")
    page.emulate_media(media=media)
    out = {"png": page.locator("img.kx-all").screenshot()}
    if media == "screen":
        page.locator('select[data-filter="topic"]').select_option(index=1)
        page.wait_for_selector(".kx-variant:not([hidden]) svg")
        out["svg"] = page.locator(".kx-variant").screenshot()
    page.close()
    return {k: np.asarray(Image.open(BytesIO(v)).convert("L")) for k, v in out.items()}


@pytest.mark.parametrize("media", ["screen", "print"])
def test_briefing_charts_show_chinese_not_boxes(browser, pages, media: str) -> None:
    a, b = shots(browser, pages["a"], media), shots(browser, pages["b"], media)
    assert set(a) == ({"png", "svg"} if media == "screen" else {"png"})
    for kind, n in differing_ink(a, b).items():
        assert n > 300, (kind, media, n)  # other characters, other glyphs


def test_this_browser_has_no_chinese_font(browser) -> None:
    """Guards the tests here: in this browser, page text in Chinese is boxes (two different
    strings of the same length look the same)."""
    page = browser.new_page()
    drawn = []
    for text in ("".join(UNITS), "".join(OTHER_UNITS)):
        page.set_content(f'<p style="font-size:40px;margin:0" id="t">{text}</p>')
        shot = page.locator("#t").screenshot()
        drawn.append(np.asarray(Image.open(BytesIO(shot)).convert("L")) < 128)
    page.close()
    assert drawn[0].sum() > 500 and (drawn[0] == drawn[1]).all()


def test_boxes_are_equal_so_the_check_can_fail(browser, pages) -> None:
    a, b = shots(browser, pages["tofu_a"], "screen"), shots(browser, pages["tofu_b"], "screen")
    assert differing_ink(a, b) == {"png": 0, "svg": 0}


def test_a_chart_with_chinese_text_draws_outlines_in_its_svg() -> None:
    frame = chinese_frame()
    assert needs_glyph_paths(charts.counts_bar(frame))
    latin = frame.assign(region=pd.Series(["Xining"] * len(frame), dtype="category"))
    assert not needs_glyph_paths(charts.counts_bar(latin, by="region"))


def test_briefing_page_text_shows_chinese_not_boxes(browser, tmp_path: Path) -> None:
    """Tables, findings and citations are page text, drawn by the reader's fonts: a briefing
    embeds the kit's CJK font cut to the characters it uses, so even this browser (no Chinese
    font) draws two different Chinese strings differently, on screen and in print."""
    from kit.publish.webfont import embed

    def ink(text: str, media: str) -> np.ndarray:
        html = embed(
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>'
            f'<p style="font-size:40px;margin:0;font-family:var(--jp-content-font-family)" id="t">'
            f"{text}</p></body></html>"
        )
        assert 'font-family:"kit-cjk"' in html and "data:font/woff;base64," in html
        page = browser.new_page()
        page.set_content(html)
        page.emulate_media(media=media)
        page.evaluate("document.fonts.load('40px \"kit-cjk\"', '城')")
        page.wait_for_function("document.fonts.status === 'loaded'")
        shot = page.locator("#t").screenshot()
        page.close()
        return np.asarray(Image.open(BytesIO(shot)).convert("L")) < 128

    for media in ("screen", "print"):
        a, b = ink("".join(UNITS), media), ink("".join(OTHER_UNITS), media)
        h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
        assert a.sum() > 500, media
        assert int((a[:h, :w] != b[:h, :w]).sum()) > 300, media  # glyphs, not boxes


def test_a_page_without_chinese_embeds_no_font() -> None:
    from kit.publish.webfont import embed

    page = "<html><head></head><body><p>solved 1,286 cases</p></body></html>"
    assert embed(page) == page
