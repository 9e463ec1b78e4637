"""`oai-pmh.xml`: the library as an OAI-PMH 2.0 Static Repository (one `oai_dc` record per
published explainer, per translation, per Q&A item and per legal situation), for a Static
Repository Gateway to serve to harvesters.

The Static Repository rules shape it: one file, no sets (so no `setSpec`: the field is a
`dc:subject`), no deleted records, day granularity, no resumption tokens, at most 5000
records. See http://www.openarchives.org/OAI/2.0/guidelines-static-repository.htm.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from generators.atomic import replacing
from generators.exports.answers import oai_records
from generators.library.model import VIETNAMESE, Explainer, Library, Translation
from generators.library.text import ascii_slug
from generators.urls import OAI_FILE, oai_base_url, page_url, site_base, site_host
from generators.works import cited, version_id, versions

SR = "http://www.openarchives.org/OAI/2.0/static-repository"
OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
OAI_ID = "http://www.openarchives.org/OAI/2.0/oai-identifier"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMAS = {SR: "http://www.openarchives.org/OAI/2.0/static-repository.xsd",
           OAI_DC: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
           OAI_ID: "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"}
for _prefix, _uri in (("sr", SR), ("oai", OAI), ("oai_dc", OAI_DC), ("dc", DC), ("xsi", XSI),
                      ("oai-identifier", OAI_ID)):
    ET.register_namespace(_prefix, _uri)
MAX_RECORDS = 5000
"""The Static Repository limit; a bigger library needs a real OAI-PMH repository."""


def oai_identifier(host: str, explainer: Explainer, translation: Translation | None) -> str:
    """`oai:<host>:<slug>` or `oai:<host>:<slug>.<lang>` (the oai-identifier scheme)."""
    return f"oai:{host}:{version_id(explainer, translation)}"


@dataclass(frozen=True)
class OaiFile:
    path: Path
    records: int
    left_out: int
    """Records beyond MAX_RECORDS (the oldest), which a Static Repository cannot hold."""

    @property
    def warning(self) -> str:
        """What the build should say when records were left out ("" when none were)."""
        return left_out_warning(self.left_out)


def left_out_warning(left_out: int) -> str:
    """What to say when `left_out` records did not fit a Static Repository ("" if none)."""
    if not left_out:
        return ""
    return (f"{OAI_FILE}: Static Repository chỉ nhận {MAX_RECORDS} bản ghi; đã bỏ "
            f"{left_out} bản ghi cũ nhất (cần một kho OAI-PMH thật)")


def write_oai(out: Path, library: Library, *, site_name: str, site_url: str | None,
              admin_email: str | None = None, gateway: str | None = None,
              rights: str | None = None) -> OaiFile:
    """Write `out/oai-pmh.xml`. `admin_email` defaults to `webmaster@<host>` (RFC 2142);
    `gateway` is the Static Repository Gateway's base address, if one was chosen."""
    host = site_host(site_url, ascii_slug(site_name))
    answers = oai_records(library, host, site_base(site_url), site_name, rights)
    chosen = sorted(versions(library), key=lambda v: (
        -v[0].updated.toordinal(), version_id(*v)))
    # The answers rest on the explainers: when something must go, old explainers go first.
    room = max(0, MAX_RECORDS - len(answers))
    left_out = max(0, len(chosen) - room) + max(0, len(answers) - MAX_RECORDS)
    chosen = sorted(chosen[:room], key=lambda v: oai_identifier(host, *v))
    records = [_record(library, host, site_name, site_url, rights, *v) for v in chosen]
    records += [dc_record(*a) for a in answers[:MAX_RECORDS]]
    earliest = min((e.updated for e, _ in chosen), default=library.build_date)
    sample = oai_identifier(host, *chosen[0]) if chosen else f"oai:{host}:ten-bai"
    target = out / OAI_FILE
    with replacing(target) as temp:
        temp.write_bytes(static_repository(
            records, name=site_name, base=oai_base_url(site_url, ascii_slug(site_name), gateway),
            email=admin_email or f"webmaster@{host}", earliest=earliest.isoformat(), host=host,
            sample=sample))
    return OaiFile(target, len(records), left_out)


def static_repository(records: list[ET.Element], *, name: str, base: str, email: str,
                      earliest: str, host: str, sample: str) -> bytes:
    """The bytes of an OAI-PMH Static Repository of `records` (oai_dc)."""
    root = ET.Element(f"{{{SR}}}Repository", {
        f"{{{XSI}}}schemaLocation": f"{SR} {SCHEMAS[SR]}"})
    _identify(root, name, base, email, earliest, host, sample)
    formats = ET.SubElement(root, f"{{{SR}}}ListMetadataFormats")
    fmt = ET.SubElement(formats, f"{{{OAI}}}metadataFormat")
    ns_text(fmt, OAI, "metadataPrefix", "oai_dc")
    ns_text(fmt, OAI, "schema", SCHEMAS[OAI_DC])
    ns_text(fmt, OAI, "metadataNamespace", OAI_DC)
    listing = ET.SubElement(root, f"{{{SR}}}ListRecords", {"metadataPrefix": "oai_dc"})
    listing.extend(records)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _identify(root: ET.Element, name: str, base: str, email: str, earliest: str, host: str,
              sample: str) -> None:
    """OAI-PMH Identify, with the oai-identifier description."""
    identify = ET.SubElement(root, f"{{{SR}}}Identify")
    for tag, value in (("repositoryName", name), ("baseURL", base), ("protocolVersion", "2.0"),
                       ("adminEmail", email), ("earliestDatestamp", earliest),
                       ("deletedRecord", "no"), ("granularity", "YYYY-MM-DD")):
        ns_text(identify, OAI, tag, value)
    description = ET.SubElement(identify, f"{{{OAI}}}description")
    scheme = ET.SubElement(description, f"{{{OAI_ID}}}oai-identifier", {
        f"{{{XSI}}}schemaLocation": f"{OAI_ID} {SCHEMAS[OAI_ID]}"})
    for tag, value in (("scheme", "oai"), ("repositoryIdentifier", host), ("delimiter", ":"),
                       ("sampleIdentifier", sample)):
        ns_text(scheme, OAI_ID, tag, value)


def _record(library: Library, host: str, site_name: str, site_url: str | None,
            rights: str | None, explainer: Explainer,
            translation: Translation | None) -> ET.Element:
    record = ET.Element(f"{{{OAI}}}record")
    header = ET.SubElement(record, f"{{{OAI}}}header")
    ns_text(header, OAI, "identifier", oai_identifier(host, explainer, translation))
    ns_text(header, OAI, "datestamp", explainer.updated.isoformat())
    metadata = ET.SubElement(record, f"{{{OAI}}}metadata")
    metadata.append(_dublin_core(library, explainer, translation, site_base(site_url),
                                 site_name, rights))
    return record


def dc_record(identifier: str, datestamp: str,
              values: list[tuple[str, str | None]]) -> ET.Element:
    """A record of `oai_dc` values (empty ones left out)."""
    record = ET.Element(f"{{{OAI}}}record")
    header = ET.SubElement(record, f"{{{OAI}}}header")
    ns_text(header, OAI, "identifier", identifier)
    ns_text(header, OAI, "datestamp", datestamp)
    metadata = ET.SubElement(record, f"{{{OAI}}}metadata")
    dc = ET.SubElement(metadata, f"{{{OAI_DC}}}dc", {f"{{{XSI}}}schemaLocation":
                                                     f"{OAI_DC} {SCHEMAS[OAI_DC]}"})
    for tag, value in values:
        if value:
            ns_text(dc, DC, tag, value)
    return record


def _dublin_core(library: Library, explainer: Explainer, translation: Translation | None,
                 base: str, site_name: str, rights: str | None) -> ET.Element:
    dc = ET.Element(f"{{{OAI_DC}}}dc", {f"{{{XSI}}}schemaLocation":
                                        f"{OAI_DC} {SCHEMAS[OAI_DC]}"})
    text = translation or explainer
    subjects = [library.fields[explainer.field].title,
                *(library.audiences[k].title for k in explainer.audiences
                  if k in library.audiences), *explainer.tags]
    values: list[tuple[str, str | None]] = [
        ("title", text.title), *(("subject", s) for s in dict.fromkeys(subjects)),
        ("description", text.description), ("publisher", site_name),
        *(("contributor", name) for name in (translation.translators if translation else ())),
        ("date", explainer.updated.isoformat()), ("type", "Text"), ("format", "text/html"),
        ("identifier", base + page_url(explainer, translation)),
        ("source", base + page_url(explainer) if translation else None),
        ("language", translation.lang if translation else VIETNAMESE),
        *(("relation", f"{d.title} ({d.key})") for d in cited(library, explainer.documents)),
        *(("relation", d.url) for d in cited(library, explainer.documents) if d.url),
        ("rights", rights),
    ]
    for tag, value in values:
        if value:
            ns_text(dc, DC, tag, value)
    return dc


def ns_text(parent: ET.Element, namespace: str, tag: str, text: str) -> ET.Element:
    """A child element `tag` of `namespace` holding `text` (ElementTree escapes it)."""
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}")
    element.text = text
    return element
