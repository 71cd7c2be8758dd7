"""Tables of saga participants and the failure simulation."""

from __future__ import annotations

import pytest

from designkit.analysis import saga_flow, saga_simulation
from designkit.render import saga_tables
from tests.analysis._examples import ecommerce
from tests.render._phase3 import EXAMPLE_NAMES, check_empty, check_example

VIEWS = {
    "participants": lambda d: saga_tables.participants(saga_flow.participants(d)),
    "simulation": lambda d: saga_tables.simulation(saga_simulation.simulate_all(d)),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("example_name", EXAMPLE_NAMES)
def test_views_of_the_examples(name, example_name):
    check_example(VIEWS[name], example_name)


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_views_of_an_empty_design(name):
    check_empty(VIEWS[name])


def test_simulation_rows():
    frame = VIEWS["simulation"](ecommerce())
    row = frame.loc[("order-saga", 4)]
    assert row["Final state"] == "compensated"
    assert row["Compensations run"].startswith("reserve-stock (inventory): ReleaseStock")
    assert frame.loc[("order-saga", 5), "Final state"] == "completed forward"


def test_participant_rows():
    frame = VIEWS["participants"](ecommerce())
    assert frame.loc[("order-saga", "order"), "Role"] == "orchestrator and participant"
    assert frame.loc[("order-saga", "shipping"), "Receives"] == "shipping-commands: CreateShipment"
