#!/usr/bin/env python3
"""How much of the per-document work is metadata (place, year, period), against extraction.

    python bench/make_corpus.py --docs 300 --seed 1 --out /tmp/kit-meta-bench
    python bench/metadata_share.py /tmp/kit-meta-bench/docs

CPU time of this process (the machine may be shared), best of three runs over the same texts.
"""

from __future__ import annotations

import sys
import time

from kit.figures import extract
from kit.load.corpus import load_corpus
from kit.load.metadata import infer_metadata


def main(folder: str) -> None:
    start = time.process_time()
    infer_metadata("西宁市公安局 Xining police 2023")  # the gazetteer and vocabularies load once
    first = time.process_time() - start
    documents = load_corpus([folder]).documents
    best = (float("inf"), float("inf"))
    for _ in range(3):
        start = time.process_time()
        for document in documents:
            infer_metadata(document.text)
        meta = time.process_time() - start
        start = time.process_time()
        for document in documents:
            extract(document)
        figures = time.process_time() - start
        best = min(best, (meta, figures), key=sum)
    meta, figures = best
    megabytes = sum(len(d.text.encode()) for d in documents) / 1e6
    print(
        f"{len(documents)} documents, {megabytes:.1f} MB: first call {first * 1000:.0f} ms; "
        f"metadata {meta:.2f} s, extraction {figures:.2f} s, "
        f"metadata/extraction {meta / figures:.0%}"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "seeds")
