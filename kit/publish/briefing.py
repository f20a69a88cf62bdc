"""Execute the curated notebooks with parameters and export self-contained HTML briefings.

    result = kit.build_briefings(corpus=["reports/"], out="briefings")

Each notebook in `notebooks/` is run by papermill with `corpus`, `regions` and `briefing=True`
(so every `kit.present.explore` call returns a static HTML fragment instead of a live widget), then
exported by nbconvert without code, prompts, widget state or anything fetched from the network:
one HTML file per notebook that opens offline with no kernel, plus an `index.html`.

This module is an edge of the kit: it starts kernels and writes files. A notebook that fails is
reported (notebook, cell, error) in `BriefingResult.failed` and the others are still built.
"""

from __future__ import annotations

import html
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import nbformat
import zmq
from jupyter_client.manager import AsyncKernelManager
from tqdm.auto import tqdm
from traitlets import default

from kit._version import __version__
from kit.assets import template_dir
from kit.bundled import notebooks_dir
from kit.load.corpus import load_corpus
from kit.publish import webfont

#: the curated notebooks: the checkout's notebooks/, or the copy inside an installed kit
NOTEBOOKS_DIR = notebooks_dir()
KERNEL_NAME = "python3"
#: seconds a single cell may run / the kernel may take to start (CI machines can be slow)
CELL_TIMEOUT = 900
START_TIMEOUT = 120
#: corpus files named in each briefing's header (all of them are listed in index.html)
HEADER_FILES = 12

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


@dataclass
class BriefingResult:
    """What `build_briefings` wrote, and which notebooks failed (name, reason)."""

    out: Path
    built: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    index: Path | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


class BriefingKernelManager(AsyncKernelManager):
    """Starts `python3` kernels with this very interpreter (the venv's), whatever kernelspec
    another Jupyter installation registered under that name.

    Frozen modules are off (else ipykernel's debugger warns on every start), the sockets are
    CurveZMQ-encrypted where pyzmq supports it (else ipykernel warns about TCP without
    encryption) and shutdown sends no SIGINT: a build prints nothing but real errors.
    """

    @default("transport_encryption")
    def _encrypt_when_possible(self) -> str:
        return "auto" if zmq.has("curve") else "disabled"

    async def _async_interrupt_kernel(self) -> None:
        # jupyter_client interrupts before every shutdown; ours come after the last cell has
        # finished (or timed out, when the shutdown request still works), and the needless
        # SIGINT only makes the kernel log "KeyboardInterrupt caught in kernel".
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        connection = os.path.realpath(self.connection_file)
        return [
            sys.executable,
            "-Xfrozen_modules=off",
            "-m",
            "ipykernel_launcher",
            "-f",
            connection,
            *(extra_arguments or []),
        ]


# --------------------------------------------------------------------------- public


def find_notebooks(
    names: Sequence[str] | None = None, directory: str | Path | None = None
) -> list[Path]:
    """The notebooks to build, in file-name order.

    Each name matches a notebook's file stem (`01_crackdown`) or a prefix of it (`01`); a path
    to an existing `.ipynb` file is taken as is. Raises ValueError for a name matching nothing.
    """
    folder = Path(directory) if directory is not None else NOTEBOOKS_DIR
    available = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if not names:
        return available
    chosen: list[Path] = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            matches = [path.resolve()]
        else:
            matches = [p for p in available if p.stem == name] or [
                p for p in available if p.stem.startswith(name)
            ]
        if not matches:
            known = ", ".join(p.stem for p in available) or f"none in {folder}"
            raise ValueError(f"no notebook matches {name!r} (available: {known})")
        chosen += [m for m in matches if m not in chosen]
    return chosen


def build_briefings(
    corpus: Sequence[str] | None = None,
    out: str | Path = "briefings",
    regions: Sequence[str] | None = None,
    notebooks: Sequence[str] | None = None,
    progress: bool | None = None,
    jobs: int | None = None,
    log: TextIO | None = None,
) -> BriefingResult:
    """Run each notebook over `corpus` (default: the bundled seeds) and write HTML briefings.

    `regions` is passed to the notebooks, which keep only those regions. `notebooks` selects by
    stem, prefix or path (see `find_notebooks`). `progress` shows a bar on stderr; by default only
    on a terminal and never when the `CI` environment variable is set.

    Notebooks are built `jobs` at a time (default: one per core); `log` gets one line per
    notebook as it finishes ("01_overview: built in 12.3 s").
    """
    started = time.perf_counter()
    if isinstance(corpus, str | Path):
        corpus = [str(corpus)]
    if isinstance(regions, str):
        regions = [regions]
    paths = [p.resolve() for p in find_notebooks(notebooks)]
    out_dir = resolve_out(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus_list = [str(Path(p).resolve()) for p in corpus] if corpus else None
    info = _BuildInfo.collect(corpus_list, regions)
    if progress is None:
        progress = sys.stderr.isatty() and not os.environ.get("CI")
    result = BriefingResult(out=out_dir)
    entries: list[tuple[str, str, str]] = []  # (file name, heading, first sentence)
    bar = tqdm(
        total=len(paths), desc="briefings", unit="notebook", disable=not progress, file=sys.stderr
    )

    def build(path: Path) -> _Built:
        began = time.perf_counter()
        try:
            executed = _execute(path, corpus_list, regions)
        except Exception as exc:
            return _Built(path, time.perf_counter() - began, failure=_describe_failure(path, exc))
        heading, sentence = summary_of(executed, fallback=path.stem)
        target = out_dir / f"{path.stem}.html"
        try:
            page = export_html(executed, heading, info)
        except Exception as exc:  # the notebook ran; its HTML export did not
            failure = f"{path.stem}: export: {type(exc).__name__}: {exc}"
            return _Built(path, time.perf_counter() - began, failure=failure)
        target.write_text(page, encoding="utf-8")
        return _Built(path, time.perf_counter() - began, target, heading, sentence)

    done: dict[Path, _Built] = {}
    workers = max(1, min(len(paths), jobs or _default_jobs()))
    with ThreadPoolExecutor(max_workers=workers) as pool:  # each notebook runs its own kernel
        for future in as_completed([pool.submit(build, path) for path in paths]):
            built = future.result()
            done[built.path] = built
            bar.update()
            if log is not None:
                state = "failed" if built.failure else "built"
                print(f"{built.path.stem}: {state} in {built.seconds:.1f} s", file=log, flush=True)
    for path in paths:  # the index lists the notebooks in file-name order, however they finished
        built = done[path]
        if built.failure is not None:
            result.failed.append((path.stem, built.failure))
        else:
            assert built.target is not None
            result.built.append(built.target)
            entries.append((built.target.name, built.heading, built.sentence))
    bar.close()
    result.index = out_dir / "index.html"
    index = webfont.embed(_index_html(entries, result.failed, info))
    result.index.write_text(index, encoding="utf-8")
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class _Built:
    """One notebook's outcome: its page, or why it failed, and how long it took."""

    path: Path
    seconds: float
    target: Path | None = None
    heading: str = ""
    sentence: str = ""
    failure: str | None = None


def resolve_out(out: str | Path) -> Path:
    """The output folder as an absolute path, fixed before any notebook thread starts.

    Raises ValueError for a folder inside the installed kit package: pages written there would
    be lost on the next upgrade and could overwrite the kit's own files.
    """
    folder = Path(out).expanduser().resolve()
    package = Path(__file__).resolve().parents[1]  # the kit package
    if folder == package or package in folder.parents:
        raise ValueError(
            f"refusing to write briefings into the kit package itself ({folder}); "
            "choose an output folder outside it, e.g. --out briefings"
        )
    return folder


def _default_jobs() -> int:
    """Notebooks built at once: one per core this process may use (each runs its own kernel)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- execute


def _execute(
    path: Path, corpus: list[str] | None, regions: Sequence[str] | None
) -> nbformat.NotebookNode:
    import papermill as pm  # imported late: the rest of kit does not need it

    with tempfile.TemporaryDirectory(prefix="kit-briefing-") as tmp:
        output = Path(tmp) / path.name
        return pm.execute_notebook(
            str(path),
            str(output),
            parameters={
                "corpus": corpus,
                "regions": list(regions) if regions else None,
                "briefing": True,
            },
            kernel_name=KERNEL_NAME,
            kernel_manager_class=BriefingKernelManager,
            # the kernel starts in the notebook's folder; papermill's own `cwd` would chdir
            # the whole process, which breaks the relative paths of every other thread
            resources={"metadata": {"path": str(path.parent)}},
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=CELL_TIMEOUT,
            start_timeout=START_TIMEOUT,
        )


def _describe_failure(path: Path, exc: Exception) -> str:
    """'01_x: cell 5 (In [4]) `frame = ...`: ValueError: boom' for a cell error, else the error."""
    from papermill.exceptions import PapermillExecutionError

    if not isinstance(exc, PapermillExecutionError):
        return f"{path.stem}: {type(exc).__name__}: {exc}"
    index = exc.cell_index
    try:  # papermill inserts its injected-parameters cell right after the `parameters` cell
        original = nbformat.read(path, as_version=4)
        tagged = [i for i, c in enumerate(original.cells) if "parameters" in _tags(c)]
        injected_at = tagged[0] + 1 if tagged else 0
        if index > injected_at:
            index -= 1
    except Exception:  # the message is still useful with papermill's own index
        pass
    first_line = next((ln.strip() for ln in str(exc.source).splitlines() if ln.strip()), "")
    if len(first_line) > 70:
        first_line = first_line[:69] + "…"
    prompt = f" (In [{exc.exec_count}])" if exc.exec_count else ""
    return f"{path.stem}: cell {index + 1}{prompt} `{first_line}`: {exc.ename}: {exc.evalue}"


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


# --------------------------------------------------------------------------- export


@dataclass
class _BuildInfo:
    """What every page states: the corpus, the build date, the kit version."""

    files: list[str]
    label: str  # "bundled seeds" or the paths given
    regions: list[str] | None
    built: str
    version: str

    @classmethod
    def collect(cls, corpus: list[str] | None, regions: Sequence[str] | None) -> _BuildInfo:
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


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What a reader should see: no widget state, stderr, parameter cells or empty code cells,
    and no markup from documents (see `sanitize_html`)."""
    nb = nbformat.from_dict(nb)  # a copy
    nb.metadata.pop("widgets", None)
    cells = []
    for cell in nb.cells:
        if {"parameters", "injected-parameters", "remove-cell", "remove_cell"} & set(_tags(cell)):
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


# Outputs other than kit.present.explore fragments (pandas Stylers, Markdown, HTML displayed)
# may carry document text unescaped: a Styler does not escape cell text. Reports are untrusted
# web scrapes, so those outputs pass through an allowlist; anything else is shown as text.
KIT_FRAGMENT = '<div class="kit-explore" id="kx-'
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
    """Keep tables, text markup, inline styles and data: images; drop every other tag.

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
    return body


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
    """Sanitize the HTML and Markdown of one output in place; drop script outputs."""
    for key in list(data):
        value = data[key]
        text = "".join(value) if isinstance(value, list) else value
        if key in ("application/javascript", "text/javascript"):
            del data[key]
            continue
        ours = key == "text/html" and isinstance(text, str) and text.startswith(KIT_FRAGMENT)
        if key in ("text/html", "text/markdown") and isinstance(text, str) and not ours:
            data[key] = sanitize_html(text)


def export_html(nb: nbformat.NotebookNode, heading: str, info: _BuildInfo) -> str:
    """One self-contained HTML page of an executed notebook: outputs and prose, no code."""
    from jinja2 import FileSystemLoader
    from nbconvert import HTMLExporter

    nb = clean_notebook(nb)
    nb.metadata["title"] = heading
    fragments = _set_aside_fragments(nb)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[FileSystemLoader(str(_template_path("")))],
        template_file="briefing.html.j2",  # kit/assets/templates: extends lab/index.html.j2
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
    page = _SLOT.sub(lambda m: fragments[int(m.group(1))], page)
    return webfont.embed(page)  # its Chinese readable where the reader has no CJK font


_SLOT = re.compile(r'<div class="kit-slot" id="kit-slot-(\d+)"></div>')


def _set_aside_fragments(nb: nbformat.NotebookNode) -> list[str]:
    """Take kit.present.explore fragments out of the notebook, leaving numbered slots.

    nbconvert re-parses the whole page with BeautifulSoup (to add alt texts): on a briefing
    holding 20,000 figures that takes minutes and writes out every end tag the fragment's
    compact table leaves implied. The fragments are the kit's own escaped HTML, so they skip
    that pass (and `strip_external`) and go back into the finished page as they were built.
    """
    fragments: list[str] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data") or {}
            value = data.get("text/html")
            text = "".join(value) if isinstance(value, list) else value
            if isinstance(text, str) and text.startswith(KIT_FRAGMENT):
                data["text/html"] = f'<div class="kit-slot" id="kit-slot-{len(fragments)}"></div>'
                fragments.append(text)
    return fragments


def _template_path(name: str) -> Path:
    return template_dir() / name


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


# --------------------------------------------------------------------------- index


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


def _index_html(
    entries: list[tuple[str, str, str]], failed: list[tuple[str, str]], info: _BuildInfo
) -> str:
    from markupsafe import Markup

    from kit.assets import asset, render

    css = Markup(asset("index.css"))
    return render("index.html.j2", entries=entries, failed=failed, info=info, css=css) + "\n"


__all__ = [
    "NOTEBOOKS_DIR",
    "BriefingKernelManager",
    "BriefingResult",
    "build_briefings",
    "clean_notebook",
    "export_html",
    "find_notebooks",
    "resolve_out",
    "sanitize_html",
    "strip_external",
    "summary_of",
]
