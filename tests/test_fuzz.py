"""The plain random fuzzer through kit.extract: it never raises and every offset is exact."""

from __future__ import annotations

import pytest
from _fuzz import SPACED_GROUP, failures, texts


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_figure_text_never_raises_and_offsets_are_exact(seed: int) -> None:
    assert failures(seed, 400) == []


def test_the_fuzzer_is_deterministic_and_mixes_every_ingredient() -> None:
    first = list(texts(7, 300))
    assert first == list(texts(7, 300))
    joined = "".join(first)
    for needed in ("万", "亿", "余", " ", ",", "，", "、", "%", "\n"):
        assert needed in joined
    assert sum(bool(SPACED_GROUP.search(t)) for t in first) >= 10  # "1 2,345" shapes: item 2
