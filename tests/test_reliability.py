"""Nothing lost, nothing run (issue 15): hostile names, killed runs, a damaged cache, files that
change under the run, spreadsheet formulas, links, full disks. Each test reproduces one finding
of the hostile pass; the numbers in the comments are the issue's."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from _bench import make_corpus_module
from _bombs import body_xml, docx_bomb, docx_package, many_paragraphs, pdf_bomb

import kit
import kit.run.engine
import kit.run.parallel as par
from kit.cli import main
from kit.load import manifest as manifest_mod
from kit.load import source as source_mod
from kit.load.corpus import load_corpus
from kit.load.docx import read_docx
from kit.load.html import read_html
from kit.run.cache import Cache
from kit.run.output import neutralise_cell, neutralise_formulas
from kit.run.pool import Retried
from kit.run.sinks import json_line
from kit.schema import Document

# worker pools, killed runs and clusters: the full suite, not the fast lane
pytestmark = pytest.mark.process

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KIT = Path(sys.executable).with_name("kit")  # the console script, as a user runs it
FRAUD = "破获电信网络诈骗案件{}起。\n"


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def _seed_rows() -> list[dict]:
    """Every seed figure, as `kit extract` of the seeds alone writes them."""
    return [json.loads(json_line(m.to_dict())) for m in kit.iter_metrics()]


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "KIT_CACHE_DIR": str(tmp_path / "cache"), "CI": "1"}


# ---- 1. code in the current folder is never run ---------------------------------------------


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 small reports: enough for `kit extract` to start worker processes."""
    folder = tmp_path_factory.mktemp("many") / "in"
    folder.mkdir()
    for i in range(120):
        (folder / f"f{i:03}.txt").write_text(FRAUD.format(i + 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("planted", ["kit.py", "kit/"])
def test_code_in_the_current_folder_is_never_imported_by_workers(
    many: Path, tmp_path: Path, planted: str
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    marker = tmp_path / "MARKER"
    if planted == "kit.py":
        (here / "kit.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    else:
        (here / "kit").mkdir()  # the parent folder of a checkout: not the package
    done = subprocess.run(
        [str(KIT), "extract", str(many), "--jobs", "2"],
        cwd=here,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert sorted(r["value"] for r in _jsonl(done.stdout)) == [float(i) for i in range(1, 121)]
    assert "Traceback" not in done.stderr


# ---- 3. a file name that is not UTF-8 -------------------------------------------------------


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    """The seeds plus a non-UTF-8 name, a `$\\x$` name and a `<style>` name."""
    folder = tmp_path / "hostile"
    shutil.copytree(SEEDS, folder)
    (folder / os.fsdecode(b"bad\xff\xfename.txt")).write_text(FRAUD.format(12), encoding="utf-8")
    (folder / "$\\x$ math.txt").write_text(FRAUD.format(34), encoding="utf-8")
    (folder / "<style>body{display:none}.txt").write_text(FRAUD.format(56), encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_non_utf8_file_name_is_named_and_every_seed_figure_still_out(
    hostile_corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys, jobs: str
) -> None:
    monkeypatch.setattr(par, "MIN_FILES_PER_PROCESS", 1)
    assert main(["extract", str(hostile_corpus), "--jobs", jobs]) == 0
    out = capsys.readouterr().out
    rows = [json.loads(line) for line in out.splitlines()]  # strict JSON, one object a line
    names = {r["doc_id"] for r in rows}
    assert "bad\\xff\\xfename.txt" in names  # the undecodable bytes shown, not lost
    seeds = _seed_rows()
    kept = [r for r in rows if r["doc_id"] in {s["doc_id"] for s in seeds}]
    assert kept == seeds


def test_non_utf8_file_name_through_load_corpus(hostile_corpus: Path) -> None:
    corpus = load_corpus(hostile_corpus)
    assert corpus.errors == []
    doc = next(d for d in corpus if d.doc_id.startswith("bad"))
    assert doc.doc_id == "bad\\xff\\xfename.txt"
    doc.doc_id.encode("utf-8")  # storable everywhere
    assert kit.metrics_frame(hostile_corpus, cache=False)["doc_id"].nunique() == len(corpus)


# ---- 4. the output is never read back as input, never an input overwritten -------------------


def test_output_inside_the_input_folder_is_not_read_back(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    out = folder / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out)]) == 0
    first = out.read_text(encoding="utf-8")
    assert main(["extract", str(folder), "-o", str(out)]) == 0  # out.jsonl is now in the folder
    assert out.read_text(encoding="utf-8") == first
    assert len(_jsonl(first)) == len(_seed_rows())
    assert capsys.readouterr().err == ""


def test_an_input_linked_to_the_output_under_another_name_is_not_read(tmp_path: Path, capsys):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out)]) == 0
    first = out.read_text(encoding="utf-8")
    (folder / "alias.txt").symlink_to(out)  # the output, reached by a link of another name
    assert main(["extract", str(folder), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == first
    assert capsys.readouterr().err == ""


def test_output_naming_an_input_file_is_refused_and_the_input_kept(tmp_path: Path, capsys):
    report = tmp_path / "report.txt"
    shutil.copy(SEEDS / "004_f2f0698675f26159.txt", report)
    before = report.read_bytes()
    assert main(["extract", str(report), "-o", str(report)]) == 2
    assert "is one of the input files" in capsys.readouterr().err
    assert report.read_bytes() == before


# ---- 8. outputs are atomic; a killed run leaves no file and no process ------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus large enough to be killed while workers are busy."""
    out = tmp_path_factory.mktemp("big")
    make_corpus_module().generate(300, 11, out)
    return out / "docs"


def _tree(pid: int) -> list[psutil.Process]:
    parent = psutil.Process(pid)
    return [parent, *parent.children(recursive=True)]


def _wait_for_workers(proc: subprocess.Popen, timeout: float = 240) -> list[psutil.Process]:
    """The run's processes once two workers are extracting (forkserver's children)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be killed"
        tree = _tree(proc.pid)
        workers = [p for p in tree if p.ppid() != proc.pid and p.pid != proc.pid]
        if len(workers) >= 2:
            return tree
        time.sleep(0.2)
    raise AssertionError("workers never started")


def _all_gone(processes: list[psutil.Process], timeout: float = 20) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    alive = processes
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        time.sleep(0.2)
    return alive


@pytest.mark.parametrize(
    ("fmt", "how"),
    [("parquet", "TERM+KILL"), ("parquet", "KILL"), ("csv", "TERM")],
)
def test_killed_run_leaves_the_old_output_and_no_processes(
    big: Path, tmp_path: Path, fmt: str, how: str
) -> None:
    out = tmp_path / f"out.{fmt}"
    out.write_bytes(b"previous result\n")
    proc = subprocess.Popen(
        [str(KIT), "extract", str(big), "--jobs", "2", "--format", fmt, "-o", str(out)],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        tree = _wait_for_workers(proc)
        if how.startswith("TERM"):
            proc.send_signal(signal.SIGTERM)
            if how == "TERM+KILL":
                time.sleep(0.3)
                proc.kill()
        else:
            proc.kill()
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert code in (-signal.SIGKILL, 128 + signal.SIGTERM), (code, stderr)
    assert "Traceback" not in stderr
    assert out.read_bytes() == b"previous result\n"  # never a half-written file at the path
    assert _all_gone(tree) == []
    if code == 128 + signal.SIGTERM:  # cleaned up: not even the hidden temporary file is left
        assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == [out.name]


def test_finished_parquet_replaces_the_old_file_in_one_step(tmp_path: Path) -> None:
    out = tmp_path / "m.parquet"
    out.write_bytes(b"previous result")
    assert main(["extract", str(SEEDS), "--format", "parquet", "-o", str(out)]) == 0
    assert len(pq.read_table(out)) == len(_seed_rows())
    assert [p.name for p in tmp_path.iterdir()] == ["m.parquet"]


# ---- 9. a damaged cache is verified, dropped and rebuilt --------------------------------------


@pytest.fixture
def cached(tmp_path: Path) -> tuple[Path, Path, pd.DataFrame]:
    """(corpus, cache folder, the clean rows) after one cached run over a copy of the seeds."""
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    store = tmp_path / "cache"
    clean = kit.metrics_frame(folder, cache=False)
    pd.testing.assert_frame_equal(kit.metrics_frame(folder, cache=store), clean)
    return folder, Cache(store).dir, clean


def _segment(folder: Path) -> tuple[Path, Path]:
    (manifest,) = folder.glob("seg-*.json")
    return manifest, manifest.with_suffix(".parquet")


def _truncate(manifest: Path, segment: Path) -> None:
    segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])


def _garbage(manifest: Path, segment: Path) -> None:
    segment.write_bytes(os.urandom(segment.stat().st_size))


def _same_size_other_table(manifest: Path, segment: Path) -> None:
    table = pq.read_table(segment)
    pq.write_table(table.slice(1), segment)  # a valid Parquet file, one row short


def _edit_offsets(manifest: Path, segment: Path) -> None:
    entry = json.loads(manifest.read_text())
    entry["docs"][0][1], entry["docs"][1][1] = entry["docs"][1][1], entry["docs"][0][1]
    entry["docs"][0], entry["docs"][1] = entry["docs"][1], entry["docs"][0]
    manifest.write_text(json.dumps(entry))


def _malformed_shape(manifest: Path, segment: Path) -> None:
    manifest.write_text(json.dumps({"segment": 7, "docs": {"a": 1}}))


def _not_an_object(manifest: Path, segment: Path) -> None:
    manifest.write_text("[1, 2, 3]")


DAMAGE = {
    "truncated segment": _truncate,
    "garbage segment": _garbage,
    "other valid parquet": _same_size_other_table,
    "edited offsets": _edit_offsets,
    "manifest of another shape": _malformed_shape,
    "manifest not an object": _not_an_object,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_cache_is_rebuilt_and_rows_equal_a_clean_run(
    cached: tuple[Path, Path, pd.DataFrame], damage: str
) -> None:
    folder, store, clean = cached
    DAMAGE[damage](*_segment(store))
    again = kit.metrics_frame(folder, cache=store.parent)  # no exception, right rows
    pd.testing.assert_frame_equal(again, clean)
    cache = Cache(store.parent)
    assert len(cache) == len(list(folder.iterdir())) and cache.repaired == 0
    assert all(cache.lookup(d) is not None for d in list(cache.index))


def test_cache_never_reads_outside_its_folder(cached: tuple[Path, Path, pd.DataFrame]) -> None:
    folder, store, clean = cached
    manifest, segment = _segment(store)
    outside = store.parent / "stolen.parquet"  # other figures, as a planted file would hold
    table = pq.read_table(segment)
    index = table.schema.get_field_index("value")
    pq.write_table(table.set_column(index, "value", pc.multiply(table["value"], 2)), outside)
    entry = json.loads(manifest.read_text())
    entry["segment"] = "../stolen.parquet"
    manifest.write_text(json.dumps(entry))
    segment.unlink()
    pd.testing.assert_frame_equal(kit.metrics_frame(folder, cache=store.parent), clean)
    assert outside.exists()  # neither read nor deleted
    assert all(p.parent == store for p in store.rglob("*"))


def test_cli_cached_run_over_a_truncated_segment(
    cached: tuple[Path, Path, pd.DataFrame], capsys
) -> None:
    folder, store, clean = cached
    _truncate(*_segment(store))
    args = ["extract", str(folder), "--cache", "--cache-dir", str(store.parent)]
    assert main(args) == 0
    rows = _jsonl(capsys.readouterr().out)
    assert [r["value"] for r in rows] == pytest.approx(clean["value"].tolist())
    assert [(r["doc_id"], r["start"]) for r in rows] == list(
        zip(clean["doc_id"], clean["start"], strict=True)
    )


# ---- 10. a file changing during the run -------------------------------------------------------


def test_digest_and_figures_come_from_one_read(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "changing.txt"
    versions = [FRAUD.format(111).encode(), FRAUD.format(222).encode()]
    path.write_bytes(versions[0])
    reads = iter(versions * 3)
    real = Path.read_bytes

    def changing(self: Path) -> bytes:
        return next(reads) if self == path else real(self)

    monkeypatch.setattr(Path, "read_bytes", changing)
    (done,), table = par.extract_chunk([str(path)], want_digest=True)
    value = table.column("value").to_pylist()
    by_digest = {source_mod.file_digest(path, v): v for v in versions}  # bytes and reader
    assert done.digest in by_digest
    assert value == [111.0 if by_digest[done.digest] == versions[0] else 222.0]


# ---- 11. CSV cells that would run as spreadsheet formulas ---------------------------------------


CELLS = [
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("\t=1", "'\t=1"),
    ("-12.5", "-12.5"),
    ("+3%", "+3%"),
    ("-1,234", "-1,234"),
    ("破获案件12起", "破获案件12起"),
    ("", ""),
    (12.5, 12.5),
    (None, None),
]


@pytest.mark.parametrize(("cell", "safe"), CELLS)
def test_formula_cells_are_neutralised(cell: object, safe: object) -> None:
    assert neutralise_cell(cell) == safe


def test_csv_outputs_carry_no_formula(tmp_path: Path) -> None:
    report = tmp_path / "=cmd.txt"
    report.write_text("=HYPERLINK(1) 破获电信网络诈骗案件12起。\n@SUM 共抓获60人。\n", "utf-8")
    csv = tmp_path / "m.csv"
    assert main(["extract", str(report), "--format", "csv", "-o", str(csv)]) == 0
    summary = tmp_path / "s.csv"
    assert main(["summary", str(report), "-o", str(summary)]) == 0
    for written in (csv, summary):
        frame = pd.read_csv(written, dtype=str, keep_default_na=False)
        assert len(frame) == 2
        cells = [c for column in frame.columns for c in frame[column] if column != "value"]
        assert not [c for c in cells if c[:1] in ("=", "+", "@")]
        assert set(frame["doc_id"]) == {"'=cmd.txt"}
        assert frame["value"].tolist() == ["12.0", "60.0"]


def test_neutralising_a_frame_keeps_numbers_and_categories() -> None:
    frame = pd.DataFrame({"v": [-1.0, 2.0], "t": ["=a", "b"], "c": pd.Categorical(["@x", "y"])})
    safe = neutralise_formulas(frame)
    assert safe["v"].tolist() == [-1.0, 2.0]
    assert safe["t"].tolist() == ["'=a", "b"]
    assert safe["c"].tolist() == ["'@x", "y"]
    assert frame["t"].tolist() == ["=a", "b"]  # the caller's frame is not changed


# ---- 15. symbolic links and other special files -------------------------------------------------


def test_symlinked_folders_are_read_and_broken_links_named(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SEEDS / "004_f2f0698675f26159.txt", elsewhere / "linked.txt")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_fe8e3cc9c7a97b01.txt", corpus / "plain.txt")
    (corpus / "more").symlink_to(elsewhere, target_is_directory=True)
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    os.mkfifo(corpus / "pipe.txt")

    loaded = load_corpus(corpus)

    assert [d.doc_id for d in loaded] == ["linked.txt", "plain.txt"]
    errors = {Path(e.path).name: e.reason for e in loaded.errors}
    assert set(errors) == {"dangling.txt", "loop", "pipe.txt"}
    assert "broken symbolic link" in errors["dangling.txt"] and "gone.txt" in errors["dangling.txt"]
    assert "already read" in errors["loop"]
    assert "not a regular file" in errors["pipe.txt"]
    items = par.plan(corpus)  # `kit extract` walks the same way
    assert sorted(p.name for p in items if isinstance(p, Path)) == ["linked.txt", "plain.txt"]


def test_a_broken_link_given_by_name_is_named(tmp_path: Path, capsys) -> None:
    link = tmp_path / "report.txt"
    link.symlink_to(tmp_path / "moved.txt")
    assert main(["extract", str(link)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"kit: error: {link}: broken symbolic link (to {tmp_path / 'moved.txt'})"


# ---- 16. missing output folder, full disk, lone surrogates --------------------------------------


def test_output_into_a_missing_folder_is_created(tmp_path: Path) -> None:
    out = tmp_path / "new" / "deeper" / "m.jsonl"
    assert main(["extract", str(SEEDS / "004_f2f0698675f26159.txt"), "-o", str(out)]) == 0
    assert len(_jsonl(out.read_text(encoding="utf-8"))) > 20


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_full_disk_is_one_line_naming_the_output(capsys, fmt: str) -> None:
    assert main(["extract", str(SEEDS), "--format", fmt, "-o", "/dev/full"]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "kit: error: could not write /dev/full: No space left on device"
    ]


def test_output_that_is_a_folder_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(SEEDS), "-o", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip() == f"kit: error: cannot write {tmp_path}: Is a directory"


@pytest.mark.parametrize("cache", [False, True])
def test_lone_surrogates_through_the_api(tmp_path: Path, cache: bool) -> None:
    text = "破获电信网络诈骗案件12起\ud800。抓获\udc00嫌疑人34名。"
    doc = Document(doc_id="odd\udcff.txt", text=text, language="zh")
    frame = kit.metrics_frame([doc], cache=tmp_path / "c" if cache else False)
    assert frame["value"].tolist() == [12.0, 34.0]
    assert frame["doc_id"].tolist() == ["odd\ufffd.txt"] * 2
    for row in frame.itertuples():
        assert text[row.start : row.end] == row.text  # offsets still into the caller's text
    assert "\ufffd" in frame["sentence"].iloc[0]
    docs = kit.documents_frame([doc], cache=False)
    assert docs["figures"].tolist() == [2]


# ---- the per-file time budget --------------------------------------------------------------------


def test_a_file_over_its_time_budget_is_a_named_error(tmp_path: Path, monkeypatch) -> None:
    slow, quick = tmp_path / "slow.txt", tmp_path / "quick.txt"
    slow.write_text("pathological " + FRAUD.format(1), encoding="utf-8")
    quick.write_text(FRAUD.format(2), encoding="utf-8")
    real = kit.run.engine.extract_document

    def extract(document):
        if document.doc_id == "slow.txt":
            while True:  # as a pathological pattern would
                pass
        return real(document)

    monkeypatch.setattr(kit.run.engine, "extract_document", extract)
    began = time.monotonic()
    results = list(par.iter_results([slow, quick], jobs=1, budget=0.3))
    assert time.monotonic() - began < 30
    error, ok = results
    assert isinstance(error, kit.LoadError) and error.path == str(slow)
    assert "time budget of 0.3 s" in error.reason
    assert ok.table.column("value").to_pylist() == [2.0]


def test_time_limit_flag_and_environment(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(kit.run.engine, "extract_document", lambda d: time.sleep(5) or [])
    report = tmp_path / "r.txt"
    report.write_text(FRAUD.format(3), encoding="utf-8")
    assert main(["extract", str(report), "--time-limit", "0.2"]) == 1
    assert "time budget of 0.2 s" in capsys.readouterr().err
    monkeypatch.setenv("KIT_FILE_SECONDS", "0.2")
    assert main(["extract", str(report)]) == 1
    assert "time budget of 0.2 s" in capsys.readouterr().err
    assert main(["extract", str(report), "--time-limit", "-1"]) == 2


def test_the_budget_restores_the_previous_alarm_handler() -> None:
    from kit.run.budget import time_budget

    def mine(signum, frame):  # pragma: no cover - never fires
        raise AssertionError

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with time_budget(5):
            pass
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


# ---- the corpus: seeds + non-UTF-8 name + "1 2,345" + 400 digits + `$\x$` name -------


def test_hostile_corpus_every_seed_figure_out_and_strict_json(hostile_corpus: Path, capsys):
    (hostile_corpus / "spaced.txt").write_text("Police solved 1 2,345 cases.\n", "utf-8")
    (hostile_corpus / "long.txt").write_text(f"破获案件{'9' * 400}起。\n", encoding="utf-8")
    code = main(["extract", str(hostile_corpus)])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    for line in err.splitlines():  # any failure is one line naming its file
        assert line.startswith(f"kit: error: {hostile_corpus}")
    rows = [json.loads(line, parse_constant=_refuse) for line in out.splitlines()]
    seeds = _seed_rows()
    assert [r for r in rows if r["doc_id"] in {s["doc_id"] for s in seeds}] == seeds
    assert {"bad\\xff\\xfename.txt", "$\\x$ math.txt"} <= {r["doc_id"] for r in rows}


def _refuse(name: str) -> None:
    raise ValueError(f"not JSON: {name}")


# ---- 5. a `$` in a name or counted phrase is not matplotlib math ---------------------------------


def _hostile_frame(name: str, counted: str) -> pd.DataFrame:
    frame = kit.metrics_frame(cache=False)
    frame["doc_id"] = frame["doc_id"].cat.rename_categories({"001_63206c82e3f070fd.txt": name})
    counted_col = frame["counted"].astype(object)
    counted_col[::3] = counted
    frame["counted"] = counted_col.astype("category")
    return frame


CHARTS = ["counts_bar", "topic_bar", "rates_dot", "changes_diverging"]


@pytest.mark.parametrize("chart", CHARTS)
def test_dollar_signs_in_names_are_drawn_as_text(chart: str) -> None:
    import io

    import matplotlib.pyplot as plt

    from kit.present import charts

    name, counted = "$\\x$ math.txt", "cases of $\\x$ ^_{"
    frame = _hostile_frame(name, counted)
    kwargs = {"by": "doc_id"} if chart == "counts_bar" else {}
    fig = getattr(charts, chart)(frame, **kwargs)
    try:
        fig.savefig(io.BytesIO(), format="png")  # drawn outside the style context, as a page is
        texts = [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]
        assert any("$\\x$" in t for t in texts)
    finally:
        plt.close(fig)


# ---- 6. markup in file names never reaches a briefing as markup ---------------------------------


def test_styled_tables_escape_headers_and_captions() -> None:
    from kit.present.figure_tables import styled

    name = "<style>body{display:none}.txt"
    link = "<a href=#top>x.txt"
    table = pd.DataFrame({"metric": ["cases"], name: [1.0], link: [2.0]})
    page = styled(table, caption=f"From {link}").to_html()
    assert "<style>body" not in page and "<a href" not in page
    assert "&lt;style&gt;body{display:none}.txt" in page
    assert "From &lt;a href=#top&gt;x.txt" in page


def test_sanitiser_keeps_only_table_scoped_styles() -> None:
    from kit.publish.sanitize import sanitize_html

    page = (
        '<style type="text/css">#T_ab td { color: red; } body { display: none; }'
        " @import url(x.css); #T_ab th, p { color: blue; }</style>"
        '<table id="T_ab"><tr><th><style>body{display:none}.txt</th></tr></table>'
    )
    clean = sanitize_html(page)
    assert "#T_ab td" in clean and "color: red" in clean
    assert "display" not in clean and "@import" not in clean and "blue" not in clean


# ==== issue 23: the third hostile round ==========================================================
# Each test reproduces one finding; the item numbers are the issue's.

ARTICLE_P = "<p>2023年，全市共破获刑事案件3,215起，同比上升12.6%。抓获犯罪嫌疑人2,108名。</p>"


def _page(body: str, head: str = "") -> bytes:
    return (
        f"<html><head><title>全市公安工作总结</title>{head}</head><body>"
        f"<div class='article'>{body}</div></body></html>"
    ).encode()


# ---- item 1: kit reads its own output as a report -----------------------------------------------


def test_stdout_redirected_into_the_input_folder_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    with open(folder / "figures.txt", "w", encoding="utf-8") as out:  # `> figures.txt`
        done = subprocess.run(
            [str(KIT), "extract", "."], cwd=folder, stdout=out, env=_env(tmp_path), timeout=300
        )
    assert done.returncode == 0
    rows = _jsonl((folder / "figures.txt").read_text(encoding="utf-8"))
    assert rows == _seed_rows()


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        pytest.param("figures.jsonl", "jsonl", id="jsonl by name"),
        pytest.param("figures.csv", "csv", id="csv by name"),
        pytest.param("figures.parquet", "parquet", id="parquet by name"),
        pytest.param("old-run.txt", "jsonl", id="jsonl renamed .txt, by content"),
        pytest.param("metrics", "csv", id="csv without suffix, by content"),
    ],
)
def test_an_earlier_output_is_never_a_document(tmp_path: Path, capsys, name: str, fmt: str):
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    first = tmp_path / f"first.{fmt}"
    assert main(["extract", str(folder), "--format", fmt, "-o", str(first)]) == 0
    shutil.copy(first, folder / name)
    capsys.readouterr()
    code = main(["extract", str(folder)])
    captured = capsys.readouterr()
    assert _jsonl(captured.out) == _seed_rows()  # not one figure from the old output
    if Path(name).suffix in source_mod.TABLE_SUFFIXES:  # passed over like the fetch manifest
        assert (code, captured.err) == (0, "")
    else:  # recognised by its content, under any name: named as the kit's own output
        assert code == 1
        assert captured.err == f"kit: error: {folder / name}: {source_mod.KIT_OUTPUT}\n"
    main(["docs", str(folder)])
    listed = capsys.readouterr().out
    assert name not in listed
    assert [d.doc_id for d in load_corpus(folder)] == [d.doc_id for d in load_corpus(SEEDS)]


# ---- item 5: a manifest line of the wrong types --------------------------------------------------


def test_manifest_lines_of_wrong_types_are_named_and_the_run_goes_on(tmp_path: Path, capsys):
    folder = tmp_path / "fetched"
    folder.mkdir()
    (folder / "a.html").write_bytes(_page(ARTICLE_P))
    (folder / "b.html").write_bytes(_page(ARTICLE_P.replace("3,215", "4,321")))
    lines = [
        {"url": 12345, "file": "a.html", "content_type": "text/html"},
        {"url": "http://b.example/b.html", "file": "b.html", "content_type": ["text/html"]},
        "not an object",
    ]
    (folder / "manifest.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    for engine_args in ([], ["--jobs", "1"]):
        assert main(["extract", str(folder), *engine_args]) == 0
        rows = _jsonl(capsys.readouterr().out)
        assert {r["doc_id"] for r in rows} == {"a.html", "b.html"}
        assert {r["url"] for r in rows} == {None}  # neither bad line is trusted
    assert main(["docs", str(folder)]) == 0
    assert "a.html" in capsys.readouterr().out
    done = subprocess.run(
        [str(KIT), "extract", str(folder), "--jobs", "2"],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=300,
    )
    assert done.returncode == 0 and _jsonl(done.stdout) == rows
    manifest = folder / "manifest.jsonl"
    assert done.stderr.splitlines() == [  # one line each, named, not one per worker
        f"kit: warning: {manifest}: line 1 ignored: 'url' is int, not str",
        f"kit: warning: {manifest}: line 2 ignored: 'content_type' is list, not str",
        f"kit: warning: {manifest}: line 3 ignored: not a JSON object",
    ]


# ---- item 6: memory bounded per file, a dead worker retried in a fresh one -----------------------


def test_bombs_are_named_and_every_good_figure_written(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "bomb.pdf").write_bytes(pdf_bomb(80 * 2**20))
    (folder / "bomb2.pdf").write_bytes(pdf_bomb(72 * 2**20, layers=2))  # two Flate layers
    (folder / "bomb.docx").write_bytes(docx_bomb(80 * 2**20))
    (folder / "million.docx").write_bytes(many_paragraphs(150_000))
    started = time.monotonic()
    assert main(["extract", str(folder)]) == 1
    assert time.monotonic() - started < 60
    captured = capsys.readouterr()
    assert _jsonl(captured.out) == _seed_rows()
    errors = dict(
        line.removeprefix("kit: error: ").split(": ", 1) for line in captured.err.splitlines()
    )
    assert "decompression bomb" in errors[str(folder / "bomb.pdf")]
    assert "decompression bomb" in errors[str(folder / "bomb2.pdf")]
    assert "decompression bomb" in errors[str(folder / "bomb.docx")]
    assert "more than 100,000 paragraphs" in errors[str(folder / "million.docx")]


def test_workers_killed_midway_are_replaced_and_nothing_runs_in_this_process(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_here(*args: object) -> None:
        raise AssertionError("a chunk was extracted in the main process")

    # the workers import their own copy
    monkeypatch.setattr(kit.run.engine, "extract_document", not_here)
    results = par.iter_results(many, jobs=2, cache=None)
    first = next(results)
    me = os.getpid()
    workers = [p for p in psutil.Process(me).children(recursive=True) if p.ppid() != me]
    assert workers
    for worker in workers:  # what the OOM killer does
        worker.kill()
    rest = list(results)
    assert all(not isinstance(r, par.LoadError) for r in rest)
    assert [first.doc_id, *(r.doc_id for r in rest)] == [f"f{i:03}.txt" for i in range(120)]


class _DyingWorkers:
    """Workers whose process dies on one file (as the OOM killer takes it) every time."""

    def __init__(self, deadly: str) -> None:
        self.deadly = deadly

    def renew(self) -> None:
        pass

    def submit(self, args: tuple) -> object:
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        future: Future = Future()
        if any(Path(p).name == self.deadly for p in args[0]):
            future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        else:
            future.set_result(par.extract_chunk(*args))
        return future


def test_the_file_that_kills_its_worker_is_named_and_its_chunk_mates_kept(many: Path) -> None:
    paths = [str(many / f"f{i:03}.txt") for i in range(3)]
    statuses, table = Retried(
        _DyingWorkers("f001.txt"), (paths, False, False, None), par._lost, par._merge
    ).result()
    assert [s.doc_id for s in statuses] == ["f000.txt", "f001.txt", "f002.txt"]
    assert [s.error is None for s in statuses] == [True, False, True]
    assert "died" in statuses[1].error and table.num_rows == statuses[0].rows + statuses[2].rows


# ---- item 7: the cache key covers how a file was read --------------------------------------------


def test_a_file_renamed_to_another_reader_is_read_again(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    markup = ("<div><h1>全市公安工作总结</h1>" + ARTICLE_P * 3 + "</div>").encode()
    (folder / "page.txt").write_bytes(markup)
    cache = tmp_path / "cache"
    assert main(["extract", str(folder), "--cache", "--cache-dir", str(cache)]) == 0
    as_text = _jsonl(capsys.readouterr().out)
    (folder / "page.txt").rename(folder / "page.html")
    assert main(["extract", str(folder), "--cache", "--cache-dir", str(cache)]) == 0
    as_html = _jsonl(capsys.readouterr().out)
    document = load_corpus(folder).documents[0]
    assert as_html and all(document.text[r["start"] : r["end"]] == r["text"] for r in as_html)
    assert [r["start"] for r in as_html] != [r["start"] for r in as_text]
    assert source_mod.reader_for(folder / "page.html", markup) == "html"


def test_the_cache_key_names_the_reader_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"%PDF-1.4 not really"
    before = source_mod.file_digest("r.pdf", data)
    monkeypatch.setattr(source_mod, "reader_versions", lambda reader: "pdfplumber=99.0")
    assert source_mod.file_digest("r.pdf", data) != before  # an upgraded reader reads again


# ---- item 8: huge trees read, or what was cut said -----------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        pytest.param("<div>" * 300 + "深" + "</div>" * 300, id="300 levels deep"),
        pytest.param("<div>" * 1500 + "深" + "</div>" * 1500, id="1,500 levels deep"),
        pytest.param(f"<p>{'x' * 10_500_000}</p>", id="a text node over 10 MB"),
        pytest.param(f"<p title='{'x' * 10_500_000}'>a</p>", id="an attribute over 10 MB"),
        pytest.param(f"<script>{'x' * 10_500_000}</script>", id="a script over 10 MB"),
    ],
)
def test_a_page_is_read_past_deep_nesting_and_huge_nodes(middle: str) -> None:
    after = "<p>此后，全市抓获犯罪嫌疑人1,234名，同比下降5.5%。</p>"
    page = read_html(_page(ARTICLE_P * 2 + middle + after))
    assert "1,234名" in page.text


def test_a_page_too_deep_for_libxml2_is_refused_saying_where(tmp_path: Path) -> None:
    from kit.load.html import PageError

    deep = "<div>" * 2100 + "深" + "</div>" * 2100
    with pytest.raises(
        PageError, match=r"cannot be read past line 1, column \d+ .*Excessive depth"
    ):
        read_html(_page(ARTICLE_P * 2 + deep + "<p>此后抓获1,234名。</p>"))


# ---- item 9: Word text boxes, hidden text, dangling relationships --------------------------------

TEXT_BOX = (
    "<w:p><w:r><w:t>正文：破获刑事案件3,215起。</w:t></w:r>"
    "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx><w:txbxContent>"
    "<w:p><w:r><w:t>文本框：抓获犯罪嫌疑人2,108名。</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>文本框：抓获犯罪嫌疑人2,108名。</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
)
HIDDEN = (
    "<w:p><w:r><w:t>全市破获电信诈骗案件1,286起</w:t></w:r>"
    "<w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部口径：9,999起）</w:t></w:r>"
    "<w:r><w:rPr><w:vanish w:val='0'/></w:rPr><w:t>，同比下降4.7%。</w:t></w:r></w:p>"
)
DANGLING = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/image" Target="media/missing.png"/></Relationships>'
)

WORD_CASES = [
    pytest.param(
        TEXT_BOX,
        {},
        ["正文：破获刑事案件3,215起。", "文本框：抓获犯罪嫌疑人2,108名。"],
        id="text box once, on its own line",
    ),
    pytest.param(
        HIDDEN, {}, ["全市破获电信诈骗案件1,286起，同比下降4.7%。"], id="hidden text left out"
    ),
    pytest.param(
        "<w:p><w:r><w:t>破获案件12起。</w:t></w:r></w:p>",
        {"word/_rels/document.xml.rels": DANGLING},
        ["破获案件12起。"],
        id="a dangling relationship",
    ),
]


@pytest.mark.parametrize(("body", "extra", "lines"), WORD_CASES)
def test_word_reads_what_word_shows(body: str, extra: dict, lines: list[str]) -> None:
    assert read_docx(docx_package(body_xml(body), extra=extra)).text.splitlines() == lines


# ---- item 10: the manifest is looked up, not scanned ---------------------------------------------


def test_sixteen_thousand_fetched_files_cost_one_manifest_read(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": f"http://a.example/{i}.html", "file": f"{i}.html", "status": 200})
        for i in range(16_000)
    ]
    (tmp_path / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    found = [manifest_mod.entry_for(tmp_path / f"{i}.html") for i in range(16_000)]
    assert time.monotonic() - started < 15  # a scan per file: 165 s on the same machine
    assert [e["url"] for e in found[:2]] == ["http://a.example/0.html", "http://a.example/1.html"]


def test_a_manifest_line_cut_by_a_kill_does_not_swallow_the_next(tmp_path: Path) -> None:
    (tmp_path / "manifest.jsonl").write_text('{"url": "http://a.example/x", "fi', "utf-8")
    manifest_mod.append(tmp_path, {"url": "http://a.example/y", "file": "y.html"})
    with pytest.warns(manifest_mod.ManifestWarning, match="line 1 ignored"):
        assert [e["file"] for e in manifest_mod.read(tmp_path)] == ["y.html"]


# ---- item 11: encodings, bidi controls, canonical links, full disks, stale temporary files -------


def test_a_utf8_page_declaring_latin1_is_read_as_utf8() -> None:
    page = read_html(_page(ARTICLE_P * 2, head='<meta charset="iso-8859-1">'))
    assert "破获刑事案件3,215起" in page.text and page.encoding == "utf-8"


def test_a_javascript_canonical_link_is_never_the_documents_url() -> None:
    head = (
        '<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="data:x">'
    )
    assert read_html(_page(ARTICLE_P * 2, head=head)).url is None
    head = '<link rel="canonical" href="https://gaj.example.gov.cn/a.html">'
    assert read_html(_page(ARTICLE_P * 2, head=head)).url == "https://gaj.example.gov.cn/a.html"


@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u202a"])
def test_bidi_controls_never_reach_figures_or_tables(tmp_path: Path, control: str) -> None:
    path = tmp_path / "r.txt"
    path.write_text(f"全市共破获刑事案件{control}3,215{control}起，同比上升12.6%。\n", "utf-8")
    document = load_corpus(path).documents[0]
    assert control not in document.text
    figures = kit.metrics_frame(path, cache=False)
    assert "3,215" in set(figures["text"]) and not figures["sentence"].str.contains(control).any()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_on_a_full_disk_is_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(KIT), "extract", str(SEEDS)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(tmp_path),
            timeout=300,
        )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "kit: error: could not write standard output: No space left on device"
    ]


def test_temporary_files_of_killed_runs_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "m.jsonl"
    dead = tmp_path / f".m.jsonl.{2**22 + 17}-0123abcd.tmp"  # no such process
    old = tmp_path / ".m.jsonl.89abcdef.tmp"  # the name before the pid was part of it
    live = tmp_path / f".m.jsonl.{os.getpid()}-fedcba98.tmp"  # this process: still writing
    for path in (dead, old, live):
        path.write_text("half", encoding="utf-8")
    assert main(["extract", str(SEEDS / "004_f2f0698675f26159.txt"), "-o", str(out)]) == 0
    assert not dead.exists() and not old.exists() and live.exists()
