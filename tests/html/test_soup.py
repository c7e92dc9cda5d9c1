"""BeautifulSoup without soupsieve until a CSS selector is used."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    """In a fresh interpreter: what is imported depends on what was imported before."""
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_soupsieve_is_imported_only_when_a_selector_is_used() -> None:
    out = _run(
        """
        import sys
        from book.html.soup import import_beautifulsoup
        import_beautifulsoup()
        import furo  # what the website imports: Furo, with BeautifulSoup
        from bs4 import BeautifulSoup
        soup = BeautifulSoup('<ul><li class="a">một</li><li>hai</li></ul>', "html.parser")
        print("soupsieve" in sys.modules, [li.text for li in soup.find_all("li")])
        print([li.text for li in soup.select("li.a")], soup.css.escape("1a"))
        print("soupsieve" in sys.modules)
        """
    )
    assert out.splitlines() == ["False ['một', 'hai']", "['một'] \\31 a", "True"]


def test_soupsieve_itself_still_imports_and_nothing_changes_after_bs4() -> None:
    out = _run(
        """
        import sys
        import bs4
        from book.html.soup import import_beautifulsoup
        import_beautifulsoup()  # too late to defer anything: leaves bs4 as it is
        import soupsieve
        print(bs4.css.soupsieve is soupsieve, sys.modules["soupsieve"] is soupsieve)
        """
    )
    assert out.split() == ["True", "True"]
