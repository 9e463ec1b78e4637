"""An explainer body cut into translatable segments, and put back together.

A segment is the text of one block as our parser (markdown-it, `generators.library.markdown`)
sees it: a heading, a paragraph (also inside list items, quotes, admonitions and footnotes),
a table cell, an admonition's quoted title, the alt text of an image that stands alone, the
meaning of an abbreviation. Inline Markdown (links, emphasis, code, footnote references)
stays in the text so translators keep it.

Each segment remembers where its text sits in the body, down to the character, with the
Markdown around it (`## `, `- `, `| `, `> `, indentation) kept outside the text. Putting
other text in its place therefore keeps every byte of the structure: a body rebuilt with
its own texts is the body itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.token import Token

from generators.library.markdown import ABBREVIATION_LINE, parse_tokens

# Kinds of segment; the translator's comment says how each may be written.
HEADING = "heading"
PARAGRAPH = "paragraph"
CELL = "cell"
ADMONITION_TITLE = "admonition-title"
IMAGE_ALT = "image-alt"
ABBREVIATION = "abbreviation"

# Container tokens and the short names they give to segment ids.
_NAMES = {
    "bullet_list_open": "ul", "ordered_list_open": "ol", "list_item_open": "li",
    "blockquote_open": "q", "admonition_open": "box", "table_open": "t", "tr_open": "r",
    "th_open": "c", "td_open": "c", "paragraph_open": "p", "heading_open": "h",
}
_TRANSPARENT = frozenset({"thead_open", "thead_close", "tbody_open", "tbody_close"})
# What a table row line may start with before its first cell: quote markers, list markers
# (a table that opens a list item), indentation.
_ROW_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*")
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\s]+\]:[ \t]*")
_LIST_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)")


@dataclass(frozen=True)
class Segment:
    """One translatable text of a body and where it sits."""

    id: str
    """Stable positional id, the PO msgctxt: `s2.ul3.li1.p1` = section 2 (after the second
    `##`), third block, first item, first paragraph. `s0` is the text before the first `##`,
    `fn-<label>` a footnote, `abbr.<ABBR>` an abbreviation."""
    kind: str
    text: str
    """The text as written (Markdown inline syntax included), lines joined by `\\n`."""
    line: int
    """0-based body line of the text's first line."""
    start: int
    end: int
    """Offsets of the text in the body; lines 2… are preceded by their prefixes."""
    prefixes: tuple[str, ...] = ()
    """What stands before the text on lines 2, 3, … (indentation, `> `)."""
    more: str = ""
    """What to put before lines the source did not have (a longer translation)."""
    single_line: bool = True

    def render(self, text: str) -> str:
        """`text` laid out where this segment's text was (without the first line's prefix)."""
        lines = text.split("\n")
        out = [lines[0]]
        for index, line in enumerate(lines[1:]):
            prefix = self.prefixes[index] if index < len(self.prefixes) else self.more
            out.append(prefix + line)
        return "\n".join(out)


@dataclass
class Segmented:
    """A body cut into segments, with the places it could not be cut (0-based line, why)."""

    body: str
    segments: list[Segment] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def by_id(self) -> dict[str, Segment]:
        return {s.id: s for s in self.segments}


@dataclass
class _Frame:
    name: str
    children: int = 0


def segment_body(body: str) -> Segmented:
    """Cut a Markdown body (the text after the front matter) into segments."""
    lines = body.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    parsed = list(lines)
    abbreviations: list[tuple[int, re.Match[str]]] = []
    for index, line in enumerate(lines):
        match = ABBREVIATION_LINE.match(line)
        if match:
            abbreviations.append((index, match))
            parsed[index] = ""  # as parse_body does: line numbers stay, the line is not text
    tokens = parse_tokens("\n".join(parsed))
    result = Segmented(body)
    cutter = _Cutter(lines, starts, result)
    cutter.walk(tokens)
    used = {s.id for s in result.segments}
    for index, match in abbreviations:
        raw = match["title"]
        title = raw.strip()
        if not title:
            continue
        col = match.start("title") + len(raw) - len(raw.lstrip())
        seg_id = _unique(f"abbr.{match['abbr'].strip()}", used)
        result.segments.append(Segment(seg_id, ABBREVIATION, title, index,
                                       starts[index] + col, starts[index] + col + len(title)))
    return result


def _unique(candidate: str, used: set[str]) -> str:
    name, n = candidate, 1
    while name in used:
        n += 1
        name = f"{candidate}~{n}"
    used.add(name)
    return name


class _Cutter:
    """Walks the block tokens, naming each block by its position, and cuts out the texts."""

    def __init__(self, lines: list[str], starts: list[int], out: Segmented) -> None:
        self.lines, self.starts, self.out = lines, starts, out
        self.section = 0
        self.frames: list[_Frame] = [_Frame("s0")]
        self.opening: list[Token] = []
        self.rows: dict[int, list[tuple[int, int]] | None] = {}

    def walk(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            if token.type in _TRANSPARENT or token.type == "footnote_anchor":
                continue
            if token.type == "footnote_block_open":
                self.frames, self.opening = [], []
            elif token.type == "footnote_block_close":
                continue
            elif token.type == "footnote_open":
                label = token.meta.get("label") or str(token.meta.get("id", 0) + 1)
                self.frames.append(_Frame(f"fn-{label}"))
                self.opening.append(token)
            elif token.type == "footnote_close":
                self._pop()
            elif token.type == "inline":
                self._leaf(token)
            elif token.nesting == 1:
                self._open(token)
            elif token.nesting == -1:
                self._pop()
            elif token.block and self.frames:  # fence, code, html, hr: a block without text
                self.frames[-1].children += 1

    def _open(self, token: Token) -> None:
        if token.type == "heading_open" and token.tag == "h2" and len(self.frames) == 1 \
                and self.frames[0].name.startswith("s"):
            self.section += 1
            self.frames = [_Frame(f"s{self.section}")]
        if not self.frames:  # cannot happen with our parser; stay safe
            self.frames = [_Frame("x")]
        parent = self.frames[-1]
        if token.type == "admonition_title_open":
            name = "title"
        else:
            parent.children += 1
            name = f"{_NAMES.get(token.type, token.tag or 'b')}{parent.children}"
        self.frames.append(_Frame(name))
        self.opening.append(token)

    def _pop(self) -> None:
        if len(self.frames) > 1 or (self.frames and not self.frames[0].name.startswith("s")):
            self.frames.pop()
        if self.opening:
            self.opening.pop()

    def _id(self, last: str | None = None) -> str:
        names = [f.name for f in self.frames]
        if last is not None:
            names[-1] = last
        return ".".join(names)

    def _leaf(self, inline: Token) -> None:
        if not inline.map or not self.opening or not inline.content.strip():
            return
        opener = self.opening[-1]
        first = inline.map[0]
        kind = opener.type
        if kind == "heading_open":
            if opener.markup.startswith("#"):
                self._atx_heading(inline, first)
            else:  # setext: the text lines, without the underline
                self._block(inline, first, HEADING, single_line=False)
        elif kind == "paragraph_open":
            children = [c.type for c in inline.children or []]
            if children == ["image"] and inline.map[1] - first == 1:
                self._image(inline, first)
            else:
                self._block(inline, first, PARAGRAPH, single_line=False)
        elif kind in ("th_open", "td_open"):
            self._cell(inline, first)
        elif kind == "admonition_title_open":
            self._admonition_title(inline, first)

    def _add(self, kind: str, line: int, col: int, text: str, seg_id: str | None = None) -> None:
        start = self.starts[line] + col
        self.out.segments.append(Segment(seg_id or self._id(), kind, text, line, start,
                                         start + len(text)))

    def _fail(self, line: int, what: str) -> None:
        self.out.problems.append((line, f"không tách được {what} để dịch"))

    def _block(self, inline: Token, first: int, kind: str, single_line: bool) -> None:
        parts = inline.content.split("\n")
        pieces: list[tuple[int, int, str]] = []  # line, column, text
        for offset, raw in enumerate(parts):
            index = first + offset
            if index >= len(self.lines):
                self._fail(first, "đoạn văn")
                return
            line = self.lines[index]
            text = raw.lstrip(" \t")
            if offset == len(parts) - 1:
                col = line.rfind(text)
                if col < 0 or line[col + len(text):].strip():
                    self._fail(index, "đoạn văn")
                    return
            else:
                if not line.endswith(text):
                    self._fail(index, "đoạn văn")
                    return
                col = len(line) - len(text)
            pieces.append((index, col, text))
        head, tail = pieces[0], pieces[-1]
        prefixes = tuple(self.lines[i][:c] for i, c, _ in pieces[1:])
        more = prefixes[-1] if prefixes else _continuation(self.lines[head[0]][:head[1]])
        self.out.segments.append(Segment(
            self._id(), kind, "\n".join(t for _, _, t in pieces), head[0],
            self.starts[head[0]] + head[1], self.starts[tail[0]] + tail[1] + len(tail[2]),
            prefixes, more, single_line))

    def _atx_heading(self, inline: Token, first: int) -> None:
        line = self.lines[first]
        pos = line.find("#")
        while 0 <= pos < len(line) and line[pos] == "#":
            pos += 1
        while 0 <= pos < len(line) and line[pos] in " \t":
            pos += 1
        if pos < 0 or not line.startswith(inline.content, pos):
            self._fail(first, "tiêu đề")
            return
        self._add(HEADING, first, pos, inline.content)

    def _image(self, inline: Token, first: int) -> None:
        line = self.lines[first]
        content = inline.content
        col = line.rfind(content)
        if col < 0 or not content.startswith("!["):
            self._fail(first, "ảnh")
            return
        depth, pos = 1, 2
        while pos < len(content):
            char = content[pos]
            if char == "\\":
                pos += 2
                continue
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
                if depth == 0:
                    break
            pos += 1
        alt = content[2:pos]
        if pos < len(content) and alt.strip() and alt == alt.strip():
            self._add(IMAGE_ALT, first, col + 2, alt, self._id("img" + self.frames[-1].name[1:]))
        else:  # an alt text the translator could not keep apart: the whole line is the text
            self._block(inline, first, PARAGRAPH, single_line=False)

    def _cell(self, inline: Token, first: int) -> None:
        if first not in self.rows:
            self.rows[first] = _cells(self.lines[first])
        cells = self.rows[first]
        # The cell's number is its frame name, `c<n>`.
        number = int(self.frames[-1].name[1:])
        if cells is None or number > len(cells):
            self._fail(first, "ô bảng")
            return
        start, end = cells[number - 1]
        raw = self.lines[first][start:end]
        if raw.replace("\\|", "|") != inline.content:
            self._fail(first, "ô bảng")
            return
        self._add(CELL, first, start, raw)

    def _admonition_title(self, inline: Token, first: int) -> None:
        box = self.opening[-2] if len(self.opening) > 1 else None
        if box is None or '"' not in box.info:
            return  # no title written: the page shows the kind's own title
        line = self.lines[first]
        left, right = line.find('"'), line.rfind('"')
        if right > left >= 0 and line[left + 1:right] == inline.content:
            self._add(ADMONITION_TITLE, first, left + 1, inline.content)


def _cells(line: str) -> list[tuple[int, int]] | None:
    """Column spans of a table row as markdown-it splits it (escaped `\\|` stays inside)."""
    base = _ROW_PREFIX.match(line)
    begin = base.end() if base else 0
    end = len(line.rstrip(MD_TRIM_CHARS))
    begin += len(line[begin:end]) - len(line[begin:end].lstrip(MD_TRIM_CHARS))
    if begin >= end:
        return None
    spans: list[tuple[int, int]] = []
    last = begin
    escaped = False
    for pos in range(begin, end):
        char = line[pos]
        if char == "|" and not escaped:
            spans.append((last, pos))
            last = pos + 1
        escaped = char == "\\"
    spans.append((last, end))
    if spans and spans[0][0] == spans[0][1]:
        spans.pop(0)
    if spans and spans[-1][0] == spans[-1][1]:
        spans.pop()
    trimmed = []
    for start, stop in spans:
        cell = line[start:stop]
        text = cell.strip(MD_TRIM_CHARS)
        lead = len(cell) - len(cell.lstrip(MD_TRIM_CHARS)) if text else 0
        trimmed.append((start + lead, start + lead + len(text)))
    return trimmed


def _continuation(prefix: str) -> str:
    """The prefix of a new line in the same block: list markers and footnote labels become
    indentation, quote markers stay."""
    prefix = _FOOTNOTE_LABEL.sub("    ", prefix)
    return _LIST_MARKER.sub(lambda m: " " * len(m.group(0)), prefix)


def rebuild(segmented: Segmented, texts: Mapping[str, str]) -> str:
    """The body with the text of each segment named in `texts` replaced."""
    body = segmented.body
    for segment in sorted(segmented.segments, key=lambda s: s.start, reverse=True):
        text = texts.get(segment.id)
        if text is None or text == segment.text:
            continue
        body = body[:segment.start] + segment.render(text) + body[segment.end:]
    return body


# --- what a translation may not do to a segment ------------------------------------------

_BLOCK_NAMES = {
    "heading_open": "thêm tiêu đề", "bullet_list_open": "thêm danh sách",
    "ordered_list_open": "thêm danh sách đánh số", "blockquote_open": "thêm trích dẫn '>'",
    "fence": "thêm khối mã", "code_block": "thêm khối mã (thụt lề 4 dấu cách)",
    "hr": "thêm đường kẻ ngang", "table_open": "thêm bảng", "html_block": "thêm khối HTML",
    "admonition_open": "thêm khung '!!!'",
}


def normalise(segment: Segment | None, text: str) -> str:
    """A translator's text as the parser will read it back: no spaces around it, none at
    the start of a line (the parser drops them), Windows line ends as `\\n`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if segment is None or segment.single_line:
        return text.strip()
    return "\n".join(line.lstrip(" \t") for line in text.strip().split("\n"))


def structure_problem(segment: Segment, text: str) -> str | None:
    """Why `text` cannot stand in `segment`'s place, or None."""
    if segment.single_line and "\n" in text:
        return "phải nằm trên một dòng"
    if segment.kind == CELL and re.search(r"(?<!\\)\|", text):
        return "có dấu '|' (chia ô bảng); viết \\| nếu cần dấu gạch đứng"
    if segment.kind != PARAGRAPH:
        return None
    for line in text.split("\n"):
        if ABBREVIATION_LINE.match(line):
            return "làm đổi cấu trúc Markdown: thêm định nghĩa chữ viết tắt"
    types = [t.type for t in parse_tokens(text)]
    if "footnote_block_open" in types:  # inline footnotes ^[…] are text of the paragraph
        types = types[:types.index("footnote_block_open")]
    if types == ["paragraph_open", "inline", "paragraph_close"]:
        return None
    if not types:
        return "làm đổi cấu trúc Markdown: thành định nghĩa liên kết"
    for kind in types:
        if kind in _BLOCK_NAMES:
            return f"làm đổi cấu trúc Markdown: {_BLOCK_NAMES[kind]}"
    return "làm đổi cấu trúc Markdown: dòng trống tách thành nhiều đoạn"
