"""Quantities: ranges, units of measure, percentages and money."""

from __future__ import annotations

import re

from generators.speech.numbers import read_number
from generators.speech.textops import substitute

UNITS = {
    "km": "ki lô mét", "m": "mét", "cm": "xen ti mét", "mm": "mi li mét",
    "km2": "ki lô mét vuông", "km²": "ki lô mét vuông", "m2": "mét vuông", "m²": "mét vuông",
    "m3": "mét khối", "m³": "mét khối", "cm3": "xen ti mét khối", "cm³": "xen ti mét khối",
    "ha": "héc ta", "kg": "ki lô gam", "g": "gam", "mg": "mi li gam",
    "l": "lít", "ml": "mi li lít", "h": "giờ", "cc": "xê xê",
    "kW": "ki lô oát", "kWh": "ki lô oát giờ", "MW": "mê ga oát", "W": "oát", "V": "vôn",
    "dB": "đề xi ben", "°C": "độ xê", "%": "phần trăm", "‰": "phần nghìn",
    "đ": "đồng", "₫": "đồng",
}
# Written-out units, kept as they are but allowed around '/': "đồng/tháng", "miligam/1 lít".
UNIT_WORDS = frozenset({
    "đồng", "người", "tháng", "năm", "ngày", "tuần", "lần", "giờ", "phút", "hộ", "suất",
    "xe", "chiếc", "lít", "mililít", "gam", "miligam", "kilôgam", "mét", "kilômét", "tấn",
})
# "đồng/người" reads "đồng mỗi người"; physical ratios (km/h, mg/100 ml) read "trên".
_PER_EACH = frozenset({"người", "tháng", "năm", "ngày", "tuần", "lần", "giờ", "hộ", "suất",
                       "xe", "chiếc"})
_NUMBER = r"\d+(?:[.,]\d+)*"
_UNIT = "|".join(re.escape(u) for u in sorted({*UNITS, *UNIT_WORDS}, key=len, reverse=True))
_MEASURE = re.compile(
    rf"(?<![\w.,])({_NUMBER})\s?({_UNIT})((?:/(?:{_NUMBER}\s?)?(?:{_UNIT}))*)(?![\w²³])"
)
_PER = re.compile(rf"/(?:({_NUMBER})\s?)?({_UNIT})")
# 2025 - 2030, 2025–2027, 10-15%, 8h - 17h; not a chain such as 15-4-2025.
_RANGE = re.compile(
    r"(?<![\w.,/:–—-])(\d+(?:[.,/:]\d+)*(?:h\d*|%)?)(\s*[-–—]\s*)(\d+(?:[.,/:]\d+)*)"
    r"(?![.,/:]?\d|\s*[-–—]\s*\d)"
)
_NUMBER_TOKEN = re.compile(_NUMBER)


def spell_ranges(text: str) -> str:
    """`2025 - 2030` → 2025 đến 2030; the numbers themselves are read by later rules."""
    return _RANGE.sub(lambda m: f"{m.group(1)} đến {m.group(3)}", text)


def _measure(match: re.Match[str]) -> str:
    number, unit, per = match.groups()
    words = [read_number(number), UNITS.get(unit, unit)]
    for count, denominator in _PER.findall(per):
        each = denominator in _PER_EACH and not count
        words.append("mỗi" if each else "trên")
        if count:
            words.append(read_number(count))
        words.append(UNITS.get(denominator, denominator))
    return " ".join(words)


def spell_measures(text: str) -> str:
    """`50 km/h` → năm mươi ki lô mét trên giờ, `2,5%` → hai phẩy năm phần trăm."""
    return substitute(_MEASURE, text, _measure)


def spell_numbers(text: str) -> str:
    """Every number still written in digits, read as a cardinal or decimal."""
    return substitute(_NUMBER_TOKEN, text, lambda m: read_number(m.group(0)))
