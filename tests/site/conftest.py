"""Site-stage fixtures: the starter library built once, served on loopback, one Chromium."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generators.config import CLI_STAGES, load_config
from generators.pipeline import build
from generators.site.bundle import BUNDLE_FILES
from generators.speech.edge import EdgeEngine
from generators.speech.espeak import EspeakEngine
from tests.conftest import ROOT, TODAY
from tests.speech.fakes import FakeService

SUBPATH = "sub/site/"


def _load_bundle_server() -> Any:
    """The offline bundle's own server (stdlib only): byte ranges for audio seeking, the
    right MIME types, the site's 404 — what a real static host does."""
    spec = importlib.util.spec_from_file_location("mo_tu_sach", BUNDLE_FILES / "mo_tu_sach.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_BUNDLE_SERVER = _load_bundle_server()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The browser drops connections it no longer needs (BrokenPipe); not a test failure.
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, media_cache: Path) -> Path:
    """The real starter library (ROOT/content), built once with its Pagefind index.

    It is built into `<tmp>/sub/site`, so serving `<tmp>` puts it under a sub-path too.
    """
    site = tmp_path_factory.mktemp("served") / SUBPATH
    # With its audiobooks, videos, infographics and share cards (real espeak-ng, ffmpeg,
    # resvg); the online voice is a fake service
    # that cannot be reached, as on every machine here: the build must fall back.
    offline = FakeService(fail_first=10**6, error=ConnectionError)
    engines = {"espeak": EspeakEngine(), "edge": EdgeEngine(offline, backoff=0)}
    report = build(load_config(ROOT, site_dir=site, today=TODAY, search=True,
                               cache_dir=media_cache,
                               stages=CLI_STAGES),
                   engines=engines)
    assert report.ok, [p.format() for p in report.errors]
    assert report.detail("site", "indexed") > 0
    return site


class LocalServer:
    """A quiet stdlib HTTP server for `folder` on 127.0.0.1 at a free port; `stop()` is the
    network going away (connections are refused, as with no signal)."""

    def __init__(self, folder: Path) -> None:
        handler = type("SiteHandler", (_BUNDLE_SERVER.Handler,), {"root": folder})
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


Serve = Callable[[Path], str]


@pytest.fixture(scope="session")
def serve() -> Iterator[Serve]:
    """`serve(folder)` → base URL of a stdlib HTTP server on 127.0.0.1 at a free port."""
    servers: list[LocalServer] = []

    def start(folder: Path) -> str:
        servers.append(LocalServer(folder))
        return servers[-1].url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def base_url(built_site: Path, serve: Serve) -> str:
    """The starter site served at the server's root."""
    return serve(built_site)


@pytest.fixture(scope="session")
def subpath_url(built_site: Path, serve: Serve) -> str:
    """The same site served at `/sub/site/`, as on a host that is not the domain's root."""
    root = built_site
    for _ in SUBPATH.strip("/").split("/"):
        root = root.parent
    return serve(root) + SUBPATH


def new_page(browser: Any) -> tuple[Any, Any]:
    """A page in a fresh browser context (own cache, storage and service workers)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context (own localStorage and cache)."""
    context, page = new_page(browser)
    yield page
    context.close()


@pytest.fixture(scope="module")
def shared_page(browser: Any) -> Iterator[Any]:
    """One page for a module's tests that only read pages (warm cache, much faster)."""
    context, page = new_page(browser)
    yield page
    context.close()
