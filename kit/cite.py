"""Figures with their source: the document's address and, in a PDF, the page of each figure.

`extract(document)` is `kit.extract.extract` with each Metric's `url` taken from its document
and `page` computed from the figure's start offset and the document's page offsets, so every
figure can be cited where a reader can check it. It is what the pipelines call.
"""

from __future__ import annotations

from dataclasses import replace

from kit.extract import extract as _extract
from kit.load.pdf import page_of
from kit.schema import Document, Metric


def cite(document: Document, metrics: list[Metric]) -> list[Metric]:
    """`metrics` of `document` with its url and each one's page filled in."""
    if document.url is None and not document.page_starts:
        return metrics
    return [
        replace(m, url=document.url, page=page_of(document.page_starts, m.start)) for m in metrics
    ]


def extract(document: Document) -> list[Metric]:
    """Every figure of the document (see `kit.extract.extract`), each citing its source."""
    return cite(document, _extract(document))


__all__ = ["cite", "extract"]
