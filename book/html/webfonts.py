"""The book's typefaces on the website, small enough for a phone on a slow connection.

The print edition and the ebook set the text in the book's fonts (Noto Serif
for the text, Be Vietnam Pro for headings by default; ``book_fonts`` in
``conf.py``); the website does too, with each face cut down to the characters
the site actually uses (``book.fonts.subset_faces``) and compressed as WOFF2:
about 12 kB a face. Text shows at once in the system font and swaps when the
font arrives (``font-display: swap``), so a slow connection never waits for
it. ``book_web_fonts = False`` in ``conf.py`` keeps the system fonts.
"""

from __future__ import annotations

import html
import json
import shutil
from dataclasses import replace
from pathlib import Path

from sphinx.application import Sphinx

from book import fonts
from book.html import downloads
from book.html.website import is_website

STYLESHEET = "book-fonts.css"
FONTS_DIR = "fonts"  # inside _static
# (role, weight, style): the text in four faces, headings in one.
WEB_FACES = (
    ("body", 400, "normal"),
    ("body", 700, "normal"),
    ("body", 400, "italic"),
    ("body", 700, "italic"),
    ("heading", 700, "normal"),
)
FALLBACK = {"body": "Georgia, 'Times New Roman', serif", "heading": "system-ui, sans-serif"}


def web_faces(families: dict[str, str]) -> dict[str, list[fonts.Face]]:
    """The faces the website uses, by role."""
    chosen = fonts.chosen_families(families)
    available = fonts.faces(families)
    result: dict[str, list[fonts.Face]] = {}
    for role, weight, style in WEB_FACES:
        for face in available:
            if (face.family, face.weight, face.style) == (chosen[role], weight, style):
                result.setdefault(role, []).append(face)
                break
    return result


def site_characters(site: Path, kept: Path | None = None) -> set[str]:
    """Every character a page of the site can show: its pages and the search messages.

    ``kept``: a file where each page's characters are kept by its size and time,
    so that after an edit only the pages written again are read (the whole site
    was a tenth of a website's rebuild).
    """
    files = [*site.rglob("*.html"), site / "_static" / "translations.js"]
    known = _kept_characters(kept)
    counted: dict[str, list[str]] = {}
    characters: set[str] = set()
    for path in filter(Path.is_file, files):
        stat = path.stat()
        stamp = f"{stat.st_mtime_ns}:{stat.st_size}"
        name = path.relative_to(site).as_posix()
        entry = known.get(name)
        if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == stamp):
            # Unescaped, so that "&#169;" counts as "©". Page by page: the whole
            # site as one string (5.5 MB at 120 chapters) was the build's peak of memory.
            text = html.unescape(path.read_text(encoding="utf-8"))
            entry = [stamp, "".join(sorted(set(text)))]
        counted[name] = entry
        characters.update(entry[1])
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps(counted, ensure_ascii=False), encoding="utf-8")
    return characters


def _kept_characters(kept: Path | None) -> dict[str, list[str]]:
    try:
        data = json.loads(kept.read_text(encoding="utf-8")) if kept else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def stylesheet(by_role: dict[str, list[fonts.Face]], static: bool = False) -> str:
    """@font-face rules for the subsets, and Furo's font variables pointing at them.

    ``static``: the faces will be served as static subsets, whatever they are now.
    """
    faces = [face for role_faces in by_role.values() for face in role_faces]
    if static:
        faces = [replace(face, path=Path(face.file_name)) for face in faces]
    rules = fonts.font_face_css(faces, lambda face: f"{FONTS_DIR}/{_woff2_name(face)}")
    # Show the text at once in the fallback font; swap when the web font arrives.
    rules = rules.replace("\n}", "\n  font-display: swap;\n}")
    body = f"'{by_role['body'][0].family}', {FALLBACK['body']}"
    heading = f"'{by_role['heading'][0].family}', {FALLBACK['heading']}"
    return (
        rules + f"html body {{\n  --font-stack: {body};\n  --font-stack--headings: {heading};\n}}\n"
    )


def _woff2_name(face: fonts.Face) -> str:
    return Path(face.file_name).with_suffix(".woff2").name


def write_web_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Subset the faces to the built site's characters; write them and their stylesheet."""
    if exception is not None or not is_website(app) or not app.config.book_web_fonts:
        return
    static = Path(app.outdir, "_static")
    # Subsets are kept beside the doctrees: rebuilt only when the characters change.
    cache = Path(app.doctreedir).parent / "webfonts"
    by_role = web_faces(app.config.book_fonts or {})
    # Each role's subsets need only the characters, counted once for both roles.
    # The downloads page is written again after this, the editions published (book.press).
    characters = site_characters(Path(app.outdir), cache / "site-characters.json")
    text = "".join(characters | set(downloads.page_text()))
    subsets = {role: fonts.subset_faces(faces, text, cache) for role, faces in by_role.items()}
    target = static / FONTS_DIR
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for face in (face for faces in subsets.values() for face in faces):
        shutil.copyfile(_compressed(face), target / _woff2_name(face))
    (static / STYLESHEET).write_text(stylesheet(subsets), encoding="utf-8")


def _compressed(subset: fonts.Face) -> Path:
    """The WOFF2 of a subset, made again only when the subset has changed.

    It keeps the subset's own date (its face's): fontTools would stamp it with
    the time of the build, or SOURCE_DATE_EPOCH, and a file kept from a build
    made at another time would then differ from a clean build's. (Named apart
    from the files stamped so, which are not taken for it.)
    """
    woff2 = subset.path.with_name(f"{subset.path.stem}.face-date.woff2")
    if not woff2.exists() or woff2.stat().st_mtime < subset.path.stat().st_mtime:
        from fontTools.ttLib import TTFont  # imported by a build whose characters changed

        font = TTFont(str(subset.path), recalcTimestamp=False)
        font.flavor = "woff2"
        font.save(str(woff2))
    return woff2


def link_stylesheet(app: Sphinx) -> None:
    """Link the fonts' stylesheet, and write it before the pages are.

    Its rules name the faces, not their subsets, so it can be written now: the
    pages then carry Sphinx's checksum of it (``?v=``) in a first build as in
    the next, and a rebuild gives the same site as a clean build.
    """
    if is_website(app) and app.config.book_web_fonts:
        app.add_css_file(STYLESHEET)
        static = Path(app.outdir, "_static")
        static.mkdir(parents=True, exist_ok=True)
        (static / STYLESHEET).write_text(
            stylesheet(web_faces(app.config.book_fonts or {}), static=True), encoding="utf-8"
        )


def setup(app: Sphinx) -> None:
    app.add_config_value("book_web_fonts", True, "html", types=frozenset({bool}))
    app.connect("builder-inited", link_stylesheet)
    app.connect("build-finished", write_web_fonts)
