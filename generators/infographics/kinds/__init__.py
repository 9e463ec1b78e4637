"""The registry of infographic kinds: `type:` in a spec → its `Kind` (body schema, reading,
layout, text alternative, summary, template). A new kind is one module here, one template in
`infographics/templates/` and one entry in `KINDS`.

The library checks a spec's head (`type`, `title`, `source`) and keeps the spec whole;
`check_infographics` checks its `type` and its body against the kind, at `path:line`.
"""

from __future__ import annotations

from generators.errors import Problem, Problems
from generators.infographics.kinds import compare, numbers, steps, table, timeline
from generators.infographics.kinds.base import Kind
from generators.infographics.spec import Spec, head
from generators.library.model import Infographic, Library
from generators.library.schema import Key, check_mapping
from generators.library.settings import INFOGRAPHIC_HEAD

__all__ = ["KINDS", "Kind", "check_infographics", "read_spec"]

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    steps.KIND, timeline.KIND, compare.KIND, numbers.KIND, table.KIND)}


def read_spec(library: Library, info: Infographic) -> Spec:
    """The spec's texts, in order, with their key paths (a checked spec: see below)."""
    kind = KINDS.get(info.type)
    if kind is None:
        raise ValueError(f"{info.path}: loại infographic '{info.type}' không có")
    return kind.read(head(library, info), info.data)


def check_infographics(library: Library) -> list[Problem]:
    """Every spec's `type` against the registry and its body against its kind's schema.

    Also warns about top-level keys no kind knows (the library, which does not know the
    kinds, leaves them alone); the head's own keys the library has checked already.
    """
    problems = Problems()
    keys = {**INFOGRAPHIC_HEAD, **{key: Key(object) for kind in KINDS.values()
                                   for key in kind.keys}}
    for name in sorted(library.infographics):
        info = library.infographics[name]
        doc = info.doc
        check_mapping(doc, (), doc.data, keys, info.path, problems, "infographic")
        kind = KINDS.get(info.type)
        if kind is None:
            problems.error(info.path, doc.line("type"), f"loại infographic '{info.type}' không có",
                           "dùng một trong: " + ", ".join(KINDS))
            continue
        kind.check(doc, info.path, problems)
    return problems.items
