"""A `basis:` list (the documents and articles something rests on), checked at its lines:
what quizzes, Q&A items and situations' outcomes share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from typing import Any

from generators.errors import Problems
from generators.library.model import Basis, Document, DocumentStatus
from generators.library.yamlio import YamlDoc

MAX_BASIS = 10
ARTICLE_RE = re.compile(r"^[1-9][0-9]*[a-z]?(\.[1-9][0-9]*[a-z]?(\.[a-zđ][0-9]?)?)?$")
"""Điều[.khoản[.điểm]]: "20", "20.1", "20.1.a", "6a", "20.1.đ"."""
ARTICLE_HINT = ('viết article: "20" (Điều 20), "20.1" (khoản 1) hoặc "20.1.a" (điểm a), '
                "trong dấu ngoặc kép")
BASIS_HINT = 'viết basis: [{document: "45/2019/QH14", article: "20"}]'


def article_text(article: str | None) -> str:
    """`"20.1.a"` → "Điểm a khoản 1 Điều 20" (as Vietnamese legal writing cites it)."""
    if not article:
        return ""
    parts = article.split(".")
    names = ("Điều", "khoản", "điểm")
    words = [f"{names[i]} {p}" for i, p in enumerate(parts[:3])] + parts[3:]
    text = " ".join(reversed(words))
    return text[:1].upper() + text[1:]


def expired_warning(what: str, key: str) -> str:
    """The explainers' words for a cited document that has expired."""
    return f"{what}trích dẫn văn bản '{key}' đang ở trạng thái '{DocumentStatus.EXPIRED.value}'"


def unreviewed(problems: Problems, rel: str, line: int, what: str) -> None:
    """The warning for legal text no legal reviewer has checked yet (`reviewed: false`)."""
    problems.warning(rel, line, f"{what} chưa được chuyên gia pháp lý rà soát (reviewed: false)",
                     "đặt reviewed: true sau khi đã rà soát")


def unreviewed_warning(rel: str, doc: YamlDoc, head: Mapping[str, Any], what: str,
                       problems: Problems) -> bool:
    """`reviewed:` of a YAML file's head (default false, then warned at its line)."""
    reviewed = bool(head.get("reviewed", False))
    if not reviewed:
        unreviewed(problems, rel, doc.line("reviewed"), what)
    return reviewed


def shown(raw: Any) -> str:
    """A written value as an editor's message names it."""
    if isinstance(raw, bool):
        return f"giá trị {str(raw).lower()}"
    if raw is None:
        return "giá trị trống"
    if isinstance(raw, list):
        return "một danh sách"
    if isinstance(raw, dict):
        return "một bảng"
    return f"'{raw}'"


def read_basis(rel: str, doc: YamlDoc, at: tuple[Any, ...], raw: Any, what: str,
               documents: Mapping[str, Document], document_keys: Collection[str] | None,
               problems: Problems, expired_hint: str) -> tuple[Basis, ...] | None:
    """The `basis` of the item at `at`; None after an error (reported at its line). A cited
    document that has expired is a warning at the item's line. `document_keys` is every key
    written in documents.yml (None when it did not parse: then documents are not checked)."""
    where = (*at, "basis")

    def error(here: tuple[Any, ...], message: str, hint: str = "") -> None:
        problems.error(rel, doc.line(*here), message, hint)

    if raw is None or raw == []:
        error(where, f"{what}: thiếu căn cứ pháp lý 'basis'",
              'thêm basis: [{document: "45/2019/QH14", article: "20"}]')
        return None
    if not isinstance(raw, list):
        error(where, f"{what}: 'basis' phải là một danh sách", BASIS_HINT)
        return None
    if len(raw) > MAX_BASIS:
        error(where, f"{what}: 'basis' có {len(raw)} mục, tối đa {MAX_BASIS}")
        return None
    out: list[Basis] = []
    for index, entry in enumerate(raw):
        here = (*where, index)
        if not isinstance(entry, dict):
            error(here, f"{what}: mỗi căn cứ là một bảng {{document, article}}",
                  'viết {document: "45/2019/QH14", article: "20"}')
            return None
        strange = [str(k) for k in entry if k not in ("document", "article")]
        if strange:
            error((*here, strange[0]), f"{what}: căn cứ có khóa lạ '{strange[0]}'",
                  "một căn cứ chỉ có document và article")
            return None
        document = entry.get("document")
        if not isinstance(document, str) or not document.strip():
            error((*here, "document"), f"{what}: căn cứ thiếu số hiệu văn bản 'document'",
                  'viết document: "45/2019/QH14" (khóa của documents.yml)')
            return None
        document = unicodedata.normalize("NFC", document).strip()
        if document_keys is not None and document not in document_keys:
            error((*here, "document"), f"{what}: văn bản '{document}' không có trong "
                  "content/_data/documents.yml",
                  f"thêm '{document}' vào content/_data/documents.yml")
            return None
        article = _article(error, here, entry.get("article"), what)
        if article is False:
            return None
        basis = Basis(document, article if isinstance(article, str) else None)
        if basis in out:
            error(here, f"{what}: căn cứ này được ghi hai lần")
            return None
        out.append(basis)
        cited = documents.get(document)
        if cited is not None and cited.status is DocumentStatus.EXPIRED:
            problems.warning(rel, doc.line(*at), expired_warning(f"{what}: ", document),
                             expired_hint)
    return tuple(out)


def _article(error: Any, here: tuple[Any, ...], raw: Any, what: str) -> str | bool | None:
    """The article as text, None when absent, False after an error."""
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, float):  # 20.10 would read as 20.1: the text must stay as written
        error((*here, "article"), f"{what}: điều khoản {raw} phải đặt trong dấu ngoặc kép",
              ARTICLE_HINT)
        return False
    if not isinstance(raw, str) or not ARTICLE_RE.match(raw.strip()):
        error((*here, "article"), f"{what}: điều khoản {shown(raw)} không đúng dạng",
              ARTICLE_HINT)
        return False
    return str(raw).strip()
