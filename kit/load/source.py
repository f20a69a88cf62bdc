"""One file -> its text and source fields, by format: web page, PDF, Word or plain text.

`read_source(path, data)` picks the reader from the file's suffix (.html/.htm, .pdf, .docx),
or from its first bytes (a page saved as .txt, a fetched file without a known suffix); anything
else is decoded as text, as before, and adds what the folder's fetch manifest says
about the file (the address it was downloaded from, the HTTP content type), so every figure
can be cited to its address and, in a PDF, its page.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from kit.load.decode import TextDecodeError, decode_bytes
from kit.load.manifest import entry_for, public_url
from kit.load.metadata import infer_metadata

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})


class SourceError(ValueError):
    """A file whose text cannot be read; the message is the plain reason."""


@dataclass(frozen=True)
class Source:
    """The text of a file and the source fields its format (or its manifest line) gives."""

    text: str
    encoding: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    page_starts: tuple[int, ...] | None = None

    def document_fields(self) -> dict[str, Any]:
        """Keyword arguments for `Document` (besides doc_id and path): text, encoding, the
        metadata read from the text, and the source fields, which win where they are set."""
        meta = infer_metadata(self.text, self.published)
        fields = {**meta, **{name: getattr(self, name) for name in _SOURCE_FIELDS}}
        for key in ("title", "published"):
            if fields[key] is None:
                fields[key] = meta[key]
        return fields


#: a Source's fields, read one by one (`asdict` copies each value deeply, for nothing here)
_SOURCE_FIELDS = tuple(f.name for f in dataclass_fields(Source))

#: the libraries each reader uses: their versions are part of a file's cache key
READER_LIBRARIES = {
    "html": ("lxml", "readability-lxml"),
    "pdf": ("pdfplumber", "pdfminer.six"),
    "docx": ("lxml",),
    "text": (),
}
#: suffixes of data tables (the kit's own outputs among them): never a report
TABLE_SUFFIXES = frozenset({".jsonl", ".csv", ".parquet"})
KIT_OUTPUT = "figures written by kit (its own output), not a report"
#: bidirectional overrides, embeddings and isolates: invisible, they reorder what a citation,
#: a CSV cell or a table shows (a figure read backwards), and no report needs them
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def reader_for(path: str | Path, data: bytes) -> str:
    """Which reader a file's bytes go to: `html`, `pdf`, `docx`, `text`, or `table` (a data
    table, such as the kit's own output, which is refused). By content first where the bytes
    say what they are, else by suffix."""
    suffix = Path(path).suffix.lower()
    if data.startswith(b"PAR1") or suffix in TABLE_SUFFIXES or _is_kit_output(data):
        return "table"
    if suffix in HTML_SUFFIXES or (suffix not in (".pdf", ".docx", ".doc") and _is_html(data)):
        return "html"
    if suffix == ".pdf" or (suffix not in (".docx", ".doc") and data.startswith(b"%PDF-")):
        return "pdf"
    if suffix in (".docx", ".doc"):
        return "docx"
    return "text"


def read_source(path: str | Path, data: bytes) -> Source:
    """The text and source fields of one file's bytes; raises `SourceError` saying why not."""
    path = Path(path)
    reader = reader_for(path, data)
    entry = entry_for(path) or {}
    url = public_url(entry.get("final_url") or entry.get("url"))
    if reader == "table":
        if _is_kit_output(data) or data.startswith(b"PAR1"):
            raise SourceError(
                KIT_OUTPUT if _is_kit_output(data) else "a Parquet table, not a report"
            )
        raise SourceError(f"a data table ({path.suffix.lower()}), not a report")
    if reader == "html":
        from kit.load.html import PageError, read_html

        try:
            page = read_html(data, entry.get("content_type"))
        except PageError as exc:
            raise SourceError(str(exc)) from None
        text, _ = _without_bidi(page.text, None)
        return Source(
            text,
            page.encoding,
            _plain(page.title),
            _plain(page.publisher),
            page.published,
            url or public_url(page.url),
        )
    if reader == "pdf":
        from kit.load.pdf import PdfError, read_pdf

        try:
            pdf = read_pdf(data)
        except PdfError as exc:
            raise SourceError(str(exc)) from None
        text, starts = _without_bidi(pdf.text, pdf.page_starts)
        return Source(text, "pdf", _plain(pdf.title), url=url, page_starts=starts)
    if reader == "docx":
        from kit.load.docx import DocxError, read_docx

        try:
            word = read_docx(data)
        except DocxError as exc:
            raise SourceError(str(exc)) from None
        text, _ = _without_bidi(word.text, None)
        return Source(text, "docx", _plain(word.title), url=url)
    try:
        text, encoding = decode_bytes(data)
    except TextDecodeError as exc:
        raise SourceError(str(exc)) from None
    text, _ = _without_bidi(text, None)
    return Source(text, encoding, url=url)


def _plain(value: str | None) -> str | None:
    return _BIDI.sub("", value) if value else value


def _without_bidi(text: str, starts: tuple[int, ...] | None) -> tuple[str, tuple[int, ...] | None]:
    """`text` without bidirectional controls, and page starts moved to match."""
    if text.isascii() or not _BIDI.search(text):  # isascii: a flag Python keeps, no scan
        return text, starts
    if starts:
        import bisect

        removed = [m.start() for m in _BIDI.finditer(text)]
        starts = tuple(s - bisect.bisect_left(removed, s) for s in starts)
    return _BIDI.sub("", text), starts


_HTML_START = (b"<!doctype html", b"<html", b"<?xml")
_KIT_COLUMNS = (b"doc_id", b"start", b"end", b"text", b"value")


def _is_html(data: bytes) -> bool:
    """Markup whatever the file is called: a page saved as .txt, or fetched without a suffix."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_START) and (b"<html" in data[:4096].lower())


def _is_kit_output(data: bytes) -> bool:
    """The figures `kit extract` or `kit summary` wrote (JSON lines or CSV, under any name):
    the first line is a figure object or the metrics header, holding every key column."""
    first = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    if first.startswith(b"{"):
        keys = [b'"' + k + b'":' for k in _KIT_COLUMNS]
        return all(k in first for k in keys)
    cells = {c.strip(b'" \r') for c in first.split(b",")}
    return all(k in cells for k in _KIT_COLUMNS)


@lru_cache(maxsize=8)
def reader_versions(reader: str) -> str:
    """The versions of the libraries a reader uses, as one string (part of the cache key:
    upgrading pdfplumber must not keep serving the old readings)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in READER_LIBRARIES.get(reader, ()):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


def file_digest(path: str | Path, data: bytes) -> str:
    """Cache key of a file: sha256 of its bytes, the reader they go to and its libraries'
    versions (a page renamed from .txt to .html is read another way, with other offsets), and
    the address a manifest gives (the same bytes fetched from two addresses cite each its own)."""
    digest = hashlib.sha256(data)
    reader = reader_for(path, data)
    digest.update(f"\0reader\0{reader}\0{reader_versions(reader)}".encode())
    entry = entry_for(path)
    url = entry and (entry.get("final_url") or entry.get("url"))
    if url:
        digest.update(b"\0url\0" + str(public_url(url)).encode("utf-8", "replace"))
    return digest.hexdigest()


__all__ = [
    "file_digest",
]
