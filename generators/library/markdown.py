"""The one Markdown parser: body → sections, headings, HTML, and the problems found on the way.

CommonMark with tables, footnotes, admonitions (`!!! note "…"`) and abbreviations
(`*[UBND]: Ủy ban nhân dân`), as the content format promises.

Stages that walk a body's Markdown themselves (the audiobook script, the translation
segments) read it with the same parser through `parse_tokens`, and recognise abbreviation
lines with `ABBREVIATION_LINE`.
"""

from __future__ import annotations

import bisect
import html
import itertools
import os
import posixpath
import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generators.errors import Problems
from generators.library.assets import (
    ATTACHMENT_SUFFIXES,
    ATTACHMENT_TYPES_SHOWN,
    IMAGE_SUFFIXES,
    IMAGE_TYPES_SHOWN,
    NAME_REFUSED,
    SYMLINK_REFUSED,
    Verdict,
    check_attachment,
    check_image,
    is_inside,
    publishable_name,
)
from generators.library.html_policy import refusals, reserved_name, sanitize
from generators.library.model import Body, Heading, Section
from generators.library.text import ascii_slug
from generators.urls import relative_url

ABBREVIATION_LINE = re.compile(r"^\*\[(?P<abbr>[^\]]+)\]:[ \t]*(?P<title>.*)$")
"""A whole line that defines an abbreviation, `*[UBND]: Ủy ban nhân dân`; groups `abbr` and
`title`, neither stripped. `parse_body` reads such lines as definitions, not text: it blanks
them before parsing (line numbers stay), and so should any stage that parses a body."""
# `[label]: target` — a reference link's target is written there, not in its paragraph.
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*<?(?P<url>[^\s>]+)")
UNSAFE_HINT = "chỉ dùng HTML không chạy mã; bỏ script, iframe, on…="
REFUSED_HINT = ("phần này bị bỏ khi xuất bản; chỉ dùng thẻ định dạng chữ, danh sách, bảng, "
                "liên kết và ảnh trong content/ (xem README)")
# A heading is plain text: `&lt;script&gt;` written in one is a tag that someone meant.
_TAG_IN_TEXT = re.compile(r"<[/!?a-zA-Z]")
# markdown-it refuses `[x](javascript:…)`, `[x]: javascript:…` and `<javascript:…>` as links
# and leaves them as text, so they never reach _check_target: find them in the text.
_MD_JS_LINK = re.compile(r"(?:\]\(|\]:|<)\s*<?\s*javascript:", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SAFE_SCHEMES = ("http", "https", "mailto", "tel")


@dataclass(frozen=True)
class LinkContext:
    """What the renderer needs to turn editors' relative paths into site URLs."""

    source: str
    """Content-relative posix path of the Markdown file, e.g. `lao-dong/thu-viec.md`."""
    page_url: str
    """Site-relative URL of the page the body is shown on, e.g. `lao-dong/thu-viec/`."""
    explainer_urls: Mapping[str, str]
    """Content-relative `.md` path → site-relative URL of every explainer and translation."""
    file_exists: Callable[[str], bool]
    """Does this content-relative posix path name a file?"""
    markdown_files: frozenset[str] = frozenset()
    """Every `.md` file read, valid or not (an invalid one has its own error)."""
    drafts: AbstractSet[str] = frozenset()
    """Content-relative `.md` paths of the drafts (they and their translations are not
    published)."""
    content_dir: Path | None = None
    """The library's `content/`: images and attachments are checked by their bytes there.
    Without it (unit tests) only their names are checked."""


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable("table").use(footnote_plugin).use(admon_plugin)
    return md


_MD = _parser()


def parse_tokens(text: str, env: MutableMapping[str, Any] | None = None) -> list[Token]:
    """The block tokens of `text` (markdown-it's, inline tokens as their children), read by
    the library's one parser: CommonMark with tables, footnotes and admonitions.

    Only parsed: nothing is checked or rendered, headings get no `id`, and abbreviation lines
    are read as text (blank them first, see `ABBREVIATION_LINE`). `env` is markdown-it's
    environment: the parser adds the link reference definitions it finds under
    `"references"` (and footnotes under `"footnotes"`), and references put there beforehand
    resolve `[text][label]` links defined elsewhere.
    """
    return _MD.parse(text, {} if env is None else env)


def parse_body(
    text: str, first_line: int, path: str, ctx: LinkContext, problems: Problems
) -> Body:
    """Parse a Markdown body that starts at `first_line` (1-based) of `path`."""
    lines = text.split("\n")
    abbreviations: dict[str, str] = {}
    for index, line in enumerate(lines):
        match = ABBREVIATION_LINE.match(line)
        if match:
            abbreviations[match["abbr"].strip()] = match["title"].strip()
            lines[index] = ""  # keep line numbers stable
    text = "\n".join(lines)
    tokens = _MD.parse(text, {})
    _vietnamese_admonition_titles(tokens)
    checker = _Checker(lines, first_line, path, ctx, problems)
    checker.check(tokens)

    headings: list[Heading] = []
    used: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            title = _inline_text(inline)
            slug = ascii_slug(title) or "muc"
            anchor = _unique(f"muc-{slug}" if reserved_name(slug) else slug, used)
            token.attrSet("id", anchor)
            level = int(token.tag[1])
            at = first_line + (token.map[0] if token.map else 0)
            headings.append(Heading(level, title, anchor, at))
            if _TAG_IN_TEXT.search(title):
                problems.error(path, at, f"tiêu đề có thẻ HTML: '{title}'",
                               "tiêu đề chỉ là chữ; bỏ thẻ HTML (kể cả viết bằng &lt; &gt;)")
            if level == 1:
                problems.warning(path, at, "tiêu đề '#' trong thân bài",
                                 "tiêu đề lấy từ 'title'; các phần dùng '##'")

    env: dict[str, Any] = {"ctx": ctx, "abbr": abbreviations}
    renderer = _MD.renderer
    sections: list[Section] = []
    start = 0
    bounds = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    footnote_at = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"),
                       len(tokens))
    cuts = [0, *[b for b in bounds if b > 0], footnote_at]
    html_parts: list[str] = []
    for start, end in itertools.pairwise(cuts):
        chunk = tokens[start:end]
        if not chunk:
            continue
        chunk_html = sanitize(renderer.render(chunk, _MD.options, env))
        html_parts.append(chunk_html)
        is_titled = chunk[0].type == "heading_open" and chunk[0].tag == "h2"
        title = _inline_text(chunk[1]) if is_titled else ""
        anchor = str(chunk[0].attrGet("id") or "") if is_titled else ""
        src_start = chunk[0].map[0] if chunk[0].map else 0
        if end == footnote_at < len(tokens):
            # The footnote tokens after the last section carry their definitions' own lines
            # (anywhere in the file), so the section ends with its last block instead.
            src_end = max((t.map[1] for t in chunk if t.map), default=src_start)
        else:
            src_end = _source_end(tokens, end, len(lines))
        sections.append(Section(
            title=title,
            anchor=anchor,
            line=first_line + src_start,
            markdown="\n".join(lines[src_start:src_end]).strip("\n"),
            html=chunk_html,
        ))
    if footnote_at < len(tokens):
        notes = sanitize(renderer.render(tokens[footnote_at:], _MD.options, env))
        html_parts.append(notes)
        if sections:
            # The notes belong to the end of the text: the last section carries them, in
            # Markdown too, so every stage reading sections (audiobook chapters) has them.
            last = sections[-1]
            inside = set(range(last.line - first_line,
                               last.line - first_line + last.markdown.count("\n") + 1))
            definitions = ["\n".join(lines[a:b]).strip("\n")
                           for a, b in _footnote_lines(tokens[footnote_at:]) if a not in inside]
            markdown = "\n\n".join([last.markdown, *definitions]) if definitions \
                else last.markdown
            sections[-1] = Section(last.title, last.anchor, last.line, markdown,
                                   last.html + notes)
    if sections and not sections[0].title and not sections[0].markdown.strip():
        sections.pop(0)
    return Body(
        sections=tuple(sections),
        headings=tuple(headings),
        html="".join(html_parts),
        plain_text=_plain_text(tokens),
        abbreviations=tuple(abbreviations.items()),
        images=tuple(checker.images),
        attachments=tuple(checker.attachments),
    )


# Titles of `!!! kind` written without one (the plugin would print the English kind).
ADMONITION_TITLES = {
    "note": "Ghi chú", "abstract": "Tóm tắt", "summary": "Tóm tắt", "tldr": "Tóm tắt",
    "info": "Thông tin", "todo": "Việc cần làm", "tip": "Mẹo", "hint": "Gợi ý",
    "important": "Quan trọng", "success": "Thành công", "check": "Đã kiểm tra",
    "done": "Hoàn thành", "question": "Câu hỏi", "help": "Trợ giúp", "faq": "Hỏi đáp",
    "warning": "Cảnh báo", "caution": "Thận trọng", "attention": "Chú ý",
    "failure": "Không thành công", "fail": "Không thành công", "missing": "Còn thiếu",
    "danger": "Nguy hiểm", "error": "Lỗi", "bug": "Lỗi", "example": "Ví dụ",
    "quote": "Trích dẫn", "cite": "Trích dẫn",
}


def _vietnamese_admonition_titles(tokens: Sequence[Token]) -> None:
    for index, token in enumerate(tokens):
        if token.type != "admonition_open" or '"' in token.info:
            continue
        kind = token.info.strip().split(" ")[0].lower()
        title = ADMONITION_TITLES.get(kind)
        inline = tokens[index + 2] if index + 2 < len(tokens) else None
        if title and inline is not None and inline.type == "inline" and inline.children:
            inline.content = title
            inline.children[0].content = title
            del inline.children[1:]


def _footnote_lines(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """The source lines of each footnote definition in a footnote block, in order."""
    spans: list[tuple[int, int]] = []
    current: list[tuple[int, int]] | None = None
    for token in tokens:
        if token.type == "footnote_open":
            current = []
        elif token.type == "footnote_close" and current is not None:
            if current:
                spans.append((min(a for a, _ in current), max(b for _, b in current)))
            current = None
        elif current is not None and token.map:
            current.append((token.map[0], token.map[1]))
    return spans


def _source_end(tokens: Sequence[Token], end: int, total: int) -> int:
    for token in tokens[end:]:
        if token.map:
            return token.map[0]
    return total


def _unique(anchor: str, used: dict[str, int]) -> str:
    """`anchor`, or `anchor-2`, `anchor-3` … the first not yet used (`used` remembers the
    next number to try for each anchor, so many equal headings stay linear)."""
    candidate, n = anchor, used.get(anchor, 1)
    if n > 1 or candidate in used:
        n = max(n, 2)
        candidate = f"{anchor}-{n}"
        while candidate in used:
            n += 1
            candidate = f"{anchor}-{n}"
        used[anchor] = n + 1
    used.setdefault(candidate, 1)
    return candidate


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def _plain_text(tokens: Sequence[Token]) -> str:
    words = [_inline_text(t) for t in tokens if t.type == "inline"]
    return " ".join(w for w in words if w)


class _Checker:
    """Finds refused HTML, images without alt text, refused files and broken paths."""

    def __init__(self, lines: list[str], first_line: int, path: str, ctx: LinkContext,
                 problems: Problems) -> None:
        self.lines, self.first_line, self.path = lines, first_line, path
        self.ctx, self.problems = ctx, problems
        self.images: list[str] = []
        self.attachments: dict[str, None] = {}
        self.text = "\n".join(lines)
        self.line_starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]),
                                                     initial=0))
        # Needles of one block are found in order: each search starts where the last ended,
        # so a long block with thousands of links is read once, not once per link.
        self.cursor = (-1, 0)
        self.definitions: dict[str, int] = {}
        for index, line in enumerate(lines):
            if (match := _DEFINITION.match(line)):
                self.definitions.setdefault(match["url"], index)
        self._block_end = len(lines)

    def check(self, tokens: Sequence[Token]) -> None:
        block_line, block_end = 0, len(self.lines)
        for token in tokens:
            if token.map:
                block_line, block_end = token.map[0], token.map[1]
            if token.type == "html_block":
                self._check_html(token.content, block_line, block_line, exact=True)
            elif token.type == "inline":
                self._check_inline(token, block_line, block_end)

    def _line_of(self, needle: str, block_line: int, block_end: int | None = None) -> int:
        """The line of `needle`, searched forward in the block that starts at `block_line`."""
        start = self.line_starts[min(block_line, len(self.line_starts) - 1)]
        end_line = block_end if block_end is not None else block_line + 1
        end = self.line_starts[end_line] if end_line < len(self.line_starts) else len(self.text)
        end = max(end, start)
        since = self.cursor[1] if self.cursor[0] == block_line else start
        # markdown-it percent-encodes link targets; the editor wrote them decoded.
        for origin in (since, start) if since != start else (start,):
            hits = [i for n in {needle, unquote(needle)} if n
                    and (i := self.text.find(n, origin, end + len(n))) >= 0]
            if hits:
                self.cursor = (block_line, min(hits) + 1)
                return self.first_line + bisect.bisect_right(self.line_starts, min(hits)) - 1
        for written in (needle, unquote(needle)):
            if written in self.definitions:
                return self.first_line + self.definitions[written]
        return self.first_line + block_line

    def _check_html(self, raw: str, block_line: int, line: int, exact: bool) -> None:
        """`exact`: `raw` starts at `line` (a block); else it is one tag inside the block."""
        for refusal in refusals(raw):
            at = line + refusal.line if exact else \
                self._line_of(raw.split("\n")[0], block_line, self._block_end) + refusal.line
            if exact:
                at += self.first_line
            if refusal.unsafe:
                self.problems.error(self.path, at, f"HTML không an toàn: {refusal.what}",
                                    UNSAFE_HINT)
            else:
                self.problems.error(self.path, at, f"HTML không được phép: {refusal.what}",
                                    REFUSED_HINT)

    def _check_inline(self, token: Token, block_line: int, block_end: int) -> None:
        self._block_end = block_end
        skip_link = False
        for child in token.children or []:
            if child.type == "text":
                for match in _MD_JS_LINK.finditer(child.content):
                    self.problems.error(self.path,
                                        self._line_of(match.group(0), block_line, block_end),
                                        "HTML không an toàn: liên kết javascript:",
                                        "liên kết tới một trang web hoặc một bài giải thích")
            elif child.type == "html_inline":
                self._check_html(child.content, block_line, block_line, exact=False)
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                line = self._line_of(src or "![", block_line, block_end)
                if not child.content.strip():
                    self.problems.error(self.path, line,
                                        f"ảnh '{unquote(src)}' thiếu văn bản thay thế (alt)",
                                        "viết ![mô tả ngắn nội dung ảnh](đường-dẫn)")
                target = self._check_target(src, line, is_image=True)
                if target:
                    self.images.append(target)
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                target = self._check_target(href, self._line_of(href, block_line, block_end),
                                            is_image=False)
                if target:
                    self.attachments[target] = None
                skip_link = target is None and self._is_draft(href)
                if skip_link:
                    child.meta["draft"] = True
            elif child.type == "link_close" and skip_link:
                child.meta["draft"] = True
                skip_link = False

    def _is_draft(self, href: str) -> bool:
        return _is_draft(_resolve(href, self.ctx), self.ctx)

    def _check_target(self, url: str, line: int, is_image: bool) -> str | None:
        """Validate a link or image target; returns the content-relative path of a local file."""
        if not url or url.startswith("#"):
            return None
        shown = unquote(url)  # as the editor wrote it
        if _SCHEME.match(url) or url.startswith("//"):
            scheme = url.split(":", 1)[0].lower() if _SCHEME.match(url) else "https"
            if scheme == "javascript":
                self.problems.error(self.path, line, "HTML không an toàn: liên kết javascript:",
                                    "liên kết tới một trang web hoặc một bài giải thích")
            elif scheme not in _SAFE_SCHEMES:
                self.problems.error(self.path, line,
                                    f"liên kết '{shown}' dùng giao thức không hỗ trợ",
                                    "dùng https://, mailto: hoặc tel:")
            elif is_image:
                self.problems.error(self.path, line, f"ảnh '{shown}' không nằm trong thư viện",
                                    "tải ảnh về, đặt vào content/ và dẫn bằng đường dẫn "
                                    "tương đối (trang không tải ảnh từ trang web khác)")
            return None
        what = "ảnh" if is_image else "liên kết"
        split = urlsplit(url)
        target_path = unquote(split.path)
        if target_path.startswith("/"):
            self.problems.error(self.path, line, f"{what} '{shown}' dùng đường dẫn tuyệt đối",
                                "dùng đường dẫn tương đối từ tệp này, ví dụ ../linh-vuc/bai.md")
            return None
        base = posixpath.dirname(self.ctx.source)
        resolved = posixpath.normpath(posixpath.join(base, target_path))
        if resolved.startswith("../") or resolved == "..":
            self.problems.error(self.path, line, f"{what} '{shown}' trỏ ra ngoài thư mục content/",
                                "ảnh và tệp đính kèm phải nằm trong content/")
            return None
        if resolved.endswith(".md") and not is_image:
            if _is_draft(resolved, self.ctx):
                self.problems.warning(self.path, line,
                                      f"liên kết tới bài nháp '{shown}' (draft: true)",
                                      "bài nháp không được xuất bản: liên kết hiện thành chữ "
                                      "thường cho tới khi bỏ draft: true")
            elif resolved not in self.ctx.explainer_urls and \
                    resolved not in self.ctx.markdown_files and not self._is_file(resolved):
                self.problems.error(self.path, line,
                                    f"liên kết tới bài giải thích không tồn tại: '{shown}'",
                                    "kiểm tra tên tệp .md và thư mục")
            return None
        if not self.ctx.file_exists(resolved) and not self._through_symlink(resolved):
            self.problems.error(self.path, line, f"không tìm thấy tệp {what}: '{shown}'",
                                f"đặt tệp tại content/{resolved}")
            return None
        verdict = self._verdict(resolved, is_image)
        if verdict.reason == NAME_REFUSED:
            printable = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in shown)
            self.problems.error(self.path, line, f"{what} '{printable}' {verdict.reason}",
                                "đổi tên tệp (và thư mục), ví dụ mau-don-ly-hon.pdf")
            return None
        if verdict.reason == SYMLINK_REFUSED:
            self.problems.error(self.path, line, f"{what} '{shown}' bị từ chối: {verdict.reason}",
                                "thay liên kết tượng trưng bằng chính tệp (hoặc thư mục) đó")
            return None
        if not verdict.ok:
            if is_image:
                self.problems.error(self.path, line, f"ảnh '{shown}' bị từ chối: {verdict.reason}",
                                    f"chỉ dùng ảnh {IMAGE_TYPES_SHOWN} có nội dung đúng với "
                                    "đuôi tên tệp")
            else:
                self.problems.error(self.path, line,
                                    f"tệp đính kèm '{shown}' bị từ chối: {verdict.reason}",
                                    f"chỉ đính kèm {ATTACHMENT_TYPES_SHOWN} (hoặc ảnh) có nội "
                                    "dung đúng với đuôi tên tệp")
            return None
        return resolved

    def _through_symlink(self, resolved: str) -> bool:
        """Is `resolved` there, but only through a symlink (not scanned)?"""
        content = self.ctx.content_dir
        return content is not None and os.path.lexists(content / resolved) and \
            not is_inside(content / resolved, content)

    def _is_file(self, resolved: str) -> bool:
        # An .md file that exists but did not load has its own error: not a second one here.
        return self.ctx.content_dir is not None and (self.ctx.content_dir / resolved).is_file()

    def _verdict(self, resolved: str, is_image: bool) -> Verdict:
        if not publishable_name(resolved):
            return Verdict(NAME_REFUSED)
        suffix = posixpath.splitext(resolved)[1].lower()
        as_image = is_image or suffix in IMAGE_SUFFIXES  # a link may open a picture too
        if self.ctx.content_dir is None:
            allowed = IMAGE_SUFFIXES if as_image else ATTACHMENT_SUFFIXES
            return Verdict() if suffix in allowed else \
                Verdict(f"không phải loại {'ảnh' if as_image else 'tệp đính kèm'} được phép "
                        f"({IMAGE_TYPES_SHOWN if as_image else ATTACHMENT_TYPES_SHOWN})")
        file = self.ctx.content_dir / resolved
        return check_image(file, self.ctx.content_dir) if as_image \
            else check_attachment(file, self.ctx.content_dir)


def _is_draft(resolved: str, ctx: LinkContext) -> bool:
    """Is `resolved` (an .md path) a draft, or a translation `<slug>.<lang>.md` of one?"""
    folder, name = posixpath.split(resolved)
    original = posixpath.join(folder, name.split(".", 1)[0] + ".md")
    return resolved in ctx.drafts or original in ctx.drafts


def _resolve(href: str, ctx: LinkContext) -> str:
    """The content-relative path a relative link points to."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(ctx.source),
                                             unquote(urlsplit(href).path)))


def _link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
               env: EnvType) -> str:
    token = tokens[idx]
    if token.meta.get("draft"):
        return ""  # a link to a draft would be a 404: its text stays, unlinked
    href = str(token.attrGet("href") or "")
    if "ctx" in env:
        token.attrSet("href", _site_href(href, env["ctx"]))
    if href.startswith(("http://", "https://")):
        token.attrSet("rel", "noopener")
    return self.renderToken(tokens, idx, options, env)


def _link_close(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
                env: EnvType) -> str:
    if tokens[idx].meta.get("draft"):
        return ""
    return self.renderToken(tokens, idx, options, env)


def _image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
           env: EnvType) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    ctx: LinkContext | None = env.get("ctx")
    if ctx and src and not _SCHEME.match(src) and not src.startswith("/"):
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.source),
                                                     unquote(urlsplit(src).path)))
        src = relative_url(f"media/{resolved}", ctx.page_url)
    alt = html.escape(self.renderInlineAsText(token.children or [], options, env))
    title = token.attrGet("title")
    title_attr = f' title="{html.escape(str(title))}"' if title else ""
    return f'<img src="{html.escape(src)}" alt="{alt}"{title_attr} loading="lazy" decoding="async">'


def _text(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
          env: EnvType) -> str:
    content = html.escape(tokens[idx].content, quote=False)
    abbreviations: Mapping[str, str] = env.get("abbr") or {}
    if not abbreviations:
        return content
    if "abbr_re" not in env:
        escaped = {html.escape(k, quote=False): v for k, v in abbreviations.items()}
        names = sorted(escaped, key=len, reverse=True)
        env["abbr_re"] = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
        env["abbr_escaped"] = escaped
    lookup = env["abbr_escaped"]
    return env["abbr_re"].sub(
        lambda m: f'<abbr title="{html.escape(lookup[m.group(1)])}">{m.group(1)}</abbr>',
        content)


_MD.add_render_rule("link_open", _link_open)
_MD.add_render_rule("link_close", _link_close)
_MD.add_render_rule("image", _image)
_MD.add_render_rule("text", _text)


def _site_href(href: str, ctx: LinkContext) -> str:
    if not href or href.startswith("#") or _SCHEME.match(href) or href.startswith("/"):
        return href
    split = urlsplit(href)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.source),
                                                 unquote(split.path)))
    fragment = f"#{split.fragment}" if split.fragment else ""
    if resolved in ctx.explainer_urls:
        return relative_url(ctx.explainer_urls[resolved], ctx.page_url) + fragment
    return relative_url(f"media/{resolved}", ctx.page_url) + fragment
