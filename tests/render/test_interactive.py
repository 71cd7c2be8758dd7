"""Interactive graphs: offline, escaped, deterministic, folded by context above the threshold."""

from __future__ import annotations

import copy
import json
import re
from html import unescape

import pytest

import designkit
from designkit.analysis import context_map as cm
from designkit.analysis.context_map import UnknownContextError
from designkit.analysis.graph import dependency_graph
from designkit.render.interactive import context_map_html, dependency_html
from designkit.render.vis_page import SEED, InteractiveGraph, vis_library
from designkit.synth import synthesize
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES

HOSTILE = ("<script>alert", "<img src=x", "</script><script>", "<b>bold")


@pytest.fixture
def every_pattern():
    return designkit.load(FIXTURES / "context-map-every-pattern.yaml")


@pytest.fixture
def hostile():
    return designkit.load(FIXTURES / "hostile-names.yaml")


def _srcdoc(view: InteractiveGraph) -> str:
    match = re.search(r'srcdoc="([^"]*)"', view._repr_html_())
    assert match, "no srcdoc attribute"
    return unescape(match.group(1))


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="dk-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_shown_in_a_sandboxed_iframe_holding_the_page(every_pattern):
    view = context_map_html(every_pattern)
    html = view._repr_html_()
    assert html.startswith('<div class="dk-interactive"><iframe ')
    assert 'sandbox="allow-scripts"' in html and "allow-same-origin" not in html
    assert _srcdoc(view) == view.page
    assert view.page.startswith("<!DOCTYPE html>")


def test_stable_plain_text_repr(every_pattern):
    assert repr(context_map_html(every_pattern)) == (
        "<interactive graph 'Context map': 6 contexts, 6 relationships>"
    )
    assert repr(dependency_html(ecommerce())) == (
        "<interactive graph 'Service dependencies': 15 services in 12 contexts, 47 links>"
    )


@pytest.mark.parametrize("draw", [context_map_html, dependency_html])
def test_works_offline(draw, every_pattern):
    page = draw(every_pattern).page
    assert vis_library() in page
    page = page.replace(vis_library(), "")  # its own text mentions "<script>"
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page)
    assert tags == ["<script>", '<script type="application/json" id="dk-data">', "<script>"]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?:""", page)
    assert "default-src 'none'" in page  # the page's CSP forbids any request


@pytest.mark.parametrize("draw", [context_map_html, dependency_html])
def test_user_text_is_escaped_everywhere(draw, hostile):
    view = draw(hostile)
    outer, page = view._repr_html_(), view.page
    for raw in HOSTILE:
        assert raw not in outer
        assert raw not in page  # inside the srcdoc, once unescaped
    # exactly the library, the data and the driver: nothing injected a script
    ours = page.replace(vis_library(), "")
    assert ours.count("<script") == 3
    assert ours.count("</script>") == 3


def test_names_survive_the_escaping_intact(hostile):
    data = _data(dependency_html(hostile).page)
    names = [c["name"] for c in data["drill"]["contexts"]]
    assert "<script>alert(1)</script>" in names and "Say \"hi\" & 'bye' \\N" in names
    links = data["drill"]["links"]
    assert any(link[3] == "async via <script>alert(4)</script>" for link in links)
    page = context_map_html(hostile).page
    nodes = _data(page)["nodes"]
    assert {n["label"].split("\n")[0] for n in nodes} >= {"<script>alert(1)</script>"}


def test_legend_escapes_context_names(hostile):
    view = dependency_html(hostile)
    legend = view.page.split('<div class="dk-legend">', 1)[1].split("</div>", 1)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in legend
    assert "&amp;lt;script&amp;gt;alert(1)" in view._repr_html_()  # escaped twice in srcdoc


@pytest.mark.parametrize("draw", [context_map_html, dependency_html])
def test_same_design_same_bytes(draw, every_pattern):
    first = draw(every_pattern)
    again = draw(copy.deepcopy(every_pattern))
    assert first.page == again.page and first._repr_html_() == again._repr_html_()


def test_order_of_the_file_does_not_change_the_bytes():
    design = ecommerce()
    shuffled = design.model_copy(
        update={
            "services": list(reversed(design.services)),
            "contexts": list(reversed(design.contexts)),
            "context_map": list(reversed(design.context_map)),
        }
    )
    assert dependency_html(shuffled).page == dependency_html(design).page
    assert context_map_html(shuffled).page == context_map_html(design).page


def test_layout_is_seeded(every_pattern):
    options = _data(context_map_html(every_pattern).page)["options"]
    assert options["layout"]["randomSeed"] == SEED
    assert options["physics"]["enabled"] is True


def test_context_map_labels_each_pattern(every_pattern):
    edges = _data(context_map_html(every_pattern).page)["edges"]
    labels = {e["label"]: e for e in edges}
    cs = labels["Customer/Supplier\nU (OHS, PL) → D (ACL)"]
    assert cs["arrows"]["to"]["enabled"] is True and cs["dashes"] is False
    assert labels["U (OHS) → D (CF)"]["arrows"]["to"]["enabled"] is True
    assert labels["U → D"]["smooth"]["type"] == "curvedCW"  # second relation of a pair: bent
    for name in ("Partnership", "Shared Kernel"):
        assert labels[name]["arrows"]["to"]["enabled"] is False and not labels[name]["dashes"]
    assert labels["Separate Ways"]["dashes"] is True


def test_context_map_colours_contexts_by_kind(every_pattern):
    from designkit.render.graph_style import KIND_COLOURS

    nodes = _data(context_map_html(every_pattern).page)["nodes"]
    by_label = {n["label"]: n["color"]["background"] for n in nodes}
    assert by_label["Catalog\ncore"] == KIND_COLOURS["core"]
    assert by_label["Billing\nsupporting"] == KIND_COLOURS["supporting"]
    assert by_label["Identity\ngeneric"] == KIND_COLOURS["generic"]


def test_dependency_links_keep_sync_and_async():
    design = ecommerce()
    graph = dependency_graph(design)
    drill = _data(dependency_html(design).page)["drill"]
    services = [s[0] for s in drill["services"]]
    assert len(drill["links"]) == graph.number_of_edges()
    for u, v, sync, text in drill["links"]:
        data = graph.edges[services[u], services[v]]
        assert sync == (1 if data["sync"] else 0)
        assert text.startswith("async via ") == (not data["sync"])


def test_drill_down_data_covers_every_service():
    design = synthesize(60, 0)
    drill = _data(dependency_html(design, collapse=True).page)["drill"]
    members = sorted(i for c in drill["contexts"] for i in c["services"])
    assert members == list(range(len(design.services)))
    for i, c in enumerate(drill["contexts"]):
        assert all(drill["services"][s][1] == i for s in c["services"])
        assert c["label"].endswith(("service", "services"))
    assert drill["expanded"] == []


def test_driver_opens_and_folds_contexts(every_pattern):
    page = dependency_html(every_pattern).page
    for hook in ('network.on("click"', 'network.on("doubleClick"', "dk-fold"):
        assert hook in page


@pytest.mark.parametrize(("threshold", "folded"), [(15, False), (14, True)])
def test_folds_above_the_threshold(monkeypatch, threshold, folded):
    monkeypatch.setattr(cm, "COLLAPSE_ABOVE", threshold)
    view = dependency_html(ecommerce())  # 15 services
    drill = _data(view.page)["drill"]
    assert (drill["expanded"] == []) is folded
    assert repr(view).endswith("; folded>") is folded
    if not folded:
        assert drill["expanded"] == list(range(len(drill["contexts"])))


def test_collapse_parameter_wins_over_the_threshold():
    assert _data(dependency_html(ecommerce(), collapse=True).page)["drill"]["expanded"] == []
    big = synthesize(cm.COLLAPSE_ABOVE + 1, 0)
    assert _data(dependency_html(big).page)["drill"]["expanded"] == []
    opened = _data(dependency_html(big, collapse=False).page)["drill"]["expanded"]
    assert len(opened) > 1


def test_expand_opens_named_contexts_in_the_folded_view():
    drill = _data(dependency_html(ecommerce(), expand=["Ordering"]).page)["drill"]
    names = [c["name"] for c in drill["contexts"]]
    assert drill["expanded"] == [names.index("Ordering")]
    with pytest.raises(UnknownContextError, match="did you mean 'Ordering'"):
        dependency_html(ecommerce(), expand=["Orderng"])


def test_size_stays_close_to_the_library(every_pattern):
    view = dependency_html(ecommerce())
    assert len(view.page) < 560_000  # the inlined vis-network is about 470 kB
    assert len(view._repr_html_()) < 1.2 * len(view.page)


def test_writes_nothing_and_does_not_mutate(tmp_path, monkeypatch, every_pattern):
    monkeypatch.chdir(tmp_path)
    before = copy.deepcopy(every_pattern)
    context_map_html(every_pattern)._repr_html_()
    dependency_html(every_pattern, collapse=True)._repr_html_()
    assert every_pattern == before
    assert list(tmp_path.iterdir()) == []
