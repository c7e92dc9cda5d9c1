"""The downloads page: each published edition with its real size, date and SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html as lxml_html

from book import press
from book.html.downloads import EditionFile
from tests.conftest import SOURCE_DATE_EPOCH, write_book


@pytest.fixture(scope="module")
def rows(published: dict[str, Path]) -> dict[str, lxml_html.HtmlElement]:
    tree = lxml_html.parse(str(published["html"] / "downloads.html"))
    assert tree.findtext(".//title").startswith("Tải về")
    return {row.get("id"): row for row in tree.xpath('//table[@class="book-editions"]//tbody/tr')}


@pytest.mark.parametrize("edition", ["pdf", "epub"])
def test_each_edition_with_its_real_figures(rows, published: dict[str, Path], edition: str):
    artefact = published[edition]
    row = rows[edition]
    href = row.xpath(".//a[@download]/@href")[0]
    served = published["html"] / unquote(href)
    assert served.read_bytes() == artefact.read_bytes()  # the link is the published file
    sha = row.xpath('string(.//code[@class="book-sha256"])')
    assert sha == hashlib.sha256(artefact.read_bytes()).hexdigest()
    size = artefact.stat().st_size
    assert row.xpath("string(.//td[1]/span/@title)") == f"{size:,} byte".replace(",", ".")
    assert row.xpath("string(.//time/@datetime)") == "2023-01-16"  # SOURCE_DATE_EPOCH
    assert row.xpath("string(.//time)") == "16/01/2023"
    assert SOURCE_DATE_EPOCH == "1673827200"


def test_every_page_links_to_the_downloads_page(published: dict[str, Path]):
    site = published["html"]
    for page in [site / "index.html", *site.glob("[0-9]*.html"), site / "search.html"]:
        hrefs = lxml_html.parse(str(page)).xpath('//nav[@class="book-downloads"]/a[1]/@href')
        assert hrefs == ["downloads.html"], page.name


@pytest.mark.parametrize(
    "size, text",
    [(344_718, "345 kB"), (1_402_113, "1,4 MB"), (12_600_000, "12,6 MB"), (300, "1 kB")],
)
def test_sizes_are_written_the_vietnamese_way(size: int, text: str):
    assert EditionFile("pdf", "x.pdf", size, "0" * 64, None).size_text == text


def test_a_rebuild_describes_the_pdf_it_merged_meanwhile(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    index = "# Sách thử\n\n```{toctree}\n:numbered:\n\nmot\n```\n"
    book = write_book(tmp_path, {"index.md": index, "mot.md": "# Một\n\nĐoạn văn.\n"})

    def described() -> str:
        page = lxml_html.parse(str(book / "build/html/downloads.html"))
        return page.xpath('string(//tr[@id="pdf"]//code[@class="book-sha256"])')

    first = press.build(book, status=None)
    first_bytes = first["pdf"].read_bytes()
    assert described() == hashlib.sha256(first["pdf"].read_bytes()).hexdigest()
    (book / "chapters/mot.md").write_text("# Một\n\nĐoạn văn đã sửa.\n", encoding="utf-8")
    second = press.build(book, status=None)
    new = second["pdf"].read_bytes()
    assert new != first_bytes
    assert described() == hashlib.sha256(new).hexdigest()
    assert (book / "build/html/_downloads/editions" / second["pdf"].name).read_bytes() == new
