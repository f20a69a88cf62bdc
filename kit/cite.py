"""Figures with their source: the document's address and, in a PDF, the page of each figure.

`extract(document)` is `kit.extract.extract` with each Metric's `url` taken from its document
and `page` computed from the figure's start offset and the document's page offsets, so every
figure can be cited where a reader can check it. It is what the pipelines call.

A PDF may change language between pages (an English translation bound with its Chinese
original): each run of pages in one language is then extracted in that language, and the
figures' offsets still point into the whole document's text.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from kit.extract import extract as _extract
from kit.load.metadata import detect_language
from kit.load.pdf import page_of
from kit.schema import Document, Metric


def cite(document: Document, metrics: list[Metric]) -> list[Metric]:
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


def extract(document: Document) -> list[Metric]:
    """Every figure of the document (see `kit.extract.extract`), each citing its source."""
    runs = language_runs(document)
    if len(runs) == 1:
        return cite(document, _extract(document))
    found: list[Metric] = []
    for start, end, language in runs:
        part = replace(document, text=document.text[start:end], language=language)
        found += [replace(m, start=m.start + start, end=m.end + start) for m in _extract(part)]
    return cite(document, found)


__all__ = ["cite", "extract", "language_runs"]
