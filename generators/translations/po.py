"""The translator's workflow: an explainer out to PO/POT, a translated PO back to Markdown.

One PO entry per segment of the Vietnamese source (`segments.py`): the title, the
description, then each heading, paragraph, list item, table cell, admonition title, image
alt text and abbreviation of the body, in reading order. `msgctxt` is the segment's
positional id, the occurrence its line in the source, the extracted comment (`#.`) what
kind of text it is and the glossary terms it uses. Poedit, Weblate and Pootle read it.

Import rebuilds `<slug>.<lang>.md` from the current Vietnamese source with each segment's
text replaced by its translation, so the Markdown structure is the source's own; an entry
is found by its msgctxt and msgid, or by its msgid alone when the source moved it. Empty
translations keep the Vietnamese text. Exporting a translation and importing the PO
unchanged writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polib

from generators.atomic import replacing
from generators.errors import ContentError, Problem, Problems
from generators.library.content import TRANSLATION_KEYS, SourceFile, read_source
from generators.library.files import CONTROL_HINT
from generators.library.model import VIETNAMESE, Explainer, GlossaryTerm, Library, Translation
from generators.library.text import nfc, xml_safe
from generators.translations.answers_po import (
    export_answer_po,
    import_answer_po,
    is_answer_slug,
)
from generators.translations.frontmatter import set_key, yaml_hash, yaml_string
from generators.translations.po_file import (
    HASH_HEADER,
    PATH_HEADER,
    SLUG_HEADER,
    ImportResult,
    msgstr_line,
)
from generators.translations.segments import (
    ABBREVIATION,
    ADMONITION_TITLE,
    CELL,
    HEADING,
    IMAGE_ALT,
    Segment,
    Segmented,
    normalise,
    rebuild,
    segment_body,
    structure_problem,
)
from generators.translations.status import (
    TranslationState,
    UsageError,
    check_language,
    find_translation,
    state_of,
)

TITLE, DESCRIPTION = "title", "description"
_LIMITS = {TITLE: TRANSLATION_KEYS["title"].max_len or 150,
           DESCRIPTION: TRANSLATION_KEYS["description"].max_len or 300}
_HINTS = {
    TITLE: f"Tiêu đề bài: một dòng, tối đa {_LIMITS[TITLE]} ký tự.",
    DESCRIPTION: f"Mô tả ngắn của bài: một dòng, tối đa {_LIMITS[DESCRIPTION]} ký tự.",
    HEADING: "Tiêu đề mục.",
    CELL: "Ô bảng: một dòng; viết \\| nếu cần dấu gạch đứng.",
    ADMONITION_TITLE: "Tiêu đề khung ghi chú: một dòng.",
    IMAGE_ALT: "Mô tả ảnh cho người không xem được ảnh: một dòng.",
    ABBREVIATION: "Nghĩa đầy đủ của chữ viết tắt {abbr}: một dòng.",
}
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")


@dataclass(frozen=True)
class _Unit:
    """One PO entry's worth: the front matter's title or description, or a body segment."""

    id: str
    text: str
    line: int
    """1-based line in the source file."""
    segment: Segment | None = None

    @property
    def kind(self) -> str:
        return self.segment.kind if self.segment else self.id


@dataclass(frozen=True)
class _Source:
    explainer: Explainer
    file: SourceFile
    segmented: Segmented
    units: tuple[_Unit, ...]


def default_po_name(slug: str, lang: str | None) -> str:
    """`thu-viec.hmn.po`, or `thu-viec.pot` for the template."""
    return f"{slug}.{lang}.po" if lang else f"{slug}.pot"


# --- export ---------------------------------------------------------------------------------


def export_po(library: Library, slug: str, lang: str | None) -> polib.POFile:
    """The PO file of explainer `slug` for `lang` (None: the POT template, msgstr empty).

    With a language whose translation exists, each msgstr is filled from it where its
    structure matches the source's (same segment id); when the translation is stale those
    entries are marked fuzzy, for the translator to check. Output is deterministic.
    Raises UsageError for an unknown slug or language, ContentError when the source
    cannot be cut into segments.
    """
    if is_answer_slug(slug):
        return export_answer_po(library, slug, lang)
    if lang is None:
        try:
            explainer, translation = library.explainer(slug), None
        except KeyError:
            raise UsageError(f"không có bài '{slug}' trong thư viện") from None
    else:
        explainer, translation = find_translation(library, slug, lang)
    source = _read_source(library.root, explainer)
    prefill: dict[str, str] = {}
    fuzzy = False
    if translation is not None:
        prefill = _translated_texts(library.root, translation)
        fuzzy = state_of(explainer, translation) is TranslationState.STALE

    po = polib.POFile(wrapwidth=78)
    po.header = _header_comment(library, explainer, lang, fuzzy and bool(prefill))
    revision = f"{explainer.updated.isoformat()} 00:00+0000"
    po.metadata = {
        "Project-Id-Version": f"tu-sach-phap-luat-so {slug}",
        "POT-Creation-Date": revision,
        "PO-Revision-Date": revision,
        "Language": lang or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        SLUG_HEADER: slug,
        PATH_HEADER: explainer.path,
        HASH_HEADER: explainer.source_hash,
    }
    terms = _glossary_patterns(library.glossary)
    for unit in source.units:
        msgstr = prefill.get(unit.id, "")
        if msgstr == unit.text:  # left in Vietnamese: still to translate
            msgstr = ""
        po.append(polib.POEntry(
            msgctxt=unit.id, msgid=unit.text, msgstr=msgstr,
            occurrences=[(explainer.path, str(unit.line))],
            comment=_comment(unit, terms, lang),
            flags=["fuzzy"] if fuzzy and msgstr else [],
        ))
    return po


def _header_comment(library: Library, explainer: Explainer, lang: str | None,
                    fuzzy: bool) -> str:
    if lang:
        language = library.languages[lang]
        target = f"Bản dịch {language.name_vi} ({language.name}, mã {lang})"
    else:
        target = "Mẫu dịch (POT): chép thành <slug>.<mã-ngôn-ngữ>.po rồi dịch"
    lines = [
        f"Tủ sách pháp luật số — \"{explainer.title}\" ({explainer.path}).",
        f"{target}.",
        "Mỗi mục là một tiêu đề, đoạn văn, mục danh sách hoặc ô bảng của bài gốc tiếng Việt.",
        "Chỉ dịch chữ; giữ nguyên Markdown: **đậm**, *nghiêng*, `mã`, [chữ](địa chỉ), [^1].",
        "Mục để trống giữ nguyên tiếng Việt. Nhập lại: python build.py translate import "
        "<tệp>.po",
    ]
    if fuzzy:
        lines.append("Bài gốc đã sửa sau bản dịch này: các mục điền sẵn được đánh dấu fuzzy; "
                     "đối chiếu với bài gốc rồi bỏ đánh dấu.")
    return "\n".join(lines)


def _glossary_patterns(glossary: Mapping[str, GlossaryTerm]
                       ) -> list[tuple[GlossaryTerm, re.Pattern[str]]]:
    return [(term, re.compile(r"(?<!\w)" + re.escape(nfc(term.term)) + r"(?!\w)",
                              re.IGNORECASE))
            for term in glossary.values() if term.term.strip()]


def _comment(unit: _Unit, terms: list[tuple[GlossaryTerm, re.Pattern[str]]],
             lang: str | None) -> str:
    lines: list[str] = []
    hint = _HINTS.get(unit.kind)
    if hint:
        lines.append(hint.format(abbr=unit.id.split(".", 1)[-1]))
    for term, pattern in terms:
        if pattern.search(unit.text):
            lines.append(f"Thuật ngữ \"{term.term}\": {term.definition}")
            if lang and term.translations.get(lang):
                lines.append(f"Thuật ngữ \"{term.term}\" ({lang}): {term.translations[lang]}")
    return "\n".join(lines)


# --- reading sources ------------------------------------------------------------------------


def _read_file(root: Path, rel: str) -> SourceFile:
    problems = Problems()
    src = read_source(root / rel, root, root / "content", problems)
    if src is None:
        raise ContentError(problems.errors or [Problem(rel, 0, "không đọc được tệp")])
    return src


def _read_source(root: Path, explainer: Explainer) -> _Source:
    src = _read_file(root, explainer.path)
    segmented = segment_body(src.body)
    if segmented.problems:
        raise ContentError([
            Problem(explainer.path, src.body_line + line, message,
                    "viết lại đoạn này bằng dấu cách thay cho tab, mỗi khối Markdown một dòng "
                    "bắt đầu rõ ràng")
            for line, message in segmented.problems])
    units = [
        _Unit(TITLE, nfc(str(src.meta.get("title", ""))), src.doc.line("title")),
        _Unit(DESCRIPTION, nfc(str(src.meta.get("description", ""))),
              src.doc.line("description")),
        *(_Unit(s.id, s.text, src.body_line + s.line, s) for s in segmented.segments),
    ]
    return _Source(explainer, src, segmented, tuple(units))


def _translated_texts(root: Path, translation: Translation) -> dict[str, str]:
    """Texts of an existing translation by segment id (its title and description too)."""
    try:
        src = _read_file(root, translation.path)
    except ContentError:
        return {}
    segmented = segment_body(src.body)
    texts = {s.id: s.text for s in segmented.segments}
    texts[TITLE] = translation.title
    texts[DESCRIPTION] = translation.description
    return texts


# --- import ---------------------------------------------------------------------------------


def import_po(root: Path, library: Library, po_path: Path) -> ImportResult:
    """Write `<slug>.<lang>.md` beside the Vietnamese source from a translated PO.

    The language comes from the PO's `Language` header (else the file name
    `<slug>.<lang>.po`), the explainer from `X-Slug` (else the file name). The front matter
    keeps an existing translation's other keys byte for byte; `source_hash` becomes the
    PO's `X-Source-Hash` (the source the translator worked from) unless entries are still
    fuzzy. Raises ContentError (problems at the PO's lines) when the PO cannot be used.
    """
    root = root.resolve()
    shown = _shown(root, po_path)
    try:
        raw = po_path.read_bytes()
    except OSError as exc:
        raise UsageError(f"không đọc được tệp {shown}: {exc.strerror}") from None
    text = _decode(raw, shown)
    lines = text.split("\n")
    try:
        po = polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError) as exc:
        match = _SYNTAX_LINE.search(str(exc))
        raise ContentError([Problem(shown, int(match.group(1)) if match else 0,
                                    "tệp PO không hợp lệ (lỗi cú pháp)",
                                    "mở và lưu lại bằng Poedit, hoặc xuất lại PO")]) from None

    answers = (po.metadata.get(SLUG_HEADER) or "").strip()
    if is_answer_slug(answers):
        lang = (po.metadata.get("Language") or "").strip()
        check_language(library, lang)
        return import_answer_po(root, library, po, lines, shown, answers, lang)
    slug, lang = _identify(po, po_path, shown, lines, library)
    explainer, translation = find_translation(library, slug, lang)
    source = _read_source(root, explainer)
    target = (root / explainer.path).with_name(f"{slug}.{lang}.md")

    entries = [e for e in po if not e.obsolete and e.msgid]
    exact = {(e.msgctxt or "", e.msgid): e for e in reversed(entries)}
    by_text: dict[str, list[polib.POEntry]] = {}
    for candidate in entries:
        by_text.setdefault(candidate.msgid, []).append(candidate)
    used: set[int] = set()
    problems = Problems()
    texts: dict[str, str] = {}
    places: dict[str, int] = {}  # segment id → line of its msgstr in the PO
    translated = untranslated = fuzzy = 0
    for unit in source.units:
        entry = exact.get((unit.id, unit.text))
        if entry is None or id(entry) in used:
            entry = next((e for e in by_text.get(unit.text, []) if id(e) not in used), None)
        if entry is None or not entry.msgstr.strip():
            untranslated += 1
            texts[unit.id] = unit.text
            if entry is not None:
                used.add(id(entry))
            continue
        used.add(id(entry))
        line = msgstr_line(lines, entry.linenum)
        places[unit.id] = line
        # The rule of editors' files (polib has already turned `\v` into a vertical tab).
        msgstr, refused = xml_safe(entry.msgstr)
        for _, message in refused:
            problems.error(shown, line, message, CONTROL_HINT)
        value = normalise(unit.segment, nfc(msgstr)) if unit.segment else nfc(msgstr).strip()
        why = _unit_problem(unit, value)
        if why:
            problems.error(shown, line, f"bản dịch của '{unit.id}' {why}",
                           "chỉ dịch chữ; giữ các dấu Markdown như trong msgid")
            continue
        texts[unit.id] = value
        translated += 1
        fuzzy += "fuzzy" in entry.flags
    if problems.errors:
        raise ContentError(problems.errors)
    body = rebuild(source.segmented, texts)
    _check_rebuilt(source, body, texts, places, shown)

    unmatched = sum(1 for e in entries if id(e) not in used and e.msgstr.strip())
    po_hash = (po.metadata.get(HASH_HEADER) or "").strip() or None
    existing_hash = translation.source_hash if translation else None
    recorded = existing_hash if fuzzy or po_hash is None else po_hash
    title, description = texts[TITLE], texts[DESCRIPTION]
    if translation is None:
        head = "---\n" + f"title: {yaml_string(title)}\n" \
            + f"description: {yaml_string(description)}\n" \
            + (f"source_hash: {yaml_hash(recorded)}\n" if recorded else "") \
            + "reviewed: false\n---\n"
    else:
        head = _edited_head(_read_file(root, translation.path), translation, title,
                            description, recorded)
    content = (head + body).encode("utf-8")
    changed = not target.is_file() or target.read_bytes() != content
    if changed:
        with replacing(target) as temp:
            temp.write_bytes(content)
    return ImportResult(
        path=target, slug=slug, lang=lang, created=translation is None, changed=changed,
        entries=len(source.units), translated=translated, untranslated=untranslated,
        fuzzy=fuzzy, unmatched=unmatched, recorded_hash=recorded,
        current_hash=explainer.source_hash, po_hash=po_hash,
    )


def _shown(root: Path, path: Path) -> str:
    """The PO's path as messages show it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _decode(raw: bytes, shown: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ContentError([Problem(shown, line, "tệp PO không phải UTF-8",
                                    "lưu lại với Content-Type: text/plain; charset=UTF-8")]
                           ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _header_line(lines: list[str], name: str) -> int:
    """1-based line of a header field in the PO text (0 if it is not written there)."""
    needle = f'"{name}:'
    return next((i for i, line in enumerate(lines, 1) if line.lstrip().startswith(needle)), 0)


def _identify(po: polib.POFile, po_path: Path, shown: str, lines: list[str],
              library: Library) -> tuple[str, str]:
    """The explainer slug and the language a PO is for, from its header or its file name."""
    parts = po_path.name.split(".")
    named_slug = parts[0] if len(parts) >= 2 else ""
    named_lang = parts[1] if len(parts) == 3 else ""
    slug = (po.metadata.get(SLUG_HEADER) or "").strip() or named_slug
    lang = (po.metadata.get("Language") or "").strip().replace("_", "-") or named_lang
    if lang not in library.languages and lang.lower() in library.languages:
        lang = lang.lower()
    problems = Problems()
    slug_line = _header_line(lines, SLUG_HEADER)
    lang_line = _header_line(lines, "Language")
    if not slug or slug not in {e.slug for e in library.explainers}:
        problems.error(shown, slug_line, f"PO cho bài '{slug}' không có trong thư viện",
                       f"sửa dòng {SLUG_HEADER} hoặc đặt tên tệp <slug>.<mã-ngôn-ngữ>.po")
    if not lang:
        problems.error(shown, lang_line, "PO không ghi ngôn ngữ",
                       "điền Language (ví dụ hmn) hoặc đặt tên tệp <slug>.<mã-ngôn-ngữ>.po")
    elif lang == VIETNAMESE:
        problems.error(shown, lang_line, "PO ghi ngôn ngữ 'vi': tiếng Việt là ngôn ngữ gốc",
                       "điền Language là mã ngôn ngữ dịch trong languages.yml")
    elif lang not in library.languages:
        problems.error(shown, lang_line, f"ngôn ngữ '{lang}' không có trong languages.yml",
                       "thêm mã ngôn ngữ vào content/_data/languages.yml")
    if problems.errors:
        raise ContentError(problems.errors)
    return slug, lang


def _unit_problem(unit: _Unit, value: str) -> str | None:
    if value == unit.text:
        return None
    if unit.segment is not None:
        return structure_problem(unit.segment, value)
    if "\n" in value:
        return "phải nằm trên một dòng"
    limit = _LIMITS[unit.id]
    if len(value) > limit:
        return f"dài {len(value)} ký tự, tối đa {limit}"
    return None


def _check_rebuilt(source: _Source, body: str, texts: Mapping[str, str],
                   places: Mapping[str, int], shown: str) -> None:
    """The rebuilt body must cut into the same segments with the translated texts: a
    translation that changed the structure around it is found here."""
    expected = [(s.id, texts.get(s.id, s.text)) for s in source.segmented.segments]
    found = [(s.id, s.text) for s in segment_body(body).segments]
    if found == expected:
        return
    index = next((i for i, (a, b) in enumerate(zip(found, expected, strict=False)) if a != b),
                 min(len(found), len(expected)))
    changed = [s.id for s in source.segmented.segments[:index + 1] if s.id in places]
    culprit = changed[-1] if changed else expected[min(index, len(expected) - 1)][0]
    raise ContentError([Problem(shown, places.get(culprit, 0),
                                f"bản dịch của '{culprit}' làm đổi cấu trúc Markdown của bài",
                                "chỉ dịch chữ; giữ các dấu Markdown như trong msgid")])


def _edited_head(src: SourceFile, translation: Translation, title: str, description: str,
                 recorded: str | None) -> str:
    """The translation's own front matter with only what changed rewritten."""
    lines = src.text.split("\n")
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "..."))
    head = "\n".join(lines[:end + 1]) + "\n"
    if title != translation.title:
        head = set_key(head, "title", yaml_string(title), "title")
    if description != translation.description:
        head = set_key(head, "description", yaml_string(description), "title")
    if recorded and recorded != translation.source_hash:
        head = set_key(head, "source_hash", yaml_hash(recorded), "description")
    return head
