"""The editors' guide (docs/huong-dan-bien-tap.md): every example in it publishes.

Its ````md examples are put together as one chapter and published in all three
editions, then checked strictly (every reference and term resolved); its
````text examples are what not to write and are left out.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from book import press
from book.check import strict_build
from tests.conftest import ROOT, write_book

GUIDE = ROOT / "docs" / "huong-dan-bien-tap.md"
EXAMPLE = re.compile(r"^````md\n(.*?)^````$", re.MULTILINE | re.DOTALL)
CONF = (
    'book_resolutions = {"NQ-ĐH-XXIII": "Nghị quyết Đại hội Đảng bộ thành phố Chí Linh lần '
    'thứ XXIII", "52-NQ/TW": "Nghị quyết số 52-NQ/TW của Bộ Chính trị"}\n'
    'myst_enable_extensions = ["colon_fence", "deflist"]\nmyst_heading_anchors = 3\n'
)


def examples() -> list[str]:
    return EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_has_an_example_of_every_construct():
    shown = "\n".join(examples())
    for construct in ("{figure}", "{list-table}", "{table}", "[^", "{numref}", "{ref}",
                      "{glossary}", "{term}", "{programme}", "{toctree}", "{note}"):  # fmt: skip
        assert construct in shown, construct


@pytest.fixture(scope="module")
def guide_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The contents example names the handbook's chapters; the others make one chapter.
    chapter = "\n\n".join(example for example in examples() if "{toctree}" not in example)
    book = write_book(
        tmp_path_factory.mktemp("guide"),
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nvi-du\n```\n",
            "vi-du.md": chapter,
        },
        conf=CONF,
    )
    images = book / "chapters" / "images"
    images.mkdir()
    shutil.copy(ROOT / "chapters" / "images" / "so-do-ba-cap.svg", images)
    return book


def test_every_example_publishes_in_all_three_editions(guide_book: Path):
    published = press.build(guide_book, status=None)
    assert set(published) == {"pdf", "epub", "html"}
    page = (published["html"] / "vi-du.html").read_text(encoding="utf-8")
    assert "Hình 1.1" in page and "Bảng 1.1" in page and "123/KH-UBND" in page


def test_every_example_passes_the_strict_check(guide_book: Path):
    site, problems = strict_build(guide_book)
    assert site is not None and problems == []


def test_the_new_chapter_template_publishes_and_its_examples_too(tmp_path: Path):
    from jinja2 import Template

    from book.chapters import TEMPLATE

    text = Template(TEMPLATE.read_text(encoding="utf-8")).render(title="Chương mới", label="ch-moi")
    examples_start = text.index("% Viết nội dung")
    uncommented = "\n".join(
        line[2:] if line.startswith("% ") else line.lstrip("%")
        for line in text[examples_start:].splitlines()[2:]
    )
    glossary = "# Thuật ngữ\n\n```{glossary}\nChuyển đổi số\n  Giải thích.\n```\n"
    contents = (
        "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmoi\nvi-du\nthuat-ngu\n```\n"
    )
    book = write_book(
        tmp_path,
        {
            "index.md": contents,
            "moi.md": text,  # as new-chapter writes it
            "vi-du.md": text[:examples_start].replace("ch-moi", "ch-vi-du") + uncommented,
            "thuat-ngu.md": glossary,
        },
    )
    (book / "chapters" / "images").mkdir()
    shutil.copy(
        ROOT / "chapters" / "images" / "so-do-ba-cap.svg",
        book / "chapters" / "images" / "ten-hinh.svg",
    )
    site, problems = strict_build(book)
    assert site is not None and problems == []
    page = (site / "vi-du.html").read_text(encoding="utf-8")
    assert "Hình 2.1" in page and "Bảng 2.1" in page and "123/KH-UBND" in page
