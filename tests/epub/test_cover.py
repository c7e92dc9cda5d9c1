"""The drawn cover, kept between builds and drawn again only when what it shows changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from book.epub import cover
from book.metadata import Metadata

META = Metadata(
    title="Sổ tay nghị quyết",
    subtitle="Các chương trình, đề án nhiệm kỳ 2020–2025",
    authors=("Ban Tuyên giáo Thành ủy Chí Linh",),
    publisher="Thành ủy Chí Linh",
    edition="",
    version="",
    year="2024",
    isbn="",
    license="",
    description="",
    subjects=(),
    place="Chí Linh",
    language="vi",
    slug="so-tay",
)


def test_kept_cover_is_the_drawn_cover_and_is_not_drawn_twice(tmp_path: Path, monkeypatch):
    first = cover.kept_drawn_cover(META, tmp_path)
    assert first == cover.drawn_cover(META)

    def no_drawing(*args):
        pytest.fail("the kept cover should have been used")

    monkeypatch.setattr(cover, "drawn_cover", no_drawing)
    assert cover.kept_drawn_cover(META, tmp_path) == first


def test_a_new_title_draws_a_new_cover_and_drops_the_old(tmp_path: Path):
    first = cover.kept_drawn_cover(META, tmp_path)
    retitled = cover.kept_drawn_cover(replace(META, title="Sổ tay học tập"), tmp_path)
    assert retitled.content != first.content
    assert len(list(tmp_path.glob("cover-*.png"))) == 1


def test_a_kept_cover_cut_short_is_drawn_again(tmp_path: Path):
    first = cover.kept_drawn_cover(META, tmp_path)
    kept = next(tmp_path.glob("cover-*.png"))
    kept.write_bytes(first.content[: len(first.content) // 2])
    assert cover.kept_drawn_cover(META, tmp_path) == first
    assert kept.read_bytes() == first.content
