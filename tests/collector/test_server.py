"""The collector under a real uvicorn on 127.0.0.1: a flood of 2,000 posts from one address
is mostly refused (under 1 % stored) while readers from other addresses are served."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from generators.collector import storage
from generators.collector.app import UVICORN, create_app
from generators.collector.settings import Settings
from tests.collector.conftest import OPEN_DAY, SITE, _free_port, wait_until

FLOOD = 2000


@pytest.fixture
def server(library, engine) -> Iterator[str]:
    settings = Settings.from_library(library, SITE, engine, today=lambda: OPEN_DAY)
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


def _client(address: str, **options: Any) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(transport=transport, timeout=30, **options)


def test_a_flood_from_one_address_is_refused_while_others_are_served(server, engine) -> None:
    body = {"page": "lao-dong/thu-viec/", "useful": "co"}
    statuses: dict[int, int] = {}
    served: list[int] = []
    with _client("127.0.0.1") as flood:
        for i in range(FLOOD):
            answer = flood.post(f"{server}/feedback", data=body)
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
            if i % 200 == 100:  # a reader from another address, in the middle of the flood
                with _client(f"127.0.0.{2 + i // 200}") as reader:
                    served.append(reader.post(f"{server}/feedback", json=body,
                                              headers={"Accept": "application/json"})
                                  .status_code)
    assert served == [201] * 10
    assert statuses[429] > FLOOD * 0.99
    from_flood = len(list(storage.records(engine))) - len(served)
    assert from_flood < FLOOD / 100
    assert statuses.get(303, 0) == from_flood


def test_health_and_a_post_over_real_http(server) -> None:
    with _client("127.0.0.1") as client:
        assert client.get(f"{server}/health").json() == {"ok": True}
        answer = client.post(f"{server}/questions", data={"question": "Hỏi qua HTTP thật nhé"})
        assert answer.status_code == 303 and "set-cookie" not in answer.headers
        assert "server" not in answer.headers
