"""A structural check of QTI 3.0 items and their package, with lxml: no copy of 1EdTech's
XSD could be had offline (none ships in a PyPI or npm package listed here), so this checks
what the schema and the spec say of what we write — namespaces, the elements and their order,
required attributes and their values, and that every identifier referred to exists."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from lxml import etree

from generators.quiz.interchange.qti import CP_NS, ITEM_XSD, QTI_NS, TEMPLATES

Q = f"{{{QTI_NS}}}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
CARDINALITIES = {"single", "multiple", "ordered", "record"}
BASE_TYPES = {"identifier", "boolean", "integer", "float", "string", "point", "pair",
              "directedPair", "duration", "file", "uri"}
ROOT_ORDER = ["qti-context-declaration", "qti-response-declaration", "qti-outcome-declaration",
              "qti-template-declaration", "qti-template-processing", "qti-stylesheet",
              "qti-item-body", "qti-response-processing", "qti-modal-feedback"]
REQUIRED = {
    "qti-assessment-item": ("identifier", "title", "time-dependent"),
    "qti-response-declaration": ("identifier", "cardinality"),
    "qti-outcome-declaration": ("identifier", "cardinality"),
    "qti-choice-interaction": ("response-identifier",),
    "qti-order-interaction": ("response-identifier",),
    "qti-match-interaction": ("response-identifier",),
    "qti-text-entry-interaction": ("response-identifier",),
    "qti-simple-choice": ("identifier",),
    "qti-simple-associable-choice": ("identifier", "match-max"),
    "qti-map-entry": ("map-key", "mapped-value"),
    "qti-modal-feedback": ("outcome-identifier", "identifier", "show-hide"),
    "qti-set-outcome-value": ("identifier",),
    "qti-base-value": ("base-type",),
    "qti-variable": ("identifier",), "qti-correct": ("identifier",),
    "qti-map-response": ("identifier",),
}
CHILDREN = {  # element → the children it may have, in order ("+" one or more, "?" optional)
    "qti-choice-interaction": [("qti-prompt", "?"), ("qti-simple-choice", "+")],
    "qti-order-interaction": [("qti-prompt", "?"), ("qti-simple-choice", "+")],
    "qti-match-interaction": [("qti-prompt", "?"), ("qti-simple-match-set", "2")],
    "qti-simple-match-set": [("qti-simple-associable-choice", "+")],
    "qti-response-declaration": [("qti-default-value", "?"), ("qti-correct-response", "?"),
                                 ("qti-mapping", "?")],
    "qti-outcome-declaration": [("qti-default-value", "?")],
    "qti-correct-response": [("qti-value", "+")],
    "qti-default-value": [("qti-value", "+")],
    "qti-mapping": [("qti-map-entry", "+")],
    "qti-modal-feedback": [("qti-content-body", "1")],
    "qti-response-condition": [("qti-response-if", "1"), ("qti-response-else-if", "*"),
                               ("qti-response-else", "?")],
}
KNOWN = set(REQUIRED) | set(CHILDREN) | {
    "qti-item-body", "qti-prompt", "qti-value", "qti-response-processing",
    "qti-response-if", "qti-response-else", "qti-match", "qti-equal", "qti-is-null",
    "qti-content-body", "p", "br"}
INTEGERS = {"max-choices", "min-choices", "match-max", "max-associations", "min-associations",
            "expected-length"}
BOOLEANS = {"adaptive", "time-dependent", "shuffle", "case-sensitive"}


def check_item(data: bytes) -> list[str]:
    """Every way the item breaks the rules above (empty: none found)."""
    root = etree.fromstring(data)
    problems: list[str] = []
    if root.tag != f"{Q}qti-assessment-item":
        return [f"root is {root.tag}"]
    if root.get(f"{XSI}schemaLocation") != f"{QTI_NS} {ITEM_XSD}":
        problems.append("xsi:schemaLocation does not name the QTI 3.0 item schema")
    for element in root.iter(etree.Element):
        name = etree.QName(element).localname
        if etree.QName(element).namespace != QTI_NS:
            problems.append(f"<{element.tag}> is not in the QTI 3.0 namespace")
            continue
        if name not in KNOWN:
            problems.append(f"<{name}> is no element we know of QTI 3.0")
        problems += [f"<{name}> lacks {a}" for a in REQUIRED.get(name, ())
                     if element.get(a) is None]
        problems += _values(name, element)
        if name in CHILDREN:
            problems += _order(name, element, CHILDREN[name])
    names = [etree.QName(c).localname for c in root]
    ranks = [ROOT_ORDER.index(n) if n in ROOT_ORDER else -1 for n in names]
    if -1 in ranks or ranks != sorted(ranks):
        problems.append(f"the item's children are out of the schema's order: {names}")
    return problems + _references(root)


def _values(name: str, element: etree._Element) -> list[str]:
    out = []
    for attr, value in element.attrib.items():
        if attr in ("identifier", "response-identifier", "outcome-identifier") and \
                not NAME.match(value):
            out.append(f"<{name} {attr}='{value}'> is no identifier")
        if attr in INTEGERS and not value.isdigit():
            out.append(f"<{name} {attr}='{value}'> is no whole number")
        if attr in BOOLEANS and value not in ("true", "false"):
            out.append(f"<{name} {attr}='{value}'> is no boolean")
        if attr == "cardinality" and value not in CARDINALITIES:
            out.append(f"<{name} cardinality='{value}'>")
        if attr == "base-type" and value not in BASE_TYPES:
            out.append(f"<{name} base-type='{value}'>")
        if attr == "show-hide" and value not in ("show", "hide"):
            out.append(f"<{name} show-hide='{value}'>")
        if attr == "tolerance-mode" and value not in ("exact", "absolute", "relative"):
            out.append(f"<{name} tolerance-mode='{value}'>")
    if name == "qti-equal" and element.get("tolerance-mode", "exact") != "exact" and \
            not element.get("tolerance"):
            out.append("<qti-equal> with a tolerance mode lacks its tolerance")
    if name in ("qti-match", "qti-equal") and len(element) != 2:
        out.append(f"<{name}> takes two expressions")
    if name == "qti-response-processing":
        template = element.get("template")
        if template is not None and (len(element) or template not in {
                f"{TEMPLATES}match_correct.xml", f"{TEMPLATES}map_response.xml"}):
            out.append(f"response processing template {template}")
        if template is None and not len(element):
            out.append("<qti-response-processing> is empty")
    return out


def _order(name: str, element: etree._Element, model: list[tuple[str, str]]) -> list[str]:
    names = [etree.QName(c).localname for c in element]
    position = 0
    for child, count in model:
        seen = 0
        while position < len(names) and names[position] == child:
            position, seen = position + 1, seen + 1
        if (count == "+" and not seen) or (count == "?" and seen > 1) or (
                count.isdigit() and seen != int(count)):
            return [f"<{name}> needs {child} {count}, has {seen}"]
    if position != len(names):
        return [f"<{name}> has unexpected <{names[position]}>"]
    return []


def _references(root: etree._Element) -> list[str]:
    out = []
    responses = {d.get("identifier"): d for d in root.iter(f"{Q}qti-response-declaration")}
    outcomes = {d.get("identifier"): d for d in root.iter(f"{Q}qti-outcome-declaration")}
    ids = [e.get("identifier") for e in root.iter(f"{Q}qti-simple-choice",
                                                  f"{Q}qti-simple-associable-choice")]
    if len(ids) != len(set(ids)):
        out.append("choice identifiers repeat")
    interactions = [e for e in root.iter() if isinstance(e.tag, str)
                    and e.tag.endswith("-interaction")]
    used = [i.get("response-identifier") for i in interactions]
    if sorted(used, key=str) != sorted(responses, key=str):
        out.append(f"interactions {used} and response declarations {list(responses)} differ")
    for interaction in interactions:
        declaration = responses.get(interaction.get("response-identifier"))
        if declaration is not None:
            out += _correct(interaction, declaration)
    for element in root.iter(f"{Q}qti-variable", f"{Q}qti-correct", f"{Q}qti-map-response"):
        if element.get("identifier") not in responses | outcomes:
            out.append(f"<{etree.QName(element).localname}> names no variable")
    for element in root.iter(f"{Q}qti-set-outcome-value"):
        if element.get("identifier") not in outcomes:
            out.append(f"qti-set-outcome-value sets undeclared {element.get('identifier')}")
    shown = {v.text for v in root.iter(f"{Q}qti-base-value")
             if v.get("base-type") == "identifier"}
    for feedback in root.iter(f"{Q}qti-modal-feedback"):
        outcome = outcomes.get(feedback.get("outcome-identifier"))
        if outcome is None or outcome.get("base-type") != "identifier":
            out.append("modal feedback on no identifier outcome")
        if feedback.get("identifier") not in shown:
            out.append("no response processing ever shows the modal feedback")
    if root.find(f"{Q}qti-response-processing") is None:
        out.append("no response processing")
    return out


def _correct(interaction: etree._Element, declaration: etree._Element) -> list[str]:
    values = [v.text or "" for v in declaration.iterfind(f"{Q}qti-correct-response/{Q}qti-value")]
    kind = etree.QName(interaction).localname
    cardinality, base = declaration.get("cardinality"), declaration.get("base-type")
    out = []
    if not values:
        out.append("no correct response")
    if cardinality == "single" and len(values) != 1:
        out.append("a single response with several right values")
    choices = [c.get("identifier") for c in interaction.iter(f"{Q}qti-simple-choice")]
    if kind == "qti-choice-interaction":
        if base != "identifier" or any(v not in choices for v in values):
            out.append(f"right values {values} are not choices {choices}")
        if cardinality == "single" and interaction.get("max-choices") != "1":
            out.append("one answer, but more may be chosen")
    elif kind == "qti-order-interaction":
        if cardinality != "ordered" or sorted(values) != sorted(choices):
            out.append("the right order is not every choice once")
    elif kind == "qti-match-interaction":
        sets = interaction.findall(f"{Q}qti-simple-match-set")
        left, right = ([c.get("identifier") for c in s] for s in sets)
        if base != "directedPair" or any(
                len(v.split()) != 2 or v.split()[0] not in left or v.split()[1] not in right
                for v in values):
            out.append(f"pairs {values} do not go from {left} to {right}")
    elif kind == "qti-text-entry-interaction":
        if etree.QName(interaction.getparent()).localname != "p":
            out.append("a text entry outside a paragraph")
        if base not in ("string", "float", "integer"):
            out.append(f"a text entry of base type {base}")
        keys = [e.get("map-key") for e in declaration.iter(f"{Q}qti-map-entry")]
        if base == "string" and values[:1] != keys[:1]:
            out.append("the mapping does not begin with the right answer")
    return out


def check_package(data: bytes) -> tuple[list[str], dict[str, bytes]]:
    """The package's problems (manifest against its files, then each item's), and its
    items by name."""
    archive = zipfile.ZipFile(BytesIO(data))
    names = archive.namelist()
    problems: list[str] = []
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    cp = f"{{{CP_NS}}}"
    if manifest.tag != f"{cp}manifest" or not manifest.get("identifier"):
        problems.append("the manifest's root")
    items: dict[str, bytes] = {}
    seen: set[str] = set()
    for resource in manifest.iter(f"{cp}resource"):
        identifier, href = resource.get("identifier"), resource.get("href")
        if identifier in seen or not identifier or not NAME.match(identifier):
            problems.append(f"resource identifier {identifier}")
        seen.add(identifier or "")
        files = [f.get("href") for f in resource.iter(f"{cp}file")]
        if resource.get("type") != "imsqti_item_xmlv3p0" or href not in names or \
                files != [href]:
            problems.append(f"resource {identifier}: type, href or file")
            continue
        assert href is not None
        items[href] = archive.read(href)
        item = etree.fromstring(items[href])
        if item.get("identifier") != identifier:
            problems.append(f"{href}: identifier differs from its resource's")
        problems += [f"{href}: {p}" for p in check_item(items[href])]
    if sorted(items) != sorted(n for n in names if n != "imsmanifest.xml"):
        problems.append("files in the package that no resource lists")
    return problems, items
