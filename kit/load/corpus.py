"""Load report files into Documents: decode them, report bad files plainly, read metadata.

Reports arrive as UTF-8 (with or without BOM), UTF-16 or GB18030 files, some of them broken; one
bad file must never stop the others, so `load_corpus` collects a plain-words `LoadError` per bad
file and loads the rest. Metadata (language, region, year, period, title, published date) is read
from each report's own text with general rules plus the TOML lexicons in `kit/lexicon/`, so new
reports (other places, years, traditional characters) get metadata without code changes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kit.bundled import seeds_dir
from kit.load.manifest import MANIFEST_NAME
from kit.load.source import TABLE_SUFFIXES, SourceError, read_source
from kit.schema import Document

PathArg = str | os.PathLike[str]


class CorpusError(Exception):
    """A file that cannot be loaded; the message names the file and the reason in plain words."""

    def __init__(self, path: PathArg, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class LoadError:
    """One file that `load_corpus` skipped, kept so a notebook can show what was left out."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Corpus:
    """The documents that loaded plus the errors of those that did not, in load order."""

    documents: list[Document] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)


# --- loading ----------------------------------------------------------------------------------


def load_corpus(paths: Iterable[PathArg] | PathArg | None = None) -> Corpus:
    """Load every report under `paths` (files or folders; default: the seeds), never stopping.

    Folders are read recursively, files sorted by their path inside the folder, hidden files and
    folders skipped. Each unreadable file becomes a `LoadError` and the others still load.
    """
    if paths is None:
        paths = [seeds_dir()]
    elif isinstance(paths, str | os.PathLike):
        paths = [paths]
    corpus = Corpus()
    seen_files: set[Path] = set()
    seen_ids: dict[str, str] = {}
    for given in paths:
        files = _expand(Path(given), corpus.errors)
        for path in files:
            key = path.resolve()
            if key in seen_files:
                continue
            seen_files.add(key)
            try:
                doc = load_document(path)
            except CorpusError as exc:
                corpus.errors.append(LoadError(exc.path, exc.reason))
                continue
            if doc.doc_id in seen_ids:
                reason = (
                    f"same file name as {seen_ids[doc.doc_id]}; document ids must be unique, "
                    "so this file was skipped"
                )
                corpus.errors.append(LoadError(display_name(str(path)), reason))
                continue
            seen_ids[doc.doc_id] = display_name(str(path))
            corpus.documents.append(doc)
    return corpus


def display_name(name: str) -> str:
    """A file name as printable, storable text. Bytes of a name that are not UTF-8 (which Python
    keeps as lone surrogates, unwritable to UTF-8, JSON or Arrow) are shown as `\\xff`."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return os.fsencode(name).decode("utf-8", "backslashreplace")
        except UnicodeError:  # not from the file system: surrogates given as text
            return name.encode("utf-8", "backslashreplace").decode("ascii")
    return name


def load_document(path: PathArg) -> Document:
    """Read one report file into a Document; raises `CorpusError` saying why it cannot."""
    path = Path(path)
    return document_from_bytes(path, read_file(path))


def read_file(path: PathArg) -> bytes:
    """The bytes of a report file; raises `CorpusError` saying why they cannot be read."""
    path = Path(path)
    shown = display_name(str(path))
    try:
        mode: int | None = os.stat(path).st_mode  # one call where four tests made four
    except OSError:
        mode = None  # missing, a broken link or out of reach: which is told below
    if mode is None and path.is_symlink() and not path.exists():
        raise CorpusError(shown, f"broken symbolic link (to {display_name(os.readlink(path))})")
    if mode is not None and stat.S_ISDIR(mode):
        raise CorpusError(shown, "is a folder, not a file (load folders with load_corpus)")
    if mode is not None and not stat.S_ISREG(mode):  # reading a pipe would wait for ever
        raise CorpusError(shown, "is not a regular file (a pipe, socket or device)")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(shown, "no such file or folder") from None
    except PermissionError:
        raise CorpusError(shown, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise CorpusError(shown, f"could not be read ({exc.strerror or exc})") from None


def document_from_bytes(path: PathArg, data: bytes) -> Document:
    """The Document of a file's bytes, read once: a cache key hashed from the same bytes then
    always matches the figures (a file rewritten during a run cannot mix two versions).
    Web pages, PDF and Word files are read by suffix, anything else as text (kit.load.source)."""
    path = Path(path)
    shown = display_name(str(path))
    try:
        source = read_source(path, data)
    except SourceError as exc:
        raise CorpusError(shown, str(exc)) from None
    return Document(doc_id=display_name(path.name), path=shown, **source.document_fields())


def _expand(path: Path, errors: list[LoadError]) -> list[Path]:
    """The files to load for one given path; problems with the path itself go to `errors`.

    Symbolic links are followed, to files and to folders; a broken link, a link back to a folder
    already read, or a pipe or device inside a folder is an error naming it, never a silent skip.
    """
    if not path.exists():
        reason = "no such file or folder"
        if path.is_symlink():
            reason = f"broken symbolic link (to {display_name(os.readlink(path))})"
        errors.append(LoadError(display_name(str(path)), reason))
        return []
    if not path.is_dir():
        return [path]

    def unreadable(exc: OSError) -> None:
        errors.append(LoadError(display_name(str(exc.filename or path)), "folder cannot be read"))

    found: list[tuple[tuple[str, ...], Path]] = []
    read: dict[str, Path] = {os.path.realpath(path): path}
    for root, dirs, names in os.walk(path, onerror=unreadable, followlinks=True):
        folder = Path(root)
        parts = folder.relative_to(path).parts  # the sort key of its files, made once a folder
        kept = []
        # real folders claim their place before links to them do
        for name in sorted(dirs, key=lambda d: (os.path.islink(os.path.join(root, d)), d)):
            if name.startswith("."):
                continue
            full = Path(root, name)
            real = os.path.realpath(full)
            if real in read:
                reason = f"links to a folder already read ({display_name(str(read[real]))})"
                errors.append(LoadError(display_name(str(full)), reason + ", skipped"))
                continue
            read[real] = full
            kept.append(name)
        dirs[:] = kept
        for name in names:
            if name.startswith(".") or name == MANIFEST_NAME:
                continue  # hidden files, and the manifest `kit fetch` wrote beside its pages
            if os.path.splitext(name)[1].lower() in TABLE_SUFFIXES:
                continue  # data tables (the kit's own JSONL/CSV/Parquet outputs): not reports
            full = folder / name
            if os.path.isfile(full):
                found.append(((*parts, name), full))
            elif full.is_symlink() and not full.exists():
                reason = f"broken symbolic link (to {display_name(os.readlink(full))}), skipped"
                errors.append(LoadError(display_name(str(full)), reason))
            else:
                reason = "is not a regular file (a pipe, socket or device), skipped"
                errors.append(LoadError(display_name(str(full)), reason))
    if not found:
        errors.append(LoadError(display_name(str(path)), "folder has no files to load"))
    return [full for _, full in sorted(found)]


__all__ = [
    "Corpus",
    "CorpusError",
    "LoadError",
    "PathArg",
    "display_name",
    "document_from_bytes",
    "load_corpus",
    "read_file",
    "seeds_dir",
]
