"""The two records every module passes around: a loaded Document and an extracted Metric.

They live in their own module so that corpus, extraction, frames, widgets and briefings can all
import them without importing each other (data flows one way: files -> documents -> metrics).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Document:
    """One report as decoded from disk, with metadata read from its own text."""

    doc_id: str  # the file name, e.g. "000_fe8e3cc9c7a97b01.txt"
    text: str  # exactly as decoded; offsets of every Metric point into this string
    path: str = ""
    encoding: str = "utf-8"
    language: str = "en"  # "en" or "zh"
    region: str | None = None  # romanised: "Xining", "Sichuan", "Xihu", "Shenzhen"
    year: int | None = None  # the year the report is about
    period: str | None = None  # "annual", "spring_festival", "national_day", ...
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

    doc_id: str
    start: int  # character offsets into Document.text; text[start:end] == surface
    end: int
    text: str  # the surface as written, damage included
    value: float  # after repair; percent as 98.6, not 0.986
    unit: str  # percent, pp, count, yuan, other
    counted: str  # what is counted, in the document's words
    metric: str | None  # canonical key from the lexicon, else None
    topic: str  # crackdown, disputes, traffic, prevention, service, team, other
    change: bool  # True for an increase/decrease, False for a level
    direction: str | None  # up, down or None
    baseline: str | None  # yoy, mom or None
    qualifier: str | None  # more_than, nearly, at_least or None
    repaired: str | None  # name of the repair rule applied, else None
    confidence: float  # 0..1; below 0.5 a reader must check the source
    sentence: str  # the sentence the figure came from
    region: str | None = None
    year: int | None = None
    period: str | None = None
    language: str | None = None
    note: str | None = None  # why a repair was made or why confidence is low
    url: str | None = None  # the document's address, so a figure can be cited to it
    page: int | None = None  # 1-based page of a PDF the figure is on; None for other formats

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


METRIC_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Metric))
DOCUMENT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Document) if f.name not in ("text", "page_starts")
)

__all__ = ["DOCUMENT_FIELDS", "METRIC_FIELDS", "Document", "Metric", "field"]
