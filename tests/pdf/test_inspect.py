"""What ``check`` reads in a finished print edition (book.pdf.inspect)."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from book.pdf.inspect import fonts_not_embedded


def test_a_font_the_pdf_does_not_carry_is_named(tmp_path: Path):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica)  # fmt: skip
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    target = tmp_path / "thu.pdf"
    pdf.save(target)
    (problem,) = fonts_not_embedded(target)
    assert "Helvetica" in problem.message and "không được nhúng" in problem.message


def test_the_published_sample_carries_every_font(published: dict[str, Path]):
    assert fonts_not_embedded(published["pdf"]) == []
