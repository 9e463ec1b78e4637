"""Page planning: which pages exist, pagination, related explainers, the fixed nav."""

from __future__ import annotations

from generators.library import load_library
from generators.site.pages import PAGE_SIZE, RELATED, plan_pages, related_explainers
from generators.site.renderer import nav
from generators.urls import relative_url
from tests.conftest import TODAY, explainer


def _many(count: int, field: str = "lao-dong", documents: str = '["45/2019/QH14"]') -> dict:
    return {f"content/{field}/bai-{i}.md": explainer(title=f"Bài số {i}", field=field,
                                                     documents=documents)
            for i in range(count)}


def test_relative_url_between_pages() -> None:
    assert relative_url("lao-dong/thu-viec/", "dat-dai/so-do/") == "../../lao-dong/thu-viec/"
    assert relative_url("", "lao-dong/thu-viec/") == "../../"
    assert relative_url("media/a/b.svg", "") == "media/a/b.svg"
    assert relative_url("lao-dong/", "lao-dong/") == "./"


def test_pages_of_the_base_library(tmp_library) -> None:
    library, _ = load_library(tmp_library(), TODAY)
    assert library is not None
    urls = [p.url for p in plan_pages(library)]
    assert urls == ["", "lao-dong/", "doi-tuong/", "doi-tuong/nguoi-lao-dong/",
                    "doi-tuong/nguoi-dan/", "van-ban/", "van-ban/45-2019-qh14/", "tim-kiem/",
                    "ngoai-tuyen/", "lao-dong/thu-viec/"]


def test_long_lists_are_paginated(tmp_library) -> None:
    library, _ = load_library(tmp_library(_many(PAGE_SIZE + 1)), TODAY)
    assert library is not None
    pages = {p.url: p for p in plan_pages(library)}
    assert "lao-dong/trang-2/" in pages
    assert "lao-dong/trang-3/" not in pages
    assert pages["lao-dong/trang-2/"].html.count('class="tsp-card"') == 2
    assert 'aria-current="page">Trang 2<' in pages["lao-dong/trang-2/"].html
    assert "van-ban/45-2019-qh14/trang-2/" in pages


def test_related_prefers_shared_documents(tmp_library) -> None:
    files = {**_many(6), "content/dat-dai/dat.md": explainer(
        title="Đất", field="dat-dai", documents='["31/2024/QH15"]'),
        "content/dat-dai/dat-2.md": explainer(title="Đất 2", field="dat-dai",
                                              documents='["31/2024/QH15"]')}
    library, _ = load_library(tmp_library(files), TODAY)
    assert library is not None
    related = related_explainers(library)
    assert [e.slug for e in related["dat"]][:1] == ["dat-2"]
    assert all(len(items) <= RELATED for items in related.values())
    assert all(slug not in [e.slug for e in items] for slug, items in related.items())


def test_related_are_the_current_explainers_and_follow_their_order(tmp_library) -> None:
    # Remembered by slug, field, documents and tags (the preview plans on every save): a
    # body or title edit reuses the choice, yet gets the edited explainers, and a title
    # that reorders a field changes which same-field explainers fill the list.
    files = {**_many(3, field="dat-dai", documents='["31/2024/QH15"]'),
             **{f"content/lao-dong/x-{i}.md": explainer(title=f"X {i}", documents="[]")
                for i in range(6)}}
    library, _ = load_library(tmp_library(files), TODAY)
    assert library is not None
    first = related_explainers(library)
    assert [e.slug for e in first["x-0"]] == ["thu-viec", "x-1", "x-2", "x-3"]
    files["content/dat-dai/bai-1.md"] = explainer(title="Bài đã sửa", field="dat-dai",
                                                  documents='["31/2024/QH15"]')
    files["content/lao-dong/x-5.md"] = explainer(title="A trước hết", documents="[]")
    edited, _ = load_library(tmp_library(files), TODAY)
    assert edited is not None
    again = related_explainers(edited)
    assert [e.title for e in again["bai-0"]][:2] == ["Bài đã sửa", "Bài số 2"]
    assert all(e is edited.explainer(e.slug) for items in again.values() for e in items)
    assert [e.slug for e in again["x-0"]] == ["x-5", "thu-viec", "x-1", "x-2"]


def test_nav_does_not_grow_with_the_library(tmp_library) -> None:
    small, _ = load_library(tmp_library(), TODAY)
    large, _ = load_library(tmp_library(_many(40)), TODAY)
    assert small is not None and large is not None
    assert nav(small) == nav(large)
