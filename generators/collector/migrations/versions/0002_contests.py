"""Contests: the attempts (drawn, timed, graded once) and the salt of participants' hashes.

Revision ID: 0002
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contest_attempts",
        sa.Column("attempt", sa.String(64), primary_key=True),
        sa.Column("contest", sa.String(200), nullable=False),
        sa.Column("participant_key", sa.String(64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("participant", sa.JSON(), nullable=False),
        sa.Column("prediction", sa.BigInteger()),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("out_of", sa.Integer(), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted", sa.DateTime(timezone=True)),
        sa.Column("late", sa.DateTime(timezone=True)),
        sa.Column("responses", sa.JSON()),
        sa.Column("score", sa.Integer()),
        sa.Column("seconds", sa.Float()),
        sa.Column("certificate", sa.String(16)),
        sa.UniqueConstraint("contest", "participant_key", "number",
                            name="uq_contest_attempts_participant"),
        sa.UniqueConstraint("certificate", name="uq_contest_attempts_certificate"))
    op.create_index("ix_contest_attempts_started", "contest_attempts", ["contest", "started"])
    secret = op.create_table(
        "collector_secret",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("salt", sa.String(128), nullable=False))
    # Made here, once per database, so that no copy of the code knows it.
    op.bulk_insert(secret, [{"id": 1, "salt": secrets.token_hex(32)}])


def downgrade() -> None:
    op.drop_table("collector_secret")
    op.drop_table("contest_attempts")
