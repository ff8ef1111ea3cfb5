"""The Store: one object per database, opened from a URL, migrated on open, written one article per
transaction. Reads live in `queries.py`; this module owns connections and the write path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from parley.errors import StoreError
from parley.extract.actors import Actor, ActorRegistry
from parley.ingest.dates import utc_now
from parley.ingest.dedupe import Fingerprint, fingerprint, lsh_layout, similarity
from parley.models import Article, IngestResult, Outcome

if TYPE_CHECKING:
    from parley.extract.pipeline import Extraction
from parley.store import migrate
from parley.store.actors import actor_for, load_registry, save_actor
from parley.store.engine import make_engine, normalise_url, sqlite_path
from parley.store.schema import (
    article_negotiations,
    article_sources,
    articles,
    date_mentions,
    fetch_cache,
    likelihoods,
    mentions,
    minhash_buckets,
    minhash_signatures,
    moves,
    near_duplicates,
    statement_issues,
    statements,
    store_meta,
)
from parley.store.statements import likelihood_rows, move_row, statement_row
from parley.store.writes import insert_ignore, insert_one, upsert


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}" if ":" in credentials else url
    return url


class Store:
    """A parley store. `Store.open(url)` connects and brings the schema up to date."""

    def __init__(self, engine: Engine, url: str, near_duplicate_threshold: float = 0.6) -> None:
        self.engine = engine
        self.url = url
        self.threshold = near_duplicate_threshold
        self._layout: tuple[int, int] | None = None
        self.applied: list[str] = []  # migrations applied when this store was opened
        self._registry: ActorRegistry | None = None

    # --- opening ----------------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, create: bool = True, near_duplicate_threshold: float = 0.6) -> Store:
        """Open the store at `url`, applying pending migrations. With create=False a missing SQLite file
        is an error instead of a new empty store (read-only commands use this)."""
        path = sqlite_path(url)
        if path is not None and not create and not path.exists():
            raise StoreError(f"no store at {path} (run `parley ingest` or `parley migrate` first)")
        if path is not None and not path.parent.exists():
            raise StoreError(f"cannot create the store {path}: folder {path.parent} does not exist")
        engine = make_engine(url)
        store = cls(engine, normalise_url(url), near_duplicate_threshold)
        try:
            store.applied = migrate.upgrade(engine)
        except OperationalError as exc:
            engine.dispose()
            raise StoreError(f"cannot open the store {redact(url)}: {_reason(exc)}") from None
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"cannot migrate the store {redact(url)}: {_reason(exc)}") from None
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction (SQLite: BEGIN IMMEDIATE, so concurrent writers queue)."""
        try:
            with (
                self.engine.connect().execution_options(sqlite_immediate=True) as connection,
                connection.begin(),
            ):
                yield connection
        except DBAPIError as exc:
            raise StoreError(f"cannot write to the store {redact(self.url)}: {_reason(exc)}") from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                yield connection
        except DBAPIError as exc:
            raise StoreError(f"cannot read the store {redact(self.url)}: {_reason(exc)}") from None

    # --- near-duplicate layout ------------------------------------------------------------------

    def layout(self, connection: Connection) -> tuple[int, int]:
        """LSH bands and rows for the configured threshold. The layout the bucket table was built with is
        recorded; when the threshold changes, the buckets are rebuilt from the stored signatures."""
        wanted = lsh_layout(self.threshold)
        if self._layout == wanted:
            return wanted
        recorded = connection.execute(
            select(store_meta.c.value).where(store_meta.c.key == "lsh_layout")
        ).scalar()
        current = tuple(json.loads(recorded)) if recorded else None
        if current != wanted:
            self._rebuild_buckets(connection, wanted)
            upsert(connection, store_meta, {"key": "lsh_layout", "value": json.dumps(list(wanted))}, ["key"])
        self._layout = wanted
        return wanted

    def _rebuild_buckets(self, connection: Connection, layout: tuple[int, int]) -> None:
        import numpy as np

        from parley.ingest.dedupe import band_keys

        connection.execute(minhash_buckets.delete())
        rows = connection.execute(select(minhash_signatures.c.article_id, minhash_signatures.c.signature))
        batch: list[dict[str, Any]] = []
        for article_id, signature in rows:
            for key in band_keys(np.frombuffer(signature, dtype="<u4"), layout):
                batch.append({"bucket": key, "article_id": article_id})
            if len(batch) > 10_000:
                insert_ignore(connection, minhash_buckets, batch)
                batch = []
        if batch:
            insert_ignore(connection, minhash_buckets, batch)

    # --- writing articles -----------------------------------------------------------------------

    def add_article(
        self, article: Article, label: str | None = None, extraction: Extraction | None = None
    ) -> IngestResult:
        """Store one article in one transaction, with its statements and mentions when given: new, an exact
        duplicate of a stored one (linked as another source), a near-duplicate (stored and linked), or
        unchanged (this source was ingested before). A crash leaves either all of it or none."""
        label = label or article.source.location
        now = utc_now()
        if self._layout is None:
            with self.writing() as connection:
                self.layout(connection)
        assert self._layout is not None
        print_ = fingerprint(article.text, self._layout)  # hashing happens outside the write lock
        with self.writing() as connection:
            self.layout(connection)
            created = insert_one(connection, articles, _article_row(article, now))
            source = article.source
            linked = insert_one(
                connection,
                article_sources,
                {
                    "article_id": article.id,
                    "kind": source.kind,
                    "location": source.location,
                    "key": source.key,
                    "url": source.url,
                    "site": source.site,
                    "first_seen": now,
                },
            )
            if not created:
                outcome = Outcome.DUPLICATE if linked else Outcome.UNCHANGED
                return IngestResult(outcome, label, article.id)
            if article.dates:
                insert_ignore(
                    connection,
                    date_mentions,
                    [
                        {
                            "article_id": article.id,
                            "start": d.span[0],
                            "end": d.span[1],
                            "text": d.text,
                            "value": d.value,
                            "granularity": d.granularity,
                        }
                        for d in article.dates
                    ],
                )
            similar = self._link_near_duplicates(connection, article.id, print_)
            if extraction is not None:
                self._write_extraction(connection, article, extraction, now)
        outcome = Outcome.NEAR_DUPLICATE if similar else Outcome.NEW
        return IngestResult(outcome, label, article.id, near_duplicates=similar)

    def _link_near_duplicates(
        self, connection: Connection, article_id: str, print_: Fingerprint | None
    ) -> tuple[tuple[str, float], ...]:
        if print_ is None:
            return ()
        connection.execute(
            insert(minhash_signatures).values(article_id=article_id, signature=print_.signature)
        )
        candidates = connection.execute(
            select(minhash_signatures.c.article_id, minhash_signatures.c.signature)
            .where(
                minhash_signatures.c.article_id.in_(
                    select(minhash_buckets.c.article_id)
                    .where(minhash_buckets.c.bucket.in_(print_.buckets))
                    .distinct()
                )
            )
            .where(minhash_signatures.c.article_id != article_id)
        ).all()
        insert_ignore(
            connection,
            minhash_buckets,
            [{"bucket": b, "article_id": article_id} for b in set(print_.buckets)],
        )
        similar = sorted(
            (
                (other, score)
                for other, sig in candidates
                if (score := similarity(print_.signature, sig)) >= self.threshold
            ),
            key=lambda pair: -pair[1],
        )
        if similar:
            insert_ignore(
                connection,
                near_duplicates,
                [
                    {"article_id": article_id, "similar_id": other, "similarity": round(score, 4)}
                    for other, score in similar
                ],
            )
        return tuple(similar)

    def has_article(self, article_id: str) -> bool:
        with self.reading() as connection:
            return (
                connection.execute(select(articles.c.seq).where(articles.c.id == article_id)).first()
                is not None
            )

    # --- statements and actors -------------------------------------------------------------------

    def registry(self) -> ActorRegistry:
        """The actor registry: the store's actors, seeded once with those of the negotiation files."""
        if self._registry is None:
            with self.writing() as connection:
                self._load_registry(connection)
        assert self._registry is not None
        return self._registry

    def use_registry(self, registry: ActorRegistry) -> None:
        """Write with `registry` as this store's registry (a Dask worker's copy of the run's registry)."""
        self._registry = registry

    def forget_registry(self) -> None:
        """Drop the registry in memory: others have written actors; the next use loads it again."""
        self._registry = None

    def _load_registry(self, connection: Connection) -> ActorRegistry:
        if self._registry is None:
            from parley.negotiations import builtin_negotiations

            now = utc_now()
            for negotiation in builtin_negotiations():
                for actor in (*negotiation.parties, *negotiation.actors):
                    save_actor(connection, actor, "yaml", now)
            self._registry = load_registry(connection)
        return self._registry

    def _write_extraction(
        self, connection: Connection, article: Article, extraction: Extraction, now: datetime
    ) -> None:
        registry = self._load_registry(connection)
        published = article.published.at if article.published else None
        referenced: dict[str, Actor] = {}
        rows = []
        estimates = []
        for statement in extraction.statements:
            actor = actor_for(registry, statement.speaker)[0] if statement.speaker is not None else None
            if actor is not None:
                referenced[actor.id] = actor
            rows.append(statement_row(article.id, statement, actor, published))
            estimates.extend(likelihood_rows(article.id, statement, actor, published))
        mention_rows = []
        for mention in extraction.mentions:
            actor = actor_for(registry, mention)[0]
            if actor is None or mention.mention is None:
                continue
            referenced[actor.id] = actor
            mention_rows.append(
                {
                    "article_id": article.id,
                    "start": mention.mention[0],
                    "end": mention.mention[1],
                    "text": mention.mention_text or "",
                    "actor_id": actor.id,
                }
            )
        move_rows = [move_row(article.id, m, registry, published) for m in extraction.moves]
        for row in move_rows:
            if row["holder_actor_id"]:
                referenced[row["holder_actor_id"]] = registry.actors[row["holder_actor_id"]]
        # every actor referenced is written in this transaction (a no-op when it is there already), so the
        # registry in memory can never point a record at an actor a rolled-back transaction lost; in id
        # order, so that two processes writing new actors at once lock them in the same order (PostgreSQL
        # would otherwise abort one with a deadlock when two articles name the same new people)
        for _, actor in sorted(referenced.items()):
            save_actor(connection, actor, "text", now)
        insert_ignore(connection, statements, rows)
        insert_ignore(connection, mentions, mention_rows)
        insert_ignore(connection, moves, move_rows)
        insert_ignore(connection, likelihoods, estimates)
        insert_ignore(
            connection,
            statement_issues,
            [
                {"statement_id": s.statement_id, "issue": d["id"], "score": d["score"]}
                for s in extraction.statements
                for d in s.issue_details
            ],
        )
        insert_ignore(
            connection,
            article_negotiations,
            [
                {
                    "article_id": article.id,
                    "negotiation": r.negotiation_id,
                    "score": r.score,
                    "evidence": json.dumps(list(r.evidence)),
                }
                for r in extraction.negotiations
            ],
        )

    # --- fetch validators ------------------------------------------------------------------------

    def fetch_validators(self, url: str) -> tuple[str | None, str | None] | None:
        with self.reading() as connection:
            row = connection.execute(
                select(fetch_cache.c.etag, fetch_cache.c.last_modified).where(fetch_cache.c.url == url)
            ).first()
        if row is None or (row.etag is None and row.last_modified is None):
            return None
        return row.etag, row.last_modified

    def remember_fetch(
        self, url: str, etag: str | None, last_modified: str | None, article_id: str | None
    ) -> None:
        with self.writing() as connection:
            upsert(
                connection,
                fetch_cache,
                {
                    "url": url,
                    "etag": etag,
                    "last_modified": last_modified,
                    "article_id": article_id,
                    "fetched_at": utc_now(),
                },
                ["url"],
            )


def _article_row(article: Article, now: datetime) -> dict[str, Any]:
    published = article.published
    return {
        "id": article.id,
        "key": article.key,
        "title": article.title,
        "author": article.author,
        "site": article.site,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "published_at": published.at if published else None,
        "published_granularity": published.granularity if published else None,
        "published_method": published.method if published else None,
        "language": article.language,
        "encoding": article.encoding,
        "text": article.text,
        "text_length": len(article.text),
        "ingested_at": now,
    }


def _reason(exc: Exception) -> str:
    original = getattr(exc, "orig", None) or exc
    return " ".join(str(original).split())[:300]
