"""Captions from the narration's sentence cues: split to fit the screen, timed inside each
sentence, written as WebVTT (the web form's soft track) and as ASS (burned into the
vertical form by libass).

A caption is at most MAX_LINES lines of at most MAX_CHARS characters, and every line also
fits the vertical form's caption width at its font size (measured with the font itself),
so libass never has to wrap a line on its own. Sentences are cut at word boundaries,
preferring punctuation, into as few captions as possible of similar length; each caption
gets a share of its sentence's time proportional to its characters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from generators.graphics.colors import INK
from generators.graphics.fonts import FAMILY, text_width
from generators.media import Cue

MAX_CHARS = 42
MAX_LINES = 2

# The burned captions of the 720×1280 form (ASS pixels = video pixels).
ASS_WIDTH, ASS_HEIGHT = 720, 1280
ASS_SIZE = 30
"""Font size in px (bold): ≈ 39 characters of Vietnamese text on a 608 px line."""
ASS_MARGIN_X = 48
ASS_MARGIN_BOTTOM = 224
"""Baseline of the last line 17.5 % above the bottom: over the band where TikTok, Reels
and Shorts print the caption and music of a post, inside the bottom quarter that slides
keep free."""
ASS_BOX = 8
"""Padding of the dark box around each line (px)."""
LINE_WIDTH = ASS_WIDTH - 2 * (ASS_MARGIN_X + ASS_BOX)
"""The widest a caption line may be drawn, in px."""

_PUNCT_STRONG = (".", "!", "?", "…", ";", ":")
_PUNCT_WEAK = (",", ")", "”", "\"", "»", "–", "—")
_CLOSERS = "\"”’'»)]"


def fits_vertical(line: str) -> bool:
    """Whether a caption line fits MAX_CHARS and the vertical form's caption width."""
    return len(line) <= MAX_CHARS and _bold_width(line) <= LINE_WIDTH


@cache
def _bold_width(line: str) -> float:
    return text_width(line, ASS_SIZE, bold=True)


def split_caption(text: str, fits: Callable[[str], bool] = fits_vertical,
                  max_lines: int = MAX_LINES) -> list[tuple[str, ...]]:
    """`text` (one sentence) cut into captions of at most `max_lines` lines that each pass
    `fits`: as few captions as possible, cut after punctuation where it can, of similar
    length; a line is kept whole when it fits."""
    words = _words(text, fits)
    if not words:
        return []
    n = len(words)
    total = len(" ".join(words))
    least = _least_captions(words, fits, max_lines)
    ideal = total / least
    # best[j] = (cost, start of the last caption) for words[:j]
    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * n
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            lines = _lines(tuple(words[i:j]), fits, max_lines)
            length = len(" ".join(words[i:j]))
            if lines is None:
                if length > max_lines * (MAX_CHARS + 1):
                    break  # starting earlier only makes it longer
                continue
            cost = best[i][0] + 100 + 0.5 * abs(length - ideal) + _line_cost(lines)
            if j < n:
                cost += _break_cost(words[j - 1])
            if cost < best[j][0]:
                best[j] = (cost, i)
    captions: list[tuple[str, ...]] = []
    j = n
    while j > 0:
        i = best[j][1]
        lines = _lines(tuple(words[i:j]), fits, max_lines)
        assert lines is not None
        captions.append(lines)
        j = i
    return captions[::-1]


def caption_cues(sentences: Sequence[Cue], limit: float,
                 fits: Callable[[str], bool] = fits_vertical) -> tuple[Cue, ...]:
    """Caption cues (lines joined by "\\n") for the sentence cues, each sentence's time
    shared among its captions by characters; in order, never overlapping, and ending
    by `limit` (seconds). Times are whole milliseconds."""
    out: list[Cue] = []
    previous_end = 0
    limit_ms = _ms(limit)
    for sentence in sorted(sentences, key=lambda c: (c.start, c.end)):
        captions = split_caption(sentence.text, fits)
        if not captions:
            continue
        start_ms, end_ms = _ms(sentence.start), _ms(sentence.end)
        weights = [len(" ".join(lines)) for lines in captions]
        total = sum(weights)
        done = 0
        for lines, weight in zip(captions, weights, strict=True):
            a = start_ms + (end_ms - start_ms) * done // total
            done += weight
            b = start_ms + (end_ms - start_ms) * done // total
            a, b = max(a, previous_end), min(b, limit_ms)
            if b <= a:
                continue
            out.append(Cue(a / 1000, b / 1000, "\n".join(lines)))
            previous_end = b
    return tuple(out)


# ---- ASS ------------------------------------------------------------------------------------


def _ass_colour(hex_rgb: str, alpha: int = 0) -> str:
    """`#rrggbb` → ASS `&HAABBGGRR` (alpha 0 = opaque)."""
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"&H{alpha:02X}{b}{g}{r}".upper()


ASS_HEADER = f"""[Script Info]
ScriptType: v4.00+
PlayResX: {ASS_WIDTH}
PlayResY: {ASS_HEIGHT}
WrapStyle: 2
ScaledBorderAndShadow: yes
YCbCr Matrix: TV.709

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, \
Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Caption,{FAMILY},{ASS_SIZE},&H00FFFFFF,&H00FFFFFF,{_ass_colour(INK)},\
{_ass_colour(INK)},-1,0,0,0,100,100,0,0,3,{ASS_BOX},0,2,{ASS_MARGIN_X},{ASS_MARGIN_X},\
{ASS_MARGIN_BOTTOM},1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""
"""Bold white Be Vietnam Pro on an opaque INK box (boxes of two lines overlap: an opaque
one hides it), bottom centre."""


@dataclass(frozen=True)
class Window:
    """A stretch of the video (ms): the captions in it are burned into one segment."""

    start_ms: int
    end_ms: int


def ass_text(cues: Sequence[Cue], window: Window) -> str:
    """An ASS script of the captions inside `window`, clipped to it and timed from its start
    (so the text does not change when the window moves: it is part of a cache key)."""
    events = []
    for cue in cues:
        a = max(_ms(cue.start), window.start_ms) - window.start_ms
        b = min(_ms(cue.end), window.end_ms) - window.start_ms
        start_cs, end_cs = round(a / 10), round(b / 10)
        if end_cs <= start_cs:
            continue
        text = "\\N".join(_ass_escape(line) for line in cue.text.split("\n"))
        events.append(f"Dialogue: 0,{_ass_time(start_cs)},{_ass_time(end_cs)},Caption,,0,0,0,,"
                      f"{text}\n")
    return ASS_HEADER + "".join(events) if events else ""


def _ass_time(cs: int) -> str:
    hours, rest = divmod(cs, 360_000)
    minutes, rest = divmod(rest, 6000)
    seconds, centis = divmod(rest, 100)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{centis:02d}"


def _ass_escape(line: str) -> str:
    """Text as libass shows it literally: braces would open override tags, a backslash
    before N, n or h would break the line or add a hard space."""
    line = line.replace("\\", "\\\u2060").replace("{", "\\{").replace("}", "\\}")
    return line


# ---- splitting ------------------------------------------------------------------------------


def _words(text: str, fits: Callable[[str], bool]) -> list[str]:
    """The words of `text`; a word too long for a line (a URL) is cut into pieces that fit."""
    out: list[str] = []
    for word in text.split():
        while not fits(word) and len(word) > 1:
            cut = 1
            while cut < len(word) and fits(word[:cut + 1]):
                cut += 1
            out.append(word[:cut])
            word = word[cut:]
        out.append(word)
    return out


def _least_captions(words: Sequence[str], fits: Callable[[str], bool], max_lines: int) -> int:
    """How many captions a greedy fill needs (the DP's target for even lengths)."""
    count, i = 0, 0
    while i < len(words):
        j = i + 1
        while j < len(words) and _lines(tuple(words[i:j + 1]), fits, max_lines) is not None:
            j += 1
        count, i = count + 1, j
    return max(count, 1)


@lru_cache(maxsize=65536)
def _lines_cached(words: tuple[str, ...], fits: Callable[[str], bool],
                  max_lines: int) -> tuple[str, ...] | None:
    whole = " ".join(words)
    if fits(whole):
        return (whole,)
    if max_lines < 2 or len(words) < 2:
        return None
    best: tuple[float, tuple[str, ...]] | None = None
    for k in range(1, len(words)):
        first = " ".join(words[:k])
        if not fits(first):
            break
        rest = _lines_cached(words[k:], fits, max_lines - 1)
        if rest is None:
            continue
        lines = (first, *rest)
        lengths = [len(line) for line in lines]
        # Even lines, a break after punctuation, and not a lone short word on a line.
        cost = max(lengths) - min(lengths) + _break_cost(words[k - 1]) / 4
        if best is None or cost < best[0]:
            best = (cost, lines)
    return best[1] if best else None


def _lines(words: tuple[str, ...], fits: Callable[[str], bool],
           max_lines: int) -> tuple[str, ...] | None:
    """The best way to set `words` on at most `max_lines` lines that pass `fits`, or None."""
    return _lines_cached(words, fits, max_lines)


def _line_cost(lines: tuple[str, ...]) -> float:
    return 0.0 if len(lines) == 1 else 2.0


def _break_cost(word: str) -> float:
    """What cutting after `word` costs: nothing after a full stop, more mid-phrase."""
    bare = word.rstrip(_CLOSERS)
    if bare.endswith(_PUNCT_STRONG):
        return 0.0
    if bare.endswith(_PUNCT_WEAK) or word.endswith(_PUNCT_WEAK):
        return 4.0
    return 24.0


def _ms(seconds: float) -> int:
    return round(seconds * 1000)

