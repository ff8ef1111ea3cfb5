"""developments: reports about one happening grouped, and the key that makes one quote of ten copies

Revision ID: 0004_developments
Revises: 0003_coding
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_developments"
down_revision = "0003_coding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The same quote carried by ten outlets is one statement with ten sources: statements share a key made
    # from their normalised words. New rows get it from the writer; rows already there get it here.
    op.add_column("statements", sa.Column("text_key", sa.String(24)))
    _fill_text_keys()
    op.create_index("ix_statements_text_key", "statements", ["text_key"])
    op.create_table(
        "developments",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("negotiation", sa.String(64), nullable=False),
        sa.Column("date", sa.Date),  # when it happened (its earliest report)
        sa.Column("last_date", sa.Date),
        sa.Column("headline", sa.Text),
        sa.Column("representative_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),  # independent outlets
        sa.Column("statements", sa.Integer, nullable=False),  # distinct statements (copies counted once)
        sa.Column("score", sa.Float, nullable=False),  # significance: novelty, sources, actors
        sa.Column("version", sa.String(40), nullable=False),  # the grouping that made it
    )
    op.create_index("ix_developments_negotiation_date", "developments", ["negotiation", "date"])
    op.create_table(
        "development_articles",
        sa.Column(
            "development_id",
            sa.String(40),
            sa.ForeignKey("developments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_index("ix_development_articles_article_id", "development_articles", ["article_id"])


def _fill_text_keys() -> None:
    from parley.store.statements import text_key

    connection = op.get_bind()
    table = sa.table(
        "statements", sa.column("id", sa.String), sa.column("text", sa.Text), sa.column("text_key", sa.String)
    )
    rows = connection.execute(sa.select(table.c.id, table.c.text)).all()
    for start in range(0, len(rows), 1000):
        connection.execute(
            table.update().where(table.c.id == sa.bindparam("key")).values(text_key=sa.bindparam("value")),
            [{"key": row.id, "value": text_key(row.text)} for row in rows[start : start + 1000]],
        )


def downgrade() -> None:
    op.drop_table("development_articles")
    op.drop_table("developments")
    op.drop_index("ix_statements_text_key", "statements")
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("text_key")
