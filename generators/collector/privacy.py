"""Masking what a citizen should not have written in free text: phone numbers, ID-card
numbers (CMND 9 digits, CCCD 12 digits) and e-mail addresses are replaced before storage."""

from __future__ import annotations

import re

EMAIL_MASK = "[email]"
PHONE_MASK = "[số điện thoại]"
ID_MASK = "[số giấy tờ]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 0 / +84 / 84 / 0084, then 9 or 10 digits (mobile, landline), spaces, dots or dashes between.
# Not inside a longer number, nor amounts such as "100.000.000".
_PHONE = re.compile(r"(?<![\d.,])(?:\(\+?84\)|\+84|0084|84|0)[\s.\-]?(?:\d[\s.\-]?){8,9}\d"
                    r"(?![\d]|[.,]\d)")
# 9 or 12 digits, together or in groups separated by single spaces.
_ID = re.compile(r"(?<![\d.,])(?:\d{12}|\d{9}|\d{3}(?: \d{3}){3}|\d{4}(?: \d{4}){2}"
                 r"|\d{3}(?: \d{3}){2})(?![\d]|[.,]\d)")


def mask(text: str) -> str:
    """`text` with e-mail addresses, phone numbers and ID numbers replaced by their masks."""
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _PHONE.sub(PHONE_MASK, text)
    return _ID.sub(ID_MASK, text)
