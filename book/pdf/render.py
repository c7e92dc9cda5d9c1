"""Laying out a chunk of the print document with WeasyPrint, with no access beyond the book."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.formatting_structure.boxes import TextBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.text.line_break import create_layout, line_size
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from book.pdf import engine_fixes  # noqa: F401 (patches WeasyPrint and pydyf)
from book.pdf.figure_text import missing_lines
from book.pdf.jobs import LayoutJob, LayoutResult
from book.pdf.number_sites import number_boxes, recorded
from book.pdf.overflow import overflowing_boxes
from book.pdf.pagemap import page_starts
from book.pdf.private_fonts import FONTS_CONF, book_font_configuration
from book.pdf.reprint import FOLIO, INTERNAL, REF
from book.publish import atomic_path

_CHAPTER_TITLE = re.compile(r'<section [^>]*data-title="([^"]*)"')


class ResourceRefused(FatalURLFetchingError):
    """The print document asked for something outside the book."""


class BookFetcher(URLFetcher):
    """Serves the book's own files and data: URLs; refuses the network and the rest of the disk."""

    def __init__(self, allowed_roots: list[Path]) -> None:
        super().__init__()
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.document = ""  # the print document, to say which chapter asked

    def _chapter_of(self, url: str) -> str:
        tail = unquote(urlsplit(url).path).rsplit("/", 1)[-1] or url
        position = self.document.find(tail)
        titles = _CHAPTER_TITLE.findall(self.document, 0, max(position, 0))
        return f" (chương “{titles[-1]}”)" if position >= 0 and titles else ""

    def fetch(self, url: str, headers: dict | None = None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in self.allowed_roots):
                return super().fetch(url, headers)
            raise ResourceRefused(
                f"không đọc {path}{self._chapter_of(url)}: trình xuất bản chỉ đọc tệp trong "
                "thư mục sách. Hãy chép tệp vào sách (ví dụ chapters/images/) và liên kết "
                "bằng đường dẫn tương đối."
            )
        raise ResourceRefused(
            f"không tải {url}{self._chapter_of(url)}: trình xuất bản không dùng mạng khi "
            "dựng sách. Hãy tải tài nguyên về thư mục sách (ví dụ chapters/images/) và "
            "liên kết bằng đường dẫn tương đối."
        )


class _Collected(logging.Handler):
    """WeasyPrint's warnings (an image it cannot load, CSS it ignores), kept for the press,
    which sorts them (book.pdf.engine_messages)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_STYLESHEETS: dict[tuple[Path, float], tuple[FontConfiguration, weasyprint.CSS]] = {}


def _stylesheet(path: Path, fetcher: BookFetcher) -> tuple[FontConfiguration, weasyprint.CSS]:
    """The print stylesheet, parsed once per process (fonts included) and reused for every chunk."""
    key = (path, path.stat().st_mtime)
    if key not in _STYLESHEETS:
        _STYLESHEETS.clear()
        font_config = book_font_configuration(path.parent / FONTS_CONF)
        css = weasyprint.CSS(filename=str(path), url_fetcher=fetcher, font_config=font_config)
        _STYLESHEETS[key] = (font_config, css)
    return _STYLESHEETS[key]


# A chapter in every face the stylesheet gives text (body, headings, code), with a folio.
_SAMPLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>
<main class="body-matter"><section class="chapter"><h1>Chương mẫu</h1><h2>Mục một</h2>
<p>Nghị quyết <strong>Đại hội</strong> <em>nhiệm kỳ</em> 2020–2025, <code>mã 30/NĐ</code>.</p>
</section></main></body></html>"""


def warm_up_with(stylesheet: Path) -> None:
    """Read the stylesheet and its fonts, and lay out and write a sample, before any chunk.

    A worker's first chunk took a third longer than the next ones; after an
    edit, that chunk is the one the whole publish waits for. Whatever goes
    wrong here is left to the chunks to meet and report.
    """
    base = stylesheet.parent.parent
    job = LayoutJob("warm-up", _SAMPLE, 1, stylesheet, base, (base,), "pdf/ua-1", "warm-up", None)
    try:
        rendered = render(job)
        if isinstance(rendered, Rendered):
            _pdf(rendered.document, job)
    except Exception:  # a missing stylesheet, a font outside the book...: the chunks will say
        return


@dataclass
class Rendered:
    """A chunk laid out in memory: a worker keeps it until the book's page numbers are known."""

    job: LayoutJob
    document: weasyprint.Document
    warnings: list[str]
    numbers: dict = field(default_factory=dict)  # where the PDF written prints them
    unreadable: list[list[str]] = field(default_factory=list)  # see book.pdf.figure_text


def render(job: LayoutJob) -> Rendered | LayoutResult:
    """The chunk laid out; a result holding the error if a resource was refused."""
    fetcher = BookFetcher(list(job.allowed_roots))
    fetcher.document = job.markup
    with _collected_warnings() as warnings:
        try:
            font_config, css = _stylesheet(job.stylesheet, fetcher)
            # The chunk's first folio; every chunk starts on a right-hand page.
            numbering = weasyprint.CSS(
                string=f"@page :first {{ counter-set: page {job.first_page} !important; }}",
                font_config=font_config,
            )
            document = weasyprint.HTML(
                string=job.markup, base_url=job.base_dir.as_uri() + "/", url_fetcher=fetcher
            ).render(stylesheets=[css, numbering], font_config=font_config)
        except ResourceRefused as refused:
            return LayoutResult(job.name, error=str(refused))
    return Rendered(job, document, warnings)


def write(rendered: Rendered, job: LayoutJob) -> None:
    """The chunk's PDF, at ``job.output``."""
    with _collected_warnings() as warnings, recorded(rendered.document) as sites:
        pdf = _pdf(rendered.document, job)
    rendered.warnings.extend(warnings)
    rendered.unreadable = [list(missing) for missing in missing_lines(job.markup, pdf)]
    rendered.numbers = {"first_page": job.first_page, **sites.as_data()}
    with atomic_path(job.output) as temporary:
        temporary.write_bytes(pdf)


def _pdf(document: weasyprint.Document, job: LayoutJob) -> bytes:
    return document.write_pdf(
        # The fonts are already the book's subsets (book.pdf.builder): each chunk
        # embeds them whole, and the merge keeps one copy of each for the book.
        full_fonts=True,
        pdf_variant=job.variant,
        pdf_identifier=job.identifier.encode(),
        uncompressed_pdf=False,
    )


def describe(rendered: Rendered) -> LayoutResult:
    document = rendered.document
    result = LayoutResult(rendered.job.name, pages=len(document.pages))
    for index, page in enumerate(document.pages):
        # An element that runs over several pages is an anchor on each: like
        # target-counter(), a reference names the first (the last was kept before).
        for anchor in page.anchors:
            result.anchors.setdefault(anchor, index)
        result.bookmarks.extend((level, label) for level, label, _, _ in page.bookmarks)
    result.page_starts = page_starts(document)
    result.overflows = overflowing_boxes(document)
    result.warnings = rendered.warnings
    result.numbers = rendered.numbers
    result.unreadable = rendered.unreadable
    return result


def renumber(rendered: Rendered, labels: Mapping[str, str], first_page: int) -> bool:
    """Print the book's page numbers in a chunk laid out with guessed ones, if they fit.

    A guessed number and the right one with as many digits take the same room
    (the stylesheet asks for tabular figures), so the layout stands and only
    the text changes: the PDF is the one a layout with the right numbers writes.
    Returns False, changing nothing, when a number would take a different
    room; the chunk must then be laid out again.
    """
    changes = []
    shift = first_page - rendered.job.first_page
    for page in rendered.document.pages:
        for box, new in _numbers(page, labels, shift):
            if new is None:
                return False
            if new != box.text:
                if abs(_width(new, box.style) - _width(box.text, box.style)) > 1e-6:
                    return False
                changes.append((box, new))
    for box, new in changes:
        box.text = box.pango_layout.text = new
    # The markup as if laid out with these numbers: what each reference prints.
    for page in rendered.document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            target = element.get("data-page-of") if element is not None else None
            if target in labels and element.get("data-page"):
                element.set("data-page", labels[target])
    rendered.job = replace(rendered.job, first_page=first_page)
    return True


def _numbers(page, labels: Mapping[str, str], shift: int) -> Iterator[tuple[TextBox, str | None]]:
    """Each text box of the page printing a page number, with its right text (None: unknown)."""
    for box, kind, number, target in number_boxes(page._page_box):
        kept = box.text[: len(box.text) - len(number)]
        if kind == REF:
            label = labels.get(target)
            yield box, None if label is None else kept + label
        elif shift and kind == INTERNAL:
            yield box, kept + str(int(number) + shift)
        elif shift and kind == FOLIO:
            yield box, str(int(number) + shift) if number.isdigit() else None


def _width(text: str, style) -> float:
    layout = create_layout(text, style, None, None, 0)
    width, _ = line_size(layout.get_first_line()[0], style)
    return width


@contextmanager
def _collected_warnings() -> Iterator[list[str]]:
    collected = _Collected()
    weasyprint_logger = logging.getLogger("weasyprint")
    weasyprint_logger.addHandler(collected)
    weasyprint_logger.propagate = False
    try:
        yield collected.messages
    finally:
        weasyprint_logger.removeHandler(collected)
        weasyprint_logger.propagate = True
