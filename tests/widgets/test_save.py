"""Two kernels editing the same design file never lose an edit silently."""

from __future__ import annotations

import shutil

import designkit
from designkit.widgets.workshop import WorkshopPanel
from tests.conftest import FIXTURES


def test_two_facilitators_park_questions_and_set_timeboxes_at_once(tmp_path):
    path = tmp_path / "shop.yaml"
    shutil.copy(FIXTURES / "small-shop.yaml", path)
    ana = WorkshopPanel(designkit.load(path), path)
    ben = WorkshopPanel(designkit.load(path), path)  # another kernel, same file
    assert ana.park("Who owns refunds?")
    assert ben.park("Which broker?")
    ana.minutes[2].value = 75
    ben.minutes[2].value = 45  # the same timebox, changed differently
    assert "1 conflicting value kept in the parking lot" in ben.status.value
    saved = designkit.load(path)
    texts = [q.text for q in saved.open_questions]
    assert texts[:2] == ["Who owns refunds?", "Which broker?"]
    assert saved.workshop.sessions[0].minutes == 75  # saved first, kept
    parked = saved.open_questions[-1]
    assert parked.path == "workshop.sessions[2].minutes" and parked.source == "merge"
    assert "75" in parked.text and "45" in parked.text
    assert ben.design == saved  # the panel shows what is on disk now
    assert ben.minutes[2].value == 75
