"""The video stage: an explainer's slides, narration and captions → two MP4s.

- 16:9 1280×720 for the web page, captions as a WebVTT track, a JPEG poster;
- 9:16 720×1280 for social media, captions burned in (libass, Be Vietnam Pro).

Slides are SVG (Jinja2 templates, text laid out with the font's own metrics) drawn with
resvg; ffmpeg encodes each slide as an H.264 segment at a low frame rate, cached by
content, and joins the segments with the narration (the explainer's audiobook, default
voice). moviepy is not used: it composites every frame in Python (≈ 7× slower than
ffmpeg's `subtitles`/`ass` filters for captions here) and only still slides are shown,
so there is nothing for it to compose that ffmpeg's concat and libass do not do faster.
"""

from __future__ import annotations

from generators.video.encode import VideoError
from generators.video.render import render_videos

__all__ = ["VideoError", "render_videos"]
