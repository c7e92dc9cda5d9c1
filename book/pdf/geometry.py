"""The print edition's page: trim, margins that suit it, bleed and crop marks, type settings.

Everything an editor may choose in ``conf.py`` becomes CSS here, so the print
stylesheet itself never needs editing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sphinx.config import Config

from book.fonts import chosen_families, private_family

# Trim sizes in millimetres (ISO 216 A and B series; 145 × 205 mm is a common Vietnamese size).
NAMED_SIZES = {"A4": (210, 297), "A5": (148, 210), "B5": (176, 250), "A6": (105, 148)}
_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*mm\s*[x× ]\s*(\d+(?:\.\d+)?)\s*mm\s*$", re.I)


FIGURE_CAPTION_ROOM = 25.0  # mm kept below a figure scaled to the page, for its caption


class GeometryError(ValueError):
    """``book_page_size`` or a print setting cannot be understood."""


@dataclass(frozen=True)
class PageGeometry:
    width: float  # mm
    height: float  # mm
    bleed: float = 0.0  # mm, added around the trim for the printing house
    crop_marks: bool = False

    @property
    def margins(self) -> tuple[float, float, float, float]:
        """Top, outer, bottom, inner margins in mm, in proportion to the trim.

        Classic book proportions: the inner margin (at the spine) a little wider
        than the outer one, the foot deeper than the head to carry the folio.
        """
        top = round(self.height * 0.085, 1)
        bottom = round(self.height * 0.10, 1)
        inner = round(self.width * 0.135, 1)
        outer = round(self.width * 0.105, 1)
        return top, outer, bottom, inner

    def css(self) -> str:
        top, outer, bottom, inner = self.margins
        rules = [
            "@page {",
            f"  size: {self.width}mm {self.height}mm;",
            f"  margin: {top}mm {outer}mm {bottom}mm {inner}mm;",
        ]
        if self.bleed:
            rules.append(f"  bleed: {self.bleed}mm;")
        if self.crop_marks:
            rules.append("  marks: crop cross;")
        rules += [
            "}",
            f"@page :left {{ margin-left: {outer}mm; margin-right: {inner}mm; }}",
            f"@page :right {{ margin-left: {inner}mm; margin-right: {outer}mm; }}",
            # A figure fits on a page with its caption: a tall drawing (a whole
            # network, a phone's screenshot) is scaled down, never cut off.
            f":root {{ --figure-max-height: {self.figure_max_height}mm; }}",
        ]
        return "\n".join(rules) + "\n"

    @property
    def figure_max_height(self) -> float:
        """The text block's height less room for a caption of three lines, in mm."""
        top, _, bottom, _ = self.margins
        return round(self.height - top - bottom - FIGURE_CAPTION_ROOM, 1)


def page_geometry(config: Config) -> PageGeometry:
    size = str(config.book_page_size or "A5").strip()
    if size.upper() in NAMED_SIZES:
        width, height = NAMED_SIZES[size.upper()]
    elif match := _CUSTOM.match(size):
        width, height = float(match[1]), float(match[2])
    else:
        raise GeometryError(
            f"book_page_size = {size!r} trong conf.py không hợp lệ: dùng A4, A5, B5, A6 "
            "hoặc kích thước như '145mm x 205mm'."
        )
    bleed = _millimetres(config.book_print_bleed, "book_print_bleed")
    return PageGeometry(width, height, bleed, bool(config.book_print_crop_marks))


def type_settings_css(config: Config, fallbacks: list[str] = ()) -> str:
    """Fonts and sizes chosen in ``conf.py`` as CSS custom properties.

    ``fallbacks`` are font families that draw what the book's fonts cannot
    (``book_fallback_fonts``, e.g. Hán Nôm), tried after each of them.
    """
    chosen = chosen_families(config.book_fonts)
    families = {role: private_family(family) for role, family in chosen.items()}
    extra = "".join(f"'{family}', " for family in fallbacks)
    return (
        ":root {\n"
        f"  --body-font: '{families['body']}', {extra}serif;\n"
        f"  --heading-font: '{families['heading']}', {extra}sans-serif;\n"
        f"  --mono-font: '{families['mono']}', {extra}monospace;\n"
        f"  --font-size: {config.book_font_size};\n"
        f"  --line-height: {config.book_line_height};\n"
        "}\n"
    )


def _millimetres(value: object, name: str) -> float:
    if value in (None, "", 0):
        return 0.0
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm)?\s*", str(value))
    if not match:
        raise GeometryError(f"{name} = {value!r} trong conf.py không hợp lệ: dùng ví dụ '3mm'.")
    return float(match[1])
