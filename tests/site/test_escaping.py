"""Library text reaches every page as text: titles, descriptions, names, document numbers
and headings that look like HTML create no element or attribute (Material's templates and
ours alike)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

import generators.pipeline as pipeline
from generators.config import load_config
from generators.library.model import Explainer, Library
from tests.conftest import TODAY, LibraryMaker, base_files

# Each would break out of an attribute, a title or an element if printed unescaped.
ATTACK = "\"><script>alert(1)</script> ' &lt;img src=x onerror=alert(1)&gt; </title><script>"
# The library refuses headings with tags (even written as &lt; &gt;), so the site's own
# escaping of headings is tested by giving the model this text after loading.
HEADING = "Mục <img src=x onerror=alert(2)> \"' &amp; </title><script>alert(3)</script>"
HARMLESS = "an toàn"
SITE_NAME = "Tủ sách thử"


def q(text: str) -> str:
    """`text` as a YAML scalar (JSON is YAML)."""
    return json.dumps(text, ensure_ascii=False)


def library_files(attack: str) -> dict[str, str | bytes | None]:
    """A one-explainer library (with an English translation) whose every name, title and
    description ends in `attack` (HARMLESS: the same library with plain text)."""
    description = q(f"Mô tả {attack}")
    return {
        **dict.fromkeys(base_files()),
        "mkdocs.yml": f"site_name: {SITE_NAME}\n",
        "content/_data/fields.yml": f"lao-dong:\n  title: {q(f'Lao động {attack}')}\n"
                                    f"  description: {description}\n",
        "content/_data/audiences.yml": f"nguoi-lao-dong:\n  title: {q(f'Người lao động {attack}')}"
                                       f"\n  description: {description}\n",
        "content/_data/documents.yml": (
            f"{q(f'45/2019/QH14 {attack}')}:\n  type: {q(f'Bộ luật {attack}')}\n"
            f"  title: {q(f'Bộ luật Lao động {attack}')}\n"
            "  issuer: Quốc hội\n  issued: 2019-11-20\n  effective: 2021-01-01\n"),
        "content/_data/languages.yml": (
            "vi:\n  name: Tiếng Việt\n  name_vi: Tiếng Việt\n"
            f"en:\n  name: {q(f'English {attack}')}\n  name_vi: {q(f'Tiếng Anh {attack}')}\n"),
        "content/lao-dong/thu-viec.md": (
            f"---\ntitle: {q(f'Thử việc {attack}')}\ndescription: {description}\n"
            f"field: lao-dong\nupdated: 2026-11-01\n"
            f"documents: [{q(f'45/2019/QH14 {attack}')}]\naudiences: [nguoi-lao-dong]\n"
            "reviewed: true\n---\n## Thời gian thử việc\n\nKhông quá 60 ngày.\n"),
        "content/lao-dong/thu-viec.en.md": (
            f"---\ntitle: {q(f'Trial {attack}')}\ndescription: {description}\n"
            "reviewed: false\n---\n## Trial period\n\nAt most 60 days.\n"),
    }


def with_heading(explainer: Explainer, text: str) -> Explainer:
    def retitle(body: Any) -> Any:
        return replace(body, headings=tuple(replace(h, text=text) for h in body.headings))

    return replace(explainer, body=retitle(explainer.body), translations=tuple(
        replace(t, body=retitle(t.body)) for t in explainer.translations))


Builder = Callable[[str], Path]


@pytest.fixture
def build_library(tmp_library: LibraryMaker, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Builder:
    """Build the library of `library_files(attack)`; its headings say HEADING unless the
    attack is HARMLESS."""
    load = pipeline.read_library

    def build(attack: str) -> Path:
        def loaded(*args: Any, **kwargs: Any) -> tuple[Library | None, Any]:
            library, problems = load(*args, **kwargs)
            if library is not None and attack != HARMLESS:
                library = replace(library, explainers=tuple(
                    with_heading(e, HEADING) for e in library.explainers))
            return library, problems

        monkeypatch.setattr(pipeline, "read_library", loaded)
        site = tmp_path / ("clean" if attack == HARMLESS else "attacked")
        report = pipeline.build(load_config(tmp_library(library_files(attack)), site_dir=site,
                                            today=TODAY, stages={"compress"}))
        assert report.ok, [p.format() for p in report.errors]
        return site

    return build


@pytest.fixture
def sites(build_library: Builder) -> tuple[Path, Path]:
    """(clean site, attacked site): the same library, the second with ATTACK everywhere."""
    return build_library(HARMLESS), build_library(ATTACK)


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def parse(site: Path, rel: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / rel).read_bytes())


def shape(tree: lxml_html.HtmlElement) -> list[tuple[str, tuple[str, ...]]]:
    """Every element (and comment) in document order, with its attribute names."""
    return [(str(el.tag), tuple(sorted(el.attrib)) if isinstance(el.tag, str) else ())
            for el in tree.iter()]


def only(tree: lxml_html.HtmlElement, xpath: str) -> str:
    """The one result of `xpath` (a node's text, an attribute or a `string(…)`), its spaces
    collapsed."""
    found = tree.xpath(xpath)
    if isinstance(found, list):
        (found,) = found
    return " ".join(str(found).split())


def links(tree: lxml_html.HtmlElement, nav_class: str) -> list[str]:
    """The text of the links in the nav (or TOC) of class `nav_class`."""
    return [" ".join(a.text_content().split())
            for a in tree.xpath(f"//nav[contains(@class, '{nav_class}')]//a")]


def by_kind(site: Path) -> dict[str, str]:
    """The pages by address, the document's own (named after its number) as `van-ban/*/`."""
    return {re.sub(r"^van-ban/[^/]+/index", "van-ban/*/index", rel): rel for rel in pages(site)}


def test_text_creates_no_element_or_attribute(sites: tuple[Path, Path]) -> None:
    clean, attacked = sites
    clean_pages, attacked_pages = by_kind(clean), by_kind(attacked)
    assert clean_pages.keys() == attacked_pages.keys()
    assert "van-ban/*/index.html" in clean_pages
    our_scripts = {src for rel in pages(clean) for src in parse(clean, rel).xpath("//script/@src")}
    assert our_scripts
    for kind, rel in attacked_pages.items():
        tree = parse(attacked, rel)
        # The same elements and attributes, in the same order, as the same page of the
        # clean library: nothing the text said became markup.
        assert shape(tree) == shape(parse(clean, clean_pages[kind])), rel
        assert set(tree.xpath("//script/@src")) <= our_scripts, rel
        assert tree.xpath("//@*[starts-with(name(), 'on')]") == [], rel
        for script in tree.xpath("//script[not(@src)]"):
            assert script.get("type") in ("application/json", "application/ld+json"), rel


def test_text_is_shown_as_text(sites: tuple[Path, Path]) -> None:
    _, site = sites
    explainer = parse(site, "lao-dong/thu-viec/index.html")
    title = f"Thử việc {ATTACK}"
    description = f"Mô tả {ATTACK}"
    assert only(explainer, "//title/text()") == f"{title} - {SITE_NAME}"
    assert only(explainer, "//meta[@name='description']/@content") == description
    assert only(explainer, "//meta[@property='og:title']/@content") == title
    assert only(explainer, "//meta[@property='og:description']/@content") == description
    assert only(explainer, "//meta[@name='twitter:title']/@content") == title
    assert only(explainer, "string(//*[@data-md-component='header-topic'])") == title
    assert only(explainer, "string(//h1)") == title
    assert links(explainer, "md-nav--secondary")[:1] == [HEADING]  # the TOC

    translation = parse(site, "en/lao-dong/thu-viec/index.html")
    assert only(translation, "//title/text()") == f"Trial {ATTACK} - {SITE_NAME}"
    assert only(translation, "//meta[@property='og:title']/@content") == f"Trial {ATTACK}"
    assert only(translation, "string(//h1)") == f"Trial {ATTACK}"

    field = parse(site, "lao-dong/index.html")
    assert only(field, "//title/text()") == f"Lao động {ATTACK} - {SITE_NAME}"
    assert only(field, "//meta[@name='description']/@content") == description
    assert f"Lao động {ATTACK}" in links(field, "md-nav--primary")

    audience = parse(site, "doi-tuong/nguoi-lao-dong/index.html")
    assert only(audience, "//title/text()") == \
        f"Dành cho: Người lao động {ATTACK} - {SITE_NAME}"

    (document_page,) = [rel for rel in pages(site) if rel.startswith("van-ban/")
                        and rel.count("/") == 2]
    document = parse(site, document_page)
    assert only(document, "//title/text()") == \
        f"Bộ luật {ATTACK} 45/2019/QH14 {ATTACK} - {SITE_NAME}"
    assert only(document, "//meta[@name='description']/@content") == \
        f"Bộ luật Lao động {ATTACK}"

    languages = " ".join(parse(site, "ngon-ngu/index.html").text_content().split())
    assert f"English {ATTACK}" in languages
