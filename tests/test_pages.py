"""Pages kept between builds: only changed chapters are written again, never a stale one."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from sphinx.locale import _TranslationProxy

from book import press
from book.pages import _stable
from tests.conftest import ROOT, SOURCE_DATE_EPOCH, write_book

INDEX = "# Sách\n\n```{toctree}\n:numbered: 2\n\nmot\nhai\n```\n"
ONE = "# Một\n\n(muc-dau)=\n## Mục đầu tiên\n\nĐoạn văn của chương một.\n"
TWO = "# Hai\n\nXem {ref}`muc-dau`. Đoạn văn của chương hai.\n"


def chapter_text(epub: Path, name: str) -> str:
    with zipfile.ZipFile(epub) as archive:
        member = next(item for item in archive.namelist() if item.endswith(f"/{name}.xhtml"))
        return archive.read(member).decode("utf-8")


def kept(book: Path) -> Path:
    return press.Layout(book).sphinx_outdir("epub") / ".pages"


def test_a_typo_rewrites_only_its_chapter(tmp_path: Path) -> None:
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": ONE, "hai.md": TWO})
    press.build(book, ["epub"], status=None)
    before = (kept(book) / "hai.json").stat().st_mtime_ns
    (book / "chapters/mot.md").write_text(ONE.replace("Đoạn văn", "Đoạn văn bản"), "utf-8")
    epub = press.build(book, ["epub"], status=None)["epub"]
    assert (kept(book) / "hai.json").stat().st_mtime_ns == before
    assert "Đoạn văn bản của chương một" in chapter_text(epub, "mot")
    assert "Đoạn văn của chương hai" in chapter_text(epub, "hai")


def test_a_new_title_rewrites_the_chapters_that_refer_to_it(tmp_path: Path) -> None:
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": ONE, "hai.md": TWO})
    press.build(book, ["epub"], status=None)
    (book / "chapters/mot.md").write_text(ONE.replace("Mục đầu tiên", "Mục mở đầu"), "utf-8")
    epub = press.build(book, ["epub"], status=None)["epub"]
    assert "Mục mở đầu" in chapter_text(epub, "hai")
    assert "Mục đầu tiên" not in chapter_text(epub, "hai")


def test_nothing_changed_keeps_every_chapter(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": ONE, "hai.md": TWO})
    first = press.build(book, ["epub"], status=None)["epub"].read_bytes()
    again = press.build(book, ["epub"], status=None)["epub"]
    assert "Đoạn văn của chương hai" in chapter_text(again, "hai")
    assert again.read_bytes() == first


def test_a_chapter_read_by_another_edition_is_written_again(tmp_path: Path) -> None:
    """The print edition reads the edited chapter first; the ebook must not keep its old page."""
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": ONE, "hai.md": TWO})
    press.build(book, ["pdf", "epub"], status=None)
    (book / "chapters/mot.md").write_text(ONE.replace("Đoạn văn", "Đoạn văn mới"), "utf-8")
    epub = press.build(book, ["pdf", "epub"], status=None)["epub"]
    assert "Đoạn văn mới của chương một" in chapter_text(epub, "mot")


def test_toctrees_are_resolved_for_the_website_alone(tmp_path: Path, monkeypatch) -> None:
    from sphinx.environment.adapters import toctree

    resolved: list[str] = []
    resolve = toctree._resolve_toctree
    monkeypatch.setattr(
        toctree,
        "_resolve_toctree",
        lambda env, docname, *a, **k: resolved.append(docname) or resolve(env, docname, *a, **k),
    )
    book = write_book(
        tmp_path, {"index.md": INDEX + "\nLời dẫn của sách.\n", "mot.md": ONE, "hai.md": TWO}
    )
    published = press.build(book, ["pdf", "epub"], status=None)
    # The print and ebook editions order the book from its model; Sphinx's
    # toctree in the root was copied from every chapter's contents, then thrown away.
    assert resolved == []
    print_document = (press.Layout(book).sphinx_outdir("pdf") / "print.html").read_text("utf-8")
    assert "toctree-wrapper" not in print_document
    assert "Lời dẫn của sách." in chapter_text(published["epub"], "index")  # the title page
    assert "Mục đầu tiên" in chapter_text(published["epub"], "mot")

    site = press.build(book, ["html"], status=None)["html"]
    assert "index" in resolved
    assert "toctree-wrapper" in (site / "index.html").read_text("utf-8")


def test_a_label_translated_late_or_early_is_the_same_signature() -> None:
    """A publish imports Sphinx's domains before its translations are loaded (their
    labels stay lazy); a single edition, after (their labels are text already)."""
    lazy = _TranslationProxy("sphinx", "general", "Python Module Index")
    assert _stable({"py-modindex": ("py-modindex", "", lazy)}) == _stable(
        {"py-modindex": ("py-modindex", "", str(lazy))}
    )


def test_one_edition_after_a_publish_rewrites_only_the_edited_chapter(tmp_path: Path) -> None:
    """Each run in a process of its own, as an editor runs them: the publish imports
    Sphinx's modules before forking the website's process, one edition does not."""
    book = write_book(tmp_path, {"index.md": INDEX, "mot.md": ONE, "hai.md": TWO})

    def build(*editions: str) -> None:
        code = (
            f"from book import press; press.build({str(book)!r}, {list(editions)!r}, status=None)"
        )
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=300)

    build("epub", "html")
    before = (kept(book) / "hai.json").stat().st_mtime_ns
    (book / "chapters/mot.md").write_text(ONE.replace("Đoạn văn", "Đoạn văn bản"), "utf-8")
    build("epub")
    assert (kept(book) / "hai.json").stat().st_mtime_ns == before
