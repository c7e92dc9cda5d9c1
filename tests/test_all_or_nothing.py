"""A publish is all or nothing: the editions in build/ change together or not at all;
an empty or untitled chapter is reported before anything is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from book import press
from book.html.downloads import DOWNLOADS_DIR, sha256
from book.layout import Layout
from tests.conftest import write_book

INDEX = "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\nhai\n```\n"


def _book(tmp_path: Path) -> Path:
    return write_book(
        tmp_path, {"index.md": INDEX, "mot.md": "# Một\n\nĐoạn.\n", "hai.md": "# Hai\n\nĐoạn.\n"}
    )


def _snapshot(build: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(build)): path.read_bytes()
        for path in sorted(build.rglob("*"))
        if path.is_file() and ".work" not in path.parts
    }


@pytest.mark.parametrize(
    "mistake, said",
    [
        ("", "tệp chương trống"),
        ("Chỉ một đoạn, không có tiêu đề.\n", "chương chưa có tiêu đề"),
    ],
)
def test_an_empty_or_untitled_chapter_leaves_every_edition_as_it_was(tmp_path, mistake, said):
    book = _book(tmp_path)
    press.build(book, status=None)
    before = _snapshot(book / "build")
    (book / "chapters" / "hai.md").write_text(mistake, encoding="utf-8")
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, status=None)
    assert f"chapters/hai.md:1: {said}" in str(failure.value)
    assert _snapshot(book / "build") == before
    assert not Layout(book).staging_dir.exists()


def test_an_edition_failing_late_publishes_none_of_them(tmp_path, monkeypatch):
    book = _book(tmp_path)
    press.build(book, status=None)
    before = _snapshot(book / "build")
    (book / "chapters" / "mot.md").write_text("# Một\n\nĐoạn đã sửa.\n", encoding="utf-8")

    def fail(*args, **kwargs):
        raise press.BuildFailed("sách điện tử hỏng")

    monkeypatch.setattr(press, "_finish_ebook", fail)  # the ebook fails after the PDF is made
    with pytest.raises(press.BuildFailed):
        press.build(book, status=None)
    assert _snapshot(book / "build") == before


def test_the_website_describes_the_editions_beside_it(tmp_path):
    book = _book(tmp_path)
    press.build(book, status=None)
    (book / "chapters" / "mot.md").write_text("# Một\n\nĐoạn khác hẳn.\n", encoding="utf-8")
    published = press.build(book, status=None)
    page = (published["html"] / "downloads.html").read_text(encoding="utf-8")
    for edition in ("pdf", "epub"):
        assert sha256(published[edition]) in page
        offered = published["html"] / DOWNLOADS_DIR / published[edition].name
        assert offered.read_bytes() == published[edition].read_bytes()


def test_debris_of_a_stopped_publish_is_cleared(tmp_path):
    book = _book(tmp_path)
    press.build(book, status=None)
    debris = [book / "build" / ".html.new.abc", book / "build" / ".html.old.def"]
    for folder in debris:
        folder.mkdir()
    (book / "build" / "pdf" / ".sach-thu.pdf.x.tmp").write_bytes(b"half")
    press.build(book, ["html"], status=None)
    assert [path.name for path in (book / "build").iterdir() if path.name.startswith(".")] == [
        ".work"
    ]
    assert not list((book / "build" / "pdf").glob(".*"))


def test_chapter_files_named_in_decomposed_unicode_publish(tmp_path):
    import unicodedata

    index = "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nhai dòng\n```\n"
    book = write_book(tmp_path, {"index.md": index})
    decomposed = unicodedata.normalize("NFD", "hai dòng.md")
    (book / "chapters" / decomposed).write_text("# Hai\n\nĐoạn.\n", encoding="utf-8")
    published = press.build(book, status=None)
    assert set(published) == {"pdf", "epub", "html"}
    assert (book / "chapters" / "hai dòng.md").is_file()  # the same name, composed


def test_every_damaged_work_file_is_made_again_never_published(tmp_path, monkeypatch):
    """Half of every file under build/.work cut off (a disk error, a publish killed while
    writing): the next publish gives the bytes of a clean build."""
    import shutil

    from tests.conftest import ROOT

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    books = []
    for name in ("damaged", "clean"):
        book = tmp_path / name
        shutil.copytree(ROOT / "chapters", book / "chapters")
        shutil.copy(ROOT / "conf.py", book / "conf.py")
        books.append(book)
    damaged, clean = books
    press.build(damaged, status=None)
    for book in books:
        chapter = book / "chapters" / "02-chuyen-doi-so.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    cut = 0
    for path in (damaged / "build" / ".work").rglob("*"):
        if path.is_file() and path.name != "publish.lock":
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
            cut += 1
    assert cut > 50
    press.build(damaged, status=None)
    press.build(clean, status=None)
    assert _snapshot(damaged / "build") == _snapshot(clean / "build")


def test_a_full_disk_is_said_as_such_and_publishes_nothing(tmp_path, monkeypatch):
    import errno

    book = _book(tmp_path)
    press.build(book, status=None)
    before = _snapshot(book / "build")
    (book / "chapters" / "mot.md").write_text("# Một\n\nĐoạn đã sửa.\n", encoding="utf-8")

    def full(source, target):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(press, "publish_file", full)
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, status=None)
    assert "ổ đĩa đã đầy" in str(failure.value) and "Traceback" not in str(failure.value)
    assert _snapshot(book / "build") == before
