"""`explainer: <slug>` or `<slug>#<section anchor>`, as Q&A items and situations write it,
checked against the explainers read (their headings' anchors)."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from generators.errors import Problems
from generators.library.model import Explainer
from generators.library.yamlio import YamlDoc


@dataclass(frozen=True)
class Explainers:
    """What a pointer may name: every explainer slug written (valid or not), and the
    explainers that were read (a broken one's anchors are unknown, so not checked)."""

    slugs: Collection[str]
    read: Mapping[str, Explainer]
    include_drafts: bool = False

    def anchors(self, slug: str) -> tuple[str, ...] | None:
        explainer = self.read.get(slug)
        if explainer is None:
            return None
        return tuple(dict.fromkeys([*(s.anchor for s in explainer.body.sections if s.title),
                                    *(h.anchor for h in explainer.body.headings)]))


def check_pointer(rel: str, doc: YamlDoc, at: tuple[Any, ...], raw: Any, what: str,
                  known: Explainers, problems: Problems
                  ) -> tuple[str | None, str | None] | None:
    """(slug, anchor) of `explainer:` at `at` (each None when not written); None after an
    error at its line. A draft is a warning: the link is not shown until it is published."""
    where = (*at, "explainer")
    line = doc.line(*where)
    if raw is None:
        return None, None
    if not isinstance(raw, str) or not raw.strip():
        problems.error(rel, line, f"{what}: 'explainer' phải là tên một bài, ví dụ "
                       "'thoi-gian-thu-viec' hoặc 'thoi-gian-thu-viec#muc'")
        return None
    slug, _, anchor = raw.strip().partition("#")
    if slug not in known.slugs:
        close = difflib.get_close_matches(slug, list(known.slugs), n=1)
        problems.error(rel, line, f"{what}: không có bài giải thích '{slug}'",
                       f"có phải ý bạn là '{close[0]}'?" if close else
                       "viết tên tệp .md của bài, không có đuôi .md")
        return None
    explainer = known.read.get(slug)
    if explainer is not None and explainer.draft and not known.include_drafts:
        problems.warning(rel, line, f"{what}: bài '{slug}' là bài nháp (draft: true)",
                         "bài nháp không được xuất bản: chưa có liên kết tới nó")
    if not anchor:
        return slug, None
    anchors = known.anchors(slug)
    if anchors is not None and anchor not in anchors:
        close = difflib.get_close_matches(anchor, list(anchors), n=1)
        problems.error(rel, line, f"{what}: bài '{slug}' không có mục '#{anchor}'",
                       f"có phải ý bạn là '#{close[0]}'?" if close else
                       "các mục của bài: " + ", ".join(f"#{a}" for a in anchors[:8]))
        return None
    return slug, anchor
