"""The current schema, as SQLAlchemy Core tables, for queries. The migrations in `migrations/versions`
build it; `tests/store/test_migrations.py` checks that the two agree."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
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

actors = Table(
    "actors",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("role", Text),
    Column("affiliation", Text),
    Column("origin", String(16), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index("ix_actors_name", "name"),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", String(32), ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("normalized", Text, primary_key=True),
    Column("alias", Text, nullable=False),
    Index("ix_actor_aliases_normalized", "normalized"),
)

statements = Table(
    "statements",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker_name", Text),
    Column("speaker_actor_id", String(32), ForeignKey("actors.id", ondelete="SET NULL")),
    Column("speaker_kind", String(16)),
    Column("speaker_role", Text),
    Column("speaker_affiliation", Text),
    Column("mention_start", Integer),
    Column("mention_end", Integer),
    Column("mention_text", Text),
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("continues", String(40)),
    Column("mixed", Boolean, nullable=False),
    Column("issues", Text, nullable=False),
    Column("moves", Text, nullable=False),
    Column("likelihood", Text, nullable=False),
    Column("extractor", Text, nullable=False),
    Column("published_at", DateTime),
    Column("text_key", String(24)),
    Index("ix_statements_article_id", "article_id"),
    Index("ix_statements_speaker_actor_id", "speaker_actor_id"),
    Index("ix_statements_published_at", "published_at"),  # PostgreSQL: ix_statements_newest too (0005)
    Index("ix_statements_kind_newest", "kind", "published_at"),
    Index("ix_statements_text_key", "text_key"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("actor_id", String(32), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    Index("ix_mentions_actor_id", "actor_id"),
)

moves = Table(
    "moves",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("statement_id", String(40)),
    Column("type", String(16), nullable=False),
    Column("holder", Text),
    Column("holder_actor_id", String(32), ForeignKey("actors.id", ondelete="SET NULL")),
    Column("participants", Text, nullable=False),
    Column("target", Text),
    Column("object", Text),
    Column("issue", String(40)),
    Column("date", String(32)),
    Column("date_text", Text),
    Column("place", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("reported_by", Text),
    Column("published_at", DateTime),
    Index("ix_moves_article_id", "article_id"),
    Index("ix_moves_holder_actor_id", "holder_actor_id"),
    Index("ix_moves_type", "type"),
    Index("ix_moves_published_at", "published_at"),
)

likelihoods = Table(
    "likelihoods",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("statement_id", String(40), ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("speaker_actor_id", String(32), ForeignKey("actors.id", ondelete="SET NULL")),
    Column("speaker_name", Text),
    Column("holder", Text),
    Column("phrase", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("event", Text),
    Column("p", Float, nullable=False),
    Column("low", Float, nullable=False),
    Column("high", Float, nullable=False),
    Column("band", String(24), nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("ambiguous", Boolean, nullable=False),
    Column("confidence", Boolean, nullable=False),
    Column("horizon", Text),
    Column("published_at", DateTime),
    Index("ix_likelihoods_speaker_actor_id", "speaker_actor_id"),
    Index("ix_likelihoods_published_at", "published_at"),
)

statement_issues = Table(
    "statement_issues",
    metadata,
    Column("statement_id", String(40), ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True),
    Column("issue", String(40), primary_key=True),
    Column("score", Float, nullable=False),
    Index("ix_statement_issues_issue", "issue"),
)

article_negotiations = Table(
    "article_negotiations",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("negotiation", String(64), primary_key=True),
    Column("score", Float, nullable=False),
    Column("evidence", Text, nullable=False),
    Index("ix_article_negotiations_negotiation", "negotiation"),
)

developments = Table(
    "developments",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("negotiation", String(64), nullable=False),
    Column("date", Date),
    Column("last_date", Date),
    Column("headline", Text),
    Column("representative_id", String(32), ForeignKey("articles.id", ondelete="SET NULL")),
    Column("articles", Integer, nullable=False),
    Column("sources", Integer, nullable=False),
    Column("statements", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("version", String(40), nullable=False),
    Index("ix_developments_negotiation_date", "negotiation", "date"),
)

development_articles = Table(
    "development_articles",
    metadata,
    Column("development_id", String(40), ForeignKey("developments.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_development_articles_article_id", "article_id"),
)
