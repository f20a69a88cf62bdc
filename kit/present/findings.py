"""One-line findings: the sentences a notebook prints over its tables, each computed from the
figures it speaks of (a measure no report states is said to be missing, never taken as zero).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from kit.frame import LOW_CONFIDENCE
from kit.present import series as _series
from kit.present.figure_tables import (
    STATUSES,
    _report_column,
    compare_metric,
    humanise,
    topic_counts,
)
from kit.present.fmt import format_number
from kit.present.selection import select
from kit.present.series import headline_ok


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


LANGUAGE_NAMES = {"en": "English (machine-translated)", "zh": "Chinese"}


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


def sources_note(corpus: object) -> str:
    """One line on what was loaded and what was left out (with the reason)."""
    documents = getattr(corpus, "documents", []) or []
    errors = getattr(corpus, "errors", []) or []
    text = f"{_plural(len(documents), 'file')} loaded"
    if not errors:
        return text + "; none left out."
    left = "; ".join(str(e) for e in errors)
    return f"{text}; {_plural(len(errors), 'file')} left out: {left}."


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


__all__: list[str] = []  # everything here serves its own package
