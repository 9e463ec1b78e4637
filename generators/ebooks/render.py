"""E-books: an EPUB 3 per published explainer, per translation of one, and per field (the
bookshelf's "books"), written by pandoc and cached by content.

Input is the typed model, never the site's pages: each explainer's `Body.html`, the HTML
our own Markdown renderer made from the model. Why HTML and not the Markdown: the renderer
already gives the content format its meaning (admonitions with their Vietnamese titles,
`*[ABBR]` abbreviations, footnotes, checked links and image paths), exactly as the site
shows it; pandoc's Markdown knows neither `!!! note` nor `*[ABBR]` and would print them
raw. Pandoc reads that HTML into its AST, which we then adjust as data (`_Chapter`):

- footnotes (markdown-it's `<sup><a href="#fn1">` + `<section class="footnotes">`) become
  pandoc notes, so the EPUB has real noteref/footnote pairs;
- admonitions become boxes with `role="note"` and a bold title;
- an abbreviation is spelt out once per explainer, at its first use outside a heading
  (`UBND (Ủy ban nhân dân)`): e-readers show no tooltips;
- links to other pages of the site: to an explainer in the same book they become links
  inside the book; otherwise absolute to the site when `site_url` is known, else the link
  is dropped and its text kept (a relative link means nothing inside an e-book);
- images of the body are embedded from `content/`; images on the web are replaced by
  their alt text (a build never downloads anything), with a warning;
- every id gets the explainer's slug in front, so a field's book has no clashes.

Infographics of a Vietnamese book are included as the portrait PNG (alt text) followed by
the same data as text (`text_alternative`). Translations leave them out: their text is
Vietnamese.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from generators.atomic import replacing
from generators.cache import FileCache, key
from generators.graphics import colors
from generators.graphics.fonts import (
    FAMILY,
    fit,
    font_files,
    fonts_version,
    subset_font,
    text_width,
)
from generators.graphics.raster import renderer_version, svg_to_png
from generators.infographics import text_alternative
from generators.library.assets import is_inside
from generators.library.model import VIETNAMESE, Explainer, Library, Translation
from generators.media import Ebook, InfographicFiles, SiteMedia
from generators.pandoc import (
    EpubOptions,
    PandocError,
    default_template,
    html_to_ast,
    pandoc_version,
    write_epub,
)
from generators.progress import Progress
from generators.shared_cache import SharedCache, Tiered
from generators.stage import StageReport
from generators.tasks import LocalRunner, TaskRunner
from generators.urls import FIELD_BOOKS, translation_url
from generators.workers import pool_size

__all__ = ["COVER_SIZE", "SCHEMA", "book_identifier", "cover_svg", "page_template",
           "render_ebooks"]

SCHEMA = 2
"""Bump when the books change for the same input in a way the code hash misses."""
KIND = "ebooks"
COVER_SIZE = (1600, 2400)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
Node = dict[str, Any]


# ---- what goes into a book ------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One explainer (or translation) inside a book: the model's text and where it lives."""

    slug: str
    source: str
    """Project-relative path of the Markdown file (named in warnings and errors)."""
    title: str
    description: str
    page_url: str
    """Site-relative URL of its page: its body's relative links are relative to it."""
    html: str
    abbreviations: tuple[tuple[str, str], ...]
    images: tuple[str, ...] = ()
    """Content-relative paths of the images the body shows (`Body.images`)."""
    figures: tuple[tuple[str, str, str], ...] = ()
    """(PNG path, alt text, text alternative HTML) of each infographic shown."""
    documents: str = ""
    """The cited documents with their status on the build date, as HTML (Vietnamese)."""


@dataclass(frozen=True)
class _Plan:
    """One book to make."""

    key: str
    kind: str
    slug: str
    lang: str
    title: str
    kicker: str
    """Above the title on the cover: the field, the language of a translation, or
    "Sách theo lĩnh vực" for a field's book."""
    description: str
    updated: date
    parts: tuple[_Part, ...]
    subjects: tuple[str, ...] = ()
    """`dc:subject`: the field, then the explainer's tags."""
    translators: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return self.parts[0].source if len(self.parts) == 1 else f"{FIELD_BOOKS}{self.slug}"


@dataclass(frozen=True)
class _Settings:
    site_name: str
    site_url: str | None
    root: Path
    """The library root: images are read from `<root>/content/`."""


# ---- the stage ------------------------------------------------------------------------------


def render_ebooks(library: Library, cache_dir: Path, jobs: int | None = None,
                  progress: Progress | None = None, *, site_name: str,
                  infographics: Mapping[str, InfographicFiles] | None = None,
                  site_url: str | None = None, runner: TaskRunner | None = None,
                  shared: SharedCache | None = None) -> StageReport:
    """Make (or reuse) the EPUB of every published explainer, translation and field
    (`media.ebooks` by `Ebook.key`); a notice for each picture a book had to leave out.

    `infographics` are the drawn pictures (`media.infographics`): without them the
    books carry no infographic. `site_url`, when known, keeps links to other pages of the
    site as absolute links; without it those links become plain text.
    """
    started = time.perf_counter()
    progress = progress or Progress(quiet=True)
    store = FileCache(cache_dir)
    settings = _Settings(site_name, site_url.rstrip("/") + "/" if site_url else None,
                         library.root)
    books = [(plan, _cache_key(plan, settings)) for plan in _plans(library, infographics or {})]
    tier = Tiered(store, shared)
    todo = [book for book in books if tier.load(KIND, book[1], (".epub",)) is None]
    found: dict[str, list[str]] = {}
    if todo:
        threads = LocalRunner(pool_size(jobs, 4), processes=False)
        with progress.bar("Làm sách điện tử (EPUB)", unit="sách") as tick:
            # The book's files (AST, cover, font subsets, pictures) are made here, on
            # threads: they need the library. pandoc, the task, holds a whole field's book
            # in memory: at most four at once on this machine.
            prepared: list[tuple[_Plan, EpubJob, list[str]]] = []
            with closing(threads.run(lambda book: _prepare(book[0], book[1], settings),
                                     todo)) as outcomes:
                for _, outcome in outcomes:
                    if isinstance(outcome, Exception):
                        raise outcome
                    prepared.append(outcome)
            with closing((runner or threads).run(write_epub_task, [p[1] for p in prepared])
                         ) as outcomes:
                for done, (index, epub) in enumerate(outcomes, 1):
                    if isinstance(epub, Exception):
                        raise epub
                    plan, job, warnings = prepared[index]
                    tier.keep(KIND, job.name, {".epub": epub}, {"key": plan.key})
                    found[job.name] = warnings
                    tick(done, len(todo))
    made = _Counts(len(todo), len(books) - len(todo), list(found.values()))
    ebooks: dict[str, Ebook] = {}
    for plan, name in books:
        path = store.path(KIND, name, ".epub")
        ebooks[plan.key] = Ebook(plan.key, plan.kind, plan.slug, plan.lang, plan.title, path,
                                 path.stat().st_size)
    # A field's book repeats its explainers' notices: each is said once.
    notices = sorted({notice for warnings in made.warnings for notice in warnings})
    notices += tier.notices()
    kinds = [book.kind for book in ebooks.values()]
    summary = [f"Sách điện tử: {len(ebooks)} tệp EPUB ({kinds.count('field')} lĩnh vực, "
               f"{kinds.count('explainer')} bài, {kinds.count('translation')} bản dịch); "
               f"{made.built} làm mới, {made.reused} dùng lại."] if ebooks else []
    return StageReport("ebooks", built=made.built, reused=made.reused,
                       seconds=time.perf_counter() - started, notices=notices,
                       summary=summary, media=SiteMedia(ebooks=ebooks))


def _plans(library: Library, infographics: Mapping[str, InfographicFiles]) -> list[_Plan]:
    plans: list[_Plan] = []
    for explainer in library.published:
        field_title = library.fields[explainer.field].title
        part = _part(library, explainer, explainer, infographics)
        plans.append(_Plan(explainer.slug, "explainer", explainer.slug, VIETNAMESE,
                           explainer.title, field_title, explainer.description,
                           explainer.updated, (part,), (field_title, *explainer.tags)))
        for translation in explainer.translations:
            language = library.languages.get(translation.lang)
            plans.append(_Plan(
                f"{explainer.slug}.{translation.lang}", "translation", explainer.slug,
                translation.lang, translation.title, language.name if language else field_title,
                translation.description, explainer.updated,
                (_part(library, explainer, translation, {}),),
                translators=translation.translators))
    for fld in library.fields.values():
        members = library.in_field(fld.key)
        if not members:
            continue
        parts = tuple(_part(library, e, e, infographics) for e in members)
        plans.append(_Plan(f"{FIELD_BOOKS}{fld.key}", "field", fld.key, VIETNAMESE, fld.title,
                           "Sách theo lĩnh vực",
                           fld.description or f"Các bài giải thích pháp luật về {fld.title}.",
                           max(e.updated for e in members), parts, (fld.title,)))
    return plans


def _part(library: Library, explainer: Explainer, item: Explainer | Translation,
          infographics: Mapping[str, InfographicFiles]) -> _Part:
    lang = item.lang if isinstance(item, Translation) else VIETNAMESE
    figures = []
    for name in explainer.infographics if lang == VIETNAMESE else ():
        files, info = infographics.get(name), library.infographics.get(name)
        if files is None or info is None or "doc" not in files.png:
            continue
        alt = f"Infographic “{info.title}” — nội dung có ở phần chữ ngay dưới hình."
        figures.append((str(files.png["doc"]), alt, text_alternative(library, info)))
    return _Part(explainer.slug, item.path, item.title, item.description,
                 translation_url(lang, explainer.field, explainer.slug), item.body.html,
                 item.body.abbreviations, item.body.images, tuple(figures),
                 _documents_html(library, explainer))


def _documents_html(library: Library, explainer: Explainer) -> str:
    """What the page's document cards say: number, title, issuer, dates and the status on
    the build date (a reader of a downloaded book must know if a law has since changed)."""
    documents = [library.documents[k] for k in explainer.documents if k in library.documents]
    if not documents:
        return ""
    day = library.build_date.strftime("%d/%m/%Y")
    items = []
    for d in documents:
        text = (f"<strong>{html.escape(d.type)} {html.escape(d.key)}</strong> — "
                f"{html.escape(d.title)} ({html.escape(d.issuer)}, ban hành "
                f"{d.issued:%d/%m/%Y}, hiệu lực từ {d.effective:%d/%m/%Y}): "
                f"{html.escape(d.status.value)} tại ngày {day}.")
        if d.replaced_by:
            text += f" Được thay thế bởi {html.escape(d.replaced_by)}."
        if d.url:
            text += f' <a href="{html.escape(d.url)}">Văn bản gốc</a>.'
        items.append(f"<li>{text}</li>")
    return (f'<div lang="vi">\n<h2>Văn bản được trích dẫn</h2>\n<ul>\n{"".join(items)}\n'
            "</ul>\n</div>\n")


@cache
def _code_version() -> str:
    """This module and the pandoc wrapper: a change to either remakes every book."""
    digest = hashlib.sha256()
    for path in (Path(__file__), Path(__file__).parent.parent / "pandoc.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_key(plan: _Plan, settings: _Settings) -> str:
    # Images by content, not by path: the cache may move, the key must not.
    images = sorted({_file_hash(p) for p in _local_images(plan, settings)})
    return key(SCHEMA, plan.key, plan.kind, plan.lang, plan.title, plan.kicker,
               plan.description, plan.updated.isoformat(), plan.subjects, plan.translators,
               [(p.slug, p.source, p.title, p.description, p.page_url, p.html,
                 p.abbreviations, [(alt, text) for _, alt, text in p.figures], p.documents)
                for p in plan.parts],
               images, settings.site_name, settings.site_url, pandoc_version(),
               fonts_version(), renderer_version(), _code_version())


def _local_images(plan: _Plan, settings: _Settings) -> Iterator[Path]:
    """The files the book embeds besides the cover: content images, infographic PNGs."""
    for part in plan.parts:
        yield from (settings.root / "content" / image for image in part.images)
        yield from (Path(png) for png, _, _ in part.figures)


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return f"missing:{path}"


@dataclass(frozen=True)
class _Counts:
    built: int
    reused: int
    warnings: list[list[str]]


@dataclass(frozen=True)
class EpubJob:
    """One EPUB to write, as a pure task (generators/tasks.py): the book's folder (stylesheet,
    cover, page template, font subsets, pictures) as bytes, and its pandoc AST whose pictures
    name files of that folder; the EPUB's bytes out."""

    name: str
    files: Mapping[str, bytes]
    """Path inside the folder → bytes."""
    ast: dict[str, Any]
    split_level: int
    toc_depth: int
    fonts: tuple[str, ...]
    template: str
    source_date_epoch: int
    what: str
    version: str
    """`pandoc_version()` where the build keyed the book."""


def write_epub_task(job: EpubJob) -> bytes:
    """Write one EPUB with pandoc, in a scratch folder of its own (a task)."""
    here = pandoc_version()
    if here != job.version:
        raise PandocError(f"{job.what}: máy chạy việc có {here}, bản dựng cần {job.version} — "
                          "cài cùng phiên bản ở mọi máy")
    with tempfile.TemporaryDirectory(prefix="tusach-epub-") as work:
        folder = Path(work)
        for name, data in job.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        options = EpubOptions(split_level=job.split_level, toc_depth=job.toc_depth,
                              fonts=tuple(folder / f for f in job.fonts), workdir=folder,
                              template=folder / job.template,
                              source_date_epoch=job.source_date_epoch)
        out = folder / f"{job.name}.epub"
        with replacing(out) as temp:
            write_epub(job.ast, temp, options, job.what)
        return out.read_bytes()


def _prepare(plan: _Plan, name: str, settings: _Settings) -> tuple[_Plan, EpubJob, list[str]]:
    """Everything one EPUB is made from, as bytes, and the book's warnings."""
    warnings: list[str] = []
    cover = svg_to_png(cover_svg(plan.title, plan.kicker, settings.site_name,
                                 _cover_footer(plan)), *COVER_SIZE, f"{plan.source} (bìa)")
    files: dict[str, bytes] = {"sach.css": STYLESHEET.encode("utf-8"), "bia.png": cover,
                               "trang.xhtml": page_template().encode("utf-8")}
    ast = _book_ast(plan, settings, warnings)
    fonts = _book_fonts(files, ast, plan)
    ast = _carry_pictures(ast, files)
    # A field's book: a file per explainer, its sections in the contents; an
    # explainer's book: a file per `##` section, its `###` in the contents too.
    field_book = plan.kind == "field"
    job = EpubJob(name, files, ast, split_level=1 if field_book else 2,
                  toc_depth=2 if field_book else 3, fonts=fonts, template="trang.xhtml",
                  source_date_epoch=_epoch(plan.updated), what=f"{plan.source}: sách điện tử",
                  version=pandoc_version())
    return plan, job, warnings


def _carry_pictures(ast: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    """The AST with each picture file (content images, infographic PNGs) copied into
    `files` as `hinh/<n><ext>`, one per distinct file, as pandoc would see them."""
    names: dict[str, str] = {}

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        if node.get("t") == "Image":
            attr, alt, (src, title) = node["c"]
            if Path(src).is_absolute():
                if src not in names:
                    names[src] = f"hinh/{len(names)}{Path(src).suffix}"
                    files[names[src]] = Path(src).read_bytes()
                src = names[src]
            return {"t": "Image", "c": [attr, walk(alt), [src, title]]}
        return {k: walk(v) for k, v in node.items()}

    result: dict[str, Any] = walk(ast)
    return result


# Every Vietnamese letter in both cases, with ASCII and common punctuation: a reading
# system may show text of its own (notes, search, highlights) in the book's font.
_VIETNAMESE = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstu"
               "ùủũúụưừửữứựvxyỳỷỹýỵfjwz")
BASE_CHARACTERS = (_VIETNAMESE + _VIETNAMESE.upper()
                   + "".join(chr(c) for c in range(0x20, 0x7F)) + "–—‘’“”…•·→←≤≥×°%§№")


def _book_fonts(files: dict[str, bytes], ast: dict[str, Any], plan: _Plan) -> tuple[str, ...]:
    """Be Vietnam Pro cut down to Vietnamese, ASCII and the book's own characters, without
    hinting (reading devices scale text smoothly): a third of the full files, as e-books
    are downloaded on slow networks. Kept under the file names the stylesheet names."""
    text = BASE_CHARACTERS + plan.title + json.dumps(ast, ensure_ascii=False)
    fonts = []
    for path in font_files():
        name = f"fonts/{path.name}"
        files[name] = subset_font(text, bold="Bold" in path.name, hinting=False)
        fonts.append(name)
    return tuple(fonts)


def page_template() -> str:
    """pandoc's EPUB 3 page template, with the cover picture named: its `<svg>` gets
    `role="img"` and the book's title as its label, so a screen reader announces the
    cover instead of skipping an unnamed graphic."""
    template = default_template("epub3")
    svg = '<svg xmlns="http://www.w3.org/2000/svg"'
    if svg not in template:  # pragma: no cover - a pandoc whose cover page changed
        return template
    return template.replace(svg, '<svg role="img" aria-label="$pagetitle$" '
                                 'xmlns="http://www.w3.org/2000/svg"', 1)


def _epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _cover_footer(plan: _Plan) -> str:
    count = f"{len(plan.parts)} bài · " if plan.kind == "field" else ""
    return f"Sách điện tử · {count}cập nhật {plan.updated:%d/%m/%Y}"


# ---- the book as pandoc's AST ---------------------------------------------------------------


def _book_ast(plan: _Plan, settings: _Settings, warnings: list[str]) -> dict[str, Any]:
    """Read every part's HTML with pandoc (one call), adjust it, add the metadata."""
    wrapped = "\n".join(
        f'<div id="tsp-part-{i}">\n<h1 id="{part.slug}">{html.escape(part.title)}</h1>\n'
        f"<p><em>{html.escape(part.description)}</em></p>\n{part.html}\n"
        f"{_figures_html(part)}{part.documents}</div>"
        for i, part in enumerate(plan.parts))
    ast = html_to_ast(wrapped, f"{plan.source}: đọc nội dung")
    in_book = {part.page_url: part.slug for part in plan.parts}
    by_id = {f"tsp-part-{i}": part for i, part in enumerate(plan.parts)}
    blocks: list[Node] = []
    for node in ast["blocks"]:
        part = by_id.get(node["c"][0][0]) if node.get("t") == "Div" else None
        if part is None:  # pragma: no cover - pandoc keeps the wrapping divs
            raise PandocError(f"{plan.source}: pandoc đọc sai cấu trúc nội dung")
        blocks.extend(_Chapter(part, in_book, settings, warnings).blocks(node["c"][1]))
    ast["blocks"] = blocks
    ast["meta"] = _metadata(plan, settings, _has_images(blocks))
    return ast


def _figures_html(part: _Part) -> str:
    if not part.figures:
        return ""
    out = ['<h2 id="infographic">Infographic</h2>']
    for png, alt, text in part.figures:
        out.append(f'<p><img src="{html.escape(png)}" alt="{html.escape(alt)}"></p>\n{text}')
    return "\n".join(out) + "\n"


def _has_images(blocks: list[Node]) -> bool:
    return any(node.get("t") == "Image" for node in _nodes(blocks))


def _nodes(value: Any) -> Iterator[Node]:
    if isinstance(value, dict):
        if "t" in value:
            yield value
        yield from _nodes(value.get("c"))
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item)


def _attr(identifier: str = "", classes: Sequence[str] = (),
          pairs: Sequence[tuple[str, str]] = ()) -> list[Any]:
    return [identifier, list(classes), [list(p) for p in pairs]]


def _str(text: str) -> list[Node]:
    """Inlines for plain `text` (words and spaces)."""
    out: list[Node] = []
    for word in text.split(" "):
        if out:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def _has_class(node: Node, name: str) -> bool:
    content = node.get("c")
    return isinstance(content, list) and bool(content) and isinstance(content[0], list) \
        and len(content[0]) == 3 and name in content[0][1]


class _Chapter:
    """Adjusts one part's blocks: notes, admonitions, abbreviations, links, images, ids."""

    def __init__(self, part: _Part, in_book: Mapping[str, str], settings: _Settings,
                 warnings: list[str]) -> None:
        self.part, self.in_book, self.settings, self.warnings = part, in_book, settings, warnings
        self.notes: dict[str, list[Node]] = {}
        self.spelt: set[str] = set()
        self.in_heading = False
        self.titled = False

    def blocks(self, blocks: list[Node]) -> list[Node]:
        blocks = self._take_notes(blocks)
        return self._walk_list(blocks)

    # -- footnotes: markdown-it's list at the end → pandoc notes at their references

    def _take_notes(self, blocks: list[Node]) -> list[Node]:
        kept: list[Node] = []
        for node in blocks:
            if node.get("t") == "Div" and _has_class(node, "footnotes"):
                for item in (b for b in node["c"][1] if b.get("t") == "OrderedList"):
                    for entry in item["c"][1]:
                        self._note_entry(entry)
                if kept and kept[-1].get("t") == "HorizontalRule":
                    kept.pop()
                continue
            kept.append(node)
        return kept

    def _note_entry(self, entry: list[Node]) -> None:
        if len(entry) == 1 and entry[0].get("t") == "Div" and entry[0]["c"][0][0]:
            self.notes[entry[0]["c"][0][0]] = self._without_backrefs(entry[0]["c"][1])

    def _without_backrefs(self, value: Any) -> Any:
        if isinstance(value, list):
            out = [self._without_backrefs(v) for v in value
                   if not (isinstance(v, dict) and v.get("t") == "Link"
                           and _has_class(v, "footnote-backref"))]
            while out and isinstance(out[-1], dict) and out[-1].get("t") == "Space":
                out.pop()
            return out
        if isinstance(value, dict):
            return {k: self._without_backrefs(v) for k, v in value.items()}
        return value

    def _note_for(self, node: Node) -> Node | None:
        """`Superscript [Link "#fnN"]` → the note, or None."""
        inner = node["c"]
        if len(inner) == 1 and inner[0].get("t") == "Link":
            target = inner[0]["c"][2][0]
            if target.startswith("#") and target[1:] in self.notes:
                return {"t": "Note", "c": self._walk_list(self.notes[target[1:]])}
        return None

    # -- the walk

    def _walk_list(self, items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, dict) and "t" in item:
                out.extend(self._node(item))
            elif isinstance(item, list):
                out.append(self._walk_list(item))
            else:
                out.append(item)
        return out

    def _walk(self, value: Any) -> Any:
        if isinstance(value, list):
            return self._walk_list(value)
        if isinstance(value, dict) and "t" in value:
            found = self._node(value)
            return found[0] if len(found) == 1 else {"t": "Span", "c": [_attr(), found]}
        return value

    def _node(self, node: Node) -> list[Node]:
        kind = node["t"]
        handler: Callable[[Node], list[Node]] | None = self._handlers().get(kind)
        if handler is not None:
            return handler(node)
        self._prefix_id(node)
        if "c" in node:
            node = {"t": kind, "c": self._walk(node["c"])}
        return [node]

    def _handlers(self) -> dict[str, Callable[[Node], list[Node]]]:
        return {"Header": self._header, "Div": self._div, "Span": self._span,
                "Superscript": self._superscript, "Link": self._link, "Image": self._image}

    def _prefix_id(self, node: Node) -> None:
        content = node.get("c")
        if isinstance(content, list) and content and isinstance(content[0], list) \
                and len(content[0]) == 3 and isinstance(content[0][0], str) and content[0][0]:
            content[0][0] = f"{self.part.slug}-{content[0][0]}"

    def _header(self, node: Node) -> list[Node]:
        level, attr, inlines = node["c"]
        if self.titled:  # the part's own title (the first heading) keeps the slug as its id
            level = max(level, 2)  # an editor's `#` must not start a chapter of its own
            attr = [f"{self.part.slug}-{attr[0]}" if attr[0] else "", attr[1], attr[2]]
        self.titled = True
        self.in_heading = True
        try:
            inlines = self._walk_list(inlines)
        finally:
            self.in_heading = False
        return [{"t": "Header", "c": [level, attr, inlines]}]

    def _div(self, node: Node) -> list[Node]:
        attr, blocks = node["c"]
        self._prefix_id(node)
        if "admonition" in attr[1]:
            if blocks and blocks[0].get("t") == "Para":
                blocks = [{"t": "Para", "c": [{"t": "Strong", "c": blocks[0]["c"]}]}, *blocks[1:]]
            attr = [attr[0], attr[1], [*attr[2], ["role", "note"]]]
        return [{"t": "Div", "c": [attr, self._walk_list(blocks)]}]

    def _span(self, node: Node) -> list[Node]:
        attr, inlines = node["c"]
        self._prefix_id(node)
        out: list[Node] = [{"t": "Span", "c": [attr, self._walk_list(inlines)]}]
        title = dict(attr[2]).get("title", "")
        name = "".join(i.get("c", "") for i in inlines if i.get("t") == "Str")
        if "abbr" in attr[1] and title and not self.in_heading and name not in self.spelt:
            self.spelt.add(name)
            out += [{"t": "Space"}, *_str(f"({title})")]
        return out

    def _superscript(self, node: Node) -> list[Node]:
        note = self._note_for(node)
        if note is not None:
            return [note]
        return [{"t": "Superscript", "c": self._walk_list(node["c"])}]

    def _link(self, node: Node) -> list[Node]:
        attr, inlines, (url, title) = node["c"]
        self._prefix_id(node)
        inlines = self._walk_list(inlines)
        target = self._link_target(url)
        if target is None:
            return [{"t": "Span", "c": [attr, inlines]}] if attr[0] else inlines
        return [{"t": "Link", "c": [attr, inlines, [target, title]]}]

    def _link_target(self, url: str) -> str | None:
        """Where a link goes in the book, or None: drop the link, keep its text."""
        if url.startswith("#"):
            return f"#{self.part.slug}-{url[1:]}" if len(url) > 1 else None
        if _SCHEME.match(url) or url.startswith("//"):
            return url
        split = urlsplit(url)
        path = posixpath.normpath(posixpath.join(self.part.page_url, unquote(split.path)))
        path = "" if path == "." else path + ("/" if split.path.endswith("/") else "")
        if path in self.in_book:
            slug = self.in_book[path]
            return f"#{slug}-{split.fragment}" if split.fragment else f"#{slug}"
        if self.settings.site_url:
            fragment = f"#{split.fragment}" if split.fragment else ""
            return urljoin(self.settings.site_url, path) + fragment
        return None

    def _image(self, node: Node) -> list[Node]:
        attr, alt, (src, title) = node["c"]
        self._prefix_id(node)
        # Only what the library's policy allowed goes into a book: the infographic PNGs this
        # part shows (drawn by the infographics stage, named exactly) and the body's images.
        if src in {png for png, _, _ in self.part.figures}:
            return [node]
        path = _content_file(src, self.part, self.settings)
        if path is None:
            shown = src if _SCHEME.match(src) else unquote(src)
            self.warnings.append(f"{self.part.source}: ảnh '{shown}' không đưa được vào sách "
                                 "điện tử (chỉ ảnh trong content/), thay bằng chữ thay thế")
            return [{"t": "Emph", "c": [*_str("[Hình:"), {"t": "Space"}, *alt,
                                         {"t": "Str", "c": "]"}]}]
        return [{"t": "Image", "c": [attr, self._walk_list(alt), [str(path), title]]}]


def _content_file(src: str, part: _Part, settings: _Settings) -> Path | None:
    """The file under `content/` an image of the body shows (`media/<path>` on the site),
    if it is one of the images the library approved for this body (`Body.images`)."""
    if _SCHEME.match(src) or src.startswith(("/", "\\")):
        return None
    path = posixpath.normpath(posixpath.join(part.page_url, unquote(urlsplit(src).path)))
    rel = path.removeprefix("media/")
    if not path.startswith("media/") or rel not in part.images:
        return None
    content = settings.root / "content"
    file = content / rel
    return file if is_inside(file, content) else None


# ---- metadata -------------------------------------------------------------------------------


def book_identifier(site_name: str, book_key: str) -> str:
    """A stable `urn:uuid:` for a book: the same site and key give the same identifier."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site_name}/{book_key}.epub')}"


SUMMARIES = {
    VIETNAMESE: ("Sách điện tử dạng chữ, có thể đổi cỡ chữ và phông; có mục lục và các tiêu "
                 "đề theo cấp để di chuyển; thứ tự đọc theo thứ tự nội dung; chú thích nối "
                 "với chỗ nhắc tới nó.{images} Không có nguy cơ gây co giật, không có âm "
                 "thanh hay chuyển động."),
    "en": ("A reflowable text e-book: text size and font can be changed; a table of contents "
           "and nested headings for navigation; the reading order follows the content; notes "
           "are linked from where they are cited.{images} No flashing, sound or motion."),
}
TOC_TITLES = {VIETNAMESE: "Mục lục", "en": "Contents"}
_IMAGES_SUMMARY = {
    VIETNAMESE: " Mọi hình đều có văn bản thay thế; số liệu của infographic được viết lại "
                "bằng chữ ngay dưới hình.",
    "en": " Every image has a text alternative.",
}


def _metadata(plan: _Plan, settings: _Settings, images: bool) -> dict[str, Any]:
    """The book's metadata. Accessibility goes through pandoc's own keys (`accessModes` …;
    checked with pandoc 3.9): pandoc writes defaults for them, so `--epub-metadata` would add
    duplicates. No `dcterms:conformsTo` or `a11y:certifiedBy`: nobody has audited these books
    against EPUB Accessibility / WCAG, and Ace passing is not a conformance claim."""
    lang = VIETNAMESE if plan.lang == VIETNAMESE else "en"
    summary = SUMMARIES[lang].format(images=_IMAGES_SUMMARY[lang] if images else "")
    features = ["structuralNavigation", "tableOfContents", "readingOrder",
                "displayTransformability"]
    if images:
        features.append("alternativeText")
    if any(part.figures for part in plan.parts):
        features.append("longDescription")
    creators = [{"role": "author", "text": settings.site_name}]
    contributors = [{"role": "trl", "text": name} for name in plan.translators]
    meta: dict[str, Any] = {
        "title": plan.title,
        "lang": plan.lang,
        "creator": creators,
        "publisher": settings.site_name,
        "date": plan.updated.isoformat(),
        "identifier": book_identifier(settings.site_name, plan.key),
        "description": plan.description,
        "subject": list(plan.subjects),
        "rights": f"© {plan.updated.year} {settings.site_name}",
        "cover-image": "bia.png",
        "toc-title": TOC_TITLES.get(plan.lang, plan.title),
        "css": ["sach.css"],
        "accessModes": ["textual", "visual"] if images else ["textual"],
        "accessModeSufficient": ["textual"],
        "accessibilityFeatures": features,
        "accessibilityHazards": ["none"],
        "accessibilitySummary": summary,
    }
    if contributors:
        meta["contributor"] = contributors
    if not meta["subject"]:
        del meta["subject"]
    return {name: _meta_value(value) for name, value in meta.items()}


def _meta_value(value: Any) -> Node:
    """Pandoc metadata as plain strings (MetaString: never read as Markdown)."""
    if isinstance(value, dict):
        return {"t": "MetaMap", "c": {k: _meta_value(v) for k, v in value.items()}}
    if isinstance(value, list):
        return {"t": "MetaList", "c": [_meta_value(v) for v in value]}
    return {"t": "MetaString", "c": str(value)}


# ---- the cover ------------------------------------------------------------------------------


def cover_svg(title: str, kicker: str, site_name: str, footer: str) -> str:
    """The 1600×2400 cover: site name on a band, the field (or language) in a pill, the
    title as large as fits, the footer at the bottom."""
    w, h = COVER_SIZE
    margin, band = 130, 260
    kicker_y = band + 200
    title_top = kicker_y + 110
    space = h - 330 - title_top
    size = 150
    while True:
        lines = max(1, int(space // (size * 1.2)))
        fitted = fit(title, w - 2 * margin, lines, size, size, bold=True, leading=1.2)
        if not fitted.lines[-1].endswith("…") or size <= 70:
            break
        size -= 8
    title_y = title_top + max(0.0, (space - fitted.height) / 2) + fitted.size * 0.95
    e = html.escape
    kicker_w = round(text_width(kicker, 56, bold=True) + 96)
    spans = "".join(
        f'<tspan x="{margin}" y="{title_y + i * fitted.line_height:.1f}">{e(line)}</tspan>'
        for i, line in enumerate(fitted.lines))
    site = fit(site_name, w - 2 * margin, 1, 72, 40, bold=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}">\n'
        f"<style>text{{font-family:'{FAMILY}',sans-serif}}</style>\n"
        f'<rect width="{w}" height="{h}" fill="{colors.PAPER}"/>\n'
        f'<rect width="{w}" height="{band}" fill="{colors.PRIMARY}"/>\n'
        f'<text x="{margin}" y="{band // 2 + 26}" font-size="{site.size}" font-weight="700" '
        f'fill="{colors.ON_PRIMARY}">{e(site.lines[0])}</text>\n'
        f'<rect x="{margin}" y="{kicker_y - 76}" width="{kicker_w}" height="104" rx="52" '
        f'fill="{colors.TINT}"/>\n'
        f'<text x="{margin + 48}" y="{kicker_y}" font-size="56" font-weight="700" '
        f'fill="{colors.PRIMARY}">{e(kicker)}</text>\n'
        f'<text font-size="{fitted.size}" font-weight="700" fill="{colors.INK}">{spans}</text>\n'
        f'<rect x="0" y="{h - 28}" width="{w}" height="28" fill="{colors.RULE}"/>\n'
        f'<text x="{margin}" y="{h - 120}" font-size="52" fill="{colors.MUTED}">{e(footer)}'
        "</text>\n</svg>\n")


# ---- the stylesheet -------------------------------------------------------------------------

STYLESHEET = f"""\
@font-face {{ font-family: "{FAMILY}"; font-weight: normal; font-style: normal;
  src: url("../fonts/BeVietnamPro-Regular.ttf"); }}
@font-face {{ font-family: "{FAMILY}"; font-weight: bold; font-style: normal;
  src: url("../fonts/BeVietnamPro-Bold.ttf"); }}
body {{ font-family: "{FAMILY}", sans-serif; line-height: 1.5; margin: 0 5%; }}
h1, h2, h3, h4 {{ line-height: 1.25; page-break-after: avoid; break-after: avoid; }}
h1 {{ font-size: 1.6em; margin: 1em 0 0.5em; }}
h2 {{ font-size: 1.3em; margin: 1.2em 0 0.4em; }}
h3 {{ font-size: 1.1em; }}
p {{ margin: 0.6em 0; }}
a {{ color: {colors.PRIMARY}; }}
img {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; width: 100%; margin: 1em 0; }}
th, td {{ border: 1px solid {colors.RULE}; padding: 0.3em 0.5em; text-align: left;
  vertical-align: top; }}
th {{ background: {colors.TINT}; }}
div.admonition {{ border-left: 0.3em solid {colors.PRIMARY}; background: {colors.TINT};
  padding: 0.2em 0.8em; margin: 1em 0; }}
section.footnotes, aside.footnote {{ font-size: 0.9em; }}
.titlepage {{ text-align: center; margin-top: 3em; }}
.titlepage .publisher, .titlepage .date, .titlepage .rights {{ margin: 0.5em 0; }}
body#cover {{ margin: 0; padding: 0; text-align: center; }}
#cover-image, #cover-image svg {{ width: 100%; height: 100%; }}
nav#toc ol, nav#landmarks ol {{ list-style-type: none; padding-left: 1em; }}
"""
