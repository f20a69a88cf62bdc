"""Word (.docx) bytes -> text: paragraphs and table cells in the order they appear.

Reports often put their key figures in a table ("破获刑事案件 | 3,215起 | 上升12.6%"), so a
table is read row by row, one line a row with its cells separated by tabs, nested tables
included, in body order with the paragraphs around it (python-docx).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

CORRUPT = "corrupt .docx: it cannot be opened as a Word document"
OLD_DOC = "Word 97-2003 .doc files are not read: save it as .docx (or as text) first"
EMPTY = "the Word document has no text"


@dataclass(frozen=True)
class DocxText:
    text: str
    title: str | None = None


class DocxError(ValueError):
    """A Word file whose text cannot be read; the message is the plain reason."""


def read_docx(data: bytes) -> DocxText:
    """Paragraphs and table rows of a .docx as lines; raises `DocxError` saying why not."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE2 container of .doc (and .xls)
        raise DocxError(OLD_DOC)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocxError(f"{CORRUPT} ({type(exc).__name__})") from None
    except Exception as exc:  # lxml and python-docx raise many types on damaged parts
        raise DocxError(f"{CORRUPT} ({type(exc).__name__}: {exc})") from None
    lines = list(_block_lines(document.element.body))
    if not any(line.strip() for line in lines):
        raise DocxError(EMPTY)
    title = (document.core_properties.title or "").strip() or None
    return DocxText("\n".join(line for line in lines if line.strip()), title)


def _block_lines(container: object):  # type: ignore[no-untyped-def]
    """Lines of a body or table cell: each paragraph, each table row (cells tab-separated);
    a table nested in a cell gives its rows after the row that holds it."""
    from docx.oxml.ns import qn

    for child in container.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:p"):
            yield _paragraph_text(child)
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                cells, nested = [], []
                for cell in row.iterchildren(qn("w:tc")):
                    words = []
                    for block in cell.iterchildren():
                        if block.tag == qn("w:p"):
                            words.append(_paragraph_text(block).replace("\t", " "))
                        elif block.tag == qn("w:tbl"):
                            nested.extend(_block_lines(_wrap(block)))
                    cells.append(" ".join(w for w in words if w.strip()))
                yield "\t".join(c.strip() for c in cells if c.strip())
                yield from nested
        elif child.tag == qn("w:sdt"):  # content controls wrap paragraphs and tables
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_lines(content)


def _wrap(table: object) -> object:
    """A stand-in container holding just `table`, so nested tables read like top-level ones."""

    class _One:
        def iterchildren(self):  # type: ignore[no-untyped-def]
            return iter([table])

    return _One()


def _paragraph_text(paragraph: object) -> str:
    """The run text of a paragraph (tabs and line breaks kept; deleted text left out)."""
    from docx.oxml.ns import qn

    t, tab, br, cr = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
    parts = []
    for run in paragraph.iter(qn("w:r")):  # type: ignore[attr-defined]
        for node in run:
            if node.tag == t:
                parts.append(node.text or "")
            elif node.tag == tab:
                parts.append("\t")
            elif node.tag in (br, cr):
                parts.append("\n")
    return "".join(parts).strip()


__all__ = ["CORRUPT", "OLD_DOC", "DocxError", "DocxText", "read_docx"]
