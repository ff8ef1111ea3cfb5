"""articles, their sources, near-duplicate links, date mentions, fetch validators, full-text index

Revision ID: 0001_articles
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_articles"
down_revision = None
branch_labels = None
depends_on = None

ARTICLE_ID = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", ARTICLE_ID, nullable=False, unique=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("site", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("published_at", sa.DateTime),
        sa.Column("published_granularity", sa.String(8)),
        sa.Column("published_method", sa.String(16)),
        sa.Column("language", sa.String(8)),
        sa.Column("encoding", sa.String(32)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_length", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    op.create_index("ix_articles_site", "articles", ["site"])
    op.create_index("ix_articles_key", "articles", ["key"])
    op.create_table(
        "article_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("site", sa.Text),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.UniqueConstraint("article_id", "location", "key", name="uq_article_sources_article_location_key"),
    )
    op.create_index("ix_article_sources_article_id", "article_sources", ["article_id"])
    op.create_table(
        "near_duplicates",
        sa.Column(
            "article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "similar_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("similarity", sa.Float, nullable=False),
    )
    op.create_index("ix_near_duplicates_similar_id", "near_duplicates", ["similar_id"])
    op.create_table(
        "minhash_signatures",
        sa.Column(
            "article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "minhash_buckets",
        sa.Column("bucket", sa.BigInteger, primary_key=True),
        sa.Column(
            "article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_table(
        "date_mentions",
        sa.Column(
            "article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("start", sa.Integer, primary_key=True),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.String(32)),
        sa.Column("granularity", sa.String(8), nullable=False),
    )
    op.create_table(
        "fetch_cache",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("fetched_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_fts()
    else:
        _postgres_fts()


_FTS_DELETE_OLD = (
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.seq, old.title, old.text)"
)


def _sqlite_fts() -> None:
    # External-content FTS5: the index stores no second copy of the text; triggers keep it in step.
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END"
    )
    op.execute(f"CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN {_FTS_DELETE_OLD}; END")
    op.execute(
        "CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN "
        f"{_FTS_DELETE_OLD};"
        " INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END"
    )


def _postgres_fts() -> None:
    # A generated tsvector over the title and the first 500,000 characters (a tsvector holds at most 1 MB).
    op.execute(
        "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english', left(text, 500000)), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in (
        "store_meta",
        "fetch_cache",
        "date_mentions",
        "minhash_buckets",
        "minhash_signatures",
        "near_duplicates",
        "article_sources",
        "articles",
    ):
        op.drop_table(table)
