"""The manifest `kit fetch` writes beside the files it saves: one JSON line a download.

Each line records where a file came from (url, final_url after redirects, time, HTTP status,
content_type, sha256, file), so that loading the folder later can cite each figure to its
address. A failed download has a line too (with `error` and no file).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.jsonl"


def manifest_path(folder: str | os.PathLike[str]) -> Path:
    return Path(folder) / MANIFEST_NAME


def append(folder: str | os.PathLike[str], entry: dict[str, Any]) -> None:
    """Add one line to the folder's manifest (created when missing)."""
    with manifest_path(folder).open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")


def read(folder: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every readable line of the folder's manifest, in order (unreadable lines skipped)."""
    path = manifest_path(folder)
    try:
        stat = path.stat()
    except OSError:
        return []
    return list(_read(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _read(path: str, _mtime: int, _size: int) -> tuple[dict[str, Any], ...]:
    entries = []
    try:
        with open(path, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if isinstance(entry, dict):
                    entries.append(entry)
    except OSError:
        return ()
    return tuple(entries)


def entry_for(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The newest manifest line of the file at `path`, or None when it was not fetched."""
    path = Path(path)
    if path.name == MANIFEST_NAME:
        return None
    found = None
    for entry in read(path.parent):
        if entry.get("file") == path.name:
            found = entry
    return found


__all__ = ["MANIFEST_NAME", "append", "entry_for", "manifest_path", "read"]
