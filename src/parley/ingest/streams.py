"""Bounded reading: whole documents up to a cap, gzip without bombs, JSON lines of any length."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from parley.errors import SourceError

_CHUNK = 1 << 16


def read_capped(stream: BinaryIO, cap: int, label: str) -> bytes:
    """Read the whole stream, failing as soon as it passes `cap` bytes (never holding more than that)."""
    parts: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > cap:
            raise SourceError(label, f"larger than the {cap:,}-byte limit (max_document_bytes)")
        parts.append(chunk)
    return b"".join(parts)


def gunzip_capped(data: bytes, cap: int, label: str) -> bytes:
    """Decompress gzip data, stopping at `cap` output bytes so a gzip bomb cannot fill memory."""
    inflater = zlib.decompressobj(wbits=47)  # 32 + 15: gzip or zlib header, detected
    out: list[bytes] = []
    size = 0
    pending = data
    try:
        while pending:
            chunk = inflater.decompress(pending, cap + 1 - size)
            size += len(chunk)
            out.append(chunk)
            if size > cap:
                raise SourceError(
                    label, f"decompresses to more than the {cap:,}-byte limit (max_document_bytes)"
                )
            pending = inflater.unconsumed_tail
            if inflater.eof:
                if inflater.unused_data.startswith(b"\x1f\x8b"):  # concatenated gzip members
                    pending = inflater.unused_data
                    inflater = zlib.decompressobj(wbits=47)
                else:
                    break
    except zlib.error as exc:
        raise SourceError(label, f"corrupt gzip data ({exc})") from None
    return b"".join(out)


def open_maybe_gzip(raw: BinaryIO) -> BinaryIO:
    """A stream over the decompressed bytes when `raw` is gzip, else `raw` itself."""
    peek = raw.read(2)
    raw.seek(0)
    if peek == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def iter_lines(stream: BinaryIO, cap: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, line) with the newline removed; a line longer than `cap` yields None,
    and is skipped without being held in memory."""
    reader = stream  # files opened "rb" and GzipFile both read lines with a size limit
    number = 0
    while True:
        line = reader.readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while True:  # drain the rest of the over-long line
                rest = reader.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line.rstrip(b"\r\n")
