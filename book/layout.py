"""Where a book's sources are and where its editions go: paths only, nothing imported.

Light on purpose: ``tasks.py`` finds the print edition's folder with it before
it imports Sphinx (see :mod:`book.pdf.head_start`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Layout:
    """Where a book's sources are and where its editions go."""

    book_dir: Path
    build_dir: Path = field(init=False)

    def __post_init__(self) -> None:
        self.book_dir = self.book_dir.resolve()
        self.build_dir = self.book_dir / "build"

    @property
    def source_dir(self) -> Path:
        return self.book_dir / "chapters"

    @property
    def work_dir(self) -> Path:
        return self.build_dir / ".work"

    @property
    def doctree_dir(self) -> Path:
        return self.work_dir / "doctrees"

    def sphinx_outdir(self, edition: str) -> Path:
        return self.work_dir / edition

    def published(self, edition: str, slug: str) -> Path:
        if edition == "html":
            return self.build_dir / "html"
        return self.build_dir / edition / f"{slug}.{edition}"

    @property
    def staging_dir(self) -> Path:
        """Where a publish puts the editions it made, until all of them are made."""
        return self.work_dir / "publishing"

    def staged(self, edition: str, slug: str) -> Path:
        """Where ``published(edition, slug)`` waits in ``staging_dir``."""
        return self.staging_dir / self.published(edition, slug).relative_to(self.build_dir)

    def newest(self, edition: str, slug: str) -> Path:
        """The edition this publish made, else the one published before."""
        staged = self.staged(edition, slug)
        return staged if staged.exists() else self.published(edition, slug)
