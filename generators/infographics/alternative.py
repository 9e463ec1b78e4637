"""The text alternative of an infographic: the same data as plain HTML, for screen readers,
search engines and anyone who cannot see the picture. No headings: the page around it
gives one."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from generators.infographics.spec import Spec, Text, read_spec
from generators.library.model import Infographic, Library


def text_alternative(library: Library, info: Infographic) -> str:
    """An HTML fragment with all the infographic's data, escaped.

    - steps → `<ol>` (the order matters); each step's title in `<strong>`, then its text;
    - timeline → `<ol>` with the date first, so a listener hears "when" before "what";
    - compare → a `<ul>` of the columns, each with its own `<ul>` of items. Not a table:
      the n-th items of two columns are not a pair (columns may differ in length and topic),
      and a table would make a screen reader announce empty cells and "row 3, column 2"
      for things that only happen to sit side by side; a list per column keeps each side
      whole and says how many points it has;
    - numbers → `<ul>` of "value — label";
    - table → `<table>` with `<th scope="col">` headers, and the first cell of each row as
      `<th scope="row">`, so moving along a row announces what the row is about;

    then `<p>Nguồn: …</p>` when the spec names a source document.
    """
    spec = read_spec(library, info)
    parts = [_BODIES[spec.type](spec)]
    if spec.source is not None:
        parts.append(Markup("<p>{}</p>").format(spec.source.value))
    return Markup("\n".join(parts) + "\n")  # a str, safe to insert unescaped in Jinja


def _sentence(text: Text) -> Markup:
    """The text with a full stop if it has no closing punctuation (a pause when read)."""
    value = text.value
    return escape(value if value[-1:] in ".!?…:;" else value + ".")


def _steps(spec: Spec) -> str:
    return _ordered(Markup("<li><strong>{}</strong>{}</li>").format(
        item["title"].value, _then(item.get("text"))) for item in spec.items)


def _timeline(spec: Spec) -> str:
    return _ordered(Markup("<li><strong>{}</strong>: {}{}</li>").format(
        item["date"].value, item["title"].value, _then(item.get("text")))
        for item in spec.items)


def _then(text: Text | None) -> Markup:
    return Markup(": {}").format(_sentence(text)) if text is not None else Markup("")


def _ordered(items: Iterable[Markup]) -> str:
    return "<ol>\n" + "\n".join(str(i) for i in items) + "\n</ol>"


def _compare(spec: Spec) -> str:
    columns = []
    for title, items in spec.columns:
        inner = "\n".join(str(Markup("<li>{}</li>").format(i.value)) for i in items)
        columns.append(str(Markup("<li><strong>{}</strong>\n<ul>\n").format(title.value))
                       + inner + "\n</ul></li>")
    return "<ul>\n" + "\n".join(columns) + "\n</ul>"


def _numbers(spec: Spec) -> str:
    return "<ul>\n" + "\n".join(
        str(Markup("<li><strong>{}</strong> — {}</li>").format(i["value"].value,
                                                               i["label"].value))
        for i in spec.items) + "\n</ul>"


def _table(spec: Spec) -> str:
    head = "".join(str(Markup('<th scope="col">{}</th>').format(h.value)) for h in spec.header)
    rows = []
    for row in spec.rows:
        cells = [str(Markup('<th scope="row">{}</th>' if j == 0 and len(row) > 1 else
                            "<td>{}</td>").format(cell.value)) for j, cell in enumerate(row)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ("<table>\n<thead><tr>" + head + "</tr></thead>\n<tbody>\n" + "\n".join(rows)
            + "\n</tbody>\n</table>")


_BODIES = {"steps": _steps, "timeline": _timeline, "compare": _compare, "numbers": _numbers,
           "table": _table}
