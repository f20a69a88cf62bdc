"""Execute the curated notebooks with parameters and export self-contained HTML briefings.

    result = kit.build_briefings(corpus=["reports/"], out="briefings")

Each notebook in `notebooks/` is run by papermill with `corpus`, `regions` and `briefing=True`
(so every `kit.present.explore` call returns a static HTML fragment instead of a live widget), then
exported by nbconvert without code, prompts, widget state or anything fetched from the network:
one HTML file per notebook that opens offline with no kernel, plus an `index.html`.

This module is an edge of the kit: it starts kernels and writes files. A notebook that fails is
reported (notebook, cell, error) in `BriefingResult.failed` and the others are still built.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import nbformat
import zmq
from jupyter_client.manager import AsyncKernelManager
from tqdm.auto import tqdm
from traitlets import default

from kit.bundled import notebooks_dir
from kit.publish import webfont
from kit.publish.export import BuildInfo, export_html, index_html, summary_of
from kit.publish.sanitize import cell_tags

#: the curated notebooks: the checkout's notebooks/, or the copy inside an installed kit
NOTEBOOKS_DIR = notebooks_dir()
KERNEL_NAME = "python3"
#: seconds a single cell may run / the kernel may take to start (CI machines can be slow)
CELL_TIMEOUT = 900
START_TIMEOUT = 120
#: corpus files named in each briefing's header (all of them are listed in index.html)
HEADER_FILES = 12


@dataclass
class BriefingResult:
    """What `build_briefings` wrote, and which notebooks failed (name, reason)."""

    out: Path
    built: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    index: Path | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


class BriefingKernelManager(AsyncKernelManager):
    """Starts `python3` kernels with this very interpreter (the venv's), whatever kernelspec
    another Jupyter installation registered under that name.

    Frozen modules are off (else ipykernel's debugger warns on every start), the sockets are
    CurveZMQ-encrypted where pyzmq supports it (else ipykernel warns about TCP without
    encryption) and shutdown sends no SIGINT: a build prints nothing but real errors.
    """

    @default("transport_encryption")
    def _encrypt_when_possible(self) -> str:
        return "auto" if zmq.has("curve") else "disabled"

    async def _async_interrupt_kernel(self) -> None:
        # jupyter_client interrupts before every shutdown; ours come after the last cell has
        # finished (or timed out, when the shutdown request still works), and the needless
        # SIGINT only makes the kernel log "KeyboardInterrupt caught in kernel".
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        connection = os.path.realpath(self.connection_file)
        return [
            sys.executable,
            "-Xfrozen_modules=off",
            "-m",
            "ipykernel_launcher",
            "-f",
            connection,
            *(extra_arguments or []),
        ]


# --------------------------------------------------------------------------- public


def find_notebooks(
    names: Sequence[str] | None = None, directory: str | Path | None = None
) -> list[Path]:
    """The notebooks to build, in file-name order.

    Each name matches a notebook's file stem (`01_crackdown`) or a prefix of it (`01`); a path
    to an existing `.ipynb` file is taken as is. Raises ValueError for a name matching nothing.
    """
    folder = Path(directory) if directory is not None else NOTEBOOKS_DIR
    available = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if not names:
        return available
    chosen: list[Path] = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            matches = [path.resolve()]
        else:
            matches = [p for p in available if p.stem == name] or [
                p for p in available if p.stem.startswith(name)
            ]
        if not matches:
            known = ", ".join(p.stem for p in available) or f"none in {folder}"
            raise ValueError(f"no notebook matches {name!r} (available: {known})")
        chosen += [m for m in matches if m not in chosen]
    return chosen


def build_briefings(
    corpus: Sequence[str] | None = None,
    out: str | Path = "briefings",
    regions: Sequence[str] | None = None,
    notebooks: Sequence[str] | None = None,
    progress: bool | None = None,
    jobs: int | None = None,
    log: TextIO | None = None,
) -> BriefingResult:
    """Run each notebook over `corpus` (default: the bundled seeds) and write HTML briefings.

    `regions` is passed to the notebooks, which keep only those regions. `notebooks` selects by
    stem, prefix or path (see `find_notebooks`). `progress` shows a bar on stderr; by default only
    on a terminal and never when the `CI` environment variable is set.

    Notebooks are built `jobs` at a time (default: one per core), the longest first (by the
    seconds each took the last time into this folder, kept in `TIMINGS`; never-built ones
    first of all, in file order), so that no long notebook starts last; `log` gets one line per
    notebook as it finishes ("01_overview: built in 12.3 s").
    """
    started = time.perf_counter()
    if isinstance(corpus, str | Path):
        corpus = [str(corpus)]
    if isinstance(regions, str):
        regions = [regions]
    paths = [p.resolve() for p in find_notebooks(notebooks)]
    out_dir = _resolve_out(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus_list = [str(Path(p).resolve()) for p in corpus] if corpus else None
    info = BuildInfo.collect(corpus_list, regions)
    if progress is None:
        progress = sys.stderr.isatty() and not os.environ.get("CI")
    result = BriefingResult(out=out_dir)
    entries: list[tuple[str, str, str]] = []  # (file name, heading, first sentence)
    bar = tqdm(
        total=len(paths), desc="briefings", unit="notebook", disable=not progress, file=sys.stderr
    )

    def build(path: Path) -> _Built:
        began = time.perf_counter()
        try:
            executed = _execute(path, corpus_list, regions)
        except Exception as exc:
            return _Built(path, time.perf_counter() - began, failure=_describe_failure(path, exc))
        heading, sentence = summary_of(executed, fallback=path.stem)
        target = out_dir / f"{path.stem}.html"
        try:
            page = export_html(executed, heading, info)
        except Exception as exc:  # the notebook ran; its HTML export did not
            failure = f"{path.stem}: export: {type(exc).__name__}: {exc}"
            return _Built(path, time.perf_counter() - began, failure=failure)
        target.write_text(page, encoding="utf-8")
        return _Built(path, time.perf_counter() - began, target, heading, sentence)

    done: dict[Path, _Built] = {}
    workers = max(1, min(len(paths), jobs or _default_jobs()))
    with ThreadPoolExecutor(max_workers=workers) as pool:  # each notebook runs its own kernel
        futures = [pool.submit(build, path) for path in longest_first(paths, out_dir)]
        for future in as_completed(futures):
            built = future.result()
            done[built.path] = built
            bar.update()
            if log is not None:
                state = "failed" if built.failure else "built"
                print(f"{built.path.stem}: {state} in {built.seconds:.1f} s", file=log, flush=True)
    for path in paths:  # the index lists the notebooks in file-name order, however they finished
        built = done[path]
        if built.failure is not None:
            result.failed.append((path.stem, built.failure))
        else:
            assert built.target is not None
            result.built.append(built.target)
            entries.append((built.target.name, built.heading, built.sentence))
    bar.close()
    _record_seconds(out_dir, {b.path.stem: b.seconds for b in done.values() if not b.failure})
    result.index = out_dir / "index.html"
    index = webfont.embed(index_html(entries, result.failed, info))
    result.index.write_text(index, encoding="utf-8")
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class _Built:
    """One notebook's outcome: its page, or why it failed, and how long it took."""

    path: Path
    seconds: float
    target: Path | None = None
    heading: str = ""
    sentence: str = ""
    failure: str | None = None


def _resolve_out(out: str | Path) -> Path:
    """The output folder as an absolute path, fixed before any notebook thread starts.

    Raises ValueError for a folder inside the installed kit package: pages written there would
    be lost on the next upgrade and could overwrite the kit's own files.
    """
    folder = Path(out).expanduser().resolve()
    package = Path(__file__).resolve().parents[1]  # the kit package
    if folder == package or package in folder.parents:
        raise ValueError(
            f"refusing to write briefings into the kit package itself ({folder}); "
            "choose an output folder outside it, e.g. --out briefings"
        )
    return folder


#: the seconds each notebook took the last time it was built into a folder (a hidden file there)
TIMINGS = ".kit-briefing-seconds.json"


def _timings(out_dir: Path) -> dict[str, float]:
    try:
        seconds = json.loads((out_dir / TIMINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(seconds, dict):
        return {}
    return {k: float(v) for k, v in seconds.items() if isinstance(v, int | float)}


def longest_first(paths: Sequence[Path], out_dir: Path) -> list[Path]:
    """`paths` in the order to start them: those never built into `out_dir` first (in file
    order), then by the seconds they took there last time, longest first."""
    seconds = _timings(out_dir)
    return sorted(paths, key=lambda path: -seconds.get(path.stem, float("inf")))


def _record_seconds(out_dir: Path, built: dict[str, float]) -> None:
    """Add this build's seconds to `TIMINGS` (a notebook not built now keeps its old entry)."""
    seconds = _timings(out_dir) | {name: round(value, 2) for name, value in built.items()}
    with suppress(OSError):  # only an ordering hint: a read-only folder still gets its pages
        text = json.dumps(seconds, indent=1, sort_keys=True) + "\n"
        (out_dir / TIMINGS).write_text(text, encoding="utf-8")


def _default_jobs() -> int:
    """Notebooks built at once: one per core this process may use (each runs its own kernel)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- execute


def _execute(
    path: Path, corpus: list[str] | None, regions: Sequence[str] | None
) -> nbformat.NotebookNode:
    import papermill as pm  # imported late: the rest of kit does not need it

    with tempfile.TemporaryDirectory(prefix="kit-briefing-") as tmp:
        output = Path(tmp) / path.name
        return pm.execute_notebook(
            str(path),
            str(output),
            parameters={
                "corpus": corpus,
                "regions": list(regions) if regions else None,
                "briefing": True,
            },
            kernel_name=KERNEL_NAME,
            kernel_manager_class=BriefingKernelManager,
            # the kernel starts in the notebook's folder; papermill's own `cwd` would chdir
            # the whole process, which breaks the relative paths of every other thread
            resources={"metadata": {"path": str(path.parent)}},
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=CELL_TIMEOUT,
            start_timeout=START_TIMEOUT,
        )


def _describe_failure(path: Path, exc: Exception) -> str:
    """'01_x: cell 5 (In [4]) `frame = ...`: ValueError: boom' for a cell error, else the error."""
    from papermill.exceptions import PapermillExecutionError

    if not isinstance(exc, PapermillExecutionError):
        return f"{path.stem}: {type(exc).__name__}: {exc}"
    index = exc.cell_index
    try:  # papermill inserts its injected-parameters cell right after the `parameters` cell
        original = nbformat.read(path, as_version=4)
        tagged = [i for i, c in enumerate(original.cells) if "parameters" in cell_tags(c)]
        injected_at = tagged[0] + 1 if tagged else 0
        if index > injected_at:
            index -= 1
    except Exception:  # the message is still useful with papermill's own index
        pass
    first_line = next((ln.strip() for ln in str(exc.source).splitlines() if ln.strip()), "")
    if len(first_line) > 70:
        first_line = first_line[:69] + "…"
    prompt = f" (In [{exc.exec_count}])" if exc.exec_count else ""
    return f"{path.stem}: cell {index + 1}{prompt} `{first_line}`: {exc.ename}: {exc.evalue}"


__all__ = [
    "build_briefings",
]
