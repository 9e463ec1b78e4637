"""mkdocs.yml read as data and checked, so that `check` finds what would stop the build and
nothing in it can run code (MkDocs' own loader runs `!!python/…` tags, `hooks` and `INHERIT`)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generators.errors import Problems
from generators.library.files import is_library_file, parse_yaml, read_text
from generators.library.html_policy import unsafe_link_scheme
from generators.library.yamlio import YamlDoc

# Keys the bookshelf reads or hands to MkDocs, with the type each must have.
_USED: dict[str, type] = {
    "site_name": str, "site_description": str, "site_author": str, "site_url": str,
    "copyright": str, "repo_url": str, "repo_name": str, "edit_uri": str,
    "theme": dict, "extra": dict, "extra_css": list, "extra_javascript": list,
    "plugins": list, "markdown_extensions": list, "collector_url": str,
}
# Keys the build sets itself: what mkdocs.yml says is not used.
_SET_BY_BUILD = frozenset({"docs_dir", "site_dir", "nav", "use_directory_urls", "strict",
                           "validation"})
# MkDocs keys the bookshelf does not support; why, where it is not just "unused".
_UNSUPPORTED = {
    "hooks": "'hooks' chạy mã Python khi dựng trang",
    "INHERIT": "'INHERIT' đọc thêm một tệp cấu hình khác",
    **{key: f"'{key}' không dùng được với tủ sách" for key in (
        "dev_addr", "watch", "remote_branch", "remote_name", "google_analytics",
        "exclude_docs", "draft_docs", "not_in_nav", "extra_templates", "edit_uri_template",
        "mdx_configs", "pages")},
}
# The build has its own search (Pagefind); these MkDocs plugins are accepted and left out.
SUPPORTED_PLUGINS = ("search", "material/search")
THEME = "material"
# Material's theme settings; `language`, `font` and `custom_dir` are set by the build.
_THEME_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str, "palette": (dict, list), "features": list, "icon": dict, "logo": str,
    "favicon": str, "direction": str, "locale": str, "language": str, "font": (bool, dict),
    "custom_dir": str, "static_templates": list,
}
_THEME_SET_BY_BUILD = frozenset({"language", "font", "custom_dir"})
_PALETTE_KEYS = ("scheme", "primary", "accent", "media", "toggle")
# Markdown extensions MkDocs may load by name; pages are rendered by the bookshelf, so
# these change nothing, but an unknown name stops MkDocs.
_MARKDOWN = frozenset({"abbr", "admonition", "attr_list", "codehilite", "def_list",
                       "extra", "fenced_code", "footnotes", "legacy_attrs", "legacy_em",
                       "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
                       "wikilinks"})
_MARKDOWN_PREFIXES = ("markdown.extensions.", "pymdownx.", "material.extensions.")
_TYPE_NAMES = {str: "chuỗi", dict: "bảng 'khóa: giá trị'", list: "danh sách", bool: "true/false"}


def read_mkdocs_settings(config_file: Path, root: Path, problems: Problems,
                         ) -> dict[str, Any] | None:
    """mkdocs.yml as plain data, checked; None after reporting why it cannot be used."""
    rel = config_file.relative_to(root).as_posix() if config_file.is_relative_to(root) \
        else config_file.name
    if not config_file.is_file():
        problems.error(rel, 0, "không tìm thấy tệp cấu hình",
                       "chép mkdocs.yml từ kho mẫu, hoặc chạy lệnh trong thư mục dự án")
        return None
    if config_file.is_relative_to(root) and not is_library_file(config_file, root, rel, problems):
        return None
    text = read_text(config_file, rel, problems)
    if text is None:
        return None
    doc = parse_yaml(text, rel, problems, env=True)
    if doc is None:
        return None
    data = {} if doc.data is None else doc.data
    if not isinstance(data, dict):
        problems.error(rel, doc.first_line, "mkdocs.yml phải là bảng 'khóa: giá trị'")
        return None
    before = len(problems.errors)
    settings = _check(doc, {str(k): v for k, v in data.items()}, rel, problems)
    return settings if len(problems.errors) == before else None


def _check(doc: YamlDoc, data: dict[str, Any], rel: str, problems: Problems) -> dict[str, Any]:
    for key, value in data.items():
        line = doc.line(key)
        if key in _UNSUPPORTED:
            problems.error(rel, line, f"{_UNSUPPORTED[key]}, không được phép",
                           f"xóa '{key}'")
        elif key in _SET_BY_BUILD:
            problems.warning(rel, line, f"'{key}' do chương trình tự đặt, giá trị "
                             "này không được dùng", f"xóa '{key}'")
        elif key not in _USED:
            close = difflib.get_close_matches(key, [*_USED, *_SET_BY_BUILD], n=1)
            problems.warning(rel, line, f"khóa lạ '{key}' (không được dùng)",
                             f"có phải ý bạn là '{close[0]}'?" if close
                             else "các khóa dùng được: " + ", ".join(_USED))
        elif value is not None and not isinstance(value, _USED[key]):
            if key == "theme" and isinstance(value, str):
                data[key] = {"name": value}  # MkDocs allows `theme: material`
            else:
                problems.error(rel, line, f"'{key}' phải là {_TYPE_NAMES[_USED[key]]}",
                               _example(key))
    if not str(data.get("site_name") or "").strip():
        problems.error(rel, doc.line("site_name"), "thiếu 'site_name'",
                       "viết site_name: Tủ sách pháp luật số")
    for key in ("site_url", "repo_url", "collector_url"):
        _check_url(doc, data.get(key), key, rel, problems)
    if isinstance(data.get("theme"), dict):
        _check_theme(doc, data["theme"], rel, problems)
    for key in ("extra_css", "extra_javascript"):
        items = data.get(key)
        _check_strings(doc, items, key, rel, problems)
        for index, item in enumerate(items if isinstance(items, list) else []):
            _check_local(doc, item, (key, index), rel, problems)
    if isinstance(data.get("extra"), dict):
        _check_links(doc, data["extra"], ("extra",), rel, problems)
    if isinstance(data.get("plugins"), list):
        _check_plugins(doc, data["plugins"], rel, problems)
    if isinstance(data.get("markdown_extensions"), list):
        _check_markdown(doc, data["markdown_extensions"], rel, problems)
    return {k: v for k, v in data.items() if k in _USED}


def _example(key: str) -> str:
    examples = {"theme": "viết theme: rồi các dòng thụt lề như name: material",
                "extra": "viết extra: rồi các dòng thụt lề 'khóa: giá trị'",
                "plugins": "viết plugins: rồi mỗi plugin một dòng '- search'",
                "markdown_extensions": "viết markdown_extensions: rồi mỗi phần mở rộng một "
                                       "dòng '- admonition'",
                "extra_css": "viết extra_css: rồi mỗi tệp một dòng '- css/rieng.css'",
                "extra_javascript": "viết extra_javascript: rồi mỗi tệp một dòng "
                                    "'- js/rieng.js'"}
    return examples.get(key, f'viết {key}: "…"')


def _check_url(doc: YamlDoc, value: Any, key: str, rel: str, problems: Problems) -> None:
    if not isinstance(value, str) or not value:
        return
    if not is_site_url(value):
        problems.error(rel, doc.line(key), f"'{key}' phải là địa chỉ đầy đủ bắt "
                       f"đầu bằng https://, không phải '{value}'",
                       f"ví dụ {key}: https://phapluat.example.gov.vn/tu-sach/")


def is_site_url(value: str) -> bool:
    """An absolute http(s) address with a host (also for `--site-url`)."""
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and \
        not any(c.isspace() for c in value)


def _check_theme(doc: YamlDoc, theme: dict[str, Any], rel: str, problems: Problems) -> None:
    for key, value in theme.items():
        line = doc.line("theme", key)
        if key not in _THEME_KEYS:
            close = difflib.get_close_matches(str(key), list(_THEME_KEYS), n=1)
            problems.warning(rel, line, f"khóa lạ '{key}' trong 'theme' (không "
                             "được dùng)", f"có phải ý bạn là '{close[0]}'?" if close else
                             "các khóa dùng được: " + ", ".join(_THEME_KEYS))
        elif key in _THEME_SET_BY_BUILD:
            problems.warning(rel, line, f"'theme.{key}' do chương trình tự đặt, giá trị này "
                             "không được dùng", f"xóa '{key}'")
        elif value is not None and not isinstance(value, _THEME_KEYS[key]):
            kind = _THEME_KEYS[key]
            kinds = kind if isinstance(kind, tuple) else (kind,)
            names = " hoặc ".join(_TYPE_NAMES[k] for k in kinds)
            problems.error(rel, line, f"'theme.{key}' phải là {names}")
        elif key in ("logo", "favicon"):
            _check_local(doc, value, ("theme", key), rel, problems)
        elif key == "icon" and isinstance(value, dict):  # a dict or None, by _THEME_KEYS
            for name, icon in value.items():
                if not isinstance(icon, str) or not _ICON.match(icon):
                    problems.error(rel, doc.line("theme", "icon", name),
                                   f"'theme.icon.{name}' phải là tên một biểu tượng của "
                                   "Material", "ví dụ logo: material/scale-balance")
    name = theme.get("name")
    if isinstance(name, str) and name != THEME:
        problems.warning(rel, doc.line("theme", "name"), f"giao diện '{name}' không "
                         f"được dùng, tủ sách luôn dùng '{THEME}'", f"viết name: {THEME}")
    _check_strings(doc, theme.get("features"), "features", rel, problems, ("theme",))
    palette = theme.get("palette")
    schemes = [palette] if isinstance(palette, dict) else palette \
        if isinstance(palette, list) else []
    for index, scheme in enumerate(schemes):
        path = ("theme", "palette") if isinstance(palette, dict) else ("theme", "palette", index)
        if not isinstance(scheme, dict):
            problems.error(rel, doc.line(*path), "mỗi mục của 'theme.palette' phải "
                           "là bảng 'khóa: giá trị'", "ví dụ: - scheme: default")
            continue
        for key, value in scheme.items():
            if key not in _PALETTE_KEYS:
                problems.warning(rel, doc.line(*path, key), f"khóa lạ '{key}' trong "
                                 "'theme.palette' (không được dùng)",
                                 "các khóa dùng được: " + ", ".join(_PALETTE_KEYS))
            elif not isinstance(value, wanted := dict if key == "toggle" else str):
                problems.error(rel, doc.line(*path, key), f"'theme.palette.{key}' "
                               f"phải là {_TYPE_NAMES[wanted]}")


_ICON = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)*$")


def _check_links(doc: YamlDoc, value: Any, path: tuple[Any, ...], rel: str,
                 problems: Problems) -> None:
    """Every text under `extra` may land in an `href` on every page (`homepage`, `social`,
    `alternate`): no `javascript:` or other scheme that is not a web, mail or phone link."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_links(doc, item, (*path, key), rel, problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_links(doc, item, (*path, index), rel, problems)
    elif isinstance(value, str):
        scheme = unsafe_link_scheme(value)
        if scheme:
            name = ".".join(str(p) for p in path if not isinstance(p, int))
            problems.error(rel, doc.line(*path), f"'{name}' dùng giao thức '{scheme}:' "
                           "không được phép", "chỉ dùng địa chỉ https://, mailto: hoặc tel:")


def _check_local(doc: YamlDoc, value: Any, path: tuple[Any, ...], rel: str,
                 problems: Problems) -> None:
    """The site loads nothing from another origin (its CSP would block it anyway)."""
    if isinstance(value, str) and (urlsplit(value).scheme or value.startswith("//")):
        name = ".".join(str(p) for p in path if not isinstance(p, int))
        problems.error(rel, doc.line(*path), f"'{name}' phải là tệp của trang, không tải từ "
                       f"nơi khác ('{value}')", "xóa dòng này: tủ sách không tải gì từ trang "
                       "web khác (không CDN, không theo dõi)")


def _check_strings(doc: YamlDoc, value: Any, key: str, rel: str, problems: Problems,
                   parent: tuple[str, ...] = ()) -> None:
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        if not isinstance(item, str):
            problems.error(rel, doc.line(*parent, key, index),
                           f"mục {index + 1} của '{'.'.join((*parent, key))}' phải "
                           "là chuỗi")


def _entry_name(item: Any) -> tuple[str | None, Any]:
    """`- name` or `- name: {options}` → (name, options); (None, …) for anything else."""
    if isinstance(item, str):
        return item, None
    if isinstance(item, dict) and len(item) == 1:
        name, options = next(iter(item.items()))
        return (str(name), options) if isinstance(name, str) else (None, None)
    return None, None


def _check_plugins(doc: YamlDoc, plugins: list[Any], rel: str, problems: Problems) -> None:
    for index, item in enumerate(plugins):
        name, options = _entry_name(item)
        line = doc.line("plugins", index)
        if name is None:
            problems.error(rel, line, f"mục {index + 1} của 'plugins' phải là tên "
                           "plugin", "viết - search")
        elif name not in SUPPORTED_PLUGINS:
            problems.error(rel, line, f"plugin '{name}' không được hỗ trợ",
                           "xóa dòng này; tủ sách tự có tìm kiếm, sách nói, thẻ chia sẻ và đọc "
                           "ngoại tuyến (dùng được: " + ", ".join(SUPPORTED_PLUGINS) + ")")
        elif options is not None and not isinstance(options, dict):
            problems.error(rel, line, f"tùy chọn của plugin '{name}' phải là bảng "
                           "'khóa: giá trị'")


def _check_markdown(doc: YamlDoc, extensions: list[Any], rel: str, problems: Problems) -> None:
    for index, item in enumerate(extensions):
        name, options = _entry_name(item)
        line = doc.line("markdown_extensions", index)
        if name is None:
            problems.error(rel, line, f"mục {index + 1} của 'markdown_extensions' "
                           "phải là tên phần mở rộng", "viết - admonition")
        elif name not in _MARKDOWN and not (name.startswith(_MARKDOWN_PREFIXES)
                                            and _importable(name)):
            problems.error(rel, line, f"phần mở rộng Markdown '{name}' không có",
                           "xóa dòng này: trang do tủ sách tự dựng từ Markdown của bài")
        elif options is not None and not isinstance(options, dict):
            problems.error(rel, line, f"tùy chọn của '{name}' phải là bảng "
                           "'khóa: giá trị'")


def _importable(name: str) -> bool:
    from importlib.util import find_spec

    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):
        return False
