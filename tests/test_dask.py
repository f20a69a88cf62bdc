"""The Dask engine gives the local run's figures, row for row, on a real (loopback) cluster."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from _bench import make_corpus_module

from kit.api import metrics_frame
from kit.cli import main
from kit.frame import METRIC_DTYPES

# worker pools, killed runs and clusters: the full suite, not the fast lane
pytestmark = pytest.mark.process

HAS_DASK = all(importlib.util.find_spec(m) is not None for m in ("dask", "distributed"))
needs_dask = pytest.mark.skipif(
    not HAS_DASK,
    reason="Dask is an optional extra, not installed here: pip install 'kit[dask]' "
    "(the dev extra installs it, so CI runs these tests)",
)
CATEGORICAL = [c for c, t in METRIC_DTYPES.items() if t == "category" or hasattr(t, "categories")]


_make_corpus = make_corpus_module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dask-corpus")
    _make_corpus().generate(30, 9, out)
    return out / "docs"


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    if not HAS_DASK:
        pytest.skip("Dask is not installed")
    from dask.distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local
        from kit.run.dask_engine import close_clients

        close_clients()  # before the cluster goes: no client left trying to reconnect


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Same values, same order; categoricals as plain values (Dask unions categories in its
    own order)."""
    frame = frame.reset_index(drop=True)
    return frame.astype({c: object for c in CATEGORICAL})


@needs_dask
def test_extract_dask_equals_the_local_run(corpus: Path, cluster) -> None:
    from kit.run.dask_engine import extract_dask

    lazy = extract_dask(corpus, scheduler=cluster.scheduler_address, files_per_partition=7)
    assert lazy.npartitions == 5
    result = lazy.compute()
    local = metrics_frame(str(corpus), cache=False)
    assert len(local) > 200
    pd.testing.assert_frame_equal(_comparable(result), _comparable(local))
    assert list(result.dtypes.astype(str)) == list(local.dtypes.astype(str))


@needs_dask
def test_cli_writes_partitioned_parquet_equal_to_local(
    corpus: Path, cluster, tmp_path: Path
) -> None:
    from kit.run.dask_engine import close_clients

    close_clients()  # the CLI must not depend on a default client left by another call
    out = tmp_path / "metrics"
    argv = ["extract", str(corpus), "--engine", "dask", "--scheduler", cluster.scheduler_address]
    assert main([*argv, "--output", str(out)]) == 0
    parts = sorted(out.glob("part.*.parquet"))
    assert len(parts) >= 1
    written = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    local = metrics_frame(str(corpus), cache=False)
    pd.testing.assert_frame_equal(_comparable(written), _comparable(local))


@needs_dask
def test_cli_reports_bad_files_and_writes_the_rest(
    corpus: Path, cluster, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    mixed = tmp_path / "mixed"
    shutil.copytree(corpus, mixed)
    (mixed / "doc_000004x.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "metrics"
    argv = ["extract", str(mixed), "--engine", "dask", "--scheduler", cluster.scheduler_address]
    assert main([*argv, "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert "doc_000004x.txt: looks like a binary file" in err
    written = pd.read_parquet(out)
    assert set(written["doc_id"]) == set(metrics_frame(str(corpus), cache=False)["doc_id"])


def test_dask_engine_needs_an_output_folder(capsys: pytest.CaptureFixture) -> None:
    assert main(["extract", "--engine", "dask"]) == 2
    assert "--output DIR" in capsys.readouterr().err
    assert main(["extract", "--engine", "dask", "--format", "jsonl", "-o", "x"]) == 2


def test_missing_dask_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from kit.run import dask_engine

    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(ImportError, match=r"pip install 'kit\[dask\]'"):
        dask_engine.extract_dask()
    assert main(["extract", "--engine", "dask", "--output", "unused"]) == 2
    assert "pip install 'kit[dask]'" in capsys.readouterr().err
