"""The synonyms of a passage, as indexed text (content/_data/synonyms.yml)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from generators.library.synonyms import also_said


def also_said_html(text: str, groups: Sequence[Sequence[str]]) -> str:
    """The other phrases of the synonym groups `text` uses, as a paragraph that weighs
    less than the editors' words; placed inside a passage, its section is found by them."""
    phrases = also_said(text, groups)
    if not phrases:
        return ""
    return f'<p data-pagefind-weight="0.6">{escape(", ".join(phrases))}.</p>\n'
