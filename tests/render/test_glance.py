import xml.etree.ElementTree as ET

from designkit.render.glance import glance, glance_parts, prints_on_one_page


def test_glance_has_the_headlines(small_shop):
    html = glance(small_shop)
    for heading in (
        "The design at a glance",
        "Dependencies between bounded contexts",
        "Service level objectives",
        "Progress by phase",
    ):
        assert heading in html
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    ET.fromstring(svg)  # the inline graph is well-formed


def test_glance_escapes_user_text(small_shop):
    small_shop.contexts[0].name = "Sales"  # keep references valid
    small_shop.slos[0].name = "<script>x</script>"
    html = glance(small_shop)
    assert "<script>x" not in html and "&lt;script&gt;x" in html


def test_glance_leaves_findings_to_the_summary(small_shop):
    assert "Top findings" not in glance(small_shop)


def test_a_graph_too_big_for_a_page_prints_as_a_matrix():
    import re

    import designkit
    from designkit.analysis.context_map import collapse_by_context
    from designkit.analysis.graph import dependency_graph
    from designkit.synth import synthesize
    from tests.conftest import EXAMPLES

    for design in (synthesize(100, seed=0), designkit.load(EXAMPLES / "banking.yaml")):
        graph_part = glance_parts(design)[1]
        # The drawing stays on screen; print gets the matrix, one row per context.
        assert '<div class="dk-screen-only"><svg' in graph_part
        printed = graph_part[graph_part.index('class="dk-print-only"') :]
        collapsed = collapse_by_context(dependency_graph(design))
        assert printed.count('scope="row"') == collapsed.number_of_nodes()
        counts = [int(n) for n in re.findall(r'<td class="dk-num">(\d+)</td>', printed)]
        assert sum(counts) == sum(d["calls"] for _, _, d in collapsed.edges(data=True))


def test_a_small_graph_prints_as_drawn():
    assert prints_on_one_page('<svg viewBox="0 0 500 300"><text font-size="11">a</text></svg>')
    # 1000 px wide at 8 px labels: 7 pt labels need 1167 px, past a landscape page.
    assert not prints_on_one_page('<svg viewBox="0 0 1000 300"><text font-size="8">a</text></svg>')
    # Wide enough, but too tall for one page at that scale.
    assert not prints_on_one_page('<svg viewBox="0 0 400 900"><text font-size="10">a</text></svg>')
