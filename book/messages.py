"""The common messages of Sphinx and Docutils, said in Vietnamese with the way forward.

Each is matched on Sphinx's or Docutils' English wording (Sphinx 9, Docutils
0.21) and said again with what to do: the nearest label or term that exists,
the image file whose name differs only in case. A message of no listed kind
is left as it was: better English than nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path

_TAG = re.compile(r"\s*\[[a-z_.-]+\]$")  # Sphinx's warning type, meaningless to an editor


def _nearest(name: str, known: Iterable[str]) -> str:
    near = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" Có phải ý bạn là “{near[0]}”?" if near else ""


def _label(match: re.Match, context: Context) -> str:
    name = match[1]
    return (
        f"không có nhãn “{name}” trong sách.{_nearest(name, context.labels)} Một nhãn được "
        "đặt bằng dòng (ten-nhan)= ngay trước tiêu đề, hoặc :name: của hình, bảng."
    )


def _term(match: re.Match, context: Context) -> str:
    return (
        f"thuật ngữ “{match[1]}” chưa có trong bảng thuật ngữ.{_nearest(match[1], context.terms)}"
        " Thêm nó vào khối {glossary} hoặc sửa cho đúng như trong bảng."
    )


def _image(match: re.Match, context: Context) -> str:
    wanted = match[1].strip()
    name = Path(wanted).name
    same_but_case = sorted(
        path.relative_to(context.source_dir).as_posix()
        for path in context.source_dir.rglob("*")
        if path.name.casefold() == name.casefold() and path.name != name
    )
    if same_but_case:
        return (
            f"không tìm thấy ảnh {wanted}: có tệp {same_but_case[0]}, khác ở chữ hoa/chữ "
            "thường. Sửa tên trong chương cho giống hệt tên tệp (máy chủ phân biệt hoa/thường)."
        )
    return f"không tìm thấy ảnh {wanted}: kiểm tra tên tệp và thư mục (thường là chapters/images/)."


def _list_table(match: re.Match, context: Context) -> str:
    row, found, expected = match[1], match[2], match[3]
    return (
        f"bảng list-table: hàng {row} có {found} ô, hàng đầu có {expected} ô. Mọi hàng phải có "
        "cùng số ô: mỗi hàng bắt đầu bằng “* - ”, mỗi ô tiếp theo một dòng “  - ”."
    )


def _document(match: re.Match, context: Context) -> str:
    return (
        f"không có chương “{match[1]}”: kiểm tra tên tệp (không kèm .md) trong mục lục "
        "(chapters/index.md) hoặc trong {doc}."
    )


class Context:
    """What the book holds, to name what the editor may have meant."""

    def __init__(self, source_dir: Path, labels: Iterable[str] = (), terms: Iterable[str] = ()):
        self.source_dir = source_dir
        self.labels = sorted(labels)
        self.terms = sorted(terms)


def book_context(app) -> Context:
    """The labels and terms a Sphinx application's book has (read by now)."""
    std = app.env.domains.standard_domain
    terms = [name for kind, name in std.objects if kind == "term"]
    return Context(Path(app.srcdir), [*std.labels, *std.anonlabels], terms)


# Pattern on the message -> what to say instead; the echoed source that
# Docutils appends to some messages goes with it.
SAID: dict[re.Pattern, Callable[[re.Match, Context], str]] = {
    re.compile(r"^undefined label: '([^']+)'"): _label,
    re.compile(r"^term not in glossary: '([^']+)'"): _term,
    re.compile(r"^image file not readable: (.+?)(?:\s*\[[a-z_.]+\])?$"): _image,
    re.compile(
        r'^Error parsing content block for the "list-table" directive: uniform two-level '
        r"bullet list expected, but row (\d+) does not contain the same number of items as "
        r"row 1 \((\d+) vs (\d+)\)"
    ): _list_table,
    re.compile(r"^unknown document: '([^']+)'"): _document,
}


def in_vietnamese(message: str, context: Context) -> str:
    """``message`` said in Vietnamese with what to do, or as it was when not listed."""
    first, _, rest = message.partition("\n")
    first = _TAG.sub("", first)
    for pattern, say in SAID.items():
        match = pattern.match(first)
        if match:
            return say(match, context)
    return f"{first}\n{rest}" if rest else first


# A mistake the press names -> the messages Sphinx gives for the same mistake after it.
CONSEQUENCES = {
    "mục lục vòng": (
        re.compile(r"circular toctree references detected"),
        re.compile(r"is already assigned section numbers"),
    ),
}


def consequences(said: Iterable[str]) -> list[re.Pattern]:
    """What to leave out of ``said``: Sphinx's words for a mistake already said."""
    said = list(said)
    return [
        pattern
        for named, patterns in CONSEQUENCES.items()
        if any(message.startswith(named) for message in said)
        for pattern in patterns
    ]
