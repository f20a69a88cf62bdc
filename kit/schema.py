"""The records every module passes around, and the one field table every schema derives from.

`Document` (a loaded report) and `Metric` (one extracted figure) live here so that loading,
extraction, frames, widgets and briefings can import them without importing each other. Each
Metric field declares its kind once (`kind=` in the field metadata); the pandas dtypes
(`kit.frame.METRIC_DTYPES`) and the Arrow schema the engines and cache use
(`kit.run.parallel.ROW_SCHEMA`) are derived from it, so a new field is added in one place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from kit.figures.repair import RULES as _RULES
from kit.lexicon import load as _load_lexicon

TOPICS: tuple[str, ...] = (
    "crackdown",
    "disputes",
    "traffic",
    "prevention",
    "service",
    "team",
    "other",
)
UNITS: tuple[str, ...] = ("percent", "pp", "count", "yuan", "other")
DIRECTIONS: tuple[str, ...] = ("up", "down")
#: yoy: same period of the year before; mom: the period before; other: anything else compared
#: with (the national average, a target, "before the reconstruction", "since 2016")
BASELINES: tuple[str, ...] = ("yoy", "mom", "other")
QUALIFIERS: tuple[str, ...] = ("more_than", "nearly", "at_least")
#: area: the report's own area; part: a named unit inside it (sub-bureau, district, station);
#: elsewhere: another place or a wider average quoted for comparison
SCOPES: tuple[str, ...] = ("area", "part", "elsewhere")
#: the standard measures (kit/lexicon/indicators.toml, in its order)
INDICATORS: tuple[str, ...] = tuple(i["key"] for i in _load_lexicon("indicators")["indicator"])
#: every repair rule name (kit.figures.repair.RULES); a figure's `repaired` is one of these or None
REPAIR_RULES: tuple[str, ...] = tuple(rule.__name__ for rule in _RULES)


@dataclass(frozen=True)
class Document:
    """One report as decoded from disk, with metadata read from its own text."""

    doc_id: str  # the file name, e.g. "000_fe8e3cc9c7a97b01.txt"
    text: str  # exactly as decoded; offsets of every Metric point into this string
    path: str = ""
    encoding: str = "utf-8"
    language: str = "en"  # "en", "zh" (most sentences); sentences are read in their own
    region: str | None = None  # romanised: "Xining", "Sichuan", "Xihu", "Shenzhen", "China"
    region_level: str | None = None  # country, province, city, county, district
    province: str | None = None  # the region's province (itself for a province or municipality)
    region_note: str | None = None  # why region is None: no place named, or a shared name
    year: int | None = None  # the year the figures describe (not the publication year)
    period: str | None = None  # annual, h1, q1..q4, jan-sep, spring_festival, campaign, ...
    period_start: str | None = None  # ISO dates where the text states the span
    period_end: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date where the text states one
    publisher: str | None = None  # the site or body that published it (web page metadata)
    url: str | None = None  # the address it was fetched from, else the page's canonical/og:url
    page_starts: tuple[int, ...] | None = None  # PDF: offset in `text` where each page starts


@dataclass(frozen=True)
class Metric:
    """One figure a report states as a result, with its provenance.

    Field order is the column order of the metrics frame and of `kit extract` output.
    """

    doc_id: str = field(metadata={"kind": "cat"})
    start: int = field(metadata={"kind": "int"})  # offsets into Document.text
    end: int = field(metadata={"kind": "int"})  # text[start:end] == surface
    text: str = field(metadata={"kind": "str"})  # the surface as written, damage included
    value: float = field(metadata={"kind": "float"})  # after repair; percent as 98.6
    unit: str = field(metadata={"kind": UNITS})
    counted: str = field(metadata={"kind": "str"})  # what is counted, in the document's words
    indicator: str | None = field(metadata={"kind": INDICATORS})  # standard measure, or None
    scope: str = field(metadata={"kind": SCOPES})  # area, part or elsewhere
    scope_name: str | None = field(metadata={"kind": "str"})  # the unit/place as written
    topic: str = field(metadata={"kind": TOPICS})
    change: bool = field(metadata={"kind": "bool"})  # an increase/decrease, or a level
    direction: str | None = field(metadata={"kind": DIRECTIONS})
    baseline: str | None = field(metadata={"kind": BASELINES})
    qualifier: str | None = field(metadata={"kind": QUALIFIERS})
    repaired: str | None = field(metadata={"kind": REPAIR_RULES})  # the rule applied, or None
    confidence: float = field(metadata={"kind": "float"})  # below 0.5: check the source
    sentence: str = field(metadata={"kind": "str"})  # the sentence the figure came from
    region: str | None = field(default=None, metadata={"kind": "cat"})
    year: int | None = field(default=None, metadata={"kind": "int?"})
    period: str | None = field(default=None, metadata={"kind": "cat"})
    language: str | None = field(default=None, metadata={"kind": "cat"})  # of its sentence
    note: str | None = field(default=None, metadata={"kind": "str"})  # why repaired / unsure
    url: str | None = field(default=None, metadata={"kind": "str"})  # its document's address
    page: int | None = field(default=None, metadata={"kind": "int?"})  # 1-based PDF page

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


METRIC_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Metric))
#: column -> kind: "str", "int", "int?" (nullable), "float", "bool", "cat" or a closed tuple
METRIC_KINDS: dict[str, str | tuple[str, ...]] = {
    f.name: f.metadata["kind"] for f in fields(Metric)
}
DOCUMENT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Document) if f.name not in ("text", "page_starts")
)

__all__ = ["DOCUMENT_FIELDS", "METRIC_FIELDS", "METRIC_KINDS", "TOPICS", "Document", "Metric"]
