"""WeasyPrint's messages, sorted by what the reader loses.

A message that means something is missing or wrong on the page fails the
print edition, in Vietnamese, with what to do; one that changes nothing a
reader sees is counted, not reported (shown in full with ``--verbose``). Each
kind is listed here with its reason; a message of no listed kind is taken as
a loss, so that nothing new passes unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Pattern -> why the page loses nothing.
HARMLESS: dict[str, str] = {
    # Presentation attributes in a drawing's style attributes (stroke, fill-opacity,
    # text-anchor...): WeasyPrint's CSS for HTML does not know them, its SVG
    # renderer reads them itself, and draws them.
    r"^Ignored `[^`]*` at \d+:\d+, unknown property\.$": "SVG presentation property",
    # WeasyPrint subsets with fontTools when the system lacks libharfbuzz-subset,
    # with the same glyphs (the press's fonts are its subsets already).
    r"HarfBuzz-Subset": "font subsetting done another way",
}

# Pattern -> the Vietnamese message ({0}, {1}: the pattern's groups).
LOSSES: dict[str, str] = {
    r"^Failed to load image at '([^']*)'": (
        "không tải được hình {name0}: tệp hỏng, bị cắt cụt hoặc không phải ảnh. Mở hình bằng "
        "phần mềm xem ảnh, lưu lại (PNG, JPEG hoặc SVG) rồi xuất bản lại"
    ),
    r"^Failed to load (?:font|local font) .*?'([^']*)'": (
        "không nạp được phông chữ {name0}: chọn phông khác trong book_fonts (conf.py)"
    ),
    r"^Font-face '([^']*)' cannot be loaded": (
        "không nạp được phông chữ “{0}”: kiểm tra tệp phông trong book_fallback_fonts (conf.py)"
    ),
    r"^Anchor defined twice: '([^']*)'": (
        "nhãn “{0}” được đặt hai lần: một tham chiếu có thể dẫn sai chỗ; đổi tên một nhãn"
    ),
    r"^No anchor #([^ ]*) for internal URI reference": (
        "liên kết tới “#{0}” không có đích trong sách: sửa hoặc bỏ liên kết"
    ),
    r"^(?:Unsupported|Invalid) (?:stylesheet|image|SVG) .*": (
        "một hình hoặc tệp kiểu dáng không dùng được: lưu lại tệp ở dạng thông dụng"
    ),
}


@dataclass(frozen=True)
class Sorted:
    losses: list[str]  # Vietnamese, one per message
    harmless: list[str]  # WeasyPrint's own words, for --verbose


_IMAGE = re.compile(r"^Failed to load image at '([^']*)'")


def reported_before(message: str) -> bool:
    """An image whose file is not there: Sphinx reported it at the chapter's line
    when it read the book ("image file not readable"), and the press when it
    refused to copy it (book.pages); said again here, it was one mistake twice."""
    match = _IMAGE.match(message)
    if match is None or not match[1].startswith("file:"):
        return False
    return not Path(unquote(urlsplit(match[1]).path)).exists()


def harmless(message: str) -> bool:
    return any(re.search(pattern, message) for pattern in HARMLESS)


def explained(message: str) -> str:
    """A message that means a loss, said in Vietnamese with what to do."""
    for pattern, text in LOSSES.items():
        match = re.search(pattern, message)
        if match:
            groups = match.groups()
            names = [group.rsplit("/", 1)[-1] for group in groups]
            return text.format(*groups, **{f"name{i}": name for i, name in enumerate(names)})
    return f"WeasyPrint báo một lỗi trên trang in: {message}"


def sort(messages: list[str]) -> Sorted:
    """Each message once, as a loss (explained) or harmless."""
    losses, quiet = [], []
    for message in dict.fromkeys(messages):
        if reported_before(message):
            continue
        if harmless(message):
            quiet.append(message)
        else:
            losses.append(explained(message))
    return Sorted(list(dict.fromkeys(losses)), quiet)
