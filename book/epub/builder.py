from pathlib import Path

from book.pages import PageCollector


class EbookBuilder(PageCollector):
    name = "epub"
    format = "html"
    out_suffix = ".xhtml"
    link_suffix = ".xhtml"

    def finish(self):
        super().finish()
        d = Path(self.outdir) / "_dump"
        d.mkdir(exist_ok=True)
        for p in self.ordered_pages():
            (d / (p.docname + ".html")).write_text(f"<!-- {p.title} | {p.part} -->\n" + p.body)
        root = self.pages.get("index")
        if root:
            (d / "index.html").write_text(root.body)
