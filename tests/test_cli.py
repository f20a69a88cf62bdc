"""The command line as a user runs it: formats, exit codes, errors named by file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kit.cli import main
from kit.schema import METRIC_FIELDS

SEED = Path(__file__).resolve().parent.parent / "seeds" / "004_f2f0698675f26159.txt"


def test_extract_jsonl_has_every_field_in_order(capsys) -> None:
    assert main(["extract", str(SEED), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(tuple(r) == METRIC_FIELDS for r in rows)
    text = SEED.read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_extract_csv_and_parquet_round_trip(tmp_path: Path) -> None:
    csv, parquet = tmp_path / "m.csv", tmp_path / "m.parquet"
    assert main(["extract", str(SEED), "--format", "csv", "-o", str(csv)]) == 0
    assert main(["extract", str(SEED), "--format", "parquet", "-o", str(parquet)]) == 0
    a, b = pd.read_csv(csv), pd.read_parquet(parquet)
    assert list(a.columns) == list(METRIC_FIELDS) == list(b.columns)
    assert len(a) == len(b) > 20
    assert b["value"].tolist() == pytest.approx(a["value"].tolist())


def test_bad_file_is_named_and_good_figures_still_written(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("破获电信网络诈骗案件1286起。", encoding="utf-8")
    code = main(["extract", str(tmp_path), "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "empty.txt" in err and "empty" in err
    assert [json.loads(line)["value"] for line in out.splitlines()] == [1286.0]


def test_missing_path_is_an_error_naming_it(capsys) -> None:
    assert main(["extract", "/no/such/report.txt"]) == 1
    assert "/no/such/report.txt" in capsys.readouterr().err


def test_usage_error_exits_2() -> None:
    assert main(["extract", "--format", "xml"]) == 2
    assert main(["no-such-command"]) == 2


def test_docs_lists_each_seed(capsys) -> None:
    assert main(["docs"]) == 0
    out = capsys.readouterr().out
    for region in ("Xining", "Sichuan", "Xihu", "Shenzhen"):
        assert region in out


def test_console_script_runs_with_default_seeds() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "kit.cli", "extract", "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    docs = {json.loads(line)["doc_id"] for line in r.stdout.splitlines()}
    assert len(docs) == 5


# ---- issue 14, on the command line ---------------------------------------------------------------

KIT = Path(sys.executable).with_name("kit")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_closed_pipe_is_quiet_and_exit_0(fmt: str) -> None:
    """`kit extract --format csv | head -1`: the seeds' output (about 100 KB) is larger than a
    pipe holds, so the kit writes into a pipe whose reader has gone."""
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{KIT}' extract --format {fmt} | head -1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(done.stdout.splitlines()) == 1


def test_closed_pipe_after_docs_is_quiet() -> None:
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{KIT}' docs | head -c 10 >/dev/null"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_unknown_region_is_an_error_listing_the_known_ones(tmp_path: Path, capsys) -> None:
    out = tmp_path / "briefings"
    assert main(["briefings", "--region", "Atlantis", "xining", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kit: error: unknown region 'Atlantis'")
    for known in ("Shenzhen", "Sichuan", "Xihu", "Xining"):
        assert known in err
    assert "xining" not in err.split("(")[0]  # known regions match ignoring case
    assert not out.exists()  # nothing built


def test_unknown_notebook_is_an_error_listing_the_known_ones(tmp_path: Path, capsys) -> None:
    out = tmp_path / "briefings"
    assert main(["briefings", "--notebook", "99_nothing", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no notebook matches '99_nothing'" in err and "01_crackdown" in err
    assert not out.exists()


def test_summary_of_nothing_readable_keeps_the_previous_csv(tmp_path: Path, capsys) -> None:
    out = tmp_path / "metrics.csv"
    out.write_text("previous result\n", encoding="utf-8")
    assert main(["summary", str(tmp_path / "nope.txt"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "nope.txt: no such file or folder" in err and "was not written" in err
    assert out.read_text(encoding="utf-8") == "previous result\n"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_extract_of_nothing_readable_writes_no_file(tmp_path: Path, capsys, fmt: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    out, kept = tmp_path / "new" / f"m.{fmt}", tmp_path / f"old.{fmt}"
    kept.write_text("previous result\n", encoding="utf-8")
    for target in (out, kept):
        args = ["extract", str(tmp_path / "empty.txt"), "nope.txt", "--format", fmt]
        assert main([*args, "-o", str(target)]) == 1
        assert "was not written" in capsys.readouterr().err
    assert not out.exists()
    assert kept.read_text(encoding="utf-8") == "previous result\n"


@pytest.mark.parametrize("command", ["extract", "docs", "summary", "reconcile", "briefings"])
def test_wrong_flag_shows_the_subcommands_usage(command: str, capsys) -> None:
    assert main([command, "--wrong"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: kit {command} ")
    assert "unrecognized arguments: --wrong" in err
