"""The collector's HTTP service (Starlette): `POST feedback`, `POST surveys/{survey}`,
`POST questions`, the contests' `POST contests/{contest}/attempts` (register and draw) and
`POST contests/{contest}/attempts/{attempt}` (submit and grade), `GET health`. Nothing a
citizen sent is ever served back, no cookie is set, and neither the client's address nor
its user agent is stored or logged."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generators.collector import contest_pages, contests, forms, replies, storage
from generators.collector.limits import RateLimiter
from generators.collector.settings import Settings
from generators.urls import attempt_endpoint, contest_endpoint, contest_url, origin

log = logging.getLogger("tusach.collector")
POST = ["POST", "OPTIONS"]
ALLOW_METHODS = "GET, POST, OPTIONS"
ALLOW_HEADERS = "Accept, Content-Type"
UVICORN: dict[str, Any] = {"access_log": False, "proxy_headers": False,
                          "server_header": False}
"""How uvicorn runs the app: no access log (it would hold the client's address), no
X-Forwarded-For of its own (`Settings.trust_proxy` decides), no Server header."""

Validate = Callable[[forms.Fields], dict[str, Any]]


class TooLarge(Exception):
    """The body is over the limit (413)."""


class Cors:
    """Only the site's origin may read answers: `Access-Control-Allow-Origin` (and, for a
    preflight, the methods and headers allowed) for it, nothing for any other origin."""

    def __init__(self, app: ASGIApp, origin: str) -> None:
        self.app = app
        self.origin = origin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        sent = headers.get("origin")
        allowed = sent == self.origin  # exactly: browsers send it normalised
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.add_vary_header("Origin")
                if allowed:
                    out["Access-Control-Allow-Origin"] = self.origin
                    if preflight:
                        out["Access-Control-Allow-Methods"] = ALLOW_METHODS
                        out["Access-Control-Allow-Headers"] = ALLOW_HEADERS
                        out["Access-Control-Max-Age"] = "600"
            await send(message)

        await self.app(scope, receive, send_with_cors)


class Collector:
    """The endpoints, over one `Settings` and one in-memory rate limiter."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limiter = RateLimiter(settings.per_minute, settings.burst,
                                   settings.global_per_second, settings.global_burst,
                                   settings.max_addresses)
        # Contests apart: a class behind one address registers together, and a flood of
        # feedback must not stop a contest (nor a contest the feedback).
        self.contest_limiter = RateLimiter(settings.contest_per_minute, settings.contest_burst,
                                           settings.contest_per_second,
                                           settings.contest_global_burst,
                                           settings.max_addresses)
        self.desk = contests.Desk(settings)

    # -- endpoints ---------------------------------------------------------------------
    async def health(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return _options("GET, HEAD, OPTIONS")
        return JSONResponse({"ok": True}, headers=replies.HEADERS)

    async def feedback(self, request: Request) -> Response:
        catalogue = self.settings.catalogue
        return await self._post(request, "feedback",
                                lambda fields: forms.feedback(fields, catalogue))

    async def question(self, request: Request) -> Response:
        catalogue = self.settings.catalogue
        return await self._post(request, "question",
                                lambda fields: forms.question(fields, catalogue))

    async def survey(self, request: Request) -> Response:
        key = request.path_params["survey"]
        survey = self.settings.surveys.get(key)

        def validate(fields: forms.Fields) -> dict[str, Any]:
            assert survey is not None
            return {"survey": survey.key, "answers": forms.survey_answers(fields, survey)}

        def closed(as_json: bool, back: str) -> Response | None:
            if survey is None:
                return self._fail(404, replies.NO_SURVEY, as_json, back)
            today = self.settings.today()
            if today < survey.opens:
                return self._fail(403, f"Khảo sát “{survey.title}” bắt đầu nhận trả lời từ "
                                  f"ngày {_day(survey.opens)}.", as_json, back)
            if survey.closes is not None and today > survey.closes:
                return self._fail(403, f"Khảo sát “{survey.title}” đã kết thúc ngày "
                                  f"{_day(survey.closes)}.", as_json, back)
            return None

        return await self._post(request, "survey", validate, closed)

    async def register(self, request: Request) -> Response:
        """Register a participant and draw an attempt: its questions without answers."""
        key = request.path_params["contest"]

        async def handle(body: bytes, content_type: str | None, as_json: bool,
                         back: str) -> tuple[Response, str]:
            fields = forms.parse_body(body, content_type)
            back_to, trap = forms.common(fields)
            back = self.safe_return(back_to) if back_to else back
            if trap:  # a bot filled the hidden field: it is thanked, and nothing is kept
                return replies.success("contest", as_json, back), back
            started = await run_in_threadpool(self.desk.register, key, fields)
            if as_json:
                return JSONResponse(_started_json(started), 201, headers=replies.HEADERS), back
            return HTMLResponse(contest_pages.attempt_page(started, back, self.settings.site_name),
                                200, headers=contest_pages.PAGE_HEADERS), back

        return await self._contest_post(request, key, handle)

    async def submit(self, request: Request) -> Response:
        """Grade an attempt's answers once: the score, out of, and the seconds taken."""
        key, attempt = request.path_params["contest"], request.path_params["attempt"]

        async def handle(body: bytes, content_type: str | None, as_json: bool,
                         back: str) -> tuple[Response, str]:
            if not as_json:
                back_to, _ = forms.common(forms.parse_body(body, content_type))
                back = self.safe_return(back_to) if back_to else back
            graded = await run_in_threadpool(self.desk.submit, key, attempt, body, content_type)
            if as_json:
                return JSONResponse(_graded_json(graded), 200, headers=replies.HEADERS), back
            return HTMLResponse(contest_pages.result_page(graded, back, self.settings.site_name),
                                200, headers=contest_pages.PAGE_HEADERS), back

        return await self._contest_post(request, key, handle)

    async def _contest_post(self, request: Request, key: str, handle: ContestHandler
                            ) -> Response:
        """The contests' path: their own limits and body size, then `handle`; every refusal
        a status with its message, nothing stored."""
        if request.method == "OPTIONS":
            return _options("POST, OPTIONS")
        as_json = replies.wants_json(request.headers.get("accept"))
        back = self.settings.site_url + contest_url(key) if key in self.settings.contests \
            else self.settings.site_url
        try:
            wait = self.contest_limiter.allow(self._address(request))
            if wait is not None:
                return self._fail(429, replies.TOO_MANY, as_json, back,
                                  headers={"Retry-After": str(max(1, round(wait + 0.5)))})
            content_type = request.headers.get("content-type")
            if forms.media_type(content_type) not in (forms.FORM, forms.JSON):
                return self._fail(415, replies.UNSUPPORTED, as_json, back)
            try:
                body = await _body(request, self.settings.contest_max_body)
            except TooLarge:
                size = self.settings.contest_max_body // 1024
                return self._fail(413, f"Nội dung gửi quá lớn (tối đa {size} KiB).", as_json,
                                  back)
            try:
                response, back = await handle(body, content_type, as_json, back)
            except forms.BodyError:
                return self._fail(400, replies.BAD_BODY, as_json, back,
                                  {"body": replies.BAD_BODY}, forms.LABELS)
            except forms.FormError as exc:
                return self._fail(400, replies.INVALID, as_json, back, exc.errors, exc.labels)
            except contests.Refusal as exc:
                return self._fail(exc.status, exc.message, as_json, back, exc.errors,
                                  exc.labels or {k: k for k in exc.errors})
            return response
        except Exception:
            log.exception("POST contest %s failed; nothing stored", key)
            return self._fail(500, replies.SERVER, as_json, back)

    # -- the one path every post takes -------------------------------------------------
    async def _post(self, request: Request, kind: str, validate: Validate,
                    refuse: Callable[[bool, str], Response | None] | None = None) -> Response:
        if request.method == "OPTIONS":
            return _options("POST, OPTIONS")
        as_json = replies.wants_json(request.headers.get("accept"))
        back = self.settings.site_url
        try:
            wait = self.limiter.allow(self._address(request))
            if wait is not None:
                return self._fail(429, replies.TOO_MANY, as_json, back,
                                  headers={"Retry-After": str(max(1, round(wait + 0.5)))})
            content_type = request.headers.get("content-type")
            if forms.media_type(content_type) not in (forms.FORM, forms.JSON):
                return self._fail(415, replies.UNSUPPORTED, as_json, back)
            try:
                body = await _body(request, self.settings.max_body)
            except TooLarge:
                return self._fail(413, replies.TOO_LARGE, as_json, back)
            try:
                fields = forms.parse_body(body, content_type)
            except forms.BodyError:
                return self._fail(400, replies.BAD_BODY, as_json, back,
                                  {"body": replies.BAD_BODY}, forms.LABELS)
            back_to, trap = forms.common(fields)
            back = self.safe_return(back_to)
            if trap:  # a bot filled the hidden field: it is thanked, and nothing is kept
                return replies.success(kind, as_json, back)
            refused = refuse(as_json, back) if refuse is not None else None
            if refused is not None:
                return refused
            try:
                values = validate(fields)
            except forms.FormError as exc:
                return self._fail(400, replies.INVALID, as_json, back, exc.errors, exc.labels)
            await run_in_threadpool(storage.store, self.settings.engine, kind, values)
            return replies.success(kind, as_json, back)
        except Exception:
            log.exception("POST %s failed; nothing stored", kind)
            return self._fail(500, replies.SERVER, as_json, back)

    def safe_return(self, value: str) -> str:
        """`value` when it is an absolute address on the site's origin, else the site."""
        if not value or len(value) > 2000 or any(ord(c) < 0x21 or c == "\\" for c in value):
            return self.settings.site_url
        try:
            parts = urlsplit(value)
            same = parts.scheme in ("http", "https") and bool(parts.hostname) and \
                origin(value) == self.settings.origin
        except ValueError:
            return self.settings.site_url
        return value if same else self.settings.site_url

    def _address(self, request: Request) -> str:
        """The client's address for the rate limit only (never stored, never logged)."""
        if self.settings.trust_proxy:
            forwarded = request.headers.get("x-forwarded-for", "")
            hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
            if hops:  # the address our proxy saw is the one it appended last
                return hops[-1]
        return request.client.host if request.client else "?"

    def _fail(self, status: int, message: str, as_json: bool, back: str,
              errors: dict[str, str] | None = None, labels: dict[str, str] | None = None,
              headers: dict[str, str] | None = None) -> Response:
        return replies.failure(status, message, as_json, back, self.settings.site_name,
                               errors, labels, headers)

    # -- what Starlette itself refuses (unknown address, wrong method, a bug) ------------
    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        as_json = replies.wants_json(request.headers.get("accept"))
        if exc.status_code == 405:
            message = replies.METHOD.format(method=request.method)
        elif exc.status_code == 404:
            message = replies.NOT_FOUND
        else:
            message = replies.BAD_BODY
        return self._fail(exc.status_code, message, as_json, self.settings.site_url,
                          headers=dict(exc.headers or {}))

    async def server_error(self, request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path,
                  exc_info=exc)
        as_json = replies.wants_json(request.headers.get("accept"))
        return self._fail(500, replies.SERVER, as_json, self.settings.site_url)


ContestHandler = Callable[[bytes, str | None, bool, str], Awaitable[tuple[Response, str]]]
"""(body, content type, answer in JSON, where to send back) → the answer and that place."""


def _started_json(started: contests.Started) -> dict[str, Any]:
    contest = started.contest
    return {"ok": True, "message": f"Bắt đầu làm bài: {len(started.questions)} câu hỏi, hạn "
                                   f"nộp {contests.when(started.deadline)}.",
            "contest": contest.key, "attempt": started.attempt, "number": started.number,
            "attempts": contest.attempts,
            "submit": attempt_endpoint(contest.key, started.attempt),
            "started": storage.utc_iso(started.started),
            "deadline": storage.utc_iso(started.deadline), "seconds": started.seconds,
            "grace_seconds": contest.grace_seconds, "questions": started.questions}


def _graded_json(graded: contests.Graded) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ok": True, "message": f"Đã nộp bài: đúng {graded.score}/{graded.out_of} câu trong "
                               f"{contest_pages.duration(graded.seconds)}.",
        "contest": graded.contest.key, "attempt": graded.attempt, "score": graded.score,
        "out_of": graded.out_of, "seconds": graded.seconds}
    if graded.certificate:
        out["certificate"] = graded.certificate
    return out


def _options(allow: str) -> Response:
    return Response(status_code=204, headers={**replies.HEADERS, "Allow": allow})


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


async def _body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and (not length.strip().isdigit() or int(length) > limit):
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(settings: Settings) -> Starlette:
    """The ASGI application for `settings` (tests run it in-process or under uvicorn)."""
    collector = Collector(settings)
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        HTTPException: collector.http_error, Exception: collector.server_error}
    app = Starlette(routes=[
        Route("/health", collector.health, methods=["GET", "HEAD", "OPTIONS"]),
        Route("/feedback", collector.feedback, methods=POST),
        Route("/questions", collector.question, methods=POST),
        Route("/surveys/{survey}", collector.survey, methods=POST),
        Route("/" + contest_endpoint("{contest}"), collector.register, methods=POST),
        Route("/" + attempt_endpoint("{contest}", "{attempt}"), collector.submit,
              methods=POST),
    ], exception_handlers=handlers)
    app.add_middleware(Cors, origin=settings.origin)
    app.state.collector = collector
    return app
