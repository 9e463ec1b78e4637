"""Checks one YAML mapping against a small schema, reporting each problem at its line."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from generators.errors import Problems
from generators.library.yamlio import YamlDoc

_TYPE_NAMES = {str: "chuỗi", bool: "true/false", date: "ngày YYYY-MM-DD", list: "danh sách chuỗi",
               dict: "bảng khóa: giá trị"}


@dataclass(frozen=True)
class Key:
    """One key of a mapping: its type, whether it is required, and a length limit.

    `type` is str, bool, date, list (of strings), dict, or object (checked by the caller).
    """

    type: type
    required: bool = False
    max_len: int | None = None


def check_mapping(
    doc: YamlDoc,
    at: tuple[Any, ...],
    value: Any,
    schema: Mapping[str, Key],
    path: str,
    problems: Problems,
    what: str,
) -> dict[str, Any] | None:
    """Validate `value` (found at key path `at` of `doc`); returns clean values or None."""
    line = doc.line(*at)
    if not isinstance(value, dict):
        problems.error(path, line, f"{what} phải là một bảng 'khóa: giá trị'",
                       "xem mẫu trong docs/content-format.md")
        return None
    clean: dict[str, Any] = {}
    ok = True
    for name, key in schema.items():
        raw = value.get(name)
        key_line = doc.line(*at, name)
        if raw is None or (isinstance(raw, str | list) and not raw):
            if key.required:
                where = key_line if name in value else line
                state = "để trống" if name in value else "thiếu"
                problems.error(path, where, f"{what}: {state} khóa bắt buộc '{name}'",
                               f"thêm '{name}: …'")
                ok = False
            continue
        checked = coerce(raw, key.type)
        if checked is None:
            problems.error(path, key_line,
                           f"{what}: '{name}' phải là {_TYPE_NAMES[key.type]}, không phải "
                           f"{_describe(raw, key.type)}", _example(name, key.type))
            ok = False
            continue
        if key.max_len and isinstance(checked, str) and len(checked) > key.max_len:
            problems.error(path, key_line,
                           f"{what}: '{name}' dài {len(checked)} ký tự, tối đa {key.max_len}",
                           "rút gọn cho dễ đọc trên điện thoại")
            ok = False
            continue
        clean[name] = checked
    for name in value:
        if str(name) not in schema:
            close = difflib.get_close_matches(str(name), list(schema), n=1)
            hint = f"có phải ý bạn là '{close[0]}'?" if close else \
                "các khóa dùng được: " + ", ".join(schema)
            problems.warning(path, doc.line(*at, name), f"{what}: khóa lạ '{name}'", hint)
    return clean if ok else None


def coerce(raw: Any, expected: type) -> Any:
    """Return `raw` as `expected`, or None when it is not of that type."""
    if expected is str:
        if isinstance(raw, str):
            return raw.strip()
        if isinstance(raw, date):  # YAML reads an unquoted 2019-11-20 as a date
            return raw.isoformat()
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return str(raw)
        return None
    if expected is bool:
        return raw if isinstance(raw, bool) else None
    if expected is date:
        if isinstance(raw, date):
            return raw
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw.strip())
            except ValueError:
                return None
        return None
    if expected is list:
        if isinstance(raw, str):
            return [raw.strip()]
        if isinstance(raw, list) and all(isinstance(i, str | int | float) and
                                         not isinstance(i, bool) for i in raw):
            return [str(i).strip() for i in raw]
        return None
    if expected is dict:
        return raw if isinstance(raw, dict) else None
    if expected is object:  # structure checked by the caller
        return raw
    return raw if isinstance(raw, expected) else None


def _describe(raw: Any, expected: type) -> str:
    if isinstance(raw, bool):
        return f"giá trị {str(raw).lower()}"
    if isinstance(raw, list):
        # Only a list key can be wrong because of its items; elsewhere the list is the mistake.
        return "một danh sách có mục không phải chuỗi" if expected is list else "một danh sách"
    if isinstance(raw, dict):
        return "một bảng"
    return f"'{raw}'"


def _example(name: str, expected: type) -> str:
    return {
        str: f'viết {name}: "…"',
        bool: f"viết {name}: true hoặc {name}: false",
        date: f"viết {name}: 2025-04-15",
        list: f"viết {name}: [a, b]",
        dict: f"viết {name}: rồi các dòng thụt lề bên dưới",
    }[expected]
