"""The pages that ask, when the build knows a collector (`collector_url`): the feedback
block at the end of explainers and translations, a page per survey, the list of surveys and
the question page. Every form posts to the collector and works without JavaScript; with it,
`assets/asking/asking.js` sends it with fetch and keeps it while offline.

Without a collector none of this exists: no page, no block, no asset, no CSP change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generators.collector.api import CONTACT_MAX, FEEDBACK_TEXT, QUESTION_MAX, QUESTION_MIN
from generators.config import BuildConfig
from generators.library.model import Library, Survey, SurveyQuestion
from generators.site.pages import SitePage, vietnamese_ui
from generators.site.static import asset_url
from generators.site.ui import UI
from generators.urls import (
    FEEDBACK_ENDPOINT,
    QUESTION_URL,
    QUESTIONS_ENDPOINT,
    SURVEYS_URL,
    site_base,
    survey_endpoint,
    survey_url,
)

FEEDBACK_KINDS = frozenset({"explainer", "translation"})
"""The pages that end with "Trang này có hữu ích không?"."""
ASSETS = frozenset({"asking"})
"""The optional asset folder these pages load (static.OPTIONAL)."""
_MESSAGES = ("form_sending", "form_offline", "form_sent_later", "form_failed",
             "form_errors", "feedback_thanks")


@dataclass(frozen=True)
class Asking:
    """Where the pages send what readers write, and where readers come back to."""

    collector: str
    """The collector's address, ending in "/"."""
    site_url: str | None = None

    @classmethod
    def of(cls, config: BuildConfig) -> Asking | None:
        """The build's collector, or None (then no page asks anything)."""
        return cls(config.collector_url, config.site_url) if config.collector_url else None

    def form(self, endpoint: str, page_url: str) -> dict[str, str | None]:
        """A form's `action` and its hidden `return` (the page's absolute URL, if known)."""
        base = site_base(self.site_url)
        return {"action": self.collector + endpoint,
                "return": f"{base}{page_url}" if base else None}

    def plan(self, library: Library, pages: Sequence[SitePage],
             settings: dict[str, Any]) -> list[SitePage]:
        """Put the feedback block on `pages` and a link on the home page, load the assets
        (`settings`' extra CSS and JS), and return the survey and question pages."""
        for page in pages:
            if page.kind in FEEDBACK_KINDS:
                page.values["feedback"] = self.feedback(page.url, page.values["ui"])
            elif page.kind == "home":
                page.values["asking_url"] = SURVEYS_URL
        settings["extra_css"] = [*(settings.get("extra_css") or []),
                                 asset_url("asking/asking.css")]
        settings["extra_javascript"] = [*(settings.get("extra_javascript") or []),
                                        asset_url("asking/asking.js")]
        settings["extra"] = {**(settings.get("extra") or {}), "tsp_collector": self.collector}
        return [*self.pages(library)]

    def feedback(self, page_url: str, ui: UI) -> dict[str, Any]:
        """What `_feedback.html.j2` shows at the end of the page `page_url`."""
        return {**self.form(FEEDBACK_ENDPOINT, page_url), "page": page_url, "ui": ui,
                "question_url": QUESTION_URL,
                "max": FEEDBACK_TEXT, "messages": ui.messages(*_MESSAGES)}

    def pages(self, library: Library) -> list[SitePage]:
        """The list of surveys, a page per survey, and the question page."""
        today = library.build_date
        messages = vietnamese_ui(library).messages(*_MESSAGES)
        surveys = sorted(library.surveys.values(), key=lambda s: (-s.opens.toordinal(), s.key))
        out = [SitePage(SURVEYS_URL, "Khảo sát và góp ý", "Cho tủ sách biết ý kiến của bạn",
                        "surveys", "surveys.html.j2",
                        {"surveys": [(s, state(s, library)) for s in surveys],
                         "survey_url": survey_url, "question_url": QUESTION_URL})]
        for survey in surveys:
            url = survey_url(survey.key)
            values = {"survey": survey, "state": state(survey, library), "today": today,
                      "questions": [question(q) for q in survey.questions],
                      "form": self.form(survey_endpoint(survey.key), url),
                      "messages": messages, "surveys_url": SURVEYS_URL}
            out.append(SitePage(url, survey.title, survey.description or survey.title,
                                "survey", "survey.html.j2", values))
        values = {"form": self.form(QUESTIONS_ENDPOINT, QUESTION_URL),
                  "fields": list(library.fields.values()), "min": QUESTION_MIN,
                  "max": QUESTION_MAX, "contact_max": CONTACT_MAX, "messages": messages,
                  "surveys_url": SURVEYS_URL}
        out.append(SitePage(QUESTION_URL, "Gửi câu hỏi pháp luật", "Gửi câu hỏi về pháp luật "
                            "cho cán bộ tư pháp", "question", "question.html.j2", values))
        return out


def state(survey: Survey, library: Library) -> str:
    """"open", "closed" or "upcoming" at the build date."""
    day = library.build_date
    if survey.is_open(day):
        return "open"
    return "upcoming" if day < survey.opens else "closed"


_HINTS = {"rating5": "Chọn một mức.", "select_one": "Chọn một câu trả lời."}


def question(q: SurveyQuestion) -> dict[str, Any]:
    """A survey question as the form shows it: its input's name and id, the choices as
    (value, label), and its hint."""
    choices: list[tuple[str, str]] = list(zip(("1", "2", "3", "4", "5"), q.choices,
                                              strict=False)) \
        if q.type == "rating5" else [(c, c) for c in q.choices]
    if q.type == "select_multiple":
        hint = "Chọn ít nhất một câu trả lời." if q.required else "Chọn một hoặc nhiều câu trả lời."
    elif q.type == "text":
        hint = f"Tối đa {q.max_length} ký tự."
    elif q.type == "integer":
        hint = _range_hint(q.minimum, q.maximum)
    else:
        hint = _HINTS[q.type]
    return {"q": q, "name": f"q.{q.id}", "id": f"q-{q.id}", "choices": choices, "hint": hint}


def _range_hint(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"Một số nguyên từ {low} đến {high}."
    if low is not None:
        return f"Một số nguyên, ít nhất {low}."
    if high is not None:
        return f"Một số nguyên, nhiều nhất {high}."
    return "Một số nguyên."


__all__ = ["ASSETS", "Asking", "question", "state"]
