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

import kit
import kit.run.parallel as par
from kit.cli import main
from kit.load.corpus import load_corpus
from kit.run.cache import Cache, bytes_digest
from kit.run.output import neutralise_cell, neutralise_formulas
from kit.schema import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KIT = Path(sys.executable).with_name("kit")  # the console script, as a user runs it
FRAUD = "破获电信网络诈骗案件{}起。\n"


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def _seed_rows() -> list[dict]:
    """Every seed figure, as `kit extract` of the seeds alone writes them."""
    return [json.loads(par.json_line(m.to_dict())) for m in kit.iter_metrics()]


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
    by_digest = {bytes_digest(v): v for v in versions}
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
    real = par.extract

    def extract(document):
        if document.doc_id == "slow.txt":
            while True:  # as a pathological pattern would
                pass
        return real(document)

    monkeypatch.setattr(par, "extract", extract)
    began = time.monotonic()
    results = list(par.iter_results([slow, quick], jobs=1, budget=0.3))
    assert time.monotonic() - began < 30
    error, ok = results
    assert isinstance(error, kit.LoadError) and error.path == str(slow)
    assert "time budget of 0.3 s" in error.reason
    assert ok.table.column("value").to_pylist() == [2.0]


def test_time_limit_flag_and_environment(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(par, "extract", lambda d: time.sleep(5) or [])
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
    from kit.present.briefs import styled

    name = "<style>body{display:none}.txt"
    link = "<a href=#top>x.txt"
    table = pd.DataFrame({"metric": ["cases"], name: [1.0], link: [2.0]})
    page = styled(table, caption=f"From {link}").to_html()
    assert "<style>body" not in page and "<a href" not in page
    assert "&lt;style&gt;body{display:none}.txt" in page
    assert "From &lt;a href=#top&gt;x.txt" in page


def test_sanitiser_keeps_only_table_scoped_styles() -> None:
    from kit.publish.briefing import sanitize_html

    page = (
        '<style type="text/css">#T_ab td { color: red; } body { display: none; }'
        " @import url(x.css); #T_ab th, p { color: blue; }</style>"
        '<table id="T_ab"><tr><th><style>body{display:none}.txt</th></tr></table>'
    )
    clean = sanitize_html(page)
    assert "#T_ab td" in clean and "color: red" in clean
    assert "display" not in clean and "@import" not in clean and "blue" not in clean
