"""Nothing outside the book gets in, nothing is fetched, nothing runs (book.boundary,
book.raw_html): each way a chapter can name a file, a URL or a script."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from book import press
from book.boundary import Boundary, NetworkRefused, offline, refusals
from book.check import strict_build
from tests.conftest import ROOT, write_book

SECRET = "BÍ-MẬT-7f3a"  # what must never appear under build/
INDEX = "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n"
DRAWING = (ROOT / "chapters" / "images" / "so-do-ba-cap.svg").read_bytes()

# How a chapter (chapters/mot.md, three folders below the secret) can name a file outside.
OUTSIDE = {
    "include": "```{include} ../../secret.txt\n```\n",
    "literalinclude": "```{literalinclude} ../../secret.txt\n```\n",
    "raw file": "```{raw} html\n:file: ../../secret.txt\n```\n",
    "raw file, options block": "```{raw} html\n---\nfile: ../../secret.txt\n---\n```\n",
    "csv-table file": "```{csv-table} Bảng\n:file: ../../secret.txt\n```\n",
    "colon fence include": ":::{include} ../../secret.txt\n:::\n",
    "eval-rst include": "```{eval-rst}\n.. include:: ../../secret.txt\n```\n",
    "image": "![Ảnh](../../secret.svg)\n",
    "image, encoded": "![Ảnh](..%2F..%2Fsecret.svg)\n",
    "image, absolute": "![Mật khẩu](/../../secret.svg)\n",
    "figure": "```{figure} ../../secret.svg\n:alt: Hình.\n\nChú thích.\n```\n",
    "link to a file": "Xem [tệp](../../secret.txt).\n",
    "reference definition": "Xem [tệp][t].\n\n[t]: ../../secret.txt\n",
    "download role": "Tải {download}`tệp <../../secret.txt>`.\n",
    "raw html image": '<img alt="Ảnh" src="../../secret.svg">\n',
    "file url": "![Ảnh](file:///etc/passwd)\n",
    "linked image": "![Ảnh](images/lien-ket.svg)\n",  # a symbolic link to the secret
}


def _book(tmp_path: Path, body: str) -> Path:
    (tmp_path / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (tmp_path / "secret.svg").write_bytes(
        DRAWING.replace(b"</svg>", f"<!--{SECRET}--></svg>".encode())
    )
    book = write_book(tmp_path / "sach", {"index.md": INDEX, "mot.md": f"# Một\n\nĐoạn.\n\n{body}"})
    images = book / "chapters" / "images"
    images.mkdir()
    (images / "lien-ket.svg").symlink_to(tmp_path / "secret.svg")
    return book


def _nothing_of_the_secret_under(build: Path) -> None:
    for path in build.rglob("*") if build.exists() else ():
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            assert SECRET.encode() not in data and b"passwd" not in path.name.encode(), path


@pytest.mark.parametrize("case", sorted(OUTSIDE))
def test_a_path_outside_the_book_is_refused_and_nothing_of_it_published(tmp_path, case):
    book = _book(tmp_path, OUTSIDE[case])
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, status=None)
    message = str(failure.value)
    line = 5 + next(i for i, text in enumerate(OUTSIDE[case].splitlines()) if "secret" in text
                    or "lien-ket" in text or "passwd" in text)  # fmt: skip
    assert f"chapters/mot.md:{line}:" in message and "ngoài thư mục sách" in message, message
    assert message.count("ngoài thư mục sách") == 1, message  # one mistake, one message
    assert "Traceback" not in message
    _nothing_of_the_secret_under(book / "build")


def test_paths_inside_the_book_are_published(tmp_path):
    book = _book(tmp_path, "![Sơ đồ](images/so-do.svg)\n\n```{literalinclude} ../conf.py\n```\n")
    (book / "chapters" / "images" / "so-do.svg").write_bytes(DRAWING)
    published = press.build(book, ["html"], status=None)
    assert (published["html"] / "_images" / "so-do.svg").exists()


def test_the_refused_text_keeps_its_lines(tmp_path):
    chapter = tmp_path / "sach" / "chapters" / "mot.md"
    chapter.parent.mkdir(parents=True)
    boundary = Boundary(tmp_path / "sach", chapter.parent)
    text = (
        "# Một\n\n```{include} ../../x.md\n:start-line: 2\n```\n\n![a](../../b.png) và [c](d.md)\n"
    )
    found, harmless = refusals(text, chapter, boundary)
    assert [(refusal.line, refusal.target) for refusal in found] == [
        (3, "../../x.md"),
        (7, "../../b.png"),
    ]
    assert harmless.count("\n") == text.count("\n")
    assert "../.." not in harmless and "a và [c](d.md)" in harmless


class Listener:
    """A server on a loopback port that counts who connects."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            connection.sendall(b"HTTP/1.0 200 OK\r\n\r\n" + SECRET.encode())
            connection.close()


@pytest.mark.parametrize(
    "directive",
    [
        "```{raw} html\n:url: http://127.0.0.1:PORT/x\n```\n",
        "```{csv-table} Bảng\n:url: http://127.0.0.1:PORT/x.csv\n```\n",
        "```{raw} html\n---\nurl: http://127.0.0.1:PORT/x\n---\n```\n",
    ],
)
def test_no_option_fetches_in_publish_or_check(tmp_path, directive):
    listener = Listener()
    book = _book(tmp_path, directive.replace("PORT", str(listener.port)))
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, status=None)
    line = 5 + next(i for i, text in enumerate(directive.splitlines()) if "url" in text)
    assert f"chapters/mot.md:{line}:" in str(failure.value) and "từ mạng" in str(failure.value)
    _, problems = strict_build(book)
    assert any("từ mạng" in problem.message for problem in problems)
    assert listener.connections == 0
    _nothing_of_the_secret_under(book / "build")


def test_while_building_no_connection_leaves_the_machine():
    listener = Listener()
    with offline(), pytest.raises(NetworkRefused):
        socket.create_connection(("127.0.0.1", listener.port), timeout=2)
    socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()  # after: allowed
    assert listener.connections <= 1


ACTIVE = {
    "script": "<script>alert(1)</script>\n",
    "event handler": '<span onclick="alert(1)">bấm</span>\n',
    "javascript address": '<a href="javascript:alert(1)">bấm</a>\n',
    "iframe": '<iframe src="https://example.org/"></iframe>\n',
    "object": '<object data="x.swf"></object>\n',
    "raw block": "```{raw} html\n<div><script>alert(1)</script></div>\n```\n",
    "inline svg": "<svg><foreignObject><div>x</div></foreignObject></svg>\n",
    "remote image": '<img alt="a" src="https://example.org/a.png">\n',
    "remote css": '<div style="background: url(//example.org/a.png)">x</div>\n',
    "form": '<form action="https://example.org/"><input name="q"></form>\n',
}


@pytest.mark.parametrize("case", sorted(ACTIVE))
def test_html_that_runs_or_fetches_is_refused_in_every_edition(tmp_path, case):
    book = _book(tmp_path, ACTIVE[case])
    for edition in ("html", "epub", "pdf"):
        with pytest.raises(press.BuildFailed) as failure:
            press.build(book, [edition], status=None)
        assert "chapters/mot.md:5" in str(failure.value) and "HTML" in str(failure.value)
    for path in (book / "build").rglob("*.html"):
        assert "alert(1)" not in path.read_text(encoding="utf-8", errors="replace")


def test_html_that_only_marks_up_stays(tmp_path):
    markup = '<span style="color: #b00">Đỏ</span> và <a href="https://chinhphu.vn">cổng</a>\n'
    published = press.build(_book(tmp_path, markup), ["html"], status=None)
    page = (published["html"] / "mot.html").read_text(encoding="utf-8")
    assert "color: #b00" in page and "https://chinhphu.vn" in page


def test_a_chapter_that_is_a_link_to_a_file_elsewhere_is_refused(tmp_path):
    book = _book(tmp_path, "")
    (tmp_path / "secret.md").write_text(f"# Bí mật\n\n{SECRET}\n", encoding="utf-8")
    (book / "chapters" / "mot.md").unlink()
    (book / "chapters" / "mot.md").symlink_to(tmp_path / "secret.md")
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, status=None)
    assert "chapters/mot.md:1:" in str(failure.value) and "ngoài thư mục sách" in str(failure.value)
    _nothing_of_the_secret_under(book / "build")


@pytest.mark.parametrize(
    "setting", ['book_cover = "../secret.svg"', 'book_fallback_fonts = ["/etc/passwd"]']
)
def test_files_conf_py_names_outside_the_book_are_refused(tmp_path, setting):
    book = _book(tmp_path, "")
    conf = book / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + setting + "\n", encoding="utf-8")
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    assert "nằm ngoài thư mục sách" in str(failure.value)
    _nothing_of_the_secret_under(book / "build")


def test_a_file_an_include_brings_in_follows_the_same_rule(tmp_path):
    book = _book(tmp_path, "```{include} phan/trong.md\n```\n")
    (book / "chapters" / "phan").mkdir()
    inner = "# Phần trong\n\n```{literalinclude} ../../secret.txt\n```\n"  # from chapters/
    (book / "chapters" / "phan" / "trong.md").write_text(inner, encoding="utf-8")
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, status=None)
    assert "chapters/phan/trong.md:3:" in str(failure.value)
    assert "ngoài thư mục sách" in str(failure.value)
    _nothing_of_the_secret_under(book / "build")
