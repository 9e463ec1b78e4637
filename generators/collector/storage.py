"""Where posts are kept: the tables (SQLite by default, PostgreSQL in production), their
Alembic migrations, one transaction per post, contest attempts (drawn, then graded at most
once), the export records and SQLite's backup."""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine, make_url

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "collector_version"
"""Alembic's version table, named so that it can share a PostgreSQL database."""
KINDS = ("feedback", "survey", "question", "attempt")
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
attempts = sa.Table(
    "contest_attempts", metadata,
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
secret = sa.Table(
    "collector_secret", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("salt", sa.String(128), nullable=False))
"""One row: the random salt of the participants' phone hashes (made by migration 0002)."""
TABLES = {"feedback": feedback, "survey": survey_responses, "question": questions,
          "attempt": attempts}
FIELDS = {"feedback": ("page", "useful", "text", "lang"), "survey": ("survey", "answers"),
          "question": ("question", "field", "contact", "page"),
          "attempt": ("contest", "attempt", "participant", "participant_key", "prediction",
                      "questions", "responses", "score", "out_of", "started", "submitted",
                      "seconds", "certificate", "late")}
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
    with writing(engine) as connection:
        connection.execute(TABLES[kind].insert(), {"received": received or now(), **values})


def utc_iso(value: datetime | str) -> str:
    """A moment as exported: UTC, ISO 8601, to the second, `Z`."""
    return _utc(value)


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
            if name == "attempt":
                yield from _attempt_records(engine)
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
                    if name == "question":
                        record["id"] = question_id(record["received"], record["question"])
                    yield record
    finally:
        if own:
            engine.dispose()


def question_id(received: str, question: str) -> str:
    """A question's stable id in the export (`asked:` of the Q&A item that answers it):
    from what was received and when, so it survives a copy to another database."""
    digest = hashlib.sha256(f"{received}\n{question}".encode()).hexdigest()
    return f"cq-{digest[:12]}"


def _attempt_records(engine: Engine) -> Iterator[dict[str, Any]]:
    query = sa.select(attempts).order_by(attempts.c.started, attempts.c.attempt)
    with engine.connect() as connection:
        for row in connection.execution_options(yield_per=500).execute(query):
            yield attempt_record(dict(row._mapping))


def attempt_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored attempt as its export record (`received` = `started`)."""
    record: dict[str, Any] = {"kind": "attempt", "received": _utc(row["started"])}
    for name in FIELDS["attempt"]:
        value = row[name]
        if name in ("started", "submitted", "late") and value is not None:
            value = _utc(value)
        record[name] = value
    return record


# -- contest attempts ----------------------------------------------------------------------

class AttemptsUsed(Exception):
    """The participant has started as many attempts as the contest allows."""


def contest_salt(engine: Engine) -> str:
    """The database's random salt for participants' phone hashes: made once (by migration
    0002, or here if that row is gone) and never in the code."""
    with engine.begin() as connection:
        found = connection.execute(sa.select(secret.c.salt).where(secret.c.id == 1)).scalar()
    if found:
        return str(found)
    try:
        with engine.begin() as connection:
            connection.execute(secret.insert().values(id=1, salt=secrets.token_hex(32)))
    except sa.exc.IntegrityError:
        pass  # another process made it first: read theirs
    with engine.begin() as connection:
        return str(connection.execute(sa.select(secret.c.salt).where(secret.c.id == 1))
                   .scalar_one())


_COUNT = sa.select(sa.func.count()).select_from(attempts).where(
    attempts.c.contest == sa.bindparam("b_contest"),
    attempts.c.participant_key == sa.bindparam("b_key"))
_FIND = sa.select(attempts).where(attempts.c.attempt == sa.bindparam("b_attempt"))
_OPEN = attempts.update().where(attempts.c.attempt == sa.bindparam("b_attempt"),
                                attempts.c.submitted.is_(None), attempts.c.late.is_(None))
# Statements built once and run with parameters: SQLAlchemy compiles each once (a new
# `.values(...)` per call costs more than SQLite's own work).
_WRITERS: dict[str, threading.Lock] = {}
_WRITERS_LOCK = threading.Lock()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction. On SQLite the service's threads take turns here: SQLite allows
    one writer, and a thread waiting in its busy handler sleeps far longer than one waiting
    on a lock (p95 of 0.7 s against 0.05 s under load)."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with _WRITERS_LOCK:
        lock = _WRITERS.setdefault(str(engine.url), threading.Lock())
    with lock, engine.begin() as connection:
        yield connection


def start_attempt(engine: Engine, values: Mapping[str, Any], allowed: int) -> int:
    """Store a new attempt as the participant's next one and return its number (1, 2 …);
    `AttemptsUsed` when `allowed` are already started. Two registrations at once cannot both
    take the last place: the second breaks the unique (contest, participant_key, number),
    counts again and is refused."""
    who = {"b_contest": values["contest"], "b_key": values["participant_key"]}
    for _ in range(allowed + 2):
        try:
            with writing(engine) as connection:
                used = int(connection.execute(_COUNT, who).scalar_one())
                if used >= allowed:
                    raise AttemptsUsed(used)
                connection.execute(attempts.insert(), {**values, "number": used + 1})
            return used + 1
        except sa.exc.IntegrityError:
            continue  # someone took that number meanwhile: count again
    raise AttemptsUsed(allowed)


def find_attempt(engine: Engine, attempt: str) -> dict[str, Any] | None:
    """The stored row of `attempt` as a dict, or None."""
    with engine.connect() as connection:
        row = connection.execute(_FIND, {"b_attempt": attempt}).first()
    return dict(row._mapping) if row is not None else None


def grade_attempt(engine: Engine, attempt: str, values: Mapping[str, Any]) -> bool:
    """Record the grading (responses, score, seconds, submitted, certificate) in one
    statement that only changes an attempt still neither submitted nor late: of two
    submissions at once, exactly one is graded. False when it was not open any more."""
    with writing(engine) as connection:
        done = connection.execute(_OPEN, {"b_attempt": attempt, **values})
    return done.rowcount == 1


def mark_late(engine: Engine, attempt: str, when: datetime) -> bool:
    """Mark an open attempt late (refused after its deadline): it stays ungraded."""
    with writing(engine) as connection:
        done = connection.execute(_OPEN, {"b_attempt": attempt, "late": when})
    return done.rowcount == 1


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
