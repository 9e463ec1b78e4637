"""The bookshelf's own CSS, JS, fonts and icons, published under names that carry a hash of
their content: a browser or the service worker may keep them forever, and a page of a new
build never gets a stylesheet or script of an old one."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from generators.urls import ASSETS_URL

ASSETS = Path(__file__).parent / "assets"
_KEEP_NAME = {".txt"}  # licences: people look for them by name
OPTIONAL = frozenset({"answers", "asking", "quiz"})
"""Folders of assets published only when a build asks for them (`copy_assets(extras=…)`):
without them, a site is exactly what it was before they existed."""


@functools.cache
def _published() -> tuple[Mapping[str, str], Mapping[str, bytes]]:
    """(logical name → published name, published name → content), both relative to ASSETS_URL."""
    sources = {p.relative_to(ASSETS).as_posix(): p.read_bytes()
               for p in sorted(ASSETS.rglob("*")) if p.is_file()}
    names: dict[str, str] = {}
    contents: dict[str, bytes] = {}
    # Stylesheets last: they name fonts and icons, whose published names must be known.
    for rel in sorted(sources, key=lambda r: (r.endswith(".css"), r)):
        data = sources[rel]
        if rel.endswith(".css"):
            # Our stylesheets live at the top of assets/ and quote the paths they use.
            text = data.decode("utf-8")
            for other, published in names.items():
                text = text.replace(f'"{other}"', f'"{published}"')
            data = text.encode("utf-8")
        names[rel] = rel if PurePosixPath(rel).suffix in _KEEP_NAME else _hashed(rel, data)
        contents[names[rel]] = data
    return MappingProxyType(names), MappingProxyType(contents)


def asset(name: str) -> str:
    """The published path (relative to ASSETS_URL) of the asset `name`, e.g. `tusach.css`."""
    return _published()[0][name]


def asset_url(name: str) -> str:
    """The published path of `name` relative to the site root."""
    return ASSETS_URL + asset(name)


def copy_assets(docs_dir: Path, extras: frozenset[str] = frozenset()) -> None:
    """Write every asset under its published name into the MkDocs docs folder (of the
    OPTIONAL folders, only `extras`)."""
    for rel, data in _published()[1].items():
        folder = rel.partition("/")[0] if "/" in rel else ""
        if folder in OPTIONAL and folder not in extras:
            continue
        target = docs_dir / ASSETS_URL / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _hashed(rel: str, data: bytes) -> str:
    path = PurePosixPath(rel)
    digest = hashlib.sha256(data).hexdigest()[:10]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))
