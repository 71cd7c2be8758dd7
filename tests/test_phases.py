import pytest

from designkit.phases import PHASES, phase
from tests.conftest import ROOT


def test_one_notebook_per_phase_in_order():
    assert [p.number for p in PHASES] == list(range(9))
    for p in PHASES:
        assert (ROOT / "notebooks" / p.notebook).is_file()


def test_unknown_phase():
    with pytest.raises(KeyError, match="phases are 0-8"):
        phase("nine")
