"""kit.present.explore: the live JupyterLab view and the static briefing fragment."""

from __future__ import annotations

import base64
import json
import re
from functools import partial

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import SAMPLE_METRICS

from kit.frame import metrics_to_frame
from kit.present import charts
from kit.present.explore import (
    DEFAULT_COLUMNS,
    MAX_VARIANTS,
    Explorer,
    StaticExplorer,
    explore,
    render_png,
)
from kit.present.widgets import EMPTY_SELECTION
from kit.schema import Metric

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">details</a>'


def hostile_frame() -> pd.DataFrame:
    """Figures whose document text is markup a scraped report could contain."""

    def metric(region: str, topic: str, year: int, value: float, counted: str, sentence: str):
        text = f"{value:g}"
        return Metric(
            doc_id=f"{region.lower()}<u>.txt",
            start=0,
            end=len(text),
            text=text,
            value=value,
            unit="count",
            counted=counted,
            indicator=None,
            scope="area",
            scope_name=None,
            topic=topic,
            change=False,
            direction=None,
            baseline=None,
            qualifier=None,
            repaired=None,
            confidence=0.9,
            sentence=sentence,
            region=region,
            year=year,
            period="annual",
            language="en",
        )

    return metrics_to_frame(
        [
            metric("Xining", "crackdown", 2023, 12, f"cases {SCRIPT}", f"solved 12 cases {IMG}"),
            metric("Xining", "disputes", 2023, 35, "disputes", f"resolved 35 disputes {LINK}"),
            metric(f"Evil{SCRIPT}", "crackdown", 2024, 7, "gangs", f"broke up 7 gangs {SCRIPT}"),
        ]
    )


def visible_png(explorer: Explorer) -> str:
    (output,) = explorer.chart_output.outputs
    return output["data"]["image/png"]


@pytest.fixture(scope="module")
def fragment() -> StaticExplorer:
    """The default briefing fragment of the sample frame, built once (about 40 charts)."""
    return explore(
        metrics_to_frame(SAMPLE_METRICS), charts.counts_bar, title="Figures", briefing=True
    )


def imgs(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def config(html: str) -> dict:
    match = re.search(r'<script type="application/json" class="kx-config">(.*?)</script>', html)
    assert match
    return json.loads(match.group(1))


# --------------------------------------------------------------------------- JupyterLab


def test_lab_mode_returns_a_widget_that_follows_the_panel(sample_frame: pd.DataFrame) -> None:
    view = explore(sample_frame, charts.counts_bar, title="Figures by region")
    assert isinstance(view, Explorer) and isinstance(view, w.VBox)
    heading, panel_and_chart, table = view.children
    assert "Figures by region" in heading.value
    assert view.panel.widget in panel_and_chart.children
    assert table is view.table
    assert view.table.value.count('<tr class="kx-row') == len(sample_frame)
    png_all = visible_png(view)

    view.panel.region.value = ("Sichuan",)

    n_sichuan = int((sample_frame["region"] == "Sichuan").sum())
    assert view.table.value.count('<tr class="kx-row') == n_sichuan
    assert "1,523" in view.table.value  # a Sichuan figure ...
    assert "6,600" not in view.table.value  # ... and not a Xining one
    assert visible_png(view) != png_all
    assert plt.get_fignums() == []  # every drawn figure was closed


def test_lab_mode_marks_repaired_and_doubtful_rows(sample_frame: pd.DataFrame) -> None:
    table = explore(sample_frame, charts.rates_dot, title="Rates").table.value
    n_repaired = int(sample_frame["repaired"].notna().sum())
    assert table.count('<tr class="kx-row kx-repaired') == n_repaired
    assert table.count('class="kx-check"') == int((sample_frame["confidence"] < 0.5).sum()) + 1
    assert "⚠ dropped_<wbr>decimal_<wbr>in_<wbr>rate" in table
    assert 'title="986% read as 98.6%"' in table  # the repair's note on hover
    assert "<mark>986%</mark>" in table  # the surface highlighted in its sentence


def test_lab_mode_empty_selection_says_so(sample_frame: pd.DataFrame) -> None:
    view = explore(sample_frame, charts.counts_bar, title="t")
    with view.panel.hold():
        view.panel.region.value = ("Xihu",)
        view.panel.year.value = (2013,)
    assert EMPTY_SELECTION in view.table.value


def test_lab_mode_escapes_document_text() -> None:
    table = explore(hostile_frame(), charts.counts_bar, title="<i>t</i>").table.value
    for raw in (SCRIPT, IMG, LINK):
        assert raw not in table
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table


def test_unknown_columns_are_refused(sample_frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="not columns of the metrics frame: nope"):
        explore(sample_frame, charts.counts_bar, title="t", columns=("region", "nope"))
    with pytest.raises(ValueError, match="nada"):
        explore(sample_frame, charts.counts_bar, title="t", filters=("nada",), briefing=True)


# --------------------------------------------------------------------------- briefing fragment


def test_briefing_mode_is_a_self_contained_fragment(
    sample_frame: pd.DataFrame, fragment: StaticExplorer
) -> None:
    result = fragment
    assert isinstance(result, StaticExplorer)
    html = result._repr_html_()
    assert html == result.html and html.startswith('<div class="kit-explore" id="kx-')

    # one select per filter with more than one value, "All" first
    for column, values in {
        "region": ["Shenzhen", "Sichuan", "Xihu", "Xining"],
        "topic": ["crackdown", "disputes", "traffic", "prevention", "service", "team"],
        "year": ["2013", "2023", "2024"],
    }.items():
        select = re.search(rf'<select class="kx-select" data-filter="{column}".*?</select>', html)
        assert select, column
        options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', select.group(0))
        assert options == [("", "All")] + [(v, v) for v in values]
    assert result.filters == ("region", "topic", "year")

    # one image per distinct variant, the static "All" chart first and the only one visible
    images = imgs(html)
    assert len(images) == result.n_variants > 1
    assert 'class="kx-chart kx-all" data-variant="0" alt=' in images[0]
    assert all(" hidden " in img for img in images[1:])
    assert sorted(set(config(html)["variants"].values())) == list(range(len(images)))
    assert len({re.search(r'src="([^"]+)"', i).group(1) for i in images}) == len(images)
    for img in images:
        src = re.search(r'src="data:image/png;base64,([^"]+)"', img)
        assert src and base64.b64decode(src.group(1)).startswith(b"\x89PNG")

    # one row per figure, carrying the filter values
    rows = re.findall(r"<tr class=\"kx-row[^>]*>", html)
    assert len(rows) == len(sample_frame)
    n_xining = int((sample_frame["region"] == "Xining").sum())
    assert sum('data-region="Xining"' in r for r in rows) == n_xining
    assert all(re.search(r'data-region="\w+" data-topic="\w+" data-year="\d{4}"', r) for r in rows)

    # legend, marks, the switcher and nothing from the network
    assert "⚠" in html and "check source" in html and 'class="kx-legend"' in html
    n_repaired = int(sample_frame["repaired"].notna().sum())
    assert html.count('<tr class="kx-row kx-repaired') == n_repaired
    assert "<script>" in html and "addEventListener" in html
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html, re.I)
    assert plt.get_fignums() == []


def test_variant_keys_point_at_the_charts_of_each_combination(fragment: StaticExplorer) -> None:
    result = fragment
    variants = config(result.html)["variants"]
    # keys are the selected option index of each select (0 = All); "All" is image 0
    assert variants["0,0,0"] == 0
    xining = variants["4,0,0"]  # region = Xining (4th value)
    assert xining == variants["4,0,2"]  # Xining's figures are all from 2023: same rows, same image
    assert variants["3,0,0"] != xining  # Xihu
    assert "3,0,1" not in variants  # Xihu has no figures in 2013: "no figures" in the page
    assert config(result.html)["complete"] is True


def test_fragments_are_independent(sample_frame: pd.DataFrame, fragment: StaticExplorer) -> None:
    a = fragment.html
    b = explore(sample_frame, charts.topic_bar, title="b", filters=("region",), briefing=True).html
    id_a = re.match(r'<div class="kit-explore" id="(kx-[0-9a-f]+)"', a).group(1)
    id_b = re.match(r'<div class="kit-explore" id="(kx-[0-9a-f]+)"', b).group(1)
    assert id_a != id_b
    assert f'document.getElementById("{id_a}")' in a  # each script drives its own fragment


def test_briefing_mode_escapes_document_text() -> None:
    html = explore(hostile_frame(), charts.counts_bar, title="Gangs <u>", briefing=True).html
    for raw in (SCRIPT, IMG, LINK, "<u>", 'href="javascript'):
        assert raw not in html, raw
    assert "cases &lt;script&gt;alert(1)&lt;/script&gt;" in html  # counted
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # sentence
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;details&lt;/a&gt;" in html
    assert 'data-region="Evil&lt;script&gt;alert(1)&lt;/script&gt;"' in html  # attribute
    assert '<option value="Evil&lt;script&gt;alert(1)&lt;/script&gt;">' in html  # select
    assert "Gangs &lt;u&gt;" in html  # the title too
    assert "xining&lt;u&gt;.txt" in html  # report names
    scripts = re.findall(r"<script[^>]*>", html)  # only the fragment's own two
    assert scripts == ['<script type="application/json" class="kx-config">', "<script>"]


def test_single_valued_filters_get_no_select(sample_frame: pd.DataFrame) -> None:
    one = sample_frame[sample_frame["region"] == "Sichuan"]
    result = explore(one, charts.counts_bar, title="t", briefing=True)
    assert result.filters == ("topic",)  # one region, one year: nothing to choose
    assert 'data-filter="region"' not in result.html
    assert 'data-region="Sichuan"' in result.html  # rows still carry it


def test_no_filters_no_script(sample_frame: pd.DataFrame) -> None:
    result = explore(sample_frame, charts.counts_bar, title="t", filters=(), briefing=True)
    assert result.n_variants == 1 and "<select" not in result.html
    assert "<script>" not in result.html


def test_too_many_combinations_fall_back_to_one_filter_variants(
    sample_frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kit.present.explore.MAX_VARIANTS", 8)
    result = explore(sample_frame, charts.counts_bar, title="t", briefing=True)
    assert result.reduced
    variants = config(result.html)["variants"]
    assert config(result.html)["complete"] is False
    assert all(key.count("0") >= 2 for key in variants)  # at most one filter chosen per key
    assert len(imgs(result.html)) <= 8 + 1
    assert "the table applies every filter" in result.html  # what the page says then
    assert MAX_VARIANTS == 60


def test_chart_errors_name_the_variant(sample_frame: pd.DataFrame) -> None:
    def fragile(frame: pd.DataFrame):
        if frame["region"].nunique() == 1:
            raise KeyError("boom")
        return charts.counts_bar(frame)

    with pytest.raises(RuntimeError, match=r"chart fragile failed for Region = \w+"):
        explore(sample_frame, fragile, title="t", briefing=True)
    assert plt.get_fignums() == []


def test_any_chart_function_and_columns(sample_frame: pd.DataFrame) -> None:
    chart = partial(charts.counts_bar, by="topic")
    columns = ("doc_id", "indicator", "value")
    result = explore(
        sample_frame, chart, title="t", columns=columns, filters=("year",), briefing=True
    )
    assert "<th>Report</th><th>Metric</th><th>Value</th>" in result.html
    assert DEFAULT_COLUMNS[0] == "region"


def test_pyplot_figures_are_closed() -> None:
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    png = render_png(fig)
    assert base64.b64decode(png).startswith(b"\x89PNG")
    assert plt.get_fignums() == []


def test_long_tables_are_cut_and_say_so(
    sample_frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kit.present.explore.MAX_TABLE_ROWS", 5)
    result = explore(sample_frame, charts.counts_bar, title="t", filters=(), briefing=True)
    assert result.html.count('<tr class="kx-row') == 5
    assert f"Showing the first 5 of {len(sample_frame)} figures." in result.html
