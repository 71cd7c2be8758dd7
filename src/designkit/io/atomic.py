"""Atomic file replacement and a lock file against two writers.

A save writes a temporary file in the same folder, flushes and fsyncs it, then
``os.replace``\\ s it over the target: readers see the old file or the new one,
never half of either, and a crash or a full disk leaves the old file intact.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import SaveConflictError, SaveError

__all__ = ["atomic_write", "lock"]


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` atomically, keeping the old file's permissions."""
    folder = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise SaveError(
                f"{path}: could not save ({exc.strerror or exc}); the file on disk is unchanged"
            ) from exc
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    # Make the rename itself durable; not every platform can open a directory.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def lock(path: Path) -> Iterator[None]:
    """Hold ``<path>.lock`` while saving; a second writer gets SaveConflictError.

    A lock left behind by a process that died on this host is taken over.
    """
    lock_path = path.with_name(path.name + ".lock")
    owner = f"{os.getpid()} {socket.gethostname()}\n"
    for _attempt in range(2):
        try:
            fd = os.open(lock_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _stale(lock_path):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(lock_path)
                continue
            holder = _read(lock_path).strip() or "unknown"
            raise SaveConflictError(
                f"{path}: another save is in progress (lock {lock_path.name} held by "
                f"pid/host {holder}); try again, or delete the lock file if no one is saving"
            ) from None
        except OSError as exc:
            raise SaveError(f"{path}: cannot create lock file ({exc.strerror})") from exc
        with os.fdopen(fd, "w") as fh:
            fh.write(owner)
        try:
            yield
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(lock_path)
        return
    raise SaveConflictError(f"{path}: could not take the lock {lock_path.name}")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _stale(lock_path: Path) -> bool:
    parts = _read(lock_path).split()
    if len(parts) != 2 or not parts[0].isdigit() or parts[1] != socket.gethostname():
        return False
    try:
        os.kill(int(parts[0]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
