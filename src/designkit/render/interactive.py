"""Interactive context map and service dependency graph (vis-network, through pyvis).

Each function returns an :class:`~designkit.render.vis_page.InteractiveGraph`: a
standalone page that Jupyter shows in a sandboxed iframe, works offline (the
vis-network library pyvis bundles is inlined) and is the same bytes for the same
design. Nothing is written to disk.

Dependency graphs of more than :data:`~designkit.analysis.context_map.COLLAPSE_ABOVE`
services open folded into one node per bounded context. Click a context to open
it into its services; double-click a service to fold its context back.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from functools import cache
from html import escape
from typing import Any

import networkx as nx

from ..analysis.context_map import (
    COLLAPSE_ABOVE,
    NO_CONTEXT,
    check_context,
    context_map_graph,
    contexts_of,
    should_collapse,
)
from ..analysis.graph import dependency_graph
from ..model import Design
from .graph_style import (
    KIND_COLOURS,
    PATTERN_KEY,
    context_colours,
    edge_summary,
    node_tooltip,
    plural,
    text_colour,
)
from .vis_page import SEED, InteractiveGraph, page

__all__ = ["InteractiveGraph", "context_map_html", "dependency_html", "network_options"]

_LEGEND_CONTEXTS = 40  # beyond this the legend lists "... and N more"


@cache
def _pyvis_options() -> str:
    """pyvis's network options with Barnes-Hut physics tuned for service graphs (JSON)."""
    from pyvis.network import Network  # type: ignore[import-untyped]  # imports IPython: lazily

    net = Network(directed=True)
    net.barnes_hut(
        gravity=-9000, central_gravity=0.2, spring_length=190, spring_strength=0.02, overlap=0.7
    )
    return str(net.options.to_json())


def network_options(nodes: int) -> dict[str, Any]:
    """vis-network options for a graph of about ``nodes`` nodes: pyvis's defaults, a fixed
    layout seed, continuous edge curves, hover tooltips, stabilisation scaled to size.

    Examples
    --------
    >>> options = network_options(10)
    >>> options["layout"]["randomSeed"], options["physics"]["enabled"]
    (7, True)
    """
    options: dict[str, Any] = copy.deepcopy(json.loads(_pyvis_options()))
    options["layout"] = {"randomSeed": SEED, "improvedLayout": nodes <= 100}
    options["physics"]["stabilization"].update(
        iterations=min(1000, 150 + 4 * nodes), updateInterval=50, fit=True
    )
    options["physics"]["minVelocity"] = 0.75
    options["edges"] = {
        "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
        "color": {"inherit": False, "color": "#555555"},
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        "font": {"size": 11, "face": "Helvetica, Arial, sans-serif", "strokeWidth": 3},
        "width": 1,
    }
    options["nodes"] = {
        "shape": "box",
        "margin": 8,
        "font": {"size": 13, "face": "Helvetica, Arial, sans-serif"},
    }
    options["interaction"].update(hover=True, tooltipDelay=150, keyboard=False)
    return options


def _key(colour: str, text: str) -> str:
    return (
        f'<span class="dk-key"><span class="dk-sw" style="background:{colour}"></span>'
        f"{escape(text)}</span>"
    )


def _line(dashed: bool, text: str) -> str:
    css = "dk-line dk-dash" if dashed else "dk-line"
    return f'<span class="dk-key"><span class="{css}"></span>{escape(text)}</span>'


def context_map_html(
    design: Design, *, title: str = "Context map", height: int = 520
) -> InteractiveGraph:
    """The context map, interactive: contexts coloured core/supporting/generic, each
    relationship labelled with its DDD pattern (arrows run upstream to downstream).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "contexts": [{"name": "Sales", "kind": "core"}, {"name": "Billing"}],
    ...     "context_map": [{"upstream": "Sales", "downstream": "Billing",
    ...                      "kind": "customer-supplier"}]})
    >>> view = context_map_html(d)
    >>> view
    <interactive graph 'Context map': 2 contexts, 1 relationship>
    >>> "Customer/Supplier" in view.page and "https://cdn" not in view.page
    True
    """
    graph = context_map_graph(design)
    ids = {n: f"c{i}" for i, n in enumerate(sorted(graph.nodes))}
    nodes: list[dict[str, Any]] = []
    for n in sorted(graph.nodes):
        data = graph.nodes[n]
        kind = str(data.get("kind") or "supporting")
        fill = KIND_COLOURS.get(kind, KIND_COLOURS["supporting"])
        services = list(data.get("services", ()))
        tip = [f"{n} ({kind})", f"services: {', '.join(services) or 'none'}"]
        if data.get("team"):
            tip.append(f"team: {data['team']}")
        if data.get("description"):
            tip.append(str(data["description"]))
        nodes.append(
            {
                "id": ids[n],
                "label": f"{n}\n{kind}",
                "title": "\n".join(tip),
                "color": {"background": fill, "border": "#333333"},
                "font": {"color": text_colour(fill), "size": 15},
                "borderWidth": 2 if kind == "core" else 1,
                "margin": 12,
            }
        )
    edges: list[dict[str, Any]] = []
    pairs: dict[frozenset[str], int] = {}
    for u, v in sorted(graph.edges):
        for rel in graph.edges[u, v]["relations"]:
            nth = pairs.get(frozenset((u, v)), 0)
            pairs[frozenset((u, v))] = nth + 1
            ends = "" if rel.symmetric else f"{rel.upstream_end} → {rel.downstream_end}"
            edge: dict[str, Any] = {
                "id": f"r{len(edges)}",
                "from": ids[u],
                "to": ids[v],
                "label": "\n".join(p for p in (rel.name, ends) if p),
                "title": f"{u} → {v}: {rel.text}"
                + (f"\n{rel.description}" if rel.description else ""),
                "arrows": {"to": {"enabled": not rel.symmetric}},
                "dashes": rel.kind == "separate-ways",
                "width": 2,
            }
            if nth:  # a second relation between the same two contexts: bend it apart
                edge["smooth"] = {"type": "curvedCW", "roundness": 0.25 * nth}
            edges.append(edge)
    legend = (
        f"<b>{escape(title)}</b>"
        + "".join(_key(c, k) for k, c in KIND_COLOURS.items())
        + _line(False, "relationship (arrow: upstream → downstream)")
        + _line(True, "separate ways")
        + '<br><span class="dk-hint">'
        + " · ".join(f"{escape(a)}: {escape(b)}" for a, b in PATTERN_KEY)
        + "</span>"
    )
    data = {"options": network_options(len(nodes)), "nodes": nodes, "edges": edges}
    summary = f"{plural(len(nodes), 'context')}, {plural(len(edges), 'relationship')}"
    return InteractiveGraph(
        title, page(title, legend, data, height), len(nodes), len(edges), height, summary
    )


def dependency_html(
    design: Design,
    *,
    collapse: bool | None = None,
    expand: Iterable[str] = (),
    title: str = "Service dependencies",
    height: int = 620,
) -> InteractiveGraph:
    """The service dependency graph, interactive, coloured by bounded context: solid
    arrows for synchronous calls, dashed ones through a topic (tooltips say which).

    Parameters
    ----------
    design : Design
    collapse : bool, optional
        Open with every context folded into one node (edges labelled with the
        calls they stand for). By default only above ``COLLAPSE_ABOVE`` services.
    expand : iterable of str
        Contexts to open into their services when the graph starts folded.
    title, height
        The legend's title; the drawing's height in pixels.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "contexts": [{"name": "S"}],
    ...     "services": [{"name": "a", "context": "S", "dependencies": [{"target": "b"}]},
    ...                  {"name": "b", "context": "S"}]})
    >>> dependency_html(d)
    <interactive graph 'Service dependencies': 2 services in 1 context, 1 link>
    >>> dependency_html(d, collapse=True)
    <interactive graph 'Service dependencies': 2 services in 1 context, 1 link; folded>
    """
    full = dependency_graph(design)
    names = contexts_of(full)
    opened = list(expand)
    for name in opened:
        check_context(name, names)
    colours = context_colours(names)
    position = {c: i for i, c in enumerate(names)}
    services = sorted(full.nodes)
    index = {s: i for i, s in enumerate(services)}
    members: dict[str, list[int]] = {c: [] for c in names}
    rows: list[list[Any]] = []
    for s in services:
        ctx = _context_of(full, s)
        members[ctx].append(index[s])
        rows.append([s, position[ctx], node_tooltip(s, full.nodes[s])])
    links: list[list[Any]] = []
    inside = dict.fromkeys(names, 0)
    for u, v, data in sorted(full.edges(data=True), key=lambda e: (e[0], e[1])):
        links.append([index[u], index[v], 1 if data.get("sync", True) else 0, edge_summary(data)])
        if _context_of(full, u) == _context_of(full, v):
            inside[_context_of(full, u)] += 1
    contexts = []
    for c in names:
        tip = node_tooltip(
            c,
            {
                "type": "context",
                "context": c,
                "services": [services[i] for i in members[c]],
                "internal_calls": inside[c],
            },
        )
        n = len(members[c])
        contexts.append(
            {
                "name": c,
                "label": f"{c}\n{plural(n, 'service')}",
                "title": tip + "\n(click to open)",
                "color": colours[c],
                "text": text_colour(colours[c]),
                "services": members[c],
            }
        )
    folded = bool(opened) or should_collapse(full, collapse)
    expanded = [position[c] for c in opened] if folded else list(range(len(names)))
    visible = len(names) + sum(len(members[names[i]]) - 1 for i in expanded)
    data = {
        "options": network_options(visible),
        "drill": {"contexts": contexts, "services": rows, "links": links, "expanded": expanded},
    }
    summary = (
        f"{plural(len(services), 'service')} in {plural(len(names), 'context')}, "
        f"{plural(len(links), 'link')}" + ("; folded" if folded else "")
    )
    return InteractiveGraph(
        title,
        page(title, _dependency_legend(title, names, colours, len(services)), data, height),
        len(services),
        len(links),
        height,
        summary,
    )


def _context_of(graph: nx.DiGraph[str], service: str) -> str:
    return str(graph.nodes[service].get("context") or NO_CONTEXT)


def _dependency_legend(title: str, names: list[str], colours: dict[str, str], size: int) -> str:
    shown = names[:_LEGEND_CONTEXTS]
    more = len(names) - len(shown)
    buttons = '<button id="dk-fold" type="button">Fold all</button>'
    if size <= COLLAPSE_ABOVE:
        buttons += '<button id="dk-open" type="button">Open all</button>'
    return (
        f"<b>{escape(title)}</b>"
        + _line(False, "synchronous call")
        + _line(True, "asynchronous, via a topic")
        + '<span class="dk-hint">Click a context to open it into its services; '
        + "double-click a service to fold its context. Hover for details.</span>"
        + buttons
        + "<br>"
        + "".join(_key(colours[c], c) for c in shown)
        + (f'<span class="dk-key">... and {more} more contexts</span>' if more else "")
    )
