"""FilterPanel and interactive, driven headlessly by setting control values from Python."""

from __future__ import annotations

import base64
import time

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kit.present import charts
from kit.present.widgets import (
    EMPTY_SELECTION,
    FilterPanel,
    display_name,
    indicator_names,
    interactive,
    present_values,
    render_output,
)


def recorder(panel: FilterPanel) -> list[pd.DataFrame]:
    calls: list[pd.DataFrame] = []
    panel.on_change(calls.append)
    return calls


def output_of(view: w.VBox) -> w.Output:
    out = view.children[1]
    assert isinstance(out, w.Output)
    return out


# --------------------------------------------------------------------------- FilterPanel


def test_controls_list_only_values_present(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    values = {
        name: [v for _, v in getattr(panel, name).options]
        for name in ("region", "year", "period", "language", "topic")
    }
    assert values["region"] == ["Shenzhen", "Sichuan", "Xihu", "Xining"]
    assert values["year"] == [2013, 2023, 2024]
    assert values["period"] == ["annual", "spring_festival"]
    assert values["language"] == ["en", "zh"]
    assert "other" not in values["topic"]  # a declared topic no figure has
    assert values["topic"][:3] == ["crackdown", "disputes", "traffic"]  # declared order
    metrics = [v for _, v in panel.indicator.options]
    assert "dispute_resolution_rate" in metrics and None not in metrics
    for control in (
        panel.region,
        panel.year,
        panel.period,
        panel.language,
        panel.topic,
        panel.indicator,
    ):
        assert isinstance(control, w.SelectMultiple)
        assert control.value == ()


def test_slider_and_toggle_defaults(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    s = panel.min_confidence
    assert isinstance(s, w.FloatSlider)
    assert (s.min, s.max, s.step, s.value) == (0.0, 1.0, 0.05, 0.0)
    assert s.continuous_update is False  # dragging fires once, on release
    assert isinstance(panel.hide_repaired, w.Checkbox | w.ToggleButton)
    assert panel.hide_repaired.value is False


def test_nothing_selected_means_no_filter(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    assert len(panel.filtered) == len(sample_frame)
    assert "22 of 22 figures" in panel.status.value


def test_filters_combine(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    panel.region.value = ("Xining",)
    assert len(panel.filtered) == 14
    assert set(panel.filtered["region"]) == {"Xining"}
    panel.language.value = ("zh",)
    assert len(panel.filtered) == 4
    panel.language.value = ()  # Sichuan has no Chinese report: it is listed again only now
    panel.region.value = ("Xining", "Sichuan")
    panel.year.value = (2023,)
    assert set(panel.filtered["region"]) == {"Xining", "Sichuan"}
    assert len(panel.filtered) == 17
    panel.topic.value = ("disputes",)
    panel.indicator.value = ("dispute_resolution_rate",)
    assert sorted(panel.filtered["value"]) == [98.1, 98.6, 99.7]
    assert "3 of 22 figures" in panel.status.value


def test_lists_narrow_to_what_the_other_choices_leave_with_counts(
    sample_frame: pd.DataFrame,
) -> None:
    panel = FilterPanel(sample_frame)
    n_2013 = int((sample_frame["year"] == 2013).sum())
    assert (f"2013 ({n_2013})", 2013) in panel.year.options
    panel.region.value = ("Xihu",)
    xihu = sample_frame[sample_frame["region"] == "Xihu"]
    expected = [(f"{y} ({n})", y) for y, n in xihu["year"].value_counts().sort_index().items()]
    assert list(panel.year.options) == expected and 2013 not in xihu["year"].tolist()
    assert panel.region.value == ("Xihu",)  # the list that was chosen in keeps its choice
    assert [v for _, v in panel.region.options] == ["Shenzhen", "Sichuan", "Xihu", "Xining"]
    panel.year.value = (2024,)
    in_2024 = sample_frame[sample_frame["year"] == 2024]["region"].unique()
    assert {v for _, v in panel.region.options} == set(in_2024) | {"Xihu"}
    panel.reset()
    assert (f"2013 ({n_2013})", 2013) in panel.year.options


@pytest.mark.parametrize(
    ("keep", "shown"),
    [
        (None, ["region", "year", "period", "language", "topic", "indicator"]),
        ("Sichuan", ["topic", "indicator"]),  # one region, one year, one period, one language
    ],
)
def test_single_value_lists_are_hidden(
    sample_frame: pd.DataFrame, keep: str | None, shown: list[str]
) -> None:
    frame = sample_frame if keep is None else sample_frame[sample_frame["region"] == keep]
    panel = FilterPanel(frame)
    assert panel.shown == [c for c in shown if frame[c].nunique() > 1]
    hidden = [c for c in panel.selects if c not in panel.shown]
    grid = panel.widget.children[1]
    for cell, column in zip(grid.children, panel.selects, strict=True):
        assert (cell.layout.display == "none") is (column in hidden)


def test_filters_argument_chooses_the_lists(sample_frame: pd.DataFrame) -> None:
    frame = sample_frame.assign(sub_bureau=["城北公安分局", None] * (len(sample_frame) // 2))
    panel = FilterPanel(frame, filters=("region", "sub_bureau"))
    assert list(panel.selects) == ["region", "sub_bureau"]
    assert panel.labels["sub_bureau"] == "Sub bureau"
    panel.selects["sub_bureau"].value = ("城北公安分局",)
    assert len(panel.filtered) == len(sample_frame) // 2
    with pytest.raises(ValueError, match="nope"):
        FilterPanel(frame, filters=("nope",))


def test_metric_lists_show_readable_names(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    labels = dict((v, label) for label, v in panel.indicator.options)
    assert labels["dispute_resolution_rate"].startswith("Dispute resolution rate (")
    assert display_name("indicator", "fraud_cases_solved") == "Fraud cases solved"
    assert display_name("indicator", "not_a_key") == "Not a key"
    names = indicator_names()
    assert len(names) >= 29 and names["gangs_smashed"] == "Gangs smashed"


def test_panel_displays_itself_in_jupyter(sample_frame: pd.DataFrame) -> None:
    bundle = FilterPanel(sample_frame)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "object at 0x" not in str(bundle.get("text/plain", ""))


def test_confidence_and_repaired_filters(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    panel.min_confidence.value = 0.5
    assert (panel.filtered["confidence"] >= 0.5).all()
    assert len(panel.filtered) == int((sample_frame["confidence"] >= 0.5).sum())
    panel.min_confidence.value = 0.6  # float steps must not drop the 0.6 figures
    assert 0.6 in set(panel.filtered["confidence"])
    panel.min_confidence.value = 0.0
    panel.hide_repaired.value = True
    assert panel.filtered["repaired"].isna().all()
    assert len(panel.filtered) == int(sample_frame["repaired"].isna().sum())


def test_callback_fires_once_per_change(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    calls = recorder(panel)
    panel.region.value = ("Xihu",)
    assert len(calls) == 1 and set(calls[0]["region"]) == {"Xihu"}
    panel.min_confidence.value = 0.55
    panel.hide_repaired.value = True
    assert len(calls) == 3
    assert calls[-1] is panel.filtered
    panel.region.value = ("Xihu",)  # no change, no call
    assert len(calls) == 3


def test_reset_clears_everything_with_one_call(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    panel.region.value = ("Xihu",)
    panel.year.value = (2024,)
    panel.min_confidence.value = 0.5
    panel.hide_repaired.value = True
    calls = recorder(panel)
    panel.reset()
    assert len(calls) == 1
    assert len(calls[0]) == len(sample_frame)
    assert panel.region.value == () and panel.year.value == ()
    assert panel.min_confidence.value == 0 and panel.hide_repaired.value is False
    panel.reset_button.click()
    assert len(calls) == 2


def test_hold_batches_changes(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    calls = recorder(panel)
    with panel.hold():
        panel.region.value = ("Xining",)
        panel.language.value = ("en",)
    assert len(calls) == 1 and len(calls[0]) == 10


def test_widget_is_a_labelled_box_with_every_control(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    assert isinstance(panel.widget, w.Box)

    def walk(widget: w.Widget) -> list[w.Widget]:
        children = getattr(widget, "children", ())
        return [widget, *(x for c in children for x in walk(c))]

    inside = walk(panel.widget)
    for control in panel.controls:
        assert any(control is x for x in inside)
    labels = " ".join(x.value for x in inside if isinstance(x, w.HTML))
    for label in ("Region", "Year", "Period", "Language", "Topic", "Metric"):
        assert label in labels


def test_present_values_handles_nulls_and_empty(sample_frame: pd.DataFrame) -> None:
    assert present_values(sample_frame.iloc[0:0]["region"]) == []
    assert present_values(pd.Series([2023, None, 2013], dtype="Int64")) == [2013, 2023]
    empty = FilterPanel(sample_frame.iloc[0:0])
    assert empty.region.options == () and len(empty.filtered) == 0


def test_filtering_a_million_rows_is_fast(sample_frame: pd.DataFrame) -> None:
    big = sample_frame.iloc[np.resize(np.arange(len(sample_frame)), 1_000_000)]
    big = big.reset_index(drop=True)
    panel = FilterPanel(big)
    calls = recorder(panel)
    started = time.perf_counter()
    with panel.hold():
        panel.region.value = ("Xining", "Xihu")
        panel.year.value = (2023, 2024)
        panel.topic.value = ("crackdown", "traffic")
        panel.min_confidence.value = 0.5
        panel.hide_repaired.value = True
    elapsed = time.perf_counter() - started
    small = sample_frame
    keep = (
        small["region"].isin(["Xining", "Xihu"])
        & small["year"].isin([2023, 2024])
        & small["topic"].isin(["crackdown", "traffic"])
        & (small["confidence"] >= 0.5)
        & small["repaired"].isna()
    )
    per_copy = int(keep.sum())
    assert len(calls) == 1
    assert abs(len(panel.filtered) - per_copy * 1_000_000 / len(small)) <= per_copy
    assert elapsed < 2.0, f"filtering a million rows took {elapsed:.2f}s"


# --------------------------------------------------------------------------- interactive


def test_interactive_draws_once_then_once_per_change(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)
    seen: list[int] = []

    def draw(frame: pd.DataFrame) -> pd.DataFrame:
        seen.append(len(frame))
        return frame[["region", "value"]]

    view = interactive(panel, draw)
    assert isinstance(view, w.VBox)
    assert view.children[0] is panel.widget
    assert seen == [22]
    panel.region.value = ("Sichuan",)
    assert seen == [22, 3]
    outputs = output_of(view).outputs
    assert len(outputs) == 1
    assert "Sichuan" in outputs[0]["data"]["text/html"]


def test_interactive_shows_message_and_skips_draw_on_empty_selection(
    sample_frame: pd.DataFrame,
) -> None:
    panel = FilterPanel(sample_frame)
    seen: list[int] = []
    view = interactive(panel, lambda frame: seen.append(len(frame)) or "drawn")
    with panel.hold():
        panel.region.value = ("Shenzhen",)
        panel.year.value = (2024,)
    assert seen == [22]
    (output,) = output_of(view).outputs
    assert EMPTY_SELECTION in output["data"]["text/plain"]
    assert EMPTY_SELECTION in output["data"]["text/markdown"]
    panel.reset()
    assert seen == [22, 22]
    (output,) = output_of(view).outputs
    assert output["data"]["text/markdown"] == "drawn"


def test_interactive_figures_do_not_leak_or_duplicate(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)

    def pyplot_draw(frame: pd.DataFrame) -> plt.Figure:
        fig, ax = plt.subplots()
        ax.bar(range(len(frame)), frame["value"])
        return fig

    before = plt.get_fignums()
    view = interactive(panel, pyplot_draw)
    charts_view = interactive(panel, charts.counts_bar)
    for region in ("Xining", "Xihu", "Sichuan"):
        panel.region.value = (region,)
        for v in (view, charts_view):
            (output,) = output_of(v).outputs
            assert base64.b64decode(output["data"]["image/png"]).startswith(b"\x89PNG")
    assert plt.get_fignums() == before


def test_interactive_shows_draw_errors_after_the_first_draw(sample_frame: pd.DataFrame) -> None:
    panel = FilterPanel(sample_frame)

    def draw(frame: pd.DataFrame) -> str:
        if len(frame) < 22:
            raise RuntimeError("cannot draw this")
        return "ok"

    view = interactive(panel, draw)
    panel.region.value = ("Xihu",)
    (output,) = output_of(view).outputs
    assert output["output_type"] == "error" and output["evalue"] == "cannot draw this"
    with pytest.raises(RuntimeError):
        interactive(panel, draw)


def test_render_output_for_every_drawable(sample_frame: pd.DataFrame) -> None:
    table = sample_frame[["region", "value"]].head(3)
    assert "text/html" in render_output(table)["data"]
    assert "Xining" in render_output(table.style.format(precision=1))["data"]["text/html"]
    assert render_output("**note**")["data"]["text/markdown"] == "**note**"
    fig = charts.rates_dot(sample_frame)
    assert "image/png" in render_output(fig)["data"]


#: (id, column, the values a filter offers, each row's index among them; -1: no value)
VALUE_CODES = [
    (
        "category-with-missing",
        pd.Series(pd.Categorical(["Xining", None, "Sichuan", "Xining"])),
        ["Sichuan", "Xining"],
        [1, -1, 0, 1],
    ),
    (
        "year-int64-with-missing",
        pd.Series([2023, None, 2021], dtype="Int64"),
        [2021, 2023],
        [1, -1, 0],
    ),
    ("text-not-offered", pd.Series(["traffic", "disputes"], dtype="string"), ["traffic"], [0, -1]),
]


@pytest.mark.parametrize(
    ("column", "values", "expected"), [c[1:] for c in VALUE_CODES], ids=[c[0] for c in VALUE_CODES]
)
def test_value_codes_are_the_one_filter_rule(
    column: pd.Series, values: list, expected: list
) -> None:
    """The Lab's filters and the briefing's selects (one more, 0 being "All") share this rule."""
    from kit.present.explore import _codes
    from kit.present.widgets import value_codes

    assert value_codes(column, values).tolist() == expected
    assert _codes(column, values).tolist() == [c + 1 for c in expected]
