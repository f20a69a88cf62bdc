"""Bytes -> text for files no tool labelled: Windows-1252 English is not GB18030, and UTF-16
saved without a byte-order mark is read (issue 15, item 14)."""

from __future__ import annotations

import pytest

from kit.load.decode import TextDecodeError, decode_bytes, replace_surrogates

LEAD = "The Xining Municipal Public Security Bureau reviewed its work over the past year. "

#: (text, how it was saved, the encoding it must be read as)
SAVED = [
    (LEAD + "Xining’s police solved 1,234 cases.", "cp1252", "cp1252"),
    (LEAD + "The bureau’s “Clean Net” campaign – 12 rings…", "cp1252", "cp1252"),
    (LEAD + "Officers from Zürich and a café owner helped • twice.", "cp1252", "cp1252"),
    (LEAD + "Cost: €5,000 — a 12% rise™.", "cp1252", "cp1252"),
    (LEAD + "Xining (西宁) police solved 1,234 cases.", "gb18030", "gb18030"),
    (LEAD + "“宁”", "gb18030", "gb18030"),
    ("2023年守护平安 西宁公安交出亮眼成绩单", "gb18030", "gb18030"),
    ("破获电信网络诈骗案件1286起，同比上升12.5%。", "gb18030", "gb18030"),
]


@pytest.mark.parametrize(("text", "saved_as", "read_as"), SAVED)
def test_legacy_encodings_are_told_apart(text: str, saved_as: str, read_as: str) -> None:
    assert decode_bytes(text.encode(saved_as)) == (text, read_as)


def test_the_issue_example_is_not_read_as_chinese() -> None:
    text, _ = decode_bytes((LEAD + "Xining’s").encode("cp1252"))
    assert text.endswith("Xining’s") and "抯" not in text


UTF16 = [
    "破获电信网络诈骗案件1286起，同比上升12.5%。\n抓获犯罪嫌疑人 345 名。\n",
    "In 2023 the police solved 1,234 criminal cases, up 12.5%.\r\nAnd 56 more.\n",
]


@pytest.mark.parametrize("text", UTF16)
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(text: str, codec: str) -> None:
    decoded, encoding = decode_bytes(text.encode(codec))
    assert decoded == text.replace("\r\n", "\n")
    assert encoding == codec


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,  # binary: zeros on both sides
        b"\x00\x00\x00\x00" * 100,
        b"PK\x03\x04" + b"\x00\x14\x00\x08" * 40,  # a zip header
        "abc".encode("utf-16-le") + b"\x00\xd8",  # a lone surrogate: not UTF-16
    ],
    ids=["all-bytes", "zeros", "zip", "lone-surrogate"],
)
def test_binary_is_still_not_text(data: bytes) -> None:
    with pytest.raises(TextDecodeError):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("a\ud800b", "a\ufffdb"),
        ("\udcff\udcfe", "\ufffd\ufffd"),
        ("plain 文本", "plain 文本"),
    ],
)
def test_replace_surrogates_is_one_for_one(text: str, clean: str) -> None:
    assert replace_surrogates(text) == clean
    assert len(replace_surrogates(text)) == len(text)
