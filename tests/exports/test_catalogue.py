"""catalogue.json on a real build of a small library: schema, items, files, determinism.

`small_site` (also used by the OAI, Atom and JSON-LD tests) builds the library once per
session with real espeak-ng audio, infographics and share cards; the video and e-books are
small stand-in files (their own stages are tested elsewhere), published where the site
publishes them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import pytest

from generators.config import load_config
from generators.exports.catalogue import (
    SCHEMA_SOURCE,
    Catalogue,
    CatalogueError,
    write_catalogue,
)
from generators.exports.publish import write_exports
from generators.library import load_library
from generators.library.model import Library
from generators.media import Ebook, SiteMedia, Video
from generators.pipeline import build
from generators.speech.espeak import EspeakEngine
from generators.urls import CATALOGUE
from generators.urls import CATALOGUE_SCHEMA as SCHEMA
from tests.conftest import DOCUMENTS, TODAY, base_files, explainer

SITE_NAME = "Tủ sách thử"
NOT_YET = '"99/2027/QH15":\n  type: Luật\n  title: Luật Tương lai\n  issuer: Quốc hội\n' \
          "  issued: 2026-06-01\n  effective: 2027-01-01\n"
INFOGRAPHIC = """\
type: steps
title: Các bước thử việc
source: "45/2019/QH14"
items:
  - {title: Thỏa thuận, text: Hai bên thỏa thuận thời gian thử việc.}
  - {title: Làm thử, text: Không quá 60 ngày.}
"""
VOICES = """\
default: vi-bac
voices:
  vi-bac: {lang: vi, engine: espeak, voice: vi, label: Giọng miền Bắc}
  en-espeak: {lang: en, engine: espeak, voice: en, label: English}
"""
SO_DO = """\
---
title: "Làm sổ đỏ lần đầu"
description: "Hồ sơ và nơi nộp."
field: dat-dai
updated: 2026-11-10
documents: ["31/2024/QH15", "10/2012/QH13", "99/2027/QH15"]
audiences: [nguoi-dan]
---
## Hồ sơ

Nộp ở bộ phận một cửa.
"""


def translation(title: str, source_hash: str | None, translators: str = "[]") -> str:
    recorded = f"source_hash: \"{source_hash}\"\n" if source_hash else ""
    return (f"---\ntitle: \"{title}\"\ndescription: \"Short summary.\"\n{recorded}"
            f"translators: {translators}\nreviewed: true\n---\n## Section\n\nText.\n")


def library_files() -> dict[str, str]:
    return {
        **base_files(),
        "content/_data/documents.yml": DOCUMENTS + NOT_YET,
        "content/lao-dong/thu-viec.md": explainer(
            extra="reviewed: true\ninfographics: [cac-buoc]\ntags: [thử việc]\nvideo: true"),
        "content/dat-dai/so-do.md": SO_DO,
        "content/dat-dai/nhap.md": explainer(title="Bài nháp", field="dat-dai",
                                             extra="draft: true"),
        "content/dat-dai/so-do.en.md": translation("First land certificate", None),
        "infographics/cac-buoc.yml": INFOGRAPHIC,
        "audiobooks/voices.yml": VOICES,
    }


def write_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")


def load(root: Path) -> Library:
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    return library


@dataclass(frozen=True)
class SmallSite:
    root: Path
    site: Path
    library: Library
    media: SiteMedia
    catalogue: Catalogue

    def item(self, item_id: str) -> dict[str, Any]:
        return next(i for i in self.data["items"] if i["id"] == item_id)

    @property
    def data(self) -> dict[str, Any]:
        return json.loads((self.site / CATALOGUE).read_text("utf-8"))


def _stand_ins(library: Library, scratch: Path) -> tuple[dict[str, Video], dict[str, Ebook]]:
    scratch.mkdir(parents=True, exist_ok=True)

    def made(name: str, content: bytes) -> Path:
        (scratch / name).write_bytes(content)
        return scratch / name

    video = Video("thu-viec", made("web.mp4", b"web video"), made("doc.mp4", b"vertical video"),
                  made("phu-de.vtt", b"WEBVTT\n"), made("poster.jpg", b"jpeg"), 12.3456, ())
    books = [("thu-viec", "explainer", "thu-viec", "vi", "Thử việc tối đa bao lâu?"),
             ("thu-viec.en", "translation", "thu-viec", "en", "How long is probation?"),
             ("linh-vuc/lao-dong", "field", "lao-dong", "vi", "Lao động"),
             ("nhap", "explainer", "nhap", "vi", "Bài nháp")]
    ebooks = {}
    for key, kind, slug, lang, title in books:
        path = made(f"{key.replace('/', '-')}.epub", f"epub {key}".encode())
        ebooks[key] = Ebook(key, kind, slug, lang, title, path, path.stat().st_size)
    return {"thu-viec": video}, ebooks


def publish(site: Path, video: Video, ebooks: dict[str, Ebook]) -> None:
    """Put the stand-ins where the site stage publishes media (generators.site)."""
    files = [(getattr(video, part), video.url(part))
             for part in ("web", "vertical", "vtt", "poster")]
    files += [(book.path, book.url) for book in ebooks.values()]
    for source, url in files:
        (site / url).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, site / url)


_BUILT: dict[int, SmallSite] = {}


def small_site(factory: pytest.TempPathFactory) -> SmallSite:
    """The small library built once per session (one factory per session), whichever test
    module asks first."""
    if id(factory) not in _BUILT:
        _BUILT[id(factory)] = _build_small_site(factory)
    return _BUILT[id(factory)]


def _build_small_site(factory: pytest.TempPathFactory) -> SmallSite:
    root = factory.mktemp("exports-lib")
    write_files(root, library_files())
    # The up-to-date translation records its source's hash, which the loader computes.
    source_hash = load(root).explainer("thu-viec").source_hash
    write_files(root, {"content/lao-dong/thu-viec.en.md": translation(
        "How long is probation?", source_hash, '["Lan Nguyễn"]')})
    site = factory.mktemp("exports-site") / "site"
    report = build(load_config(root, site_dir=site, today=TODAY, search=False,
                               cache_dir=factory.mktemp("exports-cache"), service_worker=False,
                               stages={"audio", "cards", "compress"}),
                   engines={"espeak": EspeakEngine()})
    assert report.ok, [p.format() for p in report.errors]
    assert report.media.audio and report.media.cards and report.media.infographics
    library = load(root)
    videos, ebooks = _stand_ins(library, factory.mktemp("exports-stand-ins"))
    publish(site, videos["thu-viec"], ebooks)
    media = SiteMedia(audio=report.media.audio, translated_audio=report.media.translated_audio,
                      infographics=report.media.infographics, videos=videos,
                      cards=report.media.cards, ebooks=ebooks)
    catalogue = write_exports(site, library, media, site_name=SITE_NAME, site_url=None,
                              rights="© Sở Tư pháp")
    return SmallSite(root, site, library, media, catalogue)


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> SmallSite:
    return small_site(tmp_path_factory)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- tests -------------------------------------------------------------------------------


def test_the_catalogue_is_valid_against_the_shipped_schema(exported: SmallSite) -> None:
    schema = json.loads(SCHEMA_SOURCE.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(exported.data)]
    assert errors == []
    assert (exported.site / SCHEMA).read_bytes() == SCHEMA_SOURCE.read_bytes()
    assert exported.data["$schema"] == SCHEMA


def test_the_schema_rejects_what_the_format_does_not_allow(exported: SmallSite) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_SOURCE.read_text("utf-8")))
    for change, path in [
        (lambda d: d["items"][0].update(colour="red"), "$.items[0]"),
        (lambda d: d["items"][0].update(url="/lao-dong/"), "$.items[0].url"),
        (lambda d: d["items"][0]["files"][0].update(sha256="0" * 63), "$.items[0].files[0].sha256"),
        (lambda d: d.update(date="23/11/2026"), "$.date"),
    ]:
        data = exported.data
        change(data)
        assert path in [e.json_path for e in validator.iter_errors(data)]


def test_every_published_thing_is_listed_once_and_nothing_else(exported: SmallSite) -> None:
    data = exported.data
    assert [i["id"] for i in data["items"]] == [
        "audiobook/so-do.en/en-espeak", "audiobook/so-do/vi-bac",
        "audiobook/thu-viec.en/en-espeak", "audiobook/thu-viec/vi-bac",
        "ebook/linh-vuc/lao-dong", "ebook/thu-viec", "ebook/thu-viec.en",
        "explainer/so-do", "explainer/thu-viec", "infographic/cac-buoc",
        "translation/so-do.en", "translation/thu-viec.en", "video/thu-viec",
    ]  # the draft (nhap) and its e-book are not published
    assert {k: data[k] for k in ("format", "name", "url", "language", "date")} == {
        "format": "tusach-catalogue/1", "name": SITE_NAME, "url": None, "language": "vi",
        "date": "2026-11-23"}
    assert (exported.catalogue.count("audiobook"), exported.catalogue.count("explainer")) == (4, 2)


def test_every_listed_file_has_the_size_and_hash_on_disk(exported: SmallSite) -> None:
    data = exported.data
    files = [f for item in data["items"] for f in item["files"]] + data["companions"]
    # pages + cards 8, audio 4 × 3, video 4, infographic 4, e-books 3, companions 3
    assert len(files) == len({f["path"] for f in files}) == 34
    for entry in files:
        path = exported.site / entry["path"]
        assert (entry["size"], entry["sha256"]) == (path.stat().st_size, sha256(path)), path
    assert [c["path"] for c in data["companions"]] == ["atom.xml", "catalogue.schema.json",
                                                       "oai-pmh.xml"]
    written = exported.site / CATALOGUE
    assert (exported.catalogue.size, exported.catalogue.sha256) == (written.stat().st_size,
                                                              sha256(written))


def test_an_explainer_item(exported: SmallSite) -> None:
    item = exported.item("explainer/thu-viec")
    page, card = item.pop("files")
    assert item == {
        "id": "explainer/thu-viec", "type": "explainer", "title": "Thử việc tối đa bao lâu?",
        "description": "Mô tả ngắn.", "language": "vi", "url": "lao-dong/thu-viec/",
        "explainer": "thu-viec", "field": "lao-dong", "updated": "2026-11-01",
        "reviewed": True, "audiences": ["nguoi-lao-dong"], "tags": ["thử việc"],
        "translations": ["en"],
        "documents": [{"key": "45/2019/QH14", "type": "Bộ luật", "title": "Bộ luật Lao động",
                       "issuer": "Quốc hội", "issued": "2019-11-20", "effective": "2021-01-01",
                       "expires": None, "replaced_by": None, "url": "https://example.org/blld",
                       "status": "in_force", "status_label": "đang có hiệu lực"}],
        "related": ["audiobook/thu-viec/vi-bac", "ebook/thu-viec", "infographic/cac-buoc",
                    "translation/thu-viec.en", "video/thu-viec"],
    }
    assert (page["path"], page["media_type"], page["role"]) == (
        "lao-dong/thu-viec/index.html", "text/html", "page")
    assert (card["path"], card["role"], card["width"], card["height"]) == (
        "the-chia-se/thu-viec.png", "card", 1200, 630)


def test_documents_carry_their_status_on_the_build_date(exported: SmallSite) -> None:
    documents = exported.item("explainer/so-do")["documents"]
    assert [(d["key"], d["status"], d["expires"], d["replaced_by"]) for d in documents] == [
        ("31/2024/QH15", "in_force", None, None),
        ("10/2012/QH13", "expired", "2021-01-01", "45/2019/QH14"),
        ("99/2027/QH15", "not_yet_in_force", None, None)]
    assert [d["status_label"] for d in documents] == [
        "đang có hiệu lực", "hết hiệu lực", "chưa có hiệu lực"]


def test_translation_items_say_whether_they_follow_their_source(exported: SmallSite) -> None:
    item = exported.item("translation/thu-viec.en")
    assert {k: item[k] for k in ("title", "language", "url", "explainer", "field", "source",
                                 "translators", "translation_state", "reviewed", "related")} == {
        "title": "How long is probation?", "language": "en", "url": "en/lao-dong/thu-viec/",
        "explainer": "thu-viec", "field": "lao-dong", "source": "explainer/thu-viec",
        "translators": ["Lan Nguyễn"], "translation_state": "up_to_date", "reviewed": True,
        "related": ["audiobook/thu-viec.en/en-espeak", "ebook/thu-viec.en",
                    "explainer/thu-viec"]}
    assert [f["path"] for f in item["files"]] == ["en/lao-dong/thu-viec/index.html",
                                                  "the-chia-se/thu-viec.en.png"]
    assert exported.item("translation/so-do.en")["translation_state"] == "stale"


def test_audiobook_video_infographic_and_ebook_items(exported: SmallSite) -> None:
    book = exported.media.translated_audio[("thu-viec", "en")][0]
    item = exported.item("audiobook/thu-viec.en/en-espeak")
    assert {k: item[k] for k in ("title", "language", "url", "voice", "voice_label", "engine",
                                 "duration", "chapters", "page", "updated")} == {
        "title": "How long is probation?", "language": "en",
        "url": "sach-noi/thu-viec/en/en-espeak.mp3", "voice": "en-espeak",
        "voice_label": "English", "engine": "espeak", "duration": round(book.duration, 3),
        "chapters": 2, "page": "en/lao-dong/thu-viec/", "updated": "2026-11-01"}
    assert [(f["path"], f["role"], f["media_type"]) for f in item["files"]] == [
        ("sach-noi/thu-viec/en/en-espeak.mp3", "audio", "audio/mpeg"),
        ("sach-noi/thu-viec/en/en-espeak.vtt", "captions", "text/vtt"),
        ("sach-noi/thu-viec/en/en-espeak.chapters.json", "chapters", "application/json")]
    video = exported.item("video/thu-viec")
    assert (video["duration"], video["width"], video["height"], video["url"]) == (
        12.346, 1280, 720, "video/thu-viec/video.mp4")
    assert [(f["role"], f.get("width"), f.get("height")) for f in video["files"]] == [
        ("video", 1280, 720), ("video-vertical", 720, 1280), ("captions", None, None),
        ("poster", 1280, 720)]
    figure = exported.item("infographic/cac-buoc")
    assert {k: figure[k] for k in ("title", "kind", "explainers", "explainer", "field", "url",
                                   "updated")} == {
        "title": "Các bước thử việc", "kind": "steps", "explainers": ["thu-viec"],
        "explainer": None, "field": None, "url": "infographic/cac-buoc/doc.png",
        "updated": "2026-11-01"}
    assert [d["key"] for d in figure["documents"]] == ["45/2019/QH14"]
    assert [(f["path"], f["format"], f["width"]) for f in figure["files"]] == [
        ("infographic/cac-buoc/doc.svg", "doc", 1080),
        ("infographic/cac-buoc/doc.png", "doc", 1080),
        ("infographic/cac-buoc/ngang.svg", "ngang", 1200),
        ("infographic/cac-buoc/ngang.png", "ngang", 1200)]
    field_book = exported.item("ebook/linh-vuc/lao-dong")
    assert {k: field_book[k] for k in ("kind", "field", "explainer", "explainers", "page", "url",
                                       "language", "updated")} == {
        "kind": "field", "field": "lao-dong", "explainer": None, "explainers": ["thu-viec"],
        "page": "lao-dong/", "url": "sach-dien-tu/linh-vuc/lao-dong.epub", "language": "vi",
        "updated": "2026-11-01"}
    assert exported.item("ebook/thu-viec.en")["page"] == "en/lao-dong/thu-viec/"
    assert exported.item("ebook/thu-viec")["files"][0]["media_type"] == "application/epub+zip"


def test_the_json_is_stable_utf8_with_sorted_keys(exported: SmallSite) -> None:
    raw = (exported.site / CATALOGUE).read_bytes()
    assert raw.endswith(b"}\n") and "Tủ sách thử".encode() in raw
    assert raw.decode() == json.dumps(json.loads(raw), ensure_ascii=False, indent=2,
                                      sort_keys=True) + "\n"


def test_the_same_input_gives_the_same_bytes_in_any_order(exported: SmallSite,
                                                         tmp_path: Path) -> None:
    names = [CATALOGUE, SCHEMA, "oai-pmh.xml", "atom.xml"]
    before = {name: (exported.site / name).read_bytes() for name in names}
    media = exported.media
    shuffled = replace(media, **{
        part: MappingProxyType(dict(reversed(list(getattr(media, part).items()))))
        for part in ("audio", "translated_audio", "infographics", "videos", "cards", "ebooks")})
    write_exports(exported.site, exported.library, shuffled, site_name=SITE_NAME, site_url=None,
                  rights="© Sở Tư pháp")
    assert {name: (exported.site / name).read_bytes() for name in names} == before
    assert not list(exported.site.glob(".*.tmp"))


def test_a_missing_file_is_an_error_naming_it(exported: SmallSite, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(exported.site, site)
    (site / "sach-noi/thu-viec/vi-bac.vtt").unlink()
    with pytest.raises(CatalogueError) as caught:
        write_catalogue(site, exported.library, exported.media, site_name=SITE_NAME, site_url=None)
    assert str(caught.value) == \
        "danh mục: thiếu tệp 'sach-noi/thu-viec/vi-bac.vtt' trong trang đã dựng"
    assert (site / CATALOGUE).read_bytes() == (exported.site / CATALOGUE).read_bytes()


def test_a_site_url_is_recorded(exported: SmallSite, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(exported.site, site)
    write_catalogue(site, exported.library, exported.media, site_name=SITE_NAME,
                    site_url="https://phapluat.example.vn/tu-sach")
    data = json.loads((site / CATALOGUE).read_text("utf-8"))
    assert data["url"] == "https://phapluat.example.vn/tu-sach/"
    item = next(i for i in data["items"] if i["id"] == "explainer/thu-viec")
    assert item["url"] == "lao-dong/thu-viec/"  # addresses stay relative to the site root

