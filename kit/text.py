"""Traditional -> simplified Chinese, for matching vocabulary only (never for offsets or output).

Reports from Hong Kong, Macao and Taiwan, and some mainland pages, use traditional characters.
Rather than doubling every vocabulary entry, extraction reads a simplified *shadow* of the text
and reports spans and surfaces from the original. OpenCC's conversion is character for
character for almost all text; where it is not (a phrase conversion changed the length) the
shadow is not used, so offsets can never drift.
"""

from __future__ import annotations

from functools import cache


@cache
def _converter():  # opencc has no type hints
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a core dependency
        return None
    return opencc.OpenCC("t2s")


def simplified_shadow(text: str) -> str:
    """`text` in simplified characters, of exactly the same length, or `text` itself."""
    converter = _converter()
    if converter is None:
        return text
    shadow = converter.convert(text)
    return shadow if len(shadow) == len(text) else text


__all__ = ["simplified_shadow"]
