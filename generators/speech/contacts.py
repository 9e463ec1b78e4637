"""Things read symbol by symbol: e-mail addresses, web addresses, phone numbers."""

from __future__ import annotations

import re

from generators.speech.numbers import digits_to_words
from generators.speech.textops import substitute

_SYMBOLS = {".": "chấm", "/": "gạch chéo", "-": "gạch ngang", "_": "gạch dưới",
            ":": "hai chấm", "@": "a còng", "?": "dấu hỏi", "=": "bằng", "&": "và",
            "#": "thăng", "%": "phần trăm", "+": "cộng", "~": "ngã"}
# Letter runs an engine would otherwise mangle; other runs are left for it to read.
_RUNS = {"www": "vê kép vê kép vê kép", "vn": "vê en"}
_TOKEN = re.compile(r"[^\W\d_]+|\d+|.")
_TRAILING = ".,;:!?)]}»\"'"
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()]+"
    r"|(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:vn|com|net|org|gov|edu|info|int)(?![\w-])"
    r"(?:/[^\s<>\"'()]*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w.,/+])(?:"
    r"\+84[ .]?\d{3}[ .]?\d{3}[ .]?\d{3}"  # +84 912 345 678
    r"|0\d{3}(?P<a>[ .-])\d{3}(?P=a)\d{3,4}"  # 0912 345 678
    r"|0\d{2}(?P<b>[ .-])\d{3,4}(?P=b)\d{4}"  # 024 3825 3825
    r"|0\d{9,10}"  # 0912345678
    r"|1[89]00[ .]?\d{4}"  # 1900 1234, 1800 1567
    r")(?![\w]|[.,]\d)"
)
# Short numbers (113, 114, 115, 1022 …) are read digit by digit only where they are
# clearly dialled: "Điều 113" stays a cardinal.
# A hotline's name may stand between "tổng đài" and its number (Tổng đài quốc gia bảo vệ
# trẻ em 111); Markdown emphasis (**113**) may wrap the number.
_DIALLED = re.compile(
    r"((?i:\b(?:gọi|quay số|hotline|điện thoại|sđt|đt)(?:\s+(?:ngay|điện|số|tới|đến|cho)\b)*"
    r"|\b(?:tổng đài|đường dây nóng)(?:\s+[^\W\d]+){0,6}?)[\s:*_]*)"
    r"(\d{3,5}(?:\s*(?:,|và|hoặc)\s*\d{3,5})*)(?![\w]|[.,]\d)"
)


def spell_address(address: str) -> str:
    """An e-mail or web address as words: `a@b.vn` → a a còng b chấm vê en."""
    words: list[str] = []
    for token in _TOKEN.findall(address):
        if token.isdigit():
            words.append(digits_to_words(token))
        elif token[0].isalpha():
            words.append(_RUNS.get(token.lower(), token))
        elif token in _SYMBOLS:
            words.append(_SYMBOLS[token])
    return " ".join(words)


def _url(match: re.Match[str]) -> str:
    raw = match.group(0)
    address = raw.rstrip(_TRAILING)
    # The scheme says nothing to a listener.
    address = re.sub(r"^https?://", "", address, flags=re.IGNORECASE)
    return spell_address(address) + raw[len(raw.rstrip(_TRAILING)):]


def _phone(match: re.Match[str]) -> str:
    groups = re.split(r"[ .-]", match.group(0))
    return ", ".join(("cộng " if g.startswith("+") else "") + digits_to_words(g.lstrip("+"))
                     for g in groups)


def _dialled(match: re.Match[str]) -> str:
    numbers = re.sub(r"\d+", lambda m: digits_to_words(m.group(0)), match.group(2))
    return match.group(1) + numbers


def spell_contacts(text: str) -> str:
    """E-mail addresses, URLs and phone numbers, before any other rule sees their digits."""
    text = substitute(_EMAIL, text, lambda m: spell_address(m.group(0)))
    text = substitute(_URL, text, _url)
    text = substitute(_PHONE, text, _phone)
    return substitute(_DIALLED, text, _dialled)
