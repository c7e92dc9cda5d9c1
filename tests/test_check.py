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
    assert lines[0].startswith("[1/3]") and any(line.startswith("[3/3]") for line in lines)
    assert lines[-1] == "Không có lỗi: sách sẵn sàng để xuất bản."
