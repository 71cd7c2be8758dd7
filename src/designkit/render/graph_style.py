"""What the static and interactive graphs share: colours, tooltips and legend text.

Both renderers colour a context the same way and describe an edge in the same
words, so the interactive graph in a notebook and the static one in the PDF
read alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..analysis.context_map import NO_CONTEXT
from .svg import PALETTE
from .svg import text_colour as svg_text_colour

__all__ = [
    "KIND_COLOURS",
    "NO_CONTEXT_COLOUR",
    "PATTERN_KEY",
    "context_colours",
    "edge_summary",
    "edge_tooltip",
    "node_tooltip",
    "plural",
    "text_colour",
]

KIND_COLOURS = {"core": "#4e79a7", "supporting": "#a0cbe8", "generic": "#d9d9d9"}
"""Bounded contexts by strategic importance: the darker, the closer to the core."""

NO_CONTEXT_COLOUR = "#e6e6e6"
"""Services outside any bounded context (gateways, platform services): a light grey
that no context colour uses."""

PATTERN_KEY = (
    ("U", "upstream"),
    ("D", "downstream"),
    ("OHS", "open host service"),
    ("PL", "published language"),
    ("CF", "conformist"),
    ("ACL", "anticorruption layer"),
)
"""The abbreviations on a context map's relationship ends."""


def context_colours(contexts: Iterable[str]) -> dict[str, str]:
    """A palette colour per context, in name order (the same in every drawing);
    services without a context are grey.

    Examples
    --------
    >>> context_colours(["Sales", "Billing", "Sales", NO_CONTEXT])
    {'Billing': '#4e79a7', 'Sales': '#f28e2b', '(no context)': '#e6e6e6'}
    """
    given = set(contexts)
    named = sorted(given - {NO_CONTEXT})
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(named)}
    if NO_CONTEXT in given:
        colours[NO_CONTEXT] = NO_CONTEXT_COLOUR
    return colours


def text_colour(fill: str) -> str:
    """Dark or light text, whichever reads on a ``#rrggbb`` fill.

    Examples
    --------
    >>> text_colour("#4e79a7"), text_colour("#d9d9d9")
    ('#ffffff', '#111111')
    """
    short = svg_text_colour(fill)  # Graphviz wants the six-digit form
    return "#" + "".join(c * 2 for c in short[1:])


def node_tooltip(name: str, data: Mapping[str, Any]) -> str:
    """Plain text describing a node of a dependency or collapsed graph.

    Examples
    --------
    >>> node_tooltip("order", {"context": "Sales", "team": "t1", "kind": "business"})
    'order\\ncontext: Sales\\nteam: t1\\nkind: business'
    >>> node_tooltip("Sales", {"type": "context", "context": "Sales", "services": ("a", "b"),
    ...                        "internal_calls": 1})
    'Sales: 2 services, 1 call inside\\na, b'
    """
    if data.get("type") == "context":
        services = list(data.get("services", ()))
        inside = int(data.get("internal_calls", 0))
        shown = ", ".join(services[:30]) + (
            f", ... ({len(services) - 30} more)" * (len(services) > 30)
        )
        return (
            f"{data.get('context', name)}: {plural(len(services), 'service')}, "
            f"{plural(inside, 'call')} inside\n{shown}"
        )
    lines = [name]
    for key in ("context", "team", "kind", "exposure"):
        if data.get(key):
            lines.append(f"{key}: {data[key]}")
    return "\n".join(lines)


def edge_tooltip(source: str, target: str, data: Mapping[str, Any]) -> str:
    """Plain text describing an edge: its ends, then :func:`edge_summary`.

    Examples
    --------
    >>> edge_tooltip("a", "b", {"sync": False, "protocol": "async", "topic": "orders"})
    'a → b: async via orders'
    """
    return f"{source} → {target}: {edge_summary(data)}"


def edge_summary(data: Mapping[str, Any]) -> str:
    """An edge's protocol or topic, or how many calls it stands for when collapsed.

    Examples
    --------
    >>> edge_summary({"sync": True, "protocol": "grpc", "hard": True})
    'grpc call'
    >>> edge_summary({"sync": True, "protocol": "rest", "hard": False})
    'rest call (soft: works without it)'
    >>> edge_summary({"calls": 3, "sync_calls": 2, "async_calls": 1, "sync": True})
    '3 calls (2 sync, 1 async)'
    """
    calls = int(data.get("calls", 1))
    if calls > 1 or ("sync_calls" in data and not data.get("protocol")):
        parts = [
            f"{data['sync_calls']} sync" if data.get("sync_calls") else "",
            f"{data['async_calls']} async" if data.get("async_calls") else "",
        ]
        return f"{plural(calls, 'call')} ({', '.join(p for p in parts if p)})"
    if data.get("sync", True) is False:
        topic = data.get("topic")
        return f"async via {topic}" if topic else "async"
    soft = "" if data.get("hard", True) else " (soft: works without it)"
    return f"{data.get('protocol') or 'sync'} call{soft}"


def plural(n: int, noun: str) -> str:
    """``n`` and the noun, in the plural unless there is one.

    Examples
    --------
    >>> plural(1, "call"), plural(3, "call")
    ('1 call', '3 calls')
    """
    return f"{n} {noun}" + ("" if n == 1 else "s")
