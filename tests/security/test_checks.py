"""The strict readers catch what they are for: each is shown an output that went wrong
(text that became markup, a forged cue, a cut-short data block), so a quiet run of the
hostile library and the XSS corpus means the outputs are right, not the readers blind."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.security.checks import check_epub, check_html, check_json, check_vtt, check_xml

BAD_HTML = {
    "event handler": '<p><img src="a.png" onerror="alert(1)"></p>',
    "quote breaks out of an attribute": '<meta property="og:title" content="x"\'&amp;<b>x</b>">',
    "element from text": "<title>ok</title><h1><b>x</b></h1>",
    "inline script": "<script>alert(1)</script>",
    "foreign script": '<script src="https://evil.example/x.js"></script>',
    "javascript: URL": '<a href=" javascript:alert(1)">x</a>',
    "data block cut short": ('<script type="application/ld+json">{"a": "</script>'
                             '<script>alert(1)</script>"}</script>'),
    "comment opened by text": "<p>ZQ <!-- ZQtitle <script>alert(1)</script> --></p>",
}


@pytest.mark.parametrize("body", BAD_HTML.values(), ids=BAD_HTML.keys())
def test_html_reader_catches(tmp_path: Path, body: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html><head></head><body>{body}</body></html>", "utf-8")
    assert check_html(page, "page.html")


def test_html_reader_passes_our_own_kind_of_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html><head><title>&lt;b&gt;x&lt;/b&gt; ]]&gt; --&gt;</title>'
        '<meta property="og:title" content="&lt;b&gt;x&lt;/b&gt;&quot;\'&amp;amp;">'
        '<script type="application/ld+json">{"a":"<\\/script>\\u003c!--"}</script>'
        '<script src="../../assets/tusach/tusach.0123456789.js" defer></script></head>'
        "<body><p>&lt;script&gt;alert(1)&lt;/script&gt;</p><b>đậm</b></body></html>", "utf-8")
    assert check_html(page, "page.html") == []


@pytest.mark.parametrize("xml", [
    b"<feed><title>x ]]> <b>x</b></title></feed>",
    b"<feed><title>a & b</title></feed>",
    b"<feed><title>\x01</title></feed>",
    b"<svg xmlns='http://www.w3.org/2000/svg'><text>x</text><script>alert(1)</script></svg>",
    b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
], ids=["element", "bare ampersand", "control character", "svg script", "entity"])
def test_xml_reader_catches(tmp_path: Path, xml: bytes) -> None:
    (tmp_path / "f.xml").write_bytes(xml)
    assert check_xml(tmp_path / "f.xml", "f.xml")


def test_json_reader_catches(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text('{"title": "a"b"}', "utf-8")
    assert check_json(tmp_path / "c.json", "c.json")


@pytest.mark.parametrize("vtt", [
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\ncâu --> câu\n",
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\ncâu\n\n\n00:00:01.000 --> 00:00:02.000\nWEBVTT\n",
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<b>x</b>\n",
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na & b\n",
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\ncâu\n\nWEBVTT\n",
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n",
], ids=["arrow in text", "forged cue after blank lines", "tag", "bare ampersand",
        "stray block", "empty cue"])
def test_vtt_reader_catches(tmp_path: Path, vtt: str) -> None:
    (tmp_path / "t.vtt").write_text(vtt, "utf-8")
    assert check_vtt(tmp_path / "t.vtt", "t.vtt")


def test_vtt_reader_passes_escaped_text(tmp_path: Path) -> None:
    (tmp_path / "t.vtt").write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n--&gt; &lt;b&gt; &amp;amp; WEBVTT\n", "utf-8")
    assert check_vtt(tmp_path / "t.vtt", "t.vtt") == []


def test_epub_reader_reads_every_xml_member(tmp_path: Path) -> None:
    book = tmp_path / "b.epub"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("EPUB/text/ch001.xhtml",
                   '<html xmlns="http://www.w3.org/1999/xhtml"><body><b>x</b></body></html>')
    assert check_epub(book, "b.epub")
