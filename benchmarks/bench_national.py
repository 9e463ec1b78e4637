"""Benchmark: the national portal's first query (issue 19, part 5).

Run by hand, not in CI:
    .venv/bin/python benchmarks/bench_national.py [--provinces 34] [--explainers 500]
                                                  [--real 2] [--work DIR]

Makes `--provinces` synthetic libraries (Vietnamese-looking syllables from a seeded
generator, tests/national/synthetic.py) of `--explainers` explainers each. The first
`--real` are built by the real build (`build.py build`, media off: no audio, video, cards,
e-books, bulletins, bundle). The others skip only MkDocs: the library is read and checked by
the real loader, indexed by the real Pagefind stage code (`generators.site.search.
write_index`, the same index documents and the same bundle a build publishes), each
explainer's page is that index document, and `catalogue.json`, OAI-PMH and Atom are the real
exports' (`generators.exports.publish.write_exports`). Every province is mirrored by the
real `build.py mirror` into one file:// repository, and `build.py national` builds the
portal from it.

Each province is served by Debian's nginx with the committed snippet
(deploy/nginx/tusach.conf: CORS on /pagefind/ only) on its own 127.0.0.1 port, and the
portal by nginx with the same snippet but the portal's own Content-Security-Policy (from
its `_headers`). In a fresh headless Chromium the search page is opened, then one query is
typed; the figures are the bytes on the wire (every request, headers included:
Chrome's encodedDataLength) from the query to its results, and the time from pressing Enter
to the results shown (the page's own `data-ms`, and the wall clock seen from here).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build  # noqa: E402
from generators.exports.publish import write_exports  # noqa: E402
from generators.library import read_library  # noqa: E402
from generators.media import SiteMedia  # noqa: E402
from generators.site.headers import NGINX_SNIPPET, content_security_policy  # noqa: E402
from generators.site.search import index_document, write_index  # noqa: E402
from generators.urls import page_url  # noqa: E402
from tests.national.conftest import headers_for  # noqa: E402
from tests.national.synthetic import SHARED, marker, province_files, write_library  # noqa: E402
from tests.site.nginx import _CONF as nginx_conf  # noqa: E402
from tests.site.nginx import Nginx, free_port  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
FAST = ["--quiet", "--no-audio", "--no-video", "--no-cards", "--no-bundle", "--no-ebooks",
        "--no-bulletins"]
DATE = "2026-12-01"
TARGET_BYTES = 1_000_000
TARGET_SECONDS = 1.0


def quietly(argv: list[str]) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = build.main(argv)
    if status != 0:
        raise SystemExit(f"build.py {' '.join(argv)} → {status}\n{out.getvalue()}")


def synthetic_site(root: Path, name: str, url: str) -> Path:
    """The province's site without MkDocs: real index, real exports, pages = index docs."""
    from datetime import date

    library, problems = read_library(root, date.fromisoformat(DATE))
    if library is None or problems.errors:
        raise SystemExit(f"{root}: {[p.format() for p in problems.errors]}")
    site = root / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    write_index(library, library.published, root / ".work", site / "pagefind")
    for explainer in library.published:
        page = site / page_url(explainer) / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(index_document(library, explainer), encoding="utf-8")
    write_exports(site, library, SiteMedia(), site_name=name, site_url=url)
    return site


def make_country(work: Path, count: int, explainers: int, real: int) -> list[tuple[str, str]]:
    """(key, url) of every province, built and mirrored into `work/kho`."""
    provinces = []
    for number in range(count):
        key, name = f"tinh-{number:02d}", f"Tủ sách pháp luật tỉnh thử {number:02d}"
        url = f"http://127.0.0.1:{free_port()}/"
        root = write_library(work / key, province_files(100 + number, name, url, explainers))
        started = time.perf_counter()
        if number < real:
            quietly(["build", "--root", str(root), "--date", DATE, *FAST])
            how = "real build"
        else:
            synthetic_site(root, name, url)
            how = "index + exports"
        quietly(["mirror", "--root", str(root), "--quiet", "--to", f"file://{work / 'kho' / key}"])
        print(f"  {key}: {how} + mirror, {time.perf_counter() - started:.1f} s", flush=True)
        provinces.append((key, url))
    return provinces


def site_url(root: Path) -> str:
    """The `site_url` a synthetic province was built with (its own port)."""
    for line in (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"{root}/mkdocs.yml: không có site_url")


def portal_snippet(portal: Path, target: Path) -> Path:
    """The committed snippet with the portal's own policy in place of a province's."""
    policy = dict(headers_for(portal / "_headers", "/"))["Content-Security-Policy"]
    target.write_text(NGINX_SNIPPET.read_text(encoding="utf-8").replace(
        content_security_policy(), policy), encoding="utf-8")
    return target


def measure(browser: Any, url: str, query: str) -> dict[str, float]:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    wire: dict[str, int] = {}
    requests: list[str] = []
    urls: dict[str, str] = {}

    def sent(event: dict[str, Any]) -> None:
        requests.append(event["request"]["url"])
        urls[event["requestId"]] = event["request"]["url"]

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished",
           lambda e: wire.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(f"{url}tim-kiem/", wait_until="networkidle")
    page_bytes, page_requests = sum(wire.values()), len(requests)
    wire.clear()
    requests.clear()
    page.fill("#q", query)
    started = time.perf_counter()
    page.press("#q", "Enter")
    page.wait_for_selector(f'[data-national-search][data-done="{query}"]', timeout=60000)
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    figures = {"page_bytes": page_bytes, "page_requests": page_requests,
               "query_bytes": sum(wire.values()), "query_requests": len(requests),
               "seconds": seconds, "page_ms": float(page.get_attribute(
                   "[data-national-search]", "data-ms") or "nan"),
               "results": len(page.query_selector_all(".result")),
               "provinces": len(set(page.eval_on_selector_all(
                   ".result .where", "els => els.map(e => e.dataset.province)"))),
               "unreachable": page.get_attribute("[data-national-search]",
                                                 "data-unreachable") or "",
               "kinds": kinds([(urls.get(r, "?"), n) for r, n in wire.items()])}
    context.close()
    return figures


KINDS = (("pagefind-entry.json", "entry"), (".pf_meta", "meta"), (".pf_index", "index"),
         (".pf_fragment", "fragment"), (".pf_filter", "filter"), ("wasm.", "wasm"),
         ("pagefind.js", "pagefind.js"))


def kinds(wire: list[tuple[str, int]]) -> dict[str, tuple[int, int]]:
    """Kind of file → (requests, bytes on the wire)."""
    found: dict[str, tuple[int, int]] = {}
    for url, size in wire:
        kind = next((k for pattern, k in KINDS if pattern in url), "other")
        count, total = found.get(kind, (0, 0))
        found[kind] = (count + 1, total + size)
    return dict(sorted(found.items(), key=lambda kv: -kv[1][1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--explainers", type=int, default=500)
    parser.add_argument("--real", type=int, default=2, help="provinces built by the real build")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tusach-bench-national"))
    parser.add_argument("--reuse", action="store_true",
                        help="measure again the provinces and portal already in --work")
    args = parser.parse_args()
    portal = args.work / "portal"
    if args.reuse:
        provinces = [(root.name, site_url(root)) for root in sorted(args.work.glob("tinh-*"))]
        print(f"{len(provinces)} provinces reused from {args.work}", flush=True)
    else:
        shutil.rmtree(args.work, ignore_errors=True)
        args.work.mkdir(parents=True)
        print(f"{args.provinces} provinces × {args.explainers} explainers "
              f"({args.real} by the real build); load average {os.getloadavg()}", flush=True)
        started = time.perf_counter()
        provinces = make_country(args.work, args.provinces, args.explainers, args.real)
        print(f"provinces ready in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        quietly(["national", "--root", str(args.work), "--repository",
                 f"file://{args.work / 'kho'}", "--site-dir", str(portal)])
        print(f"build.py national: {time.perf_counter() - started:.1f} s", flush=True)
    sites = [(args.work / key / "site", "/", NGINX_SNIPPET) for key, _ in provinces]
    ports = [int(url.rsplit(":", 1)[1].strip("/")) for _, url in provinces] + [free_port()]
    from unittest import mock

    snippet = portal_snippet(portal, args.work / "portal.conf")
    # One nginx serves every province here (each has its own server in the country): the
    # test harness's 64 connections would refuse some of the browser's, not a province.
    conf = nginx_conf.replace("worker_connections 64;", "worker_connections 4096;")
    with mock.patch("tests.site.nginx.free_port", side_effect=ports), \
            mock.patch("tests.site.nginx._CONF", conf):
        server = Nginx(args.work / "nginx", [*sites, (portal, "/", snippet)])
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=CHROMIUM_ARGS)
            url = server.urls[-1] + "/"
            for label, query in (("every province", SHARED), ("one province", marker(100))):
                figures = measure(browser, url, query)
                ok = figures["query_bytes"] <= TARGET_BYTES and figures["seconds"] <= TARGET_SECONDS
                print(f"first query “{query}” ({label}), fresh browser: "
                      f"{figures['query_bytes'] / 1e6:.3f} MB in {figures['query_requests']} "
                      f"requests, results in {figures['seconds']:.2f} s (page: "
                      f"{figures['page_ms'] / 1000:.2f} s); {figures['results']} results, "
                      f"{figures['provinces']} provinces among the first 10; search page "
                      f"itself {figures['page_bytes'] / 1e3:.1f} KB in "
                      f"{figures['page_requests']} requests; "
                      f"{'within' if ok else 'OVER'} target (≤ 1 MB, ≤ 1 s)"
                      + ("" if not figures["unreachable"] else " — INVALID: a province did "
                         "not answer")
                      + (f"; unreachable: {figures['unreachable']}" if figures["unreachable"]
                         else ""), flush=True)
                print("  by kind: " + ", ".join(
                    f"{kind} {n}× {size / 1e3:.1f} KB"
                    for kind, (n, size) in figures["kinds"].items()), flush=True)
            browser.close()
    finally:
        server.stop()
    print(f"load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
