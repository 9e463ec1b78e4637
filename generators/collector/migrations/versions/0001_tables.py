"""The first schema: feedback, survey_responses, questions.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("received", sa.DateTime(timezone=True), nullable=False),
        sa.Column("page", sa.String(500), nullable=False),
        sa.Column("useful", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("lang", sa.String(20)))
    op.create_table(
        "survey_responses",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("received", sa.DateTime(timezone=True), nullable=False),
        sa.Column("survey", sa.String(200), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False))
    op.create_table(
        "questions",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("received", sa.DateTime(timezone=True), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("field", sa.String(100)),
        sa.Column("contact", sa.String(200)),
        sa.Column("page", sa.String(500)))
    op.create_index("ix_feedback_received", "feedback", ["received"])
    op.create_index("ix_survey_responses_survey", "survey_responses", ["survey", "received"])
    op.create_index("ix_questions_received", "questions", ["received"])


def downgrade() -> None:
    for table in ("questions", "survey_responses", "feedback"):
        op.drop_table(table)
