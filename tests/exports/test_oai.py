"""oai-pmh.xml: a Static Repository that a gateway can serve and a real harvester can take.

The test plays the Static Repository Gateway (a few lines on loopback that answer the
OAI-PMH verbs from the static file, as the OAI's gateway specification describes), harvests
through it with Sickle, and validates every response against the official OAI-PMH 2.0 XML
Schema (`OAI-PMH.xsd`, copied unchanged from the pyoai 2.5.0 source package on PyPI).
"""

from __future__ import annotations

import copy
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree

from generators.exports import oai
from generators.exports.oai import write_oai
from generators.library.text import ascii_slug
from generators.urls import OAI_FILE
from generators.urls import oai_base_url as base_url
from tests.exports.test_catalogue import SITE_NAME, SmallSite, small_site

OAI = "http://www.openarchives.org/OAI/2.0/"
SR = "http://www.openarchives.org/OAI/2.0/static-repository"
DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
NS = {"oai": OAI, "sr": SR, "dc": DC, "oai_dc": OAI_DC,
      "id": "http://www.openarchives.org/OAI/2.0/oai-identifier"}
XSD = Path(__file__).with_name("OAI-PMH.xsd")
SITE_URL = "https://phapluat.example.vn/tu-sach/"
DCMES = {"title", "creator", "subject", "description", "publisher", "contributor", "date",
         "type", "format", "identifier", "source", "language", "relation", "coverage", "rights"}


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> SmallSite:
    return small_site(tmp_path_factory)


def parse(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def record_of(root: etree._Element, identifier: str) -> etree._Element:
    (record,) = root.xpath("sr:ListRecords/oai:record[oai:header/oai:identifier = $id]",
                           namespaces=NS, id=identifier)
    return record


def dublin_core(record: etree._Element) -> list[tuple[str, str]]:
    dc = record.find("oai:metadata/oai_dc:dc", NS)
    return [(etree.QName(e).localname, e.text) for e in dc]


# ---- the file ------------------------------------------------------------------------------


def test_the_static_repository_has_identify_formats_and_one_record_per_version(
        exported: SmallSite) -> None:
    root = parse(exported.site / OAI_FILE)
    assert root.tag == f"{{{SR}}}Repository"
    assert [etree.QName(child).localname for child in root] == [
        "Identify", "ListMetadataFormats", "ListRecords"]
    identify = root.find("sr:Identify", NS)
    assert [(etree.QName(e).localname, e.text) for e in identify if len(e) == 0] == [
        ("repositoryName", SITE_NAME), ("baseURL", "http://tu-sach-thu.invalid/oai-pmh.xml"),
        ("protocolVersion", "2.0"), ("adminEmail", "webmaster@tu-sach-thu.invalid"),
        ("earliestDatestamp", "2026-11-01"), ("deletedRecord", "no"),
        ("granularity", "YYYY-MM-DD")]
    scheme = identify.find("oai:description/id:oai-identifier", NS)
    assert [e.text for e in scheme] == ["oai", "tu-sach-thu.invalid", ":",
                                        "oai:tu-sach-thu.invalid:so-do"]
    formats = root.findall("sr:ListMetadataFormats/oai:metadataFormat", NS)
    assert [[e.text for e in f] for f in formats] == [
        ["oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC]]
    records = root.findall("sr:ListRecords[@metadataPrefix='oai_dc']/oai:record", NS)
    assert [(r.findtext("oai:header/oai:identifier", namespaces=NS),
             r.findtext("oai:header/oai:datestamp", namespaces=NS)) for r in records] == [
        ("oai:tu-sach-thu.invalid:so-do", "2026-11-10"),
        ("oai:tu-sach-thu.invalid:so-do.en", "2026-11-10"),
        ("oai:tu-sach-thu.invalid:thu-viec", "2026-11-01"),
        ("oai:tu-sach-thu.invalid:thu-viec.en", "2026-11-01")]  # no draft
    # Static Repository rules: no sets, no deleted records, no resumption tokens.
    assert root.findall(".//oai:setSpec", NS) == root.findall(".//oai:resumptionToken", NS) == []
    assert all(r.find("oai:header", NS).get("status") is None for r in records)
    for record in records:
        assert {name for name, _ in dublin_core(record)} <= DCMES


def test_a_translation_record_in_dublin_core(exported: SmallSite, tmp_path: Path) -> None:
    write_oai(tmp_path, exported.library, site_name=SITE_NAME, site_url=SITE_URL,
              admin_email="tusach@example.vn", rights="© Sở Tư pháp")
    root = parse(tmp_path / OAI_FILE)
    assert root.findtext("sr:Identify/oai:baseURL", namespaces=NS) == SITE_URL + OAI_FILE
    assert root.findtext("sr:Identify/oai:adminEmail", namespaces=NS) == "tusach@example.vn"
    record = record_of(root, "oai:phapluat.example.vn:thu-viec.en")
    assert dublin_core(record) == [
        ("title", "How long is probation?"), ("subject", "Lao động"),
        ("subject", "Người lao động"), ("subject", "thử việc"),
        ("description", "Short summary."), ("publisher", SITE_NAME),
        ("contributor", "Lan Nguyễn"), ("date", "2026-11-01"), ("type", "Text"),
        ("format", "text/html"), ("identifier", SITE_URL + "en/lao-dong/thu-viec/"),
        ("source", SITE_URL + "lao-dong/thu-viec/"), ("language", "en"),
        ("relation", "Bộ luật Lao động (45/2019/QH14)"), ("relation", "https://example.org/blld"),
        ("rights", "© Sở Tư pháp")]
    vietnamese = record_of(root, "oai:phapluat.example.vn:so-do")
    assert [v for k, v in dublin_core(vietnamese) if k in ("language", "source", "relation")] == [
        "vi", "Luật Đất đai (31/2024/QH15)", "Bộ luật Lao động (10/2012/QH13)",
        "Luật Tương lai (99/2027/QH15)"]


def test_past_the_static_repository_limit_the_oldest_records_are_left_out(
        exported: SmallSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oai, "MAX_RECORDS", 2)
    written = write_oai(tmp_path, exported.library, site_name=SITE_NAME, site_url=None)
    assert (written.records, written.left_out) == (2, 2)
    assert written.warning == ("oai-pmh.xml: Static Repository chỉ nhận 2 bản ghi; đã bỏ 2 bản "
                               "ghi cũ nhất (cần một kho OAI-PMH thật)")
    root = parse(written.path)
    assert root.xpath("//oai:header/oai:identifier/text()", namespaces=NS) == [
        "oai:tu-sach-thu.invalid:so-do", "oai:tu-sach-thu.invalid:so-do.en"]
    assert root.findtext("sr:Identify/oai:earliestDatestamp", namespaces=NS) == "2026-11-10"
    assert exported.catalogue.warnings == ()


def test_the_base_url_follows_the_gateway_convention() -> None:
    assert base_url(SITE_URL, ascii_slug(SITE_NAME), "https://gateway.example.org/oai/") == \
        "https://gateway.example.org/oai/phapluat.example.vn/tu-sach/oai-pmh.xml"
    assert base_url(SITE_URL, ascii_slug(SITE_NAME), None) == SITE_URL + "oai-pmh.xml"
    assert base_url(None, ascii_slug(SITE_NAME), None) == "http://tu-sach-thu.invalid/oai-pmh.xml"


# ---- a gateway and a harvester ---------------------------------------------------------------


def _answer(repository: etree._Element, args: dict[str, str], base: str) -> etree._Element:
    """One OAI-PMH response made from the static file, as a Static Repository Gateway does."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI})
    etree.SubElement(root, f"{{{OAI}}}responseDate").text = "2026-11-23T00:00:00Z"
    etree.SubElement(root, f"{{{OAI}}}request", args).text = base
    verb = args.get("verb", "")

    def error(code: str) -> etree._Element:
        etree.SubElement(root, f"{{{OAI}}}error", code=code).text = code
        return root

    if verb in ("Identify", "ListMetadataFormats"):
        answer = etree.SubElement(root, f"{{{OAI}}}{verb}")
        answer.extend(copy.deepcopy(e) for e in repository.find(f"sr:{verb}", NS))
        return root
    if verb not in ("ListRecords", "ListIdentifiers", "GetRecord"):
        return error("noSetHierarchy" if verb == "ListSets" else "badVerb")
    listing = repository.find(f"sr:ListRecords[@metadataPrefix='{args.get('metadataPrefix')}']",
                              NS)
    if listing is None:
        return error("cannotDisseminateFormat")
    records = [r for r in listing.findall("oai:record", NS)
               if args.get("from", "") <= r.findtext("oai:header/oai:datestamp", namespaces=NS)
               <= args.get("until", "9999")
               and args.get("identifier") in (None, r.findtext("oai:header/oai:identifier",
                                                                namespaces=NS))]
    if not records:
        return error("idDoesNotExist" if verb == "GetRecord" else "noRecordsMatch")
    answer = etree.SubElement(root, f"{{{OAI}}}{verb}")
    answer.extend(copy.deepcopy(r.find("oai:header", NS) if verb == "ListIdentifiers" else r)
                  for r in records)
    return root


class Gateway:
    """The gateway on 127.0.0.1 for one static file; keeps every response it sent."""

    def __init__(self, static_file: Path) -> None:
        repository = parse(static_file)
        self.responses: list[bytes] = []
        sent = self.responses

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.reply(urlsplit(self.path).query)

            def do_POST(self) -> None:
                self.reply(self.rfile.read(int(self.headers["Content-Length"])).decode())

            def reply(self, query: str) -> None:
                args = {k: v[0] for k, v in parse_qs(query).items()}
                base = f"http://{self.headers['Host']}{urlsplit(self.path).path}"
                body = etree.tostring(_answer(repository, args, base), xml_declaration=True,
                                      encoding="UTF-8")
                sent.append(body)
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{port}/oai/tu-sach-thu.invalid/oai-pmh.xml"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def sickle_module() -> Any:
    """Sickle, the harvester; a test dependency, required in CI."""
    try:
        import sickle
    except ImportError:
        message = "thiếu Sickle (trình thu hoạch OAI-PMH): .venv/bin/pip install sickle"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return sickle


@pytest.fixture
def gateway(exported: SmallSite, monkeypatch: pytest.MonkeyPatch) -> Iterator[Gateway]:
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    served = Gateway(exported.site / OAI_FILE)
    yield served
    served.stop()


def test_a_harvester_takes_it_through_a_gateway(gateway: Gateway) -> None:
    sickle = sickle_module()
    harvester = sickle.Sickle(gateway.url, max_retries=0, timeout=10)
    identify = harvester.Identify()
    assert (identify.repositoryName, identify.granularity, identify.earliestDatestamp,
            identify.deletedRecord) == (SITE_NAME, "YYYY-MM-DD", "2026-11-01", "no")
    assert [f.metadataPrefix for f in harvester.ListMetadataFormats()] == ["oai_dc"]
    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
    assert [r.header.identifier for r in records] == [
        "oai:tu-sach-thu.invalid:so-do", "oai:tu-sach-thu.invalid:so-do.en",
        "oai:tu-sach-thu.invalid:thu-viec", "oai:tu-sach-thu.invalid:thu-viec.en"]
    assert records[3].metadata == {
        "title": ["How long is probation?"],
        "subject": ["Lao động", "Người lao động", "thử việc"], "description": ["Short summary."],
        "publisher": [SITE_NAME], "contributor": ["Lan Nguyễn"], "date": ["2026-11-01"],
        "type": ["Text"], "format": ["text/html"], "identifier": ["en/lao-dong/thu-viec/"],
        "source": ["lao-dong/thu-viec/"], "language": ["en"],
        "relation": ["Bộ luật Lao động (45/2019/QH14)", "https://example.org/blld"],
        "rights": ["© Sở Tư pháp"]}
    newer = harvester.ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2026-11-05"})
    assert [h.identifier for h in newer] == ["oai:tu-sach-thu.invalid:so-do",
                                            "oai:tu-sach-thu.invalid:so-do.en"]
    one = harvester.GetRecord(identifier="oai:tu-sach-thu.invalid:so-do", metadataPrefix="oai_dc")
    assert one.metadata["title"] == ["Làm sổ đỏ lần đầu"]
    with pytest.raises(sickle.oaiexceptions.NoSetHierarchy):
        list(harvester.ListSets())


def test_every_gateway_response_is_valid_oai_pmh(gateway: Gateway) -> None:
    harvester = sickle_module().Sickle(gateway.url, max_retries=0, timeout=10)
    harvester.Identify()
    list(harvester.ListMetadataFormats())
    list(harvester.ListRecords(metadataPrefix="oai_dc"))
    list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))
    harvester.GetRecord(identifier="oai:tu-sach-thu.invalid:thu-viec", metadataPrefix="oai_dc")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert len(gateway.responses) == 5
    for response in gateway.responses:
        document = etree.fromstring(response)
        assert schema.validate(document), schema.error_log
