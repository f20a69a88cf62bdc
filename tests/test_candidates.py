"""The prefiltered scans find exactly what a full `finditer` finds, on real report lines."""

from __future__ import annotations

import pytest

from kit.load import metadata, places
from kit.load.candidates import finditer_at

YEAR_LINES = [
    pytest.param("2023年全市公安机关共破获刑事案件1.2万起", id="zh-year"),
    pytest.param("二〇二三年工作总结", id="zh-numeral-year"),
    pytest.param("In 20 13, the bureau solved 1,204 cases", id="split-year-after-in"),
    pytest.param("compared with 2015, accidents fell 12.2019%", id="year-inside-decimal"),
    pytest.param("12019 people; 2019 was the year; 1950s 1949", id="year-inside-longer-run"),
    pytest.param("The 2024 Work Plan: 2000 people, 2.2023 and 2023-05-15", id="plan-and-date"),
    pytest.param("一二三四五年 and 〇〇〇〇年", id="long-numeral-run"),
]

NATION_TEXTS = [
    pytest.param("公安部部署的专项行动与国务院的要求", id="ministry-zh"),
    pytest.param(
        "the ministry of public security's deployment; vice minister of public security", id="en"
    ),
    pytest.param("deputy minister of the public security bureau; ministers", id="deputy"),
    pytest.param(
        "nationwide, across the country and all over china, national criminal cases", id="area"
    ),
    pytest.param("no national word here: a nationality, an international case", id="near-misses"),
]


def spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


@pytest.mark.parametrize("line", YEAR_LINES)
def test_years_in_finds_what_finditer_finds(line: str) -> None:
    assert spans(metadata._years_in(line)) == spans(metadata._YEAR_RE.finditer(line))


@pytest.mark.parametrize("text", NATION_TEXTS)
def test_nation_scans_find_what_finditer_finds(text: str) -> None:
    lower = text.lower()
    for pattern, starts in (
        (places._NATION_BODY, places._NATION_BODY_START),
        (places._NATION_AREA_EN, places._NATION_AREA_EN_START),
    ):
        assert spans(places._matches_at(pattern, starts, lower)) == spans(pattern.finditer(lower))


def test_a_match_needs_a_start_the_prefilter_names() -> None:
    """A `starts` pattern that misses a match's start loses it: the superset is the contract."""
    import re

    pattern, too_narrow = re.compile(r"\bab"), re.compile(r"x")
    assert list(finditer_at(pattern, too_narrow, "ab ab")) == []
    assert len(list(finditer_at(pattern, re.compile("a"), "ab ab"))) == 2


SENTENCE_TEXTS = [
    pytest.param(
        "Cases fell 12.5%. The bureau solved 3.5 thousand.It rose", id="en-stops-and-lost-space"
    ),
    pytest.param(
        "破获案件1.2万起；抓获嫌疑人532名。\n\n调解纠纷986起！", id="zh-marks-and-paragraphs"
    ),
    pytest.param('fell; Next year. "Quoted" e.g. U.S. A; b;; c?!D', id="semicolons-and-quotes"),
    pytest.param("no mark at all", id="none"),
    pytest.param(".A", id="empty-match-at-one"),
    pytest.param('ends. (Note) and; "Quoted".\t\n“Next” x.Ab.\nCd', id="quotes-parens-tabs"),
]


@pytest.mark.parametrize("text", SENTENCE_TEXTS)
def test_sentence_ends_are_the_full_scans(text: str) -> None:
    from kit.figures.structure import _SENTENCE_END, _sentence_ends

    assert spans(_sentence_ends(text)) == spans(_SENTENCE_END.finditer(text))


def test_sentence_ends_match_on_random_mixes_of_marks() -> None:
    """Every mix of marks, capitals, spaces and newlines up to 12 characters drawn at random."""
    import random

    from kit.figures.structure import _SENTENCE_END, _sentence_ends

    rnd = random.Random(19)
    for _ in range(20000):
        text = "".join(rnd.choice('aB.!?; \n。！？；X1"“(') for _ in range(rnd.randint(0, 12)))
        assert spans(_sentence_ends(text)) == spans(_SENTENCE_END.finditer(text)), text


GLUED_TEXTS = [
    pytest.param("a clearance rate of98.6% and cases1,204 in total", id="glued-rate-and-count"),
    pytest.param("up 12.5% year-on-year, 3 cases", id="not-glued"),
    pytest.param("rose by5 % and fell by 6%", id="glued-spaced-percent"),
]


@pytest.mark.parametrize("text", GLUED_TEXTS)
def test_glued_numbers_found_from_their_starts(text: str) -> None:
    from kit.figures.surfaces import _GLUED_LEFT, STARTS

    found = finditer_at(_GLUED_LEFT, STARTS[_GLUED_LEFT], text)
    assert spans(found) == spans(_GLUED_LEFT.finditer(text))


DATE_LINES = [
    pytest.param("发布时间：2023-05-15 11:38:55 来源：市公安局", id="zh-dateline"),
    pytest.param(
        "Updated on 2024/1/9; 12019-01-01 is no date; 2020年12月31日", id="en-and-zh-dates"
    ),
    pytest.param("2019.12.3 and 1999-13-40", id="dotted-and-impossible"),
]


@pytest.mark.parametrize("line", DATE_LINES)
def test_dates_found_from_their_starts(line: str) -> None:
    found = finditer_at(metadata._DATE_RE, metadata._DATE_START, line)
    assert spans(found) == spans(metadata._DATE_RE.finditer(line))


# ---- the scanner's pre-checks: each answers as the regex search it replaced ------------------

#: (id, the regex search a pre-check stands for, the rule whose pre-check it is)
PRECHECKS = [
    ("range-separator", r"(?:\-|–|—|\~|～|〜|至|到)\s?\d", "_RANGE_PERCENT"),
    ("glued-digit", r"[a-z]\d", "_SPLIT_DECIMAL"),
    ("mangled-zero", r"0\.\)", "_MANGLED_ZERO"),
    ("more-or-over", r"\d(?:[Mm]ore than|[Oo]ver)", "_WAN_REMAINDER"),
    ("decimal-space", r"\d\.[ \u00a0]\d", "_DECIMAL_SPACE"),
    ("wan-words", r"\d[ \u00a0]+(?:10,000|100 million)", "_WAN_WORDS"),
    ("lost-decimals", r"\.[%％]", "_LOST_DECIMALS"),
    ("compound", r"(?:billion|million)\s+(?:and\s+)?\d", "_COMPOUND"),
    ("times", r"times|fold", "_TIMES"),
]

PRECHECK_TEXTS = [
    pytest.param("resolved 1.2 10,000 yuan; 3 100 million", id="wan-as-words"),
    pytest.param("a mediation rate of 98. 6%, down 3.%", id="decimal-space-and-lost"),
    pytest.param("solved 3More than 200 cases and 5over 30", id="glued-qualifier"),
    pytest.param("disputes 5over 30 of them", id="glued-over"),
    pytest.param("2.4 times, 3-fold, 1 billion and 200 million", id="times-and-compound"),
    pytest.param("10-20%, 3至5人, １０～２０％, 7 - 9", id="ranges"),
    pytest.param("(0.).5% and rose by5%, cases2023", id="mangled-and-glued"),
    pytest.param("破获刑事案件1.2万起，同比下降3.5%", id="zh-plain"),
    pytest.param("no numbers at all; over the year, more than ever", id="none"),
    pytest.param("１２. ３ and 4.\u00a05 and 7.\u00a0x", id="full-width-and-no-break"),
]


@pytest.mark.parametrize("text", PRECHECK_TEXTS)
@pytest.mark.parametrize(("name", "regex", "rule"), PRECHECKS, ids=[p[0] for p in PRECHECKS])
def test_each_precheck_answers_as_its_regex(text: str, name: str, regex: str, rule: str) -> None:
    import re

    from kit.figures import surfaces
    from kit.figures.prechecks import Probe

    check = {r[0]: r[3] for r in surfaces.EN_PATTERNS}[getattr(surfaces, rule)]
    assert check(Probe(text)) == (re.search(regex, text) is not None)


def test_prechecks_answer_as_their_regexes_on_random_text() -> None:
    """Short random strings of the characters and words the checks turn on (seeded)."""
    import random
    import re

    from kit.figures import surfaces
    from kit.figures.prechecks import Probe

    checks = {r[0]: r[3] for r in surfaces.EN_PATTERNS}
    pairs = [(re.compile(rx), checks[getattr(surfaces, rule)]) for _, rx, rule in PRECHECKS]
    pieces = [*"0123456789１٣ aZz.,%％)(-–~至\u00a0\nMmOo", "More than", "over", "10,000"]
    pieces += ["100 million", "billion", "and", "times", "fold", "0.)"]
    rng = random.Random(19)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        probe = Probe(text)
        for regex, check in pairs:
            assert check(probe) == (regex.search(text) is not None), (regex.pattern, text)


# ---- patterns rewritten to open with the character they consume (the same matches, faster) --

CLAUSE_TEXTS = [
    pytest.param("In 2023, 1,204 cases were solved; 98.6% of disputes", id="thousands-comma"),
    pytest.param("全市共破获刑事案件1.2万起，抓获犯罪嫌疑人500人；其中：", id="zh-marks"),
    pytest.param("accidents - deaths - injuries fell, 3,4 and 5", id="dashes-and-digits"),
    pytest.param(",1 1, a,b ,", id="edges"),
    pytest.param(" - - ", id="dash-runs"),
]


@pytest.mark.parametrize("text", CLAUSE_TEXTS)
def test_clause_separator_splits_as_before(text: str) -> None:
    import re

    from kit.figures.structure import CLAUSE_SEP

    before = re.compile(r"(?<!\d),|,(?!\d)|[，;；:：]|\s-\s")
    assert spans(CLAUSE_SEP.finditer(text)) == spans(before.finditer(text))
    assert CLAUSE_SEP.split(text) == before.split(text)


PART_TEXTS = [
    pytest.param("The Chengbei District Branch resolved 1,049 disputes", id="branch"),
    pytest.param("Police of Yubei Public Security Sub-bureau and Jiangbei District", id="two"),
    pytest.param("xThe Road, _A Road, 1A Road and éAb Road", id="glued-before"),
    pytest.param("Ab Cd Ef Gh Road; Ab  Cd\nRoad District of the city", id="four-words"),
    pytest.param("the Elevated Road traffic on Renmin Road Safety Street", id="unless"),
]


@pytest.mark.parametrize("text", PART_TEXTS)
def test_unit_names_found_as_before(text: str) -> None:
    """`en_part` opens with its capital (a lookbehind for the word boundary after it)."""
    import re

    from kit.figures.scope import _patterns
    from kit.lexicon import alternation, load

    units = alternation(load("scope")["part"]["en_unit"])
    before = re.compile(
        rf"\b(?P<name>(?P<words>(?:[A-Z][a-z]+\s+){{1,3}})(?P<unit>{units}))\b(?!\s+of\b)"
    )
    new = _patterns().en_part
    assert [m.groupdict() for m in new.finditer(text)] == [
        m.groupdict() for m in before.finditer(text)
    ]
    assert spans(new.finditer(text)) == spans(before.finditer(text))


EXAMPLE_TEXTS = [
    pytest.param("For example, in Jinke Road District the flow rose", True, id="capital"),
    pytest.param("e.g. Chengbei District solved", True, id="abbreviation"),
    pytest.param("FOR \u0131NSTANCE, Yubei District", True, id="dotless-i-folds-to-i"),
    pytest.param("FOR \u0130NSTANCE, Yubei District", True, id="dotted-capital-i"),
    pytest.param("FOR INSTANCE, Yubei \u212aounty", False, id="kelvin-sign-is-no-marker"),
    pytest.param("for the example of Chengbei District", False, id="no-marker"),
]


@pytest.mark.parametrize(("text", "found"), EXAMPLE_TEXTS)
def test_example_marker_test_passes_wherever_the_pattern_matches(text: str, found: bool) -> None:
    """The plain-text test that skips `en_example` passes on every text it matches in."""
    from kit.figures.scope import _may_hold, _patterns

    pat = _patterns()
    assert pat.en_markers is not None
    assert bool(pat.en_example.search(text)) is found
    if found:
        assert _may_hold(text, pat.en_markers)


QUOTED_TEXTS = [
    pytest.param('10 cases of "theft, robbery and fraud" were cracked', id="straight"),
    pytest.param('a"b" and "c"d and " e " and "f"', id="glued-and-spaced"),
    pytest.param("“盗窃”类警情共接报16234起，《条例》和「平安」", id="cjk-marks"),
    pytest.param('"unclosed, then "closed" later', id="unclosed"),
    pytest.param("‘one’ and ‘two’", id="single"),
]


@pytest.mark.parametrize("text", QUOTED_TEXTS)
def test_quoted_names_found_as_before(text: str) -> None:
    """`_QUOTED` opens with its mark (the lookbehind after it): the same spans as before."""
    import re

    from kit.figures.structure import _QUOTED, quoted_spans

    before = re.compile(
        r"(?<![\w])\"(?=\S)[^\"\n.;!?。；]{1,80}?(?<=\S)\"(?![\w])"
        r"|“[^“”\n]{1,45}”|「[^「」\n]{1,45}」|『[^『』\n]{1,45}』|《[^《》\n]{1,60}》|‘[^‘’\n]{1,30}’"
    )
    assert quoted_spans(text) == [m.span() for m in before.finditer(text)]
    assert _QUOTED.pattern != before.pattern


# ---- a Mention made by filling its fields at once -----------------------------------------------

MENTION_FIELDS = [
    pytest.param({"value": 12.0, "unit": "count"}, id="plain-count"),
    pytest.param(
        {"value": 98.6, "unit": "percent", "repaired": "dropped_decimal", "confidence": 0.7},
        id="repaired-rate",
    ),
    pytest.param({"value": 5.6, "unit": "percent", "negative": True, "note": "minus"}, id="signed"),
    pytest.param(
        {"value": 3.0, "unit": "count", "script": "cjk", "qualifier": "more_than"}, id="cjk"
    ),
]


@pytest.mark.parametrize("kw", MENTION_FIELDS)
def test_a_mention_filled_at_once_equals_the_constructed_one(kw: dict) -> None:
    from kit.figures.mentions import Mention, _mention

    made = _mention(3, 7, "12.0", kw)
    assert made == Mention(start=3, end=7, text="12.0", **kw)
    assert vars(made) == vars(Mention(start=3, end=7, text="12.0", **kw))
    assert hash(made) == hash(Mention(start=3, end=7, text="12.0", **kw))


@pytest.mark.parametrize(
    "kw",
    [
        pytest.param({"value": 1.0, "unit": "count", "colour": "red"}, id="unknown-field"),
        pytest.param({"value": 1.0}, id="no-unit"),
    ],
)
def test_a_mention_with_fields_the_constructor_refuses_is_refused(kw: dict) -> None:
    from kit.figures.mentions import _mention

    with pytest.raises(TypeError):
        _mention(0, 1, "1", kw)


# ---- English place names: the capitalised words read in C, the same names found ----------------

EN_PLACE_TEXTS = [
    pytest.param("Inner Mongolia Autonomous Region police", ["Inner Mongolia"], id="two-word-name"),
    pytest.param("Hai An police and the Haian public security bureau", ["Hai An"], id="split"),
    pytest.param("Xi'an, Pu'er and Lv Liang; Lüliang", ["Xi'an", "Pu'er"], id="apostrophes"),
    pytest.param(
        "Cai Changchun visited Wuding County; Lin Hui of Yubei", ["Wuding", "Yubei"], id="people"
    ),
    pytest.param(
        "The Public Security Bureau of Wuding said. Guide to Resources", ["Wuding"], id="ordinary"
    ),
    pytest.param(
        "Inner  Mongolia\nInner\n\nMongolia Inner",
        ["Inner  Mongolia", "Inner\n\nMongolia"],
        id="spaces-between-words",
    ),
]


@pytest.mark.parametrize(("text", "names"), EN_PLACE_TEXTS)
def test_english_place_names_found_as_word_by_word(text: str, names: list[str]) -> None:
    from kit.load.gazetteer import gazetteer

    found = places._en_mentions(gazetteer(), text)
    assert [text[m.start : m.end] for m in found] == names
