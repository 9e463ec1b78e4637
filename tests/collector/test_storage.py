"""generators/collector/storage.py on SQLite and PostgreSQL: migrations, one transaction per
post (a killed writer leaves whole rows only), the export records, SQLite's backup."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from generators.collector import storage
from generators.commands.collector import export
from tests.collector.conftest import wait_until
from tests.conftest import ROOT

WHEN = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)


def _fill(engine: sa.Engine) -> None:
    storage.store(engine, "feedback", {"page": "a/b/", "useful": False, "text": "Khó hiểu",
                                       "lang": "vi"}, WHEN)
    storage.store(engine, "survey", {"survey": "hai-long",
                                     "answers": {"hai-long": 4, "dung-gi": ["Đọc bài"]}}, WHEN)
    storage.store(engine, "question", {"question": "Thử việc bao lâu?", "field": "lao-dong",
                                       "contact": "0912345678", "page": None}, WHEN)


def test_migrations_on_an_empty_database_are_idempotent(db_url) -> None:
    storage.migrate(db_url)
    storage.migrate(db_url)
    engine = storage.engine_for(db_url)
    try:
        names = set(sa.inspect(engine).get_table_names())
        assert {"feedback", "survey_responses", "questions", "contest_attempts",
                "collector_secret", storage.VERSION_TABLE} <= names
        with engine.connect() as connection:
            assert connection.execute(sa.text(
                f"SELECT version_num FROM {storage.VERSION_TABLE}")).scalars().all() == ["0002"]
    finally:
        engine.dispose()


def test_migrations_from_several_processes_at_once(db_url) -> None:
    code = f"from generators.collector import storage; storage.migrate({db_url!r})"
    runs = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT) for _ in range(5)]
    assert [run.wait(120) for run in runs] == [0] * 5


def test_records_are_the_export_dicts(engine) -> None:
    _fill(engine)
    assert list(storage.records(engine)) == [
        {"kind": "feedback", "received": "2026-12-02T01:30:00Z", "page": "a/b/",
         "useful": False, "text": "Khó hiểu", "lang": "vi"},
        {"kind": "survey", "received": "2026-12-02T01:30:00Z", "survey": "hai-long",
         "answers": {"hai-long": 4, "dung-gi": ["Đọc bài"]}},
        {"kind": "question", "received": "2026-12-02T01:30:00Z",
         "question": "Thử việc bao lâu?", "field": "lao-dong", "contact": "0912345678",
         "page": None, "id": storage.question_id("2026-12-02T01:30:00Z", "Thử việc bao lâu?")}]
    assert [r["kind"] for r in storage.records(engine, "survey")] == ["survey"]


def test_records_of_a_database_without_tables_is_empty(db_url) -> None:
    assert list(storage.records(db_url)) == []


def test_export_jsonl_and_csv(engine, db_url, tmp_path) -> None:
    _fill(engine)
    out = io.StringIO()
    assert export(db_url, None, "jsonl", None, out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines == list(storage.records(engine))
    assert "Khó hiểu" in out.getvalue()  # UTF-8, not \u escapes
    one = io.StringIO()
    export(db_url, "survey", "csv", None, one)
    rows = list(csv.reader(io.StringIO(one.getvalue())))
    assert rows == [["kind", "received", "survey", "answers"],
                    ["survey", "2026-12-02T01:30:00Z", "hai-long",
                     '{"dung-gi": ["Đọc bài"], "hai-long": 4}']]
    export(db_url, None, "csv", tmp_path / "csv", io.StringIO())
    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert files == ["attempt.csv", "feedback.csv", "question.csv", "survey.csv"]
    feedback = list(csv.DictReader(open(tmp_path / "csv" / "feedback.csv", encoding="utf-8")))
    assert feedback == [{"kind": "feedback", "received": "2026-12-02T01:30:00Z", "page": "a/b/",
                         "useful": "False", "text": "Khó hiểu", "lang": "vi"}]
    questions = list(csv.DictReader(open(tmp_path / "csv" / "question.csv", encoding="utf-8")))
    assert questions[0]["contact"] == "0912345678" and questions[0]["page"] == ""


WRITER = """
import sys
from generators.collector import storage
engine = storage.engine_for(sys.argv[1])
i = 0
while True:
    storage.store(engine, "question", {"question": "câu hỏi số %d " % i + "x" * 3000,
                                       "field": "lao-dong", "contact": "c%d" % i, "page": "p/"})
    i += 1
    if i == 20:
        print("ready", flush=True)
"""


def test_a_killed_writer_leaves_only_whole_rows(engine, db_url) -> None:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, db_url], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(30)
    rows = list(storage.records(db_url, "question"))
    assert len(rows) >= 20
    for row in rows:
        number = row["question"].split()[3]
        assert row["question"] == f"câu hỏi số {number} " + "x" * 3000
        assert (row["field"], row["contact"], row["page"]) == ("lao-dong", f"c{number}", "p/")
    path = storage.sqlite_path(db_url)
    if path is not None:
        with sqlite3.connect(path) as check:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_sqlite_is_in_wal_mode(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    storage.migrate(url)
    engine = storage.engine_for(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()


def test_backup_while_writing(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    storage.migrate(url)
    engine = storage.engine_for(url)
    _fill(engine)
    stop = threading.Event()

    def write() -> None:
        while not stop.is_set():
            storage.store(engine, "feedback", {"page": "a/b/", "useful": True, "text": None,
                                               "lang": None})
    writer = threading.Thread(target=write)
    writer.start()
    try:
        wait_until(lambda: len(list(storage.records(engine, "feedback"))) > 20)
        target = tmp_path / "sao-luu" / "backup.sqlite3"
        storage.backup(url, target)
    finally:
        stop.set()
        writer.join()
        engine.dispose()
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    kinds = [r["kind"] for r in storage.records(f"sqlite:///{target}")]
    assert kinds.count("survey") == 1 and kinds.count("feedback") > 1
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_backup_refuses_postgresql(tmp_path) -> None:
    import pytest
    with pytest.raises(ValueError, match="pg_dump"):
        storage.backup("postgresql://u@127.0.0.1/db", tmp_path / "x")


def test_default_url_is_beside_the_library(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("TUSACH_COLLECTOR_DB", raising=False)
    assert storage.default_url(tmp_path) == f"sqlite:///{tmp_path.resolve()}/collector.sqlite3"
    monkeypatch.setenv("TUSACH_COLLECTOR_DB", "postgresql://x@y/z")
    assert storage.default_url(tmp_path) == "postgresql://x@y/z"


def test_postgresql_urls_use_psycopg() -> None:
    engine = storage.engine_for("postgresql://u@127.0.0.1:1/db")
    assert engine.dialect.driver == "psycopg"
    assert engine.hide_parameters  # a failed insert logs no citizen's words
    assert Path(storage.MIGRATIONS / "env.py").is_file()
