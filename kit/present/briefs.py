"""The small amount of data-shaping the notebooks need: selections, comparisons, one-line findings.

Notebooks hold narrative and calls; whatever computes lives here (and in the modules it draws on:
`selection`, `series`, `fmt`, `labels`, `compare`), tested in tests/test_briefs.py. This module
also re-exports those modules' public names, so `kit.present.briefs` is the one import a
notebook needs.
Every function takes a metrics frame (schema in `kit.frame`) or a documents frame and returns a new
frame, a `ReadingTable` (a compact Styler) or a sentence; nothing mutates its input.

What "important" means for `top_figures` (the overview's ten figures):

1. Trust first: figures that may carry a headline (`kit.present.series.headline_ok`: stated as
   written or confirmed by the other-language version) at confidence >= 0.8 and carrying a
   standard measure come first; then other such figures; then repaired, unconfirmed figures a
   reader may still use (confidence >= 0.5); figures below 0.5 come last. Benchmarks quoted from
   elsewhere ("the national 0.25%") are never among them: they are not the report's own.
2. Spread: within each of those tiers the places are dealt out topic by topic (in `TOPICS` order),
   so one topic's long list cannot crowd out the others.
3. Size: within a topic, counts come before rates and changes, the largest count first.
4. A figure a report states twice (same report, same key or words, same value) is shown once.
"""

from __future__ import annotations

import html
import inspect
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from kit import repair as _repair
from kit.frame import LOW_CONFIDENCE
from kit.load.corpus import Corpus
from kit.present import series as _series
from kit.present.fmt import QUALIFIER_WORDS, format_number, format_value, format_year
from kit.present.fmt import shown as _shown
from kit.present.labels import report_labels, sub_bureau
from kit.present.selection import (
    CRACKDOWN_INDICATORS,
    DISPUTE_INDICATORS,
    RECONCILE,
    TRAFFIC_INDICATORS,
    filter_regions,
    load,
    select,
)
from kit.present.selection import dedupe as _dedupe
from kit.present.series import headline_ok, indicator_label, whose
from kit.present.tables import ReadingTable
from kit.schema import TOPICS

HIGH_CONFIDENCE = 0.8
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

#: the standard measures each notebook compares (old names kept for older notebooks)
CRACKDOWN_METRICS = CRACKDOWN_INDICATORS
DISPUTE_METRICS = DISPUTE_INDICATORS
TRAFFIC_METRICS = TRAFFIC_INDICATORS

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


# --------------------------------------------------------------------------- selecting


# --------------------------------------------------------------------------- labels and values


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


def excerpt(sentence: object, surface: object = None, width: int = EXCERPT_CHARS) -> str:
    """The sentence, or when longer than `width` the part around `surface` with "…" marking cuts.

    The cut falls on a space where there is one near, so words stay whole; the text itself is
    never changed.
    """
    if not isinstance(sentence, str):
        return ""
    text = sentence.strip()
    if len(text) <= width:
        return text
    centre = 0
    if isinstance(surface, str) and surface:
        # the surface as a whole number: "61" must not be found inside "161"
        found = re.search(rf"(?<![\d.,]){re.escape(surface)}(?!\d)", text)
        at = found.start() if found else text.find(surface)
        centre = at + len(surface) // 2 if at >= 0 else 0
    start = max(0, min(centre - width // 2, len(text) - width))
    end = min(len(text), start + width)
    if start > 0 and not text[start - 1].isspace():  # cut inside a word: move to its end
        space = text.find(" ", start, start + 20)
        start = space + 1 if space >= 0 else start
    if end < len(text) and not text[end].isspace():  # likewise at the other end
        space = text.rfind(" ", max(start, end - 20), end)
        end = space if space > start else end
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


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


# --------------------------------------------------------------------------- the corpus


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


LANGUAGE_NAMES = {"en": "English (machine-translated)", "zh": "Chinese"}


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


def corpus_finding(documents: pd.DataFrame, frame: pd.DataFrame) -> str:
    """One sentence: how many reports, from where and when, in which languages, how many figures."""
    if documents.empty:
        return "No reports match this selection."
    regions = sorted(documents["region"].dropna().astype(str).unique())
    years = documents["year"].dropna().astype(int)
    span = (
        ""
        if years.empty
        else (
            f" about {years.min()}"
            if years.min() == years.max()
            else f" about {years.min()}–{years.max()}"
        )
    )
    langs = documents["language"].astype(str).value_counts()
    lang_text = _join([f"{n} in {LANGUAGE_NAMES.get(k, k)}" for k, n in langs.items()])
    where = f" from {_join(regions)}" if regions else ""
    n_reports = len(documents)
    if "report_id" in documents:  # an original and its translation are one report
        n_reports = documents["report_id"].nunique()
    two = len(documents) - n_reports
    files = (
        f"{_plural(len(documents), 'file')}: {lang_text}; "
        f"{_plural(two, 'report')} in two versions, counted once"
        if two
        else lang_text
    )
    return (
        f"{_plural(n_reports, 'report')}{where}{span} ({files}) state "
        f"{_plural(len(frame), 'figure')}."
    )


# --------------------------------------------------------------------------- topics


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


def topic_finding(frame: pd.DataFrame) -> str:
    """One sentence: which topic the reports say most about."""
    table = topic_counts(frame)
    if table.empty:
        return "No figures to count."
    top = table["figures"].max()
    leaders = [str(t) for t in table.index[table["figures"] == top]]
    verb = "is the topic" if len(leaders) == 1 else "are the topics"
    return (
        f"{_join(leaders).capitalize()} {verb} with the most figures ({top:,} of {len(frame):,}); "
        f"{_join([str(t) for t in table.index[table['figures'] == table['figures'].min()]])} "
        f"the fewest ({table['figures'].min():,})."
    )


# --------------------------------------------------------------------------- repairs and trust


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


def repair_finding(frame: pd.DataFrame) -> str:
    """One sentence: how many figures were repaired, by how many rules, how many are doubtful."""
    n = len(frame)
    if not n:
        return "No figures, so nothing was repaired."
    repaired = frame["repaired"].notna()
    low = frame["confidence"] < LOW_CONFIDENCE
    rules = frame.loc[repaired, "repaired"].astype(str).value_counts()
    parts = [
        f"{int(repaired.sum()):,} of {n:,} figures ({100 * repaired.mean():.0f}%) were repaired "
        f"from damaged translation by {_plural(len(rules), 'rule')}"
    ]
    if len(rules):
        parts[0] += f" (most often {rules.index[0]}, {rules.iloc[0]}×)"
    n_low = int(low.sum())
    parts.append(
        f"{_plural(n_low, 'figure')} {'is' if n_low == 1 else 'are'} below confidence "
        f"{LOW_CONFIDENCE} and must be checked against the source"
        if n_low
        else f"none is below confidence {LOW_CONFIDENCE}"
    )
    return "; ".join(parts) + "."


# --------------------------------------------------------------------------- top figures


def _tier(frame: pd.DataFrame) -> np.ndarray:
    conf = frame["confidence"].to_numpy(dtype=float, na_value=0.0)
    sure = headline_ok(frame) & (conf >= HIGH_CONFIDENCE)
    keyed = frame["indicator"].notna().to_numpy()
    return np.select([sure & keyed, sure, conf >= LOW_CONFIDENCE], [0, 1, 2], default=3).astype(int)


def top_figures(frame: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` most important figures (rows of the metrics frame), most important first.

    "Important" is defined in the module docstring: trusted and named first, spread over topics,
    counts before rates and changes with the largest first, duplicates shown once.
    """
    if frame.empty or n <= 0:
        return frame.iloc[:0]
    data = _dedupe(frame)
    data = data[~_series.is_benchmark(data)]  # a benchmark quoted from elsewhere is not theirs
    unit = data["unit"].astype("string").to_numpy()
    change = data["change"].astype(bool).to_numpy()
    kind = np.select(
        [(unit == "count") & ~change, (unit == "percent") & ~change, change], [0, 1, 2], default=3
    )
    topic_rank = {t: i for i, t in enumerate(TOPICS)}
    keys = pd.DataFrame(
        {
            "tier": _tier(data),
            "topic": data["topic"].astype("string").map(topic_rank).fillna(len(TOPICS)).to_numpy(),
            "kind": kind,
            "size": -data["value"].abs().to_numpy(dtype=float, na_value=0.0),
        },
        index=data.index,
    )
    keys = keys.sort_values(["tier", "topic", "kind", "size"], kind="stable")
    keys["turn"] = keys.groupby(["tier", "topic"]).cumcount()
    # "other" (nothing specific said) only fills places its tier's named topics leave free
    keys.loc[keys["topic"] == topic_rank["other"], "turn"] += len(keys)
    keys = keys.sort_values(["tier", "turn", "topic"], kind="stable")
    return data.loc[keys.index[:n]]


# --------------------------------------------------------------------------- comparing


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


def compare_finding(frame: pd.DataFrame, key: str) -> str:
    """One line a series of measure `key`: lowest and highest headline-worthy figure and whose
    they are (a unit named as such); figures not headlined are counted, never ranked."""
    table = compare_metric(frame, key)
    name = humanise(key)
    if table.empty:
        return f"{name}: no report states this figure."
    lines = []
    for series, part in table.groupby("series", sort=True):
        sure = part[part["headline"]]
        other = len(part) - len(sure)
        if sure.empty:
            text = f"{series}: {_plural(len(part), 'figure')}, none stated cleanly enough to quote"
        elif len(sure) == 1:
            row = sure.iloc[0]
            text = f"{series}: only {row['whose figure']} states it cleanly ({row['value']})"
        else:
            hi, lo = sure.iloc[0], sure.iloc[-1]
            text = (
                f"{series}: from {lo['value']} ({lo['whose figure']}) to {hi['value']} "
                f"({hi['whose figure']}), {_plural(len(sure), 'figure')} in "
                f"{_plural(sure['whose figure'].nunique(), 'report or unit', 'reports or units')}"
            )
            periods = sorted(sure["period"].dropna().unique())
            if len(periods) > 1:
                text += (
                    f"; the reports cover different periods ({', '.join(periods)}), "
                    "compare with care"
                )
        if other and not sure.empty:
            text += f"; {other} more not quoted (repaired and unconfirmed, or low confidence)"
        lines.append(text + ".")
    return "\n".join(lines)


def change_finding(frame: pd.DataFrame) -> str:
    """One sentence on stated changes (% or pp): how many rise or fall, in each unit apart.

    Changes of different measures are not ranked against each other (that would compare unlike
    figures); the per-measure tables and `compare_finding` compare within a series.
    """
    data = select(frame, unit=("percent", "pp"), change=True)
    if data.empty:
        return "No stated changes in % or percentage points."
    parts = []
    for unit, word in (("percent", "in %"), ("pp", "in percentage points")):
        part = data[data["unit"] == unit]
        if part.empty:
            continue
        up = int((part["direction"] == "up").sum())
        down = int((part["direction"] == "down").sum())
        parts.append(f"{_plural(len(part), 'stated change')} {word}: {up} up, {down} down")
    n_not = int((~headline_ok(data)).sum())
    text = "; ".join(parts)
    if n_not:
        text += (
            f"; {n_not} of them repaired and unconfirmed or of low confidence, shown marked "
            "and not quoted"
        )
    return text + "."


def count_finding(frame: pd.DataFrame, keys: Iterable[str]) -> str:
    """One line per series of each measure stated, then the measures no report states, so a
    reader knows what is missing rather than assuming it is zero."""
    keys = list(keys)
    data = _series.with_scope_columns(frame)
    present = [k for k in keys if (data["indicator"] == k).any()]
    lines = [compare_finding(data, k) for k in present]
    missing = [humanise(k).lower() for k in keys if k not in present]
    if missing:
        lines.append(f"Not stated in these reports: {_join(missing)}.")
    return "\n".join(lines)


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


_DRIVING_SERVICES = re.compile(
    r"driv(?:ing|er'?s?)\s+(?:licen[cs]e|management|test)|vehicle\s+(?:registration|management)"
    r"|licen[cs]e\s+plates?|车驾管|車駕管|驾驶证|駕駛證|驾照|駕照|机动车登记|機動車登記|号牌|號牌",
    re.IGNORECASE,
)


def driving_services(frame: pd.DataFrame) -> pd.DataFrame:
    """Driving-licence and vehicle services: figures whose counted words name such a service."""
    counted = frame["counted"].astype("string").fillna("")
    return frame[counted.str.contains(_DRIVING_SERVICES).to_numpy(dtype=bool)]


def repaired(frame: pd.DataFrame) -> pd.DataFrame:
    """Figures whose value was repaired from a damaged translation, lowest confidence first."""
    return frame[frame["repaired"].notna().to_numpy()].sort_values("confidence", kind="stable")


def doubtful(frame: pd.DataFrame) -> pd.DataFrame:
    """Figures a reader must check against the source: confidence below 0.5, lowest first."""
    low = (frame["confidence"] < LOW_CONFIDENCE).to_numpy(dtype=bool, na_value=False)
    return frame[low].sort_values("confidence", kind="stable")


def caveats(frame: pd.DataFrame) -> str:
    """What to distrust in a frame of figures, one computed line each."""
    n = len(frame)
    if not n:
        return "- No figures in this selection."
    mt = int((frame["language"].astype("string") == "en").sum())
    repaired = frame["repaired"].notna()
    rules = sorted(frame.loc[repaired, "repaired"].astype(str).unique())
    low = int((frame["confidence"] < LOW_CONFIDENCE).sum())
    qualified = int(frame["qualifier"].notna().sum())
    data = _series.with_scope_columns(frame)
    unkeyed = int(data["indicator"].isna().sum())
    unconfirmed = int((frame["repaired"].notna().to_numpy() & ~_series.confirmed(frame)).sum())
    parts = int((data["scope"].astype("string") == "part").sum())
    bench = int(_series.is_benchmark(data).sum())

    def many(k: int, one: str, more: str) -> str:
        return f"{'none' if k == 0 else k} {one if k == 1 else more}"

    def some(k: int, one: str, more: str) -> str:  # "no figure is", "1 figure is", "2 … are"
        return f"{'no' if k == 0 else k} {one if k <= 1 else more}"

    lines = [
        f"- {mt} of {n} figures come from English machine translations, not the Chinese original.",
        f"- {many(int(repaired.sum()), 'was', 'were')} repaired from damaged numbers"
        + (f" (rules: {', '.join(rules)})." if rules else "."),
        f"- {many(low, 'is', 'are')} below confidence {LOW_CONFIDENCE}"
        + (": check the source sentence before quoting." if low else "."),
        f"- {many(qualified, 'carries', 'carry')} a qualifier (more than, nearly, at least): "
        "bounds, not exact counts.",
        f"- {some(unconfirmed, 'repaired figure is', 'repaired figures are')} not confirmed by "
        "the other-language version: shown, marked, never headlined.",
        f"- {some(parts, 'figure is', 'figures are')} a unit's (sub-bureau, district, station), "
        "named as such and never credited to the whole region.",
        f"- {some(bench, 'figure is a benchmark', 'figures are benchmarks')} quoted from elsewhere "
        "(the national or provincial average): not the report's own.",
        f"- {many(unkeyed, 'has', 'have')} no standard measure: what they count is the "
        "report's own words, and comparing them across reports needs a human reading.",
    ]
    return "\n".join(lines)


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


def sources_note(corpus: object) -> str:
    """One line on what was loaded and what was left out (with the reason)."""
    documents = getattr(corpus, "documents", []) or []
    errors = getattr(corpus, "errors", []) or []
    text = f"{_plural(len(documents), 'file')} loaded"
    if not errors:
        return text + "; none left out."
    left = "; ".join(str(e) for e in errors)
    return f"{text}; {_plural(len(errors), 'file')} left out: {left}."


# --------------------------------------------------------------------------- disputes


def dispute_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Dispute resolution and mediation rates: levels in percent about disputes, one row each.

    Rows of the metrics frame (topic "disputes" or measure dispute_resolution_rate, unit percent,
    not a change), a rate a report states twice shown once, plus a `sub_bureau` column naming the
    unit the figure belongs to (scope `part`), else <NA>.
    """
    data = select(frame, topic="disputes", indicators=["dispute_resolution_rate"])
    data = _dedupe(select(data, unit="percent", change=False))
    part = (data["scope"].astype("string") == "part").to_numpy(dtype=bool, na_value=False)
    names = data["scope_name"].astype("string").where(part)
    return data.assign(sub_bureau=names.astype("string"))


def rates_finding(rates: pd.DataFrame) -> str:
    """One sentence on a frame of rates: lowest and highest headline-worthy rate and whose they
    are (a unit named as such); rates of one measure only, benchmarks left out."""
    if rates.empty:
        return "No rates stated."
    data = _series.with_scope_columns(rates)
    data = data[~_series.is_benchmark(data)]
    keyed = data[data["indicator"].notna().to_numpy()]
    if _series.series_count(keyed) > 1:
        return "Rates of several measures: compare them within each measure's table."
    sure = keyed[headline_ok(keyed)]
    who = _report_column(sure)
    ordered = sure.assign(_who=who).sort_values("value", kind="stable")
    name = humanise(keyed["indicator"].iloc[0]) if not keyed.empty else "Rates"
    if ordered.empty:
        return (
            f"{name}: none of the {_plural(len(data), 'rate')} is stated cleanly enough to quote."
        )
    lo, hi = ordered.iloc[0], ordered.iloc[-1]
    if len(ordered) == 1:
        text = f"{name}: one rate stated cleanly, {format_number(lo['value'])}% ({lo['_who']})"
    else:
        text = (
            f"{name}: {len(ordered)} rates stated cleanly, from {format_number(lo['value'])}% "
            f"({lo['_who']}) to {format_number(hi['value'])}% ({hi['_who']})"
        )
    parts = sorted(set(data.loc[data["scope"].astype("string") == "part", "scope_name"].dropna()))
    if parts:
        text += (
            f"; {_join(parts)} {'is a unit' if len(parts) == 1 else 'are units'} inside the region"
        )
    n_other = len(data) - len(ordered)
    if n_other:
        text += f"; {n_other} more not quoted (unconfirmed repair, low confidence or no measure)"
    return text + "."


__all__ = [
    "BANDS",
    "CRACKDOWN_INDICATORS",
    "CRACKDOWN_METRICS",
    "DISPUTE_INDICATORS",
    "DISPUTE_METRICS",
    "EXPLORE_COLUMNS",
    "HIGH_CONFIDENCE",
    "LOW_CONFIDENCE",
    "QUALIFIER_WORDS",
    "RECONCILE",
    "SHORT_COLUMNS",
    "TRAFFIC_INDICATORS",
    "TRAFFIC_METRICS",
    "caveats",
    "change_finding",
    "compare_finding",
    "compare_metric",
    "compare_metrics",
    "confidence_band",
    "corpus_finding",
    "count_finding",
    "coverage",
    "dispute_rates",
    "documents_table",
    "doubtful",
    "driving_services",
    "excerpt",
    "figure_table",
    "filter_regions",
    "format_number",
    "format_value",
    "headline_ok",
    "humanise",
    "label_figures",
    "load",
    "load_errors",
    "rates_finding",
    "reconciliation",
    "reconciliation_finding",
    "repair_finding",
    "repair_summary",
    "repaired",
    "report_labels",
    "select",
    "sources_note",
    "styled",
    "sub_bureau",
    "top_figures",
    "topic_counts",
    "topic_finding",
    "whose",
]


# ---- two versions of one report (kit.reconcile) ------------------------------------------


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
    from kit.reconcile import reconcile_frame

    if frame is None:
        from kit.run.engine import figures

        frame = figures(corpus)
    wanted = set(regions) if regions else None
    docs = {d.doc_id: d for d in corpus.documents}
    pair_rows, disagree, confirmed = [], [], []
    for pair, table in reconcile_frame(frame, corpus.documents):
        a = docs[pair.doc_a]
        if wanted is not None and a.region not in wanted:
            continue
        status = table["status"].value_counts()
        pair_rows.append(
            {
                "version a": pair.doc_a,
                "version b": pair.doc_b,
                "region": a.region,
                "year": a.year,
                "score": round(pair.score, 2),
                **{s: int(status.get(s, 0)) for s in STATUSES},
            }
        )
        for row in table.to_dict("records"):
            if row["status"] == "disagree" or (
                row["status"] == "agree" and isinstance(row["repaired_a"], str)
            ):
                both = {
                    "figure a": row["text_a"],
                    "figure b": row["text_b"],
                    "sentence a": excerpt(row["sentence_a"], row["text_a"]),
                    "sentence b": excerpt(row["sentence_b"], row["text_b"]),
                    "why": row["why"],
                }
                if row["status"] == "disagree":
                    disagree.append(both)
                else:
                    confirmed.append({**both, "confidence": row["new_confidence_a"]})
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


STATUSES = ("agree", "disagree", "only_in_a", "only_in_b")


def reconciliation_finding(tables: dict[str, pd.DataFrame]) -> str:
    """One sentence: how many pairs, and how their figures line up."""
    pairs = tables["pairs"]
    if pairs.empty:
        return "No report is here in two languages, so no figure can be checked against another."
    totals = {s: int(pairs[s].sum()) for s in STATUSES}
    return (
        f"{_plural(len(pairs), 'report')} in two languages: {totals['agree']} figures agree, "
        f"{totals['disagree']} disagree, {totals['only_in_a'] + totals['only_in_b']} stand in "
        f"one version only; {_plural(len(tables['confirmed']), 'repaired figure')} confirmed."
    )


# ---- comparing one measure across places and years (notebooks/04_compare) -----------------


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
