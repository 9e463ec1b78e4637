"""generators/library/assets.py: an SVG's CSS may not reach outside the file, however it is
written (character references, CSS escapes, URLs given as strings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generators.library.assets import check_image

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
OUT = "có CSS tham chiếu ra ngoài tệp (url(), @import)"
TAIL = "SVG không được chứa mã, sự kiện on…= hay tham chiếu ra ngoài"


def verdict(tmp_path: Path, svg: str) -> str | None:
    (tmp_path / "a.svg").write_text(svg, "utf-8")
    return check_image(tmp_path / "a.svg", tmp_path).reason


@pytest.mark.parametrize(("svg", "why"), [
    # expat splits text at character references: `ur` + `l(` is read as one text.
    (f'{SVG}<style>@imp&#111;rt "https://evil.example/a.css"; rect{{fill:'
     'ur&#108;(https://evil.example/b.svg#x)}</style><rect width="10" height="10"/></svg>', OUT),
    (f"{SVG}<style>rect{{fill:ur&#108;(https://evil.example/b.svg#x)}}</style></svg>", OUT),
    (f'{SVG}<style><![CDATA[@imp]]><![CDATA[ort "https://evil.example/a.css";]]></style></svg>',
     OUT),
    (f'{SVG}<style>@\\69mport "https://evil.example/c.css"; rect{{fill:'
     'u\\72l(https://evil.example/d.svg#x)}</style><rect width="10" height="10"/></svg>', OUT),
    (f"{SVG}<style>rect{{fill:u\\72l(https://evil.example/d.svg#x)}}</style></svg>", OUT),
    (f'{SVG}<rect style="fill:red;background-image:image-set(\'https://evil.example/e.png\' 1x)"'
     '/></svg>', "tham chiếu ra ngoài tệp trong thuộc tính style="),
    (f'{SVG}<style>svg{{background:image-set("https://evil.example/f.png" 1x)}}</style></svg>',
     OUT),
    (f'{SVG}<style>svg{{background:-webkit-image-set("https://evil.example/f.png" 1x)}}'
     "</style></svg>", OUT),
    (f'{SVG}<style>@font-face{{font-family:X;src:src("https://evil.example/x.woff")}}</style>'
     "</svg>", OUT),
    (f'{SVG}<style>svg{{background:cross-fade("https://evil.example/a.png" 50%, red)}}</style>'
     "</svg>", OUT),
    (f'{SVG}<style>svg{{background:image("https://evil.example/a.png")}}</style></svg>', OUT),
    (f'{SVG}<rect fill="u\\72l(https://evil.example/d.svg#x)"/></svg>',
     "tham chiếu ra ngoài tệp trong thuộc tính fill="),
    (f'{SVG}<rect style="font-family:\\41 rial"/></svg>',
     "có dấu \\ (ký tự thoát CSS) trong thuộc tính style="),
    (f'{SVG}<style>@imp<desc>x</desc>ort "https://evil.example/a.css";</style></svg>',
     "có phần tử <desc> trong <style>"),
])
def test_css_that_reaches_outside_is_refused_however_written(tmp_path: Path, svg: str,
                                                             why: str) -> None:
    assert verdict(tmp_path, svg) == f"SVG {why} (dòng 1 của tệp); {TAIL}"


@pytest.mark.parametrize(("css", "why", "line"), [
    ("\n.b{fill:u&#114;l(https://evil.example/y)}", OUT, 4),
    ('\n\n.b{font-family:"\\41"}', "có dấu \\ (ký tự thoát CSS) trong <style>", 5),
])
def test_the_line_is_that_of_the_refused_css_in_a_long_style(tmp_path: Path, css: str,
                                                             why: str, line: int) -> None:
    svg = f"{SVG}\n<style>\n.a{{fill:red}}{css}\n</style></svg>"
    assert verdict(tmp_path, svg) == f"SVG {why} (dòng {line} của tệp); {TAIL}"


def test_plain_css_with_inner_references_and_font_names_is_accepted(tmp_path: Path) -> None:
    svg = (f'{SVG[:-1]} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
           'inkscape:export-filename="C:\\Users\\ban-ve.png">'
           "<style><![CDATA[.a { fill: url(#g); stroke: url( '#g' ); font-family: 'Be Vietnam "
           "Pro', sans-serif; image-rendering: pixelated; mask-image: none }\n"
           '@font-face { font-family: X; src: local("Arial") }]]></style>'
           '<text style="font-family:Arial;fill:url(#g)" font-weight="bold">Bước 1</text></svg>')
    assert verdict(tmp_path, svg) is None
