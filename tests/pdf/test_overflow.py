"""The overflow check flags ink outside the text block, not boxes (book.pdf.overflow)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from book import press
from tests.conftest import ROOT, write_book

CASES = ROOT.parent / "shared" / "cases"
INDEX = "# Sách thử\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n"
OPENING = "# Chương một\n\nĐoạn văn mở đầu của chương.\n"


def _failure(tmp_path: Path, body: str, files: dict[str, str] | None = None) -> str:
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": OPENING + body, **(files or {})})
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["pdf"], status=None)
    return str(failure.value)


def test_the_ordinary_chapter_of_the_shared_case_publishes(tmp_path: Path):
    case = CASES / "overflow-section"
    if not case.is_dir():
        pytest.fail(f"{case} is missing: the shared cases lie beside the repository")
    shutil.copytree(case / "chapters", tmp_path / "chapters")
    shutil.copy(ROOT / "conf.py", tmp_path / "conf.py")
    pdf = press.build(tmp_path, ["pdf"], status=None)["pdf"]
    assert pdf.stat().st_size > 0


def test_an_invisible_box_wider_than_the_page_is_not_an_error(tmp_path: Path):
    body = '\n<div style="width: 300mm; height: 2mm"></div>\n\nĐoạn sau.\n'
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": OPENING + body})
    assert press.build(book, ["pdf"], status=None)["pdf"].is_file()


def test_a_bordered_block_too_wide_fails_at_its_chapter(tmp_path: Path):
    body = '\n<div style="width: 300mm; border: 1px solid black">Khung quá rộng.</div>\n'
    message = _failure(tmp_path, body)
    assert "chapters/mot.md" in message and "tràn ra ngoài khung chữ" in message
    assert "vượt lề trái/phải" in message and "thu nhỏ khung" in message


def test_an_unbreakable_word_in_a_fixed_box_fails_at_its_line(tmp_path: Path):
    word = "X" * 120
    body = f'\n\n<p style="overflow-wrap: normal; hyphens: manual">Mã {word}</p>\n'
    message = _failure(tmp_path, body)
    line = (OPENING + body).splitlines().index(body.strip()) + 1
    assert f"chapters/mot.md:{line}" in message, message
    assert "ngắt dòng chữ quá dài" in message
