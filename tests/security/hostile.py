# ruff: noqa: E501  (the payload lines are the point)
"""A hostile library: every free-text field of every file kind carries HTML, XML, JSON,
WebVTT and shell metacharacters, while staying valid for its schema.

Each field's text starts with its own marker (`ZQ<name>`) so a test can find where that
field ended up, and ends with the same payload, which no output may turn into markup,
a cue, a comment end, a CDATA end or a command.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

PAYLOAD = ("<b>x</b>\"'&amp;<!--<script>alert(1)</script>]]>-->{\"a\":1}"
           "$(touch /tmp/pwn)`id`; rm -rf /&#x3C;img src=x onerror=alert(1)&#x3E;")
"""Markup, entities, CDATA end, comment end, JSON and shell, in one line (≈ 130 chars)."""
VTT_PAYLOAD = "00:00:01.000 --> 00:00:02.000 -->\u2028\u2028WEBVTT"
TEMPLATE = "{{7*7}}{% raw %}${7*7}#{7*7}%(x)s{0}{count}"
"""Template and format-string syntax (Jinja, JS, Ruby, printf, str.format): stays text."""
NEWLINES = "\n\n00:00:09.000 --> 00:00:10.000\n\nWEBVTT\u2028\u2029NOTE x"
"""Real line breaks (written as YAML escapes, so they survive into the value) that would
end a cue and start a forged one."""
"""A cue timing line and a blank line that would start a new cue, via U+2028."""
ELEMENTS = {"b", "script", "img"}
"""Elements named in the payload: none may appear where the payload was text."""
SHORT = "<b>x</b>\"'&<script>]]>-->"
"""For fields that must stay short (infographic labels, numbers)."""


def text(marker: str, payload: str = PAYLOAD) -> str:
    """A field's value: its marker, a space, the payload."""
    return f"ZQ{marker} {payload}"


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def tiny_png() -> bytes:
    """A valid 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    raw = zlib.compress(b"\x00\xff\xff\xff")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw)
            + chunk(b"IEND", b""))


DOC_KEY = "99/2024/QH15-<b>&\"'"
"""A document number with metacharacters (its page address is its ASCII slug)."""
DOC_OLD = "01/2012/QH13"
DOC_URL = 'https://example.org/vb?a=1&b="><script>alert(1)</script>'
GLOSSARY_TERM = "hòa giải <b>x</b>\"'&<script>"


def body(marker: str, video: bool = False) -> str:
    """A Markdown body with the payload in headings, paragraphs, inline code, table cells,
    footnotes, alt text, link text and titles, an abbreviation and an admonition."""
    escaped = PAYLOAD.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"""\
## Chương ZQ{marker}head a &lt; b &amp;&amp; c &gt; d "' &amp;amp; ]]&gt; --&gt; {{"a":1}} $(touch /tmp/pwn) `id`; rm -rf /

Đoạn ZQ{marker}para {escaped} UBND hòa giải {{{{7*7}}}}{{% raw %}}${{7*7}}#{{7*7}}%(x)s{{0}}{{count}}.

Dòng thời gian 00:00:01.000 --&gt; 00:00:02.000 ở giữa câu.

00:00:03.000 --&gt; 00:00:04.000

WEBVTT

Mã `<script>alert(1)</script> ]]> --> {{"a":1}}` và <b>đậm thật</b> &#x3C;img src=x onerror=alert(1)&#x3E;.

| Cột ZQ{marker}th &lt;script&gt; | Cột hai |
|---|---|
| ZQ{marker}td &lt;b&gt;x&lt;/b&gt; ]]&gt; --&gt; `<script>` | {{"a":1}} $(id) |

Chú thích[^1] và [liên kết ZQ{marker}link &lt;script&gt;alert(1)&lt;/script&gt;](https://example.org/?a=1&b="2" "tiêu đề &lt;script&gt; ]]&gt; --&gt;").

![ZQ{marker}alt &lt;script&gt;alert(1)&lt;/script&gt; "' \\]\\]&gt; --&gt;](anh.png)

!!! note "Lưu ý ZQ{marker}note &lt;script&gt;alert(1)&lt;/script&gt; --&gt;"
    Nội dung {escaped}

## Phần hai ZQ{marker}h2b `a < b` &#x3C; 3 --&gt;

Ký tự không mang được trong XML ZQ{marker}chars: &#1; &#x0B; &#xFFFE; &#xFFFF; &#xD800; &#0; &#x9F; &#x1F; &#1114112; và hết.

Câu cuối cùng ZQ{marker}end &lt;/c&gt;&lt;v Kẻ gian&gt;giả &lt;00:00:05.000&gt; ]]&gt;.

[^1]: Chú thích ZQ{marker}fn {escaped}

*[UBND]: Ủy ban ZQ{marker}abbr &lt;script&gt;alert(1)&lt;/script&gt;
"""


def explainer(slug: str, *, video: bool = False, documents: bool = True,
              infographics: tuple[str, ...] = ()) -> str:
    docs = f"documents: [{q(DOC_KEY)}, {q(DOC_OLD)}]\n" if documents else ""
    info = f"infographics: [{', '.join(infographics)}]\n" if infographics else ""
    return (
        "---\n"
        f"title: {q(text(slug + '-title', TEMPLATE + PAYLOAD[:85]))}\n"
        f"description: {json.dumps(text(slug + '-desc') + TEMPLATE + NEWLINES)}\n"
        "field: truy-van\n"
        "updated: 2026-11-01\n"
        f"{docs}"
        "audiences: [ke-gian]\n"
        f"tags: [{q(text(slug + '-tag', SHORT))}, {q('$(touch /tmp/pwn)')}]\n"
        f"{info}"
        f"audio: true\nvideo: {'true' if video else 'false'}\nreviewed: true\n"
        "---\n" + body(slug)
    )


def translation(slug: str) -> str:
    return (
        "---\n"
        f"title: {q(text(slug + '-en-title', TEMPLATE + PAYLOAD[:85]))}\n"
        f"description: {q(text(slug + '-en-desc'))}\n"
        f"translators: [{q(text('translator', SHORT))}]\n"
        "reviewed: false\n"
        "---\n" + body(slug + "-en")
    )


INFOGRAPHICS = {
    "ke-gian-buoc": f"""\
type: steps
title: {q(text('ig-steps-title', SHORT))}
source: {q(DOC_KEY)}
items:
  - title: {q(text('ig-step1', SHORT))}
    text: {q(text('ig-step1-text', SHORT))}
  - title: {q("]]> --> <script>")}
    text: {q(VTT_PAYLOAD)}
""",
    "ke-gian-moc": f"""\
type: timeline
title: {q(text('ig-time-title', SHORT))}
items:
  - date: {q("<b>2024</b>")}
    title: {q(text('ig-time1', SHORT))}
    text: {q("&amp; ]]> -->")}
  - date: "01/01/2025"
    title: {q("<script>alert(1)</script>")}
""",
    "ke-gian-so-sanh": f"""\
type: compare
title: {q(text('ig-cmp-title', SHORT))}
columns:
  - title: {q("<b>Cột</b> &")}
    items: [{q(text('ig-cmp-item', SHORT))}, {q("]]>")}]
  - title: {q("--> <!--")}
    items: [{q("<script>alert(1)</script>")}]
""",
    "ke-gian-so": f"""\
type: numbers
title: {q(text('ig-num-title', SHORT))}
items:
  - value: {q("<b>9</b>&")}
    label: {q(text('ig-num-label', SHORT))}
""",
    "ke-gian-bang": f"""\
type: table
title: {q(text('ig-tab-title', SHORT))}
header: [{q("<th>&")}, {q(text('ig-tab-head', SHORT))}]
rows:
  - [{q("<td>]]>")}, {q(text('ig-tab-cell', SHORT))}]
  - [{q("-->")}, {q("<script>alert(1)</script>")}]
""",
}


def files(video: bool = False) -> dict[str, str | bytes]:
    """The hostile library's files (relative path → text or bytes)."""
    out: dict[str, str | bytes] = {
        "mkdocs.yml": (f"site_name: {q('Tủ sách <b>x</b> & ]]> -->')}\n"
                       f"site_description: {q(text('site-desc', SHORT))}\n"
                       f"copyright: {q(text('copyright', SHORT))}\n"),
        "content/_data/fields.yml": (
            f"truy-van:\n  title: {q(text('field-title', PAYLOAD[:120]))}\n"
            f"  description: {q(text('field-desc'))}\n"),
        "content/_data/audiences.yml": (
            f"ke-gian:\n  title: {q(text('aud-title', PAYLOAD[:120]))}\n"
            f"  description: {q(text('aud-desc'))}\n"),
        "content/_data/documents.yml": (
            f"{q(DOC_KEY)}:\n  type: {q(text('doc-type', SHORT))}\n"
            f"  title: {q(text('doc-title'))}\n  issuer: {q(text('doc-issuer', SHORT))}\n"
            "  issued: 2024-01-18\n  effective: 2024-08-01\n"
            f"  url: {q(DOC_URL)}\n"
            f"{q(DOC_OLD)}:\n  type: Luật\n  title: {q(text('doc-old-title', SHORT))}\n"
            "  issuer: Quốc hội\n  issued: 2012-06-18\n  effective: 2013-01-01\n"
            f"  expires: 2025-01-01\n  replaced_by: {q(DOC_KEY)}\n"),
        "content/_data/languages.yml": (
            "vi:\n  name: Tiếng Việt\n  name_vi: Tiếng Việt\n"
            f"en:\n  name: {q(text('lang-name', SHORT))}\n"
            f"  name_vi: {q(text('lang-name-vi', SHORT))}\n"),
        "content/_data/glossary.yml": (
            f"{q(GLOSSARY_TERM)}:\n  definition: {q(text('gloss-def'))}\n"
            f"  translations: {{en: {q(text('gloss-en', SHORT))}}}\n"),
        "content/_data/ui/en.yml": (
            f"home: {q(text('ui-home', SHORT))}\n"
            f"lead_home: {q('{count} ' + text('ui-lead', SHORT))}\n"
            f"translators: {q(text('ui-translators', SHORT))}\n"),
        "audiobooks/voices.yml": (
            "default: vi-bac\nvoices:\n"
            f"  vi-bac: {{lang: vi, engine: espeak, voice: vi, label: {q(text('voice', SHORT))}}}\n"
            f"  en-espeak: {{lang: en, engine: espeak, voice: en, label: {q(text('voice-en', SHORT))}}}\n"),
        "audiobooks/lexicon.yml": f"UBND: {q('ủy ban <script>alert(1)</script> ]]> -->')}\n",
        "content/truy-van/anh.png": tiny_png(),
        "content/truy-van/ke-gian.md": explainer("ke-gian", infographics=tuple(INFOGRAPHICS)),
        "content/truy-van/ke-gian.en.md": translation("ke-gian"),
        "content/truy-van/ke-gian-hai.md": explainer("ke-gian-hai", video=video),
    }
    out.update({f"infographics/{name}.yml": spec for name, spec in INFOGRAPHICS.items()})
    return out


def write(root: Path, video: bool = False) -> Path:
    for rel, content in files(video).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, "utf-8")
    return root
