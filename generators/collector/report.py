"""`collector report`: what the exported records add up to (interaction-format.md, "The
collector"): satisfaction per survey with its 95 % interval and the verdict against 90 %,
feedback per page and per field, questions per field with the agency that answers them,
and each contest's participants, attempts and the top of its ranking.

The JSON form (`report.schema.json` beside this file) is made to be published: every key
holds aggregates but `for_editors`, which alone carries the citizens' texts (as the service
masked them) and which the statistics page never reads. No contact detail is in either: a
contest's ranking names participants as the contest's `names` style says
(`generators.quiz.results.published`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generators.collector.classify import FieldClassifier
from generators.collector.figures import TARGET, Share, percent
from generators.library.model import RATING5, Library, Survey
from generators.library.routing import route_for
from generators.quiz.ranking import rank
from generators.quiz.results import published

SCHEMA = Path(__file__).with_name("report.schema.json")
FORMAT = "tusach-collector-report"
VERSION = 1
UNDECIDED_FIELD = "chưa xác định"
TOP = 10
"""How many of each contest's ranking the report shows."""
SATISFIED = frozenset({4, 5})
"""RATING5's "Hài lòng" and "Rất hài lòng"."""


@dataclass
class Tally:
    """Yes / no counts of the feedback on one page or one field."""

    yes: int = 0
    no: int = 0
    texts: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        total = self.yes + self.no
        return {"yes": self.yes, "no": self.no,
                "share_useful": _round(self.yes / total) if total else None}


@dataclass
class FieldQuestions:
    count: int = 0
    chosen: int = 0
    """How many the citizen filed under the field themselves (the rest were classified)."""
    answered: int = 0
    """How many a Q&A item answers (its `asked:` is the question's id)."""
    waiting: list[dict[str, Any]] = field(default_factory=list)


def rating(value: Any) -> int | None:
    """A rating5 answer as 1–5 (ints, "1"–"5", or the answer's text), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 5 else None
    if isinstance(value, str):
        text = value.strip()
        if text in RATING5:
            return RATING5.index(text) + 1
        return int(text) if text in {"1", "2", "3", "4", "5"} else None
    return None


def _round(value: float) -> float:
    return round(value, 4)


def _share_json(share: Share) -> dict[str, Any]:
    low, high = share.interval
    return {"n": share.n, "satisfied": share.satisfied,
            "share": None if share.share is None else _round(share.share),
            "interval": [_round(low), _round(high)], "verdict": share.verdict,
            "enough": share.enough}


class Report:
    """The figures of one set of records, against one library."""

    def __init__(self, records: Iterable[Mapping[str, Any]], library: Library) -> None:
        self.library = library
        self.answered_ids = frozenset(item.asked for bank in library.qa.values()
                                      for item in bank.items if item.asked)
        self.records = [r for r in records if isinstance(r, Mapping)]
        self.pages = _page_index(library)

    # ---- satisfaction ----------------------------------------------------------------------

    def satisfaction(self) -> list[dict[str, Any]]:
        out = []
        for survey in self.library.surveys.values():
            if not survey.satisfaction:
                continue
            answers = [r.get("answers") for r in self.records
                       if r.get("kind") == "survey" and r.get("survey") == survey.key]
            ratings = [(rating(a.get(survey.satisfaction)), a) for a in answers
                       if isinstance(a, Mapping)]
            rated = [(value, a) for value, a in ratings if value is not None]
            total = Share(sum(v in SATISFIED for v, _ in rated), len(rated))
            entry = {"survey": survey.key, "title": survey.title,
                     "question": survey.satisfaction, **_share_json(total)}
            by_field = self._by_field(survey, rated)
            if by_field is not None:
                entry["by_field"] = by_field
            out.append(entry)
        return out

    def _by_field(self, survey: Survey,
                  rated: list[tuple[int, Mapping[str, Any]]]) -> list[dict[str, Any]] | None:
        """Per field, when a select_one question's choices are the fields' titles."""
        titles = {f.title: f.key for f in self.library.fields.values()}
        question = next((q for q in survey.questions if q.type == "select_one"
                         and q.choices and all(c in titles for c in q.choices)), None)
        if question is None:
            return None
        out = []
        for choice in question.choices:
            values = [v for v, a in rated if a.get(question.id) == choice]
            share = Share(sum(v in SATISFIED for v in values), len(values))
            out.append({"field": titles[choice], "title": choice, **_share_json(share)})
        return out

    # ---- feedback --------------------------------------------------------------------------

    def feedback(self) -> tuple[dict[str, Tally], dict[str | None, Tally]]:
        pages: dict[str, Tally] = {}
        fields: dict[str | None, Tally] = {}
        for record in self.records:
            if record.get("kind") != "feedback" or not isinstance(record.get("useful"), bool):
                continue
            page = str(record.get("page") or "")
            _, field_key = self.pages.get(page, ("", None))
            for tally in (pages.setdefault(page, Tally()), fields.setdefault(field_key, Tally())):
                tally.yes += record["useful"]
                tally.no += not record["useful"]
            text = record.get("text")
            if isinstance(text, str) and text.strip():
                pages[page].texts.append(text.strip())
        return pages, fields

    # ---- questions -------------------------------------------------------------------------

    def questions(self) -> dict[str | None, FieldQuestions]:
        classifier: FieldClassifier | None = None
        out: dict[str | None, FieldQuestions] = {}
        for record in self.records:
            if record.get("kind") != "question":
                continue
            text = str(record.get("question") or "")
            chosen = record.get("field")
            if isinstance(chosen, str) and chosen in self.library.fields:
                key: str | None = chosen
            else:
                classifier = classifier or FieldClassifier(self.library)
                key = classifier.classify(text).field
            entry = out.setdefault(key, FieldQuestions())
            entry.count += 1
            entry.chosen += key == chosen
            if record.get("id") in self.answered_ids:
                entry.answered += 1
            elif not (record.get("answered") or record.get("status") == "answered"):
                entry.waiting.append({"received": str(record.get("received") or ""),
                                      "question": text, "page": record.get("page") or None})
        return out

    # ---- contests --------------------------------------------------------------------------

    def contests(self) -> list[dict[str, Any]]:
        out = []
        for contest in sorted(self.library.contests.values(), key=lambda c: (c.opens, c.key)):
            attempts = [r for r in self.records
                        if r.get("kind") == "attempt" and r.get("contest") == contest.key]
            graded = [r for r in attempts if r.get("score") is not None]
            late = sum(r.get("late") is not None for r in attempts)
            rows = published(contest, rank(contest, graded))["rows"]
            out.append({
                "contest": contest.key, "title": contest.title,
                "participants": len({r.get("participant_key") for r in attempts}),
                "attempts": len(attempts), "graded": len(graded), "late": late,
                "unfinished": len(attempts) - len(graded) - late,
                "mean_score": _round(sum(float(r["score"]) for r in graded) / len(graded))
                if graded else None,
                "ranking": rows[:TOP]})
        return out

    # ---- the whole --------------------------------------------------------------------------

    def as_json(self) -> dict[str, Any]:
        pages, fields = self.feedback()
        questions = self.questions()
        received = sorted(str(r["received"]) for r in self.records if r.get("received"))
        return {
            "format": FORMAT, "version": VERSION, "target": TARGET,
            "period": {"from": received[0] if received else None,
                       "to": received[-1] if received else None},
            "records": dict(sorted(Counter(str(r.get("kind")) for r in self.records).items())),
            "satisfaction": self.satisfaction(),
            "feedback": {
                "pages": [{"page": page, "title": self.pages.get(page, ("", None))[0] or None,
                           "field": self.pages.get(page, ("", None))[1], **t.as_json()}
                          for page, t in _worst_first(pages)],
                "fields": [{"field": key, "title": self._field_title(key), **t.as_json()}
                           for key, t in _worst_first(fields)],
            },
            "questions": {"total": sum(q.count for q in questions.values()),
                          "answered": sum(q.answered for q in questions.values()), "fields": [
                {"field": key, "title": self._field_title(key), "count": q.count,
                 "chosen_by_citizen": q.chosen, "answered": q.answered,
                 "waiting": len(q.waiting),
                 "agency": self._agency(key)}
                for key, q in sorted(questions.items(), key=lambda kv: (-kv[1].count,
                                                                        kv[0] or "~"))]},
            "contests": self.contests(),
            "for_editors": {
                "feedback": [{"page": page, "texts": t.texts}
                             for page, t in _worst_first(pages) if t.texts],
                "questions": [{"field": key, "questions": q.waiting}
                              for key, q in sorted(questions.items(),
                                                   key=lambda kv: kv[0] or "~") if q.waiting],
            },
        }

    def _field_title(self, key: str | None) -> str:
        known = self.library.fields.get(key) if key else None
        return known.title if known else UNDECIDED_FIELD

    def _agency(self, key: str | None) -> dict[str, Any] | None:
        route = route_for(self.library.routing, key)
        if route is None:
            return None
        return {"name": route.agency, "email": route.email, "phone": route.phone}


def _page_index(library: Library) -> dict[str, tuple[str, str | None]]:
    """Site-relative URL (with and without a leading "/") → page title and field."""
    out: dict[str, tuple[str, str | None]] = {}
    for explainer in library.explainers:
        for version in explainer.versions:
            lang = getattr(version, "lang", None)
            url = explainer.url if lang is None else f"{lang}/{explainer.url}"
            for key in (url, f"/{url}"):
                out[key] = (version.title, explainer.field)
    return out


def _worst_first(tallies: Mapping[Any, Tally]) -> list[tuple[Any, Tally]]:
    return sorted(tallies.items(), key=lambda kv: (-kv[1].no, -kv[1].yes, str(kv[0])))


def as_text(data: Mapping[str, Any]) -> str:
    """The report in Vietnamese, for editors (with the texts)."""
    lines = ["BÁO CÁO Ý KIẾN NGƯỜI DÂN", ""]
    period = data["period"]
    if period["from"]:
        lines.append(f"Từ {period['from']} đến {period['to']}.")
    lines += ["", "1. Mức độ hài lòng (Hài lòng + Rất hài lòng, khoảng tin cậy 95 % Wilson)"]
    if not data["satisfaction"]:
        lines.append("   Chưa có khảo sát nào đo mức độ hài lòng.")
    for entry in data["satisfaction"]:
        lines.append(f"   {entry['title']}: {_describe(entry)}")
        for sub in entry.get("by_field", []):
            lines.append(f"     - {sub['title']}: {_describe(sub)}")
    lines += ["", "2. Góp ý theo trang (nhiều \"Không\" nhất trước)"]
    texts = {e["page"]: e["texts"] for e in data["for_editors"]["feedback"]}
    for page in data["feedback"]["pages"]:
        name = f"{page['title']} ({page['page']})" if page["title"] else page["page"]
        lines.append(f"   {name}: {page['yes']} có ích, {page['no']} không "
                     f"({percent(page['share_useful'])} có ích)")
        lines += [f"       « {t} »" for t in texts.get(page["page"], [])]
    lines.append("   Theo lĩnh vực:")
    for item in data["feedback"]["fields"]:
        lines.append(f"     - {item['title']}: {item['yes']} có ích, {item['no']} không")
    lines += ["", f"3. Câu hỏi theo lĩnh vực ({data['questions']['total']} câu, "
                  f"{data['questions']['answered']} đã có câu trả lời trong hỏi đáp)"]
    waiting = {e["field"]: e["questions"] for e in data["for_editors"]["questions"]}
    for item in data["questions"]["fields"]:
        agency = item["agency"]
        who = f" — trả lời: {agency['name']}" if agency else " — chưa có cơ quan trả lời"
        if agency and agency.get("email"):
            who += f" <{agency['email']}>"
        lines.append(f"   {item['title']}: {item['count']} câu, {item['answered']} đã trả lời, "
                     f"{item['waiting']} đang chờ{who}")
        lines += [f"       - {q['question']}" for q in waiting.get(item["field"], [])]
    if data["contests"]:
        lines += ["", "4. Cuộc thi"]
    for item in data["contests"]:
        mean = "" if item["mean_score"] is None else \
            f", điểm trung bình {str(item['mean_score']).replace('.', ',')}"
        lines.append(f"   {item['title']}: {item['participants']} người dự thi, "
                     f"{item['attempts']} lượt, {item['graded']} đã chấm, {item['late']} nộp "
                     f"muộn, {item['unfinished']} chưa nộp{mean}")
        for row in item["ranking"]:
            unit = f" ({row['unit']})" if row.get("unit") else ""
            lines.append(f"     {row['rank']}. {row['name']}{unit}: {row['score']}/"
                         f"{row['out_of']} câu, {row['seconds']} giây")
    return "\n".join(lines) + "\n"


def _describe(entry: Mapping[str, Any]) -> str:
    return Share(entry["satisfied"], entry["n"]).describe()


def run_report(records: Iterable[Mapping[str, Any]], library: Library, fmt: str) -> str:
    """The report of `records` in `fmt`: "text" (for editors) or "json" (to publish)."""
    if fmt not in ("text", "json"):
        raise ValueError(f"định dạng báo cáo '{fmt}' không có: dùng text hoặc json")
    data = Report(records, library).as_json()
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return as_text(data)
