"""Whose figure is it: the report's own area, a named unit inside it, or a place compared with.

A city report says "城北公安分局化解矛盾纠纷1049起，化解率为99.7%" (a sub-bureau's result) and
"lower than the national (0.25%)" (a benchmark); neither is the city's own figure, and a
comparison across regions must not treat them as one. The words that decide are data in
`lexicon/scope.toml`; this module reads the sentence up to a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kit.lexicon import alternation, in_order, load
from kit.lexicon.prefilter import may_hold
from kit.load.gazetteer import gazetteer, norm_en

AREA, PART, ELSEWHERE = "area", "part", "elsewhere"


@dataclass(frozen=True)
class Scope:
    scope: str  # area, part or elsewhere
    name: str | None = None  # the unit or place as written


@dataclass(frozen=True)
class Report:
    """The units a report names in its first sentences (see `report_units`)."""

    station: str | None = None  # a station the report is about: its figures are that part's
    bureaus: tuple[str, ...] = ()  # the reporting bureaus: their names are the area's own


@dataclass(frozen=True)
class _Patterns:
    en_elsewhere: re.Pattern[str]
    en_compare: re.Pattern[str]
    zh_elsewhere: re.Pattern[str]
    zh_compare: re.Pattern[str]
    zh_part: re.Pattern[str]
    zh_generic: re.Pattern[str]
    en_part: re.Pattern[str]
    en_generic: frozenset[str]
    zh_area: re.Pattern[str]
    en_area: re.Pattern[str]
    zh_example: re.Pattern[str]
    en_example: re.Pattern[str]
    zh_station: re.Pattern[str]
    en_station: re.Pattern[str]
    zh_bureau: re.Pattern[str]
    en_bureau: re.Pattern[str]
    zh_unit_end: re.Pattern[str]
    en_markers: tuple[str, ...] | None  # en_example's markers as plain text, if all are


# characters that an ASCII letter matches under re.IGNORECASE besides its two cases
# (the `re` docs): folded before a plain-text test of words matched case-insensitively
_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_META = re.compile(r"\\.|[.^$*+?{}\[\]|()]")


def _plain(words: list[str]) -> tuple[str, ...] | None:
    """`words` (regex alternatives) as lower-case plain text, or None if any is more than a
    literal with escaped punctuation: a cheap test that must pass wherever one can match."""
    out = []
    for word in words:
        if any(len(m) == 1 or m[1].isalnum() for m in _META.findall(word)):
            return None
        out.append(re.sub(r"\\(.)", r"\1", word).translate(_FOLDS).lower())
    return tuple(out)


# what `str.lower` leaves of the characters in `_FOLDS` (İ becomes i and a combining dot)
_FOLDED_LEFT = ("\u0131", "\u017f", "\u0307")


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """Whether a case-insensitive pattern made of `words` (`_plain`) may match in `text`: one of
    them is in it, or a character that folds to a letter leaves the plain test unsure."""
    low = text.lower()
    return any(w in low for w in words) or any(c in low for c in _FOLDED_LEFT)


@cache
def _patterns() -> _Patterns:
    lex = load("scope")
    e, p, x, r = lex["elsewhere"], lex["part"], lex["example"], lex["report"]
    a = alternation
    return _Patterns(
        en_elsewhere=re.compile(
            rf"\b(?P<name>(?:the\s+)?(?:{a(e['en_place'])}))"
            + e["en_joiner"].replace("{change}", rf"(?P<change>{a(e['en_change'])})")
            + "$",
            re.I,
        ),
        en_compare=re.compile(rf"\b(?:{a(e['en_compare'])})\b", re.I),
        zh_elsewhere=re.compile(rf"(?P<name>{a(e['zh_place'])}){e['zh_joiner']}$"),
        zh_compare=re.compile(a(e["zh_compare"])),
        zh_part=re.compile(
            rf"(?:^|[，,。；;：:、\s）)“”\"]|以来|期间|其中|同时|全年|今年|(?<=公安局))"
            rf"(?P<name>[\u4e00-\u9fff]{{2,8}}?(?:{a(p['zh_unit'])}))"
            rf"(?=[\u4e00-\u9fff])(?!{a(p['zh_not_unit_before'])})"
        ),
        zh_generic=re.compile(a(p["zh_generic"])),
        # `\b` before the first capital written as a lookbehind after it: the regex engine
        # skips to capitals instead of trying every position of the sentence
        en_part=re.compile(
            # opens with its capital (the first round's speed-up), apostrophes allowed (round two)
            r"(?P<name>(?P<words>[A-Z](?<!\w[A-Z])[a-z]+(?:'[a-z]+)?\s+"
            r"(?:[A-Z][a-z]+(?:'[a-z]+)?\s+){0,2})"
            rf"(?P<unit>{a(p['en_unit'])}))"
            rf"\b(?!\s+of\b|\s+(?:{a(p['en_group_after'])})\b)"
        ),
        en_generic=frozenset(p["en_generic"]),
        zh_area=re.compile(a(p["zh_area"])),
        en_area=re.compile(rf"\b(?:{a(p['en_area'])})", re.I),
        en_example=re.compile(
            rf"\b(?i:{a(x['en_marker'])})[,\s]+(?:(?:in|at|on)\s+)?(?:the\s+)?"
            rf"(?P<name>(?:[A-Z][a-z]+\s+){{1,3}}(?:{a(x['en_place'])}))\b"
        ),
        zh_example=re.compile(
            rf"(?:^|(?<=[，,。；;：:\s]))(?:{a(x['zh_marker'])})在?"
            rf"(?P<name>[\u4e00-\u9fff]{{1,12}}?(?:{a(x['zh_place'])}))"
        ),
        zh_station=re.compile(
            r"(?:(?<=[局县市区省州镇乡])|(?<![\u4e00-\u9fff]))"
            rf"(?P<name>[\u4e00-\u9fff]{{2,4}}?(?:{a(r['zh_station'])}))"
        ),
        en_station=re.compile(
            rf"\b(?P<words>(?:[A-Z][a-z]+\s+){{1,3}})(?P<unit>{a(r['en_station'])})\b"
        ),
        zh_bureau=re.compile(rf"[\u4e00-\u9fff]{{2,14}}?(?:{a(r['zh_bureau'])})"),
        en_bureau=re.compile(rf"(?:[A-Z][a-z]+\s+){{1,4}}(?:{a(r['en_bureau'])})"),
        zh_unit_end=re.compile(rf"(?:{a(p['zh_unit'])})$"),
        en_markers=_plain(x["en_marker"]),
    )


@cache
def _region_spellings(region: str | None) -> tuple[str, ...]:
    """The spellings of the report's own region: its units are the area, not a part."""
    if not region:
        return ()
    entry = load("regions").get(region, {})
    return (region, *entry.get("en", []), *entry.get("zh", []))


_PLACE_AFTER = re.compile(
    rf"(?:\s+|(?='))(?:{alternation(load('scope')['part']['en_place_after'])})\b"
)
_PLACE_BEFORE = re.compile(rf"\b(?:{alternation(load('scope')['part']['en_place_before'])})\s+$")
_EN_NAME = re.compile(r"\b[A-Z][a-z]+(?:'[a-z]{2,})?(?:\s+[A-Z][a-z]+(?:'[a-z]{2,})?){0,2}\b")


@cache
def _places_inside(region: str | None) -> frozenset[str]:
    """The English names of the known places inside the report's `region` (`lexicon/regions.toml`
    and its `parent` links): every province and city of a national report ("China"), the cities
    of a province's."""
    if not region:
        return frozenset()
    regions = load("regions")

    def inside(name: str) -> bool:
        for _ in range(4):  # district -> city -> province
            parent = regions.get(name, {}).get("parent")
            if parent is None:
                return region == "China"
            if parent == region:
                return True
            name = parent
        return False

    names = [n for n in regions if n != region and inside(n)]
    found = _gazetteer_inside(region)
    return frozenset(names + [en for n in names for en in regions[n].get("en", [])] + found[0])


@cache
def _gazetteer_inside(region: str) -> tuple[list[str], frozenset[str]]:
    """(English names, Chinese spellings) of the gazetteer's divisions under `region`: the
    cities and counties of a province's report, the districts of a city's."""
    g = gazetteer()
    codes = g.en.get(norm_en(region), [])
    ranked = sorted(
        (c for c in codes if c in g.places), key=lambda c: _RANK.get(g.places[c].level, 9)
    )
    if not ranked or region == "China":
        return [], frozenset()
    top = ranked[0]
    under = [p for p in g.places.values() if top in g.ancestors(p.code)]
    en = [name for p in under for name in (p.name, *p.english) if len(name) > 3]
    zh = frozenset(s for p in under for s in g.spellings_of(p.code) if len(s) >= 2)
    return en, zh


_RANK = {"province": 1, "city": 2, "county": 3, "district": 3}


_BARE_AVERAGE = re.compile(r"(?:the\s+)?average", re.I)


def _elsewhere(before: str, unit: str, cjk: bool) -> str | None:
    """The comparison place right before a level: "than the national (" -> "the national"."""
    if unit == "pp":
        return None  # "3 percentage points above the national average" is a gap, the area's own
    pat = _patterns()
    tail = before[-60:]
    if cjk:
        hit = pat.zh_elsewhere.search(tail) if may_hold(pat.zh_elsewhere, tail) else None
        if hit and pat.zh_compare.search(before[: len(before) - len(tail) + hit.start()]):
            return hit.group("name")
        return None
    hit = pat.en_elsewhere.search(tail) if may_hold(pat.en_elsewhere, tail) else None
    if hit and hit.group("change") and _BARE_AVERAGE.match(hit.group("name")):
        return None  # "an average decline of 4.0%" names no place: the area's own change
    if hit and pat.en_compare.search(before[: len(before) - len(tail) + hit.start()]):
        return hit.group("name")
    return None


def _part(before: str, region: str | None, cjk: bool) -> str | None:
    """The named unit that is the subject of the sentence so far, unless the area returns after."""
    pat = _patterns()
    own = _region_spellings(region)
    name, at, located = None, -1, False
    if cjk:
        for hit in pat.zh_part.finditer(before):
            unit_name = _LEAD_WORDS.sub("", hit.group("name"))  # "其中城关派出所": 城关派出所
            if pat.zh_generic.search(unit_name) or re.search(r"\d", unit_name):
                continue
            if any(s in unit_name for s in own):
                continue
            name, at = unit_name, hit.end()
        area = _zh_area_after(before, max(at, 0)) if name else None
    else:
        for hit in pat.en_part.finditer(before):
            unit_name = _named_unit(hit.group("words").split(), hit.group("unit"))
            if unit_name is None or any(s in unit_name for s in own):
                continue
            name, at = unit_name, hit.end()
            # "On the Changjiu Expressway, the speed rose 12%": the place of the whole sentence
            located = _LOCATIVE_OPENING.fullmatch(before, 0, hit.start()) is not None
        places = _places_inside(region)
        for hit in _EN_NAME.finditer(before, max(at, 0)) if places else ():
            words = hit.group().split()  # "Zunyi Public Security Bureau": the place is "Zunyi"
            for n in range(len(words), 0, -1):
                place = " ".join(words[:n])
                end = hit.start() + len(place)
                if place not in places or place in own:
                    continue  # the region's own name, even where a division under it shares it
                subject = _PLACE_AFTER.match(before, end) or _PLACE_BEFORE.search(
                    before, 0, hit.start()
                )
                if subject:  # "Henan public security organs captured"
                    name, at, located = place, end, False
                break
        area = pat.en_area.search(before, max(at, 0)) if name else None
    if name is None or area:
        return None
    return name if located or _holds_its_figures(before[at:]) else None


_ZH_SHARE = load("scope")["part"]["zh_area_share"]


def _zh_area_after(before: str, at: int) -> bool:
    """Whether the whole area is named after `at`, not as the whole a part's share is of
    ("哈尔滨公安处破案数占全局的41%" stays the part's)."""
    return any(
        before[max(0, h.start() - len(_ZH_SHARE)) : h.start()] != _ZH_SHARE
        for h in _patterns().zh_area.finditer(before, at)
    )


@cache
def _zh_place() -> re.Pattern[str]:
    units = alternation(load("scope")["part"]["zh_unit"])
    return re.compile(
        rf"^(?P<name>[\u4e00-\u9fff]{{1,8}}?(?:{units}))"
        r"(?:\([a-zA-Z\u00c0-\u024f\u1e00-\u1eff ]{1,9}\))?(?P<rest>.*)$"  # 武陵區(qū): pinyin
    )


def listed_place(subject: str) -> tuple[str, str] | None:
    """(the unit, the words after it) of a listed subject that opens with a named unit
    ("游仙区盗窃警情" -> 游仙区, 盗窃警情; "洛龙大队辖区事故起数"), else None ("刑事案件",
    "各分局", "城区")."""
    hit = _zh_place().match(subject.strip())
    if hit is None or _patterns().zh_generic.match(hit["name"]):
        return None
    return hit["name"], hit["rest"]


def listed_scope(subject: str, region: str | None) -> Scope | None:
    """The scope a listed subject opening with a unit gives its figure: that part, or the area
    where the unit is the report's own `region`; None for a subject naming no unit. An English
    subject names a known place inside the region ("the organs of Guangdong cracked cases")."""
    place = listed_place(subject)
    if place is None and region and _CJK_START.match(subject.strip()):
        known = _gazetteer_inside(region)[1]  # "贵阳、遵义、毕节三地……分别为": known places
        head = subject.strip()
        hit = next((head[:n] for n in range(min(len(head), 12), 1, -1) if head[:n] in known), None)
        return Scope(PART, hit) if hit else None
    if place is None and (unit := _part(subject, region, False)):
        return Scope(PART, unit)  # "the Golmud Public Security Office cracked 41": a named unit
    if place is None:
        inside = [
            h.group() for h in _EN_NAME.finditer(subject) if h.group() in _places_inside(region)
        ]
        return Scope(PART, inside[-1]) if inside else None
    if any(s in place[0] for s in _region_spellings(region)):
        return Scope(AREA)
    return Scope(PART, place[0])


def _named_unit(words: list[str], unit: str) -> str | None:
    """ "The Chengbei District Branch" -> "Chengbei District Branch": leading generic words
    (The, Municipal, Police) go; a unit with no name of its own left ("The City Police
    Station") is None."""
    generic = _patterns().en_generic
    while words and words[0] in generic:
        words = words[1:]
    return " ".join([*words, unit]) if words else None


_LOCATIVE_OPENING = re.compile(r"\s*(?:On|In|At|Along)\s+(?:the\s+)?")
_CJK_START = re.compile(r"[\u4e00-\u9fff]")
_EN_MEANS = re.compile(rf"\s*(?:{alternation(load('scope')['part']['en_means'])})\b")
_LEAD_WORDS = re.compile(rf"^(?:{in_order(load('scope')['report']['zh_lead'])})+")
# a unit read short ("镇康县" of "镇康县公安局") has the rest of its name before its means
_ZH_MEANS = re.compile(
    rf"(?:{alternation(load('scope')['part']['zh_unit'])})?"
    rf"(?:{alternation(load('scope')['part']['zh_means'])})"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|《[^》]*》|「[^」]*」")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]\s*|\.\s+")


def _holds_its_figures(after_unit: str) -> bool:
    """A unit is the subject of a figure in its own clause, or of later clauses when its own
    clause stated a figure ("城北分局化解纠纷1049起，化解率为99.7%"), not when it only did
    something else ("胜利路派出所获评……，建成3个……" is the city's result)."""
    after_unit = _QUOTED.sub("", after_unit)  # a name in quotes ("第三批100个") is no figure
    first = _CLAUSE_BREAK.search(after_unit)
    if first is None or re.search(r"\d", after_unit[: first.start()]):
        return True
    if _EN_MEANS.match(after_unit):
        return True  # "Sanbao Police Station relies on the linkage mechanism, and resolved 612"
    return _ZH_MEANS.match(after_unit) is not None  # "依托调解室，化解纠纷1386起"


MIN_STATION_MENTIONS = 3  # a station named this often, first in the opening, is the report's


def report_units(opening: str, text: str) -> Report:
    """The station a report is about and the bureaus that report, from its first sentences.

    A station named in the opening and again later, in a report that never speaks of the whole
    area (全市, 全县), is the report's subject ("武定县公安局狮山派出所跳出……"); the bureau
    named there reports on its own area ("大通回族土族自治县公安局").
    """
    pat = _patterns()
    generic = pat.zh_generic
    station = None
    if pat.zh_area.search(text) or pat.en_area.search(text):
        return Report(None, _bureaus(opening))  # a report on the whole area ("全市……")
    for hit in pat.zh_station.finditer(opening):
        name = hit.group("name")
        if not generic.search(name) and text.count(name) >= MIN_STATION_MENTIONS:
            station = name
            break
    if station is None:
        for hit in pat.en_station.finditer(opening):
            name = _named_unit(hit.group("words").split(), hit.group("unit"))
            if name and text.count(name) >= MIN_STATION_MENTIONS:
                station = name
                break
    return Report(station, _bureaus(opening))


def _bureaus(opening: str) -> tuple[str, ...]:
    pat = _patterns()
    found = [h.group() for h in pat.zh_bureau.finditer(opening)]
    return (*found, *(h.group() for h in pat.en_bureau.finditer(opening)))


def _own(unit_name: str, report: Report) -> bool:
    """A unit whose name stands in the reporting bureau's name: "大通县" of "大通……自治县公安局"."""
    stem = _patterns().zh_unit_end.sub("", unit_name)
    stem = stem if len(stem) >= 2 else unit_name
    return any(stem in bureau for bureau in report.bureaus)


def scope_of(
    sentence_before: str,
    unit: str,
    region: str | None,
    cjk: bool,
    report: Report | None = None,
) -> Scope:
    """The scope of a figure from its sentence up to the figure (Chinese: the simplified shadow)
    and, where given, the units its report names in its opening."""
    place = _elsewhere(sentence_before, unit, cjk)
    if place:
        return Scope(ELSEWHERE, place.strip())
    report = report or Report()
    unit_name = _part(sentence_before, region, cjk)
    if unit_name and not _own(unit_name, report):
        return Scope(PART, unit_name)
    pat = _patterns()
    if cjk:
        examples = list(pat.zh_example.finditer(sentence_before))
    elif pat.en_markers is not None and not _may_hold(sentence_before, pat.en_markers):
        examples = []  # no marker ("for example") in the sentence so far: no example
    else:
        examples = list(pat.en_example.finditer(sentence_before))
    if examples:
        return Scope(PART, examples[-1].group("name"))  # "如在金科路华夏西路路口……提升14.8%"
    if unit_name is None and report.station:
        area = pat.zh_area if cjk else pat.en_area
        if not area.search(sentence_before):
            return Scope(PART, report.station)
    return Scope(AREA)


__all__: list[str] = []  # everything here serves its own package
