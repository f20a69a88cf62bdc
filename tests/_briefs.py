"""The tests' one namespace over what the notebooks' data helpers are made of: loading and
picking figures (`kit.present.selection`), the tables (`kit.present.figure_tables`) and the
one-line findings (`kit.present.findings`). Notebooks import `kit.notebook`; the tests reach
the helpers behind it by one short name, `briefs`.
"""

from __future__ import annotations

from kit.notebook import *  # noqa: F403 - what the notebooks call, and below what they do not
from kit.notebook import __all__ as _notebook
from kit.present.figure_tables import (
    BANDS,
    FIGURE_COLUMNS,
    NOT_REPAIRED,
    compare_metric,
    excerpt,
    humanise,
    label_figures,
    load_errors,
)
from kit.present.findings import compare_finding
from kit.present.fmt import format_value
from kit.present.labels import report_labels, sub_bureau
from kit.present.selection import filter_regions

__all__ = [
    *_notebook,
    "BANDS",
    "FIGURE_COLUMNS",
    "NOT_REPAIRED",
    "compare_finding",
    "compare_metric",
    "excerpt",
    "filter_regions",
    "format_value",
    "humanise",
    "label_figures",
    "load_errors",
    "report_labels",
    "sub_bureau",
]
