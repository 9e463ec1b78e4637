"""A contest's results from its attempt records: the ranking table for the organisers (CSV,
XLSX, contact details included: prizes need them) and the results file for publication (JSON,
names as the contest's `names` style, never a contact detail).

The published file is what the site reads back (`quizzes/results/<contest>.json`), so its
shape is defined here once: `FORMAT`, `VERSION` and `PUBLISHED_ROW`.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from generators.atomic import replacing
from generators.library.contests import VIETNAM
from generators.library.model import Contest
from generators.quiz.ranking import Ranked, rank

FORMAT = "tusach-contest-results"
VERSION = 1
PUBLISHED_ROW = ("rank", "name", "unit", "score", "out_of", "seconds", "certificate")
"""Every key a published row may have: nothing else is ever written or read back."""
CONTACT = frozenset({"phone", "email", "address", "birth_year"})
"""Participant fields that are never published (the name is, in the contest's style)."""
FIELD_TITLES = {"name": "Họ và tên", "phone": "Số điện thoại", "email": "Thư điện tử",
                "unit": "Đơn vị / xã", "address": "Địa chỉ", "birth_year": "Năm sinh"}
"""The participant fields' Vietnamese names (headers, forms)."""
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def in_vietnam(moment: datetime) -> datetime:
    """`moment` in Việt Nam's time (UTC+7): a contest's dates as its readers know them."""
    return moment.astimezone(VIETNAM)


def table(contest: Contest, records: Iterable[Mapping[str, Any]]) -> list[Ranked]:
    """The contest's ranking from its exported attempt records (see ranking.rank)."""
    return rank(contest, records)


def initials(name: str) -> str:
    """"Nguyễn Văn An" → "N. V. A.": every word's first letter, in the order written (a
    word without a letter is left out)."""
    words = unicodedata.normalize("NFC", name).split()
    letters = (next((c for c in word if c.isalpha()), "") for word in words)
    return " ".join(f"{letter.upper()}." for letter in letters if letter)


def published_name(contest: Contest, participant: Mapping[str, Any], position: int) -> str:
    """How the published ranking names the participant on row `position` (1-based)."""
    name = str(participant.get("name") or "").strip()
    if contest.names == "full" and name:
        return unicodedata.normalize("NFC", name)
    if contest.names == "initials" and initials(name):
        return initials(name)
    return f"Thí sinh {position}"


def safe_cell(value: Any) -> Any:
    """A spreadsheet cell that is never read as a formula: text starting with = + - @, a tab
    or a carriage return gets a leading `'` (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def number(value: float) -> int | float:
    """A score or time as written: whole numbers without ".0", times to the millisecond."""
    return int(value) if float(value).is_integer() else round(float(value), 3)


def organiser_columns(contest: Contest) -> list[tuple[str, str]]:
    """(key, header) of the organisers' table: rank, attempt, every field asked, the guess
    when asked, score, out of, seconds, certificate."""
    columns = [("rank", "Hạng"), ("attempt", "Mã lượt thi")]
    columns += [(f"participant.{f}", FIELD_TITLES.get(f, f)) for f in contest.participant]
    if contest.predict_participants:
        columns.append(("prediction", "Dự đoán số người dự thi"))
    columns += [("score", "Số câu đúng"), ("out_of", "Số câu hỏi"),
                ("seconds", "Thời gian làm bài (giây)"), ("certificate", "Mã chứng nhận")]
    return columns


def organiser_rows(contest: Contest, ranked: Sequence[Ranked]) -> list[list[Any]]:
    """The organisers' table, a list per participant, in ranking order, formulas defused."""
    rows = []
    for row in ranked:
        values: list[Any] = []
        for key, _ in organiser_columns(contest):
            if key.startswith("participant."):
                value = row.participant.get(key.removeprefix("participant."))
                value = "" if value is None else value if isinstance(value, int) else str(value)
            elif key in ("score", "seconds"):
                value = number(getattr(row, key))
            else:
                value = getattr(row, key)
            values.append(safe_cell("" if value is None else value))
        rows.append(values)
    return rows


def write_csv(contest: Contest, ranked: Sequence[Ranked], out: TextIO) -> None:
    """The organisers' table as CSV with a header row (contact details included)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header for _, header in organiser_columns(contest)])
    writer.writerows(organiser_rows(contest, ranked))


def xlsx_bytes(contest: Contest, ranked: Sequence[Ranked]) -> bytes:
    """The organisers' table as an XLSX workbook: a bold, frozen header row, every value as
    data (text cells are typed as strings, never as formulas). Streamed (openpyxl's
    write-only mode): a week's tens of thousands of rows in seconds."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING, Cell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Xếp hạng")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Any, font: Font | None = None) -> Cell:
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            made.data_type = TYPE_STRING  # openpyxl reads "=…" as a formula otherwise
        if font is not None:
            made.font = font
        return made

    sheet.append([cell(header, bold) for _, header in organiser_columns(contest)])
    for values in organiser_rows(contest, ranked):
        sheet.append([cell(value) for value in values])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def published(contest: Contest, ranked: Sequence[Ranked],
              generated: datetime | None = None) -> dict[str, Any]:
    """The results file for publication: the contest, when it was made, how many took part,
    and each row's rank, published name, unit (only when asked), score, out of, seconds and
    certificate code (only when certified). No phone, e-mail, address or year of birth."""
    moment = (generated or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rows = []
    for position, row in enumerate(ranked, start=1):
        item: dict[str, Any] = {"rank": row.rank,
                                "name": published_name(contest, row.participant, position)}
        if "unit" in contest.participant:
            item["unit"] = str(row.participant.get("unit") or "")
        item.update(score=number(row.score), out_of=row.out_of, seconds=number(row.seconds))
        if row.certificate:
            item["certificate"] = row.certificate
        rows.append(item)
    return {"format": FORMAT, "version": VERSION, "contest": contest.key,
            "title": contest.title, "generated": moment.isoformat().replace("+00:00", "Z"),
            "names": contest.names, "entrants": len(ranked), "rows": rows}


def write_file(path: Path, data: bytes, private: bool) -> None:
    """`data` into `path` atomically; `private`: readable by its owner only (contact
    details), from the first byte on."""
    if not private:
        with replacing(path) as temp:
            temp.write_bytes(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:  # mkstemp's file is 0600
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


__all__ = ["CONTACT", "FIELD_TITLES", "FORMAT", "PUBLISHED_ROW", "VERSION", "VIETNAM",
           "in_vietnam", "initials",
           "organiser_columns", "organiser_rows", "published", "published_name", "safe_cell",
           "table", "write_csv", "write_file", "xlsx_bytes"]
