"""What readers hand to the article builder: one document as found, before cleaning and dating."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from parley.models import SourceRef

if TYPE_CHECKING:
    from parley.ingest.readers import FetchValidators


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as a reader found it. Exactly one of `text` and `html` is set."""

    label: str  # how messages name it: a path, path:line, or URL
    source: SourceRef
    text: str | None = None
    html: bytes | str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None  # a date the container declared (record field, feed entry)
    date_method: str = "metadata"
    url: str | None = None
    site: str | None = None
    encoding: str | None = None
    title_from_first_line: bool = False  # plain-text files: the first line may be the headline
    fetch: FetchValidators | None = None  # validators to remember once the article is stored
