"""Static, deterministic SVG drawings of graphs (no Graphviz or browser needed).

A small layered layout (Sugiyama-style: break cycles, rank by longest path,
order each rank by barycentres) that gives the same bytes for the same graph,
so reports and nbval outputs are stable. Every label is XML-escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import networkx as nx

__all__ = ["PALETTE", "Svg", "layered_svg", "text_colour"]

PALETTE = (  # Tableau 20, dark shades first: distinct for up to 20 groups
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#9c755f",
    "#ff9da7",
    "#bab0ac",
    "#a0cbe8",
    "#ffbe7d",
    "#8cd17d",
    "#ff9d9a",
    "#d4a6c8",
    "#86bcb6",
    "#f1ce63",
    "#d7b5a6",
    "#fabfd2",
    "#79706e",
)
_BOX_W, _BOX_H, _COL, _ROW, _PAD = 160, 34, 230, 50, 20


class Svg(str):
    """SVG text that Jupyter displays as a picture (and prints as its source)."""

    def _repr_svg_(self) -> str:
        return str(self)


@dataclass(frozen=True)
class _Layout:
    rank: dict[str, int]
    order: dict[str, int]


def text_colour(fill: str) -> str:
    """Dark or light text, whichever reads on a ``#rrggbb`` fill (ITU-R BT.601 luma).

    >>> text_colour("#4e79a7"), text_colour("#d9d9d9")
    ('#fff', '#111')
    """
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#111" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#fff"


def _layout(graph: nx.DiGraph[str]) -> _Layout:
    """Rank by the edges that carry ``sync`` (calls); async edges do not stretch the layout."""
    nodes = sorted(graph.nodes)
    ranking: nx.DiGraph[str] = nx.DiGraph()
    ranking.add_nodes_from(nodes)
    ranking.add_edges_from((u, v) for u, v, s in graph.edges(data="sync", default=True) if s)
    dag: nx.DiGraph[str] = nx.DiGraph()
    dag.add_nodes_from(nodes)
    # Break cycles deterministically: DFS in name order, drop edges to ancestors.
    state: dict[str, int] = {}
    for root in nodes:
        if root in state:
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(ranking.successors(root)))]
        state[root] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                continue
            nxt = todo.pop(0)
            if state.get(nxt) == 1:
                continue  # back edge
            dag.add_edge(node, nxt)
            if nxt not in state:
                state[nxt] = 1
                stack.append((nxt, sorted(ranking.successors(nxt))))
    rank: dict[str, int] = {}
    for node in nx.lexicographical_topological_sort(dag):
        preds = list(dag.predecessors(node))
        rank[node] = 1 + max(rank[p] for p in preds) if preds else 0
    ranks: dict[int, list[str]] = {}
    for node in nodes:
        ranks.setdefault(rank[node], []).append(node)
    order = {n: i for r in ranks.values() for i, n in enumerate(r)}
    undirected = graph.to_undirected(as_view=True)
    for sweep in range(4):
        levels = sorted(ranks) if sweep % 2 == 0 else sorted(ranks, reverse=True)
        for level in levels:

            def centre(n: str, level: int = level) -> tuple[float, str]:
                near = [order[m] for m in undirected.neighbors(n) if rank[m] != level]
                return (sum(near) / len(near) if near else order[n], n)

            ranks[level].sort(key=centre)
            for i, n in enumerate(ranks[level]):
                order[n] = i
    return _Layout(rank, order)


def layered_svg(
    graph: nx.DiGraph[str],
    *,
    group: str | None = None,
    title: str | None = None,
    edge_style: Any = None,
) -> Svg:
    """Draw ``graph`` left to right; colour nodes by the node attribute ``group``.

    ``edge_style(data) -> (css class, label)`` styles edges; by default edges with
    ``sync=False`` are dashed. Returns SVG text.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("web", "api"), ("api", "db")])
    >>> svg = layered_svg(g, title="<demo>")
    >>> svg.startswith("<svg") and "&lt;demo&gt;" in svg
    True
    """
    layout = _layout(graph)
    groups = sorted({str(graph.nodes[n].get(group) or "") for n in graph.nodes}) if group else []
    colour = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    ranks = max(layout.rank.values(), default=0) + 1
    rows = max((list(layout.rank.values()).count(r) for r in range(ranks)), default=1)
    top = _PAD + (28 if title else 0)
    width = max(_PAD * 2 + (ranks - 1) * _COL + _BOX_W, 480)
    legend = _legend(groups, colour, width, bool(graph.number_of_edges()))
    legend_top = top + rows * _ROW
    height = legend_top + (max(legend_y for legend_y, _ in legend) + 14 if legend else 0) + _PAD

    def pos(n: str) -> tuple[float, float]:
        return (_PAD + layout.rank[n] * _COL, top + layout.order[n] * _ROW)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12" role="img">',
        '<defs><marker id="dk-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        "<style>.dk-e{fill:none;stroke:#555;stroke-width:1.2}"
        ".dk-async{stroke-dasharray:5 4;stroke:#888}.dk-soft{stroke:#999}"
        ".dk-n{stroke:#333;stroke-width:1}</style>",
    ]
    if title:
        out.append(
            f'<text x="{_PAD}" y="{_PAD + 12}" font-size="15" font-weight="bold">'
            f"{escape(title)}</text>"
        )
    for u, v, data in sorted(graph.edges(data=True)):
        css, label = edge_style(data) if edge_style else _default_style(data)
        (x1, y1), (x2, y2) = pos(u), pos(v)
        y1, y2 = y1 + _BOX_H / 2, y2 + _BOX_H / 2
        if layout.rank[v] > layout.rank[u]:
            x1, x2 = x1 + _BOX_W, x2
            mid = (x1 + x2) / 2
            d = f"M{x1:g},{y1:g} C{mid:g},{y1:g} {mid:g},{y2:g} {x2:g},{y2:g}"
        elif layout.rank[v] == layout.rank[u]:  # same rank: an arc on the right
            x1 = x2 = x1 + _BOX_W
            bulge = x1 + 30 + 6 * abs(layout.order[u] - layout.order[v])
            d = f"M{x1:g},{y1:g} C{bulge:g},{y1:g} {bulge:g},{y2:g} {x2:g},{y2:g}"
        else:  # back edge: from the left of the caller round to the right of the callee
            x2 = x2 + _BOX_W
            dip = max(y1, y2) + _ROW * 0.6
            d = f"M{x1:g},{y1:g} C{x1 - 40:g},{dip:g} {x2 + 40:g},{dip:g} {x2:g},{y2:g}"
        tip = f"<title>{escape(u)} → {escape(v)}{escape(label)}</title>"
        out.append(f'<path class="dk-e {css}" d="{d}" marker-end="url(#dk-arrow)">{tip}</path>')
    for n in sorted(graph.nodes):
        x, y = pos(n)
        g = str(graph.nodes[n].get(group) or "") if group else ""
        fill = colour.get(g, PALETTE[0])
        label = n if len(n) <= 22 else n[:21] + "…"
        tip = f"{n} ({g})" if g else n
        out.append(
            f'<g><title>{escape(tip)}</title><rect class="dk-n" x="{x}" y="{y}" width="{_BOX_W}" '
            f'height="{_BOX_H}" rx="6" fill="{fill}"/><text x="{x + _BOX_W / 2:g}" '
            f'y="{y + _BOX_H / 2 + 4:g}" text-anchor="middle" fill="{text_colour(fill)}">'
            f"{escape(label)}</text></g>"
        )
    for dy, item in legend:
        out.append(
            item.replace("{y}", f"{legend_top + dy:g}")
            .replace("{y-4}", f"{legend_top + dy - 4:g}")
            .replace("{y-10}", f"{legend_top + dy - 10:g}")
        )
    out.append("</svg>")
    return Svg("\n".join(out))


def _legend(
    groups: list[str], colour: dict[str, str], width: int, edges: bool
) -> list[tuple[int, str]]:
    """Legend items (y offset, SVG with {y} placeholders), wrapped to ``width``."""
    items: list[tuple[int, str]] = []
    for g in groups:
        label = escape(g or "(none)")
        items.append(
            (
                20 + 7 * len(g or "(none)"),
                f'<rect x="{{x}}" y="{{y-10}}" width="12" height="12" fill="{colour[g]}"/>'
                f'<text x="{{x+16}}" y="{{y}}">{label}</text>',
            )
        )
    if edges:
        items.append(
            (70, '<path class="dk-e" d="M{x},{y-4} h24"/><text x="{x+28}" y="{y}">sync</text>')
        )
        items.append(
            (
                76,
                '<path class="dk-e dk-async" d="M{x},{y-4} h24"/>'
                '<text x="{x+28}" y="{y}">async</text>',
            )
        )
    placed: list[tuple[int, str]] = []
    x, dy = _PAD, 12
    for w, svg in items:
        if x + w > width - _PAD and x > _PAD:
            x, dy = _PAD, dy + 20
        svg = svg.replace("{x+16}", str(x + 16)).replace("{x+28}", str(x + 28))
        placed.append((dy, svg.replace("{x}", str(x))))
        x += w + 12
    return placed


def _default_style(data: dict[str, Any]) -> tuple[str, str]:
    if data.get("sync", True) is False:
        topic = data.get("topic")
        return "dk-async", f" via {topic}" if topic else " (async)"
    protocol = data.get("protocol")
    soft = "" if data.get("hard", True) else " (soft)"
    return (
        "" if data.get("hard", True) else "dk-soft"
    ), f" [{protocol}]{soft}" if protocol else soft
