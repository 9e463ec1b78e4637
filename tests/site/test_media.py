"""Infographics, videos and share cards on the built starter site."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lxml_html
from PIL import Image

from generators.cards import CARD_SIZE
from generators.urls import BUNDLE_NAME, DOWNLOADS
from tests.conftest import ROOT

VIDEO_EXPLAINER = "hoa-giai-co-so/cac-buoc-hoa-giai-o-thon-to-dan-pho/"
VIDEO_SLUG = "cac-buoc-hoa-giai-o-thon-to-dan-pho"


def page_tree(site: Path, rel: str) -> Any:
    return lxml_html.fromstring((site / rel / "index.html").read_bytes())


def resolve(site: Path, page: str, link: str) -> Path:
    return (site / page / link).resolve()


def test_an_explainer_shows_its_infographic_with_the_data_as_text(built_site: Path) -> None:
    spec = yaml.safe_load((ROOT / "infographics/cac-buoc-hoa-giai.yml").read_text("utf-8"))
    tree = page_tree(built_site, VIDEO_EXPLAINER)
    figure = tree.xpath("//section[@aria-labelledby='infographic']//figure")[0]
    assert figure.xpath(".//h3")[0].text_content() == spec["title"]
    img = figure.xpath(".//img")[0]
    assert img.get("loading") == "lazy" and spec["title"] in img.get("alt")
    assert resolve(built_site, VIDEO_EXPLAINER, img.get("src")).name == "doc.svg"
    source = figure.xpath(".//source")[0]
    assert source.get("srcset").endswith("infographic/cac-buoc-hoa-giai/ngang.svg")
    items = [li.text_content() for li in figure.xpath(".//figcaption//ol/li")]
    assert [i.split(":")[0].strip() for i in items] == [it["title"] for it in spec["items"]]
    for link in figure.xpath(".//a/@href"):
        assert resolve(built_site, VIDEO_EXPLAINER, link).is_file(), link
    png = built_site / "infographic/cac-buoc-hoa-giai/ngang.png"
    assert Image.open(png).size == (1200, 630)
    assert Image.open(png.with_name("doc.png")).size == (1080, 1350)


def test_the_gallery_lists_every_infographic_and_is_in_the_nav(built_site: Path) -> None:
    tree = page_tree(built_site, "infographic/")
    titles = [h.text_content() for h in tree.xpath("//figure//h2")]
    specs = [yaml.safe_load(p.read_text("utf-8"))["title"]
             for p in sorted(ROOT.glob("infographics/*.yml"))]
    assert sorted(titles) == sorted(specs)
    nav = [a.text_content().strip() for a in page_tree(built_site, "").xpath(
        "//nav[contains(@class,'md-nav--primary')]//a")]
    assert "Infographic" in nav


def test_the_video_has_captions_a_poster_and_both_forms(built_site: Path) -> None:
    tree = page_tree(built_site, VIDEO_EXPLAINER)
    video = tree.xpath("//section[@aria-labelledby='xem-video']//video")[0]
    assert video.get("preload") == "none" and video.get("controls") is not None
    track = video.xpath(".//track")[0]  # libxml2 nests it in <source>
    assert (track.get("kind"), track.get("srclang"), track.get("default")) == \
        ("captions", "vi", "")
    vtt = resolve(built_site, VIDEO_EXPLAINER, track.get("src"))
    assert vtt.read_text("utf-8").startswith("WEBVTT")
    assert resolve(built_site, VIDEO_EXPLAINER, video.get("data-poster")).is_file()
    links = tree.xpath("//section[@aria-labelledby='xem-video']//p//a/@href")
    names = sorted(resolve(built_site, VIDEO_EXPLAINER, h).name for h in links)
    assert names == ["phu-de.vi.vtt", "video-doc.mp4", "video.mp4"]
    assert video.xpath(".//source/@src")[0].endswith(f"video/{VIDEO_SLUG}/video.mp4")
    # The offline ZIP keeps the web video, not the one made for social media.
    with zipfile.ZipFile(built_site / DOWNLOADS / BUNDLE_NAME) as bundle:
        names = set(bundle.namelist())
    assert any(n.endswith(f"video/{VIDEO_SLUG}/video.mp4") for n in names)
    assert not any(n.endswith("video-doc.mp4") for n in names)


def test_every_explainer_points_to_its_share_card(built_site: Path) -> None:
    tree = page_tree(built_site, VIDEO_EXPLAINER)
    meta = {m.get("property") or m.get("name"): m.get("content")
            for m in tree.xpath("//head/meta")}
    assert meta["og:type"] == "article"
    assert meta["og:title"] == tree.xpath("//h1")[0].text_content()
    assert meta["twitter:card"] == "summary_large_image"
    card = resolve(built_site, VIDEO_EXPLAINER, meta["og:image"])
    assert card == (built_site / f"the-chia-se/{VIDEO_SLUG}.png").resolve()
    assert Image.open(io.BytesIO(card.read_bytes())).size == CARD_SIZE
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    home = {m.get("property"): m.get("content") for m in page_tree(built_site, "").xpath(
        "//head/meta[@property]")}
    assert home["og:type"] == "website"
    assert resolve(built_site, "", home["og:image"]).name == "tu-sach.png"


@pytest.mark.browser
def test_the_video_plays_in_chromium_with_its_captions(page: Any, base_url: str) -> None:
    page.goto(base_url + VIDEO_EXPLAINER)
    video = page.locator("section.tsp-video video")
    video.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('section.tsp-video video').poster !== ''")
    state = video.evaluate("""async v => {
        v.muted = true;
        await v.play();
        await new Promise(r => setTimeout(r, 700));
        const track = v.textTracks[0];
        return {time: v.currentTime, width: v.videoWidth, height: v.videoHeight,
                kind: track.kind, mode: track.mode, language: track.language,
                cues: track.cues ? Array.from(track.cues).map(c => c.text) : []};
    }""")
    assert state["time"] > 0.2
    assert (state["width"], state["height"]) == (1280, 720)
    assert (state["kind"], state["mode"], state["language"]) == ("captions", "showing", "vi")
    assert len(state["cues"]) > 10
    assert state["cues"][0].replace("\n", " ").startswith("Nhà có mâu thuẫn với hàng xóm")
