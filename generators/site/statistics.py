"""The statistics page (`thong-ke/`): what `collector report --format json` says, published.

Only the aggregates are read — satisfaction per survey, feedback and questions per field;
`for_editors` (the citizens' texts) never is. A file that is not such a report is a
ConfigError naming the file and the first key that is wrong.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generators.errors import ConfigError
from generators.site.pages import SitePage
from generators.urls import STATISTICS_URL

REPORT_FORMAT = "tusach-collector-report"
"""`generators.collector.report.FORMAT` (the site does not import the service)."""
VERDICTS = {"met": "Đạt", "not_met": "Chưa đạt", "undecided": "Chưa kết luận được"}
TOO_FEW = "Chưa đủ câu trả lời để kết luận"
CHART_WIDTH, LABEL_WIDTH, BAR_HEIGHT, GAP = 640, 230, 22, 18


@dataclass(frozen=True)
class SurveyFigure:
    """One survey's satisfaction: share of n, its 95 % interval, the verdict."""

    title: str
    n: int
    satisfied: int
    share: float | None
    low: float
    high: float
    verdict: str
    enough: bool

    @property
    def judgement(self) -> str:
        if self.verdict == "undecided" and not self.enough:
            return TOO_FEW
        return VERDICTS[self.verdict]


@dataclass(frozen=True)
class FieldCount:
    title: str
    yes: int = 0
    no: int = 0
    count: int = 0


@dataclass(frozen=True)
class Statistics:
    target: float
    period: tuple[str | None, str | None]
    surveys: tuple[SurveyFigure, ...]
    feedback: tuple[FieldCount, ...]
    questions: tuple[FieldCount, ...]


class _Wrong(Exception):
    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"'{where}' {what}")


def _get(data: Any, key: str, where: str, kind: type | tuple[type, ...],
         optional: bool = False) -> Any:
    if not isinstance(data, dict):
        raise _Wrong(where or "/", "phải là một bảng JSON")
    value = data.get(key)
    path = f"{where}/{key}"
    if value is None and optional:
        return None
    numeric = kind in (int, float, (int, float))
    if (isinstance(value, bool) and numeric) or not isinstance(value, kind):
        raise _Wrong(path, "thiếu hoặc sai kiểu")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Wrong(path, "không phải một số")
    return value


def _fraction(data: Any, key: str, where: str, optional: bool = False) -> float | None:
    value = _get(data, key, where, (int, float), optional)
    if value is not None and not 0 <= value <= 1:
        raise _Wrong(f"{where}/{key}", "phải từ 0 đến 1")
    return None if value is None else float(value)


def _count(data: Any, key: str, where: str) -> int:
    value: int = _get(data, key, where, int)
    if value < 0:
        raise _Wrong(f"{where}/{key}", "không được âm")
    return value


def _survey(item: Any, where: str) -> SurveyFigure:
    interval = _get(item, "interval", where, list)
    if len(interval) != 2 or any(isinstance(v, bool) or not isinstance(v, int | float)
                                 or not 0 <= v <= 1 for v in interval) \
            or interval[0] > interval[1]:
        raise _Wrong(f"{where}/interval", "phải là [cận dưới, cận trên] từ 0 đến 1")
    verdict = _get(item, "verdict", where, str)
    if verdict not in VERDICTS:
        raise _Wrong(f"{where}/verdict", "phải là met, not_met hoặc undecided")
    n, satisfied = _count(item, "n", where), _count(item, "satisfied", where)
    if satisfied > n:
        raise _Wrong(f"{where}/satisfied", "lớn hơn n")
    return SurveyFigure(_get(item, "title", where, str), n, satisfied,
                        _fraction(item, "share", where, optional=True), float(interval[0]),
                        float(interval[1]), verdict, _get(item, "enough", where, bool))


def _fields(rows: Any, where: str, keys: tuple[str, ...]) -> tuple[FieldCount, ...]:
    if not isinstance(rows, list):
        raise _Wrong(where, "phải là một danh sách")
    return tuple(FieldCount(_get(row, "title", f"{where}/{i}", str),
                            **{k: _count(row, k, f"{where}/{i}") for k in keys})
                 for i, row in enumerate(rows))


def parse_statistics(data: Any) -> Statistics:
    """The aggregates of a report; raises _Wrong at the first wrong key."""
    if _get(data, "format", "", str) != REPORT_FORMAT:
        raise _Wrong("/format", f"phải là \"{REPORT_FORMAT}\"")
    if _get(data, "version", "", int) != 1:
        raise _Wrong("/version", "phải là 1 (phiên bản báo cáo mà trang web đọc được)")
    period = _get(data, "period", "", dict)
    surveys = _get(data, "satisfaction", "", list)
    feedback = _get(data, "feedback", "", dict)
    questions = _get(data, "questions", "", dict)
    return Statistics(
        target=_fraction(data, "target", "") or 0.0,
        period=(_get(period, "from", "/period", str, True), _get(period, "to", "/period", str,
                                                                 True)),
        surveys=tuple(_survey(item, f"/satisfaction/{i}") for i, item in enumerate(surveys)),
        feedback=_fields(feedback.get("fields"), "/feedback/fields", ("yes", "no")),
        questions=_fields(questions.get("fields"), "/questions/fields", ("count",)))


def read_statistics(path: Path) -> Statistics:
    """`--statistics FILE`, checked; a ConfigError says what is wrong with it."""
    where = f"--statistics {path}"
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{where}: không đọc được tệp ({exc.strerror})") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{where}: không phải JSON ({exc}); tạo tệp bằng "
                          "`python build.py collector report --format json`") from None
    try:
        return parse_statistics(data)
    except _Wrong as exc:
        raise ConfigError(f"{where}: không phải báo cáo của `collector report --format json`:"
                          f" {exc}") from None


def chart(statistics: Statistics) -> dict[str, Any]:
    """Geometry of the bar chart: one bar per survey, its interval as a whisker."""
    plot = CHART_WIDTH - LABEL_WIDTH - 70

    def x(value: float) -> float:
        return round(LABEL_WIDTH + value * plot, 1)

    bars = []
    for i, s in enumerate(statistics.surveys):
        y = GAP + i * (BAR_HEIGHT + GAP)
        bars.append({"figure": s, "y": y, "mid": y + BAR_HEIGHT / 2,
                     "x0": x(0), "x": x(s.share or 0.0), "low": x(s.low), "high": x(s.high)})
    height = GAP + len(bars) * (BAR_HEIGHT + GAP) + 24
    ticks = [(x(v / 100), v) for v in range(0, 101, 25)]
    return {"bars": bars, "width": CHART_WIDTH, "height": height, "bar_height": BAR_HEIGHT,
            "ticks": ticks, "axis": height - 24, "target_x": x(statistics.target),
            "label_x": LABEL_WIDTH - 8}


def percent(value: float | None) -> str:
    """`0.8123` → `81,2 %` (Vietnamese decimal comma); None → `—`."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".replace(".", ",") + " %"


def plan_statistics(path: Path | None) -> Iterator[SitePage]:
    """The statistics page when a report is given; nothing otherwise."""
    if path is None:
        return
    statistics = read_statistics(path)
    values: Mapping[str, Any] = {"stats": statistics, "chart": chart(statistics),
                                 "pct": percent}
    yield SitePage(STATISTICS_URL, "Thống kê ý kiến người dân",
                   "Mức độ hài lòng, góp ý và câu hỏi của người dân về tủ sách", "statistics",
                   "statistics.html.j2", dict(values))
