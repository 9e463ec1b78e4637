"""Load and validate the editors' files into one immutable `Library`.

This package is the only parser of the library's Markdown and YAML.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import MappingProxyType

from generators.errors import Problems
from generators.library.content import (
    References,
    build_explainer,
    build_translation,
    check_translation,
    check_explainer_meta,
    read_source,
    scan_content,
    translation_url,
)
from generators.library.data import (
    load_audiences,
    load_documents,
    load_fields,
    load_glossary,
    load_languages,
)
from generators.library.markdown import LinkContext
from generators.library.model import VIETNAMESE, Explainer, Library, Translation
from generators.library.settings import load_audiobooks, load_infographics

__all__ = ["Library", "load_library"]

Progress = Callable[[int, int], None]


def load_library(
    root: Path, build_date: date, progress: Progress | None = None, include_drafts: bool = False
) -> tuple[Library | None, Problems]:
    """Read everything under `root`; the Library is None when there are errors.

    `include_drafts` publishes drafts too (the editors' preview).
    """
    root = root.resolve()
    problems = Problems()
    content = root / "content"
    if not content.is_dir():
        problems.error("content", 0, "không có thư mục content/",
                       "chạy lệnh trong thư mục gốc của dự án, hoặc dùng --root")
        return None, problems
    data_dir = content / "_data"
    fields = load_fields(data_dir, root, problems)
    audiences = load_audiences(data_dir, root, problems)
    documents, document_lines = load_documents(data_dir, root, build_date, problems)
    languages = load_languages(data_dir, root, problems)
    glossary = load_glossary(data_dir, root, languages, problems)
    infographics = load_infographics(root, set(documents), problems)
    audiobooks = load_audiobooks(root, languages, problems)
    for key in set(fields) & set(languages):
        problems.error("content/_data/fields.yml", 0,
                       f"khóa lĩnh vực '{key}' trùng với một mã ngôn ngữ",
                       "bản dịch nằm dưới /<mã-ngôn-ngữ>/: đổi tên lĩnh vực")

    markdown_files, other_files = scan_content(content)
    sources = [s for f in markdown_files if (s := read_source(f, root, content, problems))]
    originals = {s.slug: s for s in sources if s.lang is None}
    by_path: dict[str, str] = {}
    for src in sources:
        if src.lang is None:
            first = by_path.setdefault(src.slug, src.rel)
            if first != src.rel:
                problems.error(src.rel, 1, f"slug '{src.slug}' trùng với {first}",
                               "mỗi bài cần một tên tệp riêng trong cả thư viện")
    refs = References(set(fields), set(audiences), documents, set(infographics),
                      set(languages), document_lines)
    metas = {s.rel: m for s in sources if s.lang is None
             and (m := check_explainer_meta(s, refs, problems)) is not None}
    urls: dict[str, str] = {}
    for src in sources:
        original = originals.get(src.slug)
        field = metas.get(original.rel, {}).get("field") if original else None
        if field:
            urls[src.content_rel] = translation_url(src.lang or VIETNAMESE, field, src.slug)

    def file_exists(rel: str) -> bool:
        return rel in other_files

    explainers: dict[str, Explainer] = {}
    translations: dict[str, list[Translation]] = {}
    for done, src in enumerate(sources, 1):
        ctx = LinkContext(src.content_rel, urls.get(src.content_rel, ""), urls, file_exists)
        if src.lang is None:
            if src.rel in metas and originals.get(src.slug) is src:
                explainers[src.slug] = build_explainer(src, metas[src.rel], ctx, refs, problems)
        elif check_translation(src, originals, set(languages), problems):
            translation = build_translation(src, ctx, problems)
            if translation is not None:
                translations.setdefault(src.slug, []).append(translation)
        if progress:
            progress(done, len(sources))

    items = tuple(
        dataclasses.replace(e, translations=tuple(sorted(translations.get(e.slug, []),
                                                         key=lambda t: t.lang)))
        for e in sorted(explainers.values(), key=lambda e: e.path)
    )
    if problems.errors:
        return None, problems
    library = Library(
        root=root, build_date=build_date, fields=MappingProxyType(fields),
        audiences=MappingProxyType(audiences), documents=MappingProxyType(documents),
        languages=MappingProxyType(languages), glossary=MappingProxyType(glossary),
        explainers=items, infographics=MappingProxyType(infographics), audiobooks=audiobooks,
        include_drafts=include_drafts,
    )
    return library, problems
