"""The texts a translator translates in a Q&A file or a situation, each under a stable id,
and their translations `qa/<name>.<lang>.yml`, `situations/<name>.<lang>.yml`.

Ids: `title`, `description`, `<item>.question`, `<item>.answer` (Q&A); `<step>.question`,
`<step>.option.<next>`, `<step>.outcome` (situations). A translation records the
`source_hash` of the texts it was made from, like an explainer's translation: another hash
now means the Vietnamese changed since (stale).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from generators.errors import Problems
from generators.library.files import read_yaml
from generators.library.model import (
    VIETNAMESE,
    Library,
    QABank,
    Situation,
    SituationOption,
    TextTranslation,
)
from generators.library.schema import Key, check_mapping
from generators.library.text import nfc

_HEAD = {"source_hash": Key(str), "reviewed": Key(bool), "texts": Key(dict, required=True)}
Source = TypeVar("Source", QABank, Situation)


@dataclass(frozen=True)
class TextUnit:
    """One text to translate: its stable id, the Vietnamese text, its line in the source."""

    id: str
    text: str
    line: int


def qa_units(bank: QABank) -> tuple[TextUnit, ...]:
    head = (TextUnit("title", bank.title, 1),) if bank.title else ()
    return head + tuple(unit for item in bank.items for unit in (
        TextUnit(f"{item.id}.question", item.question, item.line),
        TextUnit(f"{item.id}.answer", item.answer, item.line)))


def _option_id(step: str, options: tuple[SituationOption, ...], index: int) -> str:
    target = options[index].next
    same = sum(1 for o in options[:index] if o.next == target)
    return f"{step}.option.{target}" + (f".{same + 1}" if same else "")


def situation_units(situation: Situation) -> tuple[TextUnit, ...]:
    units = [TextUnit("title", situation.title, 1)]
    if situation.description:
        units.append(TextUnit("description", situation.description, 1))
    for step in situation.steps.values():
        if step.question is not None:
            units.append(TextUnit(f"{step.id}.question", step.question, step.line))
        units.extend(TextUnit(_option_id(step.id, step.options, i), o.label, step.line)
                     for i, o in enumerate(step.options))
        if step.outcome is not None:
            units.append(TextUnit(f"{step.id}.outcome", step.outcome, step.line))
    return tuple(units)


def units_of(source: QABank | Situation) -> tuple[TextUnit, ...]:
    return qa_units(source) if isinstance(source, QABank) else situation_units(source)


def texts_hash(units: tuple[TextUnit, ...]) -> str:
    """sha256 of the ids and Vietnamese texts: editing anything else keeps translations
    up to date."""
    blob = json.dumps([[u.id, u.text] for u in units], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def is_translation_file(file: Path) -> bool:
    """`<name>.<lang>.yml`: read by `with_translations`, not as a source."""
    return "." in file.stem


def with_translations(root: Path, folder: str, sources: Mapping[str, Source],
                      languages: Collection[str] | None,
                      problems: Problems) -> dict[str, Source]:
    """Each source with its hash and the translations written beside it, checked at their
    lines; a translation of no source or into an unknown language is an error."""
    found: dict[str, list[TextTranslation]] = {}
    for file in sorted((root / folder).glob("*.*.yml")):
        rel = file.relative_to(root).as_posix()
        key, _, lang = file.stem.rpartition(".")
        if key not in sources:
            problems.error(rel, 1, f"bản dịch của '{key}' nhưng không có {folder}/{key}.yml",
                           "đặt tên tệp <tên-tệp-gốc>.<mã-ngôn-ngữ>.yml")
            continue
        if lang == VIETNAMESE or (languages is not None and lang not in languages):
            problems.error(rel, 1, f"ngôn ngữ '{lang}' không dùng được cho bản dịch",
                           "dùng một mã ngôn ngữ dịch trong content/_data/languages.yml")
            continue
        translation = _read(file, root, rel, lang, units_of(sources[key]), problems)
        if translation is not None:
            found.setdefault(key, []).append(translation)
    return {key: dataclasses.replace(
        source, source_hash=texts_hash(units_of(source)),
        translations=tuple(found.get(key, ())))
        for key, source in sources.items()}


def _read(file: Path, root: Path, rel: str, lang: str, units: tuple[TextUnit, ...],
          problems: Problems) -> TextTranslation | None:
    doc = read_yaml(file, root, problems)
    if doc is None:
        return None
    head = check_mapping(doc, (), doc.data, _HEAD, rel, problems, "tệp bản dịch")
    if head is None:
        return None
    known = {u.id for u in units}
    texts: dict[str, str] = {}
    for text_id, value in head["texts"].items():
        line = doc.line("texts", text_id)
        if not isinstance(value, str):
            problems.error(rel, line, f"bản dịch của '{text_id}' phải là chữ",
                           "viết bản dịch trong dấu ngoặc kép hoặc sau |")
        elif str(text_id) not in known:
            problems.warning(rel, line, f"'{text_id}' không còn trong tệp gốc",
                             "xuất lại PO: python build.py translate export …")
        elif value.strip():
            texts[str(text_id)] = nfc(value).strip()
    return TextTranslation(lang, rel, head.get("source_hash"), MappingProxyType(texts),
                           bool(head.get("reviewed", False)))


def bank_title(library: Library, bank: QABank) -> str:
    """A Q&A page's title: `title:` as written, else named after its field."""
    field = library.fields.get(bank.field)
    return bank.title or f"Hỏi đáp: {field.title if field else bank.field}"


def translated_bank(bank: QABank, translation: TextTranslation) -> QABank:
    """The Q&A file with each text replaced by its translation (kept where none)."""
    texts = translation.texts
    items = tuple(dataclasses.replace(
        item, question=texts.get(f"{item.id}.question", item.question),
        answer=texts.get(f"{item.id}.answer", item.answer)) for item in bank.items)
    return dataclasses.replace(bank, title=texts.get("title", bank.title), items=items)


def translated_situation(situation: Situation, translation: TextTranslation) -> Situation:
    """The situation with each text replaced by its translation (kept where none)."""
    texts = translation.texts
    steps = {}
    for step_id, step in situation.steps.items():
        options = tuple(dataclasses.replace(
            o, label=texts.get(_option_id(step_id, step.options, i), o.label))
            for i, o in enumerate(step.options))
        steps[step_id] = dataclasses.replace(
            step, options=options,
            question=None if step.question is None
            else texts.get(f"{step_id}.question", step.question),
            outcome=None if step.outcome is None
            else texts.get(f"{step_id}.outcome", step.outcome))
    return dataclasses.replace(
        situation, title=texts.get("title", situation.title),
        description=texts.get("description", situation.description),
        steps=MappingProxyType(steps))
