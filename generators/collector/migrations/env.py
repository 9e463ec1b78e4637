"""Alembic's entry point: the connection comes from `storage.migrate` (no alembic.ini)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from generators.collector.storage import VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(connection=connection, version_table=VERSION_TABLE)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":  # processes starting together take turns
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(7415001)"))
    context.run_migrations()
