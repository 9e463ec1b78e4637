"""YAML loading that remembers the line of every key, for `path:line:` messages."""

from __future__ import annotations

import os
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


class _EnvLoader(_Loader):
    """Also MkDocs' `!ENV` (an environment variable's value, or a default): data, no code."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # As MkDocs reads it: `!ENV NAME`, or `!ENV [NAME, OTHER, default]`.
    default: Any = None
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
        if len(children) > 1:
            default = loader.construct_object(children.pop())
        names = [loader.construct_scalar(child) for child in children]
    elif isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    else:
        raise yaml.constructor.ConstructorError(
            None, None, "!ENV cần tên biến môi trường, ví dụ !ENV [TEN_BIEN, giá trị mặc định]",
            node.start_mark)
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


_EnvLoader.add_constructor("!ENV", _env)


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

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


MAX_DEPTH = 50
"""Deepest nesting of lists and mappings an editor's file may have."""
MAX_CHARS = 10_000_000
"""Largest YAML text read (a documents.yml of 10,000 documents is about 2 MB)."""


def load_yaml(text: str, line_offset: int = 0, *, env: bool = False,
              ) -> tuple[YamlDoc, list[tuple[int, str]]]:
    """Parse `text`; returns the document and duplicate-key complaints (line, key).

    `line_offset` is added to every line (front matter starts below the `---`); `env`
    accepts MkDocs' `!ENV` tag (mkdocs.yml), the one tag that is not refused.
    Raises YamlSyntaxError with the offending line, in Vietnamese.
    """
    if len(text) > MAX_CHARS:
        raise YamlSyntaxError(line_offset + 1, f"YAML quá lớn (hơn {MAX_CHARS // 1_000_000} "
                              "triệu ký tự)", "chia dữ liệu thành nhiều tệp nhỏ hơn")
    try:
        _refuse_aliases_and_depth(text, line_offset)
        loader = (_EnvLoader if env else _Loader)(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return YamlDoc(None, {}, line_offset + 1), []
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        line = _line(exc, text)
        start = exc.context_mark.line + 1 if exc.context_mark else max(1, line - 20)
        unclosed = _unclosed_quote(text.split("\n"), start, line)
        if unclosed is not None:
            raise YamlSyntaxError(unclosed + line_offset,
                                  "YAML không hợp lệ: dấu ngoặc kép chưa được đóng") from None
        raise YamlSyntaxError(line + line_offset, describe(exc, text),
                              _NO_TAGS if _TAG.search(exc.problem or "") else "") from None
    except yaml.reader.ReaderError as exc:
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        line = text[: max(0, text.find(char))].count("\n") + 1
        raise YamlSyntaxError(line + line_offset,
                              f"ký tự điều khiển U+{ord(char[:1] or ' '):04X} không được phép"
                              ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(line_offset + 1, "YAML không hợp lệ: " + _first_line(exc)) from None
    lines: dict[Path_, int] = {}
    duplicates: list[tuple[int, str]] = []
    _walk(node, (), lines, duplicates, line_offset)
    return YamlDoc(data, lines, node.start_mark.line + 1 + line_offset), duplicates


_NO_TAGS = "tệp chỉ chứa dữ liệu: bỏ thẻ bắt đầu bằng '!'; nếu là chữ, đặt trong dấu ngoặc kép"
_NO_ANCHORS = ("viết lại nội dung ở từng chỗ cần dùng; nếu '&' hay '*' là chữ, đặt giá trị "
               "trong dấu ngoặc kép")


def _refuse_aliases_and_depth(text: str, line_offset: int) -> None:
    """Read the events before building anything: an alias bomb ("billion laughs") is refused
    at its first anchor, before it can expand, and deep nesting before it can recurse."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 + line_offset
            if isinstance(event, yaml.AliasEvent):
                raise YamlSyntaxError(line, f"YAML không hợp lệ: không dùng bí danh "
                                      f"'*{event.anchor}'", _NO_ANCHORS)
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                raise YamlSyntaxError(line, f"YAML không hợp lệ: không dùng neo "
                                      f"'&{event.anchor}'", _NO_ANCHORS)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlSyntaxError(line, f"YAML lồng quá sâu (hơn {MAX_DEPTH} tầng danh "
                                          "sách và bảng)", "viết dữ liệu phẳng hơn")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _line(exc: yaml.MarkedYAMLError, text: str) -> int:
    """1-based line of the problem; where the text ended before a bracket or quote was
    closed, the line where it opened."""
    problem, context = exc.problem_mark, exc.context_mark
    last = text.rstrip().count("\n") + 1  # the last line with text
    if problem is None:
        return min(context.line + 1, last) if context else 1
    if problem.index >= len(text.rstrip()):
        return min(context.line + 1 if context else last, last)
    return problem.line + 1


# `key: "value`, `- "value` or `"value`. A key may hold spaces and dashes, so it is its own
# alternative: a leading `\s*` before it would try every split of the spaces (quadratic).
_QUOTED = re.compile(r"""^(?:[^'"#:]++:\s++|\s*+(?:-\s++)?+)(?P<quote>["'])(?P<rest>.*)$""")


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


_PROBLEMS: tuple[tuple[str, str], ...] = (
    # (English problem of libyaml or PyYAML, as a regex; Vietnamese)
    (r"tab character|character '\\t'",
     "có dấu tab (YAML chỉ thụt lề bằng dấu cách)"),
    (r"mapping values are not allowed",
     "dấu hai chấm không đúng chỗ (thụt lề sai, hoặc giá trị có ': ' cần đặt trong dấu "
     "ngoặc kép)"),
    (r"could not find expected ':'", "thiếu dấu hai chấm sau khóa"),
    (r"expected ',' or '\]'", "danh sách [ … ] thiếu dấu phẩy hoặc dấu ']' đóng"),
    (r"expected ',' or '\}'", "bảng { … } thiếu dấu phẩy hoặc dấu '}' đóng"),
    (r"cannot start any token", "ký tự {char} không được mở đầu một giá trị (đặt giá trị "
     "trong dấu ngoặc kép)"),
    (r"unexpected end of stream", "tệp hết khi dấu ngoặc chưa được đóng"),
    (r"did not find expected key|expected <block end>",
     "thụt lề không khớp với các dòng trên"),
    (r"expected node content|expected the node content", "thiếu giá trị, hoặc ký tự lạ ở đầu "
     "giá trị"),
    (r"block sequence entries are not allowed", "mục danh sách '- ' không đúng chỗ (kiểm tra "
     "thụt lề)"),
    (r"unknown escape character", "dấu \\ trong dấu ngoặc kép không hợp lệ (viết \\\\, "
     "hoặc dùng dấu ngoặc đơn)"),
    (r"found another document", "chỉ được có một khối YAML (bỏ dòng '---' thừa)"),
    (r"unhashable key", "khóa phải là chữ hoặc số, không phải danh sách hay bảng"),
    (r"unknown directive", "dòng bắt đầu bằng '%' không hợp lệ"),
    (r"expected alphabetic or numeric character",
     "sau '&', '*' hoặc '!' phải là tên (đặt giá trị trong dấu ngoặc kép)"),
    (r"found undefined alias", "không dùng bí danh '*…' (đặt giá trị trong dấu ngoặc kép)"),
)
_TAG = re.compile(r"constructor for the tag '(?P<tag>[^']*)'")


def describe(exc: yaml.MarkedYAMLError, text: str) -> str:
    """A Vietnamese one-line message for a PyYAML/libyaml error (the English problem when
    it is not one we know)."""
    problem = exc.problem or exc.context or ""
    tag = _TAG.search(problem)
    if tag:
        name = tag["tag"].replace("tag:yaml.org,2002:", "!!")
        return f"YAML không hợp lệ: không dùng thẻ '{name}'"
    char = _char_at(exc, text)
    if char == "'\t'":
        problem = "tab character"
    for pattern, vietnamese in _PROBLEMS:
        if re.search(pattern, problem):
            return "YAML không hợp lệ: " + vietnamese.replace("{char}", char)
    return "YAML không hợp lệ: " + " ".join(problem.split()) if problem else "YAML không hợp lệ"


def _char_at(exc: yaml.MarkedYAMLError, text: str) -> str:
    mark = exc.problem_mark
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return "này"
    return f"'{lines[mark.line][mark.column]}'"


def _first_line(exc: yaml.YAMLError) -> str:
    return (str(exc).strip().split("\n") or [""])[0]


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
