"""The audiobook player and the search page speak the page's language: labels from `ui`,
the strings their scripts write from data-messages (Vietnamese defaults in the scripts)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generators.library.data import built_in_ui
from generators.library.model import VIETNAMESE
from generators.media import Audiobook, ChapterMark, Cue
from generators.site.languages import _SEARCH_MESSAGES
from generators.site.pages import _render, marks_json
from generators.site.ui import UI

ASSETS = Path(__file__).resolve().parents[2] / "generators/site/assets"
PAGE = "en/lao-dong/thu-viec/"
VIETNAMESE_LABELS = ("Nghe bài này", "Trình phát sách nói", "Phát", "Lùi 15 giây", "Tới 15 giây",
                     "Tốc độ", "Giọng đọc", "Vị trí", "giây", "Các chương", "Tải sách nói",
                     "Tải lời đọc", "Lời đọc")
PLAYER_MESSAGES = ("play", "pause", "second", "seconds", "minute", "minutes", "position", "now")


def book(voice: str, label: str, lang: str = "en") -> Audiobook:
    marks = (ChapterMark("Introduction", "", 0.0, 18.5),
             ChapterMark("How long?", "how-long", 18.5, 205.0))
    cues = (Cue(0.0, 5.0, "How long may probation last?"), Cue(18.5, 30.0, "Sixty days."))
    return Audiobook("thu-viec", lang, voice, label, "espeak", Path("a.mp3"), Path("a.vtt"),
                     Path("a.json"), 205.0, 1_530_000, marks, cues)


BOOKS = [book("en-espeak", "eSpeak NG"), book("en-person", "A person")]


def ui_for(lang: str) -> UI:
    vietnamese = built_in_ui(VIETNAMESE)
    return UI(lang, vietnamese if lang == VIETNAMESE else built_in_ui(lang), vietnamese)


def player(**values: Any) -> str:
    return _render("_player.html.j2", PAGE, books=BOOKS, marks_json=marks_json(BOOKS), **values)


def data_messages(page: str) -> dict[str, str] | None:
    found = re.search(r'data-messages="([^"]*)"', page)
    return json.loads(html.unescape(found[1])) if found else None


def js_defaults(script: str) -> dict[str, str]:
    """The `var MESSAGES = {…}` of an asset: the Vietnamese the script says by default."""
    text = (ASSETS / script).read_text("utf-8")
    block = re.search(r"var MESSAGES = \{(.*?)\n  \};", text, re.S)
    assert block, script
    return {key: json.loads(f'"{value}"') for key, value in
            re.findall(r'(\w+): "((?:[^"\\]|\\.)*)"', block[1])}


def test_the_english_player_is_labelled_in_english() -> None:
    page = player(ui=ui_for("en"))
    for label in ('<h2 id="nghe-bai-nay">Listen to this article</h2>',
                  '">Download the audiobook (MP3)</a>',
                  'role="group" aria-label="Audiobook player" hidden>',
                  'aria-pressed="false">Play</button>',
                  'data-act="back">Back 15 seconds</button>',
                  'data-act="forward">Forward 15 seconds</button>',
                  '<label class="tsp-player__speed">Speed\n',
                  '<option value="0.75">0.75×</option>',
                  '<option value="1.25">1.25×</option>',
                  '<label class="tsp-player__voice">Voice\n',
                  '<label class="tsp-player__seek">Position\n',
                  'aria-valuetext="0 seconds">',
                  '<h3 id="cac-chuong">Chapters (3:25)</h3>',
                  "download>Download the audiobook (MP3, 1.5 MB)</a>",
                  "download>Download the transcript (WebVTT)</a>",
                  "<summary>Transcript (the text of the audiobook)</summary>"):
        assert label in page, label
    for vietnamese in VIETNAMESE_LABELS:
        assert vietnamese not in page, vietnamese
    assert 'lang="vi"' not in page


def test_the_player_script_gets_its_messages_in_the_page_language() -> None:
    assert data_messages(player(ui=ui_for("en"))) == {
        "play": "Play", "pause": "Pause", "second": "{s} second", "seconds": "{s} seconds",
        "minute": "{m} minute", "minutes": "{m} minutes", "position": "{now} of {total}",
        "now": "Now playing chapter {n}: {title}",
    }


def test_a_language_without_player_strings_falls_back_to_marked_vietnamese() -> None:
    page = player(ui=UI("hmn", {"listen": "Mloog"}, built_in_ui(VIETNAMESE)))
    assert '<h2 id="nghe-bai-nay">Mloog</h2>' in page
    assert 'aria-pressed="false"><span lang="vi">Phát</span></button>' in page
    assert '<summary><span lang="vi">Lời đọc (văn bản của sách nói)</span></summary>' in page
    assert data_messages(page) == js_defaults("player.js")


def test_the_vietnamese_player_is_unchanged() -> None:
    """Vietnamese pages pass no `ui`: the literals in the template; with the Vietnamese
    strings as `ui` the page is the same but for the messages (the script's defaults)."""
    plain = player()
    assert data_messages(plain) is None
    for label in ('<h2 id="nghe-bai-nay">Nghe bài này</h2>',
                  'role="group" aria-label="Trình phát sách nói" hidden>',
                  'aria-pressed="false">Phát</button>',
                  '<option value="0.75">0,75×</option>',
                  'aria-valuetext="0 giây">',
                  '<h3 id="cac-chuong">Các chương (3:25)</h3>',
                  "download>Tải sách nói (MP3, 1,5 MB)</a> · ",
                  "<summary>Lời đọc (văn bản của sách nói)</summary>"):
        assert label in plain, label
    localised = player(ui=ui_for(VIETNAMESE))
    assert data_messages(localised) == js_defaults("player.js")
    assert re.sub(r' data-messages="[^"]*"', "", localised) == plain


def test_the_player_script_defaults_are_the_vietnamese_strings() -> None:
    vietnamese = built_in_ui(VIETNAMESE)
    assert js_defaults("player.js") == {key: vietnamese[f"player_{key}"]
                                        for key in PLAYER_MESSAGES}


def test_every_search_script_message_is_a_ui_string_passed_to_the_script() -> None:
    """search.js's Vietnamese defaults (results, filters, progress) are vi.yml's strings, and
    the language search page passes every one of them in its language."""
    vietnamese = built_in_ui(VIETNAMESE)
    defaults = js_defaults("search.js")
    assert {"by_field", "by_audience", "by_type", "by_document", "busy"} <= set(defaults)
    assert defaults == {key: vietnamese[f"search_{key}"] for key in defaults}
    assert {f"search_{key}" for key in defaults} == set(_SEARCH_MESSAGES)
    english = built_in_ui("en")
    assert english["search_by_field"] == "Topic" and english["search_busy"] == "Searching…"


@pytest.mark.parametrize("script", ["player.js", "search.js"])
def test_the_scripts_write_no_vietnamese_of_their_own(script: str) -> None:
    """Outside their MESSAGES defaults, no string literal of the scripts is Vietnamese, but
    for search.js's data about Vietnamese itself (Telex repair, filler words)."""
    text = (ASSETS / script).read_text("utf-8")
    text = re.sub(r"var MESSAGES = \{.*?\n  \};", "", text, flags=re.S)
    text = re.sub(r"/\* ---- Vietnamese as typed.*?/\* ---- Pagefind", "", text, flags=re.S)
    text = re.sub(r"var FILLER = new Set\(.*?\);", "", text, flags=re.S)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    literals = re.findall(r'"((?:[^"\\\n]|\\.)*)"', text)
    assert len(literals) > 20
    assert [lit for lit in literals if re.search("[à-ỹđĐÀ-Ỹ]", lit)] == []


def test_the_search_box_speaks_english() -> None:
    ui = ui_for("en")
    messages = {key.removeprefix("search_"): ui.raw(key) for key in _SEARCH_MESSAGES}
    page = _render("_search_ui.html.j2", "en/tim-kiem/", ui=ui, messages=messages,
                   search_tag="", home_url="en/")
    assert data_messages(page) == messages
    assert messages["by_document"] == "Legal document cited"
    assert "<summary>Filter the results</summary>" in page
    assert ('<noscript><p>The search needs JavaScript. <a href="../">See all articles in '
            "English</a></p></noscript>") in page
    vietnamese = _render("_search_ui.html.j2", "tim-kiem/", search_tag="")
    assert data_messages(vietnamese) is None
    assert ('<noscript><p>Trang tìm kiếm cần JavaScript. Bạn vẫn có thể duyệt theo '
            '<a href="../">kệ sách</a>.</p></noscript>') in vietnamese
