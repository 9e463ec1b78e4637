"""Synthetic provinces: libraries whose explainers are made of Vietnamese-looking syllables
drawn from a seeded generator (text nobody on the team wrote), for the national portal's
tests and its benchmark."""

from __future__ import annotations

import random
from pathlib import Path

from tests.conftest import base_files, explainer

ONSETS = ("b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph",
          "qu", "r", "s", "t", "th", "tr", "v", "x")
RHYMES = ("a", "ai", "am", "an", "ang", "anh", "ao", "at", "ay", "e", "em", "en", "eo", "i",
          "im", "in", "inh", "o", "oi", "om", "on", "ong", "u", "ui", "um", "un", "ung", "ươn",
          "ương", "iêt", "uôi", "ưa")
TONES = {"a": "aàáảãạ", "e": "eèéẻẽẹ", "i": "iìíỉĩị", "o": "oòóỏõọ", "u": "uùúủũụ",
         "ư": "ưừứửữự", "ơ": "ơờớởỡợ", "ê": "êềếểễệ", "ô": "ôồốổỗộ"}
FIELDS = ("lao-dong", "dat-dai")
SHARED = "thử việc"
"""In every province's explainers (the fixtures' own explainer is about it)."""


def syllable(rng: random.Random) -> str:
    rhyme = rng.choice(RHYMES)
    tone = rng.randrange(6)
    for at, char in enumerate(rhyme):
        if char in TONES:
            rhyme = rhyme[:at] + TONES[char][tone] + rhyme[at + 1:]
            break
    return rng.choice(ONSETS) + rhyme


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(syllable(rng) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def marker(seed: int) -> str:
    """A word of one province only: three syllables written together, which the others'
    text (syllables apart) never holds."""
    rng = random.Random(f"marker-{seed}")
    while True:  # without đ: the index spells it ḏ, whose mark Pagefind cuts the word at
        word = f"{syllable(rng)}{syllable(rng)}{syllable(rng)}"
        if "đ" not in word:
            return word


def province_files(seed: int, name: str, site_url: str, explainers: int
                   ) -> dict[str, str | bytes | None]:
    """A library of `explainers` explainers (plus the fixtures' own one on probation)."""
    rng = random.Random(seed)
    word = marker(seed)
    files: dict[str, str | bytes | None] = dict(base_files())
    files["mkdocs.yml"] = f'site_name: "{name}"\nsite_url: {site_url}\n'
    files["content/lao-dong/thu-viec.md"] = explainer(
        body=f"## Thời gian {SHARED}\n\nKhông quá 60 ngày. {sentence(rng, 12)} {word}.\n")
    for number in range(1, explainers):
        field = FIELDS[number % len(FIELDS)]
        documents = '["45/2019/QH14"]' if field == "lao-dong" else '["31/2024/QH15"]'
        title = sentence(rng, 6).rstrip(".")
        body = "".join(f"## {sentence(rng, 4).rstrip('.')}\n\n{sentence(rng, 40)} "
                       f"{sentence(rng, 30)}\n\n" for _ in range(3))
        day = f"2026-10-{1 + (seed + number) % 28:02d}"
        files[f"content/{field}/bai-{number:04d}.md"] = explainer(
            title=title, field=field, documents=documents, body=body,
        ).replace("updated: 2026-11-01", f"updated: {day}")
    return files


def write_library(root: Path, files: dict[str, str | bytes | None]) -> Path:
    for rel, text in files.items():
        if text is None:
            continue
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return root
