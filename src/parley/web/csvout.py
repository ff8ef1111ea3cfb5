"""Lists as CSV: fixed columns per kind of record (dotted paths into the JSON record), streamed.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a
leading apostrophe: the text comes from news pages anyone can write (OWASP's CSV-injection advice)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

Columns = tuple[tuple[str, str], ...]  # (header, dotted path)

STATEMENT_COLUMNS: Columns = (
    ("statement_id", "statement_id"),
    ("published", "published"),
    ("kind", "kind"),
    ("speaker", "speaker.name"),
    ("speaker_actor_id", "speaker.actor_id"),
    ("speaker_role", "speaker.role"),
    ("speaker_affiliation", "speaker.affiliation"),
    ("text", "text"),
    ("issues", "issues"),
    ("moves", "moves"),
    ("likelihood", "likelihood"),
    ("article_id", "article.id"),
    ("article_key", "article.key"),
    ("article_title", "article.title"),
    ("site", "article.site"),
    ("span_start", "span.0"),
    ("span_end", "span.1"),
    ("reader_url", "reader_url"),
)
ARTICLE_COLUMNS: Columns = (
    ("id", "id"),
    ("key", "key"),
    ("published", "published"),
    ("site", "site"),
    ("title", "title"),
    ("url", "url"),
    ("language", "language"),
    ("length", "length"),
    ("sources", "sources"),
    ("statements", "statements"),
    ("reader_url", "reader_url"),
)
ACTOR_COLUMNS: Columns = (
    ("id", "id"),
    ("name", "name"),
    ("kind", "kind"),
    ("role", "role"),
    ("affiliation", "affiliation"),
    ("origin", "origin"),
    ("statements", "statements"),
    ("aliases", "aliases"),
)
MOVE_COLUMNS: Columns = (
    ("id", "id"),
    ("published", "published"),
    ("type", "type"),
    ("holder", "holder"),
    ("holder_actor_id", "holder_actor_id"),
    ("participants", "participants"),
    ("target", "target"),
    ("object", "object"),
    ("issue", "issue"),
    ("date", "date"),
    ("date_text", "date_text"),
    ("place", "place"),
    ("evidence", "evidence"),
    ("reported_by", "reported_by"),
    ("statement_id", "statement_id"),
    ("article_id", "article.id"),
    ("article_title", "article.title"),
    ("reader_url", "reader_url"),
)
LIKELIHOOD_COLUMNS: Columns = (
    ("id", "id"),
    ("published", "published"),
    ("speaker", "speaker"),
    ("speaker_actor_id", "speaker_actor_id"),
    ("holder", "holder"),
    ("phrase", "phrase"),
    ("event", "event"),
    ("p", "p"),
    ("low", "low"),
    ("high", "high"),
    ("band", "band"),
    ("negated", "negated"),
    ("ambiguous", "ambiguous"),
    ("confidence", "confidence"),
    ("horizon", "horizon"),
    ("statement_id", "statement_id"),
    ("article_id", "article.id"),
    ("reader_url", "reader_url"),
)
NEGOTIATION_COLUMNS: Columns = (
    ("id", "id"),
    ("name", "name"),
    ("parties", "parties"),
    ("articles", "articles"),
    ("statements", "statements"),
    ("moves", "moves"),
    ("first", "first"),
    ("last", "last"),
)
DEVELOPMENT_COLUMNS: Columns = (
    ("id", "id"),
    ("negotiation", "negotiation"),
    ("date", "date"),
    ("last_date", "last_date"),
    ("headline", "headline"),
    ("articles", "articles"),
    ("sources", "sources"),
    ("statements", "statements"),
    ("score", "score"),
)
SHIFT_COLUMNS: Columns = (
    ("kind", "kind"),
    ("holder", "holder"),
    ("issue", "issue"),
    ("event", "event"),
    ("steps", "steps"),
    ("summary", "summary"),
)

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _at(record: Any, path: str) -> Any:
    value = record
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = "; ".join(value)
    elif isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False) if value else ""
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def rows(records: Iterable[dict[str, Any]], columns: Columns) -> Iterator[str]:
    """The CSV text, a header line and then a line a record, yielded as it is made."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([header for header, _ in columns])
    yield flush()
    for record in records:
        writer.writerow([cell(_at(record, path)) for _, path in columns])
        yield flush()
