"""A self-contained vis-network page, shown in a sandboxed iframe.

The page inlines the vis-network library that pyvis ships (no CDN: it works
offline and in exported reports), carries the graph as JSON in a
``<script type="application/json">`` block (``<``, ``>`` and ``&`` written as
``\\u003c`` ...), and sets tooltips as plain text, which vis-network 9 shows with
``innerText``. A Content-Security-Policy forbids any network request.

The iframe's ``srcdoc`` keeps vis-network's globals away from JupyterLab and
survives nbconvert; ``sandbox="allow-scripts"`` gives the page no access to the
notebook. Pages are deterministic: sorted JSON, a fixed layout seed.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

__all__ = ["SEED", "VIS_VERSION", "InteractiveGraph", "page", "script_json", "vis_library"]

VIS_VERSION = "9.1.2"
"""The vis-network build (bundled with pyvis) that pages inline."""

SEED = 7
"""vis-network's layout seed: the same graph always starts from the same layout."""

_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
html,body{margin:0;padding:0;font:12px Helvetica,Arial,sans-serif;color:#222;background:#fff}
#dk-net{width:100%;border-top:1px solid #e5e5e5}
.dk-legend{padding:4px 8px;max-height:84px;overflow:auto;line-height:1.7}
.dk-legend b{margin-right:6px}
.dk-key{display:inline-block;margin-right:12px;white-space:nowrap}
.dk-sw{display:inline-block;width:11px;height:11px;border:1px solid #333;margin-right:4px;
vertical-align:-1px}
.dk-line{display:inline-block;width:26px;margin-right:4px;vertical-align:3px;
border-top:2px solid #555}
.dk-line.dk-dash{border-top:2px dashed #999}
.dk-hint{color:#555}
.dk-legend button{font:11px Helvetica,Arial,sans-serif;margin-left:6px}
div.vis-tooltip{position:absolute;visibility:hidden;padding:5px 7px;white-space:pre-line;
font:12px Helvetica,Arial,sans-serif;color:#000;background:#f5f4ed;border:1px solid #808074;
border-radius:3px;box-shadow:3px 3px 10px rgba(0,0,0,.2);pointer-events:none;z-index:5;
max-width:460px}
"""

# Draws data.nodes/data.edges as given, or, with data.drill, the dependency graph
# with each bounded context folded into one node or opened into its services.
_DRIVER = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dk-data").textContent);
  var nodes = new vis.DataSet(), edges = new vis.DataSet(), network = null;
  function draw() {
    // Built after the first view is in the data sets, so vis-network lays it out
    // (seeded, stabilised off screen) before showing it.
    network = new vis.Network(document.getElementById("dk-net"),
      {nodes: nodes, edges: edges}, data.options);
    window.dkNetwork = network;
  }
  if (!data.drill) {
    nodes.add(data.nodes);
    edges.add(data.edges);
    draw();
    return;
  }
  var d = data.drill, open = {}, index = {}, openedAt = 0;
  d.expanded.forEach(function (i) { open[i] = true; });
  d.services.forEach(function (s, i) { index[s[0]] = i; });
  function ctxId(i) { return "ctx:" + i; }
  function rep(s) {
    var c = d.services[s][1];
    return open[c] ? d.services[s][0] : ctxId(c);
  }
  function label(id) {
    return id.indexOf("ctx:") === 0 ? d.contexts[+id.slice(4)].name : id;
  }
  function serviceNode(s) {
    var x = d.services[s], c = d.contexts[x[1]];
    return {id: x[0], label: x[0], title: x[2], font: {color: c.text},
      color: {background: c.color, border: "#333333"}, borderWidth: 1, margin: 8};
  }
  function contextNode(i) {
    var c = d.contexts[i];
    return {id: ctxId(i), label: c.label, title: c.title, font: {color: c.text, size: 16},
      color: {background: c.color, border: "#222222"}, borderWidth: 3, margin: 12};
  }
  function render(near) {
    var want = [], seen = {};
    d.contexts.forEach(function (c, i) {
      if (open[i]) { c.services.forEach(function (s) { want.push(serviceNode(s)); }); }
      else { want.push(contextNode(i)); }
    });
    want.forEach(function (n) { seen[n.id] = true; });
    var at = network && near !== undefined && nodes.get(near) ? network.getPosition(near) : null;
    nodes.remove(nodes.getIds().filter(function (id) { return !seen[id]; }));
    want.forEach(function (n, k) {
      if (at && nodes.get(n.id) === null) {
        n.x = at.x + 60 * Math.cos(k); n.y = at.y + 60 * Math.sin(k);
      }
    });
    nodes.update(want);
    var agg = {}, order = [];
    d.links.forEach(function (l) {
      var a = rep(l[0]), b = rep(l[1]);
      if (a === b) { return; }
      var key = a + " -> " + b, e = agg[key];
      if (!e) { e = agg[key] = {from: a, to: b, n: 0, sync: 0, link: l}; order.push(key); }
      e.n += 1;
      if (l[2]) { e.sync += 1; }
    });
    edges.clear();
    edges.add(order.map(function (key) {
      var e = agg[key], l = e.link, folded = e.from.indexOf("ctx:") === 0 ||
        e.to.indexOf("ctx:") === 0, head = label(e.from) + " \u2192 " + label(e.to) + ": ";
      if (!folded) {
        return {id: key, from: e.from, to: e.to, dashes: !l[2], title: head + l[3],
          color: {color: l[2] ? "#555555" : "#999999"}, width: 1, label: ""};
      }
      var parts = [];
      if (e.sync) { parts.push(e.sync + " sync"); }
      if (e.n - e.sync) { parts.push((e.n - e.sync) + " async"); }
      return {id: key, from: e.from, to: e.to, dashes: e.sync === 0,
        width: 1 + Math.min(4, Math.log2(e.n)), label: e.n > 1 ? e.n + " calls" : "",
        color: {color: e.sync ? "#555555" : "#999999"},
        title: head + e.n + (e.n === 1 ? " call (" : " calls (") + parts.join(", ") + ")"};
    }));
  }
  render();
  draw();
  network.on("click", function (p) {
    if (p.nodes.length !== 1 || String(p.nodes[0]).indexOf("ctx:") !== 0) { return; }
    open[+String(p.nodes[0]).slice(4)] = true;
    openedAt = Date.now();
    render(p.nodes[0]);
  });
  network.on("doubleClick", function (p) {
    var id = p.nodes.length === 1 ? String(p.nodes[0]) : "";
    if (!(id in index) || Date.now() - openedAt < 700) { return; }
    var c = d.services[index[id]][1];
    open[c] = false;
    render(id);
  });
  function all(state) {
    return function () {
      d.contexts.forEach(function (c, i) { open[i] = state; });
      render();
    };
  }
  var fold = document.getElementById("dk-fold"), unfold = document.getElementById("dk-open");
  if (fold) { fold.addEventListener("click", all(false)); }
  if (unfold) { unfold.addEventListener("click", all(true)); }
})();
"""


@cache
def vis_library() -> str:
    """The minified vis-network library bundled with the installed pyvis."""
    spec = importlib.util.find_spec("pyvis")  # locate it without importing pyvis (and IPython)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyvis is not installed; it ships the vis-network library")
    root = Path(next(iter(spec.submodule_search_locations)))
    text = (root / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js").read_text("utf-8")
    if "</script" in text.lower():
        raise ValueError("the vis-network library cannot be inlined: it contains '</script'")
    return text


def script_json(value: Any) -> str:
    """``value`` as sorted JSON that cannot end or break out of a ``<script>`` element.

    Examples
    --------
    >>> script_json({"b": "</script><b>&", "a": 1})
    '{"a":1,"b":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def page(title: str, legend: str, data: dict[str, Any], height: int) -> str:
    """The whole HTML document: library, legend (already escaped HTML), data, driver."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        f"<title>{escape(title)}</title><style>{_CSS}</style>\n"
        f"<script>{vis_library()}</script>\n</head><body>\n"
        f'<div class="dk-legend">{legend}</div>\n'
        f'<div id="dk-net" style="height:{height}px"></div>\n'
        f'<script type="application/json" id="dk-data">{script_json(data)}</script>\n'
        f"<script>{_DRIVER}</script>\n</body></html>\n"
    )


@dataclass(frozen=True)
class InteractiveGraph:
    """An interactive graph: a standalone HTML page, shown in Jupyter inside an iframe.

    ``page`` is the whole document (write it to a file to open it in a browser);
    ``html()`` the iframe that notebooks and reports embed.
    """

    title: str
    page: str
    nodes: int
    edges: int
    height: int = 600
    summary: str = ""

    def html(self) -> str:
        """The ``<iframe srcdoc>`` fragment; hidden when printed (the static figure prints)."""
        return (
            '<div class="dk-interactive">'
            f'<iframe title="{escape(self.title)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{self.height + 96}px;border:1px solid #ddd;'
            f'border-radius:4px" srcdoc="{escape(self.page, quote=True)}"></iframe></div>'
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return f"<interactive graph {self.title!r}: {self.summary or f'{self.nodes} nodes'}>"
