"""Document -> figures: the one door to extraction, `extract(document)`.

The package's modules, in the order a document flows through them: `numerals` (Chinese
numbers -> values), `repair` (translation-damage rules), `surfaces`, `prechecks` and `mentions`
(every number as written), `structure` (sentences, clauses, quotes, headings: read once),
`english` / `chinese` (the decisions per language), `baselines`, `lists` and `context` (what a
figure takes from its neighbours), and the measure: `indicators` + `topics` + `scope`.
`decide` runs them over a document.

`extract` loads on first use (PEP 562), so `kit.schema` can import the repair rules' names
without loading the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kit.figures.decide import extract

__all__ = ["extract"]


def __getattr__(name: str) -> Any:
    """`extract` is imported the first time it is used, then kept on the package."""
    if name != "extract":
        raise AttributeError(f"module 'kit.figures' has no attribute {name!r}")
    value = importlib.import_module("kit.figures.decide").extract
    globals()[name] = value
    return value
