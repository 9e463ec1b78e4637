"""Many attempts at once under a real uvicorn, on SQLite and PostgreSQL: 200 participants
register and submit from 8 threads while a quarter of them also send a second, simultaneous
submission. None is lost, each is graded once, and every stored score is what a sequential
regrade of the stored responses gives (and what the participant was told)."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from generators.collector import storage
from generators.collector.app import UVICORN, create_app
from generators.quiz.grading import grade
from tests.collector.conftest import (
    CONTEST,
    CONTEST_BANK,
    DURING,
    _free_port,
    contest_settings,
    right_answer,
    wait_until,
    wrong_answer,
)

ATTEMPTS = 200
THREADS = 8
QUESTIONS = {f"{CONTEST_BANK.key}/{q.id}": q for q in CONTEST_BANK.questions}
JSON = {"Accept": "application/json"}


def running_clock() -> Any:
    """The server's clock during the contest, moving as real time does."""
    began = time.monotonic()
    return lambda: DURING + timedelta(seconds=time.monotonic() - began)


@pytest.fixture
def server(engine: sa.Engine) -> Iterator[str]:
    settings = contest_settings(engine, running_clock(), contest_burst=100_000,
                                contest_per_minute=100_000)
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", **UVICORN)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    wait_until(lambda: running.started)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(30)


def test_many_attempts_at_once_lose_nothing_and_grade_identically(server, engine) -> None:
    told: dict[str, int] = {}
    expected: dict[str, int] = {}
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    cursor = iter(range(ATTEMPTS))
    replays: list[tuple[str, dict[str, Any]]] = []

    def participant(client: httpx.Client, n: int) -> None:
        rng = random.Random(n)
        reply = client.post(f"{server}/contests/{CONTEST.key}/attempts", headers=JSON, json={
            "name": f"Người dự thi {n}", "phone": f"+84 90 {n:07d}", "unit": "Xã Tân Lập",
            "prediction": str(n)})
        assert reply.status_code == 201, reply.text
        data = reply.json()
        given: dict[str, Any] = {}
        right = 0
        for question in data["questions"]:
            known = QUESTIONS[question["id"]]
            if rng.random() < 0.2:
                continue  # unanswered: wrong
            good = rng.random() < 0.6
            given[question["id"]] = (right_answer if good else wrong_answer)(known)
            right += good
        body = {"answers": given}
        with lock:
            expected[data["attempt"]] = right
            if n % 4 == 0:
                replays.append((data["submit"], body))
        answer = client.post(f"{server}/{data['submit']}", headers=JSON, json=body)
        with lock:
            statuses[answer.status_code] += 1
            if answer.status_code == 200:
                told[data["attempt"]] = answer.json()["score"]

    def worker() -> None:
        with httpx.Client(timeout=60) as client:
            while True:
                with lock:
                    n = next(cursor, None)
                    replay = replays.pop() if replays and n is not None and n % 2 else None
                if replay is not None:  # another device submitting the same attempt
                    with lock:
                        statuses[0] += 1  # replays sent
                    again = client.post(f"{server}/{replay[0]}", headers=JSON, json=replay[1])
                    with lock:
                        statuses[again.status_code] += 1
                        if again.status_code == 200:
                            told[replay[0].rsplit("/", 1)[1]] = again.json()["score"]
                if n is None:
                    return
                participant(client, n)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    records = list(storage.records(engine, "attempt"))
    assert len(records) == ATTEMPTS == len(expected)
    assert all(r["score"] is not None and r["submitted"] is not None for r in records)
    assert statuses[200] == ATTEMPTS  # each attempt graded by exactly one submission
    assert statuses[409] == statuses[0] > 10  # every replay refused
    assert set(statuses) <= {0, 200, 409}
    assert len({r["certificate"] for r in records}) == ATTEMPTS
    assert len({r["participant_key"] for r in records}) == ATTEMPTS
    for record in records:
        regraded = sum(ref in record["responses"]
                       and grade(QUESTIONS[ref], record["responses"][ref])
                       for ref in record["questions"])
        assert record["score"] == regraded == expected[record["attempt"]] == \
            told[record["attempt"]]
        assert 0 <= record["seconds"] < 120
        started = datetime.fromisoformat(record["started"].replace("Z", "+00:00"))
        assert started >= DURING
