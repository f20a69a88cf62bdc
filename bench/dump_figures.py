#!/usr/bin/env python3
"""Dump every document's metadata and every figure of a folder as sorted JSON lines.

    python bench/dump_figures.py DIR OUT.jsonl [--src OLD]

The speed work must not change a single byte of this output: dump with the old code
(`--src`: a tree exported with `git archive COMMIT | tar -x -C OLD`) and the new, then `cmp`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--src", type=Path, help="import the kit from this tree instead")
    args = parser.parse_args()
    if args.src:
        sys.path.insert(0, str(args.src.resolve()))
    try:
        from kit.figures import extract
    except ImportError:  # an old tree, from before the one door
        from kit.cite import extract
    from kit.load.corpus import load_corpus

    corpus = load_corpus(args.folder)
    lines: list[str] = []
    for error in corpus.errors:
        lines.append(json.dumps({"error": str(error)}, ensure_ascii=False, sort_keys=True))
    for doc in corpus.documents:
        meta = {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc) if f.name != "text"}
        lines.append(json.dumps({"doc": meta}, ensure_ascii=False, sort_keys=True, default=str))
        for metric in extract(doc):
            row = dataclasses.asdict(metric)
            lines.append(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str))
    args.out.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    print(f"{args.folder}: {len(corpus.documents)} docs, {len(lines)} lines -> {args.out}")


if __name__ == "__main__":
    main()
