"""Text -> the place a report is about: the rules that read the gazetteer (`kit.load.gazetteer`).

Each mention is a Chinese spelling (full name 武定县, or short name 武定) or an English one
("Wuding", "Wuding County", "Yubei police"). A name two places share is settled by a parent named
in the same text, else by the curated list, else it stays unresolved, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ahocorasick_rs import AhoCorasick, MatchKind

from kit.load.gazetteer import RANK, Gazetteer, Place, gazetteer, norm_en
from kit.text import simplified_shadow

#: only the opening of a long text is read for its place: reports name it early
SCAN_CHARS = 30_000


@dataclass(frozen=True)
class Region:
    """The place a report is about, its level and province; a reason when none could be told."""

    region: str | None
    level: str | None = None
    province: str | None = None
    note: str | None = None


_SUFFIX_ZH = re.compile(r"(?:县|縣|区|區|市|州|旗|盟|省)")
_BODY_ZH = re.compile(
    r"(?:县|縣|区|區|市|州|旗|省)?(?:公安|警方|警察|交警|民警|分局|派出所|检察|法院|政府|党委|人民)"
)
_BODY_BEFORE_ZH = re.compile(r"(?:平安|法治|大美)$")
_SUFFIX_EN = re.compile(
    r"[\s-]+(?P<kind>County|District|City|Prefecture|Province|Municipality|Banner|Autonomous"
    r"|New\s+Area|Area)\b",
    re.IGNORECASE,
)
_BODY_EN = re.compile(
    r"(?:['’]s)?\s+(?:(?:municipal|provincial|city|district|county|province|autonomous region"
    r"|prefecture|branch|sub-?bureau|new area)\s+)*(?:public security|police|psb|traffic police"
    r"|procuratorate|court|government|party committee)\b"
    r"|\s+(?:district\s+|county\s+)?(?:branch|sub-?bureau)\b",
    re.IGNORECASE,
)
_BODY_BEFORE_EN = re.compile(
    r"\b(?:[Ss]afer?|[Ss]ecure|[Ll]aw-based)\s+$"
    r"|\b(?:[Pp]ublic [Ss]ecurity (?:[Bb]ureau|[Dd]epartment|[Bb]ranch|[Ss]ub-?bureau)|[Pp]olice"
    r"|PSB) (?:of|in) (?:the )?$"
)
# 与/会同/"with the": a partner named beside the reporter, not the reporter
_PARTNER_BEFORE = re.compile(
    r"(?:\b(?:with|and|between|to|than)(?:\s+the)?\s+|[A-Za-z][-–]|、|与|與|和|同|会同|會同"
    r"|联合|聯合|配合|赴|前往|来自|來自|比|较|較|高于|低于)$"
)
_DATELINE_ZH = re.compile(r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|電|讯|訊|消息|报道|報道)")
_DATELINE_EN = re.compile(
    r",?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"
    r"(?:\s*[,(]|\s*$|\s+\()"
)
_EN_WORD = re.compile(r"[A-Z][a-z]+(?:['’](?!s\b)[a-z]+)?(?:-[a-z]+)?")  # not Guangdong's
_KIND_ENDINGS = {
    "county": ("县", "旗"),
    "banner": ("旗",),
    "district": ("区",),
    "city": ("市",),
    "prefecture": ("州", "地区", "盟"),
}
_KIND_LEVELS = {
    "county": {"county"},
    "banner": {"county"},
    "district": {"district"},
    "newarea": {"district"},
    "area": {"district"},
    "city": {"city", "county"},
    "municipality": {"city"},
    "prefecture": {"city"},
    "province": {"province"},
    "autonomous": {"province", "city", "county"},
}

# nationwide: the Ministry, 全国 (not an award's or a comparison's), "nationwide"
# matched on the simplified, lower-cased text
_NATION_BODY = re.compile(
    r"公安部(?!.{0,3}(?:、|和|与|部署|命名|表彰|授予|评为|肯定|挂牌|督办|目标))|国务院"
    r"|\bministry of public security\b(?!\s*(?:'s\s+)?(?:deployment|award|list))"
    r"|\b(?:minister|vice minister|deputy minister) of (?:the )?public security\b"
)
_NATION_AREA = re.compile(
    r"全国(?<!高于全国)(?<!低于全国)(?<!超过全国)(?<!获评全国)(?<!荣获全国)(?<!评为全国)"
    r"(?!平均|水平|第|先进|优秀|模范|示范|文明|劳模|表彰|十佳|百佳|前列|首|率先|排名|人大|政协"
    r"|两会|重点|统一|性|人民代表|三八|五一|青年|巾帼|道德|公安.{0,4}(?:英模|先进|模范|荣誉|标兵"
    r"|优秀|表彰|系统二级))"
)
_NATION_AREA_EN = re.compile(
    r"\bnation(?:wide|al public security organs|al (?:road traffic|criminal|public order))\b"
    r"|\b(?:across|throughout|all over) (?:the country|china)\b"  # on the lower-cased text
)

# where a match of the two patterns above can start: literals found by `str.find` (a regex
# alternation of literals would be tried at every "n", "a" and "t")
_NATION_BODY_START = ("公安部", "国务院", "minist", "vice minist", "deputy minist")
_NATION_AREA_EN_START = ("nation", "across ", "throughout ", "all over ")


def _matches_at(
    pattern: re.Pattern[str], literals: tuple[str, ...], text: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, tried only where one of `literals` starts (every match starts
    with one): the same matches as `finditer_at` with the literals' alternation."""
    starts: set[int] = set()
    for word in literals:
        at = text.find(word)
        while at >= 0:
            starts.add(at)
            at = text.find(word, at + 1)
    pos = 0
    for at in sorted(starts):
        if at < pos:
            continue
        m = pattern.match(text, at)
        if m:  # the patterns it serves never match an empty string
            yield m
            pos = m.end()


@dataclass
class _Tally:
    mentions: int = 0
    body: int = 0
    head: bool = False
    first: int = 1 << 60
    strong: int = 0  # mentions that are certainly the place (full name, suffix or body)


def find_place(text: str, head_chars: int = 400) -> Region:
    """The most specific place the report is about, with its level and province.

    Every spelling of every division is found in one pass (Chinese) and one word scan (English);
    each place scores its mentions, 3 more for each one attached to a reporting body (海安市公安局,
    "Yubei police"), 4 for being in the opening, 3 for matching the report's own level (全省, 全市,
    全县). A county's bare short name counts only when its full name, a body or its parent is
    named too. A name two places share goes to the one whose parent the text names, else to the
    curated one, else stays unresolved: region None, with the reason in `note`.
    """
    gaz = gazetteer()
    text = text[:SCAN_CHARS]
    shadow = text if text.isascii() else simplified_shadow(text)  # ASCII has nothing to convert
    lower = text.lower()
    mentions = _zh_mentions(gaz, text, shadow) + _en_mentions(gaz, text)
    named = {c for m in mentions for c in m.codes}
    named_ancestors: set[str] = set()
    for m in mentions:
        if len(m.codes) == 1:
            named_ancestors.update(gaz.ancestors(m.codes[0]))
    tallies: dict[tuple[str, ...], _Tally] = {}
    for m in mentions:
        codes = _resolve(gaz, m, named)
        if not codes:
            continue
        t = tallies.setdefault(codes, _Tally())
        t.mentions += 1
        t.strong += m.strong
        t.body += m.body
        t.head |= m.start < head_chars
        t.first = min(t.first, m.start)
    # a county or district known only by its bare short name (资源 "resources", 商城 "mall",
    # "Guide"), never by its full name, suffix or a body: not counted
    for codes, t in list(tallies.items()):
        bare = all(gaz.places[c].level in ("county", "district") for c in codes)
        if bare and not t.strong and not any(gaz.places[c].curated for c in codes):
            del tallies[codes]
    nation = _nation_tally(lower if shadow is text else shadow.lower(), head_chars)
    if nation.mentions:
        tallies[("CN",)] = nation
    if not tallies:
        return Region(None, note="no place named")
    level = _report_level(lower)
    best, best_key = None, None
    for codes, t in tallies.items():
        score = t.mentions + 3 * t.body + (4 if t.head else 0)
        levels = {_place_level(gaz, c) for c in codes}
        if level and levels & _LEVEL_FITS[level]:
            score += 3
        key = (score, -t.first)
        if best_key is None or key > best_key:
            best, best_key = codes, key
    assert best is not None
    if len(best) > 1:
        spelled = " or ".join(f"{gaz.places[c].zh} ({_province_name(gaz, c)})" for c in best)
        return Region(None, note=f"{gaz.places[best[0]].name}: {spelled}; no parent named")
    return _region_of(gaz, best[0])


def _place_level(gaz: Gazetteer, code: str) -> str:
    return "country" if code == "CN" else gaz.places[code].level


def _province_name(gaz: Gazetteer, code: str) -> str | None:
    province = gaz.province_of(code)
    return province.name if province else None


def _region_of(gaz: Gazetteer, code: str) -> Region:
    if code == "CN":
        return Region("China", "country", None)
    place = gaz.places[code]
    return Region(place.name, place.level, _province_name(gaz, code) or place.name)


@dataclass
class _Mention:
    start: int
    end: int
    codes: tuple[str, ...]
    strong: bool
    body: bool


def _zh_mentions(gaz: Gazetteer, text: str, shadow: str) -> list[_Mention]:
    out = []
    for index, start, end in gaz.automaton.find_matches_as_indexes(shadow):
        spelling = gaz.spellings[index]
        entries = gaz.zh[spelling]
        after = shadow[end : end + 12]
        before = shadow[max(0, start - 6) : start]
        if _PARTNER_BEFORE.search(before) or _DATELINE_ZH.match(shadow, end):
            continue  # a partner, or where a news agency filed from (中新社北京10月8日电)
        if any(_inside(shadow, start, spelling, gaz.places[c].not_in) for c, _ in entries):
            continue
        body = bool(_BODY_ZH.match(after) or _BODY_BEFORE_ZH.search(before))
        suffixed = bool(_SUFFIX_ZH.match(after))
        if any(kind == "generic" for _, kind in entries):
            entries = [e for e in entries if _parent_before(gaz, shadow, start, e[0])]
            if not entries:
                continue
        kinds = {kind for _, kind in entries}
        if "full" not in kinds and spelling in gaz.ordinary_zh and not suffixed:
            continue  # 平安建设, 公安局: an ordinary word, not 平安区 or 公安县
        strong = bool(kinds & {"full", "generic"}) or body or suffixed
        codes = tuple(c for c, _ in entries)
        if suffixed and not any(k == "full" for k in kinds):
            # 大通县 for 大通回族土族自治县: the suffix tells the level
            suffix = after[0]
            fit = tuple(c for c in codes if _suffix_fits(gaz.places[c], suffix))
            codes = fit or codes
        if "full" in kinds or "generic" in kinds:
            full = ("full", "generic", "curated")
            codes = tuple(c for c, kind in entries if kind in full) or codes
        out.append(_Mention(start, end, codes, strong, body))
    return out


def _parent_before(gaz: Gazetteer, shadow: str, start: int, code: str) -> bool:
    """True when the place's city (or province) is named right before it: 拉萨市城关区."""
    before = shadow[max(0, start - 12) : start]
    for above in gaz.ancestors(code)[:1]:
        if any(before.endswith(n) for n in gaz.spellings_of(above)):
            return True
    return False


def _suffix_fits(place: Place, suffix: str) -> bool:
    if suffix in "县縣旗":
        return place.level == "county"
    if suffix in "区區":
        return place.level in ("district", "province")
    if suffix == "市":
        return place.level in ("city", "county")
    if suffix == "省":
        return place.level == "province"
    return True


def _inside(text: str, start: int, found: str, not_in: tuple[str, ...]) -> bool:
    """True when the match sits inside a longer word that is not the place (延长春节)."""
    for context in not_in:
        offset = context.find(found)
        if offset >= 0 and start - offset >= 0 and text.startswith(context, start - offset):
            return True
    return False


def _joined(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    """Words a and b are one name's parts ("Inner Mongolia", "Hai An")."""
    return b.start() - a.end() <= 2 and text[a.end() : b.start()].isspace()


def _en_mentions(gaz: Gazetteer, text: str) -> list[_Mention]:
    out = []
    # every capitalised word and its key by C loops (`map`); Python steps only for the few
    # words a place name starts with
    words = list(_EN_WORD.finditer(text))
    keys_of = list(map(norm_en, map(re.Match.group, words)))
    prefixes = gaz.en_prefixes()
    free = 0  # the first word not taken by a name found before
    for i in [i for i, key in enumerate(keys_of) if key in prefixes]:
        if i < free:
            continue  # a later word of a name already found ("Mongolia" of "Inner Mongolia")
        found = None
        keys = [keys_of[i]]
        for n in (1, 2):
            if i + n < len(words) and _joined(text, words[i + n - 1], words[i + n]):
                keys.append(keys[-1] + keys_of[i + n])
            else:
                break
        for width in range(len(keys), 0, -1):
            if keys[width - 1] in gaz.en:
                found = (words[i].start(), words[i + width - 1].end(), keys[width - 1], width)
                break
        if found is None:
            continue
        start, end, key, width = found
        free = i + width
        codes = tuple(gaz.en[key])
        after = text[end : end + 60]
        before = text[max(0, start - 40) : start]
        if _PARTNER_BEFORE.search(before[-16:]) or _DATELINE_EN.match(after):
            continue  # a partner, or a dateline ("China News Service, Hangzhou, November 23")
        suffix = _SUFFIX_EN.match(after)
        body = bool(_BODY_EN.match(after) or _BODY_BEFORE_EN.search(before))
        if suffix:
            kind = norm_en(suffix.group("kind"))
            fit = tuple(c for c in codes if gaz.places[c].level in _KIND_LEVELS.get(kind, ()))
            codes = fit or codes
            # "Xiangcheng County" is 襄城县, not 项城市; "Tacheng City" 塔城市, not 塔城地区
            endings = _KIND_ENDINGS.get(kind, ())
            fit = tuple(c for c in codes if gaz.places[c].zh.endswith(endings))
            codes = fit or codes
            body = body or bool(_BODY_EN.match(after, suffix.end() - suffix.start()))
        strong = bool(suffix) or body
        if not strong:
            if text[start:end] in gaz.ordinary_en:
                continue
            previous = text[max(0, start - 12) : start].rstrip().rsplit(" ", 1)[-1]
            if width == 1 and previous in gaz.surnames and text[start - 1 : start] == " ":
                continue  # a person: "Cai Changchun"
            nxt = re.match(r"\s+([A-Z][a-z]+)", after)
            if width == 1 and key in gaz.surname_keys and nxt:
                continue  # a person whose surname is a place: "Lin Hui"
        out.append(_Mention(start, end, codes, strong, body))
    return out


def _resolve(gaz: Gazetteer, m: _Mention, named: set[str]) -> tuple[str, ...]:
    """The places a mention can be: one, or several it cannot be told between."""
    codes = m.codes
    if len(codes) == 1:
        return codes
    # a parent (city or province) named in the same text decides
    depth = {c: next((i for i, a in enumerate(gaz.ancestors(c)) if a in named), 9) for c in codes}
    nearest = min(depth.values())
    with_parent = tuple(c for c in codes if depth[c] == nearest < 9)  # its city before its province
    if len(with_parent) == 1:
        return with_parent
    pool = with_parent or codes
    curated = tuple(c for c in pool if gaz.places[c].curated)
    if len(curated) == 1:
        return curated
    # a bare name of a city and of a county: the city (长治 is Changzhi city, not the county)
    top = min(RANK[gaz.places[c].level] for c in pool)
    highest = tuple(c for c in pool if RANK[gaz.places[c].level] == top)
    if len(highest) == 1 and top <= RANK["city"]:
        return highest
    return tuple(sorted(pool))


def _nation_tally(lower: str, head_chars: int) -> _Tally:
    """The report's nationwide mentions, read in the lower-cased simplified shadow `lower`."""
    t = _Tally()
    if not any(
        w in lower for w in ("全国", "公安部", "国务院", "nation", "country", "china", "minist")
    ):
        return t
    found = [
        *_NATION_AREA.finditer(lower),
        *_matches_at(_NATION_AREA_EN, _NATION_AREA_EN_START, lower),
    ]
    for m in found:
        t.mentions += 1
        t.head |= m.start() < head_chars
        t.first = min(t.first, m.start())
    for m in _matches_at(_NATION_BODY, _NATION_BODY_START, lower):
        t.mentions += 1
        t.body += 1
        t.head |= m.start() < head_chars
        t.first = min(t.first, m.start())
    t.strong = t.mentions
    return t


# how a report names its own area (全省, "the city", 全县), as literals found in one pass over the
# lower-cased text; English ones on word boundaries
_LEVEL_WORDS = {
    "province": [
        "全省",
        "我省",
        "省公安厅",
        "省公安廳",
        "the province",
        "our province",
        "this province",
        "whole province",
        "province-wide",
        "provincial public security",
    ],
    "city": [
        "全市",
        "我市",
        "市公安局",
        "the city",
        "our city",
        "this city",
        "whole city",
        "citywide",
        "city-wide",
        "municipal public security",
    ],
    "district": [
        "全区",
        "全區",
        "全县",
        "全縣",
        "我区",
        "我區",
        "我县",
        "我縣",
        "区分局",
        "區分局",
        "县分局",
        "縣分局",
        "the district",
        "our district",
        "this district",
        "whole district",
        "the county",
        "our county",
        "this county",
        "whole county",
        "sub-bureau",
        "subbureau",
        "branch bureau",
    ],
    "country": ["全国公安", "全國公安", "nationwide", "national public security organs"],
}
_LEVEL_FITS = {
    "province": {"province"},
    "city": {"city"},
    "district": {"district", "county"},
    "country": {"country"},
}


@lru_cache(maxsize=1)
def _level_finder() -> tuple[AhoCorasick, tuple[str, ...], tuple[str, ...]]:
    words = [w for ws in _LEVEL_WORDS.values() for w in ws]
    levels = tuple(level for level, ws in _LEVEL_WORDS.items() for _ in ws)
    return AhoCorasick(words, matchkind=MatchKind.LeftmostLongest), levels, tuple(words)


def _report_level(lower: str) -> str | None:
    """The report's own level from how it names its area; None when unclear or tied."""
    automaton, levels, words = _level_finder()
    counts = dict.fromkeys(_LEVEL_FITS, 0)
    for n, start, end in automaton.find_matches_as_indexes(lower):
        word = words[n]
        if word.isascii() and (_letter(lower, start - 1) or _letter(lower, end)):
            continue
        if word == "市公安局" and "分局" in lower[end : end + 10].split("，")[0]:
            continue  # 市公安局西湖区分局: the branch reports, not the city
        counts[levels[n]] += 1
    ranked = sorted((n, level) for level, n in counts.items())
    (runner_up, _), (count, level) = ranked[-2], ranked[-1]
    return level if count > runner_up else None


def _letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalpha()


__all__: list[str] = []  # everything here serves its own package
