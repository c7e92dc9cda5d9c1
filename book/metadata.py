"""The edition's metadata, read from ``conf.py`` once and shared by every edition."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from slugify import slugify
from sphinx.application import Sphinx
from sphinx.config import Config

from book.fonts import DEFAULT_FAMILIES

# name -> (default, rebuild, meaning): the edition's metadata and choices.
# Registered as Sphinx config values so that ``conf.py`` stays the single place
# an editor changes the edition.
CONFIG_VALUES: dict[str, tuple[object, str, str]] = {
    "book_title": (None, "env", "the title; defaults to `project`"),
    "book_subtitle": ("", "env", "the subtitle, printed under the title"),
    "book_authors": ([], "env", "authors or issuing body, one string each"),
    "book_publisher": ("", "env", "the publisher"),
    "book_edition": ("", "env", "edition statement, e.g. 'Xuất bản lần thứ nhất'"),
    "book_year": (None, "env", "year of publication"),
    "book_isbn": ("", "env", "ISBN of the print edition, optional"),
    "book_license": ("", "env", "licence statement printed in the colophon"),
    "book_description": ("", "env", "one-paragraph description (EPUB, HTML meta)"),
    "book_subjects": ([], "env", "subject keywords"),
    "book_place": ("", "env", "place of publication"),
    "book_slug": ("", "env", "file name stem of the PDF and EPUB; derived from the title"),
    "book_cover": ("", "env", "cover image (PNG/JPEG) relative to conf.py; generated if empty"),
    "book_page_size": ("A5", "env", "print trim: A5, A4, B5, A6 or '145mm x 205mm'"),
    "book_print_bleed": ("", "env", "bleed for the printing house, e.g. '3mm'"),
    "book_print_crop_marks": (False, "env", "print crop marks (use with a bleed)"),
    "book_pdf_variant": ("pdf/ua-1", "env", "pdf/ua-1 (tagged, default) or pdf/a-3b (archive)"),
    "book_pdf_processes": (
        0,
        "env",
        "worker processes laying out the print edition; 0: one per core",
    ),
    "book_fonts": (dict(DEFAULT_FAMILIES), "env", "families by role: body, heading, mono"),
    "book_font_size": ("10.5pt", "env", "body text size in print"),
    "book_line_height": ("1.45", "env", "body line height in print"),
    # Set by the press, not by editors: the print edition's page starts, for the ebook.
    "book_page_map": ("", "", "path of the print edition's page-map.json"),
    # Set by the press: it waits for the print edition's merge itself, building the ebook meanwhile.
    "book_pdf_merge_in_background": (False, "", "leave the merge running when the build ends"),
    # Set by the press: the ebook is packaged in a forked process while the website is built.
    "book_epub_in_background": (False, "", "package the ebook in a forked process"),
}


@dataclass(frozen=True)
class Metadata:
    title: str
    subtitle: str
    authors: tuple[str, ...]
    publisher: str
    edition: str
    version: str
    year: str
    isbn: str
    license: str
    description: str
    subjects: tuple[str, ...]
    place: str
    language: str
    slug: str

    @property
    def identifier(self) -> str:
        """ISBN when set, otherwise a UUID derived from the book's identity.

        The UUID depends only on the slug and title, so it never changes between
        builds of the same book.
        """
        if self.isbn:
            return f"urn:isbn:{self.isbn.replace('-', '').replace(' ', '')}"
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'book:{self.slug}:{self.title}')}"

    @property
    def creator(self) -> str:
        return ", ".join(self.authors) or self.publisher


def build_time() -> datetime:
    """The edition's date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def vietnamese_slug(text: str) -> str:
    """ASCII slug of Vietnamese text, without diacritics and with đ→d.

    "Chuyển đổi số" → "chuyen-doi-so".
    """
    return slugify(text)


def _author_set(config: Config) -> bool:
    """Whether conf.py names an author: Sphinx's default is a placeholder, not a name."""
    default = Config.config_values["author"].default
    return bool(config.author) and config.author != default


def read_metadata(config: Config) -> Metadata:
    title = config.book_title or config.project
    year = config.book_year or (config.copyright or "")[:4]
    authors = config.book_authors or ([config.author] if _author_set(config) else [])
    if isinstance(authors, str):
        authors = [authors]
    subjects = config.book_subjects
    if isinstance(subjects, str):
        subjects = [subjects]
    return Metadata(
        title=title,
        subtitle=config.book_subtitle,
        authors=tuple(authors),
        publisher=config.book_publisher,
        edition=config.book_edition,
        version=config.release or config.version or "",
        year=str(year),
        isbn=config.book_isbn,
        license=config.book_license,
        description=config.book_description,
        subjects=tuple(subjects),
        place=config.book_place,
        language=config.language or "vi",
        slug=config.book_slug or vietnamese_slug(title)[:80].rstrip("-") or "book",
    )


def setup(app: Sphinx) -> None:
    from book.settings import ANY_TYPE, CHECKS

    for name, (default, rebuild, _meaning) in CONFIG_VALUES.items():
        # The values book.settings checks, it says wrong in Vietnamese; Sphinx's own
        # check would say it again in English.
        app.add_config_value(name, default, rebuild, types=ANY_TYPE if name in CHECKS else ())
