"""Small text helpers shared by the loader and the stages: NFC, folding, slugs."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case Vietnamese text without diacritics (`Điều` → `dieu`); đ has no decomposition."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def ascii_slug(text: str) -> str:
    """`Điều kiện kết hôn` → `dieu-kien-ket-hon`; `45/2019/QH14` → `45-2019-qh14`."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")
