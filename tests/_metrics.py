"""Defaults shared by the tests' hand-made Metric records: a level of topic "other", as stated."""

from __future__ import annotations

from typing import Any

QUIET: dict[str, Any] = {
    "indicator": None,
    "scope": "area",
    "scope_name": None,
    "topic": "other",
    "change": False,
    "direction": None,
    "baseline": None,
    "qualifier": None,
    "repaired": None,
    "confidence": 0.95,
    "note": None,
}
