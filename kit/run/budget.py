"""A time budget for each file, so one pathological file becomes a named error, not a hung run.

The budget is measured with a real-time interval timer (SIGALRM), which interrupts Python code
wherever it is; it works in a process's main thread (every worker, and `kit extract` itself) and
is skipped elsewhere (a thread has no way to be interrupted). The default is generous, for files
that are pathological rather than merely large: `KIT_FILE_SECONDS` or `--time-limit` change it,
and 0 turns the budget off.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BUDGET_ENV = "KIT_FILE_SECONDS"
DEFAULT_SECONDS = 300.0


class FileTimeout(Exception):
    """A file took longer than its time budget."""


def default_budget() -> float:
    """Seconds a file may take: `$KIT_FILE_SECONDS`, else 300 (0 or less: no limit)."""
    try:
        return float(os.environ.get(BUDGET_ENV, DEFAULT_SECONDS))
    except ValueError:
        return DEFAULT_SECONDS


def _alarm(signum: int, frame: object) -> None:
    raise FileTimeout


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise `FileTimeout` inside the block once `seconds` have passed (None: the default)."""
    seconds = default_budget() if seconds is None else seconds
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def budget_reason(seconds: float | None) -> str:
    """The plain words of a timed-out file."""
    seconds = default_budget() if seconds is None else seconds
    return (
        f"took longer than the time budget of {seconds:g} s a file "
        f"(--time-limit or ${BUDGET_ENV}), skipped"
    )


__all__: list[str] = []  # everything here serves its own package
