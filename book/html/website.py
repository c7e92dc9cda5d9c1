"""Which builds are the website (the handlers of ``book.html`` act only on those), and
the website's builder: Sphinx's, writing every page again when what all show changed."""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.search import js_index

from book.pages import SignedPages, pages_signature


def is_website(app: Sphinx) -> bool:
    """True for the website builders; the print and ebook builders also write HTML."""
    return app.builder.format == "html" and app.builder.name in ("html", "dirhtml")


class WebsiteBuilder(SignedPages):
    """Sphinx's HTML builder; after an edit that changes what every page shows, every page.

    Each page shows the whole book in its sidebar (every chapter's title,
    numbered), its neighbours' titles, and the titles and numbers of what it
    refers to elsewhere; the contents show every chapter's sections. Sphinx
    writes again only the pages whose own chapter changed: a chapter renamed
    kept its old title in the sidebar of every other page until a clean
    build. The signature the print edition and the ebook keep, with the table
    of contents, says when every page must be written again. A theme that
    shows only titles would need less; a section renamed costs a full write
    (5 s at 120 chapters), not a stale page.
    """

    def init(self) -> None:
        super().init()
        self._index_dropped = self._forget_a_damaged_index()

    def get_outdated_docs(self):
        if self._index_dropped:  # every page, for a whole index
            return sorted(self.env.found_docs)
        return super().get_outdated_docs()

    def _forget_a_damaged_index(self) -> bool:
        """A search index that does not read back (a publish stopped while it was
        written, a disk error) is dropped, and every page written again, so that the
        new index is whole. Sphinx reads the last index back for the pages it does
        not write: a damaged one failed the next build in English ("search index
        couldn't be loaded"), and the build after published a site whose search
        found a third of its words.
        """
        index = Path(self.outdir) / self.searchindex_filename
        if not index.exists():
            return False
        try:
            with open(index, encoding="utf-8") as last:
                js_index.load(last)
        except (OSError, ValueError, UnicodeDecodeError):
            index.unlink(missing_ok=True)
            self._signature_stamp().unlink(missing_ok=True)
            return True
        return False

    def _signature(self) -> str:
        return pages_signature(self.env, sidebar=_sidebar(self.env))

    def _signature_stamp(self) -> Path:
        return self._kept("signature")

    def finish(self) -> None:
        """Sphinx's last steps; then the pages of chapters taken out of the book go too
        (Sphinx leaves them in the site, reachable and out of date)."""
        super().finish()
        listed = self._kept("pages.json")
        try:
            previous = set(json.loads(listed.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            previous = set()
        site = Path(self.outdir).resolve()
        for docname in sorted(previous - set(self.env.found_docs)):
            page = (
                Path(self.get_outfilename(docname)).resolve() if isinstance(docname, str) else None
            )
            if page is not None and page.is_relative_to(site):  # the list is a file: trust none
                page.unlink(missing_ok=True)
        listed.write_text(json.dumps(sorted(self.env.found_docs)), encoding="utf-8")

    def _kept(self, name: str) -> Path:
        """A file about the last build, beside the doctrees: not the readers' business."""
        return Path(self.doctreedir).parent / f"{self.name}-{name}"


def _sidebar(env: BuildEnvironment) -> dict:
    """The book's table of contents as the pages show it: its order, and each
    chapter's entries (anchor and text)."""
    sections = {
        docname: [
            (entry.get("anchorname", ""), entry.astext()) for entry in toc.findall(nodes.reference)
        ]
        for docname, toc in env.tocs.items()
    }
    return {"order": env.toctree_includes, "sections": sections}
