"""The timeline drawing: one bar a programme, spanning its years, grouped by level."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree

import pytest

from book.programmes.fields import Programme
from book.programmes.timeline import LABEL, RIGHT, WIDTH, describe, draw, rows

SVG = "{http://www.w3.org/2000/svg}"


def card(symbol: str, level: str, start: int, end: int) -> Programme:
    return Programme("Tên", "kế hoạch", symbol, date(start, 1, 1), "UBND", level, "Kinh tế",
                     "Phòng Kinh tế", start, end)  # fmt: skip


CARDS = [
    card("749/QĐ-TTg", "Trung ương", 2020, 2025),
    card("05-NQ/TU", "Thành phố", 2021, 2030),
    card("102/KH-UBND", "Tỉnh", 2022, 2022),
]


def test_bars_span_their_years_on_a_common_axis():
    svg = ElementTree.fromstring(draw(sorted(CARDS, key=Programme.sort_key)))
    bars = svg.findall(f".//{SVG}rect")
    assert [bar.find(f"{SVG}title").text.split(":")[0] for bar in bars] == [
        "749/QĐ-TTg", "102/KH-UBND", "05-NQ/TU"
    ]  # fmt: skip
    year = (WIDTH - LABEL - RIGHT) / 11  # 2020 to the end of 2030
    spans = [(float(bar.get("x")), float(bar.get("width"))) for bar in bars]
    near = {"abs": 0.15}  # coordinates are written to a tenth of a unit
    assert spans[0] == pytest.approx((LABEL, 6 * year), **near)
    assert spans[1] == pytest.approx((LABEL + 2 * year, year), **near)
    assert spans[2][0] + spans[2][1] == pytest.approx(WIDTH - RIGHT, **near)
    labels = [text.text for text in svg.iter(f"{SVG}text")]
    assert labels[:11] == [str(y) for y in range(2020, 2031)]
    assert "'Noto Serif'" in svg.find(f"{SVG}g").get("font-family")


def test_rows_grouped_by_level_and_drawing_deterministic():
    ordered = sorted(CARDS, key=Programme.sort_key)
    assert [(level, c.symbol if c else None) for level, c in rows(ordered)] == [
        ("Trung ương", None), ("Trung ương", "749/QĐ-TTg"),
        ("Tỉnh", None), ("Tỉnh", "102/KH-UBND"),
        ("Thành phố", None), ("Thành phố", "05-NQ/TU"),
    ]  # fmt: skip
    assert draw(ordered) == draw(list(ordered))
    assert describe(ordered) == (
        "Biểu đồ thời gian thực hiện. Cấp Trung ương: 749/QĐ-TTg 2020–2025. "
        "Cấp Tỉnh: 102/KH-UBND 2022. Cấp Thành phố: 05-NQ/TU 2021–2030."
    )
    # The words are an attribute, not text: the drawing's text is what it shows.
    label = re.compile(r'<svg [^>]*aria-label="Biểu đồ thời gian thực hiện\. Cấp Trung')
    assert label.search(draw(ordered))
    assert ElementTree.fromstring(draw(ordered)).find(f"{SVG}title") is None
