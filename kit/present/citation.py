"""How a figure is cited, the one rule the briefing's Cite button and the lab explorer share.

"Xining Municipal Public Security Bureau, 2023 work summary (published 2024-02-03),
https://…: '…the whole sentence…'": publisher, title, published date and address where the
report states them, the file name only when it states none of them, and the figure's whole
sentence (never a window that stops mid-sentence).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

#: document columns a citation reads, when the frame has them
SOURCE_COLUMNS: tuple[str, ...] = ("publisher", "title", "published", "url")


_COLUMNS = SOURCE_COLUMNS


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


def citation(
    sentence: object,
    *,
    publisher: object = None,
    title: object = None,
    published: object = None,
    url: object = None,
    doc_id: object = None,
) -> str:
    """One figure's citation: "Publisher, title (published date), url: '…sentence…'"."""
    name = ", ".join(x for x in (_text(publisher), _text(title)) if x)
    date = _text(published)
    if date:
        name = f"{name} (published {date})" if name else f"published {date}"
    where = ", ".join(x for x in (name, _text(url)) if x) or _text(doc_id) or "unknown source"
    quote = _text(sentence)
    return f"{where}: '{quote}'" if quote else where


def citations(frame: pd.DataFrame) -> pd.Series:
    """`citation` of every row of a metrics frame (document columns used when present)."""
    n = len(frame)
    cols = {
        c: frame[c].astype(object).tolist() if c in frame else [None] * n for c in SOURCE_COLUMNS
    }
    ids = frame["doc_id"].astype(object).tolist() if "doc_id" in frame else [None] * n
    sentences = frame["sentence"].astype(object).tolist() if "sentence" in frame else [None] * n
    out = [
        citation(
            sentences[i],
            publisher=cols["publisher"][i],
            title=cols["title"][i],
            published=cols["published"][i],
            url=cols["url"][i],
            doc_id=ids[i],
        )
        for i in range(n)
    ]
    return pd.Series(out, index=frame.index, dtype="string", name="cite")


__all__: list[str] = []  # everything here serves its own package
