"""The bulletins section of the built site (`ban-tin/`): the list with the feeds, a page per
bulletin with a player that works without script, its files, and its script as text; the
editors' words escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from generators.config import load_config
from generators.pipeline import build
from tests.bulletins.conftest import BULLETINS, library_files, write
from tests.conftest import TODAY

HOSTILE = 'Thử việc </title><script>alert(1)</script> & "lương"'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two bulletins (one titled with markup) built with the site, real espeak-ng and ffmpeg."""
    tmp_path = tmp_path_factory.mktemp("bulletin-site")
    text = BULLETINS.replace("    title: Thử việc\n", f"    title: '{HOSTILE}'\n")
    root = write(tmp_path / "lib", {**library_files(), "audiobooks/bulletins.yml": text})
    report = build(load_config(root, site_dir=tmp_path / "site", today=TODAY, search=False,
                               site_url="https://tusach.example.gov.vn/",
                               cache_dir=tmp_path / "cache",
                               stages={"bulletins"}))
    assert report.ok, [p.format() for p in report.errors]
    assert report.stages["bulletins"].summary[0].startswith("Bản tin loa: 2 bản tin, 2,")
    return tmp_path / "site"


def test_the_section_lists_bulletins_feeds_and_files(site: Path) -> None:
    for rel in ("ban-tin/ban-tin.xml", "ban-tin/ban-tin.json", "ban-tin/lao-dong/lao-dong.mp3",
                "ban-tin/lao-dong/lao-dong.zip", "ban-tin/lao-dong/lao-dong.ics",
                "ban-tin/lao-dong/lao-dong.json", "ban-tin/lao-dong/lao-dong.m3u",
                "ban-tin/lao-dong/lao-dong.txt", "ban-tin/thu-viec-loa-nho/thu-viec-loa-nho.mp3"):
        assert (site / rel).is_file(), rel
    tree = lxml_html.fromstring((site / "ban-tin/index.html").read_bytes())
    links = {a.get("href") for a in tree.xpath("//main//a")}
    assert {"ban-tin.xml", "ban-tin.json", "lao-dong/", "lao-dong/lao-dong.mp3"} <= links
    nav = " ".join(a.text_content() for a in tree.xpath("//nav//a"))
    assert "Bản tin loa" in nav


def test_a_bulletin_page_plays_without_script_and_shows_its_script(site: Path) -> None:
    page = (site / "ban-tin/lao-dong/index.html").read_bytes()
    tree = lxml_html.fromstring(page)
    (audio,) = tree.xpath("//audio")
    assert audio.get("controls") is not None and audio.get("src") == "lao-dong.mp3"
    assert audio.xpath("./a/@href") == ["lao-dong.mp3"]  # a link where audio cannot play
    section = audio.getparent()
    assert section.get("aria-labelledby") == "nghe-ban-tin"
    assert tree.xpath("//h2[@id='nghe-ban-tin']/text()") == ["Nghe bản tin"]
    script = tree.xpath("//section[@aria-labelledby='loi-doc']")[0]
    headings = [h.text_content().split(" (")[0] for h in script.xpath(".//h3")]
    assert headings[0] == "Mở đầu" and headings[-1] == "Kết thúc"
    assert "Bản tin ngày 23 tháng 11 năm 2026." in script.text_content()
    assert tree.xpath("//a[@href='../../lao-dong/thu-viec/']")
    assert tree.xpath("//a[@href='lao-dong.ics']") and tree.xpath("//a[@href='lao-dong.zip']")


def test_editors_words_are_escaped(site: Path) -> None:
    for rel in ("ban-tin/thu-viec-loa-nho/index.html", "ban-tin/index.html"):
        page = (site / rel).read_text("utf-8")
        assert "<script>alert(1)</script>" not in page
        tree = lxml_html.fromstring(page)
        assert HOSTILE in tree.text_content()
    feed = (site / "ban-tin/ban-tin.xml").read_text("utf-8")
    assert "<script>" not in feed and "&lt;script&gt;" in feed


def test_the_catalogue_lists_each_bulletin_with_its_files(site: Path) -> None:
    import json

    import jsonschema

    catalogue = json.loads((site / "catalogue.json").read_text("utf-8"))
    schema = json.loads((site / "catalogue.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(catalogue)
    items = {i["id"]: i for i in catalogue["items"] if i["type"] == "bulletin"}
    assert sorted(items) == ["bulletin/lao-dong", "bulletin/thu-viec-loa-nho"]
    item = items["bulletin/lao-dong"]
    assert item["explainers"] == ["thu-viec", "nghi-viec"] and item["profile"] == "loa"
    assert item["schedule"] == "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=6;BYMINUTE=30"
    assert [d["key"] for d in item["documents"]] == ["45/2019/QH14"]
    roles = {f["role"]: f["path"] for f in item["files"]}
    assert roles == {"audio": "ban-tin/lao-dong/lao-dong.mp3",
                     "description": "ban-tin/lao-dong/lao-dong.json",
                     "playlist": "ban-tin/lao-dong/lao-dong.m3u",
                     "calendar": "ban-tin/lao-dong/lao-dong.ics",
                     "script": "ban-tin/lao-dong/lao-dong.txt",
                     "archive": "ban-tin/lao-dong/lao-dong.zip",
                     "page": "ban-tin/lao-dong/index.html"}
