"""The print edition: the book's pages as one print document, laid out by WeasyPrint."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, select_autoescape
from lxml import etree, html
from sphinx.errors import ConfigError
from sphinx.locale import _
from sphinx.util import logging

from book import fonts, model
from book.metadata import build_time
from book.pages import Page, PageCollector, compiled_templates
from book.pdf import engine_messages, head_start
from book.pdf.assemble import InlineSvg, chapter_element
from book.pdf.chunks import CONTENTS, FRONT, Chunk
from book.pdf.geometry import GeometryError, page_geometry, type_settings_css
from book.pdf.jobs import PRINT_STYLESHEET, VARIANTS, BookResourceError
from book.pdf.kept_chapters import Assembled, KeptChapters
from book.pdf.paginate import (
    ChunkError,
    Laid,
    Numbering,
    Paginator,
    Settings,
    lower_roman,
    numbering_of,
)
from book.pdf.private_fonts import FONTS_CONF, configuration_xml
from book.pdf.workers import Workers, workers_to_start_early
from book.publish import write_if_changed
from book.vietnamese.glyphs import fallback_fonts

if TYPE_CHECKING:  # imported when the print edition is built: it brings pikepdf
    from book.pdf.merge import MergePart, MergeProcess, PendingMerge

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
PAGE_MAP = "page-map.json"  # read by the ebook for its page list
CHUNK_CACHE = "chunks"  # each chunk's PDF and layout figures, kept between builds
KEPT_CHAPTERS = "kept-chapters.json"  # see book.pdf.kept_chapters
ENGINE_MESSAGES = "weasyprint-messages.txt"  # what changes nothing on the page, listed


@dataclass
class TocEntry:
    level: int  # 0 part, 1 chapter, 2 section
    number: str
    title: str
    href: str
    matter: str  # front, body or back


class PrintBuilder(PageCollector):
    """Sphinx → one print HTML document → WeasyPrint → ``<slug>.pdf``."""

    name = "pdf"
    format = "html"
    epilog = "Bản in (PDF): %(outdir)s"

    def init(self) -> None:
        super().init()
        self.merging = None  # the PDF being merged (book.pdf.merge.PendingMerge)
        started = head_start.take()  # processes the press started before Sphinx
        self.merger = started.merger  # the merge's process, when started before it is needed
        self.layout_workers = self._start_layout_workers(started.workers)
        self.events.connect("env-before-read-docs", self._begin_merge_early, priority=500)
        self.events.connect("build-finished", self._stop_processes, priority=500)

    def _start_layout_workers(self, started: Workers | None) -> Workers | None:
        """Layout processes started now (or taken from ``started``), to import WeasyPrint
        while Sphinx reads."""
        source = Path(self.srcdir)
        documents = sum(
            len(list(source.rglob(f"*{suffix}"))) for suffix in self.config.source_suffix
        )
        count = workers_to_start_early(
            self.config.book_pdf_processes,
            cold=not any((Path(self.outdir) / CHUNK_CACHE).glob("*.pdf")),
            documents=documents,
            weasyprint_loaded="weasyprint" in sys.modules,
        )
        if not count:
            if started is not None:
                started.close()
            return None
        if started is None:
            return Workers(count)
        started.grow(count)
        return started

    def _begin_merge_early(self, app, env, docnames: list[str]) -> None:
        """Begin the merge with the last book's chunks before the first chapter read again."""
        from book.pdf.merge import MergeProcess
        from book.pdf.merge_plan import PLAN, parts_around

        before, after = parts_around(Path(self.outdir) / PLAN, docnames)
        if len(before) > 1 or after:
            self.merger = self.merger or MergeProcess()
            self.merger.begin(before if len(before) > 1 else [], after)

    def _stop_processes(self, app, exception: Exception | None) -> None:
        """Those the build stopped before handing them over."""
        if self.layout_workers is not None:
            self.layout_workers.close()
            self.layout_workers = None
        if self.merger is not None:
            self.merger.close()
            self.merger = None

    def finish(self) -> None:
        super().finish()
        try:
            self.write_pdf()
        except (GeometryError, fonts.FontMissing, ValueError) as error:
            raise ConfigError(str(error)) from None

    def write_pdf(self) -> None:
        # pikepdf, which the merge brings, is imported by the print edition alone.
        from book.pdf.merge import MergeProcess

        variant = self.config.book_pdf_variant
        if variant not in VARIANTS:
            raise ValueError(
                f"book_pdf_variant = {variant!r} không hợp lệ: "
                f"chọn một trong {', '.join(VARIANTS)}."
            )
        # Started first, the merge's process imports pikepdf while the chunks are laid out.
        merger, self.merger = self.merger or MergeProcess(), None
        try:
            target, pages = self._lay_out_and_merge(merger)
        except BaseException:
            merger.close()
            raise
        if pages is None:
            logger.info("Bản in: %s: đang dàn trang mục lục, rồi ghép các phần…", target)
        elif self.config.book_pdf_merge_in_background:
            logger.info("Bản in: %s (%d trang), đang ghép các phần…", target, pages)
        if self.config.book_pdf_merge_in_background:
            return
        pages = self.merging.wait()
        logger.info("Bản in: %s (%d trang)", target, pages)

    def _lay_out_and_merge(self, merger: MergeProcess) -> tuple[Path, int | None]:
        """Lay out the chunks, write the page map, start the merge; the PDF and its page
        count, None while the contents are still being laid out (see late_contents)."""
        from book.pdf import chunks
        from book.pdf.late_contents import ContentsThenMerge
        from book.pdf.pagemap import write_page_map

        outdir = Path(self.outdir)
        document = self.print_document()
        (outdir / "print.html").write_text(document, encoding="utf-8")
        settings = Settings(
            stylesheet=self.copy_print_assets(document),
            base_dir=outdir,
            allowed_roots=(outdir, Path(self.srcdir), Path(self.confdir)),
            variant=self.config.book_pdf_variant,
            identifier=self.metadata.identifier,
            cache_dir=outdir / CHUNK_CACHE,
            workers=self.config.book_pdf_processes,
            progress=logger.info,
            first_unchanged=lambda laid, numbering: merger.begin(merge_parts(laid, numbering)),
        )
        book_chunks = chunks.split(document)
        workers, self.layout_workers = self.layout_workers, None  # the paginator closes them
        paginator = Paginator(book_chunks, settings, workers)
        try:
            laid, numbering, contents = paginator.run(
                leave_contents=self.config.book_pdf_merge_in_background
            )
        except ChunkError as error:
            raise BookResourceError(str(error)) from None
        target = outdir / f"{self.metadata.slug}.pdf"
        # The contents start no page of the ebook's page list: it is complete without them.
        write_page_map([start for item in laid for start in item.result.page_starts],
                       outdir / PAGE_MAP)  # fmt: skip
        for problem in layout_problems(laid, numbering, self.source_line):
            logger.warning(
                problem.message, location=problem.location, type="book", subtype=problem.kind
            )
        quiet = harmless_messages(laid)
        listed = outdir / ENGINE_MESSAGES
        write_if_changed(listed, "".join(f"{message}\n" for message in quiet).encode())
        if quiet:
            logger.info(
                "Bản in: %d thông báo của WeasyPrint không ảnh hưởng tới trang in (xem %s).",
                len(quiet),
                listed,
            )
        date = build_time()
        if contents is None:
            self.merging = start_merge(merger, book_chunks, laid, target, date)
            return target, sum(
                item.result.pages + numbering.blank_after[item.chunk.name] for item in laid
            )
        before = sum(item.chunk.matter == FRONT for item in laid)

        def book(contents: Laid) -> list[Laid]:
            return [*laid[:before], contents, *laid[before:]]

        def check(contents: Laid) -> list[str]:
            found = layout_problems([contents], numbering_of(book_chunks, book(contents)))
            return [str(problem) for problem in found]

        self.merging = ContentsThenMerge(
            paginator,
            merger,
            check=check,
            merge=lambda contents: start_merge(merger, book_chunks, book(contents), target, date),
        )
        return target, None

    def copy_print_assets(self, document: str) -> Path:
        """Fonts and the stylesheet, next to the print document (nothing read from elsewhere).

        The fonts are static subsets holding the document's characters (and the
        stylesheet's generated text): WeasyPrint would otherwise instantiate the
        variable faces again for every PDF it writes, the costliest part of writing.
        """
        static = Path(self.outdir) / "_static"
        stylesheet_text = (HERE / "print.css").read_text(encoding="utf-8")
        faces = fonts.subset_faces(
            fonts.faces(self.config.book_fonts),
            # The stylesheet's strings (generated text such as "Chương "), not its comments.
            document + "".join(re.findall(r'"([^"]*)"', stylesheet_text)),
            static / "fonts",
        )
        fallbacks = {
            f"Book Fallback {number}": path
            for number, path in enumerate(fallback_fonts(self.config, self.confdir), 1)
        }
        css = page_geometry(self.config).css() + type_settings_css(self.config, list(fallbacks))
        # The running head of left-hand pages, in every chunk of the book.
        title = self.metadata.title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
        css += f'html {{ string-set: book-title "{title}"; }}\n'
        css += fonts.font_face_css(
            faces, lambda face: f"fonts/{face.path.name}", fonts.private_family
        )
        css += "".join(
            f"@font-face {{ font-family: '{family}'; src: url('{path.as_uri()}'); }}\n"
            for family, path in fallbacks.items()
        )
        css += stylesheet_text
        stylesheet = Path(self.outdir) / PRINT_STYLESHEET
        write_if_changed(stylesheet, css.encode("utf-8"))
        families = fonts.chosen_families(self.config.book_fonts)
        write_if_changed(
            stylesheet.parent / FONTS_CONF, configuration_xml(families).encode("utf-8")
        )
        return stylesheet

    def print_document(self) -> str:
        pages = self.ordered_pages()
        kinds = {page.docname: page.part.kind for page in pages}
        matter: dict[str, list[str]] = {model.FRONT: [], model.BODY: []}
        toc: list[TocEntry] = []
        current_part = None
        svg = InlineSvg(Path(self.outdir))
        kept = KeptChapters(Path(self.outdir) / KEPT_CHAPTERS, kinds)
        for page in pages:
            part = page.part
            kind = model.FRONT if part.kind == model.FRONT else model.BODY
            if part is not current_part and part.has_title_page:
                part_id = f"part-{len(toc)}"
                matter[kind].append(html.tostring(_part_page(part, part_id), encoding="unicode"))
                toc.append(TocEntry(0, "", part.title, "#" + part_id, part.kind))
            current_part = part
            assembled = kept.get(page)
            # A kept chapter's images must still be there to be put inline.
            if assembled is None or None in map(svg.add, assembled.images):
                assembled = _assemble(page, kinds, svg)
                kept.put(page, assembled)
            matter[kind].append(assembled.markup)
            toc.extend(TocEntry(**entry) for entry in assembled.toc)
        kept.save()
        template = Environment(
            loader=FileSystemLoader(HERE),
            autoescape=select_autoescape(["html", "jinja"]),
            keep_trailing_newline=True,
            # Compiling it took about 0.15 s of every build, 4 % of a rebuild after an edit.
            bytecode_cache=compiled_templates(self.doctreedir),
        ).get_template("print.html.jinja")
        return svg.fill(
            template.render(
                meta=self.metadata,
                language=self.config.language or "vi",
                toc=toc,
                toc_title=_("Table of Contents"),
                front=matter[model.FRONT],
                body=matter[model.BODY],
                date=build_time().isoformat().replace("+00:00", "Z"),
            )
        )


def start_merge(
    merger: MergeProcess, chunks: list[Chunk], laid: list[Laid], target: Path, date: datetime
) -> PendingMerge:
    """The merge of the chunks laid out into the book, started in the merge's process."""
    from book.pdf.merge_plan import PLAN, save_plan

    numbering = numbering_of(chunks, laid)
    parts = merge_parts(laid, numbering)
    save_plan(target.parent / PLAN, [item.chunk.name for item in laid], parts)
    return merger.merge(parts, target, front_pages=numbering.front_pages, date=date)


def merge_parts(laid: list[Laid], numbering: Numbering) -> list[MergePart]:
    from book.pdf.merge import MergePart

    return [
        MergePart(item.pdf, item.result.bookmarks, numbering.blank_after[item.chunk.name])
        for item in laid
    ]


@dataclass
class LayoutProblem:
    message: str
    location: tuple[str, int | None] | None  # the chapter (and line), when in one
    kind: str  # Sphinx's warning subtype

    def __str__(self) -> str:
        return f"{self.location[0]}: {self.message}" if self.location else self.message


def layout_problems(
    laid: list[Laid],
    numbering: Numbering,
    line_of: Callable[[str, str], int | None] = lambda docname, excerpt: None,
) -> list[LayoutProblem]:
    """WeasyPrint's warnings, and anything that runs outside the text block, by chapter
    (at the line ``line_of`` finds the overflowing text or image on).

    Pages are named by their printed number (what an editor sees on paper and
    in a PDF reader's page box), which needs no other chunk's length.
    """
    problems = []
    for item in laid:
        chapter = item.chunk.name if item.chunk.name not in ("front", CONTENTS) else None
        for loss in engine_messages.sort(item.result.warnings).losses:
            where = (chapter, line_of(chapter, _named_file(loss))) if chapter else None
            problems.append(LayoutProblem(loss, where, "weasyprint"))
        for drawing, line in item.result.unreadable:
            name = drawing.rsplit("/", 1)[-1]
            problems.append(
                LayoutProblem(
                    f"hình {name}: dòng chữ “{line}” trong hình không đọc lại được từ bản PDF "
                    "(người đọc tìm, chép hay nghe đọc sẽ gặp chữ sai). Hãy đặt chữ trong hình "
                    "bằng phông của sách (font-family=\"'Noto Serif', serif\") hoặc xuất lại "
                    "hình từ phần mềm vẽ.",
                    (chapter, line_of(chapter, name)) if chapter else None,
                    "figure",
                )
            )
        for overflow in item.result.overflows:
            folio = numbering.first_pages[item.chunk.name] + overflow.page - 1
            printed = lower_roman(folio) if item.chunk.matter == FRONT else str(folio)
            overflow = replace(overflow, page=printed)
            line = line_of(overflow.docname, overflow.excerpt) if overflow.docname else None
            problems.append(
                LayoutProblem(
                    f"nội dung tràn ra ngoài khung chữ, {overflow}. Hãy {overflow.advice}.",
                    (overflow.docname, line) if overflow.docname else None,
                    "overflow",
                )
            )
    return problems


def harmless_messages(laid: list[Laid]) -> list[str]:
    """WeasyPrint's messages that change nothing on the page (book.pdf.engine_messages)."""
    found = [message for item in laid for message in item.result.warnings]
    return engine_messages.sort(found).harmless


def _named_file(message: str) -> str:
    """The file a message names (a figure's), to find the line that shows it."""
    match = re.search(r"\b([\w.-]+\.(?:png|jpe?g|gif|svg|webp|ttf|otf))\b", message, re.I)
    return match[1] if match else ""


def _assemble(page: Page, kinds: dict[str, str], svg: InlineSvg) -> Assembled:
    """The page as a chapter of the print document, with its contents entries."""
    element = chapter_element(page, kinds)
    images = svg.replace_images(element)
    entries = _toc_entries(element, page.part.kind)  # gives the headings their ids
    return Assembled(
        html.tostring(element, encoding="unicode"), [asdict(e) for e in entries], images
    )


def _part_page(part: model.Part, part_id: str) -> html.HtmlElement:
    section = html.Element("section", {"class": "part-page", "id": part_id})
    heading = etree.SubElement(section, "h1", {"class": "part-title"})
    heading.text = part.title
    return section


def _toc_entries(chapter: html.HtmlElement, matter: str) -> list[TocEntry]:
    entries = []
    for heading in chapter.xpath("./section/h1 | ./section/section/h2"):
        level = 1 if heading.tag == "h1" else 2
        number_span = heading.find('span[@class="section-number"]')
        number = number_span.text_content().strip().rstrip(".") if number_span is not None else ""
        text = heading.text_content()
        if number_span is not None:
            text = text.replace(number_span.text_content(), "", 1)
        # Point at the heading, not its section: a section may begin at the foot
        # of one page while its heading is pushed to the next.
        heading.set("id", heading.getparent().get("id") + "--title")
        entries.append(TocEntry(level, number, text.strip(), "#" + heading.get("id"), matter))
    return entries
