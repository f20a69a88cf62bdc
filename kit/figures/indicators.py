"""Figure -> indicator: which standard measure a figure states, from `lexicon/indicators.toml`.

Two figures are comparable only when they measure the same thing; the indicator is that
thing. It is read from what the figure counts and the clause around it, never from the
document's place or year, so a report the kit has never seen gets the same keys. Entries are
tried in file order and the first that fits wins: specific measures come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kit.lexicon import in_order, load
from kit.lexicon.prefilter import may_hold


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    topic: str
    units: frozenset[str]
    what: re.Pattern[str]
    act: re.Pattern[str] | None
    exclude: re.Pattern[str] | None
    what_in_sentence: str | None  # "always" or "generic" (see indicators.toml)
    act_unless_change: bool
    change: bool | None
    what_in_context: re.Pattern[str] | None  # words naming it only beside a `context` word
    context: re.Pattern[str] | None
    rate: str | None  # the rate a level in percent of this count is ("95% of disputes resolved")


def _pattern(words: list[str] | None) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile("|".join(f"(?:{w})" for w in words), re.IGNORECASE)


def _in_sentence(value: bool | str) -> str | None:
    assert value in (True, False, "generic"), value
    return "always" if value is True else value or None


@cache
def indicators() -> tuple[Indicator, ...]:
    """Every indicator of the lexicon, in the order they are tried."""
    out = []
    for entry in load("indicators")["indicator"]:
        what = _pattern(entry["what"])
        assert what is not None, entry["key"]
        out.append(
            Indicator(
                key=entry["key"],
                label=entry["label"],
                topic=entry["topic"],
                units=frozenset(entry["units"]),
                what=what,
                act=_pattern(entry.get("act")),
                exclude=_pattern(entry.get("not")),
                what_in_sentence=_in_sentence(entry.get("what_in_sentence", False)),
                act_unless_change=bool(entry.get("act_unless_change", False)),
                change=entry.get("change"),
                what_in_context=_pattern(entry.get("what_in_context")),
                context=_pattern(entry.get("context")),
                rate=entry.get("rate"),
            )
        )
    keys = {i.key for i in out}
    unknown = [i.rate for i in out if i.rate and i.rate not in keys]
    assert not unknown, f"indicators.toml: rate names no indicator: {unknown}"
    return tuple(out)


@dataclass(frozen=True)
class Specialise:
    key: str
    into: str
    when: re.Pattern[str]
    unless: re.Pattern[str] | None


@cache
def specialisations() -> tuple[Specialise, ...]:
    """General measures made specific by their sentence: suspects caught in a fraud sentence."""
    out = []
    for entry in load("indicators").get("specialise", []):
        when = _pattern(entry["when"])
        assert when is not None, entry["key"]
        out.append(Specialise(entry["key"], entry["into"], when, _pattern(entry.get("unless"))))
    return tuple(out)


@cache
def labels() -> dict[str, str]:
    """Indicator key -> its short English label ("Fraud cases solved")."""
    return {i.key: i.label for i in indicators()}


@cache
def topics() -> dict[str, str]:
    """Indicator key -> the topic its figures belong to."""
    return {i.key: i.topic for i in indicators()}


def indicator_of(
    unit: str,
    change: bool,
    counted: str,
    clause_before: str,
    clause_after: str = "",
    sentence_before: str = "",
    context: str = "",
) -> str | None:
    """The key of the first indicator whose unit and words fit the figure, else None.

    A count measures what it counts ("1,286 wire fraud cases"), so its measure words must be in
    `counted`; a rate or change is named before it ("the solving rate rose by"), so the clause
    before counts too. The act (solved, resolved) may stand in either. `sentence_before` is
    consulted by entries marked `what_in_sentence` for rates, changes and counts of bare "cases"
    (a measure named at the head of a sentence and referred to later as "the number of solved
    cases rose 466.2%", "resolved 120 cases"). `context`, where `sentence_before` is not given,
    is the sentence so far for `context` words and specialisations only (a listed subject).
    """
    if unit == "other" and change:
        unit = "percent"  # a multiple ("rose 2.4 times", 增长2.4倍) is a relative change too
    if unit == "percent" and not change:
        clause = clause_before or _CLAUSE.split(context)[-1]  # a listed share: its clause so far
        if _SHARE.search(clause) and not _RATE.search(clause):
            return None  # "邻里纠纷分别占38.6%": a share of a total, no measure of its own
    own_clause = _LAST_NUMBER.split(clause_before)[-1]  # not the words of the figure before
    after = _LAST_NUMBER.split(clause_after)[0]
    passive = _PASSIVE.search(after) if may_hold(_PASSIVE, after) else None
    own_after = passive.group() if passive else ""  # "12 cases of wire fraud were cracked"
    if unit == "percent" and not change and _SHARE_OF.match(after):
        own_after = after  # a share says what it is after it: "92% of disputes resolved"
    near = f"{counted} | {own_clause} | {own_after}"
    if unit == "percent" and not change and _SHARE_ZH.match(clause_after):
        # "受理的225起纠纷实现了100%化解": the share resolved, said after it
        own_after = clause_after
        near = f"{own_clause} | {own_after}"
    is_count = unit in ("count", "yuan", "other")
    generic = bool(_GENERIC.fullmatch(counted.strip()))
    bare = generic or bool(_PEOPLE.fullmatch(counted.strip()))
    # a count names what it counts; "the death of 362 people": a bare noun, its clause names it
    # "the death of 362 people", "injured 125 people": a bare noun, the words before name it
    own_words = _PHRASE_BREAK.split(own_clause)[-1]
    what_text = counted if is_count and counted and not bare else f"{counted} | {own_words}"
    if is_count and bare and own_after:
        what_text = f"{what_text} | {own_after}"  # "367 people were injured"
    kind = _INVOLVING.match(after) if is_count else None
    if kind:
        what_text = f"{what_text} | {kind.group(1)}"  # "394,000 cases involving telecom fraud"
    sentence = sentence_before or context
    if is_count and not generic:
        sentence_before = ""  # a count names what it counts, unless it only says "cases"
    named = _named(what_text)
    around = f"{near} | {sentence}"
    from_sentence: list[tuple[int, int, Indicator]] = []  # (where named, order, measure)
    for order, ind in enumerate(indicators()):
        if unit not in ind.units or (ind.change is not None and ind.change != change):
            continue
        where = -1
        if order not in named and ind.what_in_context and _in_context(ind, what_text, around):
            pass  # "avoiding losses of 1.2 million yuan" in a sentence about fraud
        elif order not in named:
            if not (ind.what_in_sentence and sentence_before):
                continue
            if ind.what_in_sentence == "generic" and not generic:
                continue  # the figure's own words name something: no measure from afar
            where = (
                _last_end(ind.what, sentence_before) if may_hold(ind.what, sentence_before) else -1
            )
            if where < 0:
                continue
        if ind.exclude is not None and may_hold(ind.exclude, near) and ind.exclude.search(near):
            continue
        if where >= 0 and ind.exclude is not None:
            phrase = sentence_before[max(0, where - PHRASE_CHARS) : where]
            if ind.exclude.search(phrase):
                continue  # "纠纷类警情……成功调解5.7万起": dispute reports are no police reports
        needs_act = ind.act is not None and not (ind.act_unless_change and change)
        # the near text names nothing: the act may stand with the measure's words earlier on
        acted = near if where < 0 or not generic else f"{near} | {sentence_before}"
        if needs_act and not (may_hold(ind.act, acted) and ind.act.search(acted)):  # type: ignore[union-attr]
            continue
        if where >= 0 and (not named or ind.what_in_sentence == "generic"):
            from_sentence.append((where, order, ind))
            continue
        return _result(ind, unit, change, near, sentence)
    if not from_sentence:
        return None
    # the near text names nothing: the measure named last before the figure, and of several
    # named in one phrase ("“两抢”类警情") the most specific (the first in file order)
    last = max(where for where, _, _ in from_sentence)
    reach = NEAR_CHARS if _CJK.search(sentence_before) else NEAR_CHARS_EN
    closest = [(order, ind) for where, order, ind in from_sentence if where >= last - reach]
    chosen = min(closest, key=lambda item: item[0])[1]
    if _acts_elsewhere(chosen, near):
        return None  # "……刑事警情1.1万起，破获8000起": solved, so no count of reports
    return _result(chosen, unit, change, near, sentence)


def acts_against(key: str, words: str) -> bool:
    """Whether `words` (a figure's own) hold the act of another measure than `key`'s."""
    return _acts_elsewhere(next(i for i in indicators() if i.key == key), words)


def _acts_elsewhere(chosen: Indicator, near: str) -> bool:
    """Whether the figure's own words hold the act of another measure than `chosen` (破获,
    抓获, solved) while `chosen` has no act of its own there."""
    if chosen.act is not None and chosen.act.search(near):
        return False
    return _any_act().search(near) is not None


def _in_context(ind: Indicator, what_text: str, around: str) -> bool:
    if ind.what_in_context is None or ind.context is None:
        return False
    return bool(ind.what_in_context.search(what_text) and ind.context.search(around))


PHRASE_CHARS = 12  # the words before a measure named in the sentence that may rule it out
NEAR_CHARS = 6  # measures named this close to the last one are one phrase ("“两抢”类警情")
NEAR_CHARS_EN = 18  # ... in English ('the "two robberies" police reports')
_CJK = re.compile(r"[\u3400-\u9fff]")


def _last_end(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of `pattern` in `text` ends, or -1."""
    end = -1
    for hit in pattern.finditer(text):
        end = hit.end()
    return end


def _result(ind: Indicator, unit: str, change: bool, near: str, sentence: str) -> str:
    if ind.rate and unit == "percent" and not change and not _target().search(near):
        return ind.rate  # "95% of disputes were resolved" is the resolution rate
    for special in specialisations():
        if special.key != ind.key or not special.when.search(sentence):
            continue
        if special.unless is None or not special.unless.search(sentence):
            return special.into  # "破获电诈案件470起，抓获犯罪嫌疑人500人": fraud suspects
    return ind.key


@lru_cache(maxsize=1 << 16)
def _named(text: str) -> frozenset[int]:
    """The places in `indicators()` of the measures whose words are in `text` (cached: what
    figures count repeats a lot)."""
    if _any_what().search(text) is None:
        return frozenset()  # most figures name no measure at all (teams, equipment, publicity)
    return frozenset(n for n, i in enumerate(indicators()) if i.what.search(text))


def names_only(text: str, key: str) -> bool:
    """Whether the measures `text` names include `key` ("酒驾醉驾4217起，……，同比上升": the words
    between a level and its change name the level's own measure again)."""
    named = _named(text)
    return any(indicators()[n].key == key for n in named)


def named_anything(text: str) -> bool:
    """Whether `text` names any standard measure's words at all."""
    return bool(text) and _any_what().search(text) is not None


@cache
def _target() -> re.Pattern[str]:
    """Words that make a share a target ("strive to have 95% of disputes resolved")."""
    target = _pattern(load("indicators")["target"])
    assert target is not None, "indicators.toml: target is empty"
    return target


@cache
def _any_act() -> re.Pattern[str]:
    """The acts of the measures counted by what was done to them (solved, arrested, resolved)."""
    keys = ("criminal_cases_solved", "suspects_arrested", "disputes_resolved", "funds_recovered")
    acts = [i.act.pattern for i in indicators() if i.key in keys and i.act is not None]
    acts += [i.what.pattern for i in indicators() if i.key == "suspects_arrested"]
    return re.compile("|".join(f"(?:{a})" for a in acts), re.IGNORECASE)


@cache
def _any_what() -> re.Pattern[str]:
    """Every measure's words in one pattern: one search tells whether any measure is named."""
    return re.compile("|".join(f"(?:{i.what.pattern})" for i in indicators()), re.IGNORECASE)


_WORDS = load("indicators")["generic"]
_GENERIC = re.compile(
    rf"(?:{in_order(_WORDS['nouns'])})?"
    # a Chinese clause with no noun of its own: "今年上半年共接报(305起)"
    rf"|(?:{in_order(_WORDS['zh_spans'])})+(?:{in_order(_WORDS['zh_acts'])})?"
    # an act with no object: "有效化解(1.83万起)", "现场成功调解(5.7万起)"
    rf"|(?:{in_order(_WORDS['zh_manner'])})*(?:{in_order(_WORDS['zh_bare_acts'])})",
    re.I,
)
_PHRASE_BREAK = re.compile(r"\band\b|[,，、;；]", re.I)
_INVOLVING = re.compile(
    rf"^[\w\s'-]{{0,40}}?\b(?:{in_order(_WORDS['involving'])})\s+([\w\s'-]{{1,40}}?)"
    rf"(?=\s+(?:{in_order(_WORDS['involving_end'])})\b|[,.;:]|$)",
    re.I,
)
_SHARE_ZH = re.compile(rf"\s*的?(?:{in_order(_WORDS['zh_share_acts'])})")
_PEOPLE = re.compile(in_order(_WORDS["people"]), re.I)
_SHARE = re.compile(in_order(_WORDS["share"]), re.I)
_RATE = re.compile(r"率|\brates?\b", re.I)
_CLAUSE = re.compile(r"[，,；;。]")
_PASSIVE = re.compile(rf"\b(?:{in_order(_WORDS['passive'])})\b.*", re.I)
_SHARE_OF = re.compile(r"\s*of\b", re.I)
# a number in quotes is a name ('the dispute-type "110" police reports'), no figure before
_LAST_NUMBER = re.compile(r"(?<![\"“])\d[\d,.]*\s*(?:%|percent|percentage points?)?(?![\d\"”])")


__all__ = [
    "labels",
]
