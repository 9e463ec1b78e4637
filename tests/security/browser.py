"""Open built pages in headless Chromium with no CSP at all, and report any script that
text made run: alert/prompt/confirm/print, a marker call, a dialog, or a console line."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MARKER = "__tspXss"
"""The function vectors call instead of alert (and the flag the hooks set)."""
HOOK = f"""
(() => {{
  window.{MARKER}Hits = [];
  const hit = (how) => function () {{
    window.{MARKER}Hits.push(how + ':' + Array.from(arguments).join(','));
  }};
  window.{MARKER} = hit('marker');
  for (const name of ['alert', 'prompt', 'confirm', 'print']) {{
    try {{
      Object.defineProperty(window, name, {{value: hit(name), writable: false,
                                           configurable: false}});
    }} catch (e) {{ window[name] = hit(name); }}
  }}
}})();
"""


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class _Plain(SimpleHTTPRequestHandler):
    """A file server with no security headers at all."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def plain_server(folder: Path) -> Iterator[str]:
    """`folder` on http://127.0.0.1:<free port>/, no headers beyond the stdlib's."""
    handler = functools.partial(_Plain, directory=str(folder))
    server = _Quiet(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class Watch:
    """One browser context without CSP (even the pages' own meta CSP is bypassed), with
    the hooks installed before any script of the page runs."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(bypass_csp=True, java_script_enabled=True,
                                           service_workers="block")
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(HOOK)
        # Styles, fonts and media change nothing a vector can run (style= and <style> are
        # not let through anyway) and take most of the time: refused. A refused image
        # still fires its error event, so onerror vectors are tried harder, not less.
        self.context.route("**/*", self._route)
        self.events: list[str] = []
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self._console(m.text))
        self.page.on("pageerror", lambda e: None)

    @staticmethod
    def _route(route: Any) -> None:
        if route.request.resource_type in ("stylesheet", "font", "media", "image"):
            route.abort()
        else:
            route.continue_()

    def _dialog(self, dialog: Any) -> None:
        self.events.append(f"dialog {dialog.type}: {dialog.message}")
        # Dismissing "beforeunload" would keep the page and stall every later visit.
        if dialog.type == "beforeunload":
            dialog.accept()
        else:
            dialog.dismiss()

    def _console(self, text: str) -> None:
        if MARKER in text or "alert(1)" in text:
            self.events.append(f"console: {text}")

    def visit(self, url: str, settle_ms: int = 150) -> list[str]:
        """Open `url`, wait for it to settle, return what ran ("" list: nothing)."""
        self.events = []
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(settle_ms)
        hits = self.page.evaluate(f"window.{MARKER}Hits || []")
        return [f"{url}: {h}" for h in hits] + [f"{url}: {e}" for e in self.events]

    def visit_many(self, base: str, folder: Path, rels: list[str], batch: int = 30,
                   settle_ms: int = 400) -> list[str]:
        """Open the pages `rels` of the site served from `folder` at `base`, `batch` at a
        time as same-origin iframes of one harness page (the hooks run in every frame).
        What ran is reported with the frame's own URL. (Autofocus fires in one frame of a
        batch only: the static checks catch every event handler attribute anyway.)"""
        ran: list[str] = []
        harness = folder / "__tsp-harness.html"
        try:
            for start in range(0, len(rels), batch):
                # Sandboxed without allow-top-navigation: a vector that ran cannot take
                # the harness away (top.location = …) and hide what the others did.
                frames = "".join(f'<iframe src="{rel}" width="400" height="300" '
                                 'sandbox="allow-scripts allow-same-origin allow-forms">'
                                 "</iframe>" for rel in rels[start:start + batch])
                harness.write_text(f"<!doctype html><meta charset=utf-8>{frames}", "utf-8")
                self.events = []
                try:
                    self.page.goto(base + harness.name, wait_until="load", timeout=30_000)
                except Exception as error:  # a frame that never loads: say so, read the rest
                    ran.append(f"{base}{harness.name} (batch {start}): {error}".split("\n")[0])
                self.page.wait_for_timeout(settle_ms)
                for frame in self.page.frames:
                    try:
                        hits = frame.evaluate(f"window.{MARKER}Hits || []")
                    except Exception as error:  # a frame that navigated away meanwhile
                        hits = [f"frame unreadable: {error}"]
                    ran += [f"{frame.url}: {h}" for h in hits]
                ran += [f"{base}{harness.name} (batch {start}): {e}" for e in self.events]
        finally:
            harness.unlink(missing_ok=True)
        return ran

    def close(self) -> None:
        self.context.close()
