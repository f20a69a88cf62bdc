"""Worker processes for `kit.run.parallel`: started clean, never running the caller's script or
code from the current folder, gone when their parent is, renewed when one dies.

A chunk whose worker died is retried file by file, each alone in a fresh pool, so the file that
kills its worker is named and the others of its chunk are still read; never in this process,
since what killed a worker would kill the run.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import site
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from multiprocessing.context import (
    BaseContext,
    ForkServerContext,
    ForkServerProcess,
    SpawnContext,
    SpawnProcess,
)
from pathlib import Path
from typing import Any

from kit.load import manifest

#: the module a worker imports once, in the fork server, before any work
PRELOAD = "kit.run.parallel"


@contextmanager
def _main_hidden() -> Iterator[None]:
    """Hide the main script from a starting worker: workers need only `kit.run.parallel`, and
    re-running the caller's script in every worker (what spawn and forkserver do) fails for
    scripts read from stdin and re-runs unguarded scripts' top-level code."""
    main = sys.modules.get("__main__")
    saved: dict[str, Any] = {
        k: main.__dict__[k] for k in ("__file__", "__spec__") if main and k in main.__dict__
    }
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            if "__spec__" in saved:
                main.__spec__ = None
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)


def _kit_root() -> str:
    """The folder holding the `kit` package this process runs."""
    return str(Path(__file__).resolve().parents[2])


@contextmanager
def _safe_child_path() -> Iterator[None]:
    """Start children that import the kit this process runs, never code in the current folder.

    Fork-server and spawn children start as `python -c ...`, which puts the current folder
    first on `sys.path`: a `kit.py` or `kit/` there would be imported (and run) in place of the
    kit. `PYTHONSAFEPATH` keeps the current folder off the path; `PYTHONPATH` names this kit's
    own folder unless it is installed in site-packages (where the child finds it anyway).
    """
    saved = {k: os.environ.get(k) for k in ("PYTHONSAFEPATH", "PYTHONPATH")}
    root = _kit_root()
    installed = {os.path.realpath(p) for p in [*site.getsitepackages(), site.getusersitepackages()]}
    try:
        os.environ["PYTHONSAFEPATH"] = "1"
        if os.path.realpath(root) not in installed:
            rest = [saved["PYTHONPATH"]] if saved["PYTHONPATH"] else []
            os.environ["PYTHONPATH"] = os.pathsep.join([root, *rest])
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _watch_parent(parent: int) -> None:
    """Worker initializer: exit when the process that started the pool is gone (killed with
    SIGKILL, say), instead of waiting for work forever and holding memory."""

    warnings.simplefilter("ignore", manifest.ManifestWarning)  # named once, by `plan`

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pid reused by another user's process: parent gone
                os._exit(1)

    threading.Thread(target=watch, name="kit-parent-watch", daemon=True).start()


class _ForkServerProcess(ForkServerProcess):
    def start(self) -> None:
        with _main_hidden(), _safe_child_path():
            super().start()


class _ForkServerContext(ForkServerContext):
    Process = _ForkServerProcess


class _SpawnProcess(SpawnProcess):
    def start(self) -> None:
        with _main_hidden(), _safe_child_path():
            super().start()


class _SpawnContext(SpawnContext):
    Process = _SpawnProcess


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Worker processes that start clean: no threads or locks copied from the caller (a
    notebook kernel or a progress bar runs threads, and fork() copies them badly), with
    kit.run.parallel imported once in the fork server and shared by every worker."""
    context: BaseContext
    if "forkserver" in mp.get_all_start_methods():
        context = _ForkServerContext()
        context.set_forkserver_preload([PRELOAD])
    else:
        context = _SpawnContext()
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )


def _stop(pool: ProcessPoolExecutor, abrupt: bool) -> None:
    """Shut the pool down; `abrupt` (the run was interrupted) also ends running workers at once
    rather than waiting for their chunks."""
    if abrupt:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with suppress(OSError, AttributeError):
                process.terminate()
        for process in processes:
            process.join(timeout=5)
        return
    pool.shutdown(wait=True, cancel_futures=True)


class Workers:
    """The worker pool running `work(*args)`, renewed when a worker dies (the OOM killer, a
    crash): work is never done in this process after that."""

    MAX_RENEWALS = 32  # fresh pools started after deaths, at most, in one run

    def __init__(self, jobs: int, work: Callable[..., Any]) -> None:
        self.jobs = jobs
        self.work = work
        self.pool = _pool(jobs)
        self.renewals = 0

    def submit(self, args: tuple[Any, ...]) -> Future:
        """`work(*args)` in a worker (in a fresh pool when the current one broke)."""
        try:
            return self.pool.submit(self.work, *args)
        except BrokenProcessPool:
            self.renew()
            return self.pool.submit(self.work, *args)

    def renew(self) -> None:
        """Replace a broken pool (at most MAX_RENEWALS times; then raise BrokenProcessPool)."""
        if not getattr(self.pool, "_broken", False):
            return
        self.pool.shutdown(wait=False, cancel_futures=True)
        if self.renewals >= self.MAX_RENEWALS:
            raise BrokenProcessPool("worker processes keep dying")
        self.renewals += 1
        self.pool = _pool(self.jobs)

    def stop(self, abrupt: bool) -> None:
        _stop(self.pool, abrupt)


def died() -> str:
    """The plain words of a file whose worker process died reading it, twice."""
    return (
        "the process reading it died (killed for using too much memory?), and again when "
        "retried alone in a fresh process: skipped"
    )


class Retried:
    """A chunk of paths sent to a worker (`args[0]` the paths). When the pool broke, each path
    is retried alone in a fresh worker; `lost(path)` stands for the result of a path whose
    worker died twice, and `merge(results)` makes one chunk result of the single ones."""

    def __init__(
        self,
        workers: Workers,
        args: tuple[Any, ...],
        lost: Callable[[str], Any],
        merge: Callable[[list[Any]], Any],
    ) -> None:
        self.workers = workers
        self.args = args
        self.lost = lost
        self.merge = merge
        self.future: Future | None = None
        with suppress(BrokenProcessPool):
            self.future = workers.submit(args)

    def result(self) -> Any:
        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:
                pass
        paths, *rest = self.args
        results = []
        for path in paths:
            try:
                self.workers.renew()
                results.append(self.workers.submit(([path], *rest)).result())
            except BrokenProcessPool:
                results.append(self.lost(path))
        return self.merge(results)


__all__: list[str] = []  # everything here serves its own package
