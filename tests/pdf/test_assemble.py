"""The print document's assembly: SVG images put inline."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from book.pdf.assemble import InlineSvg

SVG = (
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" '
    'viewBox="0 0 40 20"><text x="1" y="15">{}</text></svg>'
)


def test_each_svg_image_is_put_inline_once_in_its_place(tmp_path: Path):
    (tmp_path / "a.svg").write_text(SVG.format("Hình một"), encoding="utf-8")
    (tmp_path / "b.svg").write_text(SVG.format("Hình hai"), encoding="utf-8")
    section = html.fromstring(
        '<section><p><img src="a.svg" alt="Một"> sau một</p><p>@@svg-9@@ là chữ</p>'
        '<p><img src="b.svg" alt="Hai"> sau hai</p><img src="a.svg" alt="Lại một">'
        '<img src="../ngoai.svg" alt="Ngoài"></section>'
    )
    svg = InlineSvg(tmp_path)
    svg.replace_images(section)
    document = svg.fill(html.tostring(section, encoding="unicode"))

    assert document.count("<svg") == 3
    assert document.index("Hình một") < document.index("sau một") < document.index("Hình hai")
    assert document.count("Hình một") == 2
    assert '<span class="inline-svg" role="img" aria-label="Hai"><svg' in document
    assert 'width="40"' not in document and 'viewBox="0 0 40 20" width="100%"' in document
    assert "<?xml" not in document
    assert "@@svg-9@@ là chữ" in document  # text that only looks like a token stays
    assert '<img src="../ngoai.svg"' in document  # outside the book: not read
