"""Certificates for the participants who reached a contest's `certificate_score`: one PNG
each (Pillow), with the contest, the full name, the score, the date, the code, and a QR code
(segno) to the certificate's verification page on the site (urls.certificate_url).

The fonts are the ones the infographics ship (Be Vietnam Pro), so every Vietnamese
diacritic is drawn.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from generators.library.model import Contest
from generators.quiz.ranking import Ranked
from generators.quiz.results import in_vietnam, number, write_file
from generators.urls import certificate_url, site_base

FONTS = Path(__file__).resolve().parent.parent / "graphics" / "fonts"
REGULAR, BOLD = FONTS / "BeVietnamPro-Regular.ttf", FONTS / "BeVietnamPro-Bold.ttf"
WIDTH, HEIGHT = 1754, 1240
"""A4 landscape at 150 dpi."""
MARGIN = 90
INK, ACCENT, PAPER = (33, 33, 33), (140, 28, 19), (255, 252, 244)
QR_SIZE = 300


def verification_url(contest: Contest, code: str, site_url: str) -> str:
    """Where the certificate's QR code leads."""
    return site_base(site_url) + certificate_url(contest.key, code)


def certified(ranked: Sequence[Ranked]) -> list[Ranked]:
    """The rows that carry a certificate (ranking.rank gives codes only at the score)."""
    return [row for row in ranked if row.certificate]


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _fitted(text: str, path: Path, size: int, width: int) -> ImageFont.FreeTypeFont:
    """The largest font up to `size` that writes `text` on one line within `width`."""
    font = _font(path, size)
    while size > 20 and font.getlength(text) > width:
        size -= 4
        font = _font(path, size)
    return font


def _lines(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`text` broken at spaces into lines no wider than `width`."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _centred(draw: ImageDraw.ImageDraw, y: int, text: str, font: ImageFont.FreeTypeFont,
             fill: tuple[int, int, int], right: int = WIDTH - MARGIN) -> int:
    """Draw `text` centred between the margins; the y below it."""
    left = MARGIN
    box = draw.textbbox((0, 0), text, font=font)
    x = left + (right - left - (box[2] - box[0])) // 2
    draw.text((x, y), text, font=font, fill=fill)
    return y + int(font.size * 1.35)


def qr_image(url: str, size: int = QR_SIZE) -> Image.Image:
    """The QR code of `url` (error correction M), about `size` pixels wide."""
    code = segno.make(url, error="m", micro=False)
    width = code.symbol_size(scale=1, border=4)[0]
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(2, size // width), border=4)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def certificate_png(contest: Contest, row: Ranked, url: str, day: date) -> bytes:
    """One certificate as PNG bytes."""
    assert row.certificate
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, WIDTH - 30, HEIGHT - 30), outline=ACCENT, width=8)
    draw.rectangle((48, 48, WIDTH - 48, HEIGHT - 48), outline=ACCENT, width=2)
    inner = WIDTH - 2 * MARGIN
    y = _centred(draw, 110, "GIẤY CHỨNG NHẬN", _font(BOLD, 92), ACCENT)
    y = _centred(draw, y + 10, "Ban tổ chức cuộc thi chứng nhận", _font(REGULAR, 40), INK)
    name = row.participant.get("name") or ""
    y = _centred(draw, y + 20, str(name), _fitted(str(name), BOLD, 84, inner), INK)
    body = _font(REGULAR, 40)
    y = _centred(draw, y + 10, "đã tham gia", body, INK)
    title = _font(BOLD, 46)
    for line in _lines(contest.title, title, inner)[:3]:
        y = _centred(draw, y, line, title, INK)
    score = f"{number(row.score)}".replace(".", ",")
    y = _centred(draw, y + 10, f"và trả lời đúng {score}/{row.out_of} câu hỏi, xếp hạng "
                 f"{row.rank}.", body, INK)
    small = _font(REGULAR, 32)
    left_of_qr = WIDTH - MARGIN - QR_SIZE - 40
    _centred(draw, HEIGHT - 330, f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
             small, INK, right=left_of_qr)
    _centred(draw, HEIGHT - 280, f"Mã chứng nhận: {row.certificate}", _font(BOLD, 36), INK,
             right=left_of_qr)
    for i, line in enumerate(_lines(f"Kiểm tra tại: {url}", _font(REGULAR, 26),
                                    left_of_qr - MARGIN)[:3]):
        _centred(draw, HEIGHT - 220 + 36 * i, line, _font(REGULAR, 26), INK, right=left_of_qr)
    qr = qr_image(url)
    image.paste(qr, (WIDTH - MARGIN - qr.width, HEIGHT - MARGIN - qr.height))
    out = io.BytesIO()
    image.save(out, format="PNG")  # optimize=True: 4 times slower for 3 % smaller
    return out.getvalue()


def write_certificates(contest: Contest, ranked: Sequence[Ranked], site_url: str,
                       folder: Path) -> list[Path]:
    """`<folder>/<code>.png` for every certified row, each written atomically and readable
    by its owner only (a full name is personal data); dated the contest's closing day."""
    day = in_vietnam(contest.closes).date()
    written = []
    for row in certified(ranked):
        assert row.certificate
        target = folder / f"{row.certificate}.png"
        url = verification_url(contest, row.certificate, site_url)
        write_file(target, certificate_png(contest, row, url, day), private=True)
        written.append(target)
    return written


__all__ = ["certificate_png", "certified", "qr_image", "verification_url", "write_certificates"]
