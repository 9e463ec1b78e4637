"""The service's answers: JSON for `fetch`, otherwise a redirect back to the page (success)
or an accessible Vietnamese HTML page naming each problem (errors)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

THANKS = {"feedback": "Cảm ơn bạn đã góp ý cho trang này.",
          "survey": "Cảm ơn bạn đã trả lời khảo sát.",
          "question": "Cảm ơn bạn đã gửi câu hỏi. Câu hỏi sẽ được chuyển đến người phụ trách.",
          "contest": "Cảm ơn bạn đã đăng ký dự thi."}
FRAGMENTS = {"feedback": "da-gui-phan-hoi", "survey": "da-gui-khao-sat",
             "question": "da-gui-cau-hoi", "contest": "da-dang-ky-du-thi"}
INVALID = "Thông tin gửi chưa đúng. Vui lòng sửa các mục dưới đây rồi gửi lại."
BAD_BODY = "Nội dung gửi không đúng định dạng."
TOO_LARGE = "Nội dung gửi quá lớn (tối đa 16 KiB)."
UNSUPPORTED = ("Chỉ nhận biểu mẫu (application/x-www-form-urlencoded) hoặc JSON "
               "(application/json).")
TOO_MANY = "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."
NOT_FOUND = "Không có địa chỉ này."
NO_SURVEY = "Không có khảo sát này."
METHOD = "Địa chỉ này không nhận phương thức {method}."
SERVER = "Máy chủ gặp lỗi nên chưa lưu được nội dung bạn gửi. Vui lòng thử lại sau."
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer",
           "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                      "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"}
"""On every answer: nothing cached, nothing sniffed, nothing run."""

_STYLE = ("body{font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem;margin:2rem "
          "auto;padding:0 1rem;color:#1b1b1b}.loi{border:4px solid #b00020;padding:1rem}"
          "h2{margin-top:0}a{color:#1d4ed8}")


def wants_json(accept: str | None) -> bool:
    return "application/json" in (accept or "").lower()


def success(kind: str, as_json: bool, back: str) -> Response:
    if as_json:
        return JSONResponse({"ok": True, "message": THANKS[kind]}, 201, headers=HEADERS)
    return RedirectResponse(f"{back.split('#', 1)[0]}#{FRAGMENTS[kind]}", 303, headers=HEADERS)


def failure(status: int, message: str, as_json: bool, back: str, site_name: str,
            errors: Mapping[str, str] | None = None, labels: Mapping[str, str] | None = None,
            headers: Mapping[str, str] | None = None) -> Response:
    """An error: `{"ok": false, "message", "errors"}` or the HTML page, with `status`."""
    extra = {**HEADERS, **(headers or {})}
    errors = dict(errors or {})
    if as_json:
        return JSONResponse({"ok": False, "message": message, "errors": errors}, status,
                            headers=extra)
    return HTMLResponse(error_page(message, back, site_name, errors, labels or {}), status,
                        headers=extra)


def error_page(message: str, back: str, site_name: str, errors: Mapping[str, str],
               labels: Mapping[str, str]) -> str:
    """A page in Vietnamese: the title says there is a problem, the summary (announced by
    screen readers) names each field and what is wrong, then a link back."""
    link = escape(back, quote=True)
    items = "".join(f"<li><strong>{escape(labels.get(name, name))}</strong>: "
                    f"{escape(problem)}</li>" for name, problem in errors.items())
    summary = (f'<div class="loi" role="alert" aria-labelledby="tom-tat" tabindex="-1">'
               f'<h2 id="tom-tat">Có {len(errors)} mục cần sửa</h2><ul>{items}</ul></div>'
               if errors else f'<div class="loi" role="alert"><p>{escape(message)}</p></div>')
    intro = f"<p>{escape(message)}</p>" if errors else ""
    return (f'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="robots" content="noindex">'
            f"<title>Lỗi: chưa gửi được — {escape(site_name)}</title><style>{_STYLE}</style>"
            f"</head><body><main><h1>Chưa gửi được</h1>{intro}{summary}"
            f'<p><a href="{link}">Quay lại trang trước để sửa và gửi lại</a></p>'
            f"</main></body></html>\n")
