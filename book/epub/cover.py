"""The ebook's cover: the editor's image when ``book_cover`` names one, else one drawn here.

The drawn cover is a plain typographic cover (title, subtitle, issuing body,
place and year) in Be Vietnam Pro, which carries the whole Vietnamese
alphabet. It is drawn with Pillow's basic layout engine, not Raqm, so the same
inputs give the same PNG bytes on every machine that has the same Pillow.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from book import fonts
from book.metadata import Metadata
from book.publish import atomic_path

WIDTH, HEIGHT = 1600, 2560  # 1:1.6, what the big ebook shops ask for
MARGIN = 150

BACKGROUND = (124, 22, 26)  # deep red
ACCENT = (232, 184, 82)  # gold
INK = (255, 249, 238)  # warm white
SOFT_INK = (244, 226, 204)

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class CoverImage:
    content: bytes
    media_type: str
    extension: str  # ".png" or ".jpg"


def editor_cover(path: Path) -> CoverImage | None:
    """The image named by ``book_cover``, if it is a PNG or JPEG that exists."""
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None or not path.is_file():
        return None
    extension = ".png" if media_type == "image/png" else ".jpg"
    return CoverImage(path.read_bytes(), media_type, extension)


def kept_drawn_cover(meta: Metadata, keep_dir: Path) -> CoverImage:
    """The drawn cover, kept in ``keep_dir`` between builds: drawing takes a quarter second.

    Kept under a digest of all that goes into it: the metadata, this module's
    drawing code, Pillow's version and the faces drawn with.
    """
    digest = hashlib.sha256(repr(meta).encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(PIL.__version__.encode())
    for weight in (400, 600, 700):
        face = _face(weight)
        digest.update(f"{face.name}:{face.stat().st_size}".encode())
    kept = keep_dir / f"cover-{digest.hexdigest()[:24]}.png"
    content = kept.read_bytes() if kept.is_file() else b""
    # A kept file cut short (a disk full, a hand) is drawn again.
    if content.startswith(b"\x89PNG\r\n\x1a\n") and content.endswith(b"IEND\xaeB`\x82"):
        return CoverImage(content, "image/png", ".png")
    image = drawn_cover(meta)
    keep_dir.mkdir(parents=True, exist_ok=True)
    for old in keep_dir.glob("cover-*.png"):
        old.unlink()
    with atomic_path(kept) as temporary:
        temporary.write_bytes(image.content)
    return image


def drawn_cover(meta: Metadata, size: tuple[int, int] = (WIDTH, HEIGHT)) -> CoverImage:
    """A typographic cover for ``meta`` as PNG bytes."""
    width, height = size
    scale = width / WIDTH
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = round(MARGIN * scale)
    text_width = width - 2 * margin

    # A thin gold frame, inset.
    inset = round(64 * scale)
    draw.rectangle(
        (inset, inset, width - inset - 1, height - inset - 1),
        outline=ACCENT,
        width=max(2, round(5 * scale)),
    )

    issuer = (meta.creator or meta.publisher).upper()
    y = round(250 * scale)
    if issuer:
        block = _fit(issuer, _face(600), text_width, round(220 * scale), 58 * scale, 34 * scale)
        y = _draw_block(draw, block, width, y, ACCENT)
    y = _rule(draw, width, y + round(70 * scale), scale)

    # The title takes the middle of the cover, as large as fits.
    title_top = max(y + round(140 * scale), round(620 * scale))
    title = _fit(
        meta.title.upper(),
        _face(700),
        text_width,
        round(820 * scale),
        largest=132 * scale,
        smallest=64 * scale,
        spacing=1.28,
    )
    y = _draw_block(draw, title, width, title_top, INK)

    if meta.subtitle:
        y = _rule(draw, width, y + round(80 * scale), scale)
        subtitle = _fit(
            meta.subtitle, _face(400), text_width, round(640 * scale), 60 * scale, 34 * scale, 1.42
        )
        _draw_block(draw, subtitle, width, y + round(90 * scale), SOFT_INK)

    # Foot: edition, publisher (if not already the issuer), place and year.
    foot_lines = []
    if meta.publisher and meta.publisher.upper() != issuer:
        foot_lines.append((meta.publisher.upper(), _face(600), ACCENT))
    imprint = " – ".join(part for part in (meta.place, meta.year) if part)
    if imprint:
        foot_lines.append((imprint, _face(600), INK))
    if meta.edition:
        foot_lines.append((meta.edition, _face(400), SOFT_INK))
    y = height - round(230 * scale)
    for text, face, colour in reversed(foot_lines):
        block = _fit(text, face, text_width, round(160 * scale), 50 * scale, 30 * scale)
        y -= block.height
        _draw_block(draw, block, width, y, colour)
        y -= round(24 * scale)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=9)
    return CoverImage(out.getvalue(), "image/png", ".png")


@dataclass
class _Block:
    lines: list[str]
    font: ImageFont.FreeTypeFont
    line_height: int

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


def _face(weight: int) -> Path:
    """Be Vietnam Pro at ``weight`` (upright)."""
    candidates = [f for f in fonts.faces() if f.family == fonts.SANS and f.style == "normal"]
    return min(candidates, key=lambda f: abs(f.weight - weight)).path


def _font(path: Path, size: int, weight: int | None = None) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
    if "[" in path.name and weight is not None:  # a variable file: pin its weight
        with contextlib.suppress(OSError, ValueError):
            font.set_variation_by_axes([weight])
    return font


def _fit(
    text: str,
    face: Path,
    max_width: int,
    max_height: int,
    largest: float,
    smallest: float,
    spacing: float = 1.3,
) -> _Block:
    """``text`` wrapped at the largest size (in steps of 2 px) whose lines fit the box."""
    size = round(largest)
    while True:
        font = _font(face, size)
        lines = _balanced(text, font, max_width)
        block = _Block(lines, font, round(size * spacing))
        if size <= smallest or block.height <= max_height:
            return block
        size -= 2


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and font.getlength(candidate) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _balanced(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Wrapped in as few lines as at ``max_width``, but with lines of even length.

    Greedy wrapping leaves a short last line (a single word under a long
    title); the narrowest measure that needs no more lines spreads the words.
    """
    lines = _wrap(text, font, max_width)
    low, high = max_width // 3, max_width
    while high - low > 4:
        middle = (low + high) // 2
        if len(_wrap(text, font, middle)) > len(lines):
            low = middle
        else:
            high = middle
    return _wrap(text, font, high)


def _draw_block(draw: ImageDraw.ImageDraw, block: _Block, width: int, top: int, fill) -> int:
    """Draw ``block`` centred; return the y just below it."""
    ascent, _descent = block.font.getmetrics()
    baseline = top + ascent
    for line in block.lines:
        x = (width - block.font.getlength(line)) / 2
        draw.text((round(x), baseline), line, font=block.font, fill=fill, anchor="ls")
        baseline += block.line_height
    return top + block.height


def _rule(draw: ImageDraw.ImageDraw, width: int, y: int, scale: float) -> int:
    half = round(130 * scale)
    thickness = max(2, round(6 * scale))
    draw.rectangle((width // 2 - half, y, width // 2 + half, y + thickness), fill=ACCENT)
    return y + thickness
