"""The contest pages the collector serves to a browser without JavaScript: the drawn attempt
as an accessible form (each question a fieldset with its legend, every control labelled,
order and match as selects), then the result. Everything shown is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from generators.collector.contests import Graded, Started, when
from generators.collector.replies import HEADERS
from generators.collector.settings import VIETNAM

PAGE_HEADERS = {**HEADERS, "Content-Security-Policy":
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
                "base-uri 'none'; form-action 'self'"}
"""As every answer's, but the attempt's form may post back to the collector."""

_STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:44rem;margin:1.5rem auto;"
    "padding:0 1rem;color:#1b1b1b;background:#fff}h1{font-size:1.5rem}"
    ".han{border-left:6px solid #1d4ed8;padding:.5rem 1rem;background:#eef2ff}"
    "fieldset{border:1px solid #6b7280;border-radius:.4rem;margin:1.25rem 0;padding:.75rem 1rem}"
    "legend{font-weight:600;padding:0 .25rem}.lua{display:block;margin:.4rem 0}"
    ".lua input{margin-right:.5rem;width:1.2rem;height:1.2rem;vertical-align:middle}"
    "label{cursor:pointer}.o{display:grid;grid-template-columns:minmax(8rem,1fr) 2fr;gap:.5rem;"
    "align-items:center;margin:.4rem 0}select,input[type=text]{font:inherit;padding:.35rem;"
    "min-height:2.5rem;max-width:100%;box-sizing:border-box}.goi-y{color:#4b5563;margin:.25rem 0}"
    "button{font:inherit;font-weight:600;padding:.6rem 1.5rem;background:#1d4ed8;color:#fff;"
    "border:0;border-radius:.4rem;cursor:pointer}"
    ":focus-visible{outline:3px solid #f59e0b;outline-offset:2px}"
    ".ket-qua{border:4px solid #047857;padding:1rem}a{color:#1d4ed8}")


def _page(title: str, site_name: str, body: str) -> str:
    return (f'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="robots" content="noindex">'
            f"<title>{escape(title)} — {escape(site_name)}</title><style>{_STYLE}</style>"
            f"</head><body><main>{body}</main></body></html>\n")


def duration(seconds: float) -> str:
    """`7 phút 12 giây`."""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return f"{rest} giây"
    return f"{minutes} phút {rest} giây" if rest else f"{minutes} phút"


def _options(values: Sequence[str]) -> str:
    chosen = '<option value="">— Chọn —</option>'
    return chosen + "".join(f'<option value="{escape(v, quote=True)}">{escape(v)}</option>'
                            for v in values)


def _question(n: int, q: dict[str, Any]) -> str:
    ref = escape(q["id"], quote=True)
    uid = f"c{n}"
    hint = ""
    controls = ""
    kind = q["type"]
    if kind in ("single", "multiple", "true_false"):
        choices = [("true", "Đúng"), ("false", "Sai")] if kind == "true_false" else \
            [(c, c) for c in q["choices"]]
        box = "checkbox" if kind == "multiple" else "radio"
        hint = "Chọn mọi đáp án đúng." if kind == "multiple" else "Chọn một đáp án."
        controls = "".join(
            f'<div class="lua"><input type="{box}" name="{ref}" id="{uid}-{i}" '
            f'value="{escape(value, quote=True)}"><label for="{uid}-{i}">{escape(text)}'
            f"</label></div>" for i, (value, text) in enumerate(choices, 1))
    elif kind in ("fill", "numeric"):
        hint = "Viết một số." if kind == "numeric" else "Viết câu trả lời."
        mode = ' inputmode="decimal"' if kind == "numeric" else ""
        unit = f" {escape(q['unit'])}" if q.get("unit") else ""
        controls = (f'<div class="o"><label for="{uid}">Câu trả lời</label><span>'
                    f'<input type="text" name="{ref}" id="{uid}" maxlength="200" '
                    f'autocomplete="off"{mode}>{unit}</span></div>')
    elif kind == "order":
        hint = "Chọn mục đứng ở từng vị trí, từ đầu đến cuối."
        controls = "".join(
            f'<div class="o"><label for="{uid}-{p}">Vị trí {p}</label>'
            f'<select name="{ref}:{p}" id="{uid}-{p}">{_options(q["items"])}</select></div>'
            for p in range(1, len(q["items"]) + 1))
    elif kind == "match":
        hint = "Với mỗi mục bên trái, chọn mục tương ứng."
        controls = "".join(
            f'<div class="o"><label for="{uid}-{p}">{escape(left)}</label>'
            f'<select name="{ref}:{p}" id="{uid}-{p}">{_options(q["right"])}</select></div>'
            for p, left in enumerate(q["left"], 1))
    return (f'<fieldset id="cau-{n}" aria-describedby="{uid}-goi-y"><legend>Câu {n}. '
            f'{escape(q["text"])}</legend><p class="goi-y" id="{uid}-goi-y">{hint}</p>'
            f"{controls}</fieldset>")


def attempt_page(started: Started, back: str, site_name: str) -> str:
    """The drawn questions as a form posting to the attempt's address (relative, so that it
    works wherever the collector is mounted)."""
    contest = started.contest
    action = f"attempts/{escape(started.attempt, quote=True)}"
    deadline = started.deadline.astimezone(VIETNAM).isoformat(timespec="seconds")
    questions = "".join(_question(n, q) for n, q in enumerate(started.questions, 1))
    body = (f"<h1>{escape(contest.title)}</h1>"
            f'<p class="han" role="note">Bạn có {duration(started.seconds)} cho '
            f"{len(started.questions)} câu hỏi. Hạn nộp bài: "
            f'<strong><time datetime="{deadline}">{escape(when(started.deadline))}</time>'
            f"</strong> (giờ Việt Nam). Bài nộp sau hạn không được chấm.</p>"
            f'<form method="post" action="{action}" accept-charset="utf-8">'
            f'<input type="hidden" name="return" value="{escape(back, quote=True)}">'
            f"{questions}<p><button type=\"submit\">Nộp bài</button></p></form>")
    return _page(f"Bài thi: {contest.title}", site_name, body)


def result_page(graded: Graded, back: str, site_name: str) -> str:
    """Score, out of, time: never which answers were right (the key comes after closing)."""
    contest = graded.contest
    certificate = (f"<p>Bạn đạt mức được cấp giấy chứng nhận. Mã chứng nhận: "
                   f"<strong>{escape(graded.certificate)}</strong> (hãy ghi lại).</p>"
                   if graded.certificate else "")
    body = (f"<h1>{escape(contest.title)}</h1>"
            f'<div class="ket-qua" role="status"><h2>Đã nộp bài</h2>'
            f"<p>Bạn trả lời đúng <strong>{graded.score}/{graded.out_of}</strong> câu trong "
            f"<strong>{duration(graded.seconds)}</strong>.</p>{certificate}</div>"
            f"<p>Đáp án được công bố sau khi cuộc thi kết thúc "
            f"({escape(when(contest.closes))}).</p>"
            f'<p><a href="{escape(back, quote=True)}">Quay lại trang cuộc thi</a></p>')
    return _page(f"Kết quả: {contest.title}", site_name, body)
