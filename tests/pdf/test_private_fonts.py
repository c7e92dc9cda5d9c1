"""No font on the machine changes the print edition (book.pdf.private_fonts)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from book import press
from book.pdf.private_fonts import configuration_xml
from tests.conftest import ROOT, SOURCE_DATE_EPOCH, copy_book, tool, write_book

# Families of the book that common Debian font packages also install.
SHADOWED = {"Noto Serif": "fonts-noto-core"}

_BUILD_PDF = (
    "import sys; from pathlib import Path; from book import press; "
    "print(press.build(Path(sys.argv[1]), ['pdf'], status=None)['pdf'])"
)


def _machine_families() -> set[str]:
    listed = tool("fc-list", ":", "family").splitlines()
    return {name.strip() for line in listed for name in line.split(",")}


def test_the_machine_has_fonts_of_the_book_families():
    """The case below means something only where a system font could shadow the book's."""
    missing = [package for family, package in SHADOWED.items() if family not in _machine_families()]
    assert not missing, f"install {' '.join(missing)} (./press test does)"


def test_configuration_names_no_font_directory():
    xml = configuration_xml({"body": "Noto Serif", "heading": "Be Vietnam Pro", "mono": "X"})
    assert "<dir" not in xml and "<include" not in xml
    assert "<family>sans-serif</family><prefer><family>Press Be Vietnam Pro</family>" in xml
    assert '<edit name="family" mode="append_last"><string>Press Noto Serif</string>' in xml


def _pdf_in_fresh_process(book: Path, environment: dict[str, str]) -> bytes:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **environment}
    result = subprocess.run(
        [sys.executable, "-c", _BUILD_PDF, str(book)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return Path(result.stdout.strip().splitlines()[-1]).read_bytes()


def test_the_pdf_is_the_same_with_and_without_the_machine_fonts(tmp_path: Path):
    """fontconfig seeing the machine's fonts (Noto Serif among them) or none: the same bytes."""
    assert "Noto Serif" in _machine_families()
    empty = tmp_path / "empty-fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    with_fonts = _pdf_in_fresh_process(copy_book(ROOT, tmp_path / "a"), {})
    no_fonts = {"FONTCONFIG_FILE": str(empty)}
    without = _pdf_in_fresh_process(copy_book(ROOT, tmp_path / "b"), no_fonts)
    assert with_fonts == without


SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120">
  <text x="10" y="30" font-family="Arial, Helvetica" font-size="16">Đường Arial không có</text>
  <text x="10" y="60" font-family="sans-serif" font-size="16">Chữ không chân</text>
  <text x="10" y="90" font-family="'Noto Serif'" font-size="16" font-weight="bold">Noto đậm</text>
</svg>
"""


def test_figure_text_in_any_family_is_set_in_the_book_faces(tmp_path: Path):
    book = write_book(
        tmp_path,
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": "# Chương một\n\n![Hình có chữ](images/chu.svg)\n",
            "images/chu.svg": SVG,
        },
    )
    pdf = press.build(book, ["pdf"], status=None)["pdf"]
    names = [row.split()[0].split("+", 1)[1] for row in tool("pdffonts", str(pdf)).splitlines()[2:]]
    assert names and all(name.startswith("Press-") for name in names), names
    text = tool("pdftotext", str(pdf), "-")
    for line in ("Đường Arial không có", "Chữ không chân", "Noto đậm"):
        assert line in text


@pytest.mark.parametrize("family", sorted(SHADOWED))
def test_private_names_are_not_the_machine_families(family: str):
    from book.fonts import private_family

    assert private_family(family) not in _machine_families()
