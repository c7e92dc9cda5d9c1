"""Settings in conf.py are checked before anything is built (book.settings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from book import press
from tests.conftest import write_book

INDEX = "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n"


@pytest.mark.parametrize(
    "setting, said",
    [
        ('book_year = "abc"', "book_year = 'abc' không hợp lệ: ghi năm"),
        ('book_font_size = "to"', "book_font_size = 'to' không hợp lệ"),
        ('book_line_height = "rộng"', "book_line_height = 'rộng' không hợp lệ"),
        ('book_slug = "../../ngoai"', "book_slug = '../../ngoai' không hợp lệ"),
        ('book_page_size = "A3 ngang"', "book_page_size = 'A3 ngang' không hợp lệ"),
        ('book_print_bleed = "3cm"', "book_print_bleed = '3cm' không hợp lệ"),
        ("book_pdf_processes = -1", "book_pdf_processes = -1 không hợp lệ"),
        ('book_print_crop_marks = "có"', "book_print_crop_marks = 'có' không hợp lệ"),
        ("book_authors = [1, 2]", "book_authors = [1, 2] không hợp lệ"),
    ],
)
def test_a_wrong_setting_is_said_at_its_line_of_conf_py(tmp_path: Path, setting, said):
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": "# Một\n\nĐoạn.\n"}, conf=setting)
    line = (book / "conf.py").read_text(encoding="utf-8").splitlines().index(setting) + 1
    for edition in ("html", "pdf", "epub"):
        with pytest.raises(press.BuildFailed) as failure:
            press.build(book, [edition], status=None)
        message = str(failure.value)
        assert f"conf.py:{line}: {said}" in message, message
        assert message.count("không hợp lệ") == 1 and "Traceback" not in message
    assert not (book / "build" / "html").exists()


def test_right_settings_pass(tmp_path: Path):
    conf = (
        'book_year = 2025\nbook_font_size = "11pt"\nbook_line_height = 1.5\n'
        'book_slug = "so-tay-2025"\nbook_page_size = "145mm x 205mm"\nbook_print_bleed = "3mm"\n'
    )
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": "# Một\n\nĐoạn.\n"}, conf=conf)
    assert press.build(book, ["html"], status=None)["html"].is_dir()
