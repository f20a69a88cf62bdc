"""Figures in a list share their verb and take their subjects in order.

"Traffic accidents and deaths fell by 7.5% and 9.1% respectively" states two changes, the
second about deaths; "刑事案件、治安案件、电诈案件分别下降12.1%、8.3%和20.5%" three. Read one
figure at a time, only the first looks like a change and all three look like the first
subject. This pass, run after each figure is decided, spreads the change, direction and
baseline of a list's first figure over the rest, gives the Nth figure the Nth listed subject
(also when the subjects were listed in the sentence before: "They decreased by 45.52% and
42.19%"), and flags a figure whose subject is only a pronoun.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

from kit.figures.scope import listed_place
from kit.lexicon import alternation, in_order, load
from kit.schema import Metric

#: what may stand between two figures of one list
JOINER = re.compile(r"\s*(?:[,，、]\s*(?:and\s+)?|and|和|及|与|與|以及|or|或)\s*", re.I)
#: "accidents fell by 12.4% and deaths by 20%": a verb said once for a second subject
_GAPPED = re.compile(
    r"\s*,?\s*(?:and\s+)?[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3}?\s+by\s*", re.I
)
#: subjects listed without "respectively" are joined by "and" or 、 ("A、B下降X、Y")
_COORDINATED = re.compile(r"\band\b|[、和及与與]", re.I)
_EN, _ZH = load("en")["list"], load("zh")["list"]
_RESPECTIVELY = re.compile(in_order(_EN["respectively"] + _ZH["respectively"]), re.I)
_SUBJECT_SPLIT = re.compile(
    r"\s*(?:,\s*and\s+|(?<!\d),(?!\d)|，|、|\band\b|和|及|与|與|以及)\s*", re.I
)
#: a subject that is only a pronoun names nothing
_PRONOUN = re.compile(rf"(?:{in_order(_EN['pronouns'] + _ZH['pronouns'])})", re.I)
#: the verb (and the words after it) that ends a list of subjects
_EN_VERB = re.compile(
    rf"\s+(?:(?:{in_order(_EN['auxiliaries'])})\s+(?:all\s+)?)?(?:year-on-year\s+|respectively\s+)?"
    rf"(?:{in_order(_EN['verbs'])})",
    re.I,
)
_EN_ACT = re.compile(rf"\s+(?:{in_order(_EN['acts'])})\b", re.I)
_ZH_ACT = re.compile(rf"(?:{in_order(_ZH['verb_lead'])})*(?:{in_order(_ZH['acts'])})")
_ZH_LEAD = re.compile(rf"^(?:{in_order(_ZH['verb_lead'])})+")
_ZH_VERB = re.compile(rf"(?:{in_order(_ZH['verb_lead'])})*(?:{in_order(_ZH['verbs'])})")
_LEAD = re.compile(rf"^(?:\s*(?:{in_order(_EN['lead'] + _ZH['lead'])})[\s,，]*)+", re.I)

Decide = Callable[[Metric, str, str], Metric]  # (figure, its subject, its sentence so far)


@cache
def _list_words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Head nouns (EN, ZH) and the parts that are comparisons, not subjects (EN, ZH)."""
    en, zh = load("en")["list"], load("zh")["list"]
    return (
        re.compile(rf"\b(?:{alternation(en['heads'])})\b", re.I),
        re.compile(alternation(zh["heads"])),
        re.compile(rf"^(?:{alternation(en['not_subject'])})\b", re.I),
        re.compile(rf"^(?:{alternation(zh['not_subject'])})"),
    )


_NOT_A_SUBJECT = re.compile(r"\d|^(?:a|an|the)$", re.I)
_ADJECTIVE = re.compile(rf"(?:{in_order(_EN['adjective_endings'])})$", re.I)


def _shared_head(parts: list[str], cjk: bool) -> list[str]:
    """Bare modifiers share the last subject's head noun: "criminal and public security police
    reports" -> criminal police reports; "刑事、治安警情" -> 刑事警情, 治安警情."""
    heads = _list_words()[1 if cjk else 0]
    hit = heads.search(parts[-1])
    if hit is None:
        return parts
    head = parts[-1][hit.start() :]
    out = []
    for part in parts[:-1]:
        bare = heads.search(part) is None and (cjk or bool(_ADJECTIVE.search(part)))
        out.append(f"{part}{'' if cjk else ' '}{head}" if bare else part)
    return [*out, parts[-1]]


def _places_share_measure(parts: list[str], cjk: bool) -> list[str]:
    """Places or units listed before one measure share it: "涪城区、游仙区盗窃警情" ->
    涪城区盗窃警情, 游仙区盗窃警情 (each figure then the place's, a part of the area)."""
    if not cjk:
        return parts
    places = [listed_place(part) for part in parts]
    if any(place is None for place in places):
        return parts
    rests = [place[1] for place in places if place]
    if any(rests[:-1]) or not rests[-1]:
        return parts
    return [f"{place[0]}{rests[-1]}" for place in places if place]


def _subjects(head: str, cjk: bool, ends: re.Pattern[str] | None = None) -> list[str]:
    """The subjects listed before the verb of `head` ("A, B and C fell by"; `ends`: other words
    that end the list, such as the acts of counts), else []."""
    verbs = list((ends or (_ZH_VERB if cjk else _EN_VERB)).finditer(head))
    if not verbs:
        return []
    verb = verbs[-1]  # the verb of the list, not one of an earlier clause
    listed = head[: verb.start()]
    listed = re.split(r"[。；;:：]|(?<!\d)[.]\s", listed)[-1]
    if cjk:
        listed = re.split(r"[，,]", listed)[-1]
    listed = _LEAD.sub("", listed).strip()
    parts = [p.strip() for p in _SUBJECT_SPLIT.split(listed) if p and p.strip()]
    comparison = _list_words()[3 if cjk else 2]
    parts = [p for p in parts if not comparison.match(p)]  # "compared with last year"
    return _shared_head(_places_share_measure(parts, cjk), cjk) if len(parts) >= 2 else []


#: subjects named after a list: "up 12.7% and 18.4% year-on-year respectively in cases and
#: suspects"
_SUBJECTS_AFTER = re.compile(
    r"\s*(?:year-on-year\s+|month-on-month\s+)?respectively\s+(?:in|for)\s+"
    r"(?P<subjects>[A-Za-z][\w\s-]*?(?:,\s*|\s+and\s+)[\w\s-]+?)\s*(?=[,.;]|$)",
    re.I,
)


def _units_before_act(head: str, n: int) -> list[str]:
    """ "城关派出所、西关派出所分别化解矛盾纠纷": each of `n` listed units with the act and what it
    acts on ("城关派出所化解矛盾纠纷"), else []."""
    units = _subjects(head, True, _ZH_ACT)
    if len(units) != n or not all(listed_place(unit) for unit in units):
        return []
    act = list(_ZH_ACT.finditer(head))[-1]
    phrase = _ZH_LEAD.sub("", head[act.start() :]).strip()
    return [f"{unit}{phrase}" for unit in units]


def _with_act_and_noun(subjects: list[str], last: Metric, head: str, text: str) -> list[str]:
    """ "A, B and C cracked 2,164, 1,873 and 1,502 cases": each subject with the list's verb and
    the noun written once after its last count ("A cracked cases"), so each figure reads what
    it counts; unchanged where no noun follows the last count."""
    noun = last.counted.strip()
    if not noun or not text[last.end :].lstrip().startswith(noun):
        return subjects
    verbs = list(_EN_ACT.finditer(head))
    verb = head[verbs[-1].start() :].strip() if verbs else ""
    names = [_PROPER_TAIL.search(subject) for subject in subjects]  # "the organs of Guangdong"
    subjects = [
        name.group() if name else subject for name, subject in zip(names, subjects, strict=True)
    ]
    return [f"{subject} {verb} {noun}" for subject in subjects]


_PROPER_TAIL = re.compile(r"(?:[A-Z][\w'-]*\s+){0,3}[A-Z][\w'-]*$")


def _is_pronoun(counted: str) -> bool:
    return bool(counted) and bool(_PRONOUN.fullmatch(counted.strip().lower()))


def spread(
    metrics: Sequence[Metric],
    sentence_of: Sequence[int],
    text: str,
    sentences: Sequence[tuple[int, int]],
    decide: Decide,
) -> list[Metric]:
    """The figures with list changes spread and list subjects assigned (see the module doc).

    `text` is what extraction read (the simplified shadow for Chinese); `decide(metric,
    subject, sentence_before)` re-reads a figure's indicator and topic for a new subject.
    """
    out = list(metrics)
    i = 0
    while i < len(out):
        j = i
        while (
            j + 1 < len(out)
            and sentence_of[j + 1] == sentence_of[i]
            and _joined(text[out[j].end : out[j + 1].start])
            and _family(out[j + 1].unit) == _family(out[i].unit)
        ):
            j += 1
        if j > i:
            _list(out, i, j, sentence_of, text, sentences, decide)
        elif _is_pronoun(out[i].counted):
            _list(out, i, i, sentence_of, text, sentences, decide)
        i = j + 1
    return out


def _joined(between: str) -> bool:
    """Whether two figures are members of one list: a joiner, or a gapped verb ("and deaths by"),
    or a Chinese count's measure word and a joiner ("320起、215起")."""
    return bool(
        JOINER.fullmatch(between) or _GAPPED.fullmatch(between) or _MEASURED.fullmatch(between)
    )


_MEASURED = re.compile(rf"(?:{alternation(load('zh')['measure'])})(?:[、和及与與]|、和)")


def _family(unit: str) -> str:
    return "rate" if unit in ("percent", "pp") else unit


def _list(
    out: list[Metric],
    i: int,
    j: int,
    sentence_of: Sequence[int],
    text: str,
    sentences: Sequence[tuple[int, int]],
    decide: Decide,
) -> None:
    first = out[i]
    if first.change:
        for k in range(i + 1, j + 1):
            if not out[k].change:
                out[k] = replace(
                    out[k], change=True, direction=first.direction, baseline=first.baseline
                )
    n = j - i + 1
    s0, s1 = sentences[sentence_of[i]]
    cjk = bool(re.search(r"[\u3400-\u9fff]", text[s0 : first.start]))
    subjects = _subjects(text[s0 : first.start], cjk)
    carried = False
    if not subjects and (_is_pronoun(first.counted) or not first.counted.strip()):
        index = sentence_of[i]
        if index > 0:
            p0, p1 = sentences[index - 1]
            subjects = _subjects(text[p0:p1], cjk)
            carried = True
    said = n > 1 and _RESPECTIVELY.search(text[s0 : min(s1, out[j].end + 20)])
    if n > 1 and len(subjects) > n:
        subjects = subjects[-n:]  # "to ensure order: accidents, fires and reports fell by"
    if not cjk and any(_NOT_A_SUBJECT.search(x) for x in subjects):
        subjects = []  # "29,000 calls, a decrease of": a figure or an article is no subject
    gapped = any(
        _GAPPED.fullmatch(text[out[k - 1].end : out[k].start]) for k in range(i + 1, j + 1)
    )
    if gapped:
        subjects = []  # "accidents fell by 12.4% and deaths by 20%": each names its own
    coordinated = bool(_COORDINATED.search(text[s0 : first.start]))
    if not cjk and n > 1 and not first.change and _family(first.unit) != "rate":
        acted = _subjects(text[s0 : first.start], cjk, _EN_ACT)  # "A, B and C cracked 12, 9 and 5"
        if len(acted) > n and all(re.search(r"\d", x) for x in acted[:-n]):
            acted = acted[-n:]  # "A cracked 96 cases, and B and C cracked 41 and 35": B and C
        if len(acted) == n:
            subjects = _with_act_and_noun(acted, out[j], text[s0 : first.start], text)
    if cjk and n > 1 and not first.change and _family(first.unit) != "rate":
        units = _units_before_act(text[s0 : first.start], n)
        subjects = units or subjects
    after = _SUBJECTS_AFTER.match(text, out[j].end, s1) if n > 1 and not cjk else None
    if after and len(named := _SUBJECT_SPLIT.split(after["subjects"].strip())) == n:
        subjects, said = named, True  # "up 12.7% and 18.4% respectively in cases and suspects"
    if subjects and len(subjects) == n and (said or carried or (n > 1 and coordinated)):
        for k, subject in zip(range(i, j + 1), subjects, strict=True):
            out[k] = decide(out[k], subject, text[s0 : out[k].start])
    elif said and first.change and (levels := _levels_before(out, i, n, sentence_of)):
        # "发生事故42起、死亡46人，同比分别下降16%、13.2%": the changes of the levels before
        for k, level in zip(range(i, j + 1), levels, strict=True):
            out[k] = replace(
                out[k], indicator=level.indicator, topic=level.topic, counted=level.counted
            )
    elif said and (levels := _levels_before(out, i, n, sentence_of)) and _all_parts(levels):
        # "临渭分局破获58起，华州分局破获31起，分别占全市总数的27.2%和14.6%": each unit's share
        for k, level in zip(range(i, j + 1), levels, strict=True):
            out[k] = replace(out[k], scope=level.scope, scope_name=level.scope_name)
    elif _is_pronoun(first.counted) or (carried and subjects):
        # "They" refers to what was just counted: its topic, never a guessed measure
        before = out[i - 1].topic if i > 0 else "other"
        for k in range(i, j + 1):
            out[k] = replace(
                out[k],
                counted="subject not stated",
                indicator=None,
                topic=before if i > 0 else out[k].topic,
                confidence=min(out[k].confidence, 0.45),
                note=_note(out[k].note, "the subject is not stated; read the sentence before"),
            )


def _all_parts(levels: Sequence[Metric]) -> bool:
    """Whether the figures are each a different named unit's (the parts a list goes over)."""
    names = {m.scope_name for m in levels if m.scope == "part"}
    return len(names) == len(levels)


def _levels_before(
    out: Sequence[Metric], i: int, n: int, sentence_of: Sequence[int]
) -> list[Metric]:
    """The `n` levels right before figure `i` in its sentence, when there are that many."""
    if i < n:
        return []
    levels = list(out[i - n : i])
    same = all(sentence_of[k] == sentence_of[i] for k in range(i - n, i))
    return levels if same and not any(m.change for m in levels) else []


def _note(old: str | None, new: str) -> str:
    return f"{old}; {new}" if old else new


__all__: list[str] = []  # everything here serves its own package
