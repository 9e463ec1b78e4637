"""Minimal edits of a Markdown file's YAML front matter: one key's lines, nothing else.

Editors' files are theirs: comments, quoting, key order and line ends stay as written.
"""

from __future__ import annotations

import json
import re

_TOP_KEY = re.compile(r"^(?P<key>[^\s#:'\"][^:]*|\"[^\"]*\"|'[^']*')\s*:(?:\s|$)")
# Characters YAML does not allow as they are inside a double-quoted scalar.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff"
                            "\u2028\u2029]")
_PLAIN_HASH = re.compile(r"^[0-9a-f]*[a-f][0-9a-f]*$")


def yaml_string(value: str) -> str:
    """`value` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def yaml_hash(value: str) -> str:
    """A hex digest as YAML: plain unless it would read as a number."""
    return value if _PLAIN_HASH.match(value) else yaml_string(value)


def split_lines(text: str) -> list[str]:
    """Lines with their line ends kept (`\\n`, `\\r\\n`)."""
    return text.splitlines(keepends=True) if text else []


def front_matter_end(lines: list[str]) -> int | None:
    """Index of the line that closes the front matter, or None if there is none."""
    if not lines or lines[0].strip() != "---":
        return None
    return next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")),
                None)


def _is_item(line: str) -> bool:
    """A block sequence item, which YAML allows at its key's own indentation."""
    return line.rstrip("\r\n") == "-" or line.startswith(("- ", "-\t"))


def _key_of(line: str) -> str | None:
    if _is_item(line):
        return None
    match = _TOP_KEY.match(line)
    return match["key"].strip().strip("\"'") if match else None


def key_span(lines: list[str], end: int, key: str) -> tuple[int, int] | None:
    """Lines [first, stop) of top-level `key` in the front matter (its value's continuation
    lines included, comments and blank lines after it not)."""
    first = next((i for i in range(1, end) if _key_of(lines[i]) == key), None)
    if first is None:
        return None
    stop = first + 1
    while stop < end and (not lines[stop].strip() or lines[stop][0] in " \t#"
                          or _is_item(lines[stop])):
        stop += 1
    while stop - 1 > first and (not lines[stop - 1].strip()
                                or lines[stop - 1].lstrip().startswith("#")):
        stop -= 1
    return first, stop


def set_key(text: str, key: str, value: str, after: str) -> str:
    """`text` with top-level `key: value` (YAML already written) in its front matter: the
    key's lines replaced if it is there, else a new line after key `after` (or before the
    closing `---`). Every other byte stays."""
    lines = split_lines(text)
    end = front_matter_end(lines)
    if end is None:
        raise ValueError("no front matter")
    span = key_span(lines, end, key)
    if span is not None:
        first, stop = span
        ending = _ending(lines[stop - 1])
        lines[first:stop] = [f"{key}: {value}{ending}"]
        return "".join(lines)
    anchor = key_span(lines, end, after)
    at = anchor[1] if anchor else end
    ending = _ending(lines[at - 1])
    if not ending:  # the line before has no line end only if it is the last one: give it one
        lines[at - 1] += "\n"
        ending = "\n"
    lines.insert(at, f"{key}: {value}{ending}")
    return "".join(lines)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]
