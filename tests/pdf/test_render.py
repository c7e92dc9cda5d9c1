"""A chunk laid out with guessed page numbers and renumbered prints what a fresh layout prints."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from book.pdf.render import describe, render, renumber, write


def _job(chapter, labels: dict[str, str], first_page: int, output: Path | None = None):
    chunk, job = chapter
    return replace(job, markup=chunk.filled(labels), first_page=first_page, output=output)


def test_renumbered_chunk_is_the_fresh_layout(chapter, tmp_path: Path):
    chunk, _ = chapter
    guessed = dict.fromkeys(chunk.refers_to, "88")
    final = {anchor: str(10 + index) for index, anchor in enumerate(sorted(chunk.refers_to))}

    kept = render(_job(chapter, guessed, 57))
    assert renumber(kept, final, 61)
    write(kept, _job(chapter, final, 61, tmp_path / "renumbered.pdf"))
    fresh = render(_job(chapter, final, 61))
    write(fresh, _job(chapter, final, 61, tmp_path / "fresh.pdf"))

    assert (tmp_path / "renumbered.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()
    assert describe(kept).page_starts == describe(fresh).page_starts  # folios for the ebook


@pytest.mark.parametrize(
    ("final_label", "final_first_page"),
    [("123", 61), ("12", 101)],  # a reference, then a folio, gaining a digit
)
def test_a_number_that_needs_more_room_is_refused(chapter, final_label, final_first_page):
    chunk, _ = chapter
    kept = render(_job(chapter, dict.fromkeys(chunk.refers_to, "88"), 57))
    before = [box.text for page in kept.document.pages for box in page._page_box.descendants()
              if hasattr(box, "text")]  # fmt: skip

    assert not renumber(kept, dict.fromkeys(chunk.refers_to, final_label), final_first_page)
    after = [box.text for page in kept.document.pages for box in page._page_box.descendants()
             if hasattr(box, "text")]  # fmt: skip
    assert after == before
    assert kept.job.first_page == 57


def test_a_worker_warms_up_with_the_last_stylesheet(published: dict[str, Path], sample_book: Path):
    """The stylesheet (and its fonts) read before the first chunk, not by it."""
    from book.pdf import render as rendering
    from book.pdf.jobs import PRINT_STYLESHEET

    stylesheet = sample_book / "build/.work/pdf" / PRINT_STYLESHEET
    rendering._STYLESHEETS.clear()
    rendering.warm_up_with(stylesheet)
    assert (stylesheet, stylesheet.stat().st_mtime) in rendering._STYLESHEETS


def test_a_warm_up_that_cannot_happen_is_left_to_the_chunks(tmp_path: Path):
    from book.pdf import render as rendering

    rendering.warm_up_with(tmp_path / "_static/print.css")  # no stylesheet yet: a first build
    broken = tmp_path / "_static/broken.css"
    broken.parent.mkdir(parents=True)
    broken.write_text("@font-face { font-family: X; src: url(/etc/passwd); }", "utf-8")
    rendering.warm_up_with(broken)  # a font outside the book: refused, reported by a chunk
