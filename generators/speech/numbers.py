"""Vietnamese number words: cardinals, digit strings, written numbers, Roman numerals."""

from __future__ import annotations

import re

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Units digit after "mươi" (21, 24, 25 …); after "mười" only 5 changes (15 → mười lăm).
_AFTER_MUOI = {1: "mốt", 4: "tư", 5: "lăm"}
_BILLION = 10**9
_GROUPS = ((10**6, "triệu"), (1000, "nghìn"), (1, ""))
# Longer digit strings are codes (identity cards, accounts), not quantities.
_MAX_QUANTITY_DIGITS = 15
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN = re.compile(r"\d+(?:,\d+)?")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def number_to_words(n: int) -> str:
    """Northern standard reading: 21 → hai mươi mốt, 105 → một trăm linh năm."""
    if n < 0:
        return "âm " + number_to_words(-n)
    if n == 0:
        return DIGITS[0]
    return " ".join(_words(n, leading=True))


def _words(n: int, leading: bool) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        out = [*_words(high, leading), "tỷ"]
        return out + _below_billion(low, leading=False) if low else out
    return _below_billion(n, leading)


def _below_billion(n: int, leading: bool) -> list[str]:
    out: list[str] = []
    for size, scale in _GROUPS:
        group = n // size % 1000
        if not group:
            continue
        # Inside a larger number every group says its hundreds: 1.005.000 →
        # một triệu không trăm linh năm nghìn.
        out += _below_thousand(group, full=not leading)
        if scale:
            out.append(scale)
        leading = False
    return out


def _below_thousand(n: int, full: bool) -> list[str]:
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    out: list[str] = []
    if hundreds or full:
        out += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            out += ["linh", DIGITS[units]] if out else [DIGITS[units]]
    elif tens == 1:
        out.append("mười")
        if units:
            out.append("lăm" if units == 5 else DIGITS[units])
    else:
        out += [DIGITS[tens], "mươi"]
        if units:
            out.append(_AFTER_MUOI.get(units, DIGITS[units]))
    return out


def digits_to_words(digits: str) -> str:
    """Digit by digit, as for phone numbers and codes: '113' → một một ba."""
    return " ".join(DIGITS[int(d)] for d in digits)


def read_integer(digits: str) -> str:
    """A written integer; '05' (admin style for 5) → năm, long or 0-led codes digit by digit."""
    if len(digits) > _MAX_QUANTITY_DIGITS or (digits[0] == "0" and len(digits) > 3):
        return digits_to_words(digits)
    return number_to_words(int(digits))


def read_fraction_digits(digits: str) -> str:
    """Digits after the decimal comma: '25' → hai mươi lăm, '05' → không năm."""
    rest = digits.lstrip("0")
    if not rest or len(rest) > 3:
        return digits_to_words(digits)
    return " ".join([DIGITS[0]] * (len(digits) - len(rest)) + [number_to_words(int(rest))])


def read_number(token: str) -> str:
    """A number as written in Vietnamese text: '.' groups thousands, ',' is the decimal mark.

    A '.' not followed by exactly three digits is no thousands separator; it is read
    "chấm", as in section numbers (`mục 2.5`, `1.2.3`).
    """
    if _THOUSANDS.fullmatch(token) or _PLAIN.fullmatch(token):
        whole, _, fraction = token.replace(".", "").partition(",")
        words = read_integer(whole)
        return f"{words} phẩy {read_fraction_digits(fraction)}" if fraction else words
    marks = {".": "chấm", ",": "phẩy"}
    return " ".join(marks.get(part) or read_integer(part) for part in re.split(r"([.,])", token))


def roman_to_int(numeral: str) -> int | None:
    """Value of a well-formed upper-case Roman numeral, else None."""
    if not numeral or not _ROMAN.fullmatch(numeral):
        return None
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))


def ordinal_words(n: int) -> str:
    """The word after "thứ": 1 → nhất, 4 → tư, otherwise the cardinal."""
    return {1: "nhất", 4: "tư"}.get(n) or number_to_words(n)


def month_words(n: int) -> str:
    """The word after "tháng": 4 → tư (tháng tư), otherwise the cardinal."""
    return "tư" if n == 4 else number_to_words(n)
