"""The Chinese a briefing shows, readable on a machine without a CJK font.

Charts carry their glyphs as outlines; the page's own text (tables, findings, citations) is drawn
by the reader's browser, which on a bare machine has no Chinese font and shows boxes. Each page
therefore embeds the kit's Noto Sans CJK SC (`kit.present.fonts.bundled_font_file`), cut down with
fontTools to the characters that page uses, as a `data:` WOFF font first in the font stacks: it
holds only the page's Chinese characters, so every other character is the reader's own fonts'.
(Placed after the system fonts it was never reached: Chromium with no CJK font drew boxes.)
"""

from __future__ import annotations

import base64
import io
import re

FAMILY = "kit-cjk"
#: the face of the NotoSansCJK collection for simplified Chinese (traditional falls back to it)
_FACE = "Noto Sans CJK SC"
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_STACK = '"kit-cjk", system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif'


def cjk_characters(page: str) -> str:
    """The distinct CJK characters of a page, in code-point order."""
    return "".join(sorted(set(_CJK.findall(page))))


def font_face_css(characters: str) -> str:
    """`@font-face` for `characters` from the kit's CJK font, or "" when there is none to embed."""
    if not characters:
        return ""
    from kit.present.fonts import bundled_font_file

    path = bundled_font_file()
    if path is None:
        return ""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == _FACE)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    data = base64.b64encode(out.getvalue()).decode("ascii")
    return (
        f'@font-face{{font-family:"{FAMILY}";src:url(data:font/woff;base64,{data}) format("woff");'
        # its typographic metrics (0.88 + 0.12 em), not its tall line metrics: as the first font
        # of a stack it sets every line's height, and Latin lines must stay as tall as before
        "ascent-override:88%;descent-override:12%;line-gap-override:0%;font-display:block}"
        f":root{{--jp-ui-font-family:{_STACK};--jp-content-font-family:{_STACK}}}"
    )


def embed(page: str) -> str:
    """`page` with its Chinese characters' font in a `<style>` at the end of its `<head>`."""
    css = font_face_css(cjk_characters(page))
    if not css:
        return page
    style = f'<style id="kit-cjk-font">{css}</style>'
    head_end = page.find("</head>")
    return page[:head_end] + style + page[head_end:] if head_end >= 0 else style + page


__all__: list[str] = []  # everything here serves its own package
