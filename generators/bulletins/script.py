"""A bulletin's plan from the Library model: the opening (title, date), each explainer's part
(transition, title, its documents read as words, then what may be read of it), the closing
(where to read and listen to the whole text). Same normaliser and lexicon as the audiobooks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from generators.bulletins.model import BulletinPlan, PartPlan, Unit
from generators.bulletins.phrases import PHRASES, BulletinPhrases
from generators.library.model import (
    VIETNAMESE,
    Bulletin,
    BulletinProfile,
    Document,
    Explainer,
    Library,
    Translation,
    Voice,
)
from generators.speech.model import Sentence
from generators.speech.normalize import normalize
from generators.speech.script import speech_script, split_sentences

READ_KINDS = frozenset({"text"})
"""Table rows and footnotes are left out: a horn is heard once, in the street."""


class Speaker:
    """Sentences in one language: shown as written, spoken through the normaliser."""

    def __init__(self, lang: str, lexicon: Mapping[str, str]) -> None:
        self.lang = lang
        self.lexicon = lexicon
        self.words: BulletinPhrases = PHRASES[lang]

    def say(self, text: str) -> Sentence:
        text = " ".join(text.split())
        spoken = normalize(text, self.lexicon) if self.lang == VIETNAMESE else text
        return Sentence(text, spoken)

    def sentences(self, text: str) -> tuple[Sentence, ...]:
        return tuple(self.say(s) for s in split_sentences(" ".join(text.split())))


def plan_bulletin(library: Library, bulletin: Bulletin, voice: Voice, profile: BulletinProfile,
                  lang: str, today: date, site: str) -> BulletinPlan:
    """What `bulletin` may say in `lang`; every explainer must have that language's version
    (see `missing_versions`). `site` names where the whole texts are (closing)."""
    speak = Speaker(lang, library.audiobooks.lexicon)
    day = bulletin.valid_from or today
    words = speak.words
    items = [(e, v) for e in map(library.explainer, bulletin.explainers)
             if (v := _version(e, lang)) is not None]
    title = bulletin.title
    opening: list[Sentence] = []
    if bulletin.document is not None:
        opening += [speak.say(words.new_opening), speak.say(words.dated(day))]
        opening += _new_document(speak, library.documents[bulletin.document])
    else:
        named = title.lower().startswith(words.bulletin_word)
        said = words.opening_named.format(title=title[0].lower() + title[1:]) if named \
            else words.opening.format(title=title)
        opening += [speak.say(said), speak.say(words.dated(day))]
        if len(items) > 1:
            opening.append(speak.say(words.count.format(n=len(items))))
    parts = []
    for number, (explainer, item) in enumerate(items, 1):
        parts.append(_part(library, speak, number, explainer, item))
    closing: list[Sentence] = []
    if bulletin.document is not None:
        titles = "; ".join(item.title.rstrip(".?!") for _, item in items)
        closing.append(speak.say(words.new_more.format(titles=titles)))
    closing += [speak.say(words.closing_where.format(site=site)),
                *speak.sentences(words.closing_end)]
    key = bulletin.name if lang == VIETNAMESE else f"{bulletin.name}.{lang}"
    return BulletinPlan(key, bulletin, lang, title, voice, profile,
                        PartPlan(words.opening_title, "", (), tuple(opening)), tuple(parts),
                        PartPlan(words.closing_title, "", (), tuple(closing)))


def missing_versions(library: Library, bulletin: Bulletin, lang: str) -> list[str]:
    """The explainers of `bulletin` that have no version in `lang`."""
    return [slug for slug in bulletin.explainers
            if _version(library.explainer(slug), lang) is None]


def _version(explainer: Explainer, lang: str) -> Explainer | Translation | None:
    if lang == VIETNAMESE:
        return explainer
    return next((t for t in explainer.translations if t.lang == lang), None)


def _new_document(speak: Speaker, document: Document) -> list[Sentence]:
    effective = f"{document.effective.day:02d}/{document.effective.month:02d}/" \
                f"{document.effective.year}"
    if speak.lang != VIETNAMESE:
        effective = document.effective.isoformat()
    return [speak.say(speak.words.new_effect.format(
        effective=effective, type=document.type, title=document.title, key=document.key,
        issuer=document.issuer))]


def _part(library: Library, speak: Speaker, number: int, explainer: Explainer,
          item: Explainer | Translation) -> PartPlan:
    words = speak.words
    heading = item.title.rstrip()
    heading = heading if heading.endswith((".", "?", "!")) else f"{heading}."
    transition = words.first.format(title=heading) if number == 1 else \
        words.next(number, heading)
    fixed = [speak.say(transition)]
    documents = [library.documents[k] for k in explainer.documents if k in library.documents]
    if documents:
        said = ", ".join(words.document.format(
            type=d.type, title=_without_type(d), key=d.key,
            status=words.statuses.get(d.status.value, d.status.value)) for d in documents)
        fixed.append(speak.say(words.sources.format(documents=said)))
    return PartPlan(item.title, explainer.slug,
                    tuple((d.key, d.status.value) for d in documents), tuple(fixed),
                    tuple(_units(speak, item)))


def _without_type(document: Document) -> str:
    """"Bộ luật Lao động" said once: the title often repeats the type."""
    title = document.title
    return title[len(document.type):].strip() if title.startswith(document.type) else title


def _units(speak: Speaker, item: Explainer | Translation) -> list[Unit]:
    """What may be read of an explainer, most important first by `priority`: its `bulletin:`
    text in order when it has one, else its description, then each section's title with
    its first sentence, then each section's second sentence, and so on."""
    if item.bulletin:
        return [Unit(i, i, (s,)) for i, s in enumerate(speak.sentences(item.bulletin))]
    lexicon = speak.lexicon if speak.lang == VIETNAMESE else {}
    script = speech_script(item, lexicon, speak.lang)
    units = [Unit(0, i, (s,)) for i, s in enumerate(speak.sentences(item.description))]
    order = len(units)
    for chapter in script.chapters[1:]:
        title, *body = chapter.sentences
        for rank, group in enumerate(_groups(body)):
            together: Sequence[Sentence] = (title, *group) if rank == 0 else group
            units.append(Unit(rank + 1, order, tuple(together)))
            order += 1
    return units


def _groups(sentences: Sequence[Sentence]) -> list[tuple[Sentence, ...]]:
    """The sentences read on the radio, a sentence that announces what follows ("…:") kept
    with the next one; one that announces a table or a note is left out with it."""
    groups: list[tuple[Sentence, ...]] = []
    pending: list[Sentence] = []
    for i, sentence in enumerate(sentences):
        if sentence.kind not in READ_KINDS:
            pending = []
            continue
        pending.append(sentence)
        following = sentences[i + 1] if i + 1 < len(sentences) else None
        if sentence.shown.rstrip().endswith(":") and following is not None \
                and following.kind in READ_KINDS:
            continue
        if not sentence.shown.rstrip().endswith(":"):
            groups.append(tuple(pending))
        pending = []
    return groups
