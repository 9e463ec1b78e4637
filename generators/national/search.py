"""The portal's own Pagefind bundle: its province pages (so a search for a province's name
finds it), and the Pagefind script and WebAssembly that the national search page runs. The
provinces' indexes are never copied or rebuilt: the page merges each one in the browser
(`mergeIndex`, with a `province` filter)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from html import escape
from pathlib import Path

from generators.national.directory import Entry
from generators.national.pages import province_url
from generators.site.search import INDEX_DIR, fold_d, index_folder

FILTER = "province"
"""The filter every result carries: the portal's pages by their own markup, each merged
index by its `mergeFilter`."""
WORKER = "pagefind-worker.js"
"""Not used: the search page runs Pagefind with `noWorker`."""


def index_document(e: Entry) -> str:
    """What Pagefind indexes for one province's page (đ spelled as the provinces' indexes
    spell it, see generators/site/search.py)."""
    fields = ", ".join(f.title for f in e.fields)
    words = (f"<h1>{escape(e.name)}</h1><p>{e.explainers} bài giải thích pháp luật.</p>"
             f"<p>{escape(fields)}</p>")
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f"<title>{escape(e.name)}</title></head><body>"
            f'<span data-pagefind-filter="{FILTER}">{escape(e.name)}</span>'
            f'<span data-pagefind-meta="title">{escape(e.name)}</span>'
            f"<main data-pagefind-body>{fold_d(words)}</main></body></html>\n")


def write_bundle(entries: Sequence[Entry], work_dir: Path, out: Path) -> str:
    """Index the province pages into `out/pagefind/`; returns the tag the search page
    passes as `metaCacheTag`."""
    docs = work_dir / "search-documents"
    shutil.rmtree(docs, ignore_errors=True)
    for e in entries:
        target = docs / province_url(e.key) / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(index_document(e), encoding="utf-8")
    output = out / INDEX_DIR
    index = index_folder(docs, output)
    shutil.rmtree(docs, ignore_errors=True)
    (output / WORKER).unlink(missing_ok=True)
    return index.tag
