"""`content/_data/*.yml`: fields, audiences, documents, languages, glossary, and the
library's own interface strings in `content/_data/ui/<lang>.yml`."""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from generators.errors import Problems
from generators.library.files import read_yaml
from generators.library.model import (
    Audience,
    DocumentStatus,
    Field,
    GlossaryTerm,
    Language,
)
from generators.library.model import (
    Document as LegalDocument,
)
from generators.library.schema import Key, check_mapping, coerce
from generators.library.text import ascii_slug
from generators.library.yamlio import YamlDoc

KEY_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Top-level URL folders the site uses itself; a field key must not take one.
RESERVED_FOLDERS = frozenset({"van-ban", "doi-tuong", "tim-kiem", "assets", "media", "pagefind",
                              "search", "linh-vuc", "ngoai-tuyen", "tai-ve", "sach-noi",
                              "infographic", "video", "the-chia-se", "thuat-ngu", "ngon-ngu",
                              "bien-tap", "thong-ke", "ban-tin"})

_ENTRY = {"title": Key(str, required=True, max_len=150), "description": Key(str, max_len=300)}
_DOCUMENT = {
    "type": Key(str, required=True), "title": Key(str, required=True),
    "issuer": Key(str, required=True), "issued": Key(date, required=True),
    "effective": Key(date), "expires": Key(date), "replaced_by": Key(str), "url": Key(str),
}
_LANGUAGE = {"name": Key(str, required=True), "name_vi": Key(str, required=True), "dir": Key(str)}
_TERM = {"definition": Key(str, required=True), "translations": Key(dict)}

BUILT_IN_UI = Path(__file__).parent / "ui"
"""The interface strings that ship with the tool: `vi.yml` (every key) and `en.yml`."""


def keyed_yaml_files(root: Path, folder: Path, problems: Problems, what: str, hint: str, *,
                     reserved: Mapping[str, str] | None = None,
                     skip: Callable[[Path], bool] | None = None
                     ) -> Iterator[tuple[str, str, YamlDoc]]:
    """(key, path, document) of each `folder/*.yml` that reads and whose name is a key;
    an unreadable file or a badly named one is reported (`tên <what> '…' không hợp lệ`).
    `reserved` names → why they cannot be used; files `skip` says are not looked at (a
    translation beside its source)."""
    if not folder.is_dir():
        return
    for file in sorted(folder.glob("*.yml")):
        if skip is not None and skip(file):
            continue
        rel = file.relative_to(root).as_posix()
        doc = read_yaml(file, root, problems)
        if doc is None:
            continue
        if not KEY_RE.match(file.stem):
            problems.error(rel, 1, f"tên {what} '{file.stem}' không hợp lệ", hint)
            continue
        if reserved and file.stem in reserved:
            problems.error(rel, 1, f"tên {what} '{file.stem}' không dùng được",
                           f"{hint} ({reserved[file.stem]})")
            continue
        yield file.stem, rel, doc


def _mapping(doc: YamlDoc | None, rel: str, problems: Problems, what: str) -> dict[str, Any]:
    if doc is None or doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.error(rel, doc.first_line, f"{rel} phải là một bảng '{what}: …'")
        return {}
    return {str(k): v for k, v in doc.data.items()}


def load_entries(
    data_dir: Path, root: Path, name: str, problems: Problems, kind: str,
    reserved: frozenset[str] = frozenset(),
) -> dict[str, Field]:
    """fields.yml / audiences.yml: key → {title, description}."""
    file = data_dir / name
    rel = file.relative_to(root).as_posix()
    if not file.is_file():
        problems.error(rel, 0, f"thiếu tệp {name}", f"tạo {rel} với ít nhất một {kind}")
        problems.unreadable.add(rel)  # its keys are unknown: references are not checked
        return {}
    doc = read_yaml(file, root, problems)
    out: dict[str, Field] = {}
    for key, value in _mapping(doc, rel, problems, "khóa").items():
        assert doc is not None
        line = doc.line(key)
        if not KEY_RE.match(key):
            problems.error(rel, line, f"khóa {kind} '{key}' không hợp lệ",
                           "chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ lao-dong")
            continue
        if key in reserved:
            problems.error(rel, line, f"khóa {kind} '{key}' trùng với thư mục của trang web",
                           "đổi tên khác; không dùng: " + ", ".join(sorted(reserved)))
            continue
        clean = check_mapping(doc, (key,), value, _ENTRY, rel, problems, f"{kind} '{key}'")
        if clean is not None:
            out[key] = Field(key, clean["title"], clean.get("description", ""))
    return out


def load_fields(data_dir: Path, root: Path, problems: Problems) -> dict[str, Field]:
    return load_entries(data_dir, root, "fields.yml", problems, "lĩnh vực", RESERVED_FOLDERS)


def load_audiences(data_dir: Path, root: Path, problems: Problems) -> dict[str, Audience]:
    entries = load_entries(data_dir, root, "audiences.yml", problems, "đối tượng")
    return {k: Audience(v.key, v.title, v.description) for k, v in entries.items()}


def document_status(effective: date, expires: date | None, today: date) -> DocumentStatus:
    if today < effective:
        return DocumentStatus.NOT_YET
    if expires is not None and today >= expires:
        return DocumentStatus.EXPIRED
    return DocumentStatus.IN_FORCE


def load_documents(
    data_dir: Path, root: Path, today: date, problems: Problems
) -> tuple[dict[str, LegalDocument], dict[str, int]]:
    """documents.yml → documents by number, and the line of each (for later messages)."""
    file = data_dir / "documents.yml"
    rel = file.relative_to(root).as_posix()
    if not file.is_file():
        return {}, {}
    doc = read_yaml(file, root, problems)
    out: dict[str, LegalDocument] = {}
    lines: dict[str, int] = {}
    replaced: list[tuple[str, str, int]] = []
    slugs: dict[str, str] = {}
    for key, value in _mapping(doc, rel, problems, "số hiệu").items():
        assert doc is not None
        lines[key] = doc.line(key)
        _check_slug(key, slugs, rel, lines[key], problems)
        clean = check_mapping(doc, (key,), value, _DOCUMENT, rel, problems, f"văn bản '{key}'")
        if clean is None:
            continue
        effective = clean.get("effective", clean["issued"])
        expires = clean.get("expires")
        if effective < clean["issued"]:
            problems.error(rel, doc.line(key, "effective"),
                           f"văn bản '{key}': ngày có hiệu lực trước ngày ban hành")
            continue
        if expires is not None and expires <= effective:
            problems.error(rel, doc.line(key, "expires"),
                           f"văn bản '{key}': ngày hết hiệu lực không sau ngày có hiệu lực")
            continue
        url = clean.get("url")
        if url and not url.startswith(("https://", "http://")):
            problems.error(rel, doc.line(key, "url"),
                           f"văn bản '{key}': url phải bắt đầu bằng https://")
            continue
        if clean.get("replaced_by"):
            replaced.append((key, clean["replaced_by"], doc.line(key, "replaced_by")))
        out[key] = LegalDocument(
            key=key, type=clean["type"], title=clean["title"], issuer=clean["issuer"],
            issued=clean["issued"], effective=effective, expires=expires,
            replaced_by=clean.get("replaced_by"), url=url,
            status=document_status(effective, expires, today),
        )
    for key, target, line in replaced:
        if target not in lines:
            problems.error(rel, line, f"văn bản '{key}': replaced_by '{target}' không có "
                           "trong documents.yml", "thêm văn bản thay thế vào documents.yml")
    return out, lines


def _check_slug(key: str, slugs: dict[str, str], rel: str, line: int,
                problems: Problems) -> None:
    """Two numbers whose page address (`van-ban/<slug>/`) is the same would share one page."""
    slug = ascii_slug(key)
    if not slug:
        problems.error(rel, line, f"số hiệu '{key}' không có chữ hay số nào để làm địa chỉ trang",
                       "viết số hiệu như trên văn bản, ví dụ 45/2019/QH14")
    elif slug in slugs:
        problems.error(rel, line, f"văn bản '{key}' trùng địa chỉ trang van-ban/{slug}/ với "
                       f"văn bản '{slugs[slug]}'",
                       "mỗi văn bản chỉ viết một lần; số hiệu chỉ khác nhau ở dấu, chữ hoa hay "
                       "dấu / - là cùng một văn bản")
    else:
        slugs[slug] = key


def load_languages(data_dir: Path, root: Path, problems: Problems) -> dict[str, Language]:
    file = data_dir / "languages.yml"
    rel = file.relative_to(root).as_posix()
    out = {"vi": Language("vi", "Tiếng Việt", "Tiếng Việt")}
    if not file.is_file():
        return out
    doc = read_yaml(file, root, problems)
    for key, value in _mapping(doc, rel, problems, "mã ngôn ngữ").items():
        assert doc is not None
        if not LANG_RE.match(key):
            problems.error(rel, doc.line(key), f"mã ngôn ngữ '{key}' không hợp lệ",
                           "dùng mã BCP 47 viết thường, 2 hoặc 3 chữ cái, ví dụ km, hmn")
            continue
        clean = check_mapping(doc, (key,), value, _LANGUAGE, rel, problems, f"ngôn ngữ '{key}'")
        if clean is None:
            continue
        direction = clean.get("dir", "ltr")
        if direction not in ("ltr", "rtl"):
            problems.error(rel, doc.line(key, "dir"), f"ngôn ngữ '{key}': dir phải là ltr hoặc rtl")
            continue
        out[key] = Language(key, clean["name"], clean["name_vi"], direction)
    return out


def load_glossary(
    data_dir: Path, root: Path, languages: dict[str, Language], problems: Problems
) -> dict[str, GlossaryTerm]:
    file = data_dir / "glossary.yml"
    rel = file.relative_to(root).as_posix()
    if not file.is_file():
        return {}
    doc = read_yaml(file, root, problems)
    out: dict[str, GlossaryTerm] = {}
    for term, value in _mapping(doc, rel, problems, "thuật ngữ").items():
        assert doc is not None
        clean = check_mapping(doc, (term,), value, _TERM, rel, problems, f"thuật ngữ '{term}'")
        if clean is None:
            continue
        translations: dict[str, str] = {}
        for lang, text in (clean.get("translations") or {}).items():
            line = doc.line(term, "translations", lang)
            if str(lang) not in languages:
                problems.error(rel, line, f"thuật ngữ '{term}': ngôn ngữ '{lang}' không có trong "
                               "languages.yml", "thêm ngôn ngữ vào content/_data/languages.yml")
            elif coerce(text, str) is None:
                problems.error(rel, line, f"thuật ngữ '{term}': bản dịch '{lang}' phải là chuỗi")
            else:
                translations[str(lang)] = coerce(text, str)
        out[term] = GlossaryTerm(term, clean["definition"], MappingProxyType(translations))
    return out


@cache
def _built_in(lang: str) -> MappingProxyType[str, str]:
    file = BUILT_IN_UI / f"{lang}.yml"
    data = yaml.safe_load(file.read_text("utf-8")) if file.is_file() else None
    return MappingProxyType({str(k): str(v) for k, v in (data or {}).items()})


def built_in_ui(lang: str) -> dict[str, str]:
    """The tool's own interface strings for `lang` (empty for a language it has none for).

    The Vietnamese set has every key: it is the fallback, and it defines which keys a library
    may translate and which `{placeholders}` each must keep.
    """
    return dict(_built_in(lang))


def placeholders(text: str) -> set[str] | None:
    """The `{names}` in a string, or None when its braces do not pair up."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def load_ui_strings(
    data_dir: Path, root: Path, languages: dict[str, Language], problems: Problems
) -> dict[str, dict[str, str]]:
    """`content/_data/ui/<lang>.yml` → language → key → string, checked against the
    built-in Vietnamese strings (same keys, same placeholders)."""
    folder = data_dir / "ui"
    if not folder.is_dir():
        return {}
    known = built_in_ui("vi")
    expected = {key: placeholders(text) or set() for key, text in known.items()}
    out: dict[str, dict[str, str]] = {}
    for file in sorted(folder.glob("*.yml")):
        rel = file.relative_to(root).as_posix()
        lang = file.stem
        if lang not in languages:
            problems.error(rel, 1, f"ngôn ngữ '{lang}' không có trong languages.yml",
                           "đặt tên tệp theo mã ngôn ngữ (ví dụ en.yml), hoặc thêm ngôn ngữ "
                           "vào content/_data/languages.yml")
            continue
        doc = read_yaml(file, root, problems)
        strings: dict[str, str] = {}
        for key, value in _mapping(doc, rel, problems, "khóa").items():
            assert doc is not None
            line = doc.line(key)
            if key not in known:
                close = difflib.get_close_matches(key, list(known), n=3)
                hint = ("có phải ý bạn là " + " hoặc ".join(f"'{c}'" for c in close) + "?"
                        if close else "các khóa dùng được nằm trong generators/library/ui/vi.yml")
                problems.warning(rel, line, f"khóa giao diện lạ '{key}' (không được dùng)", hint)
                continue
            text = coerce(value, str)
            if not text:
                if text is None and value is not None:
                    problems.error(rel, line, f"khóa '{key}' phải là chuỗi, không phải "
                                   f"{_kind(value)}", f'viết {key}: "…" trên một dòng')
                else:
                    problems.error(rel, line, f"khóa '{key}' để trống",
                                   "viết bản dịch, hoặc xóa dòng này để dùng bản tiếng Việt")
                continue
            found = placeholders(text)
            if found is None:
                problems.error(rel, line, f"khóa '{key}': dấu ngoặc nhọn {{ }} không khớp",
                               "chỉ dùng ngoặc nhọn cho chỗ trống như {count}")
                continue
            wanted = expected[key]
            missing, unknown = sorted(wanted - found), sorted(found - wanted)
            if missing or unknown:
                parts = ([f"thiếu chỗ trống {_braced(missing)}"] if missing else []) + \
                    ([f"có chỗ trống lạ {_braced(unknown)}"] if unknown else [])
                problems.error(rel, line, f"khóa '{key}': " + ", ".join(parts),
                               f"giữ nguyên {_braced(sorted(wanted))}, không dịch: chương trình "
                               "điền giá trị vào đó" if wanted
                               else "chuỗi này không có chỗ trống nào: bỏ phần {…}")
                continue
            strings[key] = text
        if strings:
            out[lang] = strings
    return out


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"giá trị {str(value).lower()}"
    return "một bảng" if isinstance(value, dict) else "một danh sách"


def _braced(names: list[str]) -> str:
    return ", ".join("{" + name + "}" for name in names)
