"""Running the press: one Sphinx read, the chosen editions, published into ``build/``.

Each edition is built in ``build/.work/<edition>`` (Sphinx's output directory,
kept between runs so that rebuilds are incremental) and only then copied into
``build/<edition>``; a failed build leaves the published editions as they were.
All editions share one doctree cache, so Sphinx reads the chapters once.
"""

from __future__ import annotations

import gc
import importlib
import io
import os
import re
import shutil
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sphinx.application import Sphinx, builtin_extensions
from sphinx.errors import SphinxError
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace, patch_docutils

from book import messages
from book.background import Background, BackgroundFailed
from book.beside import Beside, BesideFailed, Said
from book.boundary import offline
from book.chapters import composed_file_names
from book.console import NOTICE, Console, human_size
from book.html import DOWNLOADS_DIR
from book.html.downloads import write_downloads_page
from book.html.soup import import_beautifulsoup
from book.layout import Layout
from book.metadata import read_metadata
from book.pdf import head_start
from book.pdf.builder import PAGE_MAP
from book.pdf.late_contents import LateProblems
from book.pdf.workers import wait_for_exits
from book.programmes.export import DATA_DIR as PROGRAMME_DATA
from book.publish import (
    begin_publishing,
    commit_publishing,
    disk_problem,
    one_publish_at_a_time,
    publish_file,
    publish_tree,
)

# Built in this order: the website, built last, carries the other two for download.
EDITIONS = ("pdf", "epub", "html")
_WARNING_LINE = re.compile(
    r"^(?P<location>.*?):? ?(?P<level>WARNING|ERROR|CRITICAL|CẢNH BÁO|LỖI): (?P<message>.*)$"
)


LOG = "press.log"  # Sphinx's own log of the last build, in build/.work/
_KEPT = "Các ấn bản đã có trong build/ vẫn được giữ nguyên."


class BuildFailed(Exception):
    """The book could not be published; the message says why and what to do."""


@dataclass
class Problem:
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


def check_book(layout: Layout) -> None:
    if not (layout.book_dir / "conf.py").is_file():
        raise BuildFailed(
            f"{layout.book_dir}: không có conf.py. Chỉ định thư mục sách bằng --book DIR "
            "(thư mục chứa conf.py và chapters/)."
        )
    # Before Sphinx looks for the chapters; said (the names look the same as before).
    for name in composed_file_names(layout.source_dir):
        print(f"{NOTICE}tên tệp {name} được chuyển sang Unicode dựng sẵn (NFC)", file=sys.stderr)
    if not (layout.source_dir / "index.md").is_file():
        raise BuildFailed(
            f"{layout.source_dir}: không có index.md. Mỗi cuốn sách cần chapters/index.md "
            "chứa tiêu đề và mục lục (toctree)."
        )


def build(
    book_dir: Path | str,
    editions: Iterable[str] = EDITIONS,
    *,
    status: TextIO | None = sys.stdout,
    verbose: bool = False,
) -> dict[str, Path]:
    """Build and publish ``editions`` of the book in ``book_dir``; return where each went.

    ``status`` gets the editor's console (book.console): a line or bar per
    edition and where each went; Sphinx's own log too when ``verbose``.
    """
    layout = Layout(Path(book_dir))
    is_book = (layout.book_dir / "conf.py").is_file()  # else said by check_book below
    console = Console(status, layout.work_dir / LOG if is_book else None, verbose)
    try:
        if not is_book:
            return _build(layout, editions, console)  # says why not
        with one_publish_at_a_time(layout, console.notice):
            begin_publishing(layout)
            try:
                published = _build(layout, editions, console)
                commit_publishing(layout)  # every edition made: all published together
            except BaseException as error:
                shutil.rmtree(layout.staging_dir, ignore_errors=True)  # nothing of it published
                if (said := disk_problem(error)) is not None:
                    raise BuildFailed(f"{said}\n{_KEPT}") from None
                raise
        console.summary()
        return published
    finally:
        console.close()


def _build(layout: Layout, editions: Iterable[str], console: Console) -> dict[str, Path]:
    wanted = [edition for edition in EDITIONS if edition in set(editions)]
    published: dict[str, Path] = {}
    # Editions whose last step (the PDF's merge, the ebook's packaging) runs on
    # in another process while the next edition is built.
    pending: dict[str, _Pending] = {}
    website: Beside | None = None  # the website, built in a process beside the others
    try:
        check_book(layout)
        unknown = set(editions) - set(EDITIONS)
        if unknown:
            raise BuildFailed(
                f"không có ấn bản {', '.join(sorted(unknown))}; chọn trong {EDITIONS}"
            )
        if "pdf" in wanted:  # its processes import their libraries while Sphinx starts
            head_start.start(layout.sphinx_outdir("pdf"))  # unless tasks.py did
        nocolor()
        if _website_forks(wanted):
            _import_what_applications_import()
        _freeze_what_is_loaded()
        website = _website_beside(layout, wanted)
        slug = ""
        for step, edition in enumerate(wanted, 1):
            alongside = edition == "html" and website is not None
            note = " (dựng song song)" if alongside else ""
            console.step(step, len(wanted), edition, note)
            if alongside:
                site = _finish_website(layout, website, slug, pending, published, console)
                published[edition] = site
                console.published(edition, site)
                continue
            # The first edition to write releases the website: the book is read and saved.
            release = {"write-started": website.release} if website is not None else None
            app = _run_edition(layout, edition, console.sphinx, release)
            slug = _slug(app)
            going_on = _going_on(app)
            if going_on is not None:
                pending[edition] = _Pending(layout, edition, going_on, slug, console)
                continue
            if edition == "html" and pending:
                # The website is built while the others are finished; its downloads
                # page, which describes them, is written again once they are published.
                # An edition that failed stops the website here.
                _publish_pending(pending, published)
                write_downloads_page(app)
            published[edition] = _publish(layout, edition, slug)
            console.published(edition, published[edition])
    finally:
        if website is not None:
            website.abandon()  # a build that stopped before the website was published
        head_start.stop()  # those a build that stopped early never took
        try:
            _publish_pending(pending, published)
        finally:
            wait_for_exits()  # the layout workers, closed long ago
    return published


def _website_forks(wanted: list[str]) -> bool:
    """The website is built beside other editions, in a forked process."""
    return "html" in wanted and len(wanted) > 1 and hasattr(os, "fork")


def _website_beside(layout: Layout, wanted: list[str]) -> Beside | None:
    """The website, built in a process of its own beside the other editions (see
    book.beside); None when it is built alone, or where processes cannot fork."""
    if not _website_forks(wanted):
        return None
    outdir = layout.sphinx_outdir("html")

    def run(status: io.StringIO) -> tuple[Sphinx | None, list[Problem]]:
        return run_sphinx(
            layout, "html", outdir=outdir, doctreedir=layout.doctree_dir, status=status
        )

    def after(app: Sphinx) -> list[Problem]:
        write_downloads_page(app)
        return []

    def crash(error: BaseException) -> Problem:
        return _internal_error(layout, error)

    return Beside(run, after, crash)


def _finish_website(
    layout: Layout,
    website: Beside,
    slug: str,
    pending: dict[str, _Pending],
    published: dict[str, Path],
    console: Console,
) -> Path:
    """Wait for the website built beside; publish the other editions, then the website
    with its downloads page written again for them."""
    try:
        said = website.built()
        console.sphinx.write(said.status)
        if not said.problems:
            _publish_pending(pending, published)  # an edition that failed stops the website
            said = website.after()
    except BesideFailed as error:
        said = Said(problems=[Problem("", f"tiến trình dựng trang web đã dừng: {error}")])
    if said.problems:
        _forget_environment(layout)
        raise BuildFailed(_report("html", said.problems))
    return _publish(layout, "html", slug)


# What every edition's Sphinx application imports, whatever the book: Sphinx's
# built-in extensions, MyST's, the press's builders and the website's theme.
_APPLICATION_MODULES = (
    *builtin_extensions,
    "myst_parser.sphinx_ext.main",
    "myst_parser.parsers.sphinx_",
    "book.accessibility",
    "book.docutils_vi",
    "book.epub.builder",
    "book.html",
    "book.numbered_references",
    "book.programmes",
    "book.sources",
    "furo",
)


def _import_what_applications_import() -> None:
    """Import, before the website's process is forked, what its application would import.

    The first edition's application would import it all in this process a
    moment later; imported by the website's process too, it was half of that
    process's work after an edit (0.45 of 0.97 CPU-s at 120 chapters), on a
    machine whose two cores every edition shares. Imported here, once, the
    modules are the forked process's too. Importing registers nothing: the
    applications' setup does, each in its own process. Imported before Sphinx
    loads its translations, the labels some modules translate at import stay
    lazy, translated when shown (see ``book.pages._stable``).
    """
    import_beautifulsoup()  # Furo imports it: without its CSS selectors (see book.html.soup)
    for name in _APPLICATION_MODULES:
        importlib.import_module(name)


def _freeze_what_is_loaded() -> None:
    """Leave the modules loaded by now out of the collections of cycles.

    The press, Sphinx, docutils and their modules live as long as the process;
    walked at every full collection, they were a third of a rebuild's collecting
    (after an edit, 0.43 s -> 0.26 s; the same memory). Once per process: a
    process that builds again (the tests) would freeze each build's garbage.
    """
    if not gc.get_freeze_count():
        gc.freeze()


def _going_on(app: Sphinx):
    """The edition's last step, still running in another process; None if it is done."""
    builder = app.builder
    return getattr(builder, "merging", None) or getattr(builder, "packaging", None)


class _Pending:
    """An edition whose last step runs on in another process; published once, when done.

    It holds that step, not the edition's Sphinx application: the other
    editions are built meanwhile, and that application's environment and pages
    would stay in memory through them.
    """

    def __init__(self, layout: Layout, edition: str, going_on, slug: str, console: Console) -> None:
        self.layout, self.edition, self.going_on = layout, edition, going_on
        self.slug, self.console = slug, console
        self._outcome: Path | BuildFailed | None = None

    def publish(self) -> Path:
        """Where the edition was published; why not, if it failed (asked again, the same)."""
        if self._outcome is None:
            finish = _finish_pdf if self.edition == "pdf" else _finish_ebook
            try:
                self._outcome = finish(self.layout, self.going_on, self.slug, self.console)
            except BuildFailed as failure:
                self._outcome = failure
        if isinstance(self._outcome, BuildFailed):
            raise self._outcome
        return self._outcome


def _publish_pending(pending: dict[str, _Pending], published: dict[str, Path]) -> None:
    """Publish each edition still going on; one that failed leaves the others published."""
    failures = []
    for other in pending.values():
        try:
            published[other.edition] = other.publish()
        except BuildFailed as failure:
            failures.append(str(failure))
    if failures:
        raise BuildFailed("\n".join(failures))


def _finish_pdf(layout: Layout, merging, slug: str, console: Console) -> Path:
    """Wait for the print edition's merge, then publish it."""
    try:
        pages = merging.wait()
    except LateProblems as late:
        _forget_environment(layout)
        problems = [Problem("", problem) for problem in late.problems]
        raise BuildFailed(_report("pdf", problems)) from None
    except Exception as error:
        log = _keep_traceback(layout)
        raise BuildFailed(
            f"Không ghép được các phần của bản in: {error}\nChi tiết kỹ thuật: {log}\n{_KEPT}"
        ) from None
    published = _publish_file(layout, "pdf", slug)
    console.published("pdf", published, f"{pages} trang")
    return published


def _finish_ebook(layout: Layout, packaging: Background, slug: str, console: Console) -> Path:
    """Wait for the ebook's packaging, report what it said, then publish it."""
    try:
        finished = packaging.wait()
    except BackgroundFailed as error:
        _forget_environment(layout)
        raise BuildFailed(f"Không đóng gói được sách điện tử: {error}.\n{_KEPT}") from None
    console.sphinx.write(finished.status)
    problems = problems_from(finished.warnings, layout.book_dir)
    if finished.error:
        problems.append(Problem("", finished.error))
    if finished.crash:
        problems.append(_internal_error(layout, finished.crash, finished.traceback))
    if problems:
        _forget_environment(layout)
        raise BuildFailed(_report("epub", problems))
    published = _publish_file(layout, "epub", slug)
    console.published("epub", published, human_size(layout.staged("epub", slug).stat().st_size))
    return published


def run_sphinx(
    layout: Layout,
    buildername: str,
    *,
    outdir: Path,
    doctreedir: Path,
    overrides: dict | None = None,
    status: TextIO | None = None,
    freshenv: bool = False,
    listeners: dict[str, Callable] | None = None,
) -> tuple[Sphinx | None, list[Problem]]:
    """Run one Sphinx build of the book; never raise for a problem of the book.

    Returns the application (None if the build stopped) and every problem as
    ``file:line: message``. ``listeners`` are connected to Sphinx's events
    before the extensions' own. An unexpected error of the press is a problem too,
    its traceback kept in ``build/.work/last-error.log`` rather than shown.
    """
    warnings = io.StringIO()
    try:
        # Sphinx registers nodes and directives process-wide; a namespace per
        # build (as sphinx-build does) lets one process build several editions.
        with docutils_namespace(), patch_docutils(layout.book_dir):
            app = Sphinx(
                srcdir=layout.source_dir,
                confdir=layout.book_dir,
                outdir=outdir,
                doctreedir=doctreedir,
                buildername=buildername,
                status=status,
                warning=warnings,
                confoverrides=overrides or {},
                freshenv=freshenv,
                keep_going=True,
            )
            for event, listener in (listeners or {}).items():
                app.connect(event, listener, priority=100)
            with offline():  # the press fetches nothing (book.boundary)
                app.build()
    except SphinxError as error:
        return None, [*problems_from(warnings.getvalue(), layout.book_dir), Problem("", str(error))]
    except Exception as error:
        internal = _internal_error(layout, error)
        return None, [*problems_from(warnings.getvalue(), layout.book_dir), internal]
    problems = problems_from(warnings.getvalue(), layout.book_dir, messages.book_context(app))
    if app.statuscode and not problems:
        problems.append(Problem("", "Sphinx kết thúc với lỗi nhưng không nói lỗi gì."))
    return app, problems


def _keep_traceback(layout: Layout, text: str | None = None) -> Path:
    """The traceback of the error being handled (or ``text``, one from another process),
    kept for whoever reports it upstream."""
    log = layout.work_dir / "last-error.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(traceback.format_exc() if text is None else text, encoding="utf-8")
    return log


def _internal_error(layout: Layout, error: object, text: str | None = None) -> Problem:
    """An error of the press, not of the book: its message, its traceback kept (or the
    disk's, said as such)."""
    if isinstance(error, BaseException) and (said := disk_problem(error)) is not None:
        return Problem("", said)
    log = _keep_traceback(layout, text)
    return Problem("", f"lỗi nội bộ của trình xuất bản: {error}\nChi tiết kỹ thuật: {log}")


def _run_edition(
    layout: Layout,
    edition: str,
    status: TextIO | None,
    listeners: dict[str, Callable] | None = None,
) -> Sphinx:
    overrides: dict[str, object] = {}
    if edition == "pdf":
        overrides["book_pdf_merge_in_background"] = True
    if edition == "epub":
        overrides["book_epub_in_background"] = True
    page_map = layout.sphinx_outdir("pdf") / PAGE_MAP
    if edition == "epub" and page_map.exists():
        overrides["book_page_map"] = str(page_map)
    app, problems = run_sphinx(
        layout,
        edition,
        outdir=layout.sphinx_outdir(edition),
        doctreedir=layout.doctree_dir,
        overrides=overrides,
        status=status,
        listeners=listeners,
    )
    if app is None or problems:
        going_on = _going_on(app) if app is not None else None
        if going_on is not None:
            going_on.abandon()
        _forget_environment(layout)
        raise BuildFailed(_report(edition, problems))
    return app


def _forget_environment(layout: Layout) -> None:
    """Make the next build re-read every chapter.

    Sphinx reports a chapter's problems only when it reads or writes that
    chapter; after a failure, a cached read would let the same problems pass
    silently next time.
    """
    (layout.doctree_dir / "environment.pickle").unlink(missing_ok=True)


def _slug(app: Sphinx) -> str:
    return read_metadata(app.config).slug


def _publish(layout: Layout, edition: str, slug: str) -> Path:
    """Stage the edition built for publishing (book.publish); where it will be published."""
    if edition != "html":
        return _publish_file(layout, edition, slug)
    built = layout.sphinx_outdir(edition)
    extra = {}
    for other in ("pdf", "epub"):
        artefact = layout.newest(other, slug)
        if artefact.exists():
            extra[f"{DOWNLOADS_DIR}/{artefact.name}"] = artefact
    publish_tree(built, layout.staged(edition, slug), extra)
    # The programme register as data (JSON, CSV), also outside the website.
    if (built / PROGRAMME_DATA).is_dir():
        publish_tree(built / PROGRAMME_DATA, layout.staging_dir / "data")
    return layout.published(edition, slug)


def _publish_file(layout: Layout, edition: str, slug: str) -> Path:
    target = layout.staged(edition, slug)
    publish_file(layout.sphinx_outdir(edition) / target.name, target)
    return layout.published(edition, slug)


def problems_from(
    warnings: str, book_dir: Path, context: messages.Context | None = None
) -> list[Problem]:
    """Sphinx's warning stream as problems, each ``file:line: message``, the common
    messages said in Vietnamese (book.messages)."""
    problems: list[Problem] = []
    for line in warnings.splitlines():
        match = _WARNING_LINE.match(line)
        if match is None:
            if problems and line.strip():
                problems[-1].message += "\n    " + line.strip()
            continue
        location = match["location"].replace(str(book_dir) + "/", "").rstrip(":")
        problems.append(Problem(location, match["message"]))
    context = context or messages.Context(Path(book_dir) / "chapters")
    for problem in problems:
        problem.message = messages.in_vietnamese(problem.message, context)
    # One message per mistake: not Sphinx's too, for a mistake the press has named.
    repeated = messages.consequences(problem.message for problem in problems)
    kept = [p for p in problems if not any(pattern.search(p.message) for pattern in repeated)]
    # A file both read as a chapter and included in one says its mistakes twice.
    return list({str(problem): problem for problem in kept}.values())


def _report(edition: str, problems: list[Problem]) -> str:
    lines = [f"Không xuất bản được ấn bản {edition.upper()}: {len(problems)} lỗi."]
    lines += [f"  {problem}" for problem in problems]
    lines.append(f"Sửa các lỗi trên (tệp:dòng) rồi chạy lại. {_KEPT}")
    return "\n".join(lines)
