"""Numbers as real pages write them (issue 19) and the hostile number findings (issue 23,
items 2 and 3).

Table-driven, one row one behaviour (price-parser style): each `Case` is a sentence as a page
writes it, the figure's surface, and what a reader takes it to mean. Every row failed before the
fix it names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from kit.figures import extract
from kit.figures.mentions import scan
from kit.figures.numerals import parse
from kit.schema import Document


@dataclass(frozen=True)
class Case:
    id: str
    sentence: str
    surface: str
    value: float
    unit: str = "count"
    change: bool = False
    direction: str | None = None
    qualifier: str | None = None
    language: str = "zh"
    rule: str | None = None  # the repair rule, where the value is a repair

    def __str__(self) -> str:
        return self.id


def _metrics(sentence: str, language: str) -> list:
    doc = Document(doc_id="t.txt", text=sentence, language=language)
    metrics = extract(doc)
    for m in metrics:
        assert doc.text[m.start : m.end] == m.text  # provenance, always
    return metrics


# ---- issue 19: numbers as real pages write them ---------------------------------------------

AS_PAGES_WRITE_THEM = [
    Case(
        "yu-before-wan",
        "全年为群众挽回经济损失3500余万元。",
        "3500余万",
        35_000_000,
        "yuan",
        qualifier="more_than",
    ),
    Case(
        "yu-before-traditional-wan",
        "全國邊檢機關共檢查出入境人員1490余萬人次。",
        "1490余萬",
        14_900_000,
        qualifier="more_than",
    ),
    Case(
        "duo-before-yi",
        "共追缴涉案资金2多亿元。",
        "2多亿",
        200_000_000,
        "yuan",
        qualifier="more_than",
    ),
    Case(
        "pinyin-inside-a-number",
        "全省刑事案件立案數由32萬(wàn)起降至15萬(wàn)起。",
        "32萬(wàn)",
        320_000,
    ),
    Case(
        "pinyin-inside-a-number-second",
        "全省刑事案件立案數由32萬(wàn)起降至15萬(wàn)起。",
        "15萬(wàn)",
        150_000,
    ),
    Case(
        "pinyin-inside-percentage-points",
        "破案率提升了15.5個(gè)百分點(diǎn)。",
        "15.5個(gè)百分點(diǎn)",
        15.5,
        "pp",
        True,
        "up",
    ),
    Case(
        "yu-after-a-numeral",
        "春节期间出动警力十余万人次。",
        "十余万",
        100_000,
        qualifier="more_than",
    ),
    Case(
        "yu-between-magnitudes",
        "为群众挽回损失3千余万元。",
        "3千余万",
        30_000_000,
        "yuan",
        qualifier="more_than",
    ),
    Case(
        "pinyin-after-yu",
        "成功調解糾紛1.2萬(wàn)餘(yú)起。",
        "1.2萬(wàn)餘(yú)",
        12_000,
        qualifier="more_than",
    ),
    Case("pinyin-after-a-numeral", "抓獲嫌疑人兩(liǎng)萬(wàn)人。", "兩(liǎng)萬(wàn)", 20_000),
    Case(
        "hundred-million-in-words",
        "Police recovered 1.2 hundred million yuan for victims.",
        "1.2 hundred million",
        120_000_000,
        "yuan",
        language="en",
    ),
    Case(
        "ten-thousand-in-words",
        "The city mobilized 3.5 ten thousand police officers.",
        "3.5 ten thousand",
        35_000,
        language="en",
    ),
    Case(
        "million-then-thousand",
        "Police recovered losses of 2 million 400 thousand yuan.",
        "2 million 400 thousand",
        2_400_000,
        "yuan",
        language="en",
    ),
    Case(
        "billion-then-million",
        "The funds frozen reached 1 billion 200 million yuan.",
        "1 billion 200 million",
        1_200_000_000,
        "yuan",
        language="en",
    ),
    Case("measure-word-bi", "全年网上办理车驾管业务12.4万笔。", "12.4万", 124_000),
    Case(
        "measure-word-zhu",
        "铲除非法种植罂粟２．６万余株。",
        "２．６万余",
        26_000,
        qualifier="more_than",
    ),
    Case("index-from", "主城区高峰拥堵指数由1.74降至1.59。", "1.74", 1.74, "other"),
    Case("index-to", "主城区高峰拥堵指数由1.74降至1.59。", "1.59", 1.59, "other"),
    Case(
        "index-en",
        "The peak-hour congestion index dropped to 1.61 this year.",
        "1.61",
        1.61,
        "other",
        language="en",
    ),
    Case(
        "thousand-then-hundreds",
        "The bureau handled 7 thousand 415 household registration matters.",
        "7 thousand 415",
        7_415,
        language="en",
    ),
    Case("multiple-zh", "电诈案件破案数同比增长2.4倍。", "2.4", 2.4, "other", True, "up"),
    Case(
        "multiple-en",
        "The number of fraud cases solved rose 2.4 times year-on-year.",
        "2.4 times",
        2.4,
        "other",
        True,
        "up",
        language="en",
    ),
    Case(
        "multiple-fold",
        "Seizures of drugs saw a 3-fold increase over last year.",
        "3-fold",
        3,
        "other",
        True,
        "up",
        language="en",
    ),
]

# ---- issue 23 item 2: full-width, signs, spaces, ranges -------------------------------------

HOSTILE_NUMBERS = [
    Case(
        "full-width-decimal-count",
        "全市共受理报警１２．５万起，同比下降３．２％。",
        "１２．５万",
        125_000,
    ),
    Case(
        "full-width-decimal-percent",
        "全市共受理报警１２．５万起，同比下降３．２％。",
        "３．２％",
        3.2,
        "percent",
        True,
        "down",
    ),
    Case(
        "negative-growth-zh", "电信诈骗案件同比增长-5.6%。", "-5.6%", 5.6, "percent", True, "down"
    ),
    Case(
        "negative-growth-en",
        "Fraud cases grew by -5.6% year-on-year.",
        "-5.6%",
        5.6,
        "percent",
        True,
        "down",
        language="en",
    ),
    Case(
        "unicode-minus-alone",
        "Thefts: −3.1% against the same period last year.",
        "−3.1%",
        3.1,
        "percent",
        True,
        "down",
        language="en",
    ),
    Case("full-width-minus", "交通事故同比增长－4.2％。", "－4.2％", 4.2, "percent", True, "down"),
    Case("space-before-wan", "为群众挽回损失1.5 万元。", "1.5 万", 15_000, "yuan"),
    Case("zero-width-space", "破获刑事案件1\u200b234起。", "1\u200b234", 1234),
    Case(
        "thin-space", "Police solved 1\u2009234 criminal cases.", "1\u2009234", 1234, language="en"
    ),
    Case(
        "narrow-no-break-space",
        "Police solved 12\u202f345 criminal cases.",
        "12\u202f345",
        12345,
        language="en",
    ),
    Case("soft-hyphen", "抓获犯罪嫌疑人12\u00ad345名。", "12\u00ad345", 12345),
    Case("zero-width-in-decimal", "破案率达到98.\u200b6%。", "98.\u200b6%", 98.6, "percent"),
    Case(
        "percent-range-hyphen",
        "The share of fraud cases rose by 10-20% in the county.",
        "10-20%",
        10,
        "percent",
        True,
        "up",
        "at_least",
        language="en",
    ),
    Case(
        "percent-range-full-width",
        "各类警情同比下降１０～２０％。",
        "１０～２０％",
        10,
        "percent",
        True,
        "down",
        "at_least",
    ),
    Case("count-range", "每日出动警力3至5人。", "3至5", 3, qualifier="at_least"),
    Case(
        "points-range",
        "交通事故死亡率同比下降2-3个百分点。",
        "2-3个百分点",
        2,
        "pp",
        True,
        "down",
        "at_least",
    ),
    Case("from-one-level-to-another", "全市破案率从35.9%至51.4%。", "35.9%", 35.9, "percent"),
]

# ---- issue 19: damage repaired by a named rule ----------------------------------------------

REPAIRED = [
    Case(
        "lost-wan-restated-in-title",
        "Police solved 18 thousand cases in the first quarter\n\n"
        "In the first quarter, the police solved 1.8 cases and arrested 900 suspects.",
        "1.8",
        18_000,
        language="en",
        rule="lost_wan_restated",
    ),
    Case(
        "lost-decimal-digits",
        "Cases solved rose by 28.5% and 76.% respectively.",
        "76.%",
        76,
        "percent",
        True,
        "up",
        language="en",
        rule="lost_decimal_digits",
    ),
    Case(
        "broken-thousands-group",
        "and arrested and handed over 10,10 suspects involved in fraud.",
        "10,10",
        1010,
        qualifier="more_than",
        language="en",
        rule="broken_grouping",
    ),
]

ALL = AS_PAGES_WRITE_THEM + HOSTILE_NUMBERS + REPAIRED


@pytest.mark.parametrize("case", ALL, ids=str)
def test_number_as_written(case: Case) -> None:
    found = {m.text: m for m in _metrics(case.sentence, case.language)}
    assert case.surface in found, sorted(found)
    m = found[case.surface]
    assert m.value == pytest.approx(case.value, rel=1e-12)
    assert (m.unit, m.change, m.direction, m.qualifier) == (
        case.unit,
        case.change,
        case.direction,
        case.qualifier,
    )
    assert m.repaired == case.rule
    if case.rule:
        assert m.confidence < 0.95 and m.note
    assert len([f for f in found.values() if f.start < m.end and m.start < f.end]) == 1


def test_a_range_names_both_ends_in_its_note() -> None:
    (m,) = _metrics("各类警情同比下降１０～２０％。", "zh")
    assert "10%–20%" in (m.note or "")


def test_a_whole_number_is_restated_only_from_the_title() -> None:
    """18 cases beside 180 thousand cases in the title is 18万 with its 万 lost; the same two
    figures in the body are two figures, and 18 stays as written."""
    titled = "Police solved 180 thousand cases this year\n\nIn all, police solved 18 cases."
    body = "Police work this year\n\nPolice solved 180 thousand cases; 18 cases were murders."
    restored = {m.text: m for m in _metrics(titled, "en")}["18"]
    assert (restored.value, restored.repaired) == (180_000, "lost_wan_restated")
    assert restored.confidence < 0.95 and "180 thousand" in (restored.note or "")
    kept = {m.text: m for m in _metrics(body, "en")}["18"]
    assert (kept.value, kept.repaired) == (18, None)


def test_an_average_is_not_restated() -> None:
    """2.5 cases a day is an average, whatever total the title states."""
    text = "Police solved 25 thousand cases\n\nOn average the police solved 2.5 cases a day."
    metrics = {m.text: m for m in _metrics(text, "en")}
    assert metrics["2.5"].value == 2.5 and metrics["2.5"].repaired != "lost_wan_restated"


def test_a_restated_figure_needs_the_same_noun() -> None:
    """1.8 people is not restored from "18 thousand cases": a different noun is no evidence."""
    text = "Police solved 18 thousand cases\n\nThe police rescued 1.8 people this year."
    (_, m) = _metrics(text, "en")
    assert m.text == "1.8" and m.repaired != "lost_wan_restated" and m.confidence < 0.5


# ---- what is no figure, however it is written -----------------------------------------------

NOT_FIGURES = [
    Case(
        "year-after-in", "In 2023 police solved 1,234 criminal cases.", "2023", 2023, language="en"
    ),
    Case(
        "year-after-during", "During 2022 people reported 560 frauds.", "2022", 2022, language="en"
    ),
    Case(
        "clock-time",
        "Source: Tianshan.com 2023-05-15 11:38:55 Police solved 12 cases.",
        "55",
        55,
        language="en",
    ),
    Case("clock-time-zh", "发布时间: 2023-01-10 15:23:54  全市破获案件12起。", "54", 54),
    Case(
        "mobile-number",
        "Call 13812345678 to report fraud.",
        "13812345678",
        13812345678,
        language="en",
    ),
    Case(
        "id-card-number",
        "The suspect, ID 110101199003071234, was arrested.",
        "110101199003071234",
        110101199003071234,
        language="en",
    ),
    Case("lone-wan", "召开万人大会，部署平安建设。", "万", 10_000),
    Case(
        "articles-are-labels",
        "Under Articles 12,13 of the law, the police fined them.",
        "12,13",
        1213,
        language="en",
    ),
    Case(
        "a-list-is-no-broken-group",
        "Police stations 3,4 and 5 were rebuilt.",
        "3,4",
        34,
        language="en",
    ),
    Case("the-rest-is-no-number", "抓获12名嫌疑人，其余万名群众受到教育。", "余万", 10_000),
    Case(
        "page-views-furniture",
        "Published: 2021-03-02   Views: 4817\n\nPolice solved 212 cases.",
        "4817",
        4817,
        language="en",
    ),
    Case(
        "emergency-number-of-a-command-centre",
        "The 110 command center of the county took 9,120 calls.",
        "110",
        110,
        language="en",
    ),
    Case(
        "thousand-then-a-percent-is-two-figures",
        "Accidents fell to 3 thousand, 415 fewer, down 12%.",
        "3 thousand, 415",
        3_415,
        language="en",
    ),
    Case(  # a threshold that defines a class of accidents is no result
        "accident-threshold",
        "No road traffic accident with more than 5 deaths occurred during the holiday.",
        "5",
        5,
        language="en",
    ),
    Case("accident-threshold-zh", "全年未发生一次死亡3人以上的道路交通事故。", "3", 3),
    Case(
        "emergency-number-as-a-subject",
        "The county's 110 received 8,240 calls for help.",
        "110",
        110,
        language="en",
    ),
    Case(
        "anti-fraud-hotline-platform",
        "Victims were warned through the 96110 anti-fraud early warning platform.",
        "96110",
        96110,
        language="en",
    ),
    Case(
        "end-of-a-span-of-days",
        "During the holiday from October 1 to 7, police received 9,420 calls.",
        "7",
        7,
        language="en",
    ),
    Case(  # a damaged year stays a year where no count's unit follows
        "split-year-heading",
        "II. 20 14 Public Security Work Plan",
        "20 14",
        2014,
        language="en",
    ),
    Case(  # a few measures are structure, no result
        "measures-of-a-plan",
        "The bureau issued 12 measures to serve enterprises.",
        "12",
        12,
        language="en",
    ),
    Case(
        "run-together-not-one",
        "The police dispatched 412 905 people.",
        "412 905",
        412_905,
        language="en",
    ),
]


@pytest.mark.parametrize("case", NOT_FIGURES, ids=str)
def test_not_read_as_a_figure(case: Case) -> None:
    metrics = _metrics(case.sentence, case.language)
    assert case.surface not in {m.text for m in metrics}
    assert not [m for m in metrics if m.value == case.value and m.confidence >= 0.5]


def test_two_counts_run_together_are_split_and_flagged() -> None:
    metrics = _metrics("The police dispatched 412 905 people.", "en")
    assert [(m.text, m.value, m.repaired) for m in metrics] == [
        ("412", 412, "run_together"),
        ("905", 905, "run_together"),
    ]
    assert all(m.confidence < 0.5 and "412905" in (m.note or "") for m in metrics)


def test_a_digit_split_by_a_space_is_still_joined() -> None:
    """ "30 19 people" (a seed's damage) is one number, not two counts run together."""
    (m,) = _metrics("rescue 30 19 people trapped", "en")
    assert (m.value, m.repaired) == (3019, "split_digits")


# ---- issue 23 item 3: absurd values are flagged, never trusted -------------------------------

ABSURD = [
    Case(
        "count-beyond-bounds",
        "Police solved 999999 billion criminal cases.",
        "999999 billion",
        999_999e9,
        language="en",
    ),
    Case("count-beyond-bounds-zh", "全市破获刑事案件9999亿起。", "9999亿", 999_900_000_000),
    Case(
        "percent-beyond-bounds",
        "Thefts increased by 123456% year-on-year.",
        "123456%",
        123456,
        "percent",
        language="en",
    ),
    Case("yuan-beyond-bounds", "挽回经济损失99999万亿元。", "99999万亿", 9.9999e16, "yuan"),
]


@pytest.mark.parametrize("case", ABSURD, ids=str)
def test_an_absurd_value_is_flagged(case: Case) -> None:
    found = {m.text: m for m in _metrics(case.sentence, case.language)}
    assert case.surface in found, sorted(found)
    m = found[case.surface]
    assert m.value == pytest.approx(case.value)
    assert m.confidence < 0.5 and m.repaired == "beyond_bounds"
    assert "beyond" in (m.note or "")


def test_a_large_real_amount_is_not_flagged() -> None:
    """National amounts are large but real: 1.2万亿元 (1.2 trillion yuan) passes."""
    (m,) = _metrics("全国公安机关为群众挽回经济损失1.2万亿元。", "zh")
    assert m.value == 1.2e12 and m.repaired is None and m.confidence == 0.95


# ---- issue 23 item 2: 1,000 万 in a row ------------------------------------------------------


def test_a_thousand_wan_in_a_row_do_not_recurse() -> None:
    text = "破获案件1" + "万" * 1000 + "起，抓获犯罪嫌疑人25名。"
    assert parse("1" + "万" * 1000) is None
    metrics = _metrics(text, "zh")
    assert [m.value for m in metrics] == [25.0]
    assert all(math.isfinite(m.value) for m in scan(text, "zh"))


def test_a_thousand_wan_in_a_row_leave_the_corpus_readable(tmp_path) -> None:
    """Issue 23: the RecursionError took `kit docs`, `summary`, `reconcile` and every briefing
    down; the document now lists with its other figures."""
    from kit.api import documents_frame, metrics_frame

    report = tmp_path / "report.txt"
    report.write_text("全年破获案件1" + "万" * 1000 + "起，抓获犯罪嫌疑人25名。\n", "utf-8")
    figures = metrics_frame(report, cache=False)
    assert list(figures["value"]) == [25.0]
    assert len(documents_frame(report)) == 1
