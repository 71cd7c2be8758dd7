"""A real JupyterLab server and Chromium for the browser tests and the benchmark.

Facts this relies on (checked with JupyterLab 4.6 and Debian's chromium, as
root): the server is started headless with a known token, a free port and its
own workspaces and settings folders; each notebook opens in a workspace of its
own (JupyterLab restores the last workspace otherwise); ``window.jupyterapp``
(``expose_app_in_browser``) runs "run all cells"; a run is finished when every
kernel has been idle for several polls and no cell shows ``[*]``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from designkit.export.pdf import find_chromium

__all__ = ["Lab", "open_notebook", "run_all", "running_lab"]


@dataclass
class Lab:
    """A running server: where it is, its token, and what the browser reported."""

    url: str
    token: str
    root: Path
    errors: list[str] = field(default_factory=list)

    def api(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.url}{path}?token={self.token}", timeout=10) as r:
            return json.loads(r.read())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_lab(root: Path, scratch: Path) -> Iterator[Lab]:
    """Start JupyterLab on ``root``; stop it (and its kernels) afterwards."""
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.workspaces_dir={scratch / 'workspaces'}",
        f"--LabApp.user_settings_dir={scratch / 'settings'}",
        "--LabApp.news_url=",
        "--ServerApp.open_browser=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    # No "get notified about Jupyter news?" toast over the notebook.
    settings = scratch / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    log = (scratch / "lab.log").open("wb")
    proc = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=scratch
    )
    previous = signal.getsignal(signal.SIGTERM)

    def stop(*_args: Any) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

    def on_term(signum: int, frame: Any) -> None:
        stop()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    try:
        lab = Lab(f"http://127.0.0.1:{port}", token, root)
        deadline = time.monotonic() + 120
        while True:
            try:
                lab.api("/api/status")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((scratch / "lab.log").read_text()[-3000:]) from None
                time.sleep(0.5)
        yield lab
    finally:
        stop()
        signal.signal(signal.SIGTERM, previous)
        log.close()


@contextlib.contextmanager
def browser(lab: Lab) -> Iterator[Any]:
    """A Chromium page (1400x1000) that records JavaScript errors in ``lab.errors``."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium() or shutil.which("chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        page.on(
            "console",
            lambda m: lab.errors.append(f"console: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: lab.errors.append(f"pageerror: {e}"))
        try:
            yield page
        finally:
            b.close()


def open_notebook(page: Any, lab: Lab, name: str, workspace: str) -> None:
    """Open ``name`` alone in a fresh workspace and wait until its kernel is connected."""
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{name}?reset&token={lab.token}")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").wait_for(timeout=90_000)
    time.sleep(4)  # the indicator may read idle before the kernel session is connected


def run_all(page: Any, lab: Lab, timeout: float = 300) -> None:
    """Run every cell and wait until the kernel has been idle for a few polls."""
    connected = (
        "() => { const w = jupyterapp.shell.currentWidget;"
        " const k = w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel;"
        " return !!k && k.connectionStatus === 'connected' && k.status === 'idle'; }"
    )
    page.wait_for_function(connected, timeout=90_000)
    time.sleep(1)
    started = (
        "() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
        ".jp-InputPrompt')].some(p => p.textContent.includes('[*]'))"
    )
    for _attempt in range(4):  # a run-all issued before the session connected never starts
        page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
        until = time.monotonic() + 15
        busy = False
        while not busy and time.monotonic() < until:
            busy = page.evaluate(started) or any(
                k["execution_state"] == "busy" for k in lab.api("/api/kernels")
            )
            time.sleep(0.1)
        if busy:
            break
    deadline = time.monotonic() + timeout
    idle = 0
    time.sleep(2)
    while idle < 4:
        if time.monotonic() > deadline:
            raise TimeoutError("the notebook did not finish running")
        kernels = lab.api("/api/kernels")
        busy_prompt = page.locator(".jp-InputPrompt", has_text="[*]").count()
        if kernels and all(k["execution_state"] == "idle" for k in kernels) and not busy_prompt:
            idle += 1
        else:
            idle = 0
        time.sleep(0.5)
