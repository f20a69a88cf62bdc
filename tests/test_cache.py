"""The extraction cache: hits, misses and invalidation per file, counted by extract calls."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import kit
import kit.run.cache as cache_module
import kit.run.engine
import kit.run.parallel as par
from kit.api import iter_metrics, metrics_frame
from kit.cli import main
from kit.frame import metrics_to_frame
from kit.load.corpus import load_corpus
from kit.run.cache import Cache, default_dir, fingerprint

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXTRA = (
    "\nIn 2023, the city's public security organs solved 1,234 criminal cases, "
    "a year-on-year increase of 12.5%.\n"
)


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """The seeds, twice over under other names (12 files: extracted in this process)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in sorted(SEEDS.iterdir()):
        shutil.copy(path, folder / path.name)
        shutil.copy(path, folder / f"copy_{path.name}")
    (folder / "note.txt").write_text("A short note with 3 numbers: 17 cases, 45%.\n")
    (folder / "bad.bin").write_bytes(bytes(range(256)) * 8)
    return folder


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """doc_id of every document extracted from now on."""
    seen: list[str] = []
    real: Callable = kit.run.engine.extract_document

    def counting(document):
        seen.append(document.doc_id)
        return real(document)

    monkeypatch.setattr(kit.run.engine, "extract_document", counting)
    return seen


def _plain(folder: Path) -> pd.DataFrame:
    return metrics_to_frame(iter_metrics(load_corpus(str(folder))))


def test_second_run_extracts_nothing(reports: Path, tmp_path: Path, calls: list[str]) -> None:
    store = tmp_path / "cache"
    first = metrics_frame(str(reports), cache=store)
    assert len(calls) == 11  # every loadable file once; the binary one fails before extraction
    calls.clear()
    second = metrics_frame(str(reports), cache=store)
    assert calls == []
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(second, _plain(reports))


def test_changing_one_file_re_extracts_that_file_alone(
    reports: Path, tmp_path: Path, calls: list[str]
) -> None:
    store = tmp_path / "cache"
    metrics_frame(str(reports), cache=store)
    calls.clear()
    changed = reports / "002_c8e80d1492b67d01.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    frame = metrics_frame(str(reports), cache=store)
    assert calls == ["002_c8e80d1492b67d01.txt"]
    pd.testing.assert_frame_equal(frame, _plain(reports))
    assert "1,234" in set(frame.loc[frame["doc_id"] == changed.name, "text"])
    calls.clear()
    metrics_frame(str(reports), cache=store)
    assert calls == []


def test_renamed_or_copied_files_are_hits_under_their_own_name(
    reports: Path, tmp_path: Path, calls: list[str]
) -> None:
    store = tmp_path / "cache"
    metrics_frame(str(reports), cache=store)
    calls.clear()
    (reports / "note.txt").rename(reports / "renamed.txt")
    shutil.copy(reports / "renamed.txt", reports / "another.txt")
    frame = metrics_frame(str(reports), cache=store)
    assert calls == []
    pd.testing.assert_frame_equal(frame, _plain(reports))
    ids = set(frame["doc_id"])
    assert {"renamed.txt", "another.txt"} <= ids and "note.txt" not in ids


def test_a_new_kit_fingerprint_re_extracts_everything(
    reports: Path, tmp_path: Path, calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache"
    metrics_frame(str(reports), cache=store)
    calls.clear()
    monkeypatch.setattr(cache_module, "fingerprint", lambda *_: "0" * 64)
    metrics_frame(str(reports), cache=store)
    assert len(calls) == 11
    calls.clear()
    metrics_frame(str(reports), cache=store)
    assert calls == []


def test_fingerprint_follows_lexicon_bytes_and_version(tmp_path: Path) -> None:
    package = tmp_path / "kit"
    shutil.copytree(Path(kit.__file__).parent, package, ignore=shutil.ignore_patterns("__py*"))
    before = fingerprint(package)
    assert fingerprint(package) == before  # stable
    lexicon = package / "lexicon" / "en.toml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# a new synonym\n")
    after_lexicon = fingerprint(package)
    assert after_lexicon != before
    version = package / "_version.py"  # a release bumps the one version
    version.write_text('__version__ = "99.0"\n', encoding="utf-8")
    assert fingerprint(package) != after_lexicon
    assert Cache(tmp_path / "c", fingerprint(package)).dir != Cache(tmp_path / "c", before).dir


def test_fingerprint_follows_extraction_code_not_other_modules(tmp_path: Path) -> None:
    package = tmp_path / "kit"
    shutil.copytree(Path(kit.__file__).parent, package, ignore=shutil.ignore_patterns("__py*"))
    before = fingerprint(package)
    widgets = package / "present" / "widgets.py"
    widgets.write_text(widgets.read_text(encoding="utf-8") + "\n# a new button\n")
    assert fingerprint(package) == before  # charts, widgets, briefings: results unchanged
    numbers = package / "figures" / "mentions.py"  # extraction code, so it counts
    numbers.write_text(numbers.read_text(encoding="utf-8") + "\n# a new damage pattern\n")
    assert fingerprint(package) != before


def test_every_module_of_the_figures_package_is_in_the_fingerprint() -> None:
    """A move of the extraction code (kit/extract.py -> kit/figures/) must keep it counted."""
    from kit.run.cache import _package_files

    package = Path(kit.__file__).parent
    counted = set(_package_files(package))
    figures = set((package / "figures").glob("*.py"))
    assert figures and figures <= counted, sorted(p.name for p in figures - counted)


def test_a_missing_fingerprint_root_is_an_error(tmp_path: Path) -> None:
    package = tmp_path / "kit"
    shutil.copytree(Path(kit.__file__).parent, package, ignore=shutil.ignore_patterns("__py*"))
    (package / "figures" / "decide.py").unlink()
    with pytest.raises(FileNotFoundError, match=r"decide\.py"):
        fingerprint(package)


def test_bad_files_are_not_cached_and_fail_every_time(reports: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    for _ in range(2):
        _, errors = par.metrics_table(reports, cache=store)
        assert [Path(e.path).name for e in errors] == ["bad.bin"]


def test_in_memory_documents_are_cached_by_text(tmp_path: Path, calls: list[str]) -> None:
    corpus = load_corpus()
    store = tmp_path / "cache"
    first = metrics_frame(corpus, cache=store)
    assert len(calls) == 5
    calls.clear()
    second = metrics_frame(corpus, cache=store)
    assert calls == []
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(second, metrics_to_frame(iter_metrics(corpus)))


def test_cache_false_always_extracts(reports: Path, tmp_path: Path, calls: list[str]) -> None:
    metrics_frame(str(reports), cache=False)
    metrics_frame(str(reports), cache=False)
    assert not (tmp_path / "cache").exists()


def test_default_folder_honours_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_CACHE_DIR", str(tmp_path / "here"))
    assert default_dir() == tmp_path / "here"
    assert Cache().dir.parent == tmp_path / "here"
    monkeypatch.delenv("KIT_CACHE_DIR")
    assert default_dir() == Path.home() / ".cache" / "kit"


def test_half_written_or_broken_segments_are_ignored(
    reports: Path, tmp_path: Path, calls: list[str]
) -> None:
    store = tmp_path / "cache"
    metrics_frame(str(reports), cache=store)
    folder = Cache(store).dir
    manifests = sorted(folder.glob("seg-*.json"))
    assert manifests
    for manifest in manifests:
        manifest.write_text("{not json")  # as if a writer died before its index was complete
    (folder / "seg-99999999999999999999-dead.parquet").write_bytes(b"PAR1 half")
    calls.clear()
    frame = metrics_frame(str(reports), cache=store)
    assert len(calls) == 11
    pd.testing.assert_frame_equal(frame, _plain(reports))


def test_segments_split_large_runs(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[str]
) -> None:
    monkeypatch.setattr(cache_module, "SEGMENT_DOCS", 3)
    monkeypatch.setattr(cache_module, "OPEN_SEGMENTS", 1)
    store = tmp_path / "cache"
    first = metrics_frame(str(reports), cache=store)
    assert len(list(Cache(store).dir.glob("seg-*.parquet"))) >= 2
    calls.clear()
    second = metrics_frame(str(reports), cache=store)
    assert calls == []
    pd.testing.assert_frame_equal(first, second)


def test_cli_cache_flag(reports: Path, tmp_path: Path, calls: list[str], capsys) -> None:
    argv = ["extract", str(reports), "--cache", "--cache-dir", str(tmp_path / "cache")]
    assert main(argv) == 1  # bad.bin
    first = capsys.readouterr().out
    calls.clear()
    assert main(argv) == 1
    second, err = capsys.readouterr()
    assert calls == []
    assert first == second
    assert "bad.bin" in err


def test_clear_removes_cached_results(reports: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    metrics_frame(str(reports), cache=store)
    assert len(Cache(store)) == 6  # distinct contents: the copies share their originals' key
    assert cache_module.clear(store, keep_current=True) == 0
    assert cache_module.clear(store) > 0
    assert len(Cache(store)) == 0


def test_documents_and_metrics_frames_extract_each_document_once(
    tmp_path: Path, calls: list[str]
) -> None:
    from kit.api import documents_frame

    corpus = load_corpus()
    store = tmp_path / "cache"
    docs = documents_frame(corpus, cache=store)
    frame = metrics_frame(corpus, cache=store)
    assert sorted(calls) == sorted(d.doc_id for d in corpus.documents)
    assert docs.set_index("doc_id")["figures"].to_dict() == frame["doc_id"].value_counts().to_dict()
