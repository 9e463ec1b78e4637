"""User errors are data: problems with a place, and a small exception family."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the library, at a file and line (1-based; 0 = whole file)."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """`path:line: message — gợi ý: hint`, with `cảnh báo:` before warnings."""
        prefix = "" if self.is_error else "cảnh báo: "
        tail = f" — gợi ý: {self.hint}" if self.hint else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}{tail}"


class Problems:
    """Collects every problem of one run, so all are reported together."""

    def __init__(self) -> None:
        self._items: list[Problem] = []
        self.unreadable: set[str] = set()
        """Files that could not be read or parsed at all (their error is already listed)."""

    def error(self, path: str, line: int, message: str, hint: str = "") -> None:
        self._items.append(Problem(path, line, message, hint, Severity.ERROR))

    def warning(self, path: str, line: int, message: str, hint: str = "") -> None:
        self._items.append(Problem(path, line, message, hint, Severity.WARNING))

    def extend(self, items: list[Problem]) -> None:
        self._items.extend(items)

    @property
    def items(self) -> list[Problem]:
        return list(self._items)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self._items if p.is_error)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self._items if not p.is_error)

    def __len__(self) -> int:
        return len(self._items)


class TuSachError(Exception):
    """Base of the errors this tool reports without a traceback."""


class ContentError(TuSachError):
    """The library has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} lỗi nội dung")
        self.problems = problems


class ConfigError(TuSachError):
    """The project's settings (mkdocs.yml, command-line options) are wrong."""


class EngineError(TuSachError):
    """An outside program (MkDocs, Pagefind, …) failed."""
