"""The notebooks' tables of figures: which columns, in plain words, how they are shown.

Every function takes a metrics frame (schema in `kit.frame`) or a documents frame and returns a
new frame or a `ReadingTable` (a compact Styler); nothing mutates its input.
"""

from __future__ import annotations

import html
import inspect
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from kit.figures import repair as _repair
from kit.frame import LOW_CONFIDENCE
from kit.load.corpus import Corpus
from kit.present import series as _series
from kit.present.excerpt import excerpt_text as excerpt
from kit.present.fmt import format_number, format_year
from kit.present.fmt import shown as _shown
from kit.present.labels import report_labels
from kit.present.selection import HIGH_CONFIDENCE
from kit.present.selection import dedupe as _dedupe
from kit.present.series import headline_ok, indicator_label, whose
from kit.present.tables import ReadingTable
from kit.schema import TOPICS

EXCERPT_CHARS = 240  # longest source sentence shown whole in a figure table


#: columns of the figure tables under `kit.present.explore.explore` charts in the notebooks
EXPLORE_COLUMNS: tuple[str, ...] = (
    "region",
    "scope_name",  # a unit's name (part) or the place a benchmark is from (elsewhere)
    "year",
    "language",
    "value",
    "unit",
    "counted",
    "text",
    "repaired",
    "confidence",
    "sentence",
)


#: plain-words column names of the figure tables, keyed by metrics-frame column
FIGURE_COLUMNS: dict[str, str] = {
    "report": "whose figure",
    "topic": "topic",
    "measure": "measure",
    "counted": "what is counted",
    "text": "as written",
    "shown": "value",
    "repaired": "repaired by",
    "trust": "standing",
    "confidence": "confidence",
    "sentence": "source sentence",
}


#: the figure-table columns for lists within one topic (no topic or key column to repeat)
SHORT_COLUMNS: tuple[str, ...] = (
    "report",
    "counted",
    "text",
    "shown",
    "repaired",
    "trust",
    "confidence",
    "sentence",
)


def _report_column(frame: pd.DataFrame) -> pd.Series:
    """Whose each figure is: the report's label, with the unit's name for a unit's figure and
    "benchmark: …" for one quoted from elsewhere (`kit.present.series.whose`)."""
    return whose(frame)


def humanise(key: object) -> str:
    """ "dispute_resolution_rate" -> "Dispute resolution rate"; None -> "(no standard measure)"."""
    return indicator_label(key)


def figure_table(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Figures as a reader-facing table: whose figure (naming the unit), what is counted, value,
    standing (as written, confirmed, not confirmed, low confidence), source sentence.

    `columns` picks from `FIGURE_COLUMNS` keys and any other column of `frame` (e.g. "sub_bureau").
    """
    wanted = list(columns or FIGURE_COLUMNS)
    data = _series.with_scope_columns(frame)
    data = data.assign(
        report=_report_column(data),
        shown=_shown(data),
        trust=_series.trust(data),
        measure=pd.Series(
            [indicator_label(k) if isinstance(k, str) else "" for k in data["indicator"]],
            index=data.index,
            dtype="string",
        ),
    )
    data["sentence"] = [excerpt(s, t) for s, t in zip(data["sentence"], data["text"], strict=True)]
    table = data[wanted].rename(columns=FIGURE_COLUMNS).reset_index(drop=True)
    if "repaired by" in table:
        table["repaired by"] = table["repaired by"].astype("string").fillna("")
    return table


def styled(
    table: pd.DataFrame, *, caption: str | None = None, empty: str = "None to list."
) -> ReadingTable:
    """A table for reading: no index, text left-aligned and wrapped, numbers right-aligned.

    An empty table says so (`empty`, as its caption) instead of showing a bare header row.
    Text cells are HTML-escaped: they hold sentences from untrusted documents.
    """
    if table.empty:
        caption = f"{caption} — {empty}" if caption else empty
    numbers = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
    styler = ReadingTable(table, numbers=numbers, wide=["source sentence"]).hide(axis="index")
    for column in numbers:
        if pd.api.types.is_float_dtype(table[column]):
            # a year column with gaps is float: 2023.0 is shown "2023", never "2,023"
            shown = format_year if "year" in str(column).lower() else format_number
            styler = styler.format(shown, subset=[column], na_rep="")
    # document text is untrusted (scraped pages): escape it wherever this table is shown
    styler = styler.format(
        na_rep="", escape="html", subset=[c for c in table.columns if c not in numbers]
    )
    # headers too: columns may be named after reports (a file name is document text)
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    return styler.set_caption(html.escape(caption)) if caption else styler


def documents_table(documents: pd.DataFrame) -> pd.DataFrame:
    """The sources: one row a report with its metadata, where it came from (title, publisher,
    date, address) and the number of figures found in it."""
    labels = report_labels(documents)
    table = documents.assign(report=documents["doc_id"].astype("string").map(labels))
    columns = ["report", "doc_id", "region", "year", "period", "language", "published"]
    columns += [c for c in ("figures", "title", "publisher", "url") if c in table.columns]
    table = table[columns].reset_index(drop=True)
    table["title"] = [excerpt(t, width=120) for t in table["title"].astype(object)]
    return table


def load_errors(corpus: object) -> pd.DataFrame:
    """Files a `kit.load_corpus` call skipped, with the reason (an empty table when none)."""
    errors = getattr(corpus, "errors", []) or []
    return pd.DataFrame(
        [(e.path, e.reason) for e in errors], columns=["file", "why it was left out"]
    )


def topic_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Figures per topic (topics with none left out), in `TOPICS` order, with trust columns.

    Columns: figures, share (% of all figures), repaired, low confidence (< 0.5), reports.
    """
    topic = frame["topic"].astype("string")
    data = pd.DataFrame(
        {
            "topic": topic,
            "repaired": frame["repaired"].notna().to_numpy(),
            "low": (frame["confidence"] < LOW_CONFIDENCE).to_numpy(dtype=bool, na_value=False),
            "doc": frame["doc_id"].astype("string"),
        }
    )
    grouped = data.groupby("topic", sort=False)
    table = pd.DataFrame(
        {
            "figures": grouped.size(),
            "repaired": grouped["repaired"].sum(),
            "low confidence": grouped["low"].sum(),
            "reports": grouped["doc"].nunique(),
        }
    )
    order = [t for t in TOPICS if t in table.index]
    table = table.reindex(order).astype("int64")
    total = max(len(frame), 1)
    table.insert(1, "share (%)", (100 * table["figures"] / total).round(1))
    table.index.name = "topic"
    return table


def _rule_summary(rule: str) -> str:
    """First line of the repair rule's docstring (the rule's own words), else ""."""
    func = getattr(_repair, rule, None)
    doc = inspect.getdoc(func) if callable(func) else None
    return doc.splitlines()[0] if doc else ""


NOT_REPAIRED = "(as stated, no repair)"


BANDS = (
    f"high (≥ {HIGH_CONFIDENCE})",
    f"medium ({LOW_CONFIDENCE}–{HIGH_CONFIDENCE})",
    f"low (< {LOW_CONFIDENCE}): check source",
)


def confidence_band(confidence: pd.Series) -> pd.Series:
    """Each confidence as one of `BANDS`: high (>= 0.8), medium, low (< 0.5)."""
    conf = confidence.to_numpy(dtype=float, na_value=np.nan)
    band = np.where(
        conf >= HIGH_CONFIDENCE, BANDS[0], np.where(conf >= LOW_CONFIDENCE, BANDS[1], BANDS[2])
    )
    return pd.Series(band, index=confidence.index, dtype="string")


def repair_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per repair rule applied (most used first), plus one row for unrepaired figures.

    Columns: rule, what it fixes (the rule's docstring), figures, one column per confidence band
    (`BANDS`), and an example ("986% → 98.6%").
    """
    rule = frame["repaired"].astype("string").fillna(NOT_REPAIRED)
    data = pd.DataFrame(
        {"rule": rule, "band": confidence_band(frame["confidence"]), "ex": _example(frame)}
    )
    bands = pd.crosstab(data["rule"], data["band"]).reindex(columns=list(BANDS), fill_value=0)
    table = bands.assign(figures=bands.sum(axis=1)).reset_index()
    table.columns.name = None
    table["example"] = table["rule"].map(data.groupby("rule")["ex"].first())
    table.loc[table["rule"] == NOT_REPAIRED, "example"] = ""
    table["what it fixes"] = [
        "" if r == NOT_REPAIRED else _rule_summary(str(r)) for r in table["rule"]
    ]
    table["_last"] = table["rule"] == NOT_REPAIRED
    table = table.sort_values(["_last", "figures", "rule"], ascending=[True, False, True])
    columns = ["rule", "what it fixes", "figures", *BANDS, "example"]
    return table[columns].reset_index(drop=True)


def _example(frame: pd.DataFrame) -> pd.Series:
    shown = _shown(frame)
    text = frame["text"].astype("string")
    return pd.Series([f"“{t}” → {s}" for t, s in zip(text, shown, strict=True)], index=frame.index)


def compare_metric(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Every figure of standard measure `key`, one row each: series, then largest first.

    Columns: series, whose figure (naming the unit), region, year, period, value (formatted),
    number (signed), unit, as written, standing, headline (may carry a finding), repaired by,
    confidence, source sentence. Duplicates within a report are shown once.
    """
    data = _series.with_scope_columns(frame)
    data = _dedupe(data[(data["indicator"] == key).to_numpy(dtype=bool, na_value=False)])
    data = data.assign(
        series=_series.series_key(data),
        report=_report_column(data),
        shown=_shown(data),
        number=_series.signed(data),
    )
    data = data.sort_values(
        ["series", "number", "report"], ascending=[True, False, True], kind="stable"
    )
    table = pd.DataFrame(
        {
            "series": data["series"],
            "whose figure": data["report"],
            "region": data["region"].astype("string"),
            "year": data["year"],
            "period": data["period"].astype("string"),
            "value": data["shown"],
            "number": data["number"],
            "unit": data["unit"].astype("string"),
            "as written": data["text"],
            "standing": _series.trust(data),
            "headline": headline_ok(data),
            "repaired by": data["repaired"].astype("string").fillna(""),
            "confidence": data["confidence"],
            "source sentence": data["sentence"],
        }
    )
    return table.reset_index(drop=True)


def compare_metrics(frame: pd.DataFrame, keys: Iterable[str]) -> pd.DataFrame:
    """A wide table: one row per series of the measures `keys` present, one column per report
    (a unit inside it gets a column of its own, named), values as stated.

    A cell holds every distinct value the report states for that series ("53%; 61%"); values
    repaired and not confirmed carry a "*" and values below confidence 0.5 a "?"
    (`kit.present.series.MARKS_NOTE`). Benchmarks quoted from elsewhere are left out.
    """
    data = _series.with_scope_columns(frame)
    keys = [k for k in keys if (data["indicator"] == k).any()]
    data = data[data["indicator"].isin(keys).to_numpy(dtype=bool) & ~_series.is_benchmark(data)]
    data = _dedupe(data)
    if data.empty:
        return pd.DataFrame(index=pd.Index([], name="series"))
    data = data.assign(
        report=_report_column(data),
        series=_series.series_key(data),
        rank=data["indicator"].astype(object).map({k: i for i, k in enumerate(keys)}),
    )
    data["cell"] = _shown(data) + _series.marks(data)
    table = data.groupby(["series", "report"], observed=True, sort=False)["cell"].agg("; ".join)
    wide = table.unstack("report")
    order = data.sort_values(["rank", "series"], kind="stable")["series"].drop_duplicates()
    columns = sorted(wide.columns, key=lambda c: (str(c).split(" · ")[0], " · " in str(c), c))
    wide = wide.reindex(index=order.tolist(), columns=columns).fillna("")
    wide.index.name = "series"
    wide.columns.name = None
    return wide


def label_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """The figures, a figure a report states twice shown once, with a `figure` column labelling
    each row "Xining 2023 (zh) · 城北公安分局 · Disputes resolved" (whose, then its measure,
    else its own words).

    Charts grouping by `figure` then draw one bar per stated figure, so nothing is added up.
    """
    data = _dedupe(frame)
    what = [
        humanise(m) if isinstance(m, str) else (c if isinstance(c, str) and c.strip() else "?")
        for m, c in zip(
            data["indicator"].astype(object), data["counted"].astype(object), strict=True
        )
    ]
    label = _report_column(data).fillna("?") + " · " + pd.Series(what, index=data.index)
    seen: dict[str, int] = {}
    unique = []
    for text in label:
        seen[text] = seen.get(text, 0) + 1
        unique.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return data.assign(figure=pd.Series(unique, index=data.index, dtype="string"))


def coverage(documents: pd.DataFrame) -> pd.DataFrame:
    """The corpus at a glance, one row a region: reports, years, periods, languages, figures."""
    docs = documents.assign(region=documents["region"].astype("string").fillna("(unknown)"))
    rows = []
    for region, part in docs.groupby("region", sort=True):
        rows.append(
            {
                "region": region,
                "reports": len(part),
                "years": ", ".join(str(int(y)) for y in sorted(part["year"].dropna().unique())),
                "periods": ", ".join(sorted(part["period"].dropna().astype(str).unique())),
                "languages": ", ".join(sorted(part["language"].dropna().astype(str).unique())),
                "figures": int(part["figures"].sum()) if "figures" in part else 0,
            }
        )
    columns = ["region", "reports", "years", "periods", "languages", "figures"]
    return pd.DataFrame(rows, columns=columns)


STATUSES = ("agree", "disagree", "only_in_a", "only_in_b")


def reconciliation(
    corpus: Corpus, regions: Iterable[str] | None = None, frame: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """Pairs of versions (original and translation) and how their figures line up.

    Returns three tables: `pairs` (one row a pair with its score and status counts),
    `disagreements` (both figures with both source sentences) and `confirmed` (repaired
    figures that the other version confirms). Empty tables when nothing pairs up.

    The figures are `frame` (the corpus's metrics frame, not reconciled) or else the corpus's
    figures from the one road (`kit.run.engine.figures`: cached, so a notebook that loaded the
    corpus extracts nothing again).
    """
    from kit.reconcile import aligned_pairs

    if frame is None:
        from kit.run.engine import figures

        frame = figures(corpus)
    wanted = set(regions) if regions else None
    docs = {d.doc_id: d for d in corpus.documents}
    pair_rows, disagree, confirmed = [], [], []
    for pair, rows, confidence in aligned_pairs(frame, corpus.documents):
        a = docs[pair.doc_a]
        if wanted is not None and a.region not in wanted:
            continue
        status = Counter(row.status for row in rows)
        pair_rows.append(
            {
                "version a": pair.doc_a,
                "version b": pair.doc_b,
                "region": a.region,
                "year": a.year,
                "score": round(pair.score, 2),
                **{s: status.get(s, 0) for s in STATUSES},
            }
        )
        for row in rows:
            if row.a is None or row.b is None:
                continue
            if row.status == "disagree" or (row.status == "agree" and row.a.repaired):
                both = {
                    "figure a": row.a.text,
                    "figure b": row.b.text,
                    "sentence a": excerpt(row.a.sentence, row.a.text),
                    "sentence b": excerpt(row.b.sentence, row.b.text),
                    "why": row.why,
                }
                if row.status == "disagree":
                    disagree.append(both)
                else:
                    key = (row.a.doc_id, row.a.start, row.a.end)
                    confirmed.append({**both, "confidence": confidence[key]})
    return {
        "pairs": pd.DataFrame(
            pair_rows, columns=["version a", "version b", "region", "year", "score", *STATUSES]
        ),
        "disagreements": pd.DataFrame(
            disagree, columns=["figure a", "figure b", "sentence a", "sentence b", "why"]
        ),
        "confirmed": pd.DataFrame(
            confirmed,
            columns=["figure a", "figure b", "sentence a", "sentence b", "why", "confidence"],
        ),
    }


class Tables:
    """Several captioned tables shown as one output (a notebook cell shows only its last value)."""

    def __init__(self, tables: Sequence[tuple[str, pd.DataFrame]], empty: str) -> None:
        self.tables = list(tables)
        self.empty = empty

    def _repr_html_(self) -> str:
        if not self.tables:
            return f"<p>{html.escape(self.empty)}</p>"
        parts = [styled(table, caption=caption).compact_html() for caption, table in self.tables]
        return "\n".join(f'<div class="kit-series">{p}</div>' for p in parts)

    def __len__(self) -> int:
        return len(self.tables)


def series_tables(frame: pd.DataFrame) -> Tables:
    """One region × year table a series (`kit.present.compare.region_year_table`), captioned."""
    from kit.present.compare import series_tables as _tables

    return Tables(list(_tables(frame)), "No report states any of the standard measures.")


__all__: list[str] = []  # everything here serves its own package
