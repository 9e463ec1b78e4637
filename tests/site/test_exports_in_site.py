"""The machine-readable files of a real build: the catalogue lists the final site's files
exactly, and the e-books it lists are the ones the pages link."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
from lxml import html as lxml_html

from generators.site.build_info import BUILD_INFO
from generators.urls import EBOOKS_URL

SCHEMA = Path(__file__).resolve().parents[2] / "generators" / "exports" / "catalogue.schema.json"


def test_the_catalogue_lists_the_final_files_exactly(built_site: Path) -> None:
    catalogue = json.loads((built_site / "catalogue.json").read_text("utf-8"))
    jsonschema.validate(catalogue, json.loads(SCHEMA.read_text("utf-8")))
    listed = [f for item in catalogue["items"] for f in item["files"]] + catalogue["companions"]
    assert len(listed) > 100
    for entry in listed:
        data = (built_site / entry["path"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"]), \
            entry["path"]
    assert BUILD_INFO not in {entry["path"] for entry in listed}


def test_every_e_book_is_listed_and_linked(built_site: Path) -> None:
    catalogue = json.loads((built_site / "catalogue.json").read_text("utf-8"))
    listed = {f["path"] for item in catalogue["items"] if item["type"] == "ebook"
              for f in item["files"]}
    on_disk = {p.relative_to(built_site).as_posix()
               for p in (built_site / EBOOKS_URL).rglob("*.epub")}
    assert listed == on_disk
    fields = {p for p in on_disk if "/linh-vuc/" in p}
    assert len(fields) == 8  # the starter library's fields
    linked = set()
    for page in built_site.rglob("index.html"):
        for href in lxml_html.fromstring(page.read_bytes()).xpath(
                "//a[@type='application/epub+zip']/@href"):
            linked.add((page.parent / href).resolve().relative_to(built_site.resolve())
                       .as_posix())
    assert linked == on_disk
