"""The manifest `kit fetch` writes beside the files it saves: one JSON line a download.

Each line records where a file came from (url, final_url after redirects, time, HTTP status,
content_type, sha256, file), so that loading the folder later can cite each figure to its
address. A failed download has a line too (with `error` and no file).

The manifest is read as untrusted input: a line that is not a JSON object, or whose fields have
the wrong types, is one named warning and is ignored; the other lines still count. Lines are
looked up by file name in a dict built once per manifest version (a folder of 16,000 fetched
files would otherwise cost a scan of the manifest per file).
"""

from __future__ import annotations

import json
import os
import re
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MANIFEST_NAME = "manifest.jsonl"

#: the fields a line may carry, and the types each may have (None: absent or null)
_TEXT = (str, type(None))
FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "url": _TEXT,
    "final_url": _TEXT,
    "time": _TEXT,
    "status": (int, type(None)),
    "content_type": _TEXT,
    "sha256": _TEXT,
    "file": _TEXT,
    "error": _TEXT,
    "duplicate_of": _TEXT,  # the same bytes fetched from another address: that file
}

#: query parameters whose values are secrets: never kept in a manifest or a figure's url
_SECRET_PARAM = re.compile(
    r"^(?:.*[_-])?(?:token|access[_-]?token|auth|authorization|api[_-]?key|apikey|key|secret"
    r"|password|passwd|pwd|pass|sig|signature|session|sessionid|sid|jsessionid|credential"
    r"|x-amz-[a-z-]+)$",
    re.IGNORECASE,
)
REDACTED = "REDACTED"


class ManifestWarning(UserWarning):
    """A manifest line that was ignored; the message names the manifest, the line and why."""


def manifest_path(folder: str | os.PathLike[str]) -> Path:
    return Path(folder) / MANIFEST_NAME


def public_url(url: str | None) -> str | None:
    """`url` as it may be published: no user name or password, no secrets in the query
    (`token=`, `api_key=`, `sig=` ... become `REDACTED`), no `;jsessionid=`."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return url.split("?", 1)[0].split("#", 1)[0]
    netloc = parts.netloc
    if "@" in netloc:
        netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(_SECRET_PARAM.match(k) for k, _ in pairs):
            query = urlencode([(k, REDACTED if _SECRET_PARAM.match(k) else v) for k, v in pairs])
    path = re.sub(r";jsessionid=[^/?#]*", "", parts.path, flags=re.IGNORECASE)
    return urlunsplit((parts.scheme, netloc, path, query, parts.fragment))


def append(folder: str | os.PathLike[str], entry: dict[str, Any]) -> None:
    """Add one line to the folder's manifest (created when missing), in one write.

    A line left unfinished by a killed run is ended first, so it cannot swallow this one; the
    line is written with one `write` to a file opened for appending, so two runs into one
    folder interleave whole lines.
    """
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(manifest_path(folder), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size:
            with open(manifest_path(folder), "rb") as existing:
                existing.seek(size - 1)
                if existing.read(1) != b"\n":
                    line = b"\n" + line
        os.write(fd, line)
    finally:
        os.close(fd)


def read(folder: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every sound line of the folder's manifest, in order (bad lines warned about, skipped)."""
    found = _load(folder)
    return list(found[0]) if found else []


def _load(folder: str | os.PathLike[str]) -> tuple[tuple[dict[str, Any], ...], dict] | None:
    path = manifest_path(folder)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


def check_entry(entry: object) -> str | None:
    """Why a parsed manifest line cannot be used, or None when it is sound."""
    if not isinstance(entry, dict):
        return "not a JSON object"
    for key, types in FIELD_TYPES.items():
        value = entry.get(key)
        if not isinstance(value, types) or isinstance(value, bool):
            return f"{key!r} is {type(value).__name__}, not {types[0].__name__}"
        if isinstance(value, str) and "\0" in value:
            return f"{key!r} holds a NUL character"
    return None


@lru_cache(maxsize=64)
def _read(
    path: str, _mtime: int, _size: int
) -> tuple[tuple[dict[str, Any], ...], dict[str, dict[str, Any]]]:
    """(sound lines, newest line by file name) of one version of a manifest."""
    entries: list[dict[str, Any]] = []
    try:
        with open(path, encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except (ValueError, RecursionError):
                    reason: str | None = "not JSON (a line cut by a killed run?)"
                else:
                    reason = check_entry(entry)
                if reason is not None:
                    warnings.warn(
                        f"{path}: line {number} ignored: {reason}", ManifestWarning, stacklevel=2
                    )
                    continue
                entries.append(entry)
    except OSError:
        return (), {}
    by_file = {e["file"]: e for e in entries if e.get("file")}  # the newest line wins
    return tuple(entries), by_file


def entry_for(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The newest manifest line of the file at `path`, or None when it was not fetched."""
    path = Path(path)
    if path.name == MANIFEST_NAME:
        return None
    found = _load(path.parent)
    return found[1].get(path.name) if found else None


__all__ = [
    "ManifestWarning",
    "append",
    "public_url",
    "read",
]
