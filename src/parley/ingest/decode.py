"""Bytes to text without ever crashing: byte-order marks, then strict UTF-8, then detection."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces, and the mark's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode `data`, returning (text, encoding used). A byte-order mark is not part of the text."""
    announced = bom_encoding(data)
    if announced:
        encoding, skip = announced
        return data[skip:].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace"), best.encoding
        except LookupError:
            pass
    # cp1252 maps almost every byte; the rest become U+FFFD rather than an exception
    return data.decode("cp1252", errors="replace"), "cp1252"
