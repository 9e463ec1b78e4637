"""Strict readers of every kind of output file, and the checks that no text became markup.

Each `check_*` returns a list of findings (`"<file>: <what went wrong>"`); an empty list
means the file parsed strictly and carries no element, attribute, cue or comment that
editors' text created.
"""

from __future__ import annotations

import gzip
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.etree as LET
import lxml.html

PAYLOAD_MARK = "alert(1)"
"""Every payload that would run calls this; no element or attribute may carry it as code."""
ATTRIBUTE_NAME = re.compile(r"^[a-zA-Z_:][-a-zA-Z0-9_:.]*$")
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json", "importmap"}
OUR_SCRIPT = re.compile(r"^(?![a-z]+:|//)[-a-zA-Z0-9_./]*(assets|pagefind)/[-a-zA-Z0-9_./]+\.js$")
"""Our scripts: relative (or site-absolute, on the 404 page) under assets/ or pagefind/."""
VTT_TIMING = re.compile(
    r"^(\d{2,}:)?\d{2}:\d{2}\.\d{3} --> (\d{2,}:)?\d{2}:\d{2}\.\d{3}( [^\n]*)?$")
VTT_ENTITY = re.compile(r"&(?!(amp|lt|gt|nbsp|lrm|rlm);)")


def xml_parser() -> LET.XMLParser:
    """Strict XML: no recovery, no entity expansion, no network, no DTD loading."""
    return LET.XMLParser(recover=False, resolve_entities=False, no_network=True,
                         load_dtd=False, huge_tree=False)


def local(tag: Any) -> str:
    """The local name of a tag, also when the HTML parser made a name XML cannot have."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


ELEMENT_NAME = re.compile(r"^[a-zA-Z][-a-zA-Z0-9_.]*$")


def injected_element(element: Any) -> str | None:
    """Why an element looks like one that text created (None when it doesn't)."""
    name = local(element.tag).lower()
    text = "".join(element.itertext())
    if not ELEMENT_NAME.match(name):
        return f"phần tử tên lạ <{name[:40]}> (văn bản thành thẻ)"
    if name == "b" and text.strip() == "x":
        return "phần tử <b>x</b> từ văn bản"
    if name == "img" and element.get("src") in ("x", "x/"):
        return "phần tử <img src=x> từ văn bản"
    if name == "script" and PAYLOAD_MARK in text and \
            (element.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
        return "phần tử <script> chạy được từ văn bản"
    for attr, value in element.attrib.items():
        attr_name = local(attr)
        if attr_name.lower().startswith("on"):
            return f"thuộc tính sự kiện {attr_name}={value!r} trên <{name}>"
        if not ATTRIBUTE_NAME.match(attr_name):
            return f"thuộc tính lạ {attr_name!r} trên <{name}> (văn bản thoát khỏi giá trị)"
        if value.strip().lower().startswith(("javascript:", "vbscript:")):
            return f"URL javascript: trong {attr_name} trên <{name}>"
    return None


def check_html(path: Path, rel: str) -> list[str]:
    """An HTML page: no element or attribute from text, scripts only ours, data blocks
    that are JSON and not cut short, no comment opened by text."""
    findings: list[str] = []
    raw = path.read_text("utf-8")
    tree = lxml.html.document_fromstring(raw)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, LET._Comment) and ("ZQ" in (element.text or "")
                                                       or PAYLOAD_MARK in (element.text or "")):
                findings.append(f"{rel}: chú thích HTML mở bởi văn bản: {element.text[:80]!r}")
            continue
        why = injected_element(element)
        if why:
            findings.append(f"{rel}: {why}")
        if element.tag == "script":
            kind = (element.get("type") or "").lower()
            src = element.get("src")
            if kind in DATA_SCRIPT_TYPES:
                try:
                    json.loads(element.text or "")
                except ValueError as error:
                    findings.append(f"{rel}: khối <script type={kind}> không phải JSON: {error}")
            elif src is not None and not OUR_SCRIPT.search(src):
                findings.append(f"{rel}: <script src={src!r}> không phải của trang")
            elif src is None and (element.text or "").strip():
                # The pages' CSP has no 'unsafe-inline': none of ours is inline.
                findings.append(f"{rel}: <script> nội tuyến: {element.text.strip()[:60]!r}")
    return findings


def check_xml(path: Path, rel: str, data: bytes | None = None) -> list[str]:
    """An XML file (feed, OAI-PMH, sitemap, SVG, OPF, NCX, XHTML): parses strictly, and no
    element or attribute came from text."""
    try:
        root = LET.fromstring(data if data is not None else path.read_bytes(), xml_parser())
    except LET.XMLSyntaxError as error:
        return [f"{rel}: XML không hợp lệ: {error}"]
    findings = []
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        findings.append(f"{rel}: DTD khai báo thực thể (entity)")
    for element in root.iter():
        if isinstance(element, LET._Comment):
            if "ZQ" in (element.text or "") or PAYLOAD_MARK in (element.text or ""):
                findings.append(f"{rel}: chú thích XML chứa văn bản")
            continue
        if isinstance(element.tag, str):
            why = injected_element(element)
            if why:
                findings.append(f"{rel}: {why}")
    return findings


def check_json(path: Path, rel: str, data: bytes | None = None) -> list[str]:
    try:
        json.loads(data if data is not None else path.read_bytes())
    except ValueError as error:
        return [f"{rel}: JSON không hợp lệ: {error}"]
    return []


def parse_vtt(text: str) -> list[tuple[str, list[str]]]:
    """A strict WebVTT reader: the signature, then blocks separated by one blank line, each
    an optional identifier, one timing line and one or more text lines. Raises ValueError
    naming the first violation."""
    if "\r" in text:
        raise ValueError("CR trong tệp")
    if not text.startswith("WEBVTT\n") and text != "WEBVTT":
        raise ValueError("thiếu dòng WEBVTT đầu tệp")
    blocks = text.rstrip("\n").split("\n\n")
    header = blocks[0].split("\n")
    if header[0] != "WEBVTT":
        raise ValueError(f"dòng đầu {header[0]!r}")
    cues = []
    for block in blocks[1:]:
        if block.startswith("\n") or not block:
            # Allowed by the format, never written by ours: text that ended a cue early.
            raise ValueError(f"nhiều dòng trống liền nhau trước {block.strip()[:60]!r}")
        lines = block.split("\n")
        if lines[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in lines[0]:
            continue
        if "-->" not in lines[0]:
            if len(lines) < 2:
                raise ValueError(f"khối không phải cue: {block[:80]!r}")
            lines = lines[1:]
        if not VTT_TIMING.match(lines[0]):
            raise ValueError(f"dòng thời gian sai: {lines[0][:80]!r}")
        body = lines[1:]
        if not body:
            raise ValueError(f"cue rỗng sau {lines[0]!r}")
        for line in body:
            if "-->" in line:
                raise ValueError(f"'-->' trong chữ của cue: {line[:80]!r}")
            if not line.strip():
                raise ValueError("dòng trống trong cue")
            if "<" in line:
                raise ValueError(f"thẻ trong chữ của cue (văn bản thành thẻ WebVTT): {line[:80]!r}")
            if VTT_ENTITY.search(line):
                raise ValueError(f"'&' không thoát trong cue: {line[:80]!r}")
        cues.append((lines[0], body))
    return cues


def vtt_text(line: str) -> str:
    return line.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def check_vtt(path: Path, rel: str) -> list[str]:
    try:
        cues = parse_vtt(path.read_text("utf-8"))
    except ValueError as error:
        return [f"{rel}: WebVTT: {error}"]
    text = " ".join(vtt_text(" ".join(body)) for _, body in cues)
    if "WEBVTT" in text and not cues:
        return [f"{rel}: WebVTT không có cue"]
    return []


def epub_members(path: Path) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            yield name, book.read(name)


def check_epub(path: Path, rel: str) -> list[str]:
    """Every XML member (XHTML, OPF, NCX, container) parses strictly; no injected element."""
    findings = []
    for name, data in epub_members(path):
        if name.endswith((".xhtml", ".html", ".opf", ".ncx", ".xml", ".svg")):
            findings += check_xml(path, f"{rel}!{name}", data)
    return findings


SCRIPT_SUFFIXES = (".bat", ".cmd", ".command", ".ps1", ".sh", ".py", ".txt")


def check_zip(path: Path, rel: str) -> list[str]:
    """The offline bundle: its launch scripts and notes carry none of the library's text
    (a site name in a .bat or .ps1 would be code); its pages are the site's, read above."""
    findings = []
    for name, data in epub_members(path):
        if name.lower().endswith(SCRIPT_SUFFIXES):
            text = data.decode("utf-8", errors="replace")
            if "ZQ" in text or "<b>x" in text or "alert(1)" in text:
                findings.append(f"{rel}!{name}: văn bản của thư viện lọt vào tệp lệnh")
    return findings


def pagefind_fragments(site: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Pagefind's fragments (gzip of `pagefind_dcd` + JSON) as data."""
    for file in sorted(site.rglob("*.pf_fragment")):
        raw = gzip.decompress(file.read_bytes())
        if raw.startswith(b"pagefind_dcd"):
            raw = raw[len(b"pagefind_dcd"):]
        yield file.relative_to(site).as_posix(), json.loads(raw)


def check_site(site: Path) -> list[str]:
    """Every output file of `site/` read with its strict reader."""
    findings: list[str] = []
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = file.relative_to(site).as_posix()
        suffix = file.suffix.lower()
        if suffix == ".html":
            findings += check_html(file, rel)
        elif suffix in (".xml", ".svg", ".opf", ".ncx", ".xhtml"):
            findings += check_xml(file, rel)
        elif suffix in (".json", ".webmanifest"):
            findings += check_json(file, rel)
        elif suffix == ".vtt":
            findings += check_vtt(file, rel)
        elif suffix == ".epub":
            findings += check_epub(file, rel)
        elif suffix == ".zip":
            findings += check_zip(file, rel)
        elif suffix == ".pf_fragment":
            pass  # read below, as data
        elif suffix in (".txt", ".js") or file.name == "_headers":
            text = file.read_text("utf-8", errors="replace")
            if "ZQ" in text or "<script>alert" in text:
                findings.append(f"{rel}: văn bản của thư viện lọt vào tệp {suffix or file.name}")
    for rel, fragment in pagefind_fragments(site):
        if not isinstance(fragment.get("content"), str):
            findings.append(f"{rel}: mảnh Pagefind không có nội dung chữ")
    return findings
