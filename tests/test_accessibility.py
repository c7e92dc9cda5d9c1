"""Accessibility rules for every edition: an image without alternative text stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from book import press
from tests.conftest import write_book

INDEX = "# Sách\n\n```{toctree}\n\nanh\n```\n"


def build_html(book: Path) -> None:
    press.build(book, ["html"], status=None)


@pytest.mark.parametrize(
    ("markdown", "line"),
    [
        ("# Ảnh\n\nĐoạn văn.\n\n![](images/so-do.svg)\n", 5),
        ("# Ảnh\n\n```{figure} images/so-do.svg\n:name: fig-a\n\nChú thích hình.\n```\n", 3),
    ],
    ids=["markdown-image", "figure-directive"],
)
def test_image_without_alt_text_is_an_error_at_its_line(tmp_path: Path, markdown: str, line: int):
    book = write_book(tmp_path / "book", {"index.md": INDEX, "anh.md": markdown})
    (book / "chapters" / "images").mkdir()
    (book / "chapters" / "images" / "so-do.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )
    with pytest.raises(press.BuildFailed) as failure:
        build_html(book)
    message = str(failure.value)
    assert f"chapters/anh.md:{line}: " in message, message
    assert "images/so-do.svg thiếu văn bản thay thế (alt)" in message


def test_images_with_alt_text_pass(tmp_path: Path):
    book = write_book(
        tmp_path / "book",
        {
            "index.md": INDEX,
            "anh.md": (
                "# Ảnh\n\n![Sơ đồ tổ chức](images/so-do.svg)\n\n"
                "```{figure} images/so-do.svg\n:alt: Sơ đồ tổ chức ba cấp\n\nChú thích.\n```\n"
            ),
        },
    )
    (book / "chapters" / "images").mkdir()
    (book / "chapters" / "images" / "so-do.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )
    html = build_html(book)
    assert html is None  # built: no BuildFailed
    page = (book / "build" / "html" / "anh.html").read_text(encoding="utf-8")
    assert 'alt="Sơ đồ tổ chức ba cấp"' in page
