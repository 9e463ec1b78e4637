"""Reading editors' files: UTF-8 with a line for bad bytes, NFC, YAML with lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generators.errors import Problems
from generators.library.assets import is_inside
from generators.library.text import control_chars, nfc, word_breaks, xml_safe
from generators.library.yamlio import YamlDoc, YamlSyntaxError, load_yaml

YAML_HINT = "kiểm tra dấu hai chấm, thụt lề bằng dấu cách, và dấu ngoặc kép"
CONTROL_HINT = ("xóa ký tự này (thường lẫn vào khi dán từ Word hay PDF; trình soạn thảo có thể "
                "không hiện nó)")
BREAK_HINT = ("xuống dòng bằng phím Enter thay cho ký tự này: đến khi sửa, số dòng của các "
              "thông báo sau nó lệch với tệp")
MAX_CHAR_PROBLEMS = 10
"""Lines of one file reported per kind of character (a binary file would have thousands)."""


def read_text(file: Path, rel: str, problems: Problems) -> str | None:
    """The file's text in NFC, or None after reporting why it cannot be read.

    Vertical tabs and form feeds (Word's line and page breaks) become line breaks, with a
    warning at their line; other control characters are errors at their line, and removed
    so the rest is still checked.
    """
    try:
        data = file.read_bytes()
    except OSError as exc:
        problems.error(rel, 0, f"không đọc được tệp: {exc.strerror}")
        problems.unreadable.add(rel)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(rel, line, "tệp không phải UTF-8",
                       "lưu lại tệp với mã hóa UTF-8 (không phải Windows-1258 hay VNI)")
        problems.unreadable.add(rel)
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for line, message in word_breaks(text)[:MAX_CHAR_PROBLEMS]:
        problems.warning(rel, line, message, BREAK_HINT)
    text, refused = xml_safe(text)
    for line, message in refused[:MAX_CHAR_PROBLEMS]:
        problems.error(rel, line, message, CONTROL_HINT)
    return nfc(text)


def parse_yaml(text: str, rel: str, problems: Problems, line_offset: int = 0, *,
               env: bool = False) -> YamlDoc | None:
    """Parse YAML text, reporting syntax errors and duplicate keys at their lines; `env`
    accepts MkDocs' `!ENV` tag."""
    try:
        doc, duplicates = load_yaml(text, line_offset, env=env)
    except YamlSyntaxError as exc:
        problems.error(rel, exc.line, exc.message, exc.hint or YAML_HINT)
        problems.unreadable.add(rel)
        return None
    for line, key in duplicates:
        problems.error(rel, line, f"khóa '{key}' bị lặp lại", "mỗi khóa chỉ được viết một lần")
    for path, chars in _escaped_controls(doc.data, ()):
        names = ", ".join(f"U+{ord(c):04X}" for c in chars)
        problems.error(rel, doc.line(*path), f"ký tự điều khiển {names} không được phép",
                       "bỏ mã thoát như \\x01, \\v hay \\u0001 khỏi giá trị")
    return doc


def _escaped_controls(value: Any, path: tuple[Any, ...],
                      ) -> Iterator[tuple[tuple[Any, ...], list[str]]]:
    """Control characters that YAML escapes put into keys and values (the file itself has
    none: `read_text` saw to that)."""
    if isinstance(value, str):
        if chars := control_chars(value):
            yield path, chars
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _escaped_controls(key, (*path, key))
            yield from _escaped_controls(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _escaped_controls(item, (*path, index))


SYMLINK_OUTSIDE = ("liên kết tượng trưng (symlink) không được phép trong thư viện: chỉ tệp thật "
                   "trong thư mục của thư viện được đọc")


def is_library_file(file: Path, root: Path, rel: str, problems: Problems) -> bool:
    """Is `file` a real file of the library, reached through no symlink? Reports it if not.

    One rule for every editors' folder (content/ has its own scan with the same rule): a
    symlink could bring any file of the build machine into the published site.
    """
    if is_inside(file, root):
        return True
    if not rel.startswith("content/"):  # content/'s scan has reported it already
        problems.error(rel, 0, SYMLINK_OUTSIDE, "thay liên kết bằng chính tệp đó")
    problems.unreadable.add(rel)
    return False


def read_yaml(file: Path, root: Path, problems: Problems) -> YamlDoc | None:
    rel = file.relative_to(root).as_posix()
    if not is_library_file(file, root, rel, problems):
        return None
    text = read_text(file, rel, problems)
    return None if text is None else parse_yaml(text, rel, problems)
