"""The contests on the static site: the list, each contest's rules and dates with the
commitment to its answer key (and, with a collector, the registration form), the key itself
once the contest has closed, and the published results with one verification page per
certificate.

Nothing here reads a question's text, answer or explanation into a page: the contest page
shows only the contest's own settings, and the answer key (answers, never explanations) is
written only after the contest's closing date in Việt Nam.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from generators.atomic import replacing
from generators.collector.api import (
    ADDRESS_MAX,
    ADDRESS_MIN,
    BIRTH_YEAR_MIN,
    EMAIL_MAX,
    NAME_MAX,
    NAME_MIN,
    PREDICTION_MAX,
    UNIT_MAX,
    UNIT_MIN,
    YOUNGEST,
)
from generators.errors import Problem, Problems
from generators.library.markdown import LinkContext, parse_body
from generators.library.model import Contest, Library
from generators.library.yamlio import YamlSyntaxError, load_yaml
from generators.quiz.draw import pool
from generators.quiz.key import answer_key, canonical, commitment, salt_for
from generators.quiz.results import FIELD_TITLES, in_vietnam
from generators.site.pages import SitePage
from generators.site.results import Results, read_results
from generators.urls import (
    CONTESTS_URL,
    PAGE_PREFIX,
    certificate_url,
    contest_endpoint,
    contest_key_url,
    contest_results_url,
    contest_url,
    site_base,
)

LEVEL_NAMES = {1: "dễ", 2: "trung bình", 3: "khó"}
RESULTS_PAGE = 500
"""Rows per page of a published ranking (a provincial contest has tens of thousands)."""
WHY = {
    "name": "ghi trên giấy chứng nhận và danh sách đạt giải",
    "phone": "để ban tổ chức liên hệ trao giải; cũng là cách đếm số lượt thi của mỗi người "
             "(máy chủ so bằng mã băm của số, không so bằng số)",
    "email": "để ban tổ chức báo kết quả và gửi giấy chứng nhận",
    "unit": "để tổng hợp theo đơn vị; được ghi cùng kết quả công bố",
    "address": "để ban tổ chức gửi giải thưởng",
    "birth_year": "để ban tổ chức xét đúng đối tượng dự thi",
}
"""Why each participant field is asked, as the contest page says it."""
NAMES_SHOWN = {"full": "ghi đủ họ và tên", "initials": "chỉ ghi chữ cái đầu của họ và tên "
               "(ví dụ N. V. A.)", "none": "không ghi tên (chỉ ghi “Thí sinh” và số thứ tự)"}
PHONE_MAX = 20
"""Room for "+84 912 345 678" and the like: the collector strips spaces, dots and dashes."""
_LENGTHS = {"name": (NAME_MIN, NAME_MAX), "phone": (None, PHONE_MAX), "email": (None, EMAIL_MAX),
            "unit": (UNIT_MIN, UNIT_MAX), "address": (ADDRESS_MIN, ADDRESS_MAX)}
"""The collector's own limits (generators.collector.contests), so the form asks no more."""
_INPUTS = {  # field → (type, autocomplete, inputmode)
    "name": ("text", "name", None), "phone": ("tel", "tel", "tel"),
    "email": ("email", "email", "email"), "unit": ("text", "organization", None),
    "address": ("text", "street-address", None), "birth_year": ("number", "bday-year", "numeric"),
}


def vn_time(moment: datetime) -> str:
    """"08:00 ngày 01/12/2026" in Việt Nam's time."""
    local = in_vietnam(moment)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def points(value: float) -> str:
    """A score as Vietnamese write it: "18", "17,5"."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def duration(seconds: float) -> str:
    """"5 phút 12,3 giây", "45 giây"."""
    minutes, rest = divmod(round(float(seconds), 1), 60)
    text = f"{rest:.1f}".removesuffix(".0").replace(".", ",") + " giây"
    return f"{int(minutes)} phút {text}" if minutes else text


def state(contest: Contest, day: date) -> str:
    """"upcoming", "open" or "closed" at the build date `day`: open from the opening day to
    the closing day in Việt Nam, both included (the collector keeps the exact times)."""
    if day < in_vietnam(contest.opens).date():
        return "upcoming"
    return "closed" if day > in_vietnam(contest.closes).date() else "open"


def key_published(contest: Contest, day: date) -> bool:
    """The answer key is published by builds after the closing date in Việt Nam."""
    return state(contest, day) == "closed"


def contest_answer_key(contest: Contest, library: Library) -> dict[str, Any]:
    """The answer key the collector grades with (generators.quiz.key)."""
    questions = pool(contest, library)
    return answer_key(contest, questions, salt_for(contest, questions))


def rules_html(contest: Contest, library: Library, problems: Problems | None = None) -> str:
    """The contest's `description` (Markdown) as the site's one renderer makes it, sanitised;
    its problems (unsafe HTML, a link to no explainer, an image: contest pages carry none)
    go to `problems` at their lines of the contest's file."""
    if not contest.description.strip():
        return ""
    urls = {e.path.removeprefix("content/"): e.url for e in library.published}
    ctx = LinkContext(source="index.md", page_url=contest_url(contest.key),
                      explainer_urls=urls, file_exists=lambda _: False)
    first = _description_line(library.root / contest.path) if problems is not None else 1
    return parse_body(contest.description, first, contest.path, ctx,
                      Problems() if problems is None else problems).html


def _description_line(path: Path) -> int:
    """The line the `description:` text starts on (the next one for a `|` or `>` block)."""
    try:
        text = path.read_text("utf-8")
        doc, _ = load_yaml(text)
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return 1
    line = doc.line("description")
    written = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
    block = written.split("#", 1)[0].rstrip().endswith(("|", "|-", "|+", ">", ">-", ">+"))
    return line + 1 if block else line


def check_rules(library: Library) -> list[Problem]:
    """What is wrong in the contests' descriptions, as the site would render them."""
    problems = Problems()
    for contest in library.contests.values():
        rules_html(contest, library, problems)
    return problems.items


def ranking_rules(contest: Contest) -> list[str]:
    """How the ranking is decided, rule by rule, in the contest's order."""
    lines = {
        "score": "Nhiều câu trả lời đúng hơn xếp trên.",
        "seconds": "Bằng nhau thì ai làm bài nhanh hơn xếp trên (thời gian do máy chủ đo, "
                   "từ lúc nhận đề đến lúc nộp bài).",
        "prediction": "Vẫn bằng nhau thì ai dự đoán số người dự thi gần đúng nhất xếp trên.",
    }
    out = [lines[rule] for rule in contest.ranking if rule in lines]
    if contest.attempts > 1:
        out.append("Mỗi người chỉ tính lượt thi tốt nhất (nhiều câu đúng nhất, rồi nhanh nhất).")
    return out


def draw_text(contest: Contest) -> str:
    """"20 câu hỏi: 8 câu dễ, 8 câu trung bình, 4 câu khó"."""
    if not contest.draw:
        return f"{contest.questions} câu hỏi"
    parts = [f"{count} câu {LEVEL_NAMES.get(level, f'mức {level}')}"
             for level, count in sorted(contest.draw.items()) if count]
    return f"{contest.questions} câu hỏi: {', '.join(parts)}"


@dataclass(frozen=True)
class Field:
    """One input of the registration form."""

    name: str
    label: str
    why: str
    type: str
    autocomplete: str | None
    inputmode: str | None
    minlength: int | None = None
    maxlength: int | None = None


def fields(contest: Contest) -> list[Field]:
    out = []
    for name in contest.participant:
        kind, autocomplete, inputmode = _INPUTS.get(name, ("text", None, None))
        low, high = _LENGTHS.get(name, (None, None))
        out.append(Field(name, FIELD_TITLES.get(name, name), WHY.get(name, ""), kind,
                         autocomplete, inputmode, low, high))
    return out


def plan_contests(library: Library, collector: str | None, site_url: str | None,
                  ) -> list[SitePage]:
    """The list of contests, a page per contest, and each published result's pages."""
    if not library.contests:
        return []
    day = library.build_date
    results = read_results(library, Problems())
    contests = sorted(library.contests.values(), key=lambda c: (-c.opens.timestamp(), c.key))
    rows = [(c, state(c, day), c.key in results) for c in contests]
    out = [SitePage(CONTESTS_URL, "Cuộc thi tìm hiểu pháp luật", "Các cuộc thi trực tuyến tìm "
                    "hiểu pháp luật: thể lệ, thời gian, kết quả", "contests", "contests.html.j2",
                    {"rows": rows, "contest_url": contest_url, "vn_time": vn_time,
                     "results_url": contest_results_url})]
    base = site_base(site_url)
    for contest in contests:
        out.append(_contest_page(library, contest, collector, base, contest.key in results))
        if contest.key in results:
            out += _results_pages(contest, results[contest.key])
    return out


def _contest_page(library: Library, contest: Contest, collector: str | None, base: str,
                  has_results: bool) -> SitePage:
    url = contest_url(contest.key)
    now = state(contest, library.build_date)
    form = None
    if collector and now == "open":
        form = {"action": collector + contest_endpoint(contest.key),
                "return": f"{base}{url}" if base else None}
    values = {
        "contest": contest, "state": now, "rules_html": rules_html(contest, library),
        "opens": vn_time(contest.opens), "closes": vn_time(contest.closes),
        "draw": draw_text(contest), "ranking": ranking_rules(contest),
        "fields": fields(contest), "names_shown": NAMES_SHOWN.get(contest.names, ""),
        "commitment": commitment(contest_answer_key(contest, library)),
        "key_url": contest_key_url(contest.key) if key_published(contest, library.build_date)
        else None,
        "results_url": contest_results_url(contest.key) if has_results else None,
        "form": form, "collector": bool(collector),
        "birth_years": (BIRTH_YEAR_MIN, library.build_date.year - YOUNGEST),
        "prediction_max": PREDICTION_MAX,
        "contests_url": CONTESTS_URL, "points": points,
    }
    description = f"Thể lệ, thời gian và cách tham gia {contest.title}"
    return SitePage(url, contest.title, description, "contest", "contest.html.j2", values)


def _results_pages(contest: Contest, results: Results) -> Iterator[SitePage]:
    base = contest_results_url(contest.key)
    rows = results.rows
    count = max(1, -(-len(rows) // RESULTS_PAGE))
    urls = [base if n == 1 else f"{base}{PAGE_PREFIX}{n}/" for n in range(1, count + 1)]
    units = any(r.unit for r in rows)
    title = f"Kết quả {contest.title}"
    for n, url in enumerate(urls, start=1):
        chunk = rows[(n - 1) * RESULTS_PAGE: n * RESULTS_PAGE]
        values = {"contest": contest, "results": results, "rows": chunk, "units": units,
                  "pager": {"number": n, "count": count, "urls": urls},
                  "contest_url": contest_url, "contests_url": CONTESTS_URL,
                  "certificate_url": certificate_url, "points": points, "duration": duration,
                  "generated": vn_time(results.generated)}
        page_title = title if n == 1 else f"{title} (trang {n})"
        yield SitePage(url, page_title, f"Bảng xếp hạng {contest.title}", "contest-results",
                       "contest_results.html.j2", values, meta={"robots": "noindex"})
    for row in rows:
        if row.certificate:
            values = {"contest": contest, "row": row, "results": results,
                      "contest_url": contest_url, "results_url": base,
                      "contests_url": CONTESTS_URL, "points": points, "duration": duration}
            yield SitePage(certificate_url(contest.key, row.certificate),
                           f"Chứng nhận {row.certificate}", f"Kiểm tra giấy chứng nhận "
                           f"{contest.title}", "certificate", "contest_certificate.html.j2",
                           values, meta={"robots": "noindex"})


def home_link(library: Library, pages: list[SitePage]) -> None:
    """Link the home page to the contests when there is one."""
    if library.contests:
        for page in pages:
            if page.kind == "home":
                page.values["contests_url"] = CONTESTS_URL


def write_answer_keys(library: Library, out: Path) -> list[str]:
    """`cuoc-thi/<key>/dap-an.json` of every closed contest, in the canonical bytes the
    commitment hashes (so `sha256sum dap-an.json` is the commitment); the URLs written."""
    written = []
    for contest in sorted(library.contests.values(), key=lambda c: c.key):
        if key_published(contest, library.build_date):
            url = contest_key_url(contest.key)
            with replacing(out / url) as temp:
                temp.write_bytes(canonical(contest_answer_key(contest, library)))
            written.append(url)
    return written


__all__ = ["check_rules", "contest_answer_key", "home_link", "key_published", "plan_contests",
           "state", "vn_time", "write_answer_keys"]
