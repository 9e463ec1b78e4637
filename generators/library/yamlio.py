"""YAML loading that remembers the line of every key, for `path:line:` messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[Any, ...]
# libyaml's parser when PyYAML was built with it (the wheels are): ~10x faster, same marks.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loading, except that a date-like value that is no date stays a string."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    # `updated: 2026-13-01` matches YAML's timestamp pattern; PyYAML would raise a bare
    # ValueError (a traceback). Keep the text, so the schema reports it at its line.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


@dataclass(frozen=True)
class YamlDoc:
    """Plain Python data plus the 1-based line of each key path, e.g. ("items", 2, "title")."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    first_line: int = 1

    def line(self, *path: Any) -> int:
        """Line of `path`, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


class YamlSyntaxError(Exception):
    """YAML that does not parse; `line` is 1-based in the YAML text given."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str, line_offset: int = 0) -> tuple[YamlDoc, list[tuple[int, str]]]:
    """Parse `text`; returns the document and duplicate-key complaints (line, key).

    `line_offset` is added to every line (front matter starts below the `---`).
    Raises YamlSyntaxError with the offending line.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {}, line_offset + 1), []
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        start = exc.context_mark.line + 1 if exc.context_mark else max(1, line - 20)
        unclosed = _unclosed_quote(text.split("\n"), start, line)
        if unclosed is not None:
            raise YamlSyntaxError(unclosed + line_offset,
                                  "YAML không hợp lệ: dấu ngoặc kép chưa được đóng") from None
        raise YamlSyntaxError(line + line_offset, _describe(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(line_offset + 1, str(exc)) from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    duplicates: list[tuple[int, str]] = []
    _walk(node, (), lines, duplicates, line_offset)
    return YamlDoc(data, lines, node.start_mark.line + 1 + line_offset), duplicates


_QUOTED = re.compile(r"""^\s*(?:-\s+)?(?:[^'"#:]+:\s+)?(?P<quote>["'])(?P<rest>.*)$""")


def _unclosed_quote(lines: list[str], first: int, last: int) -> int | None:
    """1-based line (between `first` and `last`) of a value whose opening quote never closes.

    The parser notices an unclosed quote lines later, where the next key looks wrong; the
    editor needs the line where the quote opened.
    """
    for number in range(first, min(last, len(lines)) + 1):
        match = _QUOTED.match(lines[number - 1])
        if not match:
            continue
        rest = match["rest"]
        if match["quote"] == '"':
            closed = re.search(r'(?<!\\)"', rest)
        else:
            closed = re.search("'", rest.replace("''", ""))
        if not closed:
            return number
    return None


def _describe(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "YAML không hợp lệ: " + ", ".join(parts) if parts else "YAML không hợp lệ"


def _walk(
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    duplicates: list[tuple[int, str]],
    offset: int,
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key: Any = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                duplicates.append((line, str(key)))
            seen.add(key)
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, duplicates, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1 + offset
            _walk(item, (*path, index), lines, duplicates, offset)
