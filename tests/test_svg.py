"""Drawings from any tool, cleaned for every edition (book.svg)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from book import press, svg
from tests.conftest import write_book

# Written for the tests in the shape Inkscape saves (its namespaces, RDF metadata),
# with what a hostile or careless file adds: a script, handlers, links out.
DRAWING = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
     xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"
     width="200" height="100" viewBox="0 0 200 100" inkscape:version="1.2" onload="alert(1)">
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:title>Sơ đồ</dc:title></cc:Work></rdf:RDF></metadata>
  <sodipodi:namedview id="base" pagecolor="#ffffff"/>
  <script>alert("chạy mã")</script>
  <defs><linearGradient id="nen"><stop offset="0" stop-color="#8e0e13"/></linearGradient>
    <path id="glyph0-0" d="M0 0h8v8H0z"/></defs>
  <rect width="200" height="100" fill="url(#nen)" inkscape:label="Nền" onclick="steal()"/>
  <use xlink:href="#glyph0-0" x="10" y="10"/>
  <image xlink:href="http://example.com/theo-doi.png" width="10" height="10"/>
  <a href="javascript:alert(1)"><text x="20" y="60" font-family="Arial">Chuyển đổi số</text></a>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">HTML</div></foreignObject>
</svg>
"""
BOMB = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "hahahahahahahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&d;&d;&d;&d;</text></svg>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY mat-khau SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&mat-khau;</text></svg>
"""
SVG = "{http://www.w3.org/2000/svg}"


def _cleaned(text: str, prefix: str = "") -> etree._Element:
    return svg.clean(svg.parse(text.encode("utf-8")), prefix)


def test_the_drawing_stays_and_the_rest_goes():
    root = _cleaned(DRAWING)
    markup = etree.tostring(root, encoding="unicode")
    for gone in ("rdf", "sodipodi", "inkscape", "script", "onload", "onclick", "javascript:",
                 "foreignObject", "example.com", "metadata"):  # fmt: skip
        assert gone not in markup, gone
    assert root.get("viewBox") == "0 0 200 100" and root.get("width") == "200"
    assert root.find(f".//{SVG}rect") is not None and "Chuyển đổi số" in markup
    assert root.find(f".//{SVG}linearGradient") is not None


def test_ids_take_a_prefix_and_references_follow():
    root = _cleaned(DRAWING, "f1-")
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    assert ids == {"f1-nen", "f1-glyph0-0"}
    assert root.find(f".//{SVG}rect").get("fill") == "url(#f1-nen)"
    use = root.find(f".//{SVG}use")
    assert use.get("{http://www.w3.org/1999/xlink}href") == "#f1-glyph0-0"


@pytest.mark.parametrize("text", [BOMB, EXTERNAL])
def test_entities_are_refused_at_once(text: str):
    start = time.monotonic()
    with pytest.raises(svg.SvgRefused, match="ENTITY"):
        svg.parse(text.encode("utf-8"))
    assert time.monotonic() - start < 1


def test_damaged_or_foreign_files_are_refused():
    with pytest.raises(svg.SvgRefused, match="hỏng"):
        svg.parse(b"<svg xmlns='http://www.w3.org/2000/svg'><g>")
    with pytest.raises(svg.SvgRefused, match="không phải hình SVG"):
        svg.parse(b"<html/>")


INDEX = "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n"


def test_every_edition_carries_the_cleaned_drawing(tmp_path: Path):
    book = write_book(
        tmp_path,
        {"index.md": INDEX, "mot.md": "# Chương một\n\n![Sơ đồ](images/so-do.svg)\n",
         "images/so-do.svg": DRAWING},
    )  # fmt: skip
    published = press.build(book, status=None)
    site = (published["html"] / "_images/so-do.svg").read_text(encoding="utf-8")
    with zipfile.ZipFile(published["epub"]) as epub:
        chapter = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("mot.xhtml"))
    printed = (book / "build/.work/pdf/print.html").read_text(encoding="utf-8")
    for markup in (site, chapter, printed):
        assert "Chuyển đổi số" in markup
        assert "alert" not in markup and "rdf:RDF" not in markup and "sodipodi" not in markup


@pytest.mark.parametrize("edition", ["html", "pdf", "epub"])
def test_a_drawing_with_entities_fails_once_at_its_chapter_and_line(tmp_path: Path, edition):
    chapter = "# Chương một\n\nĐoạn mở đầu.\n\n![Bom](images/bom.svg)\n"
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": chapter, "images/bom.svg": BOMB})
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, [edition], status=None)
    said = str(failure.value)
    assert "chapters/mot.md:5" in said and said.count("bom.svg") == 1, said
    assert not (book / "build" / edition).exists()
