"""`python build.py collector …`: the command line of generators/commands/collector.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

import build
from generators.collector import storage
from tests.collector.conftest import SITE, SURVEY, _free_port, wait_until
from tests.conftest import ROOT, LibraryMaker


def test_a_library_with_errors_is_exit_1_with_its_problems(tmp_library: LibraryMaker,
                                                           capsys) -> None:
    root = tmp_library({"surveys/hong.yml": "title: x\n"})
    status = build.main(["collector", "serve", "--root", str(root), "--site-url", SITE,
                         "--db", f"sqlite:///{root / 'c.sqlite3'}"])
    assert status == 1
    assert "surveys/hong.yml:1:" in capsys.readouterr().err
    assert not (root / "c.sqlite3").exists()


def test_serve_needs_the_site_url(tmp_library: LibraryMaker, capsys) -> None:
    root = tmp_library()
    assert build.main(["collector", "serve", "--root", str(root)]) == 2
    assert "--site-url" in capsys.readouterr().err


def test_export_of_a_missing_database_is_a_usage_error(tmp_library: LibraryMaker,
                                                       capsys) -> None:
    root = tmp_library()
    assert build.main(["collector", "export", "--root", str(root)]) == 2
    assert "collector.sqlite3" in capsys.readouterr().err


def test_migrate_export_backup(tmp_library: LibraryMaker, tmp_path: Path, capsys,
                               monkeypatch) -> None:
    monkeypatch.delenv("TUSACH_COLLECTOR_DB", raising=False)
    root = tmp_library()
    assert build.main(["collector", "migrate", "--root", str(root)]) == 0
    url = storage.default_url(root)
    engine = storage.engine_for(url)
    storage.store(engine, "feedback", {"page": "lao-dong/thu-viec/", "useful": True,
                                       "text": None, "lang": None})
    engine.dispose()
    capsys.readouterr()
    assert build.main(["collector", "export", "--root", str(root)]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["page"] == "lao-dong/thu-viec/"
    assert build.main(["collector", "export", "--root", str(root), "--format", "csv"]) == 2
    assert build.main(["collector", "export", "--root", str(root), "--format", "csv",
                       "--kind", "feedback"]) == 0
    assert capsys.readouterr().out.startswith("kind,received,page,useful,text,lang\n")
    copy = tmp_path / "copy.sqlite3"
    assert build.main(["collector", "backup", "--root", str(root), "--to", str(copy)]) == 0
    assert len(list(storage.records(f"sqlite:///{copy}"))) == 1


def test_serve_for_real_logs_no_client_address(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"surveys/hai-long.yml": SURVEY})
    port = _free_port()
    env = {**os.environ, "TUSACH_COLLECTOR_DB": f"sqlite:///{root / 'db.sqlite3'}"}
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "collector", "serve", "--root", str(root),
         "--site-url", SITE, "--port", str(port), "--date", "2026-11-23"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        def up() -> bool:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                return False
        wait_until(up, 60)
        answer = httpx.post(f"http://127.0.0.1:{port}/feedback",
                            data={"page": "lao-dong/thu-viec/", "useful": "co"},
                            headers={"User-Agent": "UA-Marker/1.0"})
        assert answer.status_code == 303
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert "127.0.0.1:" + str(port) in output  # uvicorn says where it listens …
    assert "POST" not in output and "UA-Marker" not in output  # … and logs no request
    assert len(list(storage.records(env["TUSACH_COLLECTOR_DB"]))) == 1


def test_report_reads_the_records(tmp_library: LibraryMaker, capsys) -> None:
    root = tmp_library({"surveys/hai-long.yml": SURVEY})
    url = f"sqlite:///{root / 'c.sqlite3'}"
    storage.migrate(url)
    engine = storage.engine_for(url)
    storage.store(engine, "survey", {"survey": "hai-long", "answers": {"hai-long": 5}})
    storage.store(engine, "feedback", {"page": "lao-dong/thu-viec/", "useful": True,
                                       "text": None, "lang": None})
    engine.dispose()
    assert build.main(["collector", "report", "--root", str(root), "--db", url, "--format",
                       "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["records"]["survey"] == 1 and data["satisfaction"][0]["n"] == 1
    assert build.main(["collector", "report", "--root", str(root), "--db", url]) == 0
    assert capsys.readouterr().out.strip()
