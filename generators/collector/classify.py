"""Which field a citizen's question is about, from the library's own explainers.

No online service and no model: a BM25 score of the question's terms (syllables folded to
ASCII, so questions typed without diacritics match, and pairs of adjacent syllables, which
carry most of the meaning of Vietnamese words) against what each field's explainers say of
themselves — titles, descriptions, section headings and tags — the field's own entry, and
(counting less) their bodies.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generators.library.model import Library
from generators.library.synonyms import also_said
from generators.library.text import fold

THRESHOLD = 5.0
"""The lowest score that names a field; below it the question stays "chưa xác định"."""
MARGIN = 1.15
"""The best field must score this many times the second best, or it is a guess."""
BIGRAM_WEIGHT = 2.0
BODY_WEIGHT = 0.2
"""How much a word of an explainer's body counts against one of its title or headings."""
K1, B = 1.2, 0.5

_SYLLABLE = re.compile(r"[a-z0-9]+")
# Syllables too common to tell fields apart, folded (questions often come without accents).
_STOP = frozenset("""
a ai anh ban bao bi biet cac cai can cho chi chu co con cua cung da dang day de den deu di
do duoc em gi giup hay hoi khi khong la lam lai len luc ma minh mot muon nao nay neu nguoi
nhe nhieu nhu nhung noi o ong phai qua ra rang roi sao se sau thi thoi the theo thuc toi
tren trong tu va vao van ve vi voi xin
""".split())


def terms(text: str) -> Iterator[str]:
    """The folded syllables of `text` but the commonest, and each pair of adjacent ones."""
    syllables = _SYLLABLE.findall(fold(text))
    for i, syllable in enumerate(syllables):
        if syllable not in _STOP and not syllable.isdigit():
            yield syllable
        if i and not (syllable in _STOP and syllables[i - 1] in _STOP):
            yield f"{syllables[i - 1]} {syllable}"


@dataclass(frozen=True)
class Guess:
    """A field for a question, or None ("chưa xác định"), with its score."""

    field: str | None
    score: float


class _Bm25:
    """BM25 of a question's `terms` against documents given as term frequencies."""

    _tf: dict[str, dict[str, float]]
    _length: dict[str, float]
    _average: float
    _idf: dict[str, float]

    def _index(self, tf: dict[str, dict[str, float]]) -> None:
        self._tf = tf
        self._length = {key: sum(counts.values()) for key, counts in tf.items()}
        self._average = (sum(self._length.values()) / len(tf)) if tf else 1.0
        df = Counter(t for counts in tf.values() for t in counts)
        n = len(tf)
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}

    def scores(self, question: str) -> dict[str, float]:
        wanted = set(terms(question))
        out: dict[str, float] = {}
        for key, tf in self._tf.items():
            norm = K1 * (1 - B + B * self._length[key] / (self._average or 1.0))
            total = 0.0
            for term in wanted:
                count = tf.get(term, 0.0)
                if count:
                    weight = BIGRAM_WEIGHT if " " in term else 1.0
                    total += weight * self._idf[term] * count * (K1 + 1) / (count + norm)
            out[key] = total
        return out


class FieldClassifier(_Bm25):
    """Scores a question against each field of a library."""

    def __init__(self, library: Library) -> None:
        texts: dict[str, list[str]] = {key: [f.title, f.title, f.description]
                                       for key, f in library.fields.items()}
        bodies: dict[str, list[str]] = {}
        for explainer in library.published:
            headings = [h.text for h in explainer.body.headings]
            texts.setdefault(explainer.field, []).extend([
                explainer.title, explainer.title, explainer.description, *headings,
                *explainer.tags, *explainer.tags])
            bodies.setdefault(explainer.field, []).append(explainer.body.plain_text)
        frequencies: dict[str, dict[str, float]] = {}
        for key, parts in texts.items():
            tf: dict[str, float] = dict(Counter(terms(" \n ".join(parts))))
            for term, count in Counter(terms(" \n ".join(bodies.get(key, [])))).items():
                tf[term] = tf.get(term, 0.0) + BODY_WEIGHT * count
            frequencies[key] = tf
        self._index(frequencies)

    def scores(self, question: str) -> dict[str, float]:
        """Every field's BM25 score for `question` (each distinct term counted once)."""
        return _Bm25.scores(self, question)

    def classify(self, question: str) -> Guess:
        """The best field when it scores at least THRESHOLD and clearly above the next."""
        ranked = sorted(self.scores(question).items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or ranked[0][1] < THRESHOLD:
            return Guess(None, ranked[0][1] if ranked else 0.0)
        best, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        return Guess(best if score >= MARGIN * second else None, score)

    def classify_all(self, questions: Iterable[str]) -> list[Guess]:
        return [self.classify(q) for q in questions]


HEADING_WEIGHT = 3.0
"""A section's heading counts this many times its words (what the section is about)."""


@dataclass(frozen=True)
class Suggestion:
    """An explainer section that may answer a question: `<slug>#<anchor>` and its heading."""

    pointer: str
    title: str
    heading: str
    score: float


class SectionMatcher(_Bm25):
    """Scores a question against every `##` section of the published explainers (the same
    terms as the fields'), to suggest where an answer is explained."""

    def __init__(self, library: Library) -> None:
        self._sections: dict[str, tuple[str, str]] = {}
        frequencies: dict[str, dict[str, float]] = {}
        for explainer in library.published:
            for section in explainer.body.sections:
                if not section.title:
                    continue
                pointer = f"{explainer.slug}#{section.anchor}"
                self._sections[pointer] = (explainer.title, section.title)
                # The section says what its synonyms say (content/_data/synonyms.yml).
                said = " ".join([section.markdown, *also_said(section.markdown, library.synonyms)])
                tf: dict[str, float] = dict(Counter(terms(said)))
                for term, count in Counter(terms(section.title)).items():
                    tf[term] = tf.get(term, 0.0) + HEADING_WEIGHT * count
                # What the whole explainer is about counts for each of its sections.
                for term in set(terms(f"{explainer.title} {' '.join(explainer.tags)}")):
                    tf[term] = tf.get(term, 0.0) + 1.0
                frequencies[pointer] = tf
        self._index(frequencies)

    def suggest(self, question: str, n: int = 3) -> list[Suggestion]:
        """The `n` best sections with a score above zero, best first."""
        ranked = sorted(((score, key) for key, score in self.scores(question).items()
                         if score > 0), key=lambda sk: (-sk[0], sk[1]))
        return [Suggestion(key, *self._sections[key], round(score, 2))
                for score, key in ranked[:n]]
