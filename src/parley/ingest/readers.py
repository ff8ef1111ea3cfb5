"""From what the user named (paths, URLs) to raw documents: directories walked, content sniffed,
gzip opened, records and feed items split out, pages fetched. Problems with one input come out as
failed results in the stream and never stop the others."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from parley.config import Settings
from parley.errors import SourceError
from parley.ingest.decode import decode
from parley.ingest.feeds import Feed, parse_feed
from parley.ingest.fetch import Fetched, Fetcher
from parley.ingest.records import RawDocument
from parley.ingest.sniff import HEAD_BYTES, Kind, binary_kind, sniff
from parley.ingest.streams import gunzip_capped, iter_lines, open_maybe_gzip, read_capped
from parley.models import IngestResult, Outcome, SourceRef


@dataclass(frozen=True, slots=True)
class FeedDone:
    """Sent after the items of a fetched feed: its validators may be remembered if none of the
    `items` results before it failed (else the next run's 304 would hide the items to retry)."""

    validators: FetchValidators
    items: int


Item = RawDocument | IngestResult | FeedDone
# How a fetched document was reached: named by the user (None), listed in a URL list, or an item of a feed.
# Lists and feeds reached through another list or feed are not expanded, so a feed whose item links
# back to the feed, or a list that lists itself, cannot recurse without end.
Via = Literal["list", "feed"] | None
_COMPRESSED_SUFFIXES = {".gz", ".gzip"}


@dataclass(frozen=True, slots=True)
class FetchValidators:
    url: str
    etag: str | None
    last_modified: str | None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def failed(label: str, reason: str) -> IngestResult:
    return IngestResult(Outcome.FAILED, label, reason=reason)


def natural_key(path: Path) -> str:
    """The file's name without its extensions: `talks.html.gz` → `talks`."""
    name = path.name
    stem = Path(name[: -len(path.suffix)]) if path.suffix.lower() in _COMPRESSED_SUFFIXES else Path(name)
    return stem.stem if stem.suffix else str(stem)


def estimate_documents(sources: list[str]) -> int:
    """How many documents the sources hold, as far as can be told cheaply before reading them: one per
    file or URL, one per line of a JSON-lines file. Feeds and URL lists add theirs when opened."""
    total = 0
    for source in sources:
        path = Path(source)
        if is_url(source) or not path.exists():
            total += 1
            continue
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            if path.is_dir()
            else [path]
        )
        total += max(1, sum(_count_records(f) for f in files)) if path.is_dir() else _count_records(path)
    return total


def _count_records(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
            kind = sniff(head)
            if kind not in (Kind.JSONL, Kind.GZIP):
                return 1
            handle.seek(0)
            stream = open_maybe_gzip(handle, str(path))
            if kind is Kind.GZIP and sniff(stream.read(HEAD_BYTES)) is not Kind.JSONL:
                return 1
            stream.seek(0)
            lines = 0
            last = b"\n"
            while chunk := stream.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
            return lines + (last != b"\n")
    except (OSError, EOFError, ValueError, zlib.error, SourceError):  # reading it will say what is wrong
        return 1


class Reader:
    """Turns sources into raw documents. `on_found(n)` is told when opening a feed, a URL list or a JSON
    array finds n more documents than the one `estimate_documents` counted for it."""

    def __init__(
        self, settings: Settings, fetcher: Fetcher | None, on_found: Callable[[int], None] | None = None
    ):
        self.settings = settings
        self.fetcher = fetcher
        self.on_found = on_found or (lambda n: None)

    # --- entry points -----------------------------------------------------------------------------

    def read(self, source: str) -> Iterator[Item]:
        if is_url(source):
            yield from self.read_url(source)
            return
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            if not files:
                yield failed(source, "directory holds no files")
            for file in files:
                yield from self.read_file(file)
        elif path.exists():
            yield from self.read_file(path)
        else:
            yield failed(source, "no such file, directory or URL")

    def read_file(self, path: Path) -> Iterator[Item]:
        label = str(path)
        try:
            with path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
                kind = sniff(head)
                if kind in (Kind.JSONL, Kind.GZIP):
                    handle.seek(0)
                    stream = open_maybe_gzip(handle, label, self.settings.max_document_bytes)
                    inner_head = stream.read(HEAD_BYTES) if kind is Kind.GZIP else head
                    if kind is Kind.GZIP and sniff(inner_head) is Kind.JSONL:
                        stream.seek(0)
                        yield from self._read_jsonl(stream, path)
                        return
                    if kind is Kind.JSONL:
                        yield from self._read_jsonl(stream, path)
                        return
                handle.seek(0)
                data = read_capped(handle, self.settings.max_document_bytes, label)
        except SourceError as exc:
            yield failed(label, exc.reason)
            return
        except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
            yield failed(label, f"corrupt or truncated gzip data ({exc or type(exc).__name__})")
            return
        except OSError as exc:
            yield failed(label, f"cannot read: {exc.strerror or exc}")
            return
        yield from self._read_bytes(data, label, ref_kind="file", location=label, key=natural_key(path))

    def read_url(self, url: str, feed_meta: dict[str, Any] | None = None, via: Via = None) -> Iterator[Item]:
        if self.fetcher is None:
            yield failed(url, "fetching is disabled")
            return
        try:
            fetched = self.fetcher.get(url)
        except SourceError as exc:
            yield failed(url, exc.reason)
            return
        if fetched.not_modified:
            yield IngestResult(
                Outcome.NOT_MODIFIED, url, reason="not modified since the last fetch (HTTP 304)"
            )
            return
        yield from self._read_fetched(fetched, feed_meta, via)

    # --- by content -------------------------------------------------------------------------------

    def _read_fetched(
        self, fetched: Fetched, feed_meta: dict[str, Any] | None, via: Via = None
    ) -> Iterator[Item]:
        validators = FetchValidators(fetched.requested_url, fetched.etag, fetched.last_modified)
        ctype = fetched.content_type.split(";")[0].strip().lower()
        if ctype.startswith(("image/", "audio/", "video/")) or ctype in (
            "application/pdf",
            "application/zip",
        ):
            yield failed(fetched.requested_url, f"not a text document ({ctype})")
            return
        yield from self._read_bytes(
            fetched.body,
            fetched.requested_url,
            ref_kind="url",
            location=fetched.requested_url,
            key=fetched.requested_url,
            url=fetched.url,
            validators=validators,
            feed_meta=feed_meta,
            via=via,
        )

    def _read_bytes(
        self,
        data: bytes,
        label: str,
        ref_kind: str,
        location: str,
        key: str,
        url: str | None = None,
        validators: FetchValidators | None = None,
        feed_meta: dict[str, Any] | None = None,
        depth: int = 0,
        via: Via = None,
    ) -> Iterator[Item]:
        kind = sniff(data[:HEAD_BYTES])
        if kind is Kind.GZIP:
            if depth:
                yield failed(label, "gzip inside gzip is not read")
                return
            try:
                data = gunzip_capped(data, self.settings.max_document_bytes, label)
            except SourceError as exc:
                yield failed(label, exc.reason)
                return
            yield from self._read_bytes(
                data, label, ref_kind, location, key, url, validators, feed_meta, depth + 1, via
            )
            return
        meta = feed_meta or {}
        if kind is Kind.BINARY:
            yield failed(label, f"not a text document: {binary_kind(data[:HEAD_BYTES])}")
        elif not data.strip():
            yield failed(label, "empty document")
        elif kind is Kind.HTML:
            source = SourceRef(
                "html" if ref_kind == "file" else "url",
                location,
                key,
                url=url or meta.get("url"),
                site=meta.get("site"),
            )
            yield RawDocument(
                label=label,
                source=source,
                html=data,
                url=url or meta.get("url"),
                title=meta.get("title"),
                author=meta.get("author"),
                date=meta.get("date"),
                date_method="feed" if meta else "metadata",
                site=meta.get("site"),
                fetch=validators,
            )
        elif kind is Kind.FEED and via == "feed":
            yield failed(label, "the feed item links to another feed, which is not followed")
        elif kind is Kind.FEED:
            yield from self._read_feed(data, label, url or location, validators)
        elif kind in (Kind.JSON, Kind.JSONL):
            yield from self._read_json_document(data, label, location, key)
        elif kind is Kind.URL_LIST and via is not None:
            yield failed(label, f"a URL list reached through a {via} is not followed")
        elif kind is Kind.URL_LIST:
            text, _ = decode(data)
            urls = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
            self.on_found(len(urls) - 1)
            for link in urls:
                yield from self.read_url(link, via="list")
        else:
            text, encoding = decode(data)
            if not text.strip():
                yield failed(label, "empty document")
                return
            source = SourceRef(
                "file" if ref_kind == "file" else "url", location, key, url=url, site=meta.get("site")
            )
            yield RawDocument(
                label=label,
                source=source,
                text=text,
                url=url,
                encoding=encoding,
                title=meta.get("title"),
                date=meta.get("date"),
                site=meta.get("site"),
                date_method="feed" if meta else "metadata",
                title_from_first_line=not meta.get("title"),
                fetch=validators,
            )

    def _read_feed(
        self, data: bytes, label: str, feed_location: str, validators: FetchValidators | None = None
    ) -> Iterator[Item]:
        try:
            feed = parse_feed(data, label, base=feed_location)
        except SourceError as exc:
            yield failed(label, exc.reason)
            return
        if not feed.items:
            yield failed(label, "the feed holds no items")
            return
        self.on_found(len(feed.items) - 1)
        count = 0
        for item in self._feed_items(feed, label, feed_location):
            count += 1
            yield item
        if validators is not None:
            yield FeedDone(validators, count)

    def _feed_items(self, feed: Feed, label: str, feed_location: str) -> Iterator[Item]:
        site = feed.title or urlsplit(feed_location).hostname
        for item in feed.items:
            item_label = f"{label}#{item.index}"
            meta = {
                "title": item.title,
                "author": item.author,
                "date": item.date,
                "site": site,
                "url": item.link,
            }
            if self.settings.fetch_feed_items and item.link and is_url(item.link):
                yield from self.read_url(item.link, feed_meta=meta, via="feed")
                continue
            if not item.text.strip():
                # a feed cut short often leaves an item with a title and nothing else: say so
                yield failed(
                    item_label,
                    "the feed item carries no text"
                    + ("" if self.settings.fetch_feed_items else " (fetch_feed_items is off)")
                    + (f"; {feed.warning}" if feed.warning else ""),
                )
                continue
            key = item.link or item_label
            yield RawDocument(
                label=item_label,
                source=SourceRef("feed", feed_location, key, url=item.link, site=site),
                text=item.text,
                title=item.title,
                author=item.author,
                date=item.date,
                date_method="feed",
                url=item.link,
                site=site,
            )

    # --- records ----------------------------------------------------------------------------------

    def _read_jsonl(self, stream: Any, path: Path) -> Iterator[Item]:
        cap = self.settings.max_document_bytes
        for number, line in iter_lines(stream, cap):
            label = f"{path}:{number}"
            if line is None:
                yield failed(label, f"line longer than the {cap:,}-byte limit (max_document_bytes)")
                continue
            if not line.strip():
                continue
            text, _ = decode(line)
            try:
                record = _loads(text)
            except ValueError as exc:
                yield failed(label, f"invalid JSON ({exc})")
                continue
            yield from self._record(record, label, str(path), f"{natural_key(path)}-{number}")

    def _read_json_document(self, data: bytes, label: str, location: str, key: str) -> Iterator[Item]:
        text, _ = decode(data)
        try:
            document = _loads(text)
        except ValueError:
            # Not one JSON document: perhaps JSON lines whose first line was odd
            lines = text.splitlines()
            self.on_found(len(lines) - 1)
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = _loads(line)
                except ValueError as exc:
                    yield failed(f"{label}:{number}", f"invalid JSON ({exc})")
                    continue
                yield from self._record(record, f"{label}:{number}", location, f"{key}-{number}")
            return
        records: list[Any]
        if isinstance(document, list):
            records = document
        elif isinstance(document, dict) and isinstance(document.get("articles"), list):
            records = document["articles"]
        else:
            records = [document]
        self.on_found(len(records) - 1)
        for number, record in enumerate(records, 1):
            yield from self._record(record, f"{label}[{number - 1}]", location, f"{key}-{number}")

    def _record(self, record: Any, label: str, location: str, fallback_key: str) -> Iterator[Item]:
        try:
            yield record_document(record, label, location, fallback_key)
        except SourceError as exc:
            yield failed(label, exc.reason)


_RECORD_FIELDS = {
    "id": (str, int),
    "title": (str,),
    "date": (str,),
    "url": (str,),
    "source": (str,),
    "text": (str,),
    "html": (str,),
    "author": (str,),
}


def record_document(record: Any, label: str, location: str, fallback_key: str) -> RawDocument:
    """A JSON record `{id?, title?, date?, url?, source?, author?, text|html}` as a raw document."""
    if not isinstance(record, dict):
        raise SourceError(label, f"a record must be a JSON object, got {type(record).__name__}")
    for name, types in _RECORD_FIELDS.items():
        value = record.get(name)
        # bool is an int to Python, not an id: `"id": true` would become the key "True"
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            expected = " or ".join("string" if t is str else "integer" for t in types)
            raise SourceError(label, f"field {name!r} must be a {expected}, got {type(value).__name__}")
    text, html = record.get("text"), record.get("html")
    if not (text and text.strip()) and not (html and html.strip()):
        raise SourceError(label, "record has no 'text' or 'html'")
    key = str(record["id"]) if record.get("id") is not None else fallback_key
    url = record.get("url")
    source = SourceRef("jsonl", location, key, url=url, site=record.get("source"))
    has_text = bool(text and text.strip())
    return RawDocument(
        label=label,
        source=source,
        text=str(text).replace("\x00", "") if has_text else None,
        html=None if has_text else html,
        title=record.get("title"),
        author=record.get("author"),
        date=record.get("date"),
        url=url,
        site=record.get("source"),
    )


def _loads(text: str) -> Any:
    """json.loads, with nesting too deep for the parser's recursion ("[[[[…" a hundred thousand times)
    reported as invalid JSON: as a RecursionError it would end the whole file, not this record."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
