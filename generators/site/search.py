"""Pagefind, the static search index, fed from the Library (never from the built HTML).

Pagefind folds tone marks (`luat` finds `luật`) but not `đ`/`Đ`, which have no Unicode
decomposition. The indexed text therefore spells them `ḏ`/`Ḏ` (d with line below), which
decompose to `d` + a combining mark, so Pagefind folds them like any other diacritic:
`dat dai` finds `ḏất ḏai`, and a query typed with `đ` (turned into `ḏ` by the search page)
still ranks exact-diacritic matches first. The search page turns `ḏ` back into `đ` before
showing titles and excerpts; titles and filter values are stored untouched.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import cbor2

from generators.errors import EngineError
from generators.library.model import VIETNAMESE, Explainer, Library, Translation
from generators.site.also_said import also_said_html
from generators.site.answer_index import answer_documents
from generators.urls import translation_url

INDEX_DIR = "pagefind"
# ASCII keys; the search page labels them. Values are the editors' own words.
FILTERS = ("linh_vuc", "doi_tuong", "loai_van_ban", "van_ban")
_FOLD_D = str.maketrans({"đ": "ḏ", "Đ": "Ḏ",
                         # Pagefind keeps curly quotes on the word ("“sổ"), so `sổ đỏ`
                         # would not match the title `Làm “sổ đỏ” lần đầu`; plain ones it drops.
                         "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})
# Pagefind writes its own UIs; the bookshelf has its own search page, so they are dead weight.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
           "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-highlight.js")


@dataclass(frozen=True)
class SearchIndex:
    """What `write_index` produced."""

    pages: int
    tag: str
    """Changes whenever the index changes: the search page passes it to Pagefind as
    `metaCacheTag`, so a cached index is never mixed with another build's."""


def fold_d(text: str) -> str:
    """`đ`/`Đ` → `ḏ`/`Ḏ`, the spelling Pagefind can fold (see the module docstring), and
    typographic quotes → plain ones."""
    return text.translate(_FOLD_D)


def index_document(library: Library, explainer: Explainer,
                   translation: Translation | None = None) -> str:
    """The HTML Pagefind indexes for one explainer (or one of its translations, which goes
    into its own language's index): its words and metadata, from the model."""
    version: Explainer | Translation = translation or explainer
    lang = translation.lang if translation else VIETNAMESE
    field = library.fields[explainer.field]
    audiences = [library.audiences[k] for k in explainer.audiences]
    documents = [library.documents[k] for k in explainer.documents]
    about = [field.title, *(a.title for a in audiences),
             *(f"{d.type} {d.key} {d.title}" for d in documents), *explainer.tags]
    # Synonyms are Vietnamese: a translation's index does without them.
    groups = library.synonyms if translation is None else ()
    lead = f"{version.title} {version.description}"
    words = (
        f"<h1>{escape(version.title)}</h1>\n"
        f"<p>{escape(version.description)}</p>\n{also_said_html(lead, groups)}"
        # Metadata is findable but weighs less than the explainer's own words; in the lead,
        # before the first heading, so no section is found by it.
        + "<div data-pagefind-weight=\"0.5\">"
        + "".join(f"<p>{escape(text)}</p>" for text in about)
        + "</div>\n"
        + "".join(s.html + also_said_html(f"{s.title} {s.markdown}", groups)
                  for s in version.body.sections)
    )
    filters = [("linh_vuc", field.title), *(("doi_tuong", a.title) for a in audiences),
               *(("loai_van_ban", d.type) for d in documents),
               *(("van_ban", f"{d.type} {d.key}") for d in documents)]
    hidden = "".join(f'<span data-pagefind-filter="{key}">{escape(value)}</span>'
                     for key, value in filters)
    hidden += (f'<span data-pagefind-meta="title">{escape(version.title)}</span>'
               f'<span data-pagefind-meta="field">{escape(field.title)}</span>'
               f'<span data-pagefind-meta="updated">{explainer.updated.isoformat()}</span>')
    if explainer.tags:
        # What the editors say the explainer is about: the search page ranks with it.
        hidden += f'<span data-pagefind-meta="tags">{escape(", ".join(explainer.tags))}</span>'

    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(version.title)}</title></head><body>{hidden}"
            f"<main data-pagefind-body>{fold_d(words)}</main></body></html>\n")


def write_index(library: Library, explainers: Iterable[Explainer], work_dir: Path,
                output: Path) -> SearchIndex:
    """Index `explainers` into the folder `output` (published as `pagefind/`), using
    `work_dir` for the pages Pagefind reads."""
    docs = work_dir / "search-documents"
    shutil.rmtree(docs, ignore_errors=True)
    count = 0
    for explainer in explainers:
        # Pagefind makes one index per <html lang>: a translation is found from its own
        # language's search page only, never as a duplicate of the Vietnamese page.
        for translation in (None, *explainer.translations):
            url = translation_url(translation.lang if translation else VIETNAMESE,
                                  explainer.field, explainer.slug)
            target = docs / url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(index_document(library, explainer, translation), encoding="utf-8")
            count += 1
    # Q&A pages and situations (site/answer_index.py): the answers the search page puts first.
    for url, html in answer_documents(library, fold_d):
        target = docs / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        count += 1
    if count == 0:
        return SearchIndex(0, "")
    index = index_folder(docs, output)
    shutil.rmtree(docs, ignore_errors=True)
    return index


def index_folder(docs: Path, output: Path) -> SearchIndex:
    """Run Pagefind on the pages in `docs` into `output`, without its own UIs, its files
    made deterministic (also for the national portal's bundle, generators/national)."""
    _run_pagefind(docs, output)
    for name in _UNUSED:
        (output / name).unlink(missing_ok=True)
    entry = _make_deterministic(output)
    return SearchIndex(_page_count(entry), hashlib.sha256(entry).hexdigest()[:12])


def pagefind_binary() -> Path:
    """The binary shipped in the `pagefind[bin]` wheel."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - install problem
        raise EngineError("thiếu gói pagefind[bin]: chạy lại lệnh cài đặt trong README") from exc
    return get_executable()


def _run_pagefind(docs: Path, output: Path) -> None:
    command = [str(pagefind_binary()), "--site", str(docs), "--output-path", str(output)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise EngineError(f"Pagefind lỗi (mã {done.returncode}): {done.stderr.strip()[-2000:]}")


def _make_deterministic(output: Path) -> bytes:
    """Pagefind writes filter values, the filter list and the languages in hash-map order,
    which changes from run to run; sort them and rename what depends on them, so the same
    library always gives the same index (and readers' offline copies are not downloaded
    again for nothing). Returns the new pagefind-entry.json."""
    entry_file = output / "pagefind-entry.json"
    entry = json.loads(entry_file.read_bytes())
    for lang, info in entry["languages"].items():
        meta_file = output / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_pagefind(meta_file)
        renamed: list[list[str]] = []
        for name, digest in sorted(meta[3]):
            old = output / "filter" / f"{digest}.pf_filter"
            data = _read_pagefind(old)
            data[1] = sorted(data[1], key=lambda value: value[0])
            payload = _pagefind_bytes(data)
            new_digest = f"{lang}_{hashlib.sha256(payload).hexdigest()[:7]}"
            old.unlink()
            (output / "filter" / f"{new_digest}.pf_filter").write_bytes(payload)
            renamed.append([name, new_digest])
        meta[3] = renamed
        payload = _pagefind_bytes(meta)
        info["hash"] = f"{lang}_{hashlib.sha256(payload).hexdigest()[:10]}"
        meta_file.unlink()
        (output / f"pagefind.{info['hash']}.pf_meta").write_bytes(payload)
    # With several languages, their order in the entry file is hash-map order too.
    entry["languages"] = dict(sorted(entry["languages"].items()))
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    entry_file.write_bytes(text)
    return text


_PAGEFIND_MAGIC = b"pagefind_dcd"


def _read_pagefind(path: Path) -> list[Any]:
    """A Pagefind data file: gzip of a marker and CBOR."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_PAGEFIND_MAGIC):
        raise EngineError(f"Pagefind: tệp lạ {path.name}")
    value = cbor2.loads(data[len(_PAGEFIND_MAGIC):])
    if not isinstance(value, list):
        raise EngineError(f"Pagefind: tệp lạ {path.name}")
    return value


def _pagefind_bytes(value: list[Any]) -> bytes:
    return gzip.compress(_PAGEFIND_MAGIC + cbor2.dumps(value), mtime=0)


def _page_count(entry: bytes) -> int:
    languages = json.loads(entry).get("languages", {})
    return sum(int(lang.get("page_count", 0)) for lang in languages.values())
