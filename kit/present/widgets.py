"""Filter controls over a metrics frame, and a view that redraws a chart or table on every change.

`FilterPanel` keeps one boolean mask per change (categorical `isin`, no row loops), so it stays
responsive on a million figures. `interactive` replaces the output atomically (one new output per
change, old matplotlib figure closed), so nothing flickers, duplicates or leaks.
"""

from __future__ import annotations

import base64
import html
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from io import BytesIO
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython import get_ipython
from IPython.core.formatters import DisplayFormatter
from matplotlib.figure import Figure

from kit.present.labels import header

EMPTY_SELECTION = "No figures match these filters."

#: (attribute, column) of every multi-select, in display order; labels are `labels.header`'s
SELECTS: tuple[tuple[str, str], ...] = (
    ("region", "region"),
    ("year", "year"),
    ("period", "period"),
    ("language", "language"),
    ("topic", "topic"),
    ("indicator", "indicator"),
)

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    #: what a draw function may return; a str is shown as Markdown
    Drawable = Figure | pd.DataFrame | Styler | str

Callback = Callable[[pd.DataFrame], object]


def indicator_names() -> dict[str, str]:
    """Readable names of indicator keys: the `label`s of kit/lexicon/indicators.toml."""
    from kit.figures.indicators import labels

    return labels()


def display_name(column: str, value: object) -> str:
    """How a value is shown in lists and tables: indicator (and old metric) keys by name."""
    text = "" if value is None or value is pd.NA else str(value)
    if column in ("indicator", "metric") and text:
        return indicator_names().get(text, text.replace("_", " ").capitalize())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text


def present_values(column: pd.Series) -> list[Any]:
    """Values that occur in `column`, in category order (or sorted), without scanning in Python."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        seen = np.bincount(codes[codes >= 0], minlength=len(column.cat.categories)) > 0
        return list(column.cat.categories[seen])
    values = pd.unique(column.dropna())
    return sorted(int(v) if isinstance(v, np.integer) else v for v in values)


def value_codes(column: pd.Series, values: Sequence[Any]) -> np.ndarray:
    """Index of each row's value in `values` (-1 where it has none), computed once: the one
    rule of the Lab's filters and the briefing's (which add 1, for a select's "All")."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        lookup = np.full(len(column.cat.categories) + 1, -1, dtype=np.int64)
        position = {v: i for i, v in enumerate(values)}
        for j, category in enumerate(column.cat.categories):
            lookup[j] = position.get(category, -1)
        return lookup[column.cat.codes.to_numpy()]  # code -1 (missing) hits the last slot
    index = pd.Index(values)
    return np.asarray(index.get_indexer(column.astype(object).where(column.notna(), None)))


class FilterPanel:
    """Multi-selects, a confidence slider and a repaired toggle that filter a metrics frame.

    `filters` names the columns offered as lists (by default region, year, period, language,
    topic and metric); a list with fewer than two values is hidden, as choosing in it would
    change nothing. Each list shows only the values the other choices leave, with how many
    figures each has ("Xining (12)"), so no choice leads to an empty table unannounced.
    Nothing selected in a list means no filter on that column. Set control values from Python
    (`panel.region.value = ("Xining",)`) or in the browser; either way every registered
    callback gets the new filtered frame once per change.
    """

    def __init__(self, frame: pd.DataFrame, filters: Sequence[str] | None = None) -> None:
        self.frame = frame
        self._callbacks: list[Callback] = []
        self._holding = 0
        self._pending = False
        self._narrowing = False
        columns = [c for _, c in SELECTS] if filters is None else list(dict.fromkeys(filters))
        unknown = [c for c in columns if c not in frame.columns]
        if unknown:
            raise ValueError(f"not columns of the metrics frame: {', '.join(unknown)}")
        self.labels = {c: header(c) for c in columns}
        self.selects: dict[str, w.SelectMultiple] = {}
        self._values: dict[str, list[Any]] = {}
        self._codes: dict[str, np.ndarray] = {}
        for column in columns:
            values = present_values(frame[column])
            self._values[column] = values
            self._codes[column] = value_codes(frame[column], values)
            select = w.SelectMultiple(
                options=[(display_name(column, v), v) for v in values],
                rows=min(max(len(values), 2), 5),
                layout=w.Layout(width="100%"),
                tooltip=f"{self.labels[column]}: none selected = all",
            )
            self.selects[column] = select
            attr = next((a for a, c in SELECTS if c == column), column)
            if not hasattr(self, attr):
                setattr(self, attr, select)
        self.min_confidence = w.FloatSlider(
            value=0.0,
            min=0.0,
            max=1.0,
            step=0.05,
            description="Min confidence",
            readout_format=".2f",
            continuous_update=False,  # one change when the handle is released
            style={"description_width": "initial"},
            layout=w.Layout(width="260px"),
        )
        self.hide_repaired = w.Checkbox(
            value=False,
            description="Hide repaired figures",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.reset_button = w.Button(
            description="Reset filters", icon="undo", layout=w.Layout(width="auto")
        )
        self.reset_button.on_click(lambda _: self.reset())
        self.status = w.HTML()
        for control in self.controls:
            control.observe(self._on_value, names="value")
        self._filtered = self._apply()
        self._narrow()
        self._show_status()
        self.widget = self._layout()

    # ------------------------------------------------------------------ public

    @property
    def controls(self) -> list[w.ValueWidget]:
        """Every control whose value filters the frame."""
        return [*self.selects.values(), self.min_confidence, self.hide_repaired]

    @property
    def shown(self) -> list[str]:
        """The columns whose lists are shown: those with at least two values."""
        return [c for c, values in self._values.items() if len(values) > 1]

    @property
    def filtered(self) -> pd.DataFrame:
        """The rows the current filters keep (the frame itself when no filter is set)."""
        return self._filtered

    def on_change(self, callback: Callback) -> Callback:
        """Call `callback(filtered_frame)` once after every change; usable as a decorator."""
        self._callbacks.append(callback)
        return callback

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls and fire the callbacks once, when the block ends."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            if not self._holding and self._pending:
                self._update()

    def reset(self) -> None:
        """Clear every filter, then fire the callbacks once."""
        with self.hold():
            for select in self.selects.values():
                select.value = ()
            self.min_confidence.value = 0.0
            self.hide_repaired.value = False
            self._pending = True

    def mask(self) -> np.ndarray:
        """The boolean row mask of the current filters, built once with vectorised tests."""
        keep = self._base_mask()
        for column in self.selects:
            chosen = self._chosen(column)
            if chosen is not None:
                keep &= chosen
        return keep

    def counts(self, column: str) -> dict[Any, int]:
        """Figures per value of `column` under every other current choice."""
        keep = self._base_mask()
        for other in self.selects:
            chosen = self._chosen(other) if other != column else None
            if chosen is not None:
                keep &= chosen
        codes = self._codes[column][keep]
        tally = np.bincount(codes[codes >= 0], minlength=len(self._values[column]))
        return {v: int(n) for v, n in zip(self._values[column], tally, strict=True)}

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        """Shown in Jupyter as its controls, not as `<FilterPanel object at 0x...>`."""
        return self.widget._repr_mimebundle_(**kwargs)

    # ------------------------------------------------------------------ internals

    def _base_mask(self) -> np.ndarray:
        frame = self.frame
        keep = np.ones(len(frame), dtype=bool)
        if self.min_confidence.value > 0:
            conf = frame["confidence"].to_numpy(dtype=float, na_value=np.nan)
            keep &= conf >= self.min_confidence.value - 1e-9  # slider steps are not exact
        if self.hide_repaired.value:
            keep &= frame["repaired"].isna().to_numpy()
        return keep

    def _chosen(self, column: str) -> np.ndarray | None:
        value = self.selects[column].value
        if not value:
            return None
        position = {v: i for i, v in enumerate(self._values[column])}
        wanted = [position[v] for v in value if v in position]
        return np.isin(self._codes[column], wanted)

    def _active(self) -> bool:
        return (
            any(s.value for s in self.selects.values())
            or self.min_confidence.value > 0
            or self.hide_repaired.value
        )

    def _apply(self) -> pd.DataFrame:
        return self.frame[self.mask()] if self._active() else self.frame

    def _on_value(self, _change: dict[str, Any]) -> None:
        if self._narrowing:
            return
        self._pending = True
        if not self._holding:
            self._update()

    def _update(self) -> None:
        self._pending = False
        self._filtered = self._apply()
        self._narrow()
        self._show_status()
        for callback in list(self._callbacks):
            callback(self._filtered)

    def _narrow(self) -> None:
        """Each list: the values the other choices leave (and any chosen), with counts."""
        self._narrowing = True
        try:
            for column in self.shown:
                select = self.selects[column]
                chosen = tuple(select.value)
                counts = self.counts(column)
                options = [
                    (f"{display_name(column, v)} ({n:,})", v)
                    for v, n in counts.items()
                    if n or v in chosen
                ]
                if list(select.options) != options:
                    select.options = options
                    select.value = tuple(v for v in chosen if v in counts)
        finally:
            self._narrowing = False

    def _show_status(self) -> None:
        n, total = len(self._filtered), len(self.frame)
        self.status.value = f"<span style='color:#555'>{n:,} of {total:,} figures</span>"

    def _layout(self) -> w.Box:
        cells = []
        for column, select in self.selects.items():
            cell = w.VBox([w.HTML(f"<b>{html.escape(self.labels[column])}</b>"), select])
            if column not in self.shown:
                cell.layout.display = "none"  # one value: nothing to choose
            cells.append(cell)
        grid = w.GridBox(
            cells,
            layout=w.Layout(
                grid_template_columns="repeat(3, minmax(150px, 1fr))",
                grid_gap="4px 12px",
                width="100%",
            ),
        )
        bottom = w.HBox(
            [self.min_confidence, self.hide_repaired, self.reset_button, self.status],
            layout=w.Layout(align_items="center", grid_gap="12px", flex_flow="row wrap"),
        )
        return w.VBox(
            [w.HTML("<b>Filter figures</b>"), grid, bottom], layout=w.Layout(max_width="900px")
        )


# ---------------------------------------------------------------------- interactive view

_FORMATTER: DisplayFormatter | None = None


def _format(obj: object) -> tuple[dict[str, Any], dict[str, Any]]:
    """MIME bundle of `obj`, through the kernel's formatter when there is one."""
    global _FORMATTER
    shell = get_ipython()
    if shell is not None:
        return shell.display_formatter.format(obj)
    if _FORMATTER is None:
        _FORMATTER = DisplayFormatter()
    return _FORMATTER.format(obj)


def _figure_output(fig: Figure) -> dict[str, Any]:
    """Render `fig` to PNG now, then close it so pyplot neither leaks nor re-shows it."""
    buf = BytesIO()
    try:
        fig.savefig(buf, format="png", bbox_inches="tight")
    finally:
        plt.close(fig)
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    text = f"<Figure size {fig.get_figwidth():g}x{fig.get_figheight():g} in>"
    return {
        "output_type": "display_data",
        "data": {"image/png": png, "text/plain": text},
        "metadata": {},
    }


def render_output(result: object) -> dict[str, Any]:
    """One Output-widget output for whatever a draw function returned."""
    if isinstance(result, Figure):
        return _figure_output(result)
    if isinstance(result, str):
        return _markdown_output(result)
    data, metadata = _format(result)
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def _markdown_output(text: str, plain: str | None = None) -> dict[str, Any]:
    data = {"text/markdown": text, "text/plain": text if plain is None else plain}
    return {"output_type": "display_data", "data": data, "metadata": {}}


def interactive(panel: FilterPanel, draw: Callable[[pd.DataFrame], Drawable]) -> w.VBox:
    """The panel above an Output that shows `draw(panel.filtered)`, redrawn on every change.

    An empty selection shows a message instead of calling `draw`. A draw error is shown in the
    output (and raised on the first draw, so a broken notebook cell fails loudly).
    """
    out = w.Output(layout=w.Layout(min_height="60px"))

    def show(frame: pd.DataFrame, *, first: bool = False) -> None:
        if frame.empty:
            out.outputs = (_markdown_output(f"**{EMPTY_SELECTION}**", EMPTY_SELECTION),)
            return
        try:
            output = render_output(draw(frame))
        except Exception as exc:
            out.outputs = (
                {
                    "output_type": "error",
                    "ename": type(exc).__name__,
                    "evalue": str(exc),
                    "traceback": traceback.format_exception(exc),
                },
            )
            if first:
                raise
            return
        out.outputs = (output,)  # replaces the old output in one update: no flicker

    show(panel.filtered, first=True)
    panel.on_change(show)
    return w.VBox([panel.widget, out])


__all__: list[str] = []  # everything here serves its own package
