"""generators/library/html_policy.py: one allow-list, applied to every body and reported by
`check` at the line of what it removes."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from generators.errors import Problems
from generators.library.html_policy import sanitize
from generators.library.markdown import LinkContext, parse_body
from generators.library.model import Body

PATH = "content/lao-dong/thu-viec.md"
FIRST_LINE = 10
LEAD = "## Phần\n\nĐoạn đầu.\n\n"  # the payload starts on line 14
UNSAFE_HINT = "chỉ dùng HTML không chạy mã; bỏ script, iframe, on…="
REFUSED_HINT = ("phần này bị bỏ khi xuất bản; chỉ dùng thẻ định dạng chữ, danh sách, bảng, "
                "liên kết và ảnh trong content/ (xem README)")
CTX = LinkContext(
    source="lao-dong/thu-viec.md", page_url="lao-dong/thu-viec/",
    explainer_urls={"lao-dong/thu-viec.md": "lao-dong/thu-viec/"},
    file_exists={"lao-dong/anh.png"}.__contains__,
)


def parse(text: str) -> tuple[Body, list[str]]:
    problems = Problems()
    body = parse_body(text, FIRST_LINE, PATH, CTX, problems)
    return body, [p.format() for p in problems.items]


def unsafe(line: int, what: str) -> str:
    return f"{PATH}:{line}: HTML không an toàn: {what} — gợi ý: {UNSAFE_HINT}"


def refused(line: int, what: str) -> str:
    return f"{PATH}:{line}: HTML không được phép: {what} — gợi ý: {REFUSED_HINT}"


# Payloads that Python's html.parser read differently from a browser.
@pytest.mark.parametrize(("payload", "expected"), [
    ("<!--><script>alert(1)</script>", [unsafe(14, "thẻ <script>")]),
    ("<!-- x --!><script>alert(1)</script>", [unsafe(14, "thẻ <script>")]),
    ("Dòng một\n<!-- x --!><img src=x onerror=alert(1)>",
     [unsafe(15, "thuộc tính onerror=")]),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
     [refused(14, "thẻ <noscript>")]),
    ('<title><img title="</title><img src onerror=alert(1)>"></title>',
     [refused(14, "thẻ <title>"), unsafe(14, "thuộc tính onerror=")]),
    ('<textarea><img title="</textarea><img src onerror=alert(1)>"></textarea>',
     [refused(14, "thẻ <textarea>"), unsafe(14, "thuộc tính onerror=")]),
    ('<xmp><img title="</xmp><img src onerror=alert(1)>"></xmp>', [refused(14, "thẻ <xmp>")]),
    ('<noembed><img title="</noembed><img src onerror=alert(1)>"></noembed>',
     [refused(14, "thẻ <noembed>")]),
    ("<svg><style><img src=x onerror=alert(1)></style></svg>",
     [refused(14, "thẻ <svg>"), refused(14, "thẻ <style>"), unsafe(14, "thuộc tính onerror=")]),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
     [refused(14, "thẻ <math>"), refused(14, "thẻ <mtext>"), refused(14, "thẻ <mglyph>"),
      refused(14, "thẻ <style>"), unsafe(14, "thuộc tính onerror=")]),
    ("<svg><![CDATA[</svg><script>alert(1)</script>]]></svg>",
     [refused(14, "thẻ <svg>"), unsafe(14, "thẻ <script>")]),
])
def test_payloads_a_browser_runs_are_refused_at_their_line(payload: str,
                                                           expected: list[str]) -> None:
    assert parse(f"{LEAD}{payload}\n")[1] == expected


@pytest.mark.parametrize(("html", "what"), [
    ('<form action="https://example.org/thu"><input name="p"><button>Gửi</button></form>',
     ["thẻ <form>", "thẻ <input>", "thẻ <button>"]),
    ("<style>body { display: none }</style>", ["thẻ <style>"]),
    ('<p style="position:fixed;top:0">Thông báo giả</p>', ["thuộc tính style="]),
    ('<a href="https://example.org" target="_blank">x</a>', ["thuộc tính target="]),
    ('<img src="https://example.org/theo-doi.png" alt="x">',
     ["ảnh 'https://example.org/theo-doi.png' không nằm trong thư viện"]),
    ('<img src="/etc/passwd" alt="x">', ["ảnh '/etc/passwd' không nằm trong thư viện"]),
    ('<a href="vbscript:msgbox(1)">x</a>', ["liên kết 'vbscript:msgbox(1)' dùng giao thức không "
                                           "hỗ trợ"]),
    ("<video src=anh.png></video>", ["thẻ <video>"]),
])
def test_html_outside_the_allow_list_is_refused(html: str, what: list[str]) -> None:
    assert parse(f"{LEAD}{html}\n")[1] == [refused(14, w) for w in what]


def test_refused_inline_html_is_reported_at_its_own_line() -> None:
    assert parse(f"{LEAD}Dòng một\nDòng hai <form>\nDòng ba <input>\n")[1] == [
        refused(15, "thẻ <form>"), refused(16, "thẻ <input>")]


def test_safe_html_and_everything_the_renderer_writes_survive() -> None:
    text = ("## Điều kiện\n\nNhấn <kbd>Ctrl</kbd>, <mark>chú ý</mark>, H<sub>2</sub>O, "
            "x<sup>2</sup>, <abbr title=\"Ủy ban nhân dân\">UBND</abbr>[^1].\n\n"
            "| Loại | Ngày |\n|:---|---:|\n| A | 6 |\n\n"
            "![Sơ đồ](anh.png \"Tiêu đề\")\n\n"
            "!!! warning\n    Cẩn thận.\n\n"
            "<details open><summary>Xem thêm</summary>\n\nThêm.\n\n</details>\n\n"
            "[Luật](https://example.org/luat) và [thư](mailto:a@example.org).\n\n"
            "[^1]: Điều 25.\n")
    body, problems = parse(text)
    assert problems == []
    for kept in ('<h2 id="dieu-kien">', "<kbd>Ctrl</kbd>", "<mark>chú ý</mark>", "<sub>2</sub>",
                 '<abbr title="Ủy ban nhân dân">UBND</abbr>', '<th style="text-align:left">',
                 '<td style="text-align:right">',
                 '<img src="../../media/lao-dong/anh.png" alt="Sơ đồ" title="Tiêu đề" '
                 'loading="lazy" decoding="async">',
                 '<div class="admonition warning">', '<p class="admonition-title">Cảnh báo</p>',
                 "<details open=\"\"><summary>Xem thêm</summary>",
                 '<a href="https://example.org/luat" rel="noopener">Luật</a>',
                 '<a href="mailto:a@example.org">thư</a>',
                 '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>',
                 '<section class="footnotes">', '<li id="fn1" class="footnote-item">',
                 'class="footnote-backref"'):
        assert kept in body.html, kept
    assert body.html == "".join(s.html for s in body.sections)


CORPUS = [
    "<script>alert(1)</script>", "<!--><script>alert(1)</script>",
    "<!-- a --!><script>alert(1)</script>", "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<noembed><img title="</noembed><img src onerror=alert(1)>">',
    '<xmp><img title="</xmp><img src onerror=alert(1)>">',
    '<title><img title="</title><img src onerror=alert(1)>">',
    '<textarea><img title="</textarea><img src onerror=alert(1)>">',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    '<a href="java&#x09;script:alert(1)">x</a>', '<a href=" JAVASCRIPT:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', '<img src=x onerror="alert(1)">',
    '<div ONCLICK="x()">x</div>', '<p style="background:url(https://example.org/t)">x</p>',
    '<form action="https://example.org"><input name=a><button formaction="javascript:x()">'
    "b</button></form>", '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="x.swf"></object>', '<embed src="x.swf">', '<base href="https://example.org/">',
    '<meta http-equiv="refresh" content="0;url=https://example.org">',
    '<link rel="stylesheet" href="https://example.org/x.css">',
    '<img src="https://example.org/t.png">', '<img src="//example.org/t.png">',
    '<img src="/etc/passwd">', '<img srcset="https://example.org/t.png 1x">',
    "<template><script>alert(1)</script></template>", '<select><style><img src onerror=1>',
    '<table><caption><svg><foreignObject><img src onerror=alert(1)>',
]


@pytest.mark.parametrize("payload", CORPUS)
def test_the_sanitised_body_holds_no_code_style_form_or_outside_reference(payload: str) -> None:
    body, _ = parse(f"{LEAD}{payload}\n\nVà <span>{payload}</span>\n")
    for html in [body.html, *(s.html for s in body.sections), sanitize(payload)]:
        tree = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
        names = {el.tag for el in tree.iter() if isinstance(el.tag, str)}
        assert not names & {"script", "style", "form", "input", "button", "iframe", "object",
                            "embed", "base", "meta", "link", "svg", "math", "template",
                            "noscript", "textarea", "title", "select"}, html
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), html
                assert name not in ("style", "srcset", "formaction", "action"), html
                squeezed = "".join(value.split()).lower()
                assert not squeezed.startswith(("javascript:", "data:text")), html
                if el.tag == "img" and name == "src":
                    assert not squeezed.startswith(("http:", "https:", "//", "/")), html


def test_a_heading_is_plain_text_even_written_with_character_references() -> None:
    body, problems = parse("## &lt;img src=x onerror=alert(1)&gt; Điều kiện\n\nChữ.\n")
    assert problems == [
        f"{PATH}:10: tiêu đề có thẻ HTML: '<img src=x onerror=alert(1)> Điều kiện' — gợi ý: "
        "tiêu đề chỉ là chữ; bỏ thẻ HTML (kể cả viết bằng &lt; &gt;)"]
    assert body.headings[0].text == "<img src=x onerror=alert(1)> Điều kiện"
    assert body.sections[0].title == "<img src=x onerror=alert(1)> Điều kiện"
    assert "<img" not in body.html  # escaped in the body's own HTML


def test_a_heading_keeps_only_its_text_from_inline_html() -> None:
    body, problems = parse("## Quyền <em>của</em> bạn\n\nChữ.\n")
    assert problems == []
    assert body.headings[0].text == "Quyền của bạn"
    assert '<h2 id="quyen-cua-ban">Quyền <em>của</em> bạn</h2>' in body.html


def test_ids_and_classes_of_the_page_itself_are_refused_and_removed() -> None:
    body, problems = parse(LEAD + '<div id="__config" class="tsp-offline ghi-chu">x</div>\n\n'
                           '<span class="md-banner">y</span>\n\n## MD điều khiển\n\n'
                           '## Thuật ngữ trong bài\n\n<span id="xem-video">z</span>\n')
    reserved = "(tên dành riêng cho trang: __…, md-…, tsp-…, du-thi-… hoặc tên một mục của trang)"
    assert problems == [
        refused(14, f'thuộc tính id="__config" {reserved}'),
        refused(14, f'thuộc tính class="tsp-offline ghi-chu" {reserved}'),
        refused(16, f'thuộc tính class="md-banner" {reserved}'),
        refused(22, f'thuộc tính id="xem-video" {reserved}'),
    ]
    page = lxml_html.fragment_fromstring(body.html, create_parent="div")
    assert page.xpath("//*[@id='__config']") == []
    assert [e.get("class") for e in page.xpath("//div[@class]")] == ["ghi-chu"]
    assert page.xpath("//span/@class") == []
    assert page.xpath("//h2/@id")[-2:] == ["muc-md-dieu-khien", "muc-thuat-ngu-trong-bai"]
    assert page.xpath("//span/@id") == []
