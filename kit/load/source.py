"""One file -> its text and source fields, by format: web page, PDF, Word or plain text.

`read_source(path, data)` picks the reader from the file's suffix (.html/.htm, .pdf, .docx;
anything else is decoded as text, as before) and adds what the folder's fetch manifest says
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
        meta = infer_metadata(self.text)
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
    if suffix in HTML_SUFFIXES:
        from kit.load.html import PageError, read_html

        try:
            page = read_html(data, entry.get("content_type"))
        except PageError as exc:
            raise SourceError(str(exc)) from None
        return Source(
            page.text, page.encoding, page.title, page.publisher, page.published, url or page.url
        )
    if suffix == ".pdf":
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
