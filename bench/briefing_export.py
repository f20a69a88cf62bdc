#!/usr/bin/env python3
"""How long exporting one executed notebook to its briefing page takes (no kernel run).

    python bench/make_corpus.py --docs 1000 --out /tmp/kit-corpus
    python bench/briefing_export.py --notebook 01_crackdown --corpus /tmp/kit-corpus/docs \
        --executed /tmp/kit-01.ipynb          # runs the notebook once, keeps it, then times
    python bench/briefing_export.py --corpus /tmp/kit-corpus/docs --executed /tmp/kit-01.ipynb

The notebook is executed by papermill with `briefing=True` only when `--executed` does not exist
yet; then `kit.publish.export.export_html` (clean, sanitise, nbconvert, put the set-aside HTML
back, embed the font) is timed `--repeat` times. Prints wall and CPU seconds and the page size.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import nbformat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notebook", default="01_crackdown")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--executed", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = [str(args.corpus.resolve())]
    if not args.executed.exists():
        import papermill as pm

        from kit.publish.briefing import KERNEL_NAME, BriefingKernelManager, find_notebooks

        (path,) = find_notebooks([args.notebook])
        began = time.perf_counter()
        pm.execute_notebook(
            str(path),
            str(args.executed),
            parameters={"corpus": corpus, "regions": None, "briefing": True},
            kernel_name=KERNEL_NAME,
            kernel_manager_class=BriefingKernelManager,
            resources={"metadata": {"path": str(path.parent)}},
            progress_bar=False,
            execution_timeout=3600,
        )
        print(f"{path.stem}: executed in {time.perf_counter() - began:.1f} s")
    from kit.publish.export import BuildInfo, export_html

    nb = nbformat.read(args.executed, as_version=4)
    info = BuildInfo.collect(corpus, None)
    for i in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        page = export_html(nb, "Heading", info)
        print(
            f"export {i + 1}: {time.perf_counter() - wall:.2f} s wall, "
            f"{time.process_time() - cpu:.2f} s CPU, {len(page):,} characters"
        )


if __name__ == "__main__":
    main()
