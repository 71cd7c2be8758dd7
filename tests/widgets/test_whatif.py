import designkit
from designkit.widgets.whatif import WhatIfPanel
from tests.conftest import EXAMPLES


def _replicas(panel):
    return sum(s.replicas for s in panel.result.capacity.services.values())


def test_sliders_recompute_and_leave_the_design_alone():
    design = designkit.load(EXAMPLES / "ecommerce.yaml")
    before = design.model_dump()
    panel = WhatIfPanel(design)
    base = _replicas(panel)
    panel.traffic.value = 10.0
    assert _replicas(panel) > base
    panel.objective.value = 0.99999
    assert not panel.result.slo.journeys["checkout"].meets
    panel.service.value = "order"
    panel.service_availability.value = 0.99
    assert panel.result.design.service("order").profile.availability == 0.99
    assert design.model_dump() == before
