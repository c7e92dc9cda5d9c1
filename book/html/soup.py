"""BeautifulSoup imported without its CSS selectors until one is used.

Furo imports BeautifulSoup (for its navigation tree), and BeautifulSoup imports
soupsieve at once, which compiles the regular expressions of its CSS grammar:
about a tenth of a second in every build, the largest single import of the
website's rebuild after one edit. Neither Furo nor the press selects with CSS.
BeautifulSoup treats soupsieve as optional, so it is imported while soupsieve
cannot be, then handed a stand-in that imports soupsieve on first use: a
selector still works, it only pays for the grammar when it is first called.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from typing import Any

_SELECTORS = "soupsieve"


class _ImportedOnFirstUse:
    """Stands for a module; the first attribute asked for imports it."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


def import_beautifulsoup() -> None:
    """Import BeautifulSoup, deferring soupsieve; nothing if either is imported already."""
    if "bs4" in sys.modules or _SELECTORS in sys.modules:
        return
    sys.modules[_SELECTORS] = None  # type: ignore[assignment]  # `import` raises ImportError
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "soupsieve is not installed"
            import bs4.css
    except ImportError:
        return  # no BeautifulSoup: nothing to defer
    finally:
        if sys.modules.get(_SELECTORS, False) is None:
            del sys.modules[_SELECTORS]
    if bs4.css.soupsieve is None:
        bs4.css.soupsieve = _ImportedOnFirstUse(_SELECTORS)
