"""Vietnamese for Docutils, which ships no ``vi`` module and would fall back to English.

Registered under Docutils' module names by :func:`register`; the same module
serves the document language (labels) and the reStructuredText parser
(directive and role names stay the English ones, which MyST uses anyway).
"""

from __future__ import annotations

import sys

labels = {
    "author": "Tác giả",
    "authors": "Tác giả",
    "organization": "Cơ quan",
    "address": "Địa chỉ",
    "contact": "Liên hệ",
    "version": "Phiên bản",
    "revision": "Bản sửa",
    "status": "Tình trạng",
    "date": "Ngày",
    "copyright": "Bản quyền",
    "dedication": "Lời đề tặng",
    "abstract": "Tóm tắt",
    "attention": "Chú ý!",
    "caution": "Thận trọng!",
    "danger": "NGUY HIỂM!",
    "error": "Lỗi",
    "hint": "Gợi ý",
    "important": "Quan trọng",
    "note": "Ghi chú",
    "tip": "Mẹo",
    "warning": "Cảnh báo",
    "contents": "Mục lục",
}
bibliographic_fields = {value.lower(): key for key, value in labels.items()}
author_separators = [";", ","]
directives: dict[str, str] = {}
roles: dict[str, str] = {}


def register() -> None:
    """Make ``import docutils.languages.vi`` (and the parser's) find this module.

    Docutils imports language modules by name, and Sphinx wraps its lookup
    functions while building, so the module table is the stable seam.
    """
    module = sys.modules[__name__]
    for package in ("docutils.languages", "docutils.parsers.rst.languages"):
        sys.modules.setdefault(f"{package}.vi", module)
