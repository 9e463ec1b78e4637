"""Benchmark: page weight and search speed of the built starter library, in Chromium.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_weight.py [--site site]

Prints, with gzip (level 6, as a CDN sends it) sizes:
- first load of an explainer page: HTML, CSS, JS and fonts (images and media excluded);
- first load of a practice quiz page, and its own part (its HTML, quiz.js, quiz.css);
- the first search after that: everything else the search page and Pagefind fetch;
- what a reader's first visit keeps for offline use (the service worker's precache);
- search time after typing stops (keystroke → results on screen), cold and warm.
Budgets (issue 3): ≤ 120 KB first load, ≤ 150 KB first search, < 300 ms results;
(issue 16) a quiz page ≤ 120 KB first load, its own part ≤ QUIZ_BUDGET.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import re
import statistics
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXPLAINER = "lao-dong/thoi-gian-thu-viec/"
QUIZ = "trac-nghiem/lao-dong/"
QUIZ_BUDGET = 25_000
"""Bytes (gzip) of a quiz page's own part: its HTML, quiz.js and quiz.css."""
QUERIES = ["dat dai", "thu viec bao lau", "nong do con", "45/2019/QH14", "hoa giai o co so",
           "ly hon nuoi con", "luaatj ddaats ddai", "lua dao qua dien thoai", "so do",
           "quyen nguoi tieu dung"]
COUNTED = {"document", "stylesheet", "script", "font", "fetch", "xhr", "other", "manifest"}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Time from the last keystroke to the moment the results list changes.
TIMER_JS = """() => {
  window.__lastInput = 0; window.__doneAt = 0;
  document.getElementById('tsp-search-q').addEventListener('input', () => {
    window.__lastInput = performance.now(); });
  new MutationObserver(() => { window.__doneAt = performance.now(); })
    .observe(document.getElementById('tsp-search'), {attributes: true,
             attributeFilter: ['data-done']});
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=None,
                        help="a built site; default: build the starter library into benchmarks/out")
    args = parser.parse_args()
    site = args.site
    if site is None:
        site = ROOT / "benchmarks" / "out" / "weight-site"
        subprocess.run([sys.executable, str(ROOT / "build.py"), "--quiet", "--no-bundle",
                        "--date", "2026-11-23", "--site-dir", str(site)], check=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        # Service workers off: this measures what the page itself needs.
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        fetched = watch(page, base)
        page.goto(base + EXPLAINER, wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        first = dict(fetched)
        print(f"First load of {EXPLAINER} (gzip -6; images excluded):")
        report(first, base)

        quiz_first = first_load(browser, base, QUIZ)
        print(f"\nFirst load of {QUIZ} (gzip -6; images excluded):")
        report(quiz_first, base)
        own = sum(z for url, (_, _, z) in quiz_first.items()
                  if url == base + QUIZ or "/quiz/quiz." in url)
        verdict = "within" if own <= QUIZ_BUDGET else "OVER"
        print(f"  the quiz's own part (HTML + quiz.js + quiz.css): {own / 1000:.1f} KB, "
              f"{verdict} the {QUIZ_BUDGET / 1000:.0f} KB budget")

        page.goto(base + "tim-kiem/", wait_until="networkidle")
        page.evaluate(TIMER_JS)
        timings = []
        for query in QUERIES:
            box = page.locator("#tsp-search-q")
            box.fill("")
            box.press_sequentially(query, delay=40)
            expected = page.evaluate("q => window.tspSearch.normalise(q)", query)
            page.wait_for_function("q => document.getElementById('tsp-search')"
                                   ".getAttribute('data-done') === q", arg=expected)
            page.wait_for_timeout(50)
            done, last = page.evaluate("[window.__doneAt, window.__lastInput]")
            timings.append((query, done - last))
            if len(timings) == 1:
                search = {u: v for u, v in fetched.items() if u not in first}
                print("\nFirst search (search page + Pagefind, after the explainer page):")
                report(search, base)
        print("\nSearch time after typing stops (includes the 100 ms typing pause):")
        for query, ms in timings:
            print(f"  {query!r:28} {ms:6.0f} ms")
        warm = [ms for _, ms in timings[1:]]
        print(f"  cold {timings[0][1]:.0f} ms; warm median {statistics.median(warm):.0f} ms, "
              f"max {max(warm):.0f} ms")
        browser.close()
    server.shutdown()

    sw = (site / "sw.js").read_text("utf-8")
    entries = json.loads(re.search(r"var PRECACHE = (\[.*?\n\]);", sw, re.S)[1])
    raw = zipped = 0
    for url, _ in entries:
        path = site / url.split("?")[0]
        path = path / "index.html" if url.endswith("/") or not url else path
        data = path.read_bytes()
        raw += len(data)
        zipped += gz(data)
    print(f"\nOffline precache (first visit, in the background): {len(entries)} files, "
          f"{raw / 1000:.0f} KB raw, {zipped / 1000:.0f} KB gzip")


def watch(page: Any, base: str) -> dict[str, tuple[str, int, int]]:
    """URL → (kind, raw size, gzip size) of what `page` fetches from `base`, filled as it
    loads; a response whose page was navigated away before it arrived has no body
    (Playwright raises) and is left out."""
    from playwright.sync_api import Error as PlaywrightError

    fetched: dict[str, tuple[str, int, int]] = {}

    def record(response: Any) -> None:
        kind = response.request.resource_type
        if kind not in COUNTED or not response.url.startswith(base) or response.status != 200:
            return
        try:
            body = response.body()
        except PlaywrightError:
            return
        fetched.setdefault(response.url, (kind, len(body), gz(body)))

    page.on("response", record)
    return fetched


def first_load(browser: Any, base: str, url: str) -> dict[str, tuple[str, int, int]]:
    """What a fresh browser fetches to show `url` (no cache, no service worker)."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    fetched = watch(page, base)
    page.goto(base + url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    context.close()
    return fetched


def report(files: dict[str, tuple[str, int, int]], base: str) -> None:
    total_raw = total_gz = 0
    for url, (kind, raw, zipped) in sorted(files.items(), key=lambda kv: -kv[1][2]):
        print(f"  {kind:10} {zipped / 1000:7.1f} KB  ({raw / 1000:6.1f} KB raw)  "
              f"{url.removeprefix(base)}")
        total_raw += raw
        total_gz += zipped
    print(f"  {'total':10} {total_gz / 1000:7.1f} KB  ({total_raw / 1000:6.1f} KB raw)")


if __name__ == "__main__":
    main()
