"""Extraction results kept on disk, so a corpus is extracted once and then only what changed.

Results are keyed by the sha256 of each file's bytes (or, for a `Document` built in memory, of
its text and metadata) under a *fingerprint* of the kit itself: its version plus the bytes of
its code and lexicon files. Editing a report re-extracts that report alone; editing a lexicon
file (or upgrading the kit) starts a fresh cache, because every result may change.

Layout, under the cache folder (`KIT_CACHE_DIR`, else `~/.cache/kit`)::

    v1-<fingerprint>/seg-<time>-<id>.parquet   figures of many documents (METRIC_FIELDS columns)
    v1-<fingerprint>/seg-<time>-<id>.json      which documents the segment holds: digest, rows

A segment becomes visible only when its JSON index is in place (written last, atomically), so
readers never see half-written results and several processes may fill one cache at once.

Nothing read from the cache is trusted: an index must have the expected shape (names of this
folder's own segment files only, offsets that tile the segment exactly, a checksum of its own
content), and a segment must match the sha256 and row count its index records. A segment or
index that fails is deleted and its documents count as not cached, so they are extracted again
and the cache repairs itself; a damaged cache never fails a run.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import json
import os
import re
import time
import uuid
from collections import OrderedDict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from kit._version import __version__
from kit.schema import Document

CACHE_ENV = "KIT_CACHE_DIR"
LAYOUT = "v1"
SEGMENT_ROWS = 20_000  # a segment is written once this many figures are buffered
SEGMENT_DOCS = 2_000  # ... or this many documents (many have no figures)
OPEN_SEGMENTS = 4  # segments kept decoded in memory while reading hits
KEPT_ROWS = 2_000_000  # figures kept in memory when the cache folder cannot be written


def default_dir() -> Path:
    """The cache folder: `$KIT_CACHE_DIR`, else `~/.cache/kit`."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "kit"


#: modules whose code decides what is extracted and how it is stored; with everything they
#: import from the kit (found by reading their imports), they make the cache's fingerprint
ROOTS = (
    "figures/decide.py",  # the one door (kit/figures/__init__ loads it on first use)
    "load/corpus.py",
    "schema.py",
    "run/engine.py",
    "run/parallel.py",
    "run/cache.py",
)


def _kit_imports(path: Path, package_dir: Path) -> set[Path]:
    """Files of the kit that `path` imports (`import kit.x`, `from kit.x import`, `from kit
    import x`), wherever the import statement sits."""
    found: set[Path] = set()
    try:
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError):
        return found
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
    for name in names:
        parts = name.split(".")
        if parts[0] != "kit" or len(parts) < 2:
            continue
        base = package_dir.joinpath(*parts[1:])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                found.add(candidate)
    return found


def _package_files(package_dir: Path) -> list[Path]:
    """The files whose bytes decide extraction results: the extraction code, every kit module
    it imports, and the lexicons. Other modules (charts, widgets, briefings) do not count."""
    missing = [name for name in ROOTS if not (package_dir / name).is_file()]
    if missing:  # a moved module must never drop out of the fingerprint unnoticed
        raise FileNotFoundError(f"cache fingerprint roots missing from {package_dir}: {missing}")
    todo = [package_dir / name for name in ROOTS]
    seen: set[Path] = set(todo)
    while todo:
        for module in _kit_imports(todo.pop(), package_dir) - seen:
            seen.add(module)
            todo.append(module)
    lexicons = set(package_dir.glob("lexicon/*.toml")) | set(package_dir.glob("lexicon/*.tsv"))
    return sorted(seen | lexicons)


def fingerprint(package_dir: str | os.PathLike[str] | None = None) -> str:
    """sha256 of the kit's version, extraction code and lexicon bytes: the cache's namespace.

    The running kit's own fingerprint (no `package_dir`) is computed once a process: its code
    was read when it was imported, so a later edit cannot change what this process extracts.
    """
    if package_dir is None:
        return _own_fingerprint()
    return _fingerprint(Path(package_dir))


@functools.cache
def _own_fingerprint() -> str:
    return _fingerprint(Path(__file__).resolve().parents[1])


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256(f"kit {__version__}\0".encode())
    for path in _package_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def bytes_digest(data: bytes) -> str:
    """The cache key of a file: sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def document_digest(document: Document) -> str:
    """The cache key of an in-memory Document: its text and the metadata extraction copies."""
    meta = [document.language, document.region, document.year, document.period]
    meta += [document.url, list(document.page_starts or ())]  # copied as each figure's source
    digest = hashlib.sha256(b"kit-document\0" + json.dumps(meta).encode() + b"\0")
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


_SEGMENT_NAME = re.compile(r"seg-[0-9]{20}-[0-9a-f]{8}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _manifest_check(segment: str, sha256: str, docs: list[list[object]]) -> str:
    """The checksum an index carries of its own content (catches edited offsets)."""
    return hashlib.sha256(json.dumps([segment, sha256, docs]).encode()).hexdigest()


def _parse_manifest(path: Path, entry: object) -> tuple[str, str, int, list[tuple[str, int, int]]]:
    """(segment, sha256, rows, docs) of a well-formed index; raises ValueError otherwise."""
    if not isinstance(entry, dict) or set(entry) != {"segment", "sha256", "docs", "check"}:
        raise ValueError("not an index")
    segment, sha256, docs = entry["segment"], entry["sha256"], entry["docs"]
    if segment != f"{path.stem}.parquet" or not _SEGMENT_NAME.fullmatch(path.stem):
        raise ValueError("names another file")  # ../ or any path outside this folder
    if not isinstance(sha256, str) or not _HEX64.fullmatch(sha256):
        raise ValueError("bad segment hash")
    if not isinstance(docs, list) or entry["check"] != _manifest_check(segment, sha256, docs):
        raise ValueError("index checksum does not match")
    parsed, offset = [], 0
    for doc in docs:
        if not (isinstance(doc, list) and len(doc) == 3 and isinstance(doc[0], str)):
            raise ValueError("bad document entry")
        digest, start, rows = doc
        if not _HEX64.fullmatch(digest) or type(start) is not int or type(rows) is not int:
            raise ValueError("bad document entry")
        if start != offset or rows < 0:
            raise ValueError("offsets do not tile the segment")
        parsed.append((digest, start, rows))
        offset += rows
    return segment, sha256, offset, parsed


class Cache:
    """A folder of cached extraction results for one fingerprint of the kit.

    `cache.lookup(digest)` (an Arrow table of that document's figures, in text order, or None
    when not cached or no longer readable), `digest in cache`, `cache.get(digest)` and
    `cache.put(digest, table)`; puts are buffered and written as one segment at a time (`flush`,
    or leaving the `with` block).
    """

    def __init__(self, root: str | os.PathLike[str] | None = None, key: str | None = None):
        self.root = Path(root).expanduser() if root is not None else default_dir()
        self.key = key or fingerprint()
        self.dir = self.root / f"{LAYOUT}-{self.key[:32]}"
        self._index: dict[str, tuple[str, int, int]] | None = None
        self._segments: dict[str, tuple[str, int]] = {}  # segment -> (sha256, rows)
        self._open: OrderedDict[str, pa.Table] = OrderedDict()
        self._buffer: list[tuple[str, pa.Table]] = []
        self._buffered_rows = 0
        self._kept: dict[str, pa.Table] = {}  # results a failed write could not keep on disk
        self.hits = self.misses = 0
        self.repaired = 0  # segments found damaged and dropped

    # ------------------------------------------------------------------ reading

    @property
    def index(self) -> dict[str, tuple[str, int, int]]:
        """digest -> (segment file, first row, number of rows), from every sound segment."""
        if self._index is None:
            index: dict[str, tuple[str, int, int]] = {}
            if self.dir.is_dir():
                for manifest in sorted(self.dir.glob("seg-*.json")):
                    try:
                        entry = json.loads(manifest.read_text(encoding="utf-8"))
                        segment, sha256, rows, docs = _parse_manifest(manifest, entry)
                    except OSError:
                        continue  # unreadable now (permissions): not used, not deleted
                    except (ValueError, RecursionError):
                        self._drop(manifest.stem)
                        continue
                    self._segments[segment] = (sha256, rows)
                    for digest, offset, count in docs:
                        index[digest] = (segment, offset, count)  # newest segment wins
            self._index = index
        return self._index

    def __contains__(self, digest: object) -> bool:
        return digest in self.index

    def __len__(self) -> int:
        return len(self.index)

    def lookup(self, digest: str) -> pa.Table | None:
        """The cached figures of one document, or None when it must be extracted (not cached,
        or its segment turned out damaged: then it is dropped, and refilled by the next put)."""
        kept = self._kept.get(digest)
        if kept is not None:
            self.hits += 1
            return kept
        if digest not in self.index:
            return None
        segment, offset, rows = self.index[digest]
        table = self._open.get(segment)
        if table is None:
            table = self._read_segment(segment)
            if table is None:
                return None
            self._open[segment] = table
            while len(self._open) > OPEN_SEGMENTS:
                self._open.popitem(last=False)
        else:
            self._open.move_to_end(segment)
        self.hits += 1
        return table.slice(offset, rows)

    def get(self, digest: str) -> pa.Table:
        """The cached figures of one document (raises KeyError when it is not cached)."""
        table = self.lookup(digest)
        if table is None:
            raise KeyError(digest)
        return table

    def _read_segment(self, segment: str) -> pa.Table | None:
        sha256, rows = self._segments[segment]
        try:
            data = (self.dir / segment).read_bytes()
            if hashlib.sha256(data).hexdigest() != sha256:
                raise ValueError("segment does not match its hash")
            table = pq.read_table(pa.BufferReader(data))
            if table.num_rows != rows:
                raise ValueError("segment has another number of rows")
        except (OSError, ValueError, pa.ArrowException):
            self._drop(segment.removesuffix(".parquet"))
            return None
        return table

    def _drop(self, stem: str) -> None:
        """Forget a damaged segment and delete its files (best effort)."""
        self.repaired += 1
        segment = f"{stem}.parquet"
        self._segments.pop(segment, None)
        self._open.pop(segment, None)
        if self._index is not None:
            for digest in [d for d, (seg, _, _) in self._index.items() if seg == segment]:
                del self._index[digest]
        if _SEGMENT_NAME.fullmatch(stem):
            for suffix in (".json", ".parquet"):
                with contextlib.suppress(OSError):
                    (self.dir / f"{stem}{suffix}").unlink(missing_ok=True)

    # ------------------------------------------------------------------ writing

    def put(self, digest: str, table: pa.Table | pa.RecordBatch) -> None:
        """Remember one document's figures (written with the next segment)."""
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        self.misses += 1
        self._buffer.append((digest, table))
        self._buffered_rows += table.num_rows
        if self._buffered_rows >= SEGMENT_ROWS or len(self._buffer) >= SEGMENT_DOCS:
            self.flush()

    def flush(self) -> None:
        """Write the buffered documents as one segment; a failure to write is not an error."""
        if not self._buffer:
            return
        buffer, self._buffer, self._buffered_rows = self._buffer, [], 0
        name = f"seg-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        docs: list[list[object]] = []
        offset = 0
        for digest, table in buffer:
            docs.append([digest, offset, table.num_rows])
            offset += table.num_rows
        table = pa.concat_tables([t for _, t in buffer]).combine_chunks()
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        data = sink.getvalue().to_pybytes()
        sha256 = hashlib.sha256(data).hexdigest()
        segment = f"{name}.parquet"
        manifest = json.dumps(
            {
                "segment": segment,
                "sha256": sha256,
                "docs": docs,
                "check": _manifest_check(segment, sha256, docs),
            }
        )
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            _atomic(self.dir / segment, lambda p: p.write_bytes(data))
            _atomic(self.dir / f"{name}.json", lambda p: p.write_text(manifest, encoding="utf-8"))
        except OSError:  # read-only or full disk: kept for this process only, up to a bound
            if sum(t.num_rows for t in self._kept.values()) + offset <= KEPT_ROWS:
                self._kept.update(buffer)
            return
        index = self.index
        self._segments[segment] = (sha256, offset)
        for digest, start, rows in docs:
            index[digest] = (segment, start, rows)  # type: ignore[assignment]

    def close(self) -> None:
        self.flush()
        self._open.clear()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Cache({str(self.dir)!r}, documents={len(self.index)})"


def _atomic(path: Path, write: object) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)  # type: ignore[operator]
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


CacheArg = bool | str | os.PathLike[str] | Cache | None


def open_cache(cache: CacheArg) -> Cache | None:
    """`True` -> the default folder, a path -> that folder, `False`/`None` -> no cache."""
    if cache is None or cache is False:
        return None
    if isinstance(cache, Cache):
        return cache
    if cache is True:
        return Cache()
    return Cache(cache)


def clear(root: str | os.PathLike[str] | None = None, *, keep_current: bool = False) -> int:
    """Delete cached results (of older kit versions only with `keep_current`); files removed."""
    base = Path(root).expanduser() if root is not None else default_dir()
    current = f"{LAYOUT}-{fingerprint()[:32]}" if keep_current else None
    removed = 0
    for folder in base.glob(f"{LAYOUT}-*") if base.is_dir() else ():
        if folder.name == current or not folder.is_dir():
            continue
        for path in folder.iterdir():
            path.unlink(missing_ok=True)
            removed += 1
        folder.rmdir()
    return removed


__all__: list[str] = []  # everything here serves its own package
