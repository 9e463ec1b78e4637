"""1EdTech QTI 3.0, both ways: a content package (ZIP: `imsmanifest.xml` and one item per
question under `items/`).

single / multiple / true_false are choice interactions (true_false with the two choices
`TRUE` "Đúng" and `FALSE` "Sai"), order an order interaction, match a match interaction of
two sets (directed pairs), fill a text entry whose mapping holds every accepted answer, and
numeric a text entry of base type float graded by `qti-equal` with the tolerance. Scoring
uses the standard response processing templates where they say all (match_correct,
map_response); an item with an explanation spells the same rules out and sets FEEDBACK, so
its `qti-modal-feedback` shows the explanation once answered. What QTI has no place for (the
id when it is no XML name, the type, level, basis, `loose`, the unit, the bank's title, field
and explainers) is in the manifest's metadata, in our namespace TS_NS.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree as ET

from generators.library.data import KEY_RE
from generators.library.model import LEVELS, QUIZ_TYPES, Basis, QuizBank, QuizQuestion
from generators.quiz.interchange.common import (
    Ids,
    Imported,
    format_number,
    parse_number,
    unwritable,
)
from generators.quiz.interchange.xmltree import (
    Tree,
    XmlError,
    local,
    namespace,
    parse,
    put_text,
    serialise,
    text_of,
)

QTI_NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
TS_NS = "urn:tu-sach-phap-luat-so:quiz:1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ITEM_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
TEMPLATES = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
ITEM_TYPE = "imsqti_item_xmlv3p0"
MANIFEST = "imsmanifest.xml"
RESPONSE, SCORE, MAXSCORE, FEEDBACK, EXPLANATION = (
    "RESPONSE", "SCORE", "MAXSCORE", "FEEDBACK", "EXPLANATION")
TRUTH = (("TRUE", "Đúng"), ("FALSE", "Sai"))
MAX_MEMBERS = 5000
_OLD_QTI = ("http://www.imsglobal.org/xsd/imsqti_v2p1", "http://www.imsglobal.org/xsd/imsqti_v2p2",
            "http://www.imsglobal.org/xsd/imsqti_v2p0")
_STAMP = (1980, 1, 1, 0, 0, 0)
"""Every member's date: the same bank makes the same bytes."""

ET.register_namespace("ts", TS_NS)


def q(name: str) -> str:
    return f"{{{QTI_NS}}}{name}"


def _sub(parent: ET.Element, name: str, attrs: dict[str, str] | None = None,
         text: str | None = None) -> ET.Element:
    """A QTI element, written unqualified: `serialise` makes QTI the default namespace."""
    element = ET.SubElement(parent, name, attrs or {})
    if text is not None:
        element.text = text
    return element


# -- export ------------------------------------------------------------------------------


def identifier(question_id: str) -> str:
    """The item's identifier: the id itself when it is an XML name (starts with a letter)."""
    return question_id if question_id[:1].isalpha() else f"q-{question_id}"


def dump(bank: QuizBank) -> tuple[bytes, list[str]]:
    """The bank as a QTI 3.0 content package (ZIP bytes), and a warning for each question
    left out."""
    warnings: list[str] = []
    files: dict[str, bytes] = {}
    written: list[QuizQuestion] = []
    for question in bank.questions:
        bad = unwritable(question)
        if bad:
            warnings.append(f"bỏ câu '{question.id}': có ký tự {bad} XML không chứa được")
            continue
        files[f"items/{identifier(question.id)}.xml"] = serialise(item(question), QTI_NS)
        written.append(question)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(MANIFEST, _manifest(bank, written)), *files.items()]:
            info = zipfile.ZipInfo(name, _STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue(), warnings


def _manifest(bank: QuizBank, questions: list[QuizQuestion]) -> bytes:
    root = ET.Element("manifest", {"identifier": f"tusach-{bank.key}"})
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "QTI Package"
    ET.SubElement(metadata, "schemaversion").text = "3.0.0"
    about = ET.SubElement(metadata, f"{{{TS_NS}}}bank", {"key": bank.key})
    if bank.field:
        about.set("field", bank.field)
    ET.SubElement(about, f"{{{TS_NS}}}title").text = bank.title
    if bank.description:
        put_text(ET.SubElement(about, f"{{{TS_NS}}}description"), bank.description,
                 f"{{{TS_NS}}}br")
    for slug in bank.explainers:
        ET.SubElement(about, f"{{{TS_NS}}}explainer").text = slug
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for question in questions:
        href = f"items/{identifier(question.id)}.xml"
        resource = ET.SubElement(resources, "resource", {
            "identifier": identifier(question.id), "type": ITEM_TYPE, "href": href})
        meta = ET.SubElement(resource, "metadata")
        ET.SubElement(meta, f"{{{TS_NS}}}question", _question_meta(question))
        for basis in question.basis:
            attrs = {"document": basis.document}
            if basis.article:
                attrs["article"] = basis.article
            ET.SubElement(meta[-1], f"{{{TS_NS}}}basis", attrs)
        ET.SubElement(resource, "file", {"href": href})
    return serialise(root, CP_NS)


def _question_meta(question: QuizQuestion) -> dict[str, str]:
    attrs = {"id": question.id, "type": question.type, "level": str(question.level)}
    if question.type == "fill" and question.loose:
        attrs["loose"] = "true"
    if question.type == "numeric":
        attrs["tolerance"] = format_number(question.tolerance)
        if question.unit:
            attrs["unit"] = question.unit
    return attrs


def item(question: QuizQuestion) -> ET.Element:
    """One `qti-assessment-item`."""
    title = " ".join(question.text.split())
    root = ET.Element("qti-assessment-item", {
        f"{{{XSI_NS}}}schemaLocation": f"{QTI_NS} {ITEM_XSD}",
        "identifier": identifier(question.id), "title": title[:200], "adaptive": "false",
        "time-dependent": "false", f"{{{XML_NS}}}lang": "vi"})
    kind = question.type
    _declaration(root, question)
    for name, default in ((SCORE, "0"), (MAXSCORE, "1")):
        outcome = _sub(root, "qti-outcome-declaration", {
            "identifier": name, "cardinality": "single", "base-type": "float"})
        _sub(_sub(outcome, "qti-default-value"), "qti-value", text=default)
    if question.explanation:
        _sub(root, "qti-outcome-declaration", {
            "identifier": FEEDBACK, "cardinality": "single", "base-type": "identifier"})
    body = _sub(root, "qti-item-body")
    BODIES[kind](body, question)
    _processing(root, question)
    if question.explanation:
        feedback = _sub(root, "qti-modal-feedback", {
            "outcome-identifier": FEEDBACK, "identifier": EXPLANATION, "show-hide": "show",
            "title": "Giải thích"})
        put_text(_sub(_sub(feedback, "qti-content-body"), "p"), question.explanation,
                 "br")
    return root


def _choice_ids(question: QuizQuestion) -> list[tuple[str, str]]:
    if question.type == "true_false":
        return list(TRUTH)
    return [(f"C{n}", text) for n, text in enumerate(question.choices, 1)]


def _declaration(root: ET.Element, question: QuizQuestion) -> None:
    kind = question.type
    cardinality, base, values = "single", "identifier", []
    if kind in ("single", "multiple"):
        ids = {text: key for key, text in _choice_ids(question)}
        cardinality = "single" if kind == "single" else "multiple"
        values = [ids[a] for a in question.answers]
    elif kind == "true_false":
        values = ["TRUE" if question.truth else "FALSE"]
    elif kind == "order":
        cardinality, values = "ordered", [f"I{n}" for n in range(1, len(question.items) + 1)]
    elif kind == "match":
        rights = _rights(question)
        cardinality, base = "multiple", "directedPair"
        values = [f"L{n} R{rights.index(right) + 1}"
                  for n, (_, right) in enumerate(question.pairs, 1)]
    elif kind == "fill":
        base, values = "string", [question.answers[0]]
    elif kind == "numeric":
        base, values = "float", [format_number(question.number or 0)]
    declaration = _sub(root, "qti-response-declaration", {
        "identifier": RESPONSE, "cardinality": cardinality, "base-type": base})
    correct = _sub(declaration, "qti-correct-response")
    for value in values:
        _sub(correct, "qti-value", text=value)
    if kind == "fill":
        mapping = _sub(declaration, "qti-mapping", {"default-value": "0", "lower-bound": "0",
                                                    "upper-bound": "1"})
        for answer in question.answers:
            _sub(mapping, "qti-map-entry", {"map-key": answer, "mapped-value": "1",
                                            "case-sensitive": "false"})


def _rights(question: QuizQuestion) -> list[str]:
    return list(dict.fromkeys(right for _, right in question.pairs))


def _prompt(interaction: ET.Element, text: str) -> None:
    put_text(_sub(interaction, "qti-prompt"), text, "br")


def _choices_body(body: ET.Element, question: QuizQuestion) -> None:
    single = question.type != "multiple"
    interaction = _sub(body, "qti-choice-interaction", {
        "response-identifier": RESPONSE, "shuffle": "false" if question.type == "true_false"
        else "true", "max-choices": "1" if single else "0"})
    _prompt(interaction, question.text)
    for key, text in _choice_ids(question):
        put_text(_sub(interaction, "qti-simple-choice", {"identifier": key}), text, "br")


def _order_body(body: ET.Element, question: QuizQuestion) -> None:
    interaction = _sub(body, "qti-order-interaction", {"response-identifier": RESPONSE,
                                                      "shuffle": "true"})
    _prompt(interaction, question.text)
    for n, text in enumerate(question.items, 1):
        put_text(_sub(interaction, "qti-simple-choice", {"identifier": f"I{n}"}), text,
                 "br")


def _match_body(body: ET.Element, question: QuizQuestion) -> None:
    rights = _rights(question)
    interaction = _sub(body, "qti-match-interaction", {
        "response-identifier": RESPONSE, "shuffle": "true",
        "max-associations": str(len(question.pairs)),
        "min-associations": str(len(question.pairs))})
    _prompt(interaction, question.text)
    left_set = _sub(interaction, "qti-simple-match-set")
    for n, (left, _) in enumerate(question.pairs, 1):
        put_text(_sub(left_set, "qti-simple-associable-choice", {
            "identifier": f"L{n}", "match-max": "1"}), left, "br")
    right_set = _sub(interaction, "qti-simple-match-set")
    shared = str(len(question.pairs)) if len(rights) < len(question.pairs) else "1"
    for n, right in enumerate(rights, 1):
        put_text(_sub(right_set, "qti-simple-associable-choice", {
            "identifier": f"R{n}", "match-max": shared}), right, "br")


def _entry_body(body: ET.Element, question: QuizQuestion) -> None:
    put_text(_sub(body, "p"), question.text, "br")
    line = _sub(body, "p")
    longest = max([len(a) for a in question.answers] or [len(format_number(
        question.number or 0))])
    entry = _sub(line, "qti-text-entry-interaction", {"response-identifier": RESPONSE,
                                                     "expected-length": str(longest + 2)})
    line.text = ""
    if question.unit:
        entry.tail = f" {question.unit}"


BODIES: dict[str, Callable[[ET.Element, QuizQuestion], None]] = {
    "single": _choices_body, "multiple": _choices_body, "true_false": _choices_body,
    "order": _order_body, "match": _match_body, "fill": _entry_body, "numeric": _entry_body}


def _processing(root: ET.Element, question: QuizQuestion) -> None:
    kind = question.type
    template = "map_response" if kind == "fill" else "match_correct"
    if kind != "numeric" and not question.explanation:
        _sub(root, "qti-response-processing", {"template": f"{TEMPLATES}{template}.xml"})
        return
    processing = _sub(root, "qti-response-processing")
    condition = _sub(processing, "qti-response-condition")
    when = _sub(condition, "qti-response-if")
    if kind == "fill":
        _sub(_sub(when, "qti-is-null"), "qti-variable", {"identifier": RESPONSE})
        _set(when, SCORE, "float", "0")
        score = _sub(_sub(condition, "qti-response-else"), "qti-set-outcome-value",
                     {"identifier": SCORE})
        _sub(score, "qti-map-response", {"identifier": RESPONSE})
    else:
        if kind == "numeric":
            spread = format_number(question.tolerance)
            test = _sub(when, "qti-equal", {"tolerance-mode": "absolute",
                                            "tolerance": f"{spread} {spread}"}
                        if question.tolerance else {"tolerance-mode": "exact"})
        else:
            test = _sub(when, "qti-match")
        _sub(test, "qti-variable", {"identifier": RESPONSE})
        _sub(test, "qti-correct", {"identifier": RESPONSE})
        _set(when, SCORE, "float", "1")
        _set(_sub(condition, "qti-response-else"), SCORE, "float", "0")
    if question.explanation:
        _set(processing, FEEDBACK, "identifier", EXPLANATION)


def _set(parent: ET.Element, outcome: str, base: str, value: str) -> None:
    setter = _sub(parent, "qti-set-outcome-value", {"identifier": outcome})
    _sub(setter, "qti-base-value", {"base-type": base}, value)


# -- import ------------------------------------------------------------------------------


class _Source:
    """The files of a package: a ZIP, a folder, or one item file."""

    def __init__(self, path: Path, shown: str) -> None:
        self.path, self.shown = path, shown
        self.archive: zipfile.ZipFile | None = None
        if path.is_file() and zipfile.is_zipfile(path):
            self.archive = zipfile.ZipFile(path)

    def names(self) -> list[str]:
        if self.archive is not None:
            return [i.filename for i in self.archive.infolist() if not i.is_dir()]
        if self.path.is_dir():
            return sorted(p.relative_to(self.path).as_posix() for p in self.path.rglob("*")
                          if p.is_file())
        return [self.path.name]

    def read(self, name: str) -> bytes:
        if self.archive is not None:
            info = self.archive.getinfo(name)
            if info.file_size > 5_000_000:
                raise XmlError(1, "tệp quá lớn trong gói (hơn 5 MB)")
            return self.archive.read(info)
        return (self.path / name if self.path.is_dir() else self.path).read_bytes()

    def where(self, name: str) -> str:
        return self.shown if self.path.is_file() and self.archive is None else \
            f"{self.shown}/{name}"


def load(path: Path, shown: str) -> Imported:
    """Every item of a QTI 3.0 package (ZIP or folder) or of one item file; problems at the
    lines of the file they are in."""
    result = Imported(shown)
    source = _Source(path, shown)
    names = source.names()
    if len(names) > MAX_MEMBERS:
        result.error(0, f"gói có {len(names)} tệp, tối đa {MAX_MEMBERS}")
        return result
    if path.is_file() and source.archive is None and path.suffix.lower() == ".zip":
        result.error(0, "không phải tệp ZIP", "gói QTI là tệp .zip có imsmanifest.xml")
        return result
    ids = Ids()
    metadata: dict[str, ET.Element] = {}
    if MANIFEST in names:
        items = _read_manifest(source, result, metadata)
    elif source.archive is not None or path.is_dir():
        result.warning(0, f"không có {MANIFEST}: đọc mọi tệp .xml là câu hỏi QTI")
        items = [n for n in sorted(names) if n.endswith(".xml")]
    else:
        items = names
    for name in items:
        question = _read_item(source, name, metadata.get(name), result, ids)
        if question is not None:
            result.questions.append(question)
    return result


def _tree(source: _Source, name: str, result: Imported) -> Tree | None:
    where = source.where(name)
    try:
        return parse(source.read(name))
    except KeyError:
        result.problems.error(where, 0, "không có tệp này trong gói")
    except OSError as exc:
        result.problems.error(where, 0, f"không đọc được: {exc.strerror or exc}")
    except XmlError as exc:
        result.problems.error(where, exc.line, exc.message)
    return None


def _read_manifest(source: _Source, result: Imported,
                   metadata: dict[str, ET.Element]) -> list[str]:
    tree = _tree(source, MANIFEST, result)
    if tree is None:
        return []
    where = source.where(MANIFEST)
    root = tree.root
    if local(root.tag) != "manifest":
        result.problems.error(where, tree.line(root), f"phần tử gốc là <{local(root.tag)}>, "
                              "cần <manifest>")
        return []
    cp = namespace(root.tag)
    bank = root.find(f"{{{cp}}}metadata/{{{TS_NS}}}bank")
    if bank is not None:
        result.title = bank.findtext(f"{{{TS_NS}}}title")
        result.field = bank.get("field")
        result.explainers = tuple(e.text or "" for e in bank.findall(f"{{{TS_NS}}}explainer"))
        description = bank.find(f"{{{TS_NS}}}description")
        if description is not None:
            result.description = text_of(description)
    else:
        titles = [e for e in root.iter() if local(e.tag) == "title"]
        if titles:
            result.title = text_of(titles[0], exact=False) or None
    items: list[str] = []
    for resource in root.iter(f"{{{cp}}}resource"):
        kind = resource.get("type", "")
        href = resource.get("href")
        line = tree.line(resource)
        if kind.startswith("imsqti_item_xmlv2") or kind.startswith("imsqti_item_xmlv1"):
            result.problems.error(where, line, f"câu hỏi QTI phiên bản cũ ({kind})",
                                  "chuyển gói sang QTI 3.0 trước (ví dụ bằng citolab-qti-convert)")
            continue
        if not kind.startswith(ITEM_TYPE):
            continue
        if not href:
            result.problems.error(where, line, "<resource> câu hỏi không có href")
            continue
        name = posixpath.normpath(href)
        if name.startswith("../") or name.startswith("/") or name == "..":
            result.problems.error(where, line, f"href '{href}' ra ngoài gói")
            continue
        found = resource.find(f"{{{cp}}}metadata/{{{TS_NS}}}question")
        if found is not None:
            metadata[name] = found
        items.append(name)
    if not items and not result.problems.errors:
        result.problems.error(where, tree.line(root), f"gói không có câu hỏi ({ITEM_TYPE})")
    return items


class _Item:
    """What reading one item needs at hand."""

    def __init__(self, tree: Tree, where: str, result: Imported,
                 meta: ET.Element | None) -> None:
        self.tree, self.where, self.result, self.meta = tree, where, result, meta
        self.exact = meta is not None  # our own items: white space is the text's own

    def error(self, element: ET.Element, message: str, hint: str = "") -> None:
        self.result.problems.error(self.where, self.tree.line(element), message, hint)

    def warning(self, element: ET.Element, message: str, hint: str = "") -> None:
        self.result.problems.warning(self.where, self.tree.line(element), message, hint)

    def text(self, element: ET.Element, skip: ET.Element | None = None, mark: str = "") -> str:
        return text_of(element, skip, mark, self.exact)


_INTERACTIONS = ("qti-choice-interaction", "qti-order-interaction", "qti-match-interaction",
                 "qti-text-entry-interaction")


def _read_item(source: _Source, name: str, meta: ET.Element | None, result: Imported,
               ids: Ids) -> QuizQuestion | None:
    tree = _tree(source, name, result)
    if tree is None:
        return None
    it = _Item(tree, source.where(name), result, meta)
    root = tree.root
    if namespace(root.tag) in _OLD_QTI:
        it.error(root, "câu hỏi QTI 2.x, không phải QTI 3.0",
                 "chuyển gói sang QTI 3.0 trước (ví dụ bằng citolab-qti-convert)")
        return None
    if root.tag != q("qti-assessment-item"):
        it.error(root, f"phần tử gốc là <{local(root.tag)}>, cần <qti-assessment-item> "
                 f"(không gian tên {QTI_NS})")
        return None
    body = root.find(q("qti-item-body"))
    found = [] if body is None else [e for e in body.iter() if local(e.tag).endswith(
        "-interaction")]
    if not found:
        it.error(root, "câu hỏi không có tương tác (qti-…-interaction)")
        return None
    if len(found) > 1:
        it.warning(found[1], f"câu hỏi có {len(found)} tương tác: bỏ qua",
                   "ngân hàng nhận mỗi câu một tương tác")
        return None
    interaction = found[0]
    kind = local(interaction.tag)
    if kind not in _INTERACTIONS:
        it.warning(interaction, f"loại tương tác <{kind}> không có trong ngân hàng: bỏ qua",
                   "nhận choice, order, match, text-entry")
        return None
    response = interaction.get("response-identifier", "")
    declaration = next((d for d in root.findall(q("qti-response-declaration"))
                        if d.get("identifier") == response), None)
    if declaration is None:
        it.error(interaction, f"không có qti-response-declaration '{response}' cho tương tác")
        return None
    assert body is not None
    fields = _READERS[kind](it, body, interaction, declaration)
    if fields is None:
        return None
    fields["explanation"] = _explanation(it, root)
    if not fields["text"]:
        it.error(interaction, "câu hỏi không có nội dung")
        return None
    return _question(it, root, fields, ids)


def _question(it: _Item, root: ET.Element, fields: dict[str, object],
              ids: Ids) -> QuizQuestion | None:
    meta = it.meta
    basis: tuple[Basis, ...] = ()
    level = 1
    name = root.get("identifier")
    if meta is not None:
        declared = meta.get("type")
        if declared not in QUIZ_TYPES:
            it.error(root, f"loại câu hỏi '{declared}' trong imsmanifest.xml không có")
            return None
        kind = fields["type"]
        if declared != kind and not (declared == "true_false" and kind == "single"):
            it.error(root, f"imsmanifest.xml ghi loại '{declared}' nhưng câu hỏi là '{kind}'")
            return None
        if declared == "true_false":
            truth = _truth(fields)
            if truth is None:
                it.error(root, "câu đúng/sai cần hai lựa chọn TRUE và FALSE, một đáp án")
                return None
            fields = {"type": "true_false", "text": fields["text"], "truth": truth,
                      "explanation": fields["explanation"]}
        raw = meta.get("level", "1")
        if raw not in [str(n) for n in LEVELS]:
            it.error(root, f"mức độ '{raw}' trong imsmanifest.xml phải là 1, 2 hoặc 3")
            return None
        level = int(raw)
        basis = tuple(Basis(b.get("document", ""), b.get("article") or None)
                      for b in meta.findall(f"{{{TS_NS}}}basis"))
        if any(not b.document for b in basis):
            it.error(root, "căn cứ trong imsmanifest.xml thiếu 'document'")
            return None
        name = meta.get("id") or name
        if fields["type"] == "fill":
            fields["loose"] = meta.get("loose") == "true"
        if fields["type"] == "numeric":
            tolerance = parse_number(meta.get("tolerance", "0"))
            if tolerance is None or tolerance < 0:
                it.error(root, "dung sai (tolerance) trong imsmanifest.xml không hợp lệ")
                return None
            fields["tolerance"] = tolerance
            fields["unit"] = meta.get("unit", "")
    fields.pop("keys", None)
    text = fields.pop("text")
    assert isinstance(text, str)
    kind = fields.pop("type")
    assert isinstance(kind, str)
    line = it.tree.line(root)
    qid = ids.give(name, text)
    if name and qid != name and KEY_RE.match(name):
        it.warning(root, f"id '{name}' trùng với một câu trước: đặt id '{qid}'",
                   "mỗi câu hỏi cần một id riêng")
    return QuizQuestion(qid, kind, text, line, basis, level,
                        **fields)  # type: ignore[arg-type]


def _truth(fields: dict[str, object]) -> bool | None:
    """A choice item read as true_false: whether its one right choice is `TRUE`."""
    keys, choices, answers = fields["keys"], fields["choices"], fields["answers"]
    assert isinstance(keys, tuple) and isinstance(choices, tuple) and isinstance(answers, tuple)
    if sorted(keys) != ["FALSE", "TRUE"] or len(answers) != 1:
        return None
    return bool(keys[choices.index(answers[0])] == "TRUE")


def _values(declaration: ET.Element) -> list[str]:
    return [(v.text or "").strip() for v in declaration.findall(
        f"{q('qti-correct-response')}/{q('qti-value')}")]


def _mapped(declaration: ET.Element) -> list[str]:
    """Keys the mapping gives points to, in order."""
    out = []
    for entry in declaration.findall(f"{q('qti-mapping')}/{q('qti-map-entry')}"):
        value = parse_number(entry.get("mapped-value", "0"))
        if value is not None and value > 0:
            out.append(entry.get("map-key", ""))
    return out


def _prompt_text(it: _Item, body: ET.Element, interaction: ET.Element) -> str:
    """The question: the body's text around the interaction, then its prompt."""
    prompt = interaction.find(q("qti-prompt"))
    parts = [it.text(body, skip=interaction)]
    if prompt is not None:
        parts.append(it.text(prompt))
    return "\n\n".join(p for p in parts if p)


def _choices_of(it: _Item, parent: ET.Element) -> dict[str, str] | None:
    out: dict[str, str] = {}
    for choice in parent:
        if local(choice.tag) not in ("qti-simple-choice", "qti-simple-associable-choice"):
            continue
        key = choice.get("identifier", "")
        text = it.text(choice)
        if not key or key in out:
            it.error(choice, f"lựa chọn không có identifier, hoặc identifier '{key}' trùng")
            return None
        if not text or text in out.values():
            it.error(choice, "lựa chọn trống" if not text else f"lựa chọn '{text}' trùng")
            return None
        out[key] = text
    return out


def _read_choice(it: _Item, body: ET.Element, interaction: ET.Element,
                 declaration: ET.Element) -> dict[str, object] | None:
    choices = _choices_of(it, interaction)
    if choices is None:
        return None
    right = _values(declaration) or _mapped(declaration)
    if not right:
        it.error(declaration, "câu hỏi không có đáp án đúng (qti-correct-response)")
        return None
    unknown = [key for key in right if key not in choices]
    if unknown:
        it.error(declaration, f"đáp án '{unknown[0]}' không phải identifier của lựa chọn nào")
        return None
    multiple = declaration.get("cardinality") == "multiple"
    if not multiple and len(right) > 1:
        it.error(declaration, "câu một đáp án (cardinality single) có nhiều đáp án đúng")
        return None
    return {"type": "multiple" if multiple else "single",
            "text": _prompt_text(it, body, interaction), "choices": tuple(choices.values()),
            "answers": tuple(choices[key] for key in right), "keys": tuple(choices)}


def _read_order(it: _Item, body: ET.Element, interaction: ET.Element,
                declaration: ET.Element) -> dict[str, object] | None:
    choices = _choices_of(it, interaction)
    if choices is None:
        return None
    right = _values(declaration)
    if sorted(right) != sorted(choices):
        it.error(declaration, "thứ tự đúng (qti-correct-response) phải gồm mỗi mục đúng một "
                 "lần")
        return None
    return {"type": "order", "text": _prompt_text(it, body, interaction),
            "items": tuple(choices[key] for key in right)}


def _read_match(it: _Item, body: ET.Element, interaction: ET.Element,
                declaration: ET.Element) -> dict[str, object] | None:
    sets = interaction.findall(q("qti-simple-match-set"))
    if len(sets) != 2:
        it.error(interaction, "tương tác ghép cặp cần đúng hai qti-simple-match-set")
        return None
    lefts, rights = _choices_of(it, sets[0]), _choices_of(it, sets[1])
    if lefts is None or rights is None:
        return None
    pairs: list[tuple[str, str]] = []
    for value in _values(declaration):
        source, _, target = value.partition(" ")
        if source not in lefts or target.strip() not in rights:
            it.error(declaration, f"cặp '{value}' không ghép một vế trái với một vế phải")
            return None
        pairs.append((lefts[source], rights[target.strip()]))
    if not pairs:
        it.error(declaration, "câu ghép cặp không có đáp án đúng (qti-correct-response)")
        return None
    if len({left for left, _ in pairs}) != len(pairs):
        it.error(declaration, "một vế trái được ghép hai lần")
        return None
    unused = [t for t in lefts.values() if t not in {left for left, _ in pairs}] + [
        t for t in rights.values() if t not in {right for _, right in pairs}]
    if unused:
        it.warning(interaction, f"bỏ {len(unused)} vế không có trong đáp án (ví dụ "
                   f"'{unused[0]}')", "ngân hàng chỉ có cặp đủ hai vế")
    return {"type": "match", "text": _prompt_text(it, body, interaction),
            "pairs": tuple(pairs)}


_BLANK = "\ue002"


def _read_entry(it: _Item, body: ET.Element, interaction: ET.Element,
                declaration: ET.Element) -> dict[str, object] | None:
    base = declaration.get("base-type")
    # The blank ends the text (as we write it, the unit after it): the text is what precedes
    # it; inside a sentence, it stays as a blank to fill.
    text = it.text(body, skip=interaction, mark=_BLANK)
    unit = it.meta.get("unit", "") if it.meta is not None else ""
    for ending in ([f"{_BLANK} {unit}"] if unit else []) + [_BLANK]:
        if text.endswith(ending):
            text = text[:-len(ending)].rstrip()
            break
    text = text.replace(_BLANK, "_____")
    if base in ("float", "integer"):
        values = _values(declaration)
        number = parse_number(values[0]) if len(values) == 1 else None
        if number is None:
            it.error(declaration, "câu số cần đúng một đáp án số (qti-correct-response)")
            return None
        return {"type": "numeric", "text": text, "number": number,
                "tolerance": _tolerance(it.tree.root)}
    if base != "string":
        it.error(declaration, f"ô nhập có base-type '{base}': nhận string, float, integer")
        return None
    answers = list(dict.fromkeys([*_values(declaration), *_mapped(declaration)]))
    if not answers or not all(answers):
        it.error(declaration, "câu điền không có đáp án (qti-correct-response hay qti-mapping)")
        return None
    return {"type": "fill", "text": text, "answers": tuple(answers)}


def _tolerance(root: ET.Element) -> float:
    """The absolute tolerance of a `qti-equal` in the item's response processing, else 0."""
    for equal in root.iter(q("qti-equal")):
        if equal.get("tolerance-mode") == "absolute":
            value = parse_number((equal.get("tolerance") or "0").split()[0])
            if value is not None and value >= 0:
                return value
    return 0


def _explanation(it: _Item, root: ET.Element) -> str:
    feedbacks = root.findall(q("qti-modal-feedback"))
    ours = [f for f in feedbacks if f.get("identifier") == EXPLANATION]
    chosen = ours[0] if ours else feedbacks[0] if len(feedbacks) == 1 else None
    if chosen is None:
        if feedbacks:
            it.warning(feedbacks[0], f"bỏ {len(feedbacks)} phản hồi (qti-modal-feedback) theo "
                       "từng trường hợp", "ngân hàng có một lời giải thích chung")
        return ""
    content = chosen.find(q("qti-content-body"))
    return it.text(chosen if content is None else content)


_READERS: dict[str, Callable[[_Item, ET.Element, ET.Element, ET.Element],
                             dict[str, object] | None]] = {
    "qti-choice-interaction": _read_choice, "qti-order-interaction": _read_order,
    "qti-match-interaction": _read_match, "qti-text-entry-interaction": _read_entry}
