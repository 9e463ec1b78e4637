"""Reading catalogue.json and checking the site against it, before anything is sent."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from generators.mirror import CatalogueError, read_payload
from generators.progress import Progress
from tests.mirror.conftest import PAGES, described, write_site

QUIET = Progress(quiet=True)


def test_payload_is_every_file_once_plus_the_catalogue(site: Path) -> None:
    payload = read_payload(site, QUIET)
    assert list(payload.files) == sorted([*PAGES, "oai-pmh.xml", "sitemap.xml",
                                          "catalogue.json"])
    catalogue = (site / "catalogue.json").read_bytes()
    assert payload.files["catalogue.json"].sha256 == hashlib.sha256(catalogue).hexdigest()
    assert payload.catalogue_sha256 == payload.files["catalogue.json"].sha256
    # two svg paths share one content: one object
    assert len(payload.contents()) == len(payload.files) - 1
    assert payload.manifest() == read_payload(site, QUIET).manifest()


def test_changed_file_is_named_and_nothing_is_read_further(site: Path) -> None:
    (site / "lao-dong/thu-viec/index.html").write_bytes(b"edited after the build")
    (site / "sitemap.xml").unlink()
    with pytest.raises(CatalogueError) as caught:
        read_payload(site, QUIET)
    assert str(caught.value) == (
        f"catalogue.json không khớp site {site} — chưa gửi gì: "
        "lao-dong/thu-viec/index.html: 22 byte, danh mục ghi 36; "
        "sitemap.xml: không có trong site")


def test_same_size_other_bytes_is_caught_by_sha256(site: Path) -> None:
    (site / "index.html").write_bytes(PAGES["index.html"].upper())
    with pytest.raises(CatalogueError, match=r"index.html: sha256 khác danh mục$"):
        read_payload(site, QUIET)


def test_one_path_with_two_contents_is_a_corrupt_catalogue(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    document = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    document["items"][1]["files"].append(described("index.html", b"other"))
    (site / "catalogue.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        read_payload(site, QUIET)
    assert str(caught.value) == ("catalogue.json hỏng: index.html xuất hiện hai lần với nội "
                                 "dung khác nhau (sha256 hoặc size khác)")


@pytest.mark.parametrize("path", ["../secret.txt", "/etc/passwd", "a/../../b", "a\\b", ""])
def test_paths_outside_the_site_are_refused(tmp_path: Path, path: str) -> None:
    site = write_site(tmp_path / "site", pages={})
    document = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    document["companions"].append(described(path, b"x"))
    (site / "catalogue.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CatalogueError, match="không hợp lệ"):
        read_payload(site, QUIET)


def test_missing_catalogue(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as caught:
        read_payload(tmp_path, QUIET)
    assert str(caught.value) == (f"{tmp_path}/catalogue.json: không có — dựng tủ sách trước "
                                 "(python build.py), hoặc chỉ đúng thư mục bằng --site-dir")


def test_not_a_catalogue(tmp_path: Path) -> None:
    (tmp_path / "catalogue.json").write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"không phải danh mục tusach-catalogue/1$"):
        read_payload(tmp_path, QUIET)
