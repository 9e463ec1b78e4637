"""Search as readers type it: real queries through the site's own search page in Chromium.

Each expected answer is the explainer that best answers the reader's question, read from
`content/`, not whatever the engine happens to return.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from generators.library import Library, load_library
from tests.conftest import ROOT, TODAY

pytestmark = pytest.mark.browser

THU_VIEC = "lao-dong/thoi-gian-thu-viec/"
HOP_DONG = "lao-dong/hop-dong-lao-dong/"
NGHI_VIEC = "lao-dong/nghi-viec-bao-truoc/"
SO_DO = "dat-dai/cap-so-do-lan-dau/"
MUA_BAN_DAT = "dat-dai/chuyen-nhuong-quyen-su-dung-dat/"
THU_HOI_DAT = "dat-dai/boi-thuong-khi-thu-hoi-dat/"
NONG_DO_CON = "giao-thong/nong-do-con-khi-lai-xe/"
MU_BAO_HIEM = "giao-thong/mu-bao-hiem-va-cho-tre-em/"
KET_HON = "hon-nhan-gia-dinh/dieu-kien-va-thu-tuc-dang-ky-ket-hon/"
LY_HON = "hon-nhan-gia-dinh/ly-hon-thuan-tinh-don-phuong-va-nuoi-con/"
HOA_GIAI = "hoa-giai-co-so/hoa-giai-o-co-so-la-gi/"
CAC_BUOC_HOA_GIAI = "hoa-giai-co-so/cac-buoc-hoa-giai-o-thon-to-dan-pho/"
LUA_DAO = "an-ninh-mang/nhan-biet-lua-dao-truc-tuyen/"
DU_LIEU = "an-ninh-mang/bao-ve-du-lieu-ca-nhan/"
MUA_ONLINE = "tieu-dung/mua-hang-online-bi-loi-khieu-nai-the-nao/"
NGUOI_TIEU_DUNG = "tieu-dung/quyen-cua-nguoi-tieu-dung/"
CHUYEN_DOI_SO = "pho-bien-phap-luat/chuyen-doi-so-pho-bien-giao-duc-phap-luat/"
LAND = (SO_DO, MUA_BAN_DAT, THU_HOI_DAT)


def nfd(text: str) -> str:
    """As macOS and some keyboards send it: letters and combining marks apart."""
    return unicodedata.normalize("NFD", text)


# (what the reader types, the explainer that must come first)
QUERIES: list[tuple[str, str | tuple[str, ...]]] = [
    # Lao động
    ("thu viec bao lau", THU_VIEC),
    ("luong thu viec", THU_VIEC),
    ("Thử việc tối đa bao nhiêu ngày", THU_VIEC),
    ("THU VIEC", THU_VIEC),
    ("thuwr vieecj", THU_VIEC),
    ("nghi viec phai bao truoc bao lau", NGHI_VIEC),
    ("nghỉ việc báo trước", NGHI_VIEC),
    ("tro cap thoi viec", NGHI_VIEC),  # only nghi-viec-bao-truoc explains trợ cấp thôi việc
    ("hop dong lao dong co may loai", HOP_DONG),
    ("HỢP ĐỒNG LAO ĐỘNG", HOP_DONG),
    ("cong ty giu can cuoc ban goc", HOP_DONG),  # "không được giữ bản chính giấy tờ"
    ("45/2019/QH14 thử việc", THU_VIEC),
    ("45 2019 qh14 nghi viec", NGHI_VIEC),
    ("45/2019/qh14 hop dong", HOP_DONG),
    ("145/2020/NĐ-CP", NGHI_VIEC),  # the only explainer citing it
    ("145/2020/ND-CP", NGHI_VIEC),
    ("145 2020 nd cp", NGHI_VIEC),
    # Đất đai: "land" alone has no single answer; it must be one of the land explainers
    ("dat dai", LAND),
    ("đất đai", LAND),
    ("luaatj ddaats ddai", LAND),
    ("lam so do lan dau", SO_DO),
    ("sổ đỏ", SO_DO),
    ("so hong cu con gia tri khong", SO_DO),
    ("mua ban dat giay tay", MUA_BAN_DAT),
    ("sang tên sổ đỏ", MUA_BAN_DAT),
    ("cong chung hop dong mua ban dat", MUA_BAN_DAT),
    ("thu hoi dat boi thuong", THU_HOI_DAT),
    ("tái định cư", THU_HOI_DAT),
    ("88/2024/NĐ-CP", THU_HOI_DAT),
    # Giao thông
    ("nong do con", NONG_DO_CON),
    ("uong bia lai xe bi phat bao nhieu", NONG_DO_CON),
    (nfd("nồng độ cồn"), NONG_DO_CON),
    ("  NỒNG   ĐỘ  CỒN  ", NONG_DO_CON),
    ("tru diem giay phep lai xe", NONG_DO_CON),
    ("doi mu bao hiem", MU_BAO_HIEM),
    ("xe máy chở mấy người", MU_BAO_HIEM),
    ("tre em ngoi ghe truoc o to", MU_BAO_HIEM),
    ("bao nhieu tuoi duoc lai xe may", MU_BAO_HIEM),
    # Hôn nhân và gia đình
    ("đăng ký kết hôn", KET_HON),
    ("dang ky ket hon", KET_HON),
    ("ddawng kys keets hoon", KET_HON),
    (nfd("đăng ký kết hôn"), KET_HON),
    ("tao hon", KET_HON),
    ("bao nhieu tuoi duoc ket hon", KET_HON),
    ("ly hon don phuong", LY_HON),
    ("ai duoc nuoi con sau ly hon", LY_HON),
    ("tien cap duong nuoi con", LY_HON),
    (nfd("thuận tình ly hôn"), LY_HON),
    # Every word is also on the land explainers ("hơn", "lý", "đơn"): the page about divorce,
    # lacking "đâu", must still come first
    ("nop don ly hon o dau", LY_HON),
    # Hòa giải ở cơ sở
    ("to hoa giai gom nhung ai", HOA_GIAI),  # "tờ", "gồm" … are on the land-transfer page too
    ("hòa giải ở cơ sở", HOA_GIAI),
    ("hoa giai o co so", HOA_GIAI),
    ("hoaf giair owr cow sowr", HOA_GIAI),
    ("hòa giải viên là ai", HOA_GIAI),
    ("mau thuan voi hang xom", CAC_BUOC_HOA_GIAI),
    ("cac buoc hoa giai", CAC_BUOC_HOA_GIAI),
    # An ninh mạng
    ("lua dao qua dien thoai", LUA_DAO),
    ("bị lừa chuyển tiền phải làm gì", LUA_DAO),
    ("ma OTP", LUA_DAO),
    ("gia danh cong an", LUA_DAO),
    ("luwaf ddaor truwcj tuyeens", LUA_DAO),
    ("du lieu ca nhan", DU_LIEU),
    ("lộ thông tin cá nhân", DU_LIEU),
    ("91/2025/QH15", DU_LIEU),
    # Bảo vệ người tiêu dùng
    ("mua hang online bi loi", MUA_ONLINE),
    ("khieu nai nguoi ban", MUA_ONLINE),
    ("quyen cua nguoi tieu dung", NGUOI_TIEU_DUNG),
    ("luật bảo vệ người tiêu dùng 2023 có gì mới", NGUOI_TIEU_DUNG),
    # Phổ biến, giáo dục pháp luật: Decision 766/QĐ-TTg
    ("de an", CHUYEN_DOI_SO),
    ("đề án", CHUYEN_DOI_SO),
    ("766/QĐ-TTg", CHUYEN_DOI_SO),
    ("766/QD-TTg", CHUYEN_DOI_SO),
    ("766 qd ttg", CHUYEN_DOI_SO),
    ("chuyen doi so phap luat", CHUYEN_DOI_SO),
    ("sách nói", CHUYEN_DOI_SO),
    ("tu sach phap luat dien tu", CHUYEN_DOI_SO),
    ("tieng dan toc thieu so", CHUYEN_DOI_SO),
    ("pbgdpl", CHUYEN_DOI_SO),
    ("nguoi khuyet tat tiep can phap luat", CHUYEN_DOI_SO),
]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if not unicodedata.combining(c)).strip()


def _id(query: str) -> str:
    """A readable test id: the query without marks, tagged when it was typed in NFD."""
    kind = "nfd " if query != unicodedata.normalize("NFC", query) else ""
    return kind + " ".join(_ascii(query).split()) + ("" if query.isascii() else " (co dau)")


class Hit(NamedTuple):
    href: str  # the page, without the section the result points to
    section: str  # that section's anchor ("" for the page itself)
    title: str
    field: str
    marks: list[str]


Search = Callable[[str], list[Hit]]

_HITS = """() => [...document.querySelectorAll('#tsp-search-results > li')].map(li => ({
  href: li.querySelector('h2 a').href,
  title: li.querySelector('h2 a').textContent,
  field: (li.querySelector('.tsp-result__field') || {}).textContent || '',
  marks: [...li.querySelectorAll('.tsp-result__excerpt mark')].map(m => m.textContent)}))"""


def hits(page: Any) -> list[Hit]:
    found = []
    for h in page.evaluate(_HITS):
        href, _, section = h.pop("href").partition("#")
        found.append(Hit(href=href, section=section, **h))
    return found


def wait_done(page: Any, query: str) -> None:
    """Wait until the search page has shown the results for `query`."""
    meant = page.evaluate("q => window.tspSearch.normalise(q)", query)
    page.wait_for_function(
        "q => document.getElementById('tsp-search').getAttribute('data-done') === q", arg=meant)


def search_on(page: Any, query: str) -> list[Hit]:
    """Put `query` in the search page's box and press Enter."""
    page.evaluate("() => document.getElementById('tsp-search').removeAttribute('data-done')")
    # Set the value without an `input` event: its debounced search would race the Enter.
    page.evaluate("q => { document.getElementById('tsp-search-q').value = q; }", query)
    page.press("#tsp-search-q", "Enter")
    wait_done(page, query)
    return hits(page)


def top3(found: list[Hit]) -> str:
    return "; ".join(f"{h.title} ({h.href}#{h.section})" for h in found[:3]) or "không có kết quả"


def anchors_of(library: Library, href: str) -> set[str]:
    """The anchors of the headings of the explainer at `href`."""
    explainer = next(e for e in library.published if href.endswith("/" + e.url))
    return ({s.anchor for s in explainer.body.sections if s.title}
            | {h.anchor for h in explainer.body.headings})


def path_of(url: str, base_url: str) -> str:
    return url.removeprefix(base_url).lstrip("/")


@pytest.fixture(scope="module")
def library() -> Library:
    lib, problems = load_library(ROOT, TODAY)
    assert lib is not None, [p.format() for p in problems.errors]
    return lib


@pytest.fixture(scope="module")
def search(shared_page: Any, base_url: str) -> Search:
    """Queries typed one after another in one search page (warm index, much faster)."""

    def run(query: str) -> list[Hit]:
        # Other tests navigate the same page elsewhere or tick filters: start afresh then.
        fresh = shared_page.url.startswith(base_url + "tim-kiem/") and shared_page.evaluate(
            "() => !!window.tspSearch && !document.querySelector('.tsp-filters input:checked')")
        if not fresh:
            shared_page.goto(base_url + "tim-kiem/")
            shared_page.wait_for_function("() => window.tspSearch !== undefined")
        return search_on(shared_page, query)

    return run


def test_the_table_is_big_and_its_answers_exist(library: Library) -> None:
    urls = {e.url for e in library.published}
    assert len(QUERIES) >= 45
    answers = {url for _, expected in QUERIES
               for url in (expected if isinstance(expected, tuple) else (expected,))}
    assert answers <= urls
    plain = [q for q, _ in QUERIES if _ascii(q) == q]
    assert len(plain) >= len(QUERIES) * 0.45  # about half typed without any diacritics


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[_id(q) for q, _ in QUERIES])
def test_top_result(search: Search, library: Library, query: str, expected: str) -> None:
    found = search(query)
    assert found, f"{query!r}: không có kết quả, cần {expected}"
    assert found[0].href.endswith(expected if isinstance(expected, tuple) else (expected,)), (
        f"{query!r}: cần {expected} đứng đầu; 3 kết quả đầu: {top3(found)}")
    if found[0].section:  # a section of that page, by one of its headings' anchors
        assert found[0].section in anchors_of(library, found[0].href), top3(found)


@pytest.mark.parametrize("query", ["45/2019/QH14", "45 2019 qh14", "45/2019/qh14"])
def test_document_number_brings_every_explainer_citing_it(
        search: Search, library: Library, base_url: str, query: str) -> None:
    # Three explainers cite the Labour Code equally; none is "the" answer, all must come first.
    citing = sorted(e.url for e in library.published if "45/2019/QH14" in e.documents)
    assert len(citing) >= 2
    found = search(query)
    assert sorted(path_of(h.href, base_url) for h in found[:len(citing)]) == citing, top3(found)


# (typed word, where it is, the explainer with the same letters but other marks)
DIACRITIC_PAIRS = [
    ("thuê", HOP_DONG, MUA_BAN_DAT),        # người thuê bạn làm việc / thuế khi sang tên
    ("thuế", MUA_BAN_DAT, HOP_DONG),
    ("cưới", KET_HON, THU_HOI_DAT),         # đám cưới / cuối năm 2025
    ("cuối", THU_HOI_DAT, KET_HON),
    ("nồng", NONG_DO_CON, THU_HOI_DAT),     # nồng độ cồn / đất nông nghiệp
    ("nông", THU_HOI_DAT, NONG_DO_CON),
]


@pytest.mark.parametrize(("word", "exact", "other"), DIACRITIC_PAIRS,
                         ids=[f"{_ascii(w)}-{n}" for n, (w, _, _) in enumerate(DIACRITIC_PAIRS)])
def test_exact_diacritics_rank_first(search: Search, word: str, exact: str, other: str) -> None:
    found = search(word)
    hrefs = [h.href for h in found]
    assert any(h.endswith(other) for h in hrefs), f"{word!r} phải khớp cả {other}: {top3(found)}"
    assert hrefs[0].endswith(exact), f"{word!r}: cần {exact} đứng đầu; {top3(found)}"
    marked = [m.strip(".,:;!?()“”\"").casefold() for m in found[0].marks]
    assert marked and marked[0] == word, (word, found[0].marks)


# (phrase, the explainer with the words together, one with all of them apart)
PHRASES = [
    ("hợp đồng thử việc", THU_VIEC, HOP_DONG),
    ("trừ điểm", NONG_DO_CON, MU_BAO_HIEM),  # "trừ 2 điểm" in mu-bao-hiem
    ("bạo lực gia đình", LY_HON, HOA_GIAI),
]


@pytest.mark.parametrize(("phrase", "together", "apart"), PHRASES,
                         ids=[_ascii(p) for p, _, _ in PHRASES])
def test_words_together_rank_first(search: Search, shared_page: Any, phrase: str,
                                   together: str, apart: str) -> None:
    found = search(phrase)
    more = shared_page.get_by_role("button", name="Xem thêm kết quả")
    while more.is_visible():  # the page shows five results first; the test needs them all
        count = len(found)
        more.click()
        shared_page.wait_for_function("n => document.querySelectorAll("
                                      "'#tsp-search-results > li').length > n", arg=count)
        found = hits(shared_page)
    hrefs = [h.href for h in found]
    where = {path: next((i for i, h in enumerate(hrefs) if h.endswith(path)), None)
             for path in (together, apart)}
    assert None not in where.values(), f"{phrase!r}: {where}; {top3(found)}"
    assert where[together] == 0, f"{phrase!r}: cần {together} đứng đầu; {top3(found)}"


def test_field_filter_keeps_only_that_field(shared_page: Any, base_url: str) -> None:
    page = shared_page
    page.goto(base_url + "tim-kiem/?q=" + quote("hòa giải"))
    wait_done(page, "hòa giải")
    before = hits(page)
    assert {h.field for h in before} > {"Lĩnh vực: Hôn nhân và gia đình"}, top3(before)
    filters = page.locator(".tsp-filters")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()
    field = filters.locator("fieldset", has=page.locator("legend", has_text="Lĩnh vực"))
    page.evaluate("() => document.getElementById('tsp-search').removeAttribute('data-done')")
    field.get_by_label("Hôn nhân và gia đình").check()
    wait_done(page, "hòa giải")
    after = hits(page)
    assert after, "bộ lọc không để lại kết quả nào"
    assert {h.field for h in after} == {"Lĩnh vực: Hôn nhân và gia đình"}, top3(after)
    assert all("/hon-nhan-gia-dinh/" in h.href for h in after), top3(after)
    assert after[0].href.endswith(LY_HON)
    assert "linh_vuc=" in page.url


@pytest.mark.parametrize("query", ["xqzvw", "xqzvw kjhgf"])
def test_status_when_nothing_is_found(shared_page: Any, base_url: str, query: str) -> None:
    page = shared_page
    page.goto(base_url + "tim-kiem/?q=" + quote(query))
    wait_done(page, query)
    assert hits(page) == []
    expect(page.locator("#tsp-search-status")).to_have_text(
        f"Không tìm thấy bài nào cho “{query}”. Hãy thử từ ngắn hơn hoặc bỏ bớt bộ lọc.")


def test_header_search_box_leads_to_results(shared_page: Any, base_url: str) -> None:
    page = shared_page
    page.goto(base_url)
    page.fill("#tsp-hq", "thu viec")
    page.press("#tsp-hq", "Enter")
    page.wait_for_url(lambda url: url.startswith(base_url + "tim-kiem/"))
    wait_done(page, "thu viec")
    found = hits(page)
    assert found and found[0].href.endswith(THU_VIEC), top3(found)
    expect(page.locator("#tsp-search-q")).to_have_value("thu viec")
