"""The PO workflow for Q&A files and situations: `qa/<name>` and `situations/<name>` are
exported and imported like explainers (`po.py`), with one entry per question, answer,
option label and outcome (`library.answer_texts`; msgctxt is the text's stable id).

Import writes `qa/<name>.<lang>.yml` (`situations/…`) with the translated texts and the
`source_hash` the PO was exported from, which the library reads and checks.
"""

from __future__ import annotations

from pathlib import Path

import polib

from generators.atomic import replacing
from generators.errors import ContentError, Problems
from generators.library.answer_texts import TextUnit, units_of
from generators.library.files import CONTROL_HINT
from generators.library.model import Library, QABank, Situation, TextTranslation
from generators.library.qa import QA
from generators.library.situations import SITUATIONS
from generators.library.text import nfc, xml_safe
from generators.translations.frontmatter import yaml_hash, yaml_string
from generators.translations.po_file import (
    HASH_HEADER,
    PATH_HEADER,
    SLUG_HEADER,
    ImportResult,
    msgstr_line,
)
from generators.translations.status import UsageError, check_language

KINDS = {QA: "tệp hỏi đáp", SITUATIONS: "tình huống"}


def is_answer_slug(slug: str) -> bool:
    """`qa/<name>` or `situations/<name>`: what the translate commands call them."""
    return slug.partition("/")[0] in KINDS


def answer_slug(source: QABank | Situation) -> str:
    return source.path.removesuffix(".yml")


def find_answer_source(library: Library, slug: str) -> QABank | Situation:
    """The Q&A file or situation `slug` names. Raises UsageError when there is none."""
    folder, _, key = slug.partition("/")
    found = (library.qa if folder == QA else library.situations).get(key)
    if found is None:
        raise UsageError(f"không có {KINDS.get(folder, 'tệp')} '{slug}' trong thư viện")
    return found


def find_answer_translation(library: Library, slug: str, lang: str
                            ) -> tuple[QABank | Situation, TextTranslation | None]:
    check_language(library, lang)
    source = find_answer_source(library, slug)
    return source, next((t for t in source.translations if t.lang == lang), None)


def translation_path(source: QABank | Situation, lang: str) -> str:
    return f"{answer_slug(source)}.{lang}.yml"


def export_answer_po(library: Library, slug: str, lang: str | None) -> polib.POFile:
    """The PO (POT when `lang` is None) of a Q&A file or a situation; an existing
    translation fills the msgstrs, marked fuzzy when the Vietnamese changed since."""

    if lang is None:
        source, translation = find_answer_source(library, slug), None
    else:
        source, translation = find_answer_translation(library, slug, lang)
    prefill = dict(translation.texts) if translation else {}
    fuzzy = translation is not None and translation.source_hash != source.source_hash
    po = polib.POFile(wrapwidth=78)
    target = f"Bản dịch {library.languages[lang].name_vi} (mã {lang})" if lang \
        else "Mẫu dịch (POT): chép thành <tên>.<mã-ngôn-ngữ>.po rồi dịch"
    po.header = "\n".join([
        f"Tủ sách pháp luật số — {KINDS[slug.partition('/')[0]]} \"{source.title or slug}\" "
        f"({source.path}).", f"{target}.",
        "Mỗi mục là một câu hỏi, câu trả lời, lựa chọn hoặc kết luận; msgctxt là mã của mục.",
        "Chỉ dịch chữ; giữ nguyên Markdown. Mục để trống giữ nguyên tiếng Việt. "
        "Nhập lại: python build.py translate import <tệp>.po"])
    po.metadata = {
        "Project-Id-Version": f"tu-sach-phap-luat-so {slug}", "Language": lang or "",
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        SLUG_HEADER: slug, PATH_HEADER: source.path, HASH_HEADER: source.source_hash,
    }
    for unit in units_of(source):
        msgstr = prefill.get(unit.id, "")
        po.append(polib.POEntry(
            msgctxt=unit.id, msgid=unit.text, msgstr=msgstr,
            occurrences=[(source.path, str(unit.line))],
            flags=["fuzzy"] if fuzzy and msgstr else []))
    return po


def import_answer_po(root: Path, library: Library, po: polib.POFile, lines: list[str],
                     shown: str, slug: str, lang: str) -> ImportResult:
    """Write the translation file of `slug` into `lang` from a parsed PO; returns po.py's
    `ImportResult`. Raises ContentError (at the PO's lines) for a text it cannot use."""

    source, translation = find_answer_translation(library, slug, lang)
    units = units_of(source)
    entries = [e for e in po if not e.obsolete and e.msgid]
    exact = {(e.msgctxt or "", e.msgid): e for e in entries}
    problems = Problems()
    texts: dict[str, str] = {}
    translated = fuzzy = 0
    used: set[int] = set()
    for unit in units:
        entry = exact.get((unit.id, unit.text))
        if entry is None or not entry.msgstr.strip():
            if entry is not None:
                used.add(id(entry))
            continue
        used.add(id(entry))
        value, refused = xml_safe(entry.msgstr)
        for _, message in refused:
            problems.error(shown, msgstr_line(lines, entry.linenum), message, CONTROL_HINT)
        why = _problem(unit, nfc(value).strip())
        if why:
            problems.error(shown, msgstr_line(lines, entry.linenum),
                           f"bản dịch của '{unit.id}' {why}", "dịch trên một dòng như msgid")
            continue
        texts[unit.id] = nfc(value).strip()
        translated += 1
        fuzzy += "fuzzy" in entry.flags
    if problems.errors:
        raise ContentError(problems.errors)
    po_hash = (po.metadata.get(HASH_HEADER) or "").strip() or None
    existing = translation.source_hash if translation else None
    recorded = existing if fuzzy or po_hash is None else po_hash
    target = root / translation_path(source, lang)
    content = _yaml(texts, recorded, translation).encode("utf-8")
    changed = not target.is_file() or target.read_bytes() != content
    if changed:
        with replacing(target) as temp:
            temp.write_bytes(content)
    return ImportResult(
        path=target, slug=slug, lang=lang, created=translation is None, changed=changed,
        entries=len(units), translated=translated, untranslated=len(units) - translated,
        fuzzy=fuzzy, unmatched=sum(1 for e in entries if id(e) not in used and e.msgstr),
        recorded_hash=recorded, current_hash=source.source_hash, po_hash=po_hash)


def confirm_answer(root: Path, library: Library, slug: str, lang: str) -> tuple[Path, bool]:
    """Record that the translation of `slug` into `lang` follows the current Vietnamese:
    its top-level `source_hash:` line is rewritten (or added first), every other line stays.
    Returns its path and whether it changed. Raises UsageError when there is none."""
    source, translation = find_answer_translation(library, slug, lang)
    if translation is None:
        raise UsageError(f"chưa có bản dịch '{lang}' của '{slug}' "
                         f"({translation_path(source, lang)})")
    path = root / translation.path
    if translation.source_hash == source.source_hash:
        return path, False
    lines = path.read_text("utf-8-sig").splitlines(keepends=True)
    line = f"source_hash: {yaml_hash(source.source_hash)}\n"
    at = next((i for i, text in enumerate(lines) if text.startswith("source_hash:")), None)
    if at is None:
        lines.insert(next((i for i, text in enumerate(lines) if not text.startswith("#")),
                          len(lines)), line)
    else:
        lines[at] = line
    with replacing(path) as temp:
        temp.write_text("".join(lines), "utf-8")
    return path, True


def _problem(unit: TextUnit, value: str) -> str | None:
    if "\n" in value and "\n" not in unit.text.strip():
        return "phải nằm trên một dòng"
    return None


def _yaml(texts: dict[str, str], recorded: str | None,
          translation: TextTranslation | None) -> str:
    out = ["# Viết bởi python build.py translate import: sửa bản dịch trong tệp PO rồi nhập lại."]
    if recorded:
        out.append(f"source_hash: {yaml_hash(recorded)}")
    out.append(f"reviewed: {'true' if translation and translation.reviewed else 'false'}")
    out.append("texts:" if texts else "texts: {}")
    out.extend(f"  {yaml_string(key)}: {yaml_string(value)}" for key, value in texts.items())
    return "\n".join(out) + "\n"
