"""Laying out the print document with WeasyPrint, with no access beyond the book."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from sphinx.errors import SphinxError
from sphinx.util import logging as sphinx_logging
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from book.metadata import Metadata
from book.publish import atomic_path

_CHAPTER_TITLE = re.compile(r'<section [^>]*data-title="([^"]*)"')
VARIANTS = ("pdf/ua-1", "pdf/a-3b")
_log = sphinx_logging.getLogger("book.pdf")


class ResourceRefused(FatalURLFetchingError):
    """The print document asked for something outside the book."""


class BookResourceError(SphinxError):
    """A resource of the print document was refused; reported like any build error."""

    category = "Tài nguyên ngoài sách"


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


class _Warnings(logging.Handler):
    """WeasyPrint's warnings (an image it cannot load, CSS it ignores) as the press's own."""

    # Not a problem of the book: WeasyPrint subsets with fontTools when the
    # system lacks libharfbuzz-subset, with the same result.
    _IGNORED = ("HarfBuzz-Subset",)

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not any(ignored in message for ignored in self._IGNORED):
            _log.warning("WeasyPrint: %s", message)


class _Progress(logging.Handler):
    """WeasyPrint's numbered steps, passed on to the editor, a page count now and then."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "Creating layout - Page" in message:
            page = message.rsplit(" ", 1)[-1]
            if not page.isdigit() or int(page) % 25:
                return
        _log.info("  [WeasyPrint] %s", message)


def render_pdf(
    document: str,
    *,
    base_dir: Path,
    allowed_roots: list[Path],
    stylesheets: list[Path],
    target: Path,
    metadata: Metadata,
    variant: str,
) -> weasyprint.Document:
    """Write ``document`` as a PDF to ``target`` (atomically); return its layout.

    ``pdf/ua-1`` (the default) is tagged for screen readers; ``pdf/a-3b`` is
    for archives.
    """
    if variant not in VARIANTS:
        raise ValueError(
            f"book_pdf_variant = {variant!r} không hợp lệ: chọn một trong {', '.join(VARIANTS)}."
        )
    font_config = FontConfiguration()
    fetcher = BookFetcher(allowed_roots)
    css = [
        weasyprint.CSS(filename=str(path), url_fetcher=fetcher, font_config=font_config)
        for path in stylesheets
    ]
    fetcher.document = document
    progress, warnings = _Progress(), _Warnings()
    progress_logger = logging.getLogger("weasyprint.progress")
    progress_logger.addHandler(progress)
    progress_logger.setLevel(logging.INFO)
    weasyprint_logger = logging.getLogger("weasyprint")
    weasyprint_logger.addHandler(warnings)
    weasyprint_logger.propagate = False
    try:
        html = weasyprint.HTML(
            string=document, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher
        )
        rendered = html.render(stylesheets=css, font_config=font_config)
        pdf = rendered.write_pdf(
            pdf_variant=variant,
            pdf_identifier=metadata.identifier.encode(),
            uncompressed_pdf=False,
        )
    except ResourceRefused as refused:
        raise BookResourceError(str(refused)) from None
    finally:
        progress_logger.removeHandler(progress)
        weasyprint_logger.removeHandler(warnings)
        weasyprint_logger.propagate = True
    with atomic_path(target) as temporary:
        temporary.write_bytes(pdf)
    return rendered
