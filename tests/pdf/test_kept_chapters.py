"""Chapters of the print document kept between builds: the same document as assembled afresh."""

from __future__ import annotations

import json
from pathlib import Path

from book import press
from book.pdf import builder
from tests.conftest import ROOT, SOURCE_DATE_EPOCH, copy_book

EDITED = "chapters/03-nghi-quyet-dai-hoi-tinh-xvii.md"


def print_document(book: Path) -> str:
    return (book / "build/.work/pdf/print.html").read_text(encoding="utf-8")


def test_a_rebuild_assembles_only_the_edited_chapter(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    book = copy_book(ROOT, tmp_path / "kept")
    press.build(book, ["pdf"], status=None)
    assembled: list[str] = []
    assemble = builder._assemble
    monkeypatch.setattr(
        builder,
        "_assemble",
        lambda page, *args: assembled.append(page.docname) or assemble(page, *args),
    )
    chapter = book / EDITED
    chapter.write_text(chapter.read_text("utf-8").replace("tóm lược", "tóm tắt", 1), "utf-8")
    # An image of a chapter kept as it was is read again: its new text reaches the print.
    image = book / "chapters/images/so-do-ba-cap.svg"  # in chapter 1, not edited
    image.write_text(image.read_text("utf-8").replace("</svg>", "<desc>Bản mới</desc></svg>"))
    press.build(book, ["pdf"], status=None)
    assert assembled == [Path(EDITED).stem]

    cold = copy_book(book, tmp_path / "cold")
    press.build(cold, ["pdf"], status=None)
    assert print_document(book) == print_document(cold)
    assert "Bản mới" in print_document(book)


def test_a_damaged_file_of_kept_chapters_is_not_trusted(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    book = copy_book(ROOT, tmp_path / "damaged")
    press.build(book, ["pdf"], status=None)
    first = print_document(book)
    kept = book / "build/.work/pdf" / builder.KEPT_CHAPTERS
    data = json.loads(kept.read_text(encoding="utf-8"))
    for number, entry in enumerate(data["pages"].values()):
        # Wrong types, a missing field, a chapter replaced by a list.
        entry[0]["value"].update([{"toc": "x"}, {"images": [1]}, {"markup": None}][number % 3])
    data["pages"]["index"] = []
    kept.write_text(json.dumps(data), encoding="utf-8")
    press.build(book, ["pdf"], status=None)
    assert print_document(book) == first
