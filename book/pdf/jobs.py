"""What a layout worker is asked and what it answers: light, picklable, free of WeasyPrint.

The build's main process plans the layout with these and never imports
WeasyPrint (a second); only the processes that lay out do (book.pdf.render).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sphinx.errors import SphinxError

from book.pdf.overflow import Overflow

VARIANTS = ("pdf/ua-1", "pdf/a-3b")
PRINT_STYLESHEET = Path("_static") / "print.css"  # in the print edition's output directory


class BookResourceError(SphinxError):
    """A resource of the print document was refused; reported like any build error."""

    category = "Tài nguyên ngoài sách"


@dataclass(frozen=True)
class LayoutJob:
    """One chunk to lay out; everything a worker process needs, and picklable."""

    name: str
    markup: str
    first_page: int  # the number its first page carries
    stylesheet: Path
    base_dir: Path
    allowed_roots: tuple[Path, ...]
    variant: str
    identifier: str
    output: Path | None  # where to write its PDF; None to measure it only


@dataclass
class LayoutResult:
    name: str
    pages: int = 0
    anchors: dict[str, int] = field(default_factory=dict)  # id -> page index in the chunk
    bookmarks: list[tuple[int, str]] = field(default_factory=list)  # (level, label), in order
    page_starts: list[dict] = field(default_factory=list)  # see book.pdf.pagemap
    overflows: list[Overflow] = field(default_factory=list)  # pages counted in the chunk
    warnings: list[str] = field(default_factory=list)
    # [drawing, line] for each line of a drawing's text that does not read back from the PDF.
    unreadable: list[list[str]] = field(default_factory=list)
    # Where the PDF prints its page numbers, to print others (book.pdf.number_sites).
    numbers: dict = field(default_factory=dict)
    error: str = ""  # a resource refused: the build must stop
