"""Explainers and translations: front matter, bodies, cross-references."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generators.errors import Problems
from generators.library.assets import is_inside
from generators.library.basis import unreviewed
from generators.library.data import KEY_RE
from generators.library.files import parse_yaml, read_text
from generators.library.markdown import LinkContext, parse_body
from generators.library.model import (
    VIETNAMESE,
    DocumentStatus,
    Explainer,
    Translation,
)
from generators.library.model import (
    Document as LegalDocument,
)
from generators.library.schema import Key, check_mapping
from generators.library.yamlio import YamlDoc

BULLETIN_MAX = 3000
"""Characters of a `bulletin:` text: about four minutes read aloud."""
EXPLAINER_KEYS = {
    "title": Key(str, required=True, max_len=150),
    "description": Key(str, required=True, max_len=300),
    "field": Key(str, required=True),
    "updated": Key(date, required=True),
    "documents": Key(list), "audiences": Key(list), "tags": Key(list),
    "infographics": Key(list),
    "audio": Key(bool), "video": Key(bool), "draft": Key(bool), "reviewed": Key(bool),
    "bulletin": Key(str, max_len=BULLETIN_MAX),
}
TRANSLATION_KEYS = {
    "title": Key(str, required=True, max_len=150),
    "description": Key(str, required=True, max_len=300),
    "source_hash": Key(str), "translators": Key(list), "reviewed": Key(bool),
    "bulletin": Key(str, max_len=BULLETIN_MAX),
}
RESERVED_SLUGS = frozenset({"index"})
_NAME = re.compile(r"^(?P<slug>[^.]+)(?:\.(?P<lang>[^.]+))?\.md$")


@dataclass
class SourceFile:
    """A Markdown file after its front matter is read, before its body is parsed."""

    rel: str
    """Project-relative path, e.g. `content/lao-dong/thu-viec.md`."""
    content_rel: str
    """Path relative to `content/`."""
    slug: str
    lang: str | None
    text: str
    meta: dict[str, Any]
    doc: YamlDoc
    body: str
    body_line: int
    content: Path | None = None
    """The library's `content/` folder (images and attachments are checked there)."""


def source_hash(title: str, description: str, body: str) -> str:
    """What a translation records as the Vietnamese source it was made from: the words a
    translator translates (title, description, body). The rest of the front matter is not
    translated, so marking an explainer reviewed or adding a tag leaves its translations
    up to date."""
    blob = json.dumps([title, description, body], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


SYMLINK_MESSAGE = ("liên kết tượng trưng (symlink) không được phép trong content/: chỉ tệp "
                   "thật nằm trong content/ được đọc và xuất bản")
SYMLINK_HINT = "thay liên kết bằng chính tệp (hoặc thư mục) đó"


def scan_content(content: Path) -> tuple[list[Path], set[str]]:
    """Markdown files and every other file (content-relative), skipping `_*` and `.*`.

    No symlink is followed (one could bring in any file of the machine). Every symlink
    (file or folder, `_data/` too) is listed with the Markdown files, for `read_source` to
    refuse at `path:0`; a symlinked image or attachment is refused where it is used.
    """
    markdown: list[Path] = []
    others: set[str] = set()
    if content.is_symlink():
        return [content], others
    for folder, dirs, files in os.walk(content, followlinks=False):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in [*dirs, *files]:
            path = here / name
            rel_parts = path.relative_to(content).parts
            if path.is_symlink():
                markdown.append(path)
                if name in files and not any(p.startswith(("_", ".")) for p in rel_parts):
                    others.add("/".join(rel_parts))
                continue
            if name in dirs or any(part.startswith(("_", ".")) for part in rel_parts) \
                    or not path.is_file():
                continue
            if path.suffix == ".md":
                markdown.append(path)
            else:
                others.add("/".join(rel_parts))
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
    return sorted(markdown), others


def read_source(file: Path, root: Path, content: Path, problems: Problems) -> SourceFile | None:
    rel = file.relative_to(root).as_posix()
    if file.is_symlink() or not is_inside(file, content):
        problems.error(rel, 0, SYMLINK_MESSAGE, SYMLINK_HINT)
        return None
    match = _NAME.match(file.name)
    if not match:
        problems.error(rel, 0, f"tên tệp '{file.name}' không hợp lệ",
                       "đặt tên <slug>.md hoặc <slug>.<mã-ngôn-ngữ>.md")
        return None
    slug, lang = match["slug"], match["lang"]
    if not KEY_RE.match(slug) or slug in RESERVED_SLUGS:
        problems.error(rel, 1, f"slug '{slug}' không hợp lệ",
                       "chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ thu-viec"
                       + ("; 'index' dành cho trang lĩnh vực" if slug in RESERVED_SLUGS else ""))
        return None
    text = read_text(file, rel, problems)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.error(rel, 1, "thiếu phần đầu trang (front matter)",
                       "tệp phải bắt đầu bằng dòng '---', các khóa title, description…, "
                       "rồi dòng '---'")
        return None
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), None)
    if end is None:
        problems.error(rel, 1, "phần đầu trang không có dòng '---' kết thúc",
                       "thêm dòng '---' sau khóa cuối cùng")
        return None
    doc = parse_yaml("\n".join(lines[1:end]), rel, problems, line_offset=1)
    if doc is None:
        return None
    meta = doc.data if doc.data is not None else {}
    if not isinstance(meta, dict):
        problems.error(rel, 2, "phần đầu trang phải là các dòng 'khóa: giá trị'")
        return None
    return SourceFile(
        rel=rel, content_rel=file.relative_to(content).as_posix(), slug=slug, lang=lang,
        text=text, meta={str(k): v for k, v in meta.items()}, doc=doc,
        body="\n".join(lines[end + 1:]), body_line=end + 2, content=content,
    )


@dataclass(frozen=True)
class References:
    """The keys an explainer may refer to."""

    fields: set[str]
    audiences: set[str]
    documents: dict[str, LegalDocument]
    infographics: set[str]
    languages: set[str]
    document_lines: dict[str, int]
    unreadable: frozenset[str] = frozenset()
    """Registries that did not parse ("fields", "audiences", "documents"): their keys are
    unknown, so references to them are not checked (the file's own error says why)."""
    drafts: set[str] = field(default_factory=set)
    """Content-relative paths of the `draft: true` explainers, filled by
    `check_explainer_meta` (which sees every explainer before any body is parsed)."""
    """Every key written in documents.yml, valid or not (an invalid one has its own error)."""


def check_explainer_meta(src: SourceFile, refs: References,
                         problems: Problems) -> dict[str, Any] | None:
    clean = check_mapping(src.doc, (), src.meta, EXPLAINER_KEYS, src.rel, problems, "front matter")
    if clean is None:
        return None
    ok = True
    if clean.get("draft"):
        refs.drafts.add(src.content_rel)
    field_key = clean["field"]
    if field_key not in refs.fields and "fields" not in refs.unreadable:
        problems.error(src.rel, src.doc.line("field"), f"lĩnh vực '{field_key}' không có trong "
                       "fields.yml", _choices(refs.fields))
        ok = False
    for key, known, what, where in (
        ("audiences", refs.audiences, "đối tượng", "audiences.yml"),
        ("documents", set(refs.document_lines), "văn bản", "documents.yml"),
        ("infographics", refs.infographics, "infographic", "infographics/"),
    ):
        if key in refs.unreadable:
            continue
        for index, value in enumerate(clean.get(key, [])):
            if value not in known:
                hint = _choices(known) if key != "documents" else \
                    f"thêm '{value}' vào content/_data/documents.yml"
                problems.error(src.rel, src.doc.line(key, index),
                               f"{what} '{value}' không có trong {where}", hint)
                ok = False
    return clean if ok else None


def _choices(known: set[str]) -> str:
    if not known:  # e.g. no infographics yet, or fields.yml itself is broken
        return ""
    shown = sorted(known)[:8]
    return "dùng một trong: " + ", ".join(shown) + (", …" if len(known) > 8 else "")


def build_explainer(src: SourceFile, meta: dict[str, Any], ctx: LinkContext,
                    refs: References, problems: Problems) -> Explainer:
    body = parse_body(src.body, src.body_line, src.rel, _with_library(ctx, src, refs), problems)
    documents = tuple(meta.get("documents", []))
    draft = bool(meta.get("draft", False))
    reviewed = bool(meta.get("reviewed", False))
    if not draft:
        for index, key in enumerate(documents):
            document = refs.documents.get(key)
            status = document.status if document else DocumentStatus.IN_FORCE
            if status is not DocumentStatus.IN_FORCE:
                problems.warning(src.rel, src.doc.line("documents", index),
                                 f"trích dẫn văn bản '{key}' đang ở trạng thái '{status.value}'",
                                 "kiểm tra lại nội dung; dẫn văn bản thay thế nếu có")
        if not reviewed:
            unreviewed(problems, src.rel, src.doc.line("reviewed"), "bài")
    if not body.chapters:
        problems.warning(src.rel, src.body_line, "bài không có phần '##' nào",
                         "chia bài thành các phần '## …' (mỗi phần là một chương sách nói)")
    return Explainer(
        slug=src.slug, path=src.rel, title=meta["title"], description=meta["description"],
        field=meta["field"], updated=meta["updated"], documents=documents,
        audiences=tuple(meta.get("audiences", [])), tags=tuple(meta.get("tags", [])),
        infographics=tuple(meta.get("infographics", [])), audio=meta.get("audio", True),
        video=meta.get("video", False), draft=draft, reviewed=reviewed, body=body,
        source_hash=source_hash(meta["title"], meta["description"], src.body),
        bulletin=meta.get("bulletin") or "",
    )


def build_translation(src: SourceFile, ctx: LinkContext, problems: Problems) -> Translation | None:
    meta = check_mapping(src.doc, (), src.meta, TRANSLATION_KEYS, src.rel, problems,
                         "front matter bản dịch")
    if meta is None:
        return None
    body = parse_body(src.body, src.body_line, src.rel, _with_library(ctx, src, None), problems)
    assert src.lang is not None
    return Translation(
        slug=src.slug, lang=src.lang, path=src.rel, title=meta["title"],
        description=meta["description"], source_hash=meta.get("source_hash"),
        translators=tuple(meta.get("translators", [])), reviewed=meta.get("reviewed", False),
        body=body, bulletin=meta.get("bulletin") or "",
    )


def _with_library(ctx: LinkContext, src: SourceFile, refs: References | None) -> LinkContext:
    """`ctx` knowing where the files are and which explainers are drafts."""
    return dataclasses.replace(ctx, content_dir=ctx.content_dir or src.content,
                               drafts=refs.drafts if refs is not None else ctx.drafts)


def check_translation(src: SourceFile, originals: dict[str, SourceFile], languages: set[str],
                      problems: Problems) -> bool:
    """A translation needs a known language and its Vietnamese source beside it."""
    if src.lang not in languages or src.lang == VIETNAMESE:
        problems.error(src.rel, 1, f"ngôn ngữ '{src.lang}' không có trong languages.yml",
                       "thêm mã ngôn ngữ vào content/_data/languages.yml")
        return False
    original = originals.get(src.slug)
    expected = src.rel.rsplit("/", 1)[0] + f"/{src.slug}.md"
    if original is None or original.rel != expected:
        problems.error(src.rel, 1, f"bản dịch không có bài gốc tiếng Việt {expected}",
                       "đặt bản dịch cạnh bài gốc, cùng slug")
        return False
    return True
