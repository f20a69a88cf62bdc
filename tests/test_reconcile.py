"""Chinese originals vs English translations: pairing, alignment, and what it does to confidence."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from typing import Any

import pandas as pd
import pytest
from _metrics import QUIET

from kit.api import metrics_frame
from kit.cli import main
from kit.figures import extract
from kit.load.corpus import load_corpus
from kit.reconcile import align, apply_reconciliation, find_pairs, reconcile, to_frame
from kit.reconcile.alignment import ALIGNED_COLUMNS
from kit.reconcile.concepts import concept_similarity, concepts
from kit.reconcile.pairs import PAIR_THRESHOLD
from kit.schema import Document, Metric

EN_ID, ZH_ID = "000_fe8e3cc9c7a97b01.txt", "004_f2f0698675f26159.txt"


# ---- the bundled seeds: 000 (English translation) and 004 (Chinese report), Xining 2023 --------


@pytest.fixture(scope="module")
def seeds():
    return load_corpus()


@pytest.fixture(scope="module")
def seed_table(seeds) -> pd.DataFrame:
    docs = {d.doc_id: d for d in seeds.documents}
    return reconcile(docs[EN_ID], docs[ZH_ID])


def _rows(table: pd.DataFrame, status: str) -> pd.DataFrame:
    return table[table["status"] == status]


def test_seeds_pair_000_with_004_and_nothing_else(seeds):
    pairs = find_pairs(seeds)
    assert [(p.doc_a, p.doc_b) for p in pairs] == [(EN_ID, ZH_ID)]
    assert PAIR_THRESHOLD <= pairs[0].score <= 1
    assert any("Xining" in r for r in pairs[0].reasons)


def test_seed_dispute_rate_agrees_and_confirms_the_repair(seed_table):
    rate = _rows(seed_table, "agree")
    rate = rate[rate["value_a"] == 98.6]
    assert len(rate) >= 1
    row = rate.iloc[0]
    assert row["text_a"] == "986%" and row["repaired_a"] is not None
    assert row["value_b"] == 98.6 and "化解率" in row["counted_b"]
    assert row["new_confidence_a"] >= 0.95 > row["confidence_a"]
    assert re.search(r"confirmed by 004_f2f0698675f26159\.txt:\d+ .*98\.6%", row["note_a"])


def test_seed_agreements_include_the_station_chiefs_and_fengqiao_stations(seed_table):
    agree = _rows(seed_table, "agree")
    assert (agree["value_a"] == agree["value_b"]).all()
    assert {2.0, 3.0, 23.0, 33.0} <= set(agree["value_a"])  # four besides the 98.6 rate
    # the rate (stated twice in the Chinese text, headline and body) and the three counts
    assert len(agree) >= 5
    by_value = agree.set_index("value_a")
    assert "派出所所长" in by_value.loc[33.0, "counted_b"]
    assert (
        "省级" in by_value.loc[3.0, "counted_b"] and "provincial" in by_value.loc[3.0, "counted_a"]
    )
    assert "市级" in by_value.loc[23.0, "counted_b"]


def test_seed_community_officers_250_vs_252_is_a_disagreement(seed_table):
    rows = _rows(seed_table, "disagree")
    officers = rows[(rows["value_a"] == 250) & (rows["value_b"] == 252)]
    assert len(officers) >= 1
    assert "250 vs 252" in officers.iloc[0]["why"]
    assert "community police officers" in officers.iloc[0]["counted_a"]


def _paired(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["status"].isin(["agree", "disagree"])]


def test_seed_equal_numbers_of_different_things_are_not_aligned(seed_table):
    paired = _paired(seed_table)
    assert not ((paired["value_a"] == 61) | (paired["value_b"] == 61)).any()
    assert not ((paired["value_a"] == 17) & (paired["value_b"] == 17)).any()
    hazards = seed_table[seed_table["counted_a"].fillna("").str.contains("road traffic hazards")]
    assert hazards.iloc[0]["status"] == "only_in_a"
    assert "智慧安防小区" in hazards.iloc[0]["why"]  # the same number, named as another measure


def test_seed_table_schema(seed_table):
    assert tuple(seed_table.columns) == ALIGNED_COLUMNS
    assert set(seed_table["status"]) <= {"agree", "disagree", "only_in_a", "only_in_b"}
    lone_a = _rows(seed_table, "only_in_a")
    assert lone_a["value_b"].isna().all() and lone_a["value_a"].notna().all()


def test_seed_table_holds_every_figure_of_both_versions(seeds, seed_table):
    docs = {d.doc_id: d for d in seeds.documents}
    assert seed_table["start_a"].dropna().nunique() == len(extract(docs[EN_ID]))
    assert seed_table["start_b"].dropna().nunique() == len(extract(docs[ZH_ID]))


def test_metrics_frame_reconcile_adjusts_only_confidence_and_note(seeds):
    plain = metrics_frame(seeds)
    checked = metrics_frame(seeds, reconcile=True)
    assert checked.dtypes.equals(plain.dtypes) and len(checked) == len(plain)
    unchanged = plain.drop(columns=["confidence", "note"])
    pd.testing.assert_frame_equal(checked.drop(columns=["confidence", "note"]), unchanged)
    rate = checked[(checked["doc_id"] == EN_ID) & (checked["text"] == "986%")].iloc[0]
    assert rate["confidence"] >= 0.95
    assert "confirmed by 004_f2f0698675f26159.txt:" in rate["note"]
    assert "decimal" in rate["note"]  # the repair's own note is kept
    other_docs = ~checked["doc_id"].isin([EN_ID, ZH_ID])
    assert checked[other_docs]["note"].equals(plain[other_docs]["note"])


def test_cli_reconcile_table_and_jsonl(capsys):
    assert main(["reconcile"]) == 0
    out = capsys.readouterr().out
    assert f"{EN_ID} <-> {ZH_ID}" in out and "disagree" in out and "agree" in out
    assert main(["reconcile", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {"status", "why", "value_a", "value_b", "doc_id_a", "pair_score"} <= set(
        rows[0]
    )
    assert any(r["status"] == "disagree" and r["value_b"] == 252 for r in rows)


# ---- small made-up pairs -------------------------------------------------------------------

META: dict[str, Any] = {"region": "Xining", "year": 2023, "period": "annual"}
EN_TEXT = (
    "Summary of the work of the city public security bureau in 2023.\n\n"
    "In 2023, the police solved 1,286 wire fraud cases. The resolution of contradictions and "
    "disputes was carried out, with a mediation rate of 986%. A total of 250 community police "
    "officers joined the village committees. The police built 43 mediation rooms, and 21 green "
    "wave belts were used."
)
ZH_TEXT = (
    "2023年全市公安工作总结\n\n"
    "2023年，全市公安机关破获电信网络诈骗案件1286起。矛盾纠纷排查化解率达98.6%。"
    "252名社区民警进社区“两委”班子。建设调解室43个。84个环宁检查点全线布局。"
)


def _doc(doc_id: str, text: str, language: str, **meta: Any) -> Document:
    return Document(doc_id=doc_id, text=text, language=language, **{**META, **meta})


@pytest.fixture(scope="module")
def small() -> tuple[Document, Document]:
    return _doc("en.txt", EN_TEXT, "en"), _doc("zh.txt", ZH_TEXT, "zh")


def _row(table: pd.DataFrame, **where: Any) -> pd.Series:
    mask = pd.Series(True, index=table.index)
    for column, value in where.items():
        mask &= table[column] == value
    assert mask.sum() == 1, table[["status", "value_a", "value_b"]]
    return table[mask].iloc[0]


def test_small_pair_is_found_from_metadata_and_shared_values(small):
    pairs = find_pairs(list(small))
    assert len(pairs) == 1 and (pairs[0].doc_a, pairs[0].doc_b) == ("en.txt", "zh.txt")


def test_small_figure_in_one_version_only(small):
    table = reconcile(*small)
    assert _row(table, value_a=21.0)["status"] == "only_in_a"
    lone = _row(table, value_b=84.0)
    assert lone["status"] == "only_in_b" and pd.isna(lone["value_a"])
    assert "no figure in en.txt" in lone["why"]


def test_small_disagreement_is_shown(small):
    row = _row(reconcile(*small), value_a=250.0)
    assert row["status"] == "disagree" and row["value_b"] == 252.0
    assert "community police" in row["why"] and "250 vs 252" in row["why"]
    assert "disagrees with zh.txt:" in row["note_a"]
    assert row["new_confidence_a"] == row["confidence_a"]  # not a repair: shown, not judged


def test_small_repaired_figure_confirmed(small):
    table = reconcile(*small)
    row = _row(table, value_a=98.6)
    assert row["status"] == "agree" and row["repaired_a"] is not None
    assert row["new_confidence_a"] == pytest.approx(max(row["confidence_a"], 0.95))
    assert row["note_a"].startswith("confirmed by zh.txt:")
    assert "98.6%" in row["note_a"]
    assert _row(table, value_a=1286.0)["status"] == "agree"
    assert _row(table, value_a=43.0)["status"] == "agree"


def test_same_language_documents_never_pair(small):
    en, zh = small
    twin = _doc("en-copy.txt", EN_TEXT, "en")
    found = {(p.doc_a, p.doc_b) for p in find_pairs([en, twin, zh])}
    assert found == {("en.txt", "zh.txt"), ("en-copy.txt", "zh.txt")}
    assert find_pairs([en, twin]) == []
    assert find_pairs([zh, _doc("zh2.txt", ZH_TEXT, "zh")]) == []


def test_stated_metadata_must_match(small):
    en, _ = small
    assert find_pairs([en, _doc("zh.txt", ZH_TEXT, "zh", year=2022)]) == []
    assert find_pairs([en, _doc("zh.txt", ZH_TEXT, "zh", region="Sichuan")]) == []
    # an unknown region counts half: shared figures still pair the two
    unknown = find_pairs([en, _doc("zh.txt", ZH_TEXT, "zh", region=None)])
    assert len(unknown) == 1 and unknown[0].score < find_pairs(list(small))[0].score


def test_unrelated_documents_with_same_metadata_do_not_pair(small):
    en, _ = small
    other = _doc("zh-other.txt", "2023年全市公安工作。建成7个警务站，破获盗窃案件915起。", "zh")
    assert find_pairs([en, other]) == []


def test_apply_reconciliation_on_a_frame(small):
    frame = metrics_frame(list(small))
    checked = apply_reconciliation(frame, list(small))
    rate = checked[(checked["doc_id"] == "en.txt") & (checked["value"] == 98.6)].iloc[0]
    assert rate["confidence"] >= 0.95 and "confirmed by zh.txt:" in rate["note"]
    lone = checked[checked["value"] == 84.0].iloc[0]
    assert lone["confidence"] == frame[frame["value"] == 84.0].iloc[0]["confidence"]
    assert pd.isna(lone["note"])


# ---- alignment on Metric records -----------------------------------------------------------


def _m(doc_id: str, value: float, counted: str, sentence: str = "", **kw: Any) -> Metric:
    fields: dict[str, Any] = {
        "start": 10,
        "end": 12,
        "text": f"{value:g}",
        "unit": "count",
        **QUIET,
        "language": "zh" if doc_id.startswith("zh") else "en",
        **kw,
    }
    return Metric(
        doc_id=doc_id, value=value, counted=counted, sentence=sentence or counted, **fields
    )


def _statuses(rows) -> list[str]:
    return sorted(r.status for r in rows)


def test_61_smart_communities_are_not_61_road_traffic_hazards():
    zh = _m(
        "zh.txt", 61, "智慧安防小区", "建成61个智慧安防小区和248个社区警务室", topic="prevention"
    )
    en = _m("en.txt", 61, "road traffic hazards", "investigate and rectify 61 road traffic hazards")
    rows = align([en], [zh])
    assert _statuses(rows) == ["only_in_a", "only_in_b"]
    assert all("another measure" in r.why for r in rows)


def test_17_support_measures_are_not_17_care_items():
    zh = _m("zh.txt", 17, "支撑措施", "持续推进执法服务实践联系机制等17项支撑措施")
    en = _m(
        "en.txt",
        17,
        "items",
        "refine 17 items and 41 specific measures in 6 aspects: political care and incentives",
    )
    assert _statuses(align([en], [zh])) == ["only_in_a", "only_in_b"]
    en_worded = _m("en.txt", 17, "care items", en.sentence)
    assert _statuses(align([en_worded], [zh])) == ["only_in_a", "only_in_b"]


def test_levels_and_crime_kinds_exclude_each_other():
    en = _m("en.txt", 3, "provincial-level Fengqiao Institutes")
    assert _statuses(align([en], [_m("zh.txt", 3, "市级枫桥式公安派出所")])) == [
        "only_in_a",
        "only_in_b",
    ]
    assert [r.status for r in align([en], [_m("zh.txt", 3, "省级枫桥式公安派出所")])] == ["agree"]
    overall = _m("en.txt", 26.5, "annual criminal case solving rate", unit="pp", change=True)
    sentence = "破获电信网络诈骗案件1286起,破案率同比提升25.5个百分点"
    fraud = _m("zh.txt", 25.5, "破案率", sentence, unit="pp", change=True)
    assert _statuses(align([overall], [fraud])) == ["only_in_a", "only_in_b"]


def test_values_too_far_apart_are_different_figures():
    en = _m("en.txt", 251, "smart security communities")
    zh = _m("zh.txt", 61, "智慧安防小区")
    rows = align([en], [zh])
    assert _statuses(rows) == ["only_in_a", "only_in_b"]
    assert "too far" in rows[0].why


def test_equal_value_wins_over_better_worded_near_value():
    en = _m("en.txt", 98.6, "mediation rate", unit="percent", indicator="dispute_resolution_rate")
    city = _m("zh.txt", 98.6, "矛盾纠纷排查化解率", unit="percent", start=50, end=55)
    branch = _m("zh.txt", 99.7, "化解率", unit="percent", start=90, end=95)
    rows = {r.status: r for r in align([en], [city, branch])}
    assert rows["agree"].b == city and rows["only_in_b"].b == branch


def test_contradicted_repair_loses_confidence_and_says_why():
    en = _m(
        "en.txt",
        98.6,
        "mediation rate",
        "with a mediation rate of 986%",
        text="986%",
        unit="percent",
        repaired="dropped_decimal_in_rate",
        confidence=0.75,
    )
    zh = _m("zh.txt", 97.6, "矛盾纠纷化解率", "矛盾纠纷化解率达97.6%", text="97.6%", unit="percent")
    table = to_frame(align([en], [zh]))
    row = table.iloc[0]
    assert row["status"] == "disagree"
    assert row["new_confidence_a"] == pytest.approx(0.375)
    assert "repair doubted" in row["note_a"] and "97.6%" in row["note_a"]
    assert row["new_confidence_b"] == row["confidence_b"]  # the unrepaired side keeps its own


def test_one_to_one_and_headline_repeats():
    en = _m("en.txt", 33, "police station directors")
    head = _m("zh.txt", 33, "派出所所长", start=5, end=7)
    body = _m("zh.txt", 33, "派出所所长已兼任乡镇", start=300, end=302)
    rows = align([en], [head, body])
    assert [r.status for r in rows] == ["agree", "agree"]
    assert sum(r.repeat for r in rows) == 1 and all(r.a == en for r in rows)


def test_direction_flip_is_a_disagreement():
    kw = {"unit": "percent", "change": True, "baseline": "yoy"}
    en = _m("en.txt", 6.32, "wire fraud cases", direction="down", **kw)
    zh = _m("zh.txt", 6.32, "电信网络诈骗案件", direction="up", **kw)
    (row,) = align([en], [zh])
    assert row.status == "disagree" and "down" in row.why and "up" in row.why


# ---- glossary ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("en", "zh"),
    [
        ("police station directors", "派出所所长"),
        ("community police officers", "社区民警"),
        ("community police officers", "社區民警"),
        ("Fengqiao", "楓橋"),
        ("smart security communities", "智慧安防小区"),
        ("road traffic hazards", "道路交通隐患"),
        ("wire fraud", "电诈"),
        ("cases solved", "破獲"),
        ("mediation rate", "化解率"),
        ("resolution rate", "調解率"),
        ("patrols", "巡逻"),
        ("checkpoints", "檢查點"),
        ("support measures", "支撑措施"),
        ("care items", "关爱"),
        ("provincial-level", "省級"),
        ("municipal-level", "市级"),
    ],
)
def test_glossary_translates_counted_things(en, zh):
    assert concept_similarity(en, zh) == 1.0


def test_longest_mention_wins():
    assert concepts("社区民警") == {"community_police"}
    assert concepts("破案率") == {"solving_rate"}
    assert concepts("road traffic hazards") == {"road_traffic_hazard"}
    assert concept_similarity("61 road traffic hazards", "61个智慧安防小区") == 0.0


def test_glossary_is_general_vocabulary_in_both_scripts():
    with resources.files("kit").joinpath("lexicon", "bilingual.toml").open("rb") as handle:
        entries = tomllib.load(handle)["concept"]
    assert len(entries) >= 40
    for name, entry in entries.items():
        assert entry["en"] and entry["zh"], name
        for pattern in entry["en"]:
            re.compile(pattern)
        assert all(len(term) <= 10 for term in entry["zh"]), name  # words, not sentences


def test_extracted_small_documents_keep_their_own_figures(small):
    # reconciliation reads figures, it never changes what extraction found
    en, zh = small
    table = reconcile(en, zh)
    assert table["start_a"].dropna().nunique() == len(extract(en))
    assert table["start_b"].dropna().nunique() == len(extract(zh))


def test_a_sibling_measure_is_not_a_headline_repeat():
    """'2 ministerial-level stations' is not a restatement of '2 Fengqiao-style brigades'."""
    en_brigades = _m("en.txt", 2, "Fengqiao-style traffic police force", start=10, end=11)
    en_ministerial = _m("en.txt", 2, "ministerial-level Fengqiao Institutes", start=50, end=51)
    zh = _m("zh.txt", 2, "枫桥式交警队")
    rows = align([en_brigades, en_ministerial], [zh])
    by_counted = {r.a.counted: r for r in rows if r.a is not None}
    assert by_counted["Fengqiao-style traffic police force"].status == "agree"
    assert by_counted["ministerial-level Fengqiao Institutes"].status == "only_in_a"


def test_merge_versions_keeps_every_figure_once_a_row_or_a_twin() -> None:
    """Every figure of both versions is either a row or the named twin of exactly one row,
    also when the original repeats a figure its translation states once."""
    from kit.reconcile import merge_versions
    from kit.schema import Document

    zh = Document(
        doc_id="zh.txt",
        text="2023年共破获刑事案件8426起。全年破获刑事案件8426起，抓获犯罪嫌疑人5120名，"
        "化解矛盾纠纷40312起。",
        language="zh",
        region="Suzhou",
        year=2023,
        period="annual",
    )
    en = Document(
        doc_id="en.txt",
        text="In 2023, 8,426 criminal cases were solved, 5,120 criminal suspects were arrested "
        "and 40,312 disputes were resolved.",
        language="en",
        region="Suzhou",
        year=2023,
        period="annual",
    )
    frame = metrics_frame([zh, en], cache=False)
    merged = merge_versions(frame, [zh, en])
    rows = set(zip(merged["doc_id"], merged["start"], merged["end"], strict=True))
    twins = [
        (d, int(s), int(e))
        for d, s, e in zip(
            merged["version_doc_id"], merged["version_start"], merged["version_end"], strict=True
        )
        if isinstance(d, str)
    ]
    assert len(twins) == len(set(twins)) >= 3
    assert rows | set(twins) == set(zip(frame["doc_id"], frame["start"], frame["end"], strict=True))
    assert len(merged) + len(twins) == len(frame)
    assert set(merged["report_id"]) == {"zh.txt"}
