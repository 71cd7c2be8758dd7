"""Phase 1: decomposition sliders; the candidate cut follows at once.

One priority slider per coupling criterion (Service Cutter's IGNORE ... XXL
scale), an algorithm menu and a number of services (0: best modularity). The
design is scored once; a slider move only re-weighs and re-clusters
(:meth:`~designkit.analysis.decomposition.Coupling.decompose`) and re-renders
the tables and the drawing from :mod:`designkit.render.decomposition`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..analysis.decomposition import (
    ALGORITHMS,
    CRITERIA,
    DEFAULT_ALGORITHM,
    DEFAULT_PRIORITIES,
    PRIORITY_SCALE,
    ContextComparison,
    Coupling,
    Decomposition,
    compare_with_contexts,
)
from ..model import Design
from ..render import decomposition as tables
from ._output import show

__all__ = ["DecompositionPanel"]


class DecompositionPanel:
    """Sliders for the 16 criteria, the algorithm and the number of services.

    ``result`` and ``comparison`` hold the latest cut and its comparison with
    the design's bounded contexts; the design itself is never modified.
    """

    def __init__(self, design: Design, *, show_svg: bool = True) -> None:
        self.design = design
        self.coupling = Coupling(design)
        self.show_svg = show_svg
        style = {"description_width": "16em"}
        layout = w.Layout(width="34em")
        self.sliders: dict[str, w.SelectionSlider] = {
            c.key: w.SelectionSlider(
                options=list(PRIORITY_SCALE),
                value=DEFAULT_PRIORITIES[c.key],
                description=c.name,
                tooltip=f"{c.code} ({c.kind}): {c.source}",
                style=style,
                layout=layout,
                continuous_update=False,
            )
            for c in CRITERIA
        }
        self.algorithm = w.Dropdown(
            options=list(ALGORITHMS), value=DEFAULT_ALGORITHM, description="Algorithm", style=style
        )
        self.services = w.BoundedIntText(
            value=0,
            min=0,
            max=max(1, len(self.coupling.scores.inputs.names)),
            description="Services (0: best modularity)",
            style=style,
        )
        self.output = w.Output()
        self.result: Decomposition | None = None
        self.comparison: ContextComparison | None = None
        for control in [*self.sliders.values(), self.algorithm, self.services]:
            control.observe(lambda _change: self.update(), names="value")
        groups = {
            kind: w.VBox([self.sliders[c.key] for c in CRITERIA if c.kind == kind])
            for kind in ("cohesiveness", "compatibility", "constraint")
        }
        accordion = w.Accordion(children=list(groups.values()))
        for i, kind in enumerate(groups):
            accordion.set_title(i, f"{kind} criteria")
        self.widget = w.VBox([accordion, w.HBox([self.algorithm, self.services]), self.output])
        self.update()

    def priorities(self) -> dict[str, str]:
        """The sliders' current levels by criterion key."""
        return {key: slider.value for key, slider in self.sliders.items()}

    def update(self) -> Decomposition:
        """Cut again for the current controls and re-render the tables."""
        self.result = self.coupling.decompose(
            self.priorities(),
            algorithm=self.algorithm.value,
            n=self.services.value or None,
        )
        self.comparison = compare_with_contexts(self.design, self.result)
        shown: list[Any] = [tables.candidates(self.result)]
        if self.show_svg:
            shown.append(tables.cut_svg(self.result))
        shown += [
            tables.explanations(self.result),
            tables.cut_ties(self.result, limit=15),
            tables.comparison(self.comparison),
        ]
        show(self.output, *shown)
        return self.result

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
