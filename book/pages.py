"""The rendered pages of the book, captured for editions that package them themselves.

The print and ebook editions both need each document translated to HTML by
Sphinx (numbers, cross-references and footnotes resolved) but neither wants a
web theme around it. :class:`PageCollector` is the one place that does that: it
keeps each document's body, in reading order, and lets the edition assemble
its own file. Each edition only says what to do with the pages.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import docutils
import sphinx
from jinja2 import FileSystemBytecodeCache
from lxml import etree, html
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.locale import _TranslationProxy
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from book import model, raster, svg
from book.metadata import Metadata, read_metadata

logger = logging.getLogger(__name__)
RASTER_SUFFIXES = frozenset({".jpg", ".jpeg", ".png"})


def compiled_templates(doctreedir: str | Path) -> FileSystemBytecodeCache:
    """Where every edition keeps its compiled Jinja templates between builds.

    Compiling the theme's templates again was a tenth of an incremental build;
    Jinja checks each source's checksum, so an edited template is compiled anew.
    """
    cache = Path(doctreedir) / "templates"
    cache.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(cache))


class DropToctrees(SphinxPostTransform):
    """The toctrees, out of the pages of editions that order the book themselves.

    Both editions take their order and contents from the book's model; a
    resolved toctree (the root's lists every heading of the book) was hidden
    in the print document and dropped from the ebook, after Sphinx had copied
    the table of contents of every chapter into it, each time the root was
    written (after any edit). Post-transforms run before toctrees are resolved.
    """

    builders = ("pdf", "epub")
    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        for toctree in list(self.document.findall(addnodes.toctree)):
            wrapper = toctree.parent
            wrapper.remove(toctree)
            empty = not wrapper.children and wrapper.parent is not None
            if empty and "toctree-wrapper" in wrapper.get("classes", ()):
                wrapper.parent.remove(wrapper)


@dataclass
class Page:
    docname: str
    title: str  # plain text
    body: str  # HTML fragment
    part: model.Part | None


class SignedPages(StandaloneHTMLBuilder):
    """A Sphinx HTML builder that writes every page again when the book they show changed.

    Sphinx writes again the pages whose chapter changed. A page's HTML also
    depends on other chapters: titles and numbers of what it refers to,
    glossary terms, labels, the programme register (and, on the website, the
    sidebar). When any of that changed anywhere (:meth:`_signature`, kept in
    :meth:`_signature_stamp`), every page is written again, as in a cold build.
    """

    def write_documents(self, docnames: set[str]) -> None:
        signature = self._signature()
        stamp = self._signature_stamp()
        if not stamp.is_file() or stamp.read_text(encoding="utf-8") != signature:
            docnames = set(self.env.found_docs)
        super().write_documents(docnames)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(signature, encoding="utf-8")

    def _signature(self) -> str:
        return pages_signature(self.env)

    def source_line(self, docname: str, excerpt: str) -> int | None:
        """The first line of the chapter's source holding ``excerpt`` (an image's file
        name, an overflowing word), so that a problem found late points where to act."""
        if not excerpt or docname not in self.env.all_docs:
            return None
        source = Path(self.env.doc2path(docname)).read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(source.splitlines(), 1):
            if excerpt in line:
                return number
        return None

    def copy_image_files(self) -> None:
        """Sphinx's copy, then every photo or scan made fit for the edition (book.raster)
        and every drawing cleaned of what no edition carries (book.svg)."""
        super().copy_image_files()
        for source, name in self.images.items():
            target = Path(self._images_dir) / name
            suffix = target.suffix.lower()
            if suffix not in (*RASTER_SUFFIXES, ".svg") or not target.is_file():
                continue
            try:
                content = target.read_bytes()
                better = (
                    svg.cleaned_bytes(content) if suffix == ".svg" else raster.prepared(content)
                )
            except (raster.ImageRefused, svg.SvgRefused) as refused:
                users = sorted(self.env.images[source][0]) if source in self.env.images else []
                where = (users[0], self.source_line(users[0], Path(source).name)) if users else None
                logger.warning(f"ảnh {Path(source).name}: {refused}", location=where,
                               type="book", subtype="image")  # fmt: skip
                continue
            if better is not None and better != content:
                target.write_bytes(better)

    def _signature_stamp(self) -> Path:
        raise NotImplementedError


class PageCollector(SignedPages):
    """A Sphinx HTML builder that collects pages instead of writing a themed site."""

    search = False
    copysource = False
    allow_parallel = False  # pages are collected in this process's memory
    use_index = False
    supported_image_types: ClassVar[list[str]] = [
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "image/gif",
    ]

    def init(self) -> None:
        super().init()
        self.pages: dict[str, Page] = {}

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        # The web theme is for the website; these editions bring their own styles.
        return "basic", {}

    def get_outdated_docs(self) -> Iterator[str]:
        # The edition is one file made of every page; a page kept from the last
        # build serves again (see write_documents), the others are written.
        kept = self._kept_dir()
        for docname in self.env.found_docs:
            page = kept / f"{docname}.json"
            doctree = Path(self.doctreedir, f"{docname}.doctree")
            # Another edition's run may have read the chapter since this one kept
            # it: the doctree they share is then newer than the kept page.
            if not page.exists() or (
                doctree.exists() and doctree.stat().st_mtime_ns > page.stat().st_mtime_ns
            ):
                yield docname

    def _signature_stamp(self) -> Path:
        return self._kept_dir() / "signature"

    def _kept_dir(self) -> Path:
        return Path(self.outdir) / ".pages"

    def _load_kept(self, docname: str) -> Page:
        data = json.loads((self._kept_dir() / f"{docname}.json").read_text(encoding="utf-8"))
        return Page(docname=docname, title=data["title"], body=data["body"], part=None)

    @property
    def metadata(self) -> Metadata:
        return read_metadata(self.config)

    def handle_page(
        self,
        pagename: str,
        addctx: dict[str, Any],
        templatename: str = "page.html",
        *,
        outfilename: Path | None = None,
        event_arg: Any = None,
    ) -> None:
        if templatename != "page.html" or pagename not in self.env.all_docs:
            return  # search pages, indices: the website's business
        page = Page(
            docname=pagename,
            title=self.env.titles[pagename].astext() if pagename in self.env.titles else "",
            body=addctx.get("body", ""),
            part=None,
        )
        self.pages[pagename] = page
        kept = self._kept_dir() / f"{pagename}.json"
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(
            json.dumps({"title": page.title, "body": page.body}, ensure_ascii=False),
            encoding="utf-8",
        )

    def copy_assets(self) -> None:
        """Nothing from the web theme; editions copy what they need in :meth:`finish`."""

    def ordered_pages(self) -> list[Page]:
        """Pages in reading order, each knowing the part it belongs to."""
        result = []
        for part in model.parts(self.env):
            for docname in part.docnames:
                page = self.pages.get(docname)
                if page is not None:
                    page.part = part
                    result.append(page)
        return result

    def finish(self) -> None:
        # Sphinx skips writing altogether when nothing changed: every page kept.
        for docname in self.env.found_docs - set(self.pages):
            self.pages[docname] = self._load_kept(docname)
        self.copy_image_files()


# Elements that start a new block of text: where a printed page can begin. The
# print edition records, for each page, the first such element on it; the ebook
# counts the same elements the same way to place its page-break markers.
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "table", "figure", "pre",
              "blockquote")  # fmt: skip
_BLOCKS = etree.XPath(
    " | ".join(f"descendant::{tag}" for tag in BLOCK_TAGS)
    + ' | descendant::div[contains(concat(" ", @class, " "), " admonition ")]'
)


@cache
def press_code_digest() -> bytes:
    """The press's own code: a new version may write the same chapter differently."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.digest()


def pages_signature(env: BuildEnvironment, **more: Any) -> str:
    """What every page's HTML may depend on beyond its own chapter, as one digest.

    ``more``: what else an edition's pages all show of the book (the website's
    sidebar). A page is written again when its chapter changed; when this
    changed, every page is.
    """
    digest = hashlib.sha256(press_code_digest())
    parts = {
        "versions": [sphinx.__version__, docutils.__version__],
        "domains": env.domaindata,
        "titles": {name: title.astext() for name, title in env.titles.items()},
        "sections": env.toc_secnumbers,
        "figures": env.toc_fignumbers,
        "book": {name: value for name, value in vars(env).items() if name.startswith("book_")},
        **more,
    }
    digest.update(_stable(parts).encode())
    return digest.hexdigest()


def _stable(value: Any) -> str:
    """A text for ``value`` that does not depend on the order sets and dicts were filled in."""
    if isinstance(value, dict):
        items = sorted((_stable(key), _stable(item)) for key, item in value.items())
        return "{" + ",".join(f"{key}:{item}" for key, item in items) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_stable(item) for item in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(item) for item in value) + "]"
    if isinstance(value, _TranslationProxy):
        # A label translated when it is shown: a proxy where its module was imported
        # before Sphinx loaded the translations (the press imports them early), else
        # the text already. The same text either way: pages need not be written again.
        return repr(str(value))
    return repr(value)


def blocks(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The block elements of a page body, in document order.

    ``root`` is the body parsed with ``lxml.html.fragment_fromstring(body,
    create_parent=...)``; both editions must count on that parse, before any
    change of their own.
    """
    return _BLOCKS(root)


def resolve_href(docname: str, href: str, suffix: str) -> str:
    """An href found in a page, made relative to the output root."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(docname + suffix), href))
