"""Loading time grows with a file's size, never with the length of its longest line.

Regression for issue 15 item 7: metadata reading was quadratic on long lines (one 104 KB line
of dates took 114 s; a 5 MB report saved as one line 126 s against 12 s with line breaks).
Each pathological file is timed against a normal file of the same size in the same run, and
the bound on the ratio is very generous (the quadratic reading was hundreds of times slower),
so a busy machine does not make the test fail.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kit.load.corpus import load_document, seeds_dir


def _seed_text() -> str:
    return "\n".join(p.read_text("utf-8-sig") for p in sorted(seeds_dir().iterdir()))


def _sized(text: str, size: int) -> str:
    """`text` repeated to `size` bytes of UTF-8."""
    data = (text * (size // len(text) + 1)).encode("utf-8")[:size]
    return data.decode("utf-8", errors="ignore")


def _dates(size: int) -> str:
    """One line of dates, as a table of publication dates saved without line breaks."""
    days = (f"20{10 + n % 15}-{1 + n % 12:02}-{1 + n % 28:02}" for n in range(size // 5))
    return " ".join(days)[:size]


def _seconds(path: Path, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        load_document(path)
        best = min(best, time.perf_counter() - began)
    return best


# (name, pathological text, normal text of the same size, bound on the ratio, timing runs)
CASES = [
    ("100 KB line of dates", lambda: _dates(100_000), lambda: _sized(_seed_text(), 100_000), 40, 3),
    (
        "5 MB report on one line",
        lambda: _sized(_seed_text().replace("\n", " "), 5_000_000),
        lambda: _sized(_seed_text(), 5_000_000),
        5,
        1,
    ),
]


@pytest.mark.parametrize(
    ("name", "long_line", "normal", "bound", "runs"), CASES, ids=[c[0] for c in CASES]
)
def test_long_lines_load_in_time_proportional_to_size(
    tmp_path, name, long_line, normal, bound, runs
):
    slow, fast = tmp_path / "one_line.txt", tmp_path / "normal.txt"
    slow.write_text(long_line(), encoding="utf-8")
    fast.write_text(normal(), encoding="utf-8")
    assert abs(slow.stat().st_size - fast.stat().st_size) < 0.01 * fast.stat().st_size
    assert "\n" not in slow.read_text(encoding="utf-8")
    ratio = _seconds(slow, runs) / _seconds(fast, runs)
    assert ratio < bound, f"{name}: {ratio:.1f} times a normal file of the same size"


def test_long_line_metadata_is_still_read():
    from kit.load.metadata import infer_metadata

    meta = infer_metadata("Published: 2024-03-05 " + _dates(20_000))
    assert meta["published"] == "2024-03-05"
    assert meta["language"] == "en"


def test_characters_skipped_by_the_junk_count_are_never_junk():
    import sys
    import unicodedata

    from kit.load.decode import _SURELY_TEXT

    skipped = [chr(o) for o in range(sys.maxunicode + 1) if _SURELY_TEXT.fullmatch(chr(o))]
    assert len(skipped) > 20_000  # ASCII, Latin-1, punctuation, CJK ideographs, full-width forms
    junk = {"Cc", "Cn", "Co", "Cs"}
    assert [c for c in skipped if c not in "\t\n\r\f\v" and unicodedata.category(c) in junk] == []
    assert "\ufffd" not in skipped


@pytest.mark.parametrize(
    "text",
    [
        "西宁市公安局2023年工作总结。" * 50,
        "abc\x01\x02 def" * 40,
        "\ue000私用区\ufffd" * 30,
        "ok é ü",
    ],
)
def test_junk_share_is_the_per_character_count(text):
    import unicodedata

    from kit.load.decode import _junk_share

    sample = text[:20000]
    junk = sum(
        1
        for ch in sample
        if ch == "\ufffd"
        or (ch not in "\t\n\r\f\v" and unicodedata.category(ch) in {"Cc", "Cn", "Co", "Cs"})
    )
    assert _junk_share(text) == junk / len(sample)
