"""Reading the national repository: every province by its manifest, the damaged ones named
and left out, from a folder and from S3 (moto's server), through the mirror's own stores."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import build
from generators.mirror.plan import object_key
from generators.mirror.s3 import S3Store
from generators.mirror.store import FileStore
from generators.national.repository import read_repository
from tests.mirror.conftest import S3, moto_endpoint, s3  # noqa: F401 (fixtures)
from tests.national.conftest import Country

GOOD = {"format": "tusach-catalogue/1", "name": "Tủ sách thử", "url": "https://a.example/",
        "language": "vi", "date": "2026-11-20", "companions": [],
        "items": [{"id": "explainer/thu-viec", "type": "explainer", "title": "Thử việc",
                   "language": "vi", "url": "lao-dong/thu-viec/", "explainer": "thu-viec",
                   "field": "lao-dong", "documents": [], "updated": "2026-11-01",
                   "files": []}]}


def province(root: Path, key: str, catalogue: dict[str, Any] | bytes,
             stored: bytes | None = None) -> None:
    """A committed province: its catalogue as an object, named by a manifest; `stored`
    replaces the object's bytes (a damaged repository)."""
    data = catalogue if isinstance(catalogue, bytes) else json.dumps(catalogue).encode()
    sha = hashlib.sha256(data).hexdigest()
    target = root / key / object_key(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data if stored is None else stored)
    manifest = {"format": "tusach-mirror/1", "catalogue_sha256": sha, "date": "2026-11-20",
                "files": {"catalogue.json": {"sha256": sha, "size": len(data),
                                             "media_type": "application/json"}}}
    (root / key / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_each_damaged_province_is_named_and_the_others_read(tmp_path: Path) -> None:
    root = tmp_path / "kho"
    province(root, "an-giang", GOOD)
    damaged = json.dumps(GOOD).encode()
    province(root, "ben-tre", GOOD | {"name": "Bến Tre"}, stored=damaged.replace(b"Th", b"Xx"))
    province(root, "ca-mau", GOOD | {"url": None})
    province(root, "dak-lak", b"{not json")
    province(root, "Dong_Nai", GOOD)
    province(root, "gia-lai", GOOD | {"items": [GOOD["items"][0] | {"url": "https://evil.example/"}]})
    (root / "ha-nam" / "manifest.json").parent.mkdir()
    (root / "ha-nam" / "manifest.json").write_text('{"format": "khác"}', encoding="utf-8")
    label = f"file://{root}"
    found = read_repository(FileStore(root, label))
    assert [p.key for p in found.provinces] == ["an-giang"]
    assert found.provinces[0].explainers[0]["title"] == "Thử việc"
    assert list(found.problems) == [
        f"{label}/Dong_Nai: tên thư mục không dùng được làm địa chỉ (chỉ chữ thường không dấu, "
        "số và '-') — bỏ qua tỉnh này",
        f"{label}/ben-tre: catalogue.json không khớp sha256 trong manifest.json (kho hỏng) — bỏ "
        "qua tỉnh này",
        f"{label}/ca-mau: catalogue.json không có địa chỉ site (url) — dựng tủ sách với "
        "site_url để cổng quốc gia liên kết được tới trang của tỉnh — bỏ qua tỉnh này",
        f"{label}/dak-lak: catalogue.json không đọc được JSON (Expecting property name enclosed "
        "in double quotes: line 1 column 2 (char 1)) — bỏ qua tỉnh này",
        f"{label}/gia-lai: catalogue.json: danh sách items hỏng — bỏ qua tỉnh này",
        f"{label}/ha-nam: manifest.json không phải tusach-mirror/1 — bỏ qua tỉnh này",
    ]


def test_a_missing_object_is_named(tmp_path: Path) -> None:
    root = tmp_path / "kho"
    province(root, "an-giang", GOOD)
    shutil.rmtree(root / "an-giang" / "objects")
    (root / "an-giang" / "manifests").mkdir()
    found = read_repository(FileStore(root, "file:///kho"))
    sha = hashlib.sha256(json.dumps(GOOD).encode()).hexdigest()
    assert found.provinces == ()
    assert found.problems == (f"file:///kho/an-giang: thiếu đối tượng của catalogue.json "
                              f"({sha[:12]}…) — bỏ qua tỉnh này",)


def test_provinces_mirrored_to_s3_are_read_from_s3(
        country: Country, s3: S3) -> None:  # noqa: F811 (the fixture)
    for p in country.provinces[:2]:
        assert build.main(["mirror", "--root", str(p.site.parent), "--quiet", "--to",
                           f"s3://{s3.bucket}/quoc-gia/{p.key}"]) == 0
    store = S3Store(s3.bucket, "quoc-gia", f"s3://{s3.bucket}/quoc-gia")
    found = read_repository(store)
    assert found.problems == ()
    assert [(p.key, p.name, p.url) for p in found.provinces] == sorted(
        (p.key, p.name, p.url) for p in country.provinces[:2])
    assert found.provinces[0].field_titles == {"lao-dong": "Lao động", "dat-dai": "Đất đai"}
