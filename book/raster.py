"""Photographs and scans made fit for every edition, whatever camera or scanner made them.

What comes out of offices' scanners and phones trips readers and the layout
engine alike: WeasyPrint cannot draw a 16-bit PNG ("Unknown image mode"),
many e-readers show a CMYK JPEG with its colours inverted, and a photo taken
sideways relies on an EXIF tag that print and most e-readers ignore. Each
image is turned upright, into 8-bit RGB (or grey), before any edition uses
it; an image that needs none of this is left byte for byte as it was.
The output is the same for the same input (no timestamps are written).
"""

from __future__ import annotations

import io

from PIL import Image, ImageCms, ImageOps

ORIENTATION = 0x0112  # EXIF
WIDE_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I", "F"})  # more than 8 bits
CONVERTED_MODES = frozenset({"CMYK", "YCbCr", "LAB", "HSV"}) | WIDE_MODES
FORMATS = {"JPEG", "PNG"}  # what readers, browsers and WeasyPrint all take
# Pillow refuses larger images as decompression bombs; this is far beyond a book's photo.
MAX_PIXELS = 80_000_000


class ImageRefused(ValueError):
    """The file is not an image the press can publish; the message says why, in Vietnamese."""


def needs_preparing(image: Image.Image) -> bool:
    orientation = image.getexif().get(ORIENTATION, 1)
    return image.format in FORMATS and (orientation != 1 or image.mode in CONVERTED_MODES)


def prepared(content: bytes) -> bytes | None:
    """``content`` upright and in 8-bit RGB or grey, or None when it is fine as it is."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()  # a damaged file (a bad checksum, a chunk cut off) is caught here
        with Image.open(io.BytesIO(content)) as image:
            if not needs_preparing(image):
                return None
            image_format, profile = image.format, image.info.get("icc_profile")
            upright = ImageOps.exif_transpose(image)
            converted = _eight_bit(upright, profile)
    except Image.DecompressionBombError:
        raise ImageRefused("ảnh quá lớn (quá nhiều điểm ảnh): hãy thu nhỏ ảnh") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRefused(
            f"ảnh hỏng hoặc bị cắt cụt, không đọc được ({error}): mở ảnh và lưu lại"
        ) from None
    output = io.BytesIO()
    if image_format == "JPEG":
        converted.save(output, "JPEG", quality=92, optimize=True)
    else:
        converted.save(output, "PNG", optimize=True)
    return output.getvalue()


def _eight_bit(image: Image.Image, profile: bytes | None) -> Image.Image:
    if image.mode in WIDE_MODES:
        # Scaled to 0..255 from the range the mode holds (16 bits for the I;16 modes).
        top = 65535 if image.mode.startswith("I;16") else max(image.getextrema()[1], 1)
        return image.convert("I").point(lambda value: value * 255 / top).convert("L")
    if image.mode == "CMYK" and profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                             outputMode="RGB")  # fmt: skip
        except ImageCms.PyCMSError:
            pass  # a damaged profile: the plain conversion below
    if image.mode in CONVERTED_MODES:
        return image.convert("RGB")
    return image
