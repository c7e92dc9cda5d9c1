"""Finding ink that a layout puts outside the text block: a printed book must never do that.

Only what prints counts: text, images and drawings, and the painted area of a
box with a background or a border. An invisible box may well reach past the
text block (a section's box ends with the page, a margin collapses through
it) without anything showing on paper; such a box failed valid chapters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import weasyprint

TOLERANCE = 0.5  # CSS px (0.13 mm): a hairline, rounding in the layout, invisible on paper
MM_PER_PX = 25.4 / 96

# What the editor does about it, by what overflows.
ADVICE = {
    "image": "thu nhỏ hình (tùy chọn :width: của hình, ví dụ :width: 80%) hoặc dùng ảnh nhỏ hơn",
    "table": "bớt cột, rút gọn chữ trong ô hoặc tách bảng thành hai",
    "text": "ngắt dòng chữ quá dài (một từ, đường dẫn hay dãy ký tự không có dấu cách)",
    "box": "thu nhỏ khung (độ rộng, lề) cho vừa khổ giấy",
}


@dataclass(frozen=True)
class Overflow:
    page: int | str  # 1-based page of the chunk; the printed number once reported
    tag: str
    docname: str  # the chapter, when the ink belongs to one
    detail: str
    what: str = "box"  # a key of ADVICE
    excerpt: str = ""  # the text or image file that overflows, to find it in the chapter

    def __str__(self) -> str:
        where = f" (chương {self.docname})" if self.docname else ""
        shown = f" “{self.excerpt}”" if self.excerpt else ""
        return f"trang {self.page}{where}: <{self.tag}>{shown} {self.detail}"

    @property
    def advice(self) -> str:
        return ADVICE[self.what]


def overflowing_boxes(document: weasyprint.Document) -> list[Overflow]:
    """Ink that crosses its page's content area (by more than a hairline)."""
    from weasyprint.formatting_structure import boxes

    found = []
    chapters: dict[int, str] = {}
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        if not chapters:
            chapters = _chapters_by_element(page_box)
        left, top = page_box.content_box_x(), page_box.content_box_y()
        right, bottom = left + page_box.width, top + page_box.height
        for child in page_box.children:
            if isinstance(child, boxes.MarginBox):
                continue
            for box, (x, y, width, height), what in _inked(child, boxes):
                detail = ""
                if x + TOLERANCE < left or x + width > right + TOLERANCE:
                    excess = max(left - x, x + width - right)
                    detail = f"vượt lề trái/phải {excess * MM_PER_PX:.1f} mm"
                elif y + height > bottom + TOLERANCE:
                    detail = f"vượt lề dưới {(y + height - bottom) * MM_PER_PX:.1f} mm"
                if detail:
                    element = getattr(box, "element", None)
                    docname = chapters.get(id(element), "")
                    excerpt = _excerpt(box, element, what)
                    tag = box.element_tag.rsplit("}", 1)[-1]  # an inline SVG's namespace aside
                    found.append(Overflow(number, tag, docname, detail, what, excerpt))
    return found


def _inked(root, boxes) -> Iterator[tuple[object, tuple[float, float, float, float], str]]:
    """Each box that prints something, with the rectangle it prints and what it is."""
    for box in root.descendants():
        if isinstance(box, boxes.ReplacedBox):
            yield box, _border_rectangle(box), "image"
        elif isinstance(box, boxes.TextBox) and box.text.strip():
            yield box, (box.position_x, box.position_y, box.width, box.height), "text"
        elif _painted(box):
            what = "table" if isinstance(box, boxes.TableBox | boxes.TableCellBox) else "box"
            yield box, _border_rectangle(box), what


def _border_rectangle(box) -> tuple[float, float, float, float]:
    return box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height()


def _painted(box) -> bool:
    """A background or a border that shows."""
    style = getattr(box, "style", None)
    if style is None or not hasattr(box, "border_top_width"):
        return False
    background = style["background_color"]
    if background is not None and getattr(background, "alpha", 0) > 0:
        return True
    if any(image and image[0] != "none" for image in style["background_image"] or ()):
        return True
    return any(
        getattr(box, f"border_{side}_width", 0) > 0 and style[f"border_{side}_style"] != "none"
        for side in ("top", "right", "bottom", "left")
    )


def _excerpt(box, element, what: str) -> str:
    if what == "image":
        if element is None:
            return ""
        source = element.get("src") or element.get("data-src") or element.get("data")
        return (source or "").rsplit("/", 1)[-1]
    if what == "text":
        words = box.text.split()
        return max(words, key=len)[:60] if words else ""
    return ""


def _chapters_by_element(page_box) -> dict[int, str]:
    """Every element of the print document mapped to the chapter that holds it."""
    root = next((child.element for child in page_box.children if child.element is not None), None)
    chapters = {}
    for section in root.iter("section") if root is not None else ():
        docname = section.get("data-docname")
        if docname:
            chapters.update((id(element), docname) for element in section.iter())
    return chapters
