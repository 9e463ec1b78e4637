"""Regex substitution helpers shared by the normalisation rules."""

from __future__ import annotations

import re
from collections.abc import Callable

Speller = Callable[[re.Match[str]], str | None]


def substitute(pattern: re.Pattern[str], text: str, spell: Speller) -> str:
    """`pattern.sub` with `spell`; None keeps the match as written.

    The spoken words get a space wherever they would touch a letter or digit, so
    `5.000.000VNĐ` becomes `năm triệu VNĐ` and the lexicon can still find `VNĐ`.
    """

    def replace(match: re.Match[str]) -> str:
        words = spell(match)
        if words is None:
            return match.group(0)
        source, start, end = match.string, match.start(), match.end()
        if start and source[start - 1].isalnum() and words[:1].isalnum():
            words = " " + words
        if end < len(source) and source[end].isalnum() and words[-1:].isalnum():
            words += " "
        return words

    return pattern.sub(replace, text)


def preceded_by(match: re.Match[str], words: re.Pattern[str], reach: int = 24) -> bool:
    """Whether the text just before `match` ends with `words` (a pattern anchored with `$`)."""
    start = match.start()
    return words.search(match.string[max(0, start - reach):start]) is not None
