"""Hostile files made on the spot: decompression bombs in PDF and Word form, and a Word file of
very many paragraphs. Each is small on disk and deterministic; sizes are parameters so that a
test can use a small one and `bench/bombs.py` the issue's 1 MB ones."""

from __future__ import annotations

import io
import zipfile
import zlib

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_MAIN_TYPE}"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _deflated(pattern: bytes, total: int, layers: int = 1) -> bytes:
    """`total` bytes of `pattern` repeated, compressed `layers` times, made a MB at a time."""
    block = (pattern * (2**20 // len(pattern) + 1))[: 2**20]
    data = b""
    packer = zlib.compressobj(9)
    parts = [packer.compress(block) for _ in range(total // 2**20)]
    parts.append(packer.flush())
    data = b"".join(parts)
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    return data


def pdf_bomb(inflated: int = 1 << 30, layers: int = 1) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated` bytes of spaces."""
    stream = _deflated(b" ", inflated, layers)
    filters = " ".join(["/FlateDecode"] * layers)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter [%s] >>\nstream\n" % (len(stream), filters.encode())
        + stream
        + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_package(document_xml: bytes, *, extra: dict | None = None) -> bytes:
    """A .docx holding `document_xml` as its main part, and any `extra` parts by name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        for name, text in (extra or {}).items():
            package.writestr(name, text)
        package.writestr("word/document.xml", document_xml)
    return out.getvalue()


def body_xml(body: str) -> bytes:
    """A main part around `body` (WordprocessingML, with the mc and wps namespaces)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"'
        f"><w:body>{body}</w:body></w:document>"
    ).encode()


def docx_bomb(inflated: int = 1 << 30) -> bytes:
    """A .docx whose main part inflates to `inflated` bytes (one paragraph, then spaces)."""
    head = body_xml("<w:p><w:r><w:t>破获刑事案件12起。</w:t></w:r></w:p>").split(b"</w:body>")[0]
    spaces = inflated - len(head)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head)
            block = b" " * 2**20
            for _ in range(spaces // 2**20):
                part.write(block)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def many_paragraphs(count: int) -> bytes:
    """A small .docx of `count` one-word paragraphs (a million compress to about 100 KB)."""
    return docx_package(body_xml("<w:p><w:r><w:t>x</w:t></w:r></w:p>" * count))
