"""Progress on stderr: a line per stage, and a bar for long ones (on a terminal only)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm

Tick = Callable[[int, int], None]
"""Called with (done, total) as work advances."""


class Progress:
    """Stage names and progress bars; `quiet` silences both."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet

    def stage(self, name: str) -> None:
        if not self.quiet:
            print(f"• {name}…", file=sys.stderr, flush=True)

    @contextmanager
    def bar(self, name: str, unit: str = "tệp") -> Iterator[Tick]:
        """Announce a stage and yield a `tick(done, total)` that moves its bar."""
        self.stage(name)
        with tqdm(unit=unit, leave=False, file=sys.stderr, mininterval=0.3,
                  disable=True if self.quiet else None) as bar:
            def tick(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            yield tick
