"""Charts render in the house style: finding titles, units, source, marked doubtful figures."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from io import BytesIO
from itertools import pairwise

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from kit.frame import metrics_to_frame
from kit.present import charts
from kit.schema import Metric

CHARTS: dict[str, Callable[..., Figure]] = {
    "counts_bar": charts.counts_bar,
    "topic_bar": charts.topic_bar,
    "rates_dot": charts.rates_dot,
    "changes_diverging": charts.changes_diverging,
}


def render(fig: Figure) -> Figure:
    fig.canvas.draw()
    return fig


def main_axes(fig: Figure) -> Axes:
    """The first axes with data (a figure of panels has a legend strip above them)."""
    return data_axes(fig)[0]


def data_axes(fig: Figure) -> list[Axes]:
    return [ax for ax in fig.axes if ax.axison]


def ytick_texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in data_axes(fig) for t in ax.get_yticklabels()]


def legend_texts(fig: Figure) -> list[str]:
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes)]
    return [t.get_text() for leg in legends if leg is not None for t in leg.get_texts()]


def all_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(mpl.text.Text)]


def bars(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def is_hollow(face: object) -> bool:
    """No fill: a transparent colour, or (for scatter collections) no face colour at all."""
    faces = np.atleast_2d(np.asarray(face, dtype=float))
    return faces.size == 0 or bool((faces[:, 3] == 0).all())


# --------------------------------------------------------------------------- every chart


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_renders_with_title_source_and_no_pyplot_state(
    name: str, sample_frame: pd.DataFrame
) -> None:
    rc_before = dict(mpl.rcParams)
    figs_before = plt.get_fignums()
    fig = render(CHARTS[name](sample_frame))
    assert isinstance(fig, Figure)
    assert fig.get_suptitle()
    source = fig.get_supxlabel()
    assert source.startswith("Source: 000_fe8e3cc9c7a97b01.txt")
    assert plt.get_fignums() == figs_before
    assert dict(mpl.rcParams) == rc_before


@pytest.mark.parametrize("name", CHARTS)
def test_title_and_source_can_be_overridden(name: str, sample_frame: pd.DataFrame) -> None:
    fig = render(CHARTS[name](sample_frame, title="My finding", source="Source: my notes"))
    assert fig.get_suptitle() == "My finding"
    assert fig.get_supxlabel() == "Source: my notes"


@pytest.mark.parametrize("name", CHARTS)
def test_empty_frame_gives_a_message(name: str, sample_frame: pd.DataFrame) -> None:
    fig = render(CHARTS[name](sample_frame.iloc[0:0]))
    assert isinstance(fig, Figure)
    assert charts.EMPTY_MESSAGE in all_texts(fig)


@pytest.mark.parametrize("name", CHARTS)
def test_chinese_labels_render_without_warnings_or_font_logs(
    name: str, sample_frame: pd.DataFrame, caplog: pytest.LogCaptureFixture
) -> None:
    zh = sample_frame[sample_frame["language"] == "zh"]
    assert zh["counted"].str.contains("[\u4e00-\u9fff]").all()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        fig = CHARTS[name](zh)
        fig.canvas.draw()
        fig.savefig(BytesIO(), format="png", bbox_inches="tight")  # what Jupyter does
        png = fig._repr_png_()
    # (a ResourceWarning is an earlier test's event loop collected meanwhile, not the chart's)
    assert [str(w.message) for w in caught if not issubclass(w.category, ResourceWarning)] == []
    assert [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")] == []
    assert png.startswith(b"\x89PNG")


def test_plain_figure_would_warn_on_chinese_without_cjk_font() -> None:
    """Guards the test above: without the CJK font in the fallback list (the kit installs one,
    so it is taken out here) the same Chinese title really misses its glyphs."""
    fig = Figure()
    FigureCanvasAgg(fig)
    with mpl.rc_context({**charts.house_style(), "font.family": [charts.FALLBACK_FONT]}):
        fig.suptitle("矛盾纠纷调处化解率")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    assert any("missing from font" in str(w.message) for w in caught)


def test_font_fallback_lists_dejavu_then_installed_cjk_fonts() -> None:
    assert {"Noto Sans CJK SC", "WenQuanYi Zen Hei", "Droid Sans Fallback"} <= set(charts.CJK_FONTS)
    families = charts.house_style()["font.family"]
    assert families[0] == "DejaVu Sans"  # Latin text and bold titles stay in DejaVu
    assert set(families[1:]) <= set(charts.CJK_FONTS)


def test_glyph_warnings_are_not_silenced_globally() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts.counts_bar(metrics_to_frame([]))
        warnings.warn("Glyph 30772 (X) missing from font(s) DejaVu Sans.", UserWarning, 1)
    assert len(caught) == 1


def test_long_labels_are_truncated_and_rows_do_not_overlap(sample_frame: pd.DataFrame) -> None:
    long = "number of people educated in the anti-fraud publicity campaign in rural villages"
    many = pd.concat([sample_frame] * 4, ignore_index=True).astype(sample_frame.dtypes)
    many["counted"] = pd.array([f"{long} {i}" for i in range(len(many))], dtype="string")
    many["indicator"] = pd.Series([None] * len(many), dtype=sample_frame["indicator"].dtype)
    few = render(charts.rates_dot(sample_frame))
    fig = render(charts.rates_dot(many))
    assert fig.get_figheight() > few.get_figheight()
    labels = main_axes(fig).get_yticklabels()
    assert len(labels) == 24
    assert all(len(t.get_text()) <= charts.LABEL_CHARS for t in labels)
    assert all(t.get_text().endswith("…") for t in labels)
    boxes = sorted((t.get_window_extent() for t in labels), key=lambda b: b.y0)
    assert all(a.y1 <= b.y0 for a, b in pairwise(boxes))
    width, height = fig.canvas.get_width_height()
    assert all(b.x0 >= 0 and b.y1 <= height for b in boxes)
    assert width > 0


def test_truncate_and_number_format() -> None:
    assert charts.truncate("a  b\nc") == "a b c"
    assert charts.truncate("x" * 60, 10) == "x" * 9 + "…"
    assert charts.fmt_number(96.0) == "96"
    assert charts.fmt_number(98.6) == "98.6"
    assert charts.fmt_number(6600) == "6,600"


def test_default_source_names_doc_ids(sample_frame: pd.DataFrame) -> None:
    one = sample_frame[sample_frame["doc_id"] == "001_63206c82e3f070fd.txt"]
    assert charts.default_source(one) == "Source: 001_63206c82e3f070fd.txt"
    assert charts.default_source(sample_frame).endswith("and 2 more reports")


# --------------------------------------------------------------------------- counts_bar


def test_counts_bar_counts_figures_per_region(sample_frame: pd.DataFrame) -> None:
    fig = render(charts.counts_bar(sample_frame))
    ax = main_axes(fig)
    assert fig.get_suptitle() == "Xining reports the most figures (14 of 22)"
    assert "count" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Xining", "Sichuan", "Xihu", "Shenzhen"]
    # stacked segments add up to each region's number of figures
    totals: dict[float, float] = {}
    for p in bars(ax):
        y = round(p.get_y() + p.get_height() / 2, 6)
        totals[y] = totals.get(y, 0) + p.get_width()
    expected = sample_frame["region"].value_counts()
    assert sorted(totals.values(), reverse=True) == sorted(expected.tolist(), reverse=True)


def test_counts_bar_marks_repaired_hatched_and_low_confidence_hollow(
    sample_frame: pd.DataFrame,
) -> None:
    fig = render(charts.counts_bar(sample_frame))
    patches = bars(main_axes(fig))
    assert any(p.get_hatch() and not is_hollow(p.get_facecolor()) for p in patches)
    assert any(is_hollow(p.get_facecolor()) for p in patches)
    texts = legend_texts(fig)
    assert charts.REPAIRED_LABEL in texts
    assert charts.LOW_CONFIDENCE_LABEL in texts


def test_counts_bar_without_doubtful_figures_has_no_legend(sample_frame: pd.DataFrame) -> None:
    sound = sample_frame[sample_frame["repaired"].isna() & (sample_frame["confidence"] >= 0.5)]
    fig = render(charts.counts_bar(sound))
    assert legend_texts(fig) == []
    assert not any(p.get_hatch() for p in bars(main_axes(fig)))


def test_counts_bar_sum_never_adds_across_series(sample_frame: pd.DataFrame) -> None:
    """value="sum" adds counts only within one series: one panel a measure."""
    fig = render(charts.counts_bar(sample_frame, by="doc_id", value="sum"))
    keyed = sample_frame[(sample_frame["unit"] == "count") & sample_frame["indicator"].notna()]
    panels = data_axes(fig)
    assert len(panels) == keyed["indicator"].nunique() == 2
    titles = sorted(ax.get_title(loc="left") for ax in panels)
    assert titles == ["Criminal cases solved (count)", "Disputes resolved (count)"]
    widths = sorted(p.get_width() for ax in panels for p in bars(ax))
    assert widths == sorted(keyed["value"].tolist())  # 6,600 and 2,013 never added together


def test_counts_bar_by_topic_and_bad_arguments(sample_frame: pd.DataFrame) -> None:
    fig = render(charts.counts_bar(sample_frame, by="topic"))
    assert fig.get_suptitle() == "Crackdown is the most reported topic (9 of 22 figures)"
    by_year = render(charts.counts_bar(sample_frame, by="year"))
    assert by_year.get_suptitle() == "2023 has the most figures (17 of 22)"
    one_each = sample_frame.drop_duplicates("region")
    tie = render(charts.counts_bar(one_each))
    assert (
        tie.get_suptitle().replace("\n", " ")
        == "Shenzhen, Sichuan, Xihu and Xining tie for the most figures (1 each of 4)"
    )
    with pytest.raises(ValueError, match="group by"):
        charts.counts_bar(sample_frame, by="colour")
    with pytest.raises(ValueError, match="value"):
        charts.counts_bar(sample_frame, value="mean")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- topic_bar


def test_topic_bar_title_and_stacks(sample_frame: pd.DataFrame) -> None:
    fig = render(charts.topic_bar(sample_frame))
    ax = main_axes(fig)
    crackdown = sample_frame[sample_frame["topic"] == "crackdown"]
    n_repaired = int(crackdown["repaired"].notna().sum())  # the leader's, not all topics'
    assert n_repaired != int(sample_frame["repaired"].notna().sum())
    assert (
        fig.get_suptitle().replace("\n", " ")
        == f"Crackdown is the most reported topic (9 of 22 figures); {n_repaired} of them repaired"
    )
    assert ax.get_yticklabels()[0].get_text() == "crackdown"
    assert ax.get_xlabel() == "number of figures (count)"
    assert any(p.get_hatch() for p in bars(ax))
    assert charts.REPAIRED_LABEL in legend_texts(fig)


# --------------------------------------------------------------------------- rates_dot


def test_rates_dot_title_axis_and_value_labels(sample_frame: pd.DataFrame) -> None:
    disputes = sample_frame[sample_frame["indicator"] == "dispute_resolution_rate"]
    fig = render(charts.rates_dot(disputes))
    ax = main_axes(fig)
    # the title rests on rates stated as written: not the repaired 98.6% nor the 0.4 "9 7 %"
    assert fig.get_suptitle().replace("\n", " ") == (
        "Dispute resolution rate: from 96% (Shenzhen 2013) to 99.7% (Sichuan 2023)"
    )
    assert ax.get_xlim() == (0.0, 100.0)
    assert "%" in ax.get_xlabel()
    texts = all_texts(fig)
    for label in ("99.7%", "98.6%", "96%", "97%"):
        assert label in texts
    assert len(ax.get_yticklabels()) == len(disputes)
    assert ax.get_yticklabels()[-1].get_text() == "Sichuan 2023 · Dispute resolution rate"


def test_rates_dot_only_plots_percent_levels_one_panel_a_series(
    sample_frame: pd.DataFrame,
) -> None:
    fig = render(charts.rates_dot(sample_frame))
    levels = sample_frame[(sample_frame["unit"] == "percent") & ~sample_frame["change"]]
    points = sum(
        len(c.get_offsets())
        for ax in data_axes(fig)
        for c in ax.collections
        if isinstance(c, PathCollection)
    )
    assert points == len(levels)
    titles = [ax.get_title(loc="left") for ax in data_axes(fig)]
    assert titles == ["Case solving rate (%)", "Dispute resolution rate (%)"]
    assert fig.get_suptitle() == "Stated rates, one panel a measure"  # no ranking across them


def test_rates_dot_hatches_repaired_and_hollows_low_confidence(
    sample_frame: pd.DataFrame,
) -> None:
    fig = render(charts.rates_dot(sample_frame))
    dots = [c for ax in data_axes(fig) for c in ax.collections if isinstance(c, PathCollection)]
    hatched = [c for c in dots if c.get_hatch()]
    hollow = [c for c in dots if is_hollow(c.get_facecolor())]
    assert hatched and hollow
    # the 98.6% mediation rate is repaired (confidence 0.6): hatched but filled
    repaired_values = {tuple(o) for c in hatched for o in c.get_offsets()}
    assert any(x == pytest.approx(98.6) for x, _ in repaired_values)
    texts = legend_texts(fig)
    assert texts == [charts.REPAIRED_LABEL, charts.LOW_CONFIDENCE_LABEL]


def test_rates_dot_single_value_title(sample_frame: pd.DataFrame) -> None:
    one = sample_frame[sample_frame["text"] == "99.7%"]
    assert render(charts.rates_dot(one)).get_suptitle() == (
        "Dispute resolution rate: 99.7% (Sichuan 2023)"
    )
    repaired = sample_frame[sample_frame["text"] == "986%"]  # repaired, not confirmed
    title = render(charts.rates_dot(repaired)).get_suptitle().replace("\n", " ")
    assert "98.6" not in title and charts.NO_HEADLINE in title


# --------------------------------------------------------------------------- changes_diverging


def test_changes_diverging_signs_colours_and_baseline(sample_frame: pd.DataFrame) -> None:
    fig = render(charts.changes_diverging(sample_frame))
    changes = sample_frame[sample_frame["change"]]
    low = changes["confidence"] < 0.5
    rects = [r for ax in data_axes(fig) for r in bars(ax)]
    assert len(rects) == int((~low).sum())  # a low-confidence change gets no bar
    ups = [r for r in rects if r.get_width() > 0]
    downs = [r for r in rects if r.get_width() < 0]
    assert len(ups) == int(((changes["direction"] == "up") & ~low).sum())
    assert len(downs) == int(((changes["direction"] == "down") & ~low).sum())
    for ax in data_axes(fig):
        zero_px = ax.transData.transform((0, 0))[0]
        for r in bars(ax):
            if r.get_width() < 0:  # falls are drawn left of zero, on screen too
                x0, x1 = sorted(
                    ax.transData.transform([(r.get_x(), 0), (r.get_x() + r.get_width(), 0)])[:, 0]
                )
                assert x1 <= zero_px + 0.5 and x0 < zero_px
        assert any(list(line.get_xdata()) == [0, 0] for line in ax.get_lines())
    assert {to_rgba(r.get_edgecolor()) for r in ups}.isdisjoint(
        {to_rgba(r.get_edgecolor()) for r in downs}
    )
    texts = all_texts(fig)
    assert {"+31.9 pp", "−6.32%?", "−50%", "+12.3%"} <= set(texts)
    assert {"rise", "fall", charts.REPAIRED_LABEL, charts.LOW_NO_BAR} <= set(legend_texts(fig))
    assert fig.get_suptitle().startswith("Stated rises and falls are balanced (4 each)")


def test_changes_diverging_repaired_hatched_low_without_bar(sample_frame: pd.DataFrame) -> None:
    fig = render(charts.changes_diverging(sample_frame))
    rects = [r for ax in data_axes(fig) for r in bars(ax)]
    assert not [r for r in rects if r.get_width() == pytest.approx(-6.32)]  # confidence 0.4
    marks = [
        tuple(o)
        for ax in data_axes(fig)
        for c in ax.collections
        if isinstance(c, PathCollection)
        for o in c.get_offsets()
    ]
    assert any(x == pytest.approx(-6.32) for x, _ in marks)  # shown as a hollow mark
    detection = [r for r in rects if r.get_width() == pytest.approx(31.9)]
    assert detection[0].get_hatch() and not is_hollow(detection[0].get_facecolor())


@pytest.mark.parametrize(
    ("unit", "label"),
    [("percent", "change (%)"), ("pp", "change (percentage points, pp)")],
)
def test_changes_diverging_axis_label_follows_units(
    unit: str, label: str, sample_frame: pd.DataFrame
) -> None:
    only = sample_frame[sample_frame["change"] & (sample_frame["unit"] == unit)]
    assert {ax.get_xlabel() for ax in data_axes(render(charts.changes_diverging(only)))} == {label}


def test_percent_and_pp_never_share_an_axis(sample_frame: pd.DataFrame) -> None:
    fig = render(charts.changes_diverging(sample_frame))
    for ax in data_axes(fig):
        labels = {t.get_text()[-2:] == "pp" for t in ax.texts if t.get_text()[:1] in "+−"}
        assert len(labels) == 1, ax.get_title(loc="left")  # % or pp, never both
    assert {ax.get_xlabel() for ax in data_axes(fig)} == set(charts.CHANGE_AXES.values())


def test_changes_diverging_sign_without_direction() -> None:
    base = {
        "doc_id": "d",
        "start": 0,
        "end": 1,
        "text": "-3%",
        "unit": "percent",
        "counted": "thefts",
        "indicator": None,
        "scope": "area",
        "scope_name": None,
        "topic": "crackdown",
        "change": True,
        "baseline": None,
        "qualifier": None,
        "repaired": None,
        "confidence": 0.9,
        "sentence": "s",
        "region": "Xihu",
        "year": 2024,
    }
    frame = metrics_to_frame(
        [
            Metric(value=-3.0, direction=None, **base),
            Metric(value=2.0, direction=None, **{**base, "text": "2%"}),
        ]
    )
    fig = render(charts.changes_diverging(frame))
    widths = sorted(r.get_width() for r in bars(main_axes(fig)))
    assert widths == [-3.0, 2.0]
    assert main_axes(fig).get_xlim()[0] < -3.0 < 2.0 < main_axes(fig).get_xlim()[1]


# --------------------------------------------------------------------------- titles on the seeds


def test_no_title_on_the_seeds_rests_on_a_guess_or_a_benchmark() -> None:
    """Charts as the notebooks draw them over the bundled seeds: no title quotes a value only a
    repaired-unconfirmed, low-confidence or benchmark figure has, and units are named."""
    import _briefs as briefs

    from kit.present import fmt, series

    _, _, frame = briefs.load()
    shown = fmt.shown(frame)
    ok = series.headline_ok(frame)
    guesses = {v for v in set(shown[~ok]) - set(shown[ok]) if any(c in v for c in "%+−,.")}
    assert {"+466.2%", "over 803,000", "−92%", "0.25%"} <= guesses
    drawn = {
        "changes": charts.changes_diverging(briefs.select(frame, change=True)),
        "crackdown changes": charts.changes_diverging(
            briefs.select(frame, topic="crackdown", change=True)
        ),
        "rates": charts.rates_dot(
            briefs.select(frame, indicators=["dispute_resolution_rate"], change=False)
        ),
        "dispute rates": charts.rates_dot(briefs.dispute_rates(frame)),
        "all rates": charts.rates_dot(briefs.select(frame, unit="percent", change=False)),
        "levels": charts.series_bars(briefs.select(frame, keyed=True, change=False)),
        "disputes resolved": charts.series_bars(
            briefs.select(frame, indicators=["disputes_resolved"], unit="count", change=False)
        ),
        "topics": charts.topic_bar(frame),
    }
    for name, fig in drawn.items():
        title = fig.get_suptitle().replace("\n", " ")
        assert not [g for g in guesses if g in title], (name, title)
    rates_title = drawn["rates"].get_suptitle().replace("\n", " ")
    # the unit is named; the Chinese original and its translation are one report, unmarked
    assert "99.7% (Xining 2023 · 城北公安分局)" in rates_title
    resolved = drawn["disputes resolved"]
    assert "Xining 2023 · 城北公安分局" in ytick_texts(resolved)
    assert main_axes(resolved).get_xscale() == "log"  # 125 … over 803,000
    assert "over 803,000" in all_texts(resolved)  # the qualifier stays on the bar's label


# ---------------------------------------------------------------- cuts, log ticks, labels


def figure_row(doc: str, value: float, *, region: str = "Xihu", **kw: object) -> Metric:
    """One stated fraud-loss rate (or what `kw` says) of report `doc`."""
    from _metrics import QUIET

    text = kw.pop("text", f"{value:g}%")
    sentence = f"The rate was {text} this year."
    fields = {
        **QUIET,
        "indicator": "fraud_losses",
        "topic": "crackdown",
        "unit": "percent",
        "counted": "fraud loss rate",
        **kw,
    }
    return Metric(
        doc_id=doc,
        start=13,
        end=13 + len(str(text)),
        text=str(text),
        value=value,
        sentence=sentence,
        region=region,
        year=2024,
        period="annual",
        language="en",
        **fields,  # type: ignore[arg-type]
    )


def note_text(fig: Figure) -> str:
    """The chart's note on what it shows, from its footer (wrapped lines joined)."""
    footer = " ".join(" ".join(t.split()) for t in all_texts(fig) if "Showing" in t)
    return footer[footer.find("Showing") :] if footer else ""


def test_a_cut_keeps_the_reports_own_figures_and_says_what_it_left_out() -> None:
    """48 figures in one panel, 40 of them benchmarks quoted from elsewhere, larger than the
    report's own: the report's own 0.11% stays, the note counts what was not drawn."""
    own = [figure_row(f"r{i}.txt", v, region=f"Place{i}") for i, v in enumerate([0.11, 2, 3])]
    bench = [
        figure_row(f"b{i}.txt", 5 + i, region=f"Other{i}", scope="elsewhere", scope_name="national")
        for i in range(45)
    ]
    frame = metrics_to_frame([*bench, *own])
    fig = render(charts.series_bars(frame, max_rows=31))
    labels = ytick_texts(fig)
    assert len(labels) == 31
    assert {"Place0 2024", "Place1 2024", "Place2 2024"} <= set(labels)  # the report's own
    assert note_text(fig).startswith(
        "Showing the largest (the reports' own first) 31 of 48 figures; not drawn: "
        "17 benchmarks, listed in the table."
    )
    rates = render(charts.rates_dot(frame, max_rows=31))
    assert "not drawn: 17 benchmarks" in note_text(rates)


#: values of one percent panel spanning 100x or more: (id, values)
LOG_PANELS: list[tuple[str, list[float]]] = [
    ("fraud loss 0.11% to 98%", [0.11, 12.5, 98.0]),
    ("tiny rates", [0.002, 0.05, 0.4]),
]


@pytest.mark.parametrize("values", [v for _, v in LOG_PANELS], ids=[i for i, _ in LOG_PANELS])
def test_log_axes_have_real_ticks(values: list[float]) -> None:
    rows = [figure_row(f"d{i}.txt", v, region=f"R{i}") for i, v in enumerate(values)]
    fig = render(charts.series_bars(metrics_to_frame(rows)))
    ax = main_axes(fig)
    assert ax.get_xscale() == "log"
    lo, hi = ax.get_xlim()
    ticks = [t.get_text() for t in ax.get_xticklabels() if lo <= t.get_position()[0] <= hi]
    ticks = [t for t in ticks if t]
    assert len(ticks) >= 2 and len(set(ticks)) == len(ticks), ticks
    assert "0%" not in ticks and all(t.endswith("%") for t in ticks), ticks


def test_two_bars_of_one_report_get_unique_labels() -> None:
    """One report states two figures of one series: each bar says which one it is."""
    rows = [
        figure_row("x.txt", 118, unit="count", text="118", counted="telecom fraud cases solved"),
        figure_row("x.txt", 86, unit="count", text="86", counted="cross-border fraud cases"),
    ]
    rows[1] = Metric(**{**rows[1].to_dict(), "start": 40, "end": 42})
    fig = render(charts.series_bars(metrics_to_frame(rows)))
    labels = ytick_texts(fig)
    assert len(labels) == 2 and len(set(labels)) == 2, labels
    assert all(label.startswith("Xihu 2024 · ") for label in labels), labels
