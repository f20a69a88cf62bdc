"""Word (.docx) bytes -> text: paragraphs, table rows and text boxes in the order they appear.

Reports often put their key figures in a table ("破获刑事案件 | 3,215起 | 上升12.6%"), so a
table is read row by row, one line a row with its cells separated by tabs, nested tables
included, in body order with the paragraphs around it. A row is read as one clause: when the
first row names the columns, each cell below is read after its column's name ("同比" over
"上升3.2%" gives "同比上升3.2%", "破获刑事案件" over "205起" gives "破获刑事案件205起"), so that a
cell's change stays a change and a count keeps its subject (names that say nothing, such as
"数量", are data in `kit/lexicon/tables.toml`).

The main part (`word/document.xml`) is streamed with lxml's `iterparse`, one top-level block at
a time, straight from the zip, and nothing else of the package is opened but its title: a
relationship pointing at a missing part (which python-docx refuses whole files for) does not
matter, memory stays that of one block however many paragraphs there are, and the inflated size
is checked against the sizes the zip declares before reading (zipfile never inflates past a
declared size, so a decompression bomb is refused by name, not read). What Word does not show is
not read: hidden text (`w:vanish`), deleted text, and the `mc:Fallback` copy of a text box
(its `mc:Choice` is read once, as lines of its own after its paragraph).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

CORRUPT = "corrupt .docx: it cannot be opened as a Word document"
OLD_DOC = "Word 97-2003 .doc files are not read: save it as .docx (or as text) first"
EMPTY = "the Word document has no text"
MAX_XML_BYTES = 64 * 2**20  # the main part's inflated size: far beyond any report
MAX_TEXT_CHARS = 8 * 2**20  # characters of text: a report is a few hundred thousand at most
MAX_BLOCKS = 100_000  # paragraphs and tables of the body: a report has a few thousand

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


P, TBL, TR, TC, SDT, SDT_CONTENT = map(_w, ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
R, T, TAB, BR, CR, RPR, VANISH = map(_w, ("r", "t", "tab", "br", "cr", "rPr", "vanish"))
TXBX, DEL, MOVE_FROM, BODY = map(_w, ("txbxContent", "del", "moveFrom", "body"))
FALLBACK = f"{{{_MC}}}Fallback"
_OFF = frozenset({"0", "false", "off"})


@dataclass(frozen=True)
class DocxText:
    text: str
    title: str | None = None


class DocxError(ValueError):
    """A Word file whose text cannot be read; the message is the plain reason."""


def read_docx(data: bytes) -> DocxText:
    """Paragraphs and table rows of a .docx as lines; raises `DocxError` saying why not."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE2 container of .doc (and .xls)
        raise DocxError(OLD_DOC)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise DocxError(f"{CORRUPT} ({type(exc).__name__})") from None
    with package:
        main = _main_part(package)
        info = _info(package, main)
        if info is None:
            raise DocxError(f"{CORRUPT} (no {main})")
        if info.file_size > MAX_XML_BYTES:
            raise DocxError(
                f"the Word document's text part inflates to {info.file_size / 2**20:,.0f} MB "
                f"(more than {MAX_XML_BYTES // 2**20} MB: a decompression bomb?), not read"
            )
        try:
            lines = _read_lines(package, info)
        except DocxError:
            raise
        except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise DocxError(f"{CORRUPT} ({type(exc).__name__}: {exc})") from None
        title = _title(package)
    if not lines:
        raise DocxError(EMPTY)
    return DocxText("\n".join(lines), title)


def _info(package: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return package.getinfo(name)
    except KeyError:
        return None


def _main_part(package: zipfile.ZipFile) -> str:
    """The main document part the package's relationships name (else word/document.xml)."""
    info = _info(package, "_rels/.rels")
    if info is not None and info.file_size <= 2**20:
        try:
            root = etree.fromstring(package.read(info), _xml_parser())
        except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, ValueError, OSError):
            root = None
        for rel in root.iter(f"{{{_REL}}}Relationship") if root is not None else ():
            if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT) and rel.get("Target"):
                target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                if _info(package, target) is not None:
                    return target
    return "word/document.xml"


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _read_lines(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[str]:
    """The lines of the body, streamed a top-level block at a time (each freed once read)."""
    lines: list[str] = []
    size = 0
    with package.open(info) as stream:
        events = etree.iterparse(
            stream,
            events=("end",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
        )
        blocks = 0
        for _, element in events:
            parent = element.getparent()
            if parent is None or parent.tag != BODY:
                continue
            blocks += 1
            if blocks > MAX_BLOCKS:
                raise DocxError(
                    f"the Word document has more than {MAX_BLOCKS:,} paragraphs and tables "
                    "(not a report: a generated or bomb file?), not read"
                )
            for line in _block_lines(element):
                line = line.strip()
                if line:
                    lines.append(line)
                    size += len(line) + 1
            if size > MAX_TEXT_CHARS:
                raise DocxError(
                    f"the Word document holds more than {MAX_TEXT_CHARS:,} characters of text "
                    "(not a report: a generated or bomb file?), not read"
                )
            element.clear()
            while element.getprevious() is not None:  # free the blocks already read
                del parent[0]
    return lines


def _block_lines(block: etree._Element) -> Iterator[str]:
    """Lines of one block: a paragraph (then its text boxes), each row of a table (cells
    tab-separated; a table nested in a cell gives its rows after the row that holds it), or
    the blocks inside a content control."""
    if block.tag == P:
        text, boxes = _paragraph(block)
        yield text
        yield from boxes
    elif block.tag == TBL:
        headers: list[str] | None = None
        for number, row in enumerate(block.iterchildren(TR)):
            cells, after = [], []
            for cell in row.iterchildren(TC):
                words = []
                for child in cell.iterchildren():
                    if child.tag == P:
                        text, boxes = _paragraph(child)
                        words.append(text.replace("\t", " "))
                        after.extend(boxes)
                    elif child.tag in (TBL, SDT):
                        after.extend(_block_lines(child))
                cells.append(" ".join(w for w in words if w.strip()).strip())
            if number == 0 and _is_header(cells):
                headers = cells
            elif headers is not None:
                cells = [
                    _under(headers[i] if i < len(headers) else "", c, i)
                    for i, c in enumerate(cells)
                ]
            yield "\t".join(c for c in cells if c)
            yield from after
    elif block.tag == SDT:  # content controls wrap paragraphs and tables
        content = block.find(SDT_CONTENT)
        if content is not None:
            for child in content.iterchildren():
                yield from _block_lines(child)


_YEAR = re.compile(r"(?:19|20)\d{2}\s*(?:年度?|year)?", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def _is_header(cells: list[str]) -> bool:
    """A table's first row names its columns: two cells or more, and no number in them but a
    year ("2023年")."""
    named = [c for c in cells if c]
    return len(named) >= 2 and not any(re.search(r"\d", _YEAR.sub("", c)) for c in named)


@lru_cache(maxsize=1)
def _neutral() -> frozenset[str]:
    from kit.lexicon import load

    words = load("tables")
    return frozenset(w.casefold().replace(" ", "") for w in [*words["zh"], *words["en"]])


def _under(header: str, cell: str, column: int) -> str:
    """A cell read with its column's header in front ("同比" + "上升3.2%"), so that a row reads
    as one clause: the first column is the row's own subject, a header that only names the
    kind of column is left out, and so is one the cell already says."""
    if column == 0 or not header or not cell or not re.search(r"\d", cell):
        return cell
    if header.casefold().replace(" ", "") in _neutral() or header in cell:
        return cell
    if header[-1].isdigit() and cell[0].isdigit():
        joiner = ": "  # "2023" over "3,215": never one number "2023 3,215"
    else:
        joiner = "" if _CJK.search(header[-1]) or _CJK.search(cell[0]) else " "
    return f"{header}{joiner}{cell}"


def _hidden(run: etree._Element) -> bool:
    """True for a run formatted as hidden text (`<w:vanish/>`, not `w:val="0"`)."""
    props = run.find(RPR)
    vanish = props.find(VANISH) if props is not None else None
    return vanish is not None and (vanish.get(_w("val")) or "true").lower() not in _OFF


def _paragraph(paragraph: etree._Element) -> tuple[str, list[str]]:
    """(the paragraph's shown text, the lines of the text boxes anchored in it). Tabs and
    line breaks are kept; hidden, deleted and fallback text is left out."""
    parts: list[str] = []
    boxes: list[str] = []
    stack = list(reversed(paragraph))
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag in (FALLBACK, DEL, MOVE_FROM) or not isinstance(tag, str):
            continue
        if tag == TXBX:  # a text box: its own lines, after the paragraph it is anchored in
            for child in node.iterchildren():
                boxes.extend(line for line in _block_lines(child) if line.strip())
            continue
        if tag == R:
            if _hidden(node):
                continue
            for child in reversed(node):
                stack.append(child)
            continue
        if tag == T:
            parts.append(node.text or "")
        elif tag == TAB:
            parts.append("\t")
        elif tag in (BR, CR):
            parts.append("\n")
        elif tag != RPR:
            stack.extend(reversed(node))
    return "".join(parts).strip(), boxes


def _title(package: zipfile.ZipFile) -> str | None:
    """dc:title from docProps/core.xml, when the package has a sound one."""
    info = _info(package, "docProps/core.xml")
    if info is None or info.file_size > 2**20:
        return None
    try:
        root = etree.fromstring(package.read(info), _xml_parser())
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, ValueError, OSError):
        return None
    found = root.find("{http://purl.org/dc/elements/1.1/}title")
    text = " ".join((found.text or "").split()) if found is not None else ""
    return text or None


__all__: list[str] = []  # everything here serves its own package
