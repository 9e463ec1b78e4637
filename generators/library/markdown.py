"""The one Markdown parser: body → sections, headings, HTML, and the problems found on the way.

CommonMark with tables, footnotes, admonitions (`!!! note "…"`) and abbreviations
(`*[UBND]: Ủy ban nhân dân`), as the content format promises.
"""

from __future__ import annotations

import html
import itertools
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generators.errors import Problems
from generators.library.model import Body, Heading, Section
from generators.library.text import ascii_slug

_ABBR_LINE = re.compile(r"^\*\[(?P<abbr>[^\]]+)\]:[ \t]*(?P<title>.*)$")
# Tags that run code, embed another document, or redirect every link of the page.
_UNSAFE_TAG = re.compile(r"<\s*(script|iframe|object|embed|base|frame|frameset|applet)\b",
                         re.IGNORECASE)
# Attributes whose value a browser follows as a URL (a `javascript:` one runs code).
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                        "background"})
# Browsers drop these from a URL before reading its scheme (`java&#9;script:` runs).
_URL_IGNORED = re.compile(r"[\x00-\x20]")
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


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable("table").use(footnote_plugin).use(admon_plugin)
    return md


_MD = _parser()


def relative_url(target: str, page_url: str) -> str:
    """URL of site-relative `target` as seen from site-relative directory `page_url`."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if (target.endswith("/") or not target) and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel


def parse_body(
    text: str, first_line: int, path: str, ctx: LinkContext, problems: Problems
) -> Body:
    """Parse a Markdown body that starts at `first_line` (1-based) of `path`."""
    lines = text.split("\n")
    abbreviations: dict[str, str] = {}
    for index, line in enumerate(lines):
        match = _ABBR_LINE.match(line)
        if match:
            abbreviations[match["abbr"].strip()] = match["title"].strip()
            lines[index] = ""  # keep line numbers stable
    text = "\n".join(lines)
    tokens = _MD.parse(text, {})
    _vietnamese_admonition_titles(tokens)
    checker = _Checker(lines, first_line, path, ctx, problems)
    checker.check(tokens)

    headings: list[Heading] = []
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            title = _inline_text(inline)
            anchor = _unique(ascii_slug(title) or "muc", used)
            token.attrSet("id", anchor)
            level = int(token.tag[1])
            line = first_line + (token.map[0] if token.map else 0)
            headings.append(Heading(level, title, anchor, line))
            if level == 1:
                problems.warning(path, line, "tiêu đề '#' trong thân bài",
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
        chunk_html = renderer.render(chunk, _MD.options, env)
        html_parts.append(chunk_html)
        is_titled = chunk[0].type == "heading_open" and chunk[0].tag == "h2"
        title = _inline_text(chunk[1]) if is_titled else ""
        anchor = chunk[0].attrGet("id") if is_titled else ""
        src_start = chunk[0].map[0] if chunk[0].map else 0
        if end == footnote_at < len(tokens):
            # The footnote tokens after the last section carry their definitions' own lines
            # (anywhere in the file), so the section ends with its last block instead.
            src_end = max((t.map[1] for t in chunk if t.map), default=src_start)
        else:
            src_end = _source_end(tokens, end, len(lines))
        sections.append(Section(
            title=title,
            anchor=str(anchor or ""),
            line=first_line + src_start,
            markdown="\n".join(lines[src_start:src_end]).strip("\n"),
            html=chunk_html,
        ))
    if footnote_at < len(tokens):
        notes = renderer.render(tokens[footnote_at:], _MD.options, env)
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


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 1
    while candidate in used:
        n += 1
        candidate = f"{anchor}-{n}"
    used.add(candidate)
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
    """Finds unsafe HTML, images without alt text and broken or escaping paths."""

    def __init__(self, lines: list[str], first_line: int, path: str, ctx: LinkContext,
                 problems: Problems) -> None:
        self.lines, self.first_line, self.path = lines, first_line, path
        self.ctx, self.problems = ctx, problems
        self.images: list[str] = []

    def check(self, tokens: Sequence[Token]) -> None:
        block_line = 0
        for token in tokens:
            if token.map:
                block_line = token.map[0]
            if token.type == "html_block":
                self._check_html(token.content, block_line)
            elif token.type == "inline":
                self._check_inline(token, block_line)

    def _line_of(self, needle: str, block_line: int) -> int:
        # markdown-it percent-encodes link targets; the editor wrote them decoded.
        needles = {needle, unquote(needle)}
        for offset, line in enumerate(self.lines[block_line:], start=block_line):
            if any(n in line for n in needles):
                return self.first_line + offset
        return self.first_line + block_line

    def _check_html(self, raw: str, block_line: int) -> None:
        found = [(self._line_of(m.group(0).split("\n")[0], block_line),
                  f"thẻ <{m.group(1).lower()}>") for m in _UNSAFE_TAG.finditer(raw)]
        # Attributes as a browser reads them: any case (ONCLICK=), after `/` or a quote
        # (`<img src=x/onerror=…>`), values with character references decoded (`&#106;avascript:`).
        scanner = _TagScanner()
        scanner.feed(raw)
        scanner.close()
        for offset, tag_text, attrs in scanner.tags:
            line = self._line_of(tag_text.split("\n")[0], block_line + offset)
            for name, value in attrs:
                if name.startswith("on"):
                    found.append((line, f"thuộc tính {name}="))
                elif name in _URL_ATTRS and _URL_IGNORED.sub("", value or "").lower() \
                        .startswith("javascript:"):
                    found.append((line, "liên kết javascript:"))
                elif name in _URL_ATTRS - {"src", "poster", "background"} and \
                        _URL_IGNORED.sub("", value or "").lower().startswith("data:"):
                    # a data: document can carry script; data: images (src) are harmless
                    found.append((line, "liên kết data:"))
                elif name == "http-equiv" and (value or "").strip().lower() == "refresh":
                    found.append((line, "thẻ <meta http-equiv=refresh> (tự chuyển trang)"))
        for line, what in found:
            self.problems.error(self.path, line, f"HTML không an toàn: {what}",
                                "chỉ dùng HTML không chạy mã; bỏ script, iframe, on…=")

    def _check_inline(self, token: Token, block_line: int) -> None:
        for child in token.children or []:
            if child.type == "text":
                for match in _MD_JS_LINK.finditer(child.content):
                    self.problems.error(self.path, self._line_of(match.group(0), block_line),
                                        "HTML không an toàn: liên kết javascript:",
                                        "liên kết tới một trang web hoặc một bài giải thích")
            elif child.type == "html_inline":
                self._check_html(child.content, block_line)
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                line = self._line_of(src or "![", block_line)
                if not child.content.strip():
                    self.problems.error(self.path, line,
                                        f"ảnh '{unquote(src)}' thiếu văn bản thay thế (alt)",
                                        "viết ![mô tả ngắn nội dung ảnh](đường-dẫn)")
                target = self._check_target(src, line, is_image=True)
                if target:
                    self.images.append(target)
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                self._check_target(href, self._line_of(href, block_line), is_image=False)

    def _check_target(self, url: str, line: int, is_image: bool) -> str | None:
        """Validate a link or image target; returns the content-relative path of a local file."""
        if not url or url.startswith("#"):
            return None
        shown = unquote(url)  # as the editor wrote it
        if _SCHEME.match(url):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "javascript":
                self.problems.error(self.path, line, "HTML không an toàn: liên kết javascript:",
                                    "liên kết tới một trang web hoặc một bài giải thích")
            elif scheme not in _SAFE_SCHEMES:
                self.problems.error(self.path, line,
                                    f"liên kết '{shown}' dùng giao thức không hỗ trợ",
                                    "dùng https://, mailto: hoặc tel:")
            return None
        if url.startswith("//"):
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
        if resolved.endswith(".md"):
            if resolved not in self.ctx.explainer_urls and \
                    resolved not in self.ctx.markdown_files:
                self.problems.error(self.path, line,
                                    f"liên kết tới bài giải thích không tồn tại: '{shown}'",
                                    "kiểm tra tên tệp .md và thư mục")
            return None
        if not self.ctx.file_exists(resolved):
            self.problems.error(self.path, line, f"không tìm thấy tệp {what}: '{shown}'",
                                f"đặt tệp tại content/{resolved}")
            return None
        return resolved


class _TagScanner(HTMLParser):
    """Start tags of raw HTML with their attributes (names lower-cased, values decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str, list[tuple[str, str | None]]]] = []
        """(0-based line within the raw HTML, the tag's text, its attributes)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((self.getpos()[0] - 1, self.get_starttag_text() or "", attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
               env: EnvType) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if "ctx" in env:
        token.attrSet("href", _site_href(href, env["ctx"]))
    if href.startswith(("http://", "https://")):
        token.attrSet("rel", "noopener")
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
