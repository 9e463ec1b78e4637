"""Interface strings per language, with Vietnamese as the fallback for every key.

Built-in strings live in `ui/<lang>.yml` (Vietnamese and English); a library adds or
overrides a language's strings in `content/_data/ui/<lang>.yml`. A string that falls back
to Vietnamese is marked `lang="vi"`, so a screen reader switches voice for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from generators.library.model import VIETNAMESE

BUILT_IN = Path(__file__).parent / "ui"


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

    def lang_of(self, key: str) -> str:
        """The language the string for `key` is in."""
        return self._lookup(key)[1]

    def _lookup(self, key: str) -> tuple[str, str]:
        if key in self.strings:
            return self.strings[key], self.lang
        return self.fallback[key], VIETNAMESE


def _read(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def load_ui(root: Path, languages: Mapping[str, object]) -> dict[str, UI]:
    """Every language's strings: built-in, then the library's own on top."""
    vietnamese = {**_read(BUILT_IN / "vi.yml"), **_read(root / "content/_data/ui/vi.yml")}
    out = {}
    for lang in languages:
        strings = vietnamese if lang == VIETNAMESE else {
            **_read(BUILT_IN / f"{lang}.yml"), **_read(root / "content/_data/ui" / f"{lang}.yml")}
        out[lang] = UI(lang, strings, vietnamese)
    return out
