"""Everything a curated notebook calls, in one import.

    import kit.notebook as kn

    kn.setup(briefing)  # once, from the notebook's parameters
    reports, documents, frame = kn.load(corpus, regions, reconcile)
    kn.explore(frame, kn.charts.topic_bar, title="Figures per topic")

`setup` sets the briefing mode once: `kit briefings` runs each notebook with `briefing=True`
injected by papermill, and every `explore` after it then builds a briefing's fragment instead of
a live JupyterLab widget. The names here are the ones the curated notebooks use (a test keeps
the two lists equal); the modules they come from are the place to read how each works.
"""

from __future__ import annotations

from kit.present import charts, compare, mode
from kit.present.explore import explore
from kit.present.figure_tables import (
    EXPLORE_COLUMNS,
    SHORT_COLUMNS,
    compare_metrics,
    coverage,
    documents_table,
    figure_table,
    reconciliation,
    repair_summary,
    series_tables,
    styled,
    topic_counts,
)
from kit.present.findings import (
    caveats,
    change_finding,
    corpus_finding,
    count_finding,
    rates_finding,
    reconciliation_finding,
    repair_finding,
    sources_note,
    topic_finding,
)
from kit.present.fonts import use_cjk_fonts
from kit.present.selection import (
    CRACKDOWN_INDICATORS,
    DISPUTE_INDICATORS,
    TRAFFIC_INDICATORS,
    dispute_rates,
    doubtful,
    driving_services,
    load,
    repaired,
    select,
    top_figures,
)


def setup(briefing: bool = False) -> None:
    """Chinese labels in every chart, and the mode of every `explore` after this call: a live
    widget in JupyterLab, or a briefing's self-contained fragment (`briefing=True`)."""
    use_cjk_fonts()
    mode.set_briefing(briefing)


__all__ = [
    "CRACKDOWN_INDICATORS",
    "DISPUTE_INDICATORS",
    "EXPLORE_COLUMNS",
    "SHORT_COLUMNS",
    "TRAFFIC_INDICATORS",
    "caveats",
    "change_finding",
    "charts",
    "compare",
    "compare_metrics",
    "corpus_finding",
    "count_finding",
    "coverage",
    "dispute_rates",
    "documents_table",
    "doubtful",
    "driving_services",
    "explore",
    "figure_table",
    "load",
    "rates_finding",
    "reconciliation",
    "reconciliation_finding",
    "repair_finding",
    "repair_summary",
    "repaired",
    "select",
    "series_tables",
    "setup",
    "sources_note",
    "styled",
    "top_figures",
    "topic_counts",
    "topic_finding",
]
