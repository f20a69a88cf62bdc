"""An executed, cleaned notebook as one self-contained HTML page, and the index of the pages.

nbconvert lays out the page (JupyterLab's look, no code, no prompts); the explorer's fragments
and the outputs the sanitiser already cleaned are set aside first and put back into the finished
page as they are, so nbconvert's own pass over the page (BeautifulSoup) never parses them again.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from kit._version import __version__
from kit.assets import asset, render, template_dir
from kit.load.corpus import load_corpus
from kit.present.mode import FRAGMENT_MIME
from kit.publish import webfont
from kit.publish.sanitize import clean_notebook, strip_external

#: corpus files named in each briefing's header (all of them are listed in index.html)
HEADER_FILES = 12


@dataclass
class BuildInfo:
    """What every page states: the corpus, the build date, the kit version."""

    files: list[str]
    label: str  # "bundled seeds" or the paths given
    regions: list[str] | None
    built: str
    version: str

    @classmethod
    def collect(cls, corpus: list[str] | None, regions: Sequence[str] | None) -> BuildInfo:
        loaded = load_corpus(corpus)
        files = [d.doc_id for d in loaded.documents] + [
            f"{Path(str(e.path)).name} (not loaded)" for e in loaded.errors
        ]
        label = "bundled seeds" if corpus is None else ", ".join(corpus)
        return cls(
            files=files,
            label=label,
            regions=list(regions) if regions else None,
            built=_build_time(),
            version=__version__,
        )

    @property
    def count(self) -> str:
        return f"{len(self.files)} report{'s' * (len(self.files) != 1)}"

    def header(self, heading: str) -> str:
        shown = ", ".join(self.files[:HEADER_FILES])
        if len(self.files) > HEADER_FILES:
            shown += f" and {len(self.files) - HEADER_FILES} more (listed in index.html)"
        rows = [
            ("Source corpus", f"{self.count} ({self.label}): {shown}"),
            ("Built", self.built),
            ("kit version", self.version),
        ]
        if self.regions:
            rows.insert(1, ("Regions", ", ".join(self.regions)))
        cells = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
        return (
            '<header class="kit-briefing-header">'
            f'<div><span class="kit-brand">kit briefing</span> · {_e(heading)} · '
            '<a class="kit-index" href="index.html">all briefings</a></div>'
            f"<dl>{cells}</dl></header>"
        )


def _build_time() -> str:
    """Now in UTC, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def export_html(nb: nbformat.NotebookNode, heading: str, info: BuildInfo) -> str:
    """One self-contained HTML page of an executed notebook: outputs and prose, no code."""
    from jinja2 import FileSystemLoader
    from nbconvert import HTMLExporter

    nb = clean_notebook(nb)
    nb.metadata["title"] = heading
    pieces = _set_aside(nb)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[FileSystemLoader(str(_template_path("")))],
        template_file="briefing.html.j2",  # kit/publish/templates: extends lab/index.html.j2
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    exporter.mermaid_js_url = ""
    exporter.mermaid_layout_elk_js_url = ""
    extra = {
        "kit": {
            "css": _template_path("briefing.css").read_text(encoding="utf-8"),
            "header": info.header(heading),
            "version": _e(info.version),
        }
    }
    body, _ = exporter.from_notebook_node(nb, resources=extra)
    page = strip_external(body)
    page = _SLOT.sub(lambda m: pieces[int(m.group(1))], page)
    return webfont.embed(page)  # its Chinese readable where the reader has no CJK font


_SLOT = re.compile(r'<div class="kit-slot" id="kit-slot-(\d+)"></div>')


def _set_aside(nb: nbformat.NotebookNode) -> list[str]:
    """Take every HTML output out of the cleaned notebook, leaving numbered slots: the
    explorer's fragments (by their MIME type) and the outputs `clean_notebook` sanitised.

    nbconvert re-parses the whole page with BeautifulSoup (to add alt texts and tab stops to its
    own wrappers): on a large corpus that took seconds a page for HTML that is already final,
    and it writes out every end tag a fragment's compact table leaves implied. These pieces go
    back into the finished page as they are: a fragment is the kit's own escaped HTML, and a
    sanitised output has been through the allowlist and `strip_external` already.
    """
    pieces: list[str] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data") or {}
            value = data.pop(FRAGMENT_MIME, None)
            if value is None:
                value = data.get("text/html")
            if value is None:
                continue
            data["text/html"] = f'<div class="kit-slot" id="kit-slot-{len(pieces)}"></div>'
            pieces.append("".join(value) if isinstance(value, list) else value)
    return pieces


def _template_path(name: str) -> Path:
    return template_dir() / name


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|\*|`|~~)")
_SENTENCE = re.compile(r"^(.+?(?:[.!?](?=\s|$)|[。！？]))")


def _plain(markdown: str) -> str:
    text = _MD_LINK.sub(r"\1", markdown)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", _MD_MARKS.sub("", text)).strip()


def summary_of(nb: nbformat.NotebookNode, fallback: str = "") -> tuple[str, str]:
    """The first markdown heading of a notebook and the first sentence of prose after it."""
    heading, sentence = "", ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        paragraph: list[str] = []
        for line in [*str(cell.source).splitlines(), ""]:
            stripped = line.strip()
            if stripped.startswith("#"):
                if not heading:
                    heading = _plain(stripped.lstrip("#"))
                continue
            if stripped and not stripped.startswith((">", "|", "---", "- ", "* ", "1.")):
                paragraph.append(stripped)
                continue
            if paragraph and heading and not sentence:
                text = _plain(" ".join(paragraph))
                match = _SENTENCE.match(text)
                sentence = match.group(1) if match else text
            paragraph = []
        if heading and sentence:
            break
    return heading or fallback, sentence


def index_html(
    entries: list[tuple[str, str, str]], failed: list[tuple[str, str]], info: BuildInfo
) -> str:
    from markupsafe import Markup

    css = Markup(asset("index.css"))
    return render("index.html.j2", entries=entries, failed=failed, info=info, css=css) + "\n"


__all__: list[str] = []  # everything here serves its own package
