"""A plain random fuzzer of figure-like text: mixed digits, 万/亿/余, spaces and punctuation,
full-width digits, minus signs and characters hidden inside numbers.

Hypothesis shrinks towards short, simple examples and missed "1 2,345" (a space before a
thousands group, issue 15 item 2); uniform random strings of number-shaped tokens found it in
seconds. Seeded, so every run of the tests sees the same texts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from kit.figures import extract
from kit.figures.repair import BOUNDS
from kit.schema import Document

SEPARATORS = [" ", " ", ",", ".", "，", "、", "．", "·", "", "", ""]
#: characters a page hides inside a number: zero-width space, thin space, soft hyphen
HIDDEN = ["\u200b", "\u2009", "\u00ad"]
MARKS = ["万", "亿", "余", "多", "万余", "亿多", "%", "起", "人", "件", "元", " cases", " people"]
WORDS = [
    "破获案件", "同比上升", "下降", "共", "达", "抓获", "increase of ", "up ", "down by ",
    "solved ", "，", "。", "；", " ", "\n", "; ", "(", ")", "－", "-", "+", "：", "O", "l", "１２",
    "同比增长", "grew by ", "−", "～", "至", " times", "倍", "萬(wàn)", "In ",
]  # fmt: skip
#: a number's sign as pages write it (同比增长-5.6%, −3.1%, 全角 －4.2％)
SIGNS = ["-", "−", "－"]
_FULL_WIDTH = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})

#: the shape of issue 15 item 2: a space before a thousands group (it raised until fixed)
SPACED_GROUP = re.compile(r"\d \d+,\d{3}")


def _number(rng: random.Random) -> str:
    groups = [str(rng.randint(0, 9999))[: rng.randint(1, 4)] for _ in range(rng.randint(1, 4))]
    out = groups[0]
    for group in groups[1:]:
        out += rng.choice(SEPARATORS) + group
    out += rng.choice(MARKS) if rng.random() < 0.5 else ""
    if rng.random() < 0.15 and len(out) > 1 and out[1].isdigit():
        out = out[0] + rng.choice(HIDDEN) + out[1:]  # 1\u200b234
    if rng.random() < 0.2:
        out = out.translate(_FULL_WIDTH)  # １２．５万
    if rng.random() < 0.15:
        out = rng.choice(SIGNS) + out
    return out


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
    """(text, language, what went wrong) for every text that raised, gave a wrong offset, or
    trusted a value beyond what a report states (kit/lexicon/numbers.toml)."""
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
                bound = BOUNDS.get(m.unit, float("inf"))
                if m.confidence >= 0.5 and not abs(m.value) <= bound:
                    found.append((text, language, f"{m.value:g} {m.unit} trusted ({m.text!r})"))
    return found
