"""QTI 3.0 content packages: the round trip of all seven types, every item checked against
the structure the schema asks for, a package as other tools write it, and each problem at
its file and line."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree

from generators.library.model import QuizBank
from generators.quiz.interchange import qti
from tests.conftest import LibraryMaker
from tests.quiz.interchange.conftest import assert_same_bank
from tests.quiz.interchange.qti_structure import check_item, check_package
from tests.quiz.interchange.roundtrip import through_loader


def _write(tmp_path: Path, files: dict[str, str | bytes], name: str = "p.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in files.items():
            archive.writestr(member, data)
    return path


def test_round_trip_of_every_type_is_lossless(bank: QuizBank, tmp_library: LibraryMaker,
                                              tmp_path: Path) -> None:
    data, warnings = qti.dump(bank)
    assert warnings == []
    path = tmp_path / "mau.zip"
    path.write_bytes(data)
    imported = qti.load(path, "mau.zip")
    assert imported.problems.items == []
    again = imported.bank("mau")
    assert_same_bank(again, bank)
    assert_same_bank(through_loader(again, tmp_library), bank)
    assert qti.dump(bank)[0] == data  # the same bank, the same bytes


def test_every_item_and_the_manifest_have_the_schema_s_structure(bank: QuizBank) -> None:
    problems, items = check_package(qti.dump(bank)[0])
    assert problems == []
    assert sorted(items) == sorted(f"items/{qti.identifier(q.id)}.xml" for q in bank.questions)
    assert "items/q-20-ngay.xml" in items  # an id that is no XML name gets a letter first


def test_the_structure_check_finds_what_is_wrong(bank: QuizBank) -> None:
    """The checker above is only worth its passes if it fails broken items."""
    _, items = check_package(qti.dump(bank)[0])
    single = items["items/so-loai.xml"]
    breakages = {
        b'<qti-value>C2</qti-value>': b'<qti-value>C9</qti-value>',
        b'identifier="C1"': b'identifier="C2"',
        b'response-identifier="RESPONSE"': b'response-identifier="OTHER"',
        b'max-choices="1"': b'max-choices="one"',
        '<qti-simple-choice identifier="C1">Một loại</qti-simple-choice>'.encode():
            '<qti-simple-choices identifier="C1">Một loại</qti-simple-choices>'.encode(),
        b'xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"':
            b'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2"',
        b'<qti-base-value base-type="identifier">EXPLANATION</qti-base-value>':
            b'<qti-base-value base-type="identifier">OTHER</qti-base-value>',
    }
    assert check_item(single) == []
    for before, after in breakages.items():
        assert before in single
        assert check_item(single.replace(before, after, 1)), after
    root = etree.fromstring(single)
    body = root.find(f"{{{qti.QTI_NS}}}qti-item-body")
    root.remove(body)
    root.insert(0, body)
    assert check_item(etree.tostring(root))


def test_what_each_type_becomes(bank: QuizBank) -> None:
    _, items = check_package(qti.dump(bank)[0])
    ns = {"q": qti.QTI_NS}

    def item(name: str) -> etree._Element:
        return etree.fromstring(items[f"items/{name}.xml"])

    tf = item("loi-noi")
    assert [c.get("identifier") for c in tf.iterfind(".//q:qti-simple-choice", ns)] == [
        "TRUE", "FALSE"]
    assert tf.findtext(".//q:qti-correct-response/q:qti-value", namespaces=ns) == "FALSE"
    many = item("cam-mot")
    assert many.find("q:qti-response-declaration", ns).get("cardinality") == "multiple"
    assert many.find(".//q:qti-choice-interaction", ns).get("max-choices") == "0"
    fill = item("boi-thuong")
    assert [(e.get("map-key"), e.get("case-sensitive")) for e in fill.iterfind(
        ".//q:qti-map-entry", ns)] == [("bồi thường", "false"),
                                       ("đền bù = trả # {lại}", "false")]
    assert item("tuoi").find("q:qti-response-processing", ns).get("template") == \
        f"{qti.TEMPLATES}map_response.xml"
    number = item("ty-le")
    assert number.find("q:qti-response-declaration", ns).get("base-type") == "float"
    equal = number.find(".//q:qti-equal", ns)
    assert (equal.get("tolerance-mode"), equal.get("tolerance")) == ("absolute", "0.25 0.25")
    assert item("q-20-ngay").find(".//q:qti-equal", ns).get("tolerance-mode") == "exact"
    pairs = item("bao-truoc")
    assert [v.text for v in pairs.iterfind(".//q:qti-correct-response/q:qti-value", ns)] == [
        "L1 R1", "L2 R2", "L3 R3"]
    order = item("thu-viec")
    assert order.find("q:qti-response-declaration", ns).get("cardinality") == "ordered"
    prompt = order.find(".//q:qti-prompt", ns)
    prompt.tail = None
    assert etree.tostring(prompt, encoding="unicode").endswith(
        ">Xếp theo thời gian thử việc,<br/>dài nhất trước.</qti-prompt>")
    explained = item("so-loai")
    feedback = explained.find("q:qti-modal-feedback", ns)
    assert feedback.get("identifier") == "EXPLANATION"
    assert "xác định thời hạn &lt;= 36 tháng &amp; \"hết\"." in etree.tostring(
        feedback, encoding="unicode")


def test_an_unpacked_folder_and_a_single_item_file(bank: QuizBank, tmp_path: Path) -> None:
    data, _ = qti.dump(bank)
    folder = tmp_path / "goi"
    zipfile.ZipFile(BytesIO(data)).extractall(folder)
    imported = qti.load(folder, "goi")
    assert imported.problems.items == []
    assert_same_bank(imported.bank("mau"), bank)
    one = qti.load(folder / "items" / "ty-le.xml", "ty-le.xml")
    [question] = one.questions
    # Without the manifest the id, number and tolerance still come from the item itself; the
    # level and basis were only in the manifest.
    want = bank.question("ty-le")
    assert want is not None
    assert (question.id, question.number, question.tolerance, question.basis) == (
        "ty-le", want.number, want.tolerance, ())


TAO_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
    xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM" identifier="i6087f6e0">
  <metadata>
    <schema>QTI Package</schema>
    <schemaversion>3.0.0</schemaversion>
    <imsmd:lom><imsmd:general><imsmd:title><imsmd:string language="vi">
      Ôn tập   Bộ luật Lao động
    </imsmd:string></imsmd:title></imsmd:general></imsmd:lom>
  </metadata>
  <organizations/>
  <resources>
    <resource identifier="i1" type="imsqti_item_xmlv3p0" href="items/i1/qti.xml">
      <file href="items/i1/qti.xml"/>
    </resource>
    <resource identifier="i2" type="imsqti_item_xmlv3p0" href="items/i2/qti.xml">
      <file href="items/i2/qti.xml"/>
    </resource>
    <resource identifier="i3" type="imsqti_item_xmlv3p0" href="items/i3/qti.xml">
      <file href="items/i3/qti.xml"/>
    </resource>
    <resource identifier="i4" type="imsqti_item_xmlv3p0" href="items/i4/qti.xml">
      <file href="items/i4/qti.xml"/>
    </resource>
    <resource identifier="style" type="webcontent" href="style.css"><file href="style.css"/>
    </resource>
  </resources>
</manifest>
"""
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<qti-assessment-item '
        'xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="{id}" '
        'title="Câu {id}" adaptive="false" time-dependent="false">\n')
TAO_ITEMS = {
    "items/i1/qti.xml": HEAD.format(id="ITEM_1") + """\
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response><qti-value>choice_2</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
  <qti-outcome-declaration identifier="FEEDBACK" cardinality="single" base-type="identifier"/>
  <qti-item-body>
    <div class="grid-row">
      <p>Theo Bộ luật Lao động 2019,
         hợp đồng lao động có <strong>mấy</strong> loại?</p>
    </div>
    <qti-choice-interaction response-identifier="RESPONSE" shuffle="true" max-choices="1">
      <qti-prompt>Chọn một đáp án.</qti-prompt>
      <qti-simple-choice identifier="choice_1"><p>Một loại</p></qti-simple-choice>
      <qti-simple-choice identifier="choice_2"><p>Hai   loại</p></qti-simple-choice>
      <qti-simple-choice identifier="choice_3"><p>Ba loại &amp; hơn</p></qti-simple-choice>
    </qti-choice-interaction>
  </qti-item-body>
  <qti-response-processing
      template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>
  <qti-modal-feedback outcome-identifier="FEEDBACK" identifier="correct" show-hide="show">
    <qti-content-body>Đúng.</qti-content-body>
  </qti-modal-feedback>
  <qti-modal-feedback outcome-identifier="FEEDBACK" identifier="incorrect" show-hide="show">
    <qti-content-body>Sai.</qti-content-body>
  </qti-modal-feedback>
</qti-assessment-item>
""",
    "items/i2/qti.xml": HEAD.format(id="ITEM_2") + """\
  <qti-response-declaration identifier="R1" cardinality="multiple" base-type="identifier">
    <qti-mapping default-value="0">
      <qti-map-entry map-key="A" mapped-value="0.5"/>
      <qti-map-entry map-key="B" mapped-value="0.5"/>
      <qti-map-entry map-key="C" mapped-value="-1"/>
    </qti-mapping>
  </qti-response-declaration>
  <qti-item-body>
    <qti-choice-interaction response-identifier="R1" max-choices="0">
      <qti-prompt>Quyền của người lao động?</qti-prompt>
      <qti-simple-choice identifier="A">Đình công</qti-simple-choice>
      <qti-simple-choice identifier="B">Nghỉ hằng năm</qti-simple-choice>
      <qti-simple-choice identifier="C">Tự ý nghỉ việc</qti-simple-choice>
    </qti-choice-interaction>
  </qti-item-body>
  <qti-response-processing
      template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"/>
  <qti-modal-feedback outcome-identifier="FEEDBACK" identifier="fb" show-hide="show">
    <qti-content-body><p>Điều 5.</p><p>Xem thêm Điều 113.</p></qti-content-body>
  </qti-modal-feedback>
</qti-assessment-item>
""",
    "items/i3/qti.xml": HEAD.format(id="ITEM_3") + """\
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string">
    <qti-correct-response><qti-value>180</qti-value></qti-correct-response>
    <qti-mapping default-value="0">
      <qti-map-entry map-key="180" mapped-value="1"/>
      <qti-map-entry map-key="một trăm tám mươi" mapped-value="1"/>
      <qti-map-entry map-key="6 tháng" mapped-value="0"/>
    </qti-mapping>
  </qti-response-declaration>
  <qti-item-body>
    <p>Thử việc tối đa <qti-text-entry-interaction response-identifier="RESPONSE"/> ngày với
       người quản lý doanh nghiệp.</p>
  </qti-item-body>
</qti-assessment-item>
""",
    "items/i4/qti.xml": HEAD.format(id="ITEM_4") + """\
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>
  <qti-item-body>
    <qti-extended-text-interaction response-identifier="RESPONSE">
      <qti-prompt>Trình bày quyền đình công.</qti-prompt>
    </qti-extended-text-interaction>
  </qti-item-body>
</qti-assessment-item>
""",
    "style.css": "p { margin: 0 }",
}


def test_a_package_as_other_tools_write_it(tmp_path: Path) -> None:
    path = _write(tmp_path, {"imsmanifest.xml": TAO_MANIFEST, **TAO_ITEMS})
    imported = qti.load(path, "tao.zip")
    assert imported.problems.errors == []
    assert imported.title == "Ôn tập Bộ luật Lao động"
    one, two, three = imported.questions
    assert (one.id, one.type, one.text, one.choices, one.answers, one.explanation) == (
        "item-1", "single",
        "Theo Bộ luật Lao động 2019, hợp đồng lao động có mấy loại?\n\nChọn một đáp án.",
        ("Một loại", "Hai loại", "Ba loại & hơn"), ("Hai loại",), "")
    assert (two.type, two.answers, two.explanation) == (
        "multiple", ("Đình công", "Nghỉ hằng năm"), "Điều 5.\n\nXem thêm Điều 113.")
    assert (three.type, three.text, three.answers, three.loose) == (
        "fill", "Thử việc tối đa _____ ngày với người quản lý doanh nghiệp.",
        ("180", "một trăm tám mươi"), False)
    assert [(p.path, p.line, p.message) for p in imported.problems.warnings] == [
        ("tao.zip/items/i1/qti.xml", 22, "bỏ 2 phản hồi (qti-modal-feedback) theo từng "
         "trường hợp"),
        ("tao.zip/items/i4/qti.xml", 5, "loại tương tác <qti-extended-text-interaction> không "
         "có trong ngân hàng: bỏ qua")]


def _item(body: str) -> str:
    return HEAD.format(id="X") + body + "</qti-assessment-item>\n"


CHOICE = """\
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response><qti-value>{right}</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body>
    <qti-choice-interaction response-identifier="{response}" max-choices="1">
      <qti-prompt>Câu?</qti-prompt>
      <qti-simple-choice identifier="A">Có</qti-simple-choice>
      <qti-simple-choice identifier="B">Không</qti-simple-choice>
    </qti-choice-interaction>
  </qti-item-body>
"""


@pytest.mark.parametrize(("files", "where", "line", "message"), [
    ({"imsmanifest.xml": "<manifest>\n  <resources>\n</manifest>\n"}, "imsmanifest.xml", 3,
     "XML không hợp lệ: mismatched tag"),
    ({"imsmanifest.xml": '<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY a "b">]>\n<manifest/>'},
     "imsmanifest.xml", 2, "tệp XML có DOCTYPE hoặc khai báo thực thể (ENTITY): không được "
     "nhận"),
    ({"imsmanifest.xml": TAO_MANIFEST.replace("imsqti_item_xmlv3p0\" href=\"items/i1",
                                              "imsqti_item_xmlv2p1\" href=\"items/i1"),
      **TAO_ITEMS}, "imsmanifest.xml", 13, "câu hỏi QTI phiên bản cũ (imsqti_item_xmlv2p1)"),
    ({"imsmanifest.xml": TAO_MANIFEST.replace('href="items/i2/qti.xml">',
                                              'href="../../etc/passwd">'), **TAO_ITEMS},
     "imsmanifest.xml", 16, "href '../../etc/passwd' ra ngoài gói"),
    ({"imsmanifest.xml": TAO_MANIFEST, **TAO_ITEMS, "items/i3/qti.xml": None},
     "items/i3/qti.xml", 0, "không có tệp này trong gói"),
    ({"a.xml": _item(CHOICE.format(right="C", response="RESPONSE"))}, "a.xml", 3,
     "đáp án 'C' không phải identifier của lựa chọn nào"),
    ({"a.xml": _item(CHOICE.format(right="A", response="R9"))}, "a.xml", 7,
     "không có qti-response-declaration 'R9' cho tương tác"),
    ({"a.xml": _item(CHOICE.format(right="A", response="RESPONSE").replace(
        'identifier="B"', 'identifier="A"'))}, "a.xml", 10,
     "lựa chọn không có identifier, hoặc identifier 'A' trùng"),
    ({"a.xml": '<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"/>'},
     "a.xml", 1, "câu hỏi QTI 2.x, không phải QTI 3.0"),
    ({"a.xml": _item("  <qti-item-body><p>Chỉ có chữ</p></qti-item-body>\n")}, "a.xml", 2,
     "câu hỏi không có tương tác (qti-…-interaction)"),
])
def test_each_problem_at_its_file_and_line(tmp_path: Path, files: dict[str, str | None],
                                           where: str, line: int, message: str) -> None:
    path = _write(tmp_path, {k: v for k, v in files.items() if v is not None})
    imported = qti.load(path, "p.zip")
    assert [(p.path, p.line, p.message) for p in imported.problems.errors][:1] == [
        (f"p.zip/{where}", line, message)]


def test_an_item_file_alone_reports_at_its_own_path(tmp_path: Path) -> None:
    path = tmp_path / "cau.xml"
    path.write_text(_item(CHOICE.format(right="C", response="RESPONSE")), "utf-8")
    imported = qti.load(path, "cau.xml")
    assert [(p.path, p.line) for p in imported.problems.errors] == [("cau.xml", 3)]


def test_a_question_xml_cannot_carry_is_left_out_by_name(bank: QuizBank) -> None:
    first = bank.questions[0]
    data, warnings = qti.dump(replace(bank, questions=(
        first, replace(first, id="dieu-khien", text="Ký tự \x07 chuông"))))
    assert warnings == ["bỏ câu 'dieu-khien': có ký tự U+0007 XML không chứa được"]
    assert check_package(data)[0] == []


def test_a_numeric_item_of_another_tool_keeps_its_tolerance_and_its_blank(
        tmp_path: Path) -> None:
    path = tmp_path / "so.xml"
    path.write_text(_item("""\
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="float">
    <qti-correct-response><qti-value>36</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body>
    <p>Hợp đồng xác định thời hạn không quá <qti-text-entry-interaction
       response-identifier="RESPONSE"/> tháng.</p>
  </qti-item-body>
  <qti-response-processing><qti-response-condition><qti-response-if>
    <qti-equal tolerance-mode="absolute" tolerance="2 2"><qti-variable identifier="RESPONSE"/>
      <qti-correct identifier="RESPONSE"/></qti-equal>
  </qti-response-if></qti-response-condition></qti-response-processing>
"""), "utf-8")
    [question] = qti.load(path, "so.xml").questions
    assert (question.id, question.type, question.text, question.number, question.tolerance,
            question.unit) == ("x", "numeric", "Hợp đồng xác định thời hạn không quá _____ "
                               "tháng.", 36, 2, "")
