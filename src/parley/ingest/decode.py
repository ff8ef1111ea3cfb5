"""Bytes to text without ever crashing: byte-order marks, then strict UTF-8, then detection."""

from __future__ import annotations

import codecs
import unicodedata
from functools import cache

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


# Single-byte code pages are told apart by how plausible the text they give is, because a statistical
# detector guesses poorly on a few hundred bytes (it reads short German cp1252 as cp1250, English with
# curly quotes as mac_iceland). The candidates are the code pages news has been published in, best first;
# the detector is trusted only for multi-byte encodings (Shift JIS, GB18030, EUC-KR, Big5).
_CANDIDATES = (
    "cp1252",
    "cp1251",
    "cp1250",
    "iso8859_15",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1256",
    "cp1255",
    "iso8859_2",
)


def _plausibility(text: str) -> int:
    """+1 for each non-ASCII character that reads as a letter in context, -1 for each that does not: a
    Latin accented letter stands beside ASCII letters ("Genève"), a letter of another script beside its
    own kind; a capital right after a small letter inside a word does not (KOI8-R read as cp1251 does
    that), and a lone letter of another script ("€" read as cp1251 "Ђ") counts nothing."""
    score = 0
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if not ch.isalpha():
            # quotes, dashes, spaces and currency are ordinary; a stray symbol glued to a word is not
            ordinary = unicodedata.category(ch)[0] in "PZ" or unicodedata.category(ch) == "Sc"
            score -= 0 if ordinary or not (before.isalpha() or after.isalpha()) else 1
        elif before.isalpha() and before.islower() and ch.isupper():
            score -= 1
        elif unicodedata.name(ch, "").startswith("LATIN"):
            score += 1 if _ascii_letter(before) or _ascii_letter(after) else -1
        elif (before.isalpha() and not before.isascii()) or (after.isalpha() and not after.isascii()):
            score += 1  # a letter of another script among its own kind ("Переговоры")
    return score


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _detect(data: bytes, mixed: bool = False) -> str | None:
    """The encoding of `data`, or with `mixed`, "utf-8+cp1252" when it is UTF-8 with stray code-page bytes
    and the detector has not found a legacy multi-byte encoding (whose bytes make UTF-8 by chance)."""
    guess = from_bytes(data).best()
    guessed = guess.encoding if guess is not None else None
    if guessed and _is_multibyte(guessed) and codecs.lookup(guessed).name not in _UNICODE:
        return str(guessed)
    if mixed:
        return MIXED
    if guessed and _is_multibyte(guessed):
        return str(guessed)
    sample = data[:20_000]
    scored: list[tuple[int, int, str]] = []
    for rank, encoding in enumerate(_CANDIDATES):
        try:
            text = sample.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue  # bytes this code page leaves undefined: not it
        scored.append((_plausibility(text), -rank, encoding))
    return max(scored)[2] if scored else None


_MULTIBYTE = {
    codecs.lookup(name).name
    for name in (
        "cp932",
        "cp949",
        "cp950",
        "shift_jis",
        "shift_jis_2004",
        "shift_jisx0213",
        "euc_jp",
        "euc_jis_2004",
        "euc_jisx0213",
        "iso2022_jp",
        "gb2312",
        "gbk",
        "gb18030",
        "hz",
        "big5",
        "big5hkscs",
        "euc_kr",
        "johab",
        "iso2022_kr",
        "utf_8",
        "utf_16",
        "utf_32",
    )
}


def _is_multibyte(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name in _MULTIBYTE
    except LookupError:
        return False


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
    detected = _detect(data[:200_000], mixed=_looks_mixed(data))
    if detected == MIXED:
        return data.decode("utf-8", errors=_mixed_handler()), MIXED
    if detected:
        try:
            return data.decode(detected, errors="replace"), detected
        except LookupError:
            pass
    # cp1252 maps almost every byte; the rest become U+FFFD rather than an exception
    return data.decode("cp1252", errors="replace"), "cp1252"


MIXED = "utf-8+cp1252"
_UNICODE = {codecs.lookup(name).name for name in ("utf_8", "utf_16", "utf_32")}


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a byte that is not UTF-8 read as cp1252 (as latin-1 where cp1252 has none)."""
    assert isinstance(error, UnicodeDecodeError)
    byte = error.object[error.start : error.start + 1]
    try:
        return byte.decode("cp1252"), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


@cache
def _mixed_handler() -> str:
    """The name of the error handler, registered on first use (not as a side effect of importing)."""
    codecs.register_error("parley-cp1252", _cp1252_bytes)
    return "parley-cp1252"


def _looks_mixed(data: bytes) -> bool:
    """Whether `data` is UTF-8 text with some bytes of a single-byte code page in it (a cp1252 quotation
    pasted into a UTF-8 page, files concatenated), to be read as UTF-8 with each stray byte as cp1252:
    detection would read the whole text in one code page and garble every UTF-8 letter. Taken for mixed
    when there are at least two valid UTF-8 letters and a quarter as many as stray bytes: text wholly in
    a code page makes valid UTF-8 sequences only by chance ("Ã" before "©"), a few among many letters."""
    replaced = data.decode("utf-8", errors="replace")
    stray = replaced.count("\ufffd")
    valid = sum(1 for ch in replaced if ord(ch) > 127) - stray
    return valid >= 2 and 4 * valid >= stray
