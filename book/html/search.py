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

from sphinx.search import SearchLanguage

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
