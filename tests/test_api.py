"""The public calls accept a corpus in every form a user has one: path, paths, Corpus, Documents.

Regression: `kit.documents_frame(Path("seeds"))` raised TypeError ('PosixPath' object is not
iterable) while `metrics_frame` took the same Path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import kit
from kit.load.corpus import seeds_dir

SEEDS = seeds_dir()
SEED_IDS = sorted(p.name for p in SEEDS.glob("*.txt"))


@dataclass(frozen=True)
class Form:
    """One way of naming the seeds as a corpus; `make` is called fresh for each use."""

    id: str
    make: Callable[[], Any]


FORMS = [
    Form("none_means_the_seeds", lambda: None),
    Form("str_folder", lambda: str(SEEDS)),
    Form("path_folder", lambda: SEEDS),
    Form("list_of_paths", lambda: [SEEDS]),
    Form("tuple_of_strs", lambda: tuple(str(p) for p in sorted(SEEDS.glob("*.txt")))),
    Form("corpus", lambda: kit.load_corpus(SEEDS)),
    Form("list_of_documents", lambda: kit.load_corpus(SEEDS).documents),
    Form("generator_of_documents", lambda: (d for d in kit.load_corpus(SEEDS).documents)),
]


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return kit.metrics_frame(kit.load_corpus(SEEDS), cache=False)


def _rows(frame: pd.DataFrame) -> list[tuple[str, int, int, float]]:
    return sorted(zip(frame.doc_id, frame.start, frame.end, frame.value, strict=True))


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.id)
def test_documents_frame_accepts_every_corpus_form(form: Form, tmp_path: Path) -> None:
    frame = kit.documents_frame(form.make(), cache=tmp_path)
    assert sorted(frame.doc_id) == SEED_IDS
    assert (frame.figures > 0).all()


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.id)
@pytest.mark.parametrize("cache", [False, True], ids=["no_cache", "cache"])
def test_metrics_frame_accepts_every_corpus_form(
    form: Form, cache: bool, reference: pd.DataFrame, tmp_path: Path
) -> None:
    frame = kit.metrics_frame(form.make(), cache=tmp_path if cache else False)
    assert _rows(frame) == _rows(reference)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.id)
def test_iter_metrics_accepts_every_corpus_form(form: Form, reference: pd.DataFrame) -> None:
    rows = sorted((m.doc_id, m.start, m.end, m.value) for m in kit.iter_metrics(form.make()))
    assert rows == _rows(reference)


def test_documents_frame_counts_match_metrics_frame(reference: pd.DataFrame) -> None:
    frame = kit.documents_frame(Path(SEEDS), cache=False)
    counts = reference.doc_id.value_counts()
    assert dict(zip(frame.doc_id, frame.figures, strict=True)) == counts.to_dict()


def test_an_empty_list_is_an_empty_corpus() -> None:
    assert kit.documents_frame([], cache=False).empty
    assert kit.metrics_frame([], cache=False).empty
