"""Every repair rule on its real examples (from the seeds) and on look-alikes it must leave alone.

Table-driven, in the manner of price-parser: one row, one behaviour.
"""

from __future__ import annotations

import pytest

from kit.figures import repair
from kit.figures.mentions import scan

# (surface as found in a real report, expected value, expected rule)
DAMAGED = [
    ("decreased by 6 percent year-on-year32%", 6.32, "split_decimal_around_phrase"),
    ("increased by 466 year-on-year2%", 466.2, "split_decimal_around_phrase"),
    ("increased by 31 year-on-year9 percentage points", 31.9, "split_decimal_around_phrase"),
    ("increased by 26 year-on-year5 percentage points", 26.5, "split_decimal_around_phrase"),
    ("a decrease of 32 from the previous month1%, including", 32.1, "split_decimal_around_phrase"),
    ("will decrease by 4 year-on-year09%, the average", 4.09, "split_decimal_around_phrase"),
    ("was deceived to 011%, which", 0.11, "dropped_leading_zero_point"),
    ("lower than the national (0.).25%) and", 0.25, "mangled_leading_zero"),
    ("reached 3More than 40,000 people", 34000, "split_wan_remainder"),
    ("disputes80More than 30,000 pieces.", 803000, "split_wan_remainder"),
    ("economic losses2More than 700 million yuan;", 270_000_000, "split_wan_remainder"),
    ("increased 1 1.4% year-on-year", 11.4, "split_digits"),
    ("rescue 30 19 people trapped", 3019, "split_digits"),
    ("citizens 165 15 1 person-times", 165151, "split_digits"),
    ("53 cases15 were detected", 5315, "digits_after_noun"),
    ("has decreased year-on-year. 92%", 92, "orphaned_decimals"),
    ("a year-on-year decrease of 12. 3%, and", 12.3, "split_decimal_point"),
    ("the number reached 3.4 10,000 people", 34000, "wan_as_words"),
    ("recovered 1.2 100 million yuan", 120_000_000, "wan_as_words"),
    ("the police solved1,234 cases", 1234, "glued_words"),
    ("cracked a total of 3,3 criminal cases", 33, "broken_grouping"),
    ("rose by 28.5% and 76.% respectively", 76, "lost_decimal_digits"),
    (
        "police solved 18 thousand cases\n\nthey solved 1.8 cases in all",
        18_000,
        "lost_wan_restated",
    ),
]


@pytest.mark.parametrize(("sentence", "value", "rule"), DAMAGED)
def test_damage_is_repaired_with_its_rule(sentence: str, value: float, rule: str) -> None:
    repaired = [m for m in scan(sentence) if m.repaired]
    assert len(repaired) == 1, repaired
    m = repaired[0]
    assert m.value == pytest.approx(value)
    assert m.repaired == rule
    assert 0 < m.confidence < 0.95
    assert sentence[m.start : m.end] == m.text
    assert m.note


# look-alikes: numbers that are fine as written
CLEAN = [
    ("decreased by 9.3% year-on-year", 9.3),
    ("down 50% month-on-month", 50.0),
    ("more than 6,600 contradictions", 6600.0),
    ("more than 5.35 million people", 5_350_000.0),
    ("a resolution rate of 96%", 96.0),
    ("0.25 kg of highly toxic chemicals", 0.25),
    ("more than 300 million yuan", 300_000_000.0),
    ("There were 10,000 people.", 10_000.0),
]


@pytest.mark.parametrize(("sentence", "value"), CLEAN)
def test_clean_numbers_are_not_repaired(sentence: str, value: float) -> None:
    (m,) = list(scan(sentence))
    assert m.repaired is None
    assert m.value == pytest.approx(value)


def test_run_together_counts_are_two_flagged_mentions() -> None:
    sentence = "the police dispatched 412 905 people"
    found = list(scan(sentence))
    assert [(m.text, m.value, m.repaired) for m in found] == [
        ("412", 412, "run_together"),
        ("905", 905, "run_together"),
    ]
    assert all(m.confidence < 0.5 and sentence[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    ("value", "unit", "flagged"),
    [
        (2.97e6, "count", False),
        (1.2e12, "yuan", False),
        (171.0, "percent", False),
        (1e15, "count", True),
        (1e21, "percent", True),
        (250.0, "pp", True),
    ],
)
def test_beyond_bounds(value: float, unit: str, flagged: bool) -> None:
    fix = repair.beyond_bounds(value, unit)
    assert (fix is not None) == flagged
    if fix:
        assert fix.value == value and fix.confidence < 0.5 and "beyond" in fix.note


def test_dropped_decimal_in_rate_examples() -> None:
    assert repair.dropped_decimal_in_rate("986").value == pytest.approx(98.6)
    assert repair.dropped_decimal_in_rate("997").value == pytest.approx(99.7)
    assert repair.dropped_decimal_in_rate("706").value == pytest.approx(70.6)
    assert repair.dropped_decimal_in_rate("1000").value == pytest.approx(100.0)


def test_fractional_count_is_flagged_not_changed() -> None:
    from kit.figures import extract
    from kit.schema import Document

    text = "discouraged 9,899 person-times of being defrauded to transfer funds 1.05 person-times."
    metrics = {m.text: m for m in extract(Document("t.txt", text))}
    assert metrics["1.05"].repaired == "fractional_count"
    assert metrics["1.05"].value == 1.05 and metrics["1.05"].confidence < 0.5
    assert metrics["9,899"].repaired is None
    assert extract(Document("t.txt", "a speed of 28.6 km/h."))[0].repaired is None


def test_every_rule_has_a_docstring_with_an_example() -> None:
    for rule in repair.RULES:
        assert rule.__doc__ and ("Example" in rule.__doc__ or '"' in rule.__doc__), rule
