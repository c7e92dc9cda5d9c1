"""Searching the website in Vietnamese, with or without diacritics.

Sphinx has no Vietnamese search: it falls back to English, drops syllables such
as "do", "a", "to" as stop words, stems them as English and splits decomposed
text at its combining marks. Readers on a phone type without diacritics
("nghi quyet"), so both sides of the search fold: the index stores every word
without diacritics and with đ→d, and the browser folds the query the same way
before looking it up. "nghi quyet", "Nghị quyết" and "NGHỊ QUYẾT" meet in
"nghi quyet".
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage, js_index

_COMBINING_MARKS = re.compile("[\u0300-\u036f]")


def fold(word: str) -> str:
    """``word`` lower-cased, without diacritics, đ→d: "Nghị" → "nghi", "Đảng" → "dang"."""
    decomposed = unicodedata.normalize("NFD", word)
    stripped = _COMBINING_MARKS.sub("", decomposed).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", stripped).lower()


# The browser's side of fold() (searchtools.js calls Stemmer.stemWord on every
# query word), and search summaries that find the folded words in the page.
_JS_STEMMER = (Path(__file__).parent / "search_vi.js").read_text(encoding="utf-8")

# Sphinx's default splitter cuts at combining marks (they are not letters), so
# a query typed in decomposed form would fall apart; compose first and keep marks.
_JS_SPLITTER = r"""
function splitQuery(query) {
  return query
    .normalize("NFC")
    .split(/[^\p{Letter}\p{Mark}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((term) => term);
}
"""


class SearchVietnamese(SearchLanguage):
    """Whole syllables, no stop words, no stemming, folded to plain Latin letters."""

    lang = "vi"
    language_name = "Vietnamese"
    stopwords = frozenset()
    js_stemmer_code = _JS_STEMMER
    js_splitter_code = _JS_SPLITTER

    _word_re = re.compile(r"\w+")

    def split(self, input: str) -> list[str]:
        return self._word_re.findall(unicodedata.normalize("NFC", input))

    def stem(self, word: str) -> str:
        return fold(word)


def mend_rebuilt_index(app: Sphinx) -> list:
    """(``html-collect-pages``) The search index of a rebuild, as a clean build makes it.

    On a rebuild, Sphinx's index builder reads the last ``searchindex.js``
    back for the pages it does not write again, all but its index entries
    (sphinx-doc/sphinx#12599): after any edit, the glossary's terms left the
    website's search until the next cold build. They are read back here from
    the same file, still the last build's (the new one is written after the
    pages are collected). Its keys are lower-cased, as Sphinx writes them
    again; the entries are put in page order, as a cold build feeds them.
    Words no page has any more (an edit took them out) are dropped: Sphinx
    kept them, each with an empty list of pages.
    """
    builder = app.builder
    indexer = getattr(builder, "indexer", None)
    if indexer is None or builder.indexer_format is not js_index:
        return []
    for words in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, pages in words.items() if not pages]:
            del words[word]
    try:
        with open(builder.outdir / builder.searchindex_filename, encoding="utf-8") as last:
            frozen = js_index.load(last)
        docnames = frozen["docnames"]
        kept_entries = frozen["indexentries"].items()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []  # no last index (a cold build), or not one Sphinx wrote
    fed = indexer._index_entries  # the pages written now, fed to the indexer
    restored: dict[str, set[tuple[str, str, str]]] = {}
    for entry, places in kept_entries:
        for place in places if isinstance(places, list) else ():
            try:
                index, target, main = place
                docname = docnames[index]
            except (ValueError, TypeError, IndexError):
                continue
            if docname not in fed and docname in indexer._titles:
                restored.setdefault(docname, set()).add((entry, target, "main" if main else ""))
    if restored:
        merged = {**fed, **{docname: sorted(entries) for docname, entries in restored.items()}}
        indexer._index_entries = {docname: merged[docname] for docname in sorted(merged)}
    return []
