"""What explainers' PO files (`po.py`) and Q&A and situation PO files (`answers_po.py`)
share: the headers that name their source, where a translator's text starts, and what an
import did."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generators.translations.status import TranslationState

HASH_HEADER = "X-Source-Hash"
SLUG_HEADER = "X-Slug"
PATH_HEADER = "X-Source-Path"


@dataclass(frozen=True)
class ImportResult:
    """What `import_po` did, for the translator's report."""

    path: Path
    slug: str
    lang: str
    created: bool
    changed: bool
    entries: int
    """Texts of the source (title and description included)."""
    translated: int
    untranslated: int
    """Texts left in Vietnamese (no translation in the PO)."""
    fuzzy: int
    """Translations still marked fuzzy (used, but the hash is not moved on)."""
    unmatched: int
    """Translated PO entries whose Vietnamese text is no longer in the source."""
    recorded_hash: str | None
    current_hash: str
    po_hash: str | None

    @property
    def state(self) -> TranslationState:
        if self.recorded_hash == self.current_hash:
            return TranslationState.UP_TO_DATE
        return TranslationState.STALE


def msgstr_line(lines: list[str], first: int | None) -> int:
    """The line where an entry's msgstr starts (the translator's text), else its first."""
    start = first or 1
    for number in range(start, min(len(lines), start + 400) + 1):
        if lines[number - 1].startswith("msgstr"):
            return number
    return start
