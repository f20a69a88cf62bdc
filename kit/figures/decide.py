"""Document -> Metric: decide which numbers are figures, and what each one measures.

For every number the scanner (`mentions`) finds, the words around it settle: is it a date, an
ordinal, a name in quotes, a duration or a plan's structure (then it is dropped); is it a level
or a change, up or down, against last year or last month; what is counted; which topic. The
vocabulary lives in `kit/lexicon/` so a new synonym never needs a code change.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise

from kit.figures import baselines, chinese, english, repair
from kit.figures.context import carry
from kit.figures.indicators import indicator_of
from kit.figures.indicators import topics as indicator_topics
from kit.figures.lists import spread
from kit.figures.mentions import Mention, scan, signed
from kit.figures.scope import (
    ELSEWHERE,
    listed_scope,
    report_units,
    scope_of,
)
from kit.figures.structure import (
    CJK_CHAR,
    SENTENCE_CAP,
    clip,
    inside,
    language_segments,
    quoted_spans,
    section_themes,
    sentence_spans,
    tail,
    theme_at,
    window,
)
from kit.figures.topics import classify, names_no_topic
from kit.lexicon import in_order, load
from kit.load.metadata import detect_language
from kit.load.pdf import page_of
from kit.schema import Document, Metric
from kit.text import simplified_shadow

OPENING_SENTENCES = 2  # where a report names the units it is about (kit.figures.scope.report_units)

_DIGIT_RUN = re.compile(r"\d+")
_CJK_ANY = re.compile(r"[\u3400-\u9fff]")
_MAGNITUDE_WORD = re.compile(r"[万萬亿億千百十]|million|billion|thousand")


def _in_original(phrase: str, shadow: str, original: str, sent: tuple[int, int]) -> str:
    """The document's own characters for a phrase found in the simplified shadow."""
    if shadow is original or not phrase:
        return phrase
    at = shadow.find(phrase, sent[0], sent[1])
    if at >= 0:
        return original[at : at + len(phrase)]
    span = chinese.find_plain(phrase, shadow, sent[0], sent[1]) if "(" in shadow else None
    return original[span[0] : span[1]] if span else phrase  # read without its inline pinyin


#: topics whose words around a figure outweigh its measure's topic: a dispute-caused criminal
#: case is the disputes', police deployed on the roads the traffic's
_DOMAINS = frozenset({"disputes", "traffic"})

_RATE_WORDS = re.compile(
    in_order(load("en")["unit"]["rate_words"] + load("zh")["context"]["rate_words"]), re.I
)


def _check_percent(
    m: Mention, change: bool, direction: str | None, clause: str
) -> tuple[float, str | None, float, str | None]:
    """Restore a dropped decimal point where a percentage cannot exceed 100."""
    value, rule, conf, note = m.value, m.repaired, m.confidence, m.note
    if m.unit != "percent" or m.repaired or value <= 100 or not m.text[:1].isdigit():
        return value, rule, conf, note
    digits = _DIGIT_RUN.match(m.text)
    if digits is None or "." in m.text:
        return value, rule, conf, note
    if (change and direction == "down") or (not change and _RATE_WORDS.search(clause)):
        fix = repair.dropped_decimal_in_rate(digits.group())
        return fix.value, fix.rule, fix.confidence, fix.note
    if not change:
        return value, rule, 0.45, "a level above 100% is unusual; check the source"
    return value, rule, conf, note


def _mentions(
    text: str, segments: list[tuple[int, int, str]] | None
) -> Iterator[tuple[Mention, bool]]:
    """Every number, scanned by its sentence's language, with whether that language is zh."""
    if segments is None:
        for m in scan(text, "en"):
            yield m, False
        return
    for start, end, lang in segments:
        for m in scan(text[start:end], lang):
            if start:  # the first run's spans are the text's already
                m = replace(m, start=m.start + start, end=m.end + start)
            yield m, lang == "zh"


def _read(document: Document) -> list[Metric]:
    """Every figure a text in one language states as a result, in text order."""
    original = document.text
    has_cjk = CJK_CHAR.search(original) is not None
    # decisions read a simplified shadow (same length); spans and surfaces come from the original
    text = simplified_shadow(original) if has_cjk else original
    sents = sentence_spans(text)
    sent_starts = [s for s, _ in sents]
    quotes = quoted_spans(text)
    quote_starts = [s for s, _ in quotes]
    out: list[Metric] = []
    sentence_of: list[int] = []  # index of each figure's sentence
    clauses: list[str] = []  # the clause before each figure
    segments = language_segments(text, sents, document.language or "en") if has_cjk else None
    opening = text[: sents[min(len(sents), OPENING_SENTENCES) - 1][1]] if sents else ""
    report = report_units(opening, text)
    annual = document.period == "annual" and baselines.annual_opening(opening)
    themes = section_themes(text, sents)
    for m, zh_here in _mentions(text, segments):
        i = max(0, bisect.bisect_right(sent_starts, m.start) - 1)
        sent = sents[i] if sents else (0, len(text))
        if not (sent[0] <= m.start < max(sent[1], m.start + 1)):
            sent = (m.start, m.end)
        if inside(quotes, quote_starts, m.start, m.end):
            continue  # a name in quotes: its window is never read
        sent = clip(text, sent, m)
        c = window(text, m.start, m.end, sent)
        cjk_here = zh_here and (m.script == "cjk" or _CJK_ANY.search(c.after[:2] + c.before[-2:]))
        if cjk_here:
            if chinese.reject(m, c):
                continue
            qualifier, glued = chinese.qualifier(m, c), False
            change, direction, baseline = chinese.change(m, c)
            unit = chinese.unit(m, c)
            counted = chinese.counted(m, c, unit)  # in the simplified shadow, for the lexicon
        else:
            if english.reject(m, c):
                continue
            qualifier, glued = english.qualifier(m, c)
            change, direction, baseline = english.change(m, c)
            unit = english.unit(m, c)
            counted = english.counted(m, c, unit)
        change, direction = signed(m, change, direction)  # 同比增长-5.6% is a fall
        if not change:
            baseline = None
        value, rule, conf, note = _check_percent(m, change, direction, c.clause_before)
        if tail(english.SLASH_BEFORE, c.before, 3) and not rule:
            fix = repair.stray_slash(value)
            rule, conf, note = fix.rule, fix.confidence, fix.note
        if (
            not rule
            and unit == "count"
            and not float(value).is_integer()
            and not _MAGNITUDE_WORD.search(m.text)
        ):
            fix = repair.fractional_count(value)
            rule, conf, note = fix.rule, fix.confidence, fix.note
        if glued and not rule:
            rule, conf, note = "glued_words", 0.9, "words glued to the number by lost spacing"
        value, rule, conf, note = repair.bounded(value, unit, rule, conf, note)
        clause = f"{c.clause_before} {c.clause_after}"
        before_in_sentence = text[sent[0] : m.start]
        p = chinese.plain if has_cjk else str  # words read without inline pinyin (擁(yōng)堵)
        key = indicator_of(
            unit, change, p(counted), p(c.clause_before), p(c.clause_after), p(before_in_sentence)
        )
        topic = classify(p(counted), p(clause), p(c.sentence))
        if key and topic not in _DOMAINS:
            topic = indicator_topics()[key]  # the measure's own, over words like 群众, security
        if topic == "other" and names_no_topic(f"{counted} {clause}"):
            topic = theme_at(themes, m.start)  # the section's, else the report's own
        whose = scope_of(before_in_sentence, unit, document.region, bool(cjk_here), report)
        if baseline is None and change:
            baseline = baselines.other_baseline(c, bool(cjk_here))
        if baseline is None and change:
            opened = baselines.opening_of(text, sent[0])  # "…, down 12.5% year on year; 41 …"
            baseline = baselines.implied_baseline(
                text[opened : m.start], bool(cjk_here), document, annual
            )
        counted = _in_original(counted, text, original, sent)
        scope_name = _in_original(whose.name or "", text, original, sent) or None
        sentence_of.append(i)
        clauses.append(c.clause_before)
        out.append(
            Metric(
                doc_id=document.doc_id,
                start=m.start,
                end=m.end,
                text=original[m.start : m.end],
                value=value,
                unit=unit,
                counted=counted,
                indicator=key,
                scope=whose.scope,
                scope_name=scope_name,
                topic=topic,
                change=change,
                direction=direction,
                baseline=baseline,
                qualifier=qualifier,
                repaired=rule,
                confidence=conf,
                sentence=original[sent[0] : sent[1]].strip(),
                region=document.region,
                year=document.year,
                period=document.period,
                language=("zh" if zh_here else "en") if segments else document.language,
                note=note,
            )
        )

    def decide(metric: Metric, subject: str, sentence_before: str) -> Metric:
        """The figure re-read with `subject` (a listed subject, in the shadow) as what it counts;
        its sentence so far says what kind ("电诈案件发案数、损失数……": fraud losses)."""
        p = chinese.plain if has_cjk else str
        key = indicator_of(metric.unit, metric.change, p(subject), "", context=p(sentence_before))
        topic = classify(p(subject), "", p(metric.sentence))
        if key and topic not in _DOMAINS:
            topic = indicator_topics()[key]
        elif topic == "other":
            topic = metric.topic  # "provoking trouble" says no topic: the sentence's stays
        at = text.find(subject, max(0, metric.start - 2 * SENTENCE_CAP), metric.start)
        written = original[at : at + len(subject)] if at >= 0 else subject
        listed = listed_scope(subject, document.region) if metric.scope != ELSEWHERE else None
        if listed:  # "涪城区、游仙区盗窃警情分别下降": each listed place's figure
            span = (max(0, metric.start - 2 * SENTENCE_CAP), metric.start)
            name = _in_original(listed.name or "", text, original, span) or None
            metric = replace(metric, scope=listed.scope, scope_name=name)
        return replace(metric, counted=written, indicator=key, topic=topic)

    out = spread(out, sentence_of, text, sents, decide)
    out = _found_then_resolved(out, sentence_of, clauses)
    out = carry(out, sentence_of, text)
    out = _carry_benchmarks(out, sentence_of, clauses)
    return _headline_baselines(out, sentence_of)


def extract(document: Document) -> list[Metric]:
    """Every figure the document states as a result, in text order, with its provenance: the one
    door to extraction (`kit.extract`, `kit extract`, the pipelines and the frames all call it).

    Each figure cites its source: the document's `url` and, in a PDF, the `page` its start falls
    on. A PDF may change language between pages (an English translation bound with its Chinese
    original): each run of pages in one language is read in that language, and the offsets still
    point into the whole document's text.
    """
    runs = language_runs(document)
    if len(runs) == 1:
        return _cite(document, _read(document))
    found: list[Metric] = []
    for start, end, language in runs:
        part = replace(document, text=document.text[start:end], language=language)
        found += [replace(m, start=m.start + start, end=m.end + start) for m in _read(part)]
    return _cite(document, found)


def _cite(document: Document, metrics: list[Metric]) -> list[Metric]:
    """`metrics` of `document` with its url and each one's page filled in."""
    if document.url is None and not document.page_starts:
        return metrics
    return [
        replace(m, url=document.url, page=page_of(document.page_starts, m.start)) for m in metrics
    ]


def language_runs(document: Document) -> list[tuple[int, int, str]]:
    """(start, end, language) of each run of pages in one language; one run for most files."""
    starts = document.page_starts
    if not starts or len(starts) < 2:
        return [(0, len(document.text), document.language)]
    bounds = [*starts, len(document.text)]
    runs: list[tuple[int, int, str]] = []
    for start, end in pairwise(bounds):
        page = document.text[start:end]
        language = detect_language(page) if page.strip() else None
        if runs and (language is None or language == runs[-1][2]):
            runs[-1] = (runs[-1][0], end, runs[-1][2])
        else:
            runs.append((start, end, language or document.language))
    return runs


_INVESTIGATED = re.compile(
    in_order(load("en")["context"]["found"] + load("zh")["context"]["found"]), re.I
)


def _found_then_resolved(
    metrics: list[Metric], sentence_of: list[int], clauses: list[str]
) -> list[Metric]:
    """ "investigated and resolved 125 disputes, and resolved 120": the first count is the
    disputes found, when a later count in the sentence is the ones resolved."""
    out = list(metrics)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (
            sentence_of[i] == sentence_of[i + 1]
            and a.indicator == b.indicator == "disputes_resolved"
            and a.unit == b.unit == "count"
            and _INVESTIGATED.search(clauses[i])
            and not _INVESTIGATED.search(clauses[i + 1])
        ):
            out[i] = replace(a, indicator="disputes_found")
    return out


def _carry_benchmarks(
    metrics: list[Metric], sentence_of: list[int], clauses: list[str]
) -> list[Metric]:
    """A benchmark measures what the figure it is compared with measures.

    "a loss rate of 0.11%, lower than the national (0.25%)": the national figure names no
    measure of its own; it takes the indicator of the figure before it in the same sentence.
    "下降6.4%，降幅高于全国平均水平(4.3%)": a benchmark of a change's size is a change too.
    """
    out = list(metrics)
    for i, m in enumerate(out):
        if m.scope != ELSEWHERE or i == 0:
            continue
        prev = out[i - 1]
        size = _SIZE_OF_CHANGE.search(clauses[i]) if i < len(clauses) else None
        same = sentence_of[i - 1] == sentence_of[i]
        if size and same and not m.change and prev.change and prev.unit == m.unit == "percent":
            down = _SIZE_DOWN.search(size.group()) is not None
            direction = "down" if down else "up"
            m = out[i] = replace(m, change=True, direction=direction, baseline=prev.baseline)
        if m.indicator is not None:
            continue
        # the nearest figure before it in its sentence in its unit: "the index fell to 1.57,
        # down 4.9%, lower than the average of 1.66" compares 1.66 with 1.57
        j = i - 1
        while j > 0 and sentence_of[j] == sentence_of[i] and out[j].unit != m.unit:
            j -= 1
        prev = out[j]
        if sentence_of[i] == sentence_of[j] and prev.unit == m.unit and prev.indicator:
            out[i] = replace(m, indicator=prev.indicator, topic=prev.topic)
    return out


_SIZE = load("zh")["context"]["size_of_change"] + load("en")["context"]["size_of_change"]
_SIZE_OF_CHANGE = re.compile(in_order(_SIZE), re.IGNORECASE)
_SIZE_DOWN = re.compile(r"降|减|declin|decreas|drop|fall|reduc", re.IGNORECASE)


def _headline_baselines(metrics: list[Metric], sentence_of: list[int]) -> list[Metric]:
    """A headline's change restated in the body takes the body's baseline: "criminal cases filed
    fell 8.5%" in the title, "a year-on-year decrease of 8.5%" below (same measure and value)."""
    bare = [i for i, m in enumerate(metrics) if sentence_of[i] == 0 and m.change and not m.baseline]
    if not bare:
        return metrics
    body = {}
    for i, m in enumerate(metrics):
        if sentence_of[i] > 0 and m.change and m.baseline and m.indicator:
            body.setdefault((m.value, m.unit, m.direction, m.indicator), m.baseline)
    out = list(metrics)
    for i in bare:
        m = out[i]
        baseline = body.get((m.value, m.unit, m.direction, m.indicator)) if m.indicator else None
        if baseline:
            out[i] = replace(m, baseline=baseline)
    return out


__all__: list[str] = []  # everything here serves its own package
