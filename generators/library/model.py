"""The typed, immutable Library every stage reads. Only `generators.library` builds it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generators.library.text import ascii_slug
from generators.library.yamlio import YamlDoc
from generators.urls import VIETNAMESE as VIETNAMESE
from generators.urls import explainer_url


class DocumentStatus(Enum):
    """Status of a legal document at the build date."""

    NOT_YET = "chưa có hiệu lực"
    IN_FORCE = "đang có hiệu lực"
    EXPIRED = "hết hiệu lực"


@dataclass(frozen=True)
class Field:
    """A lĩnh vực (subject area)."""

    key: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Audience:
    """A đối tượng (group of readers)."""

    key: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Document:
    """A legal document from `_data/documents.yml`, with its status at the build date."""

    key: str
    type: str
    title: str
    issuer: str
    issued: date
    effective: date
    expires: date | None
    replaced_by: str | None
    url: str | None
    status: DocumentStatus

    @property
    def slug(self) -> str:
        """URL-safe form of the number: `45/2019/QH14` → `45-2019-qh14`."""
        return ascii_slug(self.key)


@dataclass(frozen=True)
class Language:
    """A language or dialect the library publishes in (BCP 47 code, 2 or 3 letters)."""

    code: str
    name: str
    name_vi: str
    dir: str = "ltr"


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str
    translations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Heading:
    """A heading inside the body: level, text, anchor id, source line."""

    level: int
    text: str
    anchor: str
    line: int


@dataclass(frozen=True)
class Section:
    """One `##` section: a chapter of the audiobook and a part of the video.

    The untitled lead (text before the first `##`) is a section with `title == ""`.
    """

    title: str
    anchor: str
    line: int
    markdown: str
    html: str


@dataclass(frozen=True)
class Body:
    """A parsed Markdown body: its sections, headings and links, rendered once."""

    sections: tuple[Section, ...]
    headings: tuple[Heading, ...]
    html: str
    plain_text: str
    abbreviations: tuple[tuple[str, str], ...]
    """`*[UBND]: Ủy ban nhân dân` definitions, in order."""
    images: tuple[str, ...]
    """Content-relative paths (posix) of the images the body shows."""
    attachments: tuple[str, ...] = ()
    """Content-relative paths (posix) of the files the body links to (PDF, DOCX …), each
    allowed by `generators.library.assets`; published at `media/<path>` like images."""

    @property
    def chapters(self) -> tuple[Section, ...]:
        """The titled `##` sections."""
        return tuple(s for s in self.sections if s.title)


@dataclass(frozen=True)
class Translation:
    """A `<slug>.<lang>.md` beside its Vietnamese source."""

    slug: str
    lang: str
    path: str
    title: str
    description: str
    source_hash: str | None
    translators: tuple[str, ...]
    reviewed: bool
    body: Body
    bulletin: str = ""
    """The version written for the commune loudspeakers (front matter `bulletin:`)."""


@dataclass(frozen=True)
class Explainer:
    """A plain-language explainer in Vietnamese, the language of record."""

    slug: str
    path: str
    """Project-relative posix path, e.g. `content/lao-dong/thu-viec.md`."""
    title: str
    description: str
    field: str
    updated: date
    documents: tuple[str, ...]
    audiences: tuple[str, ...]
    tags: tuple[str, ...]
    infographics: tuple[str, ...]
    audio: bool
    video: bool
    draft: bool
    reviewed: bool
    body: Body
    source_hash: str
    """sha256 of the NFC source file: what a translation records it was made from."""
    translations: tuple[Translation, ...] = ()
    bulletin: str = ""
    """The version written for the commune loudspeakers (front matter `bulletin:`): short
    sentences, no tables; "" lets the build write one from the title, description and
    sections."""

    @property
    def url(self) -> str:
        """Site-relative URL of the explainer page, e.g. `lao-dong/thu-viec/`."""
        return explainer_url(self.field, self.slug)

    @property
    def versions(self) -> tuple[Explainer | Translation, ...]:
        """The explainer, then each of its translations."""
        return (self, *self.translations)

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.body.sections


@dataclass(frozen=True)
class Infographic:
    """An infographic spec from `infographics/<name>.yml` (rendered by its own stage).

    The library checks the head (`type` is a string, `title`, `source`); the body and
    whether `type` is a known kind are checked by `generators.infographics` (its kinds).
    """

    name: str
    path: str
    type: str
    title: str
    source: str | None
    data: Mapping[str, Any]
    doc: YamlDoc = field(compare=False, repr=False)
    """The parsed file: its line map reports a body's problems at `path:line`."""


@dataclass(frozen=True)
class Voice:
    key: str
    lang: str
    engine: str
    voice: str
    label: str


@dataclass(frozen=True)
class Recording:
    """A person's narration `audiobooks/recordings/<slug>.<lang>.(mp3|wav|ogg)`, with the
    chapters of its optional `<slug>.<lang>.chapters.json` (start seconds, title)."""

    slug: str
    lang: str
    path: Path
    chapters: tuple[tuple[float, str], ...] = ()


@dataclass(frozen=True)
class AudiobookSettings:
    """`audiobooks/voices.yml`, `audiobooks/lexicon.yml` and `audiobooks/recordings/`."""

    default_voice: str | None
    voices: Mapping[str, Voice]
    lexicon: Mapping[str, str]
    recordings: Mapping[tuple[str, str], Recording] = field(
        default_factory=lambda: MappingProxyType({}))
    """(slug, language) → the recording that replaces synthesis."""


@dataclass(frozen=True)
class BulletinProfile:
    """What a province's loudspeaker system accepts (`profiles:` of bulletins.yml)."""

    key: str
    sample_rate: int = 44100
    bitrate: int = 128
    """kbps, constant bitrate MP3."""
    channels: int = 1
    loudness: float = -16.0
    """Integrated LUFS."""
    true_peak: float = -1.5
    """dBTP, the most allowed."""
    band: tuple[int, int] = (200, 5000)
    """Hz: the speech band kept (horns reproduce little outside it)."""
    compression: bool = True
    """Light compression, so quiet syllables carry outdoors."""
    intro: Path | None = None
    outro: Path | None = None
    """Jingle files played before and after the speech."""
    label: str = ""


@dataclass(frozen=True)
class Bulletin:
    """One commune-loudspeaker bulletin: explainers read in a few minutes."""

    name: str
    title: str
    explainers: tuple[str, ...]
    minutes: float
    voice: str
    profile: str
    line: int
    """Its line in bulletins.yml (0 for one the build writes)."""
    schedule: str | None = None
    """An RFC 5545 RRULE (without `RRULE:`)."""
    areas: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    languages: tuple[str, ...] = ()
    """Other languages to make it in too (each needs a voice and the translations)."""
    document: str | None = None
    """For a bulletin on a new document (`new_documents:`): its key."""


@dataclass(frozen=True)
class NewDocumentBulletins:
    """`new_documents:` — a bulletin before each cited document takes effect."""

    days_before: int
    voice: str
    profile: str
    minutes: float = 3.0
    schedule: str | None = None


@dataclass(frozen=True)
class BulletinSettings:
    """`audiobooks/bulletins.yml`, checked."""

    path: str = "audiobooks/bulletins.yml"
    profiles: Mapping[str, BulletinProfile] = field(
        default_factory=lambda: MappingProxyType({}))
    bulletins: tuple[Bulletin, ...] = ()
    new_documents: NewDocumentBulletins | None = None


RATING5 = ("Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng")
"""The answers of a `rating5` question, worst first; the last two count as satisfied."""
SURVEY_TYPES = ("rating5", "select_one", "select_multiple", "text", "integer")


@dataclass(frozen=True)
class SurveyQuestion:
    """One question of a survey (`surveys/<name>.yml`)."""

    id: str
    type: str
    """One of SURVEY_TYPES."""
    text: str
    line: int
    required: bool = False
    choices: tuple[str, ...] = ()
    """select_one / select_multiple: the choices as written; rating5: RATING5."""
    max_length: int = 1000
    """text: the longest answer accepted."""
    minimum: int | None = None
    maximum: int | None = None
    """integer: the range accepted (inclusive), when given."""


@dataclass(frozen=True)
class Survey:
    """An online survey: its questions, and when it takes answers."""

    key: str
    """The file name without `.yml`: the survey's id in URLs and records."""
    path: str
    title: str
    opens: date
    closes: date | None
    questions: tuple[SurveyQuestion, ...]
    satisfaction: str | None = None
    """The id of the rating5 question whose answers measure satisfaction."""
    description: str = ""

    def is_open(self, day: date) -> bool:
        return self.opens <= day and (self.closes is None or day <= self.closes)

    def question(self, key: str) -> SurveyQuestion | None:
        return next((q for q in self.questions if q.id == key), None)


QUIZ_TYPES = ("single", "multiple", "true_false", "fill", "order", "match", "numeric")
LEVELS = (1, 2, 3)
PARTICIPANT_FIELDS = ("name", "phone", "email", "unit", "address", "birth_year")
"""What a contest may ask of a participant (`unit`: đơn vị / xã)."""
RANKING_KEYS = ("score", "seconds", "prediction")
NAME_STYLES = ("full", "initials", "none")
"""How a published ranking names participants."""


@dataclass(frozen=True)
class Basis:
    """One legal basis: a document of documents.yml, optionally an article ("20.1.a")."""

    document: str
    article: str | None = None


@dataclass(frozen=True)
class QuizQuestion:
    """One question of a bank (`quizzes/<bank>.yml`); which fields are set depends on `type`."""

    id: str
    type: str
    """One of QUIZ_TYPES."""
    text: str
    line: int
    basis: tuple[Basis, ...]
    level: int = 1
    choices: tuple[str, ...] = ()
    """single / multiple: the choices as written."""
    answers: tuple[str, ...] = ()
    """single: the one right choice; multiple: every right choice; fill: accepted answers."""
    truth: bool | None = None
    """true_false: the answer."""
    loose: bool = False
    """fill: also ignore diacritics and đ/d."""
    items: tuple[str, ...] = ()
    """order: the items in the right order."""
    pairs: tuple[tuple[str, str], ...] = ()
    """match: (left, right) pairs."""
    number: float | None = None
    tolerance: float = 0
    unit: str = ""
    """numeric: the answer, the accepted distance from it, the unit shown."""
    explanation: str = ""
    """Markdown, shown after answering (practice) or after the contest closes."""


@dataclass(frozen=True)
class QuizBank:
    """A bank of questions: a practice quiz, or a pool contests draw from."""

    key: str
    """The file name without `.yml`."""
    path: str
    title: str
    questions: tuple[QuizQuestion, ...]
    field: str | None = None
    explainers: tuple[str, ...] = ()
    """Slugs of the explainers that end with this bank's practice quiz."""
    description: str = ""

    def question(self, key: str) -> QuizQuestion | None:
        return next((q for q in self.questions if q.id == key), None)


@dataclass(frozen=True)
class Contest:
    """An online contest (`quizzes/contests/<name>.yml`), drawn, timed and graded by the
    collector; the static site publishes its rules, never its answers."""

    key: str
    path: str
    title: str
    opens: datetime
    closes: datetime
    """Timezone-aware."""
    banks: tuple[str, ...]
    questions: int
    """Drawn per attempt."""
    minutes: int
    draw: Mapping[int, int] | None = None
    """Level → how many of that level, summing to `questions`; None draws from every level."""
    attempts: int = 1
    participant: tuple[str, ...] = ("name", "phone")
    predict_participants: bool = False
    ranking: tuple[str, ...] = ("score", "seconds")
    description: str = ""
    """The rules in the editors' words (Markdown), shown on the contest page."""
    names: str = "initials"
    """One of NAME_STYLES: how the published ranking names participants."""
    certificate_score: float | None = None
    """Participants scoring at least this get a certificate; None: no certificates."""
    grace_seconds: int = 30
    """Allowed past the deadline for the network before a submission is refused."""

    def is_open(self, moment: datetime) -> bool:
        return self.opens <= moment <= self.closes


@dataclass(frozen=True)
class QAItem:
    """One question and its answer (`qa/<name>.yml`), resting on at least one basis."""

    id: str
    """The item's anchor on its Q&A page: `id:` as written, else the question's ASCII slug."""
    question: str
    answer: str
    """Markdown; its first sentence (`generators.library.sentences.first_sentence`) answers
    the question on its own."""
    basis: tuple[Basis, ...]
    explainer: str | None
    """Slug of the explainer that explains it further."""
    section: str | None
    """Anchor of the section of that explainer (`<slug>#<anchor>`), when one is named."""
    audiences: tuple[str, ...]
    asked: str | None
    """The id of the collector question it answers."""
    line: int


@dataclass(frozen=True)
class TextTranslation:
    """`qa/<name>.<lang>.yml` or `situations/<name>.<lang>.yml`: a Q&A file's or a
    situation's texts in another language, by the ids of `library.answer_texts`."""

    lang: str
    path: str
    source_hash: str | None
    """The hash of the Vietnamese texts it was translated from (None: never confirmed)."""
    texts: Mapping[str, str]
    reviewed: bool = False


@dataclass(frozen=True)
class QABank:
    """A Q&A file: the questions and answers of one field, published as one page."""

    key: str
    """The file name without `.yml`."""
    path: str
    field: str
    items: tuple[QAItem, ...]
    title: str = ""
    """`title:` as written, else empty (the page is then named after the field)."""
    reviewed: bool = False
    """`reviewed:`: a legal reviewer has checked every answer."""
    source_hash: str = ""
    """sha256 of the texts a translator translates (`library.answer_texts.texts_hash`)."""
    translations: tuple[TextTranslation, ...] = ()

    def item(self, key: str) -> QAItem | None:
        return next((i for i in self.items if i.id == key), None)


@dataclass(frozen=True)
class SituationOption:
    """One answer to a step's question, leading to the step named by `next`."""

    label: str
    next: str


@dataclass(frozen=True)
class SituationStep:
    """A step of a legal situation: a question with options, or an outcome with its basis."""

    id: str
    question: str | None
    options: tuple[SituationOption, ...]
    outcome: str | None
    """Markdown; set exactly when `question` is not."""
    basis: tuple[Basis, ...]
    explainer: str | None
    line: int
    section: str | None = None
    """Anchor of the explainer's section (`explainer: <slug>#<anchor>`)."""

    @property
    def is_outcome(self) -> bool:
        return self.outcome is not None


@dataclass(frozen=True)
class Situation:
    """A decision tree (`situations/<name>.yml`) from a citizen's situation to the rule."""

    key: str
    path: str
    title: str
    field: str
    start: str
    steps: Mapping[str, SituationStep]
    """Step id → step, in the file's order."""
    description: str = ""
    reviewed: bool = False
    """`reviewed:`: a legal reviewer has checked every step and outcome."""
    source_hash: str = ""
    """sha256 of the texts a translator translates (`library.answer_texts.texts_hash`)."""
    translations: tuple[TextTranslation, ...] = ()

    @property
    def outcomes(self) -> tuple[SituationStep, ...]:
        return tuple(s for s in self.steps.values() if s.is_outcome)


@dataclass(frozen=True)
class Route:
    """Who answers citizens' questions on a field (`content/_data/routing.yml`)."""

    key: str
    """The field's key, or `default` for every field without its own."""
    agency: str
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Library:
    """Everything the editors wrote, validated, as of `build_date`."""

    root: Path
    build_date: date
    fields: Mapping[str, Field]
    audiences: Mapping[str, Audience]
    documents: Mapping[str, Document]
    languages: Mapping[str, Language]
    glossary: Mapping[str, GlossaryTerm]
    explainers: tuple[Explainer, ...]
    infographics: Mapping[str, Infographic]
    audiobooks: AudiobookSettings
    include_drafts: bool = False
    """Preview mode: drafts are published too."""
    surveys: Mapping[str, Survey] = field(default_factory=lambda: MappingProxyType({}))
    """`surveys/<name>.yml` by name."""
    ui: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    """The library's own interface strings (`content/_data/ui/<lang>.yml`), checked."""
    routing: Mapping[str, Route] = field(default_factory=lambda: MappingProxyType({}))
    """Field key (or `default`) → the agency that answers its questions."""
    quizzes: Mapping[str, QuizBank] = field(default_factory=lambda: MappingProxyType({}))
    """`quizzes/<bank>.yml` by name, every bank (practice and contest pools)."""
    contests: Mapping[str, Contest] = field(default_factory=lambda: MappingProxyType({}))
    """`quizzes/contests/<name>.yml` by name."""
    qa: Mapping[str, QABank] = field(default_factory=lambda: MappingProxyType({}))
    """`qa/<name>.yml` by name."""
    situations: Mapping[str, Situation] = field(default_factory=lambda: MappingProxyType({}))
    """`situations/<name>.yml` by name."""
    synonyms: tuple[tuple[str, ...], ...] = ()
    """`content/_data/synonyms.yml`: groups of phrases that mean the same to a reader
    (`generators.library.synonyms`), in `phrase_form`."""

    def qa_for(self, slug: str) -> tuple[tuple[QABank, QAItem], ...]:
        """The Q&A items that point to explainer `slug`, with their banks, in file order."""
        return tuple((bank, item) for _, bank in sorted(self.qa.items())
                     for item in bank.items if item.explainer == slug)
    bulletins: BulletinSettings = field(default_factory=BulletinSettings)
    """`audiobooks/bulletins.yml`: the commune-loudspeaker bulletins."""

    @cached_property
    def contest_banks(self) -> frozenset[str]:
        """Banks some contest draws from: never published on the static site."""
        return frozenset(bank for contest in self.contests.values() for bank in contest.banks)

    @cached_property
    def practice(self) -> tuple[QuizBank, ...]:
        """Banks published as practice quizzes (no contest draws from them), by title."""
        banks = [b for k, b in self.quizzes.items() if k not in self.contest_banks]
        return tuple(sorted(banks, key=lambda b: (b.title, b.key)))

    def practice_for(self, slug: str) -> tuple[QuizBank, ...]:
        """The practice quizzes at the end of explainer `slug`."""
        return tuple(b for b in self.practice if slug in b.explainers)

    @cached_property
    def published(self) -> tuple[Explainer, ...]:
        """Explainers that are not drafts, newest first, then by title."""
        live = [e for e in self.explainers if self.include_drafts or not e.draft]
        return tuple(sorted(live, key=lambda e: (-e.updated.toordinal(), e.title, e.slug)))

    @cached_property
    def _by_slug(self) -> Mapping[str, Explainer]:
        return MappingProxyType({e.slug: e for e in self.explainers})

    def explainer(self, slug: str) -> Explainer:
        return self._by_slug[slug]

    @cached_property
    def _indexes(self) -> tuple[dict[str, tuple[Explainer, ...]], ...]:
        by_field: dict[str, list[Explainer]] = {}
        by_audience: dict[str, list[Explainer]] = {}
        by_document: dict[str, list[Explainer]] = {}
        for e in self.published:
            by_field.setdefault(e.field, []).append(e)
            for key in e.audiences:
                by_audience.setdefault(key, []).append(e)
            for key in e.documents:
                by_document.setdefault(key, []).append(e)
        return tuple({k: tuple(v) for k, v in index.items()}
                     for index in (by_field, by_audience, by_document))

    def in_field(self, key: str) -> tuple[Explainer, ...]:
        """Published explainers of a field, newest first."""
        return self._indexes[0].get(key, ())

    def for_audience(self, key: str) -> tuple[Explainer, ...]:
        return self._indexes[1].get(key, ())

    def citing(self, document_key: str) -> tuple[Explainer, ...]:
        return self._indexes[2].get(document_key, ())

    @cached_property
    def cited_documents(self) -> tuple[Document, ...]:
        """Documents cited by at least one published explainer, newest issued first."""
        keys = {k for e in self.published for k in e.documents}
        docs = [self.documents[k] for k in keys if k in self.documents]
        return tuple(sorted(docs, key=lambda d: (-d.issued.toordinal(), d.key)))
