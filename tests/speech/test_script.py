"""generators/speech/script.py: the speech script of an explainer, read from the Library model."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata

import pytest

from generators.library import load_library
from generators.library.model import Explainer
from generators.speech.model import ChapterScript, Sentence, SpeechScript
from generators.speech.script import speech_script, split_sentences
from tests.conftest import ROOT, TODAY, LibraryMaker, explainer

ARTICLE = "content/lao-dong/thu-viec.md"
LEXICON = {"UBND": "Ủy ban nhân dân", "QH": "Quốc hội", "TP": "thành phố"}
OPENING = ["Thử việc tối đa bao lâu?", "Mô tả ngắn."]


def load(tmp_library: LibraryMaker, body: str,
         files: dict[str, str | bytes | None] | None = None) -> Explainer:
    root = tmp_library({ARTICLE: explainer(body=body), **(files or {})})
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.items]
    return library.explainer("thu-viec")


def script(tmp_library: LibraryMaker, body: str, lexicon: dict[str, str] | None = None,
           files: dict[str, str | bytes | None] | None = None) -> SpeechScript:
    return speech_script(load(tmp_library, body, files), LEXICON if lexicon is None else lexicon)


def plain(chapter: ChapterScript) -> list[str]:
    """The chapter's sentences, checking that none of them needed normalising."""
    for sentence in chapter.sentences:
        assert sentence.spoken == sentence.shown
    return [s.shown for s in chapter.sentences]


def chapter(tmp_library: LibraryMaker, text: str, lexicon: dict[str, str] | None = None,
            files: dict[str, str | bytes | None] | None = None) -> list[str]:
    """Sentences of a one-chapter explainer whose chapter `## A` holds `text`, after its title."""
    result = script(tmp_library, f"## A\n\n{text}\n", lexicon, files)
    assert len(result.chapters) == 2
    sentences = plain(result.chapters[1])
    assert sentences[0] == "A"
    return sentences[1:]


# --- chapters ---------------------------------------------------------------------------------

def test_opening_then_one_chapter_per_section(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## Thời gian thử việc\n\nKhông quá sáu mươi ngày.\n\n"
                                 "## Lương thử việc\n\nÍt nhất tám mươi lăm phần trăm.\n")
    assert result.slug == "thu-viec"
    assert result.lang == "vi"
    assert result.title == "Thử việc tối đa bao lâu?"
    assert [(c.title, c.anchor) for c in result.chapters] == [
        ("Mở đầu", ""), ("Thời gian thử việc", "thoi-gian-thu-viec"),
        ("Lương thử việc", "luong-thu-viec")]
    assert [plain(c) for c in result.chapters] == [
        OPENING,
        ["Thời gian thử việc", "Không quá sáu mươi ngày."],
        ["Lương thử việc", "Ít nhất tám mươi lăm phần trăm."],
    ]


def test_lead_is_read_in_the_opening(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "Đoạn mở đầu. Câu thứ hai.\n\n## A\n\nNội dung.\n")
    assert [c.title for c in result.chapters] == ["Mở đầu", "A"]
    assert plain(result.chapters[0]) == [*OPENING, "Đoạn mở đầu.", "Câu thứ hai."]
    assert plain(result.chapters[1]) == ["A", "Nội dung."]


def test_explainer_without_sections_is_only_the_opening(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "Chỉ có một đoạn.\n")
    assert [plain(c) for c in result.chapters] == [[*OPENING, "Chỉ có một đoạn."]]


def test_description_is_split_into_sentences(tmp_library: LibraryMaker) -> None:
    root = tmp_library({ARTICLE: explainer().replace(
        'description: "Mô tả ngắn."', 'description: "Câu một. Câu hai có 2 ý."')})
    library, _ = load_library(root, TODAY)
    assert library is not None
    opening = speech_script(library.explainer("thu-viec"), {}).chapters[0]
    assert opening.sentences == (
        Sentence("Thử việc tối đa bao lâu?", "Thử việc tối đa bao lâu?"),
        Sentence("Câu một.", "Câu một."),
        Sentence("Câu hai có 2 ý.", "Câu hai có hai ý."),
    )


def test_subheadings_are_sentences_of_their_own(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## A\n\n### Bước 1. Nộp hồ sơ\n\nNộp tại xã.\n\n"
                                 "#### Ghi *chú*\n\nHết.\n")
    assert [(s.shown, s.spoken) for s in result.chapters[1].sentences] == [
        ("A", "A"),
        ("Bước 1. Nộp hồ sơ", "Bước một. Nộp hồ sơ"),
        ("Nộp tại xã.", "Nộp tại xã."),
        ("Ghi chú", "Ghi chú"),
        ("Hết.", "Hết."),
    ]


# --- sentences --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "sentences"), [
    ("Câu một. Câu hai! Câu ba? Câu bốn… Câu năm...  Câu sáu.",
     ["Câu một.", "Câu hai!", "Câu ba?", "Câu bốn…", "Câu năm...", "Câu sáu."]),
    ("Phạt 1.000.000 đồng. Lãi 2,5% một năm.", ["Phạt 1.000.000 đồng.", "Lãi 2,5% một năm."]),
    ("Theo Bộ luật 45/2019/QH14. Mục 2.5 nói rõ.", ["Theo Bộ luật 45/2019/QH14.",
                                                   "Mục 2.5 nói rõ."]),
    ("Có hai cách. 3 người đồng ý.", ["Có hai cách.", "3 người đồng ý."]),
    ("Tại TP. Hồ Chí Minh có nhiều quận. Q. 1 là trung tâm.",
     ["Tại TP. Hồ Chí Minh có nhiều quận.", "Q. 1 là trung tâm."]),
    ("Gặp ThS. Lan và PGS.TS. Minh.", ["Gặp ThS. Lan và PGS.TS. Minh."]),
    ("Mang giấy tờ, ảnh v.v. và nộp.", ["Mang giấy tờ, ảnh v.v. và nộp."]),
    ("Mang giấy tờ, ảnh v.v. Sau đó nộp.", ["Mang giấy tờ, ảnh v.v.", "Sau đó nộp."]),
    ("Xem mục 2. và điểm b. Hết.", ["Xem mục 2. và điểm b.", "Hết."]),
    ('Anh nói: "Tôi đi." Sau đó về. "Ở đâu?" Chị hỏi.',
     ['Anh nói: "Tôi đi."', "Sau đó về.", '"Ở đâu?"', "Chị hỏi."]),
    ("Gọi “đường dây nóng”. “Miễn phí” cho mọi người.",
     ["Gọi “đường dây nóng”.", "“Miễn phí” cho mọi người."]),
    ("Điều kiện (xem dưới). (Điều 8) quy định rõ.", ["Điều kiện (xem dưới).",
                                                     "(Điều 8) quy định rõ."]),
    ("Thật sao? thì ra vậy.", ["Thật sao? thì ra vậy."]),
    ("Ông Đặng đến. Ông Ánh về.", ["Ông Đặng đến.", "Ông Ánh về."]),
    ("Không dấu chấm cuối", ["Không dấu chấm cuối"]),
    ("", []),
])
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_lines_of_a_paragraph_are_joined(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library, "Dòng một\ndòng hai.  \nDòng ba. Câu\nbốn.") == [
        "Dòng một dòng hai.", "Dòng ba.", "Câu bốn."]


def test_numbers_and_documents_spoken_but_shown_as_written(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## A\n\nTheo Bộ luật 45/2019/QH14, phạt 1.000.000 đồng. "
                                 "Lãi 2,5%. Nộp tại UBND xã.\n")
    assert result.chapters[1].sentences[1:] == (
        Sentence("Theo Bộ luật 45/2019/QH14, phạt 1.000.000 đồng.",
                 "Theo Bộ luật số bốn mươi lăm năm hai nghìn không trăm mười chín Quốc hội "
                 "mười bốn, phạt một triệu đồng."),
        Sentence("Lãi 2,5%.", "Lãi hai phẩy năm phần trăm."),
        Sentence("Nộp tại UBND xã.", "Nộp tại Ủy ban nhân dân xã."),
    )


def test_emphasis_and_links_read_as_their_text(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library,
                   "Đây là **rất** *quan trọng* và ***rõ***. Xem [bài thử việc](thu-viec.md) "
                   "hoặc [trang Chính phủ](https://chinhphu.vn \"Cổng\"). Đọc [luật][bl].\n\n"
                   "[bl]: https://example.org/luat\n") == [
        "Đây là rất quan trọng và rõ.", "Xem bài thử việc hoặc trang Chính phủ.", "Đọc luật."]


def test_reference_link_defined_in_another_section(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## A\n\nXem [luật][bl].\n\n[bl]: https://example.org/\n\n"
                                 "## B\n\nĐọc [Bộ luật][BL] và [bl].\n", lexicon={})
    assert plain(result.chapters[1]) == ["A", "Xem luật."]
    assert plain(result.chapters[2]) == ["B", "Đọc Bộ luật và bl."]


def test_chapter_title_written_only_as_code_is_still_read(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## `Mẫu 01`\n\nNội dung.\n", lexicon={})
    assert result.chapters[1].title == "Mẫu 01"
    assert result.chapters[1].sentences[0] == Sentence("Mẫu 01", "Mẫu một")


def test_code_is_skipped(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library, "Gõ `*101#` để xem. Bấm `OK`.\n\n```\nmã nguồn\n```\n\n"
                                "    thụt lề là mã\n\nHết.") == ["Gõ để xem.", "Bấm.", "Hết."]


def test_html_comments_and_tags_are_skipped(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library,
                   "Nộp tại <abbr title=\"Ủy ban nhân dân\">UBND</abbr> xã<!-- ghi chú -->."
                   "<br>Mang <b>căn cước</b>.\n\n<!-- bình luận\nnhiều dòng -->\n\n"
                   "<div class=\"hop\">\n<p>Chữ trong khối HTML.</p>\n</div>\n\nHết.",
                   lexicon={}) == [
        "Nộp tại UBND xã.", "Mang căn cước.", "Chữ trong khối HTML.", "Hết."]


def test_sentences_without_words_are_skipped(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library, "—\n\n`chỉ có mã`\n\n***\n\nHết.") == ["Hết."]


def test_text_is_nfc(tmp_library: LibraryMaker) -> None:
    body = unicodedata.normalize("NFD", "## Hòa giải\n\nỦy ban hòa giải.\n")
    result = script(tmp_library, body, lexicon={})
    assert plain(result.chapters[1]) == ["Hòa giải", "Ủy ban hòa giải."]
    assert all(unicodedata.is_normalized("NFC", s.shown + s.spoken)
               for c in result.chapters for s in c.sentences)


# Prints the speech script of every explainer and translation of the library at argv[1], as
# the audiobooks read it (the library's own lexicon.yml), one repr per line.
_PRINT_SCRIPTS = """
import sys
from datetime import date
from pathlib import Path

from generators.library import load_library
from generators.speech.script import speech_script

library, problems = load_library(Path(sys.argv[1]), date.fromisoformat(sys.argv[2]))
assert library is not None, [p.format() for p in problems.items]
for item in library.explainers:
    print(repr(speech_script(item, library.audiobooks.lexicon)))
    for translation in item.translations:
        print(repr(speech_script(translation, library.audiobooks.lexicon, translation.lang)))
"""
DETERMINISM_BODY = """\
Mở bài có UBND và [một liên kết][luat].

## Thời hạn

Không quá 60 ngày[^1] theo Điều 25 Bộ luật Lao động 2019; QH và TP Hà Nội^[Ghi chú ngay].

1. Nộp đơn tại UBND.
2. Chờ **xét**. Nhận kết quả.

- một
- hai

| Việc | Hạn |
| --- | --- |
| Thử việc | 60 ngày |

!!! warning "Chú ý"
    Lưu ý QĐ-TTg và QĐ, NĐ-CP và NĐ, TT-BTC và TT, CV-UBND và CV.

## Lương

Ít nhất 85% lương[^b]; HĐLĐ, BHXH, BHYT, BHTN, NLĐ, NSDLĐ đều được đọc.

[^1]: Chú thích một.
[^b]: Chú thích hai, có TP.
[luat]: https://example.org/luat

*[HĐLĐ]: hợp đồng lao động
*[NLĐ]: người lao động
*[NSDLĐ]: người sử dụng lao động
"""
LEXICON_YML = """\
UBND: Ủy ban nhân dân
QH: Quốc hội
TP: thành phố
QĐ: quyết định
QĐ-TTg: quyết định của Thủ tướng
NĐ: nghị định
NĐ-CP: nghị định của Chính phủ
TT: thông tư
TT-BTC: thông tư của Bộ Tài chính
CV: công văn
CV-UBND: công văn của Ủy ban nhân dân
BHXH: bảo hiểm xã hội
BHYT: bảo hiểm y tế
BHTN: bảo hiểm thất nghiệp
"""


def test_script_is_the_same_in_every_process(tmp_library: LibraryMaker) -> None:
    """Fresh interpreters with different string hashes (so different set and frozenset
    orders) read the same library into the same scripts: an audiobook is cached by its
    script, so one that changed between builds would be spoken again for nothing."""
    root = tmp_library({
        ARTICLE: explainer(body=DETERMINISM_BODY),
        "content/lao-dong/thu-viec.en.md": "---\ntitle: Probation\ndescription: How long."
                                           "\n---\n## Length\n\nAt most 60 days[^1].\n\n"
                                           "[^1]: A note.\n",
        "audiobooks/lexicon.yml": LEXICON_YML,
    })
    outputs = []
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", _PRINT_SCRIPTS, str(root), TODAY.isoformat()],
            cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True,
            text=True, check=False, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0].count("SpeechScript(") == 2  # the explainer and its translation
    assert "Ủy ban nhân dân" in outputs[0] and "hợp đồng lao động" in outputs[0]
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]


# --- lists ------------------------------------------------------------------------------------

def test_ordered_list_announces_items_by_number(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library, "Các bước:\n\n1. Nộp đơn.\n2. Chờ **xét**. Nhận kết quả.\n"
                                "3. Ký") == [
        "Các bước:", "Thứ nhất, Nộp đơn.", "Thứ hai, Chờ xét.", "Nhận kết quả.", "Thứ ba, Ký"]


def test_ordered_list_past_ten_and_custom_start(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## A\n\n9. chín\n10. mười\n11. mười một\n")
    assert [(s.shown, s.spoken) for s in result.chapters[1].sentences[1:]] == [
        ("Thứ chín, chín", "Thứ chín, chín"),
        ("Thứ mười, mười", "Thứ mười, mười"),
        ("Ý 11, mười một", "Ý mười một, mười một"),
    ]


def test_all_ten_ordinals(tmp_library: LibraryMaker) -> None:
    items = "\n".join(f"{n}. x" for n in range(1, 11))
    assert [s.split(",")[0] for s in chapter(tmp_library, items)] == [
        "Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy",
        "Thứ tám", "Thứ chín", "Thứ mười"]


def test_bulleted_items_are_sentences(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library, "Mang theo:\n\n- căn cước;\n- sổ hộ khẩu;\n\n* ảnh.") == [
        "Mang theo:", "căn cước;", "sổ hộ khẩu;", "ảnh."]


def test_nested_lists(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library,
                   "1. Chuẩn bị:\n   - đơn;\n   - ảnh.\n2. Nộp:\n   1. tại xã;\n"
                   "   2. hoặc trực tuyến.\n\n- Ngoài:\n  - trong.") == [
        "Thứ nhất, Chuẩn bị:", "đơn;", "ảnh.", "Thứ hai, Nộp:", "Thứ nhất, tại xã;",
        "Thứ hai, hoặc trực tuyến.", "Ngoài:", "trong."]


def test_loose_list_item_with_two_paragraphs(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library, "1. Kiểm tra đất.\n\n   Xem sổ đỏ.\n\n2. Ký hợp đồng.") == [
        "Thứ nhất, Kiểm tra đất.", "Xem sổ đỏ.", "Thứ hai, Ký hợp đồng."]


def test_list_item_starting_with_a_nested_list(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library, "1. - trong\n2.\n3. ba") == [
        "Thứ nhất, trong", "Thứ ba, ba"]


# --- tables and images ------------------------------------------------------------------------

def test_table_is_read_row_by_row_with_its_column_names(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library,
                    "## A\n\n| Loại hợp đồng | Báo trước |\n|---|---|\n"
                    "| Không xác định thời hạn | 45 ngày |\n| Dưới 12 tháng | |\n"
                    "| Khác, **tùy** | Hỏi UBND; |\n\nHết.\n")
    assert [(s.shown, s.spoken) for s in result.chapters[1].sentences[1:]] == [
        ("Hàng 1. Loại hợp đồng: Không xác định thời hạn. Báo trước: 45 ngày.",
         "Hàng một. Loại hợp đồng: Không xác định thời hạn. Báo trước: bốn mươi lăm ngày."),
        ("Hàng 2. Loại hợp đồng: Dưới 12 tháng.", "Hàng hai. Loại hợp đồng: Dưới mười hai tháng."),
        ("Hàng 3. Loại hợp đồng: Khác, tùy. Báo trước: Hỏi UBND.",
         "Hàng ba. Loại hợp đồng: Khác, tùy. Báo trước: Hỏi Ủy ban nhân dân."),
        ("Hết.", "Hết."),
    ]


def test_table_with_row_labels_and_no_first_header(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## A\n\n| | Thuận tình | Đơn phương |\n|---|---|---|\n"
                                 "| Căn cứ | Điều năm lăm | Điều năm sáu? |\n", lexicon={})
    assert result.chapters[1].sentences[1] == Sentence(
        "Hàng 1. Căn cứ. Thuận tình: Điều năm lăm. Đơn phương: Điều năm sáu?",
        "Hàng một. Căn cứ. Thuận tình: Điều năm lăm. Đơn phương: Điều năm sáu?", "row")


SVG = '<svg xmlns="http://www.w3.org/2000/svg"/>'


def test_images_are_read_by_their_alt_text(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library,
                   "![Sơ đồ *các bước* hòa giải](so-do.svg)\n\n"
                   "Xem hình. ![Mẫu đơn](so-do.svg \"Tiêu đề\") Rồi điền.",
                   files={"content/lao-dong/so-do.svg": SVG}) == [
        "Hình: Sơ đồ các bước hòa giải.", "Xem hình.", "Hình: Mẫu đơn.", "Rồi điền."]


# --- admonitions ------------------------------------------------------------------------------

@pytest.mark.parametrize(("head", "title"), [
    ("!!! note", "Ghi chú"),
    ("!!! warning", "Cảnh báo"),
    ("!!! tip", "Mẹo"),
    ("!!! example", "Ví dụ"),
    ("!!! danger", "Nguy hiểm"),
    ("!!! info", "Thông tin"),
    ("??? question", "Câu hỏi"),
    ('!!! note "Lưu ý"', "Lưu ý"),
    ('!!! warning "Cảnh báo quan trọng:"', "Cảnh báo quan trọng"),
    ("!!! note Chữ không ngoặc", "Ghi chú"),  # the site shows the kind's title too
    ("!!! custom", "Custom"),
])
def test_admonitions_are_announced_with_their_title(tmp_library: LibraryMaker, head: str,
                                                    title: str) -> None:
    assert chapter(tmp_library, f"{head}\n    Mang theo căn cước. Đến đúng giờ.\n\nHết.") == [
        f"{title}: Mang theo căn cước.", "Đến đúng giờ.", "Hết."]


def test_admonition_without_title_or_with_a_question(tmp_library: LibraryMaker) -> None:
    assert chapter(tmp_library, '!!! tip ""\n    Không tiêu đề.\n\n'
                                '!!! question "Bạn có biết?"\n    Có hạn.\n\n'
                                '!!! warning\n    1. Một.\n    2. Hai.') == [
        "Không tiêu đề.", "Bạn có biết?", "Có hạn.", "Cảnh báo: Thứ nhất, Một.", "Thứ hai, Hai."]


# --- footnotes --------------------------------------------------------------------------------

def test_footnotes_are_read_at_the_end_of_their_chapter(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library,
                    "## A\n\nTheo luật[^bl]. Có ngoại lệ [^2] và hết[^bl].\n\n"
                    "[^bl]: Điều 25 Bộ luật 45/2019/QH14.\n"
                    "[^2]: Xem **Điều 26**.\n\nĐoạn sau.\n\n## B\n\nKhông chú thích.\n")
    assert [(s.shown, s.spoken) for s in result.chapters[1].sentences] == [
        ("A", "A"),
        ("Theo luật.", "Theo luật."),
        ("Có ngoại lệ và hết.", "Có ngoại lệ và hết."),
        ("Đoạn sau.", "Đoạn sau."),
        ("Chú thích 1: Điều 25 Bộ luật 45/2019/QH14.",
         "Chú thích một: Điều hai mươi lăm Bộ luật số bốn mươi lăm năm hai nghìn không trăm "
         "mười chín Quốc hội mười bốn."),
        ("Chú thích 2: Xem Điều 26.", "Chú thích hai: Xem Điều hai mươi sáu."),
    ]
    # What the video's slides show: the section's own text, not the notes read out.
    assert [s.kind for s in result.chapters[1].sentences] == ["text"] * 4 + ["note"] * 2
    assert [s.shown for s in result.chapters[2].sentences][:1] == ["B"]


def test_footnote_is_read_in_the_chapter_that_first_cites_it(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library,
                    "Mở[^a].\n\n[^a]: Chú mở.\n[^b]: Chú hai.\n\n"
                    "## A\n\nLại[^a] và mới[^b].\n\n## B\n\nMới nữa[^b].\n", lexicon={})
    assert [[s.shown for s in c.sentences] for c in result.chapters[:2]] == [
        [*OPENING, "Mở.", "Chú thích 1: Chú mở."],
        ["A", "Lại và mới.", "Chú thích 2: Chú hai."],
    ]
    assert "Chú thích" not in " ".join(s.shown for s in result.chapters[2].sentences)


def test_inline_footnote_and_multi_paragraph_note(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## A\n\nCâu^[Chú *ngắn*.] một[^d].\n\n"
                                 "[^d]: Đoạn đầu.\n\n    Đoạn hai.\n\nHết.\n\n## B\n", lexicon={})
    assert [s.shown for s in result.chapters[1].sentences] == [
        "A", "Câu một.", "Hết.", "Chú thích 1: Chú ngắn.", "Chú thích 2: Đoạn đầu.",
        "Đoạn hai."]


def test_notes_defined_after_the_last_section_are_read_where_first_cited(
        tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## A\n\nMột[^x].\n\n## B\n\nHai[^y] [^z].\n\n"
                                 "[^y]: Chú y.\n\nBa.\n\n[^x]: Chú x.\n[^z]: Chú z.\n",
                    lexicon={})
    assert [s.shown for s in result.chapters[1].sentences] == ["A", "Một.", "Chú thích 1: Chú x."]
    assert [s.shown for s in result.chapters[2].sentences] == [
        "B", "Hai.", "Ba.", "Chú thích 2: Chú y.", "Chú thích 3: Chú z."]


def test_last_chapter_survives_an_earlier_footnote_definition(
        tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## A\n\nMột[^a].\n\n[^a]: Chú.\n\n## B\n\nHai.\n",
                    lexicon={})
    assert [s.shown for s in result.chapters[2].sentences] == ["B", "Hai."]


# --- abbreviations ----------------------------------------------------------------------------

def test_abbreviation_definitions_extend_the_lexicon(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "## A\n\n*[HTX]: hợp tác xã\n*[UBND]: Ủy ban Nhân dân\n\n"
                                 "HTX và UBND xã. HTXV không đổi.\n",
                    lexicon={"UBND": "Ủy ban nhân dân"})
    assert result.chapters[1].sentences[1:] == (
        Sentence("HTX và UBND xã.", "hợp tác xã và Ủy ban nhân dân xã."),
        Sentence("HTXV không đổi.", "HTXV không đổi."),
    )


def test_abbreviations_are_used_in_every_chapter(tmp_library: LibraryMaker) -> None:
    result = script(tmp_library, "Ở HTX.\n\n## A\n\nỞ HTX.\n\n*[HTX]: hợp tác xã\n", lexicon={})
    assert [c.sentences[-1].spoken for c in result.chapters] == ["Ở hợp tác xã.", "Ở hợp tác xã."]


# --- the starter library ----------------------------------------------------------------------

MARKDOWN = ("**", "](", "[^", "`", "<!--")


def test_every_published_explainer_of_the_starter_library() -> None:
    library, problems = load_library(ROOT, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert library.published
    for item in library.published:
        result = speech_script(item, library.audiobooks.lexicon)
        assert [c.title for c in result.chapters] == [
            "Mở đầu", *(s.title for s in item.body.chapters)], item.slug
        assert [c.anchor for c in result.chapters] == [
            "", *(s.anchor for s in item.body.chapters)], item.slug
        for chapter_script in result.chapters:
            assert chapter_script.sentences, (item.slug, chapter_script.title)
            for sentence in chapter_script.sentences:
                assert sentence.shown and sentence.spoken
                assert not [m for m in MARKDOWN if m in sentence.shown], (item.slug, sentence)
                assert not re.search(r"\d", sentence.spoken), (item.slug, sentence)
                assert unicodedata.is_normalized("NFC", sentence.shown + sentence.spoken)
