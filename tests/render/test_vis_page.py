"""The standalone vis-network page and its iframe."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from designkit.render import vis_page
from designkit.render.vis_page import InteractiveGraph, page, script_json, vis_library


@pytest.mark.parametrize(
    "value",
    ["</script><script>alert(1)</script>", "a & b > c", "line\u2028sep\u2029", "<!--"],
)
def test_script_json_cannot_break_out_and_round_trips(value):
    text = script_json({"v": value})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"v": value}


def test_script_json_is_sorted_and_compact():
    assert script_json({"b": 1, "a": [1, 2]}) == '{"a":[1,2],"b":1}'


def test_page_inlines_the_library_and_the_data():
    html = page("T <1>", "<b>legend</b>", {"nodes": [], "edges": []}, 300)
    assert vis_library() in html
    assert "<title>T &lt;1&gt;</title>" in html
    assert '<div id="dk-net" style="height:300px">' in html
    assert '<meta http-equiv="Content-Security-Policy"' in html
    data = re.search(r'id="dk-data">(.*?)</script>', html).group(1)
    assert json.loads(data) == {"edges": [], "nodes": []}


def test_iframe_srcdoc_round_trips_and_hides_in_print():
    view = InteractiveGraph('A "title"', "<p title=\"x\">&amp; 'q'</p>", 1, 0, 200, "1 node")
    html = view._repr_html_()
    assert 'title="A &quot;title&quot;"' in html and 'class="dk-interactive"' in html
    srcdoc = re.search(r'srcdoc="([^"]*)"', html).group(1)
    assert unescape(srcdoc) == view.page
    assert "height:296px" in html  # the drawing plus the legend
    assert repr(view) == "<interactive graph 'A \"title\"': 1 node>"


def test_missing_pyvis_is_named(monkeypatch):
    vis_library.cache_clear()
    monkeypatch.setattr(vis_page.importlib.util, "find_spec", lambda name: None)
    try:
        with pytest.raises(ModuleNotFoundError, match="pyvis is not installed"):
            vis_library()
    finally:
        vis_library.cache_clear()
