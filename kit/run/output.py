"""Writing output files safely: complete or not at all, and harmless in a spreadsheet.

Every output is written under a hidden temporary name in its target's folder and renamed into
place only once complete, so a killed or failed run leaves the previous file (or none) at the
path, never a truncated one; the hidden name also keeps a half-written output out of a corpus
walk. Targets that are not regular files (`/dev/stdout`, a named pipe) are written directly.
CSV cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def _direct(path: Path) -> bool:
    return path.exists() and not path.is_file()


def _tmp_name(target: Path) -> Path:
    """The hidden temporary path of `target`, naming this process, so that a later run can
    tell a file left by a killed run (its process gone) from one still being written."""
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale(target: str | os.PathLike[str]) -> int:
    """Delete temporary files of `target` left by runs that were killed (SIGKILL, power
    loss): those whose process is gone, or of the old unnamed form. Returns how many."""
    target = Path(target)
    removed = 0
    prefix = f".{target.name}."
    try:
        names = [n for n in os.listdir(target.parent or ".") if n.startswith(prefix)]
    except OSError:
        return 0
    for name in names:
        found = _STALE.fullmatch(name[len(prefix) :])
        if found is None:
            continue
        pid = found.group(1)
        if pid is not None and _alive(int(pid)):
            continue
        with suppress(OSError):
            (target.parent / name).unlink()
            removed += 1
    return removed


_STALE = re.compile(r"(?:([0-9]+)-)?[0-9a-f]{8}\.tmp")


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path to write; renamed to `path` when the block ends without an error,
    deleted otherwise. Missing parent folders are created."""
    target = Path(path)
    if _direct(target):
        yield target
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    tmp = _tmp_name(target)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


class AtomicFile:
    """An output file opened now and put in place by `commit()`; `abort()` leaves no trace."""

    def __init__(self, path: str | os.PathLike[str], binary: bool = False) -> None:
        self.target = Path(path)
        self.direct = _direct(self.target)
        if self.direct:
            self.path = self.target
        else:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            clean_stale(self.target)
            self.path = _tmp_name(self.target)
        self.handle = None if binary else open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115

    def commit(self) -> None:
        """Close and rename into place (raises OSError when the disk is full, say)."""
        try:
            if self.handle is not None:
                self.handle.close()
            if not self.direct:
                os.replace(self.path, self.target)
        finally:
            self.abort()

    def abort(self) -> None:
        """Close and delete the temporary file (the target is left as it was)."""
        if self.handle is not None and not self.handle.closed:
            with suppress(OSError):
                self.handle.close()
        if not self.direct:
            self.path.unlink(missing_ok=True)


#: the one rule for cells a spreadsheet would run as a formula (or a DDE command), as data: the
#: briefing's script is handed this table and applies it the same way. A text cell starting
#: with one of `starts` gets `prefix` in front, unless it is a plain signed number (`number`, a
#: regular expression read alike by Python and JavaScript, matched against the whole cell).
FORMULA_RULE: dict[str, str] = {
    "starts": "=+-@\t\r\n",
    "number": r"[-+]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?%?",
    "prefix": "'",
}
_NUMBER = re.compile(FORMULA_RULE["number"])


def neutralise_cell(value: object) -> object:
    """`value` with an apostrophe in front if a spreadsheet would run it as a formula; a plain
    negative number like "-12.5" is left alone (`FORMULA_RULE`)."""
    if isinstance(value, str) and value[:1] and value[0] in FORMULA_RULE["starts"]:
        if value[0] in "-+" and _NUMBER.fullmatch(value):
            return value
        return FORMULA_RULE["prefix"] + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells cannot start a spreadsheet formula (OWASP CSV
    injection); numbers, and text that is only a number, are unchanged."""
    import pandas as pd

    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            if any(neutralise_cell(c) is not c for c in column.cat.categories):
                out[name] = column.astype(object).map(neutralise_cell, na_action="ignore")
        elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            out[name] = column.map(neutralise_cell, na_action="ignore")
    return out


__all__ = [
    "FORMULA_RULE",
    "AtomicFile",
    "atomic_path",
    "neutralise_formulas",
]
