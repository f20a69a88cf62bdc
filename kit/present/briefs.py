"""The one import a notebook needs for its data: `from kit.present import briefs`.

Notebooks hold narrative and calls; whatever computes lives in the modules named here, tested in
tests/test_briefs.py: loading and picking figures (`kit.present.selection`), the tables
(`kit.present.figure_tables`) and the one-line findings over them (`kit.present.findings`).
Every function takes a metrics frame (schema in `kit.frame`) or a documents frame and returns a
new frame, a `ReadingTable` (a compact Styler) or a sentence; nothing mutates its input.
"""

from __future__ import annotations

from kit.present.figure_tables import (
    BANDS,
    EXPLORE_COLUMNS,
    FIGURE_COLUMNS,
    NOT_REPAIRED,
    SHORT_COLUMNS,
    compare_metric,
    compare_metrics,
    coverage,
    documents_table,
    excerpt,
    figure_table,
    humanise,
    label_figures,
    load_errors,
    reconciliation,
    repair_summary,
    series_tables,
    styled,
    topic_counts,
)
from kit.present.findings import (
    caveats,
    change_finding,
    compare_finding,
    corpus_finding,
    count_finding,
    rates_finding,
    reconciliation_finding,
    repair_finding,
    sources_note,
    topic_finding,
)
from kit.present.fmt import format_value
from kit.present.labels import report_labels, sub_bureau
from kit.present.selection import (
    CRACKDOWN_INDICATORS,
    DISPUTE_INDICATORS,
    TRAFFIC_INDICATORS,
    dispute_rates,
    doubtful,
    driving_services,
    filter_regions,
    load,
    repaired,
    select,
    top_figures,
)

__all__ = [
    "BANDS",
    "CRACKDOWN_INDICATORS",
    "DISPUTE_INDICATORS",
    "EXPLORE_COLUMNS",
    "FIGURE_COLUMNS",
    "NOT_REPAIRED",
    "SHORT_COLUMNS",
    "TRAFFIC_INDICATORS",
    "caveats",
    "change_finding",
    "compare_finding",
    "compare_metric",
    "compare_metrics",
    "corpus_finding",
    "count_finding",
    "coverage",
    "dispute_rates",
    "documents_table",
    "doubtful",
    "driving_services",
    "excerpt",
    "figure_table",
    "filter_regions",
    "format_value",
    "humanise",
    "label_figures",
    "load",
    "load_errors",
    "rates_finding",
    "reconciliation",
    "reconciliation_finding",
    "repair_finding",
    "repair_summary",
    "repaired",
    "report_labels",
    "select",
    "series_tables",
    "sources_note",
    "styled",
    "sub_bureau",
    "top_figures",
    "topic_counts",
    "topic_finding",
]
