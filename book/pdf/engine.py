"""What lays out a chunk besides the book: the press's print code and the libraries under it.

A kept chunk is reused only while all of this is unchanged, so an upgrade of
WeasyPrint or Pango, or an edit of the press's own layout code, lays the book
out again instead of merging pages another engine made. Read without importing
WeasyPrint (the build's process never does): Python packages from their
metadata, native libraries through their own version functions.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import importlib.metadata
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent

# Python packages whose code runs while a chunk is laid out or written.
PACKAGES = ("weasyprint", "pydyf", "pikepdf", "tinycss2", "cssselect2", "fonttools", "pillow")

# Native library -> (Linux soname, the function answering its version, what it returns).
NATIVE = {
    "pango": ("pango-1.0", "libpango-1.0.so.0", "pango_version_string", ctypes.c_char_p),
    "harfbuzz": ("harfbuzz", "libharfbuzz.so.0", "hb_version_string", ctypes.c_char_p),
    "fontconfig": ("fontconfig", "libfontconfig.so.1", "FcGetVersion", ctypes.c_int),
}


def package_versions() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in PACKAGES}


def native_version(library: str) -> str:
    """The version a native library reports of itself; "" when it cannot be loaded."""
    name, soname, function, restype = NATIVE[library]
    for candidate in (soname, ctypes.util.find_library(name)):
        if not candidate:
            continue
        try:
            answer = getattr(ctypes.CDLL(candidate), function)
        except (OSError, AttributeError):
            continue
        answer.restype = restype
        value = answer()
        return value.decode() if isinstance(value, bytes) else str(value)
    return ""


def native_versions() -> dict[str, str]:
    return {library: native_version(library) for library in NATIVE}


def press_code_digest() -> str:
    """The print edition's own code: every module of book/pdf and the stylesheet it starts from."""
    digest = hashlib.sha256()
    for path in sorted([*HERE.glob("*.py"), *HERE.glob("*.css")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@cache
def fingerprint() -> str:
    """One string that changes whenever anything above does."""
    parts = [
        *(f"{name}={version}" for name, version in package_versions().items()),
        *(f"{name}={version}" for name, version in native_versions().items()),
        f"press={press_code_digest()}",
    ]
    return "\n".join(parts)
