"""Loading and selecting the figures a notebook works on, the same way in every notebook.

`load` is the one place a notebook gets its frames, so every notebook reads the corpus with the
same reconciliation setting (`RECONCILE`): a figure has one confidence wherever it is shown. Its
figures come from the one road (`kit.run.engine.figures`, through `kit.api`), cached, so the
notebook's later calls (`kit.present.figure_tables.reconciliation`) extract nothing again.
The rest picks figures out of a frame: by criteria (`select`), the overview's ten most
important (`top_figures`), the ones to doubt (`doubtful`, `repaired`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from kit.frame import LOW_CONFIDENCE, with_signed_value
from kit.load.corpus import Corpus, load_corpus
from kit.present import series as _series
from kit.present.series import headline_ok, series_key, whose, with_scope_columns
from kit.schema import TOPICS

#: check every figure against the other-language version of its report (kit.reconcile); the
#: default of every notebook's `reconcile` parameter
RECONCILE = True

#: standard measures each notebook compares across reports, in reading order
CRACKDOWN_INDICATORS: tuple[str, ...] = (
    "criminal_cases_solved",
    "criminal_cases_filed",
    "case_solving_rate",
    "suspects_arrested",
    "gangs_smashed",
    "fraud_cases",
    "fraud_cases_solved",
    "fraud_suspects_arrested",
    "fraud_losses",
    "funds_recovered",
    "police_reports",
    "criminal_police_reports",
    "public_order_police_reports",
    "public_order_cases",
    "drug_cases_solved",
    "theft_cases",
)
DISPUTE_INDICATORS: tuple[str, ...] = (
    "disputes_found",
    "disputes_resolved",
    "dispute_resolution_rate",
)
TRAFFIC_INDICATORS: tuple[str, ...] = (
    "traffic_accidents",
    "traffic_deaths",
    "traffic_injuries",
    "congestion",
    "traffic_speed",
    "traffic_violations",
)


def load(
    corpus: Corpus | Sequence[str] | str | os.PathLike[str] | None = None,
    regions: str | Iterable[str] | None = None,
    reconcile: bool = RECONCILE,
) -> tuple[Corpus, pd.DataFrame, pd.DataFrame]:
    """(reports, documents frame, metrics frame) for `regions` of `corpus` (default: the seeds).

    The metrics frame carries `indicator`, `scope` and `scope_name` (`kit.present.series`).
    With `reconcile`, an original and its translation are one report in two versions
    (`kit.reconcile.merge_versions`): a figure both state is one row, and both frames carry
    `report_id`, so counting reports counts each once.
    """
    from kit.api import documents_frame, metrics_frame

    reports = corpus if isinstance(corpus, Corpus) else load_corpus(corpus)
    documents = documents_frame(reports)
    frame = metrics_frame(reports, reconcile=reconcile)
    if reconcile:
        from kit.reconcile import merge_versions, version_pairs

        pairs = version_pairs(frame, reports)
        frame = merge_versions(frame, pairs=pairs)
        ids = documents["doc_id"].astype(str)
        documents = documents.assign(
            report_id=pd.array([pairs.get(d, d) for d in ids], dtype="string")
        )
    frame = with_signed_value(with_document_columns(frame, documents))
    documents = filter_regions(documents, regions)
    return reports, documents, with_scope_columns(filter_regions(frame, regions))


#: what a figure's row carries of its report, for tables, CSV downloads and citations
DOCUMENT_COLUMNS: tuple[str, ...] = ("title", "publisher", "published", "url")


def with_document_columns(frame: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its report's title, publisher, published date and address on each row (a
    column the frame already has is kept as it is)."""
    wanted = [c for c in DOCUMENT_COLUMNS if c in documents and c not in frame]
    if not wanted:
        return frame
    info = documents.drop_duplicates("doc_id").set_index(documents["doc_id"].astype(str))
    ids = frame["doc_id"].astype(str)
    return frame.assign(**{c: pd.array(ids.map(info[c]).tolist(), dtype="string") for c in wanted})


def filter_regions(frame: pd.DataFrame, regions: str | Iterable[str] | None) -> pd.DataFrame:
    """Rows whose region is one of `regions` (case-insensitive); None keeps every row.

    Works on metrics and documents frames alike. A region no row has gives an empty frame with
    every column kept, so a notebook run for a place without reports still runs top to bottom.
    """
    if regions is None:
        return frame
    wanted = {regions.casefold()} if isinstance(regions, str) else {r.casefold() for r in regions}
    region = frame["region"].astype("string").str.casefold()
    return frame[region.isin(wanted).fillna(False).to_numpy(dtype=bool)]


def select(
    frame: pd.DataFrame,
    *,
    topic: str | None = None,
    indicators: Iterable[str] | None = None,
    unit: str | Iterable[str] | None = None,
    change: bool | None = None,
    keyed: bool | None = None,
    scope: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rows matching every criterion given: topic OR one of `indicators`, unit(s), change or
    level, with (`keyed=True`) or without (`keyed=False`) a standard measure, scope(s).

    `topic` and `indicators` together keep a row that has either (a solving rate the topic scorer
    put under "other" still belongs in the crackdown notebook when its measure says so).
    """
    data = with_scope_columns(frame)
    keep = np.ones(len(data), dtype=bool)
    if topic is not None or indicators is not None:
        about = np.zeros(len(data), dtype=bool)
        if topic is not None:
            about |= (data["topic"] == topic).to_numpy(dtype=bool, na_value=False)
        if indicators is not None:
            about |= data["indicator"].isin(list(indicators)).to_numpy(dtype=bool)
        keep &= about
    if unit is not None:
        units = [unit] if isinstance(unit, str) else list(unit)
        keep &= data["unit"].isin(units).to_numpy(dtype=bool)
    if change is not None:
        keep &= (data["change"].astype(bool) == change).to_numpy(dtype=bool)
    if keyed is not None:
        keep &= data["indicator"].notna().to_numpy() == keyed
    if scope is not None:
        scopes = [scope] if isinstance(scope, str) else list(scope)
        keep &= data["scope"].astype("string").isin(scopes).to_numpy(dtype=bool, na_value=False)
    return data[keep]


def dedupe(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop a figure a report states twice: same report (either version of it, see `load`),
    same unit or place, same series (or words), same value."""
    data = with_scope_columns(frame)
    what = series_key(data).fillna(data["counted"].astype("string"))
    report = data["report_id"] if "report_id" in data else data["doc_id"]
    key = pd.DataFrame(
        {
            "doc": report.astype("string"),
            "who": whose(data),
            "what": what,
            "value": data["value"],
        }
    )
    return data[~key.duplicated().to_numpy()]


# ---- the figures a notebook picks out ------------------------------------------------------

#: at or above this confidence a figure that may be headlined comes first among the top figures
HIGH_CONFIDENCE = 0.8


def _tier(frame: pd.DataFrame) -> np.ndarray:
    conf = frame["confidence"].to_numpy(dtype=float, na_value=0.0)
    sure = headline_ok(frame) & (conf >= HIGH_CONFIDENCE)
    keyed = frame["indicator"].notna().to_numpy()
    return np.select([sure & keyed, sure, conf >= LOW_CONFIDENCE], [0, 1, 2], default=3).astype(int)


def top_figures(frame: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` most important figures (rows of the metrics frame), most important first.

    1. Trust first: figures that may carry a headline (`kit.present.series.headline_ok`: stated
       as written or confirmed by the other-language version) at confidence >= 0.8 and carrying
       a standard measure come first; then other such figures; then repaired, unconfirmed
       figures a reader may still use (confidence >= 0.5); figures below 0.5 come last.
       Benchmarks quoted from elsewhere ("the national 0.25%") are never among them.
    2. Spread: within each tier the places are dealt out topic by topic (in `TOPICS` order), so
       one topic's long list cannot crowd out the others.
    3. Size: within a topic, counts come before rates and changes, the largest count first.
    4. A figure a report states twice (same report, same key or words, same value) is shown once.
    """
    if frame.empty or n <= 0:
        return frame.iloc[:0]
    data = dedupe(frame)
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


def dispute_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Dispute resolution and mediation rates: levels in percent about disputes, one row each.

    Rows of the metrics frame (topic "disputes" or measure dispute_resolution_rate, unit percent,
    not a change), a rate a report states twice shown once, plus a `sub_bureau` column naming the
    unit the figure belongs to (scope `part`), else <NA>.
    """
    data = select(frame, topic="disputes", indicators=["dispute_resolution_rate"])
    data = dedupe(select(data, unit="percent", change=False))
    part = (data["scope"].astype("string") == "part").to_numpy(dtype=bool, na_value=False)
    names = data["scope_name"].astype("string").where(part)
    return data.assign(sub_bureau=names.astype("string"))


__all__ = [
    "load",
]
