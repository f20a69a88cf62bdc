"""kit.present.tables: reading tables whose HTML stays small on 2,000-report briefings."""

from __future__ import annotations

import re

import _briefs as briefs
import pandas as pd

from kit.present.tables import SCROLL_FROM, ReadingTable
from kit.publish.sanitize import sanitize_html


def sources(rows: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "report": [f"{i:04d}_xining.txt" for i in range(rows)],
            "region": ["Xining"] * rows,
            "figures": list(range(rows)),
            "share": [i / 7 for i in range(rows)],
            "source sentence": [f"solved {i} cases <b>" for i in range(rows)],
        }
    )


def test_cells_carry_no_ids_classes_or_per_cell_css() -> None:
    html = briefs.styled(sources(40))._repr_html_()
    assert "<td>" in html and 'id="T_kit' in html
    assert not re.search(r"<t[dh] [^>]", html)  # bare cells, headers included
    assert "row0" not in html and "col0" not in html
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert len(css) < 1000  # a few rules by column, not one per cell


def test_numbers_right_and_sentences_wide_by_column_position() -> None:
    html = briefs.styled(sources(3))._repr_html_()
    uid = re.search(r'id="(T_kit[^"]+)"', html).group(1)
    assert f"#{uid} td:nth-child(3){{text-align:right}}" in html  # figures
    assert f"#{uid} td:nth-child(4){{text-align:right}}" in html  # share
    assert f"#{uid} td:nth-child(5){{min-width:24em" in html  # source sentence
    assert f"#{uid} td:nth-child(1){{text-align:right}}" not in html


def test_a_hidden_column_shifts_the_positions() -> None:
    table = briefs.styled(sources(3)).hide(axis="columns", subset=["report"])
    html = table._repr_html_()
    uid = re.search(r'id="(T_kit[^"]+)"', html).group(1)
    assert f"#{uid} td:nth-child(2){{text-align:right}}" in html
    assert "0000_xining.txt" not in html


def test_formatting_and_escaping_are_the_stylers() -> None:
    html = briefs.styled(sources(2), caption="Sources <i>")._repr_html_()
    assert "solved 1 cases &lt;b&gt;" in html and "<b>" not in html
    assert "<caption>Sources &lt;i&gt;</caption>" in html
    assert "<td>0.14</td>" in html  # kit's number format, not pandas' 0.142857


def test_a_year_with_gaps_is_never_written_with_a_thousands_comma() -> None:
    table = pd.DataFrame({"region": ["Xining", "Chongqing"], "year": [2023.0, None]})
    html = briefs.styled(table)._repr_html_()
    assert "<td>2023</td>" in html and "2,023" not in html


def test_long_tables_scroll_in_a_box_short_ones_do_not() -> None:
    assert 'class="kit-table kit-scroll"' in briefs.styled(sources(SCROLL_FROM))._repr_html_()
    assert 'class="kit-table"' in briefs.styled(sources(SCROLL_FROM - 1))._repr_html_()


def test_a_briefing_keeps_the_tables_style_and_only_it() -> None:
    html = briefs.styled(sources(30))._repr_html_()
    clean = sanitize_html(html)
    uid = re.search(r'id="(T_kit[^"]+)"', html).group(1)
    assert f"#{uid} td:nth-child(3){{text-align:right}}" in clean
    assert f'<div id="{uid}" class="kit-table kit-scroll">' in clean


def test_a_thousand_rows_are_a_third_of_a_plain_stylers_size() -> None:
    table = sources(1000)
    plain = table.style.hide(axis="index").set_properties(**{"text-align": "left"}).to_html()
    compact = briefs.styled(table)._repr_html_()
    assert len(compact) * 3 < len(plain), (len(compact), len(plain))


def test_it_is_still_a_styler() -> None:
    table = ReadingTable(sources(2), numbers=["figures"])
    assert "<table" in table.to_html()  # pandas' own rendering still works
    assert table.data.shape == (2, 5)
