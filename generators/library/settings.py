"""`infographics/*.yml` specs and `audiobooks/` settings (voices, lexicon)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import MappingProxyType

from generators.errors import Problems
from generators.library.data import KEY_RE
from generators.library.files import is_library_file, read_text, read_yaml
from generators.library.model import (
    AudiobookSettings,
    Infographic,
    Language,
    Recording,
    Voice,
)
from generators.library.schema import Key, check_mapping, coerce

INFOGRAPHIC_HEAD = {"type": Key(str, required=True),
                    "title": Key(str, required=True, max_len=150), "source": Key(str)}
"""The keys every infographic spec has; the rest is its kind's body, which the library does
not know (`generators.infographics.kinds` checks it, and warns about unknown keys)."""
ENGINES = ("espeak", "edge")
_VOICE = {"lang": Key(str, required=True), "engine": Key(str, required=True),
          "voice": Key(str, required=True), "label": Key(str, required=True)}
DEFAULT_VOICES = {
    "vi-bac": Voice("vi-bac", "vi", "espeak", "vi", "Giọng miền Bắc"),
    "vi-trung": Voice("vi-trung", "vi", "espeak", "vi-vn-x-central", "Giọng miền Trung"),
    "vi-nam": Voice("vi-nam", "vi", "espeak", "vi-vn-x-south", "Giọng miền Nam"),
}


def load_infographics(
    root: Path, documents: set[str] | None, problems: Problems
) -> dict[str, Infographic]:
    """Every spec with a valid head, by name; `documents` = keys a source may name (None:
    don't check). The body is kept as written, for its kind's check."""
    folder = root / "infographics"
    out: dict[str, Infographic] = {}
    if not folder.is_dir():
        return out
    for file in sorted(folder.glob("*.yml")):
        rel = file.relative_to(root).as_posix()
        name = file.stem
        doc = read_yaml(file, root, problems)
        if doc is None:
            continue
        if not KEY_RE.match(name):
            problems.error(rel, 1, f"tên infographic '{name}' không hợp lệ",
                           "đặt tên tệp bằng chữ thường không dấu và dấu gạch ngang")
            continue
        data = doc.data
        own = {k: v for k, v in data.items() if str(k) in INFOGRAPHIC_HEAD} \
            if isinstance(data, dict) else data
        head = check_mapping(doc, (), own, INFOGRAPHIC_HEAD, rel, problems, "infographic")
        if head is None:
            continue
        source = head.get("source")
        if source and documents is not None and source not in documents:
            problems.error(rel, doc.line("source"),
                           f"văn bản nguồn '{source}' không có trong documents.yml")
            continue
        out[name] = Infographic(name, rel, head["type"], head["title"], source,
                                MappingProxyType(dict(data)), doc)
    return out


def load_audiobooks(
    root: Path, languages: dict[str, Language], problems: Problems
) -> AudiobookSettings:
    voices = dict(DEFAULT_VOICES)
    default: str | None = "vi-bac"
    voices_file = root / "audiobooks" / "voices.yml"
    if voices_file.is_file():
        rel = voices_file.relative_to(root).as_posix()
        doc = read_yaml(voices_file, root, problems)
        if doc is not None and isinstance(doc.data, dict):
            voices = {}
            for key, value in (doc.data.get("voices") or {}).items():
                clean = check_mapping(doc, ("voices", key), value, _VOICE, rel, problems,
                                      f"giọng '{key}'")
                if clean is None:
                    continue
                if clean["engine"] not in ENGINES:
                    problems.error(rel, doc.line("voices", key, "engine"),
                                   f"giọng '{key}': engine '{clean['engine']}' không có",
                                   "dùng espeak (ngoại tuyến) hoặc edge (cần mạng)")
                    continue
                if clean["lang"] not in languages:
                    problems.error(rel, doc.line("voices", key, "lang"),
                                   f"giọng '{key}': ngôn ngữ '{clean['lang']}' không có trong "
                                   "languages.yml")
                    continue
                voices[str(key)] = Voice(str(key), clean["lang"], clean["engine"],
                                         clean["voice"], clean["label"])
            default = doc.data.get("default")
            if default is not None and str(default) not in voices:
                problems.error(rel, doc.line("default"), f"giọng mặc định '{default}' không có "
                               "trong 'voices'")
        elif doc is not None:
            problems.error(rel, doc.first_line, "voices.yml phải có 'default' và 'voices'")
    lexicon: dict[str, str] = {}
    lexicon_file = root / "audiobooks" / "lexicon.yml"
    if lexicon_file.is_file():
        rel = lexicon_file.relative_to(root).as_posix()
        doc = read_yaml(lexicon_file, root, problems)
        if doc is not None and isinstance(doc.data, dict):
            for written, spoken in doc.data.items():
                if coerce(spoken, str) is None:
                    problems.error(rel, doc.line(written),
                                   f"cách đọc của '{written}' phải là chuỗi")
                else:
                    lexicon[str(written)] = coerce(spoken, str)
        elif doc is not None and doc.data is not None:
            problems.error(rel, doc.first_line, "lexicon.yml phải là bảng 'viết tắt: cách đọc'")
    return AudiobookSettings(str(default) if default else None, MappingProxyType(voices),
                             MappingProxyType(lexicon),
                             MappingProxyType(load_recordings(root, problems)))


RECORDING_TYPES = (".mp3", ".wav", ".ogg")
_RECORDING_NAME = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]*)\.(?P<lang>[a-z]{2,3})"
                             r"(?P<ext>\.mp3|\.wav|\.ogg|\.chapters\.json)$")


def load_recordings(root: Path, problems: Problems) -> dict[tuple[str, str], Recording]:
    """`audiobooks/recordings/<slug>.<lang>.(mp3|wav|ogg)` and their chapter files."""
    folder = root / "audiobooks" / "recordings"
    found: dict[tuple[str, str], Recording] = {}
    sidecars: dict[tuple[str, str], Path] = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.name.startswith(".") or path.suffix == ".md" or \
                not (path.is_file() or path.is_symlink()):
            continue
        rel = path.relative_to(root).as_posix()
        if not is_library_file(path, root, rel, problems):
            continue
        match = _RECORDING_NAME.match(path.name)
        if match is None:
            problems.warning(rel, 0, "tên tệp ghi âm không đúng mẫu, bỏ qua",
                             "đặt tên <slug>.<mã-ngôn-ngữ>.mp3 (hoặc .wav, .ogg), ví dụ "
                             "thoi-gian-thu-viec.vi.mp3")
            continue
        key = (match["slug"], match["lang"])
        if match["ext"] == ".chapters.json":
            sidecars[key] = path
        elif key in found:
            problems.error(rel, 0, f"đã có bản ghi âm {found[key].path.name} cho bài và ngôn "
                           "ngữ này", "giữ một tệp cho mỗi bài và ngôn ngữ")
        else:
            found[key] = Recording(key[0], key[1], path)
    for key, sidecar in sidecars.items():
        rel = sidecar.relative_to(root).as_posix()
        if key not in found:
            problems.warning(rel, 0, "mục lục này không có tệp ghi âm đi kèm",
                             f"thêm {key[0]}.{key[1]}.mp3 bên cạnh, hoặc xóa tệp này")
            continue
        chapters = _recording_chapters(sidecar, rel, problems)
        if chapters is not None:
            found[key] = Recording(key[0], key[1], found[key].path, chapters)
    return found


def _recording_chapters(path: Path, rel: str, problems: Problems,
                        ) -> tuple[tuple[float, str], ...] | None:
    """The Podcasting 2.0 JSON chapters `{"chapters": [{"startTime": 0, "title": "…"}]}`."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    hint = '{"chapters": [{"startTime": 0, "title": "Mở đầu"}, {"startTime": 42.5, ...}]}'
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.error(rel, exc.lineno, f"JSON không hợp lệ: {exc.msg}", hint)
        return None
    except RecursionError:  # `[[[[…` thousands deep: the decoder recurses
        problems.error(rel, 1, "JSON lồng quá sâu", hint)
        return None
    items = data.get("chapters") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        problems.error(rel, 1, "cần danh sách 'chapters' không rỗng", hint)
        return None
    # The line of the n-th chapter: JSON has no line numbers, but each chapter names its start.
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if '"startTime"' in line]
    chapters: list[tuple[float, str]] = []
    for n, item in enumerate(items):
        line = lines[n] if n < len(lines) else 1
        start = item.get("startTime") if isinstance(item, dict) else None
        title = item.get("title") if isinstance(item, dict) else None
        if isinstance(start, bool) or not isinstance(start, int | float) or \
                not isinstance(title, str) or not title.strip():
            problems.error(rel, line, f"chương {n + 1} cần 'startTime' (số giây) và 'title'",
                           hint)
            return None
        if (n == 0 and start != 0) or (chapters and start <= chapters[-1][0]):
            problems.error(rel, line, f"chương {n + 1} bắt đầu ở {start} giây",
                           "chương đầu bắt đầu ở 0, các chương sau tăng dần")
            return None
        chapters.append((float(start), title.strip()))
    return tuple(chapters)
