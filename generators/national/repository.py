"""The national repository, read through the mirror's own `Store` (file:// or s3://): one
bookshelf per prefix (`<province>/manifest.json`, `<province>/objects/…`, as
`build.py mirror --to …/<province>` writes it), each read by its manifest only.

A province whose manifest or catalogue is missing, unreadable or does not match its sha256
is reported (one line naming it) and left out; the others are read as usual.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from generators.config.mkdocs_yml import is_site_url
from generators.mirror.errors import StoreError
from generators.mirror.plan import CATALOGUE, CATALOGUE_FORMAT, DATE, MANIFEST, MANIFEST_FORMAT
from generators.mirror.plan import object_key as province_object_key
from generators.mirror.store import Store
from generators.urls import ATOM_FILE

PROVINCE_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""A province's prefix: it becomes the address of its page (`tinh/<key>/`)."""
SHA256 = re.compile(r"^[0-9a-f]{64}$")
RELATIVE = re.compile(r"^(?![/.])(?!.*://)[^\s?#]*$")
"""An item's address inside its site (catalogue.schema.json's `relative`)."""
ATOM = "{http://www.w3.org/2005/Atom}"


class ProvinceProblem(Exception):
    """Why one province cannot be read (the message names what is wrong, not the province)."""


@dataclass(frozen=True)
class Province:
    """One province's bookshelf, as its committed manifest and catalogue describe it."""

    key: str
    """Its prefix in the repository."""
    name: str
    url: str
    """The site's public address, ending in '/'."""
    date: str
    """The catalogue's build date."""
    catalogue_sha256: str
    items: tuple[Mapping[str, Any], ...]
    field_titles: Mapping[str, str]
    """Field key → title, from the province's atom.xml (empty when it has none)."""

    @property
    def explainers(self) -> list[Mapping[str, Any]]:
        return [item for item in self.items if item.get("type") == "explainer"]


@dataclass(frozen=True)
class Repository:
    label: str
    provinces: tuple[Province, ...]
    problems: tuple[str, ...]
    """One line per province left out, naming it and why."""


def province_keys(store: Store) -> tuple[list[str], list[str]]:
    """(prefixes holding a manifest.json, prefixes that cannot name a province), sorted."""
    found: set[str] = set()
    for info in store.list(""):
        head, _, rest = info.key.partition("/")
        if rest == MANIFEST or rest.startswith(("objects/", "manifests/")):
            found.add(head)
    good = sorted(k for k in found if PROVINCE_KEY.match(k))
    return good, sorted(found - set(good))


def read_repository(store: Store) -> Repository:
    """Every readable province of the repository behind `store`, and what went wrong with
    the others. Raises StoreError when the repository itself cannot be listed."""
    keys, bad = province_keys(store)
    provinces: list[Province] = []
    problems = [f"{store.label}/{key}: tên thư mục không dùng được làm địa chỉ (chỉ chữ "
                "thường không dấu, số và '-') — bỏ qua tỉnh này" for key in bad]
    for key in keys:
        try:
            provinces.append(read_province(store, key))
        except ProvinceProblem as exc:
            problems.append(f"{store.label}/{key}: {exc} — bỏ qua tỉnh này")
        except StoreError as exc:
            problems.append(f"{exc} — bỏ qua tỉnh {key}")
    return Repository(store.label, tuple(provinces), tuple(problems))


def _object(store: Store, key: str, files: Mapping[str, Any], path: str) -> bytes:
    """The bytes of the site file `path` of the province `key`, checked against its manifest."""
    entry = files.get(path)
    if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) \
            or not SHA256.match(entry["sha256"]):
        raise ProvinceProblem(f"{MANIFEST} không ghi {path}")
    data = store.get(f"{key}/{province_object_key(entry['sha256'])}")
    if data is None:
        raise ProvinceProblem(f"thiếu đối tượng của {path} ({entry['sha256'][:12]}…)")
    if hashlib.sha256(data).hexdigest() != entry["sha256"] or len(data) != entry.get("size"):
        raise ProvinceProblem(f"{path} không khớp sha256 trong {MANIFEST} (kho hỏng)")
    return data


def _json(data: bytes, what: str) -> dict[str, Any]:
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProvinceProblem(f"{what} không đọc được JSON ({exc})") from None
    if not isinstance(document, dict):
        raise ProvinceProblem(f"{what} không phải một đối tượng JSON")
    return document


def read_province(store: Store, key: str) -> Province:
    """One province: manifest.json, then catalogue.json (sha256 checked), then the field
    titles from atom.xml when it is there and whole."""
    raw = store.get(f"{key}/{MANIFEST}")
    if raw is None:
        raise ProvinceProblem(f"không có {MANIFEST} (chưa sao lưu xong lần nào)")
    manifest = _json(raw, MANIFEST)
    files = manifest.get("files")
    if manifest.get("format") != MANIFEST_FORMAT or not isinstance(files, dict):
        raise ProvinceProblem(f"{MANIFEST} không phải {MANIFEST_FORMAT}")
    data = _object(store, key, files, CATALOGUE)
    catalogue = _json(data, CATALOGUE)
    if catalogue.get("format") != CATALOGUE_FORMAT:
        raise ProvinceProblem(f"{CATALOGUE} không phải {CATALOGUE_FORMAT}")
    name, url, day, items = (catalogue.get(k) for k in ("name", "url", "date", "items"))
    if not isinstance(name, str) or not name.strip():
        raise ProvinceProblem(f"{CATALOGUE} thiếu tên (name)")
    if not isinstance(url, str) or not is_site_url(url) or not url.endswith("/"):
        raise ProvinceProblem(f"{CATALOGUE} không có địa chỉ site (url) — dựng tủ sách với "
                              "site_url để cổng quốc gia liên kết được tới trang của tỉnh")
    if not isinstance(day, str) or not DATE.fullmatch(day):
        raise ProvinceProblem(f"{CATALOGUE}: date {day!r} không hợp lệ")
    if not isinstance(items, list) or not all(_is_item(item) for item in items):
        raise ProvinceProblem(f"{CATALOGUE}: danh sách items hỏng")
    titles: dict[str, str] = {}
    if ATOM_FILE in files:
        titles = _field_titles(_object(store, key, files, ATOM_FILE))
    return Province(key, name.strip(), url, day, hashlib.sha256(data).hexdigest(),
                    tuple(items), titles)


def _is_item(item: object) -> bool:
    """Whether `item` has what the portal reads, in a shape it can trust in a link."""
    if not isinstance(item, dict):
        return False
    if not all(isinstance(item.get(k), str) and item[k]
               for k in ("id", "type", "title", "url", "updated")):
        return False
    field = item.get("field")
    return DATE.fullmatch(item["updated"]) is not None \
        and RELATIVE.match(item["url"]) is not None \
        and (field is None or (isinstance(field, str) and PROVINCE_KEY.match(field) is not None))


def _field_titles(atom: bytes) -> dict[str, str]:
    """Field key → title from the Atom feed's categories (the catalogue carries keys only)."""
    try:
        feed = ET.fromstring(atom)
    except ET.ParseError as exc:
        raise ProvinceProblem(f"{ATOM_FILE} không đọc được ({exc})") from None
    titles: dict[str, str] = {}
    for category in feed.iter(f"{ATOM}category"):
        term, label = category.get("term"), category.get("label")
        if term and label:
            titles.setdefault(term, label)
    return titles
