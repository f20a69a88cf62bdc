"""The rules the kit applies in Python and the briefing's script applies in the reader's browser,
one named table of real-looking cases each: the excerpt of a source sentence around its figure
(`kit.present.excerpt`) and the CSV formula-neutralising rule (`kit.run.output.FORMULA_RULE`).

`tests/test_briefing_rules_browser.py` runs the script's copies on these very tables.
"""

from __future__ import annotations

import csv
import io

import pytest

from kit.present.excerpt import excerpt, excerpt_text
from kit.run.output import neutralise_cell

#: (id, sentence, surface, side, (before, figure, after))
EXCERPT_CASES: list[tuple[str, str, str | None, int, tuple[str, str, str]]] = [
    (
        "alone-not-inside-a-longer-number",
        "In 2023 the bureau solved 161 criminal cases, 61 of them by the new cyber unit.",
        "61",
        60,
        ("In 2023 the bureau solved 161 criminal cases, ", "61", " of them by the new cyber unit."),
    ),
    (
        "alone-not-after-thousands-separator",
        "全年共破获刑事案件1,061起，其中61起为电信网络诈骗案件。",
        "61起",
        60,
        ("全年共破获刑事案件1,061起，其中", "61起", "为电信网络诈骗案件。"),
    ),
    (
        "alone-not-after-a-decimal-point",
        "The solving rate reached 92.61%, and fraud losses fell 61% year on year.",
        "61%",
        60,
        ("The solving rate reached 92.61%, and fraud losses fell ", "61%", " year on year."),
    ),
    (
        "alone-in-chinese-numerals",
        "全年表彰一百六十一人，其中六十一人为一线民警。",
        "六十一人",
        60,
        ("全年表彰一百六十一人，其中", "六十一人", "为一线民警。"),
    ),
    (
        "alone-in-full-width-digits",
        "破获刑事案件１６１起，其中６１起为盗窃案。",
        "６１起",
        60,
        ("破获刑事案件１６１起，其中", "６１起", "为盗窃案。"),
    ),
    (
        "never-alone-first-occurrence",
        "接处警3.5万起，较去年增长",
        "3.5",
        60,
        ("接处警", "3.5", "万起，较去年增长"),
    ),
    ("short-sentence-whole", "solved 12 cases", "12", 60, ("solved ", "12", " cases")),
    (
        "words-kept-whole-at-both-cuts",
        "In 2023 the bureau, after long work in every district of the city, solved 1,234 "
        "criminal cases and arrested many suspects across the whole province that year.",
        "1,234",
        20,
        ("…of the city, solved ", "1,234", " criminal cases and…"),
    ),
    (
        "chinese-cut-by-characters",
        "全年破获刑事案件1234起，抓获犯罪嫌疑人567名，打掉犯罪团伙12个。",
        "567名",
        6,
        ("…获犯罪嫌疑人", "567名", "，打掉犯罪团…"),
    ),
    ("figure-not-in-sentence", "no figure here at all", "99", 5, ("no figure…", "", "")),
    (
        "no-surface",
        "Traffic accidents fell across the province in the holiday week",
        None,
        10,
        ("Traffic accidents…", "", ""),
    ),
    (
        "characters-beyond-the-basic-plane",
        "𠮷𠮷𠮷𠮷𠮷𠮷破案12起𠮷𠮷𠮷𠮷𠮷𠮷",
        "12起",
        3,
        ("…𠮷破案", "12起", "𠮷𠮷𠮷…"),
    ),
]

#: (id, cell, what the spreadsheet gets)
NEUTRALISE_CASES: list[tuple[str, str, str]] = [
    ("formula", '=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("plus-formula", "+SUM(A1)", "'+SUM(A1)"),
    ("minus-expression", "-2+3", "'-2+3"),
    ("at-command", "@cmd", "'@cmd"),
    ("tab", "\tTAB", "'\tTAB"),
    ("carriage-return", "\rcmd", "'\rcmd"),
    ("line-feed", "\ncmd", "'\ncmd"),
    ("minus-word", "-abc", "'-abc"),
    ("negative-number", "-6.32", "-6.32"),
    ("signed-percent", "+25.5%", "+25.5%"),
    ("grouped-negative", "-1,234", "-1,234"),
    ("exponent", "-1e5", "-1e5"),
    ("full-width-digits-are-not-a-plain-number", "-１２", "'-１２"),
    ("chinese-text", "破获案件12起", "破获案件12起"),
    ("empty", "", ""),
]


def csv_field(cell: str) -> str:
    """One CSV field as pandas (and so the Lab's Download CSV) writes it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([cell, "end"])
    return out.getvalue().removesuffix(",end\r\n")


@pytest.mark.parametrize(
    ("sentence", "surface", "side", "expected"),
    [c[1:] for c in EXCERPT_CASES],
    ids=[c[0] for c in EXCERPT_CASES],
)
def test_excerpt(sentence: str, surface: str | None, side: int, expected: tuple) -> None:
    assert tuple(excerpt(sentence, surface, side)) == expected


def test_the_issue_example_marks_the_61_standing_alone() -> None:
    sentence = "The city solved 161 criminal cases, 61 of them fraud."
    before, mark, _ = excerpt(sentence, "61")
    assert mark == "61" and before.endswith("cases, ")


@pytest.mark.parametrize(
    ("sentence", "surface", "width", "expected"),
    [
        ("  Short sentence with 61 hazards. ", "61", 240, "Short sentence with 61 hazards."),
        (None, "61", 240, ""),
        ("one two three 161 four 61 five six seven", "61", 20, "…161 four 61 five six…"),
        ("aaaa bbbb cccc dddd eeee ffff gggg", None, 12, "aaaa bbbb…"),
    ],
    ids=["whole", "no-sentence", "alone-centred", "no-figure-words-whole"],
)
def test_excerpt_text(sentence: object, surface: str | None, width: int, expected: str) -> None:
    assert excerpt_text(sentence, surface, width) == expected


def test_excerpt_text_stays_near_its_width() -> None:
    sentence = "word " * 100 + "resolved 1,049 disputes " + "word " * 100
    out = excerpt_text(sentence, "1,049", width=80)
    assert "1,049" in out and out.startswith("…") and out.endswith("…") and len(out) <= 82


@pytest.mark.parametrize(
    ("cell", "expected"),
    [c[1:] for c in NEUTRALISE_CASES],
    ids=[c[0] for c in NEUTRALISE_CASES],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise_cell(cell) == expected
