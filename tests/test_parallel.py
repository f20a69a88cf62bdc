"""`kit extract` over many files: same rows in the same order whatever --jobs, streamed, errors
per file, a progress bar only for people at a terminal."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from _bench import make_corpus_module

import kit.run.engine
import kit.run.parallel as par
import kit.run.pool
import kit.run.sinks
from kit.api import iter_metrics, metrics_frame
from kit.cli import main
from kit.frame import metrics_to_frame
from kit.load.corpus import LoadError, load_corpus
from kit.run.rows import table_to_frame
from kit.run.sinks import json_line

_make_corpus = make_corpus_module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of 24 documents, in two folders (order across folders matters)."""
    out = tmp_path_factory.mktemp("parallel-corpus")
    _make_corpus().generate(24, 5, out)
    docs = out / "docs"
    sub = docs / "more"
    sub.mkdir()
    for path in sorted(docs.glob("doc_00001*.txt")):
        path.rename(sub / path.name)
    return docs


@pytest.fixture
def processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a small corpus use worker processes (normally it runs in one)."""
    monkeypatch.setattr(par, "MIN_FILES_PER_PROCESS", 1)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _reference_jsonl(*paths: Path) -> str:
    """What the kit wrote before streaming: load everything, extract, dump."""
    metrics = iter_metrics(load_corpus([str(p) for p in paths]))
    return "".join(json_line(m.to_dict()) for m in metrics)


# ---- the same result whatever the number of processes ----------------------------------------


@pytest.mark.usefixtures("processes")
def test_jobs_2_equals_jobs_1_row_for_row(corpus: Path, capsys: pytest.CaptureFixture) -> None:
    assert par.effective_jobs(2, 24) == 2
    code1, out1, err1 = _run(capsys, str(corpus), "--jobs", "1")
    code2, out2, err2 = _run(capsys, str(corpus), "--jobs", "2")
    assert code1 == code2 == 0
    assert err1 == err2 == ""
    assert out1 == out2
    assert out1 == _reference_jsonl(corpus)
    doc_ids = [json.loads(line)["doc_id"] for line in out1.splitlines()]
    assert len(doc_ids) > 100
    # load_corpus order: files of docs/ first, then those of docs/more/
    assert doc_ids[-1].startswith("doc_00001")


@pytest.mark.usefixtures("processes")
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_other_formats_equal_across_jobs(corpus: Path, tmp_path: Path, fmt: str) -> None:
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out-{jobs}.{fmt}"
        assert main(["extract", str(corpus), "--format", fmt, "-o", str(target), "-j", jobs]) == 0
        outputs.append(target)
    if fmt == "csv":
        assert outputs[0].read_text() == outputs[1].read_text()
        expected = metrics_to_frame(iter_metrics(load_corpus(str(corpus))))
        buffer = io.StringIO()
        expected.to_csv(buffer, index=False)
        assert outputs[0].read_text() == buffer.getvalue()
    else:
        first, second = (pd.read_parquet(p) for p in outputs)
        pd.testing.assert_frame_equal(first, second)
        expected = metrics_to_frame(iter_metrics(load_corpus(str(corpus))))
        pd.testing.assert_frame_equal(first, expected)


def test_parquet_is_written_in_row_groups(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.parquet as pq

    monkeypatch.setattr(kit.run.sinks, "BATCH_ROWS", 50)
    target = tmp_path / "m.parquet"
    assert main(["extract", str(corpus), "--format", "parquet", "-o", str(target)]) == 0
    assert pq.ParquetFile(target).num_row_groups > 3
    expected = metrics_to_frame(iter_metrics(load_corpus(str(corpus))))
    frame = pd.read_parquet(target).astype({c: "object" for c in ("doc_id", "indicator")})
    pd.testing.assert_frame_equal(
        frame,
        expected.astype({c: "object" for c in ("doc_id", "indicator")}),
        check_categorical=False,
    )


def test_seeds_output_unchanged(capsys: pytest.CaptureFixture) -> None:
    code, out, err = _run(capsys)
    assert code == 0 and err == ""
    assert out == _reference_jsonl(Path(__file__).resolve().parent.parent / "seeds")


def test_empty_result_still_writes_a_header(tmp_path: Path, capsys) -> None:
    (tmp_path / "plain.txt").write_text("Nothing to count here at all.\n", encoding="utf-8")
    code, out, _ = _run(capsys, str(tmp_path), "--format", "csv")
    assert code == 0
    assert out.strip() == ",".join(metrics_to_frame([]).columns)
    target = tmp_path / "out" / "m.parquet"
    target.parent.mkdir()
    assert (
        main(["extract", str(tmp_path / "plain.txt"), "--format", "parquet", "-o", str(target)])
        == 0
    )
    assert list(pd.read_parquet(target).columns) == list(metrics_to_frame([]).columns)


# ---- errors: one bad file never stops the others ----------------------------------------------


@pytest.fixture
def mixed(corpus: Path, tmp_path: Path) -> Path:
    """Good files with a binary file and an empty file among them."""
    folder = tmp_path / "mixed"
    shutil.copytree(corpus, folder)
    (folder / "doc_000003b.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "more" / "empty.txt").write_bytes(b"")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_files_exit_1_and_good_figures_still_written(
    mixed: Path, corpus: Path, jobs: str, processes: None, capsys: pytest.CaptureFixture
) -> None:
    code, out, err = _run(capsys, str(mixed), "--jobs", jobs)
    assert code == 1
    assert "doc_000003b.txt: looks like a binary file" in err
    assert "empty.txt: empty file" in err
    assert err.count("kit: error:") == 2
    assert out == _reference_jsonl(corpus).replace(str(corpus), str(mixed))


def test_missing_path_is_reported_and_the_rest_extracted(corpus: Path, capsys) -> None:
    code, out, err = _run(capsys, str(corpus / "doc_000000.txt"), "no/such/file.txt")
    assert code == 1
    assert "no/such/file.txt: no such file or folder" in err
    assert out == _reference_jsonl(corpus / "doc_000000.txt")


def test_same_file_name_twice_is_skipped_like_load_corpus(corpus: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin"
    twin.mkdir()
    shutil.copy(corpus / "doc_000000.txt", twin / "doc_000000.txt")
    results = list(par.iter_results([corpus, twin], jobs=1))
    errors = [r for r in results if isinstance(r, LoadError)]
    assert [e.path for e in errors] == [str(twin / "doc_000000.txt")]
    assert errors[0].reason == load_corpus([corpus, twin]).errors[0].reason


# the same file reached twice is planned once, by its real path (what `Path.resolve` gives)
PLAN_CASES = [
    # (id, paths given, relative to a folder holding a/x.txt and a/y.txt; the files planned)
    ("a_folder", ["a"], ["a/x.txt", "a/y.txt"]),
    ("a_file_inside_a_folder_given_too", ["a", "a/x.txt"], ["a/x.txt", "a/y.txt"]),
    ("the_file_first", ["a/y.txt", "a"], ["a/y.txt", "a/x.txt"]),
    ("a_link_to_a_file_of_the_folder", ["a", "z.txt"], ["a/x.txt", "a/y.txt"]),
    ("a_link_to_the_folder", ["a", "b"], ["a/x.txt", "a/y.txt"]),
    ("the_folder_through_its_link_first", ["b", "a"], ["b/x.txt", "b/y.txt"]),
    ("a_dotted_path", ["a/../a/x.txt", "a"], ["a/../a/x.txt", "a/y.txt"]),
]


@pytest.mark.parametrize(
    ("given", "planned"), [c[1:] for c in PLAN_CASES], ids=[c[0] for c in PLAN_CASES]
)
def test_a_file_reached_twice_is_planned_once(
    tmp_path: Path, given: list[str], planned: list[str]
) -> None:
    (tmp_path / "a").mkdir()
    for name in ("x.txt", "y.txt"):
        (tmp_path / "a" / name).write_text("2023年破案100起。", encoding="utf-8")
    (tmp_path / "z.txt").symlink_to(tmp_path / "a" / "x.txt")
    (tmp_path / "b").symlink_to(tmp_path / "a", target_is_directory=True)
    items = par.plan([tmp_path / g for g in given])
    assert [str(Path(i).relative_to(tmp_path)) for i in items] == planned


def test_parquet_without_output_is_a_usage_error(capsys: pytest.CaptureFixture) -> None:
    code, _, err = _run(capsys, "--format", "parquet")
    assert code == 2 and "needs -o FILE" in err


def test_an_extraction_bug_fails_one_file_not_the_run(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    real = kit.run.engine.extract_document

    def flaky(document):
        if document.doc_id == "doc_000002.txt":
            raise ValueError("boom")
        return real(document)

    monkeypatch.setattr(kit.run.engine, "extract_document", flaky)
    code, out, err = _run(capsys, str(corpus))
    assert code == 1
    assert "doc_000002.txt: extraction failed (ValueError: boom)" in err
    assert '"doc_id": "doc_000002.txt"' not in out and '"doc_id": "doc_000003.txt"' in out


# ---- streaming, small corpora, progress ---------------------------------------------------


def test_files_are_extracted_as_results_are_consumed(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = par.extract_chunk

    def counting(paths, *args):
        calls.append(len(paths))
        return real(paths, *args)

    monkeypatch.setattr(par, "extract_chunk", counting)
    stream = par.iter_results(corpus, jobs=1)
    first = next(stream)
    assert isinstance(first, par.FileResult)
    assert sum(calls) < 24  # only the first chunk so far, not the whole corpus
    rest = list(stream)
    assert len(rest) == 23 and sum(calls) == 24


def test_tiny_corpora_do_not_start_processes(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def no_pool(jobs: int):
        raise AssertionError("a pool was started for five files")

    monkeypatch.setattr(kit.run.pool, "_pool", no_pool)
    assert par.effective_jobs(None, 5) == 1
    assert par.effective_jobs(8, 5 * par.MIN_FILES_PER_PROCESS) == 5
    code, out, _ = _run(capsys, "--jobs", "8")
    assert code == 0 and out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_outside_ci(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert not par.show_progress()  # pytest captures stderr: not a terminal
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert par.show_progress()
    code = main(["extract", str(corpus)])
    out = capsys.readouterr().out
    assert code == 0
    assert out == _reference_jsonl(corpus)  # the bar stays out of the data
    bar = terminal.getvalue()
    assert "24/24 files" in bar and "figures" in bar and "file/s" in bar
    monkeypatch.setenv("CI", "true")
    assert not par.show_progress()


def test_workers_start_from_an_unguarded_script_read_from_stdin(corpus: Path) -> None:
    """Spawned workers re-run the caller's main script unless the kit hides it: a script
    piped to `python -`, or one without `if __name__ == "__main__"`, must work all the same."""
    import subprocess

    script = (
        "import sys\n"
        "import kit.run.parallel as par\n"
        "from kit.cli import main\n"
        "par.MIN_FILES_PER_PROCESS = 1\n"
        f"sys.exit(main(['extract', {str(corpus)!r}, '--jobs', '2']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-"], input=script, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == _reference_jsonl(corpus)


def test_metrics_frame_of_a_folder_equals_the_plain_path(corpus: Path, processes: None) -> None:
    expected = metrics_to_frame(iter_metrics(load_corpus(str(corpus))))
    pd.testing.assert_frame_equal(metrics_frame(str(corpus), cache=False), expected)
    table, errors = par.metrics_table(corpus, jobs=2, cache=False)
    assert errors == []
    pd.testing.assert_frame_equal(table_to_frame(table), expected)


# ---- JSON lines of a chunk, encoded at once --------------------------------------------------

_ROW = {"doc_id": "a.txt", "start": 3, "value": 98.6, "text": "98.6%", "note": None}
# rows whose text looks like the cut between two rows, or holds what JSON escapes
JSON_LINES_CASES = [
    ("one_row", [_ROW]),
    ("three_rows", [_ROW, {**_ROW, "start": 9}, {**_ROW, "doc_id": "b.txt"}]),
    ("seam_inside_a_string", [{**_ROW, "text": '}, {"doc_id": "x"'}, _ROW]),
    ("newlines_quotes_backslashes", [{**_ROW, "note": 'a\nb "c" \\ d\u2028'}, _ROW]),
    ("chinese_and_astral", [{**_ROW, "text": "萬(wàn)起 𠀋"}, _ROW]),
    ("not_a_number_is_null", [_ROW, {**_ROW, "value": float("nan")}]),
    ("infinity_is_null", [{**_ROW, "value": float("inf")}, _ROW]),
    ("another_first_key", [_ROW, {"start": 1, "doc_id": "c.txt"}]),
    ("no_rows", []),
]


@pytest.mark.parametrize(
    "rows", [c[1] for c in JSON_LINES_CASES], ids=[c[0] for c in JSON_LINES_CASES]
)
def test_json_lines_of_a_chunk_equal_one_line_a_row(rows: list[dict]) -> None:
    assert kit.run.sinks.json_lines(rows) == "".join(json_line(row) for row in rows)
