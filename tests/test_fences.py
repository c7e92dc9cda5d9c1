"""Directive fences an editor forgot to close are reported where they open (book.fences)."""

from __future__ import annotations

from pathlib import Path

import pytest

from book import press
from book.fences import unclosed_fences
from tests.conftest import write_book

FIGURE_THEN_HEADING = """# Chương

```{figure} images/a.png
:alt: Sơ đồ

Chú thích của hình.

## 7.2 Mục sau

Đoạn văn.
"""
FIGURE_THEN_CARD = """# Chương

```{figure} images/a.png
:alt: Sơ đồ

Chú thích của hình.

```{programme} Kế hoạch số 1
:loai: kế hoạch
```

Đoạn văn.
"""
CARD_TO_THE_END = """# Chương

:::{note}
Ghi chú chưa đóng.

Đoạn tiếp theo bị cuốn vào ghi chú.
"""
WELL_FORMED = """# Chương

````{note}
```{figure} images/a.png
:alt: Sơ đồ
```
````

```python
# một chú thích trong mã, không phải tiêu đề
print("xin chào")
```

:::{tip}
Mẹo.
:::

```{figure} images/b.png
:alt: Hình hai
```
"""


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (FIGURE_THEN_HEADING, 3, "tiêu đề ở dòng 8"),
        (FIGURE_THEN_CARD, 3, "khối {programme} mở ở dòng 8"),
        (CARD_TO_THE_END, 3, "tới hết tệp"),
    ],
)
def test_a_fence_left_open_is_found_at_its_opening_line(text: str, line: int, reason: str):
    found = unclosed_fences(text)
    assert [fence.line for fence in found] == [line]
    assert reason in found[0].reason


def test_well_formed_fences_are_not_reported():
    assert unclosed_fences(WELL_FORMED) == []


def test_the_sample_and_the_real_book_have_none():
    root = Path(__file__).resolve().parent.parent
    chapters = [*(root / "chapters").glob("*.md"),
                *(root.parent / "shared/corpus/d2l-vn-myst/chapters").glob("*.md")]  # fmt: skip
    assert chapters
    assert {path.name: unclosed_fences(path.read_text("utf-8")) for path in chapters} == {
        path.name: [] for path in chapters
    }


def test_the_build_stops_at_the_line_that_opened_it(tmp_path: Path):
    book = write_book(
        tmp_path,
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": FIGURE_THEN_HEADING,
        },
    )
    (book / "chapters/images").mkdir()
    (book / "chapters/images/a.png").write_bytes(_png())
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    assert "chapters/mot.md:3" in str(failure.value)
    assert "chưa được đóng" in str(failure.value)


def _png() -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(output, "PNG")
    return output.getvalue()


def test_nesting_past_the_parsers_limit_is_said_at_its_line(tmp_path):
    from book import press

    deep = "".join("  " * level + f"- mức {level}\n" for level in range(12))
    book = write_book(
        tmp_path,
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": "# Một\n\n" + deep,
        },
    )
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    assert "chapters/mot.md:12: nội dung lồng nhau quá sâu" in str(failure.value)


def test_a_toctree_loop_is_named_once_at_its_line(tmp_path):
    from book import press

    book = write_book(
        tmp_path,
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": "# Một\n\nĐoạn.\n\n```{toctree}\nhai\n```\n",
            "hai.md": "# Hai\n\nĐoạn.\n\n```{toctree}\nmot\n```\n",
        },
    )
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    message = str(failure.value)
    assert "1 lỗi" in message and "chapters/hai.md:6: mục lục vòng: mot → hai → mot" in message
    assert "recursion" not in message and "circular" not in message
