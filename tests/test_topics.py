"""Topics come from the lexicon; the wording around a figure decides."""

from __future__ import annotations

import re

import pytest

from kit.figures.topics import classify, expand
from kit.lexicon import load


@pytest.mark.parametrize(
    ("entry", "forms"),
    [
        ("gangs?", {"gang", "gangs"}),
        (
            "driving licen[cs]es?",
            {"driving licence", "driving licences", "driving license", "driving licenses"},
        ),
        ("honou?rs?", {"honor", "honors", "honour", "honours"}),
        ("traffic", {"traffic"}),
    ],
)
def test_expand_lists_every_spelling(entry: str, forms: set[str]) -> None:
    assert set(expand(entry)) == forms
    assert all(re.fullmatch(entry, f) for f in forms)


def test_every_vocabulary_entry_expands_to_plain_words() -> None:
    for topic, entry in load("topics").items():
        for words in entry.values():
            for word in words:
                for form in expand(word):
                    assert not set(form) & set("[]?()|*+\\"), (topic, word, form)


@pytest.mark.parametrize(
    ("counted", "clause", "sentence", "topic"),
    [
        ("road traffic hazards", "", "", "traffic"),
        ("fire safety hazards", "", "", "prevention"),
        ("Fengqiao-style traffic police force", "", "", "team"),
        ("contradictions and disputes", "", "", "disputes"),
        ("cases of wire fraud", "", "", "crackdown"),
        ("police station directors", "", "", "other"),
        ("", "", "A sentence about research and learning sessions and theme education.", "team"),
        ("查获诈骗集团", "", "", "crackdown"),  # extraction passes a simplified shadow
        ("智慧安防小区", "", "", "prevention"),
        ("调解室", "", "", "disputes"),
    ],
)
def test_classify(counted: str, clause: str, sentence: str, topic: str) -> None:
    assert classify(counted, clause, sentence) == topic


def test_sentence_words_alone_weigh_too_little_for_a_topic() -> None:
    assert classify("full-time personnel", "", "qualifications") == "other"


def test_a_decisive_word_settles_its_own_figure_not_its_neighbours() -> None:
    sentence = 'Fengqiao-style traffic police force" 2, 33 police station directors'
    assert classify("Fengqiao-style traffic police force", "", sentence) == "team"
    assert classify("police station directors", "", sentence) == "other"


#: (text, surface, topic): a figure whose own words name no topic takes its section heading's,
#: else its report's own (the opening line); a heading on team building lends nothing
THEMES = [
    ("打击电信网络诈骗\n截至目前，“断卡”行动惩戒人员3120人。", "3120", "crackdown"),
    ("交通安全\n今年以来，完成全市86处“生命防护工程”建设。", "86", "traffic"),
    ("2024年全市道路交通事故下降12%\n全年完成212处减速带建设。", "212", "traffic"),
    ("2024年全市道路交通事故下降12%\n全年完成“三必上”设施310处。", "310", "traffic"),
    ("Team building\nThe city has 31 police stations.", "31", "other"),
    ("打击电信网络诈骗\n全市群众安全感达98.9%。", "98.9%", "other"),  # the outcome, no section's
    (  # an opening of common words ("publicity", "security") names no theme
        "The department held a press conference on publicity and public security.\n"
        "It set up 4 supervision and guidance groups.",
        "4",
        "other",
    ),
]


@pytest.mark.parametrize(("text", "surface", "topic"), THEMES)
def test_a_figure_naming_no_topic_takes_its_sections(text: str, surface: str, topic: str) -> None:
    from kit.figures import extract
    from kit.schema import Document

    language = "en" if text.isascii() else "zh"
    found = {m.text: m for m in extract(Document(doc_id="t.txt", text=text, language=language))}
    assert found[surface].topic == topic


#: (text, surface, topic): a figure whose measure is known takes its measure's topic over common
#: words beside it (群众 is service's, "security" prevention's), but not over the words of a
#: domain (a criminal case caused by a dispute is the disputes')
MEASURE_TOPICS = [
    ("群众被骗损失同比下降23.5%。", "23.5%", "crackdown"),
    ("为受害群众返还被骗资金860万元。", "860万", "crackdown"),
    ("The public security police situation fell 6.1% in the city.", "6.1%", "crackdown"),
    ("因矛盾纠纷引发的刑事案件同比下降18.2%。", "18.2%", "disputes"),
    # words of a topic as reports write them
    ("全年成功预防民转刑案件18起。", "18", "disputes"),
    ("The bureau set up 64 temporary police service stations along the route.", "64", "prevention"),
    ("派出所帮助走失儿童回家25人。", "25", "service"),
    # round 2: grid policing, household visits, checks of people, vehicles and venues are
    # prevention; fraud dissuasion is crackdown; tourists received are no topic's; expressway
    # hazards are traffic
    ("The county was divided into 214 police grids staffed by grid members.", "214", "prevention"),
    ("全区划分基础网格520个。", "520", "prevention"),
    ("社区民警走访入户3.1万户。", "3.1万", "prevention"),
    ("巡逻民警盘查可疑车辆8600台次。", "8600", "prevention"),
    (
        "Police checked 1,420 hotels, Internet cafes and entertainment venues.",
        "1,420",
        "prevention",
    ),
    ("反诈民警劝阻潜在受害人2.6万人次。", "2.6万", "crackdown"),
    ("The dissuasion success rate reached 97.1%.", "97.1%", "crackdown"),
    ("假期全市景区和大型活动安保有序，各景区共接待游客42万人次。", "42万", "other"),
    ("全年排查整治高速公路安全隐患路段41处。", "41", "traffic"),
    ("The detachment set up 54 service stations at toll gates and rest areas.", "54", "prevention"),
    (
        "Grid members visited more than 9,000 households and found 130 hidden contradictions.",
        "9,000",
        "prevention",
    ),
    (
        "Police helped more than 1,800 stranded drivers and passengers on the expressway.",
        "1,800",
        "service",
    ),
    ("劝阻潜在受害人3.6万人次，避免群众损失1.1亿元。", "1.1亿", "crackdown"),
    ("“两客一危”车辆动态监控上线率、违法处理率均达100%。", "100%", "traffic"),
]


@pytest.mark.parametrize(("text", "surface", "topic"), MEASURE_TOPICS)
def test_a_figure_with_a_measure_takes_its_topic(text: str, surface: str, topic: str) -> None:
    from kit.figures import extract
    from kit.schema import Document

    language = "en" if text.isascii() else "zh"
    found = {m.text: m for m in extract(Document(doc_id="t.txt", text=text, language=language))}
    assert found[surface].topic == topic
