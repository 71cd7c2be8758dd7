from designkit.analysis.decomposition import decompose
from designkit.widgets.decomposition import DecompositionPanel
from tests.analysis._examples import ecommerce


def test_controls_recut_and_leave_the_design_alone():
    design = ecommerce()
    before = design.model_dump()
    panel = DecompositionPanel(design, show_svg=False)
    assert panel.result.to_dict() == decompose(design).to_dict()
    assert len(panel.sliders) == 16
    base = panel.result
    panel.sliders["latency"].value = "XXL"
    assert panel.priorities()["latency"] == "XXL"
    assert panel.result.priorities["latency"] == 13.0
    assert panel.result.to_dict() != base.to_dict()
    panel.services.value = 4
    assert len(panel.result.candidates) == 4
    panel.algorithm.value = "louvain"
    assert panel.result.algorithm == "louvain"
    assert panel.comparison is not None and panel.comparison.candidates["groups"] == 4
    assert design.model_dump() == before
