"""actors and their aliases, statements with speakers and cues, actor mentions, statement full-text index

Revision ID: 0002_statements
Revises: 0001_articles
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_statements"
down_revision = "0001_articles"
branch_labels = None
depends_on = None

ARTICLE_ID = sa.String(32)
ACTOR_ID = sa.String(32)
STATEMENT_ID = sa.String(40)


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", ACTOR_ID, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("affiliation", sa.Text),
        sa.Column("origin", sa.String(16), nullable=False),  # yaml | text
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_actors_name", "actors", ["name"])
    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", ACTOR_ID, sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("normalized", sa.Text, primary_key=True),
        sa.Column("alias", sa.Text, nullable=False),
    )
    op.create_index("ix_actor_aliases_normalized", "actor_aliases", ["normalized"])
    op.create_table(
        "statements",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", STATEMENT_ID, nullable=False, unique=True),
        sa.Column("article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_actor_id", ACTOR_ID, sa.ForeignKey("actors.id", ondelete="SET NULL")),
        sa.Column("speaker_kind", sa.String(16)),
        sa.Column("speaker_role", sa.Text),
        sa.Column("speaker_affiliation", sa.Text),
        sa.Column("mention_start", sa.Integer),
        sa.Column("mention_end", sa.Integer),
        sa.Column("mention_text", sa.Text),
        sa.Column("cue_text", sa.Text),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("continues", STATEMENT_ID),
        sa.Column("mixed", sa.Boolean, nullable=False),
        sa.Column("issues", sa.Text, nullable=False),  # JSON
        sa.Column("moves", sa.Text, nullable=False),  # JSON
        sa.Column("likelihood", sa.Text, nullable=False),  # JSON
        sa.Column("extractor", sa.Text, nullable=False),
        sa.Column("published_at", sa.DateTime),  # the article's, for date filters without a join
    )
    op.create_index("ix_statements_article_id", "statements", ["article_id"])
    op.create_index("ix_statements_speaker_actor_id", "statements", ["speaker_actor_id"])
    op.create_index("ix_statements_published_at", "statements", ["published_at"])
    op.create_index("ix_statements_kind", "statements", ["kind"])
    op.create_table(
        "mentions",
        sa.Column(
            "article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("start", sa.Integer, primary_key=True),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("actor_id", ACTOR_ID, sa.ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_mentions_actor_id", "mentions", ["actor_id"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE statements_fts USING fts5(text, speaker_name, content='statements', "
            "content_rowid='seq', tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            f"CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN {_INSERT_NEW}; END"
        )
        op.execute(
            f"CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN {_DELETE_OLD}; END"
        )
        op.execute(
            f"CREATE TRIGGER statements_fts_update AFTER UPDATE ON statements BEGIN {_DELETE_OLD}; "
            f"{_INSERT_NEW}; END"
        )
    else:
        op.execute(
            "ALTER TABLE statements ADD COLUMN search tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', coalesce(speaker_name, '')), 'A') || "
            "setweight(to_tsvector('english', left(text, 200000)), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_statements_search ON statements USING gin (search)")


_INSERT_NEW = (
    "INSERT INTO statements_fts(rowid, text, speaker_name) VALUES (new.seq, new.text, new.speaker_name)"
)
_DELETE_OLD = (
    "INSERT INTO statements_fts(statements_fts, rowid, text, speaker_name) "
    "VALUES ('delete', old.seq, old.text, old.speaker_name)"
)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("statements_fts_insert", "statements_fts_delete", "statements_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS statements_fts")
    for table in ("mentions", "statements", "actor_aliases", "actors"):
        op.drop_table(table)
