"""Print geometry from conf.py: trims, margins, bleed, type settings."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from book.pdf.geometry import GeometryError, page_geometry, type_settings_css


def config(**values):
    defaults = {"book_page_size": "A5", "book_print_bleed": "", "book_print_crop_marks": False}
    return SimpleNamespace(**{**defaults, **values})


@pytest.mark.parametrize(
    ("size", "expected"),
    [("A5", (148, 210)), ("a4", (210, 297)), ("B5", (176, 250)), ("145mm x 205mm", (145, 205)),
     ("145 mm × 205 mm", (145, 205)), ("160mm 240mm", (160, 240))],
)  # fmt: skip
def test_trim_sizes(size, expected):
    geometry = page_geometry(config(book_page_size=size))
    assert (geometry.width, geometry.height) == expected
    assert f"size: {geometry.width}mm {geometry.height}mm" in geometry.css()


def test_margins_suit_the_trim_and_mirror_on_facing_pages():
    small, large = page_geometry(config()), page_geometry(config(book_page_size="A4"))
    top, outer, bottom, inner = small.margins
    assert inner > outer and bottom > top  # spine side wider, foot deeper than head
    assert large.margins[3] > inner  # a larger trim gets larger margins
    css = small.css()
    assert f"@page :left {{ margin-left: {outer}mm; margin-right: {inner}mm; }}" in css
    assert f"@page :right {{ margin-left: {inner}mm; margin-right: {outer}mm; }}" in css


def test_bleed_and_crop_marks():
    css = page_geometry(config(book_print_bleed="3mm", book_print_crop_marks=True)).css()
    assert "bleed: 3.0mm;" in css and "marks: crop cross;" in css
    assert "bleed" not in page_geometry(config()).css()


@pytest.mark.parametrize("bad", [{"book_page_size": "Letter"}, {"book_print_bleed": "ba mm"}])
def test_bad_settings_say_what_to_write(bad):
    with pytest.raises(GeometryError, match=r"conf\.py"):
        page_geometry(config(**bad))


def test_type_settings_become_custom_properties():
    css = type_settings_css(
        SimpleNamespace(
            book_fonts={"body": "Spectral", "heading": "Be Vietnam Pro", "mono": "IBM Plex Mono"},
            book_font_size="11pt",
            book_line_height="1.5",
        )
    )
    # The book's faces under private names: no system font can stand in for them.
    assert "--body-font: 'Press Spectral', serif;" in css
    assert "--font-size: 11pt;" in css and "--line-height: 1.5;" in css
