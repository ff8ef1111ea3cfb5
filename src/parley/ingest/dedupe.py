"""Exact and near-duplicate detection.

Exact: an article's id is a hash of its normalised text, so the same story from two places gets the
same id. Near: a MinHash signature (datasketch) over word 3-shingles, cut into LSH bands whose bucket keys
the store indexes, so candidates are found with one indexed query in SQLite or PostgreSQL, across runs and
workers, without an in-memory index; candidates are then kept when their estimated Jaccard similarity
reaches the configured threshold.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SCHEME = "affine32"
SHINGLE = 3
MIN_WORDS = 30  # shorter texts (feed blurbs, captions) share too much by chance to be compared

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """The text as compared for identity: NFKC, case-folded, quotes and dashes unified, spaces collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()).strip()


def content_id(text: str) -> str:
    """The stable article id: 16 hex digits of SHA-256 over the normalised text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    signature: bytes  # NUM_PERM little-endian uint32 hash values
    buckets: tuple[int, ...]  # one signed 64-bit key per LSH band


@lru_cache(maxsize=8)
def lsh_layout(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """Bands and rows per band for an S-curve whose false positives and negatives around
    `threshold` weigh the same (the integrals of datasketch's MinHashLSH, by the trapezoid rule)."""

    def area(f: Callable[[float], float], a: float, b: float, steps: int = 200) -> float:
        h = (b - a) / steps
        return sum((f(a + i * h) + f(a + (i + 1) * h)) * h / 2 for i in range(steps))

    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        rows = num_perm // bands
        if rows == 0:
            continue

        def miss(s: float, b: int = bands, r: int = rows) -> float:
            return float((1 - s**r) ** b)  # chance that a pair of similarity s is never a candidate

        false_pos = area(lambda s: 1 - miss(s), 0.0, threshold)
        false_neg = area(miss, threshold, 1.0)
        error = false_pos + false_neg
        if best is None or error < best[0]:
            best = (error, bands, rows)
    assert best is not None
    return best[1], best[2]


def fingerprint(text: str, layout: tuple[int, int]) -> Fingerprint | None:
    """The MinHash signature and band keys of `text`, or None when it is too short to compare."""
    words = _WORD.findall(normalise(text))
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    # The scheme is named, not defaulted: signatures are stored, and only same-scheme ones compare.
    sketch = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    sketch.update_batch(list(shingles))
    values = sketch.hashvalues.astype("<u4")
    return Fingerprint(signature=values.tobytes(), buckets=band_keys(values, layout))


def band_keys(values: np.ndarray, layout: tuple[int, int]) -> tuple[int, ...]:
    bands, rows = layout
    keys = []
    for band in range(bands):
        digest = hashlib.blake2b(
            band.to_bytes(2, "little") + values[band * rows : (band + 1) * rows].tobytes(), digest_size=8
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


def similarity(signature_a: bytes, signature_b: bytes) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    a = np.frombuffer(signature_a, dtype="<u4")
    b = np.frombuffer(signature_b, dtype="<u4")
    return float(np.count_nonzero(a == b)) / len(a)
