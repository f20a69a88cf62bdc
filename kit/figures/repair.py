"""Translation-damage rules: each turns a damaged surface into a value, a name and a confidence.

Machine translation of Chinese police reports breaks numbers in a few recurring ways. Each rule
below is a pure function of the pieces the scanner in `mentions` found; it never rewrites the
source text. A confidence below 0.5 means the reader must check the source.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.lexicon import load

WAN = 10_000
YI = 100_000_000
#: the largest value a police report states, by unit (kit/lexicon/numbers.toml)
BOUNDS: dict[str, float] = {k: float(v) for k, v in load("numbers")["bounds"].items()}


@dataclass(frozen=True)
class Repair:
    value: float
    rule: str
    confidence: float
    note: str


def split_decimal_around_phrase(integer: str, decimals: str) -> Repair:
    """A decimal split around a baseline phrase: the integer before it, the decimals after.

    Example: "decreased by 6 percent year-on-year32%" is 6.32% (from 同比下降6.32%).
    """
    value = float(f"{int(integer)}.{decimals}")
    return Repair(
        value,
        "split_decimal_around_phrase",
        0.85,
        f"decimal point lost and split around a phrase: {integer} … {decimals} read as {value:g}",
    )


def dropped_decimal_in_rate(digits: str) -> Repair:
    """A rate that cannot exceed 100% written without its decimal point.

    Example: "a mediation rate of 986%" is 98.6% (矛盾纠纷排查化解率达98.6%). The point goes after
    two digits ("100" stays whole: "1000%" is 100.0%).
    """
    head = 3 if digits.startswith("100") else 2
    value = float(f"{digits[:head]}.{digits[head:]}")
    return Repair(
        value,
        "dropped_decimal_in_rate",
        0.75,
        f"{digits}% cannot be a rate or a decrease; decimal point restored: {value:g}%",
    )


def dropped_leading_zero_point(digits: str) -> Repair:
    """A small percentage whose "0." lost its point.

    Example: "was deceived to 011%" is 0.11% (a fraud loss rate below the national 0.25%).
    """
    value = float(f"0.{digits[1:]}")
    return Repair(
        value, "dropped_leading_zero_point", 0.8, f"{digits}% read as {value:g}% (0. lost)"
    )


def mangled_leading_zero(decimals: str) -> Repair:
    """A leading zero wrapped in stray punctuation by the translation.

    Example: "lower than the national (0.).25%)" is 0.25%.
    """
    value = float(f"0.{decimals}")
    return Repair(
        value, "mangled_leading_zero", 0.8, f"stray punctuation around 0.; read {value:g}%"
    )


def split_wan_remainder(head: str, tail: str, multiplier: float = 1.0) -> Repair:
    """A 万/亿 amount with 余 whose decimal digit was moved behind "More than".

    Example: "reached 3More than 40,000 people" is 34,000 (3.4万余人): the glued head counts
    units of 万 and the leading digit of the tail is its tenth. "2More than 700 million yuan" is
    2.7亿 = 270 million. The tail tells the unit: a multiple of 亿 (10^8) or else of 万 (10^4).
    """
    tail_value = float(tail.replace(",", "")) * multiplier
    unit = YI if tail_value >= YI else WAN
    value = int(head) * unit + tail_value / 10
    return Repair(
        value,
        "split_wan_remainder",
        0.7,
        f"'{head}' glued before 'more than {tail}': read as {head}.x of 10^{len(str(unit)) - 1}"
        f" = {value:,.0f}",
    )


def glued_words(word: str) -> Repair | None:
    """Words glued to a number by lost spacing change nothing in the value but are flagged.

    Example: "networked resourcesMore than 980,000 roads" is more than 980,000.
    """
    return None if not word else Repair(float("nan"), "glued_words", 0.9, f"'{word}' glued on")


def split_digits(groups: list[str]) -> Repair:
    """Digits of one number separated by spaces.

    Example: "20 13" is 2013, "increased 1 1.4%" is 11.4%, "rescue 30 19 people" is 3019,
    "1 2,345" is 12,345 (a thousands separator inside a group is kept as one).
    """
    joined = "".join(groups).replace(",", "")
    value = float(joined)
    return Repair(
        value,
        "split_digits",
        0.6,
        f"digits split by spaces ('{' '.join(groups)}') joined as {joined}",
    )


def digits_after_noun(head: str, noun: str, tail: str) -> Repair:
    """Digits of one number torn apart by its noun; the best reading joins them, unsure.

    Example: "53 cases15 were detected" most likely stands for 5315 cases (破获案件5315宗).
    """
    value = float(head + tail)
    return Repair(
        value,
        "digits_after_noun",
        0.35,
        f"'{head} {noun}{tail}': digits glued after the noun; read as {head}{tail}, check source",
    )


def orphaned_decimals(digits: str) -> Repair:
    """A change whose integer part was lost; only what survived after the break is known.

    Example: "has decreased year-on-year. 92%" (the figure before ".92%" was dropped).
    """
    return Repair(
        float(digits),
        "orphaned_decimals",
        0.3,
        "the number before this percentage appears lost in translation; value as written",
    )


def stray_slash(value: float) -> Repair:
    """A number behind a stray slash ("0/8326 rounds"): value as written, flagged."""
    return Repair(value, "stray_slash", 0.45, "stray characters before the number")


def fractional_count(value: float) -> Repair:
    """A count of whole things written with a fraction: a lost 万 or a misplaced point, unsure.

    Example: "discouraged 9,899 person-times of being defrauded to transfer funds 1.05
    person-times" — 1.05 people cannot be; most likely 1.05万 (10,500). Value kept as written.
    """
    return Repair(
        value,
        "fractional_count",
        0.4,
        "a count of whole things with a fraction: a unit (万?) may be lost; value as written",
    )


def split_decimal_point(integer: str, decimals: str) -> Repair:
    """A decimal point followed by a stray space.

    Example: "a year-on-year decrease of 12. 3%" is 12.3% (同比下降12.3%).
    """
    value = float(f"{integer}.{decimals}")
    return Repair(value, "split_decimal_point", 0.75, f"space after the decimal point; {value:g}")


def wan_as_words(head: str, unit_words: str) -> Repair:
    """A 万 or 亿 translated as a separate number after the amount.

    Example: "3.4 10,000 people" is 34,000 (3.4万人); "1.2 100 million yuan" is 120 million
    (1.2亿元).
    """
    unit = 1e8 if "100 million" in unit_words else 1e4
    value = float(head) * unit
    return Repair(value, "wan_as_words", 0.7, f"'{head} {unit_words}' read as {head} x {unit:,.0f}")


def lost_decimal_digits(integer: str) -> Repair:
    """A percentage whose digits after the point were lost: only the integer part is known.

    Example: "rose by 28.5% and 76.% respectively" (76.6% in the original): 76, flagged.
    """
    return Repair(
        float(integer),
        "lost_decimal_digits",
        0.3,
        f"'{integer}.%': the digits after the point were lost; the integer part as written",
    )


def broken_grouping(surface: str) -> Repair:
    """A thousands group of fewer than three digits: digits were lost, the value is unknown.

    Example: "cracked a total of 3,3 criminal cases" (the original's 万 figure is lost); the
    value is the digits as written (33), flagged.
    """
    digits = surface.replace(",", "")
    return Repair(
        float(digits),
        "broken_grouping",
        0.3,
        f"'{surface}' is no number as written (a group of fewer than 3 digits): digits lost in"
        f" translation; value is the digits as written, check the source",
    )


def run_together(groups: list[str]) -> Repair:
    """Two counts run together by a translation, or one number spaced in thousands: unsure.

    Example: "412 905 people" is 412 and 905 (two figures side by side) or 412,905; each group
    is reported as its own figure, flagged, never one 412,905.
    """
    return Repair(
        float("nan"),
        "run_together",
        0.4,
        f"'{' '.join(groups)}': counts run together by the translation, or one number spaced in"
        f" thousands ({''.join(groups)}); each group reported alone, check the source",
    )


def lost_wan_restated(value: float, scale: int, stated: str) -> Repair:
    """A 万 or 亿 lost in translation, restored where the same text states the full figure.

    Example: "police solved 1.8 cases" in a report titled "… solved 18 thousand cases" is
    18,000 (1.8万起).
    """
    full = value * scale
    unit = "万" if scale == WAN else "亿"
    return Repair(
        float(round(full, 6)),
        "lost_wan_restated",
        0.7,
        f"{value:g} read as {value:g}{unit} = {full:,.0f}: the text states '{stated}' elsewhere",
    )


def beyond_bounds(value: float, unit: str) -> Repair | None:
    """A value no police report can state is damage or a code: flagged, never trusted.

    Example: "solved 999999 billion cases" (10^15 cases) or "rose 98765%": the value is kept
    as written at confidence 0.3. Bounds per unit live in kit/lexicon/numbers.toml.
    """
    bound = BOUNDS.get(unit)
    if bound is None or abs(value) <= bound:
        return None
    return Repair(
        value,
        "beyond_bounds",
        0.3,
        f"{value:,.10g} {unit} is beyond what a police report states (up to {bound:,.0f});"
        " damaged or not a figure, check the source",
    )


def bounded(
    value: float, unit: str, rule: str | None, confidence: float, note: str | None
) -> tuple[float, str | None, float, str | None]:
    """(value, rule, confidence, note) of a figure, flagged by `beyond_bounds` when it applies."""
    fix = beyond_bounds(value, unit)
    if fix is None:
        return value, rule, confidence, note
    return value, fix.rule, min(confidence, fix.confidence), fix.note


RULES = (
    split_decimal_around_phrase,
    dropped_decimal_in_rate,
    dropped_leading_zero_point,
    mangled_leading_zero,
    split_wan_remainder,
    glued_words,
    split_digits,
    digits_after_noun,
    orphaned_decimals,
    stray_slash,
    fractional_count,
    split_decimal_point,
    wan_as_words,
    broken_grouping,
    lost_decimal_digits,
    run_together,
    lost_wan_restated,
    beyond_bounds,
)


__all__ = [
    "RULES",
]
