"""Comparing one measure across regions and years: the tables behind notebooks/04_compare.

* `region_year_table`: for one series, one row a place (or a unit inside it, or a benchmark), one
  column a year, each cell the values as stated with their marks, plus the reports they come from.
* `availability`: which report states which standard measure at all.
* `consistency`: where a report states a year-on-year change and the corpus holds the same
  place's report for the year before, the change computed from the two stated levels beside the
  stated one, with disagreements flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from kit.present import series as _series
from kit.present.fmt import format_number, format_value, shown
from kit.present.labels import report_labels

#: a stated change and one computed from two levels agree within this many points (% or pp):
#: stated changes are rounded to one decimal and levels are often rounded too
TOLERANCE = 0.5
#: a computed change counts as agreeing within this share of the stated change as well
RELATIVE_TOLERANCE = 0.02
STATUS_AGREE = "agrees"
STATUS_DISAGREE = "DISAGREES"
STATUS_BOUNDS = "levels are bounds (over, nearly): not checked"
STATUS_NO_LEVEL = "a level is missing in one of the two reports"
STATUS_OTHER_PERIOD = "the year before has only another period's report: not compared"


def _dedupe(frame: pd.DataFrame) -> pd.DataFrame:
    key = pd.DataFrame(
        {
            "doc": frame["doc_id"].astype("string"),
            "who": _series.whose(frame),
            "series": _series.series_key(frame),
            "value": frame["value"],
        }
    )
    return frame[~key.duplicated().to_numpy()]


def series_tables(frame: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """(series label, its region × year table) for every series some report states; the label
    says so when the series' reports cover different periods (each then has its own column)."""
    for label, rows in _series.split_series(frame):
        yield label + periods_note(rows), region_year_table(rows)


def periods_note(rows: pd.DataFrame) -> str:
    """ " — periods differ (a year, Jan–Sep): …" when the rows cover more than one period."""
    if "period" not in rows:
        return ""
    words = sorted({_series.period_words(p) or "a year" for p in rows["period"].astype(object)})
    if len(words) < 2:
        return ""
    return (
        f" — periods differ ({', '.join(words)}): each column is one year and period,"
        " compare along a row only like with like"
    )


def roll_up(frame: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The figures with each county's, district's or city's report labelled as its province's
    ("Jiangsu (roll-up: Hai'an)"), for a province-level view. Only on request: a county's
    figure is never silently the province's, and the label says whose reports were rolled up.
    """
    meta = documents.drop_duplicates("doc_id").set_index(documents["doc_id"].astype(str))
    out = frame.copy()
    region = out["region"].astype(object).tolist()
    for i, doc in enumerate(out["doc_id"].astype(str)):
        if doc not in meta.index:
            continue
        level, province = meta.at[doc, "region_level"], meta.at[doc, "province"]
        lower = level in ("city", "county", "district") and isinstance(province, str)
        if lower and province != region[i]:
            region[i] = f"{province} (roll-up: {region[i]})"
    out["region"] = pd.Series(region, index=out.index, dtype="category")
    return out


def region_year_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One series: a row a place (a unit inside it and benchmarks on rows of their own), a column
    a year, cells the values as stated ("over 803,000*") and a `sources` column of doc ids.

    Raises ValueError when `rows` span more than one series: such a table would compare unlike
    figures.
    """
    data = _series.with_scope_columns(rows)
    if data.empty:
        return pd.DataFrame(columns=["place", "sources"])
    if _series.series_count(data) > 1:
        raise ValueError("a region × year table holds one series; split_series(frame) first")
    data = _dedupe(data)
    labels = report_labels(data)
    report = data["doc_id"].astype("string").map(labels)
    place = _place(data, report)
    language = data["language"].astype("string").fillna("en")
    cell = (
        shown(data)
        + _series.marks(data)
        + np.where(language != "en", " (" + language + ")", "").astype(object)
    )
    years = _series.when(data)  # "2023", "2023 Jan–Sep": unlike periods never share a column
    long = pd.DataFrame(
        {"place": place, "year": years, "cell": cell, "doc": data["doc_id"].astype(str)}
    )
    wide = long.groupby(["place", "year"], sort=True)["cell"].agg("; ".join).unstack("year")
    wide = wide.fillna("").reindex(columns=sorted(wide.columns))
    wide.columns.name = None
    sources = long.groupby("place", sort=True)["doc"].agg(lambda d: ", ".join(sorted(set(d))))
    table = wide.assign(sources=sources).reset_index()
    order = sorted(range(len(table)), key=lambda i: _place_rank(str(table["place"].iat[i])))
    return table.iloc[order].reset_index(drop=True)


def _place(data: pd.DataFrame, report: pd.Series) -> pd.Series:
    """The row a figure goes on: its region, "region · unit", or "benchmark: national"."""
    region = data["region"].astype("string").fillna("unknown place")
    return _series.whose(data, region)


def _place_rank(place: str) -> tuple[int, str]:
    return (2 if place.startswith("benchmark:") else 1 if " · " in place else 0, place)


def availability(frame: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which report states which standard measure: a row a report, a column a measure, each cell
    the number of figures it states ("2", "1 + 1 of a unit"); empty where it states none.
    Benchmarks quoted from elsewhere are not counted: they are not the report's own."""
    data = _series.with_scope_columns(frame)
    data = data[data["indicator"].notna().to_numpy() & ~_series.is_benchmark(data)]
    source = documents if documents is not None and not documents.empty else frame
    labels = report_labels(source)
    if data.empty:
        return pd.DataFrame({"report": labels.sort_values().tolist()})
    scope = data["scope"].astype("string").fillna("area")
    long = pd.DataFrame(
        {
            "report": data["doc_id"].astype("string").map(labels).fillna(data["doc_id"]),
            "measure": [_series.indicator_label(k) for k in data["indicator"].astype(object)],
            "own": (scope == "area").to_numpy(),
            "unit": (scope == "part").to_numpy(),
        }
    )
    counts = long.groupby(["report", "measure"]).agg(own=("own", "sum"), unit=("unit", "sum"))

    def cell(own: int, unit: int) -> str:
        parts = [str(own)] if own else []
        if unit:
            parts.append(f"{unit} of a unit")
        return " + ".join(parts)

    pairs = zip(counts["own"], counts["unit"], strict=True)
    counts["cell"] = [cell(int(o), int(u)) for o, u in pairs]
    wide = counts["cell"].unstack("measure").fillna("")
    wide = wide.reindex(index=sorted(set(labels.tolist()) | set(wide.index))).fillna("")
    wide = wide.reindex(columns=sorted(wide.columns, key=lambda m: (-(wide[m] != "").sum(), m)))
    wide.columns.name = None
    return wide.rename_axis("report").reset_index()


def availability_finding(table: pd.DataFrame) -> str:
    """One sentence: how many measures, how many stated by more than one report."""
    measures = [c for c in table.columns if c != "report"]
    if not measures:
        return "No report states any of the standard measures."
    shared = [m for m in measures if (table[m] != "").sum() > 1]
    text = (
        f"{len(table)} reports state {len(measures)} of the standard measures; "
        f"{len(shared)} of them are stated by more than one report"
    )
    if shared:
        text += f" ({', '.join(shared[:4])}{' …' if len(shared) > 4 else ''})"
    return text + "."


# --------------------------------------------------------------------------- consistency

CONSISTENCY_COLUMNS = (
    "place",
    "measure",
    "year",
    "period",
    "stated change",
    "level that year",
    "level the year before",
    "computed change",
    "difference",
    "status",
    "sources",
)


def _level_index(data: pd.DataFrame) -> dict[tuple, list[int]]:
    """Positions of the stated levels (no change) by measure, unit, place, period, scope, unit's
    name and year: one pass over the frame, so checking every stated change stays linear."""
    level = ~data["change"].astype(bool).to_numpy()
    keys = zip(
        data["indicator"].astype(object),
        data["unit"].astype(str),
        data["region"].astype(str),
        data["period"].astype("string").fillna(""),
        data["scope"].astype(str),
        data["scope_name"].astype("string").fillna(""),
        data["year"].astype("Int64"),
        strict=True,
    )
    index: dict[tuple, list[int]] = {}
    for n, (*key, year) in enumerate(keys):
        if level[n] and isinstance(key[0], str) and year is not pd.NA:
            index.setdefault((*key, int(year)), []).append(n)
    return index


def _periods_by_place_year(data: pd.DataFrame) -> dict[tuple[str, int], set[str]]:
    """The periods each place's reports of each year cover (any figure of the report)."""
    out: dict[tuple[str, int], set[str]] = {}
    places = data["region"].astype(str)
    periods = data["period"].astype("string").fillna("")
    for place, year, period in zip(places, data["year"].astype("Int64"), periods, strict=True):
        if year is not pd.NA:
            out.setdefault((place, int(year)), set()).add(period)
    return out


def consistency(frame: pd.DataFrame) -> pd.DataFrame:
    """Stated year-on-year changes beside the change computed from the two years' levels.

    For each stated yoy change (of a count, in %; or of a rate, in pp) whose report's place also
    has a report for the year before (same period, e.g. both annual), the level of the same
    measure and the same scope (the area, or the same named unit) is looked up in both years;
    the computed change is (this − before) / before × 100 for a % change of a count and
    this − before for a pp change of a rate. They agree within `TOLERANCE` points (or
    `RELATIVE_TOLERANCE` of the stated change); a level stated as a bound ("over 6,600") is
    shown but not checked. Rows: `CONSISTENCY_COLUMNS`.
    """
    data = _series.with_scope_columns(frame)
    data = data[data["indicator"].notna().to_numpy() & ~_series.is_benchmark(data)]
    labels = report_labels(data) if not data.empty else pd.Series(dtype="string")
    change = data["change"].astype(bool).to_numpy()
    stated = data[
        change
        & (data["baseline"].astype("string") == "yoy").to_numpy(dtype=bool, na_value=False)
        & data["unit"].astype(str).isin(["percent", "pp"]).to_numpy()
    ]
    levels = _level_index(data)
    empty = data.iloc[:0]
    periods_of = _periods_by_place_year(data)
    rows = []
    for _, row in stated.iterrows():
        if pd.isna(row["year"]) or not isinstance(row["region"], str):
            continue
        level_unit = "count" if row["unit"] == "percent" else "percent"
        key = (
            str(row["indicator"]),
            level_unit,
            row["region"],
            row["period"] or "",
            str(row["scope"]),
            row["scope_name"] if isinstance(row["scope_name"], str) else "",
        )
        year = int(row["year"])
        periods = periods_of.get((row["region"], year - 1))
        if periods is None:
            continue  # no report for the year before: nothing to check against
        at_now, at_before = levels.get((*key, year)), levels.get((*key, year - 1))
        now = data.iloc[at_now] if at_now else empty
        before = data.iloc[at_before] if at_before else empty
        if (row["period"] or "") not in periods:
            # Jan–Sep against a whole year would be no check at all: say so, compare nothing
            out = _check(row, now, before.iloc[:0], labels)
            other = ", ".join(sorted(_series.period_words(p) for p in periods))
            out["status"] = f"{STATUS_OTHER_PERIOD} ({other})"
            out["level the year before"] = ""
            rows.append(out)
            continue
        rows.append(_check(row, now, before, labels))
    return pd.DataFrame(rows, columns=list(CONSISTENCY_COLUMNS))


def _one_level(levels: pd.DataFrame) -> pd.Series | None:
    """The level a report states, when all its statements of it agree (zh and en alike)."""
    if levels.empty:
        return None
    trusted = levels[_series.headline_ok(levels)]
    pick = trusted if not trusted.empty else levels
    if pick["value"].nunique() > 1:
        return None
    return pick.iloc[0]


def _check(
    row: pd.Series, now: pd.DataFrame, before: pd.DataFrame, labels: pd.Series
) -> dict[str, object]:
    sign = -1.0 if row["direction"] == "down" else 1.0
    stated_value = sign * abs(float(row["value"]))
    a, b = _one_level(now), _one_level(before)
    place = str(row["region"])
    if row["scope"] == "part" and isinstance(row["scope_name"], str):
        place += f" · {row['scope_name']}"
    docs = {str(row["doc_id"]), *(str(x["doc_id"]) for x in (a, b) if x is not None)}
    out: dict[str, object] = {
        "place": place,
        "measure": _series.series_label(row["indicator"], row["unit"], True, "yoy"),
        "year": int(row["year"]),
        "period": _series.period_words(row["period"]),
        "stated change": format_value(row["value"], row["unit"], True, row["direction"])
        + str(_series.marks(row.to_frame().T).iloc[0]),
        "level that year": _level_text(a),
        "level the year before": _level_text(b),
        "computed change": "",
        "difference": "",
        "status": STATUS_NO_LEVEL,
        "sources": ", ".join(sorted(docs)),
    }
    if a is None or b is None:
        return out
    if row["unit"] == "percent":
        if float(b["value"]) == 0:
            return out
        computed = (float(a["value"]) - float(b["value"])) / float(b["value"]) * 100
    else:
        computed = float(a["value"]) - float(b["value"])
    suffix = "%" if row["unit"] == "percent" else " pp"
    out["computed change"] = (
        ("+" if computed >= 0 else "−") + format_number(round(abs(computed), 1)) + suffix
    )
    diff = computed - stated_value
    # the difference of two changes is in points: percentage points for % and for pp alike
    out["difference"] = ("+" if diff >= 0 else "−") + format_number(round(abs(diff), 1)) + " pp"
    if isinstance(a["qualifier"], str) or isinstance(b["qualifier"], str):
        out["status"] = STATUS_BOUNDS
    elif abs(diff) <= max(TOLERANCE, RELATIVE_TOLERANCE * abs(stated_value)):
        out["status"] = STATUS_AGREE
    else:
        out["status"] = STATUS_DISAGREE
    return out


def _level_text(level: pd.Series | None) -> str:
    if level is None:
        return ""
    value = format_value(level["value"], level["unit"], False, None, level["qualifier"])
    return value + str(_series.marks(level.to_frame().T).iloc[0])


def consistency_finding(table: pd.DataFrame) -> str:
    """One sentence: how many stated changes could be checked, how many disagree."""
    if table.empty:
        return (
            "No stated year-on-year change has the same place's report for the year before in "
            "this corpus, so none can be checked against two stated levels."
        )
    checked = table[table["status"].isin([STATUS_AGREE, STATUS_DISAGREE])]
    bad = table[table["status"] == STATUS_DISAGREE]
    unlike = table["status"].astype(str).str.startswith(STATUS_OTHER_PERIOD)
    text = (
        f"{len(table)} stated year-on-year changes have the year before in the corpus; "
        f"{len(checked)} could be checked against the two stated levels"
    )
    if unlike.any():
        text += (
            f" ({int(unlike.sum())} not: the year before is reported for another period only,"
            " and a part of a year is never compared with a whole one)"
        )
    if len(checked):
        text += f": {len(checked) - len(bad)} agree, {len(bad)} disagree"
    if len(bad):
        first = bad.iloc[0]
        text += (
            f" (e.g. {first['place']} {first['year']}, {first['measure']}: stated "
            f"{first['stated change']}, computed {first['computed change']})"
        )
    return text + "."


__all__: list[str] = []  # everything here serves its own package
