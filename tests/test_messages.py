"""Common Sphinx and Docutils messages said in Vietnamese with the way forward (book.messages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from book import press
from book.messages import Context, in_vietnamese
from tests.conftest import write_book

INDEX = "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n"
CHAPTER = """(fig-ba-tru-cot-cds)=
# Chương một

Xem {numref}`fig-ba-tru-cot-cd`, {ref}`muc-khong-co` và {term}`Nghi quyet`.

![Ảnh lễ hội](images/Anh-Le-Hoi-Con-Son.png)

```{list-table} Bảng
:header-rows: 1

* - A
  - B
* - 1
```

```{glossary}
Nghị quyết
  Văn bản của cấp ủy.
```
"""


@pytest.fixture(scope="module")
def said(tmp_path_factory: pytest.TempPathFactory) -> str:
    book = write_book(tmp_path_factory.mktemp("loi"), {"index.md": INDEX, "mot.md": CHAPTER})
    (book / "chapters/images").mkdir()
    Image.new("RGB", (8, 8)).save(book / "chapters/images/anh-le-hoi-con-son.png")
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    return str(failure.value)


def test_a_wrong_label_names_the_nearest_one(said: str):
    assert "chapters/mot.md:4: không có nhãn “fig-ba-tru-cot-cd” trong sách. " in said
    assert "Có phải ý bạn là “fig-ba-tru-cot-cds”?" in said
    assert "undefined label" not in said


def test_an_image_named_in_another_case_is_found(said: str):
    assert "chapters/mot.md:6: không tìm thấy ảnh images/Anh-Le-Hoi-Con-Son.png: có tệp " in said
    assert "images/anh-le-hoi-con-son.png, khác ở chữ hoa/chữ thường" in said
    assert "image file not readable" not in said


def test_a_list_table_row_short_of_cells_is_said_once(said: str):
    assert "bảng list-table: hàng 2 có 1 ô, hàng đầu có 2 ô" in said
    assert "uniform two-level" not in said and "* - A" not in said


def test_a_term_not_in_the_glossary_names_the_nearest(said: str):
    assert "thuật ngữ “Nghi quyet” chưa có trong bảng thuật ngữ" in said
    assert "“Nghị quyết”" in said


def test_an_unknown_message_is_left_as_it_was_without_its_type():
    said = in_vietnamese("something new [misc]\nsecond line", Context(Path(".")))
    assert said == "something new\nsecond line"  # the type means nothing to an editor
