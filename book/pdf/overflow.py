"""Finding what a layout puts outside the text block: a printed book must never do that."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import weasyprint

TOLERANCE = 0.5  # CSS px: rounding in the layout, invisible on paper


@dataclass(frozen=True)
class Overflow:
    page: int | str  # 1-based page of the chunk; the printed number once reported
    tag: str
    docname: str  # the chapter, when the box belongs to one
    detail: str

    def __str__(self) -> str:
        where = f" (chương {self.docname})" if self.docname else ""
        return f"trang {self.page}{where}: <{self.tag}> {self.detail}"


def overflowing_boxes(document: weasyprint.Document) -> list[Overflow]:
    """Boxes whose border box crosses their page's content area (margins may, borders not)."""
    from weasyprint.formatting_structure import boxes

    kinds = (boxes.BlockLevelBox, boxes.LineBox, boxes.InlineReplacedBox)
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
            for box in child.descendants():
                if not isinstance(box, kinds):
                    continue
                x, y = box.border_box_x(), box.border_box_y()
                detail = ""
                if x + TOLERANCE < left or x + box.border_width() > right + TOLERANCE:
                    excess = max(left - x, x + box.border_width() - right)
                    detail = f"vượt lề trái/phải {excess * 0.2646:.1f} mm"
                elif y + box.border_height() > bottom + TOLERANCE:
                    detail = f"vượt lề dưới {(y + box.border_height() - bottom) * 0.2646:.1f} mm"
                if detail:
                    docname = chapters.get(id(getattr(box, "element", None)), "")
                    found.append(Overflow(number, box.element_tag, docname, detail))
    return found


def _chapters_by_element(page_box) -> dict[int, str]:
    """Every element of the print document mapped to the chapter that holds it."""
    root = next((child.element for child in page_box.children if child.element is not None), None)
    chapters = {}
    for section in root.iter("section") if root is not None else ():
        docname = section.get("data-docname")
        if docname:
            chapters.update((id(element), docname) for element in section.iter())
    return chapters
