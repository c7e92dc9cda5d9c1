"""Running the press: bad input fails clearly, published editions survive failures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from book import press
from tests.conftest import ROOT, write_book

INDEX = """# Sách thử

```{toctree}
:caption: Phần I
:numbered:

mot
```
"""
GOOD = """(ch-mot)=
# Chương một

Đoạn văn đầu tiên của chương một.
"""


def run_task(*args: str) -> subprocess.CompletedProcess:
    """An invoke task, run the way an editor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("chapter", "line", "expected"),
    [
        (GOOD + "\nXem {ref}`khong-co-nhan`.\n", 6, "khong-co-nhan"),
        (GOOD + "\nXem [mục khác](#khong-co-muc).\n", 6, "khong-co-muc"),
        (GOOD + "\n![Sơ đồ](images/khong-co.svg)\n", 6, "images/khong-co.svg"),
        ("---\ntitle: [chưa đóng\n---\n" + GOOD, 1, "YAML"),
        (GOOD + '\n<img src="https://example.com/a.png" alt="ảnh">\n', 6, "example.com"),
    ],
    ids=["broken-ref", "broken-link", "missing-image", "bad-front-matter", "remote-image"],
)
def test_bad_input_fails_with_file_and_line(tmp_path: Path, chapter: str, line: int, expected):
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": chapter})
    result = run_task("html", "--book", str(book))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert f"chapters/mot.md:{line}:" in result.stderr
    assert expected in result.stderr
    assert "Sửa các lỗi trên" in result.stderr  # says what to do next


def test_failed_build_keeps_the_published_editions(tmp_path: Path):
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": GOOD})
    published = press.build(book, ["pdf", "html"], status=None)
    pdf_before = published["pdf"].read_bytes()
    page_before = (published["html"] / "mot.html").read_text(encoding="utf-8")

    (book / "chapters" / "mot.md").write_text(GOOD + "\nXem {ref}`hong`.\n", encoding="utf-8")
    with pytest.raises(press.BuildFailed, match="hong"):
        press.build(book, ["pdf"], status=None)
    with pytest.raises(press.BuildFailed, match="hong"):
        press.build(book, ["html"], status=None)
    # The second failure is reported even though Sphinx had already read the chapter.
    with pytest.raises(press.BuildFailed, match="hong"):
        press.build(book, ["html"], status=None)

    assert published["pdf"].read_bytes() == pdf_before
    assert (published["html"] / "mot.html").read_text(encoding="utf-8") == page_before
    assert not list(published["pdf"].parent.glob(".*.tmp"))


def test_print_edition_refuses_files_outside_the_book(tmp_path: Path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    book = write_book(
        tmp_path / "book",
        {"index.md": INDEX, "mot.md": GOOD + f'\n<p><img src="{secret.as_uri()}" alt="x"></p>\n'},
    )
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["pdf"], status=None)
    message = str(failure.value)
    assert "chapters/mot.md:6:" in message
    assert str(secret) in message or secret.as_uri() in message
    assert "ngoài thư mục sách" in message  # refused before anything read it (book.boundary)


def test_fetcher_serves_only_the_book(tmp_path: Path):
    from book.pdf.render import BookFetcher, ResourceRefused

    inside = tmp_path / "book" / "a.txt"
    inside.parent.mkdir()
    inside.write_text("ok")
    fetcher = BookFetcher([inside.parent])
    assert fetcher.fetch(inside.as_uri()).read() == b"ok"
    for url in ("https://example.com/a.png", (tmp_path / "b.txt").as_uri(), "ftp://x/y"):
        with pytest.raises(ResourceRefused):
            fetcher.fetch(url)


def test_task_without_a_book_says_what_to_do(tmp_path: Path):
    result = run_task("pdf", "--book", str(tmp_path))
    assert result.returncode != 0
    assert "conf.py" in result.stderr and "--book" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_layout_in_the_cache_is_laid_out_again(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1673827200")
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": GOOD})
    published = press.build(book, ["pdf"], status=None)
    before = published["pdf"].read_bytes()
    chunks = sorted((book / "build/.work/pdf/chunks").glob("*.pdf"))
    assert chunks
    chunks[-1].write_bytes(chunks[-1].read_bytes()[:1000])  # cut off, as by a full disk

    assert press.build(book, ["pdf"], status=None)["pdf"].read_bytes() == before


def test_a_failed_merge_is_reported_and_keeps_the_published_pdf(tmp_path: Path):
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": GOOD})
    published = press.build(book, ["pdf"], status=None)
    before = published["pdf"].read_bytes()

    class Failing:
        def wait(self):
            raise RuntimeError("đĩa đầy")

    with pytest.raises(press.BuildFailed) as failure:
        press._finish_pdf(press.Layout(book), Failing(), "sach-thu", None)
    message = str(failure.value)
    assert "Không ghép được các phần của bản in: đĩa đầy" in message
    assert "last-error.log" in message and "giữ nguyên" in message
    assert "RuntimeError" in (book / "build/.work/last-error.log").read_text(encoding="utf-8")
    assert published["pdf"].read_bytes() == before


def test_a_failed_merge_stops_the_website_and_keeps_every_edition(tmp_path: Path, monkeypatch):
    from book.pdf.merge import MergeProcess

    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": GOOD})
    published = press.build(book, status=None)
    before = {edition: _snapshot(path) for edition, path in published.items()}

    class Failing:
        def wait(self):
            raise RuntimeError("đĩa đầy")

    def failing_merge(self, *args, **kwargs):
        self.close()
        return Failing()

    monkeypatch.setattr(MergeProcess, "merge", failing_merge)
    (book / "chapters/mot.md").write_text(GOOD + "\nThêm một câu.\n", encoding="utf-8")
    with pytest.raises(press.BuildFailed, match="Không ghép được các phần của bản in: đĩa đầy"):
        press.build(book, status=None)
    # All or nothing: the ebook, made meanwhile, is not published without the others.
    for edition in ("pdf", "epub", "html"):
        assert _snapshot(published[edition]) == before[edition], edition


def _snapshot(path: Path) -> dict[str, bytes]:
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    return {str(file): file.read_bytes() for file in files if file.is_file()}


def test_a_book_that_names_no_author_prints_no_placeholder(tmp_path: Path):
    import zipfile

    from book.metadata import read_metadata

    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": GOOD})
    published = press.build(book, ["epub"], status=None)
    with zipfile.ZipFile(published["epub"]) as epub:
        package = "".join(
            epub.read(name).decode() for name in epub.namelist() if name.endswith((".opf", "xhtml"))
        )
    assert "Author name not set" not in package
    layout = press.Layout(book)
    app, _ = press.run_sphinx(
        layout, "html", outdir=tmp_path / "site", doctreedir=layout.doctree_dir
    )
    assert read_metadata(app.config).authors == ()


def test_the_website_built_beside_is_the_website_built_alone(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": GOOD})
    beside = _snapshot(press.build(book, status=None)["html"])
    for kept in (book / "build/html", book / "build/.work/html"):
        shutil.rmtree(kept)
    alone = _snapshot(press.build(book, ["html"], status=None)["html"])
    assert beside == alone


def test_a_website_that_fails_beside_the_others_leaves_the_site_as_it_was(
    tmp_path: Path, monkeypatch
):
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": GOOD})
    published = press.build(book, status=None)
    before = {edition: _snapshot(path) for edition, path in published.items()}

    def broken(app):
        raise RuntimeError("hỏng trang tải về")

    monkeypatch.setattr(press, "write_downloads_page", broken)  # forked: the website's too
    (book / "chapters/mot.md").write_text(GOOD + "\nThêm một câu.\n", encoding="utf-8")
    with pytest.raises(press.BuildFailed, match="hỏng trang tải về") as failure:
        press.build(book, status=None)
    assert "last-error.log" in str(failure.value)
    # All or nothing: the print edition and the ebook, made, wait for the next publish.
    for edition in ("pdf", "epub", "html"):
        assert _snapshot(published[edition]) == before[edition], edition


def test_the_same_book_in_two_folders_gives_the_same_editions(tmp_path: Path, monkeypatch):
    """Nothing of the folder the book sits in reaches an edition (WeasyPrint named
    photos by their file: URL)."""
    import io as _io

    from PIL import Image

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    photo = _io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(photo, "PNG")
    published = []
    for folder in ("mot", "thu-muc-khac/hai"):
        book = write_book(
            tmp_path / folder,
            {
                "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nanh\n```\n",
                "anh.md": "# Ảnh\n\n![Ảnh đỏ](images/anh.png)\n",
            },
        )
        (book / "chapters" / "images").mkdir()
        (book / "chapters" / "images" / "anh.png").write_bytes(photo.getvalue())
        published.append(press.build(book, ["pdf", "epub"], status=None))
    for edition in ("pdf", "epub"):
        assert published[0][edition].read_bytes() == published[1][edition].read_bytes(), edition


def test_a_damaged_search_index_is_made_again_whole(tmp_path: Path, monkeypatch):
    """A search index left half-written (a publish stopped, a disk error) is never read
    back: the next publish writes every page and a whole index."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    chapters = {"index.md": INDEX, "mot.md": GOOD + "\nTừ khoá hiếm: thuyềnrồng.\n"}
    book = write_book(tmp_path / "sach", chapters)
    press.build(book, ["html"], status=None)
    index = book / "build" / ".work" / "html" / "searchindex.js"
    index.write_bytes(index.read_bytes()[: len(index.read_bytes()) // 2])
    site = press.build(book, ["html"], status=None)["html"]
    clean = press.build(write_book(tmp_path / "sach-moi", chapters), ["html"], status=None)["html"]
    assert (site / "searchindex.js").read_bytes() == (clean / "searchindex.js").read_bytes()
