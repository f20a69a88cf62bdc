"""The figures as table rows: the Lab explorer's table and the briefing's static table (with the
CSS that lays it out without a class on any cell), their column headers, marks and legend.

Every piece of document text is untrusted web scrape and goes through `esc` (`html.escape`)
before it reaches the page. The briefing's script draws its live rows from the same columns
(`prepared`) with the same marks, handed to it in the fragment's config.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kit.frame import LOW_CONFIDENCE
from kit.present.excerpt import excerpt
from kit.present.fmt import format_number
from kit.present.labels import header
from kit.present.widgets import display_name

#: table rows in the JupyterLab view (a briefing holds every figure)
LAB_TABLE_ROWS = 200


REPAIRED_MARK = "⚠"
CHECK_SOURCE = "check source"
LEGEND = (
    f"<b>{REPAIRED_MARK}</b> repaired: the value was read from a damaged translation by the "
    f'named rule (hover the value for why). <span class="kx-check">{CHECK_SOURCE}</span> '
    f"confidence below {LOW_CONFIDENCE:g}: read the source sentence before quoting the figure."
)  # HTML, written here: no document text in it


def prepared(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with what every view of it shows: `signed_value`, the value as a reader says
    it (`shown`: "over 40,000", "−6.32%", by `kit.present.fmt`) and each figure's citation
    (`cite`, by `kit.present.citation`). The briefing's script and the lab explorer read these
    columns, so each rule has one implementation."""
    from kit.frame import with_signed_value
    from kit.present.citation import citations
    from kit.present.fmt import shown

    data = frame if "signed_value" in frame else with_signed_value(frame)
    if "shown" not in data and "value" in data:
        data = data.assign(shown=shown(data))
    if "cite" not in data:
        data = data.assign(cite=citations(data))
    return data


def esc(value: object) -> str:
    """HTML-escape anything (quotes included, so it is safe in attributes too)."""
    return html.escape(str(value), quote=True)


def filter_label(value: object) -> str:
    """How a filter value is written in a select and in a row's data attribute."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sentence_html(sentence: str, surface: object, *, expandable: bool) -> str:
    """The excerpt with the figure marked; `expandable` wraps it in <details> holding the whole
    sentence (a click opens it, with no script: JupyterLab's HTML output runs none)."""
    before, mark, after = excerpt(sentence, surface)
    short = esc(before) + (f"<mark>{esc(mark)}</mark>" if mark else "") + esc(after)
    if not expandable or (before + mark + after) == sentence:
        return short
    b, m, a = excerpt(sentence, surface, side=len(sentence))
    whole = esc(b) + (f"<mark>{esc(m)}</mark>" if m else "") + esc(a)
    return (
        f'<details class="kx-sent"><summary title="Click to read the whole sentence">{short}'
        f' <span class="kx-toggle">(more)</span></summary>{whole}</details>'
    )


def _cell(column: str, row: dict[str, Any], *, expandable: bool = True) -> tuple[str, str]:
    """(td class, escaped inner HTML) of one cell."""
    value: Any = row.get(column)
    missing = value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
    if column == "value":
        said = row.get("shown")
        text = "" if missing else (said if isinstance(said, str) else format_number(float(value)))
        if row.get("_repaired"):
            note = row.get("note")
            tip = f' title="{esc(note)}"' if isinstance(note, str) and note else ""
            return "kx-num kx-value", f"<span{tip}>{REPAIRED_MARK} {esc(text)}</span>"
        return "kx-num kx-value", esc(text)
    if column == "confidence":
        text = "" if missing else f"{float(value):.2f}"
        flag = f'<span class="kx-check">{CHECK_SOURCE}</span>' if row.get("_low") else ""
        return "kx-num", esc(text) + flag
    if column == "repaired":
        return "", "" if missing else f"{REPAIRED_MARK} {_breakable(value)}"
    if column == "sentence" and not missing:
        return "kx-sentence", _sentence_html(str(value), row.get("text"), expandable=expandable)
    if missing:
        return "", ""
    if column == "year":
        return "kx-num", esc(filter_label(value))
    if column == "doc_id":
        return "", _breakable(value)
    if column in ("indicator", "metric"):
        return "", esc(display_name(column, value))
    return ("kx-counted" if column == "counted" else ""), esc(value)


def _breakable(value: object) -> str:
    """Escaped, with line-break opportunities after underscores (rule names, file names)."""
    return esc(value).replace("_", "_<wbr>")


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> Iterator[dict[str, Any]]:
    needed = list(dict.fromkeys([*columns, "repaired", "confidence", "note", "text", "shown"]))
    data = frame[[c for c in needed if c in frame.columns]]
    repaired = data["repaired"].notna().to_numpy() if "repaired" in data else None
    conf = (
        data["confidence"].to_numpy(dtype=float, na_value=np.nan) if "confidence" in data else None
    )
    for i, row in enumerate(data.astype(object).to_dict("records")):
        row["_repaired"] = bool(repaired[i]) if repaired is not None else False
        row["_low"] = bool(conf[i] < LOW_CONFIDENCE) if conf is not None else False
        yield row


def _row_class(row: dict[str, Any]) -> str:
    return (
        "kx-row" + (" kx-repaired" if row["_repaired"] else "") + (" kx-low" if row["_low"] else "")
    )


#: characters each side of the figure in the static table's excerpts (the script shows more)
STATIC_EXCERPT_SIDE = 25
_NUMERIC = ("value", "confidence", "year", "start", "end", "signed_value")


#: printed widths of a static table's columns, in parts of the page (scaled to fill it): on
#: paper the table is laid out at these widths, so every column stays and the words (the
#: source sentence most) get the room that keeps rows short
PRINT_WIDTHS: dict[str, float] = {
    "region": 6.5,
    "scope_name": 7,
    "year": 4.5,
    "language": 4.5,
    "value": 8.5,
    "unit": 5.5,
    "counted": 12,
    "text": 7.5,
    "repaired": 8,
    "confidence": 6.5,
    "sentence": 30,
    "doc_id": 10,
    "title": 12,
    "topic": 6,
    "indicator": 9,
    "metric": 9,
    "period": 6,
    "change": 5,
    "direction": 5,
    "baseline": 6,
    "qualifier": 6,
    "note": 12,
}
_PRINT_DEFAULT = 7.0


def static_css(uid: str, columns: Sequence[str]) -> str:
    """Column rules of one fragment's static table by position, so its 20,000 rows need no
    class on any cell: numbers right-aligned, repaired values tinted, sentences wide."""
    rules, paper = [], []
    for n, column in enumerate(columns, start=1):
        cell = f"#{uid} .kx-static td:nth-child({n})"
        if column in _NUMERIC:
            rules.append(f"{cell}{{text-align:right;white-space:nowrap}}")
        if column == "value":
            rules.append(f"#{uid} .kx-static tr.r td:nth-child({n}){{background:#fff3d6}}")
        if column == "sentence":
            rules.append(f"{cell}{{min-width:14em}}")
    total = sum(PRINT_WIDTHS.get(c, _PRINT_DEFAULT) for c in columns) or 1.0
    for n, column in enumerate(columns, start=1):
        share = 100 * PRINT_WIDTHS.get(column, _PRINT_DEFAULT) / total
        paper.append(f"#{uid} .kx-static :is(th,td):nth-child({n}){{width:{share:.1f}%}}")
    fixed = f"#{uid} .kx-static table{{table-layout:fixed !important}}"
    return "".join(rules) + f"@media print{{{fixed}{''.join(paper)}}}"


def static_rows(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    """Every figure as table rows for a briefing, as compact as HTML allows (no end tags, which
    HTML implies, and no classes on cells; see `static_css`), with short sentence excerpts:
    the view without JavaScript and in print. The script shows whole sentences."""
    lines = []
    for row in _records(frame, columns):
        cells = []
        for column in columns:
            if column == "sentence" and isinstance(row.get("sentence"), str):
                before, mark, after = excerpt(row["sentence"], row.get("text"), STATIC_EXCERPT_SIDE)
                marked = f"<mark>{esc(mark)}</mark>" if mark else ""
                cells.append(f"<td>{esc(before)}{marked}{esc(after)}")
                continue
            cells.append(f"<td>{_cell(column, row, expandable=False)[1]}")
        flags = " ".join(f for f, on in (("r", row["_repaired"]), ("l", row["_low"])) if on)
        if " " in flags:
            flags = f'"{flags}"'
        lines.append((f"<tr class={flags}>" if flags else "<tr>") + "".join(cells))
    return "".join(lines)


def table_html(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    limit: int = LAB_TABLE_ROWS,
    cite: bool = False,
) -> str:
    """The figures as an HTML table, every text escaped; repaired and doubtful rows marked;
    sentences as excerpts that open on click. Past `limit` rows the rest are counted. `cite`
    adds a last column whose "Cite" opens the figure's citation (`kit.present.citation`),
    selectable for copying, with no script (JupyterLab's HTML output runs none)."""
    head = "".join(f"<th>{esc(header(c))}</th>" for c in columns)
    if cite:
        head += "<th>Cite</th>"
    lines = []
    shown = frame.iloc[:limit]
    cites = prepared(shown)["cite"].tolist() if cite else []
    for n, row in enumerate(_records(shown, columns)):
        cells = "".join(
            f'<td class="{cls}">{inner}</td>' if cls else f"<td>{inner}</td>"
            for cls, inner in (_cell(c, row) for c in columns)
        )
        if cite:
            cells += (
                '<td class="kx-cite-cell"><details><summary>Cite</summary>'
                f'<textarea readonly rows="4" cols="50">{esc(cites[n])}</textarea></details></td>'
            )
        lines.append(f'<tr class="{_row_class(row)}">{cells}</tr>')
    more = ""
    if len(frame) > limit:
        more = (
            f'<p class="kx-legend">Showing the first {limit:,} of {len(frame):,} figures; '
            "filter to see the others.</p>"
        )
    return (
        f'<div class="kx-table-wrap"><table class="kx-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(lines)}</tbody></table></div>{more}"
    )


__all__: list[str] = []  # everything here serves its own package
