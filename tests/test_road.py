"""One road from a corpus to figures (`kit.run.engine`): every caller extracts through
`extract_document`, a notebook run extracts each document once (reconciliation included), and
reconciliation works on the frame it is given.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _briefs as briefs
import pytest

import kit
import kit.run.cache
import kit.run.engine
from kit.cli import main
from kit.load.corpus import load_corpus, seeds_dir
from kit.reconcile import apply_reconciliation, merge_versions, reconcile_frame, version_pairs
from kit.schema import Document

SEEDS = seeds_dir()
SEED_IDS = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """doc_id -> times the one per-document extraction ran, from now on."""
    calls: Counter[str] = Counter()
    real = kit.run.engine.extract_document

    def counting(document: Document) -> list:
        calls[document.doc_id] += 1
        return real(document)

    monkeypatch.setattr(kit.run.engine, "extract_document", counting)
    return calls


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default cache folder (what notebooks use) set to an empty folder of this test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("KIT_CACHE_DIR", str(folder))
    return folder


@dataclass(frozen=True)
class Caller:
    """One way a user or the kit asks for figures; each must come through the one entry."""

    id: str
    call: Callable[[Path], Any]


CALLERS = [
    Caller("metrics_frame_path", lambda tmp: kit.metrics_frame(SEEDS, cache=False)),
    Caller("metrics_frame_cached", lambda tmp: kit.metrics_frame(SEEDS, cache=tmp / "c")),
    Caller("metrics_frame_corpus", lambda tmp: kit.metrics_frame(load_corpus(SEEDS), cache=False)),
    Caller("documents_frame", lambda tmp: kit.documents_frame(SEEDS, cache=False)),
    Caller("iter_metrics", lambda tmp: list(kit.iter_metrics(SEEDS))),
    Caller("cli_extract", lambda tmp: main(["extract", str(SEEDS), "-o", str(tmp / "f.jsonl")])),
    Caller("cli_docs", lambda tmp: main(["docs", str(SEEDS)])),
    Caller("cli_summary", lambda tmp: main(["summary", str(SEEDS), "-o", str(tmp / "s.csv")])),
    Caller("cli_reconcile", lambda tmp: main(["reconcile", str(SEEDS)])),
    Caller("notebook_load", lambda tmp: briefs.load(str(SEEDS), None, True)),
]


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.id)
def test_every_caller_extracts_through_the_one_entry_once_a_document(
    caller: Caller, extractions: Counter[str], own_cache: Path, tmp_path: Path, capsys
) -> None:
    caller.call(tmp_path)
    capsys.readouterr()
    assert extractions == Counter(dict.fromkeys(SEED_IDS, 1))


def _overview(corpus: object) -> dict:
    """What notebooks/00_overview does with the corpus: load its frames, then reconcile."""
    reports, documents, frame = briefs.load(corpus, None, True)
    versions = briefs.reconciliation(reports, None)
    assert briefs.corpus_finding(documents, frame)
    return versions


def test_a_notebook_run_extracts_each_document_once_reconciliation_included(
    extractions: Counter[str], own_cache: Path
) -> None:
    versions = _overview(None)
    assert len(versions["pairs"]) == 1  # the seeds hold one report in two languages
    assert extractions == Counter(dict.fromkeys(SEED_IDS, 1))
    extractions.clear()
    _overview(None)  # the notebook run again in the same kernel: everything from the cache
    assert extractions == Counter()


def test_once_even_where_the_cache_folder_cannot_be_written(
    extractions: Counter[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("KIT_CACHE_DIR", str(blocked / "cache"))  # mkdir fails: nothing on disk
    versions = _overview(None)
    assert len(versions["pairs"]) == 1
    assert extractions == Counter(dict.fromkeys(SEED_IDS, 1))


def test_reconciliation_reads_the_frame_it_is_given_and_never_extracts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus = load_corpus(SEEDS)
    frame = kit.metrics_frame(corpus, cache=False)

    def refuse(document: Document) -> list:
        raise AssertionError(f"{document.doc_id} extracted again")

    monkeypatch.setattr(kit.run.engine, "extract_document", refuse)
    tables = list(reconcile_frame(frame, corpus.documents))
    assert [(p.doc_a, p.doc_b) for p, _ in tables] == [
        ("000_fe8e3cc9c7a97b01.txt", "004_f2f0698675f26159.txt")
    ]
    checked = apply_reconciliation(frame, corpus.documents)
    assert checked["note"].astype("string").str.contains("confirmed by").any()
    pairs = version_pairs(frame, corpus.documents)
    assert pairs == {"000_fe8e3cc9c7a97b01.txt": "004_f2f0698675f26159.txt"}
    assert len(merge_versions(frame, pairs=pairs)) < len(frame)
    versions = briefs.reconciliation(corpus, None, frame)
    assert versions["pairs"][["version a", "version b"]].values.tolist() == [
        ["000_fe8e3cc9c7a97b01.txt", "004_f2f0698675f26159.txt"]
    ]


def test_the_fingerprint_is_computed_once_a_process(
    monkeypatch: pytest.MonkeyPatch, own_cache: Path
) -> None:
    read: list[Path] = []
    real = kit.run.cache._package_files

    def counting(package_dir: Path) -> list[Path]:
        read.append(package_dir)
        return real(package_dir)

    monkeypatch.setattr(kit.run.cache, "_package_files", counting)
    kit.run.cache._own_fingerprint.cache_clear()
    try:
        _overview(None)
        kit.documents_frame(None, cache=own_cache / "other")
    finally:
        kit.run.cache._own_fingerprint.cache_clear()
    assert len(read) == 1


def test_a_stray_translation_pairs_at_most_once(
    tmp_path: Path, extractions: Counter[str], own_cache: Path
) -> None:
    """An English file saying nothing of its place or year (a `manifest.json` beside `docs/`,
    read as a report) that shares figures with every Chinese report is one translation: it
    pairs with its best original only, so it is aligned once and never re-extracted."""
    folder = tmp_path / "reports"
    folder.mkdir()
    zh = next(p for p in SEEDS.glob("*.txt") if p.name.startswith("004"))
    for n in range(6):
        shutil.copy(zh, folder / f"zh_{n}.txt")
    stray = "Totals: 1,286 cases, 98.6 percent, 252 people, 248 calls and 124 visits."
    (folder / "stray.txt").write_text(stray, encoding="utf-8")
    reports = load_corpus(folder)
    assert next(d for d in reports.documents if d.doc_id == "stray.txt").region is None
    frame = kit.metrics_frame(reports, cache=False)
    tables = list(reconcile_frame(frame, reports.documents))
    assert sum("stray.txt" in (p.doc_a, p.doc_b) for p, _ in tables) == 1
    extractions.clear()
    _overview(folder)
    assert max(extractions.values()) == 1


def test_kit_extract_jsonl_imports_neither_pandas_nor_pyarrow(tmp_path: Path) -> None:
    """`kit extract --format jsonl --jobs 1` starts in a fraction of a second: the workers
    render JSON lines and no table is built, so pandas and pyarrow are never imported; with no
    terminal to show a progress bar, tqdm is not imported either."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from kit.cli import main\n"
        f"code = main(['extract', {str(SEEDS)!r}, '--format', 'jsonl', '--jobs', '1',"
        f" '-o', {str(tmp_path / 'f.jsonl')!r}])\n"
        "heavy = sorted(m for m in ('pandas', 'pyarrow', 'numpy', 'tqdm') if m in sys.modules)\n"
        "print(code, heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "0 []", done.stderr
    assert (tmp_path / "f.jsonl").read_text(encoding="utf-8").count("\n") > 100


def test_kit_extract_parquet_never_imports_pandas(tmp_path: Path) -> None:
    """`kit extract --format parquet` builds its Arrow tables without pandas (pyarrow would import
    it, 1.3 CPU seconds, on the first Python list it converts) and calls Arrow's compute
    functions without `pyarrow.compute` (its wrappers cost more than the calls); the file still
    reads back as the metrics frame."""
    import subprocess
    import sys

    import pandas as pd

    from kit.frame import METRIC_DTYPES

    out = tmp_path / "f.parquet"
    script = (
        "import sys\n"
        "from kit.cli import main\n"
        f"code = main(['extract', {str(SEEDS)!r}, '--format', 'parquet', '--jobs', '1',"
        f" '-o', {str(out)!r}])\n"
        "print(code, 'pandas' in sys.modules, 'pyarrow.compute' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "0 False False", done.stderr
    frame = pd.read_parquet(out)
    assert len(frame) > 100
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        c: str(t) for c, t in METRIC_DTYPES.items()
    }
