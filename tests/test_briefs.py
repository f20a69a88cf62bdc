"""kit.present.briefs: data-shaping behind the notebooks, table-driven where the input is text."""

from __future__ import annotations

from typing import Any

import _briefs as briefs
import pandas as pd
import pytest
from _metrics import QUIET

import kit
from kit.frame import documents_to_frame, metrics_to_frame
from kit.present import selection
from kit.schema import Document, Metric

DOCS: dict[str, dict[str, Any]] = {
    "a.txt": {"region": "Xining", "year": 2023, "period": "annual", "language": "en"},
    "b.txt": {"region": "Xining", "year": 2023, "period": "annual", "language": "zh"},
    "c.txt": {"region": "Xihu", "year": 2024, "period": "spring_festival", "language": "en"},
    "d.txt": {"region": "Sichuan", "year": 2023, "period": "annual", "language": "en"},
}


def m(doc: str, value: float, unit: str = "count", counted: str = "cases", **kw: Any) -> Metric:
    """One Metric with quiet defaults; `text` defaults to the value as written."""
    text = kw.pop("text", f"{value:g}")
    sentence = kw.pop("sentence", f"The police handled {text} {counted}.")
    fields: dict[str, Any] = {
        **QUIET,
        **DOCS[doc],
        **kw,
    }
    start = kw.get("start", 10)
    return Metric(
        doc_id=doc,
        start=start,
        end=start + len(text),
        text=text,
        value=value,
        unit=unit,
        counted=counted,
        sentence=sentence,
        **{k: v for k, v in fields.items() if k != "start"},
    )


def frame_of(*metrics: Metric) -> pd.DataFrame:
    return metrics_to_frame(metrics)


@pytest.fixture
def frame() -> pd.DataFrame:
    return frame_of(
        m("a.txt", 6600, counted="contradictions", indicator="disputes_resolved", topic="disputes"),
        m(
            "a.txt",
            98.6,
            "percent",
            "mediation rate",
            text="986%",
            indicator="dispute_resolution_rate",
            topic="disputes",
            repaired="dropped_decimal_in_rate",
            confidence=0.75,
        ),
        m(
            "a.txt",
            61,
            counted="road traffic hazards",
            indicator="hazards_rectified",
            topic="traffic",
        ),
        m("a.txt", 64, counted="special crackdown actions", topic="crackdown"),
        m(
            "a.txt",
            6.32,
            "percent",
            "wire fraud cases",
            text="6 percent year-on-year32%",
            indicator="fraud_cases",
            topic="crackdown",
            change=True,
            direction="down",
            repaired="split_decimal_around_phrase",
            confidence=0.85,
        ),
        m(
            "b.txt",
            1286,
            counted="破获电信网络诈骗案件",
            indicator="fraud_cases_solved",
            topic="crackdown",
        ),
        m(
            "b.txt",
            99.7,
            "percent",
            "化解率",
            text="99.7%",
            indicator="dispute_resolution_rate",
            topic="disputes",
            scope="part",
            scope_name="城北公安分局",
            sentence="今年以来,城北公安分局化解矛盾纠纷1049起,化解率为99.7%。",
        ),
        m(
            "b.txt",
            98.6,
            "percent",
            "矛盾纠纷排查化解率",
            text="98.6%",
            indicator="dispute_resolution_rate",
            topic="disputes",
            sentence="矛盾纠纷排查化解率达98.6%",
        ),
        m(
            "b.txt",
            98.6,
            "percent",
            "矛盾纠纷排查化解率",
            text="98.6%",
            indicator="dispute_resolution_rate",
            topic="disputes",
            sentence="全市矛盾纠纷排查化解率达98.6%。",
            start=900,
        ),
        m(
            "c.txt",
            56,
            counted="criminal suspects",
            indicator="suspects_arrested",
            topic="crackdown",
        ),
        m(
            "c.txt",
            25,
            counted="criminal suspects",
            indicator="suspects_arrested",
            topic="crackdown",
        ),
        m(
            "c.txt",
            5315,
            counted="cases",
            text="53 cases15",
            topic="crackdown",
            repaired="digits_after_noun",
            confidence=0.35,
        ),
        m("c.txt", 39, counted="vehicle driving management businesses", topic="traffic"),
        m("d.txt", 3200, counted="labor disputes", indicator="disputes_resolved", topic="disputes"),
        m("d.txt", 1477, counted="centralized learning sessions", topic="team"),
    )


# --------------------------------------------------------------------------- selecting


@pytest.mark.parametrize(
    ("regions", "expected"),
    [
        (None, {"Xining", "Xihu", "Sichuan"}),
        (["Xining"], {"Xining"}),
        (["xining"], {"Xining"}),  # case does not matter
        ("Xihu", {"Xihu"}),  # a single name is one region, not its letters
        (["Xihu", "Sichuan"], {"Xihu", "Sichuan"}),
        (["Atlantis"], set()),
        ([], set()),
    ],
)
def test_filter_regions(frame: pd.DataFrame, regions: Any, expected: set[str]) -> None:
    out = briefs.filter_regions(frame, regions)
    assert set(out["region"].astype(str)) == expected
    assert list(out.columns) == list(frame.columns)


def test_filter_regions_works_on_documents_frames() -> None:
    docs = documents_to_frame(
        [
            Document(doc_id=d, text="x", **{k: v for k, v in meta.items()})
            for d, meta in DOCS.items()
        ]
    )
    assert list(briefs.filter_regions(docs, ["Xining"])["doc_id"]) == ["a.txt", "b.txt"]


def test_filter_regions_keeps_rows_without_region_only_when_unfiltered(frame: pd.DataFrame) -> None:
    frame = pd.concat([frame, frame_of(m("a.txt", 1, region=None))])
    assert len(briefs.filter_regions(frame, None)) == len(frame)
    assert briefs.filter_regions(frame, ["Xining"])["region"].notna().all()


def test_select_topic_or_metric_and_filters(frame: pd.DataFrame) -> None:
    crackdown = briefs.select(frame, topic="crackdown")
    assert set(crackdown["topic"].astype(str)) == {"crackdown"}
    either = briefs.select(frame, topic="traffic", indicators=["disputes_resolved"])
    assert set(either["topic"].astype(str)) == {"traffic", "disputes"}
    assert len(briefs.select(frame, unit="percent", change=False)) == 4
    assert list(briefs.select(frame, change=True)["value"]) == [6.32]
    assert briefs.select(frame, keyed=False)["indicator"].isna().all()
    assert briefs.select(frame, keyed=True)["indicator"].notna().all()
    assert list(briefs.select(frame, scope="part")["value"]) == [99.7]


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((98.6, "percent"), "98.6%"),
        ((96.0, "percent"), "96%"),
        ((6600.0, "count"), "6,600"),
        ((0.25, "percent"), "0.25%"),
        ((25.5, "pp", True, "up"), "+25.5 pp"),
        ((6.32, "percent", True, "down"), "−6.32%"),
        ((4.0, "percent", True, None), "±4%"),
        ((300_000_000.0, "yuan"), "300,000,000 yuan"),
        ((6600.0, "count", False, None, "more_than"), "over 6,600"),
        ((40.0, "count", False, None, "nearly"), "nearly 40"),
        ((float("nan"), "count"), "?"),
    ],
)
def test_format_value(args: tuple[Any, ...], expected: str) -> None:
    assert briefs.format_value(*args) == expected


@pytest.mark.parametrize(
    ("sentence", "surface", "width", "expected"),
    [
        ("Short sentence with 61 hazards.", "61", 240, "Short sentence with 61 hazards."),
        (None, "61", 240, ""),
        ("one two three 161 four 61 five six seven", "61", 20, "…161 four 61 five six…"),
        ("aaaa bbbb cccc dddd eeee ffff gggg", None, 12, "aaaa bbbb…"),
    ],
)
def test_excerpt(sentence: Any, surface: Any, width: int, expected: str) -> None:
    assert briefs.excerpt(sentence, surface, width) == expected


def test_excerpt_keeps_the_figure_in_view() -> None:
    sentence = "word " * 100 + "resolved 1,049 disputes " + "word " * 100
    out = briefs.excerpt(sentence, "1,049", width=80)
    assert "1,049" in out and out.startswith("…") and out.endswith("…")
    assert len(out) <= 82


def test_report_labels_mark_chinese_and_split_clashes(frame: pd.DataFrame) -> None:
    labels = briefs.report_labels(frame)
    assert labels["a.txt"] == "Xining 2023"
    assert labels["b.txt"] == "Xining 2023 (zh)"
    assert labels["c.txt"] == "Xihu 2024"
    twin = frame_of(m("a.txt", 1), m("d.txt", 2, region="Xining"))
    assert set(briefs.report_labels(twin)) == {"Xining 2023 a.txt", "Xining 2023 d.txt"}


def test_humanise() -> None:
    assert briefs.humanise("dispute_resolution_rate") == "Dispute resolution rate"
    assert briefs.humanise("hazards_rectified") == "Hazards found or rectified"  # lexicon label
    assert briefs.humanise(None) == "(no standard measure)"


def test_figure_table_is_reader_facing(frame: pd.DataFrame) -> None:
    table = briefs.figure_table(frame)
    assert list(table.columns) == list(briefs.FIGURE_COLUMNS.values())
    row = table[table["as written"] == "986%"].iloc[0]
    assert row["value"] == "98.6%"
    assert row["repaired by"] == "dropped_decimal_in_rate"
    assert row["whose figure"] == "Xining 2023"
    assert row["standing"] == "repaired, not confirmed: not headlined"
    unit = table[table["as written"] == "99.7%"].iloc[0]
    assert unit["whose figure"] == "Xining 2023 (zh) · 城北公安分局"  # never the city's alone
    assert unit["measure"] == "Dispute resolution rate"


def test_styled_renders_html_without_index(frame: pd.DataFrame) -> None:
    html = briefs.styled(briefs.figure_table(frame), caption="Figures").to_html()
    assert "Figures" in html and "986%" in html and "source sentence" in html
    empty = briefs.styled(briefs.figure_table(briefs.doubtful(frame.iloc[:0]))).to_html()
    assert "None to list." in empty


# --------------------------------------------------------------------------- corpus and topics


def test_topic_counts(frame: pd.DataFrame) -> None:
    table = briefs.topic_counts(frame)
    assert list(table.index) == ["crackdown", "disputes", "traffic", "team"]  # TOPICS order
    assert table.loc["crackdown", "figures"] == 6
    assert table.loc["crackdown", "repaired"] == 2
    assert table.loc["crackdown", "low confidence"] == 1
    assert table.loc["disputes", "reports"] == 3
    assert table["figures"].sum() == len(frame)
    assert table["share (%)"].sum() == pytest.approx(100, abs=0.5)


def test_topic_finding_names_the_leader(frame: pd.DataFrame) -> None:
    assert briefs.topic_finding(frame) == (
        "Crackdown and disputes are the topics with the most figures (6 of 15); "
        "team the fewest (1)."
    )
    one = frame_of(m("a.txt", 1, topic="traffic"), m("a.txt", 2, topic="traffic"), m("a.txt", 3))
    assert briefs.topic_finding(one).startswith(
        "Traffic is the topic with the most figures (2 of 3)"
    )


def test_corpus_finding_and_coverage() -> None:
    docs = documents_to_frame(
        [
            Document(doc_id=d, text="x", **{k: v for k, v in meta.items()})
            for d, meta in DOCS.items()
        ]
    ).assign(figures=[10, 5, 3, 2])
    frame = frame_of(m("a.txt", 1), m("c.txt", 2))
    text = briefs.corpus_finding(docs, frame)
    assert text.startswith("4 reports from Sichuan, Xihu and Xining about 2023–2024")
    assert "3 in English (machine-translated) and 1 in Chinese" in text
    assert text.endswith("state 2 figures.")
    table = briefs.coverage(docs).set_index("region")
    assert table.loc["Xining", "reports"] == 2
    assert table.loc["Xining", "languages"] == "en, zh"
    assert table.loc["Xining", "figures"] == 15


# --------------------------------------------------------------------------- repairs and trust


def test_repair_summary_by_rule_and_confidence(frame: pd.DataFrame) -> None:
    table = briefs.repair_summary(frame).set_index("rule")
    assert list(table.index)[-1] == briefs.NOT_REPAIRED
    high, medium, low = briefs.BANDS
    assert table.loc["split_decimal_around_phrase", high] == 1
    assert table.loc["dropped_decimal_in_rate", medium] == 1
    assert table.loc["digits_after_noun", low] == 1
    assert table.loc[briefs.NOT_REPAIRED, "figures"] == len(frame) - 3
    assert table.loc["dropped_decimal_in_rate", "example"] == "“986%” → 98.6%"
    # the rule's own docstring says what it fixes
    assert table.loc["split_decimal_around_phrase", "what it fixes"].startswith("A decimal split")


def test_repair_finding(frame: pd.DataFrame) -> None:
    text = briefs.repair_finding(frame)
    assert text.startswith(f"3 of {len(frame)} figures (20%) were repaired")
    assert "by 3 rules" in text
    assert "1 figure is below confidence 0.5" in text


def test_caveats_count_what_to_distrust(frame: pd.DataFrame) -> None:
    lines = briefs.caveats(frame).splitlines()
    assert lines[0] == f"- 11 of {len(frame)} figures come from English machine translations, " + (
        "not the Chinese original."
    )
    assert lines[1].startswith("- 3 were repaired")
    assert lines[2].startswith("- 1 is below confidence 0.5")
    assert briefs.caveats(frame.iloc[:0]) == "- No figures in this selection."
    clean = briefs.caveats(frame_of(m("a.txt", 1, indicator="events_secured")))
    assert "- none are below confidence 0.5." in clean.splitlines()


def test_doubtful_and_repaired(frame: pd.DataFrame) -> None:
    assert list(briefs.doubtful(frame)["text"]) == ["53 cases15"]
    assert list(briefs.repaired(frame)["confidence"]) == [0.35, 0.75, 0.85]  # least sure first


# --------------------------------------------------------------------------- top figures


def test_top_figures_trusted_and_named_first_spread_over_topics(frame: pd.DataFrame) -> None:
    top = briefs.top_figures(frame, n=100)
    tiers = selection._tier(top)
    assert list(tiers) == sorted(tiers)  # clean keyed, clean, repaired, doubtful
    first = top.iloc[:3]
    assert list(first["topic"].astype(str)) == ["crackdown", "disputes", "traffic"]
    # within a topic the largest count first
    assert first.iloc[0]["value"] == 1286 and first.iloc[1]["value"] == 6600
    assert top.iloc[-1]["text"] == "53 cases15"  # low confidence last
    # the 98.6% the Chinese report states twice appears once
    twice = top[(top["doc_id"] == "b.txt") & (top["value"] == 98.6)]
    assert len(twice) == 1


@pytest.mark.parametrize("n", [0, 1, 5, 100])
def test_top_figures_length(frame: pd.DataFrame, n: int) -> None:
    assert len(briefs.top_figures(frame, n)) == min(n, len(selection.dedupe(frame)))


def test_top_figures_other_topic_waits_for_named_topics() -> None:
    frame = frame_of(
        m("a.txt", 9999, indicator="police_reports", topic="other"),
        m("a.txt", 5, indicator="events_secured", topic="prevention"),
        m("a.txt", 3, indicator="gangs_smashed", topic="crackdown"),
    )
    assert list(briefs.top_figures(frame, 3)["topic"].astype(str)) == [
        "crackdown",
        "prevention",
        "other",
    ]


def test_top_figures_of_empty_frame(frame: pd.DataFrame) -> None:
    assert briefs.top_figures(frame.iloc[:0]).empty


# --------------------------------------------------------------------------- comparing


def test_compare_metric_long_table(frame: pd.DataFrame) -> None:
    table = briefs.compare_metric(frame, "dispute_resolution_rate")
    assert list(table["value"]) == ["99.7%", "98.6%", "98.6%"]  # repeated 98.6% shown once
    assert list(table["whose figure"]) == [
        "Xining 2023 (zh) · 城北公安分局",
        "Xining 2023",
        "Xining 2023 (zh)",
    ]
    assert list(table["headline"]) == [True, False, True]  # the unconfirmed repair is not
    assert table.loc[1, "repaired by"] == "dropped_decimal_in_rate"
    assert briefs.compare_metric(frame, "no_such_key").empty


def test_compare_metrics_wide_table_marks_doubt(frame: pd.DataFrame) -> None:
    wide = briefs.compare_metrics(
        frame, ["suspects_arrested", "dispute_resolution_rate", "gangs_smashed"]
    )
    assert list(wide.index) == [
        "Suspects arrested (count)",
        "Dispute resolution rate (%)",
    ]  # absent measure left out; one row a series
    assert wide.loc["Suspects arrested (count)", "Xihu 2024"] == "56; 25"
    assert wide.loc["Dispute resolution rate (%)", "Xining 2023"] == "98.6%*"
    # the sub-bureau's 99.7% has its own named column, never the city's
    assert wide.loc["Dispute resolution rate (%)", "Xining 2023 (zh)"] == "98.6%"
    assert wide.loc["Dispute resolution rate (%)", "Xining 2023 (zh) · 城北公安分局"] == "99.7%"
    assert wide.loc["Suspects arrested (count)", "Xining 2023"] == ""


def test_compare_finding(frame: pd.DataFrame) -> None:
    text = briefs.compare_finding(frame, "disputes_resolved")
    assert text == (
        "Disputes resolved (count): from 3,200 (Sichuan 2023) to 6,600 (Xining 2023), "
        "2 figures in 2 reports or units."
    )
    only = briefs.compare_finding(frame, "fraud_cases")  # repaired, unconfirmed: never quoted
    assert only == ("Fraud cases, change (%): 1 figure, none stated cleanly enough to quote.")
    periods = briefs.compare_finding(
        pd.concat([frame, frame_of(m("c.txt", 1, indicator="disputes_resolved"))]),
        "disputes_resolved",
    )
    assert "different periods (annual, spring_festival)" in periods


def test_count_finding_lists_what_is_not_stated(frame: pd.DataFrame) -> None:
    text = briefs.count_finding(frame, ["suspects_arrested", "traffic_accidents"])
    assert text.splitlines()[-1] == "Not stated in these reports: road traffic accidents."


def test_change_finding(frame: pd.DataFrame) -> None:
    text = briefs.change_finding(frame)
    assert text == (
        "1 stated change in %: 0 up, 1 down; 1 of them repaired and unconfirmed or of low "
        "confidence, shown marked and not quoted."
    )
    assert "−6.32" not in text  # the repaired, unconfirmed change carries no finding
    assert briefs.change_finding(frame.iloc[:0]).startswith("No stated changes")


def test_label_figures_one_label_a_figure(frame: pd.DataFrame) -> None:
    labelled = briefs.label_figures(frame)
    assert labelled["figure"].is_unique
    assert "Xihu 2024 · Suspects arrested" in set(labelled["figure"])
    assert "Xihu 2024 · Suspects arrested (2)" in set(labelled["figure"])
    assert "Xihu 2024 · vehicle driving management businesses" in set(labelled["figure"])
    assert len(labelled) == len(frame) - 1  # the repeated 98.6% once


def test_driving_services(frame: pd.DataFrame) -> None:
    assert list(briefs.driving_services(frame)["value"]) == [39]


# --------------------------------------------------------------------------- disputes

SUB_BUREAUS: list[tuple[str, str | None, str | None]] = [
    # (sentence, figure as written, sub-bureau named)
    ("今年以来,城北公安分局化解矛盾纠纷1049起,化解率为99.7%。", "99.7%", "城北公安分局"),
    ("西宁市公安局城北公安分局化解矛盾纠纷1049起", "1049", "城北公安分局"),
    ("今年城中分局调解成功率达98%", "98%", "城中分局"),
    ("杭州市公安局西湖区分局化解率96%", "96%", "西湖区分局"),
    ("湟中区公安分局调处率97.5%", "97.5%", "湟中区公安分局"),
    ("城东分局化解率98%,城北分局化解率99%", "99%", "城北分局"),  # the one before the figure
    ("城东分局化解率98%,城北分局化解率99%", "98%", "城东分局"),
    ("全市矛盾纠纷排查化解率达98.6%", "98.6%", None),
    ("西宁市公安局化解矛盾纠纷6600起", "6600", None),
    ("The Chengbei Sub-bureau resolved 1,049 disputes", "1,049", "Chengbei Sub-bureau"),
    (
        "the Xihu District Public Security Sub-bureau mediated 120 cases",
        "120",
        "Xihu District Public Security Sub-bureau",
    ),
    ("Chengzhong Branch handled 300 disputes", "300", "Chengzhong Branch"),
    ("the Chengbei branch resolved 95% of them", "95%", "Chengbei branch"),
    (
        "the Xining Municipal Public Security Bureau Chengbei Branch resolved 99.7%",
        "99.7%",
        "Chengbei Branch",
    ),
    ('300 "strongest branches" were built', "300", None),
    ("each Party Branch held 12 meetings", "12", None),
    ("The sub-bureau resolved 95% of disputes", "95%", None),  # no name given
    ("with a mediation rate of 986%", "986%", None),
]


@pytest.mark.parametrize(("sentence", "near", "expected"), SUB_BUREAUS)
def test_sub_bureau(sentence: str, near: str | None, expected: str | None) -> None:
    assert briefs.sub_bureau(sentence, near) == expected


def test_sub_bureau_of_missing_sentence() -> None:
    assert briefs.sub_bureau(None) is None
    assert briefs.sub_bureau(pd.NA) is None


def test_dispute_rates(frame: pd.DataFrame) -> None:
    rates = briefs.dispute_rates(frame)
    assert list(rates.columns) == [*frame.columns, "sub_bureau"]
    assert sorted(rates["value"]) == [98.6, 98.6, 99.7]  # a rate stated twice is shown once
    named = rates.set_index("value")["sub_bureau"]
    assert named[99.7] == "城北公安分局"
    assert rates["sub_bureau"].isna().sum() == 2  # the unit's name comes from scope_name
    assert (rates["unit"] == "percent").all() and not rates["change"].any()


def test_rates_finding(frame: pd.DataFrame) -> None:
    text = briefs.rates_finding(briefs.dispute_rates(frame))
    assert text == (
        "Dispute resolution rate: 2 rates stated cleanly, from 98.6% (Xining 2023 (zh)) to "
        "99.7% (Xining 2023 (zh) · 城北公安分局); 城北公安分局 is a unit inside the region; "
        "1 more not quoted (unconfirmed repair, low confidence or no measure)."
    )
    assert briefs.rates_finding(frame.iloc[:0]) == "No rates stated."


def test_seeds_name_the_chengbei_sub_bureau() -> None:
    """On the bundled seeds, the 99.7% rate of the Chinese Xining report is Chengbei's."""
    rates = briefs.dispute_rates(kit.metrics_frame())
    chengbei = rates[rates["sub_bureau"] == "城北公安分局"]
    assert list(chengbei["value"]) == [99.7]


# --------------------------------------------------------------------------- sources


def test_documents_table_and_sources_note(tmp_path: Any) -> None:
    (tmp_path / "good.txt").write_text(
        "西宁市公安局2023年工作总结。破获案件118起。", encoding="utf-8"
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    corpus = kit.load_corpus(tmp_path)
    table = briefs.documents_table(kit.documents_frame(corpus))
    assert list(table["doc_id"]) == ["good.txt"]
    assert {"report", "region", "year", "language", "figures", "title"} <= set(table.columns)
    note = briefs.sources_note(corpus)
    assert note.startswith("1 file loaded; 1 file left out: ")
    assert "empty.txt: empty file" in note
    assert list(briefs.load_errors(corpus).columns) == ["file", "why it was left out"]


def test_styled_tables_escape_document_text():
    table = pd.DataFrame({"source sentence": ["<script>alert(1)</script>"], "value": [1.0]})
    html = briefs.styled(table).to_html()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_change_finding_never_rests_on_a_low_confidence_figure():
    import kit

    frame = kit.metrics_frame(cache=False)
    crackdown = frame[frame["topic"] == "crackdown"]
    text = briefs.change_finding(crackdown)
    assert "orphaned_decimals" not in text  # the 92% whose integer part is lost (0.3)
    assert "92" not in text and "466" not in text  # nor the unconfirmed 466.2% repair
    assert "not quoted" in text


def test_reconciliation_tables_on_the_seeds():
    import kit

    tables = briefs.reconciliation(kit.load_corpus())
    pairs = tables["pairs"]
    assert len(pairs) == 1 and pairs.iloc[0]["region"] == "Xining"
    assert pairs.iloc[0]["agree"] >= 5 and pairs.iloc[0]["disagree"] >= 1
    assert (tables["disagreements"]["figure a"] == "250").any()
    assert (tables["confirmed"]["figure a"] == "986%").any()
    assert "agree" in briefs.reconciliation_finding(tables)
    empty = briefs.reconciliation(kit.load_corpus(), regions=["Sichuan"])
    assert empty["pairs"].empty and "No report" in briefs.reconciliation_finding(empty)


def test_sources_table_cites_each_report_by_title_publisher_date_and_address() -> None:
    from kit.schema import Document

    doc = Document(
        doc_id="page.html",
        text="全市破获刑事案件120起。",
        language="zh",
        title="西宁市公安局2023年工作总结",
        publisher="西宁市公安局",
        published="2024-01-05",
        url="https://example.gov.cn/news/1.html",
    )
    table = briefs.documents_table(documents_to_frame([doc]))
    row = table.iloc[0]
    assert (row["title"], row["publisher"], row["published"], row["url"]) == (
        "西宁市公安局2023年工作总结",
        "西宁市公安局",
        "2024-01-05",
        "https://example.gov.cn/news/1.html",
    )


# ------------------------------------------------------------------ one report, two versions

#: a Chinese report and its English machine translation (the mediation rate damaged, 986%):
#: (file name, text). The two pair on region, year, period and their shared figures.
TWO_VERSIONS: list[tuple[str, str]] = [
    (
        "report_zh.txt",
        "苏州市公安局2023年工作总结\n\n2023年，苏州市公安局共破获刑事案件8426起，抓获犯罪嫌疑人"
        "5120名。电信网络诈骗案件同比下降6.32%。全年化解矛盾纠纷40312起，调解成功率98.6%。"
        "全市道路交通事故死亡人数同比下降12.5%。\n",
    ),
    (
        "report_en.txt",
        "Suzhou Municipal Public Security Bureau 2023 work summary\n\nIn 2023, the Suzhou "
        "Municipal Public Security Bureau solved 8,426 criminal cases and arrested 5,120 criminal "
        "suspects. Telecom network fraud cases fell by 6.32% year on year. Throughout the year, "
        "40,312 conflicts and disputes were resolved, with a mediation success rate of 986%. "
        "Deaths in road traffic accidents in the city fell by 12.5% year on year.\n",
    ),
]


@pytest.fixture(scope="module")
def two_versions(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Any, pd.DataFrame, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("two-versions")
    for name, text in TWO_VERSIONS:
        (folder / name).write_text(text, encoding="utf-8")
    return briefs.load([str(folder)], None, True)


def test_two_versions_count_as_one_report(two_versions) -> None:
    reports, documents, frame = two_versions
    assert len(reports.documents) == 2
    assert set(documents["report_id"]) == {"report_zh.txt"}
    finding = briefs.corpus_finding(documents, frame)
    assert finding.startswith("1 report from Suzhou about 2023 (2 files:"), finding
    assert "1 report in two versions, counted once" in finding


def test_figures_both_versions_state_are_shown_once_with_both_texts(two_versions) -> None:
    reports, _, frame = two_versions
    texts = {d.doc_id: d.text for d in reports.documents}
    assert (frame["doc_id"] == "report_zh.txt").all()  # every English figure was confirmed
    assert sorted(frame["value"]) == [6.32, 12.5, 98.6, 5120, 8426, 40312]
    rate = frame[frame["value"] == 98.6].iloc[0]
    assert (rate["text"], rate["version_text"], rate["version_doc_id"]) == (
        "98.6%",
        "986%",
        "report_en.txt",
    )
    assert "mediation success rate of 986%" in rate["version_sentence"]
    for row in frame.itertuples():  # provenance of the rows kept is untouched
        assert texts[row.doc_id][row.start : row.end] == row.text


def test_top_figures_and_findings_name_the_report_once(two_versions) -> None:
    _, _, frame = two_versions
    top = briefs.top_figures(frame)
    assert not top.duplicated(["value", "unit"]).any()
    assert len(top) == 6
    finding = briefs.compare_finding(frame, "criminal_cases_solved")
    assert finding == "Criminal cases solved (count): only Suzhou 2023 states it cleanly (8,426)."


def test_a_fall_has_a_negative_signed_value(two_versions) -> None:
    _, _, frame = two_versions
    falls = frame[frame["direction"] == "down"]
    assert sorted(falls["value"]) == [6.32, 12.5]
    assert sorted(falls["signed_value"]) == [-12.5, -6.32]
    assert (frame.loc[frame["direction"] != "down", "signed_value"] >= 0).all()
