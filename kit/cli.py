"""`kit extract`, `kit docs`, `kit briefings`: thin wrappers over the API.

Exit status: 0 when every file loaded, 1 when some failed (their errors on stderr, the figures
of the others still written), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from kit.corpus import load_corpus
from kit.extract import extract
from kit.frame import metrics_to_frame


def _json_default(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else str(value)


def _report_errors(errors: Sequence[object]) -> int:
    for err in errors:
        print(f"kit: error: {err}", file=sys.stderr)
    return 1 if errors else 0


def cmd_extract(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.paths or None)
    metrics = [m for doc in corpus.documents for m in extract(doc)]
    fmt = args.format
    if fmt == "parquet" and not args.output:
        print("kit: error: --format parquet needs -o FILE", file=sys.stderr)
        return 2
    if fmt == "jsonl":
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
        try:
            for m in metrics:
                out.write(json.dumps(m.to_dict(), ensure_ascii=False, default=_json_default))
                out.write("\n")
        finally:
            if args.output:
                out.close()
    else:
        frame = metrics_to_frame(metrics)
        if fmt == "csv":
            frame.to_csv(args.output or sys.stdout, index=False)
        else:
            frame.to_parquet(args.output, index=False)
    return _report_errors(corpus.errors)


def cmd_docs(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.paths or None)
    header = ("doc_id", "language", "region", "year", "period", "figures")
    rows = [header]
    for d in corpus.documents:
        rows.append(
            (
                d.doc_id,
                d.language,
                d.region or "-",
                str(d.year or "-"),
                d.period or "-",
                str(len(extract(d))),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    return _report_errors(corpus.errors)


def cmd_summary(args: argparse.Namespace) -> int:
    """Write every figure to a CSV and print a summary by document and topic."""
    corpus = load_corpus(args.paths or None)
    frame = metrics_to_frame(m for d in corpus.documents for m in extract(d))
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False)
    table = (
        frame.pivot_table(
            index="doc_id", columns="topic", values="value", aggfunc="count", observed=False
        )
        .fillna(0)
        .astype(int)
    )
    print(table.to_string())
    print(f"\n{len(frame)} figures from {len(corpus.documents)} documents written to {out}")
    return _report_errors(corpus.errors)


def cmd_reconcile(args: argparse.Namespace) -> int:
    """Pair Chinese originals with their translations and print their aligned figures."""
    from kit.reconcile import find_pairs, format_table, reconcile, records

    corpus = load_corpus(args.paths or None)
    docs = {d.doc_id: d for d in corpus.documents}
    pairs = find_pairs(corpus)
    if not pairs and args.format == "table":
        print("no documents pair up (same region, year and period in two languages)")
    for pair in pairs:
        frame = reconcile(docs[pair.doc_a], docs[pair.doc_b])
        if args.format == "jsonl":
            for row in records(frame):
                row = {"pair_score": pair.score, **row}
                print(json.dumps(row, ensure_ascii=False, default=_json_default))
            continue
        counts = frame["status"].value_counts(sort=False).to_dict()
        print(f"{pair.doc_a} <-> {pair.doc_b}  score {pair.score:.2f}: {'; '.join(pair.reasons)}")
        print("  ".join(f"{k} {v}" for k, v in counts.items()))
        print(format_table(frame), end="\n\n")
    return _report_errors(corpus.errors)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kit", description="Figures from Chinese public-security work reports."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="every figure, one a line (JSONL), or CSV / Parquet")
    p.add_argument("paths", nargs="*", help="files or folders (default: the bundled seeds)")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("docs", help="one line a document: id, language, region, year, period")
    p.add_argument("paths", nargs="*")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("summary", help="write all figures to CSV and print counts by topic")
    p.add_argument("paths", nargs="*")
    p.add_argument("-o", "--output", default="out/metrics.csv")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("reconcile", help="pair Chinese and English versions, align their figures")
    p.add_argument("paths", nargs="*")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.set_defaults(func=cmd_reconcile)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
