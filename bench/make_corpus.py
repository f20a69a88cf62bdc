#!/usr/bin/env python3
"""Build a deterministic synthetic corpus whose figures are known in advance.

    python bench/make_corpus.py --docs 20000 --seed 1 --out /tmp/kit-corpus

Documents are recombined from the sentences of the seed reports (English translations with their
damage, and the Chinese original), with every figure given new digits of the same shape. Each
document is one title line then 6 to 30 sentence lines, in one language, mostly UTF-8 with a
few BOM and GB18030 files, as real collections come.

How the figures are known: every seed sentence is run through `kit.extract` once, alone, to
learn which spans are figures and which repair (if any) reads them. A new document substitutes
fresh digits into those spans only (same length, zeros that lead a digit run stay zero), and the
generator computes the new value itself from the new digits and the damage pattern, e.g.
"year-on-year32%" after "6 percent" -> 6.32, "986%" -> 98.6, "3More than 40,000" -> 34,000.
Numbers that are not figures (years, dates, ordinals) are kept as written, so they stay
rejected. Sentences whose figures change when placed among other sentences, or whose re-digited
figures the kit reads differently from the generator, are set aside at start-up (counted on
stderr) so that the expectations hold by construction.

Output:
    OUT/docs/doc_000000.txt ...   the documents (doc_id = file name)
    OUT/expected.jsonl            one line a figure: doc_id, start, end, value, text
    OUT/manifest.json             docs, seed, bytes, figures, set-aside sentences
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kit.figures import extract
from kit.figures.english import YEAR_RANGE
from kit.figures.structure import sentence_spans
from kit.load.corpus import load_corpus
from kit.schema import Document

MIN_UNITS, MAX_UNITS = 6, 30
ZH_SHARE = 0.2  # one seed in five is Chinese
BOM_SHARE = 0.05  # UTF-8 with byte-order mark (any language)
GB_SHARE = 0.03  # Chinese documents saved as GB18030 (decoded through charset detection)
CALIBRATION_ROUNDS = 6

_DIGIT_RUN = re.compile(r"\d+")
_NUMBER = re.compile(r"\d+(?:[ \u00a0]\d+)*(?:,\d{3})*(?:\.\d+)?")
_WAN = re.compile(
    r"(?P<head>\d+)(?:[Mm]ore than|[Oo]ver)\s+(?P<tail>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?:\s*(?P<mult>million|billion))?"
)
_WAN_WORDS = re.compile(r"(?P<head>\d+(?:\.\d+)?)[ \u00a0]+(?P<unit>10,000|100 million)")
_MULTS = {"million": 1e6, "billion": 1e9}
_POWERS = tuple(10.0**k for k in range(13))


# --- templates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    start: int  # offsets into the template text
    end: int
    text: str
    value: float
    unit: str
    rule: str | None
    scale: float | None  # value / number as written, for plain numbers; None: keep the digits


@dataclass(frozen=True)
class Template:
    language: str
    text: str
    figures: tuple[Figure, ...]
    title: bool = False


def _reading(surface: str) -> float | None:
    m = _NUMBER.search(surface)
    if m is None:
        return None
    return float(re.sub(r"[ ,\u00a0]", "", m.group()))


def _scale(value: float, surface: str) -> float | None:
    """The power of ten that turns the number as written into the value (1e4 for 3.4万)."""
    reading = _reading(surface)
    if not reading:
        return None
    for power in _POWERS:
        if math.isclose(reading * power, value, rel_tol=1e-12):
            return power
    return None


def value_of(rule: str | None, surface: str, scale: float | None) -> float:
    """The value a figure with these digits has, read the way its damage pattern demands."""
    runs = _DIGIT_RUN.findall(surface)
    if rule == "split_decimal_around_phrase":
        return float(f"{int(runs[0])}.{runs[-1]}")
    if rule == "dropped_decimal_in_rate":
        digits = runs[0]
        head = 3 if digits.startswith("100") else 2
        return float(f"{digits[:head]}.{digits[head:]}")
    if rule == "dropped_leading_zero_point":
        return float(f"0.{runs[0][1:]}")
    if rule == "mangled_leading_zero":
        return float(f"0.{runs[-1]}")
    if rule == "split_wan_remainder":
        m = _WAN.search(surface)
        assert m is not None, surface
        tail = float(m["tail"].replace(",", "")) * _MULTS.get(m["mult"] or "", 1.0)
        unit = 100_000_000 if tail >= 100_000_000 else 10_000
        return int(m["head"]) * unit + tail / 10
    if rule == "digits_after_noun":
        return float(runs[0] + runs[-1])
    if rule == "orphaned_decimals":
        return float(runs[0])
    if rule == "split_decimal_point":  # "12. 3%"
        return float(f"{runs[0]}.{runs[1]}")
    if rule == "wan_as_words":  # "3.4 10,000 people", "1.2 100 million yuan"
        m = _WAN_WORDS.search(surface)
        assert m is not None, surface
        return float(m["head"]) * (1e8 if "100 million" in m["unit"] else 1e4)
    # plain numbers, split digits, glued words, stray slash: the number as written, scaled
    reading = _reading(surface)
    assert reading is not None and scale is not None, surface
    return reading * scale


def _protected(rule: str | None, surface: str) -> set[int]:
    """Digit positions that carry the damage pattern's meaning and must not change."""
    if rule == "mangled_leading_zero":  # "(0.).25%": the 0 inside the brackets
        return set(range(surface.index(").") + 1))
    if rule == "wan_as_words":  # "3.4 10,000": the 10,000 is the unit
        m = _WAN_WORDS.search(surface)
        assert m is not None
        return set(range(m.start("unit"), m.end("unit")))
    if rule == "split_wan_remainder":  # "3More than 40,000": the tail keeps its zeros
        m = _WAN.search(surface)
        assert m is not None
        start = m.start("tail")
        return {i for i in range(start + 1, m.end("tail")) if surface[i].isdigit()}
    return set()


def mutate(fig: Figure, rng: random.Random) -> tuple[str, float]:
    """New digits of the same shape for one figure, and the value they stand for."""
    surface = fig.text
    if fig.rule is None and fig.scale is None:
        return surface, fig.value
    protected = _protected(fig.rule, surface)
    for _ in range(20):
        chars = list(surface)
        for run in _DIGIT_RUN.finditer(surface):
            for i in range(run.start(), run.end()):
                if i in protected:
                    continue
                if i == run.start():  # a leading zero stays zero, a leading digit stays one
                    if chars[i] != "0":
                        chars[i] = str(rng.randint(1, 9))
                else:
                    chars[i] = str(rng.randint(0, 9))
        new = "".join(chars)
        value = value_of(fig.rule, new, fig.scale)
        if _keeps_reading(fig, new, value):
            return new, value
    return surface, fig.value


def _keeps_reading(fig: Figure, new: str, value: float) -> bool:
    """Whether new digits keep the figure on the same side of the kit's value-dependent rules."""
    if fig.rule == "dropped_decimal_in_rate":
        return int(_DIGIT_RUN.findall(new)[0]) > 100
    if fig.unit in ("percent", "pp") and fig.rule is None and (fig.value <= 100) != (value <= 100):
        return False
    plain = fig.rule in _AS_WRITTEN
    if plain and value.is_integer() and "," not in new:
        was_year = fig.value.is_integer() and int(fig.value) in YEAR_RANGE
        if not was_year and int(value) in YEAR_RANGE:
            return False
    return True


def _figures(text: str, language: str) -> tuple[Figure, ...]:
    doc = Document(doc_id="template", text=text, language=language)
    out = []
    for m in extract(doc):
        ascii_digits = any(ch.isascii() and ch.isdigit() for ch in m.text)
        scale = _scale(m.value, m.text) if ascii_digits else None
        if m.repaired not in _AS_WRITTEN:
            scale = None  # read by its rule, not scaled
        out.append(Figure(m.start, m.end, m.text, m.value, m.unit, m.repaired, scale))
    if any(f.rule is not None and f.rule not in _RULES for f in out):
        raise _Unknown
    return tuple(out)


class _Unknown(Exception):
    """A repair rule this generator does not know how to re-digit."""


#: rules whose value is the number as written (scaled by million, 万, ...)
_AS_WRITTEN = (None, "glued_words", "split_digits", "stray_slash", "fractional_count")
_RULES = {
    "split_decimal_around_phrase",
    "dropped_decimal_in_rate",
    "dropped_leading_zero_point",
    "mangled_leading_zero",
    "split_wan_remainder",
    "glued_words",
    "split_digits",
    "digits_after_noun",
    "orphaned_decimals",
    "stray_slash",
    "fractional_count",
    "split_decimal_point",
    "wan_as_words",
}


def _render(template: Template, rng: random.Random) -> tuple[str, list[tuple[int, int, float]]]:
    """The template with new digits, and its figures as (start, end, value)."""
    parts, figs, pos = [], [], 0
    for fig in template.figures:
        new, value = mutate(fig, rng) if ascii_in(fig.text) else (fig.text, fig.value)
        parts.append(template.text[pos : fig.start])
        parts.append(new)
        pos = fig.end
        figs.append((fig.start, fig.end, value))
    parts.append(template.text[pos:])
    return "".join(parts), figs


def ascii_in(text: str) -> bool:
    return any("0" <= ch <= "9" for ch in text)


def _agrees(text: str, language: str, figs: list[tuple[int, int, float]]) -> bool:
    found = extract(Document(doc_id="check", text=text, language=language))
    got = [(m.start, m.end, m.value) for m in found]
    return len(got) == len(figs) and all(
        a[:2] == b[:2] and math.isclose(a[2], b[2], rel_tol=1e-9, abs_tol=1e-12)
        for a, b in zip(got, figs, strict=True)
    )


def build_templates(seed: int = 0) -> tuple[dict[str, list[Template]], dict[str, int]]:
    """Sentence templates of each language from the seeds, checked; and what was set aside."""
    rng = random.Random(f"calibrate:{seed}")
    raw: dict[str, list[Template]] = {"en": [], "zh": []}
    unknown = 0
    for doc in load_corpus().documents:
        first = True
        for s, e in sentence_spans(doc.text):
            text = doc.text[s:e].strip()
            if not text or "\n" in text:
                continue
            try:
                figures = _figures(text, doc.language)
            except _Unknown:
                unknown += 1
                continue
            raw[doc.language].append(Template(doc.language, text, figures, title=first))
            first = False
    kept: dict[str, list[Template]] = {"en": [], "zh": []}
    aside = {"context": 0, "digits": 0, "unknown_rule": unknown}
    for language, templates in raw.items():
        for template in templates:
            ok = True
            for _ in range(CALIBRATION_ROUNDS):
                text, figs = _render(template, rng)
                if not _agrees(text, language, figs):
                    aside["digits"] += 1
                    ok = False
                    break
                # among other sentences: neighbours' figures must not leak into this one's
                before, after = rng.choice(templates).text, rng.choice(templates).text
                joined = f"{before}\n{text}\n{after}"
                shift = len(before) + 1
                mine = [
                    (m.start - shift, m.end - shift, m.value)
                    for m in extract(Document(doc_id="c", text=joined, language=language))
                    if shift <= m.start < shift + len(text)
                ]
                if mine != [(s, e, v) for s, e, v in figs]:
                    aside["context"] += 1
                    ok = False
                    break
            if ok:
                kept[language].append(template)
    return kept, aside


# --- documents --------------------------------------------------------------------------------


def _document(
    index: int, seed: int, templates: dict[str, list[Template]]
) -> tuple[str, str, str, list[tuple[int, int, float, str]]]:
    """(language, encoding, text, figures) of document `index`, the same for every run."""
    rng = random.Random(f"{seed}:{index}")
    language = "zh" if rng.random() < ZH_SHARE else "en"
    pool = templates[language]
    titles = [t for t in pool if t.title] or pool
    chosen = [rng.choice(titles)] + [
        rng.choice(pool) for _ in range(rng.randint(MIN_UNITS, MAX_UNITS))
    ]
    lines, figures, offset = [], [], 0
    for template in chosen:
        text, figs = _render(template, rng)
        for start, end, value in figs:
            figures.append((offset + start, offset + end, value, text[start:end]))
        lines.append(text)
        offset += len(text) + 1
    roll = rng.random()
    encoding = "utf-8"
    if language == "zh" and roll < GB_SHARE:
        encoding = "gb18030"
    elif roll > 1 - BOM_SHARE:
        encoding = "utf-8-sig"
    return language, encoding, "\n".join(lines) + "\n", figures


def generate(n_docs: int, seed: int, out: Path) -> dict[str, object]:
    """Write the corpus under `out`; returns the manifest."""
    began = time.perf_counter()
    templates, aside = build_templates(seed)
    docs_dir = out / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    for stale in docs_dir.glob("doc_*.txt"):
        stale.unlink()
    n_bytes = n_figures = 0
    languages = {"en": 0, "zh": 0}
    with open(out / "expected.jsonl", "w", encoding="utf-8") as expected:
        for index in range(n_docs):
            doc_id = f"doc_{index:06d}.txt"
            language, encoding, text, figures = _document(index, seed, templates)
            data = text.encode(encoding)
            (docs_dir / doc_id).write_bytes(data)
            n_bytes += len(data)
            languages[language] += 1
            for start, end, value, surface in figures:
                row = {"doc_id": doc_id, "start": start, "end": end, "value": value}
                row["text"] = surface
                expected.write(json.dumps(row, ensure_ascii=False) + "\n")
            n_figures += len(figures)
    manifest: dict[str, object] = {
        "docs": n_docs,
        "seed": seed,
        "bytes": n_bytes,
        "figures": n_figures,
        "languages": languages,
        "templates": {k: len(v) for k, v in templates.items()},
        "set_aside": aside,
        "seconds": round(time.perf_counter() - began, 2),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def read_expected(out: Path) -> Iterator[dict[str, object]]:
    with open(out / "expected.jsonl", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def compare(expected: list[dict], found: list[dict]) -> list[str]:
    """Differences between expected figures and found ones (dicts with doc_id/start/end/value)."""
    want = {(r["doc_id"], r["start"], r["end"]): r["value"] for r in expected}
    got = {(r["doc_id"], r["start"], r["end"]): r["value"] for r in found}
    problems = [f"missed {k} = {want[k]}" for k in sorted(want.keys() - got.keys())]
    problems += [f"unexpected {k} = {got[k]}" for k in sorted(got.keys() - want.keys())]
    for key in sorted(want.keys() & got.keys()):
        if not math.isclose(want[key], got[key], rel_tol=1e-9, abs_tol=1e-12):
            problems.append(f"value of {key}: expected {want[key]}, found {got[key]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    manifest = generate(args.docs, args.seed, args.out)
    print(
        f"{manifest['docs']} documents ({int(manifest['bytes']) / 1e6:.1f} MB, "
        f"{manifest['figures']} figures) in {args.out} in {manifest['seconds']} s; "
        f"sentences set aside: {manifest['set_aside']}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
