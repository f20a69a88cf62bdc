"""kit.present.explore: the live JupyterLab view and the static briefing fragment."""

from __future__ import annotations

import base64
import gzip
import html
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
    DEFAULT_FILTERS,
    Explorer,
    StaticExplorer,
    explore,
)
from kit.present.variants import MAX_VARIANTS, render_png
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


def payload(html: str) -> dict:
    """The figures the page's script reads: columns of raw values, sentences stored once."""
    data = config(html)["data"]
    if "rows" in data:
        return data["rows"]
    return json.loads(gzip.decompress(base64.b64decode(data["gzip"])).decode("utf-8"))


def charts_of(html: str) -> dict:
    packed = config(html)["charts"]["gzip"]
    return json.loads(gzip.decompress(base64.b64decode(packed)).decode("utf-8"))


def static_rows(html: str) -> list[str]:
    """The rows of the table shown without JavaScript (and in print)."""
    body = re.search(r'<div class="kx-static">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert body
    return body.group(1).split("<tr")[1:]


# --------------------------------------------------------------------------- JupyterLab


def test_lab_mode_returns_a_widget_that_follows_the_panel(sample_frame: pd.DataFrame) -> None:
    view = explore(sample_frame, charts.counts_bar, title="Figures by region")
    assert isinstance(view, Explorer) and isinstance(view, w.VBox)
    heading, panel_and_chart, tools, table = view.children
    assert view.search in tools.children and view.download_button in tools.children
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


def test_lab_mode_searches_downloads_and_cites_like_the_briefing(
    sample_frame: pd.DataFrame,
) -> None:
    """Search, Download CSV and Cite in JupyterLab follow the briefing's rules: the same
    searched columns, the same CSV columns, one citation per figure from kit.present.citation."""
    import csv
    import io

    from kit.present.citation import citations
    from kit.present.explore import csv_columns
    from kit.present.rows import prepared

    view = explore(sample_frame, charts.counts_bar, title="Figures by region")
    view.panel.region.value = ("Xining",)
    view.search.value = "  DISPUTE "  # trimmed, any case
    xining = sample_frame[sample_frame["region"] == "Xining"]
    about = xining["counted"].str.contains("dispute", case=False) | (xining["topic"] == "disputes")
    assert len(view.rows) == int(about.sum()) > 0
    assert view.table.value.count('<tr class="kx-row') == len(view.rows)
    view.download_button.click()
    link = view.download_link.value
    assert 'download="figures-by-region.csv"' in link and f"({len(view.rows)} figure" in link
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)
    text = base64.b64decode(encoded).decode("utf-8")
    assert text.startswith("\ufeff")
    records = list(csv.DictReader(io.StringIO(text[1:])))
    expected = csv_columns(prepared(xining), DEFAULT_COLUMNS, DEFAULT_FILTERS)
    assert list(records[0]) == expected and "signed_value" in expected
    assert [r["start"] for r in records] == [str(s) for s in view.rows["start"]]
    first = citations(view.rows.iloc[:1]).iloc[0]
    assert "<summary>Cite</summary>" in view.table.value
    assert html.escape(first) in view.table.value
    view.search.value = "no such words anywhere"
    assert EMPTY_SELECTION in view.table.value and view.download_link.value == ""


def test_briefing_mode_draws_no_empty_chart(sample_frame: pd.DataFrame) -> None:
    from kit.present.explore import NO_FIGURES
    from kit.present.mode import FRAGMENT_MIME

    fragment = explore(sample_frame.iloc[:0], charts.counts_bar, title="None", briefing=True)
    bundle = fragment._repr_mimebundle_()
    assert bundle[FRAGMENT_MIME] == bundle["text/html"] == fragment.html  # publish's handshake
    assert NO_FIGURES in fragment.html and "<img" not in fragment.html
    assert "<table" not in fragment.html and fragment.n_variants == 0


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


def test_lab_mode_uses_the_notebook_filters(sample_frame: pd.DataFrame) -> None:
    view = explore(sample_frame, charts.counts_bar, title="t", filters=("region", "year"))
    assert list(view.panel.selects) == ["region", "year"]
    default = explore(sample_frame, charts.counts_bar, title="t")
    assert list(default.panel.selects) == list(DEFAULT_FILTERS)


def test_lab_mode_leaves_a_static_chart_for_the_saved_notebook(
    sample_frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[dict] = []
    updates: list[dict] = []

    class Handle:
        def update(self, bundle: dict, raw: bool = False) -> None:
            updates.append(bundle)

    def fake_display(bundle: dict, raw: bool = False, display_id: bool = False) -> Handle | None:
        assert raw
        shown.append(bundle)
        return Handle() if display_id else None

    monkeypatch.setattr("kit.present.explore.display", fake_display)
    view = explore(sample_frame, charts.counts_bar, title="By region")
    view._ipython_display_()
    widget, marker, static = shown
    assert "application/vnd.jupyter.widget-view+json" in widget
    assert "kx-live-marker" in marker["text/html"] and ":has(.kit-explorer)" in marker["text/html"]
    assert static["image/png"] == visible_png(view)  # the chart as drawn, with no widget
    assert "kit-explorer" in view._dom_classes
    view.panel.region.value = ("Sichuan",)
    assert updates[-1]["image/png"] == visible_png(view) != static["image/png"]


def test_lab_mode_sentences_are_excerpts_that_open(sample_frame: pd.DataFrame) -> None:
    long = sample_frame.assign(
        sentence="In the whole of the year under review the bureau worked hard in every "
        "district and " + sample_frame["text"] + " was the figure the report gave at the "
        "end of a very long paragraph about many other things as well."
    )
    table = explore(long, charts.counts_bar, title="t").table.value
    assert table.count('<details class="kx-sent">') == len(long)
    first = long.iloc[0]
    assert f"<mark>{first['text']}</mark>" in table
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", table).group(1)
    assert summary.startswith("…") and "(more)" in summary
    assert "In the whole of the year under review" in table  # the whole sentence, once opened


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
    html = result._repr_mimebundle_()["text/html"]
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

    # "All" as a PNG in the page, every other distinct variant as a chart spec in the script's
    # data, drawn by the page's script into the variant box
    images = imgs(html)
    assert len(images) == 1 and 'class="kx-chart kx-all" data-variant="0" alt=' in images[0]
    assert '<div class="kx-chart kx-variant" hidden></div>' in html
    src = re.search(r'src="data:image/png;base64,([^"]+)"', images[0])
    assert src and base64.b64decode(src.group(1)).startswith(b"\x89PNG")
    specs = charts_of(html)["spec"]
    assert len(specs) == result.n_variants > 1 and specs[0] == ""
    assert sorted(set(config(html)["variants"].values())) == list(range(len(specs)))
    assert len({json.dumps(s, sort_keys=True) for s in specs[1:]}) == len(specs) - 1
    assert all(s["title"] and s["panels"] and s["footer"] for s in specs[1:])

    # every figure twice: a static row each, and in the script's data with its filter codes
    rows = static_rows(html)
    assert len(rows) == len(sample_frame) == config(html)["n"]
    data = payload(html)
    assert len(data["flags"]) == len(sample_frame)
    regions = ["Shenzhen", "Sichuan", "Xihu", "Xining"]
    n_xining = int((sample_frame["region"] == "Xining").sum())
    assert data["codes"]["region"].count(regions.index("Xining") + 1) == n_xining
    assert data["cols"]["region"] == [str(r) for r in sample_frame["region"]]
    sentences = [data["sentences"][i] for i in data["cols"]["sentence"]]
    assert sentences == list(sample_frame["sentence"])
    assert len(data["sentences"]) == sample_frame["sentence"].nunique()  # stored once
    assert data["cols"]["value"] == list(sample_frame["value"])

    # legend, marks, the switcher, the notice without script and nothing from the network
    assert "⚠" in html and "check source" in html and 'class="kx-legend"' in html
    n_repaired = int(sample_frame["repaired"].notna().sum())
    assert sum(r.startswith((" class=r>", ' class="r l">')) for r in rows) == n_repaired
    assert data["flags"].count(1) + data["flags"].count(3) == n_repaired
    assert '<p class="kx-nojs">Filters, search, sorting' in html
    assert '<div class="kx-filters" hidden>' in html  # controls show only with the script
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
    assert "cases &lt;img src=x…" in html  # sentence (its excerpt)
    assert "disputes &lt;a…" in html
    assert '<option value="Evil&lt;script&gt;alert(1)&lt;/script&gt;">' in html  # select
    assert "Gangs &lt;u&gt;" in html  # the title too
    assert "xining&lt;u&gt;.txt" in html  # report names
    scripts = re.findall(r"<script[^>]*>", html)  # only the fragment's own three
    assert scripts == ["<script>", '<script type="application/json" class="kx-config">', "<script>"]
    # the embedded data cannot end its element: no "<" at all inside it, yet it decodes intact
    embedded = re.search(r'class="kx-config">(.*?)</script>', html, re.S).group(1)
    assert "<" not in embedded and ">" not in embedded and "&" not in embedded
    data = payload(html)
    assert f"Evil{SCRIPT}" in data["cols"]["region"]
    # chart labels are data, as written: the script sets them as text (a browser test checks)
    labels = [
        r["label"] for s in charts_of(html)["spec"][1:] for p in s["panels"] for r in p["rows"]
    ]
    assert f"Evil{SCRIPT}" in labels
    assert any(IMG in s for s in data["sentences"])


@pytest.mark.parametrize("gzip_from", [0, 10**9])
def test_payload_round_trips_plain_or_gzipped(
    sample_frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch, gzip_from: int
) -> None:
    monkeypatch.setattr("kit.present.explore.GZIP_FROM", gzip_from)
    html = explore(sample_frame, charts.counts_bar, title="t", filters=(), briefing=True).html
    assert ("gzip" in config(html)["data"]) is (gzip_from == 0)
    data = payload(html)
    assert data["cols"]["doc_id"] == [str(d) for d in sample_frame["doc_id"]]
    assert data["cols"]["year"] == [int(y) for y in sample_frame["year"]]


def test_fragment_ids_survive_a_rebuild(sample_frame: pd.DataFrame) -> None:
    """A shared link names the fragment in its hash: the same call must get the same id."""
    from kit.present import explore as module

    module._USED_IDS.clear()
    first = module.fragment_id("Figures per topic", ("region",), ("region", "year"))
    module._USED_IDS.clear()  # a new kernel
    assert module.fragment_id("Figures per topic", ("region",), ("region", "year")) == first
    assert module.fragment_id("Figures per topic", ("region",), ("region", "year")) != first


def test_single_valued_filters_get_no_select(sample_frame: pd.DataFrame) -> None:
    one = sample_frame[sample_frame["region"] == "Sichuan"]
    result = explore(one, charts.counts_bar, title="t", briefing=True)
    assert result.filters == ("topic",)  # one region, one year: nothing to choose
    assert 'data-filter="region"' not in result.html
    assert payload(result.html)["codes"] == {"topic": payload(result.html)["codes"]["topic"]}


def test_no_filters_still_search_and_download(sample_frame: pd.DataFrame) -> None:
    result = explore(sample_frame, charts.counts_bar, title="t", filters=(), briefing=True)
    assert result.n_variants == 1 and "<select" not in result.html
    assert 'class="kx-search"' in result.html and "Download CSV" in result.html


def test_too_many_combinations_fall_back_to_one_filter_variants(
    sample_frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kit.present.variants.MAX_VARIANTS", 8)
    result = explore(sample_frame, charts.counts_bar, title="t", briefing=True)
    assert result.reduced
    variants = config(result.html)["variants"]
    assert config(result.html)["complete"] is False
    assert all(key.count("0") >= 2 for key in variants)  # at most one filter chosen per key
    assert len(charts_of(result.html)["spec"]) <= 8 + 1
    assert "the table applies every filter" in result.html  # what the page says then
    assert MAX_VARIANTS == 600


def test_chart_errors_name_the_variant(sample_frame: pd.DataFrame) -> None:
    def fragile(frame: pd.DataFrame):
        if frame["region"].nunique() == 1:
            raise KeyError("boom")
        return charts.counts_bar(frame)

    with pytest.raises(RuntimeError, match=r"chart fragile failed for Region = \w+"):
        explore(sample_frame, fragile, title="t", briefing=True)
    assert plt.get_fignums() == []


def test_other_chart_functions_get_variants_pre_rendered_by_matplotlib(
    sample_frame: pd.DataFrame,
) -> None:
    def by_topic(frame: pd.DataFrame):  # no spec: the page cannot draw it itself
        return charts.counts_bar(frame, by="topic")

    result = explore(sample_frame, by_topic, title="t", filters=("region",), briefing=True)
    svgs = charts_of(result.html)["svg"]
    assert len(svgs) == result.n_variants > 1 and svgs[0] == ""
    assert all(s.startswith("<svg") and "<script" not in s for s in svgs[1:])
    assert '<img class="kx-chart kx-variant" hidden alt="">' in result.html
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


def test_briefing_tables_hold_every_figure_and_lab_tables_are_cut(
    sample_frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kit.present.explore.LAB_TABLE_ROWS", 5)
    result = explore(sample_frame, charts.counts_bar, title="t", filters=(), briefing=True)
    assert len(static_rows(result.html)) == len(sample_frame)
    view = explore(sample_frame, charts.counts_bar, title="t")
    assert view.table.value.count('<tr class="kx-row') == 5
    assert f"Showing the first 5 of {len(sample_frame)} figures" in view.table.value


def test_the_briefing_mode_is_set_once_for_every_later_call(sample_frame: pd.DataFrame) -> None:
    """`kit.notebook.setup(briefing)` sets the mode; explore calls then pass nothing."""
    import kit.notebook as kn
    from kit.present.explore import Explorer, StaticExplorer

    try:
        kn.setup(briefing=True)
        assert isinstance(explore(sample_frame, charts.counts_bar, title="a"), StaticExplorer)
        kn.setup(briefing=False)
        assert isinstance(explore(sample_frame, charts.counts_bar, title="b"), Explorer)
    finally:
        kn.setup(briefing=False)
