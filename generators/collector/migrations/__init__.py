"""Alembic migrations of the collector's schema, run by `storage.migrate`."""
