"""Shared fixtures: the sample handbook, published once per test run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import book.pdf.render  # noqa: F401 (see below)
from book import press

# The tests build many small books in this one process. With WeasyPrint loaded
# here once, they are laid out in this process, as the press does wherever
# WeasyPrint is already loaded (book.pdf.workers.workers_to_start_early),
# instead of each build starting processes that import it again.

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DATE_EPOCH = "1673827200"  # 16/01/2023, the seed article's date


def copy_book(source: Path, target: Path) -> Path:
    """A copy of a book (conf.py + chapters/) to build without touching the original."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "conf.py", target / "conf.py")
    shutil.copytree(source / "chapters", target / "chapters")
    return target


@pytest.fixture(scope="session")
def sample_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_book(ROOT, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def published(sample_book: Path) -> dict[str, Path]:
    """All three editions of the sample handbook, built once for the whole run."""
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    return press.build(sample_book, status=None)


REAL_BOOK = ROOT.parent / "shared" / "corpus" / "d2l-vn-myst"  # a book the press did not write


@pytest.fixture(scope="session")
def real_book(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All three editions of d2l-vn-myst (its chapters, the project's conf.py), and its folder."""
    if not (REAL_BOOK / "chapters").is_dir():
        pytest.fail(f"{REAL_BOOK} is missing: shared/ lies beside the repository")
    book = tmp_path_factory.mktemp("real-book")
    shutil.copytree(REAL_BOOK / "chapters", book / "chapters")
    shutil.copy(ROOT / "conf.py", book / "conf.py")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    return {"book": book, **press.build(book, status=None)}


def tool(*command: str) -> str:
    """Output of a command-line checker (pdffonts, pdftotext, qpdf...)."""
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is not installed: run the tests through ./press test")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def write_book(directory: Path, chapters: dict[str, str], conf: str = "") -> Path:
    """A small book for one test: ``chapters`` maps file names to Markdown."""
    (directory / "chapters").mkdir(parents=True, exist_ok=True)
    (directory / "conf.py").write_text(
        'project = "Sách thử"\nlanguage = "vi"\nextensions = ["book"]\n'
        'book_slug = "sach-thu"\nnumfig = True\nnumfig_secnum_depth = 1\n' + conf,
        encoding="utf-8",
    )
    for name, text in chapters.items():
        path = directory / "chapters" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory
