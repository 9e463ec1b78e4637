"""Where posts are kept: three tables (SQLite by default, PostgreSQL in production), their
Alembic migrations, one transaction per post, the export records and SQLite's backup."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine, make_url

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "collector_version"
"""Alembic's version table, named so that it can share a PostgreSQL database."""
KINDS = ("feedback", "survey", "question")
DB_FILE = "collector.sqlite3"

metadata = sa.MetaData()
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
feedback = sa.Table(
    "feedback", metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("received", sa.DateTime(timezone=True), nullable=False),
    sa.Column("page", sa.String(500), nullable=False),
    sa.Column("useful", sa.Boolean(), nullable=False),
    sa.Column("text", sa.Text()),
    sa.Column("lang", sa.String(20)))
survey_responses = sa.Table(
    "survey_responses", metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("received", sa.DateTime(timezone=True), nullable=False),
    sa.Column("survey", sa.String(200), nullable=False),
    sa.Column("answers", sa.JSON(), nullable=False))
questions = sa.Table(
    "questions", metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("received", sa.DateTime(timezone=True), nullable=False),
    sa.Column("question", sa.Text(), nullable=False),
    sa.Column("field", sa.String(100)),
    sa.Column("contact", sa.String(200)),
    sa.Column("page", sa.String(500)))
TABLES = {"feedback": feedback, "survey": survey_responses, "question": questions}
FIELDS = {"feedback": ("page", "useful", "text", "lang"), "survey": ("survey", "answers"),
          "question": ("question", "field", "contact", "page")}
"""Each kind's exported fields after `kind` and `received`."""


def default_url(root: Path) -> str:
    """`TUSACH_COLLECTOR_DB`, else `sqlite:///<root>/collector.sqlite3`."""
    return os.environ.get("TUSACH_COLLECTOR_DB") or f"sqlite:///{root.resolve() / DB_FILE}"


def engine_for(url: str, **options: Any) -> Engine:
    """An engine for `url`: `postgresql://` goes through psycopg 3; a SQLite file gets WAL,
    a busy timeout and synchronous=NORMAL on every connection. Errors never show the values
    of a statement (what a citizen sent must not reach the logs)."""
    options.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql":
        return sa.create_engine(parsed, pool_pre_ping=True, **options)
    if parsed.get_backend_name() != "sqlite":
        raise ValueError(f"chỉ hỗ trợ sqlite:/// và postgresql://, không phải '{url}'")
    engine = sa.create_engine(parsed, connect_args={"timeout": 30}, **options)
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in ("journal_mode=WAL", "busy_timeout=30000", "synchronous=NORMAL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _engine(engine_or_url: Engine | str) -> tuple[Engine, bool]:
    if isinstance(engine_or_url, Engine):
        return engine_or_url, False
    return engine_for(engine_or_url), True


def migrate(engine_or_url: Engine | str) -> None:
    """Bring the database to the newest schema (safe to run again, and from several
    processes at once: they take turns)."""
    engine, own = _engine(engine_or_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        if own:
            engine.dispose()


def now() -> datetime:
    return datetime.now(UTC)


def store(engine: Engine, kind: str, values: Mapping[str, Any],
          received: datetime | None = None) -> None:
    """One record, in one transaction: a killed service leaves it whole or absent."""
    with engine.begin() as connection:
        connection.execute(TABLES[kind].insert().values(received=received or now(), **values))


def _utc(value: datetime | str) -> str:
    if isinstance(value, str):  # SQLite without its type affinity
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def records(engine_or_url: Engine | str, kind: str | None = None) -> Iterator[dict[str, Any]]:
    """Every stored record of `kind` (all kinds when None), oldest first within a kind:
    `kind`, `received` (UTC, ISO 8601) and each of FIELDS[kind]."""
    engine, own = _engine(engine_or_url)
    try:
        inspector = sa.inspect(engine)
        for name in KINDS if kind is None else (kind,):
            table = TABLES[name]
            if not inspector.has_table(table.name):
                continue
            columns = [table.c.received, *(table.c[f] for f in FIELDS[name])]
            query = sa.select(*columns).order_by(table.c.received, table.c.id)
            with engine.connect() as connection:
                result = connection.execution_options(yield_per=500).execute(query)
                for row in result:
                    record: dict[str, Any] = {"kind": name, "received": _utc(row.received)}
                    record.update((f, getattr(row, f)) for f in FIELDS[name])
                    if name == "feedback":
                        record["useful"] = bool(record["useful"])
                    yield record
    finally:
        if own:
            engine.dispose()


def sqlite_path(url: str) -> Path | None:
    """The file of a `sqlite:///` URL (None for another database or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or \
            parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def backup(url: str, target: Path) -> None:
    """A consistent copy of a SQLite database while it serves (sqlite3's online backup),
    written beside `target` and renamed over it; readable by its owner only."""
    source = sqlite_path(url)
    if source is None:
        raise ValueError("collector backup chỉ dùng cho SQLite; với PostgreSQL dùng pg_dump")
    if not source.is_file():
        raise FileNotFoundError(f"không có cơ sở dữ liệu {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".tmp")
    os.close(handle)
    temp = Path(name)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30) as src, \
                sqlite3.connect(temp) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        src.close()
        dst.close()
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
