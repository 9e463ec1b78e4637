"""`content/_data/synonyms.yml`: how citizens say it ↔ how the law says it, for search.

A list of groups, each a list of phrases that mean the same thing to a reader looking for
an answer ("sổ đỏ" ↔ "giấy chứng nhận quyền sử dụng đất", "đền bù" ↔ "bồi thường"). The
search index gives every passage that uses one phrase of a group the others too (see
`generators/site/search.py`), so a query in any of them finds it. Checked at its lines.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from generators.errors import Problems
from generators.library.files import read_yaml

PATH = "content/_data/synonyms.yml"
MAX_PHRASE = 80
MAX_GROUP = 20
_PHRASE_RE = re.compile(r"^[\w]+(?:[ \-/][\w]+)*$")
_PUNCTUATION = re.compile(r"[^\w\s/\-]+")
_HINT = "mỗi nhóm là một danh sách các cách nói cùng nghĩa, ví dụ: - [sổ đỏ, giấy chứng nhận]"

Groups = tuple[tuple[str, ...], ...]


def phrase_form(text: str) -> str:
    """How a phrase is compared: NFC, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def load_synonyms(root: Path, problems: Problems) -> Groups:
    """The groups of `content/_data/synonyms.yml` (none if there is no such file)."""
    file = root / PATH
    if not file.is_file():
        return ()
    doc = read_yaml(file, root, problems)
    if doc is None:
        return ()
    if doc.data is None:
        return ()
    if not isinstance(doc.data, list):
        problems.error(PATH, doc.first_line, "synonyms.yml phải là một danh sách các nhóm", _HINT)
        return ()
    groups: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}  # phrase → line of the group that has it
    for n, raw in enumerate(doc.data):
        line = doc.line(n)
        if not isinstance(raw, list) or len(raw) < 2:
            problems.error(PATH, line, "nhóm từ đồng nghĩa cần ít nhất hai cách nói", _HINT)
            continue
        if len(raw) > MAX_GROUP:
            problems.error(PATH, line, f"nhóm có {len(raw)} cách nói, nhiều nhất {MAX_GROUP}",
                           "tách thành các nhóm nhỏ, mỗi nhóm một nghĩa")
            continue
        group: list[str] = []
        for i, value in enumerate(raw):
            at = doc.line(n, i)
            phrase = phrase_form(value) if isinstance(value, str) else ""
            if not phrase:
                problems.error(PATH, at, "cách nói trống hoặc không phải chữ",
                               "viết cụm từ như người dân gõ, ví dụ: sổ đỏ")
            elif len(phrase) > MAX_PHRASE:
                problems.error(PATH, at, f"cách nói dài {len(phrase)} ký tự, "
                               f"nhiều nhất {MAX_PHRASE}", "chỉ ghi cụm từ, không ghi cả câu")
            elif not _PHRASE_RE.match(phrase):
                problems.error(PATH, at, f"cách nói '{value}' có dấu câu",
                               "chỉ dùng chữ, số, dấu cách, '-' hoặc '/'")
            elif phrase in group:
                problems.warning(PATH, at, f"'{value}' lặp lại trong cùng nhóm", "xóa bớt một lần")
            elif phrase in seen:
                problems.error(PATH, at, f"'{value}' đã có ở nhóm dòng {seen[phrase]}",
                               "mỗi cách nói chỉ thuộc một nhóm: gộp hai nhóm nếu cùng nghĩa")
            else:
                group.append(phrase)
        if len(group) >= 2:
            seen.update(dict.fromkeys(group, line))
            groups.append(tuple(group))
    return tuple(groups)


@functools.lru_cache(maxsize=4096)
def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){re.escape(phrase)}(?![\w])")


def also_said(text: str, groups: Sequence[Sequence[str]]) -> list[str]:
    """The phrases of `groups` that `text` does not use but means, because it uses
    another phrase of their group (compared in `phrase_form`)."""
    # "rượu, bia" says "rượu bia": punctuation between words does not part them.
    said = phrase_form(_PUNCTUATION.sub(" ", text))
    out: list[str] = []
    for group in groups:
        used = [p for p in group if _pattern(p).search(said)]
        if used:
            out.extend(p for p in group if p not in used)
    return out
