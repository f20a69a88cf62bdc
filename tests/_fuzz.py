"""A plain random fuzzer of figure-like text: mixed digits, 万/亿/余, spaces and punctuation.

Hypothesis shrinks towards short, simple examples and missed "1 2,345" (a space before a
thousands group, issue 15 item 2); uniform random strings of number-shaped tokens found it in
seconds. Seeded, so every run of the tests sees the same texts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from kit.extract import extract
from kit.schema import Document

SEPARATORS = [" ", " ", ",", ".", "，", "、", "．", "·", "", "", ""]
MARKS = ["万", "亿", "余", "多", "万余", "亿多", "%", "起", "人", "件", "元", " cases", " people"]
WORDS = [
    "破获案件", "同比上升", "下降", "共", "达", "抓获", "increase of ", "up ", "down by ",
    "solved ", "，", "。", "；", " ", "\n", "; ", "(", ")", "－", "-", "+", "：", "O", "l", "１２",
]  # fmt: skip

#: the shape of issue 15 item 2: a space before a thousands group (it raised until fixed)
SPACED_GROUP = re.compile(r"\d \d+,\d{3}")


def _number(rng: random.Random) -> str:
    groups = [str(rng.randint(0, 9999))[: rng.randint(1, 4)] for _ in range(rng.randint(1, 4))]
    out = groups[0]
    for group in groups[1:]:
        out += rng.choice(SEPARATORS) + group
    return out + (rng.choice(MARKS) if rng.random() < 0.5 else "")


def texts(seed: int, count: int) -> Iterator[str]:
    """`count` random texts, the same for the same seed."""
    rng = random.Random(seed)
    for _ in range(count):
        parts = [
            rng.choice(WORDS) if rng.random() < 0.4 else _number(rng)
            for _ in range(rng.randint(1, 10))
        ]
        yield "".join(parts)


def failures(seed: int, count: int) -> list[tuple[str, str, str]]:
    """(text, language, what went wrong) for every text that raised or gave a wrong offset."""
    found = []
    for text in texts(seed, count):
        for language in ("zh", "en"):
            try:
                metrics = extract(Document(doc_id="fuzz.txt", text=text, language=language))
            except Exception as exc:
                found.append((text, language, f"{type(exc).__name__}: {exc}"))
                continue
            for m in metrics:
                if text[m.start : m.end] != m.text or not 0 <= m.start < m.end <= len(text):
                    found.append((text, language, f"offsets {m.start}:{m.end} for {m.text!r}"))
    return found
