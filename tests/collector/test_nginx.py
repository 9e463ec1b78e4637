"""deploy/nginx/collector.conf for real: Debian's nginx ends TLS in front of the collector
(--trust-proxy), so the rate limit sees each reader's own address and not one a client
writes into X-Forwarded-For; nothing of a request is logged."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from generators.collector.app import UVICORN, create_app
from generators.collector.settings import Settings
from tests.collector.conftest import OPEN_DAY, SITE, _free_port, wait_until
from tests.conftest import ROOT

NGINX = Path("/usr/sbin/nginx")


@pytest.fixture
def behind_nginx(library, engine, tmp_path: Path) -> Iterator[str]:
    if not NGINX.exists() or shutil.which("openssl") is None:
        pytest.skip("cần nginx và openssl của Debian (apt-get install nginx openssl)")
    settings = Settings.from_library(library, SITE, engine, today=lambda: OPEN_DAY,
                                     trust_proxy=True, burst=2, per_minute=1)
    port, plain, tls = _free_port(), _free_port(), _free_port()
    running = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                            log_level="warning", **UVICORN))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(tmp_path / "k.pem"),
                    "-out", str(tmp_path / "c.pem")], check=True, capture_output=True)
    conf = (ROOT / "deploy/nginx/collector.conf").read_text("utf-8")
    conf = re.sub(r"\n\s*listen \[::\].*", "", conf)
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{plain};")
    conf = conf.replace("listen 443 ssl", f"listen 127.0.0.1:{tls} ssl")
    conf = conf.replace("127.0.0.1:8400", f"127.0.0.1:{port}")
    conf = conf.replace("/etc/ssl/tusach/gop-y.crt", str(tmp_path / "c.pem"))
    conf = conf.replace("/etc/ssl/tusach/gop-y.key", str(tmp_path / "k.pem"))
    conf = conf.replace("/var/log/nginx/tusach-collector.error.log", str(tmp_path / "e.log"))
    (tmp_path / "collector.conf").write_text(conf, "utf-8")
    temp = "".join(f"{name}_temp_path {tmp_path}/{name};\n"
                   for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/main.log;\ndaemon off;\n"
        f"events {{}}\nhttp {{\n{temp}include {tmp_path}/collector.conf;\n}}\n", "utf-8")
    nginx = subprocess.Popen([str(NGINX), "-c", str(tmp_path / "nginx.conf"),
                              "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        wait_until(lambda: running.started)

        def up() -> bool:
            assert nginx.poll() is None, nginx.stderr.read() if nginx.stderr else ""
            try:
                return httpx.get(f"https://127.0.0.1:{tls}/health", verify=False).is_success
            except httpx.TransportError:
                return False
        wait_until(up)
        yield f"https://127.0.0.1:{tls}"
    finally:
        nginx.terminate()
        nginx.wait(30)
        running.should_exit = True
        thread.join(30)


def test_through_nginx_each_reader_has_its_own_limit(behind_nginx, tmp_path) -> None:
    body = {"page": "lao-dong/thu-viec/", "useful": "co"}

    def posts(address: str, count: int) -> list[int]:
        transport = httpx.HTTPTransport(local_address=address, verify=False)
        with httpx.Client(transport=transport) as client:
            return [client.post(f"{behind_nginx}/feedback", data=body,
                                headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
                    for i in range(count)]
    # A client's own X-Forwarded-For is replaced by nginx: it cannot pick new addresses.
    assert posts("127.0.0.1", 4) == [303, 303, 429, 429]
    assert posts("127.0.0.2", 1) == [303]
    assert httpx.get(f"{behind_nginx.replace('https', 'http')}/health").status_code == 400
    logged = [p for p in tmp_path.rglob("*.log") if "/feedback" in p.read_text("utf-8")]
    assert logged == []  # no access log
