"""The collector's fixtures: a small library with a survey, a database on SQLite and on a
real PostgreSQL (Debian's, started on loopback in a temporary folder), and the app; a contest
built in code (a bank of every question type), a settable server clock and its app."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from generators.collector import storage
from generators.collector.app import create_app
from generators.collector.forms import Catalogue
from generators.collector.settings import Settings
from generators.library import load_library
from generators.library.contest_pool import Drawn
from generators.library.model import Basis, Contest, Library, QuizBank, QuizQuestion
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


# ---- contests ------------------------------------------------------------------------------

VN = timezone(timedelta(hours=7))
BASIS = (Basis("45/2019/QH14", "20"),)
FILL_ANSWER = "thỏa ước lao động tập thể"


def _q(qid: str, kind: str, level: int = 1, **values: Any) -> QuizQuestion:
    return QuizQuestion(qid, kind, values.pop("text", f"Câu hỏi {qid}?"), 1, BASIS,
                        level=level, explanation=f"Giải thích bí mật {qid}.", **values)


CONTEST_BANK = QuizBank("thi-lao-dong", "quizzes/thi-lao-dong.yml", "Ngân hàng thi", (
    _q("loai-hop-dong", "single", text="Hợp đồng <b>lao động</b> & “mấy” loại?",
       choices=("Một loại", "Hai loại", "Ba loại"), answers=("Hai loại",)),
    _q("quyen", "multiple", choices=("Nghỉ hằng năm", "Làm thêm không giới hạn",
                                     "Được trả lương", "Bị phạt tiền lương"),
       answers=("Nghỉ hằng năm", "Được trả lương")),
    _q("thu-viec", "true_false", truth=True),
    _q("thoa-uoc", "fill", answers=(FILL_ANSWER,), loose=True),
    _q("trinh-tu", "order", items=("Đề nghị", "Thương lượng", "Ký kết")),
    _q("ghep", "match", pairs=(("Thử việc", "60 ngày"), ("Báo trước", "30 ngày"),
                                ("Nghỉ phép", "12 ngày"))),
    _q("so-thang", "numeric", number=36.0, unit="tháng"),
    _q("kho-1", "single", 2, choices=("Có", "Không"), answers=("Có",)),
    _q("kho-2", "true_false", 2, truth=False),
))
OPENS = datetime(2026, 12, 1, 8, 0, tzinfo=VN)
CLOSES = datetime(2026, 12, 10, 17, 0, tzinfo=VN)
CONTEST = Contest("thi-2026", "quizzes/contests/thi-2026.yml",
                  "Cuộc thi tìm hiểu pháp luật lao động", OPENS, CLOSES, (CONTEST_BANK.key,),
                  8, 15, draw=MappingProxyType({1: 7, 2: 1}),
                  attempts=1, participant=("name", "phone", "unit"), predict_participants=True,
                  ranking=("score", "seconds", "prediction"), certificate_score=6,
                  grace_seconds=30)
DURING = datetime(2026, 12, 2, 9, 0, tzinfo=VN)
PERSON = {"name": "Nguyễn Văn An", "phone": "0912 345 678", "unit": "Xã Tân Lập",
          "prediction": "1200"}


def contest_pool(contest: Contest, banks: Mapping[str, QuizBank]) -> tuple[Drawn, ...]:
    return tuple(sorted((Drawn(f"{key}/{q.id}", q) for key in contest.banks
                         for q in banks[key].questions), key=lambda d: d.ref))


class Clock:
    """The server's clock, set by the test."""

    def __init__(self, now: datetime = DURING) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def contest_settings(engine: sa.Engine, clock: Callable[[], datetime],
                     contests: tuple[Contest, ...] = (CONTEST,), **options: Any) -> Settings:
    banks = MappingProxyType({CONTEST_BANK.key: CONTEST_BANK})
    return Settings(site_url=SITE, catalogue=Catalogue(frozenset(), frozenset(),
                                                       frozenset({"vi"})),
                    surveys=MappingProxyType({}), engine=engine,
                    contests=MappingProxyType({c.key: c for c in contests}), quizzes=banks,
                    pools=MappingProxyType({c.key: contest_pool(c, banks) for c in contests}),
                    clock=clock, **options)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_contest_client(engine: sa.Engine, clock: Clock) -> Iterator[Maker]:
    """A TestClient over an app serving CONTEST (and any contests given) on `clock`."""
    clients: list[TestClient] = []

    def make(client: tuple[str, int] = ("192.0.2.7", 50000), **options: Any) -> TestClient:
        made = TestClient(create_app(contest_settings(engine, clock, **options)),
                          base_url="http://collector.test", follow_redirects=False,
                          raise_server_exceptions=False, client=client)
        clients.append(made)
        return made

    yield make
    for made in clients:
        made.close()


@pytest.fixture
def contest_client(make_contest_client: Maker) -> TestClient:
    return make_contest_client()


def right_answer(question: QuizQuestion) -> Any:
    """A right response to `question` in the JSON shapes (written as a person might)."""
    kind = question.type
    if kind == "single":
        return question.answers[0]
    if kind == "multiple":
        return list(reversed(question.answers))
    if kind == "true_false":
        return question.truth
    if kind == "fill":
        return "  THOA UOC lao dong tap the "  # loose: no diacritics, other case and spaces
    if kind == "order":
        return list(question.items)
    if kind == "match":
        return {left: right for left, right in reversed(question.pairs)}
    if kind == "numeric":
        return "36,0"
    raise ValueError(kind)


def wrong_answer(question: QuizQuestion) -> Any:
    kind = question.type
    if kind == "single":
        return next(c for c in question.choices if c != question.answers[0])
    if kind == "multiple":
        return list(question.answers[:1])
    if kind == "true_false":
        return not question.truth
    if kind == "fill":
        return "hợp đồng"
    if kind == "order":
        return list(reversed(question.items))
    if kind == "match":
        lefts = [left for left, _ in question.pairs]
        rights = [right for _, right in question.pairs]
        return dict(zip(lefts, rights[1:] + rights[:1], strict=True))
    if kind == "numeric":
        return 35
    raise ValueError(kind)
