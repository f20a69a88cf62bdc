"""One file -> its text and source fields, by format: web page, PDF, Word or plain text.

`read_source(path, data)` picks the reader from the file's suffix (.html/.htm, .pdf, .docx),
or from its first bytes (a page saved as .txt, a fetched file without a known suffix); anything
else is decoded as text, as before, and adds what the folder's fetch manifest says
about the file (the address it was downloaded from, the HTTP content type), so every figure
can be cited to its address and, in a PDF, its page.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kit.load.decode import TextDecodeError, decode_bytes
from kit.load.manifest import entry_for
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
        fields = {**meta, **asdict(self)}
        for key in ("title", "published"):
            if fields[key] is None:
                fields[key] = meta[key]
        return fields


def read_source(path: str | Path, data: bytes) -> Source:
    """The text and source fields of one file's bytes; raises `SourceError` saying why not."""
    path = Path(path)
    suffix = path.suffix.lower()
    entry = entry_for(path) or {}
    url = entry.get("final_url") or entry.get("url")
    if suffix in HTML_SUFFIXES or (suffix not in (".pdf", ".docx", ".doc") and _is_html(data)):
        from kit.load.html import PageError, read_html

        try:
            page = read_html(data, entry.get("content_type"))
        except PageError as exc:
            raise SourceError(str(exc)) from None
        return Source(
            page.text, page.encoding, page.title, page.publisher, page.published, url or page.url
        )
    if suffix == ".pdf" or (suffix not in (".docx", ".doc") and data.startswith(b"%PDF-")):
        from kit.load.pdf import PdfError, read_pdf

        try:
            pdf = read_pdf(data)
        except PdfError as exc:
            raise SourceError(str(exc)) from None
        return Source(pdf.text, "pdf", pdf.title, url=url, page_starts=pdf.page_starts)
    if suffix in (".docx", ".doc"):
        from kit.load.docx import DocxError, read_docx

        try:
            word = read_docx(data)
        except DocxError as exc:
            raise SourceError(str(exc)) from None
        return Source(word.text, "docx", word.title, url=url)
    try:
        text, encoding = decode_bytes(data)
    except TextDecodeError as exc:
        raise SourceError(str(exc)) from None
    return Source(text, encoding, url=url)


_HTML_START = (b"<!doctype html", b"<html", b"<?xml")


def _is_html(data: bytes) -> bool:
    """Markup whatever the file is called: a page saved as .txt, or fetched without a suffix."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_START) and (b"<html" in data[:4096].lower())


def file_digest(path: str | Path, data: bytes) -> str:
    """Cache key of a file: sha256 of its bytes, and of its address when a manifest gives one
    (the same bytes fetched from two addresses must cite each its own)."""
    digest = hashlib.sha256(data)
    entry = entry_for(path)
    url = entry and (entry.get("final_url") or entry.get("url"))
    if url:
        digest.update(b"\0url\0" + str(url).encode("utf-8", "replace"))
    return digest.hexdigest()


__all__ = ["HTML_SUFFIXES", "Source", "SourceError", "file_digest", "read_source"]
