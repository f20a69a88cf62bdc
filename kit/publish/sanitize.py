"""What a briefing's reader sees of an executed notebook, and nothing more: no widget state, no
stderr, no parameter cells, no markup from documents, nothing fetched from the network.

Outputs other than the explorer's fragments (pandas Stylers, Markdown, HTML displayed) may carry
document text unescaped: a Styler does not escape cell text, and reports are untrusted web
scrapes. Those outputs pass through an allowlist (`sanitize_html`). A fragment is found by its
MIME type (`kit.present.mode.FRAGMENT_MIME`), the kit's own escaped HTML: it skips the sanitiser.
"""

from __future__ import annotations

import re
from typing import Any

import nbformat

from kit.present.mode import FRAGMENT_MIME

_WIDGET_MIME = re.compile(r"^application/vnd\.jupyter\.widget")
_EXTERNAL = r"""(?:https?:)?//"""  # http://, https:// and protocol-relative //host
_SCRIPT_SRC = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?" + _EXTERNAL + r"[^>]*>.*?</script\s*>", re.I | re.S
)
_LINK_HREF = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?" + _EXTERNAL + r"[^>]*>", re.I)
_SRC_ATTR = re.compile(
    r"""\s(?:src|srcset|poster|data)\s*=\s*(?:(["'])\s*"""
    + _EXTERNAL
    + r""".*?\1|"""
    + _EXTERNAL
    + r"""[^\s>]*)""",
    re.I | re.S,
)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*[\"']?" + _EXTERNAL + r"[^;]*;", re.I)
#: a start tag with its attributes (quoted values may hold ">"); text between tags is escaped
_START_TAG = re.compile(
    r"""<[a-zA-Z][\w:-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?)*\s*/?>"""
)
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.I | re.S)
_STYLE_ATTR = re.compile(r"""(\sstyle\s*=\s*")([^"]*)(")""", re.I)
_CSS_COMMENT_URL = re.compile(r"/\*(?:(?!\*/).)*?https?://.*?\*/", re.S)
_CSS_URL = re.compile(r"url\(\s*[\"']?" + _EXTERNAL + r"[^)]*\)", re.I)


_HIDDEN_TAGS = {"parameters", "injected-parameters", "remove-cell", "remove_cell"}


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What a reader should see: no widget state, stderr, parameter cells or empty code cells,
    and no markup from documents (see `sanitize_html`)."""
    nb = nbformat.from_dict(nb)  # a copy
    nb.metadata.pop("widgets", None)
    cells = []
    for cell in nb.cells:
        if _HIDDEN_TAGS & set(cell_tags(cell)):
            continue
        if cell.cell_type == "code":
            outputs = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    continue
                data = output.get("data")
                if data is not None:
                    _sanitize_data(data)
                    widget = any(_WIDGET_MIME.match(k) for k in data)
                    for key in [k for k in data if _WIDGET_MIME.match(k)]:
                        del data[key]
                    for key in [k for k in output.get("metadata", {}) if _WIDGET_MIME.match(k)]:
                        del output["metadata"][key]
                    if widget and set(data) <= {"text/plain"}:
                        continue  # only "VBox(children=...)" would be left
                outputs.append(output)
            cell.outputs = outputs
            if not outputs:
                continue
        cells.append(cell)
    nb.cells = cells
    return nb


_SAFE_TAGS = frozenset(
    {"p", "div", "span", "br", "hr", "pre", "blockquote", "details", "summary", "figure"}
    | {"figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"}
    | {"a", "abbr", "b", "i", "u", "s", "q", "em", "strong", "small", "mark", "code", "kbd"}
    | {"samp", "sub", "sup", "del", "ins", "wbr", "img", "style", "table", "caption"}
    | {"colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"}
)
_SAFE_ATTRS = frozenset(
    {"class", "id", "title", "style", "lang", "dir", "align", "border", "colspan", "rowspan"}
    | {"scope"}
)
_SAFE_SCHEMES = {"http", "https", "mailto"}
#: CSS properties kept in style attributes (pandas Stylers colour, align and border cells)
_SAFE_CSS = frozenset(
    {"color", "background", "background-color", "text-align", "vertical-align", "font-weight"}
    | {"font-style", "font-size", "font-family", "text-decoration", "white-space", "width"}
    | {"min-width", "max-width", "height", "border", "border-top", "border-bottom"}
    | {"border-left", "border-right", "border-collapse", "border-color", "padding"}
    | {"padding-left", "padding-right", "padding-top", "padding-bottom", "margin"}
    | {"margin-left", "margin-right", "margin-top", "margin-bottom", "line-height", "opacity"}
)
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)


def _allowed_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: images only from data: URLs; everything else as allowlisted."""
    if tag == "img" and name == "src":
        return value if value.strip().lower().startswith("data:image/") else None
    return value


def sanitize_html(text: str) -> str:
    """Keep tables, text markup, inline styles and data: images; drop every other tag and
    anything fetched from the network: the result is final, exported as it is.

    nh3 (the Rust `ammonia` sanitizer) parses the fragment as a browser would and keeps only
    allowlisted tags, attributes, URL schemes and CSS properties; `<script>` and its text are
    dropped. `<style>` elements (pandas Stylers) are taken out first, cleaned as CSS (nothing
    fetched, nothing that could end the element) and put back.
    """
    import nh3

    styles: list[str] = []

    def keep_style(match: re.Match[str]) -> str:
        styles.append(match.group(1))
        return f" kitstyle{len(styles) - 1}kit "

    body = nh3.clean(
        _STYLE_ELEMENT.sub(keep_style, text),
        tags=set(_SAFE_TAGS - {"style"}),
        attributes={
            "*": set(_SAFE_ATTRS),
            "a": {"href"},
            "img": {"src", "alt", "width", "height"},
        },
        attribute_filter=_allowed_attribute,
        url_schemes=_SAFE_SCHEMES | {"data"},
        strip_comments=True,
        link_rel="noopener noreferrer",
        filter_style_properties=set(_SAFE_CSS),
    )
    for i, css in enumerate(styles):
        safe = _clean_css(_table_css(css)).replace("<", "\\3c ").replace(">", "\\3e ")
        body = body.replace(f" kitstyle{i}kit ", f'<style type="text/css">{safe}</style>', 1)
    return strip_external(body)  # CSS urls an allowed property may still name


def _table_css(css: str) -> str:
    """Only the rules a pandas Styler writes for its own table (`#T_<id> ...` selectors): a
    `<style>` that came from document text (a file name like `<style>body{display:none}`) must
    not restyle the page."""
    import tinycss2

    kept = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue  # @import, @font-face, errors
        selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
        if all(s.startswith("#T_") for s in selectors):
            kept.append(tinycss2.serialize([rule]))
    return "\n".join(kept)


def _sanitize_data(data: dict[str, Any]) -> None:
    """Sanitize the HTML and Markdown of one output in place; drop script outputs. An explorer
    fragment (its own MIME type) keeps only that key and text/plain: its text/html copy is the
    same fragment, which the export takes from the fragment's key."""
    if FRAGMENT_MIME in data:
        for key in [k for k in data if k not in (FRAGMENT_MIME, "text/plain")]:
            del data[key]
        return
    for key in list(data):
        value = data[key]
        text = "".join(value) if isinstance(value, list) else value
        if key in ("application/javascript", "text/javascript"):
            del data[key]
            continue
        if key in ("text/html", "text/markdown") and isinstance(text, str):
            data[key] = sanitize_html(text)


def strip_external(page: str) -> str:
    """Drop anything that would be fetched from the network: a safety net behind the template.

    Removes external `<script src>` and `<link href>` elements and external `src`/`srcset`/
    `poster`/`data` attributes; inside `<style>` elements and `style` attributes, CSS
    `@import`/`url(http…)` and comments citing URLs (so a search for "http" finds only what
    matters). Text (always escaped) is never touched; links a reader may click stay.
    """
    page = _SCRIPT_SRC.sub("", page)
    page = _LINK_HREF.sub("", page)
    page = _STYLE_BLOCK.sub(lambda m: m.group(1) + _clean_css(m.group(2)) + m.group(3), page)
    # attributes only inside a start tag: a document's text (escaped, so never a tag) that reads
    # "src=http://…" or 'style="url(http://…)"' is what the report says and stays as it is
    return _START_TAG.sub(_clean_tag, page)


def _clean_tag(tag: re.Match[str]) -> str:
    cleaned = _SRC_ATTR.sub("", tag.group(0))
    return _STYLE_ATTR.sub(lambda m: m.group(1) + _clean_css(m.group(2)) + m.group(3), cleaned)


def _clean_css(css: str) -> str:
    css = _CSS_COMMENT_URL.sub("", css)  # JupyterLab's CSS cites web pages in comments
    css = _CSS_IMPORT.sub("", css)
    return _CSS_URL.sub("url()", css)


def cell_tags(cell: Any) -> list[str]:
    """The tags of a notebook cell (`parameters`, `remove-cell`...)."""
    return list(cell.get("metadata", {}).get("tags", []))


__all__: list[str] = []  # everything here serves its own package
