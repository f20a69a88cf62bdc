"""A TrueType CJK font for tests that write Chinese into a PDF, built from the Noto Sans CJK
collection the kit installs (package `noto-cjk-sans-otc`), so no system font is needed.

fpdf2 writes text a PDF reader can extract only with TrueType outlines; Noto's are CFF. The font
is cut to the characters asked for (fontTools' subsetter, as kit.publish.webfont does) and its
cubic outlines converted to quadratic ones (fontTools' Cu2QuPen): about 20 KB.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

from kit.present.fonts import bundled_font_file
from kit.publish.webfont import _FACE

_MAXP_ZERO = (
    "maxTwilightPoints",
    "maxStorage",
    "maxFunctionDefs",
    "maxInstructionDefs",
    "maxStackElements",
    "maxSizeOfInstructions",
    "maxComponentElements",
)


def cjk_truetype(characters: str, out: Path) -> Path | None:
    """`out`, a TrueType font holding `characters` (and ASCII), or None without the kit's font."""
    source = bundled_font_file()
    if source is None:
        return None
    font = next(
        f for f in TTCollection(source, lazy=True).fonts if f["name"].getDebugName(1) == _FACE
    )
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    ascii_ = "".join(chr(c) for c in range(0x20, 0x7F))
    subsetter.populate(text=characters + ascii_)
    subsetter.subset(font)
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = font.getGlyphOrder(), {}
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion, maxp.maxZones = 0x00010000, 1
    for field in _MAXP_ZERO:
        setattr(maxp, field, 0)
    font["head"].indexToLocFormat = font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(out))
    return out
