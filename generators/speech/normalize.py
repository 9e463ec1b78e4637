"""Legal Vietnamese text → words a speech engine reads well (see NORMALISATION.md)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from generators.speech.contacts import spell_contacts
from generators.speech.dates import spell_dates
from generators.speech.legal import (
    spell_documents,
    spell_headings,
    spell_ordinals,
    spell_points,
    spell_reference_lists,
)
from generators.speech.measures import spell_measures, spell_numbers, spell_ranges
from generators.speech.numbers import number_to_words

__all__ = ["expand_abbreviations", "normalize", "number_to_words"]


def normalize(text: str, lexicon: Mapping[str, str]) -> str:
    """Numbers, dates, references and abbreviations spelled out; punctuation kept (NFC).

    `lexicon` maps abbreviations to spoken forms (`audiobooks/lexicon.yml`).
    """
    lexicon = _nfc_lexicon(tuple(lexicon.items()))
    text = unicodedata.normalize("NFC", text)
    # Order matters: each rule must run before a more general one could eat its digits
    # (a phone number is no cardinal, `15-4-2025` is no range, `điểm đ` is no "đồng").
    text = spell_contacts(text)
    text = spell_documents(text, lexicon)
    text = spell_reference_lists(text)
    text = spell_ranges(text)
    text = spell_dates(text)
    text = spell_headings(text)
    text = spell_ordinals(text)
    text = spell_points(text)
    text = spell_measures(text)
    text = spell_numbers(text)
    return expand_abbreviations(text, lexicon)


def expand_abbreviations(text: str, lexicon: Mapping[str, str]) -> str:
    """Whole-word, case-sensitive lexicon matches; the longest wins (`QĐ-TTg` over `QĐ`)."""
    pattern = _lexicon_pattern(tuple(lexicon))
    if pattern is None:
        return text
    return pattern.sub(lambda m: lexicon[m.group(0)], text)


@lru_cache(maxsize=16)
def _nfc_lexicon(items: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    return {unicodedata.normalize("NFC", k): unicodedata.normalize("NFC", v) for k, v in items}


@lru_cache(maxsize=16)
def _lexicon_pattern(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    if not keys:
        return None
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
