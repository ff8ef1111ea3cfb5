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


# Text compresses 3 to 10 times, gzip at most about 1,000 times. A stream of records (read line by line,
# each line capped, with no cap on the whole) that expands more than this past a first megabyte is a gzip
# bomb: a few megabytes of "\n" or "{}\n" that would take hours to read line by line.
MAX_GZIP_RATIO = 100
_RATIO_FLOOR = 1 << 20


class _BombGuard(gzip.GzipFile):
    """A GzipFile that fails with SourceError once it has given out more than MAX_GZIP_RATIO times the
    compressed bytes it has read (and more than a megabyte, or `cap` when smaller)."""

    def __init__(self, raw: BinaryIO, label: str, cap: int) -> None:
        super().__init__(fileobj=raw, mode="rb")
        self._raw = raw
        self._label = label
        self._floor = min(cap, _RATIO_FLOOR)

    def _check(self) -> None:
        given = self.tell()
        if given > self._floor and given > MAX_GZIP_RATIO * max(self._raw.tell(), 1):
            raise SourceError(
                self._label,
                f"gzip data expanding more than {MAX_GZIP_RATIO} times (a gzip bomb?): refused after "
                f"{given:,} bytes from {self._raw.tell():,}",
            )

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self._check()
        return data

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self._check()
        return line


def open_maybe_gzip(raw: BinaryIO, label: str = "", cap: int = _RATIO_FLOOR) -> BinaryIO:
    """A stream over the decompressed bytes when `raw` is gzip (guarded against bombs), else `raw`."""
    peek = raw.read(2)
    raw.seek(0)
    if peek == b"\x1f\x8b":
        return _BombGuard(raw, label, cap)  # type: ignore[return-value]
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
