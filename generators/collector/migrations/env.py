"""Alembic's entry point: the connection comes from `storage.migrate` (no alembic.ini)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from generators.collector.storage import VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(connection=connection, version_table=VERSION_TABLE)
with context.begin_transaction():
    # Processes starting together take turns. pysqlite begins a transaction only before
    # DML, so SQLite's DDL would race without taking the write lock first.
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(7415001)"))
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    context.run_migrations()
