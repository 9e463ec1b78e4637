"""The portal's pages (plain Jinja2, autoescaped like every page of the bookshelf): the
directory of provinces, one page per province, and the national search page."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generators.atomic import replacing
from generators.national.directory import LATEST_HOME, Entry
from generators.site.escaping import escaping
from generators.urls import SEARCH_URL

TEMPLATES = Path(__file__).with_name("templates")
ASSETS = Path(__file__).with_name("assets")
ASSETS_URL = "assets/"
PROVINCE_URL = "tinh/"
"""`tinh/<key>/`: one province's page."""


def province_url(key: str) -> str:
    return f"{PROVINCE_URL}{key}/"


def vn_date(day: str) -> str:
    """`2026-11-01` → `01/11/2026`, as Vietnamese readers write dates."""
    parsed = date.fromisoformat(day)
    return f"{parsed.day:02d}/{parsed.month:02d}/{parsed.year}"


def environment() -> Environment:
    env = escaping(Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                               keep_trailing_newline=True))
    env.filters["vn_date"] = vn_date
    return env


def _write(out: Path, url: str, html: str) -> None:
    target = out / url / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    with replacing(target) as temp:
        temp.write_text(html, encoding="utf-8")


def write_pages(out: Path, entries: Sequence[Entry], *, portal: str, date: str, csp: str,
                search_tag: str) -> list[str]:
    """Write every page into `out`; returns their addresses (relative to the portal)."""
    env = environment()
    common = {"portal": portal, "count": len(entries), "date": date, "csp": csp}
    total = sum(e.explainers for e in entries)
    _write(out, "", env.get_template("home.html.j2").render(
        **common, root="", here="home", title=portal, entries=entries, total=total,
        latest=LATEST_HOME,
        description=f"Bài giải thích pháp luật của {len(entries)} tỉnh, thành phố."))
    urls = [""]
    for e in entries:
        url = province_url(e.key)
        _write(out, url, env.get_template("province.html.j2").render(
            **common, root="../../", here="province", title=e.name, e=e,
            description=f"{e.name}: {e.explainers} bài giải thích pháp luật."))
        urls.append(url)
    _write(out, SEARCH_URL, env.get_template("search.html.j2").render(
        **common, root="../", here="search", title="Tìm trên cả nước", entries=entries,
        tag=search_tag, description="Tìm cùng lúc trong tủ sách pháp luật của mọi tỉnh."))
    urls.append(SEARCH_URL)
    assets = out / ASSETS_URL
    assets.mkdir(exist_ok=True)
    for asset in sorted(ASSETS.iterdir()):
        shutil.copyfile(asset, assets / asset.name)
    return urls
