"""Graphviz DOT text of the context map and of the service dependency graph.

Built as text in sorted order, so the same design gives the same bytes. Nodes get
generated ids (``n0``, ``n1``, ...) and every label a person typed is quoted by
:func:`quote` (plain labels) or :func:`html_text` (inside HTML-like labels), so no
name can close a string, start an HTML-like label or smuggle an escape sequence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

import networkx as nx

from ..analysis.context_map import NO_CONTEXT, Relationship
from .graph_style import (
    KIND_COLOURS,
    NO_CONTEXT_COLOUR,
    PATTERN_KEY,
    edge_tooltip,
    node_tooltip,
    plural,
    text_colour,
)

__all__ = [
    "LAYERED_MAX_EDGES",
    "LAYERED_MAX_FOLDED_EDGES",
    "Dot",
    "context_map_dot",
    "dependency_dot",
    "engine_for",
    "html_text",
    "quote",
]

LAYERED_MAX_EDGES = 1000
"""Service graphs up to this many edges get dot's layered layout (500 services: about 1 s)."""

LAYERED_MAX_FOLDED_EDGES = 150
"""Graphs of contexts are dense and cyclic, where dot slows down sharply (72 contexts with
400 edges: 19 s); above this many edges they get a force-directed layout instead."""

_SPLINES_MAX_EDGES = 500  # curved edges routed round nodes: minutes beyond this
_NEATO_MAX_NODES = 1000  # neato's stress layout is quadratic; sfdp scales further

_FONT = "Helvetica,Arial,sans-serif"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass
class Dot:
    """DOT source and the tooltip text of each generated id (for the SVG's titles)."""

    source: str
    titles: dict[str, str] = field(default_factory=dict)
    engine: str = "dot"
    """The Graphviz layout program to run (dot, neato or sfdp)."""
    """``n3`` -> node text, ``n3->n5`` -> edge text, ``cluster_1`` -> context, ``G`` -> title."""


def quote(text: str) -> str:
    r"""A DOT double-quoted string that shows ``text`` literally as a label.

    Backslashes are doubled (Graphviz reads ``\N``, ``\n`` and friends in labels)
    and quotes escaped; control characters become spaces.

    Examples
    --------
    >>> print(quote('say "hi" \\N'))
    "say \"hi\" \\N"
    >>> quote("<b>x</b>")  # quoted, so never an HTML-like label
    '"<b>x</b>"'
    """
    clean = _CONTROL.sub(" ", text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{clean}"'


def html_text(text: str) -> str:
    r"""``text`` escaped for the inside of a Graphviz HTML-like label.

    Markup characters become entities; backslashes are doubled, since Graphviz
    expands ``\N`` (the node's id) and friends in HTML-like text too.

    Examples
    --------
    >>> html_text('<script>"&"</script>')
    '&lt;script&gt;&quot;&amp;&quot;&lt;/script&gt;'
    >>> print(html_text("a \\N"))
    a \\N
    """
    return escape(_CONTROL.sub(" ", text), quote=True).replace("\\", "\\\\")


def engine_for(nodes: int, edges: int, *, folded: bool) -> str:
    """The Graphviz layout for a graph: dot's layers while they stay fast, else force-directed.

    Examples
    --------
    >>> engine_for(15, 47, folded=False), engine_for(72, 400, folded=True)
    ('dot', 'neato')
    >>> engine_for(5000, 9899, folded=False)
    'sfdp'
    """
    if edges <= (LAYERED_MAX_FOLDED_EDGES if folded else LAYERED_MAX_EDGES):
        return "dot"
    return "neato" if nodes <= _NEATO_MAX_NODES else "sfdp"


def _header(
    title: str, engine: str, edges: int, rankdir: str, nodesep: float, ranksep: float
) -> list[str]:
    label = f"label=<<B>{html_text(title)}</B>>, " if title else ""
    if engine == "dot":
        layout = f"rankdir={rankdir}, newrank=true, nodesep={nodesep:g}, ranksep={ranksep:g}"
    else:
        splines = "true" if edges <= _SPLINES_MAX_EDGES else "false"
        layout = f'overlap=false, splines={splines}, sep="+10"'
    return [
        "digraph G {",
        f'graph [{layout}, fontname="{_FONT}", fontsize=12, labelloc=t, labeljust=l, '
        f"{label}outputorder=edgesfirst];",
        f'node [fontname="{_FONT}", fontsize=10, color="#333333", penwidth=1];',
        f'edge [fontname="{_FONT}", fontsize=8, color="#555555", arrowsize=0.7];',
    ]


def _swatch(colour: str, text: str, border: str = "#333333") -> str:
    return (
        f'<TR><TD WIDTH="14" HEIGHT="12" BGCOLOR="{colour}" COLOR="{border}"></TD>'
        f'<TD ALIGN="LEFT">{html_text(text)}</TD></TR>'
    )


def _key(sample: str, text: str) -> str:
    return f'<TR><TD>{sample}</TD><TD ALIGN="LEFT">{html_text(text)}</TD></TR>'


_LEGEND_TITLES = {"cluster_legend": "Legend", "legend": "Legend"}


def _legend(rows: list[str]) -> list[str]:
    table = (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">'
        '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>' + "".join(rows) + "</TABLE>>"
    )
    return [
        'subgraph cluster_legend { style="rounded"; color="#bbbbbb"; label=""; ',
        f"legend [shape=plaintext, fontsize=9, label={table}]; }}",
    ]


def context_map_dot(graph: nx.DiGraph[str], title: str = "Context map") -> Dot:
    """DOT of a :func:`~designkit.analysis.context_map.context_map_graph`, drawn as
    Context Mapper does: undirected bold lines, ``U``/``D`` boxes with their
    patterns at the ends, the symmetric kinds written on the line.

    Examples
    --------
    >>> from designkit.analysis.context_map import Relationship
    >>> g = nx.DiGraph()
    >>> g.add_node("A", kind="core", services=())
    >>> g.add_node("B", kind="generic", services=())
    >>> r = Relationship("customer-supplier", "Customer/Supplier", False, ("OHS",), ("ACL",))
    >>> g.add_edge("A", "B", relations=(r,))
    >>> dot = context_map_dot(g)
    >>> "taillabel=<" in dot.source and ">OHS</TD>" in dot.source
    True
    """
    ids = {n: f"n{i}" for i, n in enumerate(sorted(graph.nodes))}
    edges = sum(len(graph.edges[e]["relations"]) for e in graph.edges)
    engine = engine_for(graph.number_of_nodes(), edges, folded=True)
    out = _header(title, engine, edges, "TB", nodesep=0.9, ranksep=1.1)  # room for U/D boxes
    titles = {"G": title, **_LEGEND_TITLES}
    for n in sorted(graph.nodes):
        data = graph.nodes[n]
        kind = str(data.get("kind") or "supporting")
        fill = KIND_COLOURS.get(kind, KIND_COLOURS["supporting"])
        count = len(data.get("services", ()))
        sub = f"{kind} · {plural(count, 'service')}"
        out.append(
            f'{ids[n]} [shape=box, style="rounded,filled,bold", margin="0.25,0.12", '
            f'fillcolor="{fill}", fontcolor="{text_colour(fill)}", fontsize=12, '
            f'label=<{html_text(n)}<BR/><FONT POINT-SIZE="9">{html_text(sub)}</FONT>>];'
        )
        lines = [n, sub]
        if data.get("team"):
            lines.append(f"team: {data['team']}")
        if data.get("description"):
            lines.append(str(data["description"]))
        titles[ids[n]] = "\n".join(lines)
    for u, v in sorted(graph.edges):
        relations: tuple[Relationship, ...] = graph.edges[u, v]["relations"]
        for rel in relations:
            out.append(f"{ids[u]} -> {ids[v]} [{_relation_attrs(rel)}];")
        titles[f"{ids[u]}->{ids[v]}"] = "\n".join(
            f"{u} → {v}: {r.text or 'upstream-downstream'}"
            + (f"\n{r.description}" if r.description else "")
            for r in relations
        )
    rows = [_swatch(c, k) for k, c in KIND_COLOURS.items()]
    rows += [_key(a, b) for a, b in PATTERN_KEY]
    rows.append(_key("- - -", "separate ways"))
    out += [*_legend(rows), "}"]
    return Dot("\n".join(out) + "\n", titles, engine)


def _ends(mark: str, patterns: tuple[str, ...]) -> str:
    cells = f'<TD BGCOLOR="white">{mark}</TD>'
    if patterns:
        cells += f'<TD BGCOLOR="white">{html_text(", ".join(patterns))}</TD>'
    border = "1" if patterns else "0"
    return f'<<TABLE BORDER="0" CELLBORDER="{border}" CELLSPACING="0"><TR>{cells}</TR></TABLE>>'


def _relation_attrs(rel: Relationship) -> str:
    style = "dashed" if rel.kind == "separate-ways" else "bold"
    attrs = [f"dir=none, style={style}, fontsize=10, penwidth=1.5"]
    if rel.name:
        attrs.append(f"label={quote(rel.name)}")
    if not rel.symmetric:
        attrs.append(f"taillabel={_ends('U', rel.upstream_patterns)}")
        attrs.append(f"headlabel={_ends('D', rel.downstream_patterns)}")
        attrs.append("labeldistance=2.2, labelangle=0")
    return ", ".join(attrs)


def dependency_dot(
    graph: nx.DiGraph[str], colours: Mapping[str, str], title: str = "Service dependencies"
) -> Dot:
    """DOT of a dependency graph, full or collapsed by context (or a mix).

    Services sit in a box per bounded context and take its colour; collapsed
    contexts are bold boxes with their service count, their edges as wide as the
    calls they stand for. Solid edges are synchronous calls, dashed ones go
    through a topic (labelled with it).

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_node("web", context="Sales")
    >>> g.add_node("stock", context="Stock")
    >>> g.add_edge("web", "stock", sync=False, topic="orders", protocol="async")
    >>> src = dependency_dot(g, {"Sales": "#4e79a7", "Stock": "#f28e2b"}).source
    >>> "style=dashed" in src and 'label="orders"' in src
    True
    """
    ids = {n: f"n{i}" for i, n in enumerate(sorted(graph.nodes))}
    folded = any(graph.nodes[n].get("type") == "context" for n in graph.nodes)
    engine = engine_for(graph.number_of_nodes(), graph.number_of_edges(), folded=folded)
    out = _header(title, engine, graph.number_of_edges(), "LR", nodesep=0.3, ranksep=0.7)
    titles = {"G": title, **_LEGEND_TITLES}
    clusters: dict[str, list[str]] = {}
    for n in sorted(graph.nodes):
        data = graph.nodes[n]
        ctx = str(data.get("context") or NO_CONTEXT)
        fill = colours.get(ctx, NO_CONTEXT_COLOUR)
        titles[ids[n]] = node_tooltip(n, data)
        if data.get("type") == "context":
            count = len(data.get("services", ()))
            out.append(
                f'{ids[n]} [shape=box, style="rounded,filled,bold", penwidth=2, fontsize=11, '
                f'fillcolor="{fill}", fontcolor="{text_colour(fill)}", label=<{html_text(n)}'
                f'<BR/><FONT POINT-SIZE="8">{plural(count, "service")}</FONT>>];'
            )
            continue
        node = (
            f'{ids[n]} [shape=box, style="rounded,filled", fillcolor="{fill}", '
            f'fontcolor="{text_colour(fill)}", label={quote(n)}];'
        )
        if ctx == NO_CONTEXT:
            out.append(node)
        else:
            clusters.setdefault(ctx, []).append(node)
    for i, ctx in enumerate(sorted(clusters)):
        colour = colours.get(ctx, NO_CONTEXT_COLOUR)
        out.append(
            f'subgraph cluster_{i} {{ label={quote(ctx)}; style="rounded,dashed"; '
            f'color="{colour}"; fontcolor="#333333"; fontsize=10;'
        )
        out += [*clusters[ctx], "}"]
        titles[f"cluster_{i}"] = ctx
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        out.append(f"{ids[u]} -> {ids[v]} [{_call_attrs(data)}];")
        titles[f"{ids[u]}->{ids[v]}"] = edge_tooltip(u, v, data)
    rows = [_swatch(colours.get(c, NO_CONTEXT_COLOUR), c) for c in sorted(clusters)]
    if any(graph.nodes[n].get("context") is None for n in graph.nodes):
        rows.append(_swatch(NO_CONTEXT_COLOUR, NO_CONTEXT))
    rows.append(_key("&#8212;&#8212;", "synchronous call"))
    rows.append(_key("- - -", "asynchronous, via the topic named"))
    if folded:
        rows.append(_key("", "bold box: a bounded context, collapsed"))
        rows.append(_key("", "edge width and label: calls it stands for"))
    out += [*_legend(rows), "}"]
    return Dot("\n".join(out) + "\n", titles, engine)


def _call_attrs(data: Mapping[str, object]) -> str:
    sync = bool(data.get("sync", True))
    attrs = ["style=solid" if sync else 'style=dashed, color="#888888"']
    calls = data.get("calls")
    if isinstance(calls, int) and ("sync_calls" in data and not data.get("protocol")):
        attrs.append(f"penwidth={1 + min(4.0, math.log2(max(calls, 1))):.2f}")
        if calls > 1:
            attrs.append(f"label={quote(f'{calls} calls')}")
    elif not sync and data.get("topic"):
        attrs.append(f'label={quote(str(data["topic"]))}, fontcolor="#666666"')
    elif not data.get("hard", True):
        attrs.append('color="#999999"')
    return ", ".join(attrs)
