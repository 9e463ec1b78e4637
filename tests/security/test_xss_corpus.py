"""Public XSS vectors (DOMPurify's fixtures, bleach's OWASP cheat-sheet data, and our own
Markdown forms; see data/xss-vectors.json) in explainer bodies (raw HTML) and in titles and
descriptions. A vector the check refuses is a pass; every one it accepts is built, served
with no CSP at all, opened in headless Chromium with alert & co. hooked, and read strictly:
none may run, and none may leave an event handler, a script or a javascript: URL."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generators.config import load_config
from generators.pipeline import build, check
from tests.conftest import TODAY, base_files
from tests.security.browser import MARKER, Watch, plain_server
from tests.security.checks import check_html, check_site

VECTORS = json.loads((Path(__file__).parent / "data" / "xss-vectors.json")
                     .read_text("utf-8"))["vectors"]
SPACES = re.compile(r"\s+")
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
"""Refused in every file (tested in bodies and titles); left out of the one glossary file."""


def _body(payload: str) -> str:
    return f"## Phần một\n\nĐoạn đầu.\n\n{payload}\n\nĐoạn cuối.\n"


def _front(title: str, description: str) -> str:
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
            f"description: {json.dumps(description, ensure_ascii=False)}\n"
            "field: lao-dong\nupdated: 2026-11-01\naudiences: [nguoi-lao-dong]\n"
            "reviewed: true\n---\n")


def armed(payload: str) -> str:
    """The vector, calling our marker where it called alert (alert is hooked too)."""
    return payload.replace("alert", MARKER)


@dataclass
class Corpus:
    site: Path
    built: dict[str, str] = field(default_factory=dict)
    """slug → the vector's label, for every explainer that was built."""
    refused: dict[str, list[str]] = field(default_factory=dict)
    """slug → the check's messages, for every explainer the check refused."""


def label(number: int, vector: dict[str, Any], where: str) -> str:
    return f"#{number} [{vector['source']}] {vector['title'][:70]!r} ({where})"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """One explainer per vector in the body (`v-N`), one per vector in the title and
    description (`t-N`); the check's refusals are removed, the rest is built."""
    root = tmp_path_factory.mktemp("xss-lib")
    files: dict[str, str] = {**base_files(), "mkdocs.yml": "site_name: Tủ sách thử\n"}
    del files["content/lao-dong/thu-viec.md"]
    labels: dict[str, str] = {}
    for number, vector in enumerate(VECTORS, 1):
        payload = armed(vector["payload"])
        one_line = SPACES.sub(" ", payload).strip()
        files[f"content/lao-dong/v-{number}.md"] = (_front(f"Vectơ {number}", "Mô tả.")
                                                     + _body(payload))
        files[f"content/lao-dong/t-{number}.md"] = (
            _front(f"T{number} {one_line}"[:150], f"D{number} {one_line}"[:300])
            + _body("Chữ thường."))
        labels[f"v-{number}"] = label(number, vector, "thân bài")
        labels[f"t-{number}"] = label(number, vector, "tiêu đề, mô tả")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    _, report = check(load_config(root, today=TODAY))
    result = Corpus(site=tmp_path_factory.mktemp("xss-site") / "site")
    for problem in report.errors:
        slug = Path(problem.path).stem
        result.refused.setdefault(slug, []).append(problem.message)
    for slug in result.refused:
        (root / f"content/lao-dong/{slug}.md").unlink()
    result.built = {s: text for s, text in labels.items() if s not in result.refused}
    report = build(load_config(root, site_dir=result.site, today=TODAY, search=False,
                               service_worker=False, stages=()))
    assert report.ok, [p.format() for p in report.errors][:20]
    return result


@pytest.fixture(scope="module")
def glossary_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The glossary page (thuat-ngu/) with a term and a definition per vector (but those
    with control characters, which every file refuses: tested in bodies and titles)."""
    root = tmp_path_factory.mktemp("xss-glossary")
    files = {**base_files(), "mkdocs.yml": "site_name: Tủ sách thử\n"}
    files["content/_data/glossary.yml"] = "".join(
        f"{json.dumps(f'G{n} ' + SPACES.sub(' ', armed(v['payload']))[:60], ensure_ascii=False)}:"
        f"\n  definition: {json.dumps(armed(v['payload']), ensure_ascii=False)}\n"
        for n, v in enumerate(VECTORS, 1) if not CONTROL_CHARACTER.search(v["payload"]))
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    site = tmp_path_factory.mktemp("xss-glossary-site") / "site"
    report = build(load_config(root, site_dir=site, today=TODAY, search=False, service_worker=False,
                               stages=()))
    assert report.ok, [p.format() for p in report.errors][:20]
    return site


def test_glossary_definitions_are_text(glossary_site: Path, browser: Any) -> None:
    findings = check_site(glossary_site)
    watch = Watch(browser)
    try:
        with plain_server(glossary_site) as base:
            findings += watch.visit(base + "thuat-ngu/", settle_ms=300)
    finally:
        watch.close()
    assert findings == []
    text = (glossary_site / "thuat-ngu/index.html").read_text("utf-8")
    assert f"{MARKER}(1)" in text  # the vectors are there, as text


def test_the_corpus_is_a_few_hundred_public_vectors() -> None:
    assert 300 <= len(VECTORS) <= 400
    assert {v["source"] for v in VECTORS} == {"dompurify", "bleach", "tu-sach"}


def test_refused_vectors_are_refused_in_the_body_only(corpus: Corpus) -> None:
    """Titles and descriptions are text: the check has no reason to refuse a vector
    there (except control characters, which no file may carry)."""
    wrongly = {slug: messages for slug, messages in corpus.refused.items()
               if slug.startswith("t-") and not all("U+" in m for m in messages)}
    assert wrongly == {}


def test_no_built_vector_leaves_a_handler_a_script_or_a_javascript_url(corpus: Corpus) -> None:
    findings = []
    for slug, text in corpus.built.items():
        for finding in check_html(corpus.site / "lao-dong" / slug / "index.html", slug):
            findings.append(f"{text}: {finding}")
    findings += check_site(corpus.site)  # every other page, feed and data file too
    assert findings == [], f"{len(findings)} vectơ còn mã chạy được:\n" + "\n".join(findings)


def test_no_built_vector_runs_in_chromium_without_csp(corpus: Corpus, browser: Any) -> None:
    ran: list[str] = []
    watch = Watch(browser)
    try:
        with plain_server(corpus.site) as base:
            hits = watch.visit_many(base, corpus.site,
                                    [f"lao-dong/{slug}/" for slug in corpus.built])
            for hit in hits:
                slug = hit.split("/lao-dong/", 1)[-1].split("/", 1)[0]
                ran.append(f"{corpus.built.get(slug, '?')}: {hit}")
            for rel in ("lao-dong/", "", "van-ban/", "doi-tuong/nguoi-lao-dong/"):
                ran += watch.visit(base + rel, settle_ms=300)
    finally:
        watch.close()
    assert ran == [], f"{len(ran)} vectơ đã chạy:\n" + "\n".join(ran)


CONTROL = f"""<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">
<title>control</title></head><body>
<script>{MARKER}('inline')</script>
<img src=x onerror="alert('img')">
<svg onload="confirm('svg')"></svg>
<details open ontoggle="prompt('details')"></details>
</body></html>
"""


def test_the_watch_sees_what_runs_even_under_the_pages_own_csp(tmp_path: Path,
                                                                 browser: Any) -> None:
    """The positive control: a page that does run code (and carries a CSP meta that would
    block it) is caught by every hook, so a quiet corpus run means nothing ran."""
    (tmp_path / "control.html").write_text(CONTROL, "utf-8")
    watch = Watch(browser)
    try:
        (tmp_path / "bust.html").write_text(
            f"<script>{MARKER}('bust'); top.location = 'about:blank'</script>", "utf-8")
        with plain_server(tmp_path) as base:
            hits = watch.visit(base + "control.html", settle_ms=300)
            # In the batched harness too, and a page that tries to take the harness away
            batched = watch.visit_many(base, tmp_path, ["bust.html", "control.html"])
    finally:
        watch.close()
    assert {h.split(": ", 1)[1].split(":")[0] for h in batched} == \
        {"marker", "alert", "confirm", "prompt"}, batched
    assert any(h.endswith("marker:bust") for h in batched), batched
    kinds = {hit.split(": ", 1)[1].split(":")[0] for hit in hits}
    assert kinds == {"marker", "alert", "confirm", "prompt"}, hits
    findings = check_html(tmp_path / "control.html", "control.html")
    assert len(findings) == 4, findings
