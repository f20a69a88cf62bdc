"""Chart specs (what a briefing's script draws for a filter combination) say what the house
matplotlib chart of the same figures says: title, rows in order, values as written, marks,
legend, note and source line."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from kit.present import charts
from kit.present.chartspec import spec_for


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    """The bundled reports as the notebooks load them (two versions of a report merged)."""
    import _briefs as briefs

    return briefs.load()[2]


#: every house chart the notebooks use, as they call it
CHARTS: list[tuple[str, Callable[..., Figure]]] = [
    ("counts by region", charts.counts_bar),
    ("counts by repair rule", partial(charts.counts_bar, by="repaired")),
    ("summed counts by region", partial(charts.counts_bar, value="sum", by="region")),
    ("topics", charts.topic_bar),
    ("rates", charts.rates_dot),
    ("changes", charts.changes_diverging),
    ("levels", charts.series_bars),
    ("levels by region", partial(charts.series_bars, by="region")),
]

#: filter combinations a reader picks: whole corpus, one region, one year, one of each
SUBSETS: list[tuple[str, Callable[[pd.DataFrame], pd.Series]]] = [
    ("all", lambda f: pd.Series(True, index=f.index)),
    ("Xining", lambda f: f["region"] == "Xining"),
    ("2013", lambda f: f["year"] == 2013),
    ("Xining, 2023, disputes", lambda f: (f["region"] == "Xining") & (f["topic"] == "disputes")),
    ("repaired only", lambda f: f["repaired"].notna()),
]


def drawn(fig: Figure) -> dict:
    """What a reader reads on the matplotlib chart, rows top to bottom."""
    panels = []
    for ax in (ax for ax in fig.axes if ax.axison):
        ticks = sorted(zip(ax.get_yticks(), ax.get_yticklabels(), strict=True), key=lambda t: -t[0])
        panels.append(
            {
                "title": ax.get_title(loc="left"),
                "labels": [t.get_text() for _, t in ticks],
                "xlabel": ax.get_xlabel(),
                "log": ax.get_xscale() == "log",
            }
        )
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes)]
    return {
        "title": " ".join(fig.get_suptitle().split()),
        "footer": " ".join(fig.get_supxlabel().split()),
        "legend": [t.get_text() for leg in legends if leg is not None for t in leg.get_texts()],
        "panels": panels,
        "texts": texts,
    }


@pytest.mark.parametrize(("subset", "rows"), SUBSETS, ids=[s for s, _ in SUBSETS])
@pytest.mark.parametrize(("kind", "chart"), CHARTS, ids=[k for k, _ in CHARTS])
def test_a_spec_says_what_the_matplotlib_chart_says(
    seeds: pd.DataFrame, kind: str, chart: Callable[..., Figure], subset: str, rows: Callable
) -> None:
    frame = seeds[rows(seeds).to_numpy(dtype=bool)]
    assert not frame.empty, subset
    spec = spec_for(chart)(frame)
    fig = chart(frame)
    try:
        seen = drawn(fig)
    finally:
        plt.close(fig)
    assert " ".join(spec["title"].split()) == seen["title"]
    assert " ".join(" ".join(spec["footer"]).split()) == seen["footer"]
    assert [item[0] for item in spec["legend"]] == seen["legend"]
    if spec.get("empty"):
        assert spec["empty"] in seen["texts"] and not seen["panels"]
        return
    assert [[r["label"] for r in p["rows"]] for p in spec["panels"]] == [
        p["labels"] for p in seen["panels"]
    ]
    assert [p["title"] for p in spec["panels"]] == [p["title"] for p in seen["panels"]]
    assert [p["xlabel"] for p in spec["panels"]] == [p["xlabel"] for p in seen["panels"]]
    assert [p["scale"] == "log" for p in spec["panels"]] == [p["log"] for p in seen["panels"]]
    # every value as written on a bar or dot is the chart's own annotation
    assert {r["text"] for p in spec["panels"] for r in p["rows"]} <= seen["texts"]


def test_doubtful_figures_stay_marked(seeds: pd.DataFrame) -> None:
    """Repaired figures hatched, low-confidence ones hollow, benchmarks dashed: in the spec as
    in the matplotlib chart (`charts._mark`)."""
    fills = {}
    for kind, chart in CHARTS:
        spec = spec_for(chart)(seeds)
        for p in spec["panels"]:
            for r in p["rows"]:
                for mark in r["marks"]:
                    fills.setdefault(mark[4], set()).add(kind)
    assert {"s", "r", "l", "b"} <= set(fills)
    spec = spec_for(charts.series_bars)(seeds)
    rows = [r for p in spec["panels"] for r in p["rows"]]
    low = [r for r in rows if r["text"].endswith("?")]
    assert low and all(r["marks"][0][4] in ("l", "rl") for r in low)  # "?" and hollow


def test_a_change_is_drawn_from_zero_with_its_sign(seeds: pd.DataFrame) -> None:
    spec = spec_for(charts.changes_diverging)(seeds)
    for panel in spec["panels"]:
        assert panel["zero"] and panel["domain"][0] <= 0 <= panel["domain"][1]
        for row in panel["rows"]:
            kind, x0, x1, colour, _ = row["marks"][0]
            assert colour == ("up" if row["at"] >= 0 else "down")
            if kind == "bar":
                assert x0 == 0 and x1 == row["at"]
            assert row["text"][0] in "+−"


@pytest.mark.parametrize(
    ("chart", "has_spec"),
    [
        (charts.counts_bar, True),
        (partial(charts.counts_bar, by="topic"), True),
        (partial(partial(charts.rates_dot), max_rows=5), True),
        (lambda frame: charts.counts_bar(frame), False),
        (np.mean, False),
    ],
    ids=["house chart", "partial", "partial of partial", "lambda", "any function"],
)
def test_only_house_charts_have_a_spec(chart: Callable, has_spec: bool) -> None:
    assert (spec_for(chart) is not None) is has_spec


def test_specs_are_small_and_quick(seeds: pd.DataFrame) -> None:
    """The point of a spec: bytes and milliseconds where a matplotlib SVG cost kilobytes and a
    few hundred milliseconds."""
    import json
    import time

    frame = seeds[(seeds["region"] == "Xining").to_numpy()]
    spec_for(charts.series_bars)(frame)  # warm
    began = time.perf_counter()
    spec = spec_for(charts.series_bars)(frame)
    assert time.perf_counter() - began < 2.0
    assert len(json.dumps(spec, ensure_ascii=False)) < 20_000
