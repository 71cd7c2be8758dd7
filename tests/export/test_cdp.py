"""The DevTools-protocol client: framing, answers, errors, timeouts and clean-up.

A small Python script stands in for Chromium (tests/export/fake_chromium.py),
so each failure can be made on purpose; test_pdf.py drives the real browser.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from designkit.export.cdp import Browser, CdpError, CdpTimeout, Frames, encode

pytestmark = pytest.mark.skipif(not hasattr(os, "posix_spawn"), reason="POSIX only")

FAKE = Path(__file__).with_name("fake_chromium.py")


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """Path of an executable fake browser; its process ids land in ``pids``."""
    binary = tmp_path / "fake-chromium"
    binary.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" "$@"\n')
    binary.chmod(0o755)
    monkeypatch.setenv("FAKE_CHROMIUM_PIDS", str(tmp_path / "pids"))
    return binary


def _pids(tmp_path: Path) -> list[int]:
    deadline = time.monotonic() + 10
    while not (tmp_path / "pids").exists() or not (tmp_path / "pids").read_text():
        assert time.monotonic() < deadline, "the fake browser did not start"
        time.sleep(0.02)
    return [int(p) for p in (tmp_path / "pids").read_text().split()]


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its reaper does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_messages_are_compact_json_ended_by_nul():
    assert encode(1, "Page.enable", None, None) == b'{"id":1,"method":"Page.enable","params":{}}\0'
    assert encode(2, "A.b", {"x": "é"}, "S") == (
        b'{"id":2,"method":"A.b","params":{"x":"\\u00e9"},"sessionId":"S"}\0'
    )


def test_frames_join_pieces_and_split_several_messages():
    frames = Frames()
    assert frames.feed(b'{"id":1,') == []
    assert frames.feed(b'"result":{}}\x00{"method":"E"}\x00{"id"') == [
        {"id": 1, "result": {}},
        {"method": "E"},
    ]
    assert frames.feed(b":2}\x00") == [{"id": 2}]
    assert frames.feed(b"") == []


def test_send_returns_the_answer_and_keeps_events_for_later(fake, tmp_path):
    with Browser(str(fake), ["--flag"], timeout=20) as browser:
        first = browser.send("Page.enable", {"a": 1}, session="S1")
        second = browser.send("Browser.getVersion")
        assert first["method"] == "Page.enable" and first["params"] == {"a": 1}
        assert first["sessionId"] == "S1" and second["id"] == first["id"] + 1
        # Both events were read while waiting for the answers; each is returned once.
        assert browser.wait_event("Test.event", session="S1") == {"id": first["id"]}
        assert browser.wait_event("Test.event", match=lambda e: e["id"] == second["id"])
        with pytest.raises(CdpTimeout, match=r"Test\.event in time \(0.3 s allowed"):
            browser.wait_event("Test.event", session="S1", timeout=0.3)


def test_an_event_read_with_an_answer_is_kept(fake, tmp_path):
    with Browser(str(fake), timeout=20) as browser:
        ident = browser.send("Answer.first")["id"]
        assert browser.wait_event("Test.event", timeout=2) == {"id": ident}


def test_an_error_answer_raises_with_the_browsers_message(fake, tmp_path):
    with Browser(str(fake), timeout=20) as browser:
        with pytest.raises(CdpError, match=r"Fail.me: no such thing"):
            browser.send("Fail.me")
        assert browser.send("Still.works")["method"] == "Still.works"


def test_a_silent_browser_times_out_and_is_ended_with_its_helpers(fake, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_CHROMIUM", "silent")
    browser = Browser(str(fake), timeout=0.5)
    browser.start()
    profile = Path(browser._profile)
    try:
        started = time.monotonic()
        with pytest.raises(CdpTimeout, match=r"did not answer Page.printToPDF in time \(0.5 s"):
            browser.send("Page.printToPDF")
        assert time.monotonic() - started < 5
        pids = _pids(tmp_path)
        assert all(_running(p) for p in pids)
    finally:
        browser.close()
    deadline = time.monotonic() + 5
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(p) for p in pids), "browser or helper left running"
    browser.cleanup.join()
    assert not profile.exists()


def test_a_browser_that_cannot_start_reports_its_exit_and_stderr(fake, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_CHROMIUM", "exit")
    with (
        Browser(str(fake), timeout=20) as browser,
        pytest.raises(CdpError, match=r"exited \(exit 3\) .*cannot open display"),
    ):
        browser.send("Target.createTarget")


def test_a_crash_mid_session_is_reported_and_cleaned_up(fake, tmp_path):
    with Browser(str(fake), timeout=20) as browser:
        browser.send("Page.enable")
        with pytest.raises(CdpError, match=r"exited \(exit 9\) while waiting for Crash.now"):
            browser.send("Crash.now")
        with pytest.raises(CdpError, match="exited"):
            browser.send("Page.enable")
    helper = _pids(tmp_path)[1]
    deadline = time.monotonic() + 5
    while _running(helper) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(helper)


def test_a_missing_binary_is_a_clear_error(tmp_path):
    browser = Browser(str(tmp_path / "no-such-chromium"))
    with pytest.raises(CdpError, match=r"cannot run .*no-such-chromium"):
        browser.start()
    browser.close()  # nothing to end; must not fail
