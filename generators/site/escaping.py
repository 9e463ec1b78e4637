"""The one escaping rule of every HTML page we render: text is escaped unless marked as HTML.

Both Jinja environments follow it: ours (site/templates, pages.py) and Material's
(its templates and our overrides, turned on by the bookshelf plugin). Every value the
library hands over (titles, descriptions, names, headings, document numbers) is plain
text, so `{{ value }}` is always right; the only HTML is what our own autoescaped templates
rendered (a page's content, the JSON-LD block) or the library's rendered Markdown body, and
a template marks it with `| safe` where it prints it.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemBytecodeCache

AUTOESCAPE = True


def escaping(env: Environment) -> Environment:
    """Turn on autoescaping in `env` (before any template is compiled)."""
    env.autoescape = AUTOESCAPE
    return env


def bytecode_cache() -> FileSystemBytecodeCache:
    """A bytecode cache for templates compiled under this rule only.

    Jinja compiles the escaping into the bytecode but keys its cache by the template's
    source alone: a template compiled before autoescaping was on would come back unescaped.
    """
    return FileSystemBytecodeCache(pattern=f"__tsp_jinja2_autoescape{AUTOESCAPE:d}_%s.cache")
