"""Reports as they come: web pages, PDF and Word files, each figure citing its source.

The pages are in tests/_pages.py (bureau and news sites with their navigation, sidebars of
other headlines, info bars, footers); PDFs and .docx files are made here.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from _pages import INDEX_PAGE, PAGES, Page

from kit.api import documents_frame
from kit.cli import main
from kit.figures import extract
from kit.load.corpus import load_corpus, load_document
from kit.load.html import declared_encoding, decode_html
from kit.load.manifest import append
from kit.load.metadata import infer_metadata
from kit.load.source import file_digest
from kit.schema import Document

PAGE = {p.name: p for p in PAGES}


def _save(folder: Path, page: Page) -> Path:
    path = folder / page.name
    path.write_bytes(page.data())
    return path


def _article_figures(page: Page) -> list[str]:
    """The figures of the article alone, as plain text: what the page must give."""
    doc = Document(doc_id="article.txt", text=page.article, **infer_metadata(page.article))
    return [m.text for m in extract(doc)]


# --- web pages ---------------------------------------------------------------------------------


def test_gbk_page_declared_gb2312_gives_exactly_the_article_figures_with_its_url(tmp_path):
    page = PAGE["xining_gb2312.html"]
    data = page.data()
    assert b'charset=gb2312"' in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # 喆 is GBK, not GB2312: a strict reading would fail
    doc = load_document(_save(tmp_path, page))
    assert doc.encoding == "gb18030" and "民警王喆" in doc.text
    figures = extract(doc)
    # nav, the 热点新闻 sidebar (120起, 560万元, 86场, 3.5万人次, 1,024起, 460起, 97.5%), the
    # view counter 3456, visitor number, ICP/公安备案 numbers and 0971 telephones are not figures
    assert [m.text for m in figures] == [
        "3,215",
        "12.6%",
        "2108",
        "1286",
        "4.3亿",
        "1.2万",
        "98.6%",
        "15.3%",
    ]
    assert [m.value for m in figures] == [3215, 12.6, 2108, 1286, 4.3e8, 12000, 98.6, 15.3]
    assert {m.url for m in figures} == {"http://gaj.xining.gov.cn/jwdt/202401/t20240105_123.html"}
    assert {m.page for m in figures} == {None}
    assert all(doc.text[m.start : m.end] == m.text for m in figures)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_page_gives_the_figures_of_its_article_and_no_others(tmp_path, page):
    doc = load_document(_save(tmp_path, page))
    figures = extract(doc)
    assert [m.text for m in figures] == _article_figures(page)
    assert figures, "each page's article states figures"
    assert {m.url for m in figures} == {page.url}


@pytest.mark.parametrize(
    ("name", "title", "publisher", "published", "language"),
    [
        (
            "xining_gb2312.html",
            "2023年西宁公安交出平安建设成绩单",
            "西宁市公安局",
            "2024-01-05",
            "zh",
        ),
        (
            "shenzhen_news.html",
            "春节假期深圳警方守护平安 全市刑事警情同比下降21.4%",
            "深圳新闻网",
            "2024-02-18",
            "zh",
        ),
        # no meta tags: the info bar's date and the footer's 版权所有
        (
            "xihu_portal.htm",
            "西湖区分局2024年春节假期平安工作综述",
            "杭州市公安局西湖区分局",
            "2024-02-19",
            "zh",
        ),
        (
            "xining_en.html",
            "Xining police solved 3,215 criminal cases in 2023",
            "China Daily",
            "2024-01-06",
            "en",
        ),
        (
            "sichuan_trs.html",
            "四川省公安厅发布2023年全省公安工作主要数据",
            "四川省公安厅",
            "2024-01-12",
            "zh",
        ),
        # the info bar's 来源 when the page names no site
        (
            "xining_notice.html",
            "西宁市公安局关于元旦假期交通安全情况的通报",
            "西宁市公安局交通警察支队",
            "2024-01-02",
            "zh",
        ),
    ],
)
def test_page_source_fields(tmp_path, name, title, publisher, published, language):
    doc = load_document(_save(tmp_path, PAGE[name]))
    assert (doc.title, doc.publisher, doc.published, doc.language) == (
        title,
        publisher,
        published,
        language,
    )
    assert doc.text.splitlines()[0] == title


@pytest.mark.parametrize("name", ["saved_page.txt", "fetched.bin", "no_suffix"])
def test_a_page_saved_under_another_name_is_still_read_as_a_page(tmp_path, name):
    page = PAGE["xining_gb2312.html"]
    path = tmp_path / name
    path.write_bytes(page.data())
    doc = load_document(path)
    assert "<" not in doc.text and doc.text.splitlines()[0] == page.article.splitlines()[0]
    assert [m.text for m in extract(doc)] == _article_figures(page)


def test_page_without_main_text_is_named_and_the_rest_still_load(tmp_path):
    _save(tmp_path, INDEX_PAGE)
    _save(tmp_path, PAGE["xining_notice.html"])
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["xining_notice.html"]
    [error] = corpus.errors
    assert error.path.endswith("index.html") and "no main text" in error.reason


@pytest.mark.parametrize(
    ("content_type", "head", "expected"),
    [
        (None, b'<meta charset="gb2312">', "gb18030"),
        (None, b'<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gb18030"),
        ("text/html; charset=GB2312", b"", "gb18030"),
        ("text/html; charset=utf-8", b'<meta charset="gbk">', "utf-8"),  # the header wins
        (None, b'<meta charset="big5">', "big5hkscs"),
        (None, b'<meta charset="no-such-codec">', None),
        (None, b'<?xml version="1.0" encoding="GB2312"?>\n<html>', "gb18030"),
        (None, b"<html><head><title>x</title>", None),
    ],
)
def test_declared_encoding(content_type, head, expected):
    assert declared_encoding(head, content_type) == expected


def test_page_declared_utf8_but_sent_as_gbk_is_sniffed():
    html = '<meta charset="utf-8"><p>全年共破获刑事案件3215起，抓获犯罪嫌疑人2108名。</p>'
    markup, encoding = decode_html(html.encode("gbk"))
    assert encoding == "gb18030" and "3215起" in markup


def test_xhtml_page_with_an_xml_declaration_is_read(tmp_path):
    html = (
        '<?xml version="1.0" encoding="gb2312"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>通报</title></head><body>'
        "<p>全市共破获刑事案件3215起，同比上升12.6%，抓获犯罪嫌疑人2108名。</p></body></html>"
    )
    path = tmp_path / "page.xhtml"
    path.write_bytes(html.encode("gbk"))
    doc = load_document(path)
    assert doc.encoding == "gb18030"
    assert [m.text for m in extract(doc)] == ["3215", "12.6%", "2108"]


def test_page_markup_in_the_article_is_text_not_code(tmp_path):
    html = (
        "<html><head><meta charset='utf-8'><title>通报</title></head><body><div>"
        "<p>全市共破获刑事案件3215起，同比上升12.6%，抓获犯罪嫌疑人2108名。</p>"
        "<script>var views = 98765;</script><style>p {width: 640px}</style>"
        "<p>破获电信网络诈骗案件1286起&#xff0c;止付冻结资金4.3亿元&lt;初步统计&gt;。</p>"
        "</div></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = load_document(path)
    assert "98765" not in doc.text and "640" not in doc.text
    assert "1286起，止付冻结资金4.3亿元<初步统计>。" in doc.text
    assert [m.text for m in extract(doc)] == ["3215", "12.6%", "2108", "1286", "4.3亿"]


# --- PDF --------------------------------------------------------------------------------------

EN_PAGE = (
    "Xining police solved 3,215 criminal cases in 2023, up 12.6 percent year-on-year, and "
    "arrested 2,108 suspects. A total of 12,000 disputes were mediated, with a resolution rate "
    "of 98.6 percent."
)
ZH_PAGE = (
    "2023年，西宁市公安局全年共破获刑事案件3,215起，同比上升12.6%；抓获犯罪嫌疑人2108名。"
    "全市公安机关破获电信网络诈骗案件1286起，止付冻结涉案资金4.3亿元。"
    "全市排查化解矛盾纠纷1.2万起，化解率达98.6%。"
)


@pytest.fixture(scope="module")
def cjk_font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TrueType font with every Chinese character of this module, built from the kit's own."""
    from _cjk_font import cjk_truetype

    from kit.publish.webfont import cjk_characters

    out = tmp_path_factory.mktemp("font") / "cjk.ttf"
    font = cjk_truetype(cjk_characters(Path(__file__).read_text(encoding="utf-8")), out)
    if font is None:
        pytest.skip("the kit's CJK font (package noto-cjk-sans-otc) is not installed")
    return font


def _pdf(pages: list[tuple[str, str]], font: Path | None = None, **encryption: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if font is not None:
        pdf.add_font("zh", fname=str(font))
    for language, text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica" if language == "en" else "zh", size=11)
        pdf.multi_cell(0, 6, text)
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


def test_two_page_pdf_gives_every_figure_with_its_page(tmp_path, capsys, cjk_font):
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf([("en", EN_PAGE), ("zh", ZH_PAGE)], cjk_font))
    doc = load_document(path)
    assert doc.page_starts is not None and len(doc.page_starts) == 2
    figures = extract(doc)
    by_page = {
        page: [m.text for m in figures if m.page == page] for page in {m.page for m in figures}
    }
    assert by_page == {
        1: ["3,215", "12.6 percent", "2,108", "12,000", "98.6 percent"],
        # the page's lines break inside "98.6%"; the wrapped line is joined again
        2: ["3,215", "12.6%", "2108", "1286", "4.3亿", "1.2万", "98.6%"],
    }
    assert all(doc.text[m.start : m.end] == m.text for m in figures)
    # and the JSONL of `kit extract` carries each figure's page
    assert main(["extract", str(path), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["text"], r["page"]) for r in rows] == [(m.text, m.page) for m in figures]


def test_pdf_lines_are_joined_into_paragraphs_with_spaces_in_english(tmp_path):
    path = tmp_path / "en.pdf"
    path.write_bytes(_pdf([("en", EN_PAGE + "\n" + "Second paragraph: 36 hikers rescued.")]))
    doc = load_document(path)
    assert doc.text.splitlines() == [EN_PAGE, "Second paragraph: 36 hikers rescued."]
    assert doc.page_starts == (0,)
    assert {m.page for m in extract(doc)} == {1}


@pytest.mark.parametrize("number", ["- {n} -", "第 {n} 页 共 3 页", "Page {n} of 3", "{n}"])
def test_pdf_page_numbers_are_not_figures(tmp_path, number, cjk_font):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("zh", fname=str(cjk_font))
    pdf.set_font("zh", size=11)
    pdf.set_auto_page_break(auto=False)
    texts = ["全市破获刑事案件3,215起。", "抓获犯罪嫌疑人2108名。", "化解矛盾纠纷1.2万起。"]
    for n, text in enumerate(texts, 1):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
        pdf.set_y(-20)
        pdf.cell(0, 8, number.format(n=n), align="C")
    path = tmp_path / "numbered.pdf"
    path.write_bytes(bytes(pdf.output()))
    figures = extract(load_document(path))
    assert [(m.text, m.page) for m in figures] == [("3,215", 1), ("2108", 2), ("1.2万", 3)]


def _scanned_pdf() -> bytes:
    from fpdf import FPDF
    from PIL import Image

    image = Image.new("RGB", (300, 120), "white")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=120)
    return bytes(pdf.output())


def test_unreadable_pdfs_are_named_with_the_reason_and_the_rest_still_load(tmp_path):
    en = [("en", EN_PAGE)]
    (tmp_path / "scanned.pdf").write_bytes(_scanned_pdf())
    (tmp_path / "locked.pdf").write_bytes(_pdf(en, owner_password="o", user_password="secret"))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nnot really a pdf")
    # an owner password alone (no password to open it) does not stop reading
    (tmp_path / "restricted.pdf").write_bytes(_pdf(en, owner_password="o"))
    (tmp_path / "notes.txt").write_text("破获电信网络诈骗案件1286起。", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["notes.txt", "restricted.pdf"]
    reasons = {Path(e.path).name: e.reason for e in corpus.errors}
    assert reasons["scanned.pdf"].startswith("no text layer: scanned image?")
    assert reasons["locked.pdf"].startswith("encrypted PDF")
    assert reasons["broken.pdf"].startswith("not a readable PDF")
    assert len(reasons) == 3
    assert "2,108" in corpus.documents[1].text


# --- Word ---------------------------------------------------------------------------------------


def _docx(paragraphs: list[str], rows: list[list[str]]) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "2023年西宁市公安工作总结"
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("全市排查化解矛盾纠纷1.2万起，化解率达98.6%。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_gives_the_figures_of_paragraphs_and_table_cells(tmp_path):
    path = tmp_path / "summary.docx"
    path.write_bytes(
        _docx(
            ["2023年西宁市公安工作总结", "全年共破获刑事案件3,215起，同比上升12.6%。"],
            [
                ["项目", "数量", "同比"],
                ["破获电信网络诈骗案件", "1286起", "上升3.2%"],
                ["抓获犯罪嫌疑人", "2108名", "下降4.7%"],
            ],
        )
    )
    doc = load_document(path)
    assert doc.title == "2023年西宁市公安工作总结" and doc.encoding == "docx"
    assert "破获电信网络诈骗案件\t1286起\t同比上升3.2%" in doc.text.splitlines()  # "同比" above
    figures = extract(doc)
    assert [m.text for m in figures] == [
        "3,215",
        "12.6%",
        "1286",
        "3.2%",
        "2108",
        "4.7%",
        "1.2万",
        "98.6%",
    ]
    assert {m.page for m in figures} == {None}


# a Word table's rows, each read as one clause under its column headers (issue 22)
WORD_TABLES = [
    pytest.param(
        [["单位", "破获刑事案件", "同比"], ["城北分局", "205起", "增长7.3%"]],
        "城北分局\t破获刑事案件205起\t同比增长7.3%",
        [("205", False, None, None), ("7.3%", True, "up", "yoy")],
        id="header gives the subject and the baseline",
    ),
    pytest.param(
        [["项目", "数量", "同比"], ["抓获犯罪嫌疑人", "2108名", "下降4.7%"]],
        "抓获犯罪嫌疑人\t2108名\t同比下降4.7%",
        [("2108", False, None, None), ("4.7%", True, "down", "yoy")],
        id="a header naming only the kind of column is left out",
    ),
    pytest.param(
        [["项目", "2023年", "同比"], ["破获刑事案件", "205起", "+7.3%"]],
        "破获刑事案件\t2023年205起\t同比+7.3%",
        None,  # the sign is the number reader's to read; the change keeps its "同比" here
        id="a signed change keeps its sign and its baseline word",
    ),
    pytest.param(
        [["Item", "2023", "Year-on-year"], ["Criminal cases solved", "3,215", "up 12.6%"]],
        "Criminal cases solved\t2023: 3,215\tYear-on-year up 12.6%",
        [("12.6%", True, "up", "yoy")],
        id="English headers",
    ),
    pytest.param(
        [["破获刑事案件", "205起", "上升7.3%"], ["抓获犯罪嫌疑人", "2108名", "下降4.7%"]],
        "破获刑事案件\t205起\t上升7.3%",
        [
            *[("205", False, None, None), ("7.3%", True, "up", None)],
            *[("2108", False, None, None), ("4.7%", True, "down", None)],
        ],
        id="no header row: cells as they are",
    ),
]


@pytest.mark.parametrize(("rows", "line", "figures"), WORD_TABLES)
def test_a_word_table_row_reads_as_one_clause(tmp_path, rows, line, figures):
    path = tmp_path / "table.docx"
    path.write_bytes(_docx([], rows))
    doc = load_document(path)
    assert line in doc.text.splitlines()
    if figures is not None:
        found = {m.text: (m.text, m.change, m.direction, m.baseline) for m in extract(doc)}
        assert [found.get(f[0]) for f in figures] == figures


def test_a_mixed_language_word_file_labels_each_figure_by_its_paragraph(tmp_path):
    """Issue 22: a Chinese summary with an English paragraph is not all one language."""
    path = tmp_path / "mixed.docx"
    path.write_bytes(
        _docx(
            [
                "2023年全市公安工作总结",
                "全年共破获刑事案件3,215起，同比上升12.6%。",
                "全市公安机关深入推进平安建设，社会治安大局持续稳定，群众安全感不断提升。",
                "English summary: police solved 1,286 fraud cases in 2023, up 4.7% year-on-year.",
            ],
            [["项目", "说明"]],
        )
    )
    doc = load_document(path)  # _docx ends with a Chinese paragraph: 1.2万起, 98.6%
    language = {m.text: m.language for m in extract(doc)}
    assert doc.language == "zh"
    assert language["3,215"] == language["98.6%"] == "zh", language
    assert language["1,286"] == language["4.7%"] == "en", language


def test_corrupt_and_old_word_files_are_named_and_the_rest_still_load(tmp_path):
    good = _docx(["全年共破获刑事案件3,215起。"], [["项目", "1286起"]])
    (tmp_path / "good.docx").write_bytes(good)
    (tmp_path / "truncated.docx").write_bytes(good[: len(good) // 2])
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:  # a zip, but not a Word document
        z.writestr("hello.txt", "hello")
    (tmp_path / "zip.docx").write_bytes(archive.getvalue())
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["good.docx"]
    reasons = {Path(e.path).name: e.reason for e in corpus.errors}
    assert reasons["truncated.docx"].startswith("corrupt .docx")
    assert reasons["zip.docx"].startswith("corrupt .docx")
    assert reasons["old.doc"].startswith("Word 97-2003 .doc")


# --- source fields in the frames and the command line ------------------------------------------


def test_documents_frame_and_kit_docs_show_title_publisher_published_url(tmp_path, capsys):
    _save(tmp_path, PAGE["xining_gb2312.html"])
    _save(tmp_path, PAGE["xining_en.html"])
    frame = documents_frame(load_corpus(tmp_path), cache=False)
    columns = ["doc_id", "title", "publisher", "published", "url"]
    assert frame[columns].values.tolist() == [
        [
            "xining_en.html",
            "Xining police solved 3,215 criminal cases in 2023",
            "China Daily",
            "2024-01-06",
            PAGE["xining_en.html"].url,
        ],
        [
            "xining_gb2312.html",
            "2023年西宁公安交出平安建设成绩单",
            "西宁市公安局",
            "2024-01-05",
            PAGE["xining_gb2312.html"].url,
        ],
    ]
    assert main(["docs", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == [
        *("doc_id", "language", "region", "region_level", "province", "year", "period"),
        *("period_start", "period_end", "published", "url", "publisher", "title"),
        *("path", "encoding", "region_note", "figures"),
    ]
    row = out[2].split()
    assert row[:13] == [
        *("xining_gb2312.html", "zh", "Xining", "city", "Qinghai", "2023", "annual", "-", "-"),
        *("2024-01-05", PAGE["xining_gb2312.html"].url, "西宁市公安局"),
        "2023年西宁公安交出平安建设成绩单",
    ]
    assert row[-1] == "8"
    # columns line up on screen, Chinese characters taking two columns
    from kit.terminal import _width

    assert _width(out[2][: out[2].rindex("8")]) == _width(out[0][: out[0].index("figures")])


def test_kit_docs_prints_a_hostile_title_as_plain_text(tmp_path, capsys):
    html = (
        "<html><head><meta charset='utf-8'><title>x</title>"
        '<meta property="og:title" content="Report&#x1b;[31m red&#7;">'
        "</head><body><p>Police solved 3,215 criminal cases in 2023, up 12.6 percent.</p>"
        "</body></html>"
    )
    (tmp_path / "hostile.html").write_text(html, encoding="utf-8")
    assert main(["docs", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "Report [31m red" in out


def test_a_file_cites_the_address_its_manifest_gives(tmp_path):
    page = PAGE["xihu_portal.htm"]  # declares no address of its own
    path = _save(tmp_path, page)
    assert load_document(path).url is None
    append(
        tmp_path,
        {"url": "http://xh.example/a", "final_url": "http://xh.example/b", "file": page.name},
    )
    doc = load_document(path)
    assert doc.url == "http://xh.example/b"
    assert {m.url for m in extract(doc)} == {"http://xh.example/b"}
    assert [d.doc_id for d in load_corpus(tmp_path).documents] == [page.name]  # not the manifest


def test_same_bytes_from_two_addresses_have_two_cache_keys(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, url in ((a, "http://one.example/r"), (b, "http://two.example/r")):
        folder.mkdir()
        _save(folder, PAGE["xihu_portal.htm"])
        append(folder, {"url": url, "file": "xihu_portal.htm"})
    data = PAGE["xihu_portal.htm"].data()
    keys = {file_digest(f / "xihu_portal.htm", data) for f in (a, b)}
    assert len(keys) == 2
    from kit.api import metrics_frame

    for folder, url in ((a, "http://one.example/r"), (b, "http://two.example/r")):
        frame = metrics_frame(str(folder), cache=tmp_path / "cache")
        assert set(frame["url"]) == {url}
