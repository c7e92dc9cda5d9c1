"""The book's fonts on the website: small WOFF2 subsets that hold every character shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import html as lxml_html

from book import fonts, press
from book.html import webfonts
from tests.conftest import write_book


@pytest.fixture(scope="module")
def site(published: dict[str, Path]) -> Path:
    return published["html"]


def test_pages_use_the_books_fonts(site: Path):
    tree = lxml_html.parse(str(site / "index.html"))
    links = [href.split("?")[0] for href in tree.xpath("//link[@rel='stylesheet']/@href")]
    assert "_static/book-fonts.css" in links
    css = (site / "_static" / "book-fonts.css").read_text(encoding="utf-8")
    assert "--font-stack: 'Noto Serif'" in css and "--font-stack--headings: 'Be Vietnam Pro'" in css
    assert css.count("font-display: swap;") == css.count("@font-face") == 5


def test_subsets_are_small_and_cover_every_character_shown(site: Path):
    fonts = sorted((site / "_static" / "fonts").glob("*.woff2"))
    assert [f.name for f in fonts] == [
        "BeVietnamPro-700.woff2", "NotoSerif-400.woff2", "NotoSerif-400Italic.woff2",
        "NotoSerif-700.woff2", "NotoSerif-700Italic.woff2",
    ]  # fmt: skip
    assert all(f.read_bytes()[:4] == b"wOF2" and f.stat().st_size < 60_000 for f in fonts)
    cmap = TTFont(str(site / "_static" / "fonts" / "NotoSerif-400.woff2")).getBestCmap()
    for page in site.glob("*.html"):
        text = lxml_html.parse(str(page)).getroot().text_content()
        missing = {c for c in text if not c.isspace() and ord(c) not in cmap}
        assert not missing, f"{page.name}: {sorted(missing)}"


def test_system_fonts_when_the_editor_says_so(tmp_path: Path):
    book = write_book(tmp_path, {"index.md": "# Sách thử\n\nĐoạn.\n"}, "book_web_fonts = False\n")
    site = press.build(book, ["html"], status=None)["html"]
    assert not (site / "_static" / "book-fonts.css").exists()
    assert "book-fonts.css" not in (site / "index.html").read_text(encoding="utf-8")


def test_the_characters_of_pages_not_written_again_are_kept(tmp_path: Path):
    site = tmp_path / "site"
    (site / "_static").mkdir(parents=True)
    (site / "mot.html").write_text("<p>Hải Dương &#169;</p>", encoding="utf-8")
    (site / "hai.html").write_text("<p>Chí Linh</p>", encoding="utf-8")
    kept = tmp_path / "kept" / "site-characters.json"

    first = webfonts.site_characters(site, kept)
    assert first == webfonts.site_characters(site) and {"ả", "ư", "©"} <= first
    # A page written again is read again; the others are taken as kept.
    (site / "hai.html").write_text("<p>Chí Linh — Sao Đỏ</p>", encoding="utf-8")
    reads = []
    real = Path.read_text

    def read_text(self: Path, *args, **kwargs) -> str:
        reads.append(self.name)
        return real(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "read_text", read_text)
        second = webfonts.site_characters(site, kept)
    assert "hai.html" in reads and "mot.html" not in reads
    assert second == webfonts.site_characters(site) and {"—", "Đ", "ỏ"} <= second
    # A damaged record only costs reading the pages.
    kept.write_text('{"mot.html": 3}', encoding="utf-8")
    assert webfonts.site_characters(site, kept) == second


def test_a_web_font_is_the_same_whenever_it_is_made(tmp_path: Path, monkeypatch):
    """A WOFF2 kept from a build made at another time (or SOURCE_DATE_EPOCH) must be the
    one a clean build makes: it keeps its face's date, not the build's."""
    face = webfonts.web_faces({})["body"][0]
    made = []
    for epoch in ("1000000000", "1700000000"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        out = tmp_path / epoch
        (subset,) = fonts.subset_faces([face], "Nghị quyết Đại hội", out)
        made.append(webfonts._compressed(subset).read_bytes())
    assert made[0] == made[1]
