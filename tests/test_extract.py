"""Extraction on real sentences: which numbers are figures, and what each one says."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.figures import extract
from kit.figures.structure import sentence_spans
from kit.schema import Document


def _doc(text: str, language: str = "en") -> Document:
    return Document(doc_id="t.txt", text=text, language=language)


def _one(text: str, language: str = "en"):
    metrics = extract(_doc(text, language))
    assert len(metrics) == 1, [(m.text, m.value) for m in metrics]
    return metrics[0]


# (sentence, value, unit, change, direction, baseline, qualifier, topic)
FIGURES = [
    # "an increase of N times" is a multiple, as "increased by N times"
    (
        "drug cases cracked rose sharply, an increase of 2.6 times year-on-year.",
        2.6,
        "other",
        True,
        "up",
        "yoy",
        None,
        "crackdown",
    ),
    ("smashing 9 gang-related organizations.", 9, "count", False, None, None, None, "crackdown"),
    (
        "the crime rate decreased by 9.3% year-on-year.",
        9.3,
        "percent",
        True,
        "down",
        "yoy",
        None,
        None,
    ),
    (
        "35 public security police cases, down 50% month-on-month.",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ),
    ("with a mediation rate of 986%.", 98.6, "percent", False, None, None, None, "disputes"),
    (
        "and the theft case solving rate has reached 53%.",
        53,
        "percent",
        False,
        None,
        None,
        None,
        "crackdown",
    ),
    (
        "effectively resolved more than 6,600 contradictions and disputes.",
        6600,
        "count",
        False,
        None,
        None,
        "more_than",
        "disputes",
    ),
    ("carry out nearly 60 special investigations.", 60, "count", False, None, None, "nearly", None),
    (
        "the contribution rate has exceeded 95%.",
        95,
        "percent",
        False,
        None,
        None,
        "more_than",
        None,
    ),
    (
        "recovered more than 110,000 yuan of stolen goods.",
        110000,
        "yuan",
        False,
        None,
        None,
        "more_than",
        "crackdown",
    ),
    (
        "investigate and rectify 61 road traffic hazards.",
        61,
        "count",
        False,
        None,
        None,
        None,
        "traffic",
    ),
    (
        "the congestion index will decrease by 4 year-on-year09%.",
        4.09,
        "percent",
        True,
        "down",
        "yoy",
        None,
        "traffic",
    ),
    (
        "6 percentage points higher than the national average.",
        6,
        "pp",
        True,
        "up",
        "other",
        None,
        None,
    ),
    ("破获电信网络诈骗案件1286起,", 1286, "count", False, None, None, None, "crackdown"),
    ("破案率同比提升25.5个百分点,", 25.5, "pp", True, "up", "yoy", None, "crackdown"),
    ("矛盾纠纷排查化解率达98.6%,", 98.6, "percent", False, None, None, None, "disputes"),
    ("3000余名巡防警力分布在全市,", 3000, "count", False, None, None, "more_than", "prevention"),
    ("发案数同比下降9.3%。", 9.3, "percent", True, "down", "yoy", None, None),
    ("案件环比下降5.2%。", 5.2, "percent", True, "down", "mom", None, None),
    ("共破获案件2.07万起。", 20700, "count", False, None, None, None, "crackdown"),
    ("打掉犯罪团伙百余个。", 100, "count", False, None, None, "more_than", "crackdown"),
    ("抓获犯罪嫌疑人１２３名。", 123, "count", False, None, None, None, "crackdown"),
    ("群众满意度达90%以上。", 90, "percent", False, None, None, "more_than", None),
    ("破獲詐騙案件1286起，", 1286, "count", False, None, None, None, "crackdown"),
    ("調解矛盾糾紛3萬餘起。", 30000, "count", False, None, None, "more_than", "disputes"),
    ("挽回经济损失1.2亿元。", 120_000_000, "yuan", False, None, None, None, None),
    ("逐步建成两个枫桥式交警队,", 2, "count", False, None, None, None, "team"),
    ("破获案件1,286起。", 1286, "count", False, None, None, None, "crackdown"),
    ("recovered RMB 3.2 million for victims.", 3_200_000, "yuan", False, None, None, None, None),
    ("awarded 3 second-class hero models.", 3, "count", False, None, None, None, "team"),
    ("issued 3 copies of the notice.", 3, "count", False, None, None, None, None),
    (
        "firecrackers 2 illegal and criminal cases, persuade",
        2,
        "count",
        False,
        None,
        None,
        None,
        "crackdown",
    ),
]


@pytest.mark.parametrize(
    ("text", "value", "unit", "change", "direction", "baseline", "qualifier", "topic"),
    [f for f in FIGURES if f[1] is not None],
)
def test_figure(text, value, unit, change, direction, baseline, qualifier, topic) -> None:
    language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    m = _one(text, language)
    assert m.value == pytest.approx(value)
    assert m.unit == unit
    assert m.change is change
    assert m.direction == direction
    assert m.baseline == baseline
    assert m.qualifier == qualifier
    if topic:
        assert m.topic == topic
    assert text[m.start : m.end] == m.text


def test_two_figures_in_one_clause() -> None:
    metrics = extract(_doc("35 public security police cases, down 50% month-on-month."))
    assert [(m.value, m.change, m.direction, m.baseline) for m in metrics] == [
        (35, False, None, None),
        (50, True, "down", "mom"),
    ]


NOT_FIGURES = [
    "the spirit of the 20th National Congress of the Communist Party of China",
    "the security of the 31st Summer Universiade in Chengdu",
    'to start the implementation of the "Fifth Five-Year Strategy"',
    'firmly implement the "1357" development strategy',
    'build a "1+1+5" organizational leadership system',
    'The occurrence of "12 1 1" fire shows that',
    "Mondo Culture Updated on 2024-02-03",
    "In 2023, the city's public security organs",
    "In 20 13 years, under the leadership of the party",
    "On January 9, the Provincial Public Security Department held",
    "two robberies and one theft",
    "no major traffic accidents for 10 consecutive years",
    "around the Chinese People's Police Day on January 10",
    "严格落实“1、3、5”分钟快反机制",
    "12月28日,记者从西宁市公安局获悉",
    "2023年守护平安",
    "依托110接处警平台",
    "获评“全国第三批100个枫桥式公安派出所”",
    "部署开展为期6个月的行动",
    "每10万人实有人口中",
    "第三季度",
    "24小时严密通道查控",
    "从四个层面选点布建",
    "开展以建立一批完善高效的反诈机制",
    "Citizens can call the 110 alarm line at any time.",
    "Key tasks.\n1. Strengthen the grassroots",
    "the work plan. 2. Improve the mechanism",
    "drug crimes fell to a 10-year low",
    "the 24-hour on-duty system",
    "refine 17 items and 41 specific measures in 6 aspects",
    "the number of traffic order 110 alarms decreased steadily",
    "residents made calls to 110 at night",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(text: str) -> None:
    language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    assert [(m.text, m.value) for m in extract(_doc(text, language))] == []


def test_chinese_sentence_broken_by_page_layout_keeps_its_noun() -> None:
    text = "建成61个智慧安防小区和248个社区警务室(其中智慧社区警务\n\n室124个),市级平台投入使用"
    m = next(m for m in extract(_doc(text, "zh")) if m.value == 124)
    assert "警务室" in m.counted


def test_a_count_after_a_list_comma_is_a_figure_when_a_count_stands_before_it() -> None:
    """ "三个集体、28名民警": a list of counts, each with its noun; no list of bare numbers."""
    found = extract(_doc("全年共有两个中队、31名民警受到市级表彰。", "zh"))
    assert [m.value for m in found if m.value == 31] == [31]


def test_sentences_split_in_both_languages() -> None:
    text = "First sentence. Second one; third!\n化解率为99.7%。下一句"
    parts = [text[s:e].strip() for s, e in sentence_spans(text)]
    assert parts[0] == "First sentence."
    assert "化解率为99.7%。" in parts


def test_110_calls_received_are_a_count() -> None:
    found = extract(_doc("The centre received 110 calls and 110 reports of fraud."))
    assert [m.value for m in found] == [110, 110]


def test_a_full_stop_that_lost_its_space_still_ends_the_sentence() -> None:
    text = "calls fell 5.08% on last year's Spring Festival.They decreased by 45.52% and 42.19%."
    parts = [text[s:e] for s, e in sentence_spans(text)]
    assert parts == [
        "calls fell 5.08% on last year's Spring Festival.",
        "They decreased by 45.52% and 42.19%.",
    ]
    assert sentence_spans("Population 3.5 million. No.1 ranks") == [(0, 23), (24, 34)]


def test_provenance_of_seed_figures() -> None:
    from kit.load.corpus import load_corpus

    for doc in load_corpus().documents:
        for m in extract(doc):
            assert doc.text[m.start : m.end] == m.text
            assert m.doc_id == doc.doc_id
            assert 0 <= m.confidence <= 1
            assert (m.repaired is None) == (m.note is None or m.confidence >= 0.95)


# ---- properties -------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *list('0123456789 ,.%-+/()"“”年月日个名起余万亿同比下降上升率第每'),
        "\n",
        "year-on-year",
        "More than",
        "percent",
        "rate of ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.sampled_from(["en", "zh"]))
def test_extract_never_raises_and_spans_are_true(text: str, language: str) -> None:
    for m in extract(_doc(text, language)):
        assert text[m.start : m.end] == m.text
        assert m.start < m.end


@pytest.mark.parametrize("chunk", ["1 ", "1,", "9" * 50 + " ", ". ", "More than ", "year-on-year"])
def test_time_grows_linearly(chunk: str) -> None:
    """No catastrophic backtracking: 8x the input may cost ~8x the time, never ~64x."""

    def cost(n: int) -> float:
        text = chunk * n
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            extract(_doc(text))
            best = min(best, time.perf_counter() - t0)
        return best

    small, large = cost(200), cost(1600)
    assert large < small * 8 * 4 + 0.05


def test_traditional_characters_read_through_simplified_shadow() -> None:
    """A made-up Taiwan-style holiday report: vocabulary in simplified still applies."""
    from pathlib import Path

    from kit.load.corpus import load_document

    doc = load_document(Path(__file__).parent / "data" / "synthetic_traditional_report.txt")
    got = {m.text: m for m in extract(doc)}
    assert got["12"].topic == "crackdown" and got["12"].counted == "查獲詐騙集團"
    assert got["1,250萬"].value == 12_500_000 and got["1,250萬"].unit == "yuan"
    assert got["3.5個百分點"].unit == "pp" and got["3.5個百分點"].direction == "up"
    assert got["15.3%"].counted == "全市共受理刑事案件" and got["15.3%"].baseline == "yoy"
    assert got["1.6萬餘"].value == 16_000 and got["1.6萬餘"].qualifier == "more_than"
    assert got["2千"].value == 2000
    assert got["96.5%"].indicator == "dispute_resolution_rate"
    for m in got.values():
        assert doc.text[m.start : m.end] == m.text
    assert "110" not in got and "31" not in got  # a quoted platform name, a date


def test_a_typical_english_translation_reads_cleanly() -> None:
    """A made-up city report in the usual translation style: every figure, nothing else."""
    from pathlib import Path

    from kit.load.corpus import load_document

    doc = load_document(Path(__file__).parent / "data" / "synthetic_english_report.txt")
    got = {m.text: m for m in extract(doc)}
    assert doc.region == "Changsha" and doc.year == 2022
    # not figures: the ordinal, the hotline, the year, the quoted campaign, the plan's tasks
    assert not {"3", "12345", "2021", "2023", "10"} & set(got)
    assert got["12.6%"].counted == "criminal cases of various types"
    assert got["12.6%"].indicator == "criminal_cases_filed" and got["12.6%"].direction == "up"
    assert got["35.2%"].indicator == "fraud_cases" and got["35.2%"].direction == "down"
    assert got["1.28 million"].unit == "yuan" and got["1.28 million"].value == 1_280_000
    assert got["9"].change and got["9"].direction == "down"  # "deaths decreased by 9 people"
    assert got["98.7%"].counted == "success rate"
    assert got["98.7%"].indicator == "dispute_resolution_rate"
    assert got["46"].topic == "prevention" and got["132"].topic == "traffic"
    assert got["15"].topic in ("crackdown", "team")
    assert len(got) >= 25


def test_a_typical_simplified_chinese_report_reads_cleanly() -> None:
    """A made-up city annual report: 万/亿 amounts, rates, changes, and a target left out."""
    from pathlib import Path

    from kit.load.corpus import load_document

    doc = load_document(Path(__file__).parent / "data" / "synthetic_simplified_report.txt")
    got = {m.text: m for m in extract(doc)}
    assert got["4.2万"].value == 42_000 and got["12.3%"].direction == "down"
    assert got["12.3%"].counted == "全市公安机关共立刑事案件"
    assert (
        got["2.3万余"].qualifier == "more_than" and got["2.3万余"].indicator == "suspects_arrested"
    )
    assert got["3.6亿"].unit == "yuan" and got["3.6亿"].topic == "crackdown"
    assert got["1.2个百分点"].unit == "pp" and got["1.2个百分点"].change
    assert not got["26.3"].change  # 提升至 26.3: a level reached, not a change
    assert got["4.5%"].indicator == "congestion"
    assert got["98%"].qualifier == "more_than"
    assert "5%" not in got  # 力争刑事案件再下降5%: a target, not a result
    assert "110" not in got and "2024" not in got


def test_a_bare_classifier_takes_its_noun_from_before_the_number() -> None:
    text = "and mediate all kinds of contradictions and disputes80More than 30,000 pieces."
    (m,) = extract(_doc(text))
    assert m.value == 803_000 and m.counted.endswith("contradictions and disputes (pieces)")
    assert m.indicator == "disputes_resolved"


def test_labour_disputes_resolved_are_disputes_resolved() -> None:
    (m,) = extract(_doc("resolved more than 3,200 labor disputes."))
    assert m.indicator == "disputes_resolved" and m.topic == "disputes"


def test_a_number_after_its_noun_is_counted_by_that_noun() -> None:
    text = "Through it, 53 cases15 were detected and criminal suspects 10458 were dealt with."
    got = {m.text: m for m in extract(_doc(text))}
    assert got["10458"].counted == "criminal suspects"
    assert got["10458"].indicator == "suspects_arrested"


def test_a_very_long_sentence_is_clipped_at_word_boundaries() -> None:
    words = " ".join(f"word{i}" for i in range(200))
    text = f"{words} and 61 road traffic hazards were fixed {words}."
    (m,) = extract(_doc(text))
    assert m.sentence.split()[0] in words.split() and m.sentence.split()[-1] in words.split()
    assert "61 road traffic hazards" in m.sentence and len(m.sentence) < len(text)


def test_kit_extract_stays_the_function_after_metrics_frame(tmp_path) -> None:
    """`kit.metrics_frame(corpus); kit.extract(doc)`: importing the pipeline once bound the
    submodule `kit.extract` over the function. It stays the function, and its figures are
    exactly the lines `kit extract FILE --format jsonl` writes."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    import kit

    seed = Path(__file__).resolve().parent.parent / "seeds" / "001_63206c82e3f070fd.txt"
    corpus = kit.load_corpus(seed)
    kit.metrics_frame(corpus)
    import kit.figures.decide

    assert kit.extract is kit.figures.extract is kit.figures.decide.extract
    found = kit.extract(corpus.documents[0])
    out = tmp_path / "out.jsonl"
    cli = Path(sys.executable).with_name("kit")
    subprocess.run(
        [str(cli), "extract", str(seed), "--format", "jsonl", "-o", str(out)],
        check=True,
        capture_output=True,
    )
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert found and len(found) == len(lines)
    for metric, line in zip(found, lines, strict=True):
        mine = json.loads(json.dumps(metric.to_dict(), ensure_ascii=False, default=str))
        assert mine == line
