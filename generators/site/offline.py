"""Offline reading: the web app manifest and the service worker, written from the built site.

The worker's precache list is the bookshelf (every page that is not an explainer), the
files those pages load, and the whole search index; each entry carries a hash of its
content so a new build re-downloads only what changed (see sw.js).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generators.config import DEFAULT_SITE_NAME
from generators.site.pages import SitePage
from generators.site.search import INDEX_DIR
from generators.site.static import asset_url
from generators.urls import OFFLINE_URL, PAGE_PREFIX

SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
_TEMPLATE = Path(__file__).parent / "sw.js"
# Material ships its lunr search with every build; the bookshelf searches with Pagefind.
_UNUSED_MATERIAL = ("assets/javascripts/lunr", "assets/javascripts/workers")
THEME_COLOR = "#3f51b5"  # Material's indigo, the header colour


def prune_unused(site_dir: Path) -> None:
    """Delete what the site never loads, so deploys and offline bundles stay small."""
    for rel in _UNUSED_MATERIAL:
        shutil.rmtree(site_dir / rel, ignore_errors=True)
    for source_map in (site_dir / "assets").rglob("*.map"):
        source_map.unlink()


def write_manifest(site_dir: Path, settings: dict[str, Any]) -> None:
    """manifest.webmanifest: installable as an app, in Vietnamese, from any sub-path."""
    name = str(settings.get("site_name") or DEFAULT_SITE_NAME)
    manifest = {
        "name": name,
        "short_name": "Tủ sách PL" if len(name) > 12 else name,
        "description": str(settings.get("site_description") or ""),
        "lang": "vi",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": asset_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": asset_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": asset_url("icons/maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    (site_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")


# Kept once a reader opens them, like any page, but not fetched up front: explainers and
# translations (the bulk of a large library) and the editors' status page.
_KEPT_WHEN_OPENED = frozenset({"explainer", "translation", "translation-status", "certificate",
                               "contest-results"})


def precache_files(site_dir: Path, pages: Sequence[SitePage], index_tag: str,
                   ) -> dict[str, Path]:
    """URL (relative to the site root) → file, for everything a reader gets offline after
    one visit: bookshelf pages, their CSS/JS/fonts/icons, and the search index."""
    urls: dict[str, Path] = {}
    for page in pages:
        # The bookshelf: every listing's first page (later pages of a long shelf are kept
        # when opened, like explainers; search reaches everything offline anyway).
        if page.kind not in _KEPT_WHEN_OPENED and f"/{PAGE_PREFIX}" not in f"/{page.url}":
            urls[page.url] = site_dir / page.url / "index.html"
    urls[MANIFEST] = site_dir / MANIFEST
    for path in sorted((site_dir / "assets").rglob("*")):
        if path.is_file() and path.suffix not in (".txt", ".map"):
            urls[path.relative_to(site_dir).as_posix()] = path
    index = site_dir / INDEX_DIR
    if index_tag and index.is_dir():
        for path in sorted(index.rglob("*")):
            if path.is_file():
                rel = path.relative_to(site_dir).as_posix()
                if path.name == "pagefind-entry.json":
                    rel += f"?ts={index_tag}"  # as Pagefind asks for it (metaCacheTag)
                urls[rel] = path
    return dict(sorted(urls.items()))


def write_service_worker(site_dir: Path, pages: Sequence[SitePage], index_tag: str) -> int:
    """Write sw.js at the site root; returns the bytes a reader's first visit precaches."""
    files = precache_files(site_dir, pages, index_tag)
    entries = [(url, _digest(path)) for url, path in files.items()]
    version = hashlib.sha256(json.dumps([entries, _TEMPLATE.read_bytes().hex()]).encode())
    script = (_TEMPLATE.read_text(encoding="utf-8")
              .replace("__VERSION__", version.hexdigest()[:16])
              .replace("__INDEX_TAG__", index_tag)
              .replace("__OFFLINE__", OFFLINE_URL)
              .replace("__PRECACHE__", "[\n" + ",\n".join(json.dumps(list(e)) for e in entries)
                       + "\n]"))
    (site_dir / SERVICE_WORKER).write_text(script, encoding="utf-8")
    return sum(path.stat().st_size for path in files.values())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
