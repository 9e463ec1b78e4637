"""Load and validate the editors' files into one immutable `Library`.

This package is the only parser of the library's Markdown and YAML.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing as mp
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generators.errors import Problem, Problems
from generators.library.answer_texts import with_translations
from generators.library.bulletins import load_bulletins
from generators.library.content import (
    References,
    SourceFile,
    build_explainer,
    build_translation,
    check_explainer_meta,
    check_translation,
    read_source,
    scan_content,
)
from generators.library.contests import load_contests
from generators.library.data import (
    load_audiences,
    load_documents,
    load_fields,
    load_glossary,
    load_languages,
    load_ui_strings,
)
from generators.library.markdown import ABBREVIATION_LINE, LinkContext, parse_tokens
from generators.library.model import VIETNAMESE, Explainer, Library, Translation
from generators.library.pointers import Explainers
from generators.library.qa import QA, QARefs, load_qa
from generators.library.quizzes import QuizRefs, load_quizzes
from generators.library.routing import load_routing
from generators.library.settings import load_audiobooks, load_infographics
from generators.library.situations import SITUATIONS, load_situations
from generators.library.surveys import load_surveys
from generators.library.synonyms import load_synonyms
from generators.progress import Tick
from generators.urls import translation_url
from generators.workers import pool_size, process_pool

__all__ = ["ABBREVIATION_LINE", "Library", "ReadMemo", "load_library", "parse_tokens",
           "read_library"]

# Below this many files, a worker pool costs more than it saves.
PARALLEL_FROM = 200



class ReadMemo:
    """What a long-lived reader (the live preview) keeps between reads of one library: each
    Markdown file's reading and parsing, keyed by the hash of its bytes (never its mtime),
    and for parsing also by everything else a body's parse looks at (other files' URLs,
    the registries, the drafts): an edit re-parses the edited file only, unless it changes
    what other bodies' links resolve to, and then every body is parsed again."""

    def __init__(self) -> None:
        self.sources: dict[tuple[str, str], tuple[SourceFile | None, list[Problem],
                                                  set[str]]] = {}
        self.parsed: dict[tuple[str, str, bool], Parsed] = {}
        self.context: tuple[Any, ...] | None = None
        self.explainers: dict[str, tuple[Explainer, tuple[Translation, ...], Explainer]] = {}
        """slug → (parsed, its translations, the two joined) of the last read."""
        self.misses = 0
        """Bodies parsed by the last read (the rest came from the memo)."""

    def read_source(self, file: Path, root: Path, content: Path,
                    problems: Problems) -> tuple[SourceFile | None, str]:
        """`read_source`, from the memo when the file's bytes are the same; with the key."""
        rel = file.relative_to(root).as_posix()
        try:
            key = "" if file.is_symlink() else hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError:
            key = ""
        if not key:  # a symlink or an unreadable file: read_source says why, every time
            return read_source(file, root, content, problems), ""
        hit = self.sources.get((rel, key))
        if hit is None:
            found = Problems()
            hit = (read_source(file, root, content, found), found.items, found.unreadable)
            self.sources[(rel, key)] = hit
        problems.extend(list(hit[1]))
        problems.unreadable |= hit[2]
        return hit[0], key


def load_library(
    root: Path, build_date: date, progress: Tick | None = None, include_drafts: bool = False,
    jobs: int | None = None,
) -> tuple[Library | None, Problems]:
    """Read everything under `root`; the Library is None when there are errors.

    `include_drafts` publishes drafts too (the editors' preview); `jobs` caps the worker
    processes that parse bodies (default: all cores).
    """
    library, problems = read_library(root, build_date, progress, include_drafts, jobs)
    return (None if problems.errors else library), problems


def read_library(
    root: Path, build_date: date, progress: Tick | None = None, include_drafts: bool = False,
    jobs: int | None = None, memo: ReadMemo | None = None,
) -> tuple[Library | None, Problems]:
    """Like `load_library`, but the Library as far as it could be read even when there are
    errors (what failed is left out of it), so that later checks can still report what
    they find in the rest: all problems in one run. None only without `content/`.

    With `memo`, unchanged Markdown files are not read or parsed again (see ReadMemo)."""
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
    ui = load_ui_strings(data_dir, root, languages, problems)
    # Registries that did not parse: their keys are unknown, so references are not checked
    # (the file's own error says why). Any key written in one counts, valid or not.
    registries = {"fields": "fields.yml", "audiences": "audiences.yml",
                  "documents": "documents.yml"}
    unreadable = frozenset(kind for kind, name in registries.items()
                           if f"content/_data/{name}" in problems.unreadable)
    infographics = load_infographics(
        root, None if "documents" in unreadable else set(document_lines), problems)
    audiobooks = load_audiobooks(root, languages, problems)
    surveys = load_surveys(root, problems)
    synonyms = load_synonyms(root, problems)
    routing = load_routing(data_dir, root, None if "fields" in unreadable else set(fields),
                           problems)
    for key in set(fields) & set(languages):
        problems.error("content/_data/fields.yml", 0,
                       f"khóa lĩnh vực '{key}' trùng với một mã ngôn ngữ",
                       "bản dịch nằm dưới /<mã-ngôn-ngữ>/: đổi tên lĩnh vực")

    markdown_files, other_files = scan_content(content)
    keys: dict[str, str] = {}  # rel → hash of the file's bytes (with a memo)
    if memo is None:
        sources = _read_sources(markdown_files, root, content, problems, jobs)
    else:
        sources = []
        for file in markdown_files:
            source, key = memo.read_source(file, root, content, problems)
            if source is not None:
                sources.append(source)
                keys[source.rel] = key
    originals: dict[str, SourceFile] = {}  # slug → the first explainer with it
    for src in sources:
        if src.lang is None:
            first = originals.setdefault(src.slug, src)
            if first is not src:
                problems.error(src.rel, 1, f"slug '{src.slug}' trùng với {first.rel}",
                               "mỗi bài cần một tên tệp riêng trong cả thư viện")
    # Every spec file names an infographic, valid or not: a broken spec has its own error.
    spec_names = {f.stem for f in (root / "infographics").glob("*.yml")}
    refs = References(set(fields), set(audiences), documents, spec_names, set(languages),
                      document_lines, unreadable)
    metas = {s.rel: m for s in sources if s.lang is None
             and (m := check_explainer_meta(s, refs, problems)) is not None}
    urls: dict[str, str] = {}
    for src in sources:
        original = originals.get(src.slug)
        field = metas.get(original.rel, {}).get("field") if original else None
        if field:
            urls[src.content_rel] = translation_url(src.lang or VIETNAMESE, field, src.slug)

    global _WORK
    _WORK = _Work(sources, metas, urls, frozenset(other_files),
                  frozenset(s.content_rel for s in sources), originals, refs, set(languages),
                  frozenset(refs.drafts))
    explainers: dict[str, Explainer] = {}
    translations: dict[str, list[Translation]] = {}
    try:
        for done, (item, found) in enumerate(_parsed(_WORK, keys, memo, jobs), 1):
            problems.extend(found)
            if isinstance(item, Explainer):
                explainers[item.slug] = item
            elif isinstance(item, Translation):
                translations.setdefault(item.slug, []).append(item)
            if progress:
                progress(done, len(sources))
    finally:
        _WORK = None

    items = tuple(
        _with_versions(e, tuple(sorted(translations.get(e.slug, []), key=lambda t: t.lang)),
                       memo)
        for e in sorted(explainers.values(), key=lambda e: e.path)
    )
    if memo is not None:
        memo.explainers = {e.slug: memo.explainers[e.slug] for e in items}
    for (slug, lang), recording in audiobooks.recordings.items():
        if slug not in explainers or lang not in languages:
            problems.warning(recording.path.relative_to(root).as_posix(), 0,
                             f"không có bài '{slug}' bằng ngôn ngữ '{lang}' cho bản ghi âm này",
                             "tên tệp phải là <slug của bài>.<mã ngôn ngữ>.mp3")
    bulletins = load_bulletins(root, audiobooks, set(originals), set(languages), problems)
    library = Library(
        root=root, build_date=build_date, fields=MappingProxyType(fields),
        audiences=MappingProxyType(audiences), documents=MappingProxyType(documents),
        languages=MappingProxyType(languages), glossary=MappingProxyType(glossary),
        explainers=items, infographics=MappingProxyType(infographics), audiobooks=audiobooks,
        include_drafts=include_drafts, surveys=MappingProxyType(surveys),
        ui=MappingProxyType({k: MappingProxyType(v) for k, v in ui.items()}),
        routing=MappingProxyType(routing), synonyms=synonyms, bulletins=bulletins,
    )
    library = _with_quizzes(library, set(originals), document_lines, unreadable, problems)
    return _with_answers(library, set(originals), document_lines, unreadable, problems), problems


def _with_quizzes(library: Library, slugs: set[str], document_lines: dict[str, int],
                  unreadable: frozenset[str], problems: Problems) -> Library:
    """The library with its question banks, then the contests that draw from them."""
    refs = QuizRefs(library.documents,
                    None if "documents" in unreadable else set(document_lines),
                    None if "fields" in unreadable else set(library.fields), slugs)
    banks = load_quizzes(library.root, refs, problems)
    library = dataclasses.replace(library, quizzes=MappingProxyType(banks.banks))
    contests = load_contests(library.root, library, banks.broken, problems)
    return dataclasses.replace(library, contests=MappingProxyType(contests))


def _with_answers(library: Library, slugs: set[str], document_lines: dict[str, int],
                  unreadable: frozenset[str], problems: Problems) -> Library:
    """The library with its questions and answers and its legal situations."""
    refs = QARefs(library.documents,
                  None if "documents" in unreadable else set(document_lines),
                  None if "fields" in unreadable else set(library.fields),
                  None if "audiences" in unreadable else set(library.audiences),
                  Explainers(slugs, {e.slug: e for e in library.explainers},
                             library.include_drafts))
    languages = set(library.languages)
    qa = with_translations(library.root, QA, load_qa(library.root, refs, problems), languages,
                           problems)
    situations = with_translations(library.root, SITUATIONS,
                                   load_situations(library.root, refs, problems), languages,
                                   problems)
    return dataclasses.replace(library, qa=MappingProxyType(qa),
                               situations=MappingProxyType(situations))


def _with_versions(explainer: Explainer, translations: tuple[Translation, ...],
                   memo: ReadMemo | None) -> Explainer:
    """The explainer with its translations; the very object of the last read when neither
    changed, so that comparing two reads' pages is mostly comparing identities."""
    if memo is None:
        return dataclasses.replace(explainer, translations=translations)
    last = memo.explainers.get(explainer.slug)
    if last is not None and last[0] is explainer and last[1] == translations:
        return last[2]
    made = dataclasses.replace(explainer, translations=translations)
    memo.explainers[explainer.slug] = (explainer, translations, made)
    return made


@dataclass(frozen=True)
class _Work:
    """What body parsing needs; module-level so forked workers inherit it without pickling."""

    sources: list[SourceFile]
    metas: dict[str, dict[str, Any]]
    urls: dict[str, str]
    other_files: frozenset[str]
    markdown_files: frozenset[str]
    originals: dict[str, SourceFile]
    refs: References
    languages: set[str]
    drafts: frozenset[str]
    """`refs.drafts` once (not copied for every file: that grew with the square)."""


_WORK: _Work | None = None
Parsed = tuple[Explainer | Translation | None, list[Problem]]


def _parse_one(index: int) -> Parsed:
    work = _WORK
    assert work is not None
    src = work.sources[index]
    found = Problems()
    ctx = LinkContext(src.content_rel, work.urls.get(src.content_rel, ""), work.urls,
                      work.other_files.__contains__, work.markdown_files,
                      drafts=work.drafts)
    item: Explainer | Translation | None = None
    if src.lang is None:
        if src.rel in work.metas and work.originals.get(src.slug) is src:
            item = build_explainer(src, work.metas[src.rel], ctx, work.refs, found)
    elif check_translation(src, work.originals, work.languages, found):
        item = build_translation(src, ctx, found)
    return item, found.items


def _parse_chunk(indices: list[int]) -> list[Parsed]:
    return [_parse_one(i) for i in indices]


Read = tuple[SourceFile | None, list[Problem], set[str]]


def _read_chunk(files: list[Path], root: Path, content: Path) -> list[Read]:
    read: list[Read] = []
    for file in files:
        found = Problems()
        read.append((read_source(file, root, content, found), found.items, found.unreadable))
    return read


def _read_sources(files: list[Path], root: Path, content: Path, problems: Problems,
                  jobs: int | None) -> list[SourceFile]:
    """Every Markdown file's front matter (`read_source`), on all cores when there are many;
    the problems in file order either way."""
    workers = pool_size(jobs, 8)
    if len(files) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return [s for f in files if (s := read_source(f, root, content, problems))]
    size = max(50, len(files) // (workers * 8))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    sources: list[SourceFile] = []
    with process_pool(workers, mp.get_context("fork")) as pool:
        for read in pool.map(_read_chunk, chunks, repeat(root), repeat(content)):
            for source, found, unreadable in read:
                problems.extend(found)
                problems.unreadable |= unreadable
                if source is not None:
                    sources.append(source)
    return sources


def _parsed(work: _Work, keys: dict[str, str], memo: ReadMemo | None,
            jobs: int | None) -> Iterator[Parsed]:
    """Every source's parse, in order: from `memo` where the file and the context it was
    parsed in are the same, the rest parsed now."""
    count = len(work.sources)
    if memo is None:
        yield from _parse_bodies(list(range(count)), jobs)
        return
    # What a body's parse reads besides its own file (see _parse_one).
    context = (work.urls, work.other_files, work.markdown_files, work.refs, work.languages)
    if context != memo.context:
        memo.parsed.clear()
        memo.context = context
    wanted = [(s.rel, keys[s.rel], work.originals.get(s.slug) is s) for s in work.sources]
    todo = [i for i, key in enumerate(wanted) if key not in memo.parsed]
    memo.misses = len(todo)
    fresh = dict(zip(todo, _parse_bodies(todo, jobs), strict=True))
    for index, parsed in fresh.items():
        memo.parsed[wanted[index]] = parsed
    # Only what this read used stays: the memo never grows past the library.
    kept = set(wanted)
    for key in [k for k in memo.parsed if k not in kept]:
        del memo.parsed[key]
    current = {(s.rel, keys[s.rel]) for s in work.sources}
    for stale in [k for k in memo.sources if k not in current]:
        del memo.sources[stale]
    for index, key in enumerate(wanted):
        yield fresh[index] if index in fresh else memo.parsed[key]


def _parse_bodies(indices: list[int], jobs: int | None) -> Iterator[Parsed]:
    """Parse the bodies of `indices`, on all cores when there are many and fork is
    available."""
    count = len(indices)
    workers = pool_size(jobs, 8)
    if count < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        for index in indices:
            yield _parse_one(index)
        return
    size = max(50, count // (workers * 8))
    chunks = [indices[i:i + size] for i in range(0, count, size)]
    with process_pool(workers, mp.get_context("fork")) as pool:
        for results in pool.map(_parse_chunk, chunks):
            yield from results
