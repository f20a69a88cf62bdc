"""Plain text for a terminal: documents' own text made printable, columns aligned by the width a
terminal gives each character (Chinese takes two). Document text is untrusted: a title or an
address may hold control characters, which never reach the terminal."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from typing import Any

# the table's column order: what a reader scans first; every other field follows, figures last
_DOCS_TABLE: tuple[str, ...] = (
    "doc_id",
    "language",
    "region",
    "region_level",
    "province",
    "year",
    "period",
)
_DOCS_TABLE += ("period_start", "period_end", "published", "url", "publisher", "title")


def print_table(records: list[dict[str, object]]) -> None:
    """`kit docs`'s table: one document a line, columns aligned as a terminal shows them."""
    from kit.schema import DOCUMENT_FIELDS

    rest = tuple(k for k in DOCUMENT_FIELDS if k not in _DOCS_TABLE)
    header = (*_DOCS_TABLE, *rest, "figures")
    rows = [header]
    for record in records:
        rows.append(tuple(_plain("-" if record[k] is None else str(record[k])) for k in header))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        cells = (v + " " * (w - _width(v)) for v, w in zip(r, widths, strict=True))
        print("  ".join(cells).rstrip())


def _plain(value: str) -> str:
    """One line of printable text: a document's own title or address may hold anything."""
    return "".join(ch if ch.isprintable() else " " for ch in value)


def _width(value: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


def teller(report: Callable[[str], None] | None, bar: Any, progress: bool) -> Callable[[str], None]:
    """Where a long run's one-line messages go: to `report` when the caller gave one, above the
    progress bar while it shows (so the bar is not torn), else to standard error."""

    def say(message: str) -> None:
        if report is not None:
            report(message)
        elif progress:
            bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    return say


class _Quiet:
    """A progress bar no one sees: every call does nothing."""

    def update(self, n: float = 1) -> None:
        pass

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(show: bool, **options: Any) -> Any:
    """A tqdm progress bar with `options` where one is shown, else one that does nothing:
    tqdm is then never imported (0.05 CPU seconds of a `kit extract` in a pipe or a script)."""
    if not show:
        return _Quiet()
    from tqdm.auto import tqdm

    return tqdm(**options)


__all__ = ["print_table", "progress_bar", "teller"]
