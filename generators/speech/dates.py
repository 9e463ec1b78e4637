"""Dates, months, clock times and fractions written with '/'."""

from __future__ import annotations

import re

from generators.speech.numbers import month_words, number_to_words
from generators.speech.textops import preceded_by, substitute

# 15/4/2025, 15-4-2025, 15.4.2025
_DATE = re.compile(r"(?<![\w/.,-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\w]|[/.,-]\d)")
# 2025-04-15
_ISO_DATE = re.compile(r"(?<![\w/.,-])(\d{4})-(\d{2})-(\d{2})(?![\w]|[/.,-]\d)")
# 04/2025
_MONTH_YEAR = re.compile(r"(?<![\w/.,-])(\d{1,2})/(\d{4})(?![\w]|[/.,-]\d)")
# 30/4, 1/2 (a date or a fraction)
_SLASHED = re.compile(r"(?<![\w/.,-])(\d{1,3})/(\d{1,3})(?![\w]|[/.,-]\d)")
_MONTH = re.compile(r"((?i:\btháng)\s+)(\d{1,2})(?![\w]|[/.,]\d)")
_HOURS = re.compile(r"(?<![\w.,:])(\d{1,2})h(\d{2})?(?!\w)")
_CLOCK = re.compile(r"(?<![\w.,:])(\d{1,2}):(\d{2})(?![\w:]|[.,]\d)")
_NGAY_BEFORE = re.compile(r"(?i)\bngày\s*$")
_THANG_BEFORE = re.compile(r"(?i)\btháng\s*$")
# Words that make `30/4` a date; also a date just before (`30/4 và 1/5`).
_DATE_WORD_BEFORE = re.compile(
    r"(?i)(?:\b(?:ngày|từ|đến|trước|sau|dịp|lễ)|\d/\d{1,2}\s*(?:,|và|hoặc|đến|-|–))\s*$")
# "ngày 15 tháng 4": the number before "tháng" is a day; "3 tháng 4 ngày" is a duration.
_DAY_BEFORE = re.compile(r"(?i)\bngày\s+\d{1,2}\s*$")
_NUMBER_BEFORE = re.compile(r"\d\s*$")


def _valid(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _day_month(match: re.Match[str], day: int, month: int) -> str:
    words = f"{number_to_words(day)} tháng {month_words(month)}"
    return words if preceded_by(match, _NGAY_BEFORE) else "ngày " + words


def _date(match: re.Match[str]) -> str | None:
    day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    if not _valid(day, month):
        return None
    return f"{_day_month(match, day, month)} năm {number_to_words(year)}"


def _iso_date(match: re.Match[str]) -> str | None:
    year, month, day = (int(g) for g in match.groups())
    if not _valid(day, month):
        return None
    return f"{_day_month(match, day, month)} năm {number_to_words(year)}"


def _month_year(match: re.Match[str]) -> str | None:
    month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    words = f"{month_words(month)} năm {number_to_words(year)}"
    return words if preceded_by(match, _THANG_BEFORE) else "tháng " + words


def _slashed(match: re.Match[str]) -> str:
    top, bottom = int(match.group(1)), int(match.group(2))
    if preceded_by(match, _DATE_WORD_BEFORE) and _valid(top, bottom):
        return _day_month(match, top, bottom)
    # In legal text a proper fraction (giảm 1/2, 2/3 số thành viên) is likelier than a
    # date in January–March written without a year.
    if 0 < top < bottom:
        denominator = "tư" if bottom == 4 else number_to_words(bottom)
        return f"{number_to_words(top)} phần {denominator}"
    if _valid(top, bottom):
        return _day_month(match, top, bottom)
    return f"{number_to_words(top)} trên {number_to_words(bottom)}"


def _month(match: re.Match[str]) -> str | None:
    month = int(match.group(2))
    duration = preceded_by(match, _NUMBER_BEFORE, reach=4) and not preceded_by(
        match, _DAY_BEFORE, reach=12)
    if duration or not 1 <= month <= 12:
        return None
    return match.group(1) + month_words(month)


def _time(hours: str, minutes: str | None) -> str | None:
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59:
        return None
    words = f"{number_to_words(h)} giờ"
    return f"{words} {number_to_words(m)} phút" if m else words


def spell_dates(text: str) -> str:
    """`15/4/2025` → ngày mười lăm tháng tư năm hai nghìn không trăm hai mươi lăm, and kin."""
    text = substitute(_DATE, text, _date)
    text = substitute(_ISO_DATE, text, _iso_date)
    text = substitute(_MONTH_YEAR, text, _month_year)
    text = substitute(_SLASHED, text, _slashed)
    text = substitute(_MONTH, text, _month)
    text = substitute(_HOURS, text, lambda m: _time(m.group(1), m.group(2)))
    return substitute(_CLOCK, text, lambda m: _time(m.group(1), m.group(2)))
