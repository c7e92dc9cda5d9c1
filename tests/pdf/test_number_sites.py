"""Where a chunk's PDF prints its page numbers: found, and found only when reprintable."""

from __future__ import annotations

import pytest

from book.fonts import faces
from book.pdf.native_libraries import import_weasyprint

PAGE = """<!DOCTYPE html><html lang="vi"><head><style>
@font-face {{ font-family: Face; src: url({font}); }}
@page {{ size: A6; @bottom-center {{ content: counter(page);
  font-family: Face; font-variant-numeric: {figures}; }} }}
body {{ font-family: Face; }}
</style></head><body><p>Trang một.</p><p style="break-before: page">Trang hai.</p></body></html>
"""


@pytest.fixture(scope="module")
def weasyprint():
    import_weasyprint()  # its native libraries found first
    import weasyprint

    return weasyprint


def _recorded(weasyprint, figures: str, family: str):
    from weasyprint.text.fonts import FontConfiguration

    from book.pdf.number_sites import recorded

    font = next(face.path for face in faces() if face.family == family and face.weight == 400)
    html = weasyprint.HTML(string=PAGE.format(figures=figures, font=font.as_uri()))
    document = html.render(font_config=FontConfiguration())  # for @font-face
    with recorded(document) as sites:
        document.write_pdf(full_fonts=True)
    return sites


def test_folios_in_tabular_figures_are_found(weasyprint) -> None:
    sites = _recorded(weasyprint, "tabular-nums", "Noto Serif")
    assert [(site.kind, site.text) for site in sites.sites] == [("folio", "1"), ("folio", "2")]
    assert all(site.offset >= 0 for site in sites.sites)
    assert sites.complete and len(next(iter(sites.digits.values()))) == 10


def test_proportional_figures_are_never_reprinted(weasyprint) -> None:
    """Other digits would take other room: the chunk must be laid out again."""
    sites = _recorded(weasyprint, "tabular-nums", "Be Vietnam Pro")  # it has none
    assert sites.digits == {}
    assert all(site.offset == -1 for site in sites.sites)
