"""E-books: one EPUB 3 per explainer, translation and field — structure, metadata, font,
cover, navigation, content, cache, reproducibility, and the real checkers (epubcheck,
Ace by DAISY)."""

from __future__ import annotations

import struct
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from generators.ebooks import render_ebooks
from generators.ebooks.render import COVER_SIZE, book_identifier, cover_svg
from generators.errors import EngineError
from generators.library import load_library
from generators.media import Ebook
from generators.pandoc import PandocError, html_to_ast, pandoc_version, run_pandoc
from tests.conftest import TODAY, explainer
from tests.ebooks.conftest import (
    SITE,
    Built,
    ace,
    ace_available,
    build,
    epubcheck,
    epubcheck_command,
    library_files,
    write_library,
)

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Book:
    """An EPUB opened for reading: its package document, nav and chapter text."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(
            ".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile").get("full-path")
        self.base = self.opf_path.rsplit("/", 1)[0] + "/"
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        self.items = {i.get("id"): i for i in self.opf.iter(f"{OPF}item")}

    def metas(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iter(f"{OPF}meta") if m.get("property") == prop]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.iter(f"{DC}{name}")]

    def item(self, properties: str) -> etree._Element:
        return next(i for i in self.items.values()
                    if properties in (i.get("properties") or "").split())

    def read(self, item: etree._Element) -> bytes:
        return self.zip.read(self.base + item.get("href"))

    def chapters(self) -> str:
        """The text of the spine, in reading order, as XHTML source."""
        spine = [ref.get("idref") for ref in self.opf.iter(f"{OPF}itemref")]
        return "\n".join(self.read(self.items[i]).decode() for i in spine)


@pytest.fixture(scope="module")
def books(ebooks_built: Built) -> dict[str, Book]:
    return {key: Book(book.path) for key, book in ebooks_built.report.media.ebooks.items()}


# ---- what is made ---------------------------------------------------------------------------


def test_a_book_per_explainer_translation_and_field(ebooks_built: Built) -> None:
    report = ebooks_built.report
    assert sorted(report.media.ebooks) == ["hop-dong", "linh-vuc/dat-dai", "linh-vuc/lao-dong",
                                     "so-do", "thu-viec", "thu-viec.en"]
    assert report.built == 6 and report.reused == 0 and report.notices == []
    book = report.media.ebooks["thu-viec.en"]
    assert (book.kind, book.slug, book.lang, book.title) == (
        "translation", "thu-viec", "en", "How long can a trial period last?")
    assert book.url == "sach-dien-tu/thu-viec.en.epub"
    assert book.size == book.path.stat().st_size > 50_000
    field = report.media.ebooks["linh-vuc/lao-dong"]
    assert (field.kind, field.slug, field.lang, field.title) == (
        "field", "lao-dong", "vi", "Lao động")
    assert field.url == "sach-dien-tu/linh-vuc/lao-dong.epub"


def test_epub_container_is_well_formed(ebooks_built: Built) -> None:
    for book in ebooks_built.report.media.ebooks.values():
        with zipfile.ZipFile(book.path) as epub:
            first = epub.infolist()[0]
            assert first.filename == "mimetype"
            assert first.compress_type == zipfile.ZIP_STORED
            assert first.extra == b""
            assert epub.read("mimetype") == b"application/epub+zip"
            assert epub.testzip() is None


def test_package_metadata(books: dict[str, Book]) -> None:
    book = books["thu-viec"]
    assert book.opf.get("version") == "3.0"
    assert book.opf.get(XML_LANG) == "vi" and book.dc("language") == ["vi"]
    assert book.dc("title") == ["Thử việc tối đa bao lâu?"]
    assert book.dc("creator") == [SITE] and book.dc("publisher") == [SITE]
    assert book.dc("date") == ["2026-11-01"]
    assert book.metas("dcterms:modified") == ["2026-11-01T00:00:00Z"]
    assert book.dc("identifier") == [book_identifier(SITE, "thu-viec")]
    assert book.dc("identifier")[0].startswith("urn:uuid:")
    assert book.dc("description") == ["Mô tả ngắn."]
    assert book.dc("subject") == ["Lao động"]
    assert books["linh-vuc/lao-dong"].dc("subject") == ["Lao động"]
    assert books["thu-viec.en"].dc("subject") == []
    assert book.dc("rights") == [f"© 2026 {SITE}"]
    english = books["thu-viec.en"]
    assert english.opf.get(XML_LANG) == "en" and english.dc("language") == ["en"]
    assert english.dc("contributor") == ["Lan Nguyễn"]
    assert books["hop-dong"].dc("identifier") != book.dc("identifier")


def test_accessibility_metadata(books: dict[str, Book]) -> None:
    book = books["thu-viec"]  # an image and an infographic
    assert book.metas("schema:accessMode") == ["textual", "visual"]
    assert book.metas("schema:accessModeSufficient") == ["textual"]
    assert book.metas("schema:accessibilityFeature") == [
        "structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability",
        "alternativeText", "longDescription"]
    assert book.metas("schema:accessibilityHazard") == ["none"]
    summary = book.metas("schema:accessibilitySummary")
    assert len(summary) == 1 and summary[0].startswith("Sách điện tử dạng chữ")
    assert "văn bản thay thế" in summary[0]
    plain = books["hop-dong"]  # text only: no visual mode, no claim about images
    assert plain.metas("schema:accessMode") == ["textual"]
    assert "alternativeText" not in plain.metas("schema:accessibilityFeature")
    assert "văn bản thay thế" not in plain.metas("schema:accessibilitySummary")[0]
    assert books["thu-viec.en"].metas("schema:accessibilitySummary")[0].startswith(
        "A reflowable text e-book")
    assert not book.metas("dcterms:conformsTo")  # no conformance is claimed


def test_font_is_embedded_and_used(books: dict[str, Book]) -> None:
    book = books["thu-viec"]
    fonts = sorted(i.get("href") for i in book.items.values()
                   if i.get("href").endswith(".ttf"))
    assert fonts == ["fonts/BeVietnamPro-Bold.ttf", "fonts/BeVietnamPro-Regular.ttf"]
    css = next(book.read(i).decode() for i in book.items.values()
               if i.get("media-type") == "text/css")
    assert 'url("../fonts/BeVietnamPro-Regular.ttf")' in css
    assert 'font-family: "Be Vietnam Pro"' in css


def test_nav_lists_the_headings(books: dict[str, Book]) -> None:
    nav = etree.fromstring(books["thu-viec"].read(books["thu-viec"].item("nav")))
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get(f"{EPUB_NS}type") == "toc")
    entries = ["".join(a.itertext()) for a in toc.iter(f"{XHTML}a")]
    assert entries == ["Thử việc tối đa bao lâu?", "Thời gian thử việc", "Lương thử việc",
                       "Quyền của bạn", "Infographic", "Văn bản được trích dẫn"]
    assert "".join(toc.find(f"{XHTML}h1").itertext()) == "Mục lục"
    field = books["linh-vuc/lao-dong"]
    nav = etree.fromstring(field.read(field.item("nav")))
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get(f"{EPUB_NS}type") == "toc")
    titles = list(toc.iter(f"{XHTML}a"))
    assert ["".join(a.itertext()) for a in titles] == [  # newest first, then by title
        "Hợp đồng lao động có mấy loại?", "Hợp đồng", "Các loại", "Văn bản được trích dẫn",
        "Thử việc tối đa bao lâu?", "Thời gian thử việc", "Quyền của bạn", "Infographic",
        "Văn bản được trích dẫn"]
    # one XHTML file per `##` section in an explainer's book, per explainer in a field's
    assert books["thu-viec"].chapters().count("<body") == 8  # cover, title, nav, 5 files
    assert field.chapters().count("<body") == 5  # cover, title, nav, 2 explainers


def test_cover_is_drawn(books: dict[str, Book]) -> None:
    book = books["thu-viec"]
    cover = book.item("cover-image")
    png = book.read(cover)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == COVER_SIZE
    first = next(book.opf.iter(f"{OPF}itemref")).get("idref")
    assert "cover" in first
    page = etree.fromstring(book.read(book.items[first]))
    svg = next(page.iter("{http://www.w3.org/2000/svg}svg"))
    assert (svg.get("role"), svg.get("aria-label")) == ("img", "Thử việc tối đa bao lâu?")
    drawn = cover_svg("Thử việc tối đa bao lâu?", "Lao động", SITE, "Sách điện tử")
    lines = etree.fromstring(drawn.encode()).iter("{http://www.w3.org/2000/svg}tspan")
    assert " ".join(t.text for t in lines) == "Thử việc tối đa bao lâu?"
    assert ">Lao động<" in drawn and f">{SITE}<" in drawn and ">Sách điện tử<" in drawn


def test_content_is_readable(books: dict[str, Book]) -> None:
    text = books["thu-viec"].chapters()
    # footnote → a real EPUB note pair, no back-reference arrow left over
    assert 'epub:type="noteref"' in text and 'epub:type="footnote"' in text
    assert "Điều 25 Bộ luật Lao động 2019." in text and "↩" not in text
    # admonition: a note box with its Vietnamese title
    assert '<div class="admonition warning" role="note">' in text
    assert "<p><strong>Cảnh báo</strong></p>" in text
    # abbreviation spelt out once, at its first use outside a heading
    assert text.count("(Ủy ban nhân dân)") == 1
    assert '<abbr title="Ủy ban nhân dân">UBND</abbr> (Ủy ban nhân dân)' in text
    # table, image with its alt text, infographic picture + its data as text
    assert "<th>Loại công việc</th>" in text and "<td>180 ngày</td>" in text
    assert 'alt="Sơ đồ ba bước thử việc: thỏa thuận, làm thử, nhận kết quả"' in text
    assert 'alt="Infographic “Thử việc tối đa bao lâu?”' in text
    assert "<strong>6 ngày làm việc</strong> — Các công việc khác" in text
    media = [i.get("media-type") for i in books["thu-viec"].items.values()
             if i.get("href").startswith("media/")]
    assert sorted(media) == ["image/png", "image/png", "image/svg+xml"]  # cover, infographic
    # no site_url: links to other pages keep their text, lose the link; the web stays linked
    assert "Xem các loại hợp đồng, sổ đỏ và" in " ".join(text.split())
    assert '<a href="https://example.org/blld" rel="noopener">Bộ luật Lao động</a>' in text
    assert "<p>No more than 60 days. See contract types.</p>" in books["thu-viec.en"].chapters()
    assert "Infographic" not in books["thu-viec.en"].chapters()  # Vietnamese only


def test_links_inside_a_fields_book_stay_inside(books: dict[str, Book]) -> None:
    text = books["linh-vuc/lao-dong"].chapters()
    assert '<a href="ch001.xhtml#hop-dong-cac-loai">các loại hợp đồng</a>' in text
    assert " sổ đỏ và " in text  # another field: text only without site_url
    # ids are prefixed with the slug: two explainers never clash
    assert 'id="thu-viec-thoi-gian-thu-viec"' in text and 'id="hop-dong-cac-loai"' in text
    assert text.count('id="hop-dong"') == 1 and 'id="hop-dong-hop-dong"' in text


def test_links_become_absolute_with_a_site_url(tmp_path: Path) -> None:
    root = write_library(tmp_path / "lib", library_files())
    made = build(root, tmp_path / "cache", site_url="https://tusach.example.vn")
    text = Book(made.report.media.ebooks["thu-viec"].path).chapters()
    assert '<a href="https://tusach.example.vn/lao-dong/hop-dong/#cac-loai">' \
        "các loại hợp đồng</a>" in text
    assert '<a href="https://tusach.example.vn/dat-dai/so-do/">sổ đỏ</a>' in text


def test_image_on_the_web_is_replaced_by_its_alt_text(tmp_library) -> None:
    # `check` refuses such an image (tests/library/test_assets_policy.py); a body that has
    # one anyway still never makes the book fetch it.
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(
        body="## Mũ\n\n![Mũ bảo hiểm đúng chuẩn](mu.png)\n"),
        "content/lao-dong/mu.png": b"\x89PNG\r\n\x1a\n"})
    library, _ = load_library(root, TODAY)
    assert library is not None
    item = library.explainers[0]
    body = replace(item.body, html=item.body.html.replace(
        "../../media/lao-dong/mu.png", "https://example.org/mu.png"), images=())
    library = replace(library, explainers=(replace(item, body=body),))
    report = render_ebooks(library, root / ".cache", 1, None, site_name=SITE)
    assert report.notices == [
        "content/lao-dong/thu-viec.md: ảnh 'https://example.org/mu.png' không đưa được vào "
        "sách điện tử (chỉ ảnh trong content/), thay bằng chữ thay thế"]
    text = Book(report.media.ebooks["thu-viec"].path).chapters()
    assert "<em>[Hình: Mũ bảo hiểm đúng chuẩn]</em>" in text and "mu.png" not in text


# ---- cache and reproducibility --------------------------------------------------------------


def test_cache_reuses_unchanged_books(tmp_library) -> None:
    files = {"content/lao-dong/hop-dong.md": explainer(title="Hợp đồng lao động",
                                                       body="## Loại\n\nHai loại.\n")}
    root = tmp_library(files)
    cache = root / ".cache"
    library, _ = load_library(root, TODAY)
    first = render_ebooks(library, cache, 2, None, site_name=SITE)
    assert (first.built, first.reused) == (3, 0)
    again = render_ebooks(library, cache, 2, None, site_name=SITE)
    assert (again.built, again.reused) == (0, 3)
    assert again.media.ebooks == first.media.ebooks
    # one explainer changes: its book and its field's book are made again, nothing else
    (root / "content/lao-dong/thu-viec.md").write_text(
        explainer(body="## Thời gian thử việc\n\nKhông quá 30 ngày.\n"), "utf-8")
    library, _ = load_library(root, TODAY)
    changed = render_ebooks(library, cache, 2, None, site_name=SITE)
    assert (changed.built, changed.reused) == (2, 1)
    assert changed.media.ebooks["hop-dong"] == first.media.ebooks["hop-dong"]
    assert changed.media.ebooks["thu-viec"].path != first.media.ebooks["thu-viec"].path
    # another site name is another book (it is on the cover and in the metadata)
    other = render_ebooks(library, cache, 2, None, site_name="Tủ sách khác")
    assert other.built == 3
    # a torn file is never trusted
    path = changed.media.ebooks["hop-dong"].path
    path.write_bytes(path.read_bytes()[:100])
    repaired = render_ebooks(library, cache, 2, None, site_name=SITE)
    assert (repaired.built, repaired.reused) == (1, 2)
    assert zipfile.ZipFile(path).testzip() is None


def test_same_input_gives_the_same_bytes(ebooks_built: Built, tmp_path: Path) -> None:
    again = build(ebooks_built.library.root, tmp_path / "other-cache")
    for key, book in ebooks_built.report.media.ebooks.items():
        assert again.report.media.ebooks[key].path.read_bytes() == book.path.read_bytes(), key
    with zipfile.ZipFile(ebooks_built.report.media.ebooks["thu-viec"].path) as epub:
        assert {i.date_time for i in epub.infolist()} == {(2026, 11, 1, 0, 0, 0)}


# ---- the pandoc wrapper ---------------------------------------------------------------------


def test_pandoc_wrapper() -> None:
    assert pandoc_version().startswith("pandoc 3.")
    ast = html_to_ast("<p>Xin <em>chào</em></p>", "thử")
    assert ast["blocks"][0]["t"] == "Para"
    with pytest.raises(PandocError) as error:
        run_pandoc(["--from=không-có"], "content/x.md: sách điện tử", b"")
    assert isinstance(error.value, EngineError)
    assert str(error.value).startswith("content/x.md: sách điện tử: pandoc lỗi (mã ")
    assert "HasCallStack" not in str(error.value)


# ---- the real checkers ----------------------------------------------------------------------


REQUIRED_A11Y = {"schema:accessMode", "schema:accessModeSufficient",
                 "schema:accessibilityFeature", "schema:accessibilityHazard",
                 "schema:accessibilitySummary"}


def _checked(built: Built) -> list[Ebook]:
    """Every kind of book once: the richest explainer, a translation, a field."""
    return [built.report.media.ebooks[k] for k in ("thu-viec", "thu-viec.en", "linh-vuc/lao-dong")]


@pytest.mark.skipif(epubcheck_command() is None,
                    reason="epubcheck chưa cài (apt-get install epubcheck default-jre-headless)")
def test_epubcheck_finds_no_error(ebooks_built: Built) -> None:
    reports = epubcheck([b.path for b in _checked(ebooks_built)])
    for book in _checked(ebooks_built):
        report = reports[book.path]
        problems = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]
                    if m["severity"] in ("FATAL", "ERROR", "WARNING")]
        assert problems == [], book.key
        assert report["checker"]["nFatal"] == report["checker"]["nError"] == 0


@pytest.mark.skipif(bool(ace_available()), reason=ace_available() or "Ace")
def test_ace_finds_no_serious_or_critical_issue(ebooks_built: Built) -> None:
    for path, report in ace([b.path for b in _checked(ebooks_built)]):
        found = [(a["earl:testSubject"]["url"], b["earl:test"]["dct:title"],
                  b["earl:test"]["earl:impact"])
                 for a in report["assertions"] for b in a["assertions"]]
        assert [f for f in found if f[2] in ("serious", "critical")] == [], path
        missing = set(report["a11y-metadata"]["missing"])
        assert missing.isdisjoint(REQUIRED_A11Y), path
        # what Ace lists as missing is only what we do not claim: conformance, certifier
        assert missing <= {"a11y:certifiedBy", "dcterms:conformsTo", "a11y:certifierCredential",
                           "a11y:certifierReport", "schema:accessibilityAPI",
                           "schema:accessibilityControl"}, path


def test_starter_library_books(tmp_path: Path) -> None:
    """The starter library's labour field (three explainers, two translations, infographics):
    named as promised, in the right language, no warnings."""
    from generators.infographics import render_infographics
    from tests.conftest import ROOT

    library, _ = load_library(ROOT, TODAY)
    assert library is not None
    labour = replace(library, explainers=tuple(
        e for e in library.explainers if e.field == "lao-dong"))
    pictures = render_infographics(labour, tmp_path)
    report = render_ebooks(labour, tmp_path, None, None, site_name=SITE,
                           infographics=pictures.media.infographics)
    assert report.notices == []
    assert sorted(report.media.ebooks) == [
        "hop-dong-lao-dong", "linh-vuc/lao-dong", "nghi-viec-bao-truoc", "thoi-gian-thu-viec",
        "thoi-gian-thu-viec.en", "thoi-gian-thu-viec.hmn"]
    assert Book(report.media.ebooks["thoi-gian-thu-viec.hmn"].path).dc("language") == ["hmn"]
    field = Book(report.media.ebooks["linh-vuc/lao-dong"].path)
    assert field.dc("date") == [max(e.updated for e in labour.published).isoformat()]
    assert field.chapters().count(">Infographic</h2>") == 2


def test_cited_documents_and_their_status_on_the_build_date(books: dict[str, Book]) -> None:
    text = " ".join(books["thu-viec"].chapters().split())
    assert ("<strong>Bộ luật 45/2019/QH14</strong> — Bộ luật Lao động (Quốc hội, ban hành "
            "20/11/2019, hiệu lực từ 01/01/2021): đang có hiệu lực tại ngày 23/11/2026. "
            '<a href="https://example.org/blld">Văn bản gốc</a>.') in text
    translated = " ".join(books["thu-viec.en"].chapters().split())
    # an English book: the Vietnamese list is marked as Vietnamese for screen readers
    assert 'class="level2" lang="vi"> <h2>Văn bản được trích dẫn</h2>' in translated
