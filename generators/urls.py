"""Every URL rule of the site, in one place: where each page and each published file goes,
relative to the site root (`lao-dong/thu-viec/`, `sach-noi/<slug>/<voice>.mp3`), and the
helpers that make addresses absolute (`site_base`) or relative to a page (`relative_url`).

It imports nothing from the project: the library, every stage, the site and the exports
may all use it. The rules take plain strings, or any object with the attributes they read
(`Explainer`, `Translation`), so that no type of theirs is needed here.
"""

from __future__ import annotations

import functools
import posixpath
from typing import Protocol
from urllib.parse import urlsplit

VIETNAMESE = "vi"
"""The bookshelf's own language (`generators.library.model.VIETNAMESE`): its pages and files
carry no language in their path; every other language's do."""

# ---- pages ---------------------------------------------------------------------------------

SEARCH_URL = "tim-kiem/"
OFFLINE_URL = "ngoai-tuyen/"
DOCUMENTS_URL = "van-ban/"
"""`van-ban/` lists the cited documents; `van-ban/<document slug>/` is one of them."""
AUDIENCES_URL = "doi-tuong/"
GLOSSARY_URL = "thuat-ngu/"
LANGUAGES_URL = "ngon-ngu/"
STATUS_URL = "bien-tap/ban-dich/"
"""The editors' page: every explainer × language, up to date / stale / missing."""
STATISTICS_URL = "thong-ke/"
"""Citizens' satisfaction, feedback and questions in figures (with `--statistics`)."""
PAGE_PREFIX = "trang-"
"""Later pages of a long list: `lao-dong/trang-2/`."""
SURVEYS_URL = "khao-sat/"
"""The list of surveys; `khao-sat/<key>/` is one survey (only with a collector)."""
QUESTION_URL = "hoi-dap/gui-cau-hoi/"
"""Where a reader sends a legal question to the collector."""
QUIZZES_URL = "trac-nghiem/"
"""The practice quizzes; `trac-nghiem/<bank>/` is one bank's."""
CONTESTS_URL = "cuoc-thi/"
"""The contests; `cuoc-thi/<key>/` is one contest's rules, dates and registration."""
QA_URL = "hoi-dap/"
"""The Q&A pages; `hoi-dap/<key>/` is one file's (`qa/<key>.yml`). `QUESTION_URL` lives
under it too: no Q&A file may be named like its folder (`QA_RESERVED`)."""
QA_RESERVED = frozenset({QUESTION_URL.removeprefix(QA_URL).strip("/")})
SITUATIONS_URL = "tinh-huong/"
"""The legal situations; `tinh-huong/<key>/` is one (its first question) and
`tinh-huong/<key>/<step>/` each of its steps, a page of its own."""


def explainer_url(field: str, slug: str) -> str:
    """An explainer's page, e.g. `lao-dong/thu-viec/`."""
    return f"{field}/{slug}/"


def translation_url(lang: str, field: str, slug: str) -> str:
    """A language version of an explainer's page: `<lang>/<field>/<slug>/`, or the
    explainer's own page for Vietnamese."""
    return f"{lang}/{field}/{slug}/" if lang != VIETNAMESE else f"{field}/{slug}/"


class Placed(Protocol):
    """What an explainer's address is made of (an `Explainer`)."""

    @property
    def field(self) -> str: ...
    @property
    def slug(self) -> str: ...


class InLanguage(Protocol):
    """What a translation adds to it (a `Translation`)."""

    @property
    def lang(self) -> str: ...


def page_url(explainer: Placed, translation: InLanguage | None = None) -> str:
    """Site-relative address of an explainer's page or of one of its translations."""
    if translation is None:
        return explainer_url(explainer.field, explainer.slug)
    return translation_url(translation.lang, explainer.field, explainer.slug)


def translated_url(explainer: Placed, translation: InLanguage) -> str:
    """The page of `translation` of `explainer`."""
    return translation_url(translation.lang, explainer.field, explainer.slug)


def survey_url(key: str) -> str:
    """A survey's page: `khao-sat/<key>/`."""
    return f"{SURVEYS_URL}{key}/"


def quiz_url(key: str) -> str:
    """A practice quiz's page: `trac-nghiem/<bank>/`."""
    return f"{QUIZZES_URL}{key}/"


def contest_url(key: str) -> str:
    """A contest's page: `cuoc-thi/<key>/`."""
    return f"{CONTESTS_URL}{key}/"


def qa_url(key: str) -> str:
    """A Q&A file's page: `hoi-dap/<key>/`."""
    return f"{QA_URL}{key}/"


def qa_item_url(key: str, item: str) -> str:
    """One answer on its Q&A page: `hoi-dap/<key>/#<item>`."""
    return f"{qa_url(key)}#{item}"


def situation_url(key: str) -> str:
    """A legal situation's page, which asks its first question: `tinh-huong/<key>/`."""
    return f"{SITUATIONS_URL}{key}/"


def situation_step_url(key: str, step: str) -> str:
    """One step of a situation, a page of its own: `tinh-huong/<key>/<step>/`."""
    return f"{situation_url(key)}{step}/"


def contest_results_url(key: str) -> str:
    """A contest's published ranking: `cuoc-thi/<key>/ket-qua/`."""
    return f"{contest_url(key)}ket-qua/"


def contest_key_url(key: str) -> str:
    """A closed contest's answer key, the bytes its commitment hashes:
    `cuoc-thi/<key>/dap-an.json`."""
    return f"{contest_url(key)}dap-an.json"


def certificate_url(key: str, code: str) -> str:
    """Where a certificate's QR code leads: `cuoc-thi/<key>/chung-nhan/<code>/`."""
    return f"{contest_url(key)}chung-nhan/{code}/"


def language_home_url(lang: str) -> str:
    return f"{lang}/"


def language_search_url(lang: str) -> str:
    return f"{lang}/{SEARCH_URL}"


# ---- published files -----------------------------------------------------------------------

ASSETS_URL = "assets/tusach/"
"""Where the bookshelf's own CSS, JS, fonts and icons are published (hashed names)."""
AUDIO_URL = "sach-noi/"
"""Where audiobooks are published (and the audiobooks page)."""
PODCAST_FEED = f"{AUDIO_URL}podcast.xml"
"""The podcast feed of every audiobook; each field's is `sach-noi/<field>.xml`."""
INFOGRAPHICS_URL = "infographic/"
"""Published as `infographic/<name>/<format>.svg|.png` (and the infographics page)."""
VIDEO_URL = "video/"
"""Where videos are published."""
VIDEO_FILES = {"web": "video.mp4", "vertical": "video-doc.mp4", "vtt": "phu-de.vi.vtt",
               "poster": "poster.jpg"}
"""Each part's published name, in `video/<slug>/`."""
EBOOKS_URL = "sach-dien-tu/"
"""E-books live under `sach-dien-tu/` in the site."""
FIELD_BOOKS = "linh-vuc/"
"""The key of a field's whole book starts with it: `linh-vuc/<field>`."""
CARDS_URL = "the-chia-se/"
"""Share cards: one flat folder, so a card's URL stays the same when an explainer moves to
another field."""
DOWNLOADS = "tai-ve"
"""The folder of the offline bundle."""
BUNDLE_NAME = "tu-sach-phap-luat-so.zip"
BUNDLE_URL = f"{DOWNLOADS}/{BUNDLE_NAME}"
CATALOGUE = "catalogue.json"
CATALOGUE_SCHEMA = "catalogue.schema.json"
BULLETINS_URL = "ban-tin/"
"""Commune-loudspeaker bulletins: the section's page; `ban-tin/<name>/` is one bulletin's
page and its files (MP3, JSON, M3U, iCalendar, ZIP)."""
BULLETIN_FEED = f"{BULLETINS_URL}ban-tin.xml"
"""RSS 2.0 with enclosures of every bulletin, for a source system or an operator to poll."""
BULLETIN_JSON_FEED = f"{BULLETINS_URL}ban-tin.json"
"""The same as a JSON Feed 1.1."""
OAI_FILE = "oai-pmh.xml"
ATOM_FILE = "atom.xml"


def audio_url(slug: str, lang: str, voice: str, ext: str) -> str:
    """An audiobook's file: `sach-noi/<slug>/<voice>.mp3`, and
    `sach-noi/<slug>/<lang>/<voice>.mp3` for a translation's."""
    folder = "" if lang == VIETNAMESE else f"{lang}/"
    return f"{AUDIO_URL}{slug}/{folder}{voice}{ext}"


def qa_audio_url(key: str, item: str, voice: str, ext: str) -> str:
    """A Q&A answer read aloud: `sach-noi/hoi-dap/<file>/<item>/<voice>.mp3`."""
    return f"{AUDIO_URL}{QA_URL}{key}/{item}/{voice}{ext}"
def bulletin_url(name: str, ext: str = "") -> str:
    """A bulletin's page (`ban-tin/<name>/`) or one of its files (`ban-tin/<name>/<name>.mp3`);
    a language's version is named `<name>.<lang>`."""
    folder = f"{BULLETINS_URL}{name.split('.')[0]}/"
    return f"{folder}{name}{ext}" if ext else folder


def podcast_feed_url(key: str) -> str:
    """`sach-noi/podcast.xml` for "podcast", `sach-noi/<field>.xml` for a field's feed."""
    return f"{AUDIO_URL}{key}.xml"


def infographic_url(name: str, fmt: str, ext: str) -> str:
    """e.g. `infographic/cac-buoc-hoa-giai/doc.png`."""
    return f"{INFOGRAPHICS_URL}{name}/{fmt}{ext}"


def video_url(slug: str, part: str) -> str:
    """`video/<slug>/video.mp4` for "web", `video-doc.mp4` for "vertical", `phu-de.vi.vtt`
    for "vtt", `poster.jpg` for "poster"."""
    try:
        name = VIDEO_FILES[part]
    except KeyError:
        raise ValueError(f"unknown video part {part!r}: use one of "
                         f"{', '.join(VIDEO_FILES)}") from None
    return f"{VIDEO_URL}{slug}/{name}"


def ebook_url(key: str) -> str:
    """`sach-dien-tu/<key>.epub` (`<slug>`, `<slug>.<lang>` or `linh-vuc/<field>`)."""
    return f"{EBOOKS_URL}{key}.epub"


def card_url(key: str) -> str:
    """Where a share card is published: `the-chia-se/<key>.png`, `tu-sach.png` for the
    bookshelf's own (key "")."""
    return f"{CARDS_URL}{key or 'tu-sach'}.png"


# ---- the collector's endpoints (relative to its address, which ends in "/") ---------------

FEEDBACK_ENDPOINT = "feedback"
QUESTIONS_ENDPOINT = "questions"


def survey_endpoint(key: str) -> str:
    """Where a survey's answers are posted: `surveys/<key>`."""
    return f"surveys/{key}"


def contest_endpoint(key: str) -> str:
    """Where a participant registers and an attempt is drawn: `contests/<key>/attempts`."""
    return f"contests/{key}/attempts"


def attempt_endpoint(key: str, attempt: str) -> str:
    """Where an attempt's answers are submitted: `contests/<key>/attempts/<attempt>`."""
    return f"{contest_endpoint(key)}/{attempt}"


def origin(url: str) -> str:
    """`https://host[:port]` of an absolute URL, as browsers compare it (what a CSP source
    names and CORS checks): lower case, no user, default ports left out."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    port = parts.port
    default = {"http": 80, "https": 443}.get(scheme)
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{scheme}://{host}" if port in (None, default) else f"{scheme}://{host}:{port}"


# ---- addresses -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def relative_url(target: str, page_url: str) -> str:
    """URL of site-relative `target` as seen from site-relative directory `page_url`."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if (target.endswith("/") or not target) and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel


def site_base(site_url: str | None) -> str:
    """`https://host/path/` for a known site URL, else "" (addresses stay site-relative)."""
    return site_url.rstrip("/") + "/" if site_url else ""


def site_host(site_url: str | None, name_slug: str) -> str:
    """The site's host name; without a site URL a stable placeholder `<name_slug>.invalid`
    (RFC 6761: never resolves; `name_slug` is the site name's ASCII slug), so identifiers
    stay well-formed and say they are local."""
    host = urlsplit(site_url).hostname if site_url else None
    return host or f"{name_slug or 'tu-sach'}.invalid"


def repository_url(site_url: str | None, name_slug: str) -> str:
    """Where `oai-pmh.xml` is published: under the site URL, or (without one) on the
    placeholder host of `site_host`, which a gateway cannot reach."""
    return f"{site_base(site_url) or f'http://{site_host(site_url, name_slug)}/'}{OAI_FILE}"


def oai_base_url(site_url: str | None, name_slug: str, gateway: str | None) -> str:
    """The OAI-PMH `baseURL` harvesters use: the gateway's address followed by the file's
    address without its scheme (the Static Repository Gateway convention); without a
    gateway, the file's own address until one intermediates it."""
    file_url = repository_url(site_url, name_slug)
    if not gateway:
        return file_url
    parts = urlsplit(file_url)
    return f"{gateway.rstrip('/')}/{parts.netloc}{parts.path}"
