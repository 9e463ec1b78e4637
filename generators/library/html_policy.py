"""One allow-list for the HTML of explainers: what the sanitiser keeps, what `check` reports.

Every rendered body goes through `sanitize` (Ammonia, html5ever). `refusals` parses the
editor's raw HTML with another HTML5 parser (justhtml) and names every element and attribute
the same policy removes, with its line, so nothing disappears silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import nh3
from justhtml import JustHTML

# What our Markdown renderer emits, plus the inline and block HTML editors may write.
TAGS = frozenset("""
    a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp section
    small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr
""".split())
_GLOBAL_ATTRS = frozenset({"id", "class", "title", "lang", "dir"})
ATTRIBUTES: dict[str, set[str]] = {
    "*": set(_GLOBAL_ATTRS),
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"}, "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
}
# Only the values our renderer writes (table column alignment, lazy images).
_ALIGN = {"text-align:left", "text-align:center", "text-align:right"}
TAG_ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {
    "th": {"style": _ALIGN}, "td": {"style": _ALIGN},
    "img": {"loading": {"lazy"}, "decoding": {"async"}},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})
# Removed with their content, not only their tags.
_DROP_CONTENT = frozenset({"script", "style"})

UNSAFE_TAGS = frozenset({"script", "iframe", "object", "embed", "base", "frame", "frameset",
                         "applet"})
"""Tags that run code, embed another document, or redirect every link of the page."""
_URL_IGNORED = re.compile(r"[\x00-\x20]")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|avif);", re.IGNORECASE)
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                        "background", "srcset", "cite", "longdesc", "ping"})


def _url(value: str) -> str:
    # Browsers drop these from a URL before reading its scheme (`java&#9;script:` runs).
    return _URL_IGNORED.sub("", value).lower()


def unsafe_link_scheme(value: str) -> str | None:
    """The scheme of link `value` when it is not a web, mail or phone link, else None."""
    match = _SCHEME.match(_url(value))
    scheme = match[0][:-1] if match else None
    return scheme if scheme and scheme not in URL_SCHEMES - {"data"} else None


def image_src_allowed(value: str) -> bool:
    """Images come from the site itself (relative URLs) or are `data:` pictures."""
    url = _url(value)
    if _DATA_IMAGE.match(url):
        return True
    return not _SCHEME.match(url) and not url.startswith(("/", "\\"))


# Ids and classes the page itself uses (Material's `__config`, `md-…`, ours `tsp-…`): an
# editor's element with one would clobber the page's own (`document.getElementById`,
# `querySelector(".tsp-offline")` find the body's first) or draw look-alike site chrome.
_RESERVED_NAME = re.compile(r"^(?:__|md[-_]|tsp[-_]|du-thi-)", re.IGNORECASE)


# The sections the page templates add around a body (tests/library/test_page_ids.py keeps
# this list in step with generators/site/templates and overrides).
PAGE_IDS = frozenset({
    "bai-giai-thich", "bai-lien-quan", "cac-chuong", "da-luu", "doc-khong-can-mang",
    "infographic", "ke-sach", "moi-cap-nhat", "nghe-bai-nay", "sach-dien-tu", "theo-doi",
    "theo-doi-tuong", "theo-linh-vuc", "theo-van-ban", "thuat-ngu-trong-bai",
    "van-ban-duoc-trich-dan", "xem-video",
    # The pages that ask (generators/site/asking.py); `da-gui-…` are where the collector
    # sends a reader back after a post without JavaScript.
    "cac-khao-sat", "cau-hoi", "cau-hoi-duoc-dung-the-nao", "cau-hoi-goi-y", "cau-hoi-loi",
    "da-gui-cau-hoi", "da-gui-khao-sat", "da-gui-phan-hoi", "gop-y-hoi-dap", "hoi-phap-luat",
    "lien-he", "lien-he-goi-y", "lien-he-loi", "linh-vuc", "linh-vuc-loi", "phan-hoi",
    "phan-hoi-text", "phan-hoi-text-goi-y", "phan-hoi-text-loi",
    # Practice quizzes (generators/site/quizzes.py); their questions' ids start with tsp-.
    "luyen-tap", "trac-nghiem",
    # Direct answers (generators/site/answers.py): the explainer's block, the home's, a
    # language home's.
    "hoi-dap", "hoi-dap-lien-quan", "hoi-dap-linh-vuc", "hoi-dap-tinh-huong",
    # Contests (generators/site/contests.py); the registration form's ids start with du-thi-.
    "cach-xep-hang", "cuoc-thi", "dang-ky-du-thi", "gioi-thieu", "ma-cam-ket", "the-le",
    "thong-tin-du-thi",
    # The bulletins' pages (generators/site/bulletins.py).
    "cac-ban-tin", "cho-dai-truyen-thanh", "loi-doc", "loi-doc-tom-tat", "nghe-ban-tin",
    "nguon-tin", "noi-dung",
})


RESERVED_SHOWN = ("(tên dành riêng cho trang: __…, md-…, tsp-…, du-thi-… hoặc tên một mục "
                  "của trang)")


def reserved_name(value: str) -> bool:
    """Is `value` an id or class name that belongs to the page, not to an explainer?"""
    value = value.strip()
    return bool(_RESERVED_NAME.match(value)) or value.lower() in PAGE_IDS


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "id":
        return None if reserved_name(value) else value
    if attr == "class":
        kept = [c for c in value.split() if not reserved_name(c)]
        return " ".join(kept) if kept else None
    url = _url(value)
    if tag == "img" and attr == "src":
        return value if image_src_allowed(value) else None
    if attr == "href" and url.startswith("data:"):
        return None
    return value


def sanitize(html: str) -> str:
    """`html` with everything outside the policy removed."""
    return nh3.clean(
        html, tags=set(TAGS), clean_content_tags=set(_DROP_CONTENT), attributes=ATTRIBUTES,
        tag_attribute_values=TAG_ATTRIBUTE_VALUES, url_schemes=set(URL_SCHEMES),
        attribute_filter=_attribute_filter, link_rel=None, strip_comments=True,
    )


@dataclass(frozen=True)
class Refusal:
    """Something the sanitiser removes from the editor's HTML."""

    line: int
    """0-based line within the raw HTML."""
    what: str
    unsafe: bool
    """Runs code, carries a document or redirects (the older, stricter message)."""


MAX_DEPTH = 100
"""Deepest nesting of elements in an editor's raw HTML."""


def refusals(raw: str) -> list[Refusal]:
    """Every element and attribute of raw HTML `raw` that the policy removes, in order."""
    doc = JustHTML(raw, fragment=True, track_node_locations=True, sanitize=False)
    found: list[Refusal] = []
    too_deep = False
    for node, depth in _elements(doc.root):
        line = max((node.origin_line or 1) - 1, 0)
        name = str(node.name).lower()
        if depth > MAX_DEPTH:
            if not too_deep:
                found.append(Refusal(line, f"thẻ <{name}> lồng sâu quá {MAX_DEPTH} tầng",
                                     False))
            too_deep = True
        attrs = {str(k).lower(): "" if v is None else str(v)
                 for k, v in (node.attrs or {}).items()}
        if name == "meta" and attrs.get("http-equiv", "").strip().lower() == "refresh":
            found.append(Refusal(line, "thẻ <meta http-equiv=refresh> (tự chuyển trang)", True))
        elif node.namespace not in (None, "html") or name not in TAGS:
            found.append(Refusal(line, f"thẻ <{name}>", name in UNSAFE_TAGS))
        else:
            found += [Refusal(line, what, unsafe)
                      for what, unsafe in _attribute_refusals(name, attrs)]
    return found


def _elements(root: object) -> Iterator[tuple[Any, int]]:
    """The elements under `root` in document order, each with its depth (1 for the top).

    An explicit stack, not recursion: thousands of nested tags are an editor's mistake to
    report, not a RecursionError. Nothing deeper than MAX_DEPTH + 1 is visited.
    """
    stack: list[tuple[Iterator[object], int]] = [(iter(_children(root)), 1)]
    while stack:
        children, depth = stack[-1]
        child = next(children, _END)
        if child is _END:
            stack.pop()
            continue
        if _is_element(child):
            yield child, depth
        if depth > MAX_DEPTH:
            continue
        stack.append((iter(_children(child)), depth + 1))
        # <template> keeps its children in a separate fragment, read before the others.
        content = getattr(child, "template_content", None)
        if content is not None:
            stack.append((iter(_children(content)), depth + 1))


_END = object()


def _children(node: object) -> list[object]:
    return getattr(node, "children", None) or []


def _is_element(node: object) -> bool:
    name = getattr(node, "name", "")
    return isinstance(name, str) and bool(name) and not name.startswith("#")


def _attribute_refusals(tag: str, attrs: dict[str, str]) -> Iterator[tuple[str, bool]]:
    allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
    values = TAG_ATTRIBUTE_VALUES.get(tag, {})
    for name, value in attrs.items():
        url = _url(value)
        if name.startswith("on"):
            yield f"thuộc tính {name}=", True
        elif name in _URL_ATTRS and url.startswith("javascript:"):
            yield "liên kết javascript:", True
        elif name in _URL_ATTRS and name != "src" and url.startswith("data:"):
            yield "liên kết data:", True  # a data: document can carry script
        elif name in values:
            if value not in values[name]:
                yield f"thuộc tính {name}=\"{value}\"", False
        elif name not in allowed:
            yield f"thuộc tính {name}=", False
        elif (name == "id" and reserved_name(value)) or \
                (name == "class" and any(reserved_name(c) for c in value.split())):
            yield f"thuộc tính {name}=\"{value}\" {RESERVED_SHOWN}", False
        elif tag == "img" and name == "src" and not image_src_allowed(value):
            yield f"ảnh '{value}' không nằm trong thư viện", False
        elif name == "href" and unsafe_link_scheme(value):
            yield f"liên kết '{value}' dùng giao thức không hỗ trợ", False
