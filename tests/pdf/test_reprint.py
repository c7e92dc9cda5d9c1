"""A chunk's kept PDF with other page numbers printed into it is the PDF a layout writes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest

from book.pdf.render import describe, render, renumber, write
from book.pdf.reprint import NotReprintable, new_numbers, reprint


def _written(chapter, labels: dict[str, str], first_page: int, output: Path):
    chunk, job = chapter
    job = replace(job, markup=chunk.filled(labels), first_page=first_page, output=output)
    rendered = render(job)
    write(rendered, job)
    return describe(rendered)


def _labels(chunk, start: int) -> dict[str, str]:
    return {anchor: str(start + index) for index, anchor in enumerate(sorted(chunk.refers_to))}


def test_reprinted_chunk_is_the_fresh_layout(chapter, tmp_path: Path) -> None:
    chunk, _ = chapter
    kept = _written(chapter, _labels(chunk, 20), 57, tmp_path / "kept.pdf")
    fresh = _written(chapter, _labels(chunk, 70), 61, tmp_path / "fresh.pdf")
    assert kept.numbers["complete"]
    assert all(site["offset"] >= 0 for site in kept.numbers["sites"])  # every number found

    changes = new_numbers(kept.numbers, 61, _labels(chunk, 70))
    kinds = {site["kind"] for site, _ in changes}
    assert kinds == {"ref", "internal", "folio"}, kinds  # pages of this chunk move with it
    result = reprint(tmp_path / "kept.pdf", tmp_path / "reprinted.pdf", kept, 61, changes)

    with (
        pikepdf.open(tmp_path / "reprinted.pdf") as ours,
        pikepdf.open(tmp_path / "fresh.pdf") as theirs,
    ):
        assert len(ours.pages) == len(theirs.pages)
        for mine, other in zip(ours.pages, theirs.pages, strict=True):
            assert mine.obj.Contents.read_raw_bytes() == other.obj.Contents.read_raw_bytes()
    assert result.page_starts == fresh.page_starts  # the ebook's page list moves too
    assert result.numbers == fresh.numbers


def test_a_chunk_renumbered_in_memory_records_its_references(chapter, tmp_path: Path) -> None:
    """The measuring pass prints guesses; what is recorded is what the PDF prints."""
    chunk, job = chapter
    guessed = dict.fromkeys(chunk.refers_to, "88")
    final = _labels(chunk, 30)
    kept = render(replace(job, markup=chunk.filled(guessed), first_page=57))
    assert renumber(kept, final, 61)
    write(kept, replace(job, markup=chunk.filled(final), first_page=61, output=tmp_path / "a.pdf"))
    fresh = _written(chapter, final, 61, tmp_path / "b.pdf")
    assert describe(kept).numbers == fresh.numbers


NUMBERS = {
    "first_page": 7,
    "complete": True,
    "digits": {"F": [f"{glyph:04x}>0<" for glyph in range(17, 27)]},
    "sites": [
        {"page": 0, "kind": "folio", "text": "7", "target": "", "font": "F", "offset": 10},
        {"page": 0, "kind": "ref", "text": "42", "target": "a", "font": "F", "offset": 30},
        {"page": 1, "kind": "internal", "text": "8", "target": "", "font": "F", "offset": 5},
        {"page": 1, "kind": "folio", "text": "8", "target": "", "font": "F", "offset": 50},
    ],
}


def test_new_numbers_move_folios_and_follow_references() -> None:
    changes = new_numbers(NUMBERS, 8, {"a": "44"})
    assert [(site["kind"], site["text"], new) for site, new in changes] == [
        ("folio", "7", "8"), ("ref", "42", "44"), ("internal", "8", "9"), ("folio", "8", "9"),
    ]  # fmt: skip
    assert new_numbers(NUMBERS, 7, {"a": "42"}) == []  # nothing to change: the same PDF


@pytest.mark.parametrize(
    ("numbers", "first_page", "labels"),
    [
        (NUMBERS, 8, {"a": "144"}),  # a reference gains a digit: laid out again
        (NUMBERS, 9, {"a": "44"}),  # a folio gains one (8 to 10)
        (NUMBERS, 7, {"a": "xii"}),  # a reference now in roman numerals
        (NUMBERS, 7, {}),  # a reference whose page is unknown
        ({**NUMBERS, "complete": False}, 8, {"a": "44"}),  # a number printed, not found
        ({key: value for key, value in NUMBERS.items() if key != "complete"}, 8, {"a": "44"}),
        ({**NUMBERS, "sites": [{**NUMBERS["sites"][0], "offset": -1}]}, 9, {}),  # not found
        ({**NUMBERS, "sites": [{**NUMBERS["sites"][0], "text": "vii"}]}, 9, {}),  # roman folio
    ],
)
def test_numbers_that_cannot_be_reprinted_are_refused(numbers, first_page, labels) -> None:
    assert new_numbers(numbers, first_page, labels) is None


def test_a_record_that_does_not_match_the_pdf_is_refused(chapter, tmp_path: Path) -> None:
    chunk, _ = chapter
    kept = _written(chapter, _labels(chunk, 20), 57, tmp_path / "kept.pdf")
    wrong = [({**site, "offset": site["offset"] + 1}, new)
             for site, new in new_numbers(kept.numbers, 61, _labels(chunk, 70))]  # fmt: skip
    with pytest.raises(NotReprintable):
        reprint(tmp_path / "kept.pdf", tmp_path / "out.pdf", kept, 61, wrong)
    assert not (tmp_path / "out.pdf").exists()


def test_a_damaged_kept_pdf_is_refused(chapter, tmp_path: Path) -> None:
    chunk, _ = chapter
    kept = _written(chapter, _labels(chunk, 20), 57, tmp_path / "kept.pdf")
    changes = new_numbers(kept.numbers, 61, _labels(chunk, 70))
    (tmp_path / "kept.pdf").write_bytes(b"%PDF-1.7\n garbage %%EOF")
    with pytest.raises(NotReprintable):
        reprint(tmp_path / "kept.pdf", tmp_path / "out.pdf", kept, 61, changes)
