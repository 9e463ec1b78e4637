"""generators/site on a small inline library: the exact pages, links, cards and sitemap."""

from __future__ import annotations

import gzip
import posixpath
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from lxml import html as lxml_html

from generators.config import load_config
from generators.pipeline import build
from generators.site.build_info import BUILD_INFO
from generators.site.publish import MARKER
from generators.site.static import asset_url
from tests.conftest import TODAY, LibraryMaker, explainer

SITE_URL = "https://phapluat.example.gov.vn/tu-sach/"
OFFICIAL_URLS = {"https://example.org/blld"}  # the only `url:` in tests/conftest.py DOCUMENTS
GOLDEN_FILES: dict[str, str | bytes | None] = {
    "content/lao-dong/luat-cu.md": explainer(
        title="Bộ luật Lao động 2012 còn dùng được không?", documents='["10/2012/QH13"]',
        body="## Đã hết hiệu lực\n\nXem [bài thử việc](thu-viec.md).\n"),
    "content/dat-dai/so-do.md": explainer(
        title="Cấp sổ đỏ lần đầu", field="dat-dai", documents='["31/2024/QH15"]'),
    "content/lao-dong/nhap.md": explainer(
        title="Bài nháp chưa đăng", documents='["45/2019/QH14"]',
        extra="reviewed: true\ndraft: true"),
}
EXPLAINERS = {"lao-dong/thu-viec/", "lao-dong/luat-cu/", "dat-dai/so-do/"}
BOOKSHELF = {"", "lao-dong/", "dat-dai/", "doi-tuong/", "doi-tuong/nguoi-lao-dong/",
             "doi-tuong/nguoi-dan/", "van-ban/", "van-ban/45-2019-qh14/",
             "van-ban/10-2012-qh13/", "van-ban/31-2024-qh15/", "tim-kiem/"}
# Attributes through which a page makes the browser fetch or go somewhere.
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data")
ABSOLUTE_URL = re.compile(r"(?:https?:)?//([^/\s\"'()<>\\]+)")
# A stylesheet that makes the browser fetch from elsewhere: url(//…), url(https://…), @import.
JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
REMOTE_CSS = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(?:https?:)?//""")

Builder = Callable[..., Path]


def extra_explainers(count: int, field: str = "lao-dong") -> dict[str, str | bytes | None]:
    """`count` more valid explainers in `field`, each citing the labour code."""
    return {f"content/{field}/bai-{n:02d}.md":
            explainer(title=f"Câu hỏi thử số {n:02d}", field=field,
                      body=f"## Câu hỏi {n}\n\nTrả lời {n}.\n")
            for n in range(1, count + 1)}


@pytest.fixture
def build_library(tmp_library: LibraryMaker, tmp_path: Path) -> Builder:
    """Write a library with `tmp_library(files)`, build it (no search index), return the site."""
    counter = iter(range(100))

    def make(files: dict[str, str | bytes | None] | None = None,
             site_url: str | None = None) -> Path:
        root = tmp_library(files)
        site = tmp_path / f"site-{next(counter)}"
        report = build(load_config(root, site_dir=site, today=TODAY, site_url=site_url,
                                   search=False))
        assert report.ok, [p.format() for p in report.errors]
        return site

    return make


@pytest.fixture
def golden(build_library: Builder) -> Path:
    return build_library(GOLDEN_FILES)


def outputs(site: Path) -> set[str]:
    """Every file of the site outside the theme's and our static assets, and outside the
    precompressed copies (`.gz`, `.br`: tests/site/test_compress.py checks those)."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.is_file() and not p.relative_to(site).as_posix().startswith("assets/")
            and p.suffix not in (".gz", ".br")}


def page_file(url: str) -> str:
    return f"{url}index.html"


def parse(site: Path, rel: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / rel).read_bytes())


def html_pages(site: Path, with_404: bool = True) -> list[str]:
    """The HTML files; the 404 page can be left out, as its URLs are root-absolute by design
    (it is served for any missing path, at any depth)."""
    return sorted(p for p in outputs(site)
                  if p.endswith(".html") and (with_404 or p != "404.html"))


def cls(name: str) -> str:
    """XPath test for an element having the CSS class `name` (lxml has no cssselect here)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def text(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def facts(element: lxml_html.HtmlElement) -> dict[str, str]:
    """The first document card's facts under `element`: {"Số hiệu": "45/2019/QH14", …}."""
    (dl,) = element.xpath(f".//dl[{cls('tsp-docfacts')}]")[:1]
    return dict(zip([text(dt) for dt in dl.xpath("dt")],
                    [text(dd) for dd in dl.xpath("dd")], strict=True))


def resolve(page_rel: str, href: str) -> str:
    """The site file a relative link on `page_rel` points to (fragment and query dropped)."""
    target = href.split("#", 1)[0].split("?", 1)[0]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), target))
    if target.endswith("/") or target.rsplit("/", 1)[-1] in ("", ".", ".."):
        return "index.html" if joined == "." else f"{joined}/index.html"
    return joined


def primary_nav(page: lxml_html.HtmlElement) -> list[tuple[str, str]]:
    """(text, href) of every link in the site navigation sidebar."""
    return [(text(a), a.get("href")) for a in
            page.xpath(f"//*[{cls('md-sidebar--primary')}]//a[@href]")]


def test_exact_set_of_output_files(golden: Path) -> None:
    expected = {page_file(u) for u in BOOKSHELF | EXPLAINERS}
    expected |= {"404.html", "sitemap.xml", "robots.txt", "ngoai-tuyen/index.html", "sw.js",
                 "manifest.webmanifest", "tai-ve/tu-sach-phap-luat-so.zip",
                 "bien-tap/ban-dich/index.html",  # the library has English: status page
                 # machine-readable files, headers for hosts, the build's own record
                 "catalogue.json", "catalogue.schema.json", "oai-pmh.xml", "atom.xml",
                 "_headers", BUILD_INFO, MARKER}
    assert outputs(golden) == expected
    assert (golden / asset_url("tusach.css")).is_file()


def test_every_page_is_vietnamese_and_has_one_h1(golden: Path) -> None:
    for rel in html_pages(golden):
        page = parse(golden, rel)
        assert page.get("lang") == "vi", rel
        assert len(page.xpath("//h1")) == 1, rel


def test_drafts_are_not_published(golden: Path) -> None:
    assert not (golden / "lao-dong" / "nhap").exists()
    for rel in sorted(outputs(golden)):
        if rel.endswith(".zip"):
            with zipfile.ZipFile(golden / rel) as bundle:
                assert not [n for n in bundle.namelist() if "lao-dong/nhap" in n]
            continue
        body = (golden / rel).read_text("utf-8")
        assert "Bài nháp chưa đăng" not in body, rel
        assert "lao-dong/nhap" not in body, rel


def test_urls_are_relative_and_external_links_go_only_to_official_texts(golden: Path) -> None:
    external: set[str] = set()
    for rel in html_pages(golden, with_404=False):
        for element in parse(golden, rel).iter():
            if not isinstance(element.tag, str):  # comments
                continue
            for name in URL_ATTRIBUTES:
                value = element.get(name)
                if value is None or value.startswith(("#", "data:", "mailto:")):
                    continue
                if ABSOLUTE_URL.match(value) or value.startswith("/"):
                    assert element.tag == "a" and value in OFFICIAL_URLS, (rel, name, value)
                    external.add(value)
    assert external == OFFICIAL_URLS


def test_every_internal_link_points_to_a_built_file(golden: Path) -> None:
    files = outputs(golden) | {p.relative_to(golden).as_posix()
                               for p in (golden / "assets").rglob("*") if p.is_file()}
    for rel in html_pages(golden, with_404=False):
        for element in parse(golden, rel).iter("a", "link", "script", "img"):
            value = element.get("href") or element.get("src")
            if not value or value.startswith(("#", "data:")) or ABSOLUTE_URL.match(value):
                continue
            assert resolve(rel, value) in files, (rel, value)


def test_no_third_party_fonts_or_cdn_in_html_or_css(golden: Path) -> None:
    html_hosts: set[str] = set()
    stylesheets = 0
    for path in sorted(golden.rglob("*")):
        if path.suffix not in (".html", ".css"):
            continue
        # JSON-LD names schema.org as its vocabulary: data, never fetched.
        body = JSON_LD.sub("", path.read_text("utf-8"))
        assert "fonts.googleapis" not in body and "fonts.gstatic" not in body, path
        hosts = {m.group(1).lower() for m in ABSOLUTE_URL.finditer(body)}
        assert not {h for h in hosts if "cdn" in h or h in ("unpkg.com", "jsdelivr.net")}, path
        if path.suffix == ".css":
            stylesheets += 1
            assert not REMOTE_CSS.search(body), (path, REMOTE_CSS.search(body))
        else:
            html_hosts |= hosts
    assert stylesheets >= 4  # Material's two, fonts.css, tusach.css
    # SVG namespaces and the documents' official sites only.
    assert html_hosts == {"www.w3.org", "example.org"}
    fonts = (golden / asset_url("fonts.css")).read_text("utf-8")
    assert "Be Vietnam Pro" in fonts
    for font in re.findall(r'url\("([^"]+)"\)', fonts):
        assert (golden / "assets" / "tusach" / font).is_file(), font


def test_document_card_on_explainer_page(golden: Path) -> None:
    page = parse(golden, "lao-dong/luat-cu/index.html")
    section = page.get_element_by_id("van-ban-duoc-trich-dan").getparent()
    assert section.tag == "section" and text(section.xpath("h2")[0]) == \
        "Văn bản được trích dẫn"
    (card,) = section.xpath(f".//*[{cls('tsp-doccard')}]")
    assert text(card.xpath(".//h3")[0]) == "Bộ luật 10/2012/QH13"
    assert facts(card) == {
        "Số hiệu": "10/2012/QH13",
        "Loại văn bản": "Bộ luật",
        "Cơ quan ban hành": "Quốc hội",
        "Ngày ban hành": "18/06/2012",
        "Ngày có hiệu lực": "01/05/2013",
        "Ngày hết hiệu lực": "01/01/2021",
        "Tình trạng": "Hết hiệu lực (tính đến 23/11/2026)",
        "Được thay thế bởi": "45/2019/QH14",
    }
    (badge,) = card.xpath(f".//*[{cls('tsp-status')}]")
    assert badge.get("class") == "tsp-status tsp-status--expired"
    (replacement,) = card.xpath(".//dd//a")
    assert resolve("lao-dong/luat-cu/index.html", replacement.get("href")) == \
        "van-ban/45-2019-qh14/index.html"
    assert [t.get("datetime") for t in card.xpath(".//time")] == \
        ["2012-06-18", "2013-05-01", "2021-01-01"]
    assert not card.xpath(f".//a[{cls('tsp-official')}]")  # 10/2012/QH13 has no `url:`


def test_in_force_document_card_links_the_official_text(golden: Path) -> None:
    page = parse(golden, "lao-dong/thu-viec/index.html")
    (card,) = page.xpath(f"//*[{cls('tsp-doccard')}]")
    (badge,) = card.xpath(f".//*[{cls('tsp-status')}]")
    assert text(badge) == "Đang có hiệu lực"
    assert badge.get("class") == "tsp-status tsp-status--in-force"
    official = [a.get("href") for a in card.xpath(f".//a[{cls('tsp-official')}]")]
    assert official == ["https://example.org/blld"]


def test_breadcrumbs_of_an_explainer(golden: Path) -> None:
    page = parse(golden, "dat-dai/so-do/index.html")
    (crumbs,) = page.xpath(f"//nav[{cls('tsp-crumbs')} and @aria-label='Đường dẫn']")
    assert [text(li) for li in crumbs.xpath(".//li")] == \
        ["Trang chủ", "Đất đai", "Cấp sổ đỏ lần đầu"]
    assert [resolve("dat-dai/so-do/index.html", a.get("href"))
            for a in crumbs.xpath(".//a")] == ["index.html", "dat-dai/index.html"]
    assert text(crumbs.xpath(".//*[@aria-current='page']")[0]) == "Cấp sổ đỏ lần đầu"


@pytest.mark.parametrize(("document", "title", "citing"), [
    ("45-2019-qh14", "Bộ luật 45/2019/QH14", {"lao-dong/thu-viec/index.html"}),
    ("10-2012-qh13", "Bộ luật 10/2012/QH13", {"lao-dong/luat-cu/index.html"}),
    ("31-2024-qh15", "Luật 31/2024/QH15", {"dat-dai/so-do/index.html"}),
])
def test_a_page_per_cited_document_lists_the_explainers_citing_it(
        golden: Path, document: str, title: str, citing: set[str]) -> None:
    rel = f"van-ban/{document}/index.html"
    page = parse(golden, rel)
    assert text(page.xpath("//h1")[0]) == title
    cards = page.xpath(f"//*[{cls('tsp-card__title')}]//a")
    assert {resolve(rel, a.get("href")) for a in cards} == citing
    assert facts(page)["Số hiệu"] == title.split()[-1]
    listing = parse(golden, "van-ban/index.html")
    rows = listing.xpath(f"//*[{cls('tsp-doctable')}]//a")
    assert f"{document}/" in {a.get("href") for a in rows}


def test_nav_is_the_bookshelf_only_and_does_not_grow_with_the_library(
        build_library: Builder) -> None:
    small = build_library()
    large = build_library(extra_explainers(30))
    assert len([p for p in outputs(large) if p.startswith("lao-dong/bai-")]) == 30
    rel = "lao-dong/thu-viec/index.html"
    small_nav, large_nav = primary_nav(parse(small, rel)), primary_nav(parse(large, rel))
    assert small_nav == large_nav
    assert len(large_nav) <= 8
    targets = {resolve(rel, href) for _, href in large_nav}
    assert targets == {"index.html", "lao-dong/index.html", "doi-tuong/index.html",
                       "van-ban/index.html", "tim-kiem/index.html"}
    # Same on the new explainers' pages, and no explainer anywhere in the nav.
    for n in (1, 30):
        other = f"lao-dong/bai-{n:02d}/index.html"
        assert primary_nav(parse(large, other)) == large_nav


def test_nav_links_lead_to_the_page_they_name_on_every_page(build_library: Builder) -> None:
    # Explainers of several fields: the nav must be right relative to each page's folder.
    site = build_library({**GOLDEN_FILES, **extra_explainers(3, "dat-dai")})
    titles = {rel: text(parse(site, rel).xpath("//h1")[0]) for rel in html_pages(site)}
    for rel in html_pages(site, with_404=False):
        for label, href in primary_nav(parse(site, rel)):
            target = resolve(rel, href)
            assert target in titles, (rel, label, href)
            if label in ("Trang chủ", "Tủ sách thử", ""):
                assert target == "index.html", (rel, label, href)
            else:
                assert titles[target] == label, (rel, label, href, target)


@pytest.mark.parametrize(("site_url", "prefix"), [(None, "/"), (SITE_URL, "/tu-sach/")])
def test_404_page_uses_root_absolute_urls_under_the_site_path(
        build_library: Builder, site_url: str | None, prefix: str) -> None:
    site = build_library(site_url=site_url)
    page = parse(site, "404.html")
    urls = [u for e in page.iter("a", "link", "script")
            if (u := e.get("href") or e.get("src")) and not u.startswith("#")]
    assert any(u.endswith(asset_url("tusach.css")) for u in urls)
    for url in urls:
        assert url.startswith(prefix) and not url.startswith("//"), url
        local = url[len(prefix):].split("#", 1)[0]
        assert resolve("index.html", local) in outputs(site) | {
            p.relative_to(site).as_posix() for p in (site / "assets").rglob("*")}, url


def test_sitemap_and_robots_with_site_url(build_library: Builder) -> None:
    site = build_library(GOLDEN_FILES, site_url=SITE_URL)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring((site / "sitemap.xml").read_bytes())
    rows = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
            for u in root.findall("s:url", ns)}
    assert rows == {**{SITE_URL + u: None for u in BOOKSHELF},
                    **{SITE_URL + u: "2026-11-01" for u in EXPLAINERS}}
    # Only the precompressed copy of sitemap.xml, never a sitemap of its own.
    gz = site / "sitemap.xml.gz"
    assert not gz.exists() or gzip.decompress(gz.read_bytes()) == \
        (site / "sitemap.xml").read_bytes()
    robots = (site / "robots.txt").read_text("utf-8").splitlines()
    assert robots == ["User-agent: *", "Allow: /", f"Sitemap: {SITE_URL}sitemap.xml"]


def test_robots_without_site_url_names_no_sitemap(golden: Path) -> None:
    assert (golden / "robots.txt").read_text("utf-8") == "User-agent: *\nAllow: /\n"
    locs = ElementTree.fromstring((golden / "sitemap.xml").read_bytes())
    assert "lao-dong/thu-viec/" in {e.text for e in locs.iter() if e.tag.endswith("loc")}


def test_two_builds_of_the_same_input_are_identical(build_library: Builder) -> None:
    first = build_library(GOLDEN_FILES)
    second = build_library(GOLDEN_FILES)
    assert outputs(first) == outputs(second)
    for rel in sorted(outputs(first) - {BUILD_INFO}):
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    assert all(page_file(u) in outputs(first) for u in EXPLAINERS)

