"""The year a report's figures describe and the period they cover, from short reports written as
real ones are (machine translations and Chinese originals): each row names the rule it needs."""

from __future__ import annotations

import pytest

from kit.load.metadata import infer_metadata

# text, (region, year, period, period_start, period_end)
REPORTS = [
    pytest.param(
        "From January to November 2022, the city's public security organs in Yuncheng solved "
        "3,000 criminal cases.",
        ("Yuncheng", 2022, "jan-nov", "2022-01-01", "2022-11-30"),
        id="en-january-to-month",
    ),
    pytest.param(
        "1—11月，全市共破获刑事案件3000起。运城市公安局\n发布时间：2022-12-10",
        ("Yuncheng", 2022, "jan-nov", "2022-01-01", "2022-11-30"),
        id="zh-1-11-months-year-from-publication",
    ),
    pytest.param(
        "公安部通报前三季度全国道路交通安全形势\n2023年前三季度，全国共发生道路交通事故13.5万起。",
        ("China", 2023, "jan-sep", "2023-01-01", "2023-09-30"),
        id="zh-first-three-quarters",
    ),
    pytest.param(
        "As of the end of the third quarter of 2020, the Zhejiang Provincial dispute centres "
        "resolved 273,000 disputes.",
        ("Zhejiang", 2020, "jan-sep", "2020-01-01", "2020-09-30"),
        id="en-end-of-third-quarter",
    ),
    pytest.param(
        "截至2022年9月底，全市共破获电信网络诈骗案件470起。运城市公安局",
        ("Yuncheng", 2022, "jan-sep", "2022-01-01", "2022-09-30"),
        id="zh-as-of-the-end-of-a-month",
    ),
    pytest.param(
        "As of the end of October 2021, Xining police had solved 900 fraud cases.",
        ("Xining", 2021, "jan-oct", "2021-01-01", "2021-10-31"),
        id="en-as-of-the-end-of-a-month",
    ),
    pytest.param(
        "In the first half of 2019, Xiamen police received 25,385 criminal police reports.",
        ("Xiamen", 2019, "h1", "2019-01-01", "2019-06-30"),
        id="en-first-half",
    ),
    pytest.param(
        "上海市公安局召开新闻发布会，通报2024年一季度全市治安情况。",
        ("Shanghai", 2024, "q1", "2024-01-01", "2024-03-31"),
        id="zh-first-quarter",
    ),
    pytest.param(
        "Karamay police cracked fraud cases\n2023-05-15 11:38:55 Source: Legal Daily\n"
        "Since this year, the city's fraud reports have dropped 12.5% year on year.",
        ("Karamay", 2023, "jan-apr", "2023-01-01", "2023-04-30"),
        id="en-since-this-year-published-in-may",
    ),
    pytest.param(
        "During the May Day holiday, the Chengdu police handled 5,000 calls, the Chengdu "
        "police said after the May Day holiday.",
        ("Chengdu", None, "may_day", None, None),
        id="en-holiday",
    ),
    pytest.param(
        "During the May Day Golden Week, Hangzhou police received 9,000 calls.",
        ("Hangzhou", None, "may_day", None, None),
        id="en-may-day-golden-week",
    ),
    pytest.param(
        "Golden Week national good public order\nDuring the National Day holiday, the national "
        "public security organs ensured order; the Ministry of Public Security said.",
        ("China", None, "national_day", None, None),
        id="en-national-day-golden-week",
    ),
    pytest.param(
        "國慶中秋假期全國刑事警情同比下降16.9%\n記者從公安部獲悉，國慶中秋假期全國社會大局穩定。",
        ("China", None, "national_day", None, None),
        id="zh-hant-national-day-with-mid-autumn",
    ),
    pytest.param(
        "During the 13th Five-Year Plan period, Guangdong's public security organs solved "
        "1.2 million cases.",
        ("Guangdong", 2020, "multi_year", "2016-01-01", "2020-12-31"),
        id="en-five-year-plan",
    ),
    pytest.param(
        "2016年至2020年，全省刑事案件立案数下降。“十三五”期间，福建公安强化预测预警。",
        ("Fujian", 2020, "multi_year", "2016-01-01", "2020-12-31"),
        id="zh-five-year-plan-span",
    ),
    pytest.param(
        "The 100-day summer public security crackdown and rectification operation has ended; "
        "from June 6 to September 25, 2022, Jiangsu police solved 9,000 cases.",
        ("Jiangsu", 2022, "campaign", "2022-06-06", "2022-09-25"),
        id="en-campaign-with-dates",
    ),
    pytest.param(
        "2021年是“十四五”开局之年，全市公安机关全年破获刑事案件1200起。西宁市公安局",
        ("Xining", 2021, "annual", None, None),
        id="zh-a-year-of-a-plan-is-a-year",
    ),
    pytest.param(
        "西宁市公安局2023年工作总结\n上半年，全市开展专项行动；全年共破获刑事案件1286起。",
        ("Xining", 2023, "annual", None, None),
        id="zh-a-half-inside-a-yearly-summary",
    ),
    pytest.param(
        "2015年，全市刑事案件比2014年下降10%。西宁市公安局",
        ("Xining", 2015, "annual", None, None),
        id="zh-comparison-year-is-not-the-year",
    ),
    pytest.param(
        "春运以来，全省共发生道路交通事故118起，比2017年春运同期下降52.4%。海南省公安厅",
        ("Hainan", 2018, "spring_festival", None, None),
        id="zh-only-a-comparison-year-the-year-after",
    ),
    pytest.param(
        "In 2021, Shenzhen's criminal cases fell 10% compared with 2020.",
        ("Shenzhen", 2021, "annual", None, None),
        id="en-compared-with-year",
    ),
    pytest.param(
        "Xining police: a summary of the past year\nUpdated on 2024-01-12\n"
        "Over the past year, the Xining police solved 1,286 cases.",
        ("Xining", 2023, "annual", None, None),
        id="en-summary-published-in-january",
    ),
    pytest.param(
        "刚刚过去的2024年，海安市公安局党委带领全市公安机关，全年破获刑事案件900起。",
        ("Hai'an", 2024, "annual", None, None),
        id="zh-county-level-city-annual",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REPORTS)
def test_year_and_period(text: str, expected: tuple) -> None:
    meta = infer_metadata(text)
    got = tuple(meta[k] for k in ("region", "year", "period", "period_start", "period_end"))
    assert got == expected


def test_the_page_date_of_a_web_page_dates_the_report() -> None:
    # no year in the text: the page's own date (from its metadata) says when, and a January
    # summary is about the year before
    text = "Xining police: a summary of the past year\nThe Xining police solved 1,286 cases."
    assert infer_metadata(text, published="2024-01-20")["year"] == 2023
    assert infer_metadata(text)["year"] is None
    holiday = "During the May Day holiday, the Xining police handled 300 calls."
    assert infer_metadata(holiday, published="2024-05-06")["year"] == 2024


DATE_SPAN_TEXTS = [
    pytest.param("From June 6 to September 25, the city's police handled", id="en-from"),
    pytest.param("During the campaign (May 1st - July 31st) accidents fell", id="en-ordinals"),
    pytest.param("6月6日至9月25日，全市公安机关", id="zh"),
    pytest.param("10月1日-7日国庆期间", id="zh-same-month"),
    pytest.param("On June 6, 2023 to report; 6月 and 日 apart", id="near-misses"),
    pytest.param("Version 2 - Final", id="no-month"),
]


@pytest.mark.parametrize("text", DATE_SPAN_TEXTS)
def test_date_span_prefilter_finds_what_the_search_finds(text: str) -> None:
    """The day span is searched only where its words stand: the same match as a plain search."""
    from kit.load.periods import _DATE_SPAN, _date_span

    plain = _DATE_SPAN.search(text, 0, 2000)
    found = _date_span(text, 2000)
    assert (found and found.groupdict()) == (plain and plain.groupdict())
