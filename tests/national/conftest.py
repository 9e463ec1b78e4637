"""Three synthetic provinces, really built (search on, media off) and mirrored into a
file:// repository, each served by Debian's nginx with the committed snippet on its own
127.0.0.1 port; and the national portal built from that repository."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

import build
from tests.national.synthetic import marker, province_files, write_library
from tests.site.conftest import LocalServer
from tests.site.nginx import MODULES, NGINX, Nginx, free_port

FAST = ["--quiet", "--no-audio", "--no-video", "--no-cards", "--no-bundle", "--no-ebooks",
        "--no-bulletins"]
PROVINCES = (("ha-giang", "Tủ sách pháp luật Hà Giang", 11, "2026-11-20"),
             ("ca-mau", "Tủ sách pháp luật Cà Mau", 12, "2026-11-22"),
             ("lao-cai", "Tủ sách pháp luật Lào Cai", 13, "2026-11-21"))
EXPLAINERS = 6


@dataclass(frozen=True)
class Built:
    key: str
    name: str
    seed: int
    url: str
    site: Path

    @property
    def word(self) -> str:
        return marker(self.seed)


@dataclass
class Country:
    repository: Path
    provinces: list[Built]
    nginx: Nginx


def _need_nginx() -> None:
    if not NGINX.exists() or not any(MODULES.glob("*brotli-static*.conf")):
        message = (f"{NGINX} hoặc mô-đun brotli_static không có: cài gói nginx và "
                   "libnginx-mod-http-brotli-static của Debian để chạy kiểm thử này")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def country(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Country]:
    _need_nginx()
    top = tmp_path_factory.mktemp("country")
    repository = top / "kho"
    ports = [free_port() for _ in PROVINCES]
    provinces = []
    for (key, name, seed, day), port in zip(PROVINCES, ports, strict=True):
        url = f"http://127.0.0.1:{port}/"
        root = write_library(top / key, province_files(seed, name, url, EXPLAINERS))
        assert build.main(["build", "--root", str(root), "--date", day, *FAST]) == 0
        assert build.main(["mirror", "--root", str(root), "--quiet", "--to",
                           f"file://{repository / key}"]) == 0
        provinces.append(Built(key, name, seed, url, root / "site"))
    snippet = Path(build.ROOT, "deploy", "nginx", "tusach.conf")
    with mock.patch("tests.site.nginx.free_port", side_effect=ports):
        server = Nginx(top / "nginx", [(p.site, "/", snippet) for p in provinces])
    yield Country(repository, provinces, server)
    server.stop()


class HeadersServer(LocalServer):
    """The stdlib server of the site's tests, sending what `_headers` says for each path."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        handler: Any = self._server.RequestHandlerClass
        original = handler.end_headers

        def end_headers(request: Any) -> None:
            for name, value in headers_for(folder / "_headers", request.path.split("?")[0]):
                request.send_header(name, value)
            original(request)

        handler.end_headers = end_headers


def headers_for(rules: Path, path: str) -> list[tuple[str, str]]:
    """Every header of every rule of a `_headers` file that matches `path` (hosts add them
    up), read from the file as it is now."""
    found: list[tuple[str, str]] = []
    pattern = None
    for line in rules.read_text(encoding="utf-8").splitlines() if rules.is_file() else []:
        if line.startswith("/"):
            pattern = line
        elif line.startswith("  ") and pattern is not None:
            hit = path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern
            if hit:
                name, value = line.strip().split(": ", 1)
                found.append((name, value))
    return found


@pytest.fixture(scope="session")
def portal_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """Where the portal is published, already served (the build swaps folders in place)."""
    site = tmp_path_factory.mktemp("portal") / "site-quoc-gia"
    server = HeadersServer(site)
    yield site, server.url
    server.stop()
