"""Vietnamese alphabetical order, as dictionaries and indexes use it.

ICU's CLDR ``vi`` collation gives the letters and tones their order
(a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư; no tone < huyền < hỏi < ngã <
sắc < nặng). Vietnamese lists sort syllable by syllable, so that entries
group under their first word: every syllable is compared in full, tone
included, before the next one is looked at. Comparing whole strings instead
would let a later syllable outrank an earlier tone ("bà nội" before "ba ơi").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

import icu

T = TypeVar("T")
# Syllables are separated by spaces, and in abbreviations by hyphens or slashes.
_SEPARATORS = re.compile(r"[\s\-–/,]+")


@cache
def _collator(strength: int) -> icu.Collator:
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    collator.setStrength(strength)
    return collator


def sort_key(text: str) -> tuple[tuple[bytes, ...], bytes]:
    """Key that orders ``text`` among other Vietnamese text, syllable by syllable.

    Letters and tones decide syllable by syllable; letter case only breaks
    ties between otherwise equal entries ("ba", "Ba", "ba ơi").
    """
    letters_and_tones = _collator(icu.Collator.SECONDARY)
    syllables = tuple(
        letters_and_tones.getSortKey(syllable) for syllable in _SEPARATORS.split(text) if syllable
    )
    return syllables, _collator(icu.Collator.TERTIARY).getSortKey(text)


def sorted_vietnamese(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """``items`` in Vietnamese order of ``key(item)``; equal keys keep their order."""
    return sorted(items, key=lambda item: sort_key(key(item)))
