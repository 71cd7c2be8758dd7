"""Phase kernels forked from one warm process: imports and the design paid once.

A report runs nine phase notebooks, each in its own kernel. Started the usual
way (``python -m ipykernel_launcher``), every kernel imports IPython, pandas
and designkit's modules and parses, validates and analyses the design again:
most of the report's time. Here one helper process (started with
:class:`KernelForker`) imports what the notebooks import and loads the design
once, then forks a kernel for each notebook. A forked kernel shares the warm
modules (copy-on-write) and its ``designkit.load`` returns the design loaded
before the fork when it is asked for the same file with the same content
(sha256 of the bytes checked at each call); any other file, or the file
changed since, is loaded as usual.

:func:`forking_manager` gives nbclient (through papermill) a kernel-manager
class whose kernels come from the helper; kernel specs it cannot fork (another
interpreter, another language) are started the usual way. Forking needs POSIX
``fork``; :func:`can_fork` says whether this platform has it.
"""

from __future__ import annotations

import ast
import asyncio
import atexit
import contextlib
import hashlib
import importlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["VALIDATORS_MODULE", "KernelForker", "can_fork", "forking_manager", "notebook_imports"]

_LAUNCHER = ("-m", "ipykernel_launcher")

_log = logging.getLogger(__name__)

WARM = (
    "matplotlib.figure",
    "matplotlib.backends.backend_svg",
)
"""Imported once in the helper besides the notebooks' own imports and the kernel:
what designkit imports only when a chart is drawn."""


VALIDATORS_MODULE = "designkit.validators"
"""A helper whose notebooks import this warms up the validators before its first fork."""


def can_fork() -> bool:
    """Whether kernels can be forked here (POSIX ``fork``; not Windows)."""
    return hasattr(os, "fork") and sys.platform != "win32"


def notebook_imports(notebooks: Iterable[Path]) -> list[str]:
    """The modules the code cells of ``notebooks`` import, in first-seen order.

    ``from package import name`` lists ``package`` and ``package.name`` (the
    name may be a submodule); a cell that is not valid Python is skipped.
    The files are read as plain JSON: nbformat (which imports jsonschema, whose
    format checkers build a grammar at import) is not needed for the sources.
    """
    seen: dict[str, None] = {}
    for path in notebooks:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            try:
                tree = ast.parse(source if isinstance(source, str) else "".join(source))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    seen.update((alias.name, None) for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    seen[node.module] = None
                    seen.update((f"{node.module}.{alias.name}", None) for alias in node.names)
    return list(seen)


class KernelForker:
    """A helper process that imports ``modules``, loads ``design`` and forks kernels.

    The helper starts at once, in the background; :meth:`spawn` waits until it
    is ready. Call :meth:`close` when done (kernels still running exit when the
    helper does: their parent-process watch ends them). If the helper dies,
    :meth:`spawn` raises :class:`RuntimeError`, then and every time after:
    the caller starts its kernels the usual way.
    """

    def __init__(self, design: Path, modules: Sequence[str]) -> None:
        env = dict(os.environ)
        # No BLAS thread pool in the helper: a fork copies only the calling thread.
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
        env.setdefault("OMP_NUM_THREADS", "1")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", __name__, str(design), *modules],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        self._lock = threading.Lock()
        self._lock_stderr = threading.Lock()
        self._ready: dict[str, Any] | None = None
        self._started = time.perf_counter()
        self.ready_after: float | None = None
        """Seconds from the start until the helper could fork (None until it could)."""
        self.validates = VALIDATORS_MODULE in modules
        """Whether it warms up the validators before its first fork (a notebook imports them)."""
        self._failed = ""
        """Why the helper can fork no more kernels; "" while it can."""
        self._held: list[bytes] | None = []
        self._relay = threading.Thread(target=self._relay_stderr, daemon=True)
        self._relay.start()

    def relay_stderr(self) -> None:
        """From now on copy the helper's standard error (and its kernels') to this process's.

        The helper starts before the caller knows where its log goes (the
        report's folder is made once the design is valid): until this call,
        what the helper writes is held back, and dropped if never relayed.
        """
        with self._lock_stderr:
            held, self._held = self._held or [], None
            for chunk in held:
                os.write(2, chunk)

    def _relay_stderr(self) -> None:
        assert self._proc.stderr is not None
        fd = self._proc.stderr.fileno()
        while chunk := os.read(fd, 65536):  # kernels inherit the pipe: ends when all are gone
            with self._lock_stderr:
                if self._held is not None:
                    self._held.append(chunk)
                else:
                    os.write(2, chunk)
        self._proc.stderr.close()

    def kernel_argv(self, cmd: Sequence[str]) -> list[str] | None:
        """The kernel's arguments if ``cmd`` starts an ipykernel of this interpreter, else None."""
        at = next((i for i in range(1, len(cmd) - 1) if tuple(cmd[i : i + 2]) == _LAUNCHER), 0)
        # Only -X options may come before it (ipykernel's spec has -Xfrozen_modules=off,
        # which matters to the debugger only).
        if not at or not all(arg.startswith("-X") for arg in cmd[1:at]):
            return None
        # Not resolved: a venv's python is a symlink to the same base interpreter as
        # other venvs', whose site-packages differ.
        found = shutil.which(cmd[0]) or cmd[0]
        same = os.path.abspath(found) == os.path.abspath(sys.executable)
        return list(cmd[at + 2 :]) if same else None

    def spawn(self, argv: Sequence[str], cwd: str, env: dict[str, str]) -> int:
        """Fork a kernel started with ``argv`` in ``cwd`` with ``env``; its process id.

        Raises RuntimeError when the helper has exited (or exits now).
        """
        with self._lock:
            if self._failed:
                raise RuntimeError(self._failed)
            try:
                if self._ready is None:
                    self._ready = self._reply()
                    self.ready_after = time.perf_counter() - self._started
                request = {"argv": list(argv), "cwd": cwd, "env": env}
                assert self._proc.stdin is not None
                self._proc.stdin.write(json.dumps(request) + "\n")
                self._proc.stdin.flush()
                return int(self._reply()["pid"])
            except (OSError, ValueError, KeyError, RuntimeError) as exc:
                try:
                    code = self._proc.wait(timeout=1)  # a closed pipe: it is exiting
                except subprocess.TimeoutExpired:
                    code = None
                self._failed = "the kernel helper process " + (
                    f"exited (exit {code})" if code is not None else f"failed: {exc}"
                )
                raise RuntimeError(self._failed) from None

    def _reply(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            code = self._proc.wait()
            raise RuntimeError(f"the kernel helper process exited (exit {code})")
        return json.loads(line)

    def close(self) -> None:
        """End the helper (idempotent)."""
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            with contextlib.suppress(OSError):  # a helper that just died: broken pipe
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        self._relay.join(timeout=1)  # what the last kernels wrote, before the caller moves on

    def __enter__(self) -> KernelForker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Forked:
    """The parts of ``subprocess.Popen`` jupyter_client uses, for a kernel we did not start.

    The helper reaps its children as they end, so a kernel that ended no longer exists.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
            else:
                if _zombie(self.pid):  # orphaned by a dead helper, not reaped yet
                    self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("kernel", timeout or 0)
            time.sleep(0.05)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _zombie(pid: int) -> bool:
    """Whether process ``pid`` has ended and waits to be reaped (Linux; elsewhere False)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2 :].startswith("Z")  # the state follows "(command) "


def forking_manager(forker: KernelForker) -> type:
    """An ``AsyncKernelManager`` class whose kernels ``forker`` forks."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            argv = forker.kernel_argv(cmd)
            if argv is None:
                return await super().launch_kernel(cmd, **kwargs)
            cwd = str(kwargs.get("cwd") or os.getcwd())
            env = dict(kwargs.get("env") or os.environ)
            try:
                pid = await asyncio.to_thread(forker.spawn, argv, cwd, env)
            except RuntimeError as exc:
                _log.warning("%s; kernel started the usual way", exc)
                return await super().launch_kernel(cmd, **kwargs)
            self.process = _Forked(pid)
            self.pid = self.pgid = pid  # the kernel leads its own session
            self.cwd = cwd
            return self.connection_info

    class ForkedKernelManager(AsyncKernelManager):  # type: ignore[misc]
        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            if self.provisioner is None:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                self.provisioner = ForkProvisioner(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
                )
            return await super()._async_pre_start_kernel(**kw)

    return ForkedKernelManager


# --- the helper process ---------------------------------------------------


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _preload(design: str) -> tuple[Any, Path, str | None]:
    """The design loaded once, with its resolved path and the digest of the bytes read."""
    path = Path(design).resolve()
    digest = _digest(path)
    try:
        from designkit.io import load

        loaded = load(path)
    except Exception:  # the notebook's own load reports it
        return None, path, None
    if _digest(path) != digest:  # changed while loading: trust neither
        return None, path, None
    return loaded, path, digest


def _warm_up(design: Any, validators: bool = True) -> None:
    """Give every kernel a head start (the validators' only if ``validators``).

    :data:`WARM` is imported, then one generated document per in-process validator is
    checked: the validators import their libraries and build their schema
    validators on first use (cached per process), here once instead of in every
    phase that validates. Failures are ignored: the notebooks report their own.
    """
    for name in WARM:
        _import(name)
    if design is None or not validators:
        return
    try:
        from designkit.generate import generate
        from designkit.validators import VALIDATORS, validate_documents

        first: dict[str, Any] = {}
        for doc in generate(design):
            chosen = next((v for v in VALIDATORS if v.applies(doc)), None)
            if chosen is not None and not chosen.external:  # a node run warms nothing here
                first.setdefault(chosen.name, doc)
    except Exception:  # only a head start
        return
    for doc in first.values():
        try:
            validate_documents([doc])
        except Exception:  # only a head start
            continue


def _install_loader(preloaded: Any, path: Path, digest: str | None) -> None:
    """``designkit.load`` returns ``preloaded`` once for ``path`` while its bytes are unchanged."""
    import designkit
    import designkit.io as dio

    original = dio.load
    unused = [preloaded] if preloaded is not None else []

    def load(file: str | os.PathLike[str], **kwargs: Any) -> Any:
        p = Path(file)
        if unused and not kwargs and p.resolve() == path and _digest(p) == digest:
            return unused.pop()
        return original(file, **kwargs)

    load.__doc__ = original.__doc__
    load.__wrapped__ = original  # type: ignore[attr-defined]
    designkit.load = load  # type: ignore[attr-defined]


def _as_imported_in_a_kernel() -> None:
    """Redo what modules imported in the helper decided at import from not being in a kernel.

    pandas shows at most 20 columns in a kernel's plain-text tables (it sizes
    them to the terminal otherwise); ipywidgets registers its comm targets with
    the kernel; designkit's table modules register
    :func:`designkit.render.table_html.use_for_dataframes` as the HTML form of
    every DataFrame (without it the report shows pandas' own tables: cells cut
    with "...", NaN, field names, nothing that fits the page). All of these are
    decided when the module is imported, and the helper imported them before
    there was a kernel.
    """
    from IPython import get_ipython

    in_kernel = hasattr(get_ipython(), "kernel")  # the test pandas' is_terminal() makes
    pandas = sys.modules.get("pandas")
    if pandas is not None and in_kernel:
        pandas.set_option("display.max_columns", 20)  # pandas' own choice in a kernel
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:
        widgets._handle_ipython()
    tables = sys.modules.get("designkit.render.table_html")
    if tables is not None:
        tables.use_for_dataframes()


def _kernel(request: dict[str, Any], preloaded: tuple[Any, Path, str | None], main: str) -> int:
    """In the forked child: become a kernel for ``request``; its exit code."""
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)  # the helper's stdin and stdout are its request pipes
    os.dup2(devnull, 1)
    os.close(devnull)
    os.chdir(request["cwd"])
    if sys.path and sys.path[0] == main:
        sys.path[0] = request["cwd"]  # as `python -m ipykernel_launcher` run there
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["JPY_PARENT_PID"] = str(os.getppid())  # ends with the helper
    _install_loader(*preloaded)
    from ipykernel.kernelapp import IPKernelApp

    # The parent watch: its default was read from the environment when the helper imported
    # ipykernel, before there was a parent to watch. Without it a kernel outlives its helper.
    app = IPKernelApp.instance(parent_handle=os.getppid())
    app.initialize(request["argv"])
    _as_imported_in_a_kernel()
    app.start()
    return 0


def _reap(_signum: int, _frame: object) -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception:  # a notebook reports its own import errors; extras may be missing
        return


def _serve(design: str, modules: Sequence[str]) -> int:
    """Import, load and warm up; say ready; then fork a kernel per request.

    Everything is done before the first fork, so every kernel inherits it and
    none waits while the helper works: the notebooks started first are the
    longest, which import nearly every module, and five of the nine validate
    documents (the validators' first use, about 4 s, is paid here once; not at
    all when none of the notebooks imports ``designkit.validators``).
    Warming up between requests instead made a waiting request wait for a
    whole warm-up step (up to seconds each under load).
    """
    main = sys.path[0] if sys.path else ""
    for name in ("ipykernel.kernelapp", *modules):
        _import(name)
    preloaded = _preload(design)
    _warm_up(preloaded[0], validators=VALIDATORS_MODULE in modules)
    signal.signal(signal.SIGCHLD, _reap)  # kernels are reaped (and their time counted) as they end
    out = sys.stdout
    out.write(json.dumps({"ready": True, "design": preloaded[0] is not None}) + "\n")
    out.flush()
    while True:
        line = sys.stdin.readline()
        if not line:
            # Nothing to tidy up, and tearing down every imported module takes a second or
            # more: time the report would wait (or, under load, lose to this process's CPU).
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _kernel(json.loads(line), preloaded, main)
            except BaseException:  # the child must never return to the loop
                traceback.print_exc()
            finally:
                try:
                    atexit._run_exitfuncs()
                finally:
                    os._exit(code)
        out.write(json.dumps({"pid": pid}) + "\n")
        out.flush()


if __name__ == "__main__":
    sys.exit(_serve(sys.argv[1], sys.argv[2:]))
