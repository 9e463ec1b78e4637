"""generators/library/glossary.py: marking glossary terms in rendered HTML, and glossary.yml."""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from types import MappingProxyType

from generators.library import load_library
from generators.library.glossary import MarkedTerm, glossary_anchor, mark_terms
from generators.library.model import GlossaryTerm
from tests.conftest import ROOT, TODAY

URL = "../../thuat-ngu/"


def term(text: str, definition: str = "", **translations: str) -> GlossaryTerm:
    return GlossaryTerm(text, definition or f"Định nghĩa {text}.", MappingProxyType(translations))


def glossary(*terms: GlossaryTerm) -> dict[str, GlossaryTerm]:
    return {t.term: t for t in terms}


def link(anchor: str, text: str) -> str:
    return (f'<a class="tsp-term" href="{URL}#{anchor}" aria-describedby="tsp-def-{anchor}">'
            f"<dfn>{text}</dfn></a>")


def mark(html: str, *terms: GlossaryTerm, lang: str = "vi") -> tuple[str, list[str]]:
    out, marked = mark_terms(html, glossary(*terms), lang, URL)
    return out, [m.anchor for m in marked]


HOA_GIAI = term("hòa giải ở cơ sở", "Giúp các bên tự thỏa thuận tại thôn.",
                en="Community mediation in the village.")
THU_VIEC = term("thử việc", "Thời gian làm thử.", en="Trial period.")
QSDD = term("quyền sử dụng đất")
GCN = term("giấy chứng nhận quyền sử dụng đất")
HIEU_LUC = term("hiệu lực")


def test_anchor_is_the_ascii_slug() -> None:
    assert glossary_anchor("Hòa giải ở cơ sở") == "hoa-giai-o-co-so"
    assert glossary_anchor("Ủy ban nhân dân") == "uy-ban-nhan-dan"
    assert glossary_anchor("phổ biến, giáo dục pháp luật") == "pho-bien-giao-duc-phap-luat"


def test_first_occurrence_only() -> None:
    html = "<p>Thời gian thử việc.</p>\n<ul>\n<li>thử việc lần hai</li>\n</ul>\n"
    out, anchors = mark(html, THU_VIEC)
    assert out == (f"<p>Thời gian {link('thu-viec', 'thử việc')}.</p>\n"
                   "<ul>\n<li>thử việc lần hai</li>\n</ul>\n")
    assert anchors == ["thu-viec"]


def test_case_insensitive_keeps_the_original_text() -> None:
    out, anchors = mark("<p>Hòa giải ở cơ sở là tự nguyện.</p>", HOA_GIAI)
    assert out == f"<p>{link('hoa-giai-o-co-so', 'Hòa giải ở cơ sở')} là tự nguyện.</p>"
    assert anchors == ["hoa-giai-o-co-so"]
    out, _ = mark("<p>HÒA GIẢI Ở CƠ SỞ</p>", HOA_GIAI)
    assert out == f"<p>{link('hoa-giai-o-co-so', 'HÒA GIẢI Ở CƠ SỞ')}</p>"


def test_marked_terms_in_order_of_first_occurrence() -> None:
    html = "<p>Hết thử việc.</p><p>Hòa giải ở cơ sở, thử việc, hòa giải ở cơ sở.</p>"
    _, anchors = mark(html, HOA_GIAI, THU_VIEC)
    assert anchors == ["thu-viec", "hoa-giai-o-co-so"]


def test_not_in_headings_links_code_abbr_dfn_or_scripts() -> None:
    html = ('<h2 id="thu-viec">Thử việc</h2>\n'
            '<h3>Về thử việc</h3>\n'
            '<p><a href="thoi-gian-thu-viec/">thử việc</a> <code>thử việc</code> '
            '<abbr title="x">thử việc</abbr> <dfn>thử việc</dfn> <kbd>thử việc</kbd></p>\n'
            "<pre><code>thử việc\n</code></pre>\n"
            "<script>var a = 'thử việc';</script><style>/* thử việc */</style>\n"
            "<p>Sau đó: thử việc.</p>\n")
    out, anchors = mark(html, THU_VIEC)
    assert out == html.replace("Sau đó: thử việc.", f"Sau đó: {link('thu-viec', 'thử việc')}.")
    assert anchors == ["thu-viec"]


def test_text_around_a_nested_excluded_element_is_marked() -> None:
    html = "<p><strong>Lưu ý <code>x</code> về thử việc</strong></p>"
    out, _ = mark(html, THU_VIEC)
    assert out == f"<p><strong>Lưu ý <code>x</code> về {link('thu-viec', 'thử việc')}</strong></p>"


def test_not_in_attributes_or_comments() -> None:
    html = ('<p title="thử việc"><img src="a.png" alt="thử việc"><!-- thử việc -->'
            '<span data-x="hiệu lực">có hiệu lực</span></p>')
    out, anchors = mark(html, THU_VIEC, HIEU_LUC)
    assert out == ('<p title="thử việc"><img src="a.png" alt="thử việc"><!-- thử việc -->'
                   f'<span data-x="hiệu lực">có {link("hieu-luc", "hiệu lực")}</span></p>')
    assert anchors == ["hieu-luc"]


def test_longest_term_wins() -> None:
    html = "<p>Giấy chứng nhận quyền sử dụng đất ghi rõ quyền sử dụng đất của bạn.</p>"
    out, anchors = mark(html, QSDD, GCN)
    gcn = link("giay-chung-nhan-quyen-su-dung-dat", "Giấy chứng nhận quyền sử dụng đất")
    assert out == (f"<p>{gcn} ghi rõ {link('quyen-su-dung-dat', 'quyền sử dụng đất')} của bạn.</p>")
    assert anchors == ["giay-chung-nhan-quyen-su-dung-dat", "quyen-su-dung-dat"]


def test_a_longer_term_covers_the_shorter_one_inside_it_every_time() -> None:
    html = "<p>Giấy chứng nhận quyền sử dụng đất, rồi giấy chứng nhận quyền sử dụng đất.</p>"
    out, anchors = mark(html, QSDD, GCN)
    assert anchors == ["giay-chung-nhan-quyen-su-dung-dat"]
    assert out.endswith(", rồi giấy chứng nhận quyền sử dụng đất.</p>")


def test_whole_words_only_with_diacritics() -> None:
    html = "<p>thử việcx, xthử việc, thử việcở, ởthử việc, thử việc_1</p>"
    assert mark(html, THU_VIEC) == (html, [])
    out, _ = mark("<p>(thử việc)</p>", THU_VIEC)
    assert out == f"<p>({link('thu-viec', 'thử việc')})</p>"
    # "việc" is not "việt", and "thử" is not "thừ": diacritics are part of the word
    assert mark("<p>thử việt, thừ việc</p>", THU_VIEC) == ("<p>thử việt, thừ việc</p>", [])


def test_a_shorter_term_inside_a_phrase_that_is_not_a_term() -> None:
    out, anchors = mark("<p>Luật có hiệu lực từ ngày 1/7/2026.</p>", HIEU_LUC)
    assert out == f"<p>Luật có {link('hieu-luc', 'hiệu lực')} từ ngày 1/7/2026.</p>"
    co_hieu_luc = term("có hiệu lực")
    out, anchors = mark("<p>Luật có hiệu lực, hết hiệu lực.</p>", HIEU_LUC, co_hieu_luc)
    assert out == (f"<p>Luật {link('co-hieu-luc', 'có hiệu lực')}, "
                   f"hết {link('hieu-luc', 'hiệu lực')}.</p>")
    assert anchors == ["co-hieu-luc", "hieu-luc"]


def test_words_split_by_a_line_break_or_nbsp() -> None:
    out, _ = mark("<p>thử\nviệc</p>", THU_VIEC)
    assert out == "<p>" + link("thu-viec", "thử\nviệc") + "</p>"
    out, _ = mark("<p>thử&nbsp;việc</p>", THU_VIEC)
    assert out == f"<p>{link('thu-viec', 'thử&nbsp;việc')}</p>"


def test_entities_survive_unchanged() -> None:
    html = "<p>A &amp; B &lt;thử việc&gt; &#39;x&#39; &quot;y&quot; &copy; &unknown; &amp</p>"
    out, anchors = mark(html, THU_VIEC)
    assert out == html.replace("thử việc", link("thu-viec", "thử việc"))
    assert anchors == ["thu-viec"]
    # a term is never found inside a reference
    assert mark("<p>&amp;</p>", term("amp")) == ("<p>&amp;</p>", [])


def test_output_is_byte_identical_without_a_match() -> None:
    html = ('<!DOCTYPE html>\n<p class=\'x\'  data-a="1">Không có gì&nbsp;ở đây<br/>'
            "<img src=x alt=y></p>\n<!-- c --><?pi?>")
    assert mark(html, THU_VIEC, HOA_GIAI) == (html, [])
    assert mark("", THU_VIEC) == ("", [])
    assert mark("<p>thử việc</p>") == ("<p>thử việc</p>", [])


def test_translation_page_gets_its_language_or_vietnamese() -> None:
    html = "<p>Thử việc (thử việc), hòa giải ở cơ sở, quyền sử dụng đất.</p>"
    out, marked = mark_terms(html, glossary(THU_VIEC, HOA_GIAI, QSDD), "en", URL)
    # the term itself is Vietnamese text on an English page
    assert out.startswith('<p><a class="tsp-term" href="../../thuat-ngu/#thu-viec" '
                          'aria-describedby="tsp-def-thu-viec"><dfn lang="vi">Thử việc</dfn></a>')
    assert marked == [
        MarkedTerm(THU_VIEC, "thu-viec", "Trial period.", "en"),
        MarkedTerm(HOA_GIAI, "hoa-giai-o-co-so", "Community mediation in the village.", "en"),
        MarkedTerm(QSDD, "quyen-su-dung-dat", "Định nghĩa quyền sử dụng đất.", "vi"),
    ]
    _, marked = mark_terms(html, glossary(THU_VIEC), "vi", URL)
    assert marked == [MarkedTerm(THU_VIEC, "thu-viec", "Thời gian làm thử.", "vi")]
    _, marked = mark_terms(html, glossary(THU_VIEC), "hmn", URL)
    assert marked == [MarkedTerm(THU_VIEC, "thu-viec", "Thời gian làm thử.", "vi")]


def test_nfd_text_is_matched_and_kept_as_written() -> None:
    text = unicodedata.normalize("NFD", "Hòa giải ở cơ sở")
    out, anchors = mark(f"<p>{text} là gì?</p>", HOA_GIAI)
    assert out == f"<p>{link('hoa-giai-o-co-so', text)} là gì?</p>"
    assert anchors == ["hoa-giai-o-co-so"]
    # and an NFD term in the glossary finds NFC text
    nfd_term = term(unicodedata.normalize("NFD", "thử việc"))
    out, _ = mark("<p>thử việc</p>", nfd_term)
    assert out == f"<p>{link('thu-viec', 'thử việc')}</p>"


def test_custom_id_prefix_and_url_are_escaped() -> None:
    out, _ = mark_terms("<p>thử việc</p>", glossary(THU_VIEC), "vi", 'g/?a=1&b="', "def-")
    assert out == ('<p><a class="tsp-term" href="g/?a=1&amp;b=&quot;#thu-viec" '
                   'aria-describedby="def-thu-viec"><dfn>thử việc</dfn></a></p>')


def test_fast_on_a_long_body_with_many_terms() -> None:
    terms = [term(f"thuật ngữ số {n}") for n in range(198)] + [THU_VIEC, GCN]
    words = ("Người lao động thử việc có quyền được trả lương đúng hạn và "
             "giấy chứng nhận quyền sử dụng đất ghi tên cả vợ và chồng. ").split()
    paragraph = "<p>" + " ".join(words * 5) + " &amp; thuật ngữ số 7.</p>\n<h2>Mục</h2>\n"
    html = paragraph * (5000 // (len(words) * 5) + 1)
    mark_terms(html, glossary(*terms), "vi", URL)  # compiles and caches the pattern
    start = time.perf_counter()
    _, marked = mark_terms(html, glossary(*terms), "vi", URL)
    elapsed = time.perf_counter() - start
    assert [m.anchor for m in marked] == ["thu-viec", "giay-chung-nhan-quyen-su-dung-dat",
                                          "thuat-ngu-so-7"]
    assert elapsed < 0.2  # about 10 ms on the build machine; generous for a busy CI


def test_the_library_glossary_loads_and_is_used() -> None:
    library, problems = load_library(ROOT, TODAY, jobs=1)
    assert library is not None
    assert [p.format() for p in problems.items if "glossary" in p.path] == []
    terms = library.glossary
    assert len(terms) >= 30
    assert sum(1 for t in terms.values() if t.translations.get("en")) >= 15
    anchors = Counter(glossary_anchor(t) for t in terms)
    assert [a for a, n in anchors.items() if n > 1] == []
    assert all(t.definition.strip() for t in terms.values())
    # every term occurs in at least one explainer
    used: set[str] = set()
    for explainer in library.explainers:
        _, marked = mark_terms(explainer.body.html, terms, "vi", URL)
        used.update(m.term.term for m in marked)
    assert sorted(set(terms) - used) == []
