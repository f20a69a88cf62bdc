"""Bytes -> text: BOMs, UTF-8, UTF-16, GB18030 and Big5 (charset-normalizer); plain-words errors."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

UNDECODABLE = "could not be decoded as UTF-8, UTF-16 or GB18030"
BINARY = "looks like a binary file, not text"


class TextDecodeError(ValueError):
    """Bytes that are not text in an encoding the kit reads; the message is the plain reason."""


# --- decoding ---------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz"}
_BIG5_FAMILY = {"big5", "big5hkscs", "cp950"}
_ASCII_BYTES = bytes(range(0x80))
_CHAOS_SLACK = 0.1  # how much worse than the detector's pick a GB18030 reading may look


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a report's bytes, returning (text, encoding); raises `TextDecodeError` if not text.

    Order: byte-order marks, then strict UTF-8 (fast and unambiguous), then charset-normalizer,
    preferring GB18030 (a superset of GB2312/GBK) for Chinese legacy bytes. A BOM is never kept;
    line ends are read as text mode reads them.
    """
    if not data:
        raise TextDecodeError("empty file")
    text, encoding = _decode(data)
    if not text.strip():
        raise TextDecodeError("empty file (no text, only blank space)")
    if _junk_share(text) > 0.1:
        raise TextDecodeError(BINARY)
    # newlines as Python's text mode reads them ("\r\n" and "\r" become "\n"), so offsets agree
    # with any tool that opens the file as text, annotation and scoring tools included
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                name = encoding.removesuffix("-sig").upper()
                raise TextDecodeError(
                    f"starts with a {name} byte-order mark but is not valid {name}"
                ) from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise TextDecodeError(BINARY)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(data)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark (some Windows tools): the zero high bytes of its
    ASCII characters (digits, spaces, line ends) sit all on odd offsets (little-endian) or all on
    even ones (big-endian); binary files have zeros on both."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if min(even, odd) > 0.02 * max(even, odd) or max(even, odd) < 0.05 * (len(data) // 2):
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    text = _strict(data, encoding)
    if text is None or "\x00" in text:
        return None
    return text, encoding


def _windows_english(data: bytes) -> str | None:
    """English (or other Latin-script) text with Windows-1252 punctuation or accented letters,
    which a GB18030 reading turns into stray ideographs ("Xining’s" -> "Xining抯"). Nearly all
    ASCII, and every run of other bytes read as cp1252 is typographic punctuation or one
    accented letter inside a word; GB18030 Chinese comes as runs of two or more bytes that
    cp1252 reads as letters and signs like "¡°Äê"."""
    high = len(data.translate(None, _ASCII_BYTES))
    if high == 0 or high > 0.1 * len(data):
        return None
    text = _strict(data, "cp1252")
    if text is None:
        return None
    for found in _NON_ASCII_RUN.finditer(text):
        run = found.group()
        if all(ch in _WINDOWS_PUNCTUATION for ch in run):
            continue
        start, end = found.span()
        inside_word = (start > 0 and text[start - 1].isalpha()) or (
            end < len(text) and text[end].isalpha()
        )
        if len(run) == 1 and run.isalpha() and inside_word:
            continue  # café, Zürich
        return None
    return text


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
#: what cp1252 puts at bytes 0x80-0x9f (quotes, dashes, ellipsis, bullet, euro, trade mark) and
#: the few Latin-1 signs English prose uses; the rest of 0xa0-0xbf are GB18030 trail bytes
_WINDOWS_PUNCTUATION = frozenset(
    bytes(range(0x80, 0xA0)).decode("cp1252", "ignore") + "\xa0\xab\xbb\xb7\xa3\xa7"
)


def _detect(data: bytes) -> tuple[str, str]:
    english = _windows_english(data)
    if english is not None:
        return english, "cp1252"
    results = from_bytes(data)
    best = results.best()
    if best is not None:
        gb = next((m for m in results if _codec(m.encoding) in _GB_FAMILY), None)
        if gb is not None and gb.chaos <= best.chaos + _CHAOS_SLACK:
            decoded = _strict(data, "gb18030")
            if decoded is not None:
                return decoded, "gb18030"
        name = _codec(best.encoding)
        if name in _BIG5_FAMILY:
            decoded = _strict(data, name)
            if decoded is not None:
                return decoded, name
    if len(data.translate(None, _ASCII_BYTES)) <= 0.05 * len(data):
        # English with a few Windows punctuation bytes (curly quotes, dashes); the detector
        # names any of a dozen look-alike code pages for these, cp1252 is the one in use
        decoded = _strict(data, "cp1252")
        if decoded is not None:
            return decoded, "cp1252"
    decoded = _strict(data, "gb18030")  # short Chinese snippets fool the detector
    if decoded is not None and _looks_chinese(decoded):
        return decoded, "gb18030"
    raise TextDecodeError(UNDECODABLE)


def _codec(name: str) -> str:
    return codecs.lookup(name).name.replace("-", "_")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


_JUNK_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])  # ASCII controls, not spaces
_NOT_JUNK_BYTES = bytes(b for b in range(256) if b not in _JUNK_BYTES)
_CJK_RE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


# assigned characters that are not controls (tested against unicodedata): never junk
_SURELY_TEXT = re.compile(
    "[\t\n\r\f\v\x20-\x7e\xa0-\xff\u2010-\u2027\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]+"
)


def _junk_share(text: str) -> float:
    """Share of characters no text file contains: controls, unassigned, private use, U+FFFD."""
    sample = text[:20000]
    if sample.isascii():  # no unassigned or private-use code points possible: count controls
        # the bytes left when every other byte is deleted (C, a fraction of a regex findall)
        return len(sample.encode("ascii").translate(None, _NOT_JUNK_BYTES)) / len(sample)
    rest = _SURELY_TEXT.sub("", sample)  # most of a report: only the rest is looked at one by one
    junk = sum(
        1
        for ch in rest
        if ch == "\ufffd"
        or (ch not in "\t\n\r\f\v" and unicodedata.category(ch) in {"Cc", "Cn", "Co", "Cs"})
    )
    return junk / len(sample)


def _looks_chinese(text: str) -> bool:
    """Mostly ASCII, CJK ideographs and CJK punctuation, with at least one ideograph."""
    ideographs = sum(_is_cjk(ch) for ch in text)
    usual = sum(
        ch.isascii() or _is_cjk(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
        for ch in text
    )
    return ideographs > 0 and usual / len(text) >= 0.95


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """`text` with each lone surrogate (never valid Unicode text: no file decodes to one, but a
    string built in Python may hold them) replaced by U+FFFD, one character for one, so every
    offset into the text still holds."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


# --- metadata ---------------------------------------------------------------------------------


__all__ = [
    "replace_surrogates",
]
