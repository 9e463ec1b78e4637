"""Interface strings per language, with Vietnamese as the fallback for every key.

Built-in strings live in `generators/library/ui/<lang>.yml` (Vietnamese and English): the
library loader checks a library's own `content/_data/ui/<lang>.yml` against them and hands
the result over as `Library.ui`; this module only merges. A string that falls back to
Vietnamese is marked `lang="vi"`, so a screen reader switches voice for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from generators.library.data import built_in_ui
from generators.library.model import VIETNAMESE, Library


@dataclass(frozen=True)
class UI:
    """The strings of one language."""

    lang: str
    strings: Mapping[str, str]
    fallback: Mapping[str, str]

    def text(self, key: str, **values: object) -> str:
        """Plain text (for attributes): the language's string, else the Vietnamese one."""
        return self._lookup(key)[0].format(**values)

    def raw(self, key: str) -> str:
        """The string with its `{placeholders}` left for a script to fill."""
        return self._lookup(key)[0]

    def __call__(self, key: str, **values: object) -> Markup:
        """HTML: the string, wrapped in `<span lang="vi">` when it fell back to Vietnamese."""
        text, lang = self._lookup(key)
        html = escape(text.format(**values))
        if lang != self.lang:
            return Markup(f'<span lang="{lang}">{html}</span>')
        return Markup(html)

    def messages(self, *keys: str, prefix: str = "") -> dict[str, str]:
        """Strings for a script (`data-messages`), named without `prefix`, placeholders left."""
        return {key.removeprefix(prefix): self.raw(key) for key in keys}

    def lang_of(self, key: str) -> str:
        """The language the string for `key` is in."""
        return self._lookup(key)[1]

    def _lookup(self, key: str) -> tuple[str, str]:
        if key in self.strings:
            return self.strings[key], self.lang
        return self.fallback[key], VIETNAMESE


def load_ui(library: Library) -> dict[str, UI]:
    """Every language's strings: built-in, then the library's own on top."""
    vietnamese = {**built_in_ui(VIETNAMESE), **library.ui.get(VIETNAMESE, {})}
    out = {}
    for lang in library.languages:
        strings = vietnamese if lang == VIETNAMESE else {
            **built_in_ui(lang), **library.ui.get(lang, {})}
        out[lang] = UI(lang, strings, vietnamese)
    return out
