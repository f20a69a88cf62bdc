"""Every Chinese numeral form comes out exact: value, unit, change, direction, qualifier.

Table-driven, one row one behaviour (price-parser style): `Case` records with keyword
defaults, in named lists of real report wording.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kit.figures import extract
from kit.figures.numerals import parse
from kit.schema import Document


@dataclass(frozen=True)
class Case:
    sentence: str
    surface: str
    value: float
    unit: str = "count"
    change: bool = False
    direction: str | None = None
    qualifier: str | None = None
    language: str = "zh"

    def __str__(self) -> str:  # readable test ids
        return self.sentence


PERCENT_WORDS = [
    Case("全市刑事案件同比下降百分之十二点五。", "百分之十二点五", 12.5, "percent", True, "down"),
    Case("电诈发案同比下降两成。", "两成", 20.0, "percent", True, "down"),
    Case("近三成的纠纷在基层化解。", "三成", 30.0, "percent", qualifier="nearly"),
    Case("道路交通事故死亡率为千分之三。", "千分之三", 0.3, "percent"),
    Case("万车死亡率为2.5‰。", "2.5‰", 0.25, "percent"),
    Case("破案率提高百分之五。", "百分之五", 5.0, "percent", True, "up"),
]
MAGNITUDES = [
    Case("全年共抓获犯罪嫌疑人13万2千人。", "13万2千", 132_000),
    Case("全年共化解纠纷1万2千起。", "1万2千", 12_000),
    Case("全年共化解纠纷1万2起。", "1万2", 12_000),
    Case("为群众挽回损失16.4亿元。", "16.4亿", 1_640_000_000, "yuan"),
    Case("止付冻结涉案资金3亿5千万元。", "3亿5千万", 350_000_000, "yuan"),
    Case("投入警力二〇二三人次。", "二〇二三", 2023),
    Case("出动警力一万二千人次。", "一万二千", 12_000),
    Case("排查隐患一百零五处。", "一百零五", 105),
    Case("查处交通违法行为3.2万起。", "3.2万", 32_000),
    Case("抓获犯罪嫌疑人3000余名。", "3000余", 3000, qualifier="more_than"),
]
RANGES = [
    Case("共打掉犯罪团伙两三个。", "两三", 2, qualifier="at_least"),
    Case("查处酒驾违法行为三五千起。", "三五千", 3000, qualifier="at_least"),
    Case("组织巡逻七八十次。", "七八十", 70, qualifier="at_least"),
]
UNITS_WITH_A_MAGNITUDE_CHARACTER = [
    Case("缴获毒品1.5千克。", "1.5", 1.5, "other"),
    Case("缴获毒品20公斤。", "20", 20, "other"),
    Case("新建道路12千米。", "12", 12, "other"),
]
SMALL_SPELLED_COUNTS = [
    Case("破获毒品案件两起。", "两", 2),
    Case("逐步建成两个枫桥式交警队。", "两", 2),
]
GRADES_AND_CODES = [
    Case("We built 3 4A-level scenic spots this year.", "3", 3, language="en"),
    Case("建成3A级景区5个。", "5", 5),
]

ALL = PERCENT_WORDS + MAGNITUDES + RANGES + UNITS_WITH_A_MAGNITUDE_CHARACTER
ALL += SMALL_SPELLED_COUNTS + GRADES_AND_CODES


@pytest.mark.parametrize("case", ALL, ids=str)
def test_numeral(case: Case) -> None:
    doc = Document(doc_id="t.txt", text=case.sentence, language=case.language)
    found = {m.text: m for m in extract(doc)}
    assert case.surface in found, sorted(found)
    m = found[case.surface]
    assert m.value == case.value  # exact: no float products
    assert (m.unit, m.change, m.direction, m.qualifier) == (
        case.unit,
        case.change,
        case.direction,
        case.qualifier,
    )
    assert doc.text[m.start : m.end] == m.text


def test_a_range_is_reported_once_with_its_range_in_the_note() -> None:
    (m,) = extract(Document(doc_id="t.txt", text="共打掉犯罪团伙两三个。", language="zh"))
    assert m.value == 2 and m.qualifier == "at_least" and "2–3" in (m.note or "")


NOT_FIGURES = [
    Case("一成不变地执行制度。", "一成", 0),
    Case("建成智慧小区，形成合力。", "成", 0),
    Case("We built 3 4A-level scenic spots this year.", "3 4", 34, language="en"),
    Case("缴获毒品1.5千克。", "1.5千", 1500),
]


@pytest.mark.parametrize("case", NOT_FIGURES, ids=str)
def test_not_read_as(case: Case) -> None:
    doc = Document(doc_id="t.txt", text=case.sentence, language=case.language)
    assert case.surface not in {m.text for m in extract(doc)}


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("16.4亿", "1640000000.0"),
        ("13万2千", "132000"),
        ("1万2", "12000"),
        ("二十万零三百", "200300"),
        ("三千五", "3500"),
        ("十二点五", "12.5"),
        ("兩萬", "20000"),
        ("32萬(wàn)", "320000"),  # inline pinyin of a traditional-converted page
        ("3500余万", "35000000"),  # 余 between the digits and 万
        ("1490余萬", "14900000"),
        ("１２．５万", "125000.0"),  # full-width digits and point
        ("1.5 万", "15000.0"),  # a space before 万
    ],
)
def test_parse_is_exact_decimal(token: str, value: str) -> None:
    parsed = parse(token)
    assert parsed is not None and str(parsed.value) == value


@pytest.mark.parametrize(
    "token", ["12345678901234567890", "三十十", "万万", "1" + "万" * 1000, "5万万万万亿"]
)
def test_parse_refuses_what_is_no_number(token: str) -> None:
    assert parse(token) is None
