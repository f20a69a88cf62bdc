#!/usr/bin/env python3
"""Snapshot what the speed work must not change, and compare two snapshots.

    python bench/snapshot.py take DIR OUT.pkl [--src OLD] [--no-align]
    python bench/snapshot.py compare OLD.pkl NEW.pkl

A snapshot holds every document's metadata, the reconciled metrics frame, the pairs and each
pair's aligned table. Run `take` with the old code first (`--src OLD`: an older commit exported
with `git archive COMMIT | tar -x -C OLD`), then with the new; `compare` prints each difference
and exits 1 if there is any. `take` also prints the seconds of `metrics_frame()` and of
`metrics_frame(reconcile=True)`, both without the cache, measured in the same process.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

META = ("doc_id", "language", "region", "year", "period", "title", "published")


def take(corpus: Path, out: Path, with_align: bool) -> None:
    import kit

    print(f"kit from {Path(kit.__file__).parent}")
    from kit.load.corpus import load_corpus
    from kit.reconcile import align, find_pairs, to_frame

    began = time.perf_counter()
    docs = load_corpus(corpus).documents
    loaded = time.perf_counter() - began
    meta = [{k: getattr(d, k) for k in META} for d in docs]
    began, cpu = time.perf_counter(), time.process_time()
    plain = kit.metrics_frame(docs, cache=False)
    plain_s, plain_cpu = time.perf_counter() - began, time.process_time() - cpu
    began, cpu = time.perf_counter(), time.process_time()
    reconciled = kit.metrics_frame(docs, reconcile=True, cache=False)
    reconciled_s, reconciled_cpu = time.perf_counter() - began, time.process_time() - cpu
    snap = {"meta": meta, "reconciled": reconciled, "pairs": None, "aligned": None}
    print(
        f"{corpus}: {len(docs)} docs, load {loaded:.2f} s; without the cache: "
        f"metrics_frame() {plain_s:.2f} s (CPU {plain_cpu:.2f} s), "
        f"metrics_frame(reconcile=True) {reconciled_s:.2f} s (CPU {reconciled_cpu:.2f} s), "
        f"ratio {reconciled_s / plain_s:.2f} (CPU {reconciled_cpu / plain_cpu:.2f})"
    )
    with tempfile.TemporaryDirectory() as tmp:  # the default: a warm cache
        kit.metrics_frame(docs, cache=tmp)
        cpu = time.process_time()
        kit.metrics_frame(docs, cache=tmp)
        warm = time.process_time() - cpu
        cpu = time.process_time()
        kit.metrics_frame(docs, cache=tmp, reconcile=True)
        warm_rec = time.process_time() - cpu
    print(
        f"  warm cache: metrics_frame() CPU {warm:.2f} s, metrics_frame(reconcile=True) "
        f"CPU {warm_rec:.2f} s, ratio {warm_rec / warm:.2f}"
    )
    if with_align:
        from kit.reconcile import _frame_metrics

        by_doc = _frame_metrics(plain)
        pairs = find_pairs(docs, metrics=by_doc)
        snap["pairs"] = pairs
        snap["aligned"] = {
            (p.doc_a, p.doc_b): to_frame(align(by_doc[p.doc_a], by_doc[p.doc_b])) for p in pairs
        }
    out.write_bytes(pickle.dumps(snap))


def compare(old_path: Path, new_path: Path) -> int:
    old, new = (pickle.loads(p.read_bytes()) for p in (old_path, new_path))
    problems = 0
    if len(old["meta"]) != len(new["meta"]):
        print(f"documents: {len(old['meta'])} vs {len(new['meta'])}")
        problems += 1
    for a, b in zip(old["meta"], new["meta"], strict=False):
        for k in META:
            if a[k] != b[k]:
                problems += 1
                print(f"{a['doc_id']}: {k} {a[k]!r} -> {b[k]!r}")
    try:
        pd.testing.assert_frame_equal(old["reconciled"], new["reconciled"])
    except AssertionError as exc:
        problems += 1
        print(f"reconciled metrics frame differs: {exc}")
    if old["pairs"] is not None and new["pairs"] is not None:
        if old["pairs"] != new["pairs"]:
            problems += 1
            print(f"pairs differ: {len(old['pairs'])} vs {len(new['pairs'])}")
        for key, frame in old["aligned"].items():
            other = new["aligned"].get(key)
            if other is None:
                problems += 1
                print(f"{key}: alignment missing")
                continue
            try:
                pd.testing.assert_frame_equal(frame, other)
            except AssertionError as exc:
                problems += 1
                print(f"{key}: alignment differs: {exc}")
    n_al = len(old["aligned"] or {})
    print(
        f"{len(old['meta'])} documents, {len(old['reconciled'])} figures, {n_al} alignments "
        f"compared: {problems} differences"
    )
    return 1 if problems else 0


def _use_source(src: Path) -> None:
    """Import `kit` from another checkout (an older commit) instead of the installed one."""
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in getattr(f, "__module__", "")]
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__module__]
    sys.path.insert(0, str(src))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("take")
    t.add_argument("corpus", type=Path)
    t.add_argument("out", type=Path)
    t.add_argument("--no-align", action="store_true")
    t.add_argument("--src", type=Path, help="import kit from this checkout (the old code)")
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "take":
        if args.src:
            _use_source(args.src)
        take(args.corpus, args.out, not args.no_align)
        return 0
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
