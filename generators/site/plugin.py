"""The MkDocs plugin that feeds our planned pages to Material, bypassing Markdown rendering."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any, TypedDict

import material
from jinja2 import Environment, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generators.library.model import VIETNAMESE
from generators.site.escaping import bytecode_cache, escaping
from generators.site.headers import meta_content_security_policy
from generators.site.pages import SitePage, TocEntry
from generators.site.static import asset_url
from generators.urls import SEARCH_URL

_BYTECODE_CACHE = bytecode_cache()
_MATERIAL_LANGUAGES = frozenset(p.stem for p in (
    Path(material.__file__).parent / "templates/partials/languages").glob("*.html"))
_HTML_LANG = re.compile(r'<html lang="[^"]*"')
# Material's base.html (no block or partial to override) gives its drawer and search
# checkboxes `autocomplete="off"`, which HTML allows on text-like inputs only; tusach.js
# closes them when a page is restored instead.
_TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+")'
    r' autocomplete="off">')


class BookshelfPlugin(BasePlugin):
    """Adds every planned page as a virtual file and supplies its HTML and TOC."""

    def __init__(self, pages: Sequence[SitePage], on_page: Callable[[], None] | None = None,
                 ) -> None:
        super().__init__()
        self.pages = {p.src_uri: p for p in pages}
        self.page_done = on_page

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        for page in self.pages.values():
            files.append(File.generated(config, page.src_uri, content=""))
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        # Templates never change during a build; skip Jinja's per-include mtime checks, and
        # reuse compiled templates across builds and worker processes (keyed by source
        # checksum and Jinja/Python version, so an edited template is recompiled).
        env.auto_reload = False
        env.bytecode_cache = _BYTECODE_CACHE
        # Material prints page titles, descriptions, nav and TOC text unescaped; the library's
        # are plain text, so its templates and our overrides escape by default too.
        escaping(env)
        env.globals["tsp_csp"] = meta_content_security_policy(config.extra.get("tsp_collector"))
        env.globals["tsp_nav_cache"] = {}
        env.add_extension(Fragments)
        env.extend(tsp_fragments={})
        env.globals["tsp_shared"] = _SharedKey(config)
        env.globals["tsp_asset"] = asset_url
        env.globals["tsp_material_langs"] = _MATERIAL_LANGUAGES
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        planned = self.pages.get(page.file.src_uri)
        if planned is not None:
            page.meta.update({"title": planned.title, "description": planned.description,
                              "tsp_kind": planned.kind, "tsp_lang": planned.lang,
                              "tsp_alternates": planned.alternates, **planned.meta})
        return ""

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        planned = self.pages.get(page.file.src_uri)
        if planned is None:
            return html
        page.toc = get_toc(_toc_tokens(planned.toc))
        return planned.html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.page_done is not None:
            self.page_done()
        output = _valid_toggles(output)
        planned = self.pages.get(page.file.src_uri)
        if planned is not None and planned.lang != VIETNAMESE:
            # Material writes the theme's language; a translated page is in its own (and
            # Pagefind picks the search index by it).
            output = _HTML_LANG.sub(f'<html lang="{planned.lang}" dir="{planned.direction}"',
                                    output, count=1)
        return output

    def release(self, src_uri: str) -> None:
        """Let a written page's HTML go (SitePage.html is cached; asked again, it is
        rendered again): a worker keeps no page it has written in memory."""
        planned = self.pages.get(src_uri)
        if planned is not None:
            vars(planned).pop("html", None)

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str:
        return _valid_toggles(output_content)  # the 404 page


class Fragments(Extension):
    """`{% fragment key %}…{% endfragment %}`: the body rendered once per key in a build,
    then reused (rendered every time when the key is none). The key must hold everything
    the body's output depends on; see _SharedKey."""

    tags = {"fragment"}  # noqa: RUF012  (Extension declares it so)

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", [key]), [], [], body
                               ).set_lineno(lineno)

    def _render(self, key: Hashable | None, caller: Callable[[], str]) -> str:
        if key is None:
            return caller()
        made: dict[Hashable, str] = self.environment.tsp_fragments  # type: ignore[attr-defined]
        html = made.get(key)
        if html is None:
            html = made[key] = Markup(caller())
        return html


class _SharedKey:
    """`tsp_shared(page, part)`: the key of a part of Material's layout that depends on the
    page only through its language and the relative URLs from its folder to the theme's
    files (its styles, scripts, configuration, header and footer); none where the page
    holds more (a previous or next page, hidden parts) or where a theme file lies inside
    the page's own folder (its relative URL would name the folder itself)."""

    def __init__(self, config: MkDocsConfig) -> None:
        # Every site-relative URL those parts print: the theme's files, ours, the header's
        # search form and logo, Material's language and social links.
        extra = config.extra
        links = [item.get("link") for key in ("alternate", "social")
                 for item in (extra.get(key) or []) if isinstance(item, dict)]
        self.targets = tuple(str(t) for t in (
            "assets/", "manifest.webmanifest", SEARCH_URL, config.theme.get("logo"),
            *config.extra_css, *config.extra_javascript, *links) if t)

    def __call__(self, page: Any, part: str) -> tuple[str, str, Any] | None:
        url = getattr(page, "url", None)
        if not url or page.previous_page or page.next_page or page.meta.get("hide") \
                or any(target.startswith(url) for target in self.targets):
            return None
        # From every folder directly inside `parent`, a URL outside that folder is the same.
        parent = url.rstrip("/").rpartition("/")[0]
        return part, parent, page.meta.get("tsp_lang")


def _valid_toggles(html: str) -> str:
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1>", html, count=2)


class _TocToken(TypedDict):
    """What `get_toc` reads: the shape of the tokens of Python-Markdown's toc extension."""

    level: int
    id: str
    name: str
    children: list[_TocToken]


def _toc_tokens(entries: Sequence[TocEntry]) -> list[_TocToken]:
    tokens: list[_TocToken] = []
    for entry in entries:
        token: _TocToken = {"level": entry.level, "id": entry.anchor, "name": entry.title,
                            "children": []}
        if entry.level > 2 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens
