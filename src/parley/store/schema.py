"""The current schema, as SQLAlchemy Core tables, for queries. The migrations in `migrations/versions`
build it; `tests/store/test_migrations.py` checks that the two agree."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # the full-text index's row id
    Column("id", String(32), nullable=False, unique=True),  # content hash of the normalised text
    Column("key", Text, nullable=False),  # natural name of the first source seen
    Column("title", Text),
    Column("author", Text),
    Column("site", Text),
    Column("url", Text),
    Column("canonical_url", Text),
    Column("published_at", DateTime),  # naive UTC
    Column("published_granularity", String(8)),
    Column("published_method", String(16)),
    Column("language", String(8)),
    Column("encoding", String(32)),
    Column("text", Text, nullable=False),
    Column("text_length", Integer, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
    Index("ix_articles_published_at", "published_at"),
    Index("ix_articles_site", "site"),
    Index("ix_articles_key", "key"),
)

article_sources = Table(
    "article_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("location", Text, nullable=False),
    Column("key", Text, nullable=False),
    Column("url", Text),
    Column("site", Text),
    Column("first_seen", DateTime, nullable=False),
    UniqueConstraint("article_id", "location", "key", name="uq_article_sources_article_location_key"),
    Index("ix_article_sources_article_id", "article_id"),
)

near_duplicates = Table(
    "near_duplicates",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("similar_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("similarity", Float, nullable=False),
    Index("ix_near_duplicates_similar_id", "similar_id"),
)

minhash_signatures = Table(
    "minhash_signatures",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

minhash_buckets = Table(
    "minhash_buckets",
    metadata,
    Column("bucket", BigInteger, primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

date_mentions = Table(
    "date_mentions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", String(32)),
    Column("granularity", String(8), nullable=False),
)

fetch_cache = Table(
    "fetch_cache",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="SET NULL")),
    Column("fetched_at", DateTime, nullable=False),
)

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
