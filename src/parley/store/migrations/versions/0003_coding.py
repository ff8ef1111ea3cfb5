"""coding: moves, likelihood estimates, statements' issues, articles' negotiations

Revision ID: 0003_coding
Revises: 0002_statements
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_coding"
down_revision = "0002_statements"
branch_labels = None
depends_on = None

ARTICLE_ID = sa.String(32)
ACTOR_ID = sa.String(32)
STATEMENT_ID = sa.String(40)


def upgrade() -> None:
    op.create_table(
        "moves",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("statement_id", STATEMENT_ID),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("holder", sa.Text),
        sa.Column("holder_actor_id", ACTOR_ID, sa.ForeignKey("actors.id", ondelete="SET NULL")),
        sa.Column("participants", sa.Text, nullable=False),  # JSON list of names
        sa.Column("target", sa.Text),
        sa.Column("object", sa.Text),
        sa.Column("issue", sa.String(40)),
        sa.Column("date", sa.String(32)),
        sa.Column("date_text", sa.Text),
        sa.Column("place", sa.Text),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("reported_by", sa.Text),
        sa.Column("published_at", sa.DateTime),
    )
    op.create_index("ix_moves_article_id", "moves", ["article_id"])
    op.create_index("ix_moves_holder_actor_id", "moves", ["holder_actor_id"])
    op.create_index("ix_moves_type", "moves", ["type"])
    op.create_index("ix_moves_published_at", "moves", ["published_at"])
    op.create_table(
        "likelihoods",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "statement_id", STATEMENT_ID, sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("speaker_actor_id", ACTOR_ID, sa.ForeignKey("actors.id", ondelete="SET NULL")),
        sa.Column("speaker_name", sa.Text),
        sa.Column("holder", sa.Text),
        sa.Column("phrase", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("event", sa.Text),
        sa.Column("p", sa.Float, nullable=False),
        sa.Column("low", sa.Float, nullable=False),
        sa.Column("high", sa.Float, nullable=False),
        sa.Column("band", sa.String(24), nullable=False),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("ambiguous", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Boolean, nullable=False),
        sa.Column("horizon", sa.Text),
        sa.Column("published_at", sa.DateTime),
    )
    op.create_index("ix_likelihoods_speaker_actor_id", "likelihoods", ["speaker_actor_id"])
    op.create_index("ix_likelihoods_published_at", "likelihoods", ["published_at"])
    op.create_table(
        "statement_issues",
        sa.Column(
            "statement_id", STATEMENT_ID, sa.ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("issue", sa.String(40), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
    )
    op.create_index("ix_statement_issues_issue", "statement_issues", ["issue"])
    op.create_table(
        "article_negotiations",
        sa.Column(
            "article_id", ARTICLE_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("negotiation", sa.String(64), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),  # JSON list of the words that routed it
    )
    op.create_index("ix_article_negotiations_negotiation", "article_negotiations", ["negotiation"])


def downgrade() -> None:
    for table in ("article_negotiations", "statement_issues", "likelihoods", "moves"):
        op.drop_table(table)
