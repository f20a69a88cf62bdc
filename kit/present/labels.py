"""Who a figure belongs to, in words: the report's short label, the sub-bureau a sentence names;
and what each column of a metrics frame is called in every table and filter (`header`)."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

#: what each column is called in the Lab's filters, every explorer table and the briefing
HEADERS: dict[str, str] = {
    "region": "Region",
    "scope_name": "Unit or benchmark",
    "year": "Year",
    "value": "Value",
    "unit": "Unit",
    "counted": "What is counted",
    "text": "As written",
    "repaired": "Repair",
    "confidence": "Confidence",
    "sentence": "Source sentence",
    "doc_id": "Report",
    "topic": "Topic",
    "indicator": "Metric",
    "period": "Period",
    "language": "Language",
    "change": "Change",
    "direction": "Direction",
    "baseline": "Baseline",
    "qualifier": "Qualifier",
    "note": "Note",
}


def header(column: str) -> str:
    """A column's name in words (`HEADERS`, else its key made readable)."""
    return HEADERS.get(column, column.replace("_", " ").capitalize())


def report_labels(frame: pd.DataFrame) -> pd.Series:
    """doc_id -> a short label for each report: "Xining 2023", "Xining 2023 (zh)".

    English (machine-translated) reports are the norm and go unmarked; a report in another
    language carries its code. The two versions of one report (a `report_id` column, written by
    `kit.reconcile.merge_versions`) share one label, unmarked: they are one report. Reports that
    would still share a label get their period when that tells them apart ("Xining 2023 (zh)
    spring festival"), else their doc id. A report's label does not depend on which other
    reports are in `frame`, except for that.
    """
    first = ~frame["doc_id"].duplicated().to_numpy()

    def column(name: str) -> list[object]:
        """One report's value a row (its first figure's), as plain Python objects: a loop
        over these costs microseconds, over `itertuples` of a wide frame milliseconds."""
        if name not in frame:
            return [None] * int(first.sum())
        return frame[name].to_numpy(dtype=object)[first].tolist()

    ids = [str(d) for d in column("doc_id")]
    if "report_id" in frame:
        keys = [
            r if isinstance(r, str) else d for r, d in zip(column("report_id"), ids, strict=True)
        ]
    else:
        keys = ids
    versions = Counter(keys)
    twinned: set[str] = set()  # reports whose figures another version confirmed
    if "version_doc_id" in frame:
        has_twin = frame["version_doc_id"].notna().to_numpy(dtype=bool)
        source = frame["report_id"] if "report_id" in frame else frame["doc_id"]
        twinned = set(source[has_twin].astype(str))
    labels: dict[str, str] = {}
    periods: dict[str, str] = {}
    rows = zip(
        keys,
        ids,
        column("period"),
        column("region"),
        column("year"),
        column("language"),
        strict=True,
    )
    for key, doc_id, period, region, year, language in rows:
        if key in labels and doc_id != key:
            continue  # a translation: its report is labelled from the original
        periods[key] = period.replace("_", " ") if isinstance(period, str) else ""
        place = region if isinstance(region, str) else "unknown place"
        when = "" if year is None or pd.isna(year) else f" {int(year)}"
        language = language if isinstance(language, str) else "en"
        one_of_two = versions[key] > 1 or key in twinned
        lang = "" if language == "en" or one_of_two else f" ({language})"
        labels[key] = f"{place}{when}{lang}"
    counts = pd.Series(list(labels.values())).value_counts()
    for label in [lab for lab, n in counts.items() if n > 1]:
        keys_of = [k for k, lab in labels.items() if lab == label]
        named = [periods[k] for k in keys_of]
        by_period = all(named) and len(set(named)) == len(named)
        for key in keys_of:
            labels[key] = f"{label} {periods[key] if by_period else key}"
    by_doc = {doc_id: labels[key] for key, doc_id in zip(keys, ids, strict=True)}
    return pd.Series(by_doc, name="report", dtype="string")


_ZH_NAME_CHAR = r"(?:(?![局厅廳省市的和与與及在对對由向从從经經据據])[\u4e00-\u9fff])"
_SUB_BUREAU_ZH = re.compile(
    rf"{_ZH_NAME_CHAR}{{2,4}}?(?:区|區|县|縣)(?:公安)?分局"  # 西湖区分局, 湟中区公安分局
    rf"|{_ZH_NAME_CHAR}{{2}}(?:公安)?分局"  # 城北公安分局, 南山分局
)
_EN_STOP = (
    r"(?:The|This|That|Our|In|Of|And|At|By|For|From|To|With|Public|Security|Bureau|Municipal"
    r"|Provincial|Police|City|Department|Party|Communist|Each|All|Every|Its|Their)\b"
)
_SUB_BUREAU_EN = re.compile(
    rf"(?:(?!{_EN_STOP})[A-Z][a-z]+(?:[ -](?!{_EN_STOP})[A-Z][a-z]+){{0,2}})"
    r"(?:\s+(?:District|County))?"
    r"(?:\s+Public\s+Security)?"
    r"\s+(?:[Ss]ub-?[Bb]ureau|[Bb]ranch(?:\s+[Bb]ureau)?)\b"
)


def sub_bureau(sentence: object, near: str | None = None) -> str | None:
    """The sub-bureau a sentence names, as written ("城北公安分局", "Chengbei Sub-bureau"), or None.

    When the sentence names several, the one named last before `near` (the figure as written)
    wins, else the first one named.
    """
    if not isinstance(sentence, str):
        return None
    found = [(m.start(), m.group()) for m in _SUB_BUREAU_ZH.finditer(sentence)]
    found += [(m.start(), m.group()) for m in _SUB_BUREAU_EN.finditer(sentence)]
    if not found:
        return None
    found.sort()
    at = sentence.find(near) if near else -1
    before = [name for start, name in found if at >= 0 and start < at]
    return before[-1] if before else found[0][1]


__all__: list[str] = []  # everything here serves its own package
