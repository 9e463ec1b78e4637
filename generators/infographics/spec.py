"""A checked infographic spec as plain strings, each remembering where it came from.

`Spec` is the same for every kind: a kind's `read` (see `kinds/`) fills in the parts it
has from the raw YAML data. Every text keeps its key path in the YAML (e.g.
`("items", 2, "text")`), so a text that had to be shortened can be reported at its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from generators.config import DEFAULT_SITE_NAME
from generators.library.model import Document, Infographic, Library

Where = tuple[str | int, ...]
SITE_NAME = DEFAULT_SITE_NAME
"""The name in each picture's footer."""


class Text(NamedTuple):
    """One text of the spec and its key path."""

    value: str
    where: Where


@dataclass(frozen=True)
class Spec:
    """What an infographic shows, whatever its type."""

    name: str
    type: str
    title: Text
    items: tuple[dict[str, Text], ...] = ()
    """steps, timeline, numbers: each item's keys (`title`, `text`, `date`, `value`, `label`)."""
    columns: tuple[tuple[Text, tuple[Text, ...]], ...] = ()
    """compare: (column title, its items)."""
    header: tuple[Text, ...] = ()
    rows: tuple[tuple[Text, ...], ...] = ()
    source: Text | None = None
    """The source line, "Nguồn: …", when the spec names a document."""

    def data(self) -> dict[str, Any]:
        """Everything drawn, as JSON-ready data (part of the cache key)."""
        return {"type": self.type, "title": self.title.value,
                "items": [{k: t.value for k, t in item.items()} for item in self.items],
                "columns": [[c.value, [i.value for i in items]] for c, items in self.columns],
                "header": [h.value for h in self.header],
                "rows": [[c.value for c in row] for row in self.rows],
                "source": self.source.value if self.source else None}


def plain(value: Any) -> str:
    """A YAML scalar as display text: an unquoted date becomes `dd/mm/yyyy`."""
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return " ".join(str(value).split()) if value is not None else ""


def document_name(document: Document) -> str:
    """`Luật Hòa giải ở cơ sở` (the title already names the type) or `Nghị định <title>`."""
    if document.title.casefold().startswith(document.type.casefold()):
        return document.title
    return f"{document.type} {document.title}"


def source_line(library: Library, info: Infographic) -> str | None:
    """"Nguồn: Luật Hòa giải ở cơ sở số 35/2013/QH13 — đang có hiệu lực", or None."""
    if not info.source:
        return None
    document = library.documents.get(info.source)
    if document is None:  # the loader rejects unknown sources; keep the key rather than fail
        return f"Nguồn: {info.source}"
    return f"Nguồn: {document_name(document)} số {document.key} — {document.status.value}"


def head(library: Library, info: Infographic) -> Spec:
    """The part of every spec: name, type, title and the source line; no body yet."""
    source = source_line(library, info)
    return Spec(info.name, info.type, Text(plain(info.title), ("title",)),
                source=Text(source, ("source",)) if source else None)


def describe_where(where: Where) -> str:
    """A key path in words, for warnings: `("items", 1, "text")` → "mục 2, 'text'"."""
    match where:
        case ("title",):
            return "tiêu đề"
        case ("source",):
            return "dòng nguồn (tên văn bản)"
        case ("items", int(i), str(key)):
            return f"mục {i + 1}, '{key}'"
        case ("columns", int(i), "title"):
            return f"tên cột {i + 1}"
        case ("columns", int(i), "items", int(j)):
            return f"cột {i + 1}, mục {j + 1}"
        case ("header", int(j)):
            return f"tên cột {j + 1} của bảng"
        case ("rows", int(i), int(j)):
            return f"hàng {i + 1}, ô {j + 1}"
    return "/".join(str(p) for p in where)
