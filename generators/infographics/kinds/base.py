"""What every infographic kind provides (`Kind`), and the helpers kinds share: body checks
that report at `path:line`, reading a list of items, and bits of the HTML alternative."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup, escape

from generators.errors import Problems
from generators.infographics.geometry import Box, Format, Setter
from generators.infographics.spec import Spec, Text, plain
from generators.library.schema import Key, check_mapping
from generators.library.yamlio import YamlDoc

Check = Callable[[YamlDoc, str, Problems], None]
"""Report what is wrong with a spec's body: (the parsed spec, its path, the collector)."""
Read = Callable[[Spec, Mapping[str, Any]], Spec]
"""The spec's head (name, type, title, source) completed with its body's texts."""
LayOut = Callable[[Spec, Format, Box, float, Setter], Any]
"""Place the body in its area at base size `s`; raises NoFit (except in the final attempt)."""


@dataclass(frozen=True)
class Kind:
    """One kind of infographic (`type:` in the spec), everything about it in one place."""

    name: str
    keys: tuple[str, ...]
    """The top-level keys of its body (beside `type`, `title`, `source`)."""
    check: Check
    read: Read
    lay_out: LayOut
    alternative: Callable[[Spec], str]
    """The HTML text alternative of the body (escaped), without the source line."""
    summary: Callable[[Spec], str]
    """The SVG's `<desc>`: what the picture shows, in one plain sentence."""
    template: str
    """Its Jinja2 template in `infographics/templates/` (it only draws)."""
    example: Mapping[str, Any]
    """A valid body, e.g. `{"items": [...]}`: for tests and the documentation."""


# ---- checks ---------------------------------------------------------------------------------


def count(doc: YamlDoc, key: str, low: int, high: int, rel: str, problems: Problems) -> bool:
    """Whether `key` is a list of `low` to `high` entries; reports it at its line if not."""
    items = doc.data.get(key)
    if not isinstance(items, list):
        problems.error(rel, doc.line(key), f"thiếu danh sách '{key}'",
                       f"thêm '{key}:' với {low}–{high} mục")
        return False
    if not low <= len(items) <= high:
        problems.error(rel, doc.line(key), f"'{key}' có {len(items)} mục, cần từ {low} đến {high}")
        return False
    return True


def check_items(doc: YamlDoc, schema: Mapping[str, Key], low: int, high: int, rel: str,
                problems: Problems) -> None:
    """`items`: `low` to `high` mappings, each checked against `schema` ("mục 1: …")."""
    if count(doc, "items", low, high, rel, problems):
        for i, item in enumerate(doc.data["items"]):
            check_mapping(doc, ("items", i), item, schema, rel, problems, f"mục {i + 1}")


# ---- reading --------------------------------------------------------------------------------


def read_items(head: Spec, data: Mapping[str, Any]) -> Spec:
    """`items` as texts by key (`title`, `text`, `date`, `value`, `label`); empty ones left out."""
    items = tuple({str(k): Text(plain(v), ("items", i, str(k))) for k, v in item.items()
                   if plain(v)}
                  for i, item in enumerate(data.get("items") or ()))
    return replace(head, items=items)


# ---- the text alternative -------------------------------------------------------------------


def sentence(text: Text) -> Markup:
    """The text with a full stop if it has no closing punctuation (a pause when read)."""
    value = text.value
    return escape(value if value[-1:] in ".!?…:;" else value + ".")


def then(text: Text | None) -> Markup:
    """`: <text>.` after a heading, or nothing."""
    return Markup(": {}").format(sentence(text)) if text is not None else Markup("")


def ordered(items: Iterable[Markup]) -> str:
    return "<ol>\n" + "\n".join(str(i) for i in items) + "\n</ol>"
