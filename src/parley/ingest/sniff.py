"""Tell what a file or response holds from its first bytes, not from its name."""

from __future__ import annotations

import json
import re
from enum import StrEnum

from parley.ingest.decode import bom_encoding

HEAD_BYTES = 65_536

_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "a SQLite database",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
}
_URL_LINE = re.compile(r"https?://\S+\Z", re.I)
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)[\s>]", re.I)
_HTML_ROOT = re.compile(r"<(!doctype html|html|head|body|article|div|p|meta|title)[\s>/]", re.I)


class Kind(StrEnum):
    GZIP = "gzip"
    HTML = "html"
    FEED = "feed"
    JSON = "json"
    JSONL = "jsonl"
    URL_LIST = "url-list"
    TEXT = "text"
    BINARY = "binary"


def binary_kind(head: bytes) -> str | None:
    """Describe `head` when it is plainly not text: a known file signature, NUL bytes, control bytes."""
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return what
    if bom_encoding(head):
        return None  # UTF-16/32 text has NUL bytes by design
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    sample = head[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls / len(sample) > 0.05:
        return "binary data (control bytes)"
    return None


def _head_text(head: bytes) -> str:
    announced = bom_encoding(head)
    if announced:
        encoding, skip = announced
        return head[skip:].decode(encoding, errors="replace")
    return head.decode("utf-8", errors="replace")


def sniff(head: bytes) -> Kind:
    """Classify a document from its first bytes."""
    if head.startswith(b"\x1f\x8b"):
        return Kind.GZIP
    if binary_kind(head):
        return Kind.BINARY
    text = _head_text(head).lstrip()
    if text.startswith("<"):
        lowered = text[:4096]
        feed = _FEED_ROOT.search(lowered)
        html = _HTML_ROOT.search(lowered)
        if feed and (not html or feed.start() < html.start()):
            return Kind.FEED
        return Kind.HTML
    if text.startswith("["):
        return Kind.JSON
    if text.startswith("{"):
        first, newline, _ = text.partition("\n")
        if not newline:
            return Kind.JSONL  # one line, or the head ended inside a long first record
        try:
            return Kind.JSONL if isinstance(json.loads(first), dict) else Kind.JSON
        except ValueError:
            # a broken first record of a JSON-lines file still ends its line with "}";
            # a pretty-printed JSON document opens with "{" or '{"key": [' instead
            return Kind.JSONL if first.rstrip().endswith("}") else Kind.JSON
    lines = [ln.strip() for ln in text.splitlines()[:200]]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if lines and all(_URL_LINE.match(ln) for ln in lines):
        return Kind.URL_LIST
    return Kind.TEXT
