"""Static SVG of the context map and the service dependency graph, for notebooks and the PDF.

Graphviz lays them out when it is installed (``dot -Tsvg``, run with a timeout;
dot's layers, or a force-directed layout for large dense graphs: see
:func:`~designkit.render.dot.engine_for`); otherwise, or if it fails or times
out, :func:`~designkit.render.svg.layered_svg` draws them in pure Python and the
SVG's ``<desc>`` says why. Either way the output is deterministic: Graphviz's XML
prolog and comments (which carry its version) are stripped, and its generated
ids in ``<title>`` become the names they stand for.

Dependency graphs of more than :data:`~designkit.analysis.context_map.COLLAPSE_ABOVE`
services are drawn collapsed to bounded contexts unless told otherwise; ``expand``
opens some contexts into their services and ``context`` draws one context's
services with the contexts they talk to.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from html import escape, unescape

import networkx as nx

from ..analysis.context_map import (
    collapse_by_context,
    context_map_graph,
    contexts_of,
    focus_context,
    should_collapse,
)
from ..analysis.graph import dependency_graph
from ..errors import DesignKitError
from ..model import Design
from . import dot as dotlang
from .graph_style import context_colours, edge_summary, plural
from .svg import Svg, layered_svg

__all__ = [
    "DOT_TIMEOUT_S",
    "GraphvizError",
    "StaticGraph",
    "context_map_svg",
    "dependency_svg",
    "find_dot",
    "render_dot",
]

DOT_TIMEOUT_S = 30.0
"""Seconds ``dot`` may take before the pure-Python layout is used instead."""

_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)
_TITLE = re.compile(r"<title>([^<]*)</title>")


class GraphvizError(DesignKitError):
    """``dot`` is missing, failed or timed out (the drawings then fall back)."""


class StaticGraph(Svg):
    """SVG text that Jupyter shows as a picture, with a short, stable plain-text form.

    The plain text names what is drawn, not how (Graphviz or the fallback), so
    notebook outputs compare equal (nbval) whichever drew it.
    """

    summary: str

    def __new__(cls, svg: str, summary: str) -> StaticGraph:
        obj = super().__new__(cls, svg)
        obj.summary = summary
        return obj

    def __repr__(self) -> str:
        return f"<static graph {self.summary}>"


def find_dot() -> str | None:
    """Path of Graphviz's ``dot`` on PATH, or None."""
    return shutil.which("dot")


def render_dot(source: str, *, engine: str = "dot", timeout: float = DOT_TIMEOUT_S) -> str:
    """Run ``dot -Tsvg`` (with layout ``engine``) on DOT ``source``; return the SVG
    without its prolog or comments.

    Raises :class:`GraphvizError` saying why when dot is missing, fails or times out.

    Examples
    --------
    >>> svg = render_dot("digraph { a -> b }")  # doctest: +SKIP
    >>> svg.startswith("<svg")  # doctest: +SKIP
    True
    """
    exe = find_dot()
    if exe is None:
        raise GraphvizError("Graphviz dot was not found on PATH")
    try:
        proc = subprocess.run(
            [exe, f"-K{engine}", "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"Graphviz dot did not finish within {timeout:g} s") from None
    except OSError as exc:
        raise GraphvizError(f"cannot run {exe}: {exc.strerror}") from None
    if proc.returncode != 0 or not proc.stdout:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise GraphvizError(f"Graphviz dot failed (exit {proc.returncode}): {''.join(tail)}")
    return _PROLOG.sub("", proc.stdout.decode("utf-8")).strip()


def _finish(svg: str, desc: str) -> Svg:
    """Scale to the page width in reports, and say how the drawing was made."""
    head_end = svg.index(">", svg.index("<svg")) + 1
    head = svg[:head_end].replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
    return Svg(f"{head}\n<desc>{escape(desc)}</desc>{svg[head_end:]}")


def _with_titles(svg: str, titles: dict[str, str]) -> str:
    def name(match: re.Match[str]) -> str:
        raw = unescape(match.group(1))
        return f"<title>{escape(titles.get(raw, raw), quote=False)}</title>"

    return _TITLE.sub(name, svg)


def _draw(
    dot: dotlang.Dot, fallback: nx.DiGraph[str], timeout: float, **fallback_options: object
) -> tuple[Svg, str | None]:
    """The dot drawing, or the layered one and the reason dot was not used."""
    try:
        svg = render_dot(dot.source, engine=dot.engine, timeout=timeout)
    except GraphvizError as exc:
        reason = str(exc)
        drawn = layered_svg(fallback, **fallback_options)  # type: ignore[arg-type]
        return _finish(drawn, f"Drawn without Graphviz ({reason}): a simpler layout."), reason
    how = f"Drawn with Graphviz {dot.engine}."
    return _finish(_with_titles(svg, dot.titles), how), None


def context_map_svg(
    design: Design, *, title: str = "Context map", timeout: float = DOT_TIMEOUT_S
) -> StaticGraph:
    """The context map: bounded contexts coloured core/supporting/generic, each
    relationship labelled the Context Mapper way (U/D ends with OHS, PL, CF, ACL;
    Partnership, Shared Kernel, Customer/Supplier, Separate Ways).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "contexts": [{"name": "Sales", "kind": "core"}, {"name": "Billing"}],
    ...     "context_map": [{"upstream": "Sales", "downstream": "Billing",
    ...                      "upstream_roles": ["open-host-service"]}]})
    >>> svg = context_map_svg(d)
    >>> svg.startswith("<svg") and "Sales" in svg and "OHS" in svg
    True
    """
    graph = context_map_graph(design)
    drawn, reason = _draw(
        dotlang.context_map_dot(graph, title),
        graph,
        timeout,
        group="kind",
        title=title or None,
        edge_style=lambda d: (
            "" if d.get("sync", True) else "dk-async",
            ": " + "; ".join(r.text or "upstream-downstream" for r in d["relations"]),
        ),
    )
    relations = sum(len(graph.edges[e]["relations"]) for e in graph.edges)
    summary = (
        f"{title!r}: {plural(graph.number_of_nodes(), 'context')}, "
        f"{plural(relations, 'relationship')}"
    )
    if reason is None:
        return StaticGraph(drawn, summary)
    # The layered legend's line samples mean "a relationship" and "separate ways" here.
    drawn = Svg(
        drawn.replace(">sync</text>", ">relationship</text>").replace(
            ">async</text>", ">separate ways</text>"
        )
    )
    notes = [
        f"{u} → {v}: {r.text}" if not r.symmetric else f"{u} — {v}: {r.name}"
        for u, v in sorted(graph.edges)
        for r in graph.edges[u, v]["relations"]
    ]
    return StaticGraph(_append_lines(drawn, notes), summary)


def _append_lines(svg: Svg, lines: list[str]) -> Svg:
    """Write ``lines`` under a layered drawing (it has no room for labels on its edges)."""
    match = re.search(r'viewBox="0 0 (\d+) (\d+)" width="(\d+)" height="(\d+)"', svg)
    if not match or not lines:
        return svg
    width, height = int(match.group(1)), int(match.group(2))
    grown = height + 16 * len(lines) + 8
    box = f'viewBox="0 0 {width} {grown}" width="{width}" height="{grown}"'
    text = "".join(
        f'<text x="20" y="{height + 14 + 16 * i}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    out = svg.replace(match.group(0), box, 1)
    return Svg(out[: out.rindex("</svg>")] + text + "\n</svg>")


def dependency_svg(
    design: Design,
    *,
    collapse: bool | None = None,
    expand: Iterable[str] = (),
    context: str | None = None,
    title: str = "Service dependencies",
    timeout: float = DOT_TIMEOUT_S,
) -> StaticGraph:
    """The service dependency graph: services coloured and boxed by bounded context,
    solid arrows for synchronous calls, dashed ones for messages through a topic.

    Parameters
    ----------
    design : Design
    collapse : bool, optional
        One node per bounded context (edges labelled with the calls they stand
        for). By default only above ``COLLAPSE_ABOVE`` services.
    expand : iterable of str
        Contexts to show as their services in the collapsed view (drill-down).
    context : str, optional
        Draw only this context's services and the contexts they talk to.
    title, timeout
        The drawing's title; seconds dot may take before the fallback is used.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "contexts": [{"name": "S"}],
    ...     "services": [{"name": "a", "context": "S", "dependencies": [{"target": "b"}]},
    ...                  {"name": "b", "context": "S"}]})
    >>> svg = dependency_svg(d)
    >>> "<title>a → b: rest call</title>" in svg
    True
    >>> "2 services" in dependency_svg(d, collapse=True)
    True
    """
    full = dependency_graph(design)
    colours = context_colours(contexts_of(full))
    opened = list(expand)
    if context is not None:
        graph = focus_context(full, context)
        title = f"{title}: {context}" if title else ""
    elif opened or should_collapse(full, collapse):
        graph = collapse_by_context(full, expand=opened)
    else:
        graph = full
    drawn, _ = _draw(
        dotlang.dependency_dot(graph, colours, title),
        graph,
        timeout,
        group="context",
        title=title or None,
        edge_style=_fallback_edge,
    )
    return StaticGraph(
        drawn,
        f"{title!r}: {plural(graph.number_of_nodes(), 'node')}, "
        f"{plural(graph.number_of_edges(), 'edge')}",
    )


def _fallback_edge(data: dict[str, object]) -> tuple[str, str]:
    css = "dk-async" if data.get("sync", True) is False else ""
    if not css and data.get("hard", True) is False:
        css = "dk-soft"
    return css, ": " + edge_summary(data)
