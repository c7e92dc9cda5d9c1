"""Images sized for reading devices: no larger than a reader's screen can show.

A 6-inch e-reader is about 1072 px wide and a large tablet about 1600 px; a
photograph straight from a camera (4000 px and more) only makes the ebook
heavy. Raster images wider than :data:`MAX_WIDTH` are scaled down, keeping
their format; SVG scales by itself and is left as it is.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps

MAX_WIDTH = 1600
RASTER = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WEBP"}


def fit_for_readers(content: bytes, media_type: str, max_width: int = MAX_WIDTH) -> bytes:
    """``content`` scaled down to ``max_width`` pixels wide if wider; otherwise unchanged."""
    image_format = RASTER.get(media_type)
    if image_format is None:
        return content
    with Image.open(io.BytesIO(content)) as image:
        if image.width <= max_width or getattr(image, "n_frames", 1) > 1:
            return content  # small enough, or animated (resizing would keep one frame)
        # The EXIF data (and its orientation) is not kept: turn the pixels upright first.
        upright = ImageOps.exif_transpose(image)
        height = max(1, round(upright.height * max_width / upright.width))
        smaller = upright.resize((max_width, height), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        # No timestamps or other varying metadata are written: the bytes are reproducible.
        options = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}}
        icc = {"icc_profile": image.info["icc_profile"]} if "icc_profile" in image.info else {}
        smaller.save(output, format=image_format, **options.get(image_format, {}), **icc)
    return output.getvalue()
