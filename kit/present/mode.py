"""The handshake between a notebook and `kit.publish`: whether this kernel builds a briefing, and
the MIME type the explorer's briefing fragments carry.

A curated notebook sets the mode once, from the `briefing` parameter papermill injects
(`kit.notebook.setup(briefing)`); every `explore` call after it follows the mode. `kit.publish`
finds the explorer's fragments by their MIME type, a key of an output's data (never by how its
HTML begins): a fragment is the kit's own escaped HTML, so it skips the sanitiser.
"""

from __future__ import annotations

#: the MIME type of a `kit.present.explore` briefing fragment (self-contained HTML)
FRAGMENT_MIME = "application/vnd.kit.explore-fragment+html"

_MODE = {"briefing": False}


def set_briefing(on: bool) -> None:
    """Make every later `explore` call build a briefing fragment (True) or a live widget."""
    _MODE["briefing"] = bool(on)


def briefing() -> bool:
    """True while this kernel builds a briefing (see `set_briefing`)."""
    return _MODE["briefing"]


__all__ = [
    "FRAGMENT_MIME",
]
