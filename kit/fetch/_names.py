"""A saved file's name: the address's host and path, a short hash, and the suffix its bytes
call for (a page served as a PDF is saved as `.html`), so a folder of fetched reports reads by
name and each file opens with the right reader."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_NAME_BYTES = 200  # file names stay well under the 255 bytes file systems allow

_EXT_BY_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "text/plain": ".txt",
    "text/markdown": ".md",
}
_KNOWN_EXT = frozenset({".html", ".htm", ".shtml", ".pdf", ".docx", ".doc", ".txt", ".md"})
_BINARY_EXT = frozenset({".pdf", ".docx", ".doc"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._\u4e00-\u9fff-]+")
_HTML_HEAD = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)


def sniff(data: bytes) -> str | None:
    """The suffix a file's first bytes call for, whatever it was served as: `.pdf`, `.docx`,
    `.doc`, `.html`, or None when the bytes do not say."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".docx" if b"word/" in data else None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_HEAD.match(head):
        return ".html"
    return None


def file_name(url: str, content_type: str | None = None, data: bytes | None = None) -> str:
    """A safe, stable file name for an address: host and path (at most `MAX_NAME_BYTES`
    bytes in all), a short hash, and the suffix its bytes call for (sniffed: HTML served as
    PDF is saved as `.html`), else its content type, else its path."""
    parts = urlsplit(url)
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    path_ext = Path(unquote(parts.path)).suffix.lower()
    ext = _EXT_BY_TYPE.get(mime)
    if ext is None:
        ext = path_ext if path_ext in _KNOWN_EXT else mimetypes.guess_extension(mime) or ".bin"
    if data is not None:
        found = sniff(data)
        if found is not None:
            ext = found
        elif ext in _BINARY_EXT:  # the bytes are not what the header or the path claims
            ext = ".txt" if _looks_like_text(data) else ".bin"
    stem = unquote(parts.path).rstrip("/")
    if path_ext in _KNOWN_EXT:
        stem = stem[: -len(path_ext)]
    slug = _UNSAFE.sub("_", f"{parts.hostname or ''}{stem}").strip("._-")[:100] or "page"
    slug = slug.encode("utf-8")[: MAX_NAME_BYTES - 20].decode("utf-8", "ignore").strip("._-")
    tag = hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug or 'page'}-{tag}{ext}"


def _looks_like_text(data: bytes) -> bool:
    return bool(data) and b"\0" not in data[:4096]
