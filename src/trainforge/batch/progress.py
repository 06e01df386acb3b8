"""Build progress: a rich progress bar on a terminal, plain ``key=value`` log lines elsewhere (CI).

Plain lines are one event each, so CI logs stay greppable:
``trainforge-build event=built course=hb-101 format=scorm12 package=hb-101-1.2.0-en-scorm12.zip
done=3 total=8``.
"""

from __future__ import annotations

import os
import time
from typing import IO, Protocol


class Reporter(Protocol):
    def start(self, total: int, cached: int) -> None: ...

    def package(self, event: str, course: str, format_name: str, name: str) -> None: ...

    def finish(self, built: int, cached: int, failed: bool) -> None: ...


class Silent:
    """The default for the Python API: no output."""

    def start(self, total: int, cached: int) -> None:
        pass

    def package(self, event: str, course: str, format_name: str, name: str) -> None:
        pass

    def finish(self, built: int, cached: int, failed: bool) -> None:
        pass


class LogLines:
    """One ``trainforge-build key=value …`` line per event."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.done = self.total = 0
        self.began = time.perf_counter()

    def _emit(self, **fields: object) -> None:
        text = " ".join(f"{k}={v}" for k, v in fields.items())
        self.stream.write(f"trainforge-build {text}\n")
        self.stream.flush()

    def start(self, total: int, cached: int) -> None:
        self.total, self.done = total, cached
        self.began = time.perf_counter()
        self._emit(event="plan", total=total, cached=cached, stale=total - cached)

    def package(self, event: str, course: str, format_name: str, name: str) -> None:
        self.done += 1
        self._emit(event=event, course=course, format=format_name, package=name, done=self.done,
                   total=self.total)

    def finish(self, built: int, cached: int, failed: bool) -> None:
        self._emit(event="failed" if failed else "done", built=built, cached=cached,
                   seconds=f"{time.perf_counter() - self.began:.2f}")


class Bar:
    """A rich progress bar on stderr (only ever used on a terminal)."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("{task.description}"),
                                 console=Console(file=stream), transient=False)
        self.task = self.progress.add_task("", total=None)

    def start(self, total: int, cached: int) -> None:
        self.progress.update(self.task, total=total, completed=cached,
                             description=f"{cached} up to date" if cached else "")
        self.progress.start()

    def package(self, event: str, course: str, format_name: str, name: str) -> None:
        self.progress.update(self.task, advance=1, description=name)

    def finish(self, built: int, cached: int, failed: bool) -> None:
        what = "failed" if failed else f"{built} built, {cached} up to date"
        self.progress.update(self.task, description=what)
        self.progress.stop()


def for_stream(stream: IO[str]) -> Reporter:
    """A bar on an interactive terminal; log lines in CI, pipes and files."""
    interactive = stream.isatty() and not os.environ.get("CI") and os.environ.get(
        "TERM") != "dumb"
    return Bar(stream) if interactive else LogLines(stream)
