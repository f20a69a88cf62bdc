"""Web page bytes -> the article's text and its source (title, publisher, date, address).

A saved bureau or news page holds far more than its report: navigation, breadcrumbs, a bar with
the date, source and a view counter, sidebars of other headlines (each with figures of its
own), share buttons and footers with ICP numbers, addresses and telephone numbers. Only the
article may become figures. readability-lxml finds the article (chosen by measuring it against
trafilatura and gne on the pages in tests/_pages.py: `python scripts/measure_html.py`); blocks
that are mostly links (related headlines) and the information bar are then dropped, and the
title is put back on the first line, where the metadata reader expects it.

Declared encodings are honoured leniently: the HTTP header, then the page's meta charset, with
gb2312/GBK read as GB18030 (its superset: sites declaring gb2312 use GBK characters such as 喆);
a page whose bytes do not fit its declaration is sniffed, and as a last resort read with
replacement characters rather than refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from kit.load.decode import TextDecodeError, decode_bytes
from kit.load.metadata import find_published

NO_MAIN_TEXT = "no main text found in the page (a list, index or empty page?)"

# names sites declare -> the codec that reads them (supersets: what the bytes really are)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "big5": "big5hkscs"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCKS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "body", "dd", "div", "dl", "dt"),
        *("fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "nav", "ol", "p", "pre", "section", "ul"),
        *("table", "tbody", "thead", "tfoot", "tr"),
    )
)
_CELLS = frozenset({"td", "th"})
_DROP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "select"})
# a block whose text is mostly links is a list of other headlines, not the article
_LINK_DENSITY = 0.5
# the bar under a title: 发布时间：… 来源：… 浏览次数：… 字号：[大 中 小]
_INFO_CUE = re.compile(
    r"(?:发布时间|发布日期|发布|时间|日期|来源|來源|作者|编辑|责任编辑|浏览次数|浏览|点击数|点击|阅读量"
    r"|阅读|访问量|字号|字体|Updated|Published|Source|Views?)\s*[:：]",
    re.IGNORECASE,
)
_SOURCE_CUE = re.compile(r"(?:来源|來源|Source)\s*[:：]\s*([^\s:：|【\[]{2,40})", re.I)
_OWNER = re.compile(r"(?:版权所有|主办单位|主办)\s*[:：]\s*(?:©|&copy;)?\s*([^\s:：|]{2,40})")
_FURNITURE = re.compile(
    r"^(?:【?\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部)\s*】?\s*)+$"
    r"|^(?:当前位置|您当前的位置|您的位置|您现在的位置|当前的位置)\s*[:：]"
    r"|^分享到\s*[:：]"
)
_SENTENCE = re.compile(r"[。！？；.!?;]\s*$")
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|—|–|-)\s*")


@dataclass(frozen=True)
class Page:
    """What a web page yields: the article's text and the source fields it declares."""

    text: str
    encoding: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


class PageError(ValueError):
    """A page without an article; the message is the plain reason."""


def read_html(data: bytes, content_type: str | None = None) -> Page:
    """The article of a saved web page with its source fields; raises `PageError` if none.

    `content_type` is the HTTP header the page was served with (from a fetch manifest), whose
    charset outranks the page's own declaration.
    """
    markup, encoding = decode_html(data, content_type)
    # XHTML starts with <?xml ... encoding="gb2312"?>, which lxml refuses in decoded text
    markup = _XML_DECLARATION.sub("", markup, count=1)
    tree = parse_page(markup)
    meta = _meta(tree)
    title = _title(tree, meta)
    _drop_link_lists(tree)
    lines = _article_lines(tree)
    page_lines = render_lines(tree)
    info = [line for line in page_lines if _is_info(line)]
    body = [line for line in lines if not _is_info(line) and not _FURNITURE.search(line)]
    if title and body and _same(body[0], title):
        body = body[1:]
    if not _has_article(body):
        raise PageError(NO_MAIN_TEXT)
    text = "\n".join([title, *body] if title else body)
    publisher = _first(meta, "og:site_name", "sitename", "application-name", "contentsource")
    published = _published(meta, info)
    if publisher is None:
        found = next((m for line in info if (m := _SOURCE_CUE.search(line))), None)
        found = found or next((m for line in page_lines if (m := _OWNER.search(line))), None)
        publisher = found.group(1) if found else None
    url = next((u for k in ("canonical", "og:url") if _web_address(u := meta.get(k, ""))), None)
    return Page(text, encoding, title, publisher, published, url)


def _parser() -> lxml.html.HTMLParser:
    """libxml2 without its default limits (nesting past 256 levels, a text node, script or
    attribute over 10 MB), which silently drop the rest of the page."""
    return lxml.html.HTMLParser(huge_tree=True)


def parse_page(markup: str) -> lxml.html.HtmlElement:
    """The page's tree; raises `PageError` naming where the page had to be cut when libxml2
    cannot read all of it (nesting deeper than 2,048 levels), rather than reading part of it."""
    parser = _parser()
    try:
        tree = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        raise PageError(NO_MAIN_TEXT) from None
    for error in parser.error_log:
        message = str(error.message)
        if "Excessive depth" in message or "limit exceeded" in message.lower():
            raise PageError(
                f"the page cannot be read past line {error.line}, column {error.column} "
                f"({message.strip().rstrip('.')}): refused rather than cut there"
            )
    return tree


# --- bytes -> markup --------------------------------------------------------------------------


def declared_encoding(data: bytes, content_type: str | None = None) -> str | None:
    """The codec a page declares (HTTP header, else meta charset, else XML declaration), as it
    should be read."""
    found = _HEADER_CHARSET.search(content_type or "")
    name = found.group(1) if found else None
    if name is None:
        meta = _META_CHARSET.search(data[:8192]) or _XML_ENCODING.search(data[:512])
        name = meta.group(1).decode("ascii", "replace") if meta else None
    if name is None:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(codec.replace("_", "").replace("-", ""), _SUPERSETS.get(codec, codec))


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(markup, encoding): a BOM, else the declared charset, else sniffed; never refused."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return decode_bytes(data)
        except TextDecodeError:
            pass  # a byte-order mark on bytes that do not follow it: read as declared below
    declared = declared_encoding(data, content_type)
    if declared is not None and declared != "utf-8" and _plainly_utf8(data):
        # a page declaring iso-8859-1 (or GBK) whose bytes are UTF-8: the declaration is the
        # mistake (read as declared, every character would become two or three of mojibake)
        return data.decode("utf-8"), "utf-8"
    if declared is not None:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the declaration is wrong (sites declare utf-8 and send GBK): sniff
    try:
        return decode_bytes(data)
    except TextDecodeError:
        encoding = declared or "utf-8"
        return data.decode(encoding, errors="replace"), encoding


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _plainly_utf8(data: bytes) -> bool:
    """True when the bytes are valid UTF-8 holding several multi-byte characters: text in
    another encoding almost never is (a declared charset that disagrees is wrong)."""
    if len(_UTF8_MULTIBYTE.findall(data[:65536])) < 3:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- the article ------------------------------------------------------------------------------


def _article_lines(tree: lxml.html.HtmlElement) -> list[str]:
    import copy

    from readability import Document as Readable

    try:  # readability gets the tree read without limits (it would parse markup with them)
        summary = Readable(copy.deepcopy(tree)).summary(html_partial=True)
        root = lxml.html.fragment_fromstring(summary, create_parent="div", parser=_parser())
    except Exception:  # readability raises bare Exceptions on pages it cannot parse
        return []
    return render_lines(root)


def _drop_link_lists(root: lxml.html.HtmlElement) -> None:
    """Remove blocks that are mostly link text, innermost first, so that an article's own
    container (whose text outweighs its links once the headline lists are gone) stays."""
    for element in reversed(list(root.iter())):
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS | _CELLS:
            continue
        if element.tag in ("body", "html"):
            continue
        if element.getparent() is None:
            continue
        text = _squash(element.text_content())
        if not text:
            continue
        linked = sum(len(_squash(a.text_content())) for a in element.iter("a"))
        if linked and linked / len(text) > _LINK_DENSITY:
            element.drop_tree()


def render_lines(root: lxml.html.HtmlElement) -> list[str]:
    """Text of an element as lines: one a block or a line break, table cells tab-separated."""
    parts: list[str] = []
    # iterative, with a stack of (node, entering): a page nests thousands of levels deep
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if not entering:
            if tag in _CELLS:
                parts.append("\t")
            elif tag in _BLOCKS:
                parts.append("\n")
            if node.tail:
                parts.append(node.tail)
            continue
        if tag in _DROP:
            if node.tail:
                parts.append(node.tail)
            continue
        if tag in _BLOCKS or tag == "br":
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        stack.append((node, False))
        stack.extend((child, True) for child in reversed(node))
    lines = []
    for raw in "".join(parts).split("\n"):
        cells = [_squash(c) for c in raw.split("\t")]
        line = "\t".join(c for c in cells if c)
        if line:
            lines.append(line)
    return lines


def _squash(text: str) -> str:
    return " ".join(text.split())


def _is_info(line: str) -> bool:
    return len(_INFO_CUE.findall(line)) >= 2 and not _SENTENCE.search(line)


def _has_article(body: list[str]) -> bool:
    """At least one real sentence (not a headline), or a long run of text."""
    sentences = [line for line in body if _SENTENCE.search(line) and len(line) >= 20]
    return bool(sentences) or sum(map(len, body)) >= 400


def _same(a: str, b: str) -> bool:
    return _squash(a).casefold() == _squash(b).casefold()


# --- metadata ---------------------------------------------------------------------------------


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """name/property -> content of the page's meta tags (lower-cased keys), canonical link."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        value = _squash(element.get("content") or "")
        if key and value:
            found.setdefault(key.strip().lower(), value)
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            found.setdefault("canonical", link.get("href", "").strip())
    return found


def _web_address(url: str) -> bool:
    """An address a citation may link to: http(s) only (never `javascript:` or `data:`)."""
    return url.strip().lower().startswith(("http://", "https://"))


def _first(meta: dict[str, str], *keys: str) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def _title(tree: lxml.html.HtmlElement, meta: dict[str, str]) -> str | None:
    declared = _first(meta, "og:title", "articletitle", "title")
    if declared:
        return declared
    headings = [_squash(h.text_content()) for h in tree.iter("h1")]
    headings = [h for h in headings if h]
    if len(headings) == 1:
        return headings[0]
    page_title = tree.find(".//title")
    if page_title is None:
        return None
    text = _squash(page_title.text_content())
    # "Headline_Site name": the longest part is the headline
    parts = [p for p in _TITLE_SEPARATORS.split(text) if p]
    return max(parts, key=len) if parts else None


def _published(meta: dict[str, str], info: list[str]) -> str | None:
    keys = (
        "article:published_time",
        "pubdate",
        "publishdate",
        "og:release_date",
        "datepublished",
        "firstpublishedtime",
    )
    for key in keys:
        if meta.get(key):
            iso = find_published([meta[key][:10]])
            if iso:
                return iso
    return find_published(info) if info else None


__all__: list[str] = []  # everything here serves its own package
