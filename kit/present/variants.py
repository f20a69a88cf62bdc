"""The charts of a briefing fragment: one for every filter combination a reader can choose.

The "All" chart is a matplotlib PNG in the page: it shows without JavaScript and in print. Every
other combination that selects a distinct set of figures is a variant. For a house chart
(`kit.present.chartspec.spec_for`) a variant is a spec, a few hundred bytes of JSON that the
page's script draws as SVG (`kit/publish/templates/chart.js`) when the reader picks it; for any
other chart function it is an SVG pre-rendered by matplotlib (170-720 ms each), as before.
Combinations that select the same rows, or draw the same chart, share one variant.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO, StringIO
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from PIL import Image

from kit.present.chartspec import spec_for

#: most distinct chart variants per call. Every combination of the filters that selects a
#: distinct, non-empty set of figures is one variant. Above this (a safety net, far above what a
#: briefing's region x topic x year filters make: 238 variants for 12,750 figures), only
#: one-filter variants are made, whole filters at a time, in `filters` order, and the page says
#: which chart it shows.
MAX_VARIANTS = 600
#: resolution of the pre-rendered charts (8 in wide house figures -> 880 px)
PNG_DPI = 110

Chart = Callable[[pd.DataFrame], Figure]


@dataclass
class Variants:
    """What a fragment shows of its charts: the "All" PNG and the variants its script draws."""

    all_png: str  # base64
    width: int  # pixels of the "All" PNG, the box every variant is drawn in
    height: int
    keys: dict[str, int]  # "i,j,k" (selectedIndex of each select, 0 = All) -> variant
    complete: bool  # every combination with data has a key
    reduced: bool  # the cap made only one-filter variants
    kind: str  # "spec": drawn by chart.js; "svg": pre-rendered by matplotlib
    items: list[Any]  # item 0 is "" (the "All" PNG); specs or SVG texts
    alts: list[str]  # each variant's alternative text
    glyphs: str  # the specs' characters beyond ASCII, for the page's embedded font


@dataclass
class _Plan:
    #: (row positions or None for all rows, description); index 0 is "All"
    subsets: list[tuple[np.ndarray | None, str]]
    keys: dict[str, int]  # as `Variants.keys`, into subsets
    complete: bool
    reduced: bool


def chart_variants(
    frame: pd.DataFrame,
    chart: Chart,
    *,
    title: str,
    active: Sequence[str],
    labels: dict[str, list[str]],
    codes: dict[str, np.ndarray],
    names: dict[str, str],
) -> Variants:
    """The "All" chart and a variant for every combination of the `active` filters (`codes`:
    1 + the index in `labels` of each row's value, 0 for none; `names`: each filter's header)."""
    plan = plan_variants(frame, list(active), labels, codes, names)
    spec = spec_for(chart)
    items: list[Any] = [""]
    alts: list[str] = [f"Chart: {title} (all figures)"]
    index_of: dict[str, int] = {}
    subset_item: list[int] = []
    all_png = ""
    for k, (rows, desc) in enumerate(plan.subsets):
        subset = frame if rows is None else frame.iloc[rows]
        try:
            if k == 0:
                all_png = render_png(chart(subset))
                subset_item.append(0)
                continue
            item: Any = spec(subset) if spec is not None else render_svg(chart(subset))
        except Exception as exc:
            name = getattr(chart, "__name__", repr(chart))
            raise RuntimeError(f"chart {name} failed for {desc}: {exc}") from exc
        sig = item if isinstance(item, str) else json.dumps(item, sort_keys=True)
        if sig not in index_of:
            index_of[sig] = len(items)
            items.append(item)
            alts.append(f"Chart: {title} ({desc})")
        subset_item.append(index_of[sig])
    width, height = png_size(all_png)
    glyphs = ""
    if spec is not None:
        text = json.dumps(items[1:], ensure_ascii=False)
        glyphs = "".join(sorted({c for c in text if ord(c) > 127}))
    return Variants(
        all_png=all_png,
        width=width,
        height=height,
        keys={key: subset_item[i] for key, i in plan.keys.items()},
        complete=plan.complete,
        reduced=plan.reduced,
        kind="svg" if spec is None else "spec",
        items=items,
        alts=alts,
        glyphs=glyphs,
    )


def plan_variants(
    frame: pd.DataFrame,
    active: list[str],
    labels: dict[str, list[str]],
    codes: dict[str, np.ndarray],
    names: dict[str, str],
) -> _Plan:
    """Every filter combination with data, deduplicated by the rows it selects, within the cap."""
    n = len(active)
    all_key = ",".join("0" * n) if n else ""
    subsets: list[tuple[np.ndarray | None, str]] = [(None, "all figures")]
    if not n:
        return _Plan(subsets, {all_key: 0}, complete=True, reduced=False)

    def combos(size: int) -> list[tuple[tuple[int, ...], np.ndarray]]:
        out = []
        for chosen in itertools.combinations(range(n), size):
            cols = pd.DataFrame({i: codes[active[i]] for i in chosen})
            cols = cols[(cols > 0).all(axis=1)]  # rows with a value in every chosen filter
            if cols.empty:
                continue
            groups = cols.groupby(list(chosen), sort=True).indices
            for combo, positions in groups.items():
                key = [0] * n
                for i, c in zip(chosen, np.atleast_1d(combo), strict=True):
                    key[i] = int(c)
                rows = cols.index.to_numpy()[positions].astype(np.int64)
                out.append((tuple(key), rows))
        return out

    def describe(key: tuple[int, ...]) -> str:
        return ", ".join(
            f"{names.get(active[i], active[i])} = {labels[active[i]][k - 1]}"
            for i, k in enumerate(key)
            if k
        )

    everything = [c for size in range(1, n + 1) for c in combos(size)]
    distinct = {p.tobytes() for _, p in everything if len(p) < len(frame)}
    reduced = len(distinct) > MAX_VARIANTS
    if reduced:
        chosen: list[tuple[tuple[int, ...], np.ndarray]] = []
        singles = combos(1)
        for i in range(n):  # whole filters, in order, while they fit
            of_filter = [c for c in singles if c[0][i]]
            if len(chosen) + len(of_filter) <= MAX_VARIANTS:
                chosen += of_filter
        everything = chosen
    keys = {all_key: 0}
    seen = {np.arange(len(frame), dtype=np.int64).tobytes(): 0}
    for key, positions in everything:
        sig = positions.tobytes()
        if sig not in seen:
            seen[sig] = len(subsets)
            subsets.append((positions, describe(key)))
        keys[",".join(map(str, key))] = seen[sig]
    return _Plan(subsets, keys, complete=not reduced, reduced=reduced)


# --------------------------------------------------------------------------- matplotlib output


_SVG_HEAD = re.compile(r"^<\?xml[^>]*>\s*<!DOCTYPE[^>]*>\s*", re.S)
_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_WIDE_CHAR = re.compile(r"[^\u0000-\u024f\u2000-\u206f\u2190-\u22ff]")


def needs_glyph_paths(fig: Figure) -> bool:
    """True when a text of `fig` has a character beyond Latin and common symbols (Chinese).

    An SVG shown through `<img>` may use only the reader's own fonts, and many machines have no
    Chinese one: such a chart draws its text as outlines from the kit's CJK font, which costs
    about 2-3x the bytes (84 kB against 29 kB for the seeds' Chinese bar chart, before gzip).
    """
    from matplotlib.text import Text

    return any(_WIDE_CHAR.search(t.get_text() or "") for t in fig.findobj(Text))


def render_svg(fig: Figure) -> str:
    """`fig` as SVG text, then closed: Latin text kept as text (small and sharp), a chart with
    Chinese text drawn with glyph outlines (`needs_glyph_paths`), so it reads on any machine.

    Shown through `<img src="data:image/svg+xml,...">`, where an SVG can run no script; labels
    are XML-escaped by matplotlib. Ids are salted with a constant, so builds are reproducible.
    """
    buf = StringIO()
    fonttype = "path" if needs_glyph_paths(fig) else "none"
    try:
        with mpl.rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "kit"}):
            fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    finally:
        plt.close(fig)
    return _SVG_METADATA.sub("", _SVG_HEAD.sub("", buf.getvalue()), count=1)


def png_size(png_base64: str) -> tuple[int, int]:
    """(width, height) in pixels of a base64 PNG, from its IHDR chunk."""
    head = base64.b64decode(png_base64[:32])
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def render_png(fig: Figure, dpi: int = PNG_DPI) -> str:
    """`fig` as base64 PNG, then closed (so pyplot never keeps or re-shows it).

    The image is flattened on white and reduced to a 64-colour palette: charts are flat colours
    and anti-aliased text, so this looks the same and is about a third of the size.
    """
    buf = BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    finally:
        plt.close(fig)
    image = Image.open(BytesIO(buf.getvalue())).convert("RGBA")
    flat = Image.new("RGBA", image.size, "white")
    flat.alpha_composite(image)
    small = flat.convert("RGB").quantize(colors=64, method=Image.Quantize.FASTOCTREE)
    palette = small.getpalette() or []
    snapped = [255 if min(palette[i : i + 3]) >= 250 else None for i in range(0, len(palette), 3)]
    for slot, white in enumerate(snapped):  # the octree's near-white (254) back to page white
        if white:
            palette[3 * slot : 3 * slot + 3] = [255, 255, 255]
    small.putpalette(palette)
    out = BytesIO()
    small.save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode("ascii")


__all__: list[str] = []  # everything here serves its own package
