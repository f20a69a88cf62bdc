"""The Chinese rules of a figure: is it a figure, its qualifier, change, unit and what it counts.

Decisions read the simplified shadow of the text; the vocabulary is `kit/lexicon/zh.toml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kit.figures.mentions import Mention
from kit.figures.structure import Context, tail
from kit.lexicon import alternation, in_order, load

_PLUS_BEFORE = re.compile(r"[+＋]\s*$")
_PLUS_AFTER = re.compile(r"^[+＋]")
_LIST_COMMA_AFTER = re.compile(r"^\s*、")
# a list of bare numbers ("1、3、5名"), not a list of counts ("三个集体、28名民警")
_LIST_COMMA_BEFORE = re.compile(r"[\d０-９零〇一二两三四五六七八九十]\s*、\s*$")
_ZH_MAGNITUDE_LEAD = re.compile(r"^\s*[万萬亿億]?[余多餘]?")
_WHITESPACE = re.compile(r"\s+")
_ZH_NOUN_END = re.compile(r"[，。；、,;：:！？（(）)\s“”\"以和及与與]")
#: inline pinyin a converted page writes after a character (擁(yōng)堵, 破獲(huò)): no word of it
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zA-Z\u00c0-\u024f\u1e00-\u1eff ]{1,9}\)")


def plain(text: str) -> str:
    """`text` without inline pinyin, for matching vocabulary: "擁(yōng)堵指數(shù)" -> 擁堵指數."""
    return _PINYIN.sub("", text) if "(" in text else text


def find_plain(phrase: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where `phrase`, read without inline pinyin, stands in `text[start:end]` as written
    (pinyin and all), or None."""
    kept: list[int] = []  # the positions of the text that are no pinyin
    for hit in _PINYIN.finditer(text, start, end):
        kept += range(start, hit.start())
        start = hit.end()
    kept += range(start, end)
    at = "".join(text[i] for i in kept).find(phrase)
    if at < 0 or not phrase:
        return None
    return kept[at], kept[at + len(phrase) - 1] + 1


@dataclass(frozen=True)
class _Zh:
    measure_after: re.Pattern[str]
    yuan_after: re.Pattern[str]
    other_after: re.Pattern[str]
    time_after: re.Pattern[str]
    reject_before: re.Pattern[str]
    threshold_before: re.Pattern[str]
    plan_clause: re.Pattern[str]
    nearly_before: re.Pattern[str]
    more_before: re.Pattern[str]
    least_before: re.Pattern[str]
    more_after: re.Pattern[str]
    dir_before: re.Pattern[str]
    up: frozenset[str]
    yoy: re.Pattern[str]
    mom: re.Pattern[str]
    trail: re.Pattern[str]
    baseline_words: re.Pattern[str]


_THRESHOLD_AFTER = re.compile(r"^\s*人(?:及)?以上")


@cache
def vocab() -> _Zh:
    lex = load("zh")
    a = alternation
    q, c = lex["qualifier"], lex["change"]
    base = a(c["yoy"] + c["mom"])
    strict_dirs = [w for w in c["up"] + c["down"] if w not in c["loose"]]
    return _Zh(
        measure_after=re.compile(
            rf"^\s*(?:{a(lex['measure'] + lex['yuan'] + lex['other_units'])})"
        ),
        yuan_after=re.compile(rf"^\s*(?:{a(lex['yuan'])})"),
        other_after=re.compile(rf"^\s*(?:{a(lex['other_units'])})"),
        time_after=re.compile(rf"^\s*(?:{a(lex['time_after'])})"),
        reject_before=re.compile(rf"(?:{a(lex['reject_before'])})\s*$"),
        threshold_before=re.compile(rf"(?:{a(lex['threshold_before'])})\s*$"),
        plan_clause=re.compile(a(lex["plan_words"])),
        nearly_before=re.compile(rf"(?:{a(q['nearly_before'])})\s*$"),
        more_before=re.compile(rf"(?:{a(q['more_than_before'])})\s*$"),
        least_before=re.compile(rf"(?:{a(q['at_least_before'])})\s*$"),
        more_after=re.compile(rf"^\s*(?:\S{{0,3}}?)(?:{in_order(q['above_after'])})"),
        dir_before=re.compile(
            rf"(?:(?P<base>{base})(?:分别|分別)?(?P<dir>{a(c['up'] + c['down'])})"
            rf"|(?P<dir2>{a(strict_dirs)}))(?:了|分别|分別|约|約|近)?\s*$"
        ),
        up=frozenset(c["up"]),
        yoy=re.compile(a(c["yoy"])),
        mom=re.compile(a(c["mom"])),
        trail=re.compile(rf"(?<![行作认認成因])(?:{a(lex['counted']['trail'])})+$"),
        baseline_words=re.compile(rf"(?:{base}|{a(c['up'] + c['down'])})+$"),
    )


def reject(m: Mention, c: Context) -> str | None:
    zh = vocab()
    b, a = c.before, c.after
    if tail(zh.reject_before, b):
        return "ordinal or rate base"
    if zh.plan_clause.search(c.clause_before):
        return "target or plan"
    if _THRESHOLD_AFTER.match(a) and tail(zh.threshold_before, b):
        return "threshold (a class of accidents)"
    if _PLUS_BEFORE.search(b) or _PLUS_AFTER.match(a):
        return "name"
    if m.unit in ("percent", "pp"):
        return None
    if zh.time_after.match(a):
        return "date or duration"
    if not zh.measure_after.match(a) and not _index_value(m, c):
        return "no measure word"
    small = m.script == "cjk" and m.value < 10 and not m.qualifier
    if small and (m.value < 2 or not _result_verb_in(c.clause_before)):
        return "small spelled-out number"
    if _LIST_COMMA_AFTER.match(a) or _LIST_COMMA_BEFORE.search(b):
        return "list of numbers"
    return None


@cache
def _result_verbs() -> re.Pattern[str]:
    return re.compile(alternation(load("zh")["result_verbs"]))


def _result_verb_in(clause: str) -> bool:
    """A small spelled-out count (两个, 两起) is a result when its clause has a result verb:
    建成两个枫桥式交警队, 破获毒品案件两起."""
    return _result_verbs().search(clause) is not None


def qualifier(m: Mention, c: Context) -> str | None:
    zh = vocab()
    if m.qualifier:
        return m.qualifier
    if tail(zh.more_before, c.before):
        return "more_than"
    if tail(zh.least_before, c.before):
        return "at_least"
    if tail(zh.nearly_before, c.before):
        return "nearly"
    if zh.more_after.match(c.after):
        return "more_than"
    return None


def change(m: Mention, c: Context) -> tuple[bool, str | None, str | None]:
    zh = vocab()
    hit = tail(zh.dir_before, c.clause_before)
    if not hit and m.unit == "pp" and (gap := _GAP.search(c.clause_before)):
        return True, "up" if gap["up"] else "down", None  # "高于全省平均水平4.5个百分点"
    if not hit:
        return False, None, None
    word = hit.group("dir") or hit.group("dir2")
    direction = "up" if word in zh.up else "down"
    base = hit.group("base") or ""
    around = c.clause_before + base
    baseline = "yoy" if zh.yoy.search(around) else "mom" if zh.mom.search(around) else None
    return True, direction, baseline


_CHANGE = load("zh")["change"]
#: a gap in points after "higher / lower than" a benchmark, in its own clause
_GAP = re.compile(
    rf"(?:(?P<up>{alternation(_CHANGE['gap_up'])})|{alternation(_CHANGE['gap_down'])})"
    r"[^，。；,;]{0,16}$"
)

# "12 fewer than last year": a count compared with a period is a change
_ZH_CLAUSE = re.compile(r"[，。；、;：:！？（）()]|(?<!\d),|,(?!\d)")
_CHANGE_VERB = re.compile(alternation(_CHANGE["up"] + _CHANGE["down"]))
#: a note in brackets between a noun and its number: "道路交通事故（一般程序）1326起"
_TRAILING_NOTE = re.compile(r"[（(][^（）()\d]{1,12}[）)]$")
_ZH_TRAILING_FIGURE = re.compile(r"[\d.,]+[十百千万萬亿億]?[余多餘]?(?:个百分点|%|\w)?$")


def counted(m: Mention, c: Context, unit: str) -> str:
    zh = vocab()
    after = _ZH_MAGNITUDE_LEAD.sub("", plain(c.after))
    if unit == "count":
        mw = zh.measure_after.match(after)
        tail = _PHRASE_SPACE.sub("，", after)[mw.end() :] if mw else ""
        tail = _WHITESPACE.sub("", tail)
        noun = _ZH_NOUN_END.split(tail, maxsplit=1)[0][:16]
        # "542起574人": the next figure, no noun; "由97起降至61起": a change of it, no noun
        if len(noun) >= 2 and not noun[0].isdigit() and not _CHANGE_VERB.match(noun):
            return noun
    before = _PHRASE_SPACE.sub("，", plain(c.before))  # a title's phrases: "680余起 为群众挽回"
    before = _TRAILING_NOTE.sub("", _WHITESPACE.sub("", before))  # 事故（一般程序）1326起
    clauses = _ZH_CLAUSE.split(before)
    for clause in reversed(clauses[-2:]):
        clause = _ZH_TRAILING_FIGURE.sub("", clause)
        phrase = zh.trail.sub("", zh.baseline_words.sub("", zh.trail.sub("", clause)))
        if phrase:
            return phrase[-16:]
    return ""


def unit(m: Mention, c: Context) -> str:
    if m.unit != "count":
        return m.unit
    zh = vocab()
    after = _ZH_MAGNITUDE_LEAD.sub("", c.after)
    if zh.yuan_after.match(after):
        return "yuan"
    if zh.other_after.match(after):
        return "other"
    if _index_value(m, c) and not zh.measure_after.match(after):
        return "other"  # 拥堵指数由1.68降至1.52: an index's values, no counts
    return "count"


_INDEX = re.compile(alternation(load("zh")["index_words"]))
# a space between Chinese words (after a measure word or a figure) separates a title's phrases
_PHRASE_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\d])[ \u3000]+(?=[\u4e00-\u9fff])")


def _index_value(m: Mention, c: Context) -> bool:
    """A fraction in a clause naming an index is the index's value: "拥堵指数由1.68降至1.52"."""
    return not float(m.value).is_integer() and bool(_INDEX.search(plain(c.clause_before)))


__all__: list[str] = []  # everything here serves its own package
