"""PDF bytes -> the text layer as paragraphs, with the offset where each page starts.

pdfplumber (over pdfminer.six) is used rather than pypdf because it gives each line's position:
a PDF has no paragraphs, only lines broken where the page ran out, often inside a number
("98.\\n6%"). A line that reaches the right edge of the text continues on the next line and is
joined to it (directly in Chinese, with a space in English); a line that stops short ends a
paragraph. Page numbers in a page's header or footer are left out. Pages are separated by a
blank line, and `page_starts` records where each page begins in the text, so each figure can
name its page (measured against pypdf in `scripts/measure_formats.py`).
"""

from __future__ import annotations

import contextlib
import io
import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pdfplumber loads only when a PDF is read
    from pdfplumber.page import Page

NO_TEXT_LAYER = "no text layer: scanned image? (run OCR on it first)"
ENCRYPTED = "encrypted PDF: it cannot be opened without its password"
UNMAPPED = "the text layer cannot be read (its fonts do not map glyphs to characters)"
PAGE_BREAK = "\n\n"

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CID = re.compile(r"\(cid:\d+\)")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—−_·•]*\s*\d{1,4}\s*[-–—−_·•]*"
    r"|第\s*\d{1,4}\s*页\s*(?:[/，,、]?\s*共\s*\d{1,4}\s*页)?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PdfText:
    text: str
    page_starts: tuple[int, ...]  # offset in `text` of each page's first character
    title: str | None = None


class PdfError(ValueError):
    """A PDF whose text cannot be read; the message is the plain reason."""


def read_pdf(data: bytes) -> PdfText:
    """The text layer of a PDF, page by page; raises `PdfError` saying why it has none."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    check_inflated(data)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for page in pdf.pages:
                pages.append(_page_text(page))
                page.close()  # release the page's objects and layout once its text is read
            title = _title(pdf.metadata)
    except PDFPasswordIncorrect:
        raise PdfError(ENCRYPTED) from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PdfError(f"not a readable PDF ({type(exc).__name__})") from None
    except Exception as exc:  # pdfplumber wraps pdfminer's errors, which are many
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect) or "encrypt" in repr(cause).lower():
            raise PdfError(ENCRYPTED) from None
        detail = str(cause).strip() or type(cause).__name__
        raise PdfError(f"not a readable PDF ({detail})") from None
    joined = "".join(pages)
    if not joined.strip():
        raise PdfError(NO_TEXT_LAYER)
    if len(_CID.findall(joined)) * 8 > len(joined):
        raise PdfError(UNMAPPED)
    starts, offset = [], 0
    for page_text in pages:
        starts.append(offset)
        offset += len(page_text) + len(PAGE_BREAK)
    return PdfText(PAGE_BREAK.join(pages), tuple(starts), title)


MAX_STREAM_BYTES = 64 * 2**20  # one stream, inflated: no page or font of a report is this big
MAX_INFLATED_BYTES = 256 * 2**20  # every stream but images, inflated, in all
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_SLICE = 1 << 20


def check_inflated(data: bytes) -> None:
    """Refuse a decompression bomb before pdfminer inflates it whole: every compressed stream
    but an image's is inflated here a slice at a time (output counted, then dropped), through
    as many Flate layers as its filter names, and the file is refused by name as soon as one
    stream or all of them pass their limit. Streams that do not inflate (encrypted, damaged)
    are left to pdfminer."""
    total = 0
    for found in _STREAM.finditer(data):
        start = found.end()
        head = data[max(0, found.start() - 2048) : found.start()]
        head = head[head.rfind(b" obj") + 1 :] if b" obj" in head else head
        layers = len(_FLATE.findall(head))
        if not layers or b"/Image" in head:
            continue
        end = data.find(b"endstream", start)
        size = _inflated_size(data[start : end if end >= 0 else len(data)], layers)
        if size > MAX_STREAM_BYTES:
            raise PdfError(
                f"a stream inflates to more than {MAX_STREAM_BYTES // 2**20} MB "
                "(a decompression bomb?), not read"
            )
        total += size
        if total > MAX_INFLATED_BYTES:
            raise PdfError(
                f"its streams inflate to more than {MAX_INFLATED_BYTES // 2**20} MB "
                "(a decompression bomb?), not read"
            )


def _inflated_size(raw: bytes, layers: int) -> int:
    """Bytes `raw` inflates to through `layers` Flate layers, counted up to just past
    MAX_STREAM_BYTES (0 when it does not inflate)."""
    decoders = [zlib.decompressobj() for _ in range(layers)]
    size = 0

    def through(stage: int, chunk: bytes) -> None:
        nonlocal size
        if stage == len(decoders):
            size += len(chunk)
            return
        decoder = decoders[stage]
        while True:
            piece = decoder.decompress(chunk, _SLICE)
            chunk = decoder.unconsumed_tail
            if piece:
                through(stage + 1, piece)
            if size > MAX_STREAM_BYTES or (not chunk and len(piece) < _SLICE):
                return

    with contextlib.suppress(zlib.error):  # not Flate data, or encrypted: pdfminer decides
        through(0, raw)
    return size


def _page_text(page: Page) -> str:
    lines = page.extract_text_lines(keep_blank_chars=False)
    # a page number in the header or footer ("- 3 -", "第 3 页 共 10 页") is not a figure
    while lines and _PAGE_NUMBER.match(lines[-1]["text"]):
        lines = lines[:-1]
    while lines and _PAGE_NUMBER.match(lines[0]["text"]):
        lines = lines[1:]
    if not lines:
        return ""
    right = max(line["x1"] for line in lines)
    paragraphs: list[str] = []
    current = ""
    previous = None
    for line in lines:
        text = line["text"].strip()
        if not text:
            continue
        if previous is not None and _continues(previous, line, right):
            current += _joiner(current, text) + text
        else:
            if current:
                paragraphs.append(current)
            current = text
        previous = line
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _size(line: dict) -> float:
    chars = line.get("chars") or []
    return float(chars[0].get("size", 10.0)) if chars else 10.0


def _continues(previous: dict, line: dict, right: float) -> bool:
    """True when `line` carries on the paragraph of `previous` (a wrapped line)."""
    size = _size(previous)
    full_width = previous["x1"] >= right - 2 * size
    gap = line["top"] - previous["bottom"]
    same_size = abs(_size(line) - size) < 0.5
    return full_width and same_size and gap < size


def _joiner(before: str, after: str) -> str:
    if _CJK.search(before[-1]) or _CJK.search(after[0]) or _CJK.search(before):
        return ""  # Chinese runs on without spaces, numbers split at a line end included
    if before.endswith("-"):
        return ""
    return " "


def _title(metadata: dict) -> str | None:
    value = metadata.get("Title") if isinstance(metadata, dict) else None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    value = " ".join(str(value).split()) if value else ""
    return value or None


def page_of(page_starts: tuple[int, ...] | None, offset: int) -> int | None:
    """1-based page holding character `offset`, or None for a document without pages."""
    if not page_starts:
        return None
    import bisect

    return max(1, bisect.bisect_right(page_starts, offset))


__all__ = [
    "page_of",
]
