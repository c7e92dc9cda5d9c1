"""Searching the website in Vietnamese: the index and the browser fold diacritics alike."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from book import press
from book.html.browser import browser, search, serve
from book.html.search import SearchVietnamese, fold
from tests.conftest import SOURCE_DATE_EPOCH, copy_book, write_book

CHAPTERS = {
    "index.md": (
        "# Sổ tay thử\n\n```{toctree}\n:caption: Phần I. Thử\n:numbered:\n\n"
        "01-nghi-quyet\n02-tu-do\n03-kinh-te\n```\n"
    ),
    "01-nghi-quyet.md": (
        "# Nghị quyết Đại hội\n\nToàn Đảng quán triệt Nghị quyết Đại hội lần thứ XIII.\n"
    ),
    # "Tự do" far into the page, after a plain "do": the summary must show the former.
    "02-tu-do.md": (
        "# Quyền con người\n\nDo đó, mọi người đều bình đẳng trước pháp luật. "
        + "Hiến pháp năm 2013 quy định quyền con người, quyền công dân được Nhà nước "
        "công nhận, bảo vệ và bảo đảm theo Hiến pháp và pháp luật. "
        * 3
        + "Mọi công dân có quyền Tự do ngôn luận.\n"
    ),
    "03-kinh-te.md": "# Kinh tế số\n\nChuyển đổi số trong doanh nghiệp nhỏ.\n",
}


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    book = write_book(tmp_path_factory.mktemp("search"), CHAPTERS)
    return press.build(book, ["html"], status=None)["html"]


@pytest.fixture(scope="module")
def search_page(search_site: Path):
    """A Chromium tab and the base URL of the site served locally."""
    with serve(search_site) as base_url, browser() as chrome:
        yield chrome.new_page(), base_url


@pytest.fixture
def results(search_page):
    """Page titles the site's search shows in Chromium, for each query asked."""
    page, base_url = search_page
    return lambda query: search(page, base_url, query)


FOLDED = [("Nghị", "nghi"), ("QUYẾT", "quyet"), ("Đảng", "dang"), ("tự", "tu"), ("Hòa", "hoa")]


@pytest.mark.parametrize("word, folded", FOLDED)
def test_fold_removes_diacritics_and_d_bar(word: str, folded: str):
    assert fold(word) == folded
    assert fold(unicodedata.normalize("NFD", word)) == folded


def test_split_keeps_decomposed_syllables_whole():
    language = SearchVietnamese({})
    decomposed = unicodedata.normalize("NFD", "Nghị quyết Tự do")
    assert language.split(decomposed) == ["Nghị", "quyết", "Tự", "do"]
    assert [language.stem(w) for w in language.split(decomposed)] == ["nghi", "quyet", "tu", "do"]


def test_index_is_vietnamese_without_stop_words(search_site: Path):
    text = (search_site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    terms = {**index["terms"], **index["titleterms"]}
    for word in ("nghi", "quyet", "tu", "do", "dang", "chuyen", "so"):
        assert word in terms, word  # "do", "so", "tu" would be English stop words
    assert not any(re.search(r"[^\x00-\x7f]", term) for term in terms)  # all folded
    language_data = (search_site / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "new Set([])" in language_data  # no stop words shipped to the browser
    assert '.normalize("NFD")' in language_data and "makeSearchSummary" in language_data


@pytest.mark.parametrize(
    "query", ["nghi quyet", "Nghị quyết", "NGHỊ QUYẾT", unicodedata.normalize("NFD", "Nghị quyết")]
)
def test_browser_finds_nghi_quyet_with_or_without_diacritics(results, query: str):
    found = results(query)
    assert "Nghị quyết Đại hội" in found
    assert "Kinh tế số" not in found and "Quyền con người" not in found


def test_browser_finds_tu_do_typed_plainly(results):
    assert results("tu do") == ["Quyền con người"]
    assert results("chuyen doi so") == ["Kinh tế số"]


def test_browser_search_messages_are_vietnamese(search_page):
    page, base_url = search_page
    assert search(page, base_url, "xyzzy") == []
    shown = page.locator("#search-results").inner_text()
    assert "Không tìm thấy trang nào" in shown and "Your search" not in shown
    assert "Kết quả tìm kiếm" in shown
    search(page, base_url, "tu do")
    assert "Tìm xong: 1 trang" in page.locator("#search-results").inner_text()


def test_result_summary_shows_where_the_words_are(search_page):
    page, base_url = search_page
    assert search(page, base_url, "tu do") == ["Quyền con người"]
    summary = page.locator("#search-results p.context")
    summary.wait_for()
    assert "quyền Tự do ngôn luận" in summary.inner_text()


GLOSSARY_BOOK = {
    "index.md": "# Sổ tay\n\n```{toctree}\n\nthuat-ngu\nchuong\nphu-luc\n```\n",
    "thuat-ngu.md": (
        "# Thuật ngữ\n\n```{glossary}\nNghị quyết\n  Văn bản của Đảng.\n\n"
        "Chuyển đổi số\n  Quá trình thay đổi.\n```\n"
    ),
    "chuong.md": "# Chương\n\nĐoạn văn hiếm có {term}`nghị quyết <Nghị quyết>`.\n",
    "phu-luc.md": "# Phụ lục\n\n```{index} Sổ đăng ký\n```\n\nĐoạn văn.\n",
}


def index_entries(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[len("Search.setIndex(") : -1])["indexentries"]


def test_a_rebuild_keeps_the_index_entries_of_pages_not_written(tmp_path: Path, monkeypatch):
    """Sphinx's index builder drops them (sphinx-doc/sphinx#12599): the glossary's terms
    left the search after any edit of another chapter. And a word the edit took out
    leaves the index, as in a clean build."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    book = write_book(tmp_path / "edited", GLOSSARY_BOOK)
    site = press.build(book, ["html"], status=None)["html"]
    assert {"nghị quyết", "chuyển đổi số", "sổ đăng ký"} <= index_entries(site).keys()
    chapter = book / "chapters" / "chuong.md"
    chapter.write_text(chapter.read_text("utf-8").replace("văn hiếm", "văn mới"), "utf-8")
    site = press.build(book, ["html"], status=None)["html"]
    assert '"hiem"' not in (site / "searchindex.js").read_text(encoding="utf-8")
    cold = press.build(copy_book(book, tmp_path / "cold"), ["html"], status=None)["html"]
    assert (site / "searchindex.js").read_bytes() == (cold / "searchindex.js").read_bytes()

    # A page taken out of the book takes its entries along; the others stay.
    (book / "chapters" / "phu-luc.md").unlink()
    index = book / "chapters" / "index.md"
    index.write_text(index.read_text("utf-8").replace("phu-luc\n", ""), "utf-8")
    entries = index_entries(press.build(book, ["html"], status=None)["html"])
    assert "sổ đăng ký" not in entries and {"nghị quyết", "chuyển đổi số"} <= entries.keys()
