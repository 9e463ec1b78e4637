"""The text alternative of an infographic: the same data as plain HTML, for screen readers,
search engines and anyone who cannot see the picture. No headings: the page around it
gives one."""

from __future__ import annotations

from markupsafe import Markup

from generators.infographics.kinds import KINDS, read_spec
from generators.library.model import Infographic, Library


def text_alternative(library: Library, info: Infographic) -> str:
    """An HTML fragment with all the infographic's data, escaped: its kind's `alternative`
    (lists in the order that matters, a table with row and column headers …), then
    `<p>Nguồn: …</p>` when the spec names a source document."""
    spec = read_spec(library, info)
    parts = [KINDS[spec.type].alternative(spec)]
    if spec.source is not None:
        parts.append(Markup("<p>{}</p>").format(spec.source.value))
    return Markup("\n".join(parts) + "\n")  # a str, safe to insert unescaped in Jinja
