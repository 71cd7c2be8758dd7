import xml.etree.ElementTree as ET

from designkit.render.glance import glance


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
