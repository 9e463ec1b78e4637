"""`new_documents:` end to end: a bulletin on each cited document about to take effect,
made with real espeak-ng and ffmpeg, described for the station and listed in the summary."""

from __future__ import annotations

import json
from pathlib import Path

from generators.bulletins.make import make_bulletins, summary_lines
from generators.speech.books import default_engines
from tests.bulletins.conftest import library_files, load, setting, write
from tests.bulletins.test_script import NEW
from tests.conftest import explainer


def test_a_new_document_gets_a_bulletin_listed_in_the_summary(tmp_path: Path) -> None:
    cites = explainer(documents='["45/2019/QH14", "99/2026/NĐ-CP"]')
    root = write(tmp_path / "lib", {
        **library_files(), "content/_data/documents.yml": NEW,
        "content/lao-dong/thu-viec.md": cites,
        "audiobooks/bulletins.yml": "new_documents:\n  days_before: 7\n  minutes: 1\n"})
    work = tmp_path / "work"
    work.mkdir()
    outcome = make_bulletins(load(root), setting(tmp_path / "cache"), work, default_engines())
    (item,) = outcome.bulletins
    assert item.key == "van-ban-moi-99-2026-nd-cp" and item.document == "99/2026/NĐ-CP"
    assert (item.valid_from, item.valid_to) == ("2026-11-23", "2026-11-28")
    assert summary_lines(outcome)[1] == (
        "Bản tin văn bản sắp có hiệu lực: 99/2026/NĐ-CP → bản tin 'van-ban-moi-99-2026-nd-cp' "
        "(Nghị định 99/2026/NĐ-CP có hiệu lực từ 28/11/2026)")
    data = json.loads(item.files[".json"].read_text("utf-8"))
    assert data["document"] == {"key": "99/2026/NĐ-CP", "title": "Nghị định về thử việc",
                                "status": "chưa có hiệu lực"}
    assert [p["explainer"] for p in data["parts"]] == [None, "thu-viec", None]
