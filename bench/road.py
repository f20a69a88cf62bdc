#!/usr/bin/env python3
"""The road from a corpus to figures, timed: extraction, the overview's data, reconciliation,
consistency, and how many times each document is extracted on the way.

    python bench/road.py /tmp/kit-corpus/docs      # a folder bench/make_corpus.py wrote
    python bench/road.py /tmp/kit-corpus           # ... with its manifest.json beside docs/

Each step is timed in CPU seconds (this process) and wall seconds, in one fresh process with a
fresh cache folder, so the first step (`extract`) pays for extraction and the later ones show
what they add. `extract` is `kit.metrics_frame(path, cache=False)` with `KIT_JOBS=1`-like work
in this process: the cost of extracting the corpus once. `overview data` is the overview
notebook's loading and every table and finding it shows, charts left out.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def _timed(label: str, results: dict, fn, *args, **kwargs):
    cpu, wall = time.process_time(), time.perf_counter()
    value = fn(*args, **kwargs)
    results[label] = {
        "cpu_s": round(time.process_time() - cpu, 2),
        "wall_s": round(time.perf_counter() - wall, 2),
    }
    return value


def _count_extractions(counter: Counter) -> None:
    """Count every per-document extraction, whichever module calls it."""
    try:
        import kit.run.engine as door  # the one road: every extraction passes here
    except ImportError:  # older trees
        import kit.cite as door

    inner = door._extract

    def counted(document, *args, **kwargs):
        counter[document.doc_id] += 1
        return inner(document, *args, **kwargs)

    door._extract = counted
    try:  # older trees: reconciliation called kit.extract.extract directly
        import kit.reconcile

        if hasattr(kit.reconcile, "extract"):
            kit.reconcile.extract = counted
    except ImportError:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a folder of reports")
    args = parser.parse_args()
    os.environ["KIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="road-cache-")
    import kit
    from kit.present import compare, figure_tables, selection

    results: dict[str, dict[str, float]] = {}
    frame0 = _timed("extract (no cache, one process)", results, _extract, args.corpus)
    counter: Counter = Counter()
    _count_extractions(counter)
    reports, documents, frame = _timed(
        "load (selection.load, reconcile, fresh cache)",
        results,
        selection.load,
        args.corpus,
        None,
        True,
    )
    versions = _timed("reconciliation", results, figure_tables.reconciliation, reports, None)
    _timed("consistency", results, compare.consistency, frame)
    _timed("overview tables", results, _overview_tables, reports, documents, frame, versions)
    results["overview data (load + reconciliation + tables)"] = {
        key: round(
            sum(
                results[k][key]
                for k in (
                    "load (selection.load, reconcile, fresh cache)",
                    "reconciliation",
                    "overview tables",
                )
            ),
            2,
        )
        for key in ("cpu_s", "wall_s")
    }
    print(
        json.dumps(
            {
                "corpus": args.corpus,
                "documents": len(reports.documents),
                "figures": len(frame0),
                "steps": results,
                "most extractions of one document": max(counter.values(), default=0),
                "extractions": sum(counter.values()),
                "version": kit.__version__,
            },
            indent=1,
        )
    )
    return 0


def _extract(corpus: str):
    try:
        from kit.run.engine import figures
    except ImportError:  # older trees: metrics_frame without a cache extracted in this process
        import kit

        return kit.metrics_frame(corpus, cache=False)
    return figures(corpus, cache=False, jobs=1)


def _overview_tables(reports, documents, frame, versions) -> None:
    """The overview's tables and findings, charts left out."""
    from kit.present import figure_tables, findings, selection

    findings.corpus_finding(documents, frame)
    figure_tables.coverage(documents)
    findings.topic_finding(frame)
    figure_tables.topic_counts(frame)
    findings.repair_finding(frame)
    figure_tables.repair_summary(frame)
    figure_tables.figure_table(selection.top_figures(frame, n=10))
    findings.reconciliation_finding(versions)
    findings.caveats(frame)
    figure_tables.figure_table(selection.doubtful(frame))
    findings.sources_note(reports)
    figure_tables.documents_table(documents)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
