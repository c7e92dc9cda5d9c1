"""The print edition sees the book's fonts and nothing else.

WeasyPrint finds an ``@font-face`` font through fontconfig, next to every font
installed on the machine, and its PDF keys each font by Pango's description
(family, weight, style). A machine with a system font of the same family as one
of the book's (Debian's fonts-noto-core carries Noto Serif) then had Pango
shape some runs with one file while the PDF embedded the other: figure text and
bold runs came out as other glyphs. So the layout workers read a fontconfig
configuration of the press's own: no font directory at all, the book's faces
under private family names (:func:`book.fonts.private_family`), and the generic
families (and any family nothing provides, such as "Arial" in a drawing tool's
SVG) resolved to the book's own faces. The PDF is then the same on every
machine, whatever fonts it has.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from book.fonts import private_family

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

FONTS_CONF = "fonts.conf"  # beside the print stylesheet

# Generic CSS families -> the role whose face stands for them.
_GENERIC = {"serif": "body", "sans-serif": "heading", "sans": "heading", "monospace": "mono"}


def configuration_xml(families: Mapping[str, str]) -> str:
    """A fontconfig configuration with no fonts of the machine; ``families``: role -> family."""
    private = {role: escape(private_family(family)) for role, family in families.items()}
    aliases = "".join(
        f'  <alias binding="same"><family>{generic}</family>'
        f"<prefer><family>{private[role]}</family></prefer></alias>\n"
        for generic, role in _GENERIC.items()
    )
    # Whatever a pattern names, the body face comes last: a family that nothing
    # provides ends there rather than at whichever face fontconfig sorts first.
    last_resort = (
        '  <match target="pattern"><edit name="family" mode="append_last">'
        f"<string>{private['body']}</string></edit></match>\n"
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<!-- Written by the press: the print edition sees only the book's fonts. -->\n"
        f"<fontconfig>\n{aliases}{last_resort}</fontconfig>\n"
    )


def book_font_configuration(config_file: Path) -> FontConfiguration:
    """A WeasyPrint font configuration reading ``config_file`` instead of the machine's.

    fontconfig reads ``FONTCONFIG_FILE`` when the configuration is made, so
    the variable is set for that moment only; the fonts come from the
    stylesheet's ``@font-face`` rules afterwards.
    """
    from weasyprint.text.fonts import FontConfiguration  # in the layout workers only

    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(config_file.resolve())  # fontconfig: relative to /etc/fonts
    try:
        return FontConfiguration()
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous
