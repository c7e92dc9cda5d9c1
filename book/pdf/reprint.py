"""A chunk's PDF kept from an earlier build, with other page numbers printed into it.

When a chapter grows or shrinks by a page, the chapters after it change only
their page numbers, and so do the contents and the chapters that refer to
them: laid out again, half a book would take most of a cold build's time.
Their layouts stand (the numbers are tabular figures, as wide as before when
they have as many digits), so the kept PDF gets the new digits' glyph codes
where :mod:`book.pdf.number_sites` found the old ones. Whatever cannot be
reprinted exactly (a number growing a digit, one printed in roman numerals,
one not found) is laid out again instead.

Runs in the build's process, which plans the layout without WeasyPrint:
pikepdf only, imported when a chunk is reprinted.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from book.pdf.jobs import LayoutResult
from book.publish import atomic_path

REF, INTERNAL, FOLIO = "ref", "internal", "folio"  # the kinds of page number (number_sites)


class NotReprintable(Exception):
    """The kept PDF is not as its record says: lay the chunk out again."""


def new_numbers(numbers: dict, first_page: int, labels: Mapping[str, str]) -> list | None:
    """Each page number the kept layout prints that must change, with its new text.

    None if one cannot be reprinted: the chunk must be laid out again.
    ``labels`` gives the page of each anchor the chunk refers to.
    """
    if not numbers.get("complete"):  # a page number printed but not found
        return None
    shift = first_page - numbers["first_page"]
    changes = []
    for site in numbers["sites"]:
        old = site["text"]
        if site["kind"] == REF:
            new = labels.get(site["target"])
        elif shift == 0:
            new = old
        else:
            new = str(int(old) + shift) if old.isdigit() else None
        if new is None:
            return None
        if new != old:
            if site["offset"] < 0 or not new.isdigit() or len(new) != len(old):
                return None
            changes.append((site, new))
    return changes


def reprint(
    source: Path, target: Path, kept: LayoutResult, first_page: int, changes: list
) -> LayoutResult:
    """Write ``source`` with ``changes`` (from :func:`new_numbers`) to ``target``; its record.

    Raises :class:`NotReprintable` if a number is not where the record says.
    """
    import pikepdf

    try:
        _put_in(source, target, kept.numbers["digits"], changes)
    except (pikepdf.PdfError, KeyError, IndexError, ValueError) as error:  # a damaged cache
        raise NotReprintable(f"{source}: {error}") from None
    return _record(kept, first_page, changes)


def _put_in(source: Path, target: Path, digits: dict, changes: list) -> None:
    import pikepdf

    by_page: dict[int, list] = {}
    for site, new in changes:
        by_page.setdefault(site["page"], []).append((site, new))
    with pikepdf.open(source) as pdf:
        for index, page_changes in sorted(by_page.items()):
            contents = pdf.pages[index].obj.get("/Contents")
            if not isinstance(contents, pikepdf.Stream):
                raise NotReprintable(f"{source}: trang {index + 1} không có một dòng nội dung")
            data = bytearray(contents.read_bytes())
            for site, new in page_changes:
                old_codes = printed(digits[site["font"]], site["text"])
                new_codes = printed(digits[site["font"]], new)
                at = site["offset"]
                found = bytes(data[at : at + len(old_codes)])
                if found != old_codes or len(new_codes) != len(old_codes):
                    raise NotReprintable(f"{source}: số trang {site['text']} không ở chỗ đã ghi")
                data[at : at + len(old_codes)] = new_codes
            # Compressed as WeasyPrint's streams are (zlib's default level, engine_fixes).
            contents.write(zlib.compress(bytes(data)), filter=pikepdf.Name.FlateDecode)
        with atomic_path(target) as temporary:
            pdf.save(temporary, deterministic_id=True)


def printed(codes: list[str], number: str) -> bytes:
    """The codes of ``number``'s digits, as they end a ``TJ`` (its closing ``>`` left out).

    ``codes``: each digit's glyph code and the adjustment written after it (``0011>0<``).
    """
    return "".join(codes[int(digit)] for digit in number).removesuffix("<").encode("ascii")


def _record(kept: LayoutResult, first_page: int, changes: list) -> LayoutResult:
    """The kept layout's record, with the numbers it now prints."""
    new_text = {id(site): new for site, new in changes}
    shift = first_page - kept.numbers["first_page"]
    sites = [{**site, "text": new_text.get(id(site), site["text"])}
             for site in kept.numbers["sites"]]  # fmt: skip
    starts = [
        {**start, "label": str(int(start["label"]) + shift)} if start["label"].isdigit() else start
        for start in kept.page_starts
    ]
    numbers = {**kept.numbers, "first_page": first_page, "sites": sites}
    return replace(kept, page_starts=starts, numbers=numbers)
