"""A hostile library, built for real (audio, one video, infographics, cards, e-books,
search, every export): every output file parses strictly, no text became markup, a cue,
a comment or code, and the text itself survives where readers see it."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.etree as LET
import lxml.html
import pytest

from generators.config import CLI_STAGES, load_config
from generators.media import Cue
from generators.pipeline import build
from generators.speech.espeak import EspeakEngine
from generators.video.captions import Window, ass_text
from tests.conftest import TODAY
from tests.security import hostile
from tests.security.browser import Watch, plain_server
from tests.security.checks import (
    check_site,
    pagefind_fragments,
    parse_vtt,
    vtt_text,
    xml_parser,
)

SITE_URL = "https://example.org/tu-sach/"
TITLE = hostile.text("ke-gian-title", hostile.TEMPLATE + hostile.PAYLOAD[:85])
DESCRIPTION = hostile.text("ke-gian-desc") + hostile.TEMPLATE + hostile.NEWLINES
EN_TITLE = hostile.text("ke-gian-en-title", hostile.TEMPLATE + hostile.PAYLOAD[:85])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, media_cache: Path) -> Path:
    """The hostile library built with every stage on (one explainer with a video)."""
    root = hostile.write(tmp_path_factory.mktemp("hostile-lib"), video=True)
    out = tmp_path_factory.mktemp("hostile-site") / "site"
    report = build(load_config(root, site_dir=out, today=TODAY, site_url=SITE_URL, search=True,
                               cache_dir=media_cache, network=False,
                               stages=CLI_STAGES),
                   engines={"espeak": EspeakEngine()})
    assert report.ok, [p.format() for p in report.errors]
    return out


def words(text: str | None) -> str:
    """Text with its whitespace (line breaks, U+2028) folded: where a writer folds it is
    its own choice; what matters is that every character of the text is there."""
    return " ".join((text or "").split())


def html(site: Path, rel: str) -> Any:
    return lxml.html.document_fromstring((site / rel).read_text("utf-8"))


def xml(site: Path, rel: str) -> Any:
    return LET.fromstring((site / rel).read_bytes(), xml_parser())


def strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def test_every_output_file_parses_strictly_and_no_text_became_markup(site: Path) -> None:
    findings = check_site(site)
    assert findings == [], "\n".join(findings)


def test_every_output_kind_was_built(site: Path) -> None:
    """The hostile library reaches every writer (else the test above proves nothing)."""
    for rel in ("atom.xml", "oai-pmh.xml", "catalogue.json", "sitemap.xml",
                "sach-noi/podcast.xml", "sach-noi/ke-gian/vi-bac.vtt",
                "sach-noi/ke-gian/en/en-espeak.vtt", "video/ke-gian-hai/phu-de.vi.vtt",
                "sach-dien-tu/ke-gian.epub", "sach-dien-tu/ke-gian.en.epub",
                "sach-dien-tu/linh-vuc/truy-van.epub", "the-chia-se/ke-gian.png",
                "pagefind/pagefind-entry.json", "thuat-ngu/index.html",
                "tai-ve/tu-sach-phap-luat-so.zip",
                "en/truy-van/ke-gian/index.html",
                *(f"infographic/{name}/{form}.svg" for name in hostile.INFOGRAPHICS
                  for form in ("doc", "ngang"))):
        assert (site / rel).is_file(), rel


@pytest.mark.parametrize(("rel", "title", "description"), [
    ("truy-van/ke-gian/index.html", TITLE, DESCRIPTION),
    ("en/truy-van/ke-gian/index.html", EN_TITLE, hostile.text("ke-gian-en-desc")),
])
def test_page_title_and_description_are_text(site: Path, rel: str, title: str,
                                             description: str) -> None:
    page = html(site, rel)
    assert title in page.findtext(".//title")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.iter("meta")}
    assert meta["og:title"] == title
    assert meta["twitter:title"] == title
    assert words(meta["description"]) == words(description)
    assert words(meta["og:description"]) == words(description)
    assert title in page.xpath("string(//h1)")
    blocks = [json.loads(s.text) for s in page.iter("script")
              if s.get("type") == "application/ld+json"]
    assert title in set(strings(blocks))
    body = page.text_content()
    for marker in ("para", "td", "th", "link", "note", "fn", "end"):
        assert f"ZQke-gian{'-en' if 'en/' in rel else ''}{marker} " in body, marker
    alts = [i.get("alt") or "" for i in page.iter("img")]
    assert any("ZQke-gian" in a and "alt <script>alert(1)</script> \"' ]]> -->" in a
               for a in alts), alts
    assert hostile.TEMPLATE in body  # no template engine read the body's text
    # The escaped payload in the body is text, not the elements it names
    assert "<script>alert(1)</script>" in body


def test_data_file_texts_are_text_on_their_pages(site: Path) -> None:
    assert hostile.text("field-title", hostile.PAYLOAD[:120]) in \
        html(site, "truy-van/index.html").xpath("string(//h1)")
    assert hostile.text("aud-title", hostile.PAYLOAD[:120]) in \
        html(site, "doi-tuong/ke-gian/index.html").xpath("string(//h1)")
    document = html(site, "van-ban/99-2024-qh15-b/index.html").text_content()
    assert hostile.DOC_KEY in document
    assert hostile.text("doc-title") in document
    assert hostile.GLOSSARY_TERM in html(site, "thuat-ngu/index.html").text_content()
    links = [a.get("href") for a in html(site, "van-ban/99-2024-qh15-b/index.html").iter("a")]
    assert hostile.DOC_URL in links


def test_atom_oai_and_podcast_carry_the_text(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = xml(site, "atom.xml")
    assert TITLE in [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert words(DESCRIPTION) in [words(e.findtext(f"{atom}summary"))
                                  for e in feed.iter(f"{atom}entry")]
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert TITLE in [t.text for t in xml(site, "oai-pmh.xml").iter(f"{dc}title")]
    podcast = xml(site, "sach-noi/podcast.xml")
    assert TITLE in [i.findtext("title") for i in podcast.iter("item")]
    assert words(DESCRIPTION) in [words(i.findtext("description")) for i in podcast.iter("item")]


def test_catalogue_and_search_index_carry_the_text(site: Path) -> None:
    catalogue = set(strings(json.loads((site / "catalogue.json").read_bytes())))
    assert {TITLE, EN_TITLE, hostile.DOC_KEY} <= catalogue
    assert words(DESCRIPTION) in {words(s) for s in catalogue}
    titles = {f["meta"].get("title") for _, f in pagefind_fragments(site)}
    assert any(t and "ZQke-gian-title" in t and "<script>" in t for t in titles), titles


def test_transcripts_and_captions_keep_the_text_in_their_cues(site: Path) -> None:
    for rel, marker in (("sach-noi/ke-gian/vi-bac.vtt", f"ZQke-gian-title {hostile.TEMPLATE}"),
                        ("sach-noi/ke-gian/en/en-espeak.vtt",
                         f"ZQke-gian-en-title {hostile.TEMPLATE}"),
                        ("video/ke-gian-hai/phu-de.vi.vtt", "ZQke-gian-hai-title")):
        cues = parse_vtt((site / rel).read_text("utf-8"))
        text = " ".join(vtt_text(" ".join(body)) for _, body in cues)
        assert marker in text, rel
        # "WEBVTT" and cue timings written in the body stay words inside cues
        assert "WEBVTT" in text and "00:00:03.000 --> 00:00:04.000" in text, rel
        if "en/" not in rel:  # the description is read, line breaks and all
            assert "00:00:09.000 --> 00:00:10.000" in text, rel


def test_svg_infographics_keep_the_text(site: Path) -> None:
    for name in hostile.INFOGRAPHICS:
        svg = xml(site, f"infographic/{name}/doc.svg")
        text = "".join(svg.itertext())
        assert "ZQig-" in text and "<" in text, name
        assert not [e for e in svg.iter() if isinstance(e.tag, str)
                    and LET.QName(e).localname in ("script", "foreignObject", "b")], name


def test_epub_metadata_and_chapters_keep_the_text(site: Path) -> None:
    with zipfile.ZipFile(site / "sach-dien-tu/ke-gian.epub") as book:
        opf = next(n for n in book.namelist() if n.endswith(".opf"))
        dc = "{http://purl.org/dc/elements/1.1/}"
        package = LET.fromstring(book.read(opf), xml_parser())
        assert TITLE in [t.text for t in package.iter(f"{dc}title")]
        chapters = "".join("".join(LET.fromstring(book.read(n), xml_parser()).itertext())
                           for n in book.namelist() if n.endswith(".xhtml"))
    assert "ZQke-gianpara <b>x</b>" in chapters
    assert "<script>alert(1)</script>" in chapters


def test_no_text_runs_in_a_browser_without_csp(site: Path, browser: Any) -> None:
    """Every page (and the search page's results for the payload) with no CSP at all."""
    watch = Watch(browser)
    ran: list[str] = []
    try:
        with plain_server(site) as base:
            for page in sorted(site.rglob("*.html")):
                rel = page.relative_to(site).as_posix()
                ran += watch.visit(base + rel.removesuffix("index.html"))
            for rel, title in (("tim-kiem/?q=ZQke-gian", TITLE), ("tim-kiem/?q=script+alert", ""),
                               ("en/tim-kiem/?q=ZQke-gian-en", EN_TITLE)):
                ran += watch.visit(base + rel, settle_ms=1500)
                if title:  # the results are there, the title shown as text
                    shown = watch.page.locator("main").inner_text()
                    assert words(title) in words(shown), (rel, shown[:300])
    finally:
        watch.close()
    assert ran == []


def test_burned_captions_show_override_tags_and_line_breaks_as_text() -> None:
    """The vertical video's captions (ASS, drawn by libass): braces would open override
    tags ({\\pos}, {\\c}), a backslash before N, n or h would break a line; a line break in
    the text would end the Dialogue line and start another."""
    hostile_lines = ["{\\b1\\c&H0000FF&}đỏ{\\pos(0,0)}\\N\\n\\h", "]]> --> \\", "x}{y"]
    cue = Cue(0.0, 2.0, "\n".join(hostile_lines))
    script = ass_text([cue, Cue(2.0, 3.0, "Dialogue: 0,0:00:00.00,9:00:00.00,Caption,,0,0,0,,x")],
                      Window(0, 3000))
    events = [line for line in script.splitlines() if line.startswith("Dialogue:")]
    assert len(events) == 2
    first = events[0].split(",", 9)[9]
    shown = first.split("\\N")
    assert len(shown) == len(hostile_lines)
    for line in shown:
        assert not re.search(r"(?<!\\)[{}]", line), line
        assert not re.search(r"\\(?![{}\u2060])", line), line
    assert events[1].split(",", 9)[9].startswith("Dialogue: 0,")
