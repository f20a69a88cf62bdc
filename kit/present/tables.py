"""Reading tables: a pandas Styler whose HTML is small enough for 2,000-report briefings.

A plain Styler writes an id and three classes on every cell and one CSS selector per styled
cell: a 1,600-row sources table becomes 1.1 MB of markup and 0.4 MB of `<style>`. A
`ReadingTable` keeps the Styler's formatting and escaping (its cells' display values) but writes
bare `<td>` cells and styles them by column position, in one short `<style>` scoped to the
table's own id. Long tables scroll inside a box with a sticky header instead of making the page
a mile long (print shows every row: kit/assets/templates/briefing.css).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
from pandas.io.formats.style import Styler

#: rows from which a table scrolls inside its box (shorter tables show whole)
SCROLL_FROM = 25
_BETWEEN_TAGS = re.compile(r">\s+<")
_EMPTY_ATTRS = re.compile(r"<(t[dh]) >")


class ReadingTable(Styler):
    """A Styler with compact HTML: no cell ids or classes, CSS by column position.

    `numbers` are right-aligned, `wide` columns (source sentences) get room to wrap. Everything
    else about it is a Styler: `format`, `hide`, `set_caption` and `to_html` work as documented.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        *,
        numbers: Sequence[str] = (),
        wide: Sequence[str] = (),
    ) -> None:
        super().__init__(data, cell_ids=False)
        self.numbers = [c for c in numbers if c in data.columns]
        self.wide = [c for c in wide if c in data.columns]

    def _repr_html_(self) -> str:
        return self.compact_html()

    def compact_html(self) -> str:
        """The table as `<div id=T_…><style>…</style><table>…</table></div>`."""
        body = self.to_html(exclude_styles=True)
        body = _EMPTY_ATTRS.sub(r"<\1>", _BETWEEN_TAGS.sub("><", body.strip()))
        uid = f"T_kit{self.uuid}"
        scroll = " kit-scroll" if len(self.data) >= SCROLL_FROM else ""
        css = self.column_css(uid)
        return f'<div id="{uid}" class="kit-table{scroll}"><style>{css}</style>{body}</div>'

    def column_css(self, uid: str) -> str:
        """The table's rules, every selector starting with its id (the briefing sanitiser keeps
        only such rules, so a table's style can never restyle the page)."""
        t = f"#{uid}"
        rules = [
            f"{t} table{{border-collapse:collapse}}",
            f"{t} td{{text-align:left;vertical-align:top;white-space:normal}}",
            f"{t} th{{text-align:left;vertical-align:bottom;background:#fff}}",
            f"{t} caption{{text-align:left;font-weight:bold}}",
            f"{t}.kit-scroll{{max-height:36em;overflow:auto;max-width:100%}}",
            f"{t}.kit-scroll th{{position:sticky;top:0}}",
        ]
        visible = [c for c in self.data.columns if c not in self._hidden_names()]
        for n, column in enumerate(visible, start=1):
            if column in self.numbers:
                rules.append(f"{t} td:nth-child({n}){{text-align:right}}")
            if column in self.wide:
                rules.append(f"{t} td:nth-child({n}){{min-width:24em;font-size:0.92em}}")
        return "".join(rules)

    def _hidden_names(self) -> set[object]:
        return {self.data.columns[i] for i in self.hidden_columns}


__all__: list[str] = []  # everything here serves its own package
