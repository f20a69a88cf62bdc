"""Chinese renders as Chinese: the CJK font is found even when matplotlib's font cache predates it.

The checks look at rendered pixels, not only at the absence of warnings: Chinese drawn with the
font found must differ from the boxes ("tofu") matplotlib draws for the same characters when no
font has them, and from those it draws for characters no font has; and the same comparison must
fail (the pixels are equal) when the stale cache is left as it is.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Iterator

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import kit
from kit.present import charts, fonts

CHINESE = "矛盾纠纷化解率"
MISSING = (
    "\u0378\u0379\u0380\u0381\u0382\u0383\u0384"  # unassigned code points: every font lacks them
)


def _clear_lookups() -> None:
    font_manager.fontManager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


@pytest.fixture
def stale_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """matplotlib's font list as it was before any CJK font was installed."""
    files = set(fonts.candidate_files())
    kept = [
        f
        for f in font_manager.fontManager.ttflist
        if f.name not in fonts.CJK_FAMILIES and f.fname not in files
    ]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", kept)
    monkeypatch.setitem(mpl.rcParams, "font.family", ["sans-serif"])
    fonts.forget()
    _clear_lookups()
    yield
    fonts.forget()
    _clear_lookups()


def ink(text: str, family: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    """The dark pixels of `text` drawn alone (in `family`, else the current rcParams), and the
    warnings drawing it raised."""
    fig = Figure(figsize=(4, 1), dpi=100)
    FigureCanvasAgg(fig)
    kw = {"fontfamily": family} if family else {}
    fig.text(0.02, 0.3, text, fontsize=24, **kw)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., 0] < 128
    return pixels, [str(w.message) for w in caught]


def needs_cjk_font() -> None:
    """The kit's own font is a dependency: these checks run on a machine with no system font."""
    assert fonts.candidate_files(), "no CJK font: the noto-cjk-sans-otc dependency is missing"


def tofu(text: str) -> np.ndarray:
    """`text` drawn where no font has its glyphs: the missing-glyph boxes."""
    pixels, warned = ink(text, ["DejaVu Sans"])
    assert any("missing from font" in w for w in warned)
    return pixels


def test_tofu_check_can_fail(stale_cache: None) -> None:
    """With the stale cache left alone, Chinese comes out as exactly its missing-glyph boxes."""
    chinese, warned = ink(CHINESE)
    assert any("missing from font" in w for w in warned)
    assert (chinese == tofu(CHINESE)).all()


def test_stale_cache_font_is_found_and_added(stale_cache: None) -> None:
    needs_cjk_font()
    assert not {f.name for f in font_manager.fontManager.ttflist} & set(fonts.CJK_FAMILIES)
    family = fonts.find_cjk_font()
    assert family in fonts.CJK_FAMILIES
    assert family in {f.name for f in font_manager.fontManager.ttflist}  # added by addfont
    assert charts.font_families() == ("DejaVu Sans", family)


def test_use_cjk_fonts_renders_chinese_in_the_users_own_figure(stale_cache: None) -> None:
    needs_cjk_font()
    family = kit.use_cjk_fonts()
    assert mpl.rcParams["font.family"] == ["DejaVu Sans", family]
    chinese, warned = ink(CHINESE)  # a plain matplotlib figure, no kit style
    assert not [w for w in warned if "missing from font" in w], warned
    assert chinese.sum() > 200  # glyphs drawn
    assert (chinese != tofu(CHINESE)).sum() > 200  # and they are not the boxes
    assert (chinese != tofu(MISSING)).sum() > 200


def test_kit_chart_with_chinese_labels_renders_glyphs(stale_cache: None) -> None:
    needs_cjk_font()
    import pandas as pd

    frame = kit.metrics_frame(
        [kit.Document(doc_id="z.txt", text="城北公安分局化解矛盾纠纷1049起。", language="zh")],
        cache=False,
    )
    assert len(frame)
    frame = frame.assign(region=pd.Series(["西宁"] * len(frame), dtype="category"))
    fig = charts.counts_bar(frame, by="region")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    assert not [str(w.message) for w in caught if "missing from font" in str(w.message)]
    label = fig.axes[0].get_yticklabels()[0]
    assert label.get_text() == "西宁"
    assert fonts.find_cjk_font() in label.get_fontfamily()


def test_no_cjk_font_warns_once_naming_the_package(
    stale_cache: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "candidate_files", lambda: [])
    monkeypatch.setattr(fonts, "bundled_font_file", lambda: None)  # the dependency is missing
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert kit.use_cjk_fonts() is None
        assert kit.use_cjk_fonts() is None
        charts.counts_bar(charts_frame()).canvas.draw()
    messages = [str(w.message) for w in caught]
    assert messages == [fonts.NO_CJK_FONT]
    assert "pip install noto-cjk-sans-otc" in messages[0] and "fonts-noto-cjk" in messages[0]
    assert mpl.rcParams["font.family"] == ["DejaVu Sans"]


def test_the_kits_own_font_comes_first_and_draws_chinese(stale_cache: None) -> None:
    """With no system font at all, the font installed from PyPI with the kit is found."""
    bundled = fonts.bundled_font_file()
    assert bundled is not None and bundled.endswith(".ttc")
    assert fonts.candidate_files()[0] == bundled
    family = fonts.find_cjk_font()
    assert family is not None and family.startswith("Noto Sans CJK")
    assert {f.fname for f in font_manager.fontManager.ttflist if f.name == family} == {bundled}
    chinese, warned = ink(CHINESE, ["DejaVu Sans", family])
    assert not [w for w in warned if "missing from font" in w], warned
    assert (chinese != tofu(CHINESE)).sum() > 200


def charts_frame():  # type: ignore[no-untyped-def]
    return kit.metrics_frame(
        [kit.Document(doc_id="z.txt", text="化解矛盾纠纷1049起。", language="zh", region="西宁")],
        cache=False,
    )


def test_import_kit_stays_light_with_the_new_name() -> None:
    code = (
        "import sys, kit; assert 'use_cjk_fonts' in dir(kit); "
        "assert 'matplotlib' not in sys.modules, 'import kit loaded matplotlib'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
