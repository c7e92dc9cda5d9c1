"""The website edition: Vietnamese, in order, and offering the other two editions."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html as lxml_html


@pytest.fixture(scope="module")
def site(published: dict[str, Path]) -> Path:
    return published["html"]


def chapter_pages(site: Path) -> list[Path]:
    return sorted(site.glob("[0-9]*.html"))


def test_index_and_every_chapter_page_exist(site: Path, sample_book: Path):
    assert (site / "index.html").is_file()
    sources = sorted(p.stem for p in (sample_book / "chapters").glob("[0-9]*.md"))
    assert [p.stem for p in chapter_pages(site)] == sources


def test_pages_are_vietnamese_nfc(site: Path):
    for page in [site / "index.html", *chapter_pages(site)]:
        text = page.read_text(encoding="utf-8")
        assert re.search(r'<html[^>]* lang="vi"', text), page.name
        assert unicodedata.is_normalized("NFC", text), page.name


def test_every_page_links_to_the_pdf_and_epub_that_exist(site: Path, published):
    for page in [site / "index.html", *chapter_pages(site)]:
        tree = lxml_html.parse(str(page))
        links = tree.xpath('//nav[@class="book-downloads"]//a[@download]/@href')
        assert len(links) == 2, page.name
        for href in links:
            target = (page.parent / unquote(href)).resolve()
            assert target.is_file(), f"{page.name}: {href}"
        names = {Path(href).name for href in links}
        assert names == {published["pdf"].name, published["epub"].name}
    copy = site / "_downloads" / "editions" / published["pdf"].name
    assert copy.read_bytes() == published["pdf"].read_bytes()


def test_table_of_contents_in_book_order_with_parts(site: Path):
    tree = lxml_html.parse(str(site / "index.html"))
    captions = [
        c.text_content().strip()
        for c in tree.xpath('//div[contains(@class, "toctree-wrapper")]//*[@class="caption"]')
    ]
    assert [c.split(".")[0] for c in captions if c.startswith("Phần")] == [
        "Phần I",
        "Phần II",
        "Phần III",
    ]
    hrefs = tree.xpath(
        '//div[contains(@class, "toctree-wrapper")]//li[contains(@class, "toctree-l1")]/a/@href'
    )
    pages = [h.split("#")[0] for h in hrefs]
    assert pages == sorted(pages)  # file names carry the reading order: 00-, 01-, ... 91-


def test_chapter_numbers_and_vietnamese_labels(site: Path):
    text = (site / "03-nghi-quyet-dai-hoi-tinh-xvii.html").read_text(encoding="utf-8")
    assert '<span class="section-number">3. </span>' in text  # numbered through the parts
    plain = re.sub(r"<[^>]+>", "", text)
    assert "Hình 3.1" in plain and "Bảng 3.1" in plain
    assert "Fig." not in plain and "Table 3" not in plain
    footnotes = (site / "01-nghi-quyet-dai-hoi-xiii.html").read_text(encoding="utf-8")
    assert 'role="doc-noteref"' in footnotes and 'role="doc-footnote"' in footnotes
