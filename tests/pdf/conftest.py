"""Fixtures shared by the print edition's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from book.pdf.chunks import BODY, split
from book.pdf.jobs import PRINT_STYLESHEET, LayoutJob


@pytest.fixture(scope="module")
def chapter(published: dict[str, Path], sample_book: Path):
    """The sample's first chapter that prints page numbers of other chapters, as a job
    (its markup and first page left to each test)."""
    work = sample_book / "build/.work/pdf"
    chunks = split((work / "print.html").read_text(encoding="utf-8"))
    chunk = next(chunk for chunk in chunks if chunk.matter == BODY and len(chunk.refers_to) >= 2)
    job = LayoutJob(
        name=chunk.name,
        markup="",
        first_page=0,
        stylesheet=work / PRINT_STYLESHEET,
        base_dir=work,
        allowed_roots=(work, sample_book),
        variant="pdf/ua-1",
        identifier="test",
        output=None,
    )
    return chunk, job
