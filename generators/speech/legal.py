"""Legal-text conventions: document numbers, article and point references, headings."""

from __future__ import annotations

import re
from collections.abc import Mapping

from generators.speech.numbers import number_to_words, ordinal_words, roman_to_int
from generators.speech.textops import preceded_by, substitute

# Document-type codes: in `QĐ-BTC` the rest names who issued it ("quyết định của Bộ Tài chính").
DOCUMENT_TYPES = frozenset({"QĐ", "NĐ", "TT", "TTLT", "CT", "KH", "NQ", "NQLT", "CV", "TB",
                            "BC", "HD", "KL", "QC", "QyĐ", "TTr", "PL", "L"})
# Vietnamese letter names, as points (điểm a, b, c …) are read aloud.
LETTER_NAMES = {"a": "a", "ă": "á", "â": "ớ", "b": "bê", "c": "xê", "d": "dê", "đ": "đê",
                "e": "e", "ê": "ê", "g": "giê", "h": "hát", "i": "i", "k": "ca", "l": "e lờ",
                "m": "em mờ", "n": "en nờ", "o": "o", "ô": "ô", "ơ": "ơ", "p": "pê", "q": "quy",
                "r": "e rờ", "s": "ét xì", "t": "tê", "u": "u", "ư": "ư", "v": "vê",
                "x": "ích xì", "y": "i dài"}

_PART = r"[A-ZĐ][A-Za-zĐđ&]*\d*"
_SUFFIX = rf"{_PART}(?:-{_PART})*"
# 45/2019/QH14, 766/QĐ-TTg
_DOCUMENT = re.compile(rf"(?<![\w/.,-])(\d+)(?:/(\d{{4}}))?/({_SUFFIX})(?![\w/-])")
# Party documents: 18-NQ/TW
_PARTY_DOCUMENT = re.compile(rf"(?<![\w/.,-])(\d+)-({_PART})/({_SUFFIX})(?![\w/-])")
_SO_BEFORE = re.compile(r"(?i)\bsố\s*:?\s*$")
_REFERENCE_LIST = re.compile(r"(?i:\b(khoản|điều|mục|điểm)\s+)(\d+(?:,\d+)+)(?![\w]|[.,]\d)")
_LETTER = "[a-zđ]"
_POINTS = re.compile(
    rf"(?i:\b(điểm)\s+)({_LETTER}(?:(?:,\s*|\s+(?:và|hoặc)\s+){_LETTER})*)(?!\w)"
)
_POINT_ITEM = re.compile(rf"(?m)^([ \t]*)({_LETTER})\)")
_ROMAN_HEADING = re.compile(r"(?m)^([ \t]*(?:#{1,6}[ \t]+)?)([IVXL]+)\.(?=\s|$)")
_NUMBER_HEADING = re.compile(r"(?m)^([ \t]*(?:#{1,6}[ \t]+)?)(\d{1,3})\.(?=\s|$)")
_ROMAN_AFTER = re.compile(
    r"((?i:\b(?:chương|phần|mục|tiết|khóa|khoá|đại hội|lần thứ|thứ))\s+)([IVXL]+)(?!\w)"
)
_ORDINAL = re.compile(r"((?i:\bthứ)\s+)(\d+)(?![\w]|[.,]\d)")


def spell_documents(text: str, lexicon: Mapping[str, str]) -> str:
    """`45/2019/QH14` → số bốn mươi lăm năm hai nghìn không trăm mười chín Quốc hội mười bốn."""

    def document(match: re.Match[str]) -> str:
        number, year, suffix = match.groups()
        return _document_words(match, number, year, spoken_suffix(suffix, lexicon))

    def party(match: re.Match[str]) -> str:
        number, kind, issuer = match.groups()
        return _document_words(match, number, None, spoken_suffix(f"{kind}-{issuer}", lexicon))

    text = substitute(_DOCUMENT, text, document)
    return substitute(_PARTY_DOCUMENT, text, party)


def _document_words(match: re.Match[str], number: str, year: str | None, suffix: str) -> str:
    words = [] if preceded_by(match, _SO_BEFORE) else ["số"]
    words.append(number_to_words(int(number)))
    if year:
        words += ["năm", number_to_words(int(year))]
    return " ".join([*words, suffix])


def spoken_suffix(suffix: str, lexicon: Mapping[str, str]) -> str:
    """`KH-UBND` → kế hoạch của Ủy ban nhân dân, whole from the lexicon or part by part."""
    if suffix in lexicon:
        return lexicon[suffix]
    head, *issuers = suffix.split("-")
    spoken = [_spoken_part(part, lexicon) for part in issuers]
    if head in DOCUMENT_TYPES and spoken:
        joined = spoken[0] if len(spoken) == 1 else ", ".join(spoken[:-1]) + " và " + spoken[-1]
        return f"{_spoken_part(head, lexicon)} của {joined}"
    return " ".join([_spoken_part(head, lexicon), *spoken])


def _spoken_part(part: str, lexicon: Mapping[str, str]) -> str:
    if part in lexicon:
        return lexicon[part]
    letters = part.rstrip("0123456789")
    digits = part[len(letters):]
    words = lexicon.get(letters, letters)
    return f"{words} {number_to_words(int(digits))}" if digits else words


def spell_reference_lists(text: str) -> str:
    """`khoản 1,2` lists articles, it is no decimal: → khoản 1, 2."""
    return substitute(_REFERENCE_LIST, text,
                      lambda m: m.group(1) + " " + m.group(2).replace(",", ", "))


def spell_points(text: str) -> str:
    """Point letters by their names: `điểm b, c` → điểm bê, xê; `đ)` at a line start → đê)."""

    def letters(words: str) -> str:
        return re.sub(rf"(?<!\w){_LETTER}(?!\w)", lambda m: LETTER_NAMES[m.group(0)], words)

    text = substitute(_POINTS, text, lambda m: m.group(1) + " " + letters(m.group(2)))
    return _POINT_ITEM.sub(lambda m: m.group(1) + LETTER_NAMES[m.group(2)] + ")", text)


def spell_headings(text: str) -> str:
    """`II. Nội dung` → Hai. Nội dung; `Chương IV`, `khóa XV`, `lần thứ XIII` too."""

    def heading(match: re.Match[str]) -> str | None:
        value = roman_to_int(match.group(2))
        if value is None or match.group(2) == "L":
            return None
        return match.group(1) + number_to_words(value).capitalize() + "."

    def after_word(match: re.Match[str]) -> str | None:
        value = roman_to_int(match.group(2))
        # A lone L is more likely a letter (Mục L) than fifty.
        if value is None or match.group(2) == "L":
            return None
        ordinal = match.group(1).strip().lower().endswith("thứ")
        return match.group(1) + (ordinal_words(value) if ordinal else number_to_words(value))

    text = substitute(_ROMAN_HEADING, text, heading)
    text = _NUMBER_HEADING.sub(
        lambda m: m.group(1) + number_to_words(int(m.group(2))).capitalize() + ".", text)
    return substitute(_ROMAN_AFTER, text, after_word)


def spell_ordinals(text: str) -> str:
    """`thứ 2` → thứ hai, `thứ 4` → thứ tư, `thứ 1` → thứ nhất."""
    return substitute(_ORDINAL, text, lambda m: m.group(1) + ordinal_words(int(m.group(2))))
