"""Proof sheets: chosen pages of the print edition as pictures, for an editor to look at."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import html
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader

from book import fonts


class ProofFailed(RuntimeError):
    """The proof could not be made; the message says what to do."""


@dataclass(frozen=True)
class ProofPage:
    name: str  # file stem, e.g. "muc-luc"
    label: str  # caption on the contact sheet
    index: int  # 0-based page index in the PDF


def choose_pages(pdf: Path, print_html: Path) -> list[ProofPage]:
    """The pages a book designer checks first, found through the PDF's named destinations."""
    reader = PdfReader(pdf)
    destinations = reader.named_destinations

    def page_of(anchor: str | None) -> int | None:
        if anchor and anchor in destinations:
            return reader.get_destination_page_number(destinations[anchor])
        return None

    document = html.parse(str(print_html)).getroot()
    first_chapter = _first(document, "//main//section[contains(@class, 'chapter')]/@id")
    first_footnote = _first(document, "//span[@class='footnote']/@id")
    candidates = [
        ("bia", "Trang tên sách", 2 if len(reader.pages) > 2 else 0),
        ("muc-luc", "Mục lục", page_of("toc-title")),
        ("mo-dau-chuong", "Trang mở đầu chương", page_of(first_chapter)),
        ("chu-thich", "Trang có chú thích", page_of(first_footnote)),
        ("bang-dai", "Bảng dài", page_of(_longest_table(document))),
    ]
    pages, seen = [], set()
    for name, label, index in candidates:
        if index is not None and (name, index) not in seen:
            seen.add((name, index))
            pages.append(ProofPage(name, f"{label} (tr. {index + 1} của tệp)", index))
    return pages


def make_proof(pdf: Path, print_html: Path, out_dir: Path, resolution: int = 110) -> list[Path]:
    """PNG images of the chosen pages and a contact sheet (``tong-hop.png``) in ``out_dir``."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ProofFailed("cần pdftoppm (gói poppler-utils): apt-get install poppler-utils")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for page in choose_pages(pdf, print_html):
        stem = out_dir / page.name
        number = str(page.index + 1)
        subprocess.run(
            [pdftoppm, "-r", str(resolution), "-png", "-singlefile", "-f", number, "-l", number,
             str(pdf), str(stem)],
            check=True,
        )  # fmt: skip
        written.append((page, stem.with_suffix(".png")))
    sheet = out_dir / "tong-hop.png"
    _contact_sheet(written, sheet)
    return [path for _, path in written] + [sheet]


def _contact_sheet(pages: list[tuple[ProofPage, Path]], target: Path) -> None:
    images = [Image.open(path).convert("RGB") for _, path in pages]
    if not images:
        raise ProofFailed("không tìm thấy trang nào để in thử")
    width = max(image.width for image in images)
    height = max(image.height for image in images)
    gap, caption = 24, 40
    sheet = Image.new(
        "RGB", (len(images) * (width + gap) + gap, height + caption + 2 * gap), "#777"
    )
    font = ImageFont.truetype(str(fonts.faces()[0].path), 22)
    draw = ImageDraw.Draw(sheet)
    for position, ((page, _), image) in enumerate(zip(pages, images, strict=True)):
        x = gap + position * (width + gap)
        sheet.paste(image, (x, gap))
        draw.text((x, gap + height + 8), page.label, fill="white", font=font)
    sheet.save(target)


def _first(document: html.HtmlElement, xpath: str) -> str | None:
    found = document.xpath(xpath)
    return str(found[0]) if found else None


def _longest_table(document: html.HtmlElement) -> str | None:
    tables = [table for table in document.iter("table") if table.get("id")]
    if not tables:
        return None
    return max(tables, key=lambda table: len(table.xpath(".//tr"))).get("id")
