"""Published contest results: `quizzes/results/<contest>.json`, written by
`collector rankings <contest> --format json`, read back and checked at `path:line` before the
site publishes it (a ranking page and a verification page per certificate).

Only the keys of `generators.quiz.results.PUBLISHED_ROW` are accepted in a row: a file holding
a phone number, an e-mail, an address or a year of birth is refused, never published.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generators.errors import Problem, Problems
from generators.library.model import NAME_STYLES, Library
from generators.library.yamlio import YamlDoc, YamlSyntaxError, load_yaml
from generators.quiz.results import CONTACT, FORMAT, PUBLISHED_ROW, VERSION, in_vietnam

RESULTS_DIR = "quizzes/results"
MAX_BYTES = 64 * 1024 * 1024
CODE = re.compile(r"^[A-Za-z0-9_-]{4,64}$")
"""A certificate's code: it is a URL path segment (urls.certificate_url)."""
NAME_MAX = 200
_ANONYMOUS = r"Thí sinh \d+"
_STYLED = {"none": re.compile(_ANONYMOUS),
           "initials": re.compile(rf"{_ANONYMOUS}|\w\.(?: \w\.)*")}
"""What a published name may look like in each style but `full`."""
_COMMAND = "python build.py collector rankings {key} --format json --out {path}"


@dataclass(frozen=True)
class Row:
    rank: int
    name: str
    """As the organisers chose to publish it (full, initials, or "Thí sinh N")."""
    score: float
    out_of: int
    seconds: float
    unit: str = ""
    certificate: str | None = None


@dataclass(frozen=True)
class Results:
    contest: str
    path: str
    generated: datetime
    names: str
    entrants: int
    rows: tuple[Row, ...]


class _Wrong(Exception):
    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def read_results(library: Library, problems: Problems) -> dict[str, Results]:
    """Every valid results file by contest; each problem reported at its `path:line`."""
    folder = library.root / RESULTS_DIR
    out: dict[str, Results] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.iterdir()):
        rel = f"{RESULTS_DIR}/{path.name}"
        if path.name.startswith("."):
            continue
        if path.is_symlink() or not path.is_file():
            problems.error(rel, 1, "không đọc liên kết tượng trưng hay thư mục trong "
                           "quizzes/results/", "đặt chính tệp kết quả <cuộc-thi>.json ở đây")
            continue
        if path.suffix != ".json":
            problems.warning(rel, 1, "tệp lạ trong quizzes/results/ (bỏ qua)",
                             "chỉ đặt ở đây tệp kết quả <cuộc-thi>.json")
            continue
        try:
            results = _read(library, rel, path.read_bytes(), problems)
        except _Wrong as wrong:
            problems.error(rel, wrong.line, wrong.message, wrong.hint)
            continue
        out[results.contest] = results
    return out


def check_results(library: Library) -> list[Problem]:
    """What is wrong in the results files (the site stage's `check`)."""
    problems = Problems()
    read_results(library, problems)
    return problems.items


def _read(library: Library, rel: str, data: bytes, problems: Problems) -> Results:
    stem = rel.rsplit("/", 1)[-1].removesuffix(".json")
    hint = "ghi lại bằng: " + _COMMAND.format(key=stem, path=rel)
    if len(data) > MAX_BYTES:
        raise _Wrong(1, f"tệp kết quả quá lớn (hơn {MAX_BYTES // 1024 // 1024} MB)")
    try:
        text = data.decode("utf-8")
        raw = json.loads(text)
    except UnicodeDecodeError:
        raise _Wrong(1, "tệp kết quả không phải UTF-8", hint) from None
    except json.JSONDecodeError as exc:
        raise _Wrong(exc.lineno, f"JSON không hợp lệ: {exc.msg}", hint) from None
    try:
        doc, _ = load_yaml(text)
    except YamlSyntaxError:
        doc = YamlDoc(raw)  # JSON that YAML reads otherwise: no line numbers, still checked
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _Wrong(doc.line("format"), f"không phải tệp kết quả cuộc thi ('format' phải là "
                     f"'{FORMAT}')", hint)
    if raw.get("version") != VERSION:
        raise _Wrong(doc.line("version"), f"phiên bản tệp kết quả {raw.get('version')!r} không "
                     f"đọc được (cần {VERSION})", hint)
    key = raw.get("contest")
    contest = library.contests.get(key) if isinstance(key, str) else None
    if contest is None:
        known = ", ".join(sorted(library.contests)) or "chưa có cuộc thi nào"
        raise _Wrong(doc.line("contest"), f"cuộc thi không có trong quizzes/contests/: "
                     f"{key!r}", f"các cuộc thi: {known}")
    if key != stem:
        raise _Wrong(doc.line("contest"), f"tệp của cuộc thi '{key}' phải tên là {key}.json",
                     f"đổi tên tệp thành {RESULTS_DIR}/{key}.json")
    generated = _time(raw.get("generated"), doc.line("generated"))
    names = raw.get("names")
    if names not in NAME_STYLES:
        raise _Wrong(doc.line("names"), f"'names' phải là một trong {', '.join(NAME_STYLES)}")
    if names != contest.names:
        revealing = NAME_STYLES.index(names) < NAME_STYLES.index(contest.names)
        message = (f"tệp ghi tên kiểu '{names}' nhưng cuộc thi chọn names: {contest.names}")
        if revealing:  # ("full", "initials", "none"): earlier shows more of a person
            raise _Wrong(doc.line("names"), message + ": không đăng nhiều hơn cuộc thi cho "
                         "phép", hint)
        problems.warning(rel, doc.line("names"), message, hint)
    entrants = raw.get("entrants")
    if not isinstance(entrants, int) or isinstance(entrants, bool) or entrants < 0:
        raise _Wrong(doc.line("entrants"), "'entrants' phải là số nguyên không âm")
    rows = raw.get("rows")
    if not isinstance(rows, list):
        raise _Wrong(doc.line("rows"), "'rows' phải là một danh sách")
    if len(rows) > entrants:
        raise _Wrong(doc.line("rows"), f"{len(rows)} dòng kết quả nhưng 'entrants' chỉ là "
                     f"{entrants}")
    checked = tuple(_row(doc, i, item, names) for i, item in enumerate(rows))
    seen: dict[str, int] = {}
    for i, row in enumerate(checked):
        if row.certificate in seen:
            raise _Wrong(doc.line("rows", i, "certificate"), f"mã chứng nhận "
                         f"'{row.certificate}' trùng với dòng {seen[row.certificate] + 1}")
        if row.certificate:
            seen[row.certificate] = i
    if library.build_date <= in_vietnam(contest.closes).date():
        problems.warning(rel, doc.line("contest"), f"cuộc thi '{key}' chưa kết thúc mà đã có "
                         "tệp kết quả: kết quả được đăng như bảng xếp hạng tạm thời")
    return Results(key, rel, generated, names, entrants, checked)


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _time(value: Any, line: int) -> datetime:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is not None:
                return moment
        except ValueError:
            pass
    raise _Wrong(line, "'generated' phải là thời điểm ISO 8601 có múi giờ, ví dụ "
                 "2026-12-11T03:00:00Z")


def _row(doc: YamlDoc, index: int, item: Any, names: str) -> Row:
    where = f"dòng kết quả {index + 1}"
    line = doc.line("rows", index)
    if not isinstance(item, dict):
        raise _Wrong(line, f"{where} phải là một bảng JSON")
    for name in item:
        if name in CONTACT:
            raise _Wrong(doc.line("rows", index, name), f"{where} có '{name}': thông tin liên "
                         "hệ của thí sinh không bao giờ được đăng",
                         "xuất lại bằng collector rankings --format json (không có liên hệ)")
        if name not in PUBLISHED_ROW:
            raise _Wrong(doc.line("rows", index, name), f"{where} có khóa lạ '{name}'",
                         "các khóa dùng được: " + ", ".join(PUBLISHED_ROW))

    def need(name: str, ok: bool, what: str) -> Any:
        if not ok:
            raise _Wrong(doc.line("rows", index, name), f"{where}: '{name}' {what}")
        return item[name]

    rank = need("rank", _integer(item.get("rank")) and item["rank"] >= 1, "phải là số nguyên "
                "từ 1")
    name = need("name", isinstance(item.get("name"), str) and 0 < len(item["name"].strip())
                <= NAME_MAX, f"phải là chữ, từ 1 đến {NAME_MAX} ký tự")
    if names != "full" and not _STYLED[names].fullmatch(name.strip()):
        shown = "Thí sinh <số>" if names == "none" else "chữ cái đầu (N. V. A.) hoặc Thí sinh <số>"
        need("name", False, f"phải ghi theo kiểu '{names}' ({shown}), không phải họ tên")
    out_of = need("out_of", _integer(item.get("out_of")) and item["out_of"] >= 1,
                  "phải là số nguyên từ 1")
    score = need("score", _number(item.get("score")) and item["score"] <= out_of,
                 f"phải là số từ 0 đến {out_of}")
    seconds = need("seconds", _number(item.get("seconds")), "phải là số giây không âm")
    unit = item.get("unit", "")
    if not isinstance(unit, str) or len(unit) > NAME_MAX:
        need("unit", False, f"phải là chữ, tối đa {NAME_MAX} ký tự")
    code = item.get("certificate")
    if code is not None and not (isinstance(code, str) and CODE.match(code)):
        need("certificate", False, "phải gồm 4 đến 64 chữ cái không dấu, chữ số, - hoặc _")
    return Row(rank, name.strip(), float(score), out_of, float(seconds), unit.strip(), code)


__all__ = ["RESULTS_DIR", "Results", "Row", "check_results", "read_results"]
