"""The search index built from the model, and the search page's reading of queries."""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path
from typing import Any

import cbor2
import pytest

from generators.library import load_library
from generators.site.search import fold_d, index_document, write_index
from tests.conftest import TODAY, LibraryMaker, explainer

# ---- the index -----------------------------------------------------------------------------


def test_fold_d_spells_d_with_stroke_as_a_letter_pagefind_can_fold() -> None:
    assert fold_d("Điều 46 Luật Đất đai") == "Ḏiều 46 Luật Ḏất ḏai"
    # ḏ decomposes to d + a combining mark, which Pagefind strips when folding.
    assert unicodedata.normalize("NFD", "ḏ") == "d\u0331"
    assert fold_d("dat dai") == "dat dai"


def _library(tmp_library: LibraryMaker) -> Any:
    body = "## Điều kiện\n\nTheo Điều 46, người lao động được **đền bù**.\n"
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(
        title="Đất đai và thử việc", body=body)})
    library, _ = load_library(root, TODAY)
    assert library is not None
    return library


def test_index_document_holds_words_metadata_and_filters_from_the_model(
        tmp_library: LibraryMaker) -> None:
    library = _library(tmp_library)
    html = index_document(library, library.explainers[0])
    body = html.split("<main data-pagefind-body>", 1)[1]
    # The searchable words: title, description, body, then metadata at half weight; đ folded.
    assert "<h1>Ḏất ḏai và thử việc</h1>" in body
    assert "Theo Ḏiều 46" in body and "<strong>ḏền bù</strong>" in body
    assert '<div data-pagefind-weight="0.5"><p>Lao ḏộng</p>' in body
    assert "Bộ luật 45/2019/QH14" in body
    assert "đ" not in body and "Đ" not in body
    # Title, field and filters keep the editors' spelling, outside the indexed body.
    head = html.split("<main", 1)[0]
    assert '<span data-pagefind-meta="title">Đất đai và thử việc</span>' in head
    assert '<span data-pagefind-meta="field">Lao động</span>' in head
    assert '<span data-pagefind-filter="linh_vuc">Lao động</span>' in head
    assert '<span data-pagefind-filter="loai_van_ban">Bộ luật</span>' in head
    assert '<span data-pagefind-filter="van_ban">Bộ luật 45/2019/QH14</span>' in head
    assert '<html lang="vi">' in html


def _filters(index: Path) -> dict[str, list[Any]]:
    entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
    lang = entry["languages"]["vi"]["hash"]
    meta = cbor2.loads(gzip.decompress((index / f"pagefind.{lang}.pf_meta").read_bytes())[12:])
    return {name: cbor2.loads(gzip.decompress(
        (index / "filter" / f"{digest}.pf_filter").read_bytes())[12:])[1]
        for name, digest in meta[3]}


def test_index_is_the_same_for_the_same_library(tmp_path: Path,
                                                 tmp_library: LibraryMaker) -> None:
    files = {f"content/lao-dong/bai-{i}.md": explainer(title=f"Bài số {i}") for i in range(12)}
    root = tmp_library(files)
    library, _ = load_library(root, TODAY)
    assert library is not None
    first = write_index(library, library.published, tmp_path / "w1", tmp_path / "i1")
    second = write_index(library, library.published, tmp_path / "w2", tmp_path / "i2")
    assert first == second and first.pages == 13
    tree = [{p.relative_to(d).as_posix(): p.read_bytes() for p in d.rglob("*") if p.is_file()}
            for d in (tmp_path / "i1", tmp_path / "i2")]
    assert tree[0] == tree[1]
    values = _filters(tmp_path / "i1")["linh_vuc"]
    assert [v[0] for v in values] == sorted(v[0] for v in values)
    assert not list((tmp_path / "i1").glob("pagefind-ui*"))
    assert not (tmp_path / "w1" / "search-documents").exists()


def test_a_changed_explainer_changes_the_tag(tmp_path: Path,
                                             tmp_library: LibraryMaker) -> None:
    library = _library(tmp_library)
    before = write_index(library, library.published, tmp_path / "w", tmp_path / "a")
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(title="Tên mới")})
    changed, _ = load_library(root, TODAY)
    assert changed is not None
    after = write_index(changed, changed.published, tmp_path / "w", tmp_path / "b")
    assert before.tag != after.tag and len(after.tag) == 12


# ---- the query as the reader typed it (search.js, in Chromium) -----------------------------

NORMALISED = [
    ("Luật Đất Đai", "luật đất đai"),
    ("  dat    dai  ", "dat dai"),
    (unicodedata.normalize("NFD", "Điều 46"), "điều 46"),
    ("766 / QĐ - TTg", "766/qđ-ttg"),
    ("2025 – 2030", "2025-2030"),
    ("“hòa giải”", '"hòa giải"'),
    ("luaatj ddaats ddai", "luật đất đai"),
    ("nguowif lao ddoongj", "người lao động"),
    ("thuwr vieecj", "thử việc"),
    ("quyeets ddinhj", "quyết định"),
    ("hoaf giair", "hòa giải"),
    ("ddawng kys keets hoon", "đăng ký kết hôn"),
    ("ly hoon", "ly hôn"),
    ("tw", "tư"),
    # Not Telex: kept as typed.
    ("online", "online"),
    ("facebook", "facebook"),
    ("ubnd", "ubnd"),
    ("qh14", "qh14"),
    ("thu viec", "thu viec"),
    ("zalo", "zalo"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("typed", "meant"), NORMALISED)
def test_queries_are_read_as_the_reader_meant(shared_page: Any, base_url: str, typed: str,
                                              meant: str) -> None:
    if not shared_page.url.startswith(base_url):
        shared_page.goto(base_url + "tim-kiem/")
    assert shared_page.evaluate("q => window.tspSearch.normalise(q)", typed) == meant
