"""`situations/*.yml`: legal situations, decision trees from a citizen's situation to the
rule that applies (interaction-format.md, "Legal situations"), checked at their lines; the
tree checker proves that every path from the start ends in an outcome."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generators.errors import Problems
from generators.library.answer_texts import is_translation_file
from generators.library.basis import read_basis, unreviewed_warning
from generators.library.data import KEY_RE, keyed_yaml_files
from generators.library.model import Situation, SituationOption, SituationStep
from generators.library.pointers import check_pointer
from generators.library.qa import QARefs, markup_problem
from generators.library.schema import Key, check_mapping
from generators.library.text import answer_form
from generators.library.yamlio import YamlDoc

SITUATIONS = "situations"
MAX_QUESTIONS_ON_PATH = 8
MAX_STEPS = 200
MAX_OPTIONS = 8
EXPIRED_HINT = "kiểm tra lại kết luận; dẫn văn bản thay thế nếu có"

_HEAD = {"title": Key(str, required=True, max_len=200), "field": Key(str, required=True),
         "start": Key(str, required=True), "description": Key(str, max_len=1000),
         "reviewed": Key(bool), "steps": Key(dict, required=True)}
_STEP = {"question": Key(str, max_len=300), "options": Key(object),
         "outcome": Key(str, max_len=2000), "basis": Key(object), "explainer": Key(object)}
_OPTION = {"label": Key(str, required=True, max_len=150), "next": Key(str, required=True)}


@dataclass(frozen=True)
class Finding:
    """A problem of the tree, at a line of its file."""

    line: int
    message: str
    hint: str = ""


def load_situations(root: Path, refs: QARefs, problems: Problems) -> dict[str, Situation]:
    """Every valid situation by name (one with any error is left out)."""
    out: dict[str, Situation] = {}
    for key, rel, doc in keyed_yaml_files(root, root / SITUATIONS, problems, "tình huống",
                                          "đặt tên tệp bằng chữ thường không dấu, số và "
                                          "dấu gạch ngang", skip=is_translation_file):
        situation = _situation(key, rel, doc, refs, problems)
        if situation is not None:
            out[situation.key] = situation
    return out


def _situation(key: str, rel: str, doc: YamlDoc, refs: QARefs,
               problems: Problems) -> Situation | None:
    head = check_mapping(doc, (), doc.data, _HEAD, rel, problems, "tình huống")
    if head is None:
        return None
    ok = True
    if refs.fields is not None and head["field"] not in refs.fields:
        close = difflib.get_close_matches(head["field"], list(refs.fields), n=1)
        problems.error(rel, doc.line("field"), f"lĩnh vực '{head['field']}' không có trong "
                       "content/_data/fields.yml",
                       f"có phải ý bạn là '{close[0]}'?" if close else
                       "thêm lĩnh vực vào content/_data/fields.yml")
        ok = False
    raw_steps: dict[Any, Any] = head["steps"]
    if len(raw_steps) > MAX_STEPS:
        problems.error(rel, doc.line("steps"), f"tình huống có {len(raw_steps)} bước, tối đa "
                       f"{MAX_STEPS}", "tách thành nhiều tình huống")
        return None
    steps: dict[str, SituationStep] = {}
    for step_id, raw in raw_steps.items():
        step = _step(str(step_id), raw, rel, doc, refs, problems)
        if step is None:
            ok = False
        else:
            steps[step.id] = step
    start = head["start"]
    if start not in raw_steps:
        problems.error(rel, doc.line("start"), f"'start: {start}' không phải tên một bước",
                       _suggest(start, [str(k) for k in raw_steps]))
        return None
    # The tree is checked on what was written, so that a broken step does not hide a cycle.
    def next_line(step: str, index: int) -> int:
        return doc.line("steps", step, "options", index, "next")

    for finding in check_tree(start, steps, {str(k) for k in raw_steps}, doc.line("start"),
                              next_line):
        problems.error(rel, finding.line, finding.message, finding.hint)
        ok = False
    if not ok:
        return None
    reviewed = unreviewed_warning(rel, doc, head, "tình huống", problems)
    return Situation(key, rel, head["title"], head["field"], start, MappingProxyType(steps),
                     head.get("description") or "", reviewed)


def _step(step_id: str, raw: Any, rel: str, doc: YamlDoc, refs: QARefs,
          problems: Problems) -> SituationStep | None:
    at = ("steps", step_id)
    what = f"bước '{step_id}'"
    line = doc.line(*at)
    if not KEY_RE.match(step_id):
        problems.error(rel, line, f"tên bước '{step_id}' không hợp lệ",
                       "dùng chữ thường không dấu, số và dấu gạch ngang (tên bước là địa chỉ "
                       "trang của nó)")
        return None
    clean = check_mapping(doc, at, raw, _STEP, rel, problems, what)
    if clean is None:
        return None
    question, outcome = clean.get("question"), clean.get("outcome")
    if (question is None) == (outcome is None):
        problems.error(rel, line, f"{what} cần đúng một trong 'question' (câu hỏi) hoặc "
                       "'outcome' (kết luận)" + (", không cả hai" if question else ""),
                       "bước hỏi có question và options; bước kết luận có outcome và basis")
        return None
    if outcome is not None:
        if raw.get("options"):
            problems.error(rel, doc.line(*at, "options"),
                           f"{what} là kết luận: không có 'options'",
                           "một kết luận kết thúc đường đi")
            return None
        basis = read_basis(rel, doc, at, raw.get("basis"), f"kết luận {what}",
                           refs.documents, refs.document_keys, problems, EXPIRED_HINT)
        pointer = check_pointer(rel, doc, at, raw.get("explainer"), what, refs.explainers,
                                problems)
        problem = markup_problem(outcome)
        if problem:
            problems.error(rel, doc.line(*at, "outcome"), f"{what}: "
                           + problem[0].replace("câu trả lời", "kết luận"), problem[1])
        if basis is None or pointer is None or problem:
            return None
        return SituationStep(step_id, None, (), outcome, basis, pointer[0], line, pointer[1])
    for name in ("basis", "explainer"):
        if raw.get(name) is not None:
            problems.error(rel, doc.line(*at, name), f"{what} là câu hỏi: '{name}' chỉ ghi ở "
                           "bước kết luận", "chuyển nó xuống bước kết luận mà câu trả lời dẫn tới")
            return None
    options = _options(at, raw.get("options"), what, rel, doc, problems)
    if options is None:
        return None
    return SituationStep(step_id, question, options, None, (), None, line)


def _options(at: tuple[Any, ...], raw: Any, what: str, rel: str, doc: YamlDoc,
             problems: Problems) -> tuple[SituationOption, ...] | None:
    where = (*at, "options")
    if not isinstance(raw, list) or len(raw) < 2:
        count = len(raw) if isinstance(raw, list) else 0
        problems.error(rel, doc.line(*where) if raw is not None else doc.line(*at),
                       f"câu hỏi của {what} cần ít nhất 2 lựa chọn, có {count}",
                       "viết options: [{label: Có, next: buoc-a}, {label: Không, next: buoc-b}]")
        return None
    if len(raw) > MAX_OPTIONS:
        problems.error(rel, doc.line(*where), f"câu hỏi của {what} có {len(raw)} lựa chọn, "
                       f"tối đa {MAX_OPTIONS}", "chia thành hai câu hỏi cho dễ chọn")
        return None
    out: list[SituationOption] = []
    for index, entry in enumerate(raw):
        clean = check_mapping(doc, (*where, index), entry, _OPTION, rel, problems,
                              f"lựa chọn {index + 1} của {what}")
        if clean is None:
            return None
        if answer_form(clean["label"]) in (answer_form(o.label) for o in out):
            problems.error(rel, doc.line(*where, index), f"{what}: lựa chọn '{clean['label']}' "
                           "viết hai lần", "mỗi lựa chọn một nhãn riêng")
            return None
        out.append(SituationOption(clean["label"], clean["next"]))
    return tuple(out)


def check_tree(start: str, steps: Mapping[str, SituationStep], written: Collection[str],
               start_line: int, next_line: Callable[[str, int], int] | None = None,
               ) -> list[Finding]:
    """The tree's problems: a `next` naming no step, a cycle, a step no path reaches, a path
    through more than MAX_QUESTIONS_ON_PATH questions.

    Without them, every path from `start` ends in an outcome: each step is a question with
    options or an outcome (the steps' own checks), every option leads to a step, and a walk
    with no cycle through finitely many steps ends, where only an outcome has no way on.
    Steps in `written` but not in `steps` had errors of their own: paths through them are not
    followed (nor is reachability judged while one is broken). `next_line(step, index)` is
    the line of an option's `next` (default: its step's line).
    """
    def line_of(step: str, index: int) -> int:
        return next_line(step, index) if next_line else steps[step].line

    findings: list[Finding] = []
    done: set[str] = set()
    depth: dict[str, int] = {}  # the most questions on a path from the step to an outcome
    onward: dict[str, str] = {}  # the next step on that path

    def visit(step_id: str, trail: list[str]) -> None:
        step = steps[step_id]
        best = 0
        for index, option in enumerate(step.options):
            target = option.next
            if target not in written:
                findings.append(Finding(
                    line_of(step_id, index), f"bước '{step_id}': lựa chọn '{option.label}' dẫn "
                    f"tới bước '{target}' không có", _suggest(target, list(written))))
                continue
            if target not in steps:
                continue
            if target in trail:
                loop = " → ".join([*trail[trail.index(target):], target])
                findings.append(Finding(line_of(step_id, index), f"vòng lặp: {loop}",
                                        "mỗi đường đi phải kết thúc ở một kết luận (outcome)"))
                continue
            if target not in done:
                visit(target, [*trail, target])
            if target in depth and depth[target] >= best:
                best, onward[step_id] = depth[target], target
        depth[step_id] = 0 if step.is_outcome else 1 + best
        done.add(step_id)

    if start not in steps:
        return findings
    visit(start, [start])
    if set(written) <= set(steps):
        findings.extend(Finding(step.line, f"bước '{step.id}' không nằm trên đường đi nào từ "
                                f"'start: {start}'", "nối nó vào một lựa chọn, hoặc xóa nó")
                        for step in steps.values() if step.id not in done)
    if depth.get(start, 0) > MAX_QUESTIONS_ON_PATH:
        path = [start]
        while path[-1] in onward:
            path.append(onward[path[-1]])
        findings.append(Finding(start_line, f"có đường đi qua {depth[start]} câu hỏi, tối đa "
                                f"{MAX_QUESTIONS_ON_PATH}: " + " → ".join(path),
                                "gộp câu hỏi hoặc tách thành nhiều tình huống"))
    return findings


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"có phải ý bạn là '{close[0]}'?" if close else \
        "các bước: " + ", ".join(known[:8])
