"""The names of the ebook's chapter files: safe for every reading system.

Editors name chapter files as they like ("chương một.md"). Inside an EPUB a
file name with a space or a letter outside ASCII makes an invalid URL
(EPUBCheck RSC-020) and an interoperability warning (PKG-010). A chapter
whose name is safe keeps it (names, links and kept documents stay as they
were); any other is given its name without diacritics, made unique.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from book.metadata import vietnamese_slug

SUFFIX = ".xhtml"
_SAFE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")


def document_names(docnames: Iterable[str]) -> dict[str, str]:
    """Each document's file name in the package, unique, the same for the same book."""
    docnames = set(docnames)
    names = {docname: docname + SUFFIX for docname in docnames if _SAFE.match(docname)}
    taken = set(names.values())
    for docname in sorted(docnames - set(names)):
        stem = "/".join(vietnamese_slug(part) or "chuong" for part in docname.split("/"))
        candidate, number = stem + SUFFIX, 1
        while candidate in taken:
            number += 1
            candidate = f"{stem}-{number}{SUFFIX}"
        names[docname] = candidate
        taken.add(candidate)
    return names
