"""What a long build is doing, on stderr: the pipeline's steps call a Progress with the step and
what it works on ("validating", 123456, "triples"); nothing flows back.

Quiet for the first AFTER seconds, so that a small register's build (a second or two) prints no
more than before; past them the steps so far are shown and each next one as it starts. On a
terminal one line is rewritten in place, with the seconds counting; elsewhere (a log, CI) each
step is a line of its own."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

AFTER = 2.0  # seconds of silence before the steps are shown
TICK = 1.0  # how often a terminal's line is redrawn


class Progress:
    def __init__(self, stream: TextIO | None = None, after: float = AFTER):
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.start = time.monotonic()
        self.steps: list[tuple[float, str]] = []  # (seconds since start, text), all so far
        self.showing = False  # past `after`
        self.shown = 0  # how many steps are on the stream (its own lines)
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.clock = threading.Thread(target=self._run, args=(after,), daemon=True)
        self.clock.start()

    def step(self, name: str, count: int | None = None, unit: str = "") -> None:
        """A step starts: `name`, and how much it works on, if known."""
        text = name if count is None else f"{name}: {count:,} {unit}".rstrip()
        with self.lock:
            self.steps.append((time.monotonic() - self.start, text))
            if self.showing:
                self._show()

    def close(self) -> None:
        """The build is over (done or failed): a terminal's line is cleared for what follows."""
        self.stopped.set()
        self.clock.join()
        with self.lock:
            if self.terminal and self.showing:
                self.stream.write("\r\033[K")
                self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _run(self, after: float) -> None:
        if self.stopped.wait(after):
            return
        with self.lock:
            self.showing = True
            self._show()
        while self.terminal and not self.stopped.wait(TICK):
            with self.lock:
                self._show()

    def _show(self) -> None:
        """Write what is not shown yet (on a terminal: redraw the line). Under the lock."""
        now = time.monotonic() - self.start
        if self.terminal:
            if self.steps:
                text = self.steps[-1][1]
                self.stream.write(f"\r\033[Kvngreg: {text} ({now:.0f} s)")
        else:
            for at, text in self.steps[self.shown:]:
                self.stream.write(f"vngreg: {at:6.1f} s  {text}\n")
        self.shown = len(self.steps)
        self.stream.flush()


class Silent:
    """A Progress that shows nothing (--quiet, and callers such as tests that ask for none)."""

    def step(self, name: str, count: int | None = None, unit: str = "") -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> "Silent":
        return self

    def __exit__(self, *exc) -> None:
        pass
