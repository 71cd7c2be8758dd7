"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe``.

Chromium started with ``--remote-debugging-pipe`` reads protocol messages
(JSON, each ended by a NUL byte) on its file descriptor 3 and writes its
answers and events on descriptor 4; no port, no websocket, no new dependency.
:class:`Browser` starts one headless Chromium in a process group of its own
with a temporary profile, and :meth:`Browser.close` ends the group and removes
the profile on every path, so no browser outlives the report (and should this
process be killed outright, Chromium quits on its own when the pipe closes).

The client is synchronous: :meth:`Browser.send` writes a command and reads
until its answer arrives, keeping the events it reads on the way for
:meth:`Browser.wait_event`. Every read has a deadline; a browser that exits
or stops answering raises :class:`CdpError` with the end of its log.

Examples
--------
>>> encode(7, "Page.enable", {}, "S1")
b'{"id":7,"method":"Page.enable","params":{},"sessionId":"S1"}\\x00'
>>> Frames().feed(b'{"id":1,"result":{}}\\x00{"method":"Page.load')
[{'id': 1, 'result': {}}]
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import DesignKitError

__all__ = ["Browser", "CdpError", "CdpTimeout", "Frames", "encode"]

_LOG = "chromium.log"
_GRACE = 3.0
"""Seconds to wait for a browser that closed its pipe to exit, for its exit status."""


class CdpError(DesignKitError):
    """Chromium could not be started, exited, or answered a command with an error."""


class CdpTimeout(CdpError):
    """Chromium did not answer (or send the awaited event) in time."""


def encode(ident: int, method: str, params: dict[str, Any] | None, session: str | None) -> bytes:
    """One protocol message: compact JSON ended by NUL."""
    message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    return json.dumps(message, separators=(",", ":")).encode("utf-8") + b"\0"


class Frames:
    """Splits the browser's byte stream into messages (NUL-terminated JSON)."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        """The messages completed by ``data``; an incomplete tail is kept for later."""
        self._buffer += data
        *complete, rest = bytes(self._buffer).split(b"\0")
        self._buffer = bytearray(rest)
        return [json.loads(chunk) for chunk in complete if chunk]


def _high(fd: int) -> int:
    """``fd`` moved to a number above 4, close-on-exec (the child's 3 and 4 are dup2 targets)."""
    import fcntl

    if fd > 4:
        return fd
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Browser:
    """A headless Chromium driven over a pipe; use as a context manager.

    Parameters
    ----------
    binary
        The Chromium (or Chrome) executable.
    flags
        Extra command-line flags (``--headless`` and the pipe are added).
    timeout
        Default seconds to wait for any one answer or event.
    """

    def __init__(self, binary: str, flags: Sequence[str] = (), *, timeout: float = 60.0) -> None:
        self.binary = binary
        self.flags = list(flags)
        self.timeout = timeout
        self.pid: int | None = None
        self._profile: str | None = None
        self._to: int | None = None  # we write commands here (the browser's fd 3)
        self._from: int | None = None  # and read answers and events here (its fd 4)
        self._frames = Frames()
        self._events: list[dict[str, Any]] = []
        self._next = 0
        self._exit: str | None = None  # how the browser ended, once it did
        self.cleanup: threading.Thread | None = None
        """Removes the profile after :meth:`close` (join it to wait for that)."""
        self._reaped = False

    # -- life cycle -------------------------------------------------------------
    def __enter__(self) -> Browser:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the browser; CdpError when it cannot be run."""
        self._profile = tempfile.mkdtemp(prefix="designkit-chromium-")
        to_read, to_write = os.pipe()
        from_read, from_write = os.pipe()
        to_read, to_write, from_read, from_write = map(
            _high, (to_read, to_write, from_read, from_write)
        )
        argv = [
            self.binary,
            "--headless",
            "--remote-debugging-pipe",
            f"--user-data-dir={self._profile}",
            *self.flags,
            "about:blank",
        ]
        log = str(Path(self._profile) / _LOG)
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600),
            (os.POSIX_SPAWN_DUP2, 1, 2),
            (os.POSIX_SPAWN_DUP2, to_read, 3),
            (os.POSIX_SPAWN_DUP2, from_write, 4),
        ]
        try:
            # A session of its own: close() can end the renderers and helpers with it.
            self.pid = os.posix_spawn(
                self.binary, argv, dict(os.environ), file_actions=actions, setsid=True
            )
        except OSError as exc:
            for fd in (to_read, to_write, from_read, from_write):
                os.close(fd)
            self._remove_profile()
            raise CdpError(f"cannot run {self.binary}: {exc.strerror}") from None
        os.close(to_read)
        os.close(from_write)
        self._to, self._from = to_write, from_read
        os.set_blocking(self._from, False)

    def close(self) -> None:
        """End the browser's process group at once and remove its profile.

        Nothing of the browser's is kept (the profile is temporary), so it is
        not asked to quit politely, which takes it most of a second.
        """
        if self.pid is not None and not self._reaped:
            # Until the browser is reaped its id cannot be reused, so the group is ours.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self._reaped = True
        for fd in (self._to, self._from):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._to = self._from = None
        self._remove_profile()

    def log_tail(self, lines: int = 5) -> str:
        """The last lines the browser wrote to its stderr (for error messages)."""
        if not self._profile:
            return ""
        try:
            text = (Path(self._profile) / _LOG).read_text("utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])

    # -- protocol ---------------------------------------------------------------
    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Run ``method`` and return its result; CdpError with the browser's error message."""
        ident = self._take_id()
        try:
            self._write(encode(ident, method, params, session))
        except OSError:
            raise self._gone(method) from None
        allowed = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + allowed
        while True:
            answer = None
            for message in self._read(deadline, allowed, method):
                if message.get("id") == ident:
                    answer = message
                elif "method" in message:  # events read on the way, kept in order
                    self._events.append(message)
            if answer is not None:
                if "error" in answer:
                    error = answer["error"]
                    raise CdpError(f"{method}: {error.get('message', error)}")
                return answer.get("result", {})

    def wait_event(
        self,
        method: str,
        *,
        session: str | None = None,
        match: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """The parameters of the next ``method`` event of ``session`` that ``match`` accepts."""
        allowed = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + allowed
        while True:
            for i, event in enumerate(self._events):
                params = event.get("params", {})
                if (
                    event["method"] == method
                    and event.get("sessionId") == session
                    and (match is None or match(params))
                ):
                    del self._events[i]
                    return params
            self._events += [m for m in self._read(deadline, allowed, method) if "method" in m]

    # -- plumbing ---------------------------------------------------------------
    def _take_id(self) -> int:
        self._next += 1
        return self._next

    def _write(self, data: bytes) -> None:
        if self._to is None:
            raise BrokenPipeError
        view = memoryview(data)
        while view:
            view = view[os.write(self._to, view) :]

    def _read(self, deadline: float, allowed: float, waiting_for: str) -> list[dict[str, Any]]:
        """At least one message, or CdpTimeout at ``deadline``, or CdpError at EOF."""
        if self._from is None:
            raise self._gone(waiting_for)
        with selectors.DefaultSelector() as selector:
            selector.register(self._from, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise CdpTimeout(
                        f"Chromium did not answer {waiting_for} in time ({allowed:g} s allowed)"
                    )
                try:
                    data = os.read(self._from, 1 << 20)
                except BlockingIOError:
                    continue
                if not data:
                    raise self._gone(waiting_for)
                messages = self._frames.feed(data)
                if messages:
                    return messages

    def _gone(self, waiting_for: str) -> CdpError:
        self._wait_exit(_GRACE)
        tail = self.log_tail()
        return CdpError(
            f"Chromium exited ({self._exit or 'still running'}) while waiting for {waiting_for}"
            + (f": {tail}" if tail else "")
        )

    def _wait_exit(self, seconds: float) -> None:
        """Wait up to ``seconds`` for the browser to exit (noting how it ended)."""
        deadline = time.monotonic() + seconds
        while self._exit is None and not self._poll_exit() and time.monotonic() < deadline:
            time.sleep(0.02)

    def _poll_exit(self) -> bool:
        """Whether the browser has exited; where the OS allows, it is left unreaped."""
        if self.pid is None:
            return True
        if hasattr(os, "waitid"):
            try:
                info = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except ChildProcessError:
                info = None
                self._exit = self._exit or "exited"
            if info is not None:
                killed = info.si_code in (os.CLD_KILLED, os.CLD_DUMPED)
                self._exit = (
                    f"killed by signal {info.si_status}" if killed else f"exit {info.si_status}"
                )
            return self._exit is not None
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self._reaped = True
            self._exit = f"exit {os.waitstatus_to_exitcode(status)}"
        return self._exit is not None

    def _remove_profile(self) -> None:
        # A profile is about a hundred files: removed beside the caller's next step
        # (a thread the interpreter waits for at exit), not in its way.
        if self._profile:
            self.cleanup = threading.Thread(
                target=shutil.rmtree, args=(self._profile, True), name="chromium-profile"
            )
            self.cleanup.start()
            self._profile = None
