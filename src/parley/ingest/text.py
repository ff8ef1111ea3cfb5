"""Plain-text reports: the headline, when the text opens with one."""

from __future__ import annotations

import re

_BULLET = re.compile(r"^\s*(?:[-*•–—]|\d+[.)])\s")
_END_PUNCT = (".", "!", "?", ":", ";", ",", "…")
MAX_LINES_SCANNED = 6


def looks_like_headline(line: str) -> bool:
    """Four to thirty words, no closing sentence punctuation, not a list item, opening with a capital."""
    stripped = line.strip().strip("\"“”'")
    words = stripped.split()
    return (
        4 <= len(words) <= 30
        and len(stripped) <= 200
        and not stripped.endswith(_END_PUNCT)
        and not _BULLET.match(line)
        and stripped[:1].isupper()
    )


def find_headline(text: str) -> str | None:
    """The headline of a plain-text report: the first of its opening lines that looks like one.

    Reports pasted from the web often open with a lede or a dateline before the headline (the seed
    report opens with its lede), so a few lines are scanned, not only the first.
    """
    for line in [ln for ln in text.splitlines() if ln.strip()][:MAX_LINES_SCANNED]:
        if looks_like_headline(line):
            return line.strip()
    return None
