"""Certificates (quiz/certificates.py): a PNG per certified participant whose QR code, read
back by a real decoder (zxing-cpp), leads to a verification page that the next build of the
site publishes from the results file."""

from __future__ import annotations

import json
from pathlib import Path

import zxingcpp
from lxml import html as lxml_html
from PIL import Image

from generators.config import load_config
from generators.pipeline import build
from generators.quiz.certificates import qr_image, verification_url, write_certificates
from generators.quiz.results import published, table
from tests.conftest import LibraryMaker
from tests.quiz.test_results import NOW, attempt
from tests.site.test_contests import AFTER, KEY, files, library

SITE_URL = "https://phapluat.example.gov.vn/tu-sach/"
RECORDS = [{**r, "contest": KEY, "out_of": 2} for r in (
    attempt("an", "Nguyễn Văn An", 2, 75.5, certificate="K7Q2M9ABCD"),
    attempt("binh", "Trần Thị Bình", 1, 100, certificate="Z9Y8X7WVUT"),
    attempt("chi", "Đặng Chí", 0, 30, certificate=None))]


def decoded(path: Path) -> list[str]:
    with Image.open(path) as image:
        return [r.text for r in zxingcpp.read_barcodes(image)]


def test_a_qr_code_reads_back_as_its_url() -> None:
    url = "https://x.example/cuoc-thi/thi/chung-nhan/ABCD2345/"
    image = qr_image(url)
    assert 250 <= image.width <= 320
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]


def test_certificates_and_their_verification_pages(tmp_library: LibraryMaker,
                                                   tmp_path: Path) -> None:
    root = tmp_library(files())
    contest = library(root, AFTER).contests[KEY]  # certificate_score: 1
    ranked = table(contest, RECORDS)
    written = write_certificates(contest, ranked, SITE_URL, tmp_path / "chung-nhan")
    assert [p.name for p in written] == ["K7Q2M9ABCD.png", "Z9Y8X7WVUT.png"]
    assert sorted(p.name for p in (tmp_path / "chung-nhan").iterdir()) == \
        ["K7Q2M9ABCD.png", "Z9Y8X7WVUT.png"]  # nothing for the uncertified, no temp file
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o600
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (1754, 1240)
    url = verification_url(contest, "K7Q2M9ABCD", SITE_URL)
    assert url == f"{SITE_URL}cuoc-thi/{KEY}/chung-nhan/K7Q2M9ABCD/"
    assert decoded(written[0]) == [url]

    # The organisers publish the results file and rebuild: the QR code's page exists.
    results = root / "quizzes" / "results" / f"{KEY}.json"
    results.parent.mkdir(parents=True)
    results.write_text(json.dumps(published(contest, ranked, NOW), ensure_ascii=False), "utf-8")
    site = tmp_path / "site"
    report = build(load_config(root, site_dir=site, today=AFTER, search=False, stages=(),
                               site_url=SITE_URL))
    assert report.ok, [p.format() for p in report.errors]
    for path in written:
        (target,) = decoded(path)
        page = site / target.removeprefix(SITE_URL) / "index.html"
        status = lxml_html.fromstring(page.read_bytes()).xpath("//p[@role='status']")[0]
        assert " ".join(status.text_content().split()).startswith("Chứng nhận hợp lệ: ")
    text = (site / f"cuoc-thi/{KEY}/chung-nhan/K7Q2M9ABCD/index.html").read_text("utf-8")
    assert "Chứng nhận hợp lệ: N. V. A., 2/2 câu đúng," in text
    assert "Nguyễn Văn An" not in text  # the contest publishes initials
