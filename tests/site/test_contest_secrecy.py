"""The static site never holds a contest's answers or explanations: a real build (search index,
e-books, offline ZIP, precompressed copies) scanned file by file, containers opened (gzip,
brotli, ZIP, EPUB, Pagefind's gzipped fragments and index), for every question text, choice,
answer and explanation of the contest's bank. After the contest closes, the answers appear in
the answer key only, and explanations still nowhere."""

from __future__ import annotations

import gzip
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import brotli
import pytest

from generators.config import load_config
from generators.library import read_library
from generators.pipeline import build
from generators.urls import contest_key_url, contest_url
from tests.conftest import ROOT, TODAY, base_files, explainer

KEY = "bi-mat"
VISIBLE = "KIEMSOAT4242"
"""In the explainer's body: the scan must find it in the page, the search index, the EPUB and
the ZIP, or it is not looking."""
QUESTIONS = {  # token → where it is written in the contest's bank
    "QTEXT1001": "text", "CHOICE2002": "choice", "ANSWER3003": "answer",
    "FILLANS4004": "answer", "ORDERA5005": "answer", "ORDERB5006": "answer",
    "LEFT6007": "answer", "RIGHT6008": "answer", "EXPLAIN7001": "explanation",
    "EXPLAIN7002": "explanation", "EXPLAIN7003": "explanation", "987654321": "answer",
}
BANK = """\
title: Ngân hàng BANKTITLE9009 của cuộc thi
explainers: [thu-viec]
questions:
  - id: mot
    type: single
    level: 1
    text: Câu hỏi QTEXT1001 về thử việc?
    choices: ["Sai CHOICE2002", "Đúng ANSWER3003"]
    answer: "Đúng ANSWER3003"
    explanation: Vì EXPLAIN7001 theo Điều 25.
    basis: [{document: "45/2019/QH14", article: "25"}]
  - id: hai
    type: fill
    level: 1
    text: Điền vào chỗ trống.
    answer: ["FILLANS4004"]
    explanation: "**EXPLAIN7002** in đậm."
    basis: [{document: "45/2019/QH14", article: "24"}]
  - id: ba
    type: order
    level: 2
    text: Xếp theo thứ tự.
    items: ["Trước ORDERA5005", "Sau ORDERB5006"]
    explanation: EXPLAIN7003
    basis: [{document: "45/2019/QH14", article: "26"}]
  - id: bon
    type: match
    level: 2
    text: Nối cho đúng.
    pairs: [["Trái LEFT6007", "Phải RIGHT6008"], ["Một", "Hai"]]
    basis: [{document: "45/2019/QH14", article: "27"}]
  - id: nam
    type: numeric
    level: 2
    text: Bao nhiêu?
    answer: 987654321
    basis: [{document: "45/2019/QH14", article: "27"}]
"""
CONTEST = f"""\
title: Cuộc thi kín
opens: 2026-12-01T08:00:00+07:00
closes: 2026-12-10T17:00:00+07:00
banks: [{KEY}]
questions: 4
minutes: 15
participant: [name, phone]
"""
DURING, AFTER = date(2026, 12, 5), date(2026, 12, 11)


def contents(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of a file and of everything inside it, opened as deep as it goes."""
    yield name, data
    if data[:2] == b"\x1f\x8b":  # .gz copies, and Pagefind's files (gzip whatever the name)
        yield from contents(f"{name}!gunzip", gzip.decompress(data))
    elif name.endswith(".br"):
        yield from contents(f"{name}!unbrotli", brotli.decompress(data))
    elif data[:4] == b"PK\x03\x04":  # the offline ZIP, EPUBs, XLSX alike
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from contents(f"{name}!{member}", archive.read(member))


def scan(site: Path) -> dict[str, set[str]]:
    """Token (lower case) → every file (and member) that holds it."""
    found: dict[str, set[str]] = {}
    tokens = [t.lower().encode() for t in (*QUESTIONS, VISIBLE, "BANKTITLE9009")]
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        for name, data in contents(rel, path.read_bytes()):
            lowered = data.lower()
            for token in tokens:
                if token in lowered:
                    found.setdefault(token.decode(), set()).add(name)
    return found


@pytest.fixture(scope="module")
def library_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("secrecy") / "lib"
    files = {
        "content/lao-dong/thu-viec.md": explainer(
            body=f"## Thời gian thử việc\n\nKhông quá 60 ngày, {VISIBLE}.\n"),
        f"quizzes/{KEY}.yml": BANK, f"quizzes/contests/{KEY}.yml": CONTEST,
    }
    for rel, text in {**base_files(), **files}.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return root


def built(root: Path, site: Path, day: date, media_cache: Path) -> Path:
    report = build(load_config(root, site_dir=site, today=day, search=True,
                               stages=("ebooks", "bundle", "compress"), cache_dir=media_cache,
                               collector_url="https://thi.example.gov.vn/",
                               site_url="https://phapluat.example.gov.vn/"))
    assert report.ok, [p.format() for p in report.errors]
    return site


def test_during_the_contest_no_published_file_holds_a_question_or_answer(
        library_root: Path, tmp_path: Path, media_cache: Path) -> None:
    site = built(library_root, tmp_path / "site", DURING, media_cache)
    assert (site / contest_url(KEY) / "index.html").is_file()
    found = scan(site)
    seen = found.get(VISIBLE.lower(), set())
    # The scan opens what it must: the page, its .gz and .br, the search index's gzipped
    # fragments, the EPUB and the offline ZIP (and the page and EPUB inside the ZIP).
    assert "lao-dong/thu-viec/index.html" in seen
    assert "lao-dong/thu-viec/index.html.gz!gunzip" in seen
    assert "lao-dong/thu-viec/index.html.br!unbrotli" in seen
    assert any(n.startswith("pagefind/fragment/") and n.endswith(".pf_fragment!gunzip")
               for n in seen)
    assert any(n.startswith("pagefind/index/") and n.endswith(".pf_index!gunzip") for n in seen)
    assert "sach-dien-tu/thu-viec.epub!EPUB/text/ch002.xhtml" in seen
    inside = "tai-ve/tu-sach-phap-luat-so.zip!tu-sach-phap-luat-so/trang/"
    assert f"{inside}lao-dong/thu-viec/index.html" in seen
    assert f"{inside}sach-dien-tu/thu-viec.epub!EPUB/text/ch002.xhtml" in seen
    leaks = {token: sorted(files) for token, files in found.items()
             if token != VISIBLE.lower()}
    assert leaks == {}
    assert not list(site.rglob("dap-an.json"))


def test_after_closing_answers_only_in_the_key_and_explanations_nowhere(
        library_root: Path, tmp_path: Path, media_cache: Path) -> None:
    site = built(library_root, tmp_path / "site", AFTER, media_cache)
    key = contest_key_url(KEY)
    found = scan(site)
    for token, kind in QUESTIONS.items():
        files = found.get(token.lower(), set())
        if kind == "answer":
            assert files, token
            assert all(f.split("!")[0].removesuffix(".gz").removesuffix(".br") == key
                       or (f.startswith("tai-ve/") and f.endswith(key)) for f in files), \
                (token, sorted(files))
        else:
            assert files == set(), (token, sorted(files))
    assert "banktitle9009" not in found


_MARKUP = re.compile(r"[*_\[\]()<>&\"'`#|\\\n]+")


def _telling(text: str) -> str:
    """The longest run of `text` between Markdown or HTML characters (what any rendering of
    it keeps verbatim)."""
    return max(_MARKUP.split(unicodedata.normalize("NFC", text)), key=len).strip()


def test_the_starter_contests_bank_is_in_no_published_file(built_site: Path) -> None:
    """The starter library's own contest, nobody's test data: every question's text and
    explanation that the published sources do not also say is absent from the whole site."""
    library, problems = read_library(ROOT, TODAY)
    assert library is not None and library.contests, [p.format() for p in problems.errors]
    assert all(TODAY < c.opens.date() for c in library.contests.values())  # no key yet
    sources = "\n".join(unicodedata.normalize("NFC", p.read_text("utf-8")) for p in
                        [*(ROOT / "content").rglob("*.md"),
                         *(ROOT / "quizzes").glob("*.yml")]
                        if p.stem not in library.contest_banks)
    secrets = {_telling(t) for key in library.contest_banks
               for q in library.quizzes[key].questions for t in (q.text, q.explanation) if t}
    secrets = {s for s in secrets if len(s) >= 25 and s not in sources}
    assert len(secrets) >= 10
    leaks: dict[str, list[str]] = {}
    for path in sorted(built_site.rglob("*")):
        if path.is_file():
            rel = path.relative_to(built_site).as_posix()
            for name, data in contents(rel, path.read_bytes()):
                text = unicodedata.normalize("NFC", data.decode("utf-8", "ignore"))
                for secret in secrets:
                    if secret in text:
                        leaks.setdefault(secret, []).append(name)
    assert leaks == {}
