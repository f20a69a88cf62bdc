"""The place a report is about: any of China's ~2,900 county-level divisions, a city, a province
or the whole country, in Chinese or in the pinyin a machine translation writes."""

from __future__ import annotations

import random

import pytest

from kit.load.gazetteer import Place, gazetteer, norm_en
from kit.load.metadata import find_region, infer_metadata
from kit.load.places import find_place

SAMPLE = random.Random(2026).sample(sorted(gazetteer().county_level(), key=lambda p: p.code), 200)


def _shared_zh(place: Place) -> bool:
    return len(gazetteer().zh.get(place.zh, [])) > 1


def _parent(place: Place) -> Place:
    return gazetteer().places[place.parent]


def _en_suffix(place: Place) -> str:
    if place.level == "district":
        return "District"
    return "City" if place.zh.endswith("市") else "County"


def test_the_gazetteer_holds_every_county_level_division() -> None:
    # about 2,850 county-level divisions today, plus the ones renamed since 2015 (郫县 -> 郫都区)
    assert len(gazetteer().county_level()) >= 2850
    provinces = [p for p in gazetteer().places.values() if p.level == "province"]
    assert len(provinces) >= 27  # 22 provinces, 5 autonomous regions (+ Taiwan, HK, Macao)


def test_every_curated_place_is_a_division_of_the_gazetteer() -> None:
    # regions.toml names divisions (Xinjiang is 新疆维吾尔自治区, Hotan 和田地区 not 和田市);
    # only a place outside the mainland gazetteer is added as it is
    added = {p.name for p in gazetteer().places.values() if p.code.startswith("x-")}
    assert added == {"Taipei"}
    hotan = next(p for p in gazetteer().places.values() if p.name == "Hotan")
    assert (hotan.zh, hotan.level) == ("和田地区", "city")


@pytest.mark.parametrize("place", SAMPLE, ids=lambda p: p.code)
def test_a_county_report_in_chinese_names_its_county(place: Place) -> None:
    parent = _parent(place).zh if _shared_zh(place) else ""
    text = (
        f"{parent}{place.zh}公安局2023年工作总结\n今年以来，全县（区）公安机关破获刑事案件120起。"
    )
    found = find_place(text)
    assert (found.region, found.level) == (place.name, place.level), found.note
    assert found.province == gazetteer().province_of(place.code).name


def _shared_en(place: Place) -> bool:
    """Another county-level place has the same pinyin and the same kind (County, District)."""
    same = gazetteer().en.get(norm_en(place.name), [])
    return any(
        c != place.code and _en_suffix(gazetteer().places[c]) == _en_suffix(place) for c in same
    )


@pytest.mark.parametrize("place", SAMPLE, ids=lambda p: p.code)
def test_a_county_report_in_english_names_its_county(place: Place) -> None:
    # a machine translation: "the Wuding County Public Security Bureau"; a name another place
    # shares comes with its city and province ("... of Chuxiong, Yunnan Province"), as reports do
    parent, province = _parent(place), gazetteer().province_of(place.code)
    whose = f" of {parent.name}, {province.name} Province" if _shared_en(place) else ""
    text = (
        f"In 2023, the {place.name} {_en_suffix(place)} Public Security Bureau{whose} solved "
        "120 criminal cases, the whole county said."
    )
    found = find_place(text)
    assert found.region == place.name, found.note
    assert found.province == province.name


# short reports, each naming its place as real ones do; the rule each row needs is its id
REPORTS = [
    pytest.param(
        "西宁市公安局2023年工作总结\n全市公安机关破获案件1286起。",
        ("Xining", "city", "Qinghai"),
        id="zh-city",
    ),
    pytest.param(
        "Summary of the Xi'an Municipal Public Security Bureau's work in 2023.",
        ("Xi'an", "city", "Shaanxi"),
        id="en-city",
    ),
    pytest.param(
        "延长春节假期期间，杭州市公安局西湖区分局全区巡逻。",
        ("Xihu", "district", "Zhejiang"),
        id="zh-district-branch",
    ),
    pytest.param(
        "幸福建设，浙江西部",
        ("Zhejiang", "province", "Zhejiang"),
        id="false-friends",
    ),
    pytest.param(
        "今年以来，武定县公安局狮山派出所受理纠纷225起。",
        ("Wuding", "county", "Yunnan"),
        id="zh-county",
    ),
    pytest.param(
        "青海省大通回族土族自治县公安局化解矛盾纠纷422起。截至目前，大通县公安局",
        ("Datong", "county", "Qinghai"),
        id="zh-autonomous",
    ),
    pytest.param(
        "During the Spring Festival, the Yubei police set up 86 service posts.",
        ("Yubei", "district", "Chongqing"),
        id="en-district-body",
    ),
    pytest.param(
        "刚刚过去的2024年，海安市公安局党委带领全市公安机关。",
        ("Hai'an", "county", "Jiangsu"),
        id="zh-county-city",
    ),
    pytest.param(
        "记者从中国公安部获悉，国庆中秋假期全国社会大局稳定。",
        ("China", "country", None),
        id="zh-nation",
    ),
    pytest.param(
        "The Ministry of Public Security said 394,000 cases were investigated nationwide.",
        ("China", "country", None),
        id="en-nation",
    ),
    pytest.param(
        "Public security organs across China solved 120,000 fraud cases, police said.",
        ("China", "country", None),
        id="en-across-china",
    ),
    pytest.param(
        "Wuding County police said its rate was lower than the national average.",
        ("Wuding", "county", "Yunnan"),
        id="en-national-comparison",
    ),
    pytest.param(
        "全县刑事案件同比下降，低于全国平均水平。武定县公安局通报。",
        ("Wuding", "county", "Yunnan"),
        id="zh-national-comparison",
    ),
    pytest.param(
        "Reporter Cai Changchun learned from the Lanzhou Public Security Bureau.",
        ("Lanzhou", "city", "Gansu"),
        id="en-person-named-like-a-city",
    ),
    pytest.param(
        "平安建设取得成效，长治久安，公安机关破案120起。Xining police",
        ("Xining", "city", "Qinghai"),
        id="zh-ordinary-words",
    ),
    pytest.param(
        "拉萨市城关区公安分局破获案件120起。城区治安稳定。",
        ("Chengguan", "district", "Tibet"),
        id="zh-generic-name-after-its-city",
    ),
    pytest.param(
        "Reporters learned that Xi'an solved 3,000 criminal cases in 2023.",
        ("Xi'an", "city", "Shaanxi"),
        id="en-bare-city-with-apostrophe",
    ),
    pytest.param(
        "杭州市公安局与阿里巴巴合作打击电信诈骗。",
        ("Hangzhou", "city", "Zhejiang"),
        id="zh-company-named-like-a-prefecture",
    ),
    pytest.param(
        "Experts from Nanjing visited Wuding. The Public Security Bureau of Wuding County said "
        "it resolved 225 disputes; the Nanjing experts praised it.",
        ("Wuding", "county", "Yunnan"),
        id="en-body-before-the-name",
    ),
    pytest.param(
        "新疆维吾尔自治区公安厅通报：伊犁州公安局破获案件300起。全区公安机关……新疆公安厅",
        ("Xinjiang", "province", "Xinjiang"),
        id="zh-autonomous-region-named-without-its-people",
    ),
    pytest.param(
        "The Hotan Prefecture Public Security Bureau solved 300 cases.",
        ("Hotan", "city", "Xinjiang"),
        id="en-exonym",
    ),
    pytest.param(
        "A report with no place at all.",
        (None, None, None),
        id="none",
    ),
    pytest.param(
        "Xiningese people",
        (None, None, None),
        id="inside-a-word",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REPORTS)
def test_region_level_and_province(text: str, expected: tuple) -> None:
    found = find_place(text)
    assert (found.region, found.level, found.province) == expected
    assert find_region(text) == expected[0]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # 泰州 (Jiangsu) and 台州 (Zhejiang) are both Taizhou: the province named decides
        ("Taizhou Public Security Bureau, Zhejiang Province, solved 300 cases.", "Taizhou"),
        ("浙江省西湖区公安分局破获案件。", "Xihu"),
        ("江西省南昌市西湖区公安分局破获案件。", "Xihu"),
    ],
    ids=["en-shared-with-province", "zh-curated-with-province", "zh-other-with-parent"],
)
def test_a_shared_name_is_decided_by_its_parent(text: str, region: str) -> None:
    found = find_place(text)
    assert found.region == region


def test_a_shared_name_without_a_parent_is_left_open_with_a_reason() -> None:
    found = find_place("The Taizhou Public Security Bureau solved 300 cases this year.")
    assert found.region is None
    assert "Taizhou" in found.note and "Jiangsu" in found.note and "Zhejiang" in found.note
    meta = infer_metadata("The Taizhou Public Security Bureau solved 300 cases this year.")
    assert meta["region"] is None and meta["region_note"] == found.note


def test_the_province_named_decides_which_xihu() -> None:
    hangzhou = find_place("浙江省西湖区公安分局破获案件。")
    nanchang = find_place("江西省南昌市西湖区公安分局破获案件。")
    assert (hangzhou.province, nanchang.province) == ("Zhejiang", "Jiangxi")
