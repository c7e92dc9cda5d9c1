"""``invoke check``: a strict build, problems by chapter, then the validators."""

from __future__ import annotations

import io
from pathlib import Path

from book.check import group_by_file, main, report, run
from tests.conftest import write_book

INDEX = "# Sách thử\n\n```{toctree}\n:caption: Phần I. Thử\n:numbered:\n\n01-mot\n02-hai\n```\n"


def test_strict_build_lists_every_problem_by_chapter(tmp_path: Path):
    book = write_book(
        tmp_path,
        {
            "index.md": INDEX,
            "01-mot.md": "# Một\n\nXem {ref}`muc-khong-co`.\n",
            # Only a nitpicky build reports a reference to a function that does not exist.
            "02-hai.md": "# Hai\n\nĐoạn đầu.\n\nGọi {py:func}`ham_khong_co`.\n",
        },
    )
    result = run(book, validators=False, say=lambda line: None)
    assert not result.ok
    groups = group_by_file(result.problems)
    assert list(groups) == ["chapters/01-mot.md", "chapters/02-hai.md"]
    assert str(groups["chapters/01-mot.md"][0]).startswith("chapters/01-mot.md:3: ")
    assert "muc-khong-co" in str(groups["chapters/01-mot.md"][0])
    assert str(groups["chapters/02-hai.md"][0]).startswith("chapters/02-hai.md:5: ")
    text = report(result)
    assert text.index("chapters/01-mot.md (1 lỗi)") < text.index("chapters/02-hai.md (1 lỗi)")
    assert text.splitlines()[-1].startswith("Có 2 lỗi.")
    published = book / "build" / "html"
    assert not published.exists()  # a check publishes nothing


def test_clean_book_passes_every_check(tmp_path: Path):
    book = write_book(
        tmp_path,
        {"index.md": INDEX, "01-mot.md": "# Một\n\nĐoạn một.\n", "02-hai.md": "# Hai\n\nĐoạn.\n"},
    )
    out = io.StringIO()
    assert main(book, out) == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[1/4]") and any(line.startswith("[4/4]") for line in lines)
    assert lines[-1] == "Không có lỗi: sách sẵn sàng để xuất bản."


def test_the_print_edition_is_checked_too(tmp_path: Path):
    """Ink outside the text block and a page blank but for its running head, by chapter."""
    book = write_book(
        tmp_path,
        {
            "index.md": INDEX,
            "01-mot.md": "# Một\n\nĐoạn một.\n\n"
            '<div style="width: 300mm; border: 1px solid black">Khung quá rộng.</div>\n',
            "02-hai.md": "# Hai\n\n"
            + "Đoạn văn của chương hai, đủ dài để lấp trang. " * 40
            + '\n\n<div style="break-before: page"></div>\n\n'
            '<div style="break-before: page"></div>\n',
        },
    )
    result = run(book, validators=False, say=lambda line: None)
    groups = group_by_file(result.problems)
    assert "tràn ra ngoài khung chữ" in str(groups["chapters/01-mot.md"])
    assert "trống, chỉ có đầu trang hoặc số trang" in str(groups["chapters/02-hai.md"])
    assert not (book / "build" / "pdf").exists()  # a check publishes nothing
