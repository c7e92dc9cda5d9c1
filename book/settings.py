"""The settings an editor writes in ``conf.py``, checked before anything is built.

A wrong value used to publish as it was: ``book_year = "abc"`` printed
"Chí Linh, abc" on the title page and ``<dc:date>abc</dc:date>`` in the
ebook; a font size of "to" reached the print stylesheet; a slug with "/"
would name a file elsewhere. Each value is checked for its type and range,
and every mistake is said at its line of ``conf.py``, in Vietnamese, with an
example of a right value. (The families of ``book_fonts`` are checked where
the fonts are found, ``book.vietnamese.glyphs``.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import SphinxError

_YEAR = re.compile(r"^\d{4}$")
_LENGTH = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(pt|px|mm)\s*$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_PAGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*mm\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm\s*$", re.I)
_PAGE_NAMES = {"A4", "A5", "A6", "B5"}


# Every type a setting may be written with: book.settings says which fits.
ANY_TYPE = frozenset({str, int, float, bool, list, tuple, dict, type(None)})


class SettingsError(SphinxError):
    category = "Thiết lập trong conf.py"


def _year(value: object) -> str | None:
    if value in (None, ""):
        return None
    if _YEAR.match(str(value).strip()) and 1900 <= int(str(value).strip()) <= 2200:
        return None
    return "ghi năm xuất bản bằng bốn chữ số, ví dụ book_year = 2025"


def _font_size(value: object) -> str | None:
    match = _LENGTH.match(str(value))
    if match and 6 <= float(match[1].replace(",", ".")) * (0.75 if match[2] == "px" else 1) <= 24:
        return None
    if match and match[2] == "mm" and 2 <= float(match[1].replace(",", ".")) <= 9:
        return None
    return 'ghi cỡ chữ từ 6pt đến 24pt, ví dụ book_font_size = "10.5pt"'


def _line_height(value: object) -> str | None:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        number = 0
    if 1 <= number <= 3:
        return None
    return 'ghi khoảng cách dòng là một số từ 1 đến 3, ví dụ book_line_height = "1.45"'


def _slug(value: object) -> str | None:
    if value in (None, "") or (isinstance(value, str) and _SLUG.match(value)):
        return None
    return (
        "tên tệp chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ "
        'book_slug = "so-tay-nghi-quyet-2025" (không có “/”, dấu cách hay chữ có dấu)'
    )


def _page_size(value: object) -> str | None:
    text = str(value or "A5").strip()
    if text.upper() in _PAGE_NAMES:
        return None
    match = _PAGE.match(text)
    if match and all(50 <= float(side) <= 1000 for side in match.groups()):
        return None
    return 'dùng A4, A5, B5, A6 hoặc kích thước như book_page_size = "145mm x 205mm"'


def _bleed(value: object) -> str | None:
    if value in (None, "", 0):
        return None
    match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*mm\s*$", str(value))
    if match and float(match[1]) <= 10:
        return None
    return 'ghi phần xén thêm bằng milimét, tối đa 10mm, ví dụ book_print_bleed = "3mm"'


def _processes(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 64:
        return None
    return "ghi số tiến trình là số nguyên từ 0 đến 64 (0: mỗi lõi một tiến trình)"


def _text(value: object) -> str | None:
    return None if value is None or isinstance(value, str) else "ghi trong dấu ngoặc kép"


def _texts(value: object) -> str | None:
    if isinstance(value, str) or (
        isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)
    ):
        return None
    return 'ghi một danh sách chữ, ví dụ ["Ban Tuyên giáo Thành ủy Chí Linh"]'


def _switch(value: object) -> str | None:
    return None if isinstance(value, bool) else "ghi True (có) hoặc False (không)"


TEXTS = ("book_title", "book_subtitle", "book_publisher", "book_edition", "book_place",
         "book_license", "book_description", "book_isbn")  # fmt: skip
CHECKS: dict[str, Callable[[object], str | None]] = {
    "book_year": _year,
    "book_font_size": _font_size,
    "book_line_height": _line_height,
    "book_slug": _slug,
    "book_page_size": _page_size,
    "book_print_bleed": _bleed,
    "book_pdf_processes": _processes,
    "book_print_crop_marks": _switch,
    "book_authors": _texts,
    "book_subjects": _texts,
    **{
        name: _text
        for name in (
            "book_title",
            "book_subtitle",
            "book_publisher",
            "book_edition",
            "book_place",
            "book_license",
            "book_description",
            "book_isbn",
        )
    },
}


def _files_outside(config: Config, conf: Path) -> list[str]:
    """The files conf.py names (cover, fallback fonts) that lie outside the book."""
    book = conf.parent.resolve()
    said = []
    for name in ("book_cover", "book_fallback_fonts"):
        value = getattr(config, name, None)
        for path in [value] if isinstance(value, str) else list(value or ()):
            if isinstance(path, str) and path and not (book / path).resolve().is_relative_to(book):
                said.append(
                    f"{line_of(conf, name)}: {name}: tệp “{path}” nằm ngoài thư mục sách: chép "
                    "tệp vào thư mục sách (ví dụ fonts/ hoặc chapters/images/) rồi ghi đường dẫn "
                    "tương đối."
                )
    return said


def mistakes(config: Config, conf: Path) -> list[str]:
    """Each setting that is wrong, as ``conf.py:LINE: what to write instead``."""
    said = _files_outside(config, conf)
    for name, check in CHECKS.items():
        if name not in config:
            continue
        value = config[name]
        advice = check(value)
        if advice:
            said.append(f"{line_of(conf, name)}: {name} = {value!r} không hợp lệ: {advice}.")
    return said


def line_of(conf: Path, name: str) -> str:
    """``conf.py:LINE`` of the line that sets ``name`` (the last: Python keeps it)."""
    setting = re.compile(rf"^{re.escape(name)}\s*=")
    lines = conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []
    number = max((n for n, line in enumerate(lines, 1) if setting.match(line)), default=1)
    return f"conf.py:{number}"


def check_settings(app: Sphinx, config: Config) -> None:
    said = mistakes(config, Path(app.confdir) / "conf.py")
    if said:
        raise SettingsError("\n  ".join(said))


def setup(app: Sphinx) -> None:
    app.connect("config-inited", check_settings, priority=900)  # after every value is added
