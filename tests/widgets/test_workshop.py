"""The workshop panel, headless: every change reaches the design file at once."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import designkit
from designkit.widgets.workshop import SessionTimer, WorkshopPanel
from tests.conftest import FIXTURES

STATIC = Path(designkit.__file__).parent / "widgets" / "static"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "shop.yaml"
    shutil.copy(FIXTURES / "small-shop.yaml", target)
    return target


@pytest.fixture
def panel(path: Path) -> WorkshopPanel:
    return WorkshopPanel(designkit.load(path), path)


def test_timeboxes_current_session_ticks_and_parking_lot_are_saved(panel, path):
    panel.minutes[1].value = 100
    panel.session.value = 1
    assert panel.timer.seconds == 100 * 60 and "Phase 1" in panel.timer.label
    box = next(b for b in panel.checks.children if not b.disabled)
    box.value = True
    panel.question.value = "Who owns refunds?"
    panel.add_button.click()
    assert panel.question.value == ""
    saved = designkit.load(path)
    assert saved.workshop.current == 1
    session = saved.workshop.sessions[0]
    assert (session.phase, session.minutes) == (1, 100)
    assert box.description.startswith(session.ticked[0]) and len(session.ticked) == 1
    assert saved.open_questions[-1].text == "Who owns refunds?"
    assert saved.open_questions[-1].phase == 1
    assert "saved" in panel.status.value


def test_resolving_an_item_from_the_lot(panel, path):
    panel.park("Which broker?", kind="decision")
    row = panel.lot.children[0]
    row.children[1].click()
    assert designkit.load(path).open_questions[0].status == "resolved"
    assert "<s>" in panel.lot.children[0].value


def test_a_refused_edit_leaves_file_and_panel_as_they_were(panel, path):
    before = path.read_bytes()
    assert not panel.park("   ")
    assert "Type the question first" in panel.status.value
    assert path.read_bytes() == before


def test_without_a_path_changes_stay_in_the_session(path):
    panel = WorkshopPanel(designkit.load(path))
    panel.park("Which broker?")
    assert len(panel.design.open_questions) == 1
    assert designkit.load(path).open_questions == []


def test_names_typed_in_the_room_are_escaped(panel):
    panel.park("<script>alert(1)</script>")
    assert "<script>" not in panel.lot.children[0].children[0].value


def test_stable_text_for_nbval(panel):
    assert repr(panel) == "WorkshopPanel('small-shop': phase 0, 0 open questions)"
    assert repr(SessionTimer(seconds=5400, label="x")) == "SessionTimer('x', 1 h 30 min)"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_timer_view_is_valid_javascript():
    result = subprocess.run(
        ["node", "--check", str(STATIC / "timer.js")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
