"""Small text helpers shared by the loader and the stages: NFC, folding, slugs."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Word writes a line break inside a paragraph as a vertical tab, a page break as a form feed.
_BREAKS = re.compile("[\x0b\x0c\u2028\u2029]")
# What XML 1.0 refuses (C0 controls but tab and newline, U+FFFE/U+FFFF) and the controls it
# only tolerates (DEL and C1: no editor means them; they come from broken copies).
_REFUSED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case Vietnamese text without diacritics (`Điều` → `dieu`); đ has no decomposition."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_SPACES = re.compile(r"\s+")


def answer_form(text: str, loose: bool = False) -> str:
    """How a typed answer is compared (a quiz's `fill`): NFC, case folded, trimmed, inner
    spaces collapsed; `loose` also drops diacritics and reads đ as d."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()
    if loose:
        text = text.replace("đ", "d")
        decomposed = unicodedata.normalize("NFD", text)
        text = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    return text


def ascii_slug(text: str) -> str:
    """`Điều kiện kết hôn` → `dieu-kien-ket-hon`; `45/2019/QH14` → `45-2019-qh14`."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


_IN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def control_chars(value: str) -> list[str]:
    """The characters of a value (say, from a YAML escape such as `\\x01`) that XML cannot
    carry, or that would break a title's line: each once, in order."""
    return list(dict.fromkeys(_IN_VALUE.findall(value)))


def word_breaks(text: str) -> list[tuple[int, str]]:
    """(1-based line, message) for each line with a character `xml_safe` reads as a line
    break; lines count as the editor's editor shows them (where these break no line)."""
    found: dict[int, list[str]] = {}
    line, counted = 1, 0
    for match in _BREAKS.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        codes = found.setdefault(line, [])
        if match.group() not in codes:
            codes.append(match.group())
    return [(line, "ký tự ngắt dòng " + ", ".join(f"U+{ord(c):04X}" for c in codes)
             + " (thường do dán từ Word) được đọc là xuống dòng") for line, codes in found.items()]


def xml_safe(text: str, line_break: str = "\n") -> tuple[str, list[tuple[int, str]]]:
    """`text` with Word's line and page breaks as `line_break` and the characters XML cannot
    carry removed; and, for each line with such characters, (1-based line, message).

    Call it after line ends are normalised to `\n`, so lines count as editors see them.
    """
    text = _BREAKS.sub(lambda _: line_break, text)
    found: dict[int, list[str]] = {}
    line, counted = 1, 0
    for match in _REFUSED.finditer(text):
        char = match.group()
        line += text.count("\n", counted, match.start())
        counted = match.start()
        codes = found.setdefault(line, [])
        if char not in codes:
            codes.append(char)
    problems = [(line, _refused_message(codes)) for line, codes in found.items()]
    return (_REFUSED.sub("", text) if found else text), problems


def _refused_message(chars: list[str]) -> str:
    names = ", ".join(f"U+{ord(c):04X}" for c in chars)
    if all(c in "\ufffe\uffff" for c in chars):
        return f"ký tự không hợp lệ {names} không được phép"
    return f"ký tự điều khiển {names} không được phép"
