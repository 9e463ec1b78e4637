"""Speech for bulletins: each part synthesised once per text and voice (cached like the
audiobooks' chapters), the voice's pace measured once, and each explainer's part fitted to
its share of the time — estimated first, then checked against the audio and re-fitted."""

from __future__ import annotations

import threading
import wave
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generators.bulletins.fit import AIM, Pace, choose, fixed_script
from generators.bulletins.model import PartPlan, PartScript
from generators.cache import FileCache, key
from generators.errors import EngineError
from generators.library.model import Voice
from generators.speech.books import RATE, Engine
from generators.speech.model import Sentence
from generators.speech.normalize import normalize
from generators.speech.script import split_sentences

SCHEMA = 1
"""Bump when a part's audio changes for the same input."""
REFITS = 3
"""Re-fits of a part after measuring it, at most."""
CALIBRATION = {
    "vi": "Người lao động có quyền làm việc, tự do lựa chọn việc làm và nơi làm việc. Hai bên "
          "thỏa thuận về tiền lương, thời giờ làm việc và nghỉ ngơi. Mọi thắc mắc xin liên hệ "
          "Ủy ban nhân dân xã để được hướng dẫn cụ thể.",
    "en": "Workers have the right to work and to choose their job and workplace freely. Both "
          "sides agree on wages, working hours and rest. For any question, ask the commune "
          "people's committee for guidance.",
}


@dataclass(frozen=True)
class VoicedPart:
    script: PartScript
    wav: Path
    seconds: float


class Voicer:
    """Synthesises parts for one build, counting what it made and what it reused."""

    def __init__(self, engines: Mapping[str, Engine], cache: FileCache) -> None:
        self.engines = engines
        self.cache = cache
        self.versions: dict[str, str] = {}
        self.built = 0
        self.reused = 0
        self._lock = threading.Lock()

    def engine(self, voice: Voice) -> Engine:
        engine = self.engines.get(voice.engine)
        if engine is None:
            raise EngineError(f"giọng '{voice.key}' dùng bộ đọc '{voice.engine}' không có ở đây")
        if voice.engine not in self.versions:
            self.versions[voice.engine] = engine.version()
        return engine

    def part(self, voice: Voice, sentences: Sequence[Sentence]) -> tuple[Path, float]:
        """The WAV of these sentences in this voice, and its seconds (from the cache if whole)."""
        engine = self.engine(voice)
        spoken = tuple(s.spoken for s in sentences)
        name = key(SCHEMA, "bulletin-part", voice.engine, self.versions[voice.engine],
                   voice.voice, RATE, spoken)
        wav = self.cache.path("bulletin-parts", name, ".wav")
        record = self.cache.load("bulletin-parts", name, ".wav")
        if record is not None:
            with self._lock:
                self.reused += 1
            return wav, float(record["seconds"])
        engine.synthesize(list(spoken), voice.voice, wav)
        with wave.open(str(wav), "rb") as audio:
            seconds = audio.getnframes() / audio.getframerate()
        self.cache.store("bulletin-parts", name, ".wav", {"seconds": seconds})
        with self._lock:
            self.built += 1
        return wav, seconds

    def pace(self, voice: Voice, lang: str, lexicon: Mapping[str, str]) -> Pace:
        """The voice's measured seconds per word (from a fixed paragraph, cached)."""
        text = CALIBRATION.get(lang, CALIBRATION["en"])
        sentences = [Sentence(s, normalize(s, lexicon) if lang == "vi" else s)
                     for s in split_sentences(text)]
        _, seconds = self.part(voice, sentences)
        return Pace(0.3).measured(sentences, seconds)


def voice_fixed(voicer: Voicer, voice: Voice, part: PartPlan) -> VoicedPart:
    script = fixed_script(part)
    wav, seconds = voicer.part(voice, script.sentences)
    return VoicedPart(script, wav, seconds)


def voice_fitted(voicer: Voicer, voice: Voice, part: PartPlan, budget: float,
                 pace: Pace) -> VoicedPart:
    """The part chosen to last `budget` seconds; re-fitted with the pace its own audio shows
    while it misses by more than AIM. Depends only on the part and its budget, so editing
    one explainer redoes that explainer's part only."""
    script = choose(part, budget, pace)
    wav, seconds = voicer.part(voice, script.sentences)
    best = VoicedPart(script, wav, seconds)
    for _ in range(REFITS):
        if abs(best.seconds - budget) <= AIM * budget:
            break
        pace = pace.measured(script.sentences, seconds)
        script = choose(part, budget, pace)
        if script.sentences == best.script.sentences:
            break
        wav, seconds = voicer.part(voice, script.sentences)
        if abs(seconds - budget) < abs(best.seconds - budget):
            best = VoicedPart(script, wav, seconds)
    return best
