"""The collector's fixtures: a small library with a survey, a database on SQLite and on a
real PostgreSQL (Debian's, started on loopback in a temporary folder), and the app."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from generators.collector import storage
from generators.collector.app import create_app
from generators.collector.settings import Settings
from generators.library import load_library
from generators.library.model import Library
from tests.conftest import TODAY, LibraryMaker

SITE = "https://tusach.example.gov.vn/tu-sach/"
ORIGIN = "https://tusach.example.gov.vn"
SURVEY = """\
title: Khảo sát mức độ hài lòng
opens: 2026-12-01
closes: 2027-01-31
satisfaction: hai-long
questions:
  - id: hai-long
    type: rating5
    text: Bạn hài lòng thế nào với tủ sách?
    required: true
  - id: doi-tuong
    type: select_one
    text: Bạn là
    choices: [Người dân, Doanh nghiệp]
  - id: dung-gi
    type: select_multiple
    text: Bạn đã dùng những gì?
    choices: [Đọc bài, Nghe sách nói, Xem video]
  - id: tuoi
    type: integer
    text: Bạn bao nhiêu tuổi?
    min: 10
    max: 120
  - id: gop-y
    type: text
    text: Bạn muốn thêm gì?
    max_length: 300
"""
TRANSLATION = "---\ntitle: Probation\ndescription: Short.\n---\n## Probation\n\nUp to 60 days.\n"
OPEN_DAY = date(2026, 12, 15)


def postgres_bin() -> Path | None:
    """Debian's PostgreSQL programs (the newest installed), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server for this session on 127.0.0.1: its base URL (no database)."""
    programs = postgres_bin()
    if programs is None:
        message = ("PostgreSQL của Debian không có (/usr/lib/postgresql/*/bin): "
                   "apt-get install -y postgresql, hoặc chạy scripts/test.sh")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="tusach-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
        shutil.chown(folder, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    subprocess.run([*prefix, str(programs / "initdb"), "-D", str(data), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-sync"], check=True,
                   capture_output=True)
    options = f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*prefix, str(programs / "pg_ctl"), "-D", str(data), "-o", options,
                    "-l", str(folder / "log"), "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


_COUNTER = iter(range(1_000_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a new database on the session's PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'collector.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"t{os.getpid()}_{next(_COUNTER)}"
    admin = storage.engine_for(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield f"{server}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def library(tmp_library: LibraryMaker) -> Library:
    root = tmp_library({"surveys/hai-long.yml": SURVEY,
                        "content/lao-dong/thu-viec.en.md": TRANSLATION})
    loaded, problems = load_library(root, TODAY)
    assert loaded is not None, [p.format() for p in problems.errors]
    return loaded


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    storage.migrate(db_url)
    made = storage.engine_for(db_url)
    yield made
    made.dispose()


Maker = Callable[..., TestClient]


@pytest.fixture
def make_client(library: Library, engine: sa.Engine) -> Iterator[Maker]:
    """A TestClient over the app with `settings` changed as asked."""
    clients: list[TestClient] = []

    def make(client: tuple[str, int] = ("192.0.2.1", 50000), **options: Any) -> TestClient:
        options.setdefault("today", lambda: OPEN_DAY)
        settings = Settings.from_library(library, SITE, engine, **options)
        made = TestClient(create_app(settings), base_url="http://collector.test",
                          follow_redirects=False, raise_server_exceptions=False, client=client)
        clients.append(made)
        return made

    yield make
    for made in clients:
        made.close()


@pytest.fixture
def client(make_client: Maker) -> TestClient:
    return make_client()


def wait_until(condition: Callable[[], bool], seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.05)
