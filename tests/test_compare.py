"""kit.present.compare: like with like across places and years, and stated changes checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import _briefs as briefs
import pandas as pd
import pytest
from _metrics import QUIET

from kit.frame import documents_to_frame, metrics_to_frame
from kit.present import compare, series
from kit.schema import Document, Metric

DOCS: dict[str, dict[str, Any]] = {
    "x22.txt": {"region": "Xining", "year": 2022, "period": "annual", "language": "zh"},
    "x23.txt": {"region": "Xining", "year": 2023, "period": "annual", "language": "zh"},
    "x23en.txt": {"region": "Xining", "year": 2023, "period": "annual", "language": "en"},
    "xsf23.txt": {"region": "Xining", "year": 2023, "period": "spring_festival", "language": "zh"},
    "s23.txt": {"region": "Sichuan", "year": 2023, "period": "annual", "language": "en"},
}


def m(doc: str, value: float, indicator: str | None, unit: str = "count", **kw: Any) -> Metric:
    text = kw.pop("text", f"{value:g}")
    start = kw.pop("start", 10)
    fields = {**QUIET, **DOCS[doc], "indicator": indicator, **kw}
    return Metric(
        doc_id=doc,
        start=start,
        end=start + len(text),
        text=text,
        value=value,
        unit=unit,
        counted=kw.get("counted", "cases"),
        sentence=f"... {text} ...",
        **{k: v for k, v in fields.items() if k != "counted"},
    )


def up(doc: str, value: float, indicator: str, unit: str = "percent", **kw: Any) -> Metric:
    return m(doc, value, indicator, unit, change=True, direction="up", baseline="yoy", **kw)


def frame_of(*metrics: Metric) -> pd.DataFrame:
    return metrics_to_frame(metrics)


# --------------------------------------------------------------------------- region x year


def test_region_year_table_names_units_and_benchmarks_and_keeps_qualifiers() -> None:
    frame = frame_of(
        m("x23.txt", 6600, "disputes_resolved", qualifier="more_than"),
        m("x23.txt", 1049, "disputes_resolved", scope="part", scope_name="城北公安分局"),
        m("x22.txt", 5000, "disputes_resolved"),
        m("s23.txt", 803000, "disputes_resolved", repaired="split_wan_remainder", confidence=0.7),
        m("x23en.txt", 0.25, "disputes_resolved", scope="elsewhere", scope_name="the national"),
    )
    table = compare.region_year_table(frame)
    assert list(table["place"]) == [
        "Sichuan",
        "Xining",
        "Xining · 城北公安分局",
        "benchmark: the national (quoted in Xining)",
    ]
    rows = table.set_index("place")
    assert rows.loc["Xining", "2023"] == "over 6,600 (zh)"  # the qualifier is kept
    assert rows.loc["Xining", "2022"] == "5,000 (zh)"
    assert rows.loc["Xining · 城北公安分局", "2023"] == "1,049 (zh)"  # never the city's
    assert rows.loc["Sichuan", "2023"] == "803,000*"  # repaired, not confirmed
    assert rows.loc["Xining", "sources"] == "x22.txt, x23.txt"


def test_region_year_table_refuses_two_series() -> None:
    frame = frame_of(
        m("x23.txt", 1200, "criminal_cases_solved"),
        up("x23.txt", 20, "criminal_cases_solved"),
    )
    with pytest.raises(ValueError, match="one series"):
        compare.region_year_table(frame)
    labels = [label for label, _ in compare.series_tables(frame)]
    assert labels == [
        "Criminal cases solved (count)",
        "Criminal cases solved, change year-on-year (%)",
    ]


@pytest.mark.parametrize(
    ("indicator", "unit", "change", "baseline", "label"),
    [
        ("case_solving_rate", "percent", False, None, "Case solving rate (%)"),
        (
            "case_solving_rate",
            "pp",
            True,
            "yoy",
            "Case solving rate, change year-on-year (percentage points)",
        ),
        (
            "police_reports",
            "percent",
            True,
            "mom",
            "Police reports received, change on the previous period (%)",
        ),
        (
            "fraud_losses",
            "percent",
            True,
            "other",
            "Money lost to fraud, change against another (%)",
        ),
        ("criminal_cases_solved", "count", False, None, "Criminal cases solved (count)"),
    ],
)
def test_series_label(indicator: str, unit: str, change: bool, baseline: Any, label: str) -> None:
    assert series.series_label(indicator, unit, change, baseline) == label


# --------------------------------------------------------------------------- headline rule


@pytest.mark.parametrize(
    ("kw", "headline", "standing"),
    [
        ({}, True, series.TRUST_AS_WRITTEN),
        ({"repaired": "split_digits", "confidence": 0.6}, False, series.TRUST_UNCONFIRMED),
        (
            {"repaired": "dropped_decimal_in_rate", "note": "read 98.6%; confirmed by b.txt:12 …"},
            True,
            series.TRUST_CONFIRMED,
        ),
        (
            {"repaired": "split_digits", "note": "confirmed by b:1; disagrees with b:2"},
            False,
            series.TRUST_UNCONFIRMED,
        ),
        ({"confidence": 0.45}, False, series.TRUST_LOW),
        ({"scope": "elsewhere", "scope_name": "national"}, False, series.TRUST_AS_WRITTEN),
        ({"scope": "part", "scope_name": "城北公安分局"}, True, series.TRUST_AS_WRITTEN),
    ],
)
def test_headline_rule(kw: dict[str, Any], headline: bool, standing: str) -> None:
    frame = frame_of(m("x23.txt", 98.6, "dispute_resolution_rate", "percent", **kw))
    assert bool(series.headline_ok(frame)[0]) is headline
    assert series.trust(frame).iloc[0] == standing


# --------------------------------------------------------------------------- availability


def test_availability_counts_own_and_unit_figures_not_benchmarks() -> None:
    frame = frame_of(
        m("x23.txt", 6600, "disputes_resolved"),
        m("x23.txt", 1049, "disputes_resolved", scope="part", scope_name="城北公安分局"),
        m("x23.txt", 0.25, "fraud_losses", "percent", scope="elsewhere", scope_name="national"),
        m("s23.txt", 49, "fraud_cases_solved"),
        m("s23.txt", 12, None),
    )
    documents = documents_to_frame(
        [Document(doc_id=d, text="", **meta) for d, meta in DOCS.items()]
    )
    table = compare.availability(frame, documents).set_index("report")
    assert table.loc["Xining 2023 (zh) annual", "Disputes resolved"] == "1 + 1 of a unit"
    assert table.loc["Xining 2023 (zh) spring festival", "Disputes resolved"] == ""
    assert table.loc["Sichuan 2023", "Fraud cases solved"] == "1"
    assert table.loc["Xining 2022 (zh)", "Disputes resolved"] == ""  # a report stating none
    assert "Money lost to fraud" not in table.columns  # only a benchmark states it
    assert compare.availability_finding(table.reset_index()).startswith(
        "5 reports state 2 of the standard measures; 0 of them are stated by more than one"
    )


# --------------------------------------------------------------------------- consistency

CHECKS: list[tuple[str, list[Metric], str, str]] = [
    # (case, figures, computed change, status)
    (
        "count change agrees",
        [
            m("x22.txt", 1000, "criminal_cases_solved"),
            m("x23.txt", 1200, "criminal_cases_solved"),
            up("x23.txt", 20, "criminal_cases_solved"),
        ],
        "+20%",
        compare.STATUS_AGREE,
    ),
    (
        "count change disagrees",
        [
            m("x22.txt", 250, "fraud_cases_solved"),
            m("x23.txt", 300, "fraud_cases_solved"),
            up("x23.txt", 50, "fraud_cases_solved"),
        ],
        "+20%",
        compare.STATUS_DISAGREE,
    ),
    (
        "a fall, within rounding",
        [
            m("x22.txt", 767, "police_reports"),
            m("x23.txt", 700, "police_reports"),
            m(
                "x23.txt",
                8.7,
                "police_reports",
                "percent",
                change=True,
                direction="down",
                baseline="yoy",
            ),
        ],
        "−8.7%",
        compare.STATUS_AGREE,
    ),
    (
        "a rate's change in pp",
        [
            m("x22.txt", 90.0, "case_solving_rate", "percent"),
            m("x23.txt", 95.5, "case_solving_rate", "percent"),
            up("x23.txt", 5.5, "case_solving_rate", "pp"),
        ],
        "+5.5 pp",
        compare.STATUS_AGREE,
    ),
    (
        "bounds are not checked",
        [
            m("x22.txt", 5000, "disputes_resolved", qualifier="more_than"),
            m("x23.txt", 6000, "disputes_resolved"),
            up("x23.txt", 35, "disputes_resolved"),
        ],
        "+20%",
        compare.STATUS_BOUNDS,
    ),
    (
        "the level the year before is missing",
        [
            m("x22.txt", 5, "gangs_smashed"),
            m("x23.txt", 300, "fraud_cases_solved"),
            up("x23.txt", 50, "fraud_cases_solved"),
        ],
        "",
        compare.STATUS_NO_LEVEL,
    ),
    (
        "a unit is compared with the same unit only",
        [
            m("x22.txt", 900, "disputes_resolved", scope="part", scope_name="城北公安分局"),
            m("x22.txt", 5000, "disputes_resolved"),
            m("x23.txt", 1049, "disputes_resolved", scope="part", scope_name="城北公安分局"),
            up("x23.txt", 16.6, "disputes_resolved", scope="part", scope_name="城北公安分局"),
        ],
        "+16.6%",
        compare.STATUS_AGREE,
    ),
]


@pytest.mark.parametrize(
    ("case", "figures", "computed", "status"), CHECKS, ids=[c[0] for c in CHECKS]
)
def test_consistency(case: str, figures: list[Metric], computed: str, status: str) -> None:
    table = compare.consistency(frame_of(*figures))
    assert len(table) == 1, case
    row = table.iloc[0]
    assert row["computed change"] == computed
    assert row["status"] == status


def test_consistency_needs_the_same_place_period_and_the_year_before() -> None:
    frame = frame_of(
        m("s23.txt", 1000, "criminal_cases_solved"),  # another place
        m("xsf23.txt", 1000, "criminal_cases_solved"),  # another period, same year
        m("x23.txt", 1200, "criminal_cases_solved"),
        up("x23.txt", 20, "criminal_cases_solved"),
    )
    assert compare.consistency(frame).empty
    assert "No stated year-on-year change" in compare.consistency_finding(
        compare.consistency(frame)
    )


def write_pair(folder: Path) -> Path:
    """Two years of one place's report, as files: the 2023 report states two yoy changes."""
    (folder / "xining_2022.txt").write_text(
        "西宁市公安局2022年工作总结\n\n2022年,西宁市公安局全年共破获刑事案件1000起,"
        "破获电信网络诈骗案件250起,化解矛盾纠纷5000起。\n",
        encoding="utf-8",
    )
    (folder / "xining_2023.txt").write_text(
        "西宁市公安局2023年工作总结\n\n2023年,西宁市公安局全年共破获刑事案件1200起,同比上升20%;"
        "破获电信网络诈骗案件300起,同比上升50%;化解矛盾纠纷6000起。\n",
        encoding="utf-8",
    )
    return folder


def test_consistency_on_a_pair_of_reports(tmp_path: Path) -> None:
    _, _, frame = briefs.load([str(write_pair(tmp_path))])
    table = compare.consistency(frame).set_index("measure")
    solved = table.loc["Criminal cases solved, change year-on-year (%)"]
    assert (solved["stated change"], solved["computed change"]) == ("+20%", "+20%")
    assert solved["status"] == compare.STATUS_AGREE
    fraud = table.loc["Fraud cases solved, change year-on-year (%)"]
    assert (fraud["stated change"], fraud["computed change"]) == ("+50%", "+20%")
    assert fraud["difference"] == "−30 pp"
    assert fraud["status"] == compare.STATUS_DISAGREE
    assert "1 agree, 1 disagree" in compare.consistency_finding(table.reset_index())


# --------------------------------------------------------------------------- real series

# one province's annual reports for three consecutive years, and the nation's Jan–Sep road figures
# for two years beside its annual figures for the first: read by the kit from the files
SERIES_REPORTS = {
    "js_2021.txt": "江苏省公安厅2021年工作总结\n\n2021年,全省公安机关全年共破获刑事案件10000起,"
    "破获电信网络诈骗案件2000起,化解矛盾纠纷50000起。\n",
    "js_2022.txt": "江苏省公安厅2022年工作总结\n\n2022年,全省公安机关全年共破获刑事案件11000起,"
    "同比上升10%;破获电信网络诈骗案件2500起,同比上升25%;化解矛盾纠纷55000起。\n",
    "js_2023.txt": "江苏省公安厅2023年工作总结\n\n2023年,全省公安机关全年共破获刑事案件12100起,"
    "同比上升10%;破获电信网络诈骗案件2600起,同比上升8%;化解矛盾纠纷60000起。\n",
    "cn_2022_q1_q3.txt": "公安部通报2022年前三季度全国道路交通安全形势\n\n记者从公安部获悉,"
    "2022年1至9月,全国共发生道路交通事故150000起,死亡人数40000人。\n",
    "cn_2022_year.txt": "公安部通报2022年全国道路交通安全形势\n\n记者从公安部获悉,2022年全年,"
    "全国共发生道路交通事故200000起,死亡人数52000人。\n",
    "cn_2023_q1_q3.txt": "公安部通报前三季度全国道路交通安全形势\n\n记者从公安部获悉,2023年1至9月,"
    "全国共发生道路交通事故135000起,同比下降10%;"
    "死亡人数38000人,同比下降5%。\n",
}


def write_series(folder: Path, skip: tuple[str, ...] = ()) -> Path:
    for name, text in SERIES_REPORTS.items():
        if name not in skip:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_series_reports_line_up_by_place_year_and_period(tmp_path: Path) -> None:
    _, documents, _ = briefs.load([str(write_series(tmp_path))])
    meta = documents.set_index("doc_id")[["region", "year", "period"]]
    assert meta.loc["js_2022.txt"].tolist() == ["Jiangsu", 2022, "annual"]
    assert meta.loc["cn_2022_q1_q3.txt"].tolist() == ["China", 2022, "jan-sep"]
    assert meta.loc["cn_2022_year.txt"].tolist() == ["China", 2022, "annual"]
    assert meta.loc["cn_2023_q1_q3.txt"].tolist() == ["China", 2023, "jan-sep"]
    assert documents.set_index("doc_id").loc["cn_2023_q1_q3.txt", "period_end"] == "2023-09-30"


def test_consistency_pairs_every_stated_change_with_the_earlier_report(tmp_path: Path) -> None:
    _, _, frame = briefs.load([str(write_series(tmp_path))])
    table = compare.consistency(frame)
    stated = frame[frame["change"] & (frame["baseline"] == "yoy")]
    assert len(table) == len(stated) == 6  # every stated yoy change has its row
    assert (table["level the year before"] != "").all()  # each paired with the earlier level
    rows = {(r["place"], r["year"], r["measure"]): r for r in table.to_dict("records")}
    fraud = rows[("Jiangsu", 2023, "Fraud cases solved, change year-on-year (%)")]
    assert (fraud["computed change"], fraud["status"]) == ("+4%", compare.STATUS_DISAGREE)
    solved = rows[("Jiangsu", 2022, "Criminal cases solved, change year-on-year (%)")]
    assert solved["level the year before"] == "10,000"
    assert solved["status"] == compare.STATUS_AGREE
    accidents = rows[("China", 2023, "Road traffic accidents, change year-on-year (%)")]
    # Jan–Sep 2023 against Jan–Sep 2022 (150,000), never against the whole of 2022 (200,000)
    assert (accidents["period"], accidents["level the year before"]) == ("Jan–Sep", "150,000")
    assert "cn_2022_year.txt" not in accidents["sources"]
    assert accidents["status"] == compare.STATUS_AGREE


def test_a_part_of_a_year_is_never_checked_against_a_whole_year(tmp_path: Path) -> None:
    # without the Jan–Sep 2022 report, 2022 has only an annual report: nothing to compare with
    _, _, frame = briefs.load([str(write_series(tmp_path, skip=("cn_2022_q1_q3.txt",)))])
    table = compare.consistency(frame)
    china = table[table["place"] == "China"]
    assert len(china) == 2
    assert china["status"].str.startswith(compare.STATUS_OTHER_PERIOD).all()
    assert (china["level the year before"] == "").all()
    assert (china["computed change"] == "").all()
    assert "another period only" in compare.consistency_finding(table)


def test_series_tables_give_each_period_its_own_column_and_say_so(tmp_path: Path) -> None:
    _, _, frame = briefs.load([str(write_series(tmp_path))])
    tables = dict(compare.series_tables(frame))
    label = next(k for k in tables if k.startswith("Road traffic accidents (count)"))
    assert "periods differ (Jan–Sep, a year)" in label
    row = tables[label].set_index("place").loc["China"]
    assert (row["2022"], row["2022 Jan–Sep"], row["2023 Jan–Sep"]) == (
        "200,000 (zh)",
        "150,000 (zh)",
        "135,000 (zh)",
    )
    solved = next(k for k in tables if k.startswith("Criminal cases solved (count)"))
    assert "periods differ" not in solved  # three annual reports: like with like


def test_a_county_rolls_up_to_its_province_only_when_asked_and_labelled(tmp_path: Path) -> None:
    (tmp_path / "haian.txt").write_text(
        "海安市公安局2023年工作总结\n\n2023年,全市公安机关全年共破获刑事案件900起。\n", "utf-8"
    )
    (tmp_path / "js.txt").write_text(SERIES_REPORTS["js_2023.txt"], "utf-8")
    _, documents, frame = briefs.load([str(tmp_path)])
    solved = frame[frame["indicator"] == "criminal_cases_solved"]
    assert set(compare.region_year_table(solved[~solved["change"]])["place"]) == {
        "Hai'an",
        "Jiangsu",
    }
    rolled = compare.roll_up(solved[~solved["change"]], documents)
    places = set(compare.region_year_table(rolled)["place"])
    assert places == {"Jiangsu", "Jiangsu (roll-up: Hai'an)"}
