"""XML in and out through the standard library: parsing that remembers each element's line
and refuses DTDs (no entity can expand or fetch anything), text with `<br/>` for newlines,
and indentation that never touches mixed content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET
from xml.parsers import expat

MAX_BYTES = 5_000_000
"""Largest XML file read (a QTI item is a few kilobytes)."""


class XmlError(Exception):
    """XML that is not well formed, or that we refuse; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Tree:
    root: ET.Element
    lines: dict[int, int] = field(default_factory=dict)

    def line(self, element: ET.Element) -> int:
        return self.lines.get(id(element), 1)


def parse(data: bytes) -> Tree:
    """`data` as an element tree; every element's line is kept. Raises XmlError."""
    if len(data) > MAX_BYTES:
        raise XmlError(1, f"tệp XML quá lớn (hơn {MAX_BYTES // 1_000_000} MB)")
    parser = expat.ParserCreate(namespace_separator="}")
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}

    def name(raw: str) -> str:
        return "{" + raw if "}" in raw else raw

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = builder.start(name(tag), {name(k): v for k, v in attrs.items()})
        lines[id(element)] = parser.CurrentLineNumber

    def refuse(*_: object) -> None:
        raise XmlError(parser.CurrentLineNumber, "tệp XML có DOCTYPE hoặc khai báo thực thể "
                       "(ENTITY): không được nhận")

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(name(tag))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmlError(exc.lineno, f"XML không hợp lệ: {expat.ErrorString(exc.code)}") from None
    root = builder.close()
    return Tree(root, lines)


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def put_text(element: ET.Element, text: str, br: str) -> None:
    """`text` as the content of `element`, each newline a `br` element."""
    first, *rest = text.split("\n")
    element.text = first
    for line in rest:
        ET.SubElement(element, br).tail = line


_BR, _PARA = "\ue000", "\ue001"
"""Stand-ins for a line break and a paragraph's edge while text is gathered (private use
characters, which no text of ours carries)."""


def text_of(element: ET.Element, skip: ET.Element | None = None, mark: str = "",
            exact: bool = True) -> str:
    """The text of mixed content: `br` a newline, `p`/`div` paragraphs apart by a blank
    line; `skip` (and what is inside it) stands as `mark`. Not `exact`: runs of white space
    are one space, as a browser shows them (other tools' pretty-printed items)."""
    parts: list[str] = []
    _collect(element, parts, skip, mark)
    text = "".join(parts)
    if not exact:
        text = re.sub(r"\s+", " ", text)
    text = text.replace(_BR, "\n").replace(_PARA, "\n\n")
    # Lines of nothing but the indentation between elements are no part of the text.
    lines = text.split("\n")
    text = "\n".join("" if not line.strip() else line if exact else line.strip()
                     for line in lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "blockquote", "pre", "table", "tr",
                     "h1", "h2", "h3", "h4", "h5", "h6", "qti-prompt", "qti-content-body"})


def _collect(element: ET.Element, parts: list[str], skip: ET.Element | None, mark: str) -> None:
    block = local(element.tag) in _BLOCKS
    if block:
        parts.append(_PARA)
    parts.append(element.text or "")
    for child in element:
        if child is skip:
            parts.append(mark)
        elif local(child.tag) == "br":
            parts.append(_BR)
        else:
            _collect(child, parts, skip, mark)
        parts.append(child.tail or "")
    if block:
        parts.append(_PARA)


def indent(element: ET.Element, level: int = 0) -> None:
    """Pretty-print in place, only where an element holds elements alone (whitespace in
    mixed content is the text itself)."""
    children = list(element)
    if not children or element.text is not None or any(c.tail for c in children):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in children:
        indent(child, level + 1)
        child.tail = inner
    children[-1].tail = "\n" + "  " * level


def serialise(element: ET.Element, default_namespace: str) -> bytes:
    """A document whose unqualified elements are in `default_namespace` (ElementTree's own
    option refuses unqualified attributes, which QTI's all are)."""
    indent(element)
    attrs = dict(element.attrib)
    element.attrib.clear()
    element.set("xmlns", default_namespace)
    element.attrib.update(attrs)
    body = ET.tostring(element, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode()
