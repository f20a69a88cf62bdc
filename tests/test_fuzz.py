"""The plain random fuzzer through kit.extract: it never raises and every offset is exact."""

from __future__ import annotations

import re

import pytest
from _fuzz import SIGNS, SPACED_GROUP, failures, texts


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_figure_text_never_raises_and_offsets_are_exact(seed: int) -> None:
    assert failures(seed, 400) == []


def test_the_fuzzer_is_deterministic_and_mixes_every_ingredient() -> None:
    first = list(texts(7, 600))
    assert first == list(texts(7, 600))
    joined = "".join(first)
    for needed in ("万", "亿", "余", " ", ",", "，", "、", "%", "\n"):
        assert needed in joined
    assert sum(bool(SPACED_GROUP.search(t)) for t in first) >= 10  # "1 2,345" shapes: item 2
    # issue 23: full-width digits, signed numbers and hidden characters inside numbers
    assert sum(bool(re.search(r"[０-９]", t)) for t in first) >= 20
    assert sum(bool(re.search(rf"[{''.join(SIGNS)}]\d", t)) for t in first) >= 10
    assert sum(bool(re.search("\\d[\u200b\u2009\u00ad]\\d", t)) for t in first) >= 5
