"""Loading reports: metadata of the seeds, clear per-file errors, encodings, unseen reports."""

from __future__ import annotations

import codecs
import os
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from kit.load import corpus as corpus_module
from kit.load.corpus import (
    Corpus,
    CorpusError,
    LoadError,
    load_corpus,
    load_document,
    seeds_dir,
)
from kit.load.decode import decode_bytes
from kit.load.metadata import infer_metadata

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ZH_SEED = SEEDS / "004_f2f0698675f26159.txt"
EN_SEED = SEEDS / "000_fe8e3cc9c7a97b01.txt"

EXPECTED = {
    "000_fe8e3cc9c7a97b01.txt": ("en", "Xining", 2023, "annual"),
    "001_63206c82e3f070fd.txt": ("en", "Sichuan", 2023, "annual"),
    "002_c8e80d1492b67d01.txt": ("en", "Xihu", 2024, "spring_festival"),
    "003_a5875499a1c89379.txt": ("en", "Shenzhen", 2013, "annual"),
    "004_f2f0698675f26159.txt": ("zh", "Xining", 2023, "annual"),
}

TRADITIONAL = (
    "西寧市公安局召開新聞發佈會，通報2022年春節期間全市社會治安情況。\n"
    "春節期間，全市公安機關共接報有效警情1234起，同比下降5.6%，"
    "全市社會治安大局平穩有序。\n"
    "市局黨委高度重視節日安保工作，組織警力開展巡邏防控，確保人民群眾度過一個平安祥和的春節。\n"
)


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return load_corpus()


# --- the seeds --------------------------------------------------------------------------------


def test_default_corpus_is_the_five_seeds_without_errors(seeds: Corpus) -> None:
    assert seeds.errors == []
    assert len(seeds) == 5
    assert [d.doc_id for d in seeds] == sorted(EXPECTED)
    assert seeds_dir() == SEEDS


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_seed_metadata(seeds: Corpus, doc_id: str) -> None:
    doc = next(d for d in seeds if d.doc_id == doc_id)
    assert (doc.language, doc.region, doc.year, doc.period) == EXPECTED[doc_id]
    assert doc.title and doc.title == doc.title.strip() and len(doc.title) <= 200
    assert doc.encoding == "utf-8"
    assert doc.path.endswith(doc_id)
    assert doc.text == (SEEDS / doc_id).read_text(encoding="utf-8")


def test_seed_titles_and_dates(seeds: Corpus) -> None:
    by_id = {d.doc_id: d for d in seeds}
    assert by_id["000_fe8e3cc9c7a97b01.txt"].title == (
        "Adhere to integrity and innovation, and glow new momentum for safe construction"
    )
    assert by_id["000_fe8e3cc9c7a97b01.txt"].published == "2024-02-03"
    # the breadcrumb "Current location - ... - ..." is page furniture, not the title
    assert by_id["003_a5875499a1c89379.txt"].title == "Summary and plan of public security work"
    # 004 opens with blank lines; its only date, "12月28日", has no year and is not guessed
    assert by_id["004_f2f0698675f26159.txt"].title.startswith("平安建设事关社会安定")
    assert by_id["004_f2f0698675f26159.txt"].published is None


def test_load_document_on_one_seed() -> None:
    doc = load_document(str(EN_SEED))
    assert doc.doc_id == EN_SEED.name
    assert (doc.region, doc.year) == ("Xining", 2023)


# --- bad input never stops the good files -----------------------------------------------------


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b" \n\t\n", "empty file"),
    "image.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "controls.txt": (bytes(range(1, 9)) * 50, "binary"),
    "garbage.txt": (b"\x80\xff" * 64, "could not be decoded as UTF-8, UTF-16 or GB18030"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_raises_clear_error(tmp_path: Path, name: str) -> None:
    data, reason = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CorpusError) as info:
        load_document(path)
    assert info.value.path == str(path)
    assert reason in info.value.reason
    assert str(info.value) == f"{path}: {info.value.reason}"


def test_bad_files_are_reported_and_good_files_still_load(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    shutil.copy(EN_SEED, folder / EN_SEED.name)
    shutil.copy(ZH_SEED, folder / ZH_SEED.name)
    empty_folder = tmp_path / "nothing-here"
    empty_folder.mkdir()
    missing = tmp_path / "missing.txt"

    result = load_corpus([folder, missing, empty_folder])

    assert [d.doc_id for d in result] == [EN_SEED.name, ZH_SEED.name]
    errors = {Path(e.path).name: e.reason for e in result.errors}
    assert set(errors) == {*BAD_FILES, "missing.txt", "nothing-here"}
    for name, (_, reason) in BAD_FILES.items():
        assert reason in errors[name]
    assert errors["missing.txt"] == "no such file or folder"
    assert "no files" in errors["nothing-here"]
    assert all(str(e) == f"{e.path}: {e.reason}" for e in result.errors)
    assert all(isinstance(e, LoadError) for e in result.errors)


def test_missing_file_and_folder_given_to_load_document(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or folder") as info:
        load_document(tmp_path / "gone.txt")
    assert "gone.txt" in str(info.value)
    with pytest.raises(CorpusError, match="is a folder"):
        load_document(tmp_path)


# a path given by name that is no readable file: one reason each, told before any read (a pipe
# would make the read wait for ever)
NOT_A_FILE = [
    ("missing", lambda d: d / "gone.txt", "no such file or folder"),
    ("a_folder", lambda d: d, "is a folder, not a file"),
    ("a_pipe", lambda d: (os.mkfifo(d / "pipe.txt"), d / "pipe.txt")[1], "not a regular file"),
    ("a_broken_link", lambda d: _link(d / "old.txt", d / "moved.txt"), "broken symbolic link"),
    ("a_link_to_a_folder", lambda d: _link(d / "dir", d, folder=True), "is a folder"),
]


def _link(link: Path, target: Path, folder: bool = False) -> Path:
    link.symlink_to(target, target_is_directory=folder)
    return link


@pytest.mark.parametrize(
    ("make", "reason"), [c[1:] for c in NOT_A_FILE], ids=[c[0] for c in NOT_A_FILE]
)
def test_a_path_that_is_no_readable_file_is_named_with_its_reason(
    tmp_path: Path, make: Callable[[Path], Path], reason: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(CorpusError, match=reason) as info:
        load_document(path)
    assert info.value.path == str(path)


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod cannot lock out root, so simulate the operating system refusing to read one file
    locked = tmp_path / "locked.txt"
    locked.write_text("Xining 2023", encoding="utf-8")
    shutil.copy(EN_SEED, tmp_path / EN_SEED.name)
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = load_corpus(tmp_path)
    assert [d.doc_id for d in result] == [EN_SEED.name]
    assert [str(e) for e in result.errors] == [
        f"{locked}: permission denied: the file cannot be read"
    ]


def test_folders_are_recursive_sorted_and_skip_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "one.txt").write_text("Xining Public Security Bureau, 2021.", "utf-8")
    (tmp_path / "a.txt").write_text("Shenzhen Public Security Bureau, 2020.", "utf-8")
    (tmp_path / ".hidden.txt").write_text("not a report", "utf-8")
    (tmp_path / ".cache" / "x.txt").write_text("not a report", "utf-8")

    result = load_corpus(str(tmp_path))  # a single path, given as a string

    assert [d.doc_id for d in result] == ["a.txt", "one.txt"]
    assert [(d.region, d.year) for d in result] == [("Shenzhen", 2020), ("Xining", 2021)]
    assert result.errors == []


def test_same_file_twice_loads_once(tmp_path: Path) -> None:
    shutil.copy(EN_SEED, tmp_path / EN_SEED.name)
    result = load_corpus([tmp_path, tmp_path / EN_SEED.name])
    assert len(result) == 1 and result.errors == []


def test_folder_of_hidden_files_only_is_an_error(tmp_path: Path) -> None:
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    result = load_corpus(tmp_path)
    assert len(result) == 0
    assert [e.path for e in result.errors] == [str(tmp_path)]


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
        (lambda t: t.encode("gb18030"), "gb18030"),
        (lambda t: t.encode("gbk"), "gb18030"),
    ],
    ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk"],
)
def test_chinese_report_decodes_the_same_in_every_encoding(
    tmp_path: Path, encoded, encoding: str
) -> None:
    original = ZH_SEED.read_text(encoding="utf-8")
    path = tmp_path / ZH_SEED.name
    path.write_bytes(encoded(original))

    doc = load_document(path)

    assert doc.text == original
    assert "\ufeff" not in doc.text
    assert doc.encoding == encoding
    assert (doc.language, doc.region, doc.year, doc.period) == ("zh", "Xining", 2023, "annual")


def test_traditional_big5_and_short_gb18030_snippets_decode() -> None:
    assert decode_bytes(TRADITIONAL.encode("big5")) == (TRADITIONAL, "big5")
    snippet = "2023年守护平安 西宁公安交出亮眼成绩单"
    assert decode_bytes(snippet.encode("gb18030")) == (snippet, "gb18030")


def test_english_with_windows_punctuation_decodes() -> None:
    text = "The Xining Municipal Public Security Bureau reviewed 2023 – “a safe year”.\n"
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def test_utf16_without_valid_body_is_not_text() -> None:
    with pytest.raises(ValueError, match="UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00b")


# --- unseen reports: the rules generalise ------------------------------------------------------


def test_traditional_characters_report(tmp_path: Path) -> None:
    path = tmp_path / "trad.txt"
    path.write_text(TRADITIONAL, encoding="utf-8")
    doc = load_document(path)
    assert (doc.language, doc.region, doc.year, doc.period) == (
        "zh",
        "Xining",
        2022,
        "spring_festival",
    )
    assert doc.title == TRADITIONAL.splitlines()[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chengdu police: 2022 in review\n"
            "In 2022, the Chengdu Municipal Public Security Bureau worked with the Chongqing "
            "police and the Sichuan Provincial Department on many cases across the city.\n",
            ("en", "Chengdu", 2022, "annual"),
        ),
        (
            "国庆假期全市社会治安平稳\n"
            "2021年国庆期间，杭州市公安局西湖区分局全力做好节日安保，辖区治安平稳。\n"
            "国庆假期，全区共接报警情300起，杭州西湖景区游客有序。\n",
            ("zh", "Xihu", 2021, "national_day"),
        ),
        (
            "广东省公安厅召开新闻发布会\n"
            "发布时间：2020年1月15日\n"
            "2019年，全省公安机关推进平安广东建设，深圳、广州两市治安形势持续向好。"
            "春节前夕，省公安厅部署安保工作。2020年工作计划：继续深化改革。\n",
            ("zh", "Guangdong", 2019, "annual"),
        ),
        (
            "二〇一八年工作总结\n西安市公安局在全市开展平安西安建设。江西安全生产检查组来访。\n",
            ("zh", "Xi'an", 2018, "annual"),
        ),
    ],
    ids=["en-city", "zh-district-holiday", "zh-province-with-plan", "zh-numerals"],
)
def test_metadata_of_unseen_reports(text: str, expected: tuple) -> None:
    meta = infer_metadata(text)
    assert (meta["language"], meta["region"], meta["year"], meta["period"]) == expected


def test_publication_dates() -> None:
    assert infer_metadata("标题\n发布时间：2020年1月15日\n正文。")["published"] == "2020-01-15"
    assert infer_metadata("Title\nPosted 2021/3/7 by staff\nBody.")["published"] == "2021-03-07"
    assert infer_metadata("标题\n12月28日，记者获悉。")["published"] is None
    assert infer_metadata("Title\nUpdated on 2024-02-30\nBody.")["published"] is None


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # each would give another place if its rule were missing
        (
            "Xining hosted the games; Xining hotels and Xining stations were checked by the "
            "Lanzhou Public Security Bureau.",
            "Lanzhou",
        ),
        (
            "Cooperation with the Chongqing Public Security Bureau and the Chongqing "
            "police was deepened by the Sichuan Public Security.",
            "Sichuan",
        ),
        (
            "Work report of the province\nIn 2022, police across the province handled cases in "
            "Chengdu and in Chengdu's suburbs; Sichuan ranked first.",
            "Sichuan",
        ),
        ("延长春节假期，推进幸福建设，全力维护社会稳定。", None),
        ("No place is named in this 2023 text.", None),
    ],
    ids=["reporting-body", "partner-body", "report-level", "false-friends", "none"],
)
def test_region_rules(text: str, region: str | None) -> None:
    assert infer_metadata(text)["region"] == region


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # each would give the other year if its rule were missing
        ("2014年工作计划\n2013年以来，全市公安机关持续推进平安建设。", 2013),
        ("2013年工作总结及2014年工作计划\n2014年，我局将继续推进改革。", 2013),
        ("Xining police: plans for 2016\nIn 2015, the bureau solved many cases.", 2015),
        ("Shenzhen police\n2016 cases were solved in 2015.", 2015),
        ("深圳公安\n2000余名民警参加2019年安保。", 2019),
        ("II. 20 16 Public Security Work Plan\nIn 20 15 years, the bureau did well.", 2015),
        ("Updated on 2024-02-03\nA report.\nIn 2023, crime fell.", 2023),
    ],
    ids=["plan-title", "summary-and-plan", "plans-for", "count", "count-zh", "split", "pubdate"],
)
def test_report_year_rules(text: str, year: int) -> None:
    assert infer_metadata(text)["year"] == year


def test_regions_lexicon_covers_every_provincial_level_division() -> None:
    with (Path(corpus_module.__file__).parents[1] / "lexicon" / "regions.toml").open("rb") as f:
        regions = tomllib.load(f)
    provincial = [
        n for n, e in regions.items() if e["level"] in {"province", "municipality", "sar"}
    ]
    assert len(provincial) == 34
    capitals = [n for n, e in regions.items() if e["level"] == "city" and e.get("parent")]
    assert {"Xining", "Chengdu", "Hangzhou", "Urumqi", "Lhasa", "Taipei"} <= set(capitals)
    assert all(entry.get("zh") for entry in regions.values())


def test_windows_line_ends_give_the_offsets_of_text_mode(tmp_path):
    """Offsets must agree with a tool that opens the file as text (universal newlines)."""
    from kit.figures import extract

    path = tmp_path / "crlf.txt"
    path.write_bytes("西宁市公安局\r\n破获案件12起。\r\n化解率为99.7%。\r\n".encode())
    doc = load_document(path)
    with open(path, encoding="utf-8") as f:
        as_text_mode = f.read()
    assert doc.text == as_text_mode
    for m in extract(doc):
        assert as_text_mode[m.start : m.end] == m.text
