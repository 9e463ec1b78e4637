"""A bank written back as `quizzes/<bank>.yml`, in the spec's order of keys, for editors to
read and `generators.library.quizzes` to load."""

from __future__ import annotations

import sys
from typing import Any

import yaml

from generators.library.model import QuizBank, QuizQuestion
from generators.quiz.interchange.common import format_number


class _Flow(list[Any]):
    """A list written on one line (a basis, a pair)."""


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Several lines read best as a block; PyYAML falls back to quotes where a block cannot
    # say the text exactly (trailing spaces, say).
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _mapping_flow(dumper: yaml.SafeDumper, value: _FlowMap) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


class _FlowMap(dict[str, Any]):
    """A mapping written on one line."""


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Flow, _flow)
_Dumper.add_representer(_FlowMap, _mapping_flow)


def bank_yaml(bank: QuizBank) -> str:
    """The YAML text of `bank` (a question without basis is written without one: the
    loader then reports it at its line)."""
    data: dict[str, Any] = {"title": bank.title}
    if bank.description:
        data["description"] = bank.description
    if bank.field:
        data["field"] = bank.field
    if bank.explainers:
        data["explainers"] = _Flow(bank.explainers)
    data["questions"] = [_question(q) for q in bank.questions]
    # No wrapping: a text stays on its one line, as editors write it.
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=sys.maxsize, default_flow_style=False)


def _number(value: float) -> int | float:
    text = format_number(value)
    return int(text) if text.lstrip("-").isdigit() else value


def _question(q: QuizQuestion) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "type": q.type, "level": q.level, "text": q.text}
    if q.type in ("single", "multiple"):
        out["choices"] = list(q.choices)
        out["answer"] = q.answers[0] if q.type == "single" else list(q.answers)
    elif q.type == "true_false":
        out["answer"] = bool(q.truth)
    elif q.type == "fill":
        out["answer"] = list(q.answers)
        if q.loose:
            out["loose"] = True
    elif q.type == "order":
        out["items"] = list(q.items)
    elif q.type == "match":
        out["pairs"] = [_Flow(pair) for pair in q.pairs]
    elif q.type == "numeric":
        out["answer"] = _number(q.number or 0)
        if q.tolerance:
            out["tolerance"] = _number(q.tolerance)
        if q.unit:
            out["unit"] = q.unit
    if q.explanation:
        out["explanation"] = q.explanation
    if q.basis:
        out["basis"] = [_FlowMap({"document": b.document, **(
            {"article": b.article} if b.article else {})}) for b in q.basis]
    return out
