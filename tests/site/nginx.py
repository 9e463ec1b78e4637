"""Debian's nginx, run by a test as a foreground process on loopback with our snippet."""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
import time
from pathlib import Path

NGINX = Path("/usr/sbin/nginx")
MODULES = Path("/etc/nginx/modules-enabled")
_CONF = """\
daemon off;
master_process on;
worker_processes 1;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{modules}
events {{ worker_connections 64; }}
http {{
    access_log off;
    sendfile on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{servers}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Nginx:
    """`servers`: (root, location, snippet) — the site's files under `root`, served at
    `location` ("/" or "/sub/site/") with `include snippet;`; one port each."""

    def __init__(self, tmp: Path, servers: list[tuple[Path, str, Path]]) -> None:
        tmp.mkdir(parents=True, exist_ok=True)
        self.ports = [free_port() for _ in servers]
        blocks = []
        for port, (root, location, snippet) in zip(self.ports, servers, strict=True):
            inner = f"include {snippet};"
            if location != "/":
                inner = f"location {location} {{ {inner} }}"
            blocks.append(f"    server {{ listen 127.0.0.1:{port}; root {root}; {inner} }}")
        modules = "".join(f"include {p};\n" for p in sorted(MODULES.glob("*.conf")))
        # As root the workers would switch to nobody, who cannot read pytest's 0700 folders.
        user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
        self.conf = tmp / "nginx.conf"
        self.conf.write_text(_CONF.format(tmp=tmp, user=user, modules=modules,
                                          servers="\n".join(blocks)), encoding="utf-8")
        self.log = tmp / "error.log"
        self.process = subprocess.Popen(
            [str(NGINX), "-e", str(self.log), "-c", str(self.conf)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_until_listening()
        self.urls = [f"http://127.0.0.1:{port}" for port in self.ports]

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                errors = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"nginx stopped: {errors}")
            try:
                socket.create_connection(("127.0.0.1", self.ports[-1]), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start listening within 10 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
