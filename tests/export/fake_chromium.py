"""A stand-in for Chromium's ``--remote-debugging-pipe``: reads fd 3, answers on fd 4.

``FAKE_CHROMIUM`` chooses the behaviour: ``answer`` (every command answered
with its method and parameters, after an event of the same session),
``silent`` (reads, never answers), ``exit`` (writes to stderr and exits 3 at
once). A command ``Fail.me`` gets an error answer; ``Crash.now`` makes it exit
with status 9; ``Answer.first`` is answered before its event, in one write.
It starts a ``sleep`` child, as Chromium starts helpers, and writes both
process ids to ``$FAKE_CHROMIUM_PIDS``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def main() -> None:
    """Serve fd 3 until it closes (the test's client went away)."""
    mode = os.environ.get("FAKE_CHROMIUM", "answer")
    if mode == "exit":
        print("cannot open display", file=sys.stderr, flush=True)
        sys.exit(3)
    helper = subprocess.Popen(["sleep", "120"])
    Path(os.environ["FAKE_CHROMIUM_PIDS"]).write_text(f"{os.getpid()} {helper.pid}")
    buffer = b""
    while True:
        data = os.read(3, 65536)
        if not data:
            break
        buffer += data
        while b"\0" in buffer:
            raw, buffer = buffer.split(b"\0", 1)
            message = json.loads(raw)
            if mode == "silent":
                continue
            if message["method"] == "Crash.now":
                print("renderer crashed", file=sys.stderr, flush=True)
                os._exit(9)
            session = message.get("sessionId")
            if message["method"] == "Fail.me":
                out = [{"id": message["id"], "error": {"code": -32000, "message": "no such thing"}}]
            else:
                event = {"method": "Test.event", "params": {"id": message["id"]}}
                answer = {"id": message["id"], "result": dict(message, sessionId=session)}
                out = [dict(event, sessionId=session) if session else event, answer]
                if message["method"] == "Answer.first":
                    out.reverse()
            payload = b"".join(json.dumps(m).encode() + b"\0" for m in out)
            os.write(4, payload[:5])  # split: the client must join the pieces
            os.write(4, payload[5:])


if __name__ == "__main__":  # collected as a module by --doctest-modules otherwise
    main()
