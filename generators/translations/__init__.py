"""Translations: which are up to date, stale or missing, and the translator's PO workflow.

- `status`: `translation_status(library)`, `summary_counts`, `summary_line`,
  `attention_lines` for the build summary and the editors' status page; `confirm`.
- `po`: `export_po` (PO/POT, one entry per heading, paragraph, list item, table cell…)
  and `import_po` (a translated PO back to `<slug>.<lang>.md`).
- `segments`: the body cut into those texts along our Markdown parser's blocks.
- `cli`: `python build.py translations` and `python build.py translate …`.
"""

from __future__ import annotations

from generators.translations.status import (
    TranslationState,
    TranslationStatus,
    UsageError,
    attention_lines,
    confirm,
    summary_counts,
    summary_line,
    translation_status,
)

__all__ = ["TranslationState", "TranslationStatus", "UsageError", "attention_lines", "confirm",
           "summary_counts", "summary_line", "translation_status"]
