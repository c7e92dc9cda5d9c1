"""The print edition: the book's pages as one print document, laid out by WeasyPrint."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from lxml import etree, html
from sphinx.errors import ConfigError
from sphinx.locale import _
from sphinx.util import logging

from book import fonts, model
from book.metadata import build_time
from book.pages import PageCollector
from book.pdf.assemble import InlineSvg, chapter_element
from book.pdf.geometry import GeometryError, page_geometry, type_settings_css
from book.vietnamese.glyphs import fallback_fonts

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
PAGE_MAP = "page-map.json"  # read by the ebook for its page list


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

    def finish(self) -> None:
        super().finish()
        try:
            self.write_pdf()
        except (GeometryError, fonts.FontMissing, ValueError) as error:
            raise ConfigError(str(error)) from None

    def write_pdf(self) -> None:
        # WeasyPrint takes a second to import; the extension is loaded for every
        # edition, so only the print edition pays for it.
        from book.pdf.overflow import overflowing_boxes
        from book.pdf.pagemap import write_page_map
        from book.pdf.render import render_pdf

        document = self.print_document()
        source = Path(self.outdir) / "print.html"
        source.write_text(document, encoding="utf-8")
        target = Path(self.outdir) / f"{self.metadata.slug}.pdf"
        rendered = render_pdf(
            document,
            base_dir=Path(self.outdir),
            allowed_roots=[Path(self.outdir), Path(self.srcdir), Path(self.confdir)],
            stylesheets=[self.copy_print_assets()],
            target=target,
            metadata=self.metadata,
            variant=self.config.book_pdf_variant,
        )
        write_page_map(rendered, Path(self.outdir) / PAGE_MAP)
        for overflow in overflowing_boxes(rendered):
            logger.warning(
                "nội dung tràn ra ngoài khung chữ, %s. Hãy thu nhỏ hình hoặc bảng, hoặc ngắt "
                "dòng chữ quá dài.",
                overflow,
                location=(overflow.docname, None) if overflow.docname else None,
                type="book",
                subtype="overflow",
            )
        logger.info("Bản in: %s (%d trang)", target, len(rendered.pages))

    def copy_print_assets(self) -> Path:
        """Fonts and the stylesheet, next to the print document (nothing read from elsewhere)."""
        static = Path(self.outdir) / "_static"
        fonts_dir = static / "fonts"
        fonts_dir.mkdir(parents=True, exist_ok=True)
        faces = fonts.faces(self.config.book_fonts)
        for face in faces:
            target = fonts_dir / face.path.name
            if not target.exists() or target.stat().st_size != face.path.stat().st_size:
                shutil.copyfile(face.path, target)
        fallbacks = {
            f"Book Fallback {number}": path
            for number, path in enumerate(fallback_fonts(self.config, self.confdir), 1)
        }
        css = page_geometry(self.config).css() + type_settings_css(self.config, list(fallbacks))
        css += fonts.font_face_css(faces, lambda face: f"fonts/{face.path.name}")
        css += "".join(
            f"@font-face {{ font-family: '{family}'; src: url('{path.as_uri()}'); }}\n"
            for family, path in fallbacks.items()
        )
        css += (HERE / "print.css").read_text(encoding="utf-8")
        stylesheet = static / "print.css"
        stylesheet.write_text(css, encoding="utf-8")
        return stylesheet

    def print_document(self) -> str:
        pages = self.ordered_pages()
        kinds = {page.docname: page.part.kind for page in pages}
        matter: dict[str, list[html.HtmlElement]] = {model.FRONT: [], model.BODY: []}
        toc: list[TocEntry] = []
        current_part = None
        svg = InlineSvg(Path(self.outdir))
        for page in pages:
            part = page.part
            kind = model.FRONT if part.kind == model.FRONT else model.BODY
            if part is not current_part and part.has_title_page:
                part_id = f"part-{len(toc)}"
                matter[kind].append(_part_page(part, part_id))
                toc.append(TocEntry(0, "", part.title, "#" + part_id, part.kind))
            current_part = part
            element = chapter_element(page, kinds)
            svg.replace_images(element)
            matter[kind].append(element)
            toc.extend(_toc_entries(element, part.kind))
        template = Environment(
            loader=FileSystemLoader(HERE),
            autoescape=select_autoescape(["html", "jinja"]),
            keep_trailing_newline=True,
        ).get_template("print.html.jinja")
        return svg.fill(
            template.render(
                meta=self.metadata,
                language=self.config.language or "vi",
                toc=toc,
                toc_title=_("Table of Contents"),
                front=[html.tostring(e, encoding="unicode") for e in matter[model.FRONT]],
                body=[html.tostring(e, encoding="unicode") for e in matter[model.BODY]],
                date=build_time().isoformat().replace("+00:00", "Z"),
            )
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
