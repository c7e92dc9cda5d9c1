"""Reading the chapters: strict UTF-8, legacy encodings named, NFC in every edition."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest

from book import press
from book.vietnamese import fix
from tests.conftest import tool, write_book
from tests.vietnamese.legacy import tcvn3, windows_1258

INDEX = "# Sách thử\n\n```{toctree}\nchuong\n```\n"
CHAPTER = "# Chương một\n\nCộng hòa xã hội chủ nghĩa Việt Nam.\nThủ tướng Chính phủ.\n"
VNI_MOJIBAKE = "# Chöông moät\n\nCoäng hoøa xaõ hoäi chuû nghóa Vieät Nam.\nThuû töôùng.\n"


def _book(directory: Path, chapter: bytes) -> Path:
    write_book(directory, {"index.md": INDEX})
    (directory / "chapters" / "chuong.md").write_bytes(b"<!-- note -->\n" + chapter)
    return directory


@pytest.mark.parametrize(
    ("chapter", "named", "kind"),
    [
        (tcvn3(CHAPTER), "TCVN3", "không phải UTF-8"),
        (windows_1258(CHAPTER), "Windows-1258", "không phải UTF-8"),
        (VNI_MOJIBAKE.encode("cp1252"), "VNI", "không phải UTF-8"),
        (VNI_MOJIBAKE.encode("utf-8"), "VNI", "dán vào mà chưa chuyển mã"),
        (tcvn3(CHAPTER).decode("cp1252", errors="replace").encode(), "TCVN3", "dán vào"),
    ],
    ids=["tcvn3", "windows-1258", "vni", "vni-mojibake", "tcvn3-mojibake"],
)
def test_a_legacy_chapter_fails_with_file_line_encoding_and_command(
    tmp_path: Path, chapter: bytes, named: str, kind: str
) -> None:
    book = _book(tmp_path, chapter)
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    report = str(failure.value)
    problem = next(line for line in report.splitlines() if "chapters/chuong.md" in line)
    assert problem.strip().startswith("chapters/chuong.md:2:")  # line 1 is the ASCII comment
    assert named in problem
    assert kind in problem
    assert "“# Chương một”" in problem  # what the line says once converted
    command = f"./press fix-encoding --book {book.resolve()} chapters/chuong.md"
    assert problem.endswith(command)
    assert "lỗi nội bộ" not in report


def test_after_fix_encoding_the_book_builds(tmp_path: Path) -> None:
    book = _book(tmp_path, tcvn3(CHAPTER))
    fix.fix_file(book / "chapters" / "chuong.md")
    published = press.build(book, ["html"], status=None)
    page = (published["html"] / "chuong.html").read_text(encoding="utf-8")
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in page
    # The backup stays outside the book's documents: Sphinx reads only *.md.
    assert (book / "chapters" / "chuong.md.bak").read_bytes().endswith(tcvn3(CHAPTER))


def test_every_edition_of_the_handbook_is_nfc(published: dict[str, Path]) -> None:
    html = [path.read_text(encoding="utf-8") for path in published["html"].glob("*.html")]
    with zipfile.ZipFile(published["epub"]) as epub:
        xhtml = [epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml")]
    pdf = tool("pdftotext", str(published["pdf"]), "-")
    for text in [*html, *xhtml, pdf]:
        assert unicodedata.is_normalized("NFC", text)
    assert "Chí Linh" in pdf and len(html) > 5 and len(xhtml) > 5
