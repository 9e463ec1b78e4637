"""What may leave the library: images and attachments, allowed by their content.

A file is published only when its bytes are of an allowed type *and* its name ends the way
that type's files do (the web server picks the Content-Type from the name: an HTML page named
`.png` must not become a page named `.html`). SVG images are refused, not rewritten, when they
could run code or load anything from outside the file.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.parsers import expat

IMAGE_SUFFIXES = {
    ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp",
    ".avif": "avif", ".svg": "svg",
}
ATTACHMENT_SUFFIXES = {
    ".pdf": "pdf", ".doc": "ole2", ".xls": "ole2", ".docx": "docx", ".xlsx": "xlsx",
    ".odt": "odt", ".ods": "ods", ".zip": "zip", ".txt": "text", ".csv": "text",
}
IMAGE_TYPES_SHOWN = "PNG, JPEG, GIF, WebP, AVIF, SVG"
ATTACHMENT_TYPES_SHOWN = "PDF, DOC, DOCX, XLS, XLSX, ODT, ODS, ZIP, TXT, CSV"
_SNIFF_BYTES = 64


@dataclass(frozen=True)
class Verdict:
    """Why a file may not be published (`reason`), or None-reason when it may."""

    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


OK = Verdict()


# A published file's path becomes a URL, a `_headers` rule and an nginx location: only
# letters, digits, spaces, `-`, `_` and `.` (no `%`, `*`, `:`, `\\`, quotes or line breaks).
_PUBLISHED_SEGMENT = re.compile(r"\w[\w .-]*")
NAME_REFUSED = ("có ký tự không dùng được trong địa chỉ web (chỉ chữ, số, dấu cách, '-', '_' "
                "và '.')")


def publishable_name(rel: str) -> bool:
    """May the content-relative posix path `rel` be published under that name?"""
    return all(_PUBLISHED_SEGMENT.fullmatch(part) for part in rel.split("/"))


SYMLINK_REFUSED = ("là liên kết tượng trưng (symlink) hoặc nằm ngoài content/; chỉ tệp thật "
                   "nằm trong content/ được đọc")


def check_image(path: Path, content: Path) -> Verdict:
    """May `path` (inside `content`) be shown as an image of an explainer?"""
    return _check_file(path, content, IMAGE_SUFFIXES, f"ảnh được phép ({IMAGE_TYPES_SHOWN})")


def check_attachment(path: Path, content: Path) -> Verdict:
    """May `path` (inside `content`) be published as a file an explainer links to?"""
    return _check_file(path, content, ATTACHMENT_SUFFIXES,
                       f"tệp đính kèm được phép ({ATTACHMENT_TYPES_SHOWN})")


def _check_file(path: Path, content: Path, suffixes: dict[str, str], allowed: str) -> Verdict:
    kind = suffixes.get(path.suffix.lower())
    if kind is None:
        return Verdict(f"không phải loại {allowed}")
    if not is_inside(path, content):
        return Verdict(SYMLINK_REFUSED)
    return _checked(str(path), kind, *_stamp(path))


def is_inside(path: Path, content: Path) -> bool:
    """Is `path` a real file under `content`, reached through no symlink at all?"""
    try:
        rel = path.relative_to(content)
    except ValueError:
        return False
    current = content
    for part in rel.parts:
        if part in ("..", ""):
            return False
        current = current / part
        if current.is_symlink():
            return False
    try:
        return path.resolve().is_relative_to(content.resolve()) and path.is_file()
    except OSError:
        return False


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return -1, -1
    return stat.st_mtime_ns, stat.st_size


# Keyed by modification time and size too: `serve` re-checks an edited file.
@lru_cache(maxsize=4096)
def _checked(path: str, kind: str, mtime: int, size: int) -> Verdict:
    file = Path(path)
    try:
        with file.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError as exc:
        return Verdict(f"không đọc được tệp ({exc.strerror})")
    if kind == "svg":
        return _check_svg(file)
    if kind in ("docx", "xlsx", "odt", "ods", "zip"):
        return _check_zip(file, kind) if head.startswith(b"PK\x03\x04") else _mismatch(kind)
    if kind == "text":
        return _check_text(file)
    return OK if _MAGIC[kind](head) else _mismatch(kind)


_MAGIC = {
    "png": lambda h: h.startswith(b"\x89PNG\r\n"),
    "jpeg": lambda h: h.startswith(b"\xff\xd8\xff"),
    "gif": lambda h: h.startswith((b"GIF87a", b"GIF89a")),
    "webp": lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP",
    "avif": lambda h: h[4:8] == b"ftyp" and h[8:12] in (b"avif", b"avis"),
    "pdf": lambda h: h.startswith(b"%PDF-"),
    "ole2": lambda h: h.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
}
_NAMES = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP", "avif": "AVIF",
          "pdf": "PDF", "ole2": "DOC/XLS", "docx": "DOCX", "xlsx": "XLSX", "odt": "ODT",
          "ods": "ODS", "zip": "ZIP", "svg": "SVG", "text": "văn bản UTF-8"}


def _mismatch(kind: str) -> Verdict:
    return Verdict(f"nội dung tệp không phải {_NAMES[kind]} như tên tệp cho biết")


_ZIP_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_OPENDOCUMENT = {"odt": b"application/vnd.oasis.opendocument.text",
                 "ods": b"application/vnd.oasis.opendocument.spreadsheet"}


def _check_zip(file: Path, kind: str) -> Verdict:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if kind in _ZIP_MEMBERS:
                ok = "[Content_Types].xml" in names and _ZIP_MEMBERS[kind] in names
            elif kind in _OPENDOCUMENT:
                ok = "mimetype" in names and \
                    archive.read("mimetype").strip() == _OPENDOCUMENT[kind]
            else:
                ok = True
    except (zipfile.BadZipFile, OSError, KeyError):
        return _mismatch(kind)
    return OK if ok else _mismatch(kind)


def _check_text(file: Path) -> Verdict:
    try:
        data = file.read_bytes()
        data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return _mismatch("text")
    return _mismatch("text") if b"\x00" in data else OK


# ---- SVG ------------------------------------------------------------------------------------

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
# Editors' metadata (Inkscape, Creative Commons): inert, kept.
_METADATA_NS = frozenset({
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.inkscape.org/namespaces/inkscape",
})
_SVG_ELEMENTS = frozenset("""
    svg g defs desc title metadata symbol use switch path rect circle ellipse line polyline
    polygon text tspan textPath image style linearGradient radialGradient stop pattern clipPath
    mask marker filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
    feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight
    feSpecularLighting feSpotLight feTile feTurbulence
""".split())
# `url(#id)` points inside the file; any other url(), @import, a function whose argument is
# a URL (a string will do: image-set("…"), src("…")) or script-ish CSS goes out. Read after
# character references and CSS escapes are decoded (`ur&#108;(`, `@\69mport`).
_CSS_OUTSIDE = re.compile(r"url\(\s*+['\"]?+\s*+(?!#)|@import|expression\s*\(|javascript:|"
                          r"-moz-binding|(?:image-set|image|src|element|cross-fade)\s*\(",
                          re.IGNORECASE)
# CSS Syntax §4.3.7: `\` and 1-6 hex digits (and one white space), `\` and a line break
# (a line continuation in a string), `\` and any other character, or `\` at the end.
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|(\r\n|[\n\r\f])|(.)|$)",
                         re.DOTALL)


def _css_unescaped(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match[1]:
            code = int(match[1], 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF \
                else "\ufffd"
        if match[2]:
            return ""
        return match[3] if match[3] is not None else "\ufffd"
    return _CSS_ESCAPE.sub(one, text)


def _css_outside(css: str) -> re.Match[str] | None:
    return _CSS_OUTSIDE.search(_css_unescaped(css))
_DATA_IMAGE = re.compile(r"^\s*data:image/(png|jpeg|gif|webp);", re.IGNORECASE)


class _SvgRefused(Exception):
    def __init__(self, line: int, what: str) -> None:
        super().__init__(what)
        self.line, self.what = line, what


def _check_svg(file: Path) -> Verdict:
    try:
        data = file.read_bytes()
    except OSError as exc:
        return Verdict(f"không đọc được tệp ({exc.strerror})")
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    stack: list[str] = []
    # A <style>'s text, read whole at its end: expat hands it over in pieces (split at
    # character references and CDATA sections), and `ur` + `l(` is still url(.
    style: list[str] = []
    style_line = 0
    """The line of the <style> tag; its text starts there."""

    def refuse(what: str, line: int | None = None) -> None:
        raise _SvgRefused(parser.CurrentLineNumber if line is None else line, what)

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal style_line
        ns, _, local = name.rpartition(" ")
        if not stack and (ns, local) != (_SVG, "svg"):
            refuse("tệp không phải SVG (phần tử gốc phải là <svg>)")
        if stack and stack[-1] == "style":
            refuse(f"có phần tử <{local}> trong <style>")
        stack.append(local)
        if local == "style":
            style_line = parser.CurrentLineNumber
        if ns in _METADATA_NS:
            return
        if ns != _SVG or local not in _SVG_ELEMENTS:
            refuse(f"có phần tử <{local}>")
        for attr, value in attrs.items():
            attr_ns, _, attr_local = attr.rpartition(" ")
            if attr_local.lower().startswith("on"):
                refuse(f"có thuộc tính {attr_local}=")
            if attr_local == "href" and attr_ns in ("", _XLINK) and \
                    not value.strip().startswith("#") and not _DATA_IMAGE.match(value):
                refuse(f"tham chiếu ra ngoài tệp: href=\"{value}\"")
            if _css_outside(value):
                refuse(f"tham chiếu ra ngoài tệp trong thuộc tính {attr_local}=")
            if attr_local == "style" and "\\" in value:
                refuse("có dấu \\ (ký tự thoát CSS) trong thuộc tính style=")

    def end(_name: str) -> None:
        if stack.pop() == "style" and style:
            css = "".join(style)
            style.clear()
            decoded = _css_unescaped(css)
            if (found := _CSS_OUTSIDE.search(decoded)):
                refuse("có CSS tham chiếu ra ngoài tệp (url(), @import)",
                       style_line + decoded[:found.start()].count("\n"))
            if "\\" in css:
                refuse("có dấu \\ (ký tự thoát CSS) trong <style>",
                       style_line + css[:css.index("\\")].count("\n"))

    def text(data: str) -> None:
        if stack and stack[-1] == "style":
            style.append(data)

    def doctype(*_: object) -> None:
        refuse("có khai báo DOCTYPE hoặc ENTITY")

    def instruction(target: str, _data: str) -> None:
        refuse(f"có chỉ thị <?{target}?>")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _SvgRefused as exc:
        return Verdict(f"SVG {exc.what} (dòng {exc.line} của tệp); "
                       "SVG không được chứa mã, sự kiện on…= hay tham chiếu ra ngoài")
    except expat.ExpatError as exc:
        return Verdict(f"SVG không hợp lệ (dòng {exc.lineno} của tệp)")
    return OK
