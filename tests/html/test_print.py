"""A chapter printed from the browser is the chapter, without the screen's navigation."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from book.html.browser import browser, serve


def test_printed_chapter_has_no_screen_only_links(published: dict[str, Path], tmp_path: Path):
    pdf = tmp_path / "chuong.pdf"
    with serve(published["html"]) as base_url, browser() as chrome:
        page = chrome.new_page()
        page.goto(f"{base_url}/02-chuyen-doi-so.html")
        page.pdf(path=str(pdf), format="A4")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "2. Chương trình chuyển đổi số" in text
    for screen_only in ("Chuyển đến nội dung", "Tải sách về máy", "Lên đầu trang", "Tìm kiếm"):
        assert screen_only not in text, screen_only
