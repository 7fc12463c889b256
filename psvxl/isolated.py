"""Work on untrusted files in reader processes of their own: a native reader that aborts, runs out of
memory or hangs costs the file it was reading, never the run.

A few reader processes live for the whole run and take one file at a time, so a process starts once
per reader (Windows and macOS spawn a new Python for it), not once per file. A reader that dies or
overruns its time is replaced, and the file it held gets the reason.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Callable

MEMORY = 2 * 1024**3          # address space of a reader, where the system can limit it


class Outcome:
    """What became of one item: `value` when done, else `died` (the exit code) or `timed_out`."""

    def __init__(self, value: Any = None, died: int | None = None, timed_out: bool = False) -> None:
        self.value, self.died, self.timed_out = value, died, timed_out


def map_isolated(function: Callable[[Any], Any], items: list[Any], workers: int, seconds: float,
                 preload: Callable[[], None] | None = None, start_method: str | None = None) -> list[Outcome]:
    """`function(item)` for every item, in up to `workers` reader processes, each call at most `seconds`.
    `preload` runs here before readers are forked (imports they would otherwise each repeat). Readers
    are forked on Linux and spawned elsewhere (fork is unsafe on macOS, absent on Windows)."""
    import multiprocessing

    method = start_method or ("fork" if sys.platform.startswith("linux") else "spawn")
    context = multiprocessing.get_context(method)
    if preload is not None and context.get_start_method() == "fork":
        preload()
    results: dict[int, Outcome] = {}
    pending = list(enumerate(items))
    readers: list[_Reader] = []
    try:
        while pending or any(r.index is not None for r in readers):
            while pending and (idle := _idle(readers, context, function, workers)) is not None:
                index, item = pending.pop(0)
                idle.give(index, item)
            _wait(readers)
            for reader in list(readers):
                outcome = reader.outcome(seconds)
                if outcome is not None and reader.index is not None:
                    results[reader.index] = outcome
                    reader.index = None
                    if not reader.alive():
                        readers.remove(reader)
    finally:
        for reader in readers:
            reader.stop()
    return [results[i] for i in range(len(items))]


def _idle(readers: list[_Reader], context: Any, function: Callable, workers: int) -> _Reader | None:
    free = next((r for r in readers if r.index is None), None)
    if free is None and len(readers) < max(workers, 1):
        free = _Reader(context, function)
        readers.append(free)
    return free


def _wait(readers: list[_Reader]) -> None:
    from multiprocessing.connection import wait

    busy = [r for r in readers if r.index is not None]
    wait([r.connection for r in busy] + [r.process.sentinel for r in busy], timeout=0.5)


class _Reader:
    def __init__(self, context: Any, function: Callable) -> None:
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(function, theirs), daemon=True)
        self.process.start()
        theirs.close()
        self.index: int | None = None
        self.started = 0.0

    def give(self, index: int, item: Any) -> None:
        self.index, self.started = index, time.monotonic()
        try:
            self.connection.send(item)
        except OSError:
            pass                          # it died already: outcome() says so

    def alive(self) -> bool:
        return self.process.is_alive()

    def outcome(self, seconds: float) -> Outcome | None:
        if self.index is None:
            return None
        if self.connection.poll():
            try:
                return Outcome(value=self.connection.recv())
            except (EOFError, OSError):
                self.process.join(5)
                return Outcome(died=self.process.exitcode)
        if not self.process.is_alive():
            return Outcome(died=self.process.exitcode)
        if time.monotonic() - self.started > seconds:
            self.process.kill()
            self.process.join(5)
            return Outcome(timed_out=True)
        return None

    def stop(self) -> None:
        # "Stop" in words: a forked sibling holds a copy of this end, so closing it is no end-of-file.
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.connection.close()
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)


def _serve(function: Callable[[Any], Any], connection: Any) -> None:
    import faulthandler

    faulthandler.disable()               # an abort here is one file's outcome, not a dump on the terminal
    _limit_memory()
    while True:
        try:
            item = connection.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        connection.send(function(item))


def _limit_memory() -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = MEMORY if hard == resource.RLIM_INFINITY else min(MEMORY, hard)
        if soft == resource.RLIM_INFINITY or soft > wanted:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ImportError, ValueError, OSError):
        pass                               # Windows: no such limit; the time limit still holds


def workers_default() -> int:
    return min(os.cpu_count() or 1, 4)
