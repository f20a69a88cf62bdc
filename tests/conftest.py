"""Shared fixtures: a small, realistic metrics frame built from hand-made Metric records, and
the headless Chromium the browser tests open pages in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _metrics import QUIET

from kit.frame import metrics_to_frame
from kit.schema import Metric

_DOCS: dict[str, dict[str, Any]] = {
    "000_fe8e3cc9c7a97b01.txt": {
        "region": "Xining",
        "year": 2023,
        "period": "annual",
        "language": "en",
    },
    "001_63206c82e3f070fd.txt": {
        "region": "Sichuan",
        "year": 2023,
        "period": "annual",
        "language": "en",
    },
    "002_c8e80d1492b67d01.txt": {
        "region": "Xihu",
        "year": 2024,
        "period": "spring_festival",
        "language": "en",
    },
    "003_a5875499a1c89379.txt": {
        "region": "Shenzhen",
        "year": 2013,
        "period": "annual",
        "language": "en",
    },
    "004_f2f0698675f26159.txt": {
        "region": "Xining",
        "year": 2023,
        "period": "annual",
        "language": "zh",
    },
}


def _metric(doc_id: str, text: str, value: float, unit: str, counted: str, **kw: Any) -> Metric:
    """One Metric with the document's metadata and quiet defaults for the rest."""
    start = kw.pop("start", 100)
    fields: dict[str, Any] = {
        **QUIET,
        "confidence": 0.9,
        "sentence": f"... {text} ...",
        **_DOCS[doc_id],
        **kw,
    }
    return Metric(
        doc_id=doc_id,
        start=start,
        end=start + len(text),
        text=text,
        value=value,
        unit=unit,
        counted=counted,
        **fields,
    )


X, S, H, Z, XZ = _DOCS  # Xining (en), Sichuan, Xihu, Shenzhen, Xining (zh)

SAMPLE_METRICS: list[Metric] = [
    # --- levels in percent: dispute resolution rates (two repaired) ---
    _metric(
        X,
        "986%",
        98.6,
        "percent",
        "mediation rate of contradictions and disputes",
        indicator="dispute_resolution_rate",
        topic="disputes",
        repaired="dropped_decimal_in_rate",
        confidence=0.6,
        note="986% read as 98.6%",
    ),
    _metric(
        S,
        "99.7%",
        99.7,
        "percent",
        "dispute resolution rate",
        indicator="dispute_resolution_rate",
        topic="disputes",
    ),
    _metric(
        Z,
        "96%",
        96.0,
        "percent",
        "success rate of mediation of civil disputes",
        indicator="dispute_resolution_rate",
        topic="disputes",
        start=2400,
    ),
    _metric(
        XZ,
        "98.1%",
        98.1,
        "percent",
        "矛盾纠纷调处化解率",
        indicator="dispute_resolution_rate",
        topic="disputes",
        start=820,
    ),
    _metric(
        H,
        "9 7 %",
        97.0,
        "percent",
        "dispute mediation success rate",
        indicator="dispute_resolution_rate",
        topic="disputes",
        repaired="split_digits",
        confidence=0.4,
        note="digits split by a space",
    ),
    _metric(
        X,
        "53%",
        53.0,
        "percent",
        "theft case solving rate",
        indicator="case_solving_rate",
        topic="crackdown",
        start=1900,
    ),
    # --- changes: up and down, percent and pp, some repaired ---
    _metric(
        X,
        "6 percent year-on-year32%",
        6.32,
        "percent",
        "wire fraud cases",
        indicator="fraud_cases",
        topic="crackdown",
        change=True,
        direction="down",
        baseline="yoy",
        repaired="dropped_decimal_in_rate",
        confidence=0.4,
        note="'6 ... 32%' read as 6.32%",
        start=1200,
    ),
    _metric(
        X,
        "31 year-on-year9 percentage points",
        31.9,
        "pp",
        "detection rate",
        indicator="case_solving_rate",
        topic="crackdown",
        change=True,
        direction="up",
        baseline="yoy",
        repaired="dropped_decimal_in_rate",
        confidence=0.6,
        start=1300,
    ),
    _metric(
        X,
        "4 year-on-year09%",
        4.09,
        "percent",
        "overall traffic congestion index",
        indicator="congestion",
        topic="traffic",
        change=True,
        direction="down",
        baseline="yoy",
        repaired="dropped_decimal_in_rate",
        confidence=0.6,
        start=2600,
    ),
    _metric(
        X,
        "4 year-on-year69%",
        4.69,
        "percent",
        "average driving speed of vehicles",
        topic="traffic",
        change=True,
        direction="up",
        baseline="yoy",
        repaired="dropped_decimal_in_rate",
        confidence=0.6,
        start=2700,
    ),
    _metric(
        H,
        "50%",
        50.0,
        "percent",
        "public security police cases",
        topic="crackdown",
        change=True,
        direction="down",
        baseline="mom",
        start=400,
    ),
    _metric(
        S,
        "12.3%",
        12.3,
        "percent",
        "criminal cases solved",
        indicator="criminal_cases_solved",
        topic="crackdown",
        change=True,
        direction="up",
        baseline="yoy",
        start=900,
    ),
    _metric(
        XZ,
        "2.5个百分点",
        2.5,
        "pp",
        "刑事案件破案率",
        indicator="case_solving_rate",
        topic="crackdown",
        change=True,
        direction="up",
        baseline="yoy",
        start=300,
    ),
    _metric(
        XZ,
        "18.2%",
        18.2,
        "percent",
        "道路交通事故死亡人数",
        topic="traffic",
        change=True,
        direction="down",
        baseline="yoy",
        start=500,
    ),
    # --- counts ---
    _metric(
        X,
        "6,600",
        6600.0,
        "count",
        "contradictions and disputes resolved",
        indicator="disputes_resolved",
        topic="disputes",
        qualifier="more_than",
        start=1800,
    ),
    _metric(X, "64", 64.0, "count", "special crackdown actions", topic="crackdown", start=1400),
    _metric(X, "61", 61.0, "count", "road traffic hazards rectified", topic="traffic", start=2500),
    _metric(
        X, "251", 251.0, "count", "smart security communities built", topic="prevention", start=3000
    ),
    _metric(
        S, "1,523", 1523.0, "count", "criminal suspects arrested", topic="crackdown", start=700
    ),
    _metric(
        H, "767", 767.0, "count", "effective police reports received", topic="service", start=200
    ),
    _metric(
        Z,
        "20 13",
        2013.0,
        "count",
        "cases cracked",
        indicator="criminal_cases_solved",
        topic="crackdown",
        repaired="split_digits",
        confidence=0.4,
        start=3100,
    ),
    _metric(XZ, "252名", 252.0, "count", "社区民警进社区两委班子", topic="team", start=210),
]


@pytest.fixture
def sample_frame() -> pd.DataFrame:
    """A fresh metrics frame (tests may mutate it) over four regions, three years, en and zh."""
    return metrics_to_frame(SAMPLE_METRICS)


#: Debian's chromium (`.ci/run` installs it); playwright is never let to download a browser
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module (each browser test module skips without it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()
