"""The files a commune station takes for one bulletin: a JSON description, an M3U playlist,
an iCalendar schedule, the script as text, and a ZIP of all of them for upload by hand.
Escaping is the libraries': json, icalendar, zipfile."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generators.atomic import replacing
from generators.library.model import BulletinProfile, Library
from generators.media import BulletinAudio
from generators.urls import explainer_url

FORMAT = "tusach-bulletin"
VERSION = 1
TIMEZONE = "Asia/Ho_Chi_Minh"
"""Loudspeaker slots are local times (6:30, 17:00)."""


def describe(item: BulletinAudio, library: Library, profile: BulletinProfile, base: str,
             built: date, loudness: Mapping[str, float]) -> dict[str, Any]:
    """The JSON description of a bulletin (what a source system imports)."""
    def doc(key: str, status: str) -> dict[str, str]:
        document = library.documents.get(key)
        return {"key": key, "title": document.title if document else "", "status": status}

    def link(slug: str) -> str:
        return base + explainer_url(library.explainer(slug).field, slug) if slug else ""

    return {
        "format": FORMAT, "version": VERSION, "key": item.key, "name": item.name,
        "title": item.title, "lang": item.lang, "built": built.isoformat(),
        "duration": round(item.duration, 3), "target_minutes": item.minutes,
        "valid_from": item.valid_from or None, "valid_to": item.valid_to or None,
        "areas": list(item.areas), "voice": {"key": item.voice, "label": item.voice_label},
        "profile": {"key": profile.key, "sample_rate": profile.sample_rate,
                    "bitrate": profile.bitrate, "channels": profile.channels,
                    "loudness": profile.loudness, "true_peak": profile.true_peak},
        "audio": {"url": base + item.url(".mp3"), "file": f"{item.key}.mp3",
                  "type": "audio/mpeg", "size": item.size, "sha256": item.sha256,
                  "measured": dict(loudness)},
        "schedule": {"rrule": item.schedule, "timezone": TIMEZONE} if item.schedule else None,
        "document": doc(item.document, library.documents[item.document].status.value)
        if item.document and item.document in library.documents else None,
        "page": base + item.url(),
        "parts": [{"title": p.title, "explainer": p.explainer or None, "url": link(p.explainer)
                   or None, "documents": [doc(k, s) for k, s in p.documents],
                   "start": round(p.start, 3), "end": round(p.end, 3)} for p in item.parts],
    }


def script_text(item: BulletinAudio) -> str:
    """The script as an editor or an operator reads it: one part per block."""
    blocks = [item.title]
    blocks += [f"[{p.title}]\n" + "\n".join(p.sentences) for p in item.parts]
    return "\n\n".join(blocks) + "\n"


def playlist(item: BulletinAudio) -> str:
    """Extended M3U (UTF-8): the MP3 beside the playlist, with its length and title."""
    title = " ".join(item.title.split())
    return f"#EXTM3U\n#EXTINF:{round(item.duration)},{title}\n{item.key}.mp3\n"


def calendar(item: BulletinAudio, base: str, host: str, built: date) -> bytes | None:
    """An iCalendar file with one recurring event (the RRULE), or None without a schedule."""
    if not item.schedule:
        return None
    from dateutil.rrule import rrulestr
    from icalendar import Calendar, Event, vRecur

    zone = ZoneInfo(TIMEZONE)
    start_day = date.fromisoformat(item.valid_from) if item.valid_from else built
    rule = vRecur.from_ical(item.schedule)
    if item.valid_to:
        rule["UNTIL"] = datetime.combine(date.fromisoformat(item.valid_to), time(23, 59, 59),
                                         zone).astimezone(UTC)
    first = rrulestr(f"RRULE:{item.schedule}",
                     dtstart=datetime.combine(start_day, time(0, 0), zone))
    when = next(iter(first), None) or datetime.combine(start_day, time(0, 0), zone)
    cal = Calendar()
    cal.add("prodid", "-//Tu sach phap luat so//Ban tin loa truyen thanh//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", TIMEZONE)
    event = Event()
    event.add("uid", f"{item.key}@{host}")
    event.add("dtstamp", datetime.combine(built, time(0, 0), UTC))
    event.add("dtstart", when)
    event.add("duration", timedelta(seconds=round(item.duration)))
    event.add("rrule", rule)
    event.add("summary", item.title)
    event.add("description", " ".join(item.parts[0].sentences))
    if item.areas:
        event.add("location", ", ".join(item.areas))
    event.add("attach", base + item.url(".mp3"), parameters={"FMTTYPE": "audio/mpeg"})
    cal.add_component(event)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def write_station_files(item: BulletinAudio, folder: Path, description: Mapping[str, Any],
                        ics: bytes | None, built: date) -> dict[str, Path]:
    """The files of one bulletin into `folder`, and the ZIP of them; extension → file."""
    folder.mkdir(parents=True, exist_ok=True)
    texts: dict[str, bytes] = {
        ".json": (json.dumps(description, ensure_ascii=False, indent=2) + "\n").encode(),
        ".m3u": playlist(item).encode(),
        ".txt": script_text(item).encode(),
    }
    if ics is not None:
        texts[".ics"] = ics
    files: dict[str, Path] = {}
    for ext, data in texts.items():
        files[ext] = folder / f"{item.key}{ext}"
        with replacing(files[ext]) as tmp:
            tmp.write_bytes(data)
    files[".zip"] = folder / f"{item.key}.zip"
    stamp = (built.year, built.month, built.day, 0, 0, 0)
    with replacing(files[".zip"]) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        # Fixed times and order: the same bulletin gives the same ZIP.
        mp3 = zipfile.ZipInfo(f"{item.key}.mp3", stamp)
        archive.writestr(mp3, item.mp3.read_bytes(), zipfile.ZIP_STORED)
        for ext, data in sorted(texts.items()):
            archive.writestr(zipfile.ZipInfo(f"{item.key}{ext}", stamp), data,
                             zipfile.ZIP_DEFLATED)
    return files
