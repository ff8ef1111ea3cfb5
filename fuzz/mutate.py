"""Random mutations of real documents for the fuzz run: what a broken server, a bad converter or a
hostile page does to text and bytes. Seeded: the same generator gives the same mutations."""

from __future__ import annotations

import random

from fuzz.strategies import FEED_PIECES, MARKUP, QUOTE_PIECES

_MAX_CHARS = 200_000  # repeated ranges are capped: the run measures robustness, not patience


def _random_char(rng: random.Random) -> str:
    while True:
        code = rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x80, 0x3000), rng.randrange(0x110000)])
        if not 0xD800 <= code <= 0xDFFF:  # no reader gives the extractor a lone surrogate
            return chr(code)


def _span(rng: random.Random, length: int) -> tuple[int, int]:
    start = rng.randrange(length + 1)
    return start, min(length, start + rng.choice([1, 2, 8, 64, 512, 4096]))


def mutate_text(text: str, rng: random.Random, others: list[str], rounds: int = 0) -> str:
    """`text` with 1 to 8 edits: ranges deleted, repeated or moved, pieces inserted (quotation marks,
    speech verbs, names, markup, any character), another text spliced in, cut short."""
    for _ in range(rounds or rng.randint(1, 8)):
        start, end = _span(rng, len(text))
        op = rng.randrange(9)
        if op == 0:
            text = text[:start] + text[end:]
        elif op == 1:
            text = text[:end] + text[start:end] * rng.choice([2, 3, 50]) + text[end:]
        elif op == 2:
            text = text[:start] + rng.choice(QUOTE_PIECES) + text[start:]
        elif op == 3:
            text = text[:start] + "".join(_random_char(rng) for _ in range(rng.randint(1, 20))) + text[start:]
        elif op == 4:
            other = rng.choice(others)
            o_start, o_end = _span(rng, len(other))
            text = text[:start] + other[o_start:o_end] + text[end:]
        elif op == 5:
            text = text[:start]
        elif op == 6:
            text = (
                text[:start]
                + rng.choice(["\n", "\n\n", "\r\n", "\t", "\u2028", "\x0c", " " * 50])
                + text[start:]
            )
        elif op == 7:  # quotation marks swapped for others
            marks = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"
            text = "".join(rng.choice(marks) if ch in marks and rng.random() < 0.3 else ch for ch in text)
        else:
            text = text[:start] + text[start:end].upper() + text[end:]
    return text[:_MAX_CHARS]


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """`data` with 1 to 8 edits: bits flipped, bytes inserted (NUL, 0xFF, markup, feed tags), ranges
    deleted or repeated, the whole re-encoded, cut short."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        start, end = _span(rng, len(buffer))
        op = rng.randrange(8)
        if op == 0 and buffer:
            for _ in range(rng.randint(1, 16)):
                buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)
        elif op == 1:
            buffer[start:start] = rng.choice(
                [b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", bytes([rng.randrange(256)])]
            )
        elif op == 2:
            del buffer[start:end]
        elif op == 3:
            buffer[end:end] = bytes(buffer[start:end]) * rng.choice([2, 3, 50])
        elif op == 4:
            buffer[start:start] = rng.choice(MARKUP + FEED_PIECES).encode("utf-8")
        elif op == 5:
            del buffer[start:]
        elif op == 6:  # re-encoded: UTF-8 read as cp1252 and written as UTF-16, and the like
            text = bytes(buffer).decode(rng.choice(["utf-8", "cp1252", "latin-1"]), "replace")
            buffer = bytearray(text.encode(rng.choice(["utf-16", "utf-8", "cp1252"]), "replace"))
        else:
            buffer[start:start] = ("<div>" * rng.choice([10, 300, 3000])).encode()
    return bytes(buffer[: _MAX_CHARS * 4])
