"""What the service runs with: the library's pages, fields, languages, surveys and contests
with each contest's pool (read once at start), the site's address, the database, the clock
and its limits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from types import MappingProxyType

from sqlalchemy.engine import Engine

from generators.collector.forms import Catalogue
from generators.config import DEFAULT_SITE_NAME
from generators.library.contest_pool import Drawn, pool
from generators.library.model import Contest, Library, QuizBank, Survey
from generators.urls import origin, page_url
from generators.works import versions

try:
    from zoneinfo import ZoneInfo
    VIETNAM: timezone | ZoneInfo = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # no tz database: Việt Nam has kept UTC+7 without summer time since 1975
    VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

MAX_BODY = 16 * 1024
CONTEST_MAX_BODY = 64 * 1024
"""An attempt's answers (20 questions, matching pairs included) stay far below this."""


def vietnam_today() -> date:
    """Today's date in Asia/Ho_Chi_Minh: the day surveys open and close on."""
    return datetime.now(VIETNAM).date()


def utc_now() -> datetime:
    """The server's clock: attempts are timed by it, never by the participant's."""
    return datetime.now(UTC)


def catalogue_of(library: Library) -> Catalogue:
    """The pages posts may name (every published explainer and each of its translations),
    the fields and the languages of `library`."""
    pages = frozenset(page_url(explainer, translation) for explainer, translation
                      in versions(library))
    return Catalogue(pages, frozenset(library.fields), frozenset(library.languages))


@dataclass(frozen=True)
class Settings:
    """Everything `create_app` needs."""

    site_url: str
    """The static site's public address: CORS origin, and where readers are sent back."""
    catalogue: Catalogue
    surveys: Mapping[str, Survey]
    engine: Engine
    site_name: str = DEFAULT_SITE_NAME
    trust_proxy: bool = False
    """Take the client's address from X-Forwarded-For (behind nginx), else the socket's."""
    per_minute: float = 10
    burst: int = 5
    global_per_second: float = 100
    global_burst: int = 200
    max_addresses: int = 100_000
    max_body: int = MAX_BODY
    today: Callable[[], date] = field(default=vietnam_today)
    contests: Mapping[str, Contest] = field(default_factory=lambda: MappingProxyType({}))
    quizzes: Mapping[str, QuizBank] = field(default_factory=lambda: MappingProxyType({}))
    """Every bank, to grade an attempt's refs even if a question has left the pool since."""
    pools: Mapping[str, tuple[Drawn, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Contest key → what its attempts draw from (`contest_pool.pool`)."""
    clock: Callable[[], datetime] = field(default=utc_now)
    """The moment now (timezone-aware): contests open, close and time attempts by it."""
    contest_per_minute: float = 240
    contest_burst: int = 240
    """Per address, for the contest endpoints only: a class (or a mobile carrier's shared
    address) registering together must pass; the one-attempt rule and the unguessable
    attempt ids, not this limit, are what stop cheating."""
    contest_per_second: float = 1000
    contest_global_burst: int = 2000
    """For everyone at once on the contest endpoints (kept apart from the other forms)."""
    contest_max_body: int = CONTEST_MAX_BODY

    @property
    def origin(self) -> str:
        return origin(self.site_url)

    @classmethod
    def from_library(cls, library: Library, site_url: str, engine: Engine,
                     **options: object) -> Settings:
        return cls(site_url=site_url, catalogue=catalogue_of(library),
                   surveys=MappingProxyType(dict(library.surveys)), engine=engine,
                   contests=MappingProxyType(dict(library.contests)),
                   quizzes=MappingProxyType(dict(library.quizzes)),
                   pools=pools_of(library), **options)  # type: ignore[arg-type]


def pools_of(library: Library) -> Mapping[str, tuple[Drawn, ...]]:
    """Each contest's pool in `library`."""
    return MappingProxyType({key: pool(contest, library)
                             for key, contest in library.contests.items()})
