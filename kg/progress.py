"""Progress on stderr: a live line on a terminal, a line every few seconds otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Report ``step(done, total, what)`` calls without flooding a log file.

    On a terminal the line is redrawn in place; in a pipe or a CI log a line is written at most
    every *interval* seconds, so short runs stay quiet and long ones still show they are alive.
    """

    def __init__(self, stream: TextIO | None = None, *, interval: float = 5.0) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval
        self.last = time.monotonic()
        self.drawn = False

    def step(self, done: int, total: int, what: str) -> None:
        now = time.monotonic()
        if self.tty:
            self.stream.write(f"\r\033[K[{done}/{total}] {what}"[:200])
            self.stream.flush()
            self.drawn = True
        elif now - self.last >= self.interval:
            self.stream.write(f"[{done}/{total}] {what}\n")
            self.stream.flush()
            self.last = now

    def note(self, message: str) -> None:
        """A stage message (shown on a terminal only)."""
        if self.tty:
            self.stream.write(f"\r\033[K{message}")
            self.stream.flush()
            self.drawn = True

    def done(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = False
