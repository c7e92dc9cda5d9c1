"""WeasyPrint's messages sorted by what the reader loses (book.pdf.engine_messages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from book import press
from book.pdf.engine_messages import HARMLESS, LOSSES, explained, harmless, sort
from tests.conftest import write_book

# One real message of each kind, as WeasyPrint 70 words it.
HARMLESS_EXAMPLES = {
    r"^Ignored `[^`]*` at \d+:\d+, unknown property\.$": (
        "Ignored `stroke-linecap:round` at 1:86, unknown property."
    ),
    r"HarfBuzz-Subset": 'Unable to subset "Noto Serif" with HarfBuzz-Subset, fontTools used',
}
LOSS_EXAMPLES = {
    r"^Failed to load image at '([^']*)'": (
        f"Failed to load image at '{Path(__file__).as_uri()}': "  # a file that is there
        "UnidentifiedImageError: cannot identify image file",
        Path(__file__).name,
    ),
    r"^Failed to load (?:font|local font) .*?'([^']*)'": (
        "Failed to load font at 'file:///sach/fonts/x.ttf'",
        "x.ttf",
    ),
    r"^Font-face '([^']*)' cannot be loaded": (
        "Font-face 'Book Fallback 1' cannot be loaded",
        "Book Fallback 1",
    ),
    r"^Anchor defined twice: '([^']*)'": ("Anchor defined twice: 'muc-1'", "muc-1"),
    r"^No anchor #([^ ]*) for internal URI reference": (
        "No anchor #muc-2 for internal URI reference",
        "muc-2",
    ),
    r"^(?:Unsupported|Invalid) (?:stylesheet|image|SVG) .*": (
        "Unsupported image type 'image/x-icon'",
        "",
    ),
}


def test_every_kind_has_an_example():
    assert set(HARMLESS_EXAMPLES) == set(HARMLESS)
    assert set(LOSS_EXAMPLES) == set(LOSSES)


@pytest.mark.parametrize("pattern", sorted(HARMLESS))
def test_harmless_messages_are_counted_not_reported(pattern: str):
    message = HARMLESS_EXAMPLES[pattern]
    assert harmless(message)
    assert sort([message, message]).losses == []
    assert sort([message, message]).harmless == [message]


@pytest.mark.parametrize("pattern", sorted(LOSSES))
def test_losses_are_said_in_vietnamese_with_what_they_name(pattern: str):
    message, named = LOSS_EXAMPLES[pattern]
    assert not harmless(message)
    said = explained(message)
    assert named in said and not said.startswith("WeasyPrint báo")
    assert sort([message]).losses == [said]


def test_a_message_of_no_listed_kind_is_a_loss():
    said = explained("Something new went wrong")
    assert said.startswith("WeasyPrint báo một lỗi trên trang in") and "Something new" in said


def test_a_damaged_image_fails_at_its_chapter_and_line(tmp_path: Path):
    body = "# Chương một\n\nĐoạn mở đầu.\n\n![Ảnh hỏng](images/hong.png)\n"
    book = write_book(
        tmp_path,
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": body,
        },
    )
    (book / "chapters/images").mkdir()
    (book / "chapters/images/hong.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["pdf"], status=None)
    message = str(failure.value)
    assert "chapters/mot.md:5" in message and "hong.png" in message, message
    assert "Failed to load" not in message


def test_a_missing_image_is_reported_once_at_its_line(tmp_path: Path):
    book = write_book(
        tmp_path,
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": "# Chương một\n\nĐoạn.\n\n![Ảnh](images/khong-co.png)\n",
        },
    )
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["pdf"], status=None)
    message = str(failure.value)
    assert "1 lỗi" in message and "chapters/mot.md:5" in message, message
    assert message.count("khong-co.png") == 1, message


def test_harmless_messages_are_listed_and_shown_with_verbose(tmp_path: Path, capsys):
    import tasks

    drawing = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<path d="M0 0h5v5z" style="stroke:none;fill-opacity:1"/></svg>'
    )
    book = write_book(
        tmp_path,
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": "# Chương một\n\n![Hình](images/hinh.svg)\n",
            "images/hinh.svg": drawing,
        },
    )
    press.build(book, ["pdf"], status=None)  # publishes: nothing is lost on the page
    capsys.readouterr()
    tasks._show_engine_messages(str(book), verbose=False)
    assert capsys.readouterr().out == ""
    tasks._show_engine_messages(str(book), verbose=True)
    shown = capsys.readouterr().out
    assert "unknown property" in shown and "stroke" in shown
