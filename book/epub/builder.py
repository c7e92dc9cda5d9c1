"""The ebook edition: one XHTML document per page of the book → ebooklib → ``<slug>.epub``.

Layout of the package (the ``EPUB/`` folder mirrors Sphinx's output folder, so
the links Sphinx wrote between pages and to ``_images/`` stay valid)::

    mimetype                   stored, first
    META-INF/container.xml
    EPUB/content.opf           metadata, manifest, spine
    EPUB/toc.ncx               table of contents for EPUB 2 readers
    EPUB/cover.xhtml           cover page (its image: _static/cover.png)
    EPUB/index.xhtml           title page and colophon (the root document)
    EPUB/nav.xhtml             navigation document: contents, landmarks and, when
                               the print edition was built, its page list
    EPUB/part-N.xhtml          a title page for each numbered part
    EPUB/<docname>.xhtml       each chapter, in reading order
    EPUB/_images/…             the chapters' raster images, at most 1600 px wide
                               (SVG figures are inline in the chapters, in the
                               book's fonts)
    EPUB/_static/epub.css      the stylesheet, with @font-face rules for
    EPUB/_static/fonts/…       the fonts, subset to the book's characters
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from sphinx.util import logging
from sphinx.util.console import bold

from book import fonts, model
from book.background import in_background
from book.console import NOTICE, human_size
from book.epub import cover, package
from book.epub.file_names import document_names
from book.epub.images import fit_for_readers
from book.epub.kept_documents import KeptDocuments
from book.epub.package import BACK, BODY, FRONT, Document, Landmark, NavEntry, Resource
from book.epub.svg import inline_svg_images
from book.metadata import build_time
from book.pages import PageCollector
from book.publish import atomic_path

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent

STATIC = "_static"
STYLESHEET = f"{STATIC}/epub.css"
FONT_DIR = f"{STATIC}/fonts"
KEPT_DOCUMENTS = "kept-documents.json"  # see book.epub.kept_documents
CODE_TAGS = {package.h(tag) for tag in ("code", "pre", "kbd", "samp", "tt")}


class EbookBuilder(PageCollector):
    """Sphinx → one XHTML content document per page → ebooklib → ``<slug>.epub``."""

    name = "epub"
    format = "html"
    epilog = "Sách điện tử (EPUB 3): %(outdir)s"
    out_suffix = ".xhtml"
    link_suffix = ".xhtml"
    # The image types every EPUB 3 reading system supports, preferred in this order.
    supported_image_types: ClassVar[list[str]] = [
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
    ]

    def init(self) -> None:
        super().init()
        # html_file_suffix / html_link_suffix are the website's; the ebook's files are XHTML.
        self.out_suffix = self.link_suffix = ".xhtml"
        self._drop_sphinx_epub_checks()

    def _drop_sphinx_epub_checks(self) -> None:
        """Stop Sphinx's own EPUB builder from checking its settings for ours.

        Sphinx's ``epub`` extension, loaded with Sphinx itself, checks its
        ``epub_*`` settings (``version``, ``copyright``...) whenever the builder
        is named "epub". This builder reads the ``book_*`` settings instead, so
        those warnings would be false alarms, and the press fails on warnings.
        """
        from sphinx.builders import epub3

        for listener in list(self.events.listeners.get("builder-inited", ())):
            if listener.handler is epub3.validate_config_values:
                self.events.disconnect(listener.id)

    def finish(self) -> None:
        super().finish()  # the images, into outdir/_images
        self.packaging = None
        if self.config.book_epub_in_background:
            self.packaging = in_background(self._app, self.write_ebook)
        if self.packaging is None:
            self.write_ebook()
        else:
            logger.info(bold("đóng gói sách điện tử (EPUB 3) trong lúc dựng ấn bản tiếp theo…"))

    # -- The package ---------------------------------------------------------------------

    def _document_names(self) -> dict[str, str]:
        docnames = frozenset(self.env.found_docs)
        if getattr(self, "_names_of", (None,))[0] != docnames:
            self._names_of = (docnames, document_names(docnames))
        return self._names_of[1]

    def document_name(self, docname: str) -> str:
        """The chapter's file in the package (book.epub.file_names)."""
        return self._document_names().get(docname) or document_names([docname])[docname]

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        # Links between chapters name the files the package holds.
        return self.document_name(docname)

    def write_ebook(self) -> Path:
        logger.info(bold("đóng gói sách điện tử (EPUB 3)… "), nonl=True)
        meta = self.metadata
        language = self.config.language or "vi"
        words = package.labels(language)
        names = _Names(
            {self.document_name(page.docname) for page in self.ordered_pages()}
            | {self.document_name(self.config.root_doc)}
        )
        common = {"language": language, "stylesheet": STYLESHEET}

        cover_image = self.cover_image()
        cover_page = package.cover_page(
            cover_image.file_name,
            title=meta.title,
            file_name=names.free("cover.xhtml"),
            uid="cover",
            **common,
        )
        root = self.pages.get(self.config.root_doc)
        title_page = package.title_page(
            meta,
            root.body if root else "",
            file_name=self.document_name(self.config.root_doc),
            uid="titlepage",
            **common,
        )
        content, toc, pages = self.content_documents(names, common)
        nav_name = names.free("nav.xhtml")
        body_start = next((doc for doc in content if doc.matter == BODY), None)
        landmarks = [
            Landmark("cover", cover_page.file_name, words["cover"]),
            Landmark("titlepage", title_page.file_name, words["titlepage"]),
            Landmark("toc", f"{nav_name}#toc", words["toc"]),
        ]
        if body_start is not None or content:
            start = body_start or content[0]
            landmarks.append(Landmark("bodymatter", start.file_name, words["bodymatter"]))
        nav = package.nav_document(
            toc, landmarks, file_name=nav_name, uid="nav", pages=pages, **common
        )
        spine = [cover_page, title_page, nav, *content]

        package.check_ids(spine, self._warn)
        package.resolve_links(spine, self._warn)
        # Inline, an SVG's text is drawn in the embedded fonts (subset below, after this).
        inline_svg_images([doc for doc in spine if doc is not cover_page], self.load_output_file)
        images = [
            replace(image, content=fit_for_readers(image.content, image.media_type))
            for image in package.collect_images(
                [doc for doc in spine if doc is not cover_page], self.load_output_file, self._warn
            )
        ]
        font_files, css = self.stylesheet_and_fonts(spine)
        stylesheet = Resource(STYLESHEET, "text/css", css.encode("utf-8"), "css")

        target = Path(self.outdir) / f"{meta.slug}.epub"
        book = package.Package(
            meta=meta,
            language=language,
            modified=build_time(),
            spine=spine,
            resources=[stylesheet, *font_files, *images],
            cover_image=cover_image,
            toc=toc,
            guide=landmarks,
            has_images=bool(images) or any(doc.shows_svg for doc in spine),
            pages=pages,
        )
        with atomic_path(target) as temporary:
            book.write(temporary)
        logger.info("xong")
        logger.info("Sách điện tử: %s (%s)", target.name, human_size(target.stat().st_size))
        return target

    def content_documents(
        self, names: _Names, common: dict
    ) -> tuple[list[Document], list[NavEntry], list[NavEntry]]:
        """Part pages and chapters in reading order, the table of contents over them,
        and the print edition's pages found in them (empty without a page map)."""
        page_map = self.page_starts()
        kept = KeptDocuments(Path(self.outdir) / KEPT_DOCUMENTS, common, self.document_name)
        documents: list[Document] = []
        toc: list[NavEntry] = []
        pages: list[NavEntry] = []
        uids: set[str] = set()
        seen: set[str] = set()
        current_part: model.Part | None = None
        container = toc  # where the next chapter's entry goes
        for page in self.ordered_pages():
            if page.docname in seen:  # listed in two toctrees: the book has it once
                continue
            seen.add(page.docname)
            part = page.part
            matter = {model.FRONT: FRONT, model.BODY: BODY, model.BACK: BACK}[part.kind]
            uid = _uid("ch-" + page.docname, uids)
            chapter_of = functools.partial(
                package.chapter,
                page.body,
                file_name=self.document_name(page.docname),
                uid=uid,
                fallback_title=page.title,
                matter=matter,
                **common,
            )
            inputs = {"uid": uid, "matter": matter, "page_starts": page_map.get(page.docname)}
            try:
                chapter = kept.get(page, **inputs)
                if chapter is None:
                    chapter = chapter_of(page_starts=inputs["page_starts"])
                    kept.put(page, chapter, **inputs)
            except package.PageMapMismatch as mismatch:
                logger.warning(
                    "số trang của bản in không khớp với chương này (%s): bản đồ trang %s được "
                    "tạo từ nội dung cũ. Xuất bản lại cả bản in và sách điện tử (./press publish).",
                    mismatch,
                    self.config.book_page_map,
                    location=page.docname,
                    type="epub",
                    subtype="pagemap",
                )
                chapter = chapter_of()  # the build fails on the warning; the package stays whole
            pages.extend(chapter.pages)
            if part is not current_part:
                current_part = part
                container = toc
                if part.has_title_page:
                    part_page = package.part_page(
                        part.title,
                        file_name=names.free(f"part-{part.number}.xhtml"),
                        uid=_uid(f"part-{part.number}", uids),
                        number=part.number,
                        **common,
                    )
                    documents.append(part_page)
                    entry = NavEntry(part.title, part_page.file_name, "part")
                    toc.append(entry)
                    container = entry.children
                elif part.title:  # an unnumbered part (the appendices): its first chapter
                    entry = NavEntry(part.title, chapter.entry.href, "part")
                    toc.append(entry)
                    container = entry.children
            documents.append(chapter.document)
            container.append(chapter.entry)
        kept.save()
        return documents, toc, pages

    def page_starts(self) -> dict[str, dict[int, str]]:
        """The print edition's page map: docname → {block ordinal: page label}.

        Empty when there is no print edition (``book_page_map`` unset) or when
        the map is older than the book's sources (the print edition was built
        before the last edit, so its pages no longer match). Pages that start
        outside the chapters (the title page, the contents) have no place in
        the ebook and are left out.
        """
        path = self.config.book_page_map
        if not path:
            return {}
        try:
            if Path(path).stat().st_mtime < self._newest_source():
                logger.info(
                    NOTICE + "bản in cũ hơn nội dung sách: sách điện tử lần này "
                    "không có số trang của bản in. Xuất bản cả hai ấn bản (./press publish) "
                    "để có danh sách trang."
                )
                return {}
            entries = json.loads(Path(path).read_text(encoding="utf-8"))["pages"]
            result: dict[str, dict[int, str]] = {}
            for entry in entries:
                result.setdefault(entry["docname"], {})[int(entry["block"])] = str(entry["label"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.warning(
                "không đọc được bản đồ trang của bản in %s (%s); xuất bản lại bản in (./press pdf)",
                path,
                error,
                type="epub",
                subtype="pagemap",
            )
            return {}
        return result

    def _newest_source(self) -> float:
        """Modification time of the newest chapter or of ``conf.py``."""
        sources = [Path(self.env.doc2path(doc)) for doc in self.env.found_docs]
        sources.append(Path(self.confdir) / "conf.py")
        return max(source.stat().st_mtime for source in sources if source.exists())

    def cover_image(self) -> Resource:
        """``book_cover`` from conf.py if it names a PNG or JPEG, else a drawn cover."""
        image = None
        if self.config.book_cover:
            path = Path(self.confdir) / self.config.book_cover
            image = cover.editor_cover(path)
            if image is None:
                logger.warning(
                    "book_cover: %s không phải ảnh PNG/JPEG đọc được; dùng bìa tự tạo",
                    path,
                    type="epub",
                    subtype="cover",
                )
        if image is None:
            image = cover.kept_drawn_cover(self.metadata, Path(self.doctreedir).parent / "covers")
        return Resource(
            f"{STATIC}/cover{image.extension}", image.media_type, image.content, "cover-image"
        )

    def stylesheet_and_fonts(self, documents: list[Document]) -> tuple[list[Resource], str]:
        """The fonts subset to the book's text, and the stylesheet that uses them."""
        text = "".join(package.iter_text(documents))
        text += self.metadata.title + self.metadata.subtitle
        uses_code = any(
            element.tag in CODE_TAGS for doc in documents for element in doc.body.iter()
        )
        families = fonts.chosen_families(self.config.book_fonts)
        text_families = {families["body"], families["heading"]}
        faces = [
            face for face in fonts.faces(families) if uses_code or face.family in text_families
        ]
        subsets = fonts.subset_faces(faces, text, Path(self.outdir) / "_fonts")
        resources = [
            Resource(
                f"{FONT_DIR}/{face.file_name}",
                "font/ttf",
                face.path.read_bytes(),
                "font-" + re.sub(r"[^A-Za-z0-9]+", "-", face.file_name.removesuffix(".ttf")),
            )
            for face in subsets
        ]
        css = fonts.font_face_css(subsets, lambda face: f"fonts/{face.file_name}")
        css += "\n" + with_families((HERE / "epub.css").read_text(encoding="utf-8"), families)
        return resources, css

    def load_output_file(self, relative: str) -> bytes | None:
        """A file Sphinx wrote (an image), by its path in the package; None if missing."""
        outdir = Path(self.outdir).resolve()
        path = (outdir / relative).resolve()
        if outdir not in path.parents or not path.is_file():
            return None
        return path.read_bytes()

    def _warn(self, document: Document, message: str) -> None:
        """A problem found while packaging, reported at the chapter it comes from."""
        by_name = {name: docname for docname, name in self._document_names().items()}
        location = by_name.get(document.file_name)
        logger.warning(message, location=location, type="epub", subtype="package")


def with_families(css: str, families: dict[str, str]) -> str:
    """The stylesheet with the families chosen in ``conf.py`` (``book_fonts``) by role.

    ``epub.css`` names the default families; each is replaced by the one chosen
    for its role, all at once (so that swapping two families works).
    """
    chosen = {
        f'"{default}"': f'"{families[role]}"' for role, default in fonts.DEFAULT_FAMILIES.items()
    }
    pattern = re.compile("|".join(re.escape(name) for name in chosen))
    return pattern.sub(lambda match: chosen[match[0]], css)


class _Names:
    """File names in the package, so that generated pages never take a chapter's name."""

    def __init__(self, taken: set[str]):
        self.taken = set(taken)

    def free(self, name: str) -> str:
        stem, suffix = os.path.splitext(name)
        candidate, number = name, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{stem}-{number}{suffix}"
        self.taken.add(candidate)
        return candidate


def _uid(name: str, taken: set[str]) -> str:
    """A manifest id (an XML name) for ``name``, unique among ``taken``."""
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "item"
    if not base[0].isalpha():
        base = "x-" + base
    return package.free_id(base, taken)
