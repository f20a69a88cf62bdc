#!/usr/bin/env python3
"""Where `extract1`'s CPU goes: cProfile over loading and extracting every file of a folder.

    python bench/profile_extract.py [DIR] [--top 15] [--out FILE.prof]

DIR defaults to the bench's 1,000-document synthetic corpus (`/tmp/kit-bench/1000/docs`,
made by `bench/run.py`). Prints the top functions by own time (tottime) and by time with
callees (cumtime), the kit warmed on one document first as `extract1` is.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=Path("/tmp/kit-bench/1000/docs"))
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--out", type=Path, help="also save the raw profile here")
    args = parser.parse_args()

    from kit.figures import extract
    from kit.load.corpus import load_document

    files = sorted(p for p in args.folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    extract(load_document(files[0]))  # vocabularies compiled once, as in a long run

    def run() -> int:
        return sum(len(extract(load_document(path))) for path in files)

    began = time.process_time()
    figures = run()
    plain = time.process_time() - began
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    print(f"{len(files)} files, {figures} figures, CPU {plain:.2f} s unprofiled")
    if args.out:
        profiler.dump_stats(args.out)
    stats = pstats.Stats(profiler)
    for key in ("tottime", "cumtime"):
        print(f"\n=== top {args.top} by {key} ===")
        stats.sort_stats(key).print_stats(args.top)


if __name__ == "__main__":
    main()
