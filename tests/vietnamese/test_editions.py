"""What readers get: NFC text, Vietnamese typography, sorted glossary, abbreviations."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from html import unescape

import pytest

from tests.conftest import tool
from tests.vietnamese.conftest import ABBREVIATION_ORDER, GLOSSARY_ORDER, Built

EDITIONS = ("html", "epub", "pdf")


def text_of(built: Built, edition: str, document: str) -> str:
    """The document as the reader gets it: markup for HTML/EPUB, extracted text for PDF."""
    if edition == "html":
        return (built.editions["html"] / f"{document}.html").read_text(encoding="utf-8")
    if edition == "epub":
        with zipfile.ZipFile(built.editions["epub"]) as epub:
            name = next(n for n in epub.namelist() if n.endswith(f"{document}.xhtml"))
            return epub.read(name).decode("utf-8")
    return tool("pdftotext", "-layout", str(built.editions["pdf"]), "-")


def words_of(markup: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.mark.parametrize("edition", EDITIONS)
def test_decomposed_crlf_bom_chapter_is_nfc_in_every_edition(
    vietnamese_book: Built, edition: str
) -> None:
    text = text_of(vietnamese_book, edition, "chuong")
    assert unicodedata.is_normalized("NFC", text)
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in " ".join(text.split())
    assert "\ufeff" not in text
    assert "\r" not in text


def test_decomposed_files_are_noted_once_and_bom_crlf_silently(vietnamese_book: Built) -> None:
    notices = [line for line in vietnamese_book.status.splitlines() if "NFC" in line]
    assert notices == [
        "Lưu ý: chuẩn hoá Unicode NFC (văn bản tổ hợp) cho 1 tệp: chapters/chuong.md"
    ]
    assert "BOM" not in vietnamese_book.status
    assert "CRLF" not in vietnamese_book.status


@pytest.mark.parametrize("edition", EDITIONS)
def test_vietnamese_typography_in_every_edition(vietnamese_book: Built, edition: str) -> None:
    text = words_of(text_of(vietnamese_book, edition, "chuong"))
    assert "Ông nói: “Đẩy mạnh chuyển đổi số” và ‘quán triệt’ nghị quyết – nhiệm kỳ" in text
    assert "2020–2025, theo kế hoạch." in text
    assert '"' not in text.split("Ông nói:")[1].split("mã")[0]
    # Code is shown as typed.
    assert 'mã "nguyên văn" -- , giữ nguyên' in text


def test_sorted_glossary_is_in_vietnamese_order(vietnamese_book: Built) -> None:
    page = text_of(vietnamese_book, "html", "tu-ngu")
    terms = [words_of(term) for term in re.findall(r"<dt[^>]*>(.*?)</dt>", page, re.S)]
    assert [term.removesuffix("¶").strip() for term in terms] == GLOSSARY_ORDER


def test_glossary_anchors_keep_the_d_of_dj(vietnamese_book: Built) -> None:
    page = text_of(vietnamese_book, "html", "tu-ngu")
    assert 'id="term-De-an"' in page
    assert 'id="term-Dan-van"' in page
    assert 'id="term-e-an"' not in page


@pytest.mark.parametrize("edition", ["html", "epub"])
def test_abbreviations_carry_their_meaning(vietnamese_book: Built, edition: str) -> None:
    page = text_of(vietnamese_book, edition, "chuong")
    assert page.count('<abbr title="Ủy ban nhân dân">UBND</abbr>') == 2
    assert '<abbr title="Hội đồng nhân dân">HĐND</abbr>' in page
    # Parts of document numbers are not abbreviations to explain.
    assert "05-NQ/TU" in words_of(page)
    assert "50/NQ-CP" in words_of(page)
    assert page.count("<abbr") == 3


def test_print_spells_out_the_first_use_in_a_chapter(vietnamese_book: Built) -> None:
    text = " ".join(text_of(vietnamese_book, "pdf", "chuong").split())
    assert text.count("Ủy ban nhân dân (UBND) thành phố") == 1
    assert "UBND tỉnh giao" in text
    assert "Hội đồng nhân dân (HĐND)" in text
    assert "05-NQ/TU" in text


def test_abbreviation_table_is_in_vietnamese_order(vietnamese_book: Built) -> None:
    page = text_of(vietnamese_book, "html", "phu-luc")
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr[^>]*>\s*<td[^>]*>(.*?)</td>", body, re.S)
    assert [words_of(cell) for cell in rows] == ABBREVIATION_ORDER
