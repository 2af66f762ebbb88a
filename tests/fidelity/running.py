"""Starting a real dev server, waiting on the line that says it listens, and ending it by its pid.

Each process gets its own session (process group), so `stop` ends it together with any children it spawned
(node workers, a shell in between) by signalling that group. Output (stdout and stderr together) is read
with select and a deadline: never a sleep.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
STOP_TIMEOUT = 15.0


class Running:
    """A started process and everything it has printed so far."""

    def __init__(self, process: subprocess.Popen[bytes], argv: Sequence[str]) -> None:
        self.process = process
        self.argv = list(argv)
        self._received = b""
        self._ended = False

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def text(self) -> str:
        """The output so far, colour codes removed."""
        return _ANSI.sub("", self._received.decode("utf-8", errors="replace"))

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        """The first match of `pattern` in a complete line of output. Raises when the process ends or
        `timeout` seconds pass first, quoting what it printed."""
        compiled = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            complete = self.text.rpartition("\n")[0]
            match = compiled.search(complete)
            if match is not None:
                return match
            if self._ended:
                self.process.wait(timeout=STOP_TIMEOUT)
                raise AssertionError(
                    f"{self.describe()} ended (exit {self.process.returncode}) before printing {pattern!r}:\n"
                    f"{self.text}"
                )
            if not self._read(deadline):
                raise AssertionError(f"{self.describe()} printed no {pattern!r} within {timeout} s:\n{self.text}")

    def wait_for_exit(self, timeout: float) -> int:
        """Reads until the process closes its output and ends; its exit status."""
        deadline = time.monotonic() + timeout
        while not self._ended:
            if not self._read(deadline):
                raise AssertionError(f"{self.describe()} did not end within {timeout} s:\n{self.text}")
        return self.process.wait(timeout=max(0.1, deadline - time.monotonic()))

    def _read(self, deadline: float) -> bool:
        """Reads one chunk; False when the deadline passed first."""
        assert self.process.stdout is not None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        readable, _, _ = select.select([self.process.stdout], [], [], remaining)
        if not readable:
            return False
        chunk = os.read(self.process.stdout.fileno(), 65536)
        if chunk:
            self._received += chunk
        else:
            self._ended = True
        return True

    def describe(self) -> str:
        return f"pid {self.pid} ({' '.join(self.argv)})"

    def stop(self) -> None:
        """Ends the process group led by our pid (TERM, then KILL) and reaps the leader."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=STOP_TIMEOUT)
        with contextlib.suppress(ProcessLookupError):  # children that ignored TERM, or a stuck leader
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


@contextmanager
def started(
    argv: Sequence[str],
    cwd: str | os.PathLike[str],
    env: Mapping[str, str],
    prefix: Sequence[str] = (),
) -> Iterator[Running]:
    """Runs `prefix + argv` (prefix: e.g. nsenter into a network namespace, which keeps the pid) in its own
    session; always ends it on the way out."""
    command = [*prefix, *argv]
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    running = Running(process, command)
    try:
        yield running
    finally:
        running.stop()
