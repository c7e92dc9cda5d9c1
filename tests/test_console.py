"""What the editor sees while publishing (book.console): a few Vietnamese lines."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from book.console import NOTICE, Console
from tests.conftest import ROOT, write_book

SPHINX_LOG = (
    "Running Sphinx v9.0.4\n"
    "myst v5.2.0: MdParserConfig(commonmark_only=False)\n"
    "reading sources... [ 50%] mot\n"
    "reading sources... [100%] hai\n"
    "writing output... [100%] hai\n"
    f"{NOTICE}chuẩn hoá Unicode NFC cho 1 tệp: chapters/mot.md\n"
    "build succeeded.\n\nThe HTML pages are in build/.work/html.\n"
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_a_line_per_step_and_the_notices_only(tmp_path: Path):
    out = io.StringIO()
    console = Console(out, tmp_path / "press.log")
    console.step(1, 2, "pdf")
    console.sphinx.write(SPHINX_LOG)
    console.sphinx.write(SPHINX_LOG)  # a second edition says the same notice
    console.sphinx.write("Dàn trang 12/40 phần của sách\n  … 10/12\n")
    console.step(2, 2, "html")
    console.published("html", tmp_path / "build" / "html")
    console.published("pdf", tmp_path / "build" / "pdf" / "sach.pdf", "12 trang")
    console.summary()
    console.close()
    lines = out.getvalue().splitlines()
    assert lines[:4] == [
        "[1/2] Bản in (PDF)…",
        f"{NOTICE}chuẩn hoá Unicode NFC cho 1 tệp: chapters/mot.md",
        "      dàn trang 12 phần của sách",
        "[2/2] Trang web…",
    ]
    assert lines[4].startswith("Đã xuất bản 2 ấn bản trong ")
    assert "Bản in (PDF), 12 trang" in lines[5] and lines[5].endswith("sach.pdf")  # in order
    assert lines[6].endswith(str(Path("build/html/index.html"))) or "index.html" in lines[6]
    assert "Sphinx" not in out.getvalue() and "succeeded" not in out.getvalue()
    assert (tmp_path / "press.log").read_text(encoding="utf-8") == SPHINX_LOG * 2 + (
        "Dàn trang 12/40 phần của sách\n  … 10/12\n"
    )


def test_on_a_terminal_a_bar_per_edition_that_fills(tmp_path: Path):
    out = Terminal()
    console = Console(out, tmp_path / "press.log")
    console.step(1, 1, "epub")
    console.sphinx.write(SPHINX_LOG)
    console.summary()
    console.close()
    drawn = out.getvalue()
    states = [part for part in drawn.split("\r") if "[1/1]" in part]
    assert "  0 %" in states[0] and "100 %  xong" in states[-1]
    assert any("đọc chương" in state for state in states)
    assert drawn.count("\n[1/1]") == 0 and "Đã xuất bản 0" not in drawn
    assert "MdParserConfig" not in drawn


def test_verbose_shows_sphinx_log(tmp_path: Path):
    out = io.StringIO()
    console = Console(out, tmp_path / "press.log", verbose=True)
    console.sphinx.write(SPHINX_LOG)
    console.close()
    assert "build succeeded." in out.getvalue()


def test_a_publish_is_short_and_names_where_editions_went(tmp_path: Path):
    book = write_book(
        tmp_path / "sach",
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": "# Chương một\n\nĐoạn văn.\n",
        },
    )
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    command = [str(ROOT / "press"), "publish", "--book", str(book)]  # as an editor types it
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, env=environment, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 15, result.stdout
    for noise in ("Sphinx", "MdParserConfig", "succeeded", ".work", "book_", "WARNING"):
        assert noise not in result.stdout + result.stderr, noise
    assert lines[-3].strip().endswith("sach/build/pdf/sach-thu.pdf"), lines  # relative paths
    assert lines[-1].strip().endswith("sach/build/html/index.html"), lines
    assert (book / "build" / ".work" / "press.log").read_text(encoding="utf-8").count("Sphinx")
    verbose = subprocess.run(
        [*command, "--verbose"], cwd=ROOT, capture_output=True, text=True, env=environment
    )
    assert "build succeeded" in verbose.stdout


def test_no_library_turns_on_the_info_log():
    """accessible-pygments (Furo's) calls logging.basicConfig(level=INFO) on import."""
    code = (
        "import logging, pygments.styles\n"
        "from book.html import import_accessible_pygments_quietly\n"
        "import_accessible_pygments_quietly()\n"
        "pygments.styles.get_style_by_name('a11y-light')\n"
        "print(len(logging.root.handlers), logging.root.level)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", str(30)]
